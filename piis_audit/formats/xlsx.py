"""Excel workbook (``-o report.xlsx``): a summary sheet, a findings sheet, a to-do sheet per
social worker, and the data errors.

Every sheet has a frozen, bold header row, an autofilter, column widths and the verdict cells
coloured; it prints A4 landscape, one page wide, its header row on every page, its rows as tall as
their wrapped text (:mod:`piis_audit.formats.xlsx_paper`). Dates are real Excel dates shown dd/mm/yyyy; amounts are numbers shown with the euro
sign. Text from the export is always written as a text cell (``data_type = "s"``), never as a
formula, whatever it starts with; a value Excel would read as a formula once edited (``=``, ``+``,
``-``, ``@``...) also gets the quote-prefix style, so it stays text even after a user edits it.

Findings are the results that ask for action: ``fail``, ``pending`` and ``missing_data``
(``not_applicable`` is not a finding: the question does not concern the case). The workbook is
written in openpyxl's write-only mode so 20,000 cases stay within memory.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from piis_audit.formats.cells import looks_like_formula, xml_safe
from piis_audit.formats.interface import FormatOptions, ReportFormat
from piis_audit.formats.rows import Row, prepare, result_rows
from piis_audit.formats.summary import Overview, overview, undecided_text
from piis_audit.formats.xlsx_paper import print_setup, set_height
from piis_audit.i18n.render import data_error_text, format_value, ui
from piis_audit.model import VERDICT_ORDER, AuditReport, DataError, Verdict
from piis_audit.i18n.legal import legal_bases

FINDING_VERDICTS: tuple[Verdict, ...] = (Verdict.FAIL, Verdict.PENDING, Verdict.MISSING_DATA)

VERDICT_FILL: dict[Verdict, PatternFill] = {
    v: PatternFill("solid", start_color=colour, end_color=colour) for v, colour in {
        Verdict.PASS: "D8F0DD", Verdict.FAIL: "F9D6D5", Verdict.PENDING: "FFF0C2",
        Verdict.NOT_APPLICABLE: "E8E8E8", Verdict.MISSING_DATA: "E8DDF7"}.items()}
HEADER_FILL = PatternFill("solid", start_color="1F3A5F", end_color="1F3A5F")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)
DATE_FORMAT = "DD/MM/YYYY"
MONEY_FORMAT = '#,##0.00 "€"'
RATE_FORMAT = "0.0%"
EXCEL_CELL_LIMIT = 32767
SHEET_NAME_LIMIT = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    """One column of a findings-like sheet: header key, width, and how to get the value."""

    key: str  # reports.col.<key>
    width: float
    value: Callable[[Row, str], Any]
    wrap: bool = False


def _verdict(row: Row, lang: str) -> Any:
    return row.verdict_label + (f" ({ui('reports.waived', lang)})" if row.waived else "")


def _baseline(row: Row, lang: str) -> str:
    return ui(f"reports.baseline.{row.baseline}", lang) if row.baseline else ""


COLUMNS: dict[str, Column] = {c.key: c for c in (
    Column("case", 15, lambda r, _: r.case_id),  # RI-2025-00401 and a margin
    Column("beneficiary", 24, lambda r, _: r.beneficiary_name or ""),
    Column("social_worker", 20, lambda r, _: r.social_worker),
    Column("office", 16, lambda r, _: r.office),
    Column("question_id", 22, lambda r, _: r.question),
    Column("question", 40, lambda r, _: r.question_title, wrap=True),
    Column("verdict", 18, _verdict),
    Column("reason", 60, lambda r, _: r.reason, wrap=True),
    Column("notes", 40, lambda r, _: "\n".join(r.notes), wrap=True),
    Column("due_date", 12, lambda r, _: r.due_date),
    Column("legal_basis", 30, lambda r, _: "\n".join(r.legal_basis), wrap=True),
    Column("waiver", 30, lambda r, _: r.waiver, wrap=True),
    Column("baseline", 10, _baseline),
    Column("money_at_risk", 14, lambda r, _: r.money_at_risk),
)}
FINDINGS = ("case", "beneficiary", "social_worker", "office", "question_id", "question", "verdict", "reason",
            "notes", "due_date", "legal_basis", "waiver", "baseline", "money_at_risk")
TODO = ("due_date", "case", "beneficiary", "office", "question", "verdict", "reason", "notes", "legal_basis",
        "waiver")
# A to-do sheet is handed out on paper: narrower text columns (they wrap) print larger once the
# sheet is fitted to the page's width.
TODO_WIDTHS: dict[str, float] = {"beneficiary": 22, "question": 30, "reason": 44, "notes": 24, "legal_basis": 26,
                                 "waiver": 16}


class XlsxFormat(ReportFormat):
    extension = ".xlsx"
    description = "Excel workbook: summary, findings, a to-do sheet per social worker"

    def render(self, report: AuditReport, options: FormatOptions) -> bytes:
        lang = options.lang
        report = prepare(report, options)
        skip = {"beneficiary"} if options.redact else set()
        findings = list(result_rows(report, lang, verdicts=FINDING_VERDICTS))
        wb = Workbook(write_only=True)
        names = SheetNames()
        _summary_sheet(wb.create_sheet(names.take(ui("reports.xlsx.sheet.summary", lang))), report,
                       overview(report, lang), lang)
        _table_sheet(wb.create_sheet(names.take(ui("reports.xlsx.sheet.findings", lang))),
                     [COLUMNS[k] for k in FINDINGS if k not in skip], findings, lang)
        by_worker: dict[str, list[Row]] = defaultdict(list)
        for row in findings:
            by_worker[row.social_worker].append(row)
        todo_columns = [dataclasses.replace(COLUMNS[k], width=TODO_WIDTHS.get(k, COLUMNS[k].width))
                        for k in TODO if k not in skip]
        for worker in sorted(by_worker, key=str.casefold):
            rows = sorted(by_worker[worker], key=lambda r: (r.due_date is None, r.due_date or dt.date.min,
                                                            r.case_id))
            title = f"{ui('reports.xlsx.sheet.todo', lang)} {worker or ui('reports.unassigned', lang)}"
            _table_sheet(wb.create_sheet(names.take(title)), todo_columns, rows, lang)
        _errors_sheet(wb.create_sheet(names.take(ui("reports.section.data_errors", lang))),
                      report.export.data_errors, lang)
        buffer = io.BytesIO()
        wb.save(buffer)
        return buffer.getvalue()


class SheetNames:
    """Excel sheet names: at most 31 characters, none of ``[]:*?/\\``, not starting or ending
    with an apostrophe, unique without regard to case (Excel compares them so)."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def take(self, wanted: str) -> str:
        base = _SHEET_FORBIDDEN.sub("_", xml_safe(wanted)).strip().strip("'").strip() or "_"
        name = base[:SHEET_NAME_LIMIT]
        n = 2
        while name.casefold() in self._taken:
            suffix = f" ({n})"
            name = base[:SHEET_NAME_LIMIT - len(suffix)].rstrip() + suffix
            n += 1
        self._taken.add(name.casefold())
        return name


