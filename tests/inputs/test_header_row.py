"""A title above the header (what many exports start with): the header is found below it, the
rows above are reported, row numbers stay those the user sees."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from inputs_helpers import write_csv, write_xlsx

from piis_audit.inputs import InputError, load_export
from piis_audit.inputs.header_row import LOOK_AHEAD


def test_a_belgian_csv_with_a_title_and_a_blank_line_above_the_header(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cases.csv", [
        ["Export CPAS de Namur — dossiers RI au 26/11/2026"],
        [],
        ["Numéro de dossier", "Date de décision", "Signé CPAS"],
        ["A1", "17/03/2024", "oui"],
        ["A2", "18/03/2024", "non"],
    ], encoding="cp1252")
    export = load_export([path])
    assert [(c.case_id, c.row, c.get("ri_decision_date"), c.get("signed_cpas")) for c in export.cases] == [
        ("A1", 4, dt.date(2024, 3, 17), True), ("A2", 5, dt.date(2024, 3, 18), False)]
    assert [(e.table, e.row, e.column, e.value, e.message) for e in export.data_errors] == [
        ("cases", 1, None, "Export CPAS de Namur — dossiers RI au 26/11/2026",
         "not data: 1 row(s) above the header (row 3) skipped")]
    assert [(i.table, i.rows, i.rejected) for i in export.inputs] == [("cases", 2, 0)]


def test_a_comma_csv_under_a_title_without_commas_is_still_split_on_commas(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cases.csv", [
        ["Dossiers RI"], ["case_id", "ri_decision_date", "category"], ["A1", "17/03/2024", "2"]], delimiter=",")
    export = load_export([path])
    assert [(c.case_id, c.get("ri_decision_date"), c.get("category")) for c in export.cases] == [
        ("A1", dt.date(2024, 3, 17), 2)]


def test_workbook_sheets_with_titles_above_their_headers(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", {
        "Dossiers": [["Dossiers RI — CPAS de Namur"], ["Extrait le", dt.date(2026, 11, 26)], [None],
                     ["case_id", "ri_decision_date"], ["A1", dt.date(2024, 3, 17)]],
        "Evaluations": [["Évaluations du PIIS"], ["case_id", "evaluation_date", "report_present"],
                        ["A1", dt.date(2024, 9, 1), "oui"]],
    })
    export = load_export([path])
    (case,) = export.cases
    assert (case.case_id, case.row, [e.evaluation_date for e in case.evaluations]) == ("A1", 5, [dt.date(2024, 9, 1)])
    assert [(e.table, e.row, e.value, e.message) for e in export.data_errors] == [
        ("cases", 1, "Dossiers RI — CPAS de Namur", "not data: 2 row(s) above the header (row 4) skipped"),
        ("evaluations", 1, "Évaluations du PIIS", "not data: 1 row(s) above the header (row 2) skipped")]


def test_the_header_row_is_looked_for_only_near_the_top(tmp_path: Path) -> None:
    title = [[f"note {i}"] for i in range(LOOK_AHEAD + 1)]
    path = write_csv(tmp_path / "cases.csv", [*title, ["case_id", "ri_decision_date"], ["A1", "17/03/2024"]])
    with pytest.raises(InputError) as caught:
        load_export([path])
    assert "the cases table has no case_id column (headers found: 'note 0')" in str(caught.value)
    near = write_csv(tmp_path / "near.csv", [*title[:LOOK_AHEAD], ["case_id", "ri_decision_date"], ["A1", "17/03/2024"]])
    export = load_export([near])
    assert [c.case_id for c in export.cases] == ["A1"]
    assert export.data_errors[0].message == f"not data: {LOOK_AHEAD} row(s) above the header (row {LOOK_AHEAD + 1}) skipped"


def test_a_file_without_title_is_read_as_before(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cases.csv", [["case_id", "ri_decision_date"], ["A1", "17/03/2024"]])
    export = load_export([path])
    assert [(c.case_id, c.row) for c in export.cases] == [("A1", 2)] and export.data_errors == ()


def test_a_title_holding_a_fields_words_is_not_taken_for_the_header(tmp_path: Path) -> None:
    """'Liste des dossiers actifs' has the word of case_id (dossier): only exact names decide
    which row is the header, so the real header below it is found."""
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "cases.csv").write_bytes(
        ("Liste des dossiers actifs\r\n\r\n"
         "N° dossier;Date décision RI;Date signature PIIS\r\n"
         "D-1;02/12/2024;10/12/2024\r\n").encode("cp1252"))
    export = load_export([folder])
    assert [c.case_id for c in export.cases] == ["D-1"]
    assert export.cases[0].values["piis_signed_date"] == dt.date(2024, 12, 10)
