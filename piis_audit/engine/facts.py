"""Derived facts, computed once per case (docs/questions.md "Derived facts").

The mandatory-PIIS decision (loi art. 11 and 13 as reformed 21/07/2016; circular §3, §4.4):

1. never mandatory by law when the RI tops up work income or an employment measure;
2. under 25 (``adult_age``): mandatory with full-time studies, an employment trajectory, or for a
   new beneficiary;
3. 25 or over: mandatory only for a new beneficiary;
4. a request by either party makes it mandatory in every case, rules 1 and 5 included;
5. after a move, 25 or over (``move_no_obligation_min_age``), right not interrupted more than
   3 months: the new CPAS has no obligation.

Unknown values are handled three-valued: a fact is None only when its value really depends on an
empty field, and ``Facts.missing`` then names the fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from piis_audit import dates
from piis_audit.checklist.model import Checklist
from piis_audit.model import Case, Facts, Message

EXEMPTION_REASONS = ("health", "equity")


def _missing_fields(case: Case, *names: str) -> tuple[str, ...]:
    return tuple(n for n in names if case.values.get(n) is None)


def new_beneficiary(case: Case, months: int) -> tuple[bool | None, tuple[str, ...]]:
    """No RI in the ``months`` months before this grant. The boolean wins over the date."""
    flag = case.values.get("ri_in_previous_3_months")
    if flag is not None:
        return (not flag), ()
    previous_end: dt.date | None = case.values.get("previous_ri_end_date")
    decision: dt.date | None = case.values.get("ri_decision_date")
    if previous_end is not None and decision is not None:
        return previous_end < dates.shift_months(decision, -months).value, ()
    return None, _missing_fields(case, "ri_in_previous_3_months", "ri_decision_date")


def _legal_obligation(case: Case, age: int | None, new: bool | None, p: Mapping[str, Any],
                      ) -> tuple[bool | None, str, tuple[str, ...]]:
    """(mandatory by law?, reason key, missing fields) — rules 1, 2, 3 and 5."""
    v = case.values
    if v.get("complementary_ri_with_work"):
        return False, "facts.mandatory.no_work", ()
    if v.get("employment_measure"):
        return False, "facts.mandatory.no_employment_measure", ()
    if age is None:
        # Decide without the age when both age branches agree, saying so: the reason never
        # states an age it does not know.
        young = _under_age_rule(v, new)
        older = _adult_rule(v, new, moved=bool(v.get("moved_from_other_cpas")), move_applies=True)
        if young[0] is not None and young[0] == older[0]:
            return young[0], ("facts.mandatory.age_unknown_new" if young[0] else
                              "facts.mandatory.age_unknown_none"), ()
        return None, "", ("birth_date",) + young[2] + older[2]
    if age < p["adult_age"]:
        return _under_age_rule(v, new)
    return _adult_rule(v, new, moved=bool(v.get("moved_from_other_cpas")),
                       move_applies=age >= p["move_no_obligation_min_age"])


def _under_age_rule(v: Mapping[str, Any], new: bool | None) -> tuple[bool | None, str, tuple[str, ...]]:
    if v.get("full_time_studies"):
        return True, "facts.mandatory.young_studies", ()
    if v.get("employment_trajectory"):
        return True, "facts.mandatory.young_trajectory", ()
    if new:
        return True, "facts.mandatory.young_new", ()
    unknown = tuple(name for name in ("full_time_studies", "employment_trajectory") if v.get(name) is None)
    if new is None:
        unknown += ("ri_in_previous_3_months",)
    if unknown:
        return None, "", unknown
    return False, "facts.mandatory.young_none", ()


def _adult_rule(v: Mapping[str, Any], new: bool | None, moved: bool, move_applies: bool,
                ) -> tuple[bool | None, str, tuple[str, ...]]:
    if moved and move_applies and new is not True:
        return False, "facts.mandatory.adult_moved", ()
    if new is None:
        return None, "", ("ri_in_previous_3_months",)
    return (True, "facts.mandatory.adult_new", ()) if new else (False, "facts.mandatory.adult_not_new", ())


def age_unknown_cause(case: Case, columns: frozenset[str]) -> Message | None:
    """Why the age is unknown (``facts.age_unknown.<empty|invalid|no_column>`` naming the field:
    the birth date, else the RI decision date), or None when both dates are known."""
    for name in ("birth_date", "ri_decision_date"):
        if case.values.get(name) is None:
            cause = ("invalid" if name in case.invalid else
                     "no_column" if name not in columns else "empty")
            return Message(f"facts.age_unknown.{cause}", {"field": name})
    return None


def _unreadable(case: Case, columns: frozenset[str], *names: str) -> tuple[str, ...]:
    """The fields among ``names`` whose cell could not be read or whose column the export lacks."""
    return tuple(n for n in names if n in case.invalid or n not in columns)


def compute_facts(case: Case, checklist: Checklist, columns: frozenset[str]) -> Facts:
    """Every derived fact of ``case``, with the fields that left any of them undecided.
    ``columns`` are the cases columns the export has."""
    p = checklist.values
    v = case.values
    missing: dict[str, tuple[str, ...]] = {}
    notes: list[Message] = []

    decision: dt.date | None = v.get("ri_decision_date")
    birth: dt.date | None = v.get("birth_date")
    age = dates.age_on(birth, decision) if birth is not None and decision is not None else None
    if age is None:
        missing["age"] = _missing_fields(case, "birth_date", "ri_decision_date")

    new, new_missing = new_beneficiary(case, p["new_beneficiary_months"])
    if new is None:
        missing["new_beneficiary"] = new_missing

    legal, reason_key, legal_missing = _legal_obligation(case, age, new, p)
    requested_by = v.get("piis_requested_by")
    mandatory_by_request = False
    mandatory: bool | None
    if requested_by:
        mandatory = True
        mandatory_by_request = legal is False
        reason_key = "facts.mandatory.request_over_law" if legal else "facts.mandatory.request"
    else:
        mandatory = legal
    if mandatory is None:
        missing["piis_mandatory"] = legal_missing
    reason_params: dict[str, Any] = {"age": age, "requested_by": requested_by, "adult_age": p["adult_age"]}
    if age is None:
        reason_params["why"] = age_unknown_cause(case, columns)
    mandatory_reason = Message(reason_key, reason_params) if reason_key else None

    signed: dt.date | None = v.get("piis_signed_date")
    concluded: bool | None = signed is not None
    if signed is None and (unknown := _unreadable(case, columns, "piis_signed_date")):
        concluded = None
        missing["piis_concluded"] = unknown
    exempted: bool | None = (v.get("exemption_reason") in EXEMPTION_REASONS
                             and v.get("exemption_decision_date") is not None)
    # An exemption only matters for a PIIS not concluded: there, an unreadable or unexported
    # exemption leaves the deadline and the motivated absence undecided.
    if not exempted and concluded is not True and (
            unknown := _unreadable(case, columns, "exemption_reason", "exemption_decision_date")):
        exempted = None
        missing["exempted"] = unknown

    deadline: dt.date | None = None
    deadline_from: str | None = None
    if mandatory:
        if requested_by and legal is None:
            # Whether the request or the law makes it mandatory decides where the deadline runs from.
            missing["deadline"] = legal_missing
        else:
            deadline_from = ("piis_request_date" if mandatory_by_request and p["deadline_from_request"]
                             else "ri_decision_date")
            start: dt.date | None = v.get(deadline_from)
            if start is None:
                missing["deadline"] = (deadline_from,)
            else:
                period = dates.month_period_end(start, p["deadline_months"],
                                                dates.month_end_rule(p["month_end_rule"]))
                deadline = period.value
                if period.clamped:
                    notes.append(Message("common.note.month_end", {
                        "start": start, "months": p["deadline_months"], "day": start.day, "end": deadline}))
    elif mandatory is None:
        missing["deadline"] = legal_missing

    return Facts(age=age, new_beneficiary=new, piis_mandatory=mandatory, mandatory_reason=mandatory_reason,
                 mandatory_by_request=mandatory_by_request, piis_concluded=concluded,
                 conclusion_date=signed, exempted=exempted, deadline=deadline, deadline_from=deadline_from,
                 missing=missing, notes=tuple(notes))
