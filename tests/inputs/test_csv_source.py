"""CSV as Belgian exports really come: encodings, delimiters, decimal comma, row numbers."""

from __future__ import annotations

import codecs
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from inputs_helpers import write_csv

from piis_audit.inputs import InputError, load_export
from piis_audit.inputs.csv_source import decode, sniff_delimiter

FRENCH = [["Numéro de dossier", "Date de décision", "Catégorie", "Montant RI", "Signé bénéficiaire", "Type PIIS"],
          ["D-001", "17/03/2024", "2", "1.314,20", "oui", "étudiant"],
          ["D-002", "01/12/2023", "isolé", "1314,2", "non", "intégration sociale"]]
DUTCH = [["Dossiernummer", "Beslissingsdatum", "Categorie", "Bedrag leefloon", "Ondertekend begunstigde", "Soort GPMI"],
         ["D-001", "17-03-2024", "2", "1.314,20", "ja", "studie"],
         ["D-002", "01.12.2023", "alleenstaande", "1314,2", "nee", "maatschappelijke integratie"]]
ENGLISH = [["Case number", "Decision date", "RI category", "Monthly amount", "Signed by beneficiary", "GPMI type"],
           ["D-001", "2024-03-17", "2", "1,314.20", "yes", "student"],
           ["D-002", "2023-12-01", "2", "1314.2", "no", "social"]]
EXPECTED = [
    ("D-001", dt.date(2024, 3, 17), 2, Decimal("1314.20"), True, "student"),
    ("D-002", dt.date(2023, 12, 1), 2, Decimal("1314.2"), False, "social"),
]
FIELDS = ("case_id", "ri_decision_date", "category", "ri_monthly_amount", "signed_beneficiary", "piis_type")


def read(path: Path) -> list[tuple[object, ...]]:
    export = load_export([path])
    assert export.data_errors == ()
    return [tuple(case.get(f) for f in FIELDS) for case in export.cases]


@pytest.mark.parametrize(("rows", "delimiter", "encoding", "bom"), [
    (FRENCH, ";", "utf-8", False),
    (FRENCH, ";", "utf-8", True),
    (FRENCH, ";", "cp1252", False),
    (FRENCH, "\t", "utf-16", False),  # Excel's "Unicode text": UTF-16 with BOM, tab-delimited
    (FRENCH, ",", "utf-8", False),
    (DUTCH, ";", "cp1252", False),
    (DUTCH, "\t", "utf-8", True),
    (ENGLISH, ",", "utf-8", False),
    (ENGLISH, ";", "utf-16", False),
], ids=["fr-utf8", "fr-utf8-bom", "fr-cp1252", "fr-utf16-tab", "fr-comma", "nl-cp1252", "nl-tab-bom",
        "en-comma", "en-utf16-semicolon"])
def test_encodings_delimiters_and_languages(tmp_path: Path, rows: list[list[str]], delimiter: str,
                                            encoding: str, bom: bool) -> None:
    path = write_csv(tmp_path / "export.csv", rows, delimiter=delimiter, encoding=encoding, bom=bom)
    assert read(path) == EXPECTED


def test_cp1252_accents_in_headers_are_read(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cases.csv", [["Numéro de dossier", "Date de décision", "Bénéficiaire"],
                                              ["D1", "17/03/2024", "Hélène Dupré"]], encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):  # really cp1252, not UTF-8
        path.read_bytes().decode("utf-8")
    export = load_export([path])
    assert export.cases[0].case_id == "D1"
    assert export.cases[0].get("beneficiary_name") == "Hélène Dupré"
    assert export.has_column("cases", "ri_decision_date")


@pytest.mark.parametrize(("data", "encoding"), [
    ("Numéro".encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + "Numéro".encode("utf-8"), "utf-8-sig"),
    ("Numéro".encode("utf-16"), "utf-16"),
    ("Numéro".encode("cp1252"), "cp1252"),
    ("Numéro".encode("utf-16-le"), "utf-16-le"),
])
def test_decode(data: bytes, encoding: str) -> None:
    assert decode(data, "x.csv") == ("Numéro", encoding)


