"""Excel: sheets, headers, one row per finding, text never becomes a formula."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook

from piis_audit.formats.interface import FormatOptions
from piis_audit.formats.xlsx import FINDING_VERDICTS, SheetNames, XlsxFormat
from piis_audit.model import AuditReport


def _open(report: AuditReport, lang: str = "en", redact: bool = False) -> Workbook:
    return openpyxl.load_workbook(io.BytesIO(XlsxFormat().render(report, FormatOptions(lang, redact))))


def _findings(report: AuditReport) -> list[tuple[str, str]]:
    return [(cr.case.case_id, r.question) for cr in report.cases for r in cr.results if r.verdict in FINDING_VERDICTS]


def test_sheets(report: AuditReport, canned: SimpleNamespace) -> None:
    wb = _open(report)
    assert wb.sheetnames[:2] == ["Summary", "Findings"]
    assert wb.sheetnames[-1] == "Data errors"
    todo = wb.sheetnames[2:-1]
    # one per social worker with findings: Alice Dupont, the hostile one, +cmd
    assert len(todo) == 3 and all(name.startswith("To do ") for name in todo)
    for name in wb.sheetnames:
        assert len(name) <= 31 and not set("[]:*?/\\") & set(name)
    assert len({n.casefold() for n in wb.sheetnames}) == len(wb.sheetnames)


def test_findings_sheet(report: AuditReport) -> None:
    ws = _open(report)["Findings"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:8] == ("Case", "Beneficiary", "Social worker", "Office", "Question id", "Question", "Verdict",
                           "Reason")
    assert [(r[0], r[4]) for r in rows[1:]] == _findings(report)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:N{len(rows)}"
    assert ws.column_dimensions["H"].width == 60
    first = rows[1]
    assert first[6] == "fail" and str(first[7]).startswith("signed 01/03/2026")
    waived = next(r for r in rows[1:] if r[0] == "D0002" and r[4] == "deadline")
    assert waived[6] == "fail (waived)"
    # colour by verdict
    fills = {ws.cell(row=i, column=7).value: ws.cell(row=i, column=7).fill.start_color.rgb
             for i in range(2, ws.max_row + 1)}
    assert len({fills["fail"], fills["pending"], fills["missing data"]}) == 3


def test_todo_sheets_sorted_by_due_date(report: AuditReport) -> None:
    wb = _open(report)
    ws = wb["To do Alice Dupont"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "Due date"
    due = [r[0] for r in rows[1:]]
    dated = [d for d in due if isinstance(d, dt.datetime)]
    assert len(dated) >= 2
    assert dated == sorted(dated) and due[:len(dated)] == dated  # undated last
    alice = sum(1 for cr in report.cases for r in cr.results
                if cr.case.values["social_worker"] == "Alice Dupont" and r.verdict in FINDING_VERDICTS)
    assert len(rows) - 1 == alice
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref


def test_no_formula_anywhere(report: AuditReport, canned: SimpleNamespace) -> None:
    wb = _open(report)
    seen: set[str] = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                value = cell.value
                if isinstance(value, str):
                    seen.add(value)
                    if value.startswith(("=", "+", "-", "@")):
                        assert cell.quotePrefix, (ws.title, cell.coordinate)
    assert canned.FORMULA in seen and canned.CMD in seen and canned.SCRIPT in seen  # kept as text


def test_summary_sheet(report: AuditReport) -> None:
    ws = _open(report, "fr")["Synthèse"]
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "Dossiers contrôlés" in values and "Conclu dans le délai" in values
    header = next(i for i, row in enumerate(ws.iter_rows(values_only=True), 1) if row[0] == "Identifiant du point")
    assert ws.freeze_panes == f"A{header + 1}"
    deadline = [c.value for c in ws[header + 1]]
    assert deadline[:9] == ["deadline", "Conclu dans le délai", 2, 1, 1, 0, 0, 1, 0.5]
    assert ws.cell(row=header + 1, column=9).number_format == "0.0%"
    money = next(row for row in ws.iter_rows(values_only=True) if row[0] == "Subvention à risque (estimation)")
    assert money[1] == pytest.approx(1445.62)
    # Beside the rate (pass ÷ (pass + fail + missing data)): the undecided results and why.
    rate = next(row for row in ws.iter_rows(values_only=True) if row[0] == "Conformité globale")
    assert rate[1] == pytest.approx(6 / 15)
    undecided = next(row for row in ws.iter_rows(values_only=True) if row[0] == "Non tranchés (données manquantes)")
    assert undecided[1] == "2 (1 sans colonne, 1 vides)"


def test_redact(report: AuditReport) -> None:
    wb = _open(report, redact=True)
    texts = {c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)}
    assert "Marie Lambert" not in texts and "Jan Peeters" not in texts and "Beneficiary" not in texts
    assert "Marie Lambert" in {c for row in _open(report)["Findings"].iter_rows(values_only=True) for c in row}


@pytest.mark.parametrize(("wanted", "expected"), [
    ("To do Alice", "To do Alice"),
    ("To do a/b:c*d?e[f]g\\h", "To do a_b_c_d_e_f_g_h"),
    ("To do " + "x" * 40, "To do " + "x" * 25),
    ("'quoted'", "quoted"),
    ("", "_"),
])
def test_sheet_names(wanted: str, expected: str) -> None:
    assert SheetNames().take(wanted) == expected


def test_sheet_names_are_unique_without_case() -> None:
    names = SheetNames()
    assert [names.take(n) for n in ("Summary", "summary", "SUMMARY")] == ["Summary", "summary (2)", "SUMMARY (3)"]
    long = SheetNames()
    first, second = long.take("y" * 40), long.take("y" * 40)
    assert first == "y" * 31 and second == "y" * 27 + " (2)"


def test_openpyxl_writes_through_lxml() -> None:
    """lxml is a dependency only for this: openpyxl's fast worksheet writer (the pure-Python one
    takes about 12 % longer on a 20,000-case report)."""
    from openpyxl.xml import LXML

    assert LXML is True
