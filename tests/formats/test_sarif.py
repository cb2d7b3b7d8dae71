"""SARIF 2.1.0: one rule per question, one result per fail / missing_data."""

from __future__ import annotations

import json
from typing import Any

from piis_audit.formats.interface import FormatOptions
from piis_audit.formats.sarif import SarifFormat
from piis_audit.model import AuditReport, Verdict


def _render(report: AuditReport, lang: str = "en", redact: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SarifFormat().render(report, FormatOptions(lang, redact)))
    return data


def test_minimal_valid_shape(report: AuditReport) -> None:
    log = _render(report)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "piis-audit" and driver["version"] == "0.1.0"
    assert [r["id"] for r in driver["rules"]] == [q.id for q in report.checklist.questions]
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"]
        (location,) = result["locations"]
        assert location["logicalLocations"][0]["name"]


def test_results_and_levels(report: AuditReport) -> None:
    results = _render(report)["runs"][0]["results"]
    totals = report.verdict_totals()
    assert len(results) == totals[Verdict.FAIL] + totals[Verdict.MISSING_DATA]
    assert sum(r["level"] == "error" for r in results) == totals[Verdict.FAIL]
    assert sum(r["level"] == "warning" for r in results) == totals[Verdict.MISSING_DATA]
    waived = [r for r in results if "suppressions" in r]
    assert len(waived) == 1 and waived[0]["locations"][0]["logicalLocations"][0]["name"] == "D0002"
    assert {r.get("baselineState") for r in results} >= {"new", "unchanged"}


def test_language(report: AuditReport) -> None:
    rules = _render(report, "nl")["runs"][0]["tool"]["driver"]["rules"]
    assert rules[0]["shortDescription"]["text"] == "Gesloten binnen de termijn"


def test_each_result_points_at_the_export_file_and_the_case_row(report: AuditReport, tmp_path: Any) -> None:
    """Code-scanning viewers open the file at the line: the export file and the case's row."""
    rows = {cr.case.case_id: (cr.case.source, cr.case.row) for cr in report.cases}
    results = _render(report)["runs"][0]["results"]
    assert results
    for result in results:
        (location,) = result["locations"]
        case_id = location["logicalLocations"][0]["name"]
        physical = location["physicalLocation"]
        source, row = rows[case_id]
        assert physical == {"artifactLocation": {"uri": source}, "region": {"startLine": row}}
    from piis_audit.formats.sarif import physical_location

    absolute = tmp_path / "exports" / "cases.csv"
    assert physical_location(str(absolute), 12) == {"artifactLocation": {"uri": absolute.as_uri()},
                                                    "region": {"startLine": 12}}
    assert physical_location("exports/cases.csv", 3)["artifactLocation"] == {
        "uri": "exports/cases.csv"}
