"""The compliance rate never hides undecided results (pass ÷ (pass + fail + missing_data)), the
undecided results are counted by cause beside it, and a question no case could be decided for
because the export lacks its columns is named at the top of the terminal and HTML reports."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from typer.testing import CliRunner

from piis_audit.cli.app import app
from piis_audit.engine.checklists import load_checklist
from piis_audit.model import Verdict, compliance_rate

runner = CliRunner()

# Most columns unrecognised: only the case id, the decision and a few steps are read.
FEW_COLUMNS = ("case_id;ri_decision_date;Remarque signature;social_balance_date;signed_beneficiary\r\n"
               "A1;02/12/2024;10/12/2024;05/12/2024;oui\r\n"
               "A2;03/12/2024;11/12/2024;05/12/2024;oui\r\n")


def _few_columns(tmp_path: Path) -> Path:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "cases.csv").write_bytes(FEW_COLUMNS.encode("cp1252"))
    return folder


def run(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stdout


@pytest.mark.parametrize(("counts", "rate"), [
    ({Verdict.PASS: 3, Verdict.FAIL: 1}, 0.75),
    ({Verdict.PASS: 3, Verdict.FAIL: 1, Verdict.MISSING_DATA: 4}, 3 / 8),
    ({Verdict.PASS: 3, Verdict.PENDING: 5, Verdict.NOT_APPLICABLE: 9}, 1.0),
    ({Verdict.MISSING_DATA: 2}, 0.0),
    ({Verdict.PENDING: 2, Verdict.NOT_APPLICABLE: 1}, None),
])
def test_the_rate_counts_missing_data_against_it(counts: dict[Verdict, int], rate: float | None) -> None:
    assert compliance_rate(counts) == rate


@pytest.mark.parametrize(("lang", "title", "undecided"), [
    ("fr", "Attention : points qui n'ont pu être tranchés pour aucun dossier", "Non tranchés"),
    ("nl", "Let op: punten die voor geen enkel dossier beslist konden worden", "Niet beslist"),
    ("en", "Warning: questions that could not be decided for any case", "Not decided"),
])
def test_terminal_opens_with_the_undecidable_questions(tmp_path: Path, lang: str, title: str,
                                                       undecided: str) -> None:
    code, out = run("audit", _few_columns(tmp_path), "--as-of", "2025-06-01", "--lang", lang)
    assert code == 0  # --fail-on fail (the default) counts fails only, as documented
    assert "100,0 %" not in out
    lines = out.splitlines()
    assert title in "\n".join(lines[:5]), lines[:8]
    banner = "\n".join(lines[:40])
    first = load_checklist().questions[0]
    assert f"1. {first.title[lang]}" in banner and "piis_signed_date" in banner and "(social-balance)" not in banner
    assert re.search(rf"{undecided}[^\n]*\d+", out)
    # The questions a missing column decides are missing_data, and count against the rate.
    assert re.search(r"1\. [^\n]*\s+0\s+0\s+0\s+0\s+2\s+0,0 %", out), out  # question 1, by number


def test_fail_on_missing_data_exits_1_on_such_an_export(tmp_path: Path) -> None:
    code, _ = run("audit", _few_columns(tmp_path), "--as-of", "2025-06-01", "--fail-on", "missing_data")
    assert code == 1


def test_json_counts_the_undecided_by_cause(tmp_path: Path) -> None:
    _, out = run("audit", _few_columns(tmp_path), "--as-of", "2025-06-01", "--format", "json")
    summary = json.loads(out)["summary"]
    balance = summary["questions"]["social-balance"]
    assert balance["compliance_rate"] == 0.0
    assert balance["missing_data_by_cause"] == {"no_column": 2, "empty": 0, "invalid": 0}
    assert summary["compliance_rate"] == 0.0
    assert summary["missing_data_by_cause"]["no_column"] == summary["verdicts"]["missing_data"]


@pytest.mark.parametrize(("lang", "title"), [
    ("fr", "Attention : points qui n'ont pu être tranchés pour aucun dossier"),
    ("nl", "Let op: punten die voor geen enkel dossier beslist konden worden"),
    ("en", "Warning: questions that could not be decided for any case"),
])
def test_html_opens_with_the_undecidable_questions(tmp_path: Path, lang: str, title: str) -> None:
    target = tmp_path / "report.html"
    run("audit", _few_columns(tmp_path), "--as-of", "2025-06-01", "--lang", lang, "-o", target, "--quiet")
    html = unescape(target.read_text(encoding="utf-8"))
    body = html[html.index("<main"):]
    banner = body.index('id="undecidable"')
    assert banner < body.index('id="analysis"')
    assert title in body[banner:body.index('id="analysis"')]
    first = load_checklist().questions[0]  # question 1, by its number and title
    assert f"1. {first.title[lang]}" in body[banner:body.index('id="analysis"')]
    assert "100,0 %" not in html


def test_demo_has_no_banner_and_shows_the_undecided_beside_the_rate() -> None:
    code, out = run("audit", "--lang", "en")
    assert code == 1
    assert "could not be decided for any case" not in out
    assert re.search(r"Overall compliance: \d+,\d %.*Not decided \(missing data\): 31 \(28 empty, 3 unreadable\)",
                     re.sub(r"\s+", " ", out)), out
