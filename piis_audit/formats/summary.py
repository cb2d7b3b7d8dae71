"""The numbers every human-readable report opens with (the "general analysis").

Waived results are counted apart: ``counts`` holds the results *without* a waiver, ``waived``
those with one, so ``sum(counts) + waived`` is every result. The compliance rate is the model's
:attr:`QuestionSummary.compliance_rate` (pass / (pass + fail), a waived fail still a fail: a
waiver accepts an exception, it does not make the file compliant).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from piis_audit.model import VERDICT_ORDER, AuditReport, QuestionSummary, Verdict


@dataclass(frozen=True)
class QuestionTally:
    question: Any  # piis_audit.checklist.model.Question
    title: str
    counts: Mapping[Verdict, int]  # results without a waiver
    waived: int
    compliance_rate: float | None
    money_at_risk: Decimal

    @property
    def id(self) -> str:
        return str(self.question.id)

    @property
    def total(self) -> int:
        return sum(self.counts.values()) + self.waived

    @property
    def fails(self) -> int:
        """Open (not waived) failures."""
        return self.counts.get(Verdict.FAIL, 0)


@dataclass(frozen=True)
class Overview:
    cases: int
    rejected: int
    data_errors: int
    counts: Mapping[Verdict, int]  # results without a waiver, all questions
    waived: int
    compliance_rate: float | None  # over every decided result of every question
    cases_with_fail: int  # cases with at least one open failure
    money_at_risk: Decimal  # estimate (increased-subsidy fails)
    questions: tuple[QuestionTally, ...]

    def recommendations(self) -> tuple[QuestionTally, ...]:
        """Questions with open failures, most failures first (checklist order breaks ties)."""
        failing = [q for q in self.questions if q.fails > 0]
        return tuple(sorted(failing, key=lambda q: -q.fails))


def overview(report: AuditReport, lang: str) -> Overview:
    """Counts, rates and money at risk for ``report``, question titles in ``lang``.

    One pass over the results (a 100 000-case report holds 1.1 million)."""
    ids = [q.id for q in report.checklist.questions]
    every: dict[str, dict[Verdict, int]] = {qid: dict.fromkeys(VERDICT_ORDER, 0) for qid in ids}
    open_counts: dict[str, dict[Verdict, int]] = {qid: dict.fromkeys(VERDICT_ORDER, 0) for qid in ids}
    waived: dict[str, int] = dict.fromkeys(ids, 0)
    money: dict[str, Decimal] = {qid: Decimal(0) for qid in ids}
    fail = Verdict.FAIL
    cases_with_fail = 0
    for cr in report.cases:
        failed = False
        for r in cr.results:
            qid, verdict = r.question, r.verdict
            every[qid][verdict] += 1
            if r.waiver is not None:
                waived[qid] += 1
            else:
                open_counts[qid][verdict] += 1
                if verdict is fail:
                    failed = True
            if r.money_at_risk is not None:
                money[qid] += r.money_at_risk
        cases_with_fail += failed
    tallies = tuple(
        QuestionTally(question=q, title=str(q.title.get(lang) or q.title.get("en", q.id)),
                      counts=open_counts[q.id], waived=waived[q.id],
                      compliance_rate=QuestionSummary(q.id, every[q.id]).compliance_rate,
                      money_at_risk=money[q.id])
        for q in report.checklist.questions)
    totals = {v: sum(t.counts[v] for t in tallies) for v in VERDICT_ORDER}
    all_counts = {v: sum(c[v] for c in every.values()) for v in VERDICT_ORDER}
    decided = all_counts[Verdict.PASS] + all_counts[Verdict.FAIL]
    return Overview(
        cases=len(report.cases),
        rejected=sum(i.rejected for i in report.export.inputs),
        data_errors=len(report.export.data_errors),
        counts=totals,
        waived=sum(waived.values()),
        compliance_rate=None if decided == 0 else all_counts[Verdict.PASS] / decided,
        cases_with_fail=cases_with_fail,
        money_at_risk=sum(money.values(), Decimal(0)),
        questions=tallies,
    )


def format_rate(rate: float | None, digits: int = 1) -> str:
    """A rate as a person reads it in Belgium: ``87,5 %``; an em dash when undefined."""
    if rate is None:
        return "—"
    return f"{rate * 100:.{digits}f}".replace(".", ",") + " %"
