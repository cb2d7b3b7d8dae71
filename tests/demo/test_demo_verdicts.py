"""The bundled demo really exercises the checklist: audited at DEMO_AS_OF, every question shows
every verdict docs/questions.md lets it give, and the notes and data errors the demo is built for."""

from __future__ import annotations

from pathlib import Path

import pytest

from piis_audit.engine.checklists import load_checklist
from piis_audit.demo import DEMO_AS_OF, DEMO_CASES, DEMO_EXPORT_DIR, DEMO_SEED
from piis_audit.demo.generate import generate, generate_labelled, write_csv_folder, write_xlsx
from piis_audit.demo.scenarios import FAMILIES
from piis_audit.engine.runner import run_audit
from piis_audit.inputs.loader import load_export
from piis_audit.model import AuditReport, Verdict

P, F, W, NA, MD = (Verdict.PASS, Verdict.FAIL, Verdict.PENDING, Verdict.NOT_APPLICABLE,
                   Verdict.MISSING_DATA)

# question -> the verdicts docs/questions.md allows it, all of which the demo must show (and no other).
EXPECTED: dict[str, set[Verdict]] = {
    # Judged at conclusion, no deadline of its own: never pending. missing_data: a reactivated
    # PIIS without balance whose previous RI end is not on file, and an unreadable date cell.
    "social-balance": {P, F, NA, MD},
    # All five: pending before the 3-month deadline; missing_data when the obligation cannot be
    # decided (empty birth date, new-beneficiary answer, trajectory answer).
    "deadline": {P, F, W, NA, MD},
    # Content of a signed contract: nothing to wait for, never pending; missing_data = an empty
    # mention cell with no mention false.
    "mandatory-mentions": {P, F, NA, MD},
    "student-mentions": {P, F, NA, MD},
    # Signatures of a signed contract: never pending; missing_data = empty signature cell.
    "signatures": {P, F, NA, MD},
    # All five: pending before the deadline; missing_data when the obligation is unknown.
    "absence-motivated": {P, F, W, NA, MD},
    # All five: pending while only the first window runs; missing_data = an empty report cell
    # that decides the count.
    "evaluations": {P, F, W, NA, MD},
    # Each condition is a date or text on file (empty = not done): no pending, and missing_data
    # only through an unreadable cell (the demo has one notification date typed 31/xx).
    "sanctions": {P, F, NA, MD},
    # docs/questions.md gives no pending (a pending dependency does not make it fail); missing_data only
    # through an unreadable claim start date (the demo has one written month-first).
    "increased-subsidy": {P, F, NA, MD},
    # No deadline: never pending; missing_data = 18+ student with family_allowances_paid empty.
    "alimony-investigation": {P, F, NA, MD},
    # All five: pending within 1 month of the investigation; missing_data follows question 10.
    "alimony-recovery-decision": {P, F, W, NA, MD},
}

# Questions for which docs/questions.md defines a note the demo is built to show (reflection period,
# single motivation, RI ended before the deadline or a month-end, behind pace, third sanction).
NOTED = ("signatures", "absence-motivated", "deadline", "evaluations", "sanctions")

SB, DL, MM, SM, SG, AB, EV, SA, IS, AI, AR = (
    "social-balance", "deadline", "mandatory-mentions", "student-mentions", "signatures",
    "absence-motivated", "evaluations", "sanctions", "increased-subsidy", "alimony-investigation",
    "alimony-recovery-decision")

