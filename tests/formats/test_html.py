"""The HTML report without a browser: self-contained, escaped, ordered, redacted."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import html as html_module
import json
import re
from html.parser import HTMLParser
from types import SimpleNamespace
from typing import Any

import pytest
from markupsafe import escape

from piis_audit.formats.html import HtmlFormat
from piis_audit.formats.interface import FormatOptions
from piis_audit.formats.rows import result_rows
from piis_audit.model import AuditReport


def _render(report: AuditReport, lang: str = "en", redact: bool = False) -> str:
    return HtmlFormat().render(report, FormatOptions(lang, redact)).decode("utf-8")


class _Collector(HTMLParser):
    """Every start tag with its attributes, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


def _parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def test_self_contained(report: AuditReport) -> None:
    html = _render(report)
    parsed = _parse(html)
    for tag, attrs in parsed.tags:
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            value = attrs.get(name) or ""
            assert not re.match(r"\s*(https?:)?//", value), (tag, name, value)
        if tag == "link":
            pytest.fail(f"external stylesheet or resource: {attrs}")
        if tag == "script":
            assert "src" not in attrs
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", html)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html)


def test_csp_allows_only_the_inline_script_and_style(report: AuditReport) -> None:
    html = _render(report)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp is not None
    policy = html_module.unescape(csp.group(1))
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    code = next(text for attrs, text in _parse(html).scripts if "type" not in attrs)
    digest = base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    assert style is not None
    style_digest = base64.b64encode(hashlib.sha256(style.group(1).encode("utf-8")).digest()).decode()
    assert f"style-src 'sha256-{style_digest}'" in policy
    assert ' style="' not in html  # inline style attributes would be blocked by the policy


def test_hostile_text_is_escaped(report: AuditReport, canned: SimpleNamespace) -> None:
    html = _render(report)
    for hostile in canned.HOSTILE:
        if hostile.startswith(("<", '"')):
            assert hostile not in html
    assert str(escape(canned.SCRIPT)) in html  # shown, as text
    assert str(escape(canned.IMG)) in html
    parsed = _parse(html)
    scripts = [attrs for tag, attrs in parsed.tags if tag == "script"]
    assert len(scripts) == 2  # the JSON block and our code, nothing injected
    assert not [tag for tag, _ in parsed.tags if tag == "img"]
    assert not [(tag, attrs) for tag, attrs in parsed.tags if any(k.startswith("on") for k in attrs)]


def test_embedded_json_is_escaped_and_complete(report: AuditReport, canned: SimpleNamespace) -> None:
    html = _render(report)
    blocks = [text for attrs, text in _parse(html).scripts if attrs.get("type") == "application/json"]
    assert len(blocks) == 1
    raw = blocks[0]
    assert "<" not in raw and ">" not in raw and "&" not in raw
    data = json.loads(raw)
    assert [c[0] for c in data["cases"]] == [cr.case.case_id for cr in report.cases]
    assert canned.SCRIPT in data["strings"] or canned.SCRIPT in data["workers"] + data["offices"]
    assert len(data["details"]) == len(report.cases)
    assert all(len(c[4]) == len(report.checklist.questions) for c in data["cases"])
    assert data["cases"][0][4] == "1121"  # D0001: fail, fail, pending, fail
    assert data["cases"][1][4] == "6043"  # D0002: waived fail, pass, missing data, not applicable
    assert data["cases"][0][5] == 131420  # money at risk in cents


def test_order_follows_the_integrated_inspection_report(report: AuditReport) -> None:
    html = _render(report)
    positions = [html.index(f'id="{anchor}"') for anchor in
                 ("analysis", "h-results", "h-recommendations", "annexes", "heatmap", "control", "data-quality")]
    assert positions == sorted(positions)
    annexes = [html.index(f'id="q-{q.id}"') for q in report.checklist.questions]
    assert annexes == sorted(annexes)


def test_header_and_summary(report: AuditReport) -> None:
    html = _render(report)
    for text in ("export.xlsx", "26/11/2026", "spp-is-piis 2026.1", "26/11/2026 09:30", "piis-audit 0.1.0",
                 "1.445,62 €", "40,0 %"):
        assert text in html
    recommendations = html[html.index('id="h-recommendations"'):html.index('id="annexes"')]
    order = [recommendations.index(f"Fix {t}") for t in
             ("signed by the parties", "increased subsidy conditions", "concluded within the deadline")]
    assert order == sorted(order)
    assert "Act 26/05/2002 art. 43/2" in html and "Wording for deadline" in html
    assert "loi 26/05/2002" not in html  # the legal basis is written in the report's language


def test_accessible_markup(report: AuditReport) -> None:
    html = _render(report)
    parsed = _parse(html)
    assert '<html lang="en">' in html
    ids = {attrs.get("id") for _, attrs in parsed.tags}
    for _, attrs in parsed.tags:
        if "for" in attrs:
            assert attrs["for"] in ids  # every label names a real control
    for tag, attrs in parsed.tags:
        if tag in ("input", "select"):
            assert any(a.get("for") == attrs.get("id") for t, a in parsed.tags if t == "label"), attrs
    header_cells = [attrs for tag, attrs in parsed.tags if tag == "th"]
    assert header_cells and all("scope" in a for a in header_cells)
    assert "@media print" in html and "size: A4" in html


