"""The reader's frames (ExportFrames), read from a Belgian CSV folder (';', Windows-1252,
dd/mm/yyyy, oui/non): the audited rows only, ``_case`` joined from case_id, unreadable cells
flagged beside their field, and why a value is missing told apart."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
from inputs_helpers import write_csv, write_xlsx

from piis_audit.frames import invalid_column, table_schema
from piis_audit.inputs import load_export

CASES = [["case_id", "ri_decision_date", "piis_signed_date", "signed_cpas", "category", "ri_monthly_amount"],
         ["A1", "02/09/2024", "23/09/2024", "oui", "isolé", "1.314,20"],
         ["", "03/09/2024", "", "non", "2", ""],  # no case id: rejected
         ["A2", "04/09/2024", "31/09/2024", "peut-être", "", "€ 876,13"],
         ["A1", "05/09/2024", "", "", "", ""],  # repeated case id: rejected
         ["A3", "#N/A", "", "NON", "3", "abc"]]
EVALUATIONS = [["case_id", "evaluation_date", "report_present"],
               ["A2", "01/12/2024", "ja"], ["ZZ", "02/12/2024", "oui"],  # unknown case: rejected
               ["A1", "", "oui"],  # no date: rejected
               ["A1", "03/12/2024", "x"], ["A2", "17/13/2024", "non"]]  # the last: date unreadable, rejected
SANCTIONS = [["case_id", "decision_date", "start_date", "end_date", "duration_days"],
             ["A3", "10/02/2025", "01/03/2025", "15/02/2025", "0"]]


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "export"
    for name, rows in (("cases", CASES), ("evaluations", EVALUATIONS), ("sanctions", SANCTIONS)):
        write_csv(folder / f"{name}.csv", rows, encoding="cp1252")
    return folder


def test_cases_frame_holds_the_audited_cases_typed(tmp_path: Path) -> None:
    export = load_export([_folder(tmp_path)])
    assert export.frames is not None
    cases = export.frames.frame("cases")
    assert list(cases.columns[:len(table_schema("cases"))]) == list(table_schema("cases"))
    assert cases["case_id"].to_list() == ["A1", "A2", "A3"]
    assert cases["_case"].to_list() == [0, 1, 2] and cases["_row"].to_list() == [2, 4, 6]
    assert cases["_file"].to_list() == [export.cases[0].source] * 3 and export.cases[0].source.endswith("cases.csv")
    assert cases["piis_signed_date"].to_list() == [dt.date(2024, 9, 23), None, None]
    assert cases["signed_cpas"].to_list() == [True, None, False]
    assert cases["category"].to_list() == [2, None, 3]
    assert cases["ri_monthly_amount"].to_list() == [1314.2, 876.13, None]
    assert cases[invalid_column("piis_signed_date")].to_list() == [False, True, False]
    assert cases[invalid_column("ri_decision_date")].to_list() == [False, False, True]
    assert cases["third_party"].null_count() == 3  # no such column: present, all null
    why = cases.select(signed=export.frames.missing_why("cases", "piis_signed_date"),
                       amount=export.frames.missing_why("cases", "ri_monthly_amount"),
                       third=export.frames.missing_why("cases", "third_party"))
    assert why["signed"].to_list() == [None, "invalid", "empty"]
    assert why["amount"].to_list() == [None, None, "invalid"]
    assert why["third"].to_list() == ["no_column"] * 3
    # the Case objects are a view of the same values
    assert [c.case_id for c in export.cases] == ["A1", "A2", "A3"]
    assert str(export.cases[0].values["ri_monthly_amount"]) == "1314.20"
    assert export.cases[1].invalid == frozenset({"piis_signed_date", "signed_cpas"})


def test_child_frames_hold_the_attached_rows_with_their_case(tmp_path: Path) -> None:
    export = load_export([_folder(tmp_path)])
    assert export.frames is not None
    evaluations = export.frames.frame("evaluations")
    assert evaluations.select("case_id", "_case", "_row").rows() == [("A2", 1, 2), ("A1", 0, 5)]
    assert evaluations["report_present"].to_list() == [True, True]
    rejected = sorted((r.table, r.row) for r in export.rejected)
    assert rejected == [("cases", 3), ("cases", 5), ("evaluations", 3), ("evaluations", 4), ("evaluations", 6)]
    sanctions = export.frames.frame("sanctions")
    assert sanctions["_case"].to_list() == [2]
    assert sanctions.select("start_date", "end_date", "duration_days").row(0) == (None, None, None)
    assert sanctions.select(invalid_column("start_date"), invalid_column("end_date"),
                            invalid_column("duration_days")).row(0) == (True, True, True)
    assert export.frames.tables_present == frozenset({"cases", "evaluations", "sanctions"})


def test_data_errors_come_in_row_order_from_the_cell_problems(tmp_path: Path) -> None:
    export = load_export([_folder(tmp_path)])
    cells = [(e.table, e.row, e.column, e.value, e.text.key if e.text else None) for e in export.data_errors
             if e.table == "cases"]
    assert cells == [
        ("cases", 3, "case_id", None, "inputs.row.not_audited"),
        ("cases", 4, "piis_signed_date", "31/09/2024", "inputs.value.no_day"),
        ("cases", 4, "signed_cpas", "peut-être", "inputs.value.not_bool"),
        ("cases", 5, "case_id", "A1", "inputs.row.not_audited"),
        ("cases", 6, "ri_decision_date", "#N/A", "inputs.value.excel_error"),
        ("cases", 6, "ri_monthly_amount", "abc", "inputs.value.not_number")]


def test_workbook_frames_keep_date_cells_and_error_cells(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", {
        "cases": [["Rapport PIIS 2024"], [],
                  ["case_id", "ri_decision_date", "piis_signed_date", "signed_cpas", "category"],
                  ["W1", dt.date(2024, 9, 2), 45568, True, 2.0],
                  [12345, "02/09/2024", "#N/A", "non", True]]})
    export = load_export([path])
    assert export.frames is not None
    cases = export.frames.frame("cases")
    assert cases["case_id"].to_list() == ["W1", "12345"]
    assert cases["_row"].to_list() == [4, 5]
    assert cases["ri_decision_date"].to_list() == [dt.date(2024, 9, 2)] * 2
    assert cases["piis_signed_date"].to_list() == [dt.date(2024, 10, 3), None]
    assert cases[invalid_column("piis_signed_date")].to_list() == [False, True]
    assert cases["signed_cpas"].to_list() == [True, False]
    assert cases["category"].to_list() == [2, None]  # TRUE is no category
    assert cases[invalid_column("category")].to_list() == [False, True]
    assert isinstance(cases, pl.DataFrame) and cases.schema["category"] == pl.Int64()


def test_a_cell_holding_the_unit_separator_is_read_as_written(tmp_path: Path) -> None:
    folder = tmp_path / "sep"
    write_csv(folder / "cases.csv", [["case_id", "beneficiary_name", "signed_cpas"],
                                     ["U1", "Dupont\x1fJean", "oui"], ["U2", "Peeters", ""]], encoding="cp1252")
    export = load_export([folder])
    assert export.frames is not None
    cases = export.frames.frame("cases")
    assert cases["beneficiary_name"].to_list() == ["Dupont\x1fJean", "Peeters"]
    assert cases["signed_cpas"].to_list() == [True, None]
    assert [c.values["beneficiary_name"] for c in export.cases] == ["Dupont\x1fJean", "Peeters"]
