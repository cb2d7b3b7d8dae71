"""Data errors and rejected rows in French and Dutch: each carries a translatable message whose
English rendering is exactly its ``message`` / ``reason``, unchanged."""

from __future__ import annotations

import datetime as dt
from typing import Any
from pathlib import Path

import pytest
from inputs_helpers import write_csv

from piis_audit.i18n.render import data_error_text, rejected_text
from piis_audit.inputs import load_export
from piis_audit.inputs.messages import english
from piis_audit.inputs.values import (BOOL_HINT, DATE_HINT, NUMBER_HINT, Invalid, field_parser, parse_bool,
                                      parse_date, parse_integer, parse_number)
from piis_audit.model import DataError, ExportData, RejectedRow
from piis_audit.schema import CASES, SANCTIONS

HINT_FR = "les dates se lisent le jour en premier : jj/mm/aaaa, aaaa-mm-jj ou une date Excel"
HINT_NL = "datums worden gelezen met de dag eerst: dd/mm/jjjj, jjjj-mm-dd of een Excel-datum"


def _export(tmp_path: Path) -> ExportData:
    write_csv(tmp_path / "cases.csv", [
        ["Numéro de dossier", "ri_decision_date", "piis_signed_date", "signed_cpas", "Remarque", ""],
        ["A", "17/03/2024", "31/02/2024", "peut-être", "x", "y"],
        ["A", "18/03/2024", "", "", "", ""],
        ["B", "19/03/2024", "", "", "", ""],
    ])
    write_csv(tmp_path / "evaluations.csv", [
        ["case_id", "evaluation_date", "report_present", ""],
        ["Z", "01/06/2024", "oui", ""],
        ["B", "", "oui", ""],
        ["B", "31/06/2024", "oui", "note"],
    ])
    return load_export([tmp_path])


def _error(export: ExportData, table: str, row: int | None, column: str | None) -> DataError:
    (found,) = [e for e in export.data_errors if (e.table, e.row, e.column) == (table, row, column)]
    return found


def _rejected(export: ExportData, table: str, row: int) -> RejectedRow:
    (found,) = [r for r in export.rejected if (r.table, r.row) == (table, row)]
    return found


def _three(error: DataError) -> tuple[str, str, str]:
    return data_error_text(error, "en"), data_error_text(error, "fr"), data_error_text(error, "nl")


def test_an_impossible_date(tmp_path: Path) -> None:
    error = _error(_export(tmp_path), "cases", 2, "piis_signed_date")
    assert error.message == ("not a date: there is no day 31 in 02/2024 (dates are read day first: dd/mm/yyyy, "
                             "yyyy-mm-dd or an Excel date)")
    assert error.text is not None and error.text.key == "inputs.value.no_day"
    assert _three(error) == (
        error.message,
        f"date impossible : le jour 31 n'existe pas en 02/2024 ({HINT_FR})",
        f"geen geldige datum: dag 31 bestaat niet in 02/2024 ({HINT_NL})")


def test_a_bad_yes_no(tmp_path: Path) -> None:
    error = _error(_export(tmp_path), "cases", 2, "signed_cpas")
    assert error.message == "not a yes/no value (oui/non, ja/nee, yes/no, true/false, 1/0 or x)"
    assert _three(error) == (
        error.message,
        "pas une réponse oui/non (oui/non, ja/nee, yes/no, true/false, 1/0 ou x)",
        "geen ja/nee-antwoord (oui/non, ja/nee, yes/no, true/false, 1/0 of x)")


def test_a_duplicate_case_id(tmp_path: Path) -> None:
    export = _export(tmp_path)
    error = _error(export, "cases", 3, "Numéro de dossier")
    assert error.message == "case_id A already appears (row 2); the first one is kept; row not audited"
    assert _three(error) == (
        error.message,
        "le case_id A figure déjà plus haut (ligne 2) ; la première ligne est conservée ; ligne non contrôlée",
        "case_id A komt al eerder voor (rij 2); de eerste rij wordt behouden; rij niet gecontroleerd")
    rejected = _rejected(export, "cases", 3)
    assert rejected.reason == "case_id A already appears (row 2); the first one is kept"
    assert (rejected_text(rejected, "en"), rejected_text(rejected, "fr"), rejected_text(rejected, "nl")) == (
        rejected.reason,
        "le case_id A figure déjà plus haut (ligne 2) ; la première ligne est conservée",
        "case_id A komt al eerder voor (rij 2); de eerste rij wordt behouden")


def test_an_evaluation_of_an_unknown_case(tmp_path: Path) -> None:
    export = _export(tmp_path)
    error = _error(export, "evaluations", 2, "case_id")
    assert error.message == "no case Z in the cases table; row not audited"
    assert _three(error) == (error.message, "aucun dossier Z dans la table cases ; ligne non contrôlée",
                             "geen dossier Z in de tabel cases; rij niet gecontroleerd")
    rejected = _rejected(export, "evaluations", 2)
    assert rejected.reason == "no case Z in the cases table"
    assert rejected_text(rejected, "fr") == "aucun dossier Z dans la table cases"
    assert rejected_text(rejected, "nl") == "geen dossier Z in de tabel cases"


