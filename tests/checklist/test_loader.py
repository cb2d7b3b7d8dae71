"""The checklist loader: the bundled checklist is valid; every problem of a broken one is
reported with its line number."""

from __future__ import annotations

import pytest

from piis_audit.checklist.loader import ChecklistError, bundled_checklist_path
from piis_audit.engine.checklists import load_checklist, parse_checklist

REPORT_JSON_IDS = ["social-balance", "deadline", "mandatory-mentions", "student-mentions", "signatures",
                   "absence-motivated", "evaluations", "sanctions", "increased-subsidy",
                   "alimony-investigation", "alimony-recovery-decision"]


def bundled_text() -> str:
    return bundled_checklist_path().read_text(encoding="utf-8")


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    seen = 0
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in text")


def problems(text: str) -> list[tuple[int, str]]:
    with pytest.raises(ChecklistError) as info:
        parse_checklist(text, "broken.yaml")
    return [(p.line, p.message) for p in info.value.problems]


def test_bundled_checklist_has_the_eleven_questions() -> None:
    checklist = load_checklist()
    assert [q.id for q in checklist.questions] == REPORT_JSON_IDS
    for q in checklist.questions:
        assert set(q.title) == {"fr", "nl", "en"} and all(q.title.values())
        assert q.legal_basis and q.remediation["fr"]


def test_unknown_kind_is_reported_at_its_line() -> None:
    text = bundled_text().replace("kind: signatures", "kind: signaturez", 1)
    found = problems(text)
    assert (line_of(text, "kind: signaturez"), found[0][1]) == found[0]
    assert "signaturez" in found[0][1] and "known:" in found[0][1]


def test_missing_translation_is_reported() -> None:
    text = bundled_text()
    target = line_of(text, 'nl: "Werd het ondertekend door de partijen?"')
    lines = text.splitlines()
    del lines[target - 1]
    found = problems("\n".join(lines))
    assert any("title" in m and "nl" in m for _, m in found)


def test_bad_expression_names_its_line() -> None:
    text = bundled_text().replace('applies_if: "piis_concluded"', 'applies_if: "piis_conclude"', 1)
    found = problems(text)
    assert found == [(line_of(text, 'applies_if: "piis_conclude"'), found[0][1])]
    assert "unknown name(s) piis_conclude" in found[0][1]


@pytest.mark.parametrize("expression", ["__import__('os').system('true')", "piis_type.upper()",
                                        "open('/etc/passwd')", "[x for x in (1, 2)]"])
def test_unsafe_expressions_are_refused(expression: str) -> None:
    text = bundled_text().replace('applies_if: "piis_concluded"', f'applies_if: "{expression}"', 1)
    assert problems(text)


def test_yaml_syntax_error_has_a_line() -> None:
    text = bundled_text().replace("severity: critical", "severity: [critical", 1)
    found = problems(text)
    assert len(found) == 1 and found[0][0] >= line_of(text, "severity: [critical")
    assert "YAML syntax" in found[0][1]


def test_duplicate_key_is_refused() -> None:
    text = bundled_text().replace("    severity: critical\n", "    severity: critical\n    severity: minor\n", 1)
    found = problems(text)
    assert found and "appears twice" in found[0][1]


def test_wrong_parameter_type_and_unknown_parameter() -> None:
    text = bundled_text().replace("reflection_days: 5", "reflection_days: five\n      reflection_hours: 2", 1)
    found = problems(text)
    messages = " | ".join(m for _, m in found)
    assert "'reflection_days' = 'five' is not a whole number" in messages
    assert "unknown parameter 'reflection_hours'" in messages
    assert {line for line, _ in found} == {line_of(text, "reflection_days: five"),
                                          line_of(text, "reflection_hours: 2")}


def test_global_parameter_without_source() -> None:
    text = bundled_text()
    start = line_of(text, "  adult_age:")
    lines = text.splitlines()
    assert lines[start + 1].strip().startswith("source:")
    del lines[start + 1]
    found = problems("\n".join(lines))
    assert any(line == start and "source" in m for line, m in found)


def test_depends_on_unknown_question() -> None:
    text = bundled_text().replace("    kind: signatures\n", "    kind: signatures\n    depends_on: [nope]\n", 1)
    found = problems(text)
    assert any("depends_on 'nope'" in m for _, m in found)


def test_all_problems_are_reported_at_once() -> None:
    text = (bundled_text().replace("kind: signatures", "kind: nope", 1)
            .replace("severity: major", "severity: huge", 1))
    found = problems(text)
    assert len(found) >= 2
    assert [line for line, _ in found] == sorted(line for line, _ in found)


@pytest.mark.parametrize(("source", "values", "expected"), [
    ("piis_concluded", {"piis_concluded": True}, True),
    ("not exempted and piis_mandatory", {"exempted": False, "piis_mandatory": True}, True),
    ("not exempted and piis_mandatory", {"exempted": True}, False),  # short-circuit: never asks piis_mandatory
    ("piis_type == 'student'", {"piis_type": "student"}, True),
    ("piis_type != 'student' or third_party", {"piis_type": "student", "third_party": ""}, ""),
    ("age >= 25", {"age": 24}, False),
    ("category in (2, 3)", {"category": 3}, True),
    ("len(third_party) > 3", {"third_party": "Forem"}, True),  # a call
    ("age + 1 > 25", {"age": 25}, True),  # arithmetic
])
def test_compiled_conditions_and_simpleeval_agree(source: str, values: dict[str, object], expected: object) -> None:
    """A condition compiled to polars gives, on a one-case frame, what simpleeval gives."""
    import polars as pl
    from simpleeval import EvalWithCompoundTypes

    from piis_audit.checklist.expressions import EXPRESSION_NAMES, compile_expression
    from piis_audit.engine.columnar.expressions import ExpressionCompiler, truthy
    from piis_audit.frames import ExportFrames

    expression = compile_expression(source, EXPRESSION_NAMES)
    frame = pl.DataFrame({"_case": [0], **{name: [value] for name, value in values.items()}})
    # a name it never needs (and/or short-circuit) is unknown: null, which must not matter
    frame = frame.with_columns(pl.lit(None, dtype=pl.Boolean).alias(n) for n in expression.names - set(values))
    frames = ExportFrames({"cases": frame}, {"cases": frozenset(values)})
    node = ExpressionCompiler(frames).compile(expression)
    got = frame.select(truthy(node)).item()
    reference = EvalWithCompoundTypes(names=dict(values), functions={"len": len}).eval(source)
    assert got == bool(expected) == bool(reference)


def test_a_checklist_without_its_parameters_section_names_each_one_at_a_real_line() -> None:
    """Every missing parameter is reported, each at a line of the file (where the checklist starts
    when the whole ``parameters:`` section is missing), never at line 0."""
    lines = bundled_text().splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("parameters:"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i][:1].isalpha())
    named = [line.split(":")[0].strip() for line in lines[start + 1:end]
             if line.startswith("  ") and not line.startswith("   ") and line.strip().endswith(":")]
    text = "".join(lines[:start] + lines[end:])
    found = problems(text)
    missing = [m for _, m in found if m.endswith("is missing")]
    assert sorted(missing) == sorted(f"parameter '{name}' is missing" for name in named) and len(named) >= 5
    assert {line for line, m in found if m.endswith("is missing")} == {line_of(text, "id: spp-is-piis")}
