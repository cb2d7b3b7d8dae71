"""The engine over whole exports: one result per case per question in checklist order, columns the
export lacks collected once, the same verdicts on every run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from piis_audit.engine.checklists import load_checklist
from piis_audit.checklist.model import Checklist
from piis_audit.demo import DEMO_AS_OF, DEMO_EXPORT_DIR
from piis_audit.engine.runner import run_audit
from piis_audit.inputs.loader import load_export
from piis_audit.questions.reads import question_reads
from piis_audit.model import Verdict

CASES_HEADER = ("case_id;birth_date;ri_decision_date;ri_category;piis_signed_date;piis_type;"
                "subsidy_increase_claimed")


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    return load_checklist()


def _export(tmp_path: Path, rows: list[str], header: str = CASES_HEADER) -> Path:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "cases.csv").write_text("\n".join([header, *rows]) + "\n", encoding="cp1252")
    return folder


def test_every_case_gets_one_result_per_question_in_checklist_order(checklist: Checklist) -> None:
    export = load_export([DEMO_EXPORT_DIR])
    report = run_audit(export, checklist, DEMO_AS_OF)
    ids = [q.id for q in checklist.questions]
    assert len(report.cases) == len(export.cases) > 100
    for cr in report.cases:
        assert [r.question for r in cr.results] == ids
    verdicts = {r.verdict for cr in report.cases for r in cr.results}
    assert verdicts == set(Verdict)  # the demo reaches all five verdicts


def test_two_runs_give_the_same_results(checklist: Checklist) -> None:
    export = load_export([DEMO_EXPORT_DIR])
    first = run_audit(export, checklist, DEMO_AS_OF)
    second = run_audit(export, checklist, DEMO_AS_OF)
    assert [cr.results for cr in first.cases] == [cr.results for cr in second.cases]


def test_missing_columns_name_what_each_question_lacked(tmp_path: Path, checklist: Checklist) -> None:
    # No subsidy_increase_start_date column, and a claimed increase: the subsidy question cannot be
    # decided and says which column it needed; the export has no evaluations table either.
    export = load_export([_export(tmp_path, [
        "C1;01/01/1990;02/01/2024;isolated;15/02/2024;work;oui",
        "C2;01/01/1990;02/01/2024;isolated;;work;non",
    ])])
    report = run_audit(export, checklist, dt.date(2026, 11, 26))
    subsidy = report.cases[0].result("increased-subsidy")
    assert subsidy.verdict is Verdict.MISSING_DATA
    assert subsidy.reason is not None and subsidy.reason.key == "common.missing.no_column"
    assert "subsidy_increase_start_date" in report.missing_columns["increased-subsidy"]
    # Listed once, sorted, whatever the number of cases that needed it.
    for columns in report.missing_columns.values():
        assert list(columns) == sorted(set(columns))
    # Every column a missing_data result names, per question, and also the absent columns the
    # question reads where they did not decide (the subsidy question reads piis_start_date, the
    # end of the RI and the monthly amount too: `piis-audit fields` lists them for it).
    named: dict[str, set[str]] = {}
    for cr in report.cases:
        for r in cr.results:
            if r.reason is not None and r.reason.key == "common.missing.no_column":
                named.setdefault(r.question, set()).update(r.reason.params["fields"])
    assert set(named) <= set(report.missing_columns)
    assert all(named[q] <= set(report.missing_columns[q]) for q in named)
    assert set(report.missing_columns["increased-subsidy"]) == {
        "piis_start_date", "subsidy_increase_start_date", "ri_end_date", "ri_monthly_amount"}
    # A question listed applied to some case; the fields listed are ones it reads.
    for qid, columns in report.missing_columns.items():
        assert any(cr.result(qid).verdict is not Verdict.NOT_APPLICABLE for cr in report.cases), qid
        reads = {name for _, name in question_reads(checklist.by_id[qid])}
        assert set(columns) <= reads, qid
    assert not any(export.has_column(t, c) for cols in report.missing_columns.values() for c in cols
                   for t in ("cases",))
    assert report.cases[1].result("increased-subsidy").verdict is Verdict.NOT_APPLICABLE


def test_a_question_that_does_not_apply_is_not_applicable_without_reading_its_fields(
        tmp_path: Path, checklist: Checklist) -> None:
    # Not a student PIIS: the student question does not apply, even though its fields are absent.
    export = load_export([_export(tmp_path, ["C1;01/01/1990;02/01/2024;isolated;15/02/2024;work;non"])])
    report = run_audit(export, checklist, dt.date(2026, 11, 26))
    student = report.cases[0].result("student-mentions")
    assert student.verdict is Verdict.NOT_APPLICABLE
    assert "student-mentions" not in report.missing_columns
