"""Markdown (``-o summary.md``): a short summary to paste in a merge-request comment or an e-mail.

Totals, the per-question table, the questions that fail most with a few case ids and the
remediation hint, and the money at risk. Case data is escaped: HTML characters become entities
(GitLab and GitHub render inline HTML) and Markdown punctuation is backslash-escaped, so a name
can neither inject markup nor break the table.
"""

from __future__ import annotations

import re
from collections import defaultdict

from piis_audit.formats.interface import FormatOptions, ReportFormat
from piis_audit.formats.rows import prepare, result_rows
from piis_audit.formats.summary import Overview, format_rate, overview
from piis_audit.i18n.render import format_date, format_money, format_value, ui
from piis_audit.model import VERDICT_ORDER, AuditReport, Verdict

TOP_QUESTIONS = 5  # questions listed under "top failures"
CASE_IDS_PER_QUESTION = 10

# Inline emphasis, code, links and table cells; "<" and ">" become entities. "#", "-", "+" only
# matter at the start of a line, which case data never is.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_escape(text: str) -> str:
    """``text`` safe inside Markdown, table cells included."""
    text = " ".join(text.split())  # a newline would end a table row
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


class MarkdownFormat(ReportFormat):
    extension = ".md"
    description = "Markdown summary for a merge request or an e-mail"

    def render(self, report: AuditReport, options: FormatOptions) -> bytes:
        lang = options.lang
        report = prepare(report, options)
        ov = overview(report, lang)
        blocks = [_header(report, lang), _totals(ov, lang), _table(ov, lang), _top_failures(report, ov, lang),
                  _missing_columns(report, lang)]
        return ("\n\n".join(b for b in blocks if b) + "\n").encode("utf-8")


def _header(report: AuditReport, lang: str) -> str:
    meta = " · ".join([
        f"{ui('reports.meta.as_of', lang)}: {format_date(report.as_of)}",
        f"{ui('reports.meta.checklist', lang)}: {md_escape(f'{report.checklist.id} {report.checklist.version}')}",
        f"{ui('reports.meta.generated', lang)}: {format_value(report.generated_at, lang)}",
        f"piis-audit {md_escape(report.tool_version)}",
    ])
    return f"## {md_escape(ui('reports.title', lang))} — {md_escape(report.export.label)}\n\n{meta}"


def _totals(ov: Overview, lang: str) -> str:
    return " · ".join(f"**{ui(key, lang)}**: {value}" for key, value in (
        ("reports.summary.cases", ov.cases),
        ("reports.summary.cases_with_fail", ov.cases_with_fail),
        ("reports.summary.compliance", format_rate(ov.compliance_rate)),
        ("reports.summary.rejected", ov.rejected),
        ("reports.summary.data_errors", ov.data_errors),
        ("reports.summary.money_at_risk", format_money(ov.money_at_risk)),
    ))


def _table(ov: Overview, lang: str) -> str:
    header = [ui("reports.col.question", lang), *[ui(f"common.verdict.{v.value}", lang) for v in VERDICT_ORDER],
              ui("reports.col.waived", lang), ui("reports.col.compliance", lang)]
    lines = ["| " + " | ".join(md_escape(h) for h in header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    for q in ov.questions:
        cells = [md_escape(q.title), *[str(q.counts[v]) for v in VERDICT_ORDER], str(q.waived),
                 format_rate(q.compliance_rate)]
        lines.append("| " + " | ".join(cells) + " |")
    totals = [f"**{md_escape(ui('reports.total', lang))}**", *[str(ov.counts[v]) for v in VERDICT_ORDER],
              str(ov.waived), format_rate(ov.compliance_rate)]
    lines.append("| " + " | ".join(totals) + " |")
    return "\n".join(lines)


def _top_failures(report: AuditReport, ov: Overview, lang: str) -> str:
    """The questions with the most open failures, a few case ids each, and what to do."""
    top = ov.recommendations()[:TOP_QUESTIONS]
    if not top:
        return ""
    failing: dict[str, list[str]] = defaultdict(list)
    for row in result_rows(report, lang, verdicts=(Verdict.FAIL,)):
        if not row.waived:
            failing[row.question].append(row.case_id)
    lines = [f"### {md_escape(ui('reports.section.top_failures', lang))}", ""]
    for i, q in enumerate(top, 1):
        ids = failing[q.id]
        shown = ", ".join(md_escape(c) for c in ids[:CASE_IDS_PER_QUESTION])
        if len(ids) > CASE_IDS_PER_QUESTION:
            shown += " " + md_escape(ui("reports.more", lang, count=len(ids) - CASE_IDS_PER_QUESTION))
        lines.append(f"{i}. **{md_escape(q.title)}** — {ui('reports.fail_count', lang, count=q.fails)}: {shown}")
        hint = str(q.question.remediation.get(lang) or q.question.remediation.get("en", ""))
        if hint:
            lines.append(f"   {md_escape(ui('reports.col.remediation', lang))}: {md_escape(hint)}")
    return "\n".join(lines)


def _missing_columns(report: AuditReport, lang: str) -> str:
    if not report.missing_columns:
        return ""
    listed = "; ".join(f"{md_escape(qid)} ({md_escape(', '.join(cols))})"
                       for qid, cols in report.missing_columns.items())
    return f"**{md_escape(ui('reports.section.missing_columns', lang))}**: {listed}"
