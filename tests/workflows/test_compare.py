"""compare OLD.json NEW.json on JSON written by the real JSON format, checked row by row."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from piis_audit.engine.checklists import load_checklist
from piis_audit.formats.interface import FormatOptions
from piis_audit.formats.json import JsonFormat
from piis_audit.inputs.errors import InputError
from piis_audit.model import AuditReport, Verdict, Waiver
from piis_audit.workflows.compare import Comparison, compare_reports, comparison_document, read_report
from workflow_builders import R, make_checklist, make_report

OLD = [
    R("D1", "deadline", Verdict.FAIL, "late", worker="A. Dupont"),
    R("D2", "evaluations", Verdict.PENDING, "behind", worker="B. Peeters"),
    R("D3", "deadline", Verdict.FAIL, "not_concluded", worker="B. Peeters"),
]
NEW = [
    R("D1", "deadline", Verdict.FAIL, "late", worker="A. Dupont"),  # unchanged
    R("D2", "evaluations", Verdict.FAIL, "behind", worker="B. Peeters"),  # pending -> fail: new
    R("D4", "alimony-recovery-decision", Verdict.MISSING_DATA, "common.missing.empty", worker="A. Dupont"),  # new, not a fail
    # D3 fixed: resolved
]


def _write(tmp_path: Path, name: str, report: AuditReport, lang: str = "en") -> Path:
    path = tmp_path / name
    path.write_bytes(JsonFormat().render(report, FormatOptions(lang=lang)))
    return path


def _compare(tmp_path: Path, old: AuditReport, new: AuditReport, new_lang: str = "en") -> Comparison:
    return compare_reports(read_report(_write(tmp_path, "old.json", old)),
                           read_report(_write(tmp_path, "new.json", new, new_lang)))


def test_new_and_resolved_row_by_row(tmp_path: Path) -> None:
    c = _compare(tmp_path, make_report(OLD), make_report(NEW, case_order=["D4", "D2", "D1"]))
    assert [(f.case_id, f.question, f.verdict, f.social_worker) for f in c.new_findings] == [
        ("D4", "alimony-recovery-decision", "missing_data", "A. Dupont"),
        ("D2", "evaluations", "fail", "B. Peeters"),
    ]
    assert [(f.case_id, f.question, f.verdict) for f in c.resolved_findings] == [
        ("D3", "deadline", "fail"), ("D2", "evaluations", "pending")]
    assert c.unchanged == 1
    assert [(b.name, b.new, b.new_fails, b.resolved) for b in c.per_question()] == [
        ("alimony-recovery-decision", 1, 0, 0), ("deadline", 0, 0, 1), ("evaluations", 1, 1, 1)]
    assert [(b.name, b.new, b.new_fails, b.resolved) for b in c.per_social_worker()] == [
        ("A. Dupont", 1, 0, 0), ("B. Peeters", 1, 1, 2)]
    assert c.exit_status() == 1


def test_nothing_new_failing_exits_zero_even_with_new_missing_data(tmp_path: Path) -> None:
    new = [OLD[0], OLD[1], R("D4", "alimony-recovery-decision", Verdict.MISSING_DATA, "common.missing.empty")]
    c = _compare(tmp_path, make_report(OLD), make_report(new))
    assert [f.case_id for f in c.new_findings] == ["D4"]
    assert c.exit_status() == 0


def test_language_of_the_reports_does_not_matter(tmp_path: Path) -> None:
    c = _compare(tmp_path, make_report(OLD), make_report(OLD), new_lang="nl")
    assert c.new_findings == [] and c.resolved_findings == [] and c.unchanged == 3
    assert c.notes == []


def test_a_new_waived_fail_does_not_fail(tmp_path: Path) -> None:
    new = make_report([*OLD, R("D9", "deadline", Verdict.FAIL, "late")])
    cr = new.cases[-1]
    r = dataclasses.replace(cr.result("deadline"),
                            waiver=Waiver("D9", "deadline", "j", "a", dt.date(2030, 1, 1)))
    new = dataclasses.replace(new, cases=(*new.cases[:-1], dataclasses.replace(cr, results=(r, *cr.results[1:]))))
    c = _compare(tmp_path, make_report(OLD), new)
    assert [(f.case_id, f.waived) for f in c.new_findings] == [("D9", True)]
    assert c.exit_status() == 0


def test_other_checklist_version_is_noted(tmp_path: Path) -> None:
    c = _compare(tmp_path, make_report(OLD, checklist=make_checklist("2025.01")), make_report(OLD))
    assert [key for key, _ in c.notes] == ["workflows.compare.other_checklist"]


def test_json_document(tmp_path: Path) -> None:
    doc = comparison_document(_compare(tmp_path, make_report(OLD), make_report(NEW)))
    assert doc["counts"] == {"new": 2, "new_fails": 1, "resolved": 2, "unchanged": 1}
    assert doc["exit_status"] == 1
    assert doc["per_social_worker"][1] == {"social_worker": "B. Peeters", "new": 1, "new_fails": 1,
                                           "resolved": 2}
    assert doc["new_findings"][1]["reason_key"] == "behind"


@pytest.mark.parametrize("content", ["{", "[]", '{"cases": "x"}', '{"cases": [{"results": []}]}'])
def test_unreadable_or_foreign_files_are_input_errors(tmp_path: Path, content: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError):
        read_report(path)


def test_report_without_reason_key_falls_back_to_text_and_says_so(tmp_path: Path) -> None:
    path = _write(tmp_path, "old.json", make_report(OLD))
    data = json.loads(path.read_text(encoding="utf-8"))
    for case in data["cases"]:
        for result in case["results"]:
            result.pop("reason_key", None)
    path.write_text(json.dumps(data), encoding="utf-8")
    c = compare_reports(read_report(path), read_report(path))
    assert c.unchanged == 3 and c.new_findings == []
    assert [key for key, _ in c.notes] == ["workflows.compare.no_reason_key"] * 2


def test_each_change_is_one_line_with_the_question_by_number_and_title(tmp_path: Path) -> None:
    """At 80 columns on a terminal each new or resolved finding takes one line, cut at the width,
    and names the question as people read it (its number and title), not by its id."""
    from rich.console import Console

    from piis_audit.cli.compare import print_comparison

    c = _compare(tmp_path, make_report(OLD), make_report(NEW, case_order=["D4", "D2", "D1"]))
    for terminal in (True, False):
        console = Console(width=80, force_terminal=terminal, record=True, highlight=False)
        print_comparison(c, "fr", console)
        lines = console.export_text().splitlines()
        changes = [line for line in lines if line.startswith(("+ ", "- "))]
        assert [line[:5] for line in changes] == ["+ D4 ", "+ D2 ", "- D3 ", "- D2 "]
        titles = {q.id: q.title["fr"] for q in load_checklist(None).questions}
        numbers = {q: n for n, q in enumerate(c.new.checklist_summary["questions"], start=1)}
        for f, line in zip([*c.new_findings, *c.resolved_findings], changes):
            label = f"{numbers[f.question]}. {titles[f.question]}"
            assert label in line or (terminal and label[:30] in line)  # a terminal line may be cut after it
        if terminal:
            assert max(len(line) for line in lines) <= 80
