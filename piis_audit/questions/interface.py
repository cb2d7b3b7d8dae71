"""What a check kind is, and what it sees of a case.

A check kind (yamllint-style) is one module in this package holding one :class:`CheckKind`:
its id, the parameters it takes with their types, the message keys it can emit (the checklist
must give a template in every language for each), and one ``check`` function that returns a
:class:`~piis_audit.model.Result`. The registry in ``__init__.py`` is an explicit dict.

A check never decides on an unknown value: reading one through :meth:`CaseContext.fact` or
:meth:`CaseContext.step` raises :class:`MissingData`, which the engine turns into the verdict
``missing_data`` naming the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Protocol

from piis_audit import dates
from piis_audit.checklist.expressions import FACT_NAMES
from piis_audit.checklist.model import Checklist, Question
from piis_audit.checklist.params import ParamSpec
from piis_audit.model import Case, ExportData, Facts, Message, Result, Verdict
from piis_audit.schema import CASES, EmptyMeans


class MissingData(Exception):
    """A value needed to decide is empty (``empty``), unreadable (``invalid``) or has no column
    in the export (``no_column``)."""

    def __init__(self, fields: tuple[str, ...], why: str = "empty") -> None:
        super().__init__(f"{why}: {', '.join(fields)}")
        self.fields = fields
        self.why = why


class NotApplicable(Exception):
    """A derived fact the question needs does not exist for this case (there is no deadline where
    no PIIS is mandatory): the question does not apply, whatever its ``applies_if`` let through."""


# Derived facts that are None, without being unknown, when they do not exist for the case.
_MAY_NOT_EXIST: frozenset[str] = frozenset({"deadline"})


@dataclass(slots=True)
class CaseContext:
    """One case as the checks see it, with the results of the questions evaluated before."""

    case: Case
    facts: Facts
    as_of: dt.date
    checklist: Checklist
    export: ExportData
    results: dict[str, Result] = field(default_factory=dict)
    # Fields the question being decided read although the export has no column for them (in any
    # table), also when the verdict did not depend on them: the engine lists them among the
    # report's missing columns and empties the set before the next question.
    unexported: set[str] = field(default_factory=set)
    # The case's evaluation and sanction rows the reader rejected for want of their date, as
    # (table, why: "empty" | "invalid"): rows that exist but whose values are unknown.
    rejected: tuple[tuple[str, str], ...] = ()

    # -- reading values, by what an empty cell means (docs/export-format.md)

    def _check_readable(self, name: str, table: str = "cases") -> None:
        if name in self.case.invalid:
            raise MissingData((name,), "invalid")
        if not self.export.has_column(table, name):
            self.unexported.add(name)
            raise MissingData((name,), "no_column")

    def column_absent(self, table: str, name: str) -> bool:
        """Whether the export lacks ``table``'s column ``name`` (then recorded as read without a
        column, see ``unexported``)."""
        if self.export.has_column(table, name):
            return False
        self.unexported.add(name)
        return True

    def fact(self, name: str) -> Any:
        """A fact about the person or a yes/no answer: empty means unknown -> missing_data."""
        value = self.case.values.get(name)
        if value is None:
            self._check_readable(name)
            raise MissingData((name,), "empty")
        return value

    def step(self, name: str) -> Any:
        """A step, party or decision: None when not on file; missing_data when the export has no
        such column or the cell could not be read."""
        value = self.case.values.get(name)
        if value is None:
            self._check_readable(name)
        return value

    def exception(self, name: str) -> Any:
        """An exception that lifts an obligation: empty means not shown (None / False)."""
        value = self.case.values.get(name)
        if value is None and name in self.case.invalid:
            raise MissingData((name,), "invalid")
        return value

    def value(self, name: str) -> Any:
        """Read a cases field the way its class says (fact, step or exception)."""
        return _BY_CLASS[CASES.by_name[name].empty](self, name)

    def derived(self, name: str) -> Any:
        """A derived fact (``Facts``); raises MissingData naming the fields that prevented it."""
        value = getattr(self.facts, name)
        if value is None and name in self.facts.missing:
            fields = self.facts.missing[name]
            whys = {("invalid" if f in self.case.invalid else
                     "no_column" if self.column_absent("cases", f) else "empty") for f in fields}
            raise MissingData(fields, whys.pop() if len(whys) == 1 else "empty")
        if value is None and name in _MAY_NOT_EXIST:
            raise NotApplicable(name)
        return value

    def child_rows_known(self, table: str, date_field: str) -> None:
        """Raise MissingData (``no_column``) when the export has ``table`` but not the columns
        its rows need to be attached to a case (``case_id``, ``date_field``): every row was then
        rejected, so the case's rows are unknown, not absent."""
        if table in self.export.tables_present:
            absent = tuple(n for n in ("case_id", date_field) if self.column_absent(table, n))
            if absent:
                raise MissingData(absent, "no_column")

    def rejected_rows(self, table: str) -> list[str]:
        """Why each of the case's ``table`` rows rejected for want of its date is unknown."""
        return [why for name, why in self.rejected if name == table]

    def has_sanctions(self, name: str = "has_sanctions") -> bool:
        if not self.case.sanctions:
            self.child_rows_known("sanctions", "decision_date")
            if whys := self.rejected_rows("sanctions"):  # a sanction, but when is unknown
                raise MissingData(("decision_date",), whys[0])
        return bool(self.case.sanctions)

    def has_evaluations(self, name: str = "has_evaluations") -> bool:
        if not self.case.evaluations:
            self.child_rows_known("evaluations", "evaluation_date")
            if whys := self.rejected_rows("evaluations"):
                raise MissingData(("evaluation_date",), whys[0])
        return bool(self.case.evaluations)

    def lookup(self, name: str) -> Any:
        """A name of a checklist expression: a cases field read by its class, or a derived fact."""
        return _ACCESSORS[name](self, name)

    def param(self, name: str) -> Any:
        """A checklist-wide parameter (``parameters:`` in the YAML)."""
        return self.checklist.param(name)

    def period_end(self, start: dt.date, months: int) -> dates.Shifted:
        """Month period with the checklist's month-end rule."""
        return dates.month_period_end(start, months, dates.month_end_rule(self.param("month_end_rule")))


