"""The workbook on paper: every sheet's page setup read back with openpyxl from the real file.

A4 landscape, one page wide and as long as needed, its header row repeated on every page,
gridlines; the Summary's labels not cut; a wrapped text never taller than its row (neither Excel
nor LibreOffice sizes rows when it opens a file: without a height, a wrapped title is drawn over
the next row). The pages themselves were looked at once by converting the demo with LibreOffice.
"""

from __future__ import annotations

import io
import math

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from piis_audit.formats.interface import FormatOptions
from piis_audit.formats.xlsx import XlsxFormat
from piis_audit.formats.xlsx_paper import LINE_HEIGHT, wrapped_lines
from piis_audit.i18n.render import ui
from piis_audit.model import AuditReport

DEFAULT_HEIGHT = 15.0  # points: a row without a height of its own
# At most this many characters per unit of column width in any spreadsheet's rendering (LibreOffice
# drawing Calibri with DejaVu Sans fits about 1.25): a bound independent of the writer's estimate.
MOST_CHARS_PER_WIDTH = 1.3


@pytest.fixture(scope="module")
def demo() -> AuditReport:
    from piis_audit.demo import DEMO_AS_OF, DEMO_EXPORT_DIR
    from piis_audit.engine.checklists import load_checklist
    from piis_audit.engine.runner import run_audit
    from piis_audit.inputs import load_export

    return run_audit(load_export([DEMO_EXPORT_DIR]), load_checklist(None), DEMO_AS_OF)


def _open(report: AuditReport, lang: str = "en", redact: bool = False) -> Workbook:
    return openpyxl.load_workbook(io.BytesIO(XlsxFormat().render(report, FormatOptions(lang, redact))))


def _header_row(ws: Worksheet, lang: str) -> int:
    if ws.title in (ui("reports.xlsx.sheet.summary", lang),):
        return next(int(row[0].row or 0) for row in ws.iter_rows(max_col=1)
                    if row[0].value == ui("reports.col.question_id", lang))
    return 1


def _width(ws: Worksheet, column: str) -> float:
    return float(ws.column_dimensions[column].width or 8.43)


@pytest.mark.parametrize("lang", ["en", "fr", "nl"])
def test_every_sheet_prints_landscape_fit_to_width_with_its_header(demo: AuditReport, lang: str) -> None:
    wb = _open(demo, lang)
    todo = [ws for ws in wb.worksheets if ws.title.startswith(ui("reports.xlsx.sheet.todo", lang))]
    assert len(todo) >= 5  # one per social worker with findings
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert setup.orientation == "landscape", ws.title
        assert setup.paperSize == 9, ws.title  # A4 (ECMA-376 paper size 9)
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), ws.title  # 1 wide, as long as needed
        assert ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        header = _header_row(ws, lang)
        assert ws.print_title_rows == f"${header}:${header}", ws.title
        assert ws.print_options.gridLines, ws.title
        head, foot = ws.oddHeader, ws.oddFooter
        assert head is not None and head.center.text == "&A"  # the sheet's name (the social worker's) on every page
        assert foot is not None and foot.center.text == "&P / &N"
        titles = [c.value for c in ws[header] if c.value is not None]
        assert titles and all(isinstance(t, str) for t in titles), ws.title
    for ws in todo:  # one list each: the header, then only that social worker's findings
        assert ws.cell(row=1, column=1).value == ui("reports.col.due_date", lang)
        assert ws.max_row >= 2


@pytest.mark.parametrize("lang", ["en", "fr", "nl"])
def test_summary_labels_are_not_cut(demo: AuditReport, lang: str) -> None:
    ws = _open(demo, lang)[ui("reports.xlsx.sheet.summary", lang)]
    labels = [str(row[0].value) for row in ws.iter_rows(min_row=2, max_col=1) if row[0].value is not None]
    assert ui("reports.summary.cases_with_fail", lang) in labels
    assert "alimony-recovery-decision" in labels
    assert _width(ws, "A") >= max(len(label) for label in labels)


def _needed_lines(text: str, width: float) -> int:
    """The fewest lines a wrapped text can take: one per line of it, each at most this wide."""
    per_line = width * MOST_CHARS_PER_WIDTH
    return sum(max(1, math.ceil(len(line) / per_line)) for line in text.split("\n"))


@pytest.mark.parametrize("redact", [False, True], ids=["named", "redacted"])
def test_no_text_runs_over_its_row_or_into_the_next_cell(demo: AuditReport, redact: bool) -> None:
    wb = _open(demo, "fr", redact)
    checked = 0
    for ws in wb.worksheets:
        header = _header_row(ws, "fr")
        for row in ws.iter_rows(min_row=header):
            height = ws.row_dimensions[int(row[0].row or 0)].height or DEFAULT_HEIGHT
            for i, cell in enumerate(row):
                if not isinstance(cell.value, str) or not cell.value:
                    continue
                width = _width(ws, cell.column_letter)
                if cell.alignment.wrap_text:
                    lines = _needed_lines(cell.value, width)
                    assert height >= lines * LINE_HEIGHT, (ws.title, cell.coordinate, height, lines, cell.value)
                    assert cell.alignment.vertical == "top", (ws.title, cell.coordinate)
                    checked += 1
                elif i + 1 < len(row) and row[i + 1].value not in (None, ""):
                    # not wrapped, with a neighbour: it must fit its column or it is cut
                    assert len(cell.value) <= width, (ws.title, cell.coordinate, width, cell.value)
    assert checked > 1000


def test_wrapped_rows_are_as_tall_as_their_text(report: AuditReport) -> None:
    """The canned report: long reasons and legal bases get taller rows; a header title longer than
    its column ("Subsidy at risk" in 14) wraps onto a second line instead of being cut."""
    ws = _open(report)["Findings"]
    heights = [ws.row_dimensions[r].height for r in range(2, ws.max_row + 1)]
    assert any(h and h >= 2 * LINE_HEIGHT for h in heights)
    money = next(c for c in ws[1] if c.value == "Subsidy at risk")
    assert len(str(money.value)) > _width(ws, money.column_letter) and money.alignment.wrap_text
    assert ws.row_dimensions[1].height == 2 * LINE_HEIGHT


@pytest.mark.parametrize(("text", "width", "lines"), [
    ("", 10, 1),
    ("short", 10, 1),
    ("exactly ten", 11, 1),
    ("two words", 5, 2),
    ("a\nb\nc", 40, 3),  # a line per newline
    ("x" * 25, 10, 3),  # a word longer than the column is broken
    ("one two three four five six", 10, 3),
])
def test_wrapped_lines(text: str, width: float, lines: int) -> None:
    assert wrapped_lines(text, width) == lines
