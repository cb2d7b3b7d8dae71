"""A translated label and its value: "label: value", in French "label\u00a0: value".

French typography (Belgian usage too) puts a space before a colon; a no-break one, so that a line
never starts with the colon. English and Dutch keep ": ". Every human-readable format goes
through :func:`piis_audit.i18n.render.colon`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from rich.console import Console
from rich.text import Text

from piis_audit.formats.html import HtmlFormat
from piis_audit.formats.interface import FormatOptions
from piis_audit.formats.junit import JunitFormat
from piis_audit.formats.markdown import MarkdownFormat
from piis_audit.formats.terminal import keep, print_report
from piis_audit.i18n.render import colon
from piis_audit.model import AuditReport

NBSP = "\u00a0"
FR = "\u00a0: "


def _with_extras(report: AuditReport) -> AuditReport:
    """The canned report with stale waivers and an inspector's sample (more label sites)."""
    waiver = report.cases[1].results[0].waiver
    assert waiver is not None
    expired = dataclasses.replace(waiver, case_id="D0009", expires=dt.date(2025, 1, 31))
    sample = {"seed": 7, "size": 3, "population": 5, "export_fingerprint": "0" * 64, "fingerprint_matches": True,
              "confidence": 0.95, "tolerable_rate": 0.05, "audited_cases": 3, "missing_case_ids": [],
              "questions": [{"question": "deadline", "sample_size": 3, "deviations": 1, "waived_deviations": 1,
                             "pending": 0, "not_applicable": 0, "missing_data": 0,
                             "upper_deviation_limit": 0.75, "below_tolerable_rate": False}]}
    return dataclasses.replace(report, unused_waivers=(waiver,), expired_waivers=(expired,), sample=sample)


def _terminal(report: AuditReport, lang: str, width: int = 200) -> str:
    buffer = io.StringIO()
    print_report(report, Console(file=buffer, width=width, color_system=None), FormatOptions(lang))
    return buffer.getvalue()


def _markdown(report: AuditReport, lang: str) -> str:
    return MarkdownFormat().render(report, FormatOptions(lang)).decode("utf-8")


def _html(report: AuditReport, lang: str) -> str:
    return HtmlFormat().render(report, FormatOptions(lang)).decode("utf-8")


def test_colon() -> None:
    assert colon("fr") == "\u00a0: "
    assert colon("en") == ": "
    assert colon("nl") == ": "


def test_terminal_french(report: AuditReport) -> None:
    text = _terminal(_with_extras(report), "fr")
    for expected in ("Situation au\u00a0: 26/11/2026", "Liste de contrôle\u00a0: spp-is-piis 2026.1",
                     "Généré le\u00a0: 26/11/2026 09:30",
                     "Dossiers contrôlés\u00a0: 5 · Dossiers avec au moins une non-conformité\u00a0: 2",
                     "Lignes rejetées\u00a0: 2 · Erreurs de données\u00a0: 3",
                     "[dérogation\u00a0: Agreed with the inspector",
                     "Subvention à risque (estimation)\u00a0: 1.445,62 €",
                     "Conditions de la subvention majorée\u00a0: subsidy_increase_start_date",
                     "inutilisée\u00a0: D0002 / deadline", "expirée\u00a0: D0009 / deadline"):
        assert expected in text, expected
    assert "Situation au:" not in text and "dérogation:" not in text


@pytest.mark.parametrize("lang, as_of, cases", [("en", "As of", "Cases audited"),
                                                ("nl", "Toestand op", "Gecontroleerde dossiers")])
def test_terminal_english_and_dutch(report: AuditReport, lang: str, as_of: str, cases: str) -> None:
    text = _terminal(_with_extras(report), lang)
    assert f"{as_of}: 26/11/2026" in text
    assert f"{cases}: 5" in text
    assert NBSP not in text


def test_terminal_never_starts_a_line_with_the_colon(report: AuditReport) -> None:
    """Rich wraps at any whitespace, the no-break space included: the French labels must not be
    cut from their colon at any width (the same colons at every width, none at a line's end)."""
    wide = _terminal(_with_extras(report), "fr").count(FR)
    for width in range(40, 141):
        text = _terminal(_with_extras(report), "fr", width)
        assert text.count(NBSP + ":") == wide, width
        assert not [line for line in text.splitlines() if line.rstrip(" ").endswith(NBSP)], width


