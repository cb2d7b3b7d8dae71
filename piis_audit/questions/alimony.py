"""Questions 10 ``alimony-investigation`` and 11 ``alimony-recovery-decision``: maintenance
debtors (débiteurs alimentaires / onderhoudsplichtigen) of a student (loi art. 26; AR art. 42–55).

*Y a-t-il eu une enquête sur les moyens d'existence des débiteurs alimentaires ?*
*Une décision a-t-elle été prise en matière de recouvrement ? A-t-elle été signifiée au
demandeur et à ses débiteurs alimentaires ?*

**Question 10** applies to a student RI (``full_time_studies``) with a concluded PIIS, when the
parents are maintenance debtors: the student was under 18 at the RI decision, or
``family_allowances_paid`` (AR art. 48). Aged 18 or more with ``family_allowances_paid`` empty →
``missing_data``. ``pass``: ``alimony_investigation_date`` set (its date is not compared with
the decision), or ``recovery_decision`` is ``waive`` with a ``recovery_decision_date`` (a
motivated equity waiver). ``fail`` otherwise: the inquiry is part of the grant.

**Question 11** follows question 10: ``not_applicable`` when 10 is, ``missing_data`` when 10 is,
``not_applicable`` when neither an investigation was made nor a waiver decided (``waive`` with
its ``recovery_decision_date``; 10 already fails). Otherwise it applies, a waiver being a
recovery decision too: ``pass`` when ``recovery_decision`` is set with ``recovery_decision_date``,
notified to the applicant
(``recovery_notified_applicant_date``) and, for ``recover``, to the debtors
(``recovery_notified_debtors_date``); ``pending`` within 1 month of the investigation (the
1-month period from the investigation date, due on its last day); ``fail`` otherwise, naming
what is missing.

Pass (question 10)::

    full_time_studies oui, birth_date 02/05/2008, ri_decision_date 10/09/2025 (age 17),
    alimony_investigation_date 20/09/2025

Fail (question 10)::

    full_time_studies oui, age 20, family_allowances_paid oui, no investigation, no waiver

Pending, then fail (question 11)::

    alimony_investigation_date 20/09/2025, nothing decided: pending as of 15/10/2025
    (due 19/10/2025), fail as of 01/11/2025 (missing recovery_decision, ...)
"""

from __future__ import annotations

from dataclasses import replace

import datetime as dt
from typing import Any

from piis_audit.checklist import params as P
from piis_audit.checklist.model import Question
from piis_audit.model import Result, Verdict
from piis_audit.questions.interface import CaseContext, CheckKind, MissingData, result

INVESTIGATION_ID = "alimony-investigation"
RECOVERY_ID = "alimony-recovery-decision"



def maintenance_debtors(ctx: CaseContext, age_limit: int) -> str | None:
    """Why the parents are maintenance debtors (``"minor"`` or ``"family_allowances"``), or None
    when the questions do not apply. Raises MissingData when that cannot be decided."""
    if not ctx.derived("piis_concluded"):
        return None
    if not ctx.fact("full_time_studies"):
        return None
    allowances = ctx.case.values.get("family_allowances_paid")
    if allowances is True:
        return "family_allowances"
    try:
        age = ctx.derived("age")
    except MissingData as exc:
        if allowances is None:  # neither can be known: name both
            raise MissingData(exc.fields + ("family_allowances_paid",), exc.why) from exc
        raise
    if age is None:  # not derived and not explained: the birth date is what decides it
        raise MissingData(("birth_date",) + (("family_allowances_paid",) if allowances is None else ()))
    if age < age_limit:
        return "minor"
    if allowances is None:
        ctx.fact("family_allowances_paid")  # raises MissingData with the right cause
    return None


def _age_limit(q: Question) -> int:
    return int(q.params["debtor_age_limit"])