# --------------------------------------------------------------------------- cells


_STYLES: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], StyleArray]] = weakref.WeakKeyDictionary()


def _style(ws: WriteOnlyWorksheet, fill: PatternFill | None, font: Font | None, wrap: bool,
           number_format: str | None, quote: bool, unlocked: bool = False) -> StyleArray | None:
    """The workbook's style for this combination, built once: assigning fills and fonts cell by
    cell hashes them every time, which dominated the time to write 20,000 cases."""
    if fill is None and font is None and not wrap and number_format is None and not quote and not unlocked:
        return None
    styles = _STYLES.setdefault(ws.parent, {})
    key = (id(fill), id(font), wrap, number_format, quote, unlocked)  # the style objects are module constants
    found = styles.get(key)
    if found is None:
        proto = WriteOnlyCell(ws)
        if fill is not None:
            proto.fill = fill
        if font is not None:
            proto.font = font
        if wrap:
            proto.alignment = WRAP
        if number_format is not None:
            proto.number_format = number_format
        if quote:
            proto.quotePrefix = True
        if unlocked:
            proto.protection = UNLOCKED
        found = styles[key] = getattr(proto, "_style")  # noqa: B009  (no public accessor; untyped)
    return found


def data_cell(ws: WriteOnlyWorksheet, value: Any, lang: str, *, fill: PatternFill | None = None,
              font: Font | None = None, wrap: bool = False, number_format: str | None = None,
              unlocked: bool = False) -> Cell | None:
    """A styled cell for any workbook of this package (reports, the inspector's grid); text is
    forced to be text, dates and amounts keep their type. ``unlocked``: editable on a protected
    sheet. An empty, unstyled cell is None (openpyxl then writes nothing)."""
    quote = False
    data_type: str | None = None
    if isinstance(value, str):
        value = xml_safe(value)[:EXCEL_CELL_LIMIT]
        data_type = "s"  # openpyxl would make "=..." a formula: it is data, never code
        quote = looks_like_formula(value)  # ... and Excel would once a user edits the cell
    elif isinstance(value, dt.datetime):
        number_format = number_format or "DD/MM/YYYY HH:MM"
    elif isinstance(value, dt.date):
        number_format = number_format or DATE_FORMAT
    elif isinstance(value, Decimal):
        value, number_format = float(value), number_format or MONEY_FORMAT
    elif not isinstance(value, (int, float)) and value is not None:
        value, data_type = format_value(value, lang), "s"
    if (value is None or value == "") and fill is None and font is None:
        return None  # (an unlocked empty cell too: the grid's columns are unlocked as a whole)
    cell = Cell(ws, row=1, column=1, style_array=_style(ws, fill, font, wrap, number_format, quote, unlocked))
    cell.value = value
    if data_type is not None:
        cell.data_type = data_type
    return cell


