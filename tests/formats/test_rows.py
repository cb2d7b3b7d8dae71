"""The shared flattening and the --redact step."""

from __future__ import annotations

import dataclasses
import json
import re
import datetime as dt
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from piis_audit.formats.interface import FormatOptions
from piis_audit.formats.rows import REDACTED, prepare, redact, result_rows
from piis_audit.formats.summary import format_rate, overview
from piis_audit.model import AuditReport, Message, Verdict


def test_one_row_per_result_in_case_then_checklist_order(report: AuditReport) -> None:
    rows = list(result_rows(report, "en"))
    assert len(rows) == sum(len(cr.results) for cr in report.cases)
    assert [r.question for r in rows[:4]] == [q.id for q in report.checklist.questions]
    assert [r.case_id for r in rows[::4]] == [cr.case.case_id for cr in report.cases]


def test_row_fields_are_rendered_in_the_language(report: AuditReport) -> None:
    first = next(result_rows(report, "fr"))
    assert first.case_id == "D0001"
    assert first.social_worker == "Alice Dupont" and first.office == "Nord"
    assert first.question_title == "Conclu dans le délai"
    assert first.verdict is Verdict.FAIL and first.verdict_label == "non conforme"
    assert first.reason == "signé le 01/03/2026, 13 jours après l'échéance du 16/02/2026"
    assert first.notes and "30/11/2025" in first.notes[0]
    assert first.due_date == dt.date(2026, 2, 16)
    assert first.legal_basis == ("loi 26/05/2002 art. 11", "circulaire §4.1")
    assert first.baseline == "new"
    assert ("piis_signed_date", "01/03/2026") in first.evidence


def test_waived_and_money(report: AuditReport) -> None:
    rows = list(result_rows(report, "en"))
    waived = [r for r in rows if r.waived]
    assert [(r.case_id, r.question) for r in waived] == [("D0002", "deadline")]
    assert "Head of service" in waived[0].waiver
    money = [r.money_at_risk for r in rows if r.money_at_risk is not None]
    assert sum(money, Decimal(0)) == report.money_at_risk() == Decimal("1445.62")


def test_filters(report: AuditReport) -> None:
    fails = list(result_rows(report, "en", verdicts=(Verdict.FAIL,)))
    assert {r.verdict for r in fails} == {Verdict.FAIL}
    assert len(fails) == report.verdict_totals()[Verdict.FAIL]
    only = list(result_rows(report, "en", questions=("signatures",)))
    assert {r.question for r in only} == {"signatures"} and len(only) == len(report.cases)


def test_hostile_text_is_kept_verbatim_in_rows(report: AuditReport, canned: SimpleNamespace) -> None:
    """Rows hold data, not markup: escaping is each format's job, so nothing is lost here."""
    rows = list(result_rows(report, "en"))
    assert any(r.beneficiary_name == canned.SCRIPT for r in rows)
    assert any(r.social_worker == canned.IMG for r in rows)
    assert any(canned.FORMULA in r.reason for r in rows)


def test_redact_removes_personal_fields_extra_columns_and_personal_evidence(report: AuditReport,
                                                                           canned: SimpleNamespace) -> None:
    red = redact(report)
    for cr in red.cases:
        assert cr.case.values["beneficiary_name"] is None
        assert cr.case.values["birth_date"] is None
        assert cr.case.extra == {}
        for r in cr.results:
            assert "birth_date" not in r.evidence
    for row in result_rows(red, "en"):
        assert row.beneficiary_name is None
    assert all(canned.NISS not in repr(cr.case) for cr in red.cases)
    birth_errors = [e for e in red.export.data_errors if e.column == "birth_date"]
    assert birth_errors and all(e.value == REDACTED for e in birth_errors)
    # the export's own case list is redacted too (a format may read it)
    assert all(c.values["beneficiary_name"] is None for c in red.export.cases)
    # the original report is untouched
    assert report.cases[0].case.values["beneficiary_name"] == "Marie Lambert"


def test_redact_blanks_the_name_inside_free_text_and_personal_params(report: AuditReport) -> None:
    cr = report.cases[0]
    result = dataclasses.replace(cr.results[1], reason=Message("missing", {
        "parties": "Marie Lambert (beneficiary)", "birth_date": dt.date(1990, 5, 17)}))
    patched = dataclasses.replace(report, cases=(dataclasses.replace(cr, results=(cr.results[0], result,
                                                                                 *cr.results[2:])),))
    red = redact(patched)
    params = red.cases[0].results[1].reason.params  # type: ignore[union-attr]
    assert params["parties"] == f"{REDACTED} (beneficiary)"
    assert params["birth_date"] == REDACTED


def test_prepare_redacts_only_when_asked(report: AuditReport) -> None:
    assert prepare(report, FormatOptions("en", redact=False)) is report
    assert prepare(report, FormatOptions("en", redact=True)).cases[0].case.values["beneficiary_name"] is None


def test_overview_counts_waived_apart(report: AuditReport) -> None:
    ov = overview(report, "en")
    totals = report.verdict_totals()
    assert ov.waived == 1
    assert ov.counts[Verdict.FAIL] == totals[Verdict.FAIL] - 1
    assert sum(ov.counts.values()) + ov.waived == sum(totals.values())
    deadline = ov.questions[0]
    assert deadline.id == "deadline" and deadline.fails == 1 and deadline.waived == 1
    # a waived fail stays a fail for compliance: 2 pass / (2 pass + 2 fail)
    assert deadline.compliance_rate == report.summary()["deadline"].compliance_rate == 0.5
    assert ov.cases == 5 and ov.rejected == 2 and ov.data_errors == 3 and ov.cases_with_fail == 2
    assert [q.id for q in ov.recommendations()] == ["signatures", "increased-subsidy", "deadline", "evaluations"]


def test_format_rate() -> None:
    assert format_rate(None) == "—"
    assert format_rate(0.875) == "87,5 %"
    assert format_rate(1.0) == "100,0 %"



def test_redact_hides_bad_birth_dates_named_by_their_french_header(report: AuditReport) -> None:
    """A data error's column is the header as written; the canonical field decides redaction."""
    from piis_audit.model import DataError

    error = DataError(file="x.csv", table="cases", row=7, column="Date de naissance",
                      value="31/02/1990", message="not a date", field="birth_date")
    with_error = dataclasses.replace(report, export=dataclasses.replace(report.export, data_errors=(error,)))
    assert "31/02/1990" in repr(with_error.export.data_errors)
    assert "31/02/1990" not in repr(redact(with_error).export.data_errors)


def test_redacted_json_states_no_age_anywhere(tmp_path: Path) -> None:
    """The age gives the birth year away: with --redact no explanation of the demo states it
    (the mandatory-PIIS reason used to say "(age 26)")."""
    from typer.testing import CliRunner

    from piis_audit.cli.app import app

    target = tmp_path / "redacted.json"
    result = CliRunner().invoke(app, ["audit", "--quiet", "--redact", "--lang", "en", "-o", str(target)])
    assert result.exit_code in (0, 1), result.stdout
    text = target.read_text(encoding="utf-8")
    data = json.loads(text)
    reasons = [c["facts"].get("mandatory_reason") or "" for c in data["cases"]]
    assert any("(age ***)" in r for r in reasons)
    assert not re.search(r"\(age \d", text)
    assert all("age" not in c["facts"] for c in data["cases"])
