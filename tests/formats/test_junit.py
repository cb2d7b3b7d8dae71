"""JUnit XML: valid against the junit-10.xsd layout, counts that match the results."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest
import xmlschema

from piis_audit.formats.interface import FormatOptions
from piis_audit.formats.junit import JunitFormat
from piis_audit.model import AuditReport, Verdict

SCHEMA = xmlschema.XMLSchema(Path(__file__).with_name("junit.xsd"))


def _render(report: AuditReport, lang: str = "en", redact: bool = False) -> bytes:
    return JunitFormat().render(report, FormatOptions(lang, redact))


def _count(report: AuditReport, verdict: Verdict, *, waived: bool = False) -> int:
    return sum(1 for cr in report.cases for r in cr.results
               if r.verdict is verdict and (r.waiver is not None) == waived)


@pytest.mark.parametrize("lang", ["en", "fr", "nl"])
def test_validates_against_the_schema(report: AuditReport, lang: str) -> None:
    SCHEMA.validate(_render(report, lang).decode("utf-8"))


def test_the_schema_rejects_a_broken_count() -> None:
    """The XSD itself is strict enough to catch a wrong attribute."""
    assert not SCHEMA.is_valid('<testsuites><testsuite name="x" tests="two"/></testsuites>')


def test_counts(report: AuditReport) -> None:
    root = ET.fromstring(_render(report))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [q.id for q in report.checklist.questions]
    assert len(root.findall(".//failure")) == _count(report, Verdict.FAIL)  # open failures
    assert root.get("failures") == str(_count(report, Verdict.FAIL))
    assert root.get("errors") == str(_count(report, Verdict.MISSING_DATA)) == str(len(root.findall(".//error")))
    assert root.get("tests") == str(sum(len(cr.results) for cr in report.cases))
    for suite in suites:
        cases = suite.findall("testcase")
        assert suite.get("tests") == str(len(cases)) == str(len(report.cases))
        assert suite.get("failures") == str(len(suite.findall(".//failure")))
        assert suite.get("errors") == str(len(suite.findall(".//error")))
        assert suite.get("skipped") == str(len(suite.findall(".//skipped")))


def test_verdict_mapping(report: AuditReport) -> None:
    root = ET.fromstring(_render(report))

    def case(question: str, case_id: str) -> ET.Element:
        found = root.find(f"testsuite[@name='{question}']/testcase[@name='{case_id}']")
        assert found is not None
        return found

    failure = case("deadline", "D0001").find("failure")
    assert failure is not None and failure.get("type") == "fail"
    assert failure.get("message") == "signed 01/03/2026, 13 days after the deadline of 16/02/2026"
    assert "Act 26/05/2002 art. 11" in (failure.text or "")  # the legal basis in the report's language
    assert case("evaluations", "D0002").find("error") is not None  # missing_data
    assert case("increased-subsidy", "D0002").find("skipped") is not None  # not_applicable
    pending = case("evaluations", "D0001")
    assert pending.find("failure") is None and pending.find("error") is None
    assert "pending" in (pending.findtext("system-out") or "")
    assert list(case("deadline", "D0005")) == []  # pass: an empty test case
    waived = case("deadline", "D0002").find("skipped")  # a waived fail is skipped, not failed
    assert waived is not None and "waived" in (waived.get("message") or "")
    assert case("deadline", "D0002").find("failure") is None


def test_hostile_text_round_trips_as_text(report: AuditReport, canned: SimpleNamespace) -> None:
    root = ET.fromstring(_render(report))
    names = {tc.get("name") for tc in root.iter("testcase")}
    assert canned.FORMULA in names
    messages = [f.get("message") for f in root.iter("failure")]
    assert f"missing signature: {canned.SCRIPT}" in messages


def test_redact_drops_personal_values(report: AuditReport) -> None:
    text = _render(report, redact=True).decode("utf-8")
    assert "1990" not in text  # birth_date evidence is gone
    assert "17/05/1990" in _render(report).decode("utf-8")  # ... and was there before
