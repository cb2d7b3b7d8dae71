"""JUnit XML (``-o report.xml``) for the test-report views of GitLab and Jenkins.

One ``<testsuite>`` per question (named by its stable id), one ``<testcase>`` per case (named by
its case id, ``classname`` = question id). ``fail`` -> ``<failure>``, ``missing_data`` ->
``<error>``, ``not_applicable`` -> ``<skipped/>``, ``pending`` passes with a ``<system-out>``
note. A waived result is ``<skipped>`` with the waiver as message: the exception was accepted,
so a CI job does not fail on it, and it is not counted as a failure. The counts in the attributes
are the counts of those elements, as both CI systems expect. The layout follows the widely used
``junit-10.xsd`` (Jenkins xunit plugin), which ``tests/formats/junit.xsd`` restates.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from piis_audit.formats.cells import xml_safe
from piis_audit.formats.interface import FormatOptions, ReportFormat
from piis_audit.formats.rows import Row, prepare, result_rows
from piis_audit.i18n.render import colon, format_date, format_money, ui
from piis_audit.model import AuditReport, Verdict


class JunitFormat(ReportFormat):
    extension = ".xml"
    description = "JUnit XML for GitLab / Jenkins test reports"

    def render(self, report: AuditReport, options: FormatOptions) -> bytes:
        lang = options.lang
        report = prepare(report, options)
        by_question: dict[str, list[Row]] = {q.id: [] for q in report.checklist.questions}
        for row in result_rows(report, lang):
            by_question.setdefault(row.question, []).append(row)

        root = ET.Element("testsuites", name="piis-audit")
        totals = {"tests": 0, "failures": 0, "errors": 0}
        timestamp = report.generated_at.replace(tzinfo=None, microsecond=0).isoformat()
        for qid, rows in by_question.items():
            suite = ET.SubElement(root, "testsuite", name=qid, timestamp=timestamp, time="0")
            counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
            q = report.checklist.by_id.get(qid)
            props = ET.SubElement(suite, "properties")
            _property(props, "title", rows[0].question_title if rows else qid)
            for basis in ([] if q is None else q.legal_basis):
                _property(props, "legal_basis", basis)
            for row in rows:
                kind = _testcase(suite, row, lang)
                counts["tests"] += 1
                if kind:
                    counts[kind] += 1
            for key, value in counts.items():
                suite.set(key, str(value))
            for key in totals:
                totals[key] += counts[key]
        for key, value in totals.items():
            root.set(key, str(value))
        root.set("time", "0")
        ET.indent(root)
        data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
        return data


def _property(parent: ET.Element, name: str, value: str) -> None:
    ET.SubElement(parent, "property", name=name, value=xml_safe(value))


def _testcase(suite: ET.Element, row: Row, lang: str) -> str | None:
    """Append the test case; return which counter it adds to (failures/errors/skipped) or None."""
    case = ET.SubElement(suite, "testcase", name=xml_safe(row.case_id), classname=row.question, time="0")
    message = xml_safe(row.reason or row.verdict_label)
    if row.waived:
        ET.SubElement(case, "skipped", message=xml_safe(
            f"{ui('reports.waived', lang)} ({row.verdict.value}){colon(lang)}{row.waiver}"))
        return "skipped"
    if row.verdict is Verdict.FAIL:
        ET.SubElement(case, "failure", message=message, type="fail").text = _details(row, lang)
        return "failures"
    if row.verdict is Verdict.MISSING_DATA:
        ET.SubElement(case, "error", message=message, type="missing_data").text = _details(row, lang)
        return "errors"
    if row.verdict is Verdict.NOT_APPLICABLE:
        ET.SubElement(case, "skipped", message=message)
        return "skipped"
    if row.verdict is Verdict.PENDING:
        ET.SubElement(case, "system-out").text = f"{row.verdict_label}{colon(lang)}{_details(row, lang)}"
    return None


def _details(row: Row, lang: str) -> str:
    """The body of a failure/error: what a reviewer needs without opening the HTML report."""
    sep = colon(lang)
    lines: list[str] = [row.reason]
    lines += [f"{ui('reports.col.notes', lang)}{sep}{n}" for n in row.notes]
    if row.due_date is not None:
        lines.append(f"{ui('reports.col.due_date', lang)}{sep}{format_date(row.due_date)}")
    lines += _kv(row.evidence)
    if row.money_at_risk is not None:
        lines.append(f"{ui('reports.col.money_at_risk', lang)}{sep}{format_money(row.money_at_risk)}")
    if row.legal_basis:
        lines.append(f"{ui('reports.col.legal_basis', lang)}{sep}{'; '.join(row.legal_basis)}")
    if row.baseline:
        lines.append(f"{ui('reports.col.baseline', lang)}{sep}{ui(f'reports.baseline.{row.baseline}', lang)}")
    return xml_safe("\n".join(lines))


def _kv(pairs: Iterable[tuple[str, str]]) -> list[str]:
    return [f"{k}: {v}" for k, v in pairs]