_cell = data_cell


def _header(ws: WriteOnlyWorksheet, labels: Sequence[str], lang: str, row: int,
            widths: Sequence[float]) -> list[Cell | None]:
    """The header row (row number ``row``): labels wrap in their column instead of being cut."""
    set_height(ws, row, zip(labels, widths))
    return [_cell(ws, label, lang, fill=HEADER_FILL, font=HEADER_FONT, wrap=True) for label in labels]


def _finish(ws: WriteOnlyWorksheet, widths: Sequence[float], header_row: int, last_row: int) -> None:
    """Widths, frozen header, autofilter and how it prints (:func:`print_setup`); must run before
    the first row is appended."""
    sheet: Any = ws  # the stubs omit the attributes write-only sheets take over from Worksheet
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(widths))}{max(last_row, header_row)}"
    print_setup(ws, header_row)


# --------------------------------------------------------------------------- sheets


def _table_sheet(ws: WriteOnlyWorksheet, columns: Sequence[Column], rows: Sequence[Row], lang: str) -> None:
    widths = [c.width for c in columns]
    _finish(ws, widths, 1, len(rows) + 1)
    ws.append(_header(ws, [ui(f"reports.col.{c.key}", lang) for c in columns], lang, 1, widths))
    for number, row in enumerate(rows, 2):
        values = [c.value(row, lang) for c in columns]
        # every cell wraps, aligned at the top: a long name or "missing data (waived)" is not cut
        set_height(ws, number, ((v, c.width) for v, c in zip(values, columns)))
        ws.append([_cell(ws, v, lang, wrap=True, fill=VERDICT_FILL[row.verdict] if c.key == "verdict" else None)
                   for v, c in zip(values, columns)])


