"""Writing generated rows the way Belgian CPAS exports come.

* CSV folder (``cases.csv``, ``evaluations.csv``, ``sanctions.csv``): ``;`` delimiter, UTF-8 with
  BOM (what Excel writes and expects), CRLF line ends, dates ``dd/mm/yyyy``, booleans
  ``oui``/``non``, decimal comma, an empty cell for an empty value.
* XLSX workbook (openpyxl write-only mode, so 100 000 cases fit in memory): one sheet per table,
  real date cells shown ``dd/mm/yyyy``, numbers as numbers, booleans ``oui``/``non``.

Column names are the canonical ones of :mod:`piis_audit.schema`, in schema order. A value that
is already a string (a deliberate typo such as ``31/09/2025``) is written as it is.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from piis_audit.schema import TABLES

Row = dict[str, Any]

COLUMNS: dict[str, tuple[str, ...]] = {name: tuple(f.name for f in table.fields)
                                       for name, table in TABLES.items()}
TABLE_ORDER: tuple[str, ...] = ("cases", "evaluations", "sanctions")


def csv_cell(value: Any) -> str:
    """One value as a Belgian export writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def write_csv_folder(cases: Sequence[Row], evaluations: Sequence[Row], sanctions: Sequence[Row],
                     out_dir: Path) -> list[Path]:
    """Write the three tables as ``cases.csv``, ``evaluations.csv``, ``sanctions.csv`` in
    ``out_dir`` (created if needed); returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for table, rows in zip(TABLE_ORDER, (cases, evaluations, sanctions)):
        path = out_dir / f"{table}.csv"
        columns = COLUMNS[table]
        # newline="" lets the csv module write its own CRLF line ends, unchanged on every OS.
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow([csv_cell(row.get(c)) for c in columns])
        written.append(path)
    return written


def write_xlsx(cases: Sequence[Row], evaluations: Sequence[Row], sanctions: Sequence[Row],
               path: Path) -> Path:
    """Write the three tables as sheets ``cases``, ``evaluations``, ``sanctions`` of one workbook."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(write_only=True)
    for table, rows in zip(TABLE_ORDER, (cases, evaluations, sanctions)):
        sheet = workbook.create_sheet(table)
        columns = COLUMNS[table]
        sheet.append(list(columns))
        for row in rows:
            sheet.append([_xlsx_cell(sheet, row.get(c)) for c in columns])
    workbook.save(path)
    return path


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.date):
        # openpyxl writes a date as a date cell; its type stubs only list datetime.
        cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]
        cell.number_format = "DD/MM/YYYY"
        return cell
    if isinstance(value, Decimal):
        return float(value)
    return value
