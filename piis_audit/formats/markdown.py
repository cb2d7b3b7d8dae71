"""Markdown (``-o summary.md``): a short summary to paste in a merge-request comment or an e-mail.

Totals, the per-question table, the questions that fail most with a few case ids and the
remediation hint, and the money at risk; then, when the audit had them, the inspector's sample
(per question: tested, deviations, upper deviation limit, conclusion), the comparison with a
baseline (new / known / resolved findings) and the waivers not used or expired. Case data is escaped: HTML characters become entities
(GitLab and GitHub render inline HTML) and Markdown punctuation is backslash-escaped, so a name
can neither inject markup nor break the table.
"""

from __future__ import annotations

import re
from collections import defaultdict

from piis_audit.formats.baseline_view import baseline_view
from piis_audit.formats.interface import FormatOptions, ReportFormat
from piis_audit.formats.rows import prepare, result_rows
from piis_audit.formats.sample_table import sample_columns, sample_view
from piis_audit.formats.summary import Overview, banner_lines, format_rate, overview, undecided_text
from piis_audit.i18n.render import colon, format_date, format_money, format_value, ui
from piis_audit.model import VERDICT_ORDER, AuditReport, Verdict

TOP_QUESTIONS = 5  # questions listed under "top failures"
CASE_IDS_PER_QUESTION = 10
LISTED = 20  # resolved findings and stale waivers listed, then "… and N more"

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
        blocks = [_header(report, lang), _banner(ov, lang), _totals(ov, lang), _table(ov, lang), _top_failures(report, ov, lang),
                  _sample(report, lang), _baseline(report, lang), _missing_columns(report, lang),
                  _stale_waivers(report, lang)]
        return ("\n\n".join(b for b in blocks if b) + "\n").encode("utf-8")


def _header(report: AuditReport, lang: str) -> str:
    sep = colon(lang)
    meta = " · ".join([
        f"{ui('reports.meta.as_of', lang)}{sep}{format_date(report.as_of)}",
        f"{ui('reports.meta.checklist', lang)}{sep}{md_escape(f'{report.checklist.id} {report.checklist.version}')}",
        f"{ui('reports.meta.generated', lang)}{sep}{format_value(report.generated_at, lang)}",
        f"piis-audit {md_escape(report.tool_version)}",
    ])
    return f"## {md_escape(ui('reports.title', lang))} — {md_escape(report.export.label)}\n\n{meta}"


def _banner(ov: Overview, lang: str) -> str:
    """The warning at the top: questions no case could be decided for, for want of columns."""
    lines = banner_lines(ov, lang)
    if not lines:
        return ""
    return "\n".join([f"> **{md_escape(ui('reports.banner.title', lang))}**", ">",
                      *[f"> - {md_escape(line)}" for line in lines], ">",
                      f"> {md_escape(ui('reports.banner.fix', lang))}"])


def _totals(ov: Overview, lang: str) -> str:
    return " · ".join(f"**{ui(key, lang)}**{colon(lang)}{value}" for key, value in (
        ("reports.summary.cases", ov.cases),
        ("reports.summary.cases_with_fail", ov.cases_with_fail),
        ("reports.summary.compliance", format_rate(ov.compliance_rate)),
        ("reports.summary.undecided", md_escape(undecided_text(ov.missing_by_cause, lang))),
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
        lines.append(f"{i}. **{md_escape(q.title)}** — {ui('reports.fail_count', lang, count=q.fails)}"
                     f"{colon(lang)}{shown}")
        hint = str(q.question.remediation.get(lang) or q.question.remediation.get("en", ""))
        if hint:
            lines.append(f"   {md_escape(ui('reports.col.remediation', lang))}{colon(lang)}{md_escape(hint)}")
    return "\n".join(lines)


def _missing_columns(report: AuditReport, lang: str) -> str:
    if not report.missing_columns:
        return ""
    listed = "; ".join(f"{md_escape(qid)} ({md_escape(', '.join(cols))})"
                       for qid, cols in report.missing_columns.items())
    return f"**{md_escape(ui('reports.section.missing_columns', lang))}**{colon(lang)}{listed}"


def _sample(report: AuditReport, lang: str) -> str:
    """The inspector's sample: its frame, any warning, and one table row per question."""
    view = sample_view(report, lang)
    if view is None:
        return ""
    lines = [f"### {md_escape(ui('reports.section.sample', lang))}", "",
             " · ".join([
                 md_escape(ui("reports.sample.summary", lang, size=view.audited_cases,
                              population=view.population, seed=view.seed)),
                 f"{md_escape(ui('reports.sample.confidence', lang))}{colon(lang)}{view.confidence}",
                 f"{md_escape(ui('reports.sample.tolerable_rate', lang))}{colon(lang)}{view.tolerable_rate}",
                 f"{md_escape(ui('reports.sample.fingerprint', lang))}{colon(lang)}{md_escape(view.fingerprint)}",
             ]), ""]
    lines += [f"> **{md_escape(w)}**" for w in view.warnings]
    if view.warnings:
        lines.append("")
    header = sample_columns(lang)
    lines += ["| " + " | ".join(md_escape(h) for h in header) + " |", "|---|" + "---:|" * 4 + "---|"]
    for line in view.lines:
        cells = [md_escape(line.title), str(line.tested), str(line.deviations), str(line.not_tested),
                 line.upper_limit, md_escape(line.conclusion)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _baseline(report: AuditReport, lang: str) -> str:
    """New, known and resolved findings, and the resolved ones named (question, case)."""
    view = baseline_view(report, lang)
    if view is None:
        return ""
    counts = " · ".join(f"**{md_escape(ui(key, lang))}**{colon(lang)}{n}" for key, n in (
        ("reports.baseline.count.new", view.new), ("reports.baseline.count.known", view.known),
        ("reports.baseline.count.resolved", len(view.resolved))))
    lines = [f"### {md_escape(ui('reports.section.baseline', lang))}", "", counts]
    if view.resolved:
        lines.append("")
        lines += [f"- {md_escape(f.title)} — {md_escape(f.case_id)} ({md_escape(f.verdict)})"
                  for f in view.resolved[:LISTED]]
        if len(view.resolved) > LISTED:
            lines.append(f"- {md_escape(ui('reports.more', lang, count=len(view.resolved) - LISTED))}")
    return "\n".join(lines)


def _stale_waivers(report: AuditReport, lang: str) -> str:
    """Waivers that matched nothing or have expired, as the terminal lists them."""
    stale = [("reports.waiver.unused", w) for w in report.unused_waivers] + \
        [("reports.waiver.expired", w) for w in report.expired_waivers]
    if not stale:
        return ""
    lines = [f"**{md_escape(ui('reports.section.waivers', lang))}**", ""]
    for key, w in stale[:LISTED]:
        lines.append(f"- {md_escape(ui(key, lang))}{colon(lang)}{md_escape(w.case_id)} / {md_escape(w.question)} — "
                     f"{md_escape(w.justification)} ({md_escape(w.approved_by)}, {format_date(w.expires)})")
    if len(stale) > LISTED:
        lines.append(f"- {md_escape(ui('reports.more', lang, count=len(stale) - LISTED))}")
    return "\n".join(lines)
