"""One workbook, read with calamine (fast on large workbooks; openpyxl is only used to *write*
workbooks): Excel ``.xlsx``, ``.xlsm``, ``.xlsb`` and ``.xls``, or OpenDocument ``.ods``.

An ``.xlsx`` or ``.xlsm`` sheet is read straight to an Arrow frame by fastexcel
(:mod:`piis_audit.inputs.xlsx_arrow`), its sheets loaded in threads while the sheets' XML is
scanned for error cells. A sheet whose frame could differ from a cell-by-cell read (a header
further down or not all text, a type fastexcel does not give, ``N/A``-like texts in a typed
column) is read by python-calamine instead, as below; so is every ``.xlsb``, ``.xls`` and
``.ods``. A fast sheet's rows are still parsed by python-calamine when the loader asks for them
(a column whose cells' types matter).

Each worksheet with at least one cell is a table named after its sheet. Read cell by cell, cells
come as calamine gives them: a real Excel date cell is a ``date`` (or a ``datetime`` with a
time), a number is a ``float``, an empty cell is ``""``. Row numbers are the sheet's own row
numbers, on both paths.

Calamine parses a sheet without holding Python's global lock, so the sheets of a workbook are
parsed side by side on up to :data:`MAX_PARSE_THREADS` cores (each thread with its own handle on
the workbook's bytes), and handed over in sheet order. A 100 000-case export spends most of its
reading time there: its ``cases`` sheet and its ``evaluations`` sheet are then parsed at the same
time. Errors are the same as one sheet after the other: the first damaged sheet in sheet order
stops the reading.

Excel error cells (``#N/A``…), which calamine reads as empty, are found in the sheets' XML
first (:mod:`piis_audit.inputs.xlsx_errors`, :mod:`piis_audit.inputs.ods_errors`) and handed
over as the tables' ``bad_cells``; ``.xls`` and ``.xlsb`` error cells cannot be told from empty
ones.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from python_calamine import CalamineSheet, CalamineWorkbook, PasswordError, SheetTypeEnum

from piis_audit.inputs.interface import BadCell, RawTable, Row, TableSource, header_text, is_blank
from piis_audit.inputs.messages import input_error, message
from piis_audit.inputs.ods_errors import find_ods_error_cells
from piis_audit.inputs.xlsx_arrow import ArrowReading, ArrowSheet
from piis_audit.inputs.xlsx_errors import bool_columns, find_error_cells

if TYPE_CHECKING:
    import polars as pl

MAX_PARSE_THREADS = 4
ARROW_SUFFIXES = frozenset({".xlsx", ".xlsm"})  # read by fastexcel (xlsx_arrow)


def usable_cores() -> int:
    """The cores this process may run on (a container's or ``taskset``'s limit, where the system
    tells it), else the machine's."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Windows or macOS
        return os.cpu_count() or 1


def parse_threads(sheets: int) -> int:
    """Threads to parse ``sheets`` worksheets: one per sheet, at most one per usable core (and at
    most :data:`MAX_PARSE_THREADS`); 1 means in this thread."""
    return max(1, min(sheets, usable_cores(), MAX_PARSE_THREADS))


def _parse(data: bytes, sheet: str) -> CalamineSheet:
    """One sheet parsed from its own workbook handle (a handle is not shared between threads)."""
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(sheet)


