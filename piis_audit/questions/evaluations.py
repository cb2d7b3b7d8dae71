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

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, NamedTuple

from piis_audit import dates
from piis_audit.checklist import params as P
from piis_audit.checklist.model import Question
from piis_audit.model import Evaluation, Message, Result, Verdict
from piis_audit.questions.interface import (CaseContext, CheckKind, MissingData, month_end_note,
                                            result)

ID = "evaluations"


TABLE = "evaluations"


class WindowState(str, Enum):
    COMPLETE = "complete"  # the whole 12 months lie before the as-of date and the PIIS ran them
    CLOSED_PARTIAL = "closed_partial"  # the PIIS or the RI ended inside it, on or before as-of
    OPEN = "open"  # still running at the as-of date


class Window(NamedTuple):
    """One 12-month evaluation window (a named tuple: a case has several, built by the 100 000)."""

    number: int  # 1 for the first window
    start: dt.date
    end: dt.date  # last day of the full window
    state: WindowState
    until: dt.date  # last day counted: end (complete), the end date (closed partial), as-of (open)
    closes_on: dt.date  # when an open window will close (its end, or an earlier planned end)
    notes: tuple[Message, ...] = ()


@dataclass
class Tally:
    """Formalised evaluations in a window, as certain (``*_min``) and possible (``*_max``) counts:
    an evaluation with an unknown value is in ``*_max`` only."""

    formal_min: int = 0
    formal_max: int = 0
    interviews_min: int = 0
    interviews_max: int = 0
    unknown: set[str] = field(default_factory=set)


def _param(q: Question, name: str) -> int:
    return int(q.params[name])


def piis_start(ctx: CaseContext) -> tuple[dt.date | None, str]:
    """The date the PIIS took effect: ``piis_start_date``, else the conclusion date."""
    start = ctx.step("piis_start_date")
    if start is not None:
        return start, "piis_start_date"
    return ctx.derived("conclusion_date"), "conclusion_date"


def end_dates(ctx: CaseContext) -> tuple[dt.date, ...]:
    """The planned or actual ends on file: ``piis_end_date`` and ``ri_end_date``."""
    return tuple(d for d in (ctx.step("piis_end_date"), ctx.step("ri_end_date")) if d is not None)


def closure_date(ctx: CaseContext, ends: tuple[dt.date, ...] | None = None) -> dt.date | None:
    """The day the PIIS ended, when it ended on or before the as-of date (``piis_end_date`` or
    ``ri_end_date``, the earlier)."""
    past = [d for d in (end_dates(ctx) if ends is None else ends) if d <= ctx.as_of]
    return min(past) if past else None


def windows(ctx: CaseContext, q: Question, start: dt.date,
            ends: tuple[dt.date, ...] | None = None) -> list[Window]:
    """The 12-month windows from ``start`` up to the PIIS end, the RI end or the as-of date."""
    months = _param(q, "window_months")
    ends = end_dates(ctx) if ends is None else ends
    closed = closure_date(ctx, ends)
    future_ends = [d for d in ends if d > ctx.as_of]
    limit = min([ctx.as_of] + ([closed] if closed else []))
    out: list[Window] = []
    window_start = start
    number = 1
    while window_start <= limit:
        shifted = ctx.period_end(start, months * number)  # from the PIIS start, so no drift
        end = shifted.value
        notes = month_end_note(start, months * number, shifted)
        if closed is not None and closed <= end:
            state = WindowState.COMPLETE if closed == end else WindowState.CLOSED_PARTIAL
            out.append(Window(number, window_start, end, state, closed, closed, notes))
            break
        if end < ctx.as_of:  # on its last day a window is still running (like a deadline)
            out.append(Window(number, window_start, end, WindowState.COMPLETE, end, end, notes))
        else:
            closes_on = min([end] + future_ends)
            out.append(Window(number, window_start, end, WindowState.OPEN, ctx.as_of, closes_on,
                              notes))
            break
        window_start = dates.add_days(end, 1)
        number += 1
    return out


