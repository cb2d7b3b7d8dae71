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
from dataclasses import dataclass
from typing import Any, overload

from piis_audit.inputs.columns import view_records
from piis_audit.inputs.table_reader import NO_EXTRA, TableRows
from piis_audit.model import Case, Evaluation, Sanction
from piis_audit.schema import TABLES, TableSpec

Kept = dict[str, tuple[int, int]]  # case_id -> (cases table index, record index), in input order
_CHILD_CLASSES: dict[str, type[Evaluation] | type[Sanction]] = {"evaluations": Evaluation, "sanctions": Sanction}
_DATE_FIELDS = {"evaluations": "evaluation_date", "sanctions": "decision_date"}


class LazyCases(Sequence[Case]):
    """The cases of an export read, whose objects are built when first needed: all of them, or
    only those of ``only`` (an export narrowed to some cases, :func:`narrowed`)."""

    def __init__(self, source: CaseSource, only: Sequence[str] | None = None) -> None:
        self._source = source
        self._only = only
        self._cases: tuple[Case, ...] | None = None

    def _all(self) -> tuple[Case, ...]:
        if self._cases is None:
            self._cases = self._source.build(None if self._only is None else set(self._only))
            assert len(self._cases) == len(self)
        return self._cases

    def __len__(self) -> int:
        return len(self._source.kept) if self._only is None else len(self._only)

    def narrowed(self, case_ids: Sequence[str]) -> LazyCases:
        """The cases of ``case_ids`` that are here, in export order (none is built until asked for)."""
        wanted = set(case_ids) & (set(self._only) if self._only is not None else set(self._source.kept))
        return LazyCases(self._source, [c for c in self._source.kept if c in wanted])

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
        return f"LazyCases({len(self)} cases)"


def _records(rows: TableRows, positions: Sequence[int] | None = None) -> Sequence[dict[str, Any]] | dict[int, dict[str, Any]]:
    """Field -> typed value per record (of every record, or of those at ``positions``, then keyed
    by position), None where the cell could not be read (by the source, the parser, or the loader
    afterwards: a period that ends before it starts)."""
    assert rows.columns is not None
    records = view_records(rows.columns, TABLES[rows.table], positions)
    by_k: Sequence[dict[str, Any]] | dict[int, dict[str, Any]] = (
        records if positions is None else dict(zip(positions, records)))
    for k, cells in rows.invalid.items():
        if positions is None or k in by_k:
            for name in cells:
                by_k[k][name] = None
    return by_k


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


def _children(rows: TableRows, attached: Sequence[int], into: dict[str, list[Any]], only: set[str] | None) -> None:
    """The attached records of one child table (those of the cases of ``only``) as objects,
    appended to their case's list."""
    assert rows.columns is not None
    if only is not None:
        ids = rows.columns.frame.get_column("case_id").to_list()
        attached = [k for k in attached if ids[k] in only]
    make = _child_factory(_CHILD_CLASSES[rows.table], TABLES[rows.table])
    records, numbers, invalid = _records(rows, None if only is None else attached), rows.numbers, rows.invalid
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


@dataclass(frozen=True)
class CaseSource:
    """What the Case objects are built from: the cases tables read, the cases kept (in export
    order), and per child table read the records attached to a kept case."""

    tables: Sequence[TableRows]
    kept: Kept
    children: Sequence[tuple[TableRows, Sequence[int]]]

    def build(self, only: set[str] | None = None) -> tuple[Case, ...]:
        """Case objects in input order (module docstring), of every kept case or those of ``only``."""
        by_table: dict[str, dict[str, list[Any]]] = {"evaluations": {}, "sanctions": {}}
        for rows, attached in self.children:
            _children(rows, attached, by_table[rows.table], only)
        evaluations, sanctions = by_table["evaluations"], by_table["sanctions"]
        by_date = operator.attrgetter(_DATE_FIELDS["evaluations"])
        by_decision = operator.attrgetter(_DATE_FIELDS["sanctions"])
        no_invalid: frozenset[str] = frozenset()
        wanted = list(self.kept.items()) if only is None else [(c, tk) for c, tk in self.kept.items() if c in only]
        records: dict[int, Sequence[dict[str, Any]] | dict[int, dict[str, Any]]] = {}
        for t in sorted({t for _, (t, _) in wanted}):
            positions = None if only is None else [k for _, (t2, k) in wanted if t2 == t]
            records[t] = _records(self.tables[t], positions)
        cases: list[Case] = []
        for case_id, (t, k) in wanted:  # dicts keep insertion (= input) order
            rows = self.tables[t]
            evs: Sequence[Evaluation] = evaluations.get(case_id, ())
            if len(evs) > 1:
                evs = sorted(evs, key=by_date)
            sans: Sequence[Sanction] = sanctions.get(case_id, ())
            if len(sans) > 1:
                sans = sorted(sans, key=by_decision)
            bad = rows.invalid.get(k)
            extra: Mapping[str, str] = NO_EXTRA if rows.extras is None else rows.extras[k]
            cases.append(Case(case_id, rows.raw.file, rows.numbers[k], records[t][k],
                              frozenset(bad) if bad else no_invalid, tuple(evs), tuple(sans), extra))
        return tuple(cases)
