"""Spreadsheet error values (#N/A, #VALUE!, #REF!, #NAME?, #DIV/0!, #NULL!, #NUM!, #GETTING_DATA)
are unreadable cells: a data error naming file, table, row, column and value, and the field is
unknown wherever it decides, never empty (issue 10: ``#N/A`` in ``piis_signed_date`` gave
``deadline`` fail, as if the PIIS had never been signed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from inputs_helpers import write_csv

from piis_audit.engine.checklists import load_checklist
from piis_audit.engine.runner import run_audit
from piis_audit.i18n.render import data_error_text
from piis_audit.inputs import load_export
from piis_audit.model import Verdict

ERRORS = ["#N/A", "#VALUE!", "#REF!", "#NAME?", "#DIV/0!", "#NULL!", "#NUM!", "#GETTING_DATA"]
EMPTY = ["exemption_reason", "exemption_decision_date", "exemption_motivation", "ri_end_date",
         "previous_ri_end_date", "moved_from_other_cpas", "employment_measure", "complementary_ri_with_work",
         "piis_requested_by", "piis_request_date", "reactivation_consent_date"]  # columns present, cells empty
# a mandatory PIIS (26 at the decision, new beneficiary): 3 months from 17/11/2016, so 16/02/2017
HEADER = ["case_id", "social_worker", "birth_date", "category", "ri_decision_date", "ri_start_date",
          "ri_in_previous_3_months", "full_time_studies", "employment_trajectory", "piis_type",
          "piis_signed_date", *EMPTY]
CASE = ["Hélène Dupré", dt.date(1990, 3, 15), 2, dt.date(2016, 11, 17), dt.date(2016, 11, 17), "non", "non",
        "non", "social"]


def _workbook(path: Path, signed: list[object], errors: dict[tuple[int, int], str] | None = None) -> Path:
    """A cases sheet, one case per ``signed`` value; ``errors`` (row, column) -> an error cell."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "cases"
    sheet.append(HEADER)
    for n, value in enumerate(signed, 1):
        sheet.append([f"D-{n:03d}", *CASE, value, *[None] * len(EMPTY)])
    for (row, column), value in (errors or {}).items():
        cell = sheet.cell(row=row, column=column, value=value)
        cell.data_type = "e"  # an error cell (t="e"), as Excel saves a formula that failed
    book.save(path)
    return path


def test_every_error_value_of_a_workbook_is_an_unreadable_cell(tmp_path: Path) -> None:
    signed_column = HEADER.index("piis_signed_date") + 1
    path = _workbook(tmp_path / "export.xlsx", [None] * len(ERRORS),
                     {(row, signed_column): value for row, value in enumerate(ERRORS, 2)})
    export = load_export([path])  # #GETTING_DATA, unknown to the workbook reader, does not stop it
    assert [c.case_id for c in export.cases] == [f"D-{n:03d}" for n in range(1, 9)]
    for case in export.cases:
        assert case.get("piis_signed_date") is None and "piis_signed_date" in case.invalid
        assert case.get("social_worker") == "Hélène Dupré" and case.get("ri_decision_date") == dt.date(2016, 11, 17)
    got = [(e.file, e.table, e.row, e.column, e.value, e.field, e.message) for e in export.data_errors]
    assert got == [(str(path), "cases", row, "piis_signed_date", value, "piis_signed_date",
                    f"spreadsheet error value {value}: the cell cannot be read (fix the formula or the value "
                    "in the file)") for row, value in enumerate(ERRORS, 2)]


def test_an_error_cell_in_a_text_column_and_in_a_child_sheet(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "export.xlsx", [dt.date(2017, 1, 10)], {(2, 2): "#REF!"})
    book = openpyxl.load_workbook(path)
    evaluations = book.create_sheet("evaluations")
    evaluations.append(["case_id", "evaluation_date", "personal_interview", "report_present"])
    evaluations.append(["D-001", dt.date(2017, 4, 10), "oui", "#N/A"])
    evaluations["D2"].data_type = "e"
    book.save(path)
    export = load_export([path])
    case = export.cases[0]
    assert case.get("social_worker") is None and "social_worker" in case.invalid
    [evaluation] = case.evaluations
    assert evaluation.report_present is None and "report_present" in evaluation.invalid
    assert {(e.table, e.row, e.column, e.value) for e in export.data_errors} == {
        ("cases", 2, "social_worker", "#REF!"), ("evaluations", 2, "report_present", "#N/A")}


