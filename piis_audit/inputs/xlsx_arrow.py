"""An ``.xlsx`` worksheet read straight to Arrow by fastexcel (calamine underneath), without a
Python object per cell.

fastexcel gives each column one type, guessed from all its cells: a column of date cells is a
``Datetime`` column, a column of numbers ``Float64``, of TRUE/FALSE ``Boolean``, of text
``String``. Such a column holds the cells as python-calamine gives them, so the same parsers
read them (:mod:`piis_audit.inputs.columns`), each distinct value once, and the result is the
cell-by-cell reading's, value for value and message for message (a property test checks it).

Where fastexcel's reading could differ, the table is read cell by cell instead (slower, never
different):

* A column whose cells are of several types (dates and text, numbers and text) comes as text,
  each other cell written as fastexcel writes it: a number rounded to 9 decimals, TRUE as
  ``true``, a date as ``2024-01-02 00:00:00``. The text ``1.234`` in an amount field is one
  thousand two hundred and thirty-four, the number 1.234 is not; so a text column holding a text
  of one of these forms is read cell by cell (:func:`stringified_cells`). Only a date field
  reads such a date as its cell, when it is a valid one: a column of dates with a few typed as
  text is read at once.
* fastexcel reads TRUE as 1 in a column of numbers: a column of numbers that holds a TRUE/FALSE
  cell is read cell by cell, unless its field is a yes/no one (the sheet's XML says which
  columns hold one, looked for only when the sheet holds such a cell).
* fastexcel reads some texts as an empty cell when it guesses a column's type (``N/A``,
  ``NULL``…: :data:`~piis_audit.inputs.xlsx_errors.FASTEXCEL_NULL_TEXTS`), so that "N/A" in a
  column of dates would read as "no date": a workbook holding one of these texts is read cell
  by cell wherever a column is not text.
* A sheet whose first row cannot be located for sure (the row numbers would be wrong), whose
  header holds a cell that is not text or two cells of the same text (fastexcel renames them),
  or that holds time or duration cells.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from piis_audit.inputs.xlsx_errors import ErrorCells
from piis_audit.schema import FieldSpec, FieldType

if TYPE_CHECKING:
    import polars as pl

BoolColumns = Callable[[], "frozenset[int] | None"]
"""``bool_columns()``: the header's columns (0-based) that hold a TRUE/FALSE cell, looked for in
the sheet's XML when first asked; None when that cannot be told."""

# fastexcel says on its logger when a column has no cell to guess a type from (it is then text)
logging.getLogger("fastexcel").setLevel(logging.ERROR)

_DEDUPED = re.compile(r"^(.*)_([0-9]+)$")
_READABLE = ("String", "Float64", "Int64", "Boolean", "Datetime", "Date", "Null")


@dataclass(frozen=True)
class ArrowSheet:
    """One worksheet as fastexcel read it: the header as written (trimmed, ``""`` for an empty
    cell), the header's row number, the sheet column of ``header[0]`` (0-based) and the records
    after the header as ``_row`` (the row number) and one column ``c0`` … per header cell."""

    header: tuple[str, ...]
    header_row: int
    first_column: int
    frame: pl.DataFrame
    bool_cells: bool  # the sheet holds a TRUE/FALSE cell (fastexcel makes it 1 in a column of numbers)


def _header(names: Sequence[str], generated: Sequence[bool]) -> tuple[str, ...] | None:
    """The header cells as written, from fastexcel's column names; None when a name may be one
    fastexcel made up for a second cell of the same text (``name_1``)."""
    seen: set[str] = set()
    out: list[str] = []
    for name, made_up in zip(names, generated):
        if made_up:
            out.append("")
            continue
        deduped = _DEDUPED.match(name)
        if deduped is not None and deduped.group(1) in seen:
            return None
        seen.add(name)
        out.append(name.strip())
    return tuple(out)


@dataclass(frozen=True)
class _Loaded:
    names: list[str]
    generated: list[bool]
    first_column: int
    frame: pl.DataFrame


def _load(data: bytes, sheet: str) -> _Loaded | None:
    """The worksheet ``sheet`` of the ``.xlsx`` package ``data`` as fastexcel reads it, its first
    row holding a value as the header; None when fastexcel cannot read it."""
    import fastexcel

    try:
        loaded = fastexcel.read_excel(data).load_sheet(sheet, header_row=0, schema_sample_rows=None,
                                                      dtype_coercion="coerce")
        columns = loaded.available_columns()
        frame = loaded.to_polars()
    except Exception:  # a damaged sheet: the cell-by-cell reading says what is wrong
        return None
    if not columns:
        return None
    return _Loaded([c.name for c in columns], [c.column_name_from == "generated" for c in columns],
                   columns[0].absolute_index, frame)