def _summary_sheet(ws: WriteOnlyWorksheet, report: AuditReport, ov: Overview, lang: str) -> None:
    meta: list[tuple[str, Any]] = [
        ("reports.meta.export", report.export.label),
        ("reports.meta.as_of", report.as_of),
        ("reports.meta.checklist", f"{report.checklist.id} {report.checklist.version}"),
        ("reports.meta.generated", report.generated_at.replace(tzinfo=None)),
        ("reports.meta.tool", f"piis-audit {report.tool_version}"),
        ("reports.summary.cases", ov.cases),
        ("reports.summary.cases_with_fail", ov.cases_with_fail),
        ("reports.summary.rejected", ov.rejected),
        ("reports.summary.data_errors", ov.data_errors),
        ("reports.summary.compliance", ov.compliance_rate),
        ("reports.summary.undecided", undecided_text(ov.missing_by_cause, lang)),
        ("reports.summary.waived", ov.waived),
        ("reports.summary.money_at_risk", ov.money_at_risk),
    ]
    headers = [ui("reports.col.question_id", lang), ui("reports.col.question", lang),
               *[ui(f"common.verdict.{v.value}", lang) for v in VERDICT_ORDER],
               ui("reports.col.waived", lang), ui("reports.col.compliance", lang),
               ui("reports.col.money_at_risk", lang), ui("reports.col.legal_basis", lang),
               ui("reports.col.remediation", lang)]
    header_row = 1 + len(meta) + 2  # title, meta block, blank line, then the table header
    # Column A holds the labels above and the question ids below: as wide as the longest of them,
    # so none is cut ("Cases with at least one failure").
    first = [ui(key, lang) for key, _ in meta] + [t.id for t in ov.questions] + [headers[0], ui("reports.total", lang)]
    widths = [max(22, max(len(text) for text in first) + 2), 44, *[11] * len(VERDICT_ORDER), 10, 12, 14, 30, 60]
    _finish(ws, widths, header_row, header_row + len(ov.questions) + 1)

    ws.append([_cell(ws, f"{ui('reports.title', lang)} — {report.export.label}", lang, font=TITLE_FONT)])
    for key, value in meta:
        cell = _cell(ws, value, lang, number_format=RATE_FORMAT if key == "reports.summary.compliance" else None)
        ws.append([_cell(ws, ui(key, lang), lang, font=BOLD), cell])
    ws.append([])
    ws.append(_header(ws, headers, lang, header_row, widths))
    for number, t in enumerate(ov.questions, header_row + 1):
        basis = "\n".join(legal_bases(t.question.legal_basis, lang))
        remediation = str(t.question.remediation.get(lang) or t.question.remediation.get("en", ""))
        set_height(ws, number, ((t.id, widths[0]), (t.title, widths[1]), (basis, widths[-2]),
                                (remediation, widths[-1])))
        rate = _cell(ws, t.compliance_rate, lang, number_format=RATE_FORMAT, wrap=True)
        ws.append([  # every cell wraps, so the whole row is aligned at the top
            _cell(ws, t.id, lang, wrap=True), _cell(ws, t.title, lang, wrap=True),
            *[_cell(ws, t.counts[v], lang, fill=VERDICT_FILL[v] if t.counts[v] else None, wrap=True)
              for v in VERDICT_ORDER],
            _cell(ws, t.waived, lang, wrap=True), rate, _cell(ws, t.money_at_risk, lang, wrap=True),
            _cell(ws, basis, lang, wrap=True), _cell(ws, remediation, lang, wrap=True),
        ])
    total_rate = _cell(ws, ov.compliance_rate, lang, font=BOLD, number_format=RATE_FORMAT)
    ws.append([_cell(ws, ui("reports.total", lang), lang, font=BOLD), _cell(ws, "", lang),
               *[_cell(ws, ov.counts[v], lang, font=BOLD) for v in VERDICT_ORDER],
               _cell(ws, ov.waived, lang, font=BOLD), total_rate, _cell(ws, ov.money_at_risk, lang, font=BOLD)])
    if report.missing_columns:
        ws.append([])
        ws.append([_cell(ws, ui("reports.section.missing_columns", lang), lang, font=BOLD)])
        for qid, cols in report.missing_columns.items():
            ws.append([_cell(ws, qid, lang), _cell(ws, ", ".join(cols), lang)])


def _errors_sheet(ws: WriteOnlyWorksheet, errors: Iterable[DataError], lang: str) -> None:
    errors = list(errors)
    keys = ("file", "table", "row", "column", "value", "message")
    widths = [24, 14, 8, 24, 24, 60]
    _finish(ws, widths, 1, len(errors) + 1)
    ws.append(_header(ws, [ui(f"reports.col.{k}", lang) for k in keys], lang, 1, widths))
    for number, e in enumerate(errors, 2):
        values = [e.file, e.table, e.row, e.column or "", e.value or "", data_error_text(e, lang)]
        set_height(ws, number, zip(values, widths))  # a long path wraps too, aligned at the top
        ws.append([_cell(ws, value, lang, wrap=True) for value in values])
