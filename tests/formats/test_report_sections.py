"""The sample, baseline and waiver sections of the HTML and Markdown reports, and the field
labels of the HTML case detail."""

from __future__ import annotations

import dataclasses
import json
import re
from types import SimpleNamespace
from typing import Any

import pytest
from markupsafe import escape

from piis_audit.formats.baseline_view import baseline_view
from piis_audit.formats.html import HtmlFormat
from piis_audit.formats.interface import FormatOptions
from piis_audit.formats.markdown import MarkdownFormat, md_escape
from piis_audit.formats.sample_table import sample_view
from piis_audit.model import AuditReport, CaseReport
from piis_audit.workflows.sampling import SampleSpec, sample_statistics

FINGERPRINT = "ab12cd34ef56ab78" + "9" * 48  # the sampled export; the canned export is "0" * 64


def _html(report: AuditReport, lang: str = "en") -> str:
    return HtmlFormat().render(report, FormatOptions(lang)).decode("utf-8")


def _md(report: AuditReport, lang: str = "en") -> str:
    return MarkdownFormat().render(report, FormatOptions(lang)).decode("utf-8")


def _sample(**changes: Any) -> dict[str, Any]:
    """A sample as sample_statistics() writes it, numbers chosen by hand."""
    sample: dict[str, Any] = {
        "seed": 7, "size": 60, "population": 400, "export_fingerprint": FINGERPRINT,
        "fingerprint_matches": True, "confidence": 0.95, "tolerable_rate": 0.05,
        "expected_deviations": 0, "stratify": None, "audited_cases": 60, "missing_case_ids": [],
        "questions": [
            {"question": "deadline", "sample_size": 59, "deviations": 0, "waived_deviations": 0,
             "pending": 1, "not_applicable": 0, "missing_data": 0,
             "upper_deviation_limit": 0.049505, "below_tolerable_rate": True},
            {"question": "signatures", "sample_size": 2, "deviations": 1, "waived_deviations": 1,
             "pending": 0, "not_applicable": 50, "missing_data": 8,
             "upper_deviation_limit": 0.974679, "below_tolerable_rate": False},
            {"question": "evaluations", "sample_size": 0, "deviations": 0, "waived_deviations": 0,
             "pending": 0, "not_applicable": 60, "missing_data": 0,
             "upper_deviation_limit": None, "below_tolerable_rate": None},
        ],
    }
    sample.update(changes)
    return sample


