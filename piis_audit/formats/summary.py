"""The numbers every human-readable report opens with (the "general analysis").

Waived results are counted apart: ``counts`` holds the results *without* a waiver, ``waived``
those with one, so ``sum(counts) + waived`` is every result. The compliance rate is the model's
:func:`~piis_audit.model.compliance_rate` (pass ÷ (pass + fail + missing_data): a result that
could not be decided is never shown compliant; a waived fail is still a fail: a waiver accepts an
exception, it does not make the file compliant). Beside it, ``missing_by_cause`` says how many
results could not be decided and why, and ``undecidable`` names the questions no case could be
decided for because the export lacks their columns (the warning at the top of the reports).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from piis_audit.i18n.render import ui
from piis_audit.model import (MISSING_CAUSES, VERDICT_ORDER, AuditReport, Verdict, compliance_rate,
                              missing_cause)


@dataclass(frozen=True)
class QuestionTally:
    question: Any  # piis_audit.checklist.model.Question
    title: str
    counts: Mapping[Verdict, int]  # results without a waiver
    waived: int
    compliance_rate: float | None
    money_at_risk: Decimal
    missing_by_cause: Mapping[str, int]  # missing_data results (waived ones too) per cause
    missing_columns: tuple[str, ...] = ()  # columns it needed that the export lacks
    every_not_applicable: int = 0  # not_applicable results, waived ones too

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

    @property
    def undecided(self) -> int:
        """Results that could not be decided (missing_data, waived ones too)."""
        return sum(self.missing_by_cause.values())

    @property
    def undecidable(self) -> bool:
        """No case could be decided because the export lacks a column: every result that is not
        ``not_applicable`` is missing_data for want of a column (and there is one)."""
        no_column = self.missing_by_cause.get("no_column", 0)
        applicable = self.total - self.every_not_applicable
        return bool(self.missing_columns) and no_column > 0 and no_column == applicable


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
    missing_by_cause: Mapping[str, int]  # every question's missing_data per cause

    @property
    def undecided(self) -> int:
        """Results that could not be decided, all questions."""
        return sum(self.missing_by_cause.values())

    def undecidable(self) -> tuple[QuestionTally, ...]:
        """Questions no case could be decided for because the export lacks their columns."""
        return tuple(q for q in self.questions if q.undecidable)

    def recommendations(self) -> tuple[QuestionTally, ...]:
        """Questions with open failures, most failures first (checklist order breaks ties)."""
        failing = [q for q in self.questions if q.fails > 0]
        return tuple(sorted(failing, key=lambda q: -q.fails))


Counts = tuple[dict[str, dict[Verdict, int]], dict[str, dict[Verdict, int]], dict[str, int],
               dict[str, Decimal], dict[str, dict[str, int]], int]


def overview(report: AuditReport, lang: str) -> Overview:
    """Counts, rates and money at risk for ``report``, question titles in ``lang``: from the
    result frames with ``group_by`` when the report has them, else one pass over the results."""
    from piis_audit.formats.frame_texts import case_results

    cases = case_results(report)
    counts = _object_counts(report) if cases is None else _frame_counts(report, cases.decided)
    every, open_counts, waived, money, causes, cases_with_fail = counts
    tallies = tuple(
        QuestionTally(question=q, title=str(q.title.get(lang) or q.title.get("en", q.id)),
                      counts=open_counts[q.id], waived=waived[q.id],
                      compliance_rate=compliance_rate(every[q.id]), money_at_risk=money[q.id],
                      missing_by_cause=causes[q.id],
                      missing_columns=tuple(report.missing_columns.get(q.id, ())),
                      every_not_applicable=every[q.id][Verdict.NOT_APPLICABLE])
        for q in report.checklist.questions)
    totals = {v: sum(t.counts[v] for t in tallies) for v in VERDICT_ORDER}
    all_counts = {v: sum(c[v] for c in every.values()) for v in VERDICT_ORDER}
    return Overview(
        cases=len(report.cases),
        rejected=sum(i.rejected for i in report.export.inputs),
        data_errors=len(report.export.data_errors),
        counts=totals,
        waived=sum(waived.values()),
        compliance_rate=compliance_rate(all_counts),
        cases_with_fail=cases_with_fail,
        money_at_risk=sum(money.values(), Decimal(0)),
        questions=tallies,
        missing_by_cause={c: sum(t.missing_by_cause[c] for t in tallies) for c in MISSING_CAUSES},
    )


def _empty(report: AuditReport) -> Counts:
    ids = [q.id for q in report.checklist.questions]
    return ({qid: dict.fromkeys(VERDICT_ORDER, 0) for qid in ids}, {qid: dict.fromkeys(VERDICT_ORDER, 0) for qid in ids},
            dict.fromkeys(ids, 0), {qid: Decimal(0) for qid in ids},
            {qid: dict.fromkeys(MISSING_CAUSES, 0) for qid in ids}, 0)


def _object_counts(report: AuditReport) -> Counts:
    """One pass over the results (a report made in code, or redacted)."""
    every, open_counts, waived, money, causes, _ = _empty(report)
    fail, missing = Verdict.FAIL, Verdict.MISSING_DATA
    cases_with_fail = 0
    for cr in report.cases:
        failed = False
        for r in cr.results:
            qid, verdict = r.question, r.verdict
            every[qid][verdict] += 1
            if verdict is missing:
                causes[qid][missing_cause(r)] += 1
            if r.waiver is not None:
                waived[qid] += 1
            else:
                open_counts[qid][verdict] += 1
                if verdict is fail:
                    failed = True
            if r.money_at_risk is not None:
                money[qid] += r.money_at_risk
        cases_with_fail += failed
    return every, open_counts, waived, money, causes, cases_with_fail


def cause_expr() -> Any:
    """Why a missing_data result could not be decided, as :func:`~piis_audit.model.missing_cause`
    reads it from its reason key, per row of a result frame."""
    import polars as pl

    key = pl.col("reason_key").fill_null("")
    cause = pl.when(key.str.starts_with("common.missing.")).then(key.str.split(".").list.last()).otherwise(pl.lit(""))
    return pl.when(cause.is_in(list(MISSING_CAUSES))).then(cause).otherwise(pl.lit("empty"))


def _frame_counts(report: AuditReport, decided: Mapping[str, Any]) -> Counts:
    """The same counts from the result frames (``waiver``: the index of the waiver, where present)."""
    import polars as pl

    every, open_counts, waived, money, causes, _ = _empty(report)
    by_value = {v.value: v for v in Verdict}
    failing = []
    for q in report.checklist.questions:
        frame = decided[q.id]
        is_waived = pl.col("waiver").is_not_null() if "waiver" in frame.columns else pl.lit(False)
        table = frame.group_by("verdict", is_waived.alias("_waived")).len()
        for verdict, was_waived, count in table.iter_rows():
            every[q.id][by_value[verdict]] += count
            if was_waived:
                waived[q.id] += count
            else:
                open_counts[q.id][by_value[verdict]] += count
        missing = frame.filter(pl.col("verdict") == Verdict.MISSING_DATA.value).select(cause_expr().alias("c"))
        for cause, count in missing.group_by("c").len().iter_rows():
            causes[q.id][cause] += count
        amounts = frame.get_column("money_cents").drop_nulls()
        if len(amounts):
            money[q.id] = Decimal(int(amounts.sum())).scaleb(-2)
        failing.append(frame.filter((pl.col("verdict") == Verdict.FAIL.value) & is_waived.not_()).select("_case"))
    cases_with_fail = pl.concat(failing).get_column("_case").n_unique() if failing else 0
    return every, open_counts, waived, money, causes, cases_with_fail


def format_rate(rate: float | None, digits: int = 1) -> str:
    """A rate as a person reads it in Belgium: ``87,5 %``; an em dash when undefined."""
    if rate is None:
        return "—"
    return f"{rate * 100:.{digits}f}".replace(".", ",") + " %"


def undecided_text(by_cause: Mapping[str, int], lang: str) -> str:
    """How many results could not be decided, and why: ``5 (no column 3, empty 2)``; ``0``."""
    count = sum(by_cause.values())
    causes = ", ".join(ui(f"reports.cause.{c}", lang, count=by_cause[c])
                       for c in MISSING_CAUSES if by_cause.get(c))
    return str(count) if not causes else ui("reports.summary.undecided_value", lang, count=count,
                                             causes=causes)


def banner_lines(ov: Overview, lang: str) -> list[str]:
    """The warning every report opens with when a question could not be decided for any case
    because the export lacks its columns: one line per such question; empty when there is none."""
    numbers = {t.question.id: n for n, t in enumerate(ov.questions, start=1)}  # people read numbers, not ids
    return [ui("reports.banner.question", lang, question=f"{numbers[q.question.id]}. {q.title}",
               columns=", ".join(q.missing_columns)) for q in ov.undecidable()]
