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

from piis_audit.checklist import params as P
from piis_audit.questions.interface import CheckKind

INVESTIGATION_ID = "alimony-investigation"
RECOVERY_ID = "alimony-recovery-decision"

INVESTIGATION_KIND = CheckKind(
    id=INVESTIGATION_ID,
    reasons=("not_applicable", "investigated", "recovery_waived", "no_investigation_minor",
             "no_investigation_allowances"),
    params={"debtor_age_limit": P.age()},
    doc=__doc__ or "",
    reads=("facts.piis_concluded", "cases.full_time_studies", "cases.family_allowances_paid", "facts.age",
           "cases.birth_date", "cases.ri_decision_date", "cases.alimony_investigation_date",
           "cases.recovery_decision", "cases.recovery_decision_date"),
)


RECOVERY_KIND = CheckKind(
    id=RECOVERY_ID,
    reasons=("not_applicable", "recovery_notified", "waiver_notified", "no_investigation", "awaiting_decision",
             "decision_incomplete",
             "decision_incomplete_waiver", "action_decide_recovery"),
    params={"decision_months": P.months()},
    doc=__doc__ or "",
    reads=("cases.alimony_investigation_date", "cases.recovery_decision", "cases.recovery_decision_date",
           "cases.recovery_notified_applicant_date", "cases.recovery_notified_debtors_date"),
)