# scenario family -> the verdicts (and notes) it is built to produce on the questions it is about.
# Other questions are free: timing decides whether an evaluation window is still open, etc.
BY_FAMILY: dict[str, dict[str, Verdict]] = {
    "late_piis": {DL: F, IS: F},
    "overdue_no_piis": {DL: F, AB: F, SB: NA},
    "overdue_no_piis_claimed": {DL: F, AB: F, IS: F},
    "pending_deadline": {DL: W, AB: W},
    "ri_ended_before_deadline": {DL: NA, AB: NA},  # docs/questions.md 6: no PIIS was due
    "not_new_adult": {DL: NA, AB: NA, SB: NA},
    "not_new_adult_optional_piis": {DL: NA, SB: P},
    "new_by_previous_end_date": {DL: P},
    "not_new_by_previous_end_date": {DL: NA},
    "new_unknown_concluded": {DL: MD, SB: P},
    "new_unknown_no_piis": {DL: MD, AB: MD},
    "birth_date_unknown": {DL: MD, AB: MD},
    "young_trajectory_not_new": {DL: P},
    "young_not_new_no_obligation": {DL: NA, AB: NA},
    "young_trajectory_unknown": {DL: MD, AB: MD},
    "employment_measure": {DL: NA, AB: NA},
    "employment_measure_young": {DL: NA, AB: NA},
    "complementary_work": {DL: NA, AB: NA},
    "request_cpas_in_time": {DL: P},
    "request_cpas_late": {DL: F},
    "request_beneficiary_pending": {DL: W, AB: W},
    "request_beneficiary_overdue": {DL: F, AB: F},
    "request_with_employment_measure": {DL: P},
    "moved_adult": {DL: NA, AB: NA},
    "moved_young_transferred": {DL: P, SM: P},
    "exemption_health": {DL: NA, AB: P},
    "exemption_equity": {DL: NA, AB: P},
    "exemption_without_motivation": {DL: NA, AB: F},
    "exemption_capacity_only": {DL: NA, AB: P},
    "exemption_without_decision": {DL: F, AB: F},
    "balance_missing": {SB: F, IS: F},
    "balance_after_signature": {SB: F, IS: F},
    "reactivation_short_gap": {SB: P},
    "reactivation_long_gap": {SB: F},
    "reactivation_gap_unknown": {SB: MD},
    "balance_unreadable": {SB: MD},
    "mention_false": {MM: F, IS: F},
    "mention_empty": {MM: MD},
    "third_party_role_missing": {MM: F, SG: P},
    "student_mention_false": {SM: F, MM: P},
    "student_mention_empty": {SM: MD},
    "cpas_signature_missing": {SG: F, IS: F},
    "third_party_unsigned": {SG: F},
    "beneficiary_signature_unknown": {SG: MD},
    "short_reflection": {SG: P},
    "evaluations_unformalised": {EV: F, IS: F},
    "evaluations_few_interviews": {EV: F},
    "evaluations_none": {EV: F},
    "evaluations_report_unknown": {EV: MD},
    "evaluations_second_year_short": {EV: F},
    "evaluations_short_closed_ok": {EV: P},
    "evaluations_short_closed_fail": {EV: F},
    "evaluations_behind": {EV: W},
    "evaluations_not_started": {EV: NA, SB: P},
    "sanction_compliant": {SA: P},
    "sanction_no_warning": {SA: F},
    "sanction_warning_after_decision": {SA: F},
    "sanction_no_hearing_invitation": {SA: F},
    "sanction_heard_after_decision": {SA: F},
    "sanction_no_advice": {SA: F},
    "sanction_no_motivation": {SA: F},
    "sanction_not_notified": {SA: F},
    "sanction_too_long": {SA: F},
    "sanction_duration_days": {SA: P},
    "sanction_start_not_after_notification": {SA: F},
    "sanction_start_too_late": {SA: F},
    "sanction_unreadable_notification": {SA: MD},
    "sanction_repeat_ok": {SA: P},
    "sanction_repeat_too_long": {SA: F},
    "sanction_later_not_repeat": {SA: F},
    "sanction_third": {SA: P},
    "subsidy_too_early": {IS: F},
    "subsidy_before_decision": {IS: F},
    "subsidy_circular_example": {IS: P},
    "subsidy_start_late": {IS: F},
    "subsidy_not_claimed": {IS: NA},
    "subsidy_start_unreadable": {IS: MD},
    "student_minor_recovered": {AI: P, AR: P},
    "student_minor_not_investigated": {AI: F, AR: NA},
    "student_waived_without_investigation": {AI: P, AR: P},  # docs/questions.md 11: a waiver applies, notified
    "student_waived": {AI: P, AR: P},
    "student_debtors_not_notified": {AI: P, AR: F},
    "student_applicant_not_notified": {AI: P, AR: F},
    "student_decision_pending": {AI: P, AR: W},
    "student_decision_overdue": {AI: P, AR: F},
    "student_no_allowances": {AI: NA, AR: NA},
    "student_allowances_unknown": {AI: MD, AR: MD},
    "couple": {DL: P},
}

# family -> the question whose result must carry a note.
NOTE_BY_FAMILY: dict[str, str] = {
    "short_reflection": SG, "exemption_capacity_only": AB, "evaluations_behind": EV,
    "sanction_third": SA, "ri_ended_before_deadline": DL,
}


@pytest.fixture(scope="module")
def demo_report() -> AuditReport:
    export = load_export([DEMO_EXPORT_DIR])
    return run_audit(export, load_checklist(), DEMO_AS_OF)


