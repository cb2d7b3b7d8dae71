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

Every ground found is named in the reason; a pass (``conditions_met``) names each condition met:
the signature, the claim's start against the earliest allowed, the PIIS's start against the latest
allowed (or that no start date is on file), and the questions it rests on (by number), none failing. **Money at risk** (fail only, an estimate): the
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

from piis_audit.checklist import params as P
from piis_audit.questions.interface import CheckKind

ID = "increased-subsidy"


GROUND = "increased_subsidy.ground."  # message keys of the i18n catalog (piis_audit/i18n/conditions_and_grounds.yaml)


KIND = CheckKind(
    id=ID,
    reasons=("not_applicable", "conditions_met", "conditions_broken", "note_no_estimate_start",
             "note_no_estimate_category", "note_amount_before_table", "note_dependency_undecided"),
    params={"start_delay_months": P.months(0), "count_started_months": P.flag()},
    doc=__doc__ or "",
    reads=("cases.subsidy_increase_claimed", "facts.piis_concluded", "facts.conclusion_date",
           "cases.subsidy_increase_start_date", "cases.piis_start_date", "cases.ri_decision_date",
           "cases.ri_end_date", "cases.ri_monthly_amount", "cases.category"),
)

