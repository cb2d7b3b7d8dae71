"""``absence-motivated``: where a PIIS is due but none was concluded, a motivated decision
(circular §3.1, §4.2).

Applies when a PIIS is mandatory (a request by either party included) and none is concluded.

* pass: exempted (``exemption_reason`` health or equity, with ``exemption_decision_date``) and
  ``exemption_motivation`` written.
* fail: an exemption decision without motivation; or no exemption decision and the deadline has
  passed.
* pending: no decision yet, the deadline not passed.
* not_applicable (with a note): the RI ended (``ri_end_date``) before the deadline: no PIIS was
  due, as the ``deadline`` question says (the same test, :func:`deadline.ri_ended_before`).
* note: the motivation speaks only of (in)capacity to work: the circular requires a double
  motivation (taking part in a PIIS is another question than capacity to work). Detected with
  the ``capacity_words`` / ``participation_words`` lists (case- and accent-insensitive).
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from piis_audit import dates
from piis_audit.checklist import params as P
from piis_audit.checklist.model import Question
from piis_audit.model import Message, Result, Verdict
from piis_audit.questions.deadline import ri_ended_before, ri_ended_note
from piis_audit.questions.interface import CaseContext, CheckKind, result


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def speaks_only_of_work_capacity(motivation: str, capacity_words: list[str],
                                 participation_words: list[str]) -> bool:
    folded = _fold(motivation)
    mentions_capacity = any(_fold(w) in folded for w in capacity_words)
    mentions_participation = any(_fold(w) in folded for w in participation_words)
    return mentions_capacity and not mentions_participation


def check(ctx: CaseContext, q: Question) -> Result:
    reason_code = ctx.step("exemption_reason")
    decision: dt.date | None = ctx.step("exemption_decision_date")
    motivation: str | None = ctx.step("exemption_motivation")
    evidence: dict[str, object] = {"exemption_reason": reason_code, "exemption_decision_date": decision,
                                   "exemption_motivation": motivation}
    if ctx.derived("exempted"):
        if not motivation:
            return result(q, Verdict.FAIL, "no_motivation", evidence=evidence, decision=decision)
        notes: tuple[Message, ...] = ()
        if speaks_only_of_work_capacity(motivation, q.params["capacity_words"], q.params["participation_words"]):
            notes = (Message("single_motivation", {"decision": decision}),)
        return result(q, Verdict.PASS, "motivated", evidence=evidence, notes=notes, decision=decision,
                      reason=reason_code)
    deadline: dt.date = ctx.derived("deadline")
    evidence["deadline"] = deadline
    ri_end = ri_ended_before(ctx, deadline)
    if ri_end is not None:  # no PIIS was due, as the deadline question says
        evidence["ri_end_date"] = ri_end
        start_field = ctx.facts.deadline_from or "ri_decision_date"
        note = ri_ended_note(ri_end, deadline, ctx.case.values.get(start_field), start_field)
        return result(q, Verdict.NOT_APPLICABLE, "ri_ended", evidence=evidence, notes=(note,),
                      ri_end=ri_end, deadline=deadline)
    if ctx.as_of > deadline:
        return result(q, Verdict.FAIL, "no_decision", evidence=evidence, deadline=deadline, due_date=deadline,
                      action="action_decide", days_late=dates.days_between(deadline, ctx.as_of))
    return result(q, Verdict.PENDING, "pending", evidence=evidence, due_date=deadline,
                  action="action_decide", deadline=deadline)


KIND = CheckKind(id="absence-motivated", check=check,
                 reasons=("no_motivation", "single_motivation", "motivated", "no_decision", "pending",
                          "action_decide", "ri_ended"),
                 params={"capacity_words": P.texts(), "participation_words": P.texts()}, doc=__doc__ or "",
                 reads=("cases.exemption_reason", "cases.exemption_decision_date", "cases.exemption_motivation",
                        "facts.exempted", "facts.deadline", "cases.ri_end_date"))
