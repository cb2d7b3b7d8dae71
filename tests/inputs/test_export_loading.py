"""load_export end to end: nothing lost (data errors, rejected rows, counts), fatal errors,
containers, and the same data read identically from a workbook and from CSV files."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pytest
from inputs_helpers import write_csv, write_xlsx

from piis_audit.inputs import InputError, load_export
from piis_audit.model import ExportData
from piis_audit.schema import CASES

D = dt.date


def cases_csv(tmp_path: Path, rows: Sequence[Sequence[object]], name: str = "cases.csv") -> Path:
    return write_csv(tmp_path / name, [["case_id", "ri_decision_date", "piis_signed_date", "office"], *rows])


def assert_counts_add_up(export: ExportData) -> None:
    """rows == audited + rejected, with 'audited' counted from what was actually built."""
    for summary in export.inputs:
        rejected = [r for r in export.rejected if r.file == summary.path and r.table == summary.table]
        assert summary.rejected == len(rejected)
        if summary.table == "cases":
            audited = sum(1 for c in export.cases if c.source == summary.path)
        else:
            audited = sum(len(getattr(c, summary.table)) for c in export.cases)
        assert summary.rows == audited + summary.rejected, summary


# --------------------------------------------------------------------------- nothing lost


def test_an_impossible_date_is_reported_and_the_other_cases_load(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cases.csv", [
        ["Numéro de dossier", "Date de décision", "Date signature PIIS"],
        ["A", "17/03/2024", "01/04/2024"],
        ["B", "18/03/2024", "31/02/2024"],
        ["C", "19/03/2024", "02/04/2024"],
    ])
    export = load_export([path])
    assert [c.case_id for c in export.cases] == ["A", "B", "C"]
    (error,) = export.data_errors
    assert (error.file, error.table, error.row, error.column, error.value) == \
        (str(path), "cases", 3, "Date signature PIIS", "31/02/2024")
    assert "no day 31 in 02/2024" in error.message
    b = export.cases[1]
    assert b.get("piis_signed_date") is None
    assert b.invalid == frozenset({"piis_signed_date"})
    assert b.get("ri_decision_date") == D(2024, 3, 18)  # the rest of the row is read
    assert export.cases[0].invalid == frozenset() and export.cases[2].invalid == frozenset()
    assert export.rejected == ()
    assert_counts_add_up(export)


def test_every_case_has_every_canonical_field_typed(tmp_path: Path) -> None:
    export = load_export([cases_csv(tmp_path, [["A", "17/03/2024", "", "Nord"]])])
    values = export.cases[0].values
    assert set(values) == {f.name for f in CASES.fields}
    assert values["ri_decision_date"] == D(2024, 3, 17)
    assert values["office"] == "Nord"
    assert values["piis_signed_date"] is None  # empty cell
    assert values["birth_date"] is None  # no column
    assert export.columns["cases"] == frozenset({"case_id", "ri_decision_date", "piis_signed_date", "office"})
    assert export.has_column("cases", "piis_signed_date") and not export.has_column("cases", "birth_date")
    case = export.cases[0]
    assert (case.source, case.row) == (str(tmp_path / "cases.csv"), 2)


def test_duplicate_and_empty_case_ids_are_rejected_and_reported(tmp_path: Path) -> None:
    export = load_export([cases_csv(tmp_path, [["A", "17/03/2024", "", "first"],
                                               ["", "17/03/2024", "", "no id"],
                                               ["A", "18/03/2024", "", "second"],
                                               ["B", "19/03/2024", "", ""]])])
    assert [(c.case_id, c.get("office")) for c in export.cases] == [("A", "first"), ("B", None)]
    assert [(r.row, r.case_id) for r in export.rejected] == [(3, None), (4, "A")]
    assert "case_id is empty" in export.rejected[0].reason
    assert "already appears (row 2)" in export.rejected[1].reason
    assert [(e.row, e.column, e.value) for e in export.data_errors] == [(3, "case_id", None), (4, "case_id", "A")]
    assert all("not audited" in e.message for e in export.data_errors)
    assert (export.inputs[0].rows, export.inputs[0].rejected) == (4, 2)
    assert_counts_add_up(export)


def test_an_empty_or_invalid_decision_date_is_reported_but_the_case_is_audited(tmp_path: Path) -> None:
    export = load_export([cases_csv(tmp_path, [["A", "", "", ""], ["B", "17/13/2024", "", ""]])])
    assert [c.case_id for c in export.cases] == ["A", "B"]
    assert export.rejected == ()
    assert [(e.row, e.column) for e in export.data_errors] == [(2, "ri_decision_date"), (3, "ri_decision_date")]
    assert "empty (required)" in export.data_errors[0].message
    assert export.cases[0].invalid == frozenset()  # empty, not unreadable
    assert export.cases[1].invalid == frozenset({"ri_decision_date"})


def test_child_rows_of_unknown_cases_or_without_date_are_rejected_and_reported(tmp_path: Path) -> None:
    cases_csv(tmp_path, [["A", "17/03/2024", "", ""], ["B", "17/03/2024", "", ""]])
    write_csv(tmp_path / "evaluations.csv", [
        ["dossier", "date", "entretien", "rapport"],
        ["A", "01/06/2024", "oui", "oui"],
        ["Z", "01/06/2024", "oui", "oui"],   # unknown case
        ["A", "", "oui", "oui"],             # no date
        ["B", "31/06/2024", "oui", "non"],   # impossible date
        ["", "01/06/2024", "", ""],          # no case id
        ["A", "01/05/2024", "non", "maybe"],  # bad boolean: kept, report_present unknown
    ])
    write_csv(tmp_path / "sanctions.csv", [["case_id", "decision_date", "duration_days"],
                                           ["B", "02/07/2024", "30"], ["Y", "02/07/2024", "30"]])
    export = load_export([tmp_path])
    a, b = export.cases
    assert [(e.row, e.evaluation_date) for e in a.evaluations] == [(7, D(2024, 5, 1)), (2, D(2024, 6, 1))]
    assert a.evaluations[0].report_present is None and a.evaluations[0].invalid == frozenset({"report_present"})
    assert b.evaluations == ()
    assert [(s.row, s.decision_date, s.duration_days) for s in b.sanctions] == [(2, D(2024, 7, 2), 30)]
    evaluations_file = str(tmp_path / "evaluations.csv")
    assert [(r.file, r.row, r.case_id) for r in export.rejected] == [
        (evaluations_file, 3, "Z"), (evaluations_file, 4, "A"), (evaluations_file, 5, "B"),
        (evaluations_file, 6, None), (str(tmp_path / "sanctions.csv"), 3, "Y")]
    by_row = {(e.table, e.row): e for e in export.data_errors}
    assert (by_row["evaluations", 3].column, by_row["evaluations", 3].value) == ("dossier", "Z")
    assert "no case Z in the cases table" in by_row["evaluations", 3].message
    assert "evaluation_date is empty" in by_row["evaluations", 4].message
    assert by_row["evaluations", 5].value == "31/06/2024"
    assert "row not audited" in by_row["evaluations", 5].message
    assert (by_row["evaluations", 7].column, by_row["evaluations", 7].value) == ("rapport", "maybe")
    assert "no case Y" in by_row["sanctions", 3].message
    assert len(export.data_errors) == 6  # one per problem, none twice
    assert_counts_add_up(export)


def test_a_child_table_without_its_date_column_rejects_every_row_once(tmp_path: Path) -> None:
    cases_csv(tmp_path, [["A", "17/03/2024", "", ""]])
    write_csv(tmp_path / "evaluations.csv", [["case_id", "entretien"], ["A", "oui"], ["A", "non"]])
    export = load_export([tmp_path])
    assert export.cases[0].evaluations == ()
    assert len(export.rejected) == 2
    messages = [e.message for e in export.data_errors if e.table == "evaluations"]
    assert messages == ["the evaluations table has no evaluation_date column: none of its rows can be used — "
                        "see `piis-audit fields` for the accepted headers"]
    assert_counts_add_up(export)


def test_a_duplicate_header_is_reported_and_the_first_column_used(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cases.csv", [["case_id", "Date de décision", "office", "date decision"],
                                              ["A", "17/03/2024", "Nord", "18/03/2024"]])
    export = load_export([path])
    assert export.cases[0].get("ri_decision_date") == D(2024, 3, 17)
    (error,) = export.data_errors
    assert (error.row, error.column) == (None, "date decision")
    assert "duplicate column for ri_decision_date" in error.message
    assert export.cases[0].extra == {"date decision": "18/03/2024"}


def test_unknown_columns_are_kept_for_display_and_reported_once(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cases.csv", [["case_id", "ri_decision_date", "Remarque", "Code interne"],
                                              ["A", "17/03/2024", "à revoir", ""], ["B", "17/03/2024", "", "X9"]])
    export = load_export([path])
    assert [c.extra for c in export.cases] == [{"Remarque": "à revoir"}, {"Code interne": "X9"}]
    assert [(e.row, e.column, e.message) for e in export.data_errors] == [
        (None, "Remarque", "unknown column, kept for display, not used"),
        (None, "Code interne", "unknown column, kept for display, not used")]


def test_unknown_csv_files_are_reported_and_ignored(tmp_path: Path) -> None:
    cases_csv(tmp_path, [["A", "17/03/2024", "", ""]])
    write_csv(tmp_path / "notes.csv", [["a"], ["b"]])
    export = load_export([tmp_path])
    (error,) = export.data_errors
    assert (error.file, error.row) == (str(tmp_path / "notes.csv"), None)
    assert "not recognised as a table, ignored" in error.message
    assert [i.table for i in export.inputs] == ["cases"]


def test_evaluations_are_attached_sorted_by_date(tmp_path: Path) -> None:
    cases_csv(tmp_path, [["A", "17/03/2024", "", ""]])
    write_csv(tmp_path / "evaluaties.csv", [["dossiernummer", "datum"], ["A", "03/09/2024"], ["A", "01/06/2024"],
                                            ["A", "02/07/2024"]])
    export = load_export([tmp_path / "cases.csv", tmp_path / "evaluaties.csv"])
    assert [e.evaluation_date for e in export.cases[0].evaluations] == [D(2024, 6, 1), D(2024, 7, 2), D(2024, 9, 3)]
    assert [e.row for e in export.cases[0].evaluations] == [3, 4, 2]


def test_progress_is_reported_up_to_every_row(tmp_path: Path) -> None:
    rows = [[f"C{i}", "17/03/2024", "", ""] for i in range(12_000)]
    calls: list[tuple[int, int | None, str]] = []
    export = load_export([cases_csv(tmp_path, rows)], progress=lambda d, t, label: calls.append((d, t, label)))
    assert len(export.cases) == 12_000
    assert calls[-1][0] == 12_000
    assert calls[-1][1] is not None and calls[-1][1] >= 12_000
    assert 2 <= len(calls) <= 10  # at the start and the end of each table (and every ~5000 rows read one by one)
    assert [d for d, _, _ in calls] == sorted(d for d, _, _ in calls)
    assert "cases.csv" in calls[-1][2]


# --------------------------------------------------------------------------- containers, identity


def test_fingerprint_and_label(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    cases = cases_csv(folder, [["A", "17/03/2024", "", ""]])
    evaluations = write_csv(folder / "evaluations.csv", [["case_id", "evaluation_date"], ["A", "01/06/2024"]])
    export = load_export([folder])
    expected = hashlib.sha256(cases.read_bytes() + evaluations.read_bytes()).hexdigest()
    assert export.fingerprint == expected
    assert export.label == "export"
    assert load_export([evaluations, cases]).fingerprint == expected  # sorted path order, not given order
    assert load_export([cases]).label == "cases.csv"
    cases.write_bytes(cases.read_bytes().replace(b"17/03", b"18/03"))
    assert load_export([folder]).fingerprint != expected


SHEETS: dict[str, list[list[object]]] = {
    "cases": [
        ["case_id", "ri_decision_date", "birth_date", "category", "ri_monthly_amount", "signed_cpas", "piis_type",
         "social_worker", "Remarque", "subsidy_increase_claimed", "piis_signed_date"],
        ["A", D(2024, 3, 17), D(1990, 5, 4), 2, Decimal("1314.2"), True, "student", "Jean", "vu", "oui", "31/02/2024"],
        ["B", D(2024, 3, 18), None, 1, None, False, "emploi", None, None, "non", D(2024, 4, 1)],
        ["C", None, D(2001, 1, 31), 3, Decimal("900.5"), None, None, "Marie", None, None, None],
        ["A", D(2024, 3, 19), None, 1, None, None, None, None, None, None, None],
    ],
    "evaluations": [
        ["case_id", "evaluation_date", "personal_interview", "report_present"],
        ["A", D(2024, 6, 1), True, False], ["B", D(2024, 6, 2), None, True], ["Z", D(2024, 6, 3), True, True],
    ],
    "sanctions": [
        ["case_id", "decision_date", "duration_days", "motivation"],
        ["C", D(2024, 7, 1), 30, "absent"], ["C", None, 15, "no date"],
    ],
}


def _as_csv_cell(value: object) -> object:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return value


def test_the_same_data_as_a_workbook_and_as_csv_files_reads_the_same(tmp_path: Path) -> None:
    workbook = write_xlsx(tmp_path / "export.xlsx",
                          {name: [[float(v) if isinstance(v, Decimal) else v for v in row] for row in rows]
                           for name, rows in SHEETS.items()})
    folder = tmp_path / "csv"
    for name, rows in SHEETS.items():
        write_csv(folder / f"{name}.csv", [[_as_csv_cell(v) for v in row] for row in rows])
    from_xlsx, from_csv = load_export([workbook]), load_export([folder])

    def essentials(export: ExportData) -> list[tuple[object, ...]]:
        return [(c.case_id, c.row, dict(c.values), c.invalid, c.evaluations, c.sanctions, dict(c.extra))
                for c in export.cases]

    assert essentials(from_xlsx) == essentials(from_csv)
    assert [c.case_id for c in from_xlsx.cases] == ["A", "B", "C"]
    assert from_xlsx.cases[0].get("ri_monthly_amount") == Decimal("1314.2")
    assert [(e.table, e.row, e.column, e.value) for e in from_xlsx.data_errors] == \
        [(e.table, e.row, e.column, e.value) for e in from_csv.data_errors]
    assert [(r.table, r.row, r.case_id) for r in from_xlsx.rejected] == \
        [(r.table, r.row, r.case_id) for r in from_csv.rejected] == \
        [("cases", 5, "A"), ("evaluations", 4, "Z"), ("sanctions", 3, "C")]
    assert [(i.table, i.rows, i.rejected) for i in from_xlsx.inputs] == \
        [(i.table, i.rows, i.rejected) for i in from_csv.inputs]
    assert from_xlsx.columns == from_csv.columns
    assert_counts_add_up(from_xlsx)
    assert_counts_add_up(from_csv)


# --------------------------------------------------------------------------- fatal errors


def fatal(paths: list[Path]) -> str:
    with pytest.raises(InputError) as caught:
        load_export(paths)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_fatal_missing_path(tmp_path: Path) -> None:
    assert "export not found" in fatal([tmp_path / "nope.xlsx"])


def test_fatal_no_path() -> None:
    assert "no export given" in fatal([])


@pytest.mark.parametrize(("name", "expected"), [("export.pdf", "is not a .csv file or a workbook"),
                                                ("export.numbers", "save it as .xlsx"),
                                                ("export.xls", "is not a readable .xls workbook"),
                                                ("export.ods", "is not a readable .ods workbook")])
def test_fatal_not_csv_or_xlsx(tmp_path: Path, name: str, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4")
    message = fatal([path])
    assert expected in message and name in message


@pytest.mark.parametrize(("name", "content"), [("cases.csv", b""), ("cases.csv", b"\r\n\r\n  \n"),
                                               ("export.xlsx", b"")])
def test_fatal_empty_file(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    message = fatal([path])
    assert "empty" in message and name in message


def test_fatal_folder_without_csv(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "export.xlsx", {"cases": [["case_id"], ["A"]]})
    message = fatal([tmp_path])
    assert "holds no .csv file" in message and "export.xlsx" in message


def test_fatal_no_cases_table(tmp_path: Path) -> None:
    write_csv(tmp_path / "evaluations.csv", [["case_id", "evaluation_date"], ["A", "01/06/2024"]])
    write_csv(tmp_path / "notes.csv", [["a"], ["b"]])
    message = fatal([tmp_path])
    assert "no cases table" in message
    assert "'evaluations.csv'" in message and "'notes.csv'" in message
    assert "--mapping" in message


def test_fatal_cases_without_case_id_names_the_file_and_headers(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cases.csv", [["Nom", "Date de décision"], ["Dupont", "17/03/2024"]])
    message = fatal([path])
    assert str(path) in message
    assert "no case_id column" in message
    assert "'Nom', 'Date de décision'" in message
    assert "--mapping" in message


def test_fatal_cases_sheet_without_case_id_names_the_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", {"Dossiers": [["Nom"], ["Dupont"]],
                                                 "Suivi": [["case_id", "date"], ["A", "01/06/2024"]]})
    message = fatal([path])
    assert "sheet 'Dossiers'" in message and "no case_id column" in message


def test_a_mapping_fixes_a_missing_case_id(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cases.csv", [["Réf.", "Date de décision"], ["R-1", "17/03/2024"]])
    export = load_export([path], {"columns": {"case_id": "Réf."}})
    assert [c.case_id for c in export.cases] == ["R-1"]


def test_data_errors_name_the_canonical_field_next_to_the_header_as_written(tmp_path: Path) -> None:
    """Redaction and grouping need the field; the inspector needs the header of the file."""
    path = write_csv(tmp_path / "cases.csv", [["Numéro de dossier", "Date de naissance", "Date de décision", "Note"],
                                              ["A", "31/02/1990", "17/03/2024", "x"], ["", "", "17/03/2024", ""]])
    export = load_export([path])
    assert [(e.row, e.column, e.field) for e in export.data_errors] == [
        (None, "Note", None), (2, "Date de naissance", "birth_date"), (3, "Numéro de dossier", "case_id")]
