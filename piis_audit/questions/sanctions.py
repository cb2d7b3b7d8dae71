"""Question 8 ``sanctions``: the conditions of a sanction (loi art. 30 §2, art. 20; AR art. 7).

*En cas de sanction : a-t-on respecté les conditions qui s'appliquent à une sanction ?*

Applies when the case has rows in ``sanctions``. Each sanction (one row: a suspension of the RI
for not respecting the PIIS) is checked against every condition:

1. a formal warning (mise en demeure / aanmaning, ``warning_date``) before the decision;
2. the person informed in writing of the right to be heard (``hearing_invitation_date``) before
   the decision; if heard, ``hearing_date`` on or before the decision;
3. the social worker's advice on file (``social_worker_advice_date`` on or before the decision);
4. a motivated decision (``motivation`` not empty), notified (``notified_date``);
5. a suspension of at most 1 month (``end_date`` on or before the end of the 1-month period from
   ``start_date``: from 01/03 up to 31/03); at most 3 months when a previous PIIS sanction of the
   same case was decided within 1 year before (repeat: the new decision falls within the
   12-month period that starts on the previous decision). The length comes from ``end_date``,
   else from ``duration_days`` (the start day counted: 31 days from 01/03 end on 31/03);
6. a suspension starting strictly after the notification and no later than the first day of the
   3rd month after the decision month (decided in February: start by 1 May).

"Before" (conditions 1 and 2) means strictly earlier by default (``same_day_counts_as_before``).
Any condition broken → ``fail``, naming the sanction (its decision date) and every broken
condition; a further failing sanction is a note. A condition that cannot be checked (no start
date, no end date nor duration, an unreadable cell) gives ``missing_data`` only when no condition
fails. From the third sanction on, a note: after two sanctions and a persisting breach the right
is to be withdrawn (circular §7). ``pass`` (``conditions_met``) names every sanction checked with
the dates that met its conditions (warning, invitation, advice, notification, suspension).

Pass::

    decision 10/02/2025, warning 20/01/2025, invited 27/01/2025, heard 03/02/2025,
    advice 05/02/2025, motivated, notified 12/02/2025, suspended 01/03/2025 – 31/03/2025

Fail::

    decision 10/02/2025, no warning, suspended 01/03/2025 – 15/04/2025 (first sanction)
    -> sanction decided 10/02/2025: no formal warning; suspension longer than 1 month
"""

from __future__ import annotations

from piis_audit.checklist import params as P
from piis_audit.questions.interface import CheckKind

ID = "sanctions"
TABLE = "sanctions"

# Columns the export may leave out (docs/export-format.md): an absent hearing_date means "not heard".
OPTIONAL = frozenset({"hearing_date", "duration_days", "end_date"})
COND = "sanctions.condition."  # message keys of the i18n catalog (piis_audit/i18n/conditions_and_grounds.yaml)


KIND = CheckKind(
    id=ID,
    reasons=("not_applicable", "conditions_met", "conditions_broken", "note_third_sanction"),
    params={"max_months": P.months(), "repeat_max_months": P.months(), "repeat_within_months": P.months(),
            "start_by_month": P.months(), "same_day_counts_as_before": P.flag(),
            "note_from_sanction": P.count(1, unit="sanctions")},
    doc=__doc__ or "",
    reads=("sanctions.case_id", "sanctions.decision_date", "sanctions.warning_date",
           "sanctions.hearing_invitation_date", "sanctions.hearing_date", "sanctions.social_worker_advice_date",
           "sanctions.motivation", "sanctions.notified_date", "sanctions.start_date", "sanctions.end_date",
           "sanctions.duration_days"),
)

