"""A condition the columnar engine cannot compile is refused when the checklist is loaded and by
``checklist lint``, at its line, although the checklist's own expression checks accept it:
``applies_if`` and a mention's ``when`` alike. polars is imported when a checklist is loaded,
not before."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from piis_audit.checklist import loader
from piis_audit.checklist.expressions import EXPRESSION_NAMES, compile_expression
from piis_audit.checklist.loader import ChecklistError, bundled_checklist_path
from piis_audit.cli.app import app
from piis_audit.engine.checklists import parse_checklist
from piis_audit.questions import KINDS

BUNDLED = bundled_checklist_path().read_text(encoding="utf-8")
SIGNATURES_IF = '    applies_if: "piis_concluded"\n    params:\n      reflection_days'
THIRD_PARTY_WHEN = '{field: mention_third_party_role, when: "third_party"}'

# (condition, what the refusal says): each passes compile_expression, none compiles to columns.
REFUSED = [
    ("age + category > 25", "'age + category' cannot be compiled to columns (arithmetic on two values"),
    ("len(['a', 'b']) > 1", "\"['a', 'b']\" cannot be compiled to columns"),
]


def with_applies_if(condition: str) -> str:
    assert SIGNATURES_IF in BUNDLED
    return BUNDLED.replace(SIGNATURES_IF, SIGNATURES_IF.replace('"piis_concluded"', json.dumps(condition)), 1)


def with_mention_when(condition: str) -> str:
    assert THIRD_PARTY_WHEN in BUNDLED
    return BUNDLED.replace(THIRD_PARTY_WHEN, THIRD_PARTY_WHEN.replace('"third_party"', json.dumps(condition)), 1)


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def problems(text: str) -> list[tuple[int, str]]:
    with pytest.raises(ChecklistError) as caught:
        parse_checklist(text, "bad.yaml")
    return [(p.line, p.message) for p in caught.value.problems]


@pytest.mark.parametrize(("condition", "says"), REFUSED, ids=[c for c, _ in REFUSED])
def test_applies_if_the_engine_cannot_compile_is_refused_at_its_line(condition: str, says: str) -> None:
    compile_expression(condition, EXPRESSION_NAMES)  # the checklist's own checks let it through
    text = with_applies_if(condition)
    line = line_of(text, "applies_if: " + json.dumps(condition))
    found = problems(text)
    assert found == [(line, found[0][1])]
    message = found[0][1]
    assert message.startswith("question 'signatures': applies_if: ") and says in message, message
    assert repr(condition) in message or json.dumps(condition) in message, message


def test_a_mention_condition_the_engine_cannot_compile_is_refused_at_its_line() -> None:
    text = with_mention_when("category * category > 4")
    found = problems(text)
    assert found == [(line_of(text, "mention_third_party_role, when:"), found[0][1])]
    assert found[0][1].startswith("question 'mandatory-mentions': condition: 'category * category' cannot be compiled to columns"), found


def test_the_loader_alone_checks_only_what_it_is_handed() -> None:
    """Without the engine's check the same text loads: the refusal comes from the compiler."""
    text = with_applies_if("age + category > 25")
    checklist = loader.parse_checklist(text, kinds=KINDS)
    assert checklist.by_id["signatures"].applies_if == "age + category > 25"
    seen: list[str] = []
    loader.parse_checklist(BUNDLED, kinds=KINDS, conditions=lambda e: seen.append(e.source))
    assert "piis_concluded" in seen and "third_party" in seen  # applies_if and a mention's when


def test_the_bundled_checklist_compiles() -> None:
    assert len(parse_checklist(BUNDLED).questions) == 11


def test_lint_reports_it_with_its_line_and_exit_2(tmp_path: Path) -> None:
    text = with_applies_if("age + category > 25")
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["checklist", "lint", str(path)])
    assert result.exit_code == 2, result.output
    stderr = " ".join(result.stderr.split())
    line = line_of(text, 'applies_if: "age + category')
    assert f"bad.yaml:{line}: question 'signatures': applies_if:" in stderr
    assert "cannot be compiled to columns" in stderr and "1 problem(s)" in stderr


def test_polars_is_imported_when_a_user_checklist_is_checked_not_before() -> None:
    """The bundled checklist (compiled by test_the_bundled_checklist_compiles) loads without
    polars, so an everyday audit does not pay for the compiler; a checklist named by path is
    compiled, and polars comes in then."""
    probe = ("import sys\nimport piis_audit.cli.app, piis_audit.engine.checklists as c\n"
             "from piis_audit.checklist.loader import bundled_checklist_path\n"
             "before = 'polars' in sys.modules\nc.load_checklist()\nbundled = 'polars' in sys.modules\n"
             "c.load_checklist(bundled_checklist_path())\nprint(before, bundled, 'polars' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False", "True"]
