"""An export folder as it is found on a CPAS share: next to the tables, the report that
``piis-audit audit . > fr_audit.txt`` is writing (still empty), a README.pdf, an empty .csv, a
subfolder. Each is listed and skipped with why; only an export without a readable cases table
stops (issue 10)."""

from __future__ import annotations

from pathlib import Path

import pytest
from inputs_helpers import write_csv, write_xlsx

from piis_audit.i18n.render import data_error_text
from piis_audit.inputs import InputError, load_export
from piis_audit.model import ExportData

CASES = [["Numéro de dossier", "Date de décision", "Assistant social"],
         ["D-001", "17/03/2024", "Hélène Dupré"],
         ["D-002", "01/12/2023", "Jan Peeters"]]
EVALUATIONS = [["case_id", "evaluation_date", "personal_interview", "report_present"],
               ["D-001", "01/06/2024", "oui", "oui"]]


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "export"
    write_csv(folder / "cases.csv", CASES, encoding="cp1252")
    write_csv(folder / "evaluations.csv", EVALUATIONS, encoding="cp1252")
    return folder


def _notes(export: ExportData) -> dict[str, str]:
    """file name -> message, for the notes about whole files (no row, no column)."""
    return {Path(e.file).name: e.message for e in export.data_errors if e.row is None and e.column is None}


def test_files_that_are_not_tables_are_listed_and_skipped(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "fr_audit.txt").write_bytes(b"")  # piis-audit audit . > fr_audit.txt, before it writes
    (folder / "README.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (folder / "notes.csv").write_bytes(b"")
    (folder / "archives").mkdir()
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    export = load_export([folder])

    assert [c.case_id for c in export.cases] == ["D-001", "D-002"]
    assert len(export.cases[0].evaluations) == 1
    assert export.cases[0].get("social_worker") == "Hélène Dupré"
    notes = _notes(export)
    assert notes["fr_audit.txt"] == f"file skipped: {folder / 'fr_audit.txt'} is empty (0 bytes)"
    assert notes["notes.csv"] == f"file skipped: {folder / 'notes.csv'} is empty (0 bytes)"
    assert notes["README.pdf"] == "not a table file (.pdf): skipped"
    assert notes["archives"] == "a folder inside the export folder: skipped (give it on its own to audit it)"
    assert ".DS_Store" not in notes  # hidden files are not part of the export
    assert [i.table for i in export.inputs] == ["cases", "evaluations"]


def test_the_skipped_files_are_told_in_french_and_dutch(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "fr_audit.txt").write_bytes(b"")
    (folder / "README.pdf").write_bytes(b"%PDF-1.4\n")
    errors = {Path(e.file).name: e for e in load_export([folder]).data_errors}
    assert data_error_text(errors["fr_audit.txt"], "fr") == (
        f"fichier ignoré : {folder / 'fr_audit.txt'} est vide (0 octet)")
    assert data_error_text(errors["fr_audit.txt"], "nl") == (
        f"bestand overgeslagen: {folder / 'fr_audit.txt'} is leeg (0 bytes)")
    assert data_error_text(errors["README.pdf"], "fr") == "pas un fichier de table (.pdf) : ignoré"
    assert data_error_text(errors["README.pdf"], "nl") == "geen tabelbestand (.pdf): overgeslagen"


def test_a_single_csv_next_to_an_empty_report_is_still_the_cases_table(tmp_path: Path) -> None:
    # "a single CSV file is the cases table": the empty report being written does not count
    folder = tmp_path / "export"
    write_csv(folder / "export_dossiers_2024.csv", CASES, encoding="cp1252")
    (folder / "fr_audit.txt").write_bytes(b"")
    export = load_export([folder])
    assert [c.case_id for c in export.cases] == ["D-001", "D-002"]


def test_an_unreadable_table_file_in_a_folder_is_skipped_with_its_reason(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "sanctions.csv").write_bytes(b"\x00\x01\x02\x03" * 200)  # binary, not text
    (folder / "vide.csv").write_bytes(b"\r\n \r\n")  # nothing but blank lines
    export = load_export([folder])
    assert [c.case_id for c in export.cases] == ["D-001", "D-002"]
    notes = _notes(export)
    assert notes["sanctions.csv"] == f"file skipped: {folder / 'sanctions.csv'}: binary content, not a CSV text file"
    assert notes["vide.csv"] == f"file skipped: {folder / 'vide.csv'} is empty: no header row"
    assert "sanctions" not in export.tables_present


def test_a_workbook_in_a_folder_of_csv_files_is_listed(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    write_xlsx(folder / "ancien_export.xlsx", {"cases": [["case_id"], ["OLD-1"]]})
    export = load_export([folder])
    assert [c.case_id for c in export.cases] == ["D-001", "D-002"]
    assert _notes(export)["ancien_export.xlsx"] == (
        "a workbook inside a folder of .csv files: skipped (give the workbook itself to audit it: "
        f"{folder / 'ancien_export.xlsx'})")


def test_a_folder_without_a_readable_cases_table_stops(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    write_csv(folder / "evaluations.csv", EVALUATIONS)
    (folder / "fr_audit.txt").write_bytes(b"")
    with pytest.raises(InputError) as caught:
        load_export([folder])
    assert "no cases table" in str(caught.value) and "'fr_audit.txt'" in str(caught.value)


def test_an_empty_cases_file_in_a_folder_stops_saying_so(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    write_csv(folder / "evaluations.csv", EVALUATIONS)
    (folder / "cases.csv").write_bytes(b"")
    with pytest.raises(InputError) as caught:
        load_export([folder])
    assert str(caught.value) == f"{folder / 'cases.csv'} is empty (0 bytes)"


def test_a_file_named_on_its_own_must_be_readable(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    empty = folder / "sanctions.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="is empty"):
        load_export([folder / "cases.csv", empty])


def test_a_report_saved_in_the_folder_does_not_hide_the_cases_file(tmp_path: Path) -> None:
    # the second run: fr_audit.txt now holds the first run's report, and the export is not named
    # cases.csv; the one file with a case_id column is the cases table, with a note
    folder = tmp_path / "export"
    write_csv(folder / "export_dossiers_2024.csv", CASES, encoding="cp1252")
    (folder / "fr_audit.txt").write_text("Rapport d'inspection PIIS — .\nSituation au : 26/11/2026 · piis-audit\n"
                                         "Dossiers contrôlés : 2 · Lignes rejetées : 0\n", encoding="utf-8")
    export = load_export([folder])
    assert [c.case_id for c in export.cases] == ["D-001", "D-002"]
    notes = _notes(export)
    assert notes["export_dossiers_2024.csv"] == (
        "no file is named after the cases table: this one, the only one with a case_id column, is read as the "
        "cases table")
    assert notes["fr_audit.txt"].startswith("file not recognised as a table, ignored")


def test_two_files_with_a_case_id_column_are_not_guessed(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    write_csv(folder / "export_a.csv", CASES)
    write_csv(folder / "export_b.csv", CASES)
    with pytest.raises(InputError, match="no cases table"):
        load_export([folder])
