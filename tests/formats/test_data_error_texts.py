"""Data errors and rejected rows are shown in the report's language by every format that lists
them, and --redact cannot bring a redacted value back through a message's params."""

from __future__ import annotations

import dataclasses
import io
import json

import openpyxl
import pytest
from rich.console import Console

from piis_audit.formats.html import HtmlFormat
from piis_audit.formats.interface import FormatOptions
from piis_audit.formats.json import JsonFormat
from piis_audit.formats.rows import REDACTED, redact
from piis_audit.formats.terminal import print_report
from piis_audit.formats.xlsx import XlsxFormat
from piis_audit.i18n.render import LANGS, data_error_text, rejected_text
from piis_audit.inputs.messages import data_error, message, rejected_row
from piis_audit.model import AuditReport, DataError, Message, RejectedRow

DATE_HINT = Message("inputs.hint.date")
BAD_DATE = data_error("cases.csv", "cases", 4, "Date signature PIIS", "31/02/2024",
                      message("inputs.value.no_day", day="31", month="02", year="2024", hint=DATE_HINT),
                      "piis_signed_date")
UNKNOWN_CASE = data_error("evaluations.csv", "evaluations", 3, "case_id", "Z", message(
    "inputs.row.not_audited", reason=message("inputs.row.unknown_case", case_id="Z")), "case_id")
REJECTED = rejected_row("evaluations.csv", "evaluations", 3, "Z", message("inputs.row.unknown_case", case_id="Z"))
TEXTS = {
    "en": ("not a date: there is no day 31 in 02/2024", "no case Z in the cases table; row not audited",
           "no case Z in the cases table"),
    "fr": ("date impossible : le jour 31 n'existe pas en 02/2024", "aucun dossier Z dans la table cases ; "
           "ligne non contrôlée", "aucun dossier Z dans la table cases"),
    "nl": ("geen geldige datum: dag 31 bestaat niet in 02/2024", "geen dossier Z in de tabel cases; rij niet "
           "gecontroleerd", "geen dossier Z in de tabel cases"),
}


def _with_errors(report: AuditReport, errors: tuple[DataError, ...],
                 rejected: tuple[RejectedRow, ...] = ()) -> AuditReport:
    export = dataclasses.replace(report.export, data_errors=errors, rejected=rejected)
    return dataclasses.replace(report, export=export)


def test_without_a_message_the_english_text_is_shown() -> None:
    plain = DataError("x.csv", "cases", 2, "a", "b", "something odd")
    assert [data_error_text(plain, lang) for lang in LANGS] == ["something odd"] * 3
    row = RejectedRow("x.csv", "cases", 2, None, "no reason known")
    assert [rejected_text(row, lang) for lang in LANGS] == ["no reason known"] * 3


@pytest.mark.parametrize("lang", LANGS)
def test_every_format_shows_them_in_the_report_language(report: AuditReport, lang: str) -> None:
    report = _with_errors(report, (BAD_DATE, UNKNOWN_CASE), (REJECTED,))
    date_text, error_text, reason_text = TEXTS[lang]
    options = FormatOptions(lang)

    html = HtmlFormat().render(report, options).decode("utf-8").replace("&#39;", "'")
    assert date_text in html and error_text in html and reason_text in html

    for width in (200, 80):  # a table on a wide screen, one line per error on a narrow one
        buffer = io.StringIO()
        print_report(report, Console(file=buffer, width=width), options)
        flat = " ".join(buffer.getvalue().split())
        assert date_text in flat and error_text in flat, width

    wb = openpyxl.load_workbook(io.BytesIO(XlsxFormat().render(report, options)))
    cells = {c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)}
    assert any(c.startswith(date_text) for c in cells) and error_text in cells

    doc = json.loads(JsonFormat().render(report, options))
    assert [e["message"] for e in doc["data_errors"]] == [data_error_text(BAD_DATE, lang), error_text]
    assert [e["message_key"] for e in doc["data_errors"]] == ["inputs.value.no_day", "inputs.row.not_audited"]
    assert [(r["reason"], r["reason_key"]) for r in doc["rejected_rows"]] == [(reason_text, "inputs.row.unknown_case")]
    if lang != "en":
        assert TEXTS["en"][1] not in html and TEXTS["en"][1] not in json.dumps(doc, ensure_ascii=False)


def test_redact_keeps_a_personal_value_out_of_the_message_params(report: AuditReport) -> None:
    birth = data_error("x.csv", "cases", 7, "Date de naissance", "31/02/1990",
                       message("inputs.value.no_day", day="31", month="02", year="1990", hint=DATE_HINT),
                       "birth_date")
    serial = data_error("x.csv", "cases", 8, "birth_date", "7301",
                        message("inputs.row.required_not_audited", field="birth_date", reason=message(
                            "inputs.value.not_excel_date", number="7301", hint=DATE_HINT)), "birth_date")
    other = dataclasses.replace(BAD_DATE)
    red = redact(_with_errors(report, (birth, serial, other)))
    red_birth, red_serial, red_other = red.export.data_errors
    for error in (red_birth, red_serial):
        assert error.value == REDACTED
        for lang in LANGS:
            shown = data_error_text(error, lang)
            assert "1990" not in shown and "7301" not in shown, shown
        assert "1990" not in repr(error) and "7301" not in repr(error)
        assert error.message == data_error_text(error, "en")  # the English message is redacted too
    assert red_birth.message == (f"not a date: there is no day {REDACTED} in {REDACTED}/{REDACTED} (dates are "
                                 "read day first: dd/mm/yyyy, yyyy-mm-dd or an Excel date)")
    assert data_error_text(red_serial, "fr") == (
        f"date illisible : le nombre {REDACTED} n'est pas une date Excel (les dates se lisent le jour en premier : "
        f"jj/mm/aaaa, aaaa-mm-jj ou une date Excel) ; birth_date est obligatoire, ligne non contrôlée")
    assert red_other == BAD_DATE  # not a personal column: untouched
    both = _with_errors(report, (birth, serial))
    for lang in LANGS:
        options = FormatOptions(lang, redact=True)
        for fmt in (HtmlFormat(), JsonFormat()):
            out = fmt.render(both, options).decode("utf-8")
            assert "7301" not in out and "31/02/1990" not in out, (type(fmt).__name__, lang)
        wb = openpyxl.load_workbook(io.BytesIO(XlsxFormat().render(both, options)))
        cells = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row]
        assert not [c for c in cells if "7301" in c or "1990" in c], lang
        buffer = io.StringIO()
        print_report(both, Console(file=buffer, width=200), options)
        assert "7301" not in buffer.getvalue() and "31/02/1990" not in buffer.getvalue(), lang


def test_redact_of_an_english_only_message_still_hides_the_value(report: AuditReport) -> None:
    plain = DataError("x.csv", "cases", 7, "birth_date", "1234", "not a date: the number 1234 is odd", "birth_date")
    (red,) = redact(_with_errors(report, (plain,))).export.data_errors
    assert red.value == REDACTED and "1234" not in red.message
