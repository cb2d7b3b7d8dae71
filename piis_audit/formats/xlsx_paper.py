"""How the report workbook's sheets print: A4 landscape, fit to the page's width, the header row on
every page, gridlines, the sheet's name above and page numbers below; and row heights for
wrapped text, which neither Excel nor LibreOffice computes when it opens a file (without them a
wrapped title is drawn over the next row).

Used by :mod:`piis_audit.formats.xlsx` on write-only sheets: call :func:`print_setup` before the
sheet is saved and :func:`wrapped_height` before appending the row it is for.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

LINE_HEIGHT = 15.0  # points per line of the default 11 pt font (Excel's default row height)
# Characters of text that fit a column of width 1. A width counts "0" digits of the default font;
# most text is narrower (about 1.1 in Excel's Calibri, 1.25 in the DejaVu Sans LibreOffice draws
# it with when Calibri is missing): 1 is on the safe side, where a line too many leaves some white
# space and a line too few would hide text.
CHARS_PER_WIDTH = 1.0
MAX_ROW_HEIGHT = 409.0  # Excel's limit


def print_setup(ws: Any, header_row: int) -> None:
    """A4 landscape, fit to one page wide and as many pages long as needed, ``header_row``
    repeated at the top of every page, gridlines printed, the sheet's name in the page header
    (on a to-do sheet: the social worker) and "page / pages" in the footer."""
    sheet: Any = ws  # a write-only sheet has these attributes; its stubs do not say so
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = Worksheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages long as the rows need
    properties = sheet.sheet_properties
    if properties.pageSetUpPr is None:
        properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    else:
        properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_options.gridLines = True
    sheet.oddHeader.center.text = "&A"
    sheet.oddFooter.center.text = "&P / &N"


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapping cell of this column width (words kept whole,
    a word longer than a line broken; every newline starts a line)."""
    capacity = max(1, math.floor(width * CHARS_PER_WIDTH))
    lines = 0
    for paragraph in text.split("\n"):
        used = 0
        count = 1
        for word in paragraph.split():
            length = len(word)
            if used and used + 1 + length <= capacity:
                used += 1 + length
                continue
            if used:  # the word starts a new line
                count += 1
            while length > capacity:  # a word longer than a line fills whole lines
                count += 1
                length -= capacity
            used = length
        lines += count
    return max(1, lines)


def wrapped_height(cells: Iterable[tuple[Any, float]]) -> float | None:
    """The row height (points) that shows every wrapped (text, column width) pair whole, or None
    when one line is enough (the default height)."""
    lines = max((wrapped_lines(text, width) for text, width in cells if isinstance(text, str) and text),
                default=1)
    if lines <= 1:
        return None
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT)


def set_height(ws: Any, row: int, cells: Iterable[tuple[Any, float]]) -> None:
    """Give row ``row`` the height its wrapped cells need; before that row is appended."""
    height = wrapped_height(cells)
    if height is not None:
        ws.row_dimensions[row].height = height
