"""One ``.xlsx`` workbook, read with python-calamine (fast on large workbooks; openpyxl is only
used to *write* workbooks).

Each worksheet with at least one cell is a table named after its sheet. Cells come as calamine
gives them: a real Excel date cell is a ``date`` (or a ``datetime`` with a time), a number is a
``float``, an empty cell is ``""``. Row numbers are the sheet's own row numbers.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence

from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum

from piis_audit.inputs.interface import RawTable, TableSource, header_text
from piis_audit.inputs.messages import input_error


def _is_blank(cells: Sequence[object]) -> bool:
    # any() alone would call a row holding only 0 or FALSE blank
    return not any(cells) and cells.count("") == len(cells)


class XlsxSource(TableSource):
    """An Excel workbook: one table per non-empty worksheet."""

    is_workbook = True

    def _open(self) -> CalamineWorkbook:
        name = str(self.path)
        data = self.take_data()
        if not data:
            raise input_error("inputs.fatal.xlsx_empty", path=name)
        try:
            return CalamineWorkbook.from_filelike(io.BytesIO(data))
        except PasswordError:
            raise input_error("inputs.fatal.password", path=name) from None
        except Exception as exc:  # calamine reports zip, XML and format errors with its own types
            raise input_error("inputs.fatal.not_xlsx", path=name, error=str(exc)) from None

    def tables(self) -> Iterator[RawTable]:
        name = str(self.path)
        workbook = self._open()
        for meta in workbook.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue  # chart and macro sheets hold no rows
            try:
                sheet = workbook.get_sheet_by_name(meta.name)
            except Exception as exc:  # a damaged sheet makes the whole workbook unreliable
                raise input_error("inputs.fatal.sheet_unreadable", path=name, sheet=meta.name, error=str(exc)) from None
            start, end = sheet.start, sheet.end
            if start is None or end is None:
                continue  # no cell at all
            # iter_rows yields the leading empty rows too, so enumerate(…, 1) is the sheet's row number
            rows: Iterator[tuple[int, Sequence[object]]] = enumerate(sheet.iter_rows(), 1)
            for number, cells in rows:
                if not _is_blank(cells):
                    break
            else:
                continue
            yield RawTable(file=name, name=meta.name, header=header_text(cells), header_row=number,
                           rows=rows, total_rows=max(end[0] + 1 - number, 0), first_column=start[1])