def _verdicts(report: AuditReport) -> dict[str, set[Verdict]]:
    seen: dict[str, set[Verdict]] = {}
    for case_report in report.cases:
        for r in case_report.results:
            seen.setdefault(r.question, set()).add(r.verdict)
    return seen


def test_the_table_covers_the_checklist(demo_report: AuditReport) -> None:
    assert set(EXPECTED) == {q.id for q in demo_report.checklist.questions}


@pytest.mark.parametrize("question", sorted(EXPECTED))
def test_every_allowed_verdict_appears(demo_report: AuditReport, question: str) -> None:
    seen = _verdicts(demo_report).get(question, set())
    assert sorted(seen) == sorted(EXPECTED[question])


def test_every_case_is_audited(demo_report: AuditReport) -> None:
    assert len(demo_report.cases) == DEMO_CASES
    assert demo_report.export.rejected == ()


@pytest.mark.parametrize("question", NOTED)
def test_notes_are_shown(demo_report: AuditReport, question: str) -> None:
    assert any(cr.result(question).notes for cr in demo_report.cases)


def test_the_deliberate_typos_are_data_errors(demo_report: AuditReport) -> None:
    located = {(e.table, e.column) for e in demo_report.export.data_errors}
    assert located == {("cases", "social_balance_date"), ("cases", "subsidy_increase_start_date"),
                       ("sanctions", "notified_date")}


def test_money_is_at_risk(demo_report: AuditReport) -> None:
    failing = [cr.result("increased-subsidy") for cr in demo_report.cases
               if cr.result("increased-subsidy").verdict is F]
    assert failing and all(r.money_at_risk is not None and r.money_at_risk > 0 for r in failing)
    assert demo_report.money_at_risk() > 0


def test_majority_of_files_pass_every_applicable_question(demo_report: AuditReport) -> None:
    clean = [cr for cr in demo_report.cases
             if all(r.verdict in (P, NA) for r in cr.results)]
    assert len(clean) > len(demo_report.cases) / 2


def test_the_family_table_names_every_family() -> None:
    assert set(BY_FAMILY) == {f.name for f in FAMILIES}


def _family_mismatches(report: AuditReport, labels: dict[str, str]) -> list[str]:
    wrong = []
    for cr in report.cases:
        family = labels[cr.case.case_id]
        if family == "ordinary":
            # The everyday caseload is compliant, or still within its deadlines.
            bad = [r.question for r in cr.results if r.verdict not in (P, NA, W)]
            wrong += [f"{cr.case.case_id} ordinary: {q} {cr.result(q).verdict}" for q in bad]
            continue
        for question, verdict in BY_FAMILY[family].items():
            got = cr.result(question).verdict
            if got is not verdict:
                wrong.append(f"{cr.case.case_id} {family}: {question} {got}, expected {verdict}")
        noted = NOTE_BY_FAMILY.get(family)
        if noted and not cr.result(noted).notes:
            wrong.append(f"{cr.case.case_id} {family}: no note on {noted}")
    return wrong


def test_each_family_gets_the_verdicts_it_is_built_for(demo_report: AuditReport) -> None:
    labels = generate_labelled(DEMO_CASES, DEMO_SEED, DEMO_AS_OF)[3]
    assert _family_mismatches(demo_report, labels) == []


def test_the_families_hold_for_other_seeds(tmp_path: Path) -> None:
    # Not just the demo's lucky draws: a larger export from another seed behaves the same.
    cases, evaluations, sanctions, labels = generate_labelled(1500, 97, DEMO_AS_OF)
    write_csv_folder(cases, evaluations, sanctions, tmp_path)
    report = run_audit(load_export([tmp_path]), load_checklist(), DEMO_AS_OF)
    assert _family_mismatches(report, labels) == []


def test_the_workbook_writer_gives_the_same_audit(tmp_path: Path, demo_report: AuditReport) -> None:
    workbook = write_xlsx(*generate(DEMO_CASES, DEMO_SEED, DEMO_AS_OF), tmp_path / "demo.xlsx")
    from_xlsx = run_audit(load_export([workbook]), load_checklist(), DEMO_AS_OF)

    def table(report: AuditReport) -> dict[tuple[str, str], Verdict]:
        return {(cr.case.case_id, r.question): r.verdict for cr in report.cases for r in cr.results}

    assert table(from_xlsx) == table(demo_report)