def test_error_values_written_as_text_in_a_belgian_csv(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cases.csv", [
        ["case_id", "ri_decision_date", "piis_signed_date", "exemption_motivation", "office", "signed_cpas"],
        ["D-001", "17/11/2016", "#N/A", "#VALEUR!", "#3 rue Haute", "oui"],  # French Excel's #VALUE!
        ["D-002", "17/11/2016", "10/01/2017", "Err:502", "Antenne Nord", "#WAARDE!"],  # LibreOffice, Dutch Excel
        ["D-003", "17/11/2016", "10/01/2017", "Motivé", "Antenne Sud", "non"],
    ], encoding="cp1252")
    export = load_export([path])
    first, second, third = export.cases
    assert first.get("piis_signed_date") is None and "piis_signed_date" in first.invalid
    assert first.get("exemption_motivation") is None and "exemption_motivation" in first.invalid
    assert first.get("office") == "#3 rue Haute"  # a text that merely starts with # is text
    assert second.get("exemption_motivation") is None and "exemption_motivation" in second.invalid
    assert second.get("signed_cpas") is None and "signed_cpas" in second.invalid
    assert third.invalid == frozenset() and third.get("exemption_motivation") == "Motivé"
    errors = {(e.row, e.column): e for e in export.data_errors}
    assert set(errors) == {(2, "piis_signed_date"), (2, "exemption_motivation"), (3, "exemption_motivation"),
                           (3, "signed_cpas")}
    assert errors[(2, "piis_signed_date")].value == "#N/A"
    assert errors[(2, "piis_signed_date")].message.startswith("spreadsheet error value #N/A: ")
    assert data_error_text(errors[(2, "exemption_motivation")], "fr") == (
        "valeur d'erreur de tableur #VALEUR! : la cellule est illisible (corrigez la formule ou la valeur "
        "dans le fichier)")
    assert data_error_text(errors[(3, "signed_cpas")], "nl") == (
        "foutwaarde van het rekenblad #WAARDE!: de cel is onleesbaar (verbeter de formule of de waarde in "
        "het bestand)")


def test_an_error_value_in_case_id_rejects_the_row_saying_why(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cases.csv", [["case_id", "ri_decision_date"], ["#N/A", "17/11/2016"],
                                              ["D-002", "17/11/2016"]])
    export = load_export([path])
    assert [c.case_id for c in export.cases] == ["D-002"]
    [rejected] = export.rejected
    assert rejected.row == 2 and rejected.reason == "case_id could not be read"
    [error] = export.data_errors
    assert error.message.startswith("spreadsheet error value #N/A: ") and error.message.endswith(
        "; case_id is required, row not audited")


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_na_in_piis_signed_date_is_missing_data_for_deadline_not_a_fail(tmp_path: Path, kind: str) -> None:
    if kind == "xlsx":
        signed_column = HEADER.index("piis_signed_date") + 1
        path = _workbook(tmp_path / "export.xlsx", ["#N/A", None], {(2, signed_column): "#N/A"})
    else:
        rows: list[list[object]] = [HEADER]
        for n, signed in enumerate(["#N/A", ""], 1):
            cells = [f"D-{n:03d}", *CASE, signed, *[""] * len(EMPTY)]
            rows.append([c.strftime("%d/%m/%Y") if isinstance(c, dt.date) else c for c in cells])
        path = write_csv(tmp_path / "cases.csv", rows, encoding="cp1252")
    export = load_export([path])
    report = run_audit(export, load_checklist(), dt.date(2017, 3, 1))
    unreadable, empty = report.cases
    deadline = unreadable.result("deadline")
    assert deadline.verdict is Verdict.MISSING_DATA
    assert deadline.reason is not None and "piis_signed_date" in str(deadline.reason.params)
    # the same case with the cell empty: never signed, past the deadline
    assert empty.result("deadline").verdict is Verdict.FAIL


