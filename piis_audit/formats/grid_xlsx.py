"""The inspector's grid as an Excel workbook (``piis-audit template``, ``docs/template.md``).

An instructions sheet, then one sheet per table of :class:`~piis_audit.workflows.grid.Grid`:

* the header row holds the labels, frozen (with the file number column), protected: the sheet is
  protected without a password, so a header is not overwritten by accident, while every column
  below it is unlocked (rows can be inserted, deleted, sorted and filtered);
* each header has a comment (what to enter, what an empty cell means, the questions reading it);
* every column below the header has a data validation: the yes/no or choice list in the grid's
  language, real dates between 1900 and 2100 shown dd/mm/yyyy, whole numbers, amounts;
* the columns the export lacks have an orange header and a yellow column;
* it prints on A4 landscape, fitted to a number of pages across, the header row and the file
  number column repeated on every page.

Cells are written by :func:`piis_audit.formats.xlsx.data_cell`: case text is always text, never a
formula. The workbook is written in openpyxl's write-only mode, so a whole export fits in memory.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.protection import SheetProtection

from piis_audit.formats.xlsx import (
    BOLD,
    DATE_FORMAT,
    HEADER_FILL,
    HEADER_FONT,
    TITLE_FONT,
    UNLOCKED,
    SheetNames,
    data_cell,
)
from piis_audit.i18n.render import ui
from piis_audit.schema import FieldType
from piis_audit.workflows.grid import Grid, GridColumn, GridSheet

MISSING_HEADER_FILL = PatternFill("solid", start_color="C55A11", end_color="C55A11")
MISSING_FILL = PatternFill("solid", start_color="FFF2CC", end_color="FFF2CC")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
LAST_ROW = 1_048_576  # Excel's last row: the validations hold for rows a person adds too
HEADER_HEIGHT = 78.0  # points: five lines of a wrapped label
# A4 landscape at 100 % holds about 125 character widths of columns: the sheet is fitted to as
# many pages across as keep it at about 70 % or more.
PAGE_WIDTH_AT_70_PERCENT = 175.0
# The dates the reader accepts, 01/01/1900 to 31/12/2100, as Excel serial numbers (1900 system).
FIRST_DATE_SERIAL, LAST_DATE_SERIAL = 1, 73415
INTEGER_FORMAT = "0"
NUMBER_FORMAT = "#,##0.00"
TEXT_FORMAT = "@"
EXCEL_TITLE_LIMIT, EXCEL_MESSAGE_LIMIT = 32, 255
LINE_HEIGHT = 13.0  # points per line of wrapped text
CHARS_PER_WIDTH = 1.1  # characters of a proportional font per unit of column width
PAPER_A4 = "9"  # Worksheet.PAPERSIZE_A4 (write-only sheets lack the constant)


def column_width(column: GridColumn) -> float:
    """A width that shows the values and wraps the label on up to five lines."""
    by_type = {FieldType.DATE: 12.0, FieldType.BOOL: 10.0, FieldType.INTEGER: 9.0, FieldType.NUMBER: 12.0,
               FieldType.CHOICE: 13.0, FieldType.TEXT: 20.0}
    wanted = by_type[column.type] if column.field != "case_id" else 16.0
    return max(wanted, min(24.0, math.ceil(len(column.header) / 4) + 2.0))


def pages_across(columns: Sequence[GridColumn]) -> int:
    """How many A4 landscape pages across a sheet is fitted to."""
    return max(1, math.ceil(sum(column_width(c) for c in columns) / PAGE_WIDTH_AT_70_PERCENT))


def _number_format(column: GridColumn) -> str:
    return {FieldType.DATE: DATE_FORMAT, FieldType.INTEGER: INTEGER_FORMAT,
            FieldType.NUMBER: NUMBER_FORMAT}.get(column.type, TEXT_FORMAT)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def validation(column: GridColumn, lang: str) -> DataValidation:
    """The data validation of one column's cells (its range is added by the caller)."""
    words = " / ".join(column.choices)
    if column.choices:
        kind = "list"
        rule = DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True)
    elif column.type is FieldType.DATE:
        kind = "date"
        rule = DataValidation(type="date", operator="between", formula1=str(FIRST_DATE_SERIAL),
                              formula2=str(LAST_DATE_SERIAL), allow_blank=True)
    elif column.type is FieldType.INTEGER:
        kind = "integer"
        rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    elif column.type is FieldType.NUMBER:
        kind = "number"
        rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    else:
        kind = "text"
        rule = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="32767", allow_blank=True)
    rule.errorStyle = "stop"
    rule.showErrorMessage = True
    rule.showInputMessage = True
    rule.errorTitle = _clip(ui("template.validation.title", lang), EXCEL_TITLE_LIMIT)
    rule.error = _clip(ui(f"template.validation.{kind}", lang, words=words), EXCEL_MESSAGE_LIMIT)
    rule.promptTitle = _clip(column.header, EXCEL_TITLE_LIMIT)
    rule.prompt = _clip(column.enter, EXCEL_MESSAGE_LIMIT)
    return rule