def test_a_child_row_without_its_required_date(tmp_path: Path) -> None:
    export = _export(tmp_path)
    empty = _error(export, "evaluations", 3, "evaluation_date")
    assert empty.message == "evaluation_date is empty (required); row not audited"
    assert _three(empty) == (empty.message, "evaluation_date est vide (obligatoire) ; ligne non contrôlée",
                             "evaluation_date is leeg (verplicht); rij niet gecontroleerd")
    # an unreadable date: the cell's own reason, then what it costs (cell_notes), combined
    unreadable = _error(export, "evaluations", 4, "evaluation_date")
    assert unreadable.message == (
        "not a date: there is no day 31 in 06/2024 (dates are read day first: dd/mm/yyyy, yyyy-mm-dd or an "
        "Excel date); evaluation_date is required, row not audited")
    assert _three(unreadable) == (
        unreadable.message,
        f"date impossible : le jour 31 n'existe pas en 06/2024 ({HINT_FR}) ; evaluation_date est obligatoire, "
        "ligne non contrôlée",
        f"geen geldige datum: dag 31 bestaat niet in 06/2024 ({HINT_NL}); evaluation_date is verplicht, "
        "rij niet gecontroleerd")
    rejected = _rejected(export, "evaluations", 4)
    assert (rejected.reason, rejected_text(rejected, "fr"), rejected_text(rejected, "nl")) == (
        "evaluation_date could not be read", "evaluation_date n'a pas pu être lu",
        "evaluation_date kon niet gelezen worden")


def test_unknown_columns_and_columns_without_a_header(tmp_path: Path) -> None:
    export = _export(tmp_path)
    unknown = _error(export, "cases", None, "Remarque")
    assert _three(unknown) == ("unknown column, kept for display, not used",
                               "colonne inconnue, conservée pour l'affichage, non utilisée",
                               "onbekende kolom, bewaard voor weergave, niet gebruikt")
    assert unknown.message == "unknown column, kept for display, not used"
    unnamed = _error(export, "cases", None, "(column F)")
    assert _three(unnamed) == ("column without a header: kept for display, not used",
                               "colonne sans en-tête : conservée pour l'affichage, non utilisée",
                               "kolom zonder hoofding: bewaard voor weergave, niet gebruikt")
    unused = _error(export, "evaluations", None, "(column D)")
    assert _three(unused) == ("column without a header: not used", "colonne sans en-tête : non utilisée",
                              "kolom zonder hoofding: niet gebruikt")


def test_every_data_error_and_rejected_row_of_the_loader_is_translatable(tmp_path: Path) -> None:
    export = _export(tmp_path)
    for error in export.data_errors:
        assert error.text is not None and english(error.text) == error.message, error
    for row in export.rejected:
        assert row.text is not None and english(row.text) == row.reason, row


BAD_CELLS = [
    (parse_date, "13/13/2024"), (parse_date, "17/03/0024"), (parse_date, "1234"), (parse_date, 2024.0),
    (parse_date, True), (parse_date, dt.time(10, 30)), (parse_date, "17 mars 2024"), (parse_date, "17/03/24"),
    (parse_date, "2024-02-30"), (parse_date, "5.5"), (parse_date, dt.date(1800, 1, 1)),
    (parse_bool, "peut-être"), (parse_bool, 2.0), (parse_number, "abc"), (parse_number, "1.2.3"),
    (parse_number, dt.date(2024, 1, 1)), (parse_integer, "1,5"),
    (field_parser(CASES.by_name["category"]), "7"), (field_parser(CASES.by_name["piis_type"]), "autre"),
    (field_parser(SANCTIONS.by_name["duration_days"]), "-3"),
]


@pytest.mark.parametrize(("parse", "raw"), BAD_CELLS)
def test_every_unreadable_cell_has_a_message_that_reads_as_its_reason(parse: object, raw: object) -> None:
    assert callable(parse)
    result = parse(raw)
    assert isinstance(result, Invalid)
    assert result.text is not None and english(result.text) == result.reason


def test_the_english_hints_are_the_documented_constants() -> None:
    for parse, expected in ((parse_date, f"not a date ({DATE_HINT})"),
                            (parse_bool, f"not a yes/no value ({BOOL_HINT})"),
                            (parse_number, f"not a number ({NUMBER_HINT})")):
        bad = parse("abc")
        assert isinstance(bad, Invalid) and bad.reason == expected


def test_reading_fills_no_sentence_until_one_is_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader records what went wrong as messages (key and params); the English sentence of
    a data error, a rejected row or an unreadable cell is filled when it is read, not before."""
    import piis_audit.i18n.render as render
    import piis_audit.inputs.messages as messages

    filled: list[str] = []
    real_fill = render.fill

    def counting(template: str, params: Any, lang: str) -> str:
        filled.append(template)
        return real_fill(template, params, lang)

    monkeypatch.setattr(render, "fill", counting)
    monkeypatch.setattr(messages, "fill", counting)
    path = tmp_path / "cases.csv"
    path.write_bytes("dossier;date décision RI;date naissance\r\nA1;31/02/2024;01/01/1990\r\nA1;17/03/2024;x\r\n"
                     ";17/03/2024;\r\n".encode("cp1252"))
    export = load_export([path])
    assert len(export.data_errors) >= 3 and len(export.rejected) == 2
    assert filled == []
    impossible = next(e for e in export.data_errors if e.value == "31/02/2024")
    assert impossible.message.startswith("not a date") and filled  # filled once read
    duplicate = export.rejected[0]
    assert (duplicate.row, duplicate.case_id) == (3, "A1") and duplicate.text is not None
    assert duplicate.reason == english(duplicate.text) and "A1" in duplicate.reason