def tally(evaluations: tuple[Evaluation, ...], start: dt.date, until: dt.date,
          table_present: bool, undated: int = 0) -> Tally:
    """Count the formalised evaluations dated from ``start`` to ``until``, both included.
    ``undated``: the case's rows rejected for want of a date, each possibly in the window."""
    t = Tally()
    if undated:
        t.formal_max = t.interviews_max = undated
        t.unknown.add("evaluation_date")
    if not table_present:
        # The export cannot show evaluations at all: anything is possible.
        t.formal_max = t.interviews_max = 10**6
        t.unknown.add("evaluation_date")
        return t
    for ev in evaluations:
        day = ev.evaluation_date
        if day is not None and not start <= day <= until:
            continue
        certain_in = day is not None
        if not certain_in:
            t.unknown.add("evaluation_date")
        report, interview = ev.report_present, ev.personal_interview
        if report is False:
            continue  # not formalised: never counted
        if report is None:
            t.unknown.add("report_present")
        t.formal_max += 1
        if report is True and certain_in:
            t.formal_min += 1
        if interview is None:
            t.unknown.add("personal_interview")
        if interview is not False:
            t.interviews_max += 1
            if interview is True and report is True and certain_in:
                t.interviews_min += 1
    return t


def window_days(q: Question, window: Window) -> int:
    """Days of a window up to its last counted day (both ends included by default)."""
    extra = 1 if q.params["partial_days_inclusive"] else 0
    return dates.days_between(window.start, window.until) + extra


def pro_rata(q: Question, days: int) -> int:
    """⌊per_year · days / days_per_year⌋ evaluations."""
    return (_param(q, "evaluations_per_year") * days) // _param(q, "days_per_year")


def requirement(q: Question, window: Window) -> tuple[int, int]:
    """(formalised evaluations, personal interviews) a decided window needs."""
    if window.state is WindowState.COMPLETE:
        return _param(q, "evaluations_per_year"), _param(q, "personal_interviews_per_year")
    return max(_param(q, "partial_window_minimum"), pro_rata(q, window_days(q, window))), 0


def open_window_met(q: Question, t: Tally) -> bool:
    """An open window is already met once it holds a complete window's evaluations for certain
    (≥ 3 formalised, ≥ 2 of them in a personal interview)."""
    return (t.formal_min >= _param(q, "evaluations_per_year")
            and t.interviews_min >= _param(q, "personal_interviews_per_year"))


def _missing_why(ctx: CaseContext, fields: tuple[str, ...]) -> str:
    absent = [name for name in fields if ctx.column_absent(TABLE, name)]
    if absent:
        return "no_column"
    for ev in ctx.case.evaluations:
        if any(name in ev.invalid for name in fields):
            return "invalid"
    if "evaluation_date" in fields and "invalid" in ctx.rejected_rows(TABLE):
        return "invalid"
    return "empty"


def count_text(low: int, high: int) -> int | str:
    """A count as the reasons state it: the number, or ``low–high`` when some evaluations'
    values are unknown (an explanation never states what the tool does not know)."""
    return low if low == high else f"{low}–{high}"


def _window_params(window: Window, t: Tally, required: int, interviews: int,
                   days: int) -> dict[str, object]:
    return {"window": window.number, "window_start": window.start, "window_end": window.until,
            "formal": count_text(t.formal_min, t.formal_max),
            "interviews": count_text(t.interviews_min, t.interviews_max), "required": required,
            "required_interviews": interviews, "days": days}


def _uncertain_note(ctx: CaseContext, unknown: set[str]) -> Message:
    fields = sorted(unknown)
    why = Message(f"common.cause.{_missing_why(ctx, tuple(fields))}")
    return Message("uncertain_counts", {"fields": fields, "why": why})


