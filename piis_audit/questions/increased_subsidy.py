"""Question 9 ``increased-subsidy``: the conditions of the 10 % (loi art. 43/2; AR art. 18/1;
circular §7 Q&A; SPP IS FAQ on the reimbursement forms [W16]).

*Les conditions permettant une subvention majorée sont-elles respectées ?*

Applies when ``subsidy_increase_claimed`` is true. ``fail`` when any of:

* no PIIS concluded;
* claimed (``subsidy_increase_start_date``) from before the first day of the signature month,
  or, when the RI was decided (``ri_decision_date``) in that same month, from before that
  decision [W16];
* ``piis_start_date`` later than the signature date + 1 month. The latest allowed start is the
  same quantième one month after the signature (signed 21/11/2017: start by 21/12/2017); when
  that day does not exist (signed 31/01) it is the last day of that month (28/02 or 29/02), with
  a note;
* any question the checklist lists in ``depends_on`` (``social-balance``, ``deadline``,
  ``mandatory-mentions``, ``student-mentions``, ``signatures``, ``evaluations``) fails for this
  case: the subsidy rests on a compliant PIIS. A dependency that is ``pending``,
  ``missing_data`` or ``not_applicable`` does not make this question fail (a note lists the
  undecided ones).

Claimed with ``subsidy_increase_start_date`` empty → ``missing_data`` naming it (the start rule
and the months at risk cannot be checked without it), unless another condition already fails.

Every ground found is named in the reason. **Money at risk** (fail only, an estimate): the
checklist's ``subsidy_rate`` (10 %) × the monthly RI × the months claimed. The monthly RI is
``ri_monthly_amount`` when exported, else the category's amount in force each month from the
checklist's ``amounts`` table (a month before the table's first row takes the first row's amount,
with a note). The months claimed run from the month of ``subsidy_increase_start_date`` (else of the conclusion)
to the as-of date, or ``ri_end_date`` when earlier; a month started counts whole
(``count_started_months``). No category and no amount: no estimate, still a fail, with a note.

Pass — the circular's own example::

    piis_signed_date 21/11/2017, piis_start_date 01/12/2017, subsidy_increase_start_date 01/11/2017

Fail::

    piis_signed_date 21/11/2017, subsidy_increase_start_date 01/10/2017
    -> claimed from 01/10/2017, before 01/11/2017, the first day of the signature month
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from piis_audit import dates
from piis_audit.checklist import params as P
from piis_audit.checklist.model import Question
from piis_audit.model import Message, Result, Verdict
from piis_audit.money import Money
from piis_audit.questions import amounts
from piis_audit.questions.interface import CaseContext, CheckKind, MissingData, result

ID = "increased-subsidy"


GROUND = "increased_subsidy.ground."  # message keys of the i18n catalog (piis_audit/i18n/conditions_and_grounds.yaml)
CENT = Decimal("0.01")


def _value(ctx: CaseContext, name: str) -> Any:
    """A cases value without raising: the estimate never turns a fail into missing_data."""
    return ctx.case.values.get(name)


def subsidy_rate(ctx: CaseContext) -> Decimal:
    """The special subsidy rate (checklist parameter ``subsidy_rate``, 0.10 = 10 %)."""
    return Decimal(str(ctx.param("subsidy_rate")))


def earliest_claim(signed: dt.date, ri_decision: dt.date | None) -> tuple[dt.date, str]:
    """The first day the 10 % may be claimed from [W16]: the first day of the signature month,
    or the RI decision date when the RI was decided in that same month."""
    first = dates.first_of_month(signed)
    if ri_decision is not None and dates.first_of_month(ri_decision) == first and ri_decision > first:
        return ri_decision, "ri_decision_date"
    return first, "signature_month"


def latest_start(q: Question, signed: dt.date) -> dates.Shifted:
    """The same day number ``start_delay_months`` after the signature; a day that month lacks is
    its last day (signed 31/01 -> by 28/02 or 29/02), whatever the checklist's month-end rule
    for periods (docs/questions.md question 9: a date limit, not a period)."""
    return dates.shift_months(signed, int(q.params["start_delay_months"]))


def claimed_months(q: Question, start: dt.date, until: dt.date) -> list[dt.date]:
    """First day of every month claimed from ``start`` to ``until``."""
    months = dates.months_touched(start, until) if start <= until else []
    if q.params["count_started_months"]:
        return months
    return [m for m in months if m >= start and dates.last_of_month(m) <= until]


def money_at_risk(ctx: CaseContext, q: Question, conclusion: dt.date | None
                  ) -> tuple[Decimal | None, dict[str, Any], list[Message]]:
    """The estimate: rate × monthly RI × months claimed. Returns (amount or None, params, notes)."""
    notes: list[Message] = []
    claim_from = _value(ctx, "subsidy_increase_start_date")
    if claim_from is None and conclusion is not None:
        claim_from = dates.first_of_month(conclusion)
    ri_end = _value(ctx, "ri_end_date")
    until = min(ctx.as_of, ri_end) if ri_end is not None else ctx.as_of
    params: dict[str, Any] = {"claim_from": claim_from, "claim_until": until, "months": 0,
                              "money_at_risk": None, "monthly_amount": None}
    if claim_from is None:
        notes.append(Message("note_no_estimate_start", {}))
        return None, params, notes
    months = claimed_months(q, claim_from, until)
    params["months"] = len(months)
    rate = subsidy_rate(ctx)
    paid = _value(ctx, "ri_monthly_amount")
    if paid is not None and "ri_monthly_amount" not in ctx.case.invalid:
        monthly = Decimal(str(paid))
        total = monthly * len(months)
        params["monthly_amount"] = Money(monthly.quantize(CENT))
    else:
        category = _value(ctx, "category")
        if category is None or "category" in ctx.case.invalid or not ctx.checklist.amounts:
            notes.append(Message("note_no_estimate_category", {}))
            return None, params, notes
        found = amounts.amounts_for_months(ctx.checklist.amounts, int(category), months)
        total = sum((m.amount for m in found), Decimal(0))
        early = [m.month for m in found if m.before_table]
        if early:
            first_row = min(r.valid_from for r in ctx.checklist.amounts)
            notes.append(Message("note_amount_before_table",
                                 {"month": early[0], "table_from": first_row}))
    money = (total * rate).quantize(CENT, rounding=ROUND_HALF_UP)
    params["money_at_risk"] = Money(money)
    return money, params, notes


_FAIL, _MISSING = Verdict.FAIL, Verdict.MISSING_DATA


@lru_cache(maxsize=64)
def _dependency_keys(depends_on: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(question, evidence key) for each question the claim rests on."""
    return tuple((dep, f"result:{dep}") for dep in depends_on)