def test_redact(report: AuditReport, canned: SimpleNamespace) -> None:
    html = _render(report, redact=True)
    for secret in ("Marie Lambert", "Jan Peeters", canned.NISS, "17/05/1990", "31/02/1990"):
        assert secret not in html
        assert secret in _render(report)  # ... and was there before
    data = json.loads(next(t for a, t in _parse(html).scripts if a.get("type") == "application/json"))
    assert data["redacted"] is True and all(c[1] == "" and c[6] == [] for c in data["cases"])


@pytest.mark.parametrize("lang", ["en", "fr", "nl"])
def test_languages(report: AuditReport, lang: str) -> None:
    html = _render(report, lang)
    assert f'<html lang="{lang}">' in html
    heading = {"en": "General analysis", "fr": "Analyse générale", "nl": "Algemene analyse"}[lang]
    assert heading in html


_NAME = re.compile(r"\{([A-Za-z0-9_]+)\}")


def _decode(ref: Any, strings: list[str]) -> str:
    """What report.js does with a reason or note reference."""
    if isinstance(ref, int):
        return strings[ref] if ref else ""
    template = strings[ref[0]]
    names = list(dict.fromkeys(_NAME.findall(template)))
    return _NAME.sub(lambda m: strings[ref[1 + names.index(m.group(1))]], template)


def _data(html: str) -> dict[str, Any]:
    block = next(t for a, t in _parse(html).scripts if a.get("type") == "application/json")
    data: dict[str, Any] = json.loads(block)
    return data


def _check_details_match_rows(report: AuditReport, lang: str) -> None:
    data = _data(_render(report, lang))
    strings = data["strings"]
    rows = iter(result_rows(report, lang))
    for per_question in data["details"]:
        for detail in per_question:
            row = next(rows)
            detail = detail or []
            assert _decode(detail[0] if detail else 0, strings) == row.reason
            assert [_decode(n, strings) for n in (detail[1] if len(detail) > 1 else [])] == list(row.notes)
            evidence = detail[2] if len(detail) > 2 else []
            pairs = zip(evidence[::2], evidence[1::2], strict=True)
            assert [(strings[k], strings[v]) for k, v in pairs] == list(row.evidence)


@pytest.mark.parametrize("lang", ["en", "fr", "nl"])
def test_compact_details_decode_to_the_rows(report: AuditReport, lang: str) -> None:
    """The embedded data says exactly what the other formats say (same reasons, notes, values)."""
    _check_details_match_rows(report, lang)


def test_unusual_templates_are_embedded_as_rendered_text(report: AuditReport) -> None:
    deadline = report.checklist.by_id["deadline"]
    reasons = {**deadline.reasons, "late": {"en": "{days!s:>5} days late {{not a field}} ({signed})",
                                            "fr": "x", "nl": "x"}}
    questions = tuple(dataclasses.replace(q, reasons=reasons) if q.id == "deadline" else q
                      for q in report.checklist.questions)
    checklist = dataclasses.replace(report.checklist, questions=questions, by_id={})
    patched = dataclasses.replace(report, checklist=checklist)
    # A conversion or format specification is never applied (checklist lint refuses it): the
    # placeholder stays as written; escaped braces and plain names are filled.
    assert next(result_rows(patched, "en")).reason == "{days!s:>5} days late {not a field} (01/03/2026)"
    _check_details_match_rows(patched, "en")


def test_strings_are_numbered_by_frequency(report: AuditReport) -> None:
    data = _data(_render(report))
    counts: dict[int, int] = {}

    def walk(value: Any) -> None:
        if isinstance(value, int):
            counts[value] = counts.get(value, 0) + 1
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(data["details"])
    walk([c[6] for c in data["cases"]])
    counts.pop(0, None)
    assert set(counts) == set(range(1, len(data["strings"])))  # every string is used, none is missing
    ordered = [counts[i] for i in range(1, len(data["strings"]))]
    assert ordered == sorted(ordered, reverse=True)


def test_annex_lists_are_capped(report: AuditReport, monkeypatch: pytest.MonkeyPatch) -> None:
    import piis_audit.formats.html as html_format

    monkeypatch.setattr(html_format, "ANNEX_CAP", 1)
    html = _render(report)
    annex = html[html.index('id="q-signatures"'):html.index('id="q-evaluations"')]
    assert "The first 1 of 2 failing cases are listed" in annex
    assert annex.count('<th scope="row">D000') == 1


def test_stale_waivers_are_listed(report: AuditReport) -> None:
    waiver = report.cases[1].results[0].waiver
    assert waiver is not None
    html = _render(dataclasses.replace(report, expired_waivers=(waiver,)))
    section = html[html.index('id="h-waivers"'):]
    assert "expired: D0002 / deadline" in section and "01/01/2027" in section
    assert 'id="h-waivers"' not in _render(report)
