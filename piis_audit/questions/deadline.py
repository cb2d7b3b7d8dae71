"""``deadline``: the PIIS concluded within 3 months (loi art. 11 and 13; circular §4.1).

Applies when a PIIS is mandatory and the case is not exempted (``applies_if``). The deadline
is a derived fact: ``ri_decision_date`` + ``deadline_months`` months − 1 day ("de quantième à
veille de quantième": decided 17/11/2016 -> deadline 16/02/2017), or from ``piis_request_date``
when it is the request that makes the PIIS mandatory.

* pass: signed on or before the deadline (signed 16/02/2017 for a decision of 17/11/2016).
* fail: signed after it (17/02/2017: 1 day late), or not signed and the deadline has passed.
* pending: not signed, the deadline not passed at the as-of date.
* not_applicable (with a note): not signed and the RI ended before the deadline.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from piis_audit import dates
from piis_audit.checklist.model import Question
from piis_audit.model import Message, Result, Verdict
from piis_audit.questions.interface import CaseContext, CheckKind, result


def ri_ended_before(ctx: CaseContext, deadline: dt.date) -> dt.date | None:
    """The RI's end (``ri_end_date``) when the RI ended before ``deadline``, else None: then no
    PIIS was due (docs/questions.md questions 2 and 6; used by ``deadline`` and ``absence-motivated``)."""
    ri_end: dt.date | None = ctx.step("ri_end_date")
    return ri_end if ri_end is not None and ri_end < deadline else None


def ri_ended_note(ri_end: dt.date, deadline: dt.date, start: dt.date | None, start_field: str) -> Message:
    """The note both questions carry when the RI ended before the deadline."""
    return Message("ri_ended", {"ri_end": ri_end, "deadline": deadline, "start": start,
                                "start_field": start_field})


def check(ctx: CaseContext, q: Question) -> Result:
    deadline: dt.date = ctx.derived("deadline")
    start_field = ctx.facts.deadline_from or "ri_decision_date"
    start = ctx.case.values.get(start_field)
    signed = ctx.facts.conclusion_date if ctx.derived("piis_concluded") else None
    evidence: dict[str, object] = {start_field: start, "deadline": deadline, "piis_signed_date": signed}
    notes = ctx.facts.notes
    common: dict[str, Any] = {"deadline": deadline, "start": start, "start_field": start_field}
    if signed is not None:
        if signed <= deadline:
            return result(q, Verdict.PASS, "on_time", evidence=evidence, notes=notes, signed=signed, **common)
        return result(q, Verdict.FAIL, "late", evidence=evidence, notes=notes, signed=signed,
                      days_late=dates.days_between(deadline, signed), **common)
    ri_end = ri_ended_before(ctx, deadline)
    if ri_end is not None:
        evidence["ri_end_date"] = ri_end
        return result(q, Verdict.NOT_APPLICABLE, "ri_ended", evidence=evidence,
                      notes=notes + (ri_ended_note(ri_end, deadline, start, start_field),),
                      ri_end=ri_end, **common)
    if ctx.as_of > deadline:
        return result(q, Verdict.FAIL, "not_concluded", evidence=evidence, notes=notes, due_date=deadline,
                      action="action_conclude", days_late=dates.days_between(deadline, ctx.as_of), **common)
    return result(q, Verdict.PENDING, "pending", evidence=evidence, notes=notes, due_date=deadline,
                  action="action_conclude", days_left=dates.days_between(ctx.as_of, deadline), **common)


KIND = CheckKind(id="deadline", check=check,
                 reasons=("on_time", "late", "ri_ended", "not_concluded", "pending", "action_conclude"),
                 doc=__doc__ or "",
                 reads=("facts.deadline", "facts.piis_concluded", "facts.conclusion_date", "cases.ri_decision_date",
                        "cases.piis_request_date", "cases.ri_end_date"))
