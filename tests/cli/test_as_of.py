"""``--as-of`` as people write dates: dd/mm/yyyy (what every output shows) or ISO yyyy-mm-dd, for
every command that takes it; a date that is ambiguous or does not exist is refused in --lang, with
exit status 2 (issue 10)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from piis_audit.cli.app import app

runner = CliRunner()
PREFIX = {"en": "error: ", "fr": "erreur : ", "nl": "fout: "}


@pytest.fixture()
def export(tmp_path: Path) -> Path:
    """A Belgian CSV: semicolons, Windows-1252, dd/mm/yyyy, oui/non."""
    path = tmp_path / "dossiers.csv"
    path.write_bytes(("Numéro de dossier;Date de naissance;Date de décision;Catégorie;Date de signature PIIS\r\n"
                      "D-001;15/03/1990;17/11/2016;2;\r\n").encode("cp1252"))
    return path


def _json(*args: str | Path) -> dict[str, object]:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
    document: dict[str, object] = json.loads(result.stdout)
    return document


@pytest.mark.parametrize("written", ["26/11/2026", "26-11-2026", "26.11.2026", "2026-11-26", " 26/11/2026 "])
def test_audit_accepts_day_first_and_iso_dates(export: Path, written: str) -> None:
    document = _json("audit", export, "--format", "json", "--as-of", written)
    assert document["as_of"] == "2026-11-26"


def test_due_and_explain_accept_a_day_first_date(export: Path) -> None:
    due = _json("due", export, "--format", "json", "--as-of", "26/11/2026")
    assert due["as_of"] == "2026-11-26" and due["until"] == "2026-12-26"
    result = runner.invoke(app, ["explain", "D-001", str(export), "--as-of", "16/02/2017", "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    assert "16/02/2017" in result.stdout
    # the same explanation as with the ISO date
    iso = runner.invoke(app, ["explain", "D-001", str(export), "--as-of", "2017-02-16", "--lang", "en"])
    assert iso.stdout == result.stdout


REFUSED = {
    "31/02/2026": {"en": "there is no day 31 in 02/2026", "fr": "le jour 31 n'existe pas en 02/2026",
                   "nl": "dag 31 bestaat niet in 02/2026"},
    "11/26/2026": {"en": "there is no month 26 (dates are read day first: dd/mm/yyyy, or yyyy-mm-dd)",
                   "fr": "le mois 26 n'existe pas (les dates se lisent le jour en premier : jj/mm/aaaa, ou aaaa-mm-jj)",
                   "nl": "maand 26 bestaat niet (datums worden gelezen met de dag eerst: dd/mm/jjjj, of jjjj-mm-dd)"},
    "2026-13-01": {"en": "there is no month 13 (dates are read day first: dd/mm/yyyy, or yyyy-mm-dd)",
                   "fr": "le mois 13 n'existe pas (les dates se lisent le jour en premier : jj/mm/aaaa, ou aaaa-mm-jj)",
                   "nl": "maand 13 bestaat niet (datums worden gelezen met de dag eerst: dd/mm/jjjj, of jjjj-mm-dd)"},
    "26-11-26": {"en": "a two-digit year is ambiguous: write the year in full (dd/mm/yyyy or yyyy-mm-dd)",
                 "fr": "une année à deux chiffres est ambiguë : écrivez l'année en entier (jj/mm/aaaa ou aaaa-mm-jj)",
                 "nl": "een jaartal met twee cijfers is dubbelzinnig: schrijf het jaar voluit (dd/mm/jjjj of jjjj-mm-dd)"},
    "29/02/2026": {"en": "there is no day 29 in 02/2026", "fr": "le jour 29 n'existe pas en 02/2026",
                   "nl": "dag 29 bestaat niet in 02/2026"},
    "26/11/0026": {"en": "the year 26 is outside 1900-2100", "fr": "l'année 26 est en dehors de la période 1900-2100",
                   "nl": "het jaar 26 valt buiten 1900-2100"},
}


@pytest.mark.parametrize("command", [["audit", "--quiet"], ["due"], ["explain", "D-001"]])
@pytest.mark.parametrize("written", sorted(REFUSED))
@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_an_ambiguous_or_impossible_date_is_refused_in_the_language(export: Path, command: list[str], written: str,
                                                                    lang: str) -> None:
    result = runner.invoke(app, [*command, str(export), "--as-of", written, "--lang", lang])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    colon = " :" if lang == "fr" else ":"
    assert result.stderr == f"{PREFIX[lang]}--as-of '{written}'{colon} {REFUSED[written][lang]}\n"


def test_the_help_shows_the_day_first_form() -> None:
    result = runner.invoke(app, ["audit", "--help"], env={"COLUMNS": "200"})
    assert "DD/MM/YYYY" in result.stdout and "yyyy-mm-dd" in result.stdout
