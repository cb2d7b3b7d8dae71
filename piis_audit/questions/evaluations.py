"""Question 7 ``evaluations``: three evaluations a year, formalised (AR 11/07/2002 art. 15).

*Les évaluations (3) ont-elles eu lieu et ont-elles été formalisées ?*

Applies to every concluded PIIS that has started: the start is ``piis_start_date``, else the
conclusion date; a PIIS that has not started at the as-of date is ``not_applicable``.

The time from the start is cut into **windows of 12 months** ("de quantième à veille de
quantième": a PIIS starting 17/11/2023 has a first window 17/11/2023 – 16/11/2024), up to the
earliest of ``piis_end_date``, ``ri_end_date`` and the as-of date. Only evaluations with
``report_present`` true are counted (formalised); an evaluation counts in the window holding its
``evaluation_date``.

* a **complete** window (its last day is before the as-of date: on its last day it still runs,
  like a deadline) needs ≥ 3 formalised evaluations, ≥ 2 of them in a personal interview;
* a **closed partial** window (the PIIS or the RI ended in it, on or before the as-of date) needs
  max(1, ⌊3 · days / 365⌋) formalised evaluations (the short-PIIS FAQ of the circular: the three
  are due "per year"), days counted from the window's start to the end date, both included; no
  personal-interview minimum; it decides, it is never pending;
* the **current open** window is never a fail, and it is already **met** once it holds ≥ 3
  formalised evaluations, ≥ 2 of them in a personal interview; while no window is complete or
  closed: ``pass`` when the open window is met, else ``pending``, with a note when it is behind
  the pro-rata pace (⌊3 · days elapsed / 365⌋).

A pass (``windows_met``) names every window with its dates, the formalised evaluations and
personal interviews found and the minimums it had (a closed partial window's pro-rata minimum,
an open window's counts so far).

Verdicts: any complete or closed window short → ``fail`` (the first one is the reason, each other
one a note); all complete and closed windows met → ``pass`` (even while a later window runs);
only an open window → ``pass`` when it is already met, else ``pending``, due at the end of the window, action "plan the missing
evaluations". An empty ``report_present`` or ``personal_interview`` is unknown: such an evaluation
is never counted as formalised; when counting it or not would change the verdict the answer is
``missing_data`` naming the field.

Pass (as of 01/12/2025)::

    piis_start_date 01/10/2024
    evaluations     15/12/2024 interview, report · 20/03/2025 report · 10/07/2025 interview, report
    -> window 01/10/2024 – 30/09/2025 complete: 3 formalised, 2 interviews; the window from
       01/10/2025 is still open -> pass

Fail (as of 01/12/2025)::

    piis_start_date 01/10/2024
    evaluations     15/12/2024 interview, report · 20/03/2025 report · 10/07/2025 report
    -> window 01/10/2024 – 30/09/2025: 3 formalised but 1 personal interview -> fail

Closed partial window::

    piis_start_date 01/01/2025, piis_end_date 31/05/2025 (151 days): needs max(1, ⌊3·151/365⌋) = 1
"""

from __future__ import annotations

from piis_audit.checklist import params as P
from piis_audit.questions.interface import CheckKind

ID = "evaluations"
TABLE = "evaluations"


KIND = CheckKind(
    id=ID,
    reasons=("not_applicable", "windows_met", "not_started", "ended_before_start", "short_window",
             "short_partial_window", "first_window_running", "behind_pace",
             "action_plan_evaluations", "uncertain_counts"),
    params={"window_months": P.months(), "evaluations_per_year": P.count(1, 365, unit="evaluations"),
            "personal_interviews_per_year": P.count(0, 365, unit="interviews"),
            "partial_window_minimum": P.count(0, 365, unit="evaluations"), "days_per_year": P.days(365, 366),
            "partial_days_inclusive": P.flag()},
    doc=__doc__ or "",
    reads=("facts.piis_concluded", "facts.conclusion_date", "cases.piis_start_date", "cases.piis_end_date",
           "cases.ri_end_date", "evaluations.case_id", "evaluations.evaluation_date",
           "evaluations.report_present", "evaluations.personal_interview"),
)

