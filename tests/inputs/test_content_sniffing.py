"""A file whose content does not match its name is read by its content, with a note saying so
(issue 10): CSV text named ``.xlsx``, a workbook named ``.csv``, an OpenDocument spreadsheet
named ``.xlsx``, an Excel 97-2003 workbook named ``.xlsx``."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from inputs_helpers import write_csv, write_ods, write_xlsx

from piis_audit.i18n.render import data_error_text
from piis_audit.inputs import InputError, load_export
from piis_audit.model import DataError, ExportData

ROWS = [["Numéro de dossier", "ri_decision_date", "beneficiary_name"],
        ["D-001", "17/03/2024", "Hélène Dupré"], ["D-002", "18/03/2024", "Jan Peeters"]]
XLS_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "export.xls"


def _note(export: ExportData) -> DataError:
    [note] = [e for e in export.data_errors if e.message.startswith("named ")]
    return note


def _cases(export: ExportData) -> list[tuple[object, object]]:
    return [(c.case_id, c.get("ri_decision_date")) for c in export.cases]


def test_csv_text_named_xlsx_is_read_as_csv(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "export.xlsx", ROWS, encoding="cp1252")  # "Save as" CSV, kept the old name
    export = load_export([path])
    assert _cases(export) == [("D-001", dt.date(2024, 3, 17)), ("D-002", dt.date(2024, 3, 18))]
    assert export.cases[0].get("beneficiary_name") == "Hélène Dupré"
    note = _note(export)
    assert (note.file, note.row, note.column) == (str(path), None, None)
    assert note.message == "named .xlsx but holds CSV text: read as such"
    assert data_error_text(note, "fr") == "nommé .xlsx mais contient du texte CSV : lu comme tel"
    assert data_error_text(note, "nl") == "heet .xlsx maar bevat CSV-tekst: als zodanig gelezen"


def test_a_workbook_named_csv_is_read_as_a_workbook(tmp_path: Path) -> None:
    workbook = write_xlsx(tmp_path / "book.xlsx", {"cases": [[*ROWS[0]], *[[r[0], r[1], r[2]] for r in ROWS[1:]]]})
    path = tmp_path / "cases.csv"
    shutil.copy(workbook, path)
    export = load_export([path])
    assert _cases(export) == [("D-001", dt.date(2024, 3, 17)), ("D-002", dt.date(2024, 3, 18))]
    assert _note(export).message == "named .csv but holds an Excel workbook (.xlsx): read as such"


def test_a_workbook_named_csv_in_a_folder_takes_the_table_of_its_name(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    write_csv(folder / "cases.csv", ROWS)
    workbook = write_xlsx(tmp_path / "book.xlsx", {"Feuil1": [
        ["case_id", "evaluation_date", "report_present"], ["D-001", dt.date(2024, 6, 1), "oui"]]})
    shutil.copy(workbook, folder / "evaluations.csv")
    export = load_export([folder])
    assert [len(c.evaluations) for c in export.cases] == [1, 0]
    assert _note(export).file == str(folder / "evaluations.csv")


def test_an_ods_named_xlsx_is_read_as_ods(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "export.xlsx", {"cases": [ROWS[0], ["D-001", dt.date(2024, 3, 17), "Hélène"]]})
    export = load_export([path])
    assert _cases(export) == [("D-001", dt.date(2024, 3, 17))]
    assert _note(export).message == "named .xlsx but holds an OpenDocument spreadsheet (.ods): read as such"


def test_an_xls_named_xlsx_is_read_as_xls(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    shutil.copy(XLS_FIXTURE, path)
    reference = load_export([XLS_FIXTURE])
    export = load_export([path])
    assert [c.case_id for c in export.cases] == [c.case_id for c in reference.cases] and export.cases
    assert _note(export).message == "named .xlsx but holds an Excel 97-2003 workbook (.xls): read as such"


def test_a_matching_file_has_no_note(tmp_path: Path) -> None:
    export = load_export([write_csv(tmp_path / "cases.csv", ROWS)])
    assert not [e for e in export.data_errors if e.message.startswith("named ")]


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("export.xlsx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "is not a readable .xlsx workbook"),
    ("cases.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(1, 32)) * 40, "binary content, not a CSV text file"),
])
def test_content_that_is_neither_is_still_refused(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=expected):
        load_export([path])
