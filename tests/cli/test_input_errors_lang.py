"""Fatal input errors (InputError, exit status 2) in the command's --lang: French and Dutch
sentences from the catalog (``inputs.fatal.*``), English exactly as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from piis_audit.cli.app import app
from piis_audit.inputs import InputError, load_export, load_mapping
from piis_audit.inputs.messages import english

runner = CliRunner()
PREFIX = {"en": "error: ", "fr": "erreur : ", "nl": "fout: "}  # the word "error:" is in --lang too


def error_line(lang: str, *args: str | Path) -> str:
    """stderr of a command that must stop with exit status 2 and a one-line error in ``lang``."""
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(PREFIX[lang]) and result.stderr.endswith("\n"), result.stderr
    line = result.stderr[len(PREFIX[lang]):-1]
    assert "\n" not in line, result.stderr
    return line


def by_lang(*args: str | Path) -> dict[str, str]:
    return {lang: error_line(lang, "audit", *args, "--quiet", "--lang", lang) for lang in ("en", "fr", "nl")}


def test_missing_export(tmp_path: Path) -> None:
    path = tmp_path / "absent.xlsx"
    assert by_lang(path) == {
        "en": f"export not found: {path}",
        "fr": f"export introuvable : {path}",
        "nl": f"export niet gevonden: {path}",
    }


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes(b"")
    assert by_lang(path) == {
        "en": f"{path} is empty (0 bytes)",
        "fr": f"{path} est vide (0 octet)",
        "nl": f"{path} is leeg (0 bytes)",
    }


def test_cases_table_without_case_id(tmp_path: Path) -> None:
    path = tmp_path / "noid.csv"
    path.write_text("nom;date de décision\nDupont;01/02/2026\n", encoding="cp1252")
    example = 'columns: {case_id: "<your header>"}'
    assert by_lang(path) == {
        "en": f"{path}: the cases table has no case_id column (headers found: 'nom', 'date de décision'); "
              f"name the file-number column 'case_id' (or 'numéro de dossier', 'dossiernummer'), or map it "
              f"with --mapping ({example}) — see `piis-audit fields` for the accepted headers",
        "fr": f"{path} : la table cases n'a pas de colonne case_id (en-têtes trouvés : 'nom', 'date de décision') ; "
              f"nommez la colonne du numéro de dossier 'case_id' (ou 'numéro de dossier', 'dossiernummer'), "
              f"ou indiquez-la avec --mapping ({example}) — voir `piis-audit fields` pour les en-têtes acceptés",
        "nl": f"{path}: de tabel cases heeft geen kolom case_id (gevonden hoofdingen: 'nom', 'date de décision'); "
              f"noem de kolom met het dossiernummer 'case_id' (of 'numéro de dossier', 'dossiernummer'), "
              f"of wijs ze toe met --mapping ({example}) — zie `piis-audit fields` voor de aanvaarde hoofdingen",
    }


def test_a_damaged_xlsx(tmp_path: Path) -> None:
    # CSV text renamed .xlsx is read as CSV since issue 10 (tests/inputs/test_content_sniffing.py);
    # a zip that is cut short is refused
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 60)
    lines = by_lang(path)
    detail = lines["en"].rpartition("renamed): ")[2]  # calamine's own words, in every language
    assert detail
    assert lines == {
        "en": f"{path} is not a readable .xlsx workbook (corrupt, or another format renamed): {detail}",
        "fr": f"{path} n'est pas un classeur .xlsx lisible (fichier endommagé, ou autre format renommé) : {detail}",
        "nl": f"{path} is geen leesbare .xlsx-werkmap (beschadigd, of een ander formaat met een nieuwe naam): "
              f"{detail}",
    }


def test_mapping_problems_are_joined_in_the_language(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("tablez: {}\ncolumns: {case_idd: X}\n", encoding="utf-8")
    export = tmp_path / "cases.csv"
    export.write_text("case_id\nA\n", encoding="utf-8")
    assert by_lang(export, "--mapping", mapping) == {
        "en": f"mapping file {mapping}: unknown section 'tablez', expected tables, columns, values "
              f"(did you mean tables?); columns: unknown field 'case_idd' (did you mean case_id?)",
        "fr": f"fichier --mapping {mapping} : section inconnue 'tablez', sections attendues tables, columns, values "
              f"(vouliez-vous dire tables ?) ; columns : champ inconnu 'case_idd' (vouliez-vous dire case_id ?)",
        "nl": f"--mapping-bestand {mapping}: onbekende sectie 'tablez', verwacht tables, columns, values "
              f"(bedoelt u tables?); columns: onbekend veld 'case_idd' (bedoelt u case_id?)",
    }


@pytest.mark.parametrize("content", [b"", b"\x00\x01" * 50, b"PK\x03\x04 not a workbook"])
def test_str_is_the_english_rendering_of_text(tmp_path: Path, content: bytes) -> None:
    for name in ("cases.csv", "cases.xlsx"):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(InputError) as caught:
            load_export([path])
        text = caught.value.text
        assert text is not None and text.key.startswith("inputs.fatal.")
        assert str(caught.value) == english(text)
    with pytest.raises(InputError) as missing:
        load_mapping(tmp_path / "absent.yaml")
    assert missing.value.text is not None and str(missing.value) == english(missing.value.text)


def test_an_input_error_without_text_prints_as_it_is() -> None:
    assert InputError("plain").text is None and str(InputError("plain")) == "plain"
