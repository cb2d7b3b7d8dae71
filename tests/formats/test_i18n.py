"""Every text a person reads exists in French, Dutch and English."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
import yaml
from markupsafe import escape
from rich.console import Console

from piis_audit.formats.html import HtmlFormat
from piis_audit.formats.interface import FormatOptions
from piis_audit.formats.markdown import MarkdownFormat, md_escape
from piis_audit.formats.terminal import print_report
from piis_audit.formats.xlsx import XlsxFormat
from piis_audit.i18n.render import LANGS, catalog
from piis_audit.model import AuditReport

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "piis_audit" / "i18n" / "reports.yaml"
SOURCES = [*sorted((ROOT / "piis_audit" / "formats").glob("*.py")), *sorted((ROOT / "reports" / "templates").glob("*"))]
KEY = re.compile(r"""["'](reports\.[a-z0-9_.]+)["']""")
DYNAMIC = re.compile(r"""["'](reports\.[a-z0-9_.]+\.)["']\s*~|f["'](reports\.[a-z0-9_.]+\.)\{""")


def _own_keys() -> dict[str, dict[str, str]]:
    data = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_every_reports_key_has_fr_nl_en() -> None:
    problems = []
    for key, texts in _own_keys().items():
        if not key.startswith("reports."):
            problems.append(f"{key}: not prefixed reports.")
            continue
        for lang in LANGS:
            if not isinstance(texts, dict) or not str(texts.get(lang) or "").strip():
                problems.append(f"{key}: no {lang}")
    assert not problems, problems


def test_placeholders_agree_between_languages() -> None:
    for key, texts in _own_keys().items():
        found = {lang: set(re.findall(r"\{(\w+)\}", texts[lang])) for lang in LANGS}
        assert found["fr"] == found["nl"] == found["en"], (key, found)


def test_every_key_used_by_the_formats_exists() -> None:
    known = set(catalog())
    used: set[str] = set()
    prefixes: set[str] = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        used |= {k for k in KEY.findall(text) if not k.endswith(".")}
        prefixes |= {a or b for a, b in DYNAMIC.findall(text)}
    assert used, "no key found: the scan is broken"
    missing = sorted(used - known)
    assert not missing, missing
    for prefix in prefixes:  # keys built at run time, e.g. "reports.baseline." ~ row.baseline
        assert any(k.startswith(prefix) for k in known), prefix


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_renders_every_question_title(report: AuditReport, lang: str) -> None:
    options = FormatOptions(lang)
    html = HtmlFormat().render(report, options).decode("utf-8")
    markdown = MarkdownFormat().render(report, options).decode("utf-8")
    wb = openpyxl.load_workbook(io.BytesIO(XlsxFormat().render(report, options)))
    cells = {c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row}
    buffer = io.StringIO()
    print_report(report, Console(file=buffer, width=200), options)
    terminal = buffer.getvalue()
    for q in report.checklist.questions:
        title = q.title[lang]
        assert str(escape(title)) in html, (lang, title)
        assert md_escape(title) in markdown, (lang, title)
        assert title in cells, (lang, title)
        assert title in terminal, (lang, title)
        assert str(escape(q.remediation[lang])) in html


def test_keys_built_from_column_names_exist() -> None:
    from piis_audit.formats.xlsx import COLUMNS

    known = set(catalog())
    keys = [f"reports.col.{k}" for k in (*COLUMNS, "file", "table", "row", "column", "value", "message")]
    assert [k for k in keys if k not in known] == []


# -- the default language, from the environment's locale


@pytest.mark.parametrize(("environ", "lang"), [
    ({"LANG": "fr_BE.UTF-8"}, "fr"),
    ({"LANG": "nl_BE.UTF-8"}, "nl"),
    ({"LANG": "nl_BE@euro"}, "nl"),
    ({"LANG": "de_DE.UTF-8"}, "en"),
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LC_ALL": "fr_BE.UTF-8", "LANG": "nl_BE.UTF-8"}, "fr"),  # LC_ALL first, as POSIX says
    ({"LC_ALL": "C.UTF-8", "LANG": "nl_BE.UTF-8"}, "nl"),  # C says nothing: the next setting
    ({"LC_ALL": "POSIX", "LANGUAGE": "fr:en"}, "fr"),
    ({"LANG": "C"}, "en"),
    ({}, "en"),
])
def test_default_lang_from_the_environment(environ: dict[str, str], lang: str) -> None:
    from piis_audit.i18n.render import default_lang

    assert default_lang(environ) == lang


@pytest.mark.parametrize(("windows_locale", "lang"), [
    ("Dutch_Belgium", "nl"), ("Dutch_Netherlands", "nl"), ("French_Belgium", "fr"),
    ("German_Germany", "en"), ("English_United Kingdom", "en"),
])
def test_default_lang_from_a_windows_locale_name(monkeypatch: pytest.MonkeyPatch, windows_locale: str,
                                                 lang: str) -> None:
    import locale

    from piis_audit.i18n.render import default_lang

    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):  # Windows sets none of these
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(locale, "getlocale", lambda *args: (windows_locale, "1252"))
    assert default_lang() == lang
