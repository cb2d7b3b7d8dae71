"""A file is decoded by what most of it is (issue 10). A UTF-8 export with one stray Windows-1252
byte used to be read entirely as Windows-1252 (every ``Hélène`` became ``HÃ©lÃ¨ne``); a UTF-16
file with one bad code unit was refused whole. Now the rest is read right and the undecodable
bytes are data errors of their cells (row, column): a typed field there is unreadable, a text
keeps its words with U+FFFD."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import pytest

from piis_audit.i18n.render import data_error_text
from piis_audit.inputs import load_export
from piis_audit.inputs.csv_source import decode

HEADER = "case_id;beneficiary_name;social_worker;ri_decision_date;piis_type;office\r\n"
ROWS = ["D-001;Hélène Dupré;Françoise Lenoir;17/03/2024;intégration sociale;Antenne Nord\r\n",
        "D-002;Zoë Lefèvre;Jérôme Noël;18/03/2024;étudiant;Antenne Sud\r\n",
        "D-003;Anaïs Müller;Hélène Gérard;19/03/2024;emploi;Antenne Est\r\n"]


def _utf8_with_stray_byte(path: Path) -> Path:
    data = (HEADER + "".join(ROWS)).encode("utf-8")
    # one name typed on a machine in Windows-1252: 'é' as the single byte E9, in row 3, column C
    data = data.replace("Jérôme".encode("utf-8"), "J".encode() + b"\xe9" + "rôme".encode("utf-8"))
    path.write_bytes(data)
    return path


def test_a_stray_windows_1252_byte_in_utf8_spoils_only_its_cell(tmp_path: Path) -> None:
    path = _utf8_with_stray_byte(tmp_path / "cases.csv")
    export = load_export([path])
    names = [c.get("beneficiary_name") for c in export.cases]
    assert names == ["Hélène Dupré", "Zoë Lefèvre", "Anaïs Müller"]  # not HÃ©lÃ¨ne
    assert [c.get("piis_type") for c in export.cases] == ["social", "student", "employment"]
    assert export.cases[1].get("social_worker") == "J\ufffdrôme Noël"  # text kept, the bad byte shown
    [error] = export.data_errors
    assert (error.file, error.table, error.row, error.column, error.value, error.field) == (
        str(path), "cases", 3, "social_worker", "J\ufffdrôme Noël", "social_worker")
    assert error.message == "bytes that are not UTF-8 text, shown as \ufffd; the rest of the file is read as UTF-8"
    assert data_error_text(error, "fr") == (
        "octets qui ne sont pas du texte UTF-8, affichés \ufffd ; le reste du fichier est lu en UTF-8")
    assert "social_worker" not in export.cases[1].invalid


def test_a_stray_byte_in_a_typed_cell_makes_that_field_unreadable(tmp_path: Path) -> None:
    data = (HEADER + "".join(ROWS)).encode("utf-8").replace("étudiant".encode("utf-8"), b"\xe9tudiant")
    path = tmp_path / "cases.csv"
    path.write_bytes(data)
    export = load_export([path])
    second = export.cases[1]
    assert second.get("piis_type") is None and "piis_type" in second.invalid
    assert export.cases[0].get("beneficiary_name") == "Hélène Dupré"
    [error] = export.data_errors
    assert (error.row, error.column, error.value) == (3, "piis_type", "\ufffdtudiant")
    assert error.message.startswith("bytes that are not UTF-8 text")


def test_a_pure_windows_1252_file_is_still_read_as_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes((HEADER + "".join(ROWS)).encode("cp1252"))
    export = load_export([path])
    assert [c.get("beneficiary_name") for c in export.cases] == ["Hélène Dupré", "Zoë Lefèvre", "Anaïs Müller"]
    assert export.data_errors == ()
    assert decode(path.read_bytes(), str(path))[1] == "cp1252"


def test_a_utf8_file_with_bom_and_a_stray_byte_stays_utf8(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes(codecs.BOM_UTF8 + _utf8_with_stray_byte(tmp_path / "x.csv").read_bytes())
    export = load_export([path])
    assert export.cases[0].get("beneficiary_name") == "Hélène Dupré"
    assert [(e.row, e.column) for e in export.data_errors] == [(3, "social_worker")]


def test_utf16_with_one_bad_code_unit_is_read_and_the_cell_reported(tmp_path: Path) -> None:
    text = (HEADER + "".join(ROWS)).replace(";", "\t")
    data = text.encode("utf-16")  # with its BOM, as Excel's "Unicode text" saves
    # a lone high surrogate in place of the 'ë' of Zoë (row 3, column B)
    data = data.replace("Zoë".encode("utf-16-le"), "Zo".encode("utf-16-le") + b"\x00\xd8")
    path = tmp_path / "cases.csv"
    path.write_bytes(data)
    export = load_export([path])
    assert [c.case_id for c in export.cases] == ["D-001", "D-002", "D-003"]
    assert export.cases[0].get("beneficiary_name") == "Hélène Dupré"
    assert export.cases[2].get("ri_decision_date") == dt.date(2024, 3, 19)
    [error] = export.data_errors
    assert (error.row, error.column) == (3, "beneficiary_name")
    assert error.message.startswith("bytes that are not UTF-16 text")
    assert "\ufffd" in (export.cases[1].get("beneficiary_name") or "")


def test_a_bad_byte_in_a_header_is_reported(tmp_path: Path) -> None:
    data = ("case_id;Bénéficiaire;ri_decision_date\r\nD-001;Hélène;17/03/2024\r\n").encode("utf-8")
    data = data.replace("Bénéficiaire".encode("utf-8"), "B".encode() + b"\xe9" + "néficiaire".encode("utf-8"))
    path = tmp_path / "cases.csv"
    path.write_bytes(data)
    export = load_export([path])
    assert export.cases[0].get("ri_decision_date") == dt.date(2024, 3, 17)
    assert any(e.row == 1 and e.message.startswith("bytes that are not UTF-8 text") for e in export.data_errors)


@pytest.mark.parametrize("undefined", [b"\x81", b"\x8d", b"\x9d"])
def test_windows_1252_undefined_bytes_are_reported(tmp_path: Path, undefined: bytes) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes("case_id;office\r\nA;Antenne ".encode("cp1252") + undefined + "é\r\n".encode("cp1252"))
    export = load_export([path])
    assert export.cases[0].get("office") == "Antenne \ufffdé"
    [error] = export.data_errors
    assert (error.row, error.column) == (2, "office")
    assert error.message == ("bytes that are not Windows-1252 text, shown as \ufffd; the rest of the file is "
                             "read as Windows-1252")