class XlsxSource(TableSource):
    """A workbook: one table per non-empty worksheet."""

    is_workbook = True

    def __init__(self, path: Path, data: bytes, suffix: str | None = None) -> None:
        super().__init__(path, data)
        self.suffix = suffix or path.suffix.lower() or ".xlsx"  # what the content is, for messages
        self.error_cells: dict[str, list[tuple[int, int, str]]] = {}
        self.may_hold_error_text = True  # unless the workbook's XML says no text starts like #N/A

    def _open(self, data: bytes) -> CalamineWorkbook:
        name = str(self.path)
        if not data:
            raise input_error("inputs.fatal.xlsx_empty", path=name)
        try:
            return CalamineWorkbook.from_filelike(io.BytesIO(data))
        except PasswordError:
            raise input_error("inputs.fatal.password", path=name) from None
        except Exception as exc:  # calamine reports zip, XML and format errors with its own types
            raise input_error("inputs.fatal.not_xlsx", path=name, suffix=self.suffix, error=str(exc)) from None

    def _sheets(self, data: bytes, names: Sequence[str], workbook: CalamineWorkbook
                ) -> Iterator[tuple[str, CalamineSheet]]:
        """(name, parsed sheet) of each of the worksheets ``names``, in that order; several
        sheets are parsed at once when there are cores for it."""
        threads = parse_threads(len(names))
        if threads == 1:
            for sheet in names:
                yield sheet, self._sheet(sheet, partial(workbook.get_sheet_by_name, sheet))
            return
        with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="calamine") as pool:
            futures = [pool.submit(_parse, data, sheet) for sheet in names]
            try:
                for sheet, future in zip(names, futures):
                    yield sheet, self._sheet(sheet, future.result)
            finally:
                for future in futures:
                    future.cancel()  # a fatal error in one sheet: do not parse the ones not started

    def _sheet(self, sheet: str, parsed: Callable[[], CalamineSheet]) -> CalamineSheet:
        try:
            return parsed()
        except Exception as exc:  # a damaged sheet makes the whole workbook unreliable
            raise input_error("inputs.fatal.sheet_unreadable", path=str(self.path), sheet=sheet,
                              error=str(exc)) from None

    def tables(self) -> Iterator[RawTable]:
        data = self.take_data()
        workbook = self._open(data)
        names = [meta.name for meta in workbook.sheets_metadata if meta.typ == SheetTypeEnum.WorkSheet]
        # an .xlsx package is read by fastexcel while its XML is searched for error cells
        reading = ArrowReading(data, names, parse_threads(len(names))) if self.suffix in ARROW_SUFFIXES else None
        found = (find_error_cells(data) or find_ods_error_cells(data)) if data.startswith(b"PK") else None
        if found is not None:
            self.error_cells = dict(found.by_sheet)
            self.may_hold_error_text = found.may_hold_error_text
            if found.data is not data:
                data = found.data
                workbook = self._open(data)
        arrow = reading.sheets(found) if reading is not None else {}
        parsed = self._sheets(data, [n for n in names if n not in arrow], workbook)
        for sheet_name in names:
            fast = arrow.get(sheet_name)
            if fast is not None:
                yield self._arrow_table(data, sheet_name, fast)
                continue
            name, sheet = next(parsed)
            assert name == sheet_name
            table = self._table(name, sheet)
            if table is not None:
                yield table

    def _bad_cells(self, sheet_name: str, first_column: int) -> list[BadCell]:
        return [BadCell(row, column - first_column, value, message("inputs.value.excel_error", written=value))
                for row, column, value in self.error_cells.get(sheet_name, ())]

    def _arrow_table(self, data: bytes, sheet_name: str, fast: ArrowSheet) -> RawTable:
        """A sheet fastexcel read: its records at once (``bulk``), and, should the loader need them
        one by one (a header further down, a column whose cells' types matter), its rows read
        again by python-calamine, when first asked for."""
        width = len(fast.header)

        def bulk(header_row: int, read_width: int) -> pl.DataFrame | None:
            return fast.frame if (header_row, read_width) == (fast.header_row, width) else None

        return RawTable(file=str(self.path), name=sheet_name, header=fast.header, header_row=fast.header_row,
                        rows=_deferred(partial(self._late_rows, data, sheet_name, fast.header_row)),
                        total_rows=fast.frame.height, first_column=fast.first_column,
                        bad_cells=self._bad_cells(sheet_name, fast.first_column),
                        may_hold_error_text=self.may_hold_error_text, bulk=bulk, bulk_checked=True,
                        bool_columns=partial(_bool_columns, data, sheet_name, fast.first_column) if fast.bool_cells
                        else None)

    def _late_rows(self, data: bytes, sheet_name: str, header_row: int) -> Iterator[Row]:
        """The rows below row ``header_row`` of a sheet, parsed by python-calamine."""
        sheet = self._sheet(sheet_name, partial(_parse, data, sheet_name))
        for number, cells in enumerate(sheet.iter_rows(), 1):
            if number > header_row:
                yield number, cells

    def _table(self, sheet_name: str, sheet: CalamineSheet) -> RawTable | None:
        start, end = sheet.start, sheet.end
        if start is None or end is None:
            return None  # no cell at all
        # iter_rows yields the leading empty rows too, so enumerate(…, 1) is the sheet's row number
        rows: Iterator[tuple[int, Sequence[object]]] = enumerate(sheet.iter_rows(), 1)
        for number, cells in rows:
            if not is_blank(cells):
                break
        else:
            return None
        return RawTable(file=str(self.path), name=sheet_name, header=header_text(cells), header_row=number,
                        rows=rows, total_rows=max(end[0] + 1 - number, 0), first_column=start[1],
                        bad_cells=self._bad_cells(sheet_name, start[1]), may_hold_error_text=self.may_hold_error_text)


def _bool_columns(data: bytes, sheet: str, first_column: int) -> frozenset[int] | None:
    """The header's columns (0-based) of a worksheet that hold a TRUE/FALSE cell (None: not known)."""
    found = bool_columns(data, sheet)
    return None if found is None else frozenset(column - first_column for column in found)


def _deferred(rows: Callable[[], Iterator[Row]]) -> Iterator[Row]:
    """``rows()``, called only when the first row is asked for."""
    yield from rows()