class _Accessor(Protocol):
    """How one name is read: a CaseContext method taking the name."""

    def __call__(self, ctx: CaseContext, /, name: str) -> Any: ...


_BY_CLASS: dict[EmptyMeans, _Accessor] = {
    EmptyMeans.UNKNOWN: CaseContext.fact, EmptyMeans.NOT_ON_FILE: CaseContext.step,
    EmptyMeans.NOT_SHOWN: CaseContext.exception}
# name -> how to read it, decided once (expressions read names hundreds of thousands of times).
_ACCESSORS: dict[str, _Accessor] = {
    **{spec.name: _BY_CLASS[spec.empty] for spec in CASES.fields},
    **{name: CaseContext.derived for name in FACT_NAMES},
    "has_sanctions": CaseContext.has_sanctions, "has_evaluations": CaseContext.has_evaluations,
}


def reader(name: str) -> Callable[[CaseContext], Any]:
    """``reader(name)(ctx)`` is ``ctx.lookup(name)``, with the way to read ``name`` chosen once."""
    return partial(_ACCESSORS[name], name=name)


Check = Callable[[CaseContext, Question], Result]


@dataclass(frozen=True)
class CheckKind:
    id: str
    check: Check
    reasons: tuple[str, ...]  # message keys it may emit (besides common.*)
    params: Mapping[str, ParamSpec] = field(default_factory=dict)  # name -> type and valid range
    doc: str = ""
    # Extra validation of the question's params at load time: returns problem messages.
    validate: Callable[[Mapping[str, Any]], list[str]] | None = None
    # The conditions written in the question's params (a mention's ``when``), each with its line,
    # so the loader can check that the engine can evaluate them (as it checks ``applies_if``).
    conditions: Callable[[Mapping[str, Any]], list[tuple[str, int]]] | None = None
    # What the check reads: "table.field" ("cases.piis_signed_date", "evaluations.report_present"),
    # and "facts.NAME" for a derived fact it uses (its fields: piis_audit/questions/reads.py).
    reads: tuple[str, ...] = ()


# -- small constructors so checks read like the decision tables of docs/questions.md


def result(q: Question, verdict: Verdict, key: str | None = None, *,
           evidence: Mapping[str, Any] | None = None, notes: tuple[Message, ...] = (),
           due_date: dt.date | None = None, action: str | None = None,
           **params: Any) -> Result:
    return Result(q.id, verdict, None if key is None else Message(key, params), evidence, notes, due_date,
                  None if action is None else Message(action, params))


def month_end_note(start: dt.date, months: int, shifted: dates.Shifted) -> tuple[Message, ...]:
    """The note a period carries when its start day does not exist in the target month."""
    if not shifted.clamped:
        return ()
    return (Message("common.note.month_end",
                    {"start": start, "months": months, "day": start.day, "end": shifted.value}),)
