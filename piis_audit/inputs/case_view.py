"""The Case objects of an export read: a view of the typed frames, built on first use.

The audit reads the frames (``ExportData.frames``); ``explain``, ``sample``, the grid and the
reports that show cases read :class:`~piis_audit.model.Case` objects. :class:`LazyCases` is the
export's ``cases``: its length is known at once, its objects are built from the tables read
the first time one is asked for (a ``--quiet`` audit of 200 000 cases builds none).

Each case holds every field of its table (None where empty, unreadable or without a column; a
number as its exact Decimal), its evaluations and sanctions sorted by date (stable: rows of the
same day keep their input order) and the texts of the columns the tool does not know.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, overload

from piis_audit.inputs.columns import view_records
from piis_audit.inputs.table_reader import NO_EXTRA, TableRows
from piis_audit.model import Case, Evaluation, Sanction
from piis_audit.schema import TABLES, TableSpec

Kept = dict[str, tuple[int, int]]  # case_id -> (cases table index, record index), in input order
_CHILD_CLASSES: dict[str, type[Evaluation] | type[Sanction]] = {"evaluations": Evaluation, "sanctions": Sanction}
_DATE_FIELDS = {"evaluations": "evaluation_date", "sanctions": "decision_date"}


class LazyCases(Sequence[Case]):
    """A sequence of cases whose objects are made by ``build`` when first needed."""

    def __init__(self, count: int, build: Callable[[], tuple[Case, ...]]) -> None:
        self._count = count
        self._build: Callable[[], tuple[Case, ...]] | None = build
        self._cases: tuple[Case, ...] | None = None

    def _all(self) -> tuple[Case, ...]:
        if self._cases is None:
            assert self._build is not None
            self._cases, self._build = self._build(), None  # the tables are let go once built
            assert len(self._cases) == self._count
        return self._cases

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Case: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Case, ...]: ...

    def __getitem__(self, index: int | slice) -> Case | tuple[Case, ...]:
        return self._all()[index]

    def __iter__(self) -> Iterator[Case]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return f"LazyCases({self._count} cases)"


def _records(rows: TableRows) -> list[dict[str, Any]]:
    """Field -> typed value per record, None where the cell could not be read (by the source,
    the parser, or the loader afterwards: a period that ends before it starts)."""
    assert rows.columns is not None
    records = view_records(rows.columns, TABLES[rows.table])
    for k, cells in rows.invalid.items():
        for name in cells:
            records[k][name] = None
    return records


def _child_factory(cls: type[Evaluation] | type[Sanction], table: TableSpec
                   ) -> Callable[[int, dict[str, Any], frozenset[str]], Any]:
    """``make(row, values, invalid)`` -> an Evaluation or Sanction. Positional when the model's
    fields are the table's fields in schema order (250 000 evaluations: keywords cost), else by
    keyword."""
    build: Callable[..., Any] = cls
    model_fields = [f.name for f in dataclasses.fields(cls)]
    table_fields = [f.name for f in table.fields if f.name != "case_id"]
    if model_fields == ["row", *table_fields, "invalid"]:
        ordered = operator.itemgetter(*table_fields)
        if len(table_fields) == 1:
            return lambda row, values, invalid: build(row, ordered(values), invalid)
        return lambda row, values, invalid: build(row, *ordered(values), invalid)
    return lambda row, values, invalid: build(row=row, invalid=invalid,
                                              **{k: v for k, v in values.items() if k != "case_id"})


def _children(rows: TableRows, attached: Sequence[int], into: dict[str, list[Any]]) -> None:
    """The attached records of one child table as objects, appended to their case's list."""
    make = _child_factory(_CHILD_CLASSES[rows.table], TABLES[rows.table])
    records, numbers, invalid = _records(rows), rows.numbers, rows.invalid
    no_invalid: frozenset[str] = frozenset()
    for k in attached:
        values = records[k]
        bad = invalid.get(k)
        child = make(numbers[k], values, frozenset(bad) if bad else no_invalid)
        siblings = into.get(values["case_id"])
        if siblings is None:
            into[values["case_id"]] = [child]
        else:
            siblings.append(child)


def build_cases(tables: Sequence[TableRows], kept: Kept,
                children: Sequence[tuple[TableRows, Sequence[int]]]) -> tuple[Case, ...]:
    """Case objects in input order (module docstring). ``children`` is (child table read, the
    records of it attached to a kept case)."""
    by_table: dict[str, dict[str, list[Any]]] = {"evaluations": {}, "sanctions": {}}
    for rows, attached in children:
        _children(rows, attached, by_table[rows.table])
    evaluations, sanctions = by_table["evaluations"], by_table["sanctions"]
    by_date = operator.attrgetter(_DATE_FIELDS["evaluations"])
    by_decision = operator.attrgetter(_DATE_FIELDS["sanctions"])
    no_invalid: frozenset[str] = frozenset()
    per_table = [(rows.raw.file, rows.numbers, _records(rows), rows.invalid, rows.extras) for rows in tables]
    cases: list[Case] = []
    for case_id, (t, k) in kept.items():  # dicts keep insertion (= input) order
        file, numbers, records, invalid, extras = per_table[t]
        evs: Sequence[Evaluation] = evaluations.get(case_id, ())
        if len(evs) > 1:
            evs = sorted(evs, key=by_date)
        sans: Sequence[Sanction] = sanctions.get(case_id, ())
        if len(sans) > 1:
            sans = sorted(sans, key=by_decision)
        bad = invalid.get(k)
        extra: Mapping[str, str] = NO_EXTRA if extras is None else extras[k]
        cases.append(Case(case_id, file, numbers[k], records[k], frozenset(bad) if bad else no_invalid,
                          tuple(evs), tuple(sans), extra))
    return tuple(cases)
