"""SARIF 2.1.0 (``-o report.sarif``): minimal, for code-scanning style dashboards.

One rule per question (id = question id), one result per ``fail`` (level ``error``) and per
``missing_data`` (level ``warning``), located in the export (the file and the case's row, as
a physical location) and by a logical location named after the case id. A
waived result carries an external suppression with the waiver's justification; a ``--baseline``
state maps to SARIF's ``baselineState`` (new / unchanged).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from piis_audit.formats.interface import FormatOptions, ReportFormat
from piis_audit.formats.rows import prepare, result_rows
from piis_audit.i18n.legal import legal_bases
from piis_audit.model import AuditReport, Verdict

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"  # an identifier, never fetched
LEVELS: dict[Verdict, str] = {Verdict.FAIL: "error", Verdict.MISSING_DATA: "warning"}
BASELINE_STATE: dict[str, str] = {"new": "new", "known": "unchanged"}


def physical_location(source: str, row: int) -> dict[str, Any]:
    """The export file and the case's row there: a relative path stays relative (a viewer
    resolves it against the checkout), an absolute one becomes a ``file:`` URI."""
    path = Path(source)
    uri = path.as_uri() if path.is_absolute() else path.as_posix()
    return {"artifactLocation": {"uri": uri}, "region": {"startLine": row}}


class SarifFormat(ReportFormat):
    extension = ".sarif"
    description = "SARIF 2.1.0 (fail and missing_data results)"

    def render(self, report: AuditReport, options: FormatOptions) -> bytes:
        lang = options.lang
        report = prepare(report, options)
        questions = list(report.checklist.questions)
        index = {q.id: i for i, q in enumerate(questions)}
        rules = [{
            "id": q.id,
            "name": q.id,
            "shortDescription": {"text": str(q.title.get(lang) or q.title.get("en", q.id))},
            "help": {"text": str(q.remediation.get(lang) or q.remediation.get("en", ""))},
            "defaultConfiguration": {"level": "error"},
            "properties": {"legal_basis": list(legal_bases(q.legal_basis, lang)), "severity": q.severity},
        } for q in questions]
        results: list[dict[str, Any]] = []
        for row in result_rows(report, lang, verdicts=tuple(LEVELS)):
            result: dict[str, Any] = {
                "ruleId": row.question,
                "ruleIndex": index[row.question],
                "level": LEVELS[row.verdict],
                "message": {"text": row.reason or row.verdict_label},
                "locations": [{"physicalLocation": physical_location(row.source, row.source_row),
                               "logicalLocations": [{"name": row.case_id, "kind": "object"}]}],
                "properties": {"verdict": row.verdict.value, "social_worker": row.social_worker,
                               "office": row.office},
            }
            if row.waived:
                result["suppressions"] = [{"kind": "external", "justification": row.waiver}]
            if row.baseline is not None and row.baseline in BASELINE_STATE:
                result["baselineState"] = BASELINE_STATE[row.baseline]
            results.append(result)
        log = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "piis-audit", "version": report.tool_version, "rules": rules}},
                "results": results,
            }],
        }
        return (json.dumps(log, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
