"""Markdown summary: totals, per-question table, top failures, escaped case data."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest

from piis_audit.formats.interface import FormatOptions
from piis_audit.formats.markdown import MarkdownFormat, md_escape
from piis_audit.model import AuditReport


def _render(report: AuditReport, lang: str = "en", redact: bool = False) -> str:
    return MarkdownFormat().render(report, FormatOptions(lang, redact)).decode("utf-8")


def test_summary_contents(report: AuditReport) -> None:
    text = _render(report)
    assert text.startswith("## PIIS inspection report — export.xlsx")
    assert "**Cases audited**: 5" in text
    assert "**Subsidy at risk (estimate)**: 1.445,62 €" in text
    assert "**Overall compliance**: 40,0 %" in text  # 6 ÷ (6 + 7 + 2): missing data counts against it
    assert "**Not decided (missing data)**: 2 (1 without a column, 1 empty)" in text
    assert "As of: 26/11/2026" in text
    table = [line for line in text.splitlines() if line.startswith("| ")]
    assert len(table) == 1 + len(report.checklist.questions) + 1  # header, questions, total
    assert table[1].startswith("| Concluded within the deadline | 2 | 1 | 1 | 0 | 0 | 1 | 50,0 % |")
    top = text.split("### Top failures", 1)[1]
    assert top.index("Signed by the parties") < top.index("Concluded within the deadline")
    assert "Fix signed by the parties" in top  # the remediation hint


def test_case_data_is_escaped(report: AuditReport, canned: SimpleNamespace) -> None:
    """A hostile case id among the top failures can neither inject HTML nor break the table."""
    hostile_id = canned.SCRIPT + "|" + canned.IMG
    third = report.cases[2]
    renamed = dataclasses.replace(third, case=dataclasses.replace(third.case, case_id=hostile_id))
    text = _render(dataclasses.replace(report, cases=(*report.cases[:2], renamed, *report.cases[3:])))
    assert "<script>" not in text and "<img" not in text
    assert '&lt;script&gt;alert(1)&lt;/script&gt;\\|"&gt;&lt;img src=x onerror=alert(1)&gt;' in text


@pytest.mark.parametrize(("raw", "escaped"), [
    ("a|b", "a\\|b"),
    ("<script>", "&lt;script&gt;"),
    ("*bold* _x_", "\\*bold\\* \\_x\\_"),
    ("line\nbreak", "line break"),
    ("[link](http://x)", "\\[link\\](http://x)"),
    ("`code` ~~x~~ a\\b", "\\`code\\` \\~\\~x\\~\\~ a\\\\b"),
])
def test_md_escape(raw: str, escaped: str) -> None:
    assert md_escape(raw) == escaped
