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
is to be withdrawn (circular §7).

Pass::

    decision 10/02/2025, warning 20/01/2025, invited 27/01/2025, heard 03/02/2025,
    advice 05/02/2025, motivated, notified 12/02/2025, suspended 01/03/2025 – 31/03/2025

Fail::

    decision 10/02/2025, no warning, suspended 01/03/2025 – 15/04/2025 (first sanction)
    -> sanction decided 10/02/2025: no formal warning; suspension longer than 1 month
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from piis_audit import dates
from piis_audit.checklist import params as P
from piis_audit.checklist.model import Question
from piis_audit.model import Message, Result, Sanction, Verdict
from piis_audit.questions.interface import (CaseContext, CheckKind, MissingData, month_end_note,
                                            result)

ID = "sanctions"
TABLE = "sanctions"


# Columns the export may leave out (docs/export-format.md): an absent hearing_date means "not heard".
OPTIONAL = frozenset({"hearing_date", "duration_days", "end_date"})

COND = "sanctions.condition."  # message keys of the i18n catalog (piis_audit/i18n/conditions_and_grounds.yaml)


@dataclass
class SanctionCheck:
    """What was found for one sanction: broken conditions, and fields that could not be read."""

    sanction: Sanction
    number: int  # 1 for the case's earliest sanction
    broken: list[Message] = field(default_factory=list)
    unknown: dict[str, str] = field(default_factory=dict)  # field -> empty | invalid | no_column
    notes: list[Message] = field(default_factory=list)
    repeat: bool = False


def _flag(q: Question, name: str) -> bool:
    return bool(q.params[name])


def _int(q: Question, name: str) -> int:
    return int(q.params[name])


class _Reader:
    """Reads one sanction's cells, telling "not on file" from "cannot be read"."""

    def __init__(self, ctx: CaseContext, found: SanctionCheck) -> None:
        self.ctx = ctx
        self.found = found

    def get(self, name: str) -> Any:
        """The value, or None; an unreadable cell or an absent required column is recorded."""
        value = getattr(self.found.sanction, name)
        if isinstance(value, str) and not value.strip():
            value = None
        if value is None:
            if name in self.found.sanction.invalid:
                self.found.unknown[name] = "invalid"
            elif name not in OPTIONAL and self.ctx.column_absent(TABLE, name):
                self.found.unknown[name] = "no_column"
        return value

    def is_unknown(self, name: str) -> bool:
        return name in self.found.unknown


def _before(q: Question, earlier: dt.date, later: dt.date) -> bool:
    return earlier <= later if _flag(q, "same_day_counts_as_before") else earlier < later


def is_repeat(ctx: CaseContext, q: Question, sanction: Sanction,
              others: tuple[Sanction, ...]) -> tuple[bool, tuple[Message, ...]]:
    """A previous sanction of the case was decided within 1 year before this one's decision."""
    decided = sanction.decision_date
    if decided is None:
        return False, ()
    months = _int(q, "repeat_within_months")
    for other in others:
        previous = other.decision_date
        if other is sanction or previous is None or not previous < decided:
            continue
        year = ctx.period_end(previous, months)
        if decided <= year.value:
            return True, month_end_note(previous, months, year)
    return False, ()


def _suspension_end(reader: _Reader, start: dt.date | None) -> dt.date | None:
    end: dt.date | None = reader.get("end_date")
    if end is not None:
        return end
    days: int | None = reader.get("duration_days")
    if days is not None and start is not None:
        return dates.add_days(start, int(days) - 1)  # the first day of the suspension counts
    return None