def test_an_error_value_typed_as_text_in_a_workbook(tmp_path: Path) -> None:
    # "#VALEUR!" pasted as text (not an error cell): unreadable too, in a text and in a date column
    path = _workbook(tmp_path / "export.xlsx", [dt.date(2017, 1, 10), "#N/A"])
    book = openpyxl.load_workbook(path)
    sheet = book["cases"]
    motivation = HEADER.index("exemption_motivation") + 1
    for row, column, text in ((2, motivation, "#VALEUR!"), (3, HEADER.index("piis_signed_date") + 1, "#N/A")):
        cell = sheet.cell(row=row, column=column, value=text)
        cell.data_type = "s"  # openpyxl would make "#N/A" an error cell otherwise
    book.save(path)
    export = load_export([path])
    first, second = export.cases
    assert first.get("exemption_motivation") is None and "exemption_motivation" in first.invalid
    assert second.get("piis_signed_date") is None and "piis_signed_date" in second.invalid
    assert {(e.row, e.column, e.value) for e in export.data_errors} == {
        (2, "exemption_motivation", "#VALEUR!"), (3, "piis_signed_date", "#N/A")}


def test_an_error_cell_in_a_sheet_that_starts_lower_and_to_the_right(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "cases"
    sheet["C3"], sheet["D3"], sheet["E3"] = "case_id", "piis_signed_date", "ri_decision_date"
    sheet["C4"], sheet["D4"], sheet["E4"] = "A", dt.date(2024, 1, 1), dt.date(2023, 12, 1)
    sheet["C5"], sheet["D5"], sheet["E5"] = "B", "#N/A", dt.date(2023, 12, 1)  # openpyxl: an error cell
    path = tmp_path / "export.xlsx"
    book.save(path)
    export = load_export([path])
    assert [(c.case_id, c.get("piis_signed_date"), c.invalid) for c in export.cases] == [
        ("A", dt.date(2024, 1, 1), frozenset()), ("B", None, frozenset({"piis_signed_date"}))]
    assert [(e.row, e.column, e.value) for e in export.data_errors] == [(5, "piis_signed_date", "#N/A")]


def _ods_with_errors(path: Path, rows: list[list[object]], errors: dict[str, str]) -> Path:
    """An .ods as LibreOffice saves a formula that failed: each placeholder text of ``errors``
    becomes that error cell (calcext:value-type="error")."""
    import zipfile

    from inputs_helpers import write_ods

    write_ods(path, {"cases": rows})
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    content = parts["content.xml"].decode("utf-8").replace(
        "<office:document-content ", '<office:document-content xmlns:calcext="urn:org:documentfoundation:names:'
        'experimental:calc:xmlns:calcext:1.0" ', 1)
    for placeholder, cell in errors.items():
        content = content.replace(f'<table:table-cell office:value-type="string"><text:p>{placeholder}</text:p>'
                                  "</table:table-cell>", cell)
    parts["content.xml"] = content.encode("utf-8")
    with zipfile.ZipFile(path, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data, compress_type=zipfile.ZIP_STORED if name == "mimetype" else
                             zipfile.ZIP_DEFLATED)
    return path


def test_error_cells_of_an_ods_are_unreadable_not_empty_nor_zero(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["case_id", "ri_decision_date", "piis_signed_date", "signed_cpas", "office"],
        ["D-001", dt.date(2016, 11, 17), "@DIV@", "@NA0@", "Nord"],
        ["D-002", dt.date(2016, 11, 17), dt.date(2017, 1, 10), True, "Sud"],
    ]
    path = _ods_with_errors(tmp_path / "export.ods", rows, {
        "@DIV@": '<table:table-cell table:formula="of:=1/0" office:value-type="string" office:string-value="" '
                 'calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>',
        # an error that calamine reads as the number 0: a yes/no field would read "no"
        "@NA0@": '<table:table-cell table:formula="of:=NA()" office:value-type="float" office:value="0" '
                 'calcext:value-type="error"><text:p>#N/A</text:p></table:table-cell>',
    })
    export = load_export([path])
    first, second = export.cases
    assert first.get("piis_signed_date") is None and first.get("signed_cpas") is None
    assert {"piis_signed_date", "signed_cpas"} <= first.invalid
    assert first.get("office") == "Nord" and second.get("signed_cpas") is True and second.invalid == frozenset()
    assert {(e.row, e.column, e.value) for e in export.data_errors} == {
        (2, "piis_signed_date", "#DIV/0!"), (2, "signed_cpas", "#N/A")}