def _section(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    return html[start:html.index("</section>", start)]


def _row(section: str, question: str) -> list[str]:
    """The cells of the sample table's row for ``question``, tags removed."""
    match = re.search(rf'<tr data-question="{re.escape(question)}">(.*?)</tr>', section, re.S)
    assert match is not None, question
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", match.group(1), re.S)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in cells]


def _no_baseline(report: AuditReport) -> AuditReport:
    cases = tuple(dataclasses.replace(cr, results=tuple(dataclasses.replace(r, baseline=None)
                                                        for r in cr.results)) for cr in report.cases)
    return dataclasses.replace(report, cases=cases)


# --------------------------------------------------------------------------- sample, HTML


def test_html_sample_section_in_the_general_analysis(report: AuditReport) -> None:
    html = _html(dataclasses.replace(report, sample=_sample()))
    assert html.index('id="h-recommendations"') < html.index('id="h-sample"') < html.index('id="annexes"')
    section = _section(html, "sample")
    assert "1.3 Sample" in section
    for text in ("<dd>7</dd>", "<dd>400</dd>", "<dd>60 / 60</dd>", "<dd>95,0 %</dd>", "<dd>5,0 %</dd>",
                 "<code>ab12cd34ef56ab78</code>"):
        assert text in section, text
    assert FINGERPRINT[:17] not in html  # 16 characters shown, not the whole hash
    assert _row(section, "deadline") == ["Concluded within the deadline", "59", "0", "1", "4,95 %", "below 5,0 %"]
    signatures = _row(section, "signatures")
    assert signatures[:2] == ["Signed by the parties", "2"] and signatures[2].startswith("1")
    assert "1 waived" in signatures[2]
    assert signatures[3:] == ["58", "97,47 %", "not below 5,0 %"]
    assert _row(section, "evaluations")[4:] == ["—", "—"]  # nothing tested: no limit, no conclusion
    assert 'class="warning"' not in section
    assert '<a href="#sample">60 cases of 400, seed 7</a>' in html  # the header points to it


def test_html_sample_warnings(report: AuditReport, canned: SimpleNamespace) -> None:
    missing = [canned.SCRIPT, "D0404"]
    html = _html(dataclasses.replace(report, sample=_sample(fingerprint_matches=False, missing_case_ids=missing)))
    section = _section(html, "sample")
    warnings = re.findall(r'<p class="warning"[^>]*>(.*?)</p>', section, re.S)
    assert len(warnings) == 2
    assert "not the one the sample was drawn from" in warnings[0]
    assert "ab12cd34ef56ab78" in warnings[0] and "0" * 16 in warnings[0]  # sampled vs this export
    assert "2 sampled case(s) are not in this export" in warnings[1]
    assert str(escape(canned.SCRIPT)) in warnings[1] and "D0404" in warnings[1]
    assert canned.SCRIPT not in html


def test_html_sample_from_sample_statistics(report: AuditReport) -> None:
    """The dict the workflow really builds, over the canned cases."""
    ids = tuple(cr.case.case_id for cr in report.cases)
    spec = SampleSpec(seed=3, size=len(ids), population=50, export_fingerprint=report.export.fingerprint,
                      confidence=0.95, case_ids=ids, tolerable_rate=0.1)
    section = _section(_html(dataclasses.replace(report, sample=sample_statistics(report, spec))), "sample")
    deadline = _row(section, "deadline")  # pass, pass, fail, fail (one waived), pending
    assert deadline[1:4] == ["4", "2 (1 waived)", "1"]
    # every tested case failed or could not be decided (a deviation too): the upper deviation
    # limit is 100 %, whatever the confidence
    assert _row(section, "increased-subsidy")[1:] == ["3", "3", "3", "100,00 %", "not below 10,0 %"]
    assert 'class="warning"' not in section


def test_html_without_sample_has_no_sample_section(report: AuditReport) -> None:
    html = _html(report)
    assert 'id="sample"' not in html and 'href="#sample"' not in html
    assert sample_view(report, "en") is None


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_html_sample_translated(report: AuditReport, lang: str) -> None:
    section = _section(_html(dataclasses.replace(report, sample=_sample()), lang), "sample")
    heading = {"fr": "Échantillon", "nl": "Steekproef"}[lang]
    conclusion = {"fr": "sous 5,0 %", "nl": "onder 5,0 %"}[lang]
    assert heading in section and _row(section, "deadline")[-1] == conclusion


# --------------------------------------------------------------------------- sample, Markdown


def test_markdown_sample_table(report: AuditReport) -> None:
    text = _md(dataclasses.replace(report, sample=_sample()))
    block = text.split("### Sample", 1)[1]
    assert "60 cases of 400, seed 7" in block and "Confidence: 95,0 %" in block
    assert "Tolerable deviation rate: 5,0 %" in block and "ab12cd34ef56ab78" in block
    assert FINGERPRINT[:17] not in text
    assert "| Concluded within the deadline | 59 | 0 | 1 | 4,95 % | below 5,0 % |" in block
    assert "| Signed by the parties | 2 | 1 | 58 | 97,47 % | not below 5,0 % |" in block
    assert "| Three evaluations a year | 0 | 0 | 60 | — | — |" in block
    assert "> **" not in block


def test_markdown_sample_warnings_escaped(report: AuditReport, canned: SimpleNamespace) -> None:
    text = _md(dataclasses.replace(report, sample=_sample(fingerprint_matches=False,
                                                          missing_case_ids=[canned.SCRIPT])))
    warnings = [line for line in text.splitlines() if line.startswith("> **")]
    assert len(warnings) == 2
    assert "not the one the sample was drawn from" in warnings[0]
    assert md_escape(canned.SCRIPT) in warnings[1] and "<script>" not in text


def test_markdown_without_sample(report: AuditReport) -> None:
    assert "### Sample" not in _md(report)


# --------------------------------------------------------------------------- baseline


def _resolved(canned: SimpleNamespace) -> tuple[dict[str, str], ...]:
    return ({"fingerprint": "1" * 64, "question": "evaluations", "case_id": "D0009", "verdict": "fail",
             "reason_key": "short"},
            {"fingerprint": "2" * 64, "question": "retired-question", "case_id": canned.SCRIPT,
             "verdict": "missing_data", "reason_key": "common.missing.empty"})


def test_html_baseline_counts_and_resolved(report: AuditReport, canned: SimpleNamespace) -> None:
    # The canned report marks one finding new (D0001 deadline) and one known (D0001 signatures).
    html = _html(dataclasses.replace(report, resolved_findings=_resolved(canned)))
    assert html.index('id="h-recommendations"') < html.index('id="h-baseline"') < html.index('id="annexes"')
    section = _section(html, "baseline")
    counts = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", section))
    assert counts == {"New findings": "1", "Known findings": "1", "Resolved findings": "2"}
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th><td>(.*?)</td><td>(.*?)</td></tr>", section)
    assert [(re.sub(r"<[^>]+>", "", q), c, v) for q, c, v in rows] == [
        ("Three evaluations a year evaluations", "D0009", "fail"),
        ("retired-question retired-question", str(escape(canned.SCRIPT)), "missing data")]
    assert canned.SCRIPT not in html


def test_html_baseline_known_only_when_applied(report: AuditReport) -> None:
    plain = _no_baseline(report)
    assert 'id="baseline"' not in _html(plain) and baseline_view(plain, "en") is None
    section = _section(_html(report), "baseline")  # marks, nothing resolved: counts, no list
    assert "<dd>0</dd>" in section and "<table" not in section


def test_markdown_baseline(report: AuditReport, canned: SimpleNamespace) -> None:
    text = _md(dataclasses.replace(report, resolved_findings=_resolved(canned)))
    block = text.split("### Comparison with the baseline", 1)[1]
    assert "**New findings**: 1 · **Known findings**: 1 · **Resolved findings**: 2" in block
    assert "- Three evaluations a year — D0009 (fail)" in block
    assert f"- retired-question — {md_escape(canned.SCRIPT)} (missing data)" in block
    assert "<script>" not in text
    assert "Comparison with the baseline" not in _md(_no_baseline(report))


# --------------------------------------------------------------------------- waivers


def test_markdown_stale_waivers(report: AuditReport, canned: SimpleNamespace) -> None:
    assert "Waivers not used or expired" not in _md(report)
    waiver = report.cases[1].results[0].waiver
    assert waiver is not None
    expired = dataclasses.replace(waiver, case_id="D0009")
    text = _md(dataclasses.replace(report, unused_waivers=(waiver,), expired_waivers=(expired,)))
    block = text.split("**Waivers not used or expired**", 1)[1]
    assert "- not used: D0002 / deadline — Agreed with the inspector" in block
    assert "- expired: D0009 / deadline" in block and "(Head of service, 01/01/2027)" in block
    assert md_escape(canned.SCRIPT) in block and "<script>" not in text


def test_html_waivers_both_kinds(report: AuditReport) -> None:
    waiver = report.cases[1].results[0].waiver
    assert waiver is not None
    html = _html(dataclasses.replace(report, unused_waivers=(waiver,),
                                     expired_waivers=(dataclasses.replace(waiver, case_id="D0009"),)))
    section = html[html.index('id="h-waivers"'):]
    assert "not used: D0002 / deadline" in section and "expired: D0009 / deadline" in section


# --------------------------------------------------------------------------- field labels in HTML


def _data(html: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S)
    assert match is not None
    data: dict[str, Any] = json.loads(match.group(1))
    return data


@pytest.mark.parametrize(("lang", "label"), [("fr", "Date de signature du PIIS"),
                                             ("nl", "Datum ondertekening GPMI"),
                                             ("en", "PIIS signature date")])
def test_case_detail_carries_translated_field_labels(report: AuditReport, lang: str, label: str) -> None:
    fields = _data(_html(report, lang))["fields"]
    assert fields["piis_signed_date"] == label
    used = {k for cr in report.cases for r in cr.results for k in r.evidence}
    assert set(fields) == used  # a label for every name the details use, nothing more


def test_unknown_evidence_key_keeps_its_name(report: AuditReport) -> None:
    first: CaseReport = report.cases[0]
    odd = dataclasses.replace(first.results[0], evidence={"local_column_x": "1", "result:deadline": "fail"})
    patched = dataclasses.replace(report, cases=(dataclasses.replace(first, results=(odd, *first.results[1:])),
                                                 *report.cases[1:]))
    fields = _data(_html(patched))["fields"]
    assert fields["local_column_x"] == "local_column_x"
    assert fields["result:deadline"] == "Result of question 1"  # the number, never the id


def test_missing_columns_named_with_labels(report: AuditReport) -> None:
    html = _html(report, "fr")
    section = html[html.index('id="missing-columns"'):html.index('id="h-missing-columns"') + 2000]
    assert 'Début de la subvention majorée <code class="field-name">subsidy_increase_start_date</code>' in section