def check_sanction(ctx: CaseContext, q: Question, found: SanctionCheck,
                   others: tuple[Sanction, ...]) -> None:
    """Fill ``found`` with every broken condition and every field that prevented a check."""
    r = _Reader(ctx, found)
    s = found.sanction
    decided: dt.date | None = s.decision_date
    if decided is None:
        found.unknown["decision_date"] = "invalid" if "decision_date" in s.invalid else "empty"

    def dated_before(name: str, missing_key: str, late_key: str, strict: bool) -> None:
        day: dt.date | None = r.get(name)
        if day is None:
            if not r.is_unknown(name):
                found.broken.append(Message(COND + missing_key, {"decision_date": decided}))
            return
        if decided is None:
            return
        ok = _before(q, day, decided) if strict else day <= decided
        if not ok:
            found.broken.append(Message(COND + late_key, {"date": day, "decision_date": decided}))

    # 1. formal warning, 2. written invitation to be heard, 3. social worker's advice
    dated_before("warning_date", "no_warning", "warning_not_before", strict=True)
    dated_before("hearing_invitation_date", "no_hearing_invitation", "invitation_not_before",
                 strict=True)
    heard: dt.date | None = r.get("hearing_date")
    if heard is not None and decided is not None and heard > decided:
        found.broken.append(Message(COND + "heard_after", {"date": heard, "decision_date": decided}))
    dated_before("social_worker_advice_date", "no_advice", "advice_after", strict=False)

    # 4. motivated and notified
    if r.get("motivation") is None and not r.is_unknown("motivation"):
        found.broken.append(Message(COND + "no_motivation", {"decision_date": decided}))
    notified: dt.date | None = r.get("notified_date")
    if notified is None and not r.is_unknown("notified_date"):
        found.broken.append(Message(COND + "not_notified", {"decision_date": decided}))

    # 5. length of the suspension
    start: dt.date | None = r.get("start_date")
    end = _suspension_end(r, start)
    if start is None:
        found.unknown.setdefault("start_date", "empty")
    elif end is None:
        if not (r.is_unknown("end_date") or r.is_unknown("duration_days")):
            # Neither given: name both; the export may have a column for neither.
            absent = [ctx.column_absent(TABLE, name) for name in ("end_date", "duration_days")]
            why = "no_column" if all(absent) else "empty"
            for name in ("end_date", "duration_days"):
                found.unknown.setdefault(name, why)
    else:
        found.repeat, repeat_notes = is_repeat(ctx, q, s, others)
        found.notes.extend(repeat_notes)
        months = _int(q, "repeat_max_months") if found.repeat else _int(q, "max_months")
        limit = ctx.period_end(start, months)
        found.notes.extend(month_end_note(start, months, limit))
        if end > limit.value:
            found.broken.append(Message(COND + ("too_long_repeat" if found.repeat else "too_long"),
                                        {"start": start, "end": end, "months": months,
                                         "latest_end": limit.value,
                                         "days": dates.days_between(start, end) + 1}))

    # 6. when the suspension starts
    if start is not None:
        if notified is not None and start <= notified:
            found.broken.append(Message(COND + "start_not_after_notification",
                                        {"start": start, "notified": notified}))
        if decided is not None:
            latest = dates.first_of_month_after(decided, _int(q, "start_by_month"))
            if start > latest:
                found.broken.append(Message(COND + "start_too_late",
                                            {"start": start, "latest_start": latest,
                                             "decision_date": decided}))


def _order(s: Sanction) -> tuple[int, dt.date, int]:
    return (s.decision_date is None, s.decision_date or dt.date.min, s.row)


def check(ctx: CaseContext, q: Question) -> Result:
    """Decide question 8 for one case."""
    sanctions = tuple(sorted(ctx.case.sanctions, key=_order))
    if not sanctions:
        return result(q, Verdict.NOT_APPLICABLE, "not_applicable")
    evidence: dict[str, object] = {"sanctions": [s.decision_date for s in sanctions]}
    checks = [SanctionCheck(s, i) for i, s in enumerate(sanctions, start=1)]
    notes: list[Message] = []
    for found in checks:
        check_sanction(ctx, q, found, sanctions)
        notes.extend(found.notes)
        if found.number >= _int(q, "note_from_sanction"):
            notes.append(Message("note_third_sanction", {"decision_date": found.sanction.decision_date,
                                                         "number": found.number}))
    failing = [c for c in checks if c.broken]
    if failing:
        messages = [Message("conditions_broken", {
            "decision_date": c.sanction.decision_date, "number": c.number,
            "count": len(c.broken), "conditions": list(c.broken)}) for c in failing]
        return result(q, Verdict.FAIL, messages[0].key, evidence=evidence,
                      notes=tuple(messages[1:]) + tuple(notes), **messages[0].params)
    unknown: dict[str, str] = {}
    for why in ctx.rejected_rows(TABLE):  # a sanction on file whose decision date is unknown
        unknown.setdefault("decision_date", why)
    for c in checks:
        for name, why in c.unknown.items():
            unknown.setdefault(name, why)
    if unknown:
        whys = set(unknown.values())
        raise MissingData(tuple(unknown), whys.pop() if len(whys) == 1 else "empty")
    return result(q, Verdict.PASS, evidence=evidence, notes=tuple(notes))


KIND = CheckKind(
    id=ID,
    check=check,
    reasons=("not_applicable", "conditions_broken", "note_third_sanction"),
    params={"max_months": P.months(), "repeat_max_months": P.months(), "repeat_within_months": P.months(),
            "start_by_month": P.months(), "same_day_counts_as_before": P.flag(),
            "note_from_sanction": P.count(1, unit="sanctions")},
    doc=__doc__ or "",
    reads=("sanctions.case_id", "sanctions.decision_date", "sanctions.warning_date",
           "sanctions.hearing_invitation_date", "sanctions.hearing_date", "sanctions.social_worker_advice_date",
           "sanctions.motivation", "sanctions.notified_date", "sanctions.start_date", "sanctions.end_date",
           "sanctions.duration_days"),
)