def check(ctx: CaseContext, q: Question) -> Result:
    """Decide question 9 for one case."""
    if not ctx.step("subsidy_increase_claimed"):
        return result(q, Verdict.NOT_APPLICABLE, "not_applicable")
    grounds: list[Message] = []
    notes: list[Message] = []
    concluded = bool(ctx.derived("piis_concluded"))
    signed: dt.date | None = ctx.derived("conclusion_date") if concluded else None
    unreadable: list[MissingData] = []  # raised only when no ground fails

    def step(name: str) -> Any:
        try:
            return ctx.step(name)
        except MissingData as exc:
            unreadable.append(exc)
            return None

    claim_start: dt.date | None = step("subsidy_increase_start_date")
    if claim_start is None and not unreadable:  # claimed, but from when is not on file
        unreadable.append(MissingData(("subsidy_increase_start_date",), "empty"))
    piis_start: dt.date | None = step("piis_start_date")
    evidence: dict[str, Any] = {"piis_signed_date": signed, "subsidy_increase_start_date": claim_start,
                                "piis_start_date": piis_start}

    if not concluded or signed is None:
        grounds.append(Message(GROUND + "no_piis", {}))
    else:
        ri_decision: dt.date | None = ctx.step("ri_decision_date")
        evidence["ri_decision_date"] = ri_decision
        if claim_start is not None:
            earliest, why = earliest_claim(signed, ri_decision)
            if claim_start < earliest:
                key = "claimed_before_ri_decision" if why == "ri_decision_date" else \
                    "claimed_before_signature_month"
                grounds.append(Message(GROUND + key, {"claim_start": claim_start,
                                                      "earliest": earliest, "signed": signed}))
        if piis_start is not None:
            latest = latest_start(q, signed)
            months = int(q.params["start_delay_months"])
            if latest.clamped:
                notes.append(Message("common.note.month_end", {"start": signed, "months": months,
                                                               "day": signed.day, "end": latest.value}))
            if piis_start > latest.value:
                grounds.append(Message(GROUND + "start_too_late", {
                    "piis_start_date": piis_start, "signed": signed, "latest_start": latest.value,
                    "months": months}))

    undecided: list[str] = []
    for dep, evidence_key in _dependency_keys(q.depends_on):
        dep_result = ctx.results.get(dep)
        if dep_result is None:
            continue
        verdict = dep_result.verdict
        evidence[evidence_key] = verdict  # a str enum: shown and serialised as its id
        if verdict is _FAIL:
            grounds.append(Message(GROUND + "dependency_failed", {"question": dep}))
        elif verdict is _MISSING:
            undecided.append(dep)
    if undecided:
        notes.append(Message("note_dependency_undecided", {"questions": undecided}))

    if not grounds:
        if unreadable:
            raise unreadable[0]
        return result(q, Verdict.PASS, evidence=evidence, notes=tuple(notes))
    money, params, money_notes = money_at_risk(ctx, q, signed)
    percent = (subsidy_rate(ctx) * 100).normalize()
    outcome = result(q, Verdict.FAIL, "conditions_broken", evidence=evidence,
                     notes=tuple(notes + money_notes), grounds=grounds, count=len(grounds),
                     rate=percent, **params)
    return replace(outcome, money_at_risk=money)


KIND = CheckKind(
    id=ID,
    check=check,
    reasons=("not_applicable", "conditions_broken", "note_no_estimate_start",
             "note_no_estimate_category", "note_amount_before_table", "note_dependency_undecided"),
    params={"start_delay_months": P.months(0), "count_started_months": P.flag()},
    doc=__doc__ or "",
    reads=("cases.subsidy_increase_claimed", "facts.piis_concluded", "facts.conclusion_date",
           "cases.subsidy_increase_start_date", "cases.piis_start_date", "cases.ri_decision_date",
           "cases.ri_end_date", "cases.ri_monthly_amount", "cases.category"),
)
