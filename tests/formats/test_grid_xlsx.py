"""The grid workbook read back with openpyxl: validations per column in the language, comments,
protection that leaves the data cells editable, marked columns, print setup, text never a formula."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from piis_audit.engine.checklists import load_checklist
from piis_audit.formats.grid_xlsx import LAST_ROW, pages_across, render_grid
from piis_audit.i18n.render import LANGS
from piis_audit.inputs import load_export
from piis_audit.schema import FieldType
from piis_audit.workflows.grid import build_grid

from tests.inputs.inputs_helpers import write_csv

CHECKLIST = load_checklist()
HOSTILE = "=cmd|' /C calc'!A0"
LISTS = {"fr": '"oui,non"', "nl": '"ja,nee"', "en": '"yes,no"'}
PIIS_TYPE = {"fr": '"emploi,étudiant,sociale"', "nl": '"werk,studie,sociaal"', "en": '"employment,student,social"'}


def _workbook(lang: str, export: Any = None, case_ids: list[str] | None = None) -> Any:
    grid = build_grid(CHECKLIST, lang, export, case_ids)
    return grid, openpyxl.load_workbook(io.BytesIO(render_grid(grid)))


def _validations(ws: Any) -> dict[str, Any]:
    """Column letter -> its data validation (each covers one whole column below the header)."""
    out = {}
    for rule in ws.data_validations.dataValidation:
        found = re.fullmatch(r"([A-Z]+)2:([A-Z]+)(\d+)", str(rule.sqref))
        assert found is not None, rule.sqref
        assert found.group(1) == found.group(2) and int(found.group(3)) == LAST_ROW
        out[found.group(1)] = rule
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_every_column_has_the_validation_of_its_type_in_the_language(lang: str) -> None:
    grid, wb = _workbook(lang)
    for sheet in grid.sheets:
        ws = wb[sheet.name]
        rules = _validations(ws)
        assert len(rules) == len(sheet.columns)
        for index, column in enumerate(sheet.columns, 1):
            rule = rules[get_column_letter(index)]
            assert rule.showErrorMessage and rule.errorStyle == "stop" and rule.error and rule.prompt
            if column.type is FieldType.BOOL:
                assert (rule.type, rule.formula1) == ("list", LISTS[lang]), column.field
            elif column.field == "piis_type":
                assert (rule.type, rule.formula1) == ("list", PIIS_TYPE[lang])
            elif column.field == "category":
                assert (rule.type, rule.formula1) == ("list", '"1,2,3"')
            elif column.type is FieldType.CHOICE:
                assert (rule.type, rule.formula1) == ("list", '"' + ",".join(column.choices) + '"')
                assert len(column.choices) >= 2
            elif column.type is FieldType.DATE:
                # real dates from 01/01/1900 to 31/12/2100 (Excel serials), shown dd/mm/yyyy
                assert (rule.type, rule.operator) == ("date", "between")
                assert (from_excel(int(rule.formula1)), from_excel(int(rule.formula2))) == (
                    dt.datetime(1900, 1, 1), dt.datetime(2100, 12, 31))
                assert ws.column_dimensions[get_column_letter(index)].number_format == "DD/MM/YYYY"
            elif column.type is FieldType.INTEGER:
                assert (rule.type, rule.operator, rule.formula1) == ("whole", "greaterThanOrEqual", "0")
            elif column.type is FieldType.NUMBER:
                assert rule.type == "decimal"
            else:
                assert rule.type == "textLength"
    days = next(c for c in grid.sheets[2].columns if c.field == "duration_days")
    assert days.type is FieldType.INTEGER


@pytest.mark.parametrize("lang", LANGS)
def test_headers_frozen_protected_commented_and_data_cells_editable(lang: str, tmp_path: Path) -> None:
    write_csv(tmp_path / "cases.csv", [["case_id", "signed_cpas", "ri_decision_date"],
                                       ["RI-1", "oui", "17/03/2024"]], encoding="cp1252")
    grid, wb = _workbook(lang, load_export([tmp_path]))
    for sheet in grid.sheets:
        ws = wb[sheet.name]
        assert ws.freeze_panes == "B2"
        assert ws.protection.sheet is True and not ws.protection.password
        assert ws.protection.insertRows is False and ws.protection.sort is False  # allowed
        for index, column in enumerate(sheet.columns, 1):
            header = ws.cell(row=1, column=index)
            assert header.value == column.header and header.protection.locked is True
            assert header.comment is not None and header.comment.text == column.comment
            assert ws.column_dimensions[get_column_letter(index)].protection.locked is False
    ws = wb["cases"]
    assert ws["A2"].value == "RI-1" and ws["A2"].protection.locked is False
    signed = next(i for i, c in enumerate(grid.sheets[0].columns, 1) if c.field == "signed_cpas")
    assert ws.cell(row=2, column=signed).value == {"fr": "oui", "nl": "ja", "en": "yes"}[lang]
    decided = next(i for i, c in enumerate(grid.sheets[0].columns, 1) if c.field == "ri_decision_date")
    cell = ws.cell(row=2, column=decided)
    assert cell.value == dt.datetime(2024, 3, 17) and cell.number_format == "DD/MM/YYYY"
    assert cell.protection.locked is False


def test_the_columns_the_export_lacks_are_marked(tmp_path: Path) -> None:
    write_csv(tmp_path / "cases.csv", [["case_id", "signed_cpas"], ["RI-1", "oui"]], encoding="cp1252")
    grid, wb = _workbook("fr", load_export([tmp_path]))
    ws = wb["cases"]
    for index, column in enumerate(grid.sheets[0].columns, 1):
        header_colour = ws.cell(row=1, column=index).fill.start_color.rgb
        column_fill = ws.column_dimensions[get_column_letter(index)].fill
        if column.field in ("case_id", "signed_cpas"):
            assert header_colour.endswith("1F3A5F") and column_fill.fill_type is None
        else:
            assert header_colour.endswith("C55A11") and column_fill.start_color.rgb.endswith("FFF2CC")


@pytest.mark.parametrize("lang", LANGS)
def test_it_prints_on_a4_landscape_with_the_header_repeated(lang: str) -> None:
    grid, wb = _workbook(lang)
    for sheet in grid.sheets:
        ws = wb[sheet.name]
        assert ws.page_setup.orientation == "landscape"
        assert str(ws.page_setup.paperSize) == "9"  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.page_setup.fitToWidth == pages_across(sheet.columns) and ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows == "$1:$1" and ws.print_title_cols == "$A:$A"
    assert pages_across(grid.sheets[0].columns) >= 2  # 50 columns do not fit one page legibly
    assert pages_across(grid.sheets[1].columns) == 1


def test_the_instructions_sheet_comes_first_and_lists_every_column() -> None:
    grid, wb = _workbook("nl")
    assert wb.sheetnames == ["Handleiding", "cases", "evaluations", "sanctions"]
    ws = wb["Handleiding"]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert texts[0] == "Inspectierooster: hoe het in te vullen"
    fields = {t for t in texts}
    assert all(c.field in fields for s in grid.sheets for c in s.columns)
    assert ws.page_setup.orientation == "landscape"


def test_a_case_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    write_csv(tmp_path / "cases.csv", [["case_id", "exemption_motivation"], [HOSTILE, "+SUM(A1)"]],
              encoding="cp1252")
    write_csv(tmp_path / "sanctions.csv", [["case_id", "decision_date", "motivation"],
                                           [HOSTILE, "01/02/2024", "@SUM(1)"]], encoding="cp1252")
    grid, wb = _workbook("fr", load_export([tmp_path]))
    cases = wb["cases"]
    assert cases["A2"].value == HOSTILE and cases["A2"].data_type == "s" and cases["A2"].quotePrefix
    motivation = next(i for i, c in enumerate(grid.sheets[0].columns, 1) if c.field == "exemption_motivation")
    assert cases.cell(row=2, column=motivation).value == "+SUM(A1)"
    assert cases.cell(row=2, column=motivation).data_type == "s"
    sanctions = wb["sanctions"]
    values = [c.value for c in sanctions[2]]
    assert HOSTILE in values and "@SUM(1)" in values
    assert all(c.data_type != "f" for row in wb["sanctions"].iter_rows() for c in row)