def check(ctx: CaseContext, q: Question) -> Result:
    """Decide question 7 for one case."""
    if not ctx.derived("piis_concluded"):
        return result(q, Verdict.NOT_APPLICABLE, "not_applicable")
    start, start_from = piis_start(ctx)
    evidence: dict[str, object] = {start_from: start, "piis_end_date": ctx.step("piis_end_date"),
                                   "ri_end_date": ctx.step("ri_end_date"),
                                   "evaluations": len(ctx.case.evaluations)}
    if start is None:
        raise MissingData(("piis_start_date", "piis_signed_date"))
    if start > ctx.as_of:
        return result(q, Verdict.NOT_APPLICABLE, "not_started", evidence=evidence,
                      start=start, as_of=ctx.as_of)
    ends = end_dates(ctx)
    closed = closure_date(ctx, ends)
    if closed is not None and closed < start:
        return result(q, Verdict.NOT_APPLICABLE, "ended_before_start", evidence=evidence,
                      start=start, end=closed)

    # An evaluations table without the columns its rows need: every row was rejected, the
    # evaluations are unknown (MissingData), not absent.
    ctx.child_rows_known(TABLE, "evaluation_date")
    table_present = TABLE in ctx.export.tables_present
    undated = len(ctx.rejected_rows(TABLE))  # evaluations on file whose date is unknown
    notes: list[Message] = []
    short: list[Message] = []
    uncertain: set[str] = set()
    short_unknown: set[str] = set()  # unknown values in windows short whatever they are
    decided = 0
    open_window: tuple[Window, Tally] | None = None
    for window in windows(ctx, q, start, ends):
        t = tally(ctx.case.evaluations, window.start, window.until, table_present, undated)
        if window.state is WindowState.OPEN:
            open_window = (window, t)
            continue
        decided += 1
        notes.extend(window.notes)
        required, interviews = requirement(q, window)
        met_surely = t.formal_min >= required and t.interviews_min >= interviews
        met_possibly = t.formal_max >= required and t.interviews_max >= interviews
        key = "short_window" if window.state is WindowState.COMPLETE else "short_partial_window"
        if not met_possibly:
            short.append(Message(key, _window_params(window, t, required, interviews,
                                                     window_days(q, window))))
            short_unknown |= t.unknown
        elif not met_surely:
            uncertain |= t.unknown

    open_params: dict[str, Any] = {}
    if open_window is not None:
        window, t = open_window
        elapsed = window_days(q, window)
        expected = pro_rata(q, elapsed)
        if window.closes_on < window.end:  # a planned end inside the window: pro-rata at closing
            closing = Window(window.number, window.start, window.end, WindowState.CLOSED_PARTIAL,
                             window.closes_on, window.closes_on)
            required, interviews = requirement(q, closing)
        else:
            required = _param(q, "evaluations_per_year")
            interviews = _param(q, "personal_interviews_per_year")
        open_params = {"window": window.number, "window_start": window.start,
                       "window_end": window.closes_on,
                       "formal": count_text(t.formal_min, t.formal_max),
                       "interviews": count_text(t.interviews_min, t.interviews_max),
                       "required": required,
                       "required_interviews": interviews,
                       "missing": max(0, required - t.formal_min),
                       "missing_interviews": max(0, interviews - t.interviews_min),
                       "as_of": ctx.as_of, "expected": expected}
        if t.formal_max < expected:  # behind for certain, whatever the unknown values
            notes.append(Message("behind_pace", open_params))
        notes.extend(window.notes)

    if short:
        if short_unknown:
            notes.append(_uncertain_note(ctx, short_unknown))
        return result(q, Verdict.FAIL, short[0].key, evidence=evidence,
                      notes=tuple(short[1:]) + tuple(notes), **short[0].params)
    if uncertain:
        fields = tuple(sorted(uncertain))
        raise MissingData(fields, _missing_why(ctx, fields))
    if decided:
        if open_window is not None and (open_params["missing"] or open_params["missing_interviews"]):
            return result(q, Verdict.PASS, evidence=evidence, notes=tuple(notes),
                          due_date=open_window[0].closes_on, action="action_plan_evaluations",
                          **open_params)
        return result(q, Verdict.PASS, evidence=evidence, notes=tuple(notes))
    assert open_window is not None  # start <= as-of and not ended before start: one window
    t = open_window[1]
    if open_window_met(q, t):
        # The open window already holds a full year's evaluations: it is met before it ends.
        return result(q, Verdict.PASS, evidence=evidence, notes=tuple(notes))
    if t.unknown and open_window_met(q, Tally(t.formal_max, t.formal_max, t.interviews_max,
                                              t.interviews_max)):
        # Met or not yet: the unknown values decide between pass and pending.
        fields = tuple(sorted(t.unknown))
        raise MissingData(fields, _missing_why(ctx, fields))
    if t.unknown:
        notes.append(_uncertain_note(ctx, t.unknown))
    return result(q, Verdict.PENDING, "first_window_running", evidence=evidence,
                  notes=tuple(notes), due_date=open_window[0].closes_on,
                  action="action_plan_evaluations", **open_params)


KIND = CheckKind(
    id=ID,
    check=check,
    reasons=("not_applicable", "not_started", "ended_before_start", "short_window",
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
