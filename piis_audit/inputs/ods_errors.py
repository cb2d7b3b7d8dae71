"""The error cells of an OpenDocument spreadsheet (``.ods``, LibreOffice), which python-calamine
cannot show.

LibreOffice saves a formula that failed as a cell with ``calcext:value-type="error"`` and the
error's text (``#N/A``, ``Err:502``) in its paragraph; calamine reads it as an empty cell, or as
the number 0 when the cell also says ``office:value-type="float"`` (a yes/no field would read
"no"). ``content.xml`` is searched for the marker first (one pass); only a file that holds it is
parsed, counting rows and columns as ODF repeats them.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree.ElementTree import Element, iterparse

from piis_audit.inputs.xlsx_errors import ErrorCells

_MARKER = b'value-type="error"'
_CHUNK = 1 << 20
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
_CELLS = {f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"}


def _holds_marker(package: zipfile.ZipFile) -> bool:
    tail = b""
    with package.open("content.xml") as stream:
        while chunk := stream.read(_CHUNK):
            if _MARKER in tail + chunk:
                return True
            tail = chunk[-len(_MARKER):]
    return False


def _repeat(element: Element, name: str) -> int:
    value = element.get(f"{{{_TABLE}}}{name}", "1")
    return int(value) if value.isdigit() else 1


def _error_cells(content: bytes) -> dict[str, list[tuple[int, int, str]]]:
    by_sheet: dict[str, list[tuple[int, int, str]]] = {}
    sheet: list[tuple[int, int, str]] = []
    row = column = 0
    for event, element in iterparse(io.BytesIO(content), events=("start", "end")):
        tag = element.tag
        if event == "start":
            if tag == f"{{{_TABLE}}}table":
                sheet = by_sheet.setdefault(element.get(f"{{{_TABLE}}}name", ""), [])
                row = 0
            elif tag == f"{{{_TABLE}}}table-row":
                column = 0
            continue
        if tag in _CELLS:
            if element.get(f"{{{_CALCEXT}}}value-type") == "error":
                text = "".join(p.text or "" for p in element.iter(f"{{{_TEXT}}}p")).strip() or "#N/A"
                sheet.append((row + 1, column, text))
            column += _repeat(element, "number-columns-repeated")
            element.clear()
        elif tag == f"{{{_TABLE}}}table-row":
            row += _repeat(element, "number-rows-repeated")
            element.clear()
    return {name: cells for name, cells in by_sheet.items() if cells}


def find_ods_error_cells(data: bytes) -> ErrorCells | None:
    """The error cells of the ``.ods`` package ``data``; None when it holds none or is not one."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        if "content.xml" not in package.namelist() or not _holds_marker(package):
            return None
        by_sheet = _error_cells(package.read("content.xml"))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, NotImplementedError, SyntaxError):
        return None  # damaged: calamine says what it is
    return ErrorCells(by_sheet, data, True)