def _setup(ws: WriteOnlyWorksheet, sheet: GridSheet, lang: str, marked: bool) -> None:
    """Everything openpyxl writes before the rows: columns, frozen panes, print setup; then the
    validations and the protection (written after the rows, set here too)."""
    ws_any: Any = ws  # the stubs omit the attributes write-only sheets take over from Worksheet
    for index, column in enumerate(sheet.columns, 1):
        dimension = ws_any.column_dimensions[get_column_letter(index)]
        dimension.width = column_width(column)
        dimension.protection = UNLOCKED
        dimension.number_format = _number_format(column)
        if marked and not column.in_export:
            dimension.fill = MISSING_FILL
    ws_any.row_dimensions[1].height = HEADER_HEIGHT
    ws_any.freeze_panes = "B2"
    last = get_column_letter(max(len(sheet.columns), 1))
    ws_any.auto_filter.ref = f"A1:{last}{max(len(sheet.rows) + 1, 2)}"
    ws_any.print_title_rows = "1:1"
    ws_any.print_title_cols = "A:A"
    ws_any.page_setup.orientation = "landscape"
    ws_any.page_setup.paperSize = PAPER_A4
    ws_any.page_setup.fitToWidth = pages_across(sheet.columns)
    ws_any.page_setup.fitToHeight = 0
    ws_any.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws_any.print_options.gridLines = True
    ws_any.page_margins.left = ws_any.page_margins.right = 0.4
    ws_any.page_margins.top = ws_any.page_margins.bottom = 0.6
    ws_any.oddFooter.center.text = "&A — &P / &N"
    for index, column in enumerate(sheet.columns, 1):
        rule = validation(column, lang)
        letter = get_column_letter(index)
        rule.add(f"{letter}2:{letter}{LAST_ROW}")
        ws_any.data_validations.append(rule)
    # Protected against accidental edits of the headers, without a password; the columns are
    # unlocked, and rows may be inserted, deleted, sorted and filtered.
    ws_any.protection = SheetProtection(sheet=True, insertRows=False, deleteRows=False, sort=False,
                                        autoFilter=False, formatColumns=False, formatRows=False,
                                        selectLockedCells=False, selectUnlockedCells=False)


def _header_cell(ws: WriteOnlyWorksheet, column: GridColumn, lang: str, marked: bool) -> Any:
    fill = MISSING_HEADER_FILL if marked and not column.in_export else HEADER_FILL
    cell = data_cell(ws, column.header, lang, fill=fill, font=HEADER_FONT, wrap=True)
    assert cell is not None  # a header is never empty
    lines = column.comment.count("\n") + 1
    cell.comment = Comment(column.comment, "piis-audit", height=min(600, 24 + 16 * lines), width=420)
    return cell


def _data_sheet(ws: WriteOnlyWorksheet, sheet: GridSheet, lang: str, marked: bool) -> None:
    _setup(ws, sheet, lang, marked)
    ws.append([_header_cell(ws, column, lang, marked) for column in sheet.columns])
    for row in sheet.rows:
        ws.append([data_cell(ws, value, lang, unlocked=True) for value in row])


def _instructions_sheet(ws: WriteOnlyWorksheet, grid: Grid) -> None:
    lang = grid.lang
    ws_any: Any = ws
    widths = (12, 30, 26, 40, 48, 30, 10)
    for index, width in enumerate(widths, 1):
        ws_any.column_dimensions[get_column_letter(index)].width = width
    ws_any.page_setup.orientation = "landscape"
    ws_any.page_setup.paperSize = PAPER_A4
    ws_any.page_setup.fitToWidth = 1
    ws_any.page_setup.fitToHeight = 0
    ws_any.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    title, *lines = grid.instructions
    ws.append([data_cell(ws, title, lang, font=TITLE_FONT)])
    for line in lines:
        ws.append([data_cell(ws, line, lang)])
    ws.append([])
    keys = ("sheet", "header", "field", "enter", "empty", "read_by", "in_export")
    ws.append([data_cell(ws, ui(f"template.legend.{k}", lang), lang, font=BOLD) for k in keys])
    row_number = len(grid.instructions) + 3
    yes, no = ui("common.bool.true", lang), ui("common.bool.false", lang)
    for sheet in grid.sheets:
        for column in sheet.columns:
            texts = (sheet.name, column.header, column.field, column.enter, column.empty,
                     ", ".join(column.questions), yes if column.in_export or not grid.from_export else no)
            # write-only rows take their height when written: set it first (wrapped text never overlaps)
            ws_any.row_dimensions[row_number].height = LINE_HEIGHT * max(
                _lines(text, width) for text, width in zip(texts, widths))
            ws.append([data_cell(ws, text, lang, wrap=True) for text in texts])
            row_number += 1


def _lines(text: str, width: float) -> int:
    """The lines a wrapped text takes in a column of ``width`` characters (an estimate)."""
    return sum(max(1, math.ceil(len(part) / (width * CHARS_PER_WIDTH))) for part in text.split("\n"))


def render_grid(grid: Grid) -> bytes:
    """The grid as the bytes of an ``.xlsx`` workbook."""
    wb = Workbook(write_only=True)
    names = SheetNames()
    _instructions_sheet(wb.create_sheet(names.take(grid.instructions_name)), grid)
    for sheet in grid.sheets:
        _data_sheet(wb.create_sheet(names.take(sheet.name)), sheet, grid.lang, grid.from_export)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