def test_keep_does_not_break_at_a_no_break_space() -> None:
    plain = "Généré le" + FR + "27/11/2026"
    for width in range(len("27/11/2026"), len(plain) + 1):
        unguarded, guarded = io.StringIO(), io.StringIO()
        Console(file=unguarded, width=width, color_system=None).print(Text(plain))
        Console(file=guarded, width=width, color_system=None).print(keep(Text(plain, style="bold")))
        assert NBSP + ":" in guarded.getvalue(), width
        assert guarded.getvalue().replace("\n", " ").replace("  ", " ").strip() == plain, width
        if width == len("Généré le" + NBSP):  # Rich alone breaks right before the colon
            assert unguarded.getvalue().splitlines()[1].startswith(":")
    text = Text("no such space: here")
    assert keep(text) is text  # English and Dutch print exactly as before


def test_markdown_french(report: AuditReport) -> None:
    text = _markdown(_with_extras(report), "fr")
    for expected in ("Situation au\u00a0: 26/11/2026", "Liste de contrôle\u00a0: spp-is-piis 2026.1",
                     "Généré le\u00a0: 26/11/2026 09:30", "**Dossiers contrôlés**\u00a0: 5",
                     "**Conformité globale**\u00a0: 40,0 %", "**Subvention à risque (estimation)**\u00a0: 1.445,62 €",
                     "2 non-conformité(s)\u00a0: D0001, D0003", "Que faire\u00a0: Corriger",
                     "**Colonnes manquantes**\u00a0: increased-subsidy", "Niveau de confiance\u00a0: 95,0 %",
                     "Taux de déviation tolérable\u00a0: 5,0 %", "**Nouveaux constats**\u00a0: 1",
                     "**Constats connus**\u00a0: 1", "- inutilisée\u00a0: D0002", "- expirée\u00a0: D0009"):
        assert expected in text, expected
    assert not re.search(r"[^ \u00a0]: ", text.replace("Corriger : ", "")), "a French colon without its space"


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_markdown_english_and_dutch(report: AuditReport, lang: str) -> None:
    text = _markdown(_with_extras(report), lang)
    assert {"en": "As of: 26/11/2026", "nl": "Toestand op: 26/11/2026"}[lang] in text
    assert {"en": "**Cases audited**: 5", "nl": "**Gecontroleerde dossiers**: 5"}[lang] in text
    assert NBSP not in text


def test_html_french(report: AuditReport) -> None:
    html = _html(_with_extras(report), "fr")
    assert '<html lang="fr">' in html
    for expected in ("<title>dérogation\u00a0: 1</title>", "<title>non conforme\u00a0: 1</title>",
                     "· Gravité\u00a0: majeure</p>", "Subvention à risque\u00a0: 1.445,62 €</p>",
                     "Conformité 40,0 %\u00a0: conforme", "Conclu dans le délai\u00a0: 1 non-conformité(s) sur",
                     "</a>\u00a0: Début de la subvention majorée",
                     "<li>inutilisée\u00a0: D0002 / deadline", "<li>expirée\u00a0: D0009 / deadline"):
        assert expected in html, expected
    data = json.loads(html.split('<script type="application/json" id="report-data">', 1)[1].split("</script>")[0])
    assert data["colon"] == FR  # what the script puts after the labels of the case detail
    assert '.meta dt:lang(fr)::after { content: "\\a0:"; }' in html  # ... and the stylesheet after a <dt>
    assert "dérogation:" not in html and "Gravité:" not in html


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_html_english_and_dutch(report: AuditReport, lang: str) -> None:
    html = _html(_with_extras(report), lang)
    assert {"en": "· Severity: major</p>", "nl": "· Ernst: ernstig</p>"}[lang] in html
    assert {"en": "<title>waived: 1</title>", "nl": "<title>afwijking: 1</title>"}[lang] in html
    data = json.loads(html.split('<script type="application/json" id="report-data">', 1)[1].split("</script>")[0])
    assert data["colon"] == ": "
    assert NBSP not in html


@pytest.mark.parametrize("lang, sep", [("fr", FR), ("en", ": "), ("nl", ": ")])
def test_junit(report: AuditReport, lang: str, sep: str) -> None:
    root = ET.fromstring(JunitFormat().render(report, FormatOptions(lang)))
    texts = "\n".join([e.text or "" for e in root.iter("failure")] +
                      [e.get("message", "") for e in root.iter("skipped")])
    labels = {"fr": ("Base légale", "dérogation (fail)"), "en": ("Legal basis", "waived (fail)"),
              "nl": ("Rechtsgrond", "afwijking (fail)")}[lang]
    for label in labels:
        assert label + sep in texts, label
    assert (NBSP in texts) is (lang == "fr")