@pytest.mark.parametrize(("text", "delimiter"), [
    ("a;b;c\n1;2,5;3\n", ";"),  # a decimal comma in the data does not make ',' the delimiter
    ("a,b,c\n1,2,3\n", ","),
    ("a\tb\tc\n1\t2\t3\n", "\t"),
    ('"Nom, prénom";Date\n"Dupont, Jean";17/03/2024\n', ";"),
    ("case_id\nA\n", ";"),  # one column: any delimiter reads it the same
])
def test_sniff_delimiter(text: str, delimiter: str) -> None:
    assert sniff_delimiter(text) == delimiter


def test_excel_sep_line_is_honoured_and_hidden(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text("sep=,\ncase_id,ri_decision_date,office\nA,17/03/2024,Nord;Sud\n", encoding="utf-8")
    export = load_export([path])
    assert export.cases[0].get("office") == "Nord;Sud"
    assert export.cases[0].row == 2  # Excel hides the sep= line: the header is row 1


def test_row_numbers_count_blank_lines_and_not_line_breaks_inside_cells(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text('case_id;ri_decision_date;exemption_motivation\n'
                    'A;17/03/2024;"two\nlines"\n'
                    '\n'
                    ';;\n'
                    'B;31/02/2024;\n', encoding="utf-8")
    export = load_export([path])
    assert [(c.case_id, c.row) for c in export.cases] == [("A", 2), ("B", 5)]
    assert export.cases[0].get("exemption_motivation") == "two\nlines"
    assert [(e.row, e.value) for e in export.data_errors] == [(5, "31/02/2024")]
    assert export.inputs[0].rows == 2  # blank lines are not rows


def test_text_is_trimmed_and_empty_is_none(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cases.csv", [["case_id", "office", "social_worker", "signed_cpas"],
                                              ["  A  ", "  Nord ", "   ", " "]])
    case = load_export([path]).cases[0]
    assert (case.case_id, case.get("office"), case.get("social_worker"), case.get("signed_cpas")) == \
        ("A", "Nord", None, None)


def test_short_rows_are_padded_and_long_rows_reported(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text("case_id;ri_decision_date;office\nA;17/03/2024\nB;18/03/2024;Nord;surplus\n"
                    "C;19/03/2024;Sud;;\n", encoding="utf-8")
    export = load_export([path])
    assert [(c.case_id, c.get("office")) for c in export.cases] == [("A", None), ("B", "Nord"), ("C", "Sud")]
    assert len(export.data_errors) == 1
    error = export.data_errors[0]
    assert error.row == 3
    assert "more cells than the header" in error.message


def test_a_damaged_workbook_renamed_csv_is_fatal(tmp_path: Path) -> None:
    # A zip named .csv is read as the workbook it is (issue 10); a damaged one is refused as such.
    path = tmp_path / "cases.csv"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(InputError, match="is not a readable .xlsx workbook"):
        load_export([path])


def test_windows_1252_bytes_undefined_there_do_not_stop_reading(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes("case_id;office\nA;Antenne ".encode("cp1252") + b"\x81" + b"\n")
    assert load_export([path]).cases[0].get("office") == "Antenne \ufffd"


def test_old_mac_line_ends_are_read(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes(b"case_id;ri_decision_date\rA;17/03/2024\rB;18/03/2024\r")
    assert [(c.case_id, c.row) for c in load_export([path]).cases] == [("A", 2), ("B", 3)]


def test_unicode_line_separators_inside_cells_do_not_split_rows(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text("case_id;exemption_motivation;office\nA;raison\u2028suite;Nord\nB;x\x0cy;Sud\n", encoding="utf-8")
    export = load_export([path])
    assert [(c.case_id, c.get("exemption_motivation"), c.get("office")) for c in export.cases] == [
        ("A", "raison\u2028suite", "Nord"), ("B", "x\x0cy", "Sud")]
