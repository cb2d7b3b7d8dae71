"""``signatures``: the PIIS signed by the parties (circular §2.2, §4.3).

Applies to every concluded PIIS.

* pass: ``signed_beneficiary`` and ``signed_cpas`` are ``oui``, and ``signed_third_party`` too
  when ``third_party`` is set.
* fail: any of them ``non`` (the reason lists each missing signature).
* missing_data: none ``non`` but some empty.
* note: signed fewer than ``reflection_days`` calendar days after the draft was handed over
  (``draft_given_date``): the reflection period was not left (circular §5.1; Cour trav. Liège
  17/01/2023). With ``short_reflection_fails: true`` it is a fail instead (docs/questions.md's default
  is a note).
"""

from __future__ import annotations

import datetime as dt

from piis_audit import dates
from piis_audit.checklist import params as P
from piis_audit.checklist.model import Question
from piis_audit.model import Message, Result, Verdict
from piis_audit.questions.flags import check_flags, raise_unknown
from piis_audit.questions.interface import CaseContext, CheckKind, result


def check(ctx: CaseContext, q: Question) -> Result:
    fields = ["signed_beneficiary", "signed_cpas"]
    third_party = ctx.step("third_party")
    if third_party:
        fields.append("signed_third_party")
    flags = check_flags(ctx, fields)
    signed = ctx.facts.conclusion_date
    if signed is None:  # only a concluded PIIS is checked, whatever the checklist's applies_if says
        return result(q, Verdict.NOT_APPLICABLE, "not_applicable")
    evidence = {**flags.evidence, "third_party": third_party, "piis_signed_date": signed}
    notes: tuple[Message, ...] = ()
    draft: dt.date | None = ctx.case.values.get("draft_given_date")
    if draft is not None:
        evidence["draft_given_date"] = draft
        days = dates.days_between(draft, signed)
        if days < q.params["reflection_days"]:
            notes = (Message("short_reflection", {"draft": draft, "signed": signed, "days": days,
                                                  "minimum": q.params["reflection_days"]}),)
    if flags.absent:
        return result(q, Verdict.FAIL, "missing_signatures", evidence=evidence, notes=notes,
                      signatures=list(flags.absent))
    if notes and q.params["short_reflection_fails"]:
        return result(q, Verdict.FAIL, "short_reflection", evidence=evidence, **notes[0].params)
    raise_unknown(flags, ctx)
    return result(q, Verdict.PASS, evidence=evidence, notes=notes)


KIND = CheckKind(id="signatures", check=check, reasons=("not_applicable", "missing_signatures", "short_reflection"),
                 params={"reflection_days": P.days(0, 60), "short_reflection_fails": P.flag()}, doc=__doc__ or "",
                 reads=("cases.signed_beneficiary", "cases.signed_cpas", "cases.third_party",
                        "cases.signed_third_party", "facts.conclusion_date", "cases.draft_given_date"))
