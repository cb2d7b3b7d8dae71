"""One workbook, read with python-calamine (fast on large workbooks; openpyxl is only used to
*write* workbooks): Excel ``.xlsx``, ``.xlsm``, ``.xlsb`` and ``.xls``, or OpenDocument ``.ods``.

Each worksheet with at least one cell is a table named after its sheet. Cells come as calamine
gives them: a real Excel date cell is a ``date`` (or a ``datetime`` with a time), a number is a
``float``, an empty cell is ``""``. Row numbers are the sheet's own row numbers.

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
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from python_calamine import CalamineSheet, CalamineWorkbook, PasswordError, SheetTypeEnum

from piis_audit.inputs.interface import BadCell, RawTable, TableSource, header_text, is_blank
from piis_audit.inputs.messages import input_error, message
from piis_audit.inputs.ods_errors import find_ods_error_cells
from piis_audit.inputs.xlsx_errors import find_error_cells

MAX_PARSE_THREADS = 4


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

    def _sheets(self) -> Iterator[tuple[str, CalamineSheet]]:
        """(name, parsed sheet) of each worksheet, in sheet order (chart and macro sheets hold no
        rows); several sheets are parsed at once when there are cores for it."""
        data = self.take_data()
        found = (find_error_cells(data) or find_ods_error_cells(data)) if data.startswith(b"PK") else None
        if found is not None:
            self.error_cells = dict(found.by_sheet)
            self.may_hold_error_text = found.may_hold_error_text
            data = found.data
        workbook = self._open(data)
        names = [meta.name for meta in workbook.sheets_metadata if meta.typ == SheetTypeEnum.WorkSheet]
        threads = parse_threads(len(names))
        if threads == 1:
            del data
            for sheet in names:
                yield sheet, self._sheet(sheet, partial(workbook.get_sheet_by_name, sheet))
            return
        with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="calamine") as pool:
            futures = [pool.submit(_parse, data, sheet) for sheet in names]
            del data, workbook
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
        name = str(self.path)
        for sheet_name, sheet in self._sheets():
            start, end = sheet.start, sheet.end
            if start is None or end is None:
                continue  # no cell at all
            # iter_rows yields the leading empty rows too, so enumerate(…, 1) is the sheet's row number
            rows: Iterator[tuple[int, Sequence[object]]] = enumerate(sheet.iter_rows(), 1)
            for number, cells in rows:
                if not is_blank(cells):
                    break
            else:
                continue
            bad_cells = [BadCell(row, column - start[1], value, message("inputs.value.excel_error", written=value))
                         for row, column, value in self.error_cells.get(sheet_name, ())]
            yield RawTable(file=name, name=sheet_name, header=header_text(cells), header_row=number,
                           rows=rows, total_rows=max(end[0] + 1 - number, 0), first_column=start[1],
                           bad_cells=bad_cells, may_hold_error_text=self.may_hold_error_text)
