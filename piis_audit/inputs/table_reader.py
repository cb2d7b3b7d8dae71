"""Reading one table: raw rows in, a typed frame out (and the records the Case view is built from).

The rows are gathered as they come (blank rows skipped, short rows padded, cells beyond the
header reported), then transposed once and parsed **column-wise** by
:func:`piis_audit.inputs.columns.read_columns`: each distinct raw value of a typed column is
parsed once, text is trimmed natively. The records (field -> typed value per row) are the typed
frame's rows, for the Case objects the engine still reads; unreadable cells come from the
frame of cell problems.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, cast

from piis_audit.inputs.columns import PY_WHITESPACE, TableColumns, cell_problems, read_columns
from piis_audit.inputs.headers import HeaderMatch, match_headers
from piis_audit.inputs.interface import BadCell, ProgressCallback, RawTable, Row, column_letter, is_blank
from piis_audit.inputs.mapping import UserMapping
from piis_audit.inputs.messages import data_error, input_error, message, rejected_row
from piis_audit.inputs.values import Invalid, display_text
from piis_audit.inputs.xlsx_arrow import stringified_cells
from piis_audit.model import DataError, InputSummary, Message, RejectedRow
from piis_audit.schema import CASES, TableSpec

if TYPE_CHECKING:
    import polars as pl

PROGRESS_EVERY = 5000
NO_EXTRA: Mapping[str, str] = MappingProxyType({})


@dataclass
class TableRows:
    """One table read: the typed values of each row, before cases and child rows are built."""

    raw: RawTable
    table: str
    match: HeaderMatch
    numbers: list[int] = field(default_factory=list)  # user-visible row numbers
    extras: list[Mapping[str, str]] | None = None  # cases: unknown columns, for display
    invalid: dict[int, dict[str, Invalid]] = field(default_factory=dict)  # record index -> cells
    # what an unreadable cell costs, added to its message: a message with a {reason} placeholder
    cell_notes: dict[tuple[int, str], Message] = field(default_factory=dict)
    header_errors: list[DataError] = field(default_factory=list)
    row_errors: list[tuple[int, int, DataError]] = field(default_factory=list)  # (row, column, error)
    rejected: list[RejectedRow] = field(default_factory=list)
    columns: TableColumns | None = None  # the typed frame the records are a view of

    def header_of(self, name: str) -> str | None:
        index = self.match.column_of(name)
        return None if index is None else self.raw.header[index]

    def column_index(self, name: str) -> int:
        index = self.match.column_of(name)
        return -1 if index is None else index

    def _located(self, k: int, name: str | None, value: str | None, text: str | Message
                 ) -> tuple[int, int, DataError]:
        column = None if name is None else self.header_of(name)
        number = self.numbers[k]
        if type(text) is str:  # a cell whose Invalid has no message: English only
            error = DataError(self.raw.file, self.table, number, column, value, text, name)
        else:
            assert isinstance(text, Message)
            error = data_error(self.raw.file, self.table, number, column, value, text, name)
        return (number, -1 if name is None else self.column_index(name), error)

    def error(self, k: int, name: str | None, value: str | None, text: Message) -> None:
        """A DataError on record ``k`` (and field ``name``, when the problem is one cell)."""
        self.row_errors.append(self._located(k, name, value, text))

    def reject(self, k: int, case_id: str | None, name: str | None, value: str | None, reason: Message) -> None:
        """Record ``k`` is not audited: a RejectedRow and the DataError that explains it."""
        self.rejected.append(rejected_row(self.raw.file, self.table, self.numbers[k], case_id, reason))
        self.error(k, name, value, message("inputs.row.not_audited", reason=reason))

    def _cell_text(self, k: int, name: str, bad: Invalid) -> str | Message:
        """Why the cell cannot be read, and what that costs (``cell_notes``)."""
        note = self.cell_notes.get((k, name))
        if note is None:
            return bad.reason if bad.text is None else bad.text
        return Message(note.key, {**note.params, "reason": bad.reason if bad.text is None else bad.text})

    def errors(self) -> list[DataError]:
        """Header problems first, then row by row, left to right."""
        located = self.row_errors + [
            self._located(k, name, bad.value, self._cell_text(k, name, bad))
            for k, cells in self.invalid.items() for name, bad in cells.items()]
        return self.header_errors + [e for _, _, e in sorted(located, key=lambda t: (t[0], t[1]))]

    def summary(self) -> InputSummary:
        return InputSummary(self.raw.file, self.table, len(self.numbers), len(self.rejected))


class Progress:
    def __init__(self, callback: ProgressCallback | None, total: int | None) -> None:
        self.callback = callback
        self.total = total
        self.done = 0

    def report(self, done_in_table: int, label: str) -> None:
        if self.callback is not None:
            self.callback(self.done + done_in_table, self.total, label)


def _display_extra(cells: Sequence[object], columns: Sequence[tuple[int, str]]) -> Mapping[str, str]:
    """The non-empty cells of the unknown columns, as text, for display."""
    extra: dict[str, str] = {}
    for index, key in columns:
        cell = cells[index]
        if cell != "":
            text = cell.strip() if type(cell) is str else display_text(cell)
            if text:
                extra[key] = text
    return extra or NO_EXTRA


_UNIT_SEPARATOR = "\x1f"  # ASCII's own separator of fields in a record, which exports do not hold


def _columns_of(kept: list[Sequence[object]], width: int, fields: Sequence[tuple[int, str]], text_only: bool
                ) -> dict[str, Sequence[object] | pl.Series]:
    """The cells of each field's column. Text rows (CSV) are joined with the unit separator and
    split into Arrow columns by polars (five times cheaper than transposing them in Python);
    when a cell holds that separator, or the cells are not all text, they are transposed."""
    if not kept:
        return {name: () for _, name in fields}
    if text_only and width:
        import polars as pl

        try:
            rows = cast("list[list[str]]", kept)  # a text-only source's cells are all str
            joined = pl.Series("row", list(map(_UNIT_SEPARATOR.join, rows)), dtype=pl.String)
        except (TypeError, pl.exceptions.PolarsError):
            joined = None
        if joined is not None and joined.str.count_matches(_UNIT_SEPARATOR, literal=True).eq(width - 1).all():
            split = joined.str.split_exact(_UNIT_SEPARATOR, width - 1).struct.unnest()
            return {name: split.to_series(index).fill_null("") for index, name in fields}
    transposed = list(zip(*kept))
    return {name: transposed[index] for index, name in fields}


def _split_bad_cells(out: TableRows, raw: RawTable, table: TableSpec) -> list[tuple[int, str, BadCell]]:
    """The cells the source found unreadable that fill a field of a record, as (record, field,
    cell); a cell outside the fields (the header, an unknown column) is reported as it is."""
    field_at = dict(out.match.fields)
    record_at = {number: k for k, number in enumerate(out.numbers)}
    in_fields: list[tuple[int, str, BadCell]] = []
    for bad in raw.bad_cells:
        k = record_at.get(bad.row)
        name = field_at.get(bad.column)
        if k is None or name is None:
            written = raw.header[bad.column] if bad.column < len(raw.header) else ""
            column = written or f"(column {column_letter(raw.first_column + bad.column)})"
            out.row_errors.append((bad.row, bad.column, data_error(raw.file, table.name, bad.row, column,
                                                                   bad.value, bad.text)))
            continue
        in_fields.append((k, name, bad))
    return in_fields


@dataclass
class _Gathered:
    """The records of one table, as read: their row numbers, the cells of each field's column
    (``""`` for an empty cell), the unknown columns' texts per record (cases), the unnamed columns
    holding data (child tables) and the rows with cells beyond the header."""

    numbers: list[int]
    cells: dict[str, Sequence[object] | pl.Series]
    extras: list[Mapping[str, str]] | None
    unnamed_with_data: set[int] = field(default_factory=set)
    overflow: list[int] = field(default_factory=list)


def _gathered_rows(raw: RawTable, rows: Iterator[Row], width: int, fields: Sequence[tuple[int, str]],
                   display_cols: Sequence[tuple[int, str]], watch_unnamed: list[int], progress: Progress,
                   label: str) -> _Gathered:
    """The records of ``rows`` (those of ``raw``), one by one: blank rows skipped, short rows padded, cells beyond
    the header noted; then transposed once into columns."""
    kept: list[Sequence[object]] = []  # the cells of each record; parsed column-wise afterwards
    numbers: list[int] = []
    extras: list[Mapping[str, str]] | None = [] if display_cols else None
    unnamed_with_data: set[int] = set()
    overflow_rows: list[int] = []
    number = raw.header_row
    resume = raw.resume
    while True:
        try:
            for number, cells in rows:
                if len(cells) != width:
                    if is_blank(cells):
                        continue  # a blank line ([] in CSV): not a row, but its number counts
                    if len(cells) > width:
                        if any(c != "" for c in cells[width:]):
                            overflow_rows.append(number)
                        cells = cells[:width]
                    else:
                        cells = [*cells, *([""] * (width - len(cells)))]
                elif not any(cells) and cells.count("") == width:  # is_blank, inlined: once per row
                    continue  # a blank row (any() alone would also skip a row of zeros)
                kept.append(cells)
                numbers.append(number)
                if extras is not None:
                    extras.append(_display_extra(cells, display_cols))
                if watch_unnamed:
                    for index in [i for i in watch_unnamed if cells[i] != ""]:
                        unnamed_with_data.add(index)
                        watch_unnamed.remove(index)
                if not number % PROGRESS_EVERY:
                    progress.report(len(numbers), label)
        except raw.read_errors as exc:
            if resume is None:
                raise input_error("inputs.fatal.row_unreadable", path=raw.file, row=str(number + 1),
                                  error=str(exc)) from None
            rows, resume = resume(number), None  # the rest of the table, read the slow way
            continue
        break
    return _Gathered(numbers, _columns_of(kept, width, fields, raw.text_only), extras, unnamed_with_data,
                     overflow_rows)


_PEEKED = 3  # records read by both readers to check they agree


def _bulk_records(raw: RawTable, width: int, table: TableSpec, match: HeaderMatch, user: UserMapping
                  ) -> tuple[pl.DataFrame | None, Iterator[Row]]:
    """The records after the header read at once (``raw.bulk``), when the source can and the
    first records agree with what ``raw.rows`` gives (or the source's own reading is the frame,
    and no text in it may stand for a cell of another type); else None, and the rows to read
    one by one (``raw.rows``, with the records peeked at put back in front)."""
    if raw.bulk is None:
        return None, raw.rows
    frame = raw.bulk(raw.header_row, width)
    if frame is None:
        return None, raw.rows
    if raw.bulk_checked:
        fields = [(index, table.by_name[name]) for index, name in match.fields]
        mapped = {name: bool(user.values_for(name)) for _, name in match.fields}
        return (None, raw.rows) if stringified_cells(frame, fields, mapped, raw.bool_columns) else (frame, iter(()))
    peeked: list[Row] = []
    try:
        for row in raw.rows:
            peeked.append(row)
            if len(peeked) == _PEEKED:
                break
    except raw.read_errors:  # the one-by-one reading will meet it again, and resume
        return None, chain(peeked, raw.rows)
    head = frame.head(len(peeked)).rows()
    if len(head) == len(peeked) and all(
            number == got[0] and [*cells, *([""] * (width - len(cells)))] == [c or "" for c in got[1:]]
            for (number, cells), got in zip(peeked, head)):
        return frame, iter(())
    return None, chain(peeked, raw.rows)


def _shown_texts(column: pl.Series) -> list[str | None]:
    """A column's cells as the user reads them, trimmed (None when empty), each distinct one
    written once (:func:`~piis_audit.inputs.values.display_text`)."""
    import polars as pl

    if column.dtype == pl.String:
        return column.str.strip_chars(PY_WHITESPACE).to_list()
    distinct = column.unique().drop_nulls()
    return column.replace_strict(distinct, [display_text(v) for v in distinct.to_list()], default=None,
                                 return_dtype=pl.String).to_list()


def _gathered_from_frame(frame: pl.DataFrame, fields: Sequence[tuple[int, str]],
                         display_cols: Sequence[tuple[int, str]], watch_unnamed: list[int]) -> _Gathered:
    """The records of a frame the source read at once (:func:`_bulk_records`): the same as
    :func:`_gathered_rows` gives, without a Python step per row (but for the unknown columns'
    texts of a cases table that has some). A text column's empty cells are ``""``; a typed
    column (a worksheet's dates, numbers, TRUE/FALSE) keeps its nulls."""
    import polars as pl

    names = [c for c in frame.columns if c != "_row"]
    texts = [c for c in names if frame.schema[c] == pl.String]
    blank = pl.all_horizontal([pl.col(c).is_null() | (pl.col(c) == "") if c in texts else pl.col(c).is_null()
                               for c in names])
    frame = frame.filter(~blank)

    def cells_of(index: int) -> pl.Series:
        column = frame.get_column(f"c{index}")
        return column.fill_null("") if column.dtype == pl.String else column

    cells: dict[str, Sequence[object] | pl.Series] = {name: cells_of(index) for index, name in fields}
    unnamed = {i for i in watch_unnamed if cells_of(i).cast(pl.String).ne("").any()}
    extras: list[Mapping[str, str]] | None = None
    if display_cols:
        shown = [_shown_texts(frame.get_column(f"c{i}")) for i, _ in display_cols]
        keys = [key for _, key in display_cols]
        extras = [{key: text for key, text in zip(keys, row) if text} or NO_EXTRA for row in zip(*shown)]
    return _Gathered(frame.get_column("_row").to_list(), cells, extras, unnamed)


def read_table(raw: RawTable, table: TableSpec, user: UserMapping, progress: Progress) -> TableRows:
    """Read every row of one table into typed values; invalid cells are collected, not raised."""
    keeps_extra = table is CASES
    match = match_headers(raw.header, table, user.columns_for(table.name), keeps_extra=keeps_extra)
    out = TableRows(raw, table.name, match)
    if raw.preamble:  # a title above the header: shown, so nothing read is silently dropped
        first_row, first_text = raw.preamble[0]
        out.header_errors.append(data_error(
            raw.file, table.name, first_row, None, first_text[:200] or None,
            message("inputs.table.rows_above_header", count=str(len(raw.preamble)), row=str(raw.header_row))))
    for problem in match.problems:
        out.header_errors.append(data_error(raw.file, table.name, None, problem.column, None, problem.text,
                                            problem.field))

    names = tuple(name for _, name in match.fields)
    width = len(raw.header)
    letters = [column_letter(raw.first_column + i) for i in range(width)]
    display_cols = [(i, h) for i, h in match.extra] if keeps_extra else []
    display_cols += [(i, f"(column {letters[i]})") for i in match.unnamed] if keeps_extra else []
    watch_unnamed = [] if keeps_extra else list(match.unnamed)  # child tables: report data there

    label = f"{Path(raw.file).name}: {raw.name}"
    progress.report(0, label)
    bulk, rows = _bulk_records(raw, width, table, match, user)
    if bulk is not None:
        gathered = _gathered_from_frame(bulk, match.fields, display_cols, watch_unnamed)
    else:
        gathered = _gathered_rows(raw, rows, width, match.fields, display_cols, watch_unnamed, progress, label)
    cells_by_field, unnamed_with_data, overflow_rows = gathered.cells, gathered.unnamed_with_data, gathered.overflow
    out.numbers = numbers = gathered.numbers
    out.extras = extras = gathered.extras
    del bulk, rows, gathered
    progress.report(len(numbers), label)
    progress.done += len(numbers)

    bad_in_fields = _split_bad_cells(out, raw, table) if raw.bad_cells else []
    out.raw = dataclasses.replace(raw, rows=iter(()), resume=None, bulk=None)  # let go of the source's cells and text
    parsed = read_columns(table, raw.file, raw.header, match.fields, cells_by_field, numbers,
                          {name: user.values_for(name) for name in names}, text_only=raw.text_only,
                          may_hold_error_text=raw.may_hold_error_text, bad_cells=bad_in_fields)
    del cells_by_field
    out.columns = parsed
    for k, name, bad in cell_problems(parsed):
        out.invalid.setdefault(k, {})[name] = bad
    for k, name, cell in parsed.notes:  # a text kept despite bytes that could not be decoded
        out.error(k, name, cell.value, cell.text)

    if keeps_extra:
        for index in match.unnamed:
            key = f"(column {letters[index]})"
            if extras is not None and any(key in e for e in extras):
                out.header_errors.append(data_error(raw.file, table.name, None, key, None,
                                                    message("inputs.column.unnamed_kept")))
    for index in sorted(unnamed_with_data):
        out.header_errors.append(data_error(raw.file, table.name, None, f"(column {letters[index]})", None,
                                            message("inputs.column.unnamed")))
    if overflow_rows:
        last = letters[-1] if letters else "A"
        more = len(overflow_rows) - 1
        text = (message("inputs.row.overflow_more", column=last, count=str(more)) if more
                else message("inputs.row.overflow", column=last))
        out.row_errors.append((overflow_rows[0], width, data_error(
            raw.file, table.name, overflow_rows[0], None, None, text)))
    return out