def _sheet(loaded: _Loaded | None, sheet: str, found: ErrorCells) -> ArrowSheet | None:
    """The sheet fastexcel read, as the package's XML describes it (``found``: where its first
    row holding a value is, whether it holds TRUE/FALSE cells, whether the package holds a text
    fastexcel takes for an empty cell); None when it cannot be used (see the module docstring)."""
    import polars as pl

    first_row = found.first_rows.get(sheet)
    if loaded is None or first_row is None:
        return None
    typed = any(dtype not in (pl.String, pl.Null) for dtype in loaded.frame.dtypes)
    if typed and found.null_texts:
        return None  # "N/A" in a column of dates would be an empty cell
    header = _header(loaded.names, loaded.generated)
    row, filled = first_row
    if header is None or sum(1 for made_up in loaded.generated if not made_up) != filled:
        return None
    frame = loaded.frame
    if any(not str(dtype).startswith(_READABLE) for dtype in frame.dtypes):
        return None
    frame = frame.rename({name: f"c{k}" for k, name in enumerate(loaded.names)})
    frame = frame.with_columns(
        pl.col(pl.Datetime).dt.replace_time_zone(None),
        pl.col(pl.Null).cast(pl.String)).select(
        (pl.int_range(pl.len(), dtype=pl.Int32) + (row + 1)).alias("_row"), pl.all())
    return ArrowSheet(header, row, loaded.first_column, frame, sheet in found.bool_sheets)


class ArrowReading:
    """The worksheets of an ``.xlsx`` package read by fastexcel in the background, side by side
    on up to ``threads`` threads (fastexcel does not hold Python's lock), while the caller looks
    through the package's XML (:func:`~piis_audit.inputs.xlsx_errors.find_error_cells`)."""

    def __init__(self, data: bytes, sheets: Sequence[str], threads: int) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.data = data
        self._pool = ThreadPoolExecutor(max_workers=max(1, threads), thread_name_prefix="fastexcel")
        self._futures = {sheet: self._pool.submit(_load, data, sheet) for sheet in sheets}

    def sheets(self, found: ErrorCells | None) -> dict[str, ArrowSheet]:
        """The sheets that can be used, by name, as the package's XML (``found``) allows. When
        the package to read is not the one started with (error values calamine does not know
        were replaced), the sheets are read again from it."""
        if found is None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            return {}
        data = found.data
        try:
            if data is not self.data:
                for future in self._futures.values():
                    future.cancel()
                self._futures = {sheet: self._pool.submit(_load, data, sheet) for sheet in self._futures}
            read = {sheet: _sheet(future.result(), sheet, found) for sheet, future in self._futures.items()}
        finally:
            self._pool.shutdown(wait=False, cancel_futures=True)
        release_freed_memory()
        return {sheet: table for sheet, table in read.items() if table is not None}


def release_freed_memory() -> bool:
    """Give the memory fastexcel freed back to the system; True when it could be asked.

    While it loads a sheet, fastexcel holds each cell as its own small allocation of the C
    library's heap (11 million cells at 200,000 cases); freed, those pages stay with the process
    (165 MB at 200,000 cases), which the rest of the audit does not reuse: its frames live in
    polars' own allocator. glibc's ``malloc_trim`` hands them back. Elsewhere (macOS, musl) there
    is no such call, and nothing is done."""
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return False
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    trim(0)
    return True


# How fastexcel writes a cell that is not text, in a column that also holds text: a number
# rounded to 9 decimals (1.9e-11 as "0"), TRUE as "true", a date as "2024-01-02 00:00:00". A
# text of this form may be such a cell, which the cell-by-cell reading reads otherwise.
_STRINGIFIED_VALUE = r"^(?:true|false|-?[0-9]+(?:\.[0-9]+)?)$"
_STRINGIFIED_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?$"


def _dates_read_alike(column: pl.Series) -> bool:
    """In a date field, a text written as fastexcel writes a date cell reads as that cell does
    when it is a valid date (an invalid one would be shown otherwise)."""
    from piis_audit.inputs.values import Invalid, parse_date

    written = column.filter(column.str.contains(_STRINGIFIED_DATE)).unique().to_list()
    return not any(type(parse_date(text)) is Invalid for text in written)


def stringified_cells(frame: pl.DataFrame, fields: Sequence[tuple[int, FieldSpec]],
                      mapped: Mapping[str, bool], bool_columns: BoolColumns | None) -> list[str]:
    """The fields whose column holds a value that could have been a cell of another type and
    could read otherwise than that cell (see the module docstring): in a text column, a text
    written as fastexcel writes a number, a date or TRUE; in a column of numbers, a TRUE/FALSE
    cell (``bool_columns()``: the header's columns that hold one, None when not known; itself
    None when the sheet holds none), unless the field is a yes/no one."""
    import polars as pl

    found: list[str] = []
    holding_bools: frozenset[int] | None = frozenset()
    asked = False
    for index, spec in fields:
        column = frame.get_column(f"c{index}")
        if column.dtype in (pl.Float64, pl.Int64):
            if bool_columns is None or (spec.type is FieldType.BOOL and not mapped.get(spec.name, False)):
                continue
            if not asked:
                holding_bools, asked = bool_columns(), True
            if holding_bools is None or index in holding_bools:
                found.append(spec.name)
            continue
        if column.dtype != pl.String:
            continue
        as_date = spec.type is FieldType.DATE and not mapped.get(spec.name, False)
        if column.str.contains(_STRINGIFIED_VALUE).any() or (
                not _dates_read_alike(column) if as_date else column.str.contains(_STRINGIFIED_DATE).any()):
            found.append(spec.name)
    return found
