"""Writing real export files for the input tests: CSV in the encodings Belgian exports come in,
and .xlsx workbooks written by openpyxl (real date cells, numbers, strings)."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl

Rows = Sequence[Sequence[object]]


def write_csv(path: Path, rows: Rows, *, delimiter: str = ";", encoding: str = "utf-8",
              bom: bool = False) -> Path:
    """Write ``rows`` as CSV (``None`` -> empty cell). ``encoding="utf-16"`` writes a BOM itself."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    data = buffer.getvalue().encode(encoding)
    if bom:
        data = codecs.BOM_UTF8 + data
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def write_xlsx(path: Path, sheets: Mapping[str, Rows], *, start_row: int = 1) -> Path:
    """One sheet per entry, rows written from ``start_row`` (python dates become date cells)."""
    workbook = openpyxl.Workbook()
    for default in list(workbook.worksheets):  # openpyxl starts with one empty "Sheet"
        workbook.remove(default)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for offset, row in enumerate(rows):
            for column, value in enumerate(row, 1):
                if value is not None:
                    sheet.cell(row=start_row + offset, column=column, value=value)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path
