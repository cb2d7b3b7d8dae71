"""``social-balance``: a needs analysis (bilan social / sociale balans) before the PIIS
(AR art. 11 §1; loi art. 11).

Applies to every concluded PIIS (``applies_if: piis_concluded``).

* pass: ``social_balance_date`` on or before the signature. Example: balance 02/03/2024, signed
  10/03/2024.
* pass (exception): a reactivated PIIS (``reactivation_consent_date``) after an RI interruption
  (``previous_ri_end_date`` -> ``ri_start_date``) of at most ``max_interruption_months``.
* fail: no balance on file, or a balance dated after the signature.
* missing_data: a reactivation whose interruption cannot be measured (dates empty).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from piis_audit import dates
from piis_audit.checklist import params as P
from piis_audit.checklist.model import Question
from piis_audit.model import Result, Verdict
from piis_audit.questions.interface import CaseContext, CheckKind, MissingData, result


def interruption_within(ctx: CaseContext, months: int) -> tuple[bool, dict[str, Any]]:
    """Was the RI interrupted at most ``months`` months (previous end -> new start)?"""
    previous_end: dt.date = ctx.fact("previous_ri_end_date")
    restart: dt.date | None = ctx.step("ri_start_date")
    if restart is None:
        raise MissingData(("ri_start_date",))
    first_day_without = dates.add_days(previous_end, 1)
    last_day_without = dates.add_days(restart, -1)
    limit = ctx.period_end(first_day_without, months).value
    return last_day_without <= limit, {"previous_ri_end_date": previous_end, "ri_start_date": restart}


def check(ctx: CaseContext, q: Question) -> Result:
    signed = ctx.facts.conclusion_date
    if signed is None:  # only a concluded PIIS is checked, whatever the checklist's applies_if says
        return result(q, Verdict.NOT_APPLICABLE, "not_applicable")
    balance: dt.date | None = ctx.step("social_balance_date")
    evidence: dict[str, object] = {"social_balance_date": balance, "piis_signed_date": signed}
    if balance is not None and balance <= signed:
        return result(q, Verdict.PASS, evidence=evidence)
    reactivated: dt.date | None = ctx.exception("reactivation_consent_date")
    if reactivated is not None:
        months = q.params["max_interruption_months"]
        within, used = interruption_within(ctx, months)
        evidence.update(used, reactivation_consent_date=reactivated)
        if within:
            return result(q, Verdict.PASS, "reactivated", evidence=evidence, months=months, **used)
    if balance is None:
        return result(q, Verdict.FAIL, "no_balance", evidence=evidence, signed=signed)
    return result(q, Verdict.FAIL, "balance_after_signature", evidence=evidence, balance=balance,
                  signed=signed, days=dates.days_between(signed, balance))


KIND = CheckKind(id="social-balance", check=check,
                 reasons=("not_applicable", "reactivated", "no_balance", "balance_after_signature"),
                 params={"max_interruption_months": P.months(0)}, doc=__doc__ or "",
                 reads=("facts.conclusion_date", "cases.social_balance_date", "cases.reactivation_consent_date",
                        "cases.previous_ri_end_date", "cases.ri_start_date"))