def check_investigation(ctx: CaseContext, q: Question) -> Result:
    """Decide question 10 for one case."""
    debtors = maintenance_debtors(ctx, _age_limit(q))
    if debtors is None:
        return result(q, Verdict.NOT_APPLICABLE, "not_applicable")
    investigated: dt.date | None = ctx.step("alimony_investigation_date")
    evidence: dict[str, Any] = {"alimony_investigation_date": investigated,
                                "age": ctx.facts.age,
                                "family_allowances_paid": ctx.case.values.get("family_allowances_paid")}
    if investigated is not None:
        return result(q, Verdict.PASS, evidence=evidence)
    decision = ctx.step("recovery_decision")
    decided: dt.date | None = ctx.step("recovery_decision_date")
    evidence.update(recovery_decision=decision, recovery_decision_date=decided)
    if decision == "waive" and decided is not None:
        return result(q, Verdict.PASS, evidence=evidence)
    key = "no_investigation_minor" if debtors == "minor" else "no_investigation_allowances"
    return result(q, Verdict.FAIL, key, evidence=evidence, age=ctx.facts.age,
                  ri_decision_date=ctx.case.values.get("ri_decision_date"),
                  recovery_decision=decision, recovery_decision_date=decided)


def check_recovery(ctx: CaseContext, q: Question) -> Result:
    """Decide question 11 for one case."""
    # Question 10 (a depends_on of this one) decides whether this one applies.
    investigation = ctx.results[INVESTIGATION_ID]
    if investigation.verdict is Verdict.NOT_APPLICABLE:
        return result(q, Verdict.NOT_APPLICABLE, "not_applicable")
    if investigation.verdict is Verdict.MISSING_DATA:
        return replace(investigation, question=q.id, notes=(), due_date=None, action=None)
    investigated: dt.date | None = ctx.step("alimony_investigation_date")
    decision = ctx.step("recovery_decision")
    decided: dt.date | None = ctx.step("recovery_decision_date")
    applicant: dt.date | None = ctx.step("recovery_notified_applicant_date")
    evidence: dict[str, Any] = {"alimony_investigation_date": investigated,
                                "recovery_decision": decision, "recovery_decision_date": decided,
                                "recovery_notified_applicant_date": applicant}
    if investigated is None and not (decision == "waive" and decided is not None):
        # Neither an investigation nor a waiver decided: question 10 already fails.
        return result(q, Verdict.NOT_APPLICABLE, "no_investigation", evidence=evidence)
    missing: list[str] = []
    if decision is None:
        missing.append("recovery_decision")
    if decided is None:
        missing.append("recovery_decision_date")
    if applicant is None:
        missing.append("recovery_notified_applicant_date")
    if decision == "recover":
        debtors: dt.date | None = ctx.step("recovery_notified_debtors_date")
        evidence["recovery_notified_debtors_date"] = debtors
        if debtors is None:
            missing.append("recovery_notified_debtors_date")
    if not missing:
        return result(q, Verdict.PASS, evidence=evidence)
    if investigated is not None:
        months = int(q.params["decision_months"])
        due = ctx.period_end(investigated, months)
        if ctx.as_of <= due.value:
            return result(q, Verdict.PENDING, "awaiting_decision", evidence=evidence,
                          due_date=due.value, action="action_decide_recovery", missing=missing,
                          investigation_date=investigated, due=due.value, months=months)
        return result(q, Verdict.FAIL, "decision_incomplete", evidence=evidence, missing=missing,
                      due_date=due.value, action="action_decide_recovery",
                      investigation_date=investigated, due=due.value, months=months)
    return result(q, Verdict.FAIL, "decision_incomplete_waiver", evidence=evidence,
                  missing=missing, recovery_decision_date=decided)


INVESTIGATION_KIND = CheckKind(
    id=INVESTIGATION_ID,
    check=check_investigation,
    reasons=("not_applicable", "no_investigation_minor", "no_investigation_allowances"),
    params={"debtor_age_limit": P.age()},
    doc=__doc__ or "",
    reads=("facts.piis_concluded", "cases.full_time_studies", "cases.family_allowances_paid", "facts.age",
           "cases.birth_date", "cases.ri_decision_date", "cases.alimony_investigation_date",
           "cases.recovery_decision", "cases.recovery_decision_date"),
)

RECOVERY_KIND = CheckKind(
    id=RECOVERY_ID,
    check=check_recovery,
    reasons=("not_applicable", "no_investigation", "awaiting_decision", "decision_incomplete",
             "decision_incomplete_waiver", "action_decide_recovery"),
    params={"decision_months": P.months()},
    doc=__doc__ or "",
    reads=("cases.alimony_investigation_date", "cases.recovery_decision", "cases.recovery_decision_date",
           "cases.recovery_notified_applicant_date", "cases.recovery_notified_debtors_date"),
)
