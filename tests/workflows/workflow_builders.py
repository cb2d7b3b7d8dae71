"""Hand-built checklists, exports and reports for the workflow tests (no reader, no engine)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from piis_audit.checklist.model import Checklist, Question
from piis_audit.model import (AuditReport, Case, CaseReport, ExportData, Facts, Message, Result,
                              Verdict)

AS_OF = dt.date(2026, 11, 26)
QUESTIONS = ("deadline", "evaluations", "alimony-recovery-decision")


def _texts(text: str) -> dict[str, str]:
    return {"en": text, "fr": f"[fr] {text}", "nl": f"[nl] {text}"}


def make_question(qid: str) -> Question:
    return Question(
        id=qid, kind="flags", title=_texts(f"Title {qid}"), legal_basis=("AR art. 11",),
        severity="major", applies_if=None, params={}, depends_on=(),
        reasons={"not_applicable": _texts("n/a"), "late": _texts("late by {days} days"),
                 "not_concluded": _texts("not concluded, deadline {deadline}"),
                 "behind": _texts("behind pace"),
                 "action_conclude": _texts("conclude the PIIS by {deadline}"),
                 "action_evaluate": _texts("hold an evaluation")},
        remediation=_texts("fix it"), line=1)


def make_checklist(version: str = "2026.11", ids: Sequence[str] = QUESTIONS) -> Checklist:
    return Checklist(id="spp-is-piis", version=version, title=_texts("SPP IS"), path="<test>",
                     parameters={}, amounts=(), questions=tuple(make_question(q) for q in ids))


def make_case(case_id: str, social_worker: str | None = "A. Dupont", office: str = "Nord",
              row: int = 2, **extra: str) -> Case:
    return Case(case_id=case_id, source="cases.csv", row=row,
                values={"case_id": case_id, "social_worker": social_worker, "office": office},
                extra=dict(extra))


def make_export(cases: Sequence[Case], fingerprint: str = "f" * 64) -> ExportData:
    extra_cols = {k for c in cases for k in c.extra}
    return ExportData(cases=tuple(cases), inputs=(), data_errors=(), rejected=(),
                      columns={"cases": frozenset({"case_id", "social_worker", "office"})},
                      tables_present=frozenset({"cases"}), fingerprint=fingerprint,
                      label="export" + ("+" if extra_cols else ""))


FACTS = Facts(age=30, new_beneficiary=True, piis_mandatory=True, mandatory_reason=None,
              mandatory_by_request=False, piis_concluded=False, conclusion_date=None,
              exempted=False, deadline=None, deadline_from=None)


@dataclass(frozen=True)
class R:
    """One result row for :func:`make_report`."""

    case_id: str
    question: str
    verdict: Verdict
    key: str | None = None
    due: dt.date | None = None
    action: str | None = None
    worker: str | None = "A. Dupont"


def result_of(r: R) -> Result:
    reason = Message(r.key, {"days": 3, "deadline": r.due}) if r.key else (
        None if r.verdict is Verdict.PASS else Message("behind"))
    action = Message(r.action, {"deadline": r.due}) if r.action else None
    return Result(question=r.question, verdict=r.verdict, reason=reason, due_date=r.due, action=action)


def make_report(rows: Sequence[R], checklist: Checklist | None = None, as_of: dt.date = AS_OF,
                fingerprint: str = "f" * 64, case_order: Sequence[str] | None = None) -> AuditReport:
    """A report holding the given results; questions a case has no row for are passes."""
    checklist = checklist or make_checklist()
    order = list(case_order) if case_order else list(dict.fromkeys(r.case_id for r in rows))
    cases = []
    for row_no, cid in enumerate(order, start=2):
        mine = {r.question: r for r in rows if r.case_id == cid}
        worker = next((r.worker for r in rows if r.case_id == cid), "A. Dupont")
        case = make_case(cid, worker, row=row_no)
        results = tuple(result_of(mine[q.id]) if q.id in mine else Result(q.id, Verdict.PASS)
                        for q in checklist.questions)
        cases.append(CaseReport(case=case, facts=FACTS, results=results))
    export = make_export([c.case for c in cases], fingerprint)
    return AuditReport(tool_version="0.1.0", checklist=checklist, as_of=as_of, export=export,
                       cases=tuple(cases), generated_at=dt.datetime(2026, 11, 26, 12, 0))
