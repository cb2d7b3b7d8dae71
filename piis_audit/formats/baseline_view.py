"""The comparison with a baseline (``audit --baseline``) as the HTML and Markdown reports show it.

:func:`piis_audit.workflows.baseline.apply_baseline` marks each finding (a fail, pending or
missing-data result) ``new`` or ``known`` and lists in ``report.resolved_findings`` the baseline's
findings no longer found. This module counts them and names the resolved ones in the reader's
language.
"""

from __future__ import annotations

from dataclasses import dataclass

from piis_audit.i18n.render import ui
from piis_audit.model import AuditReport, Verdict


@dataclass(frozen=True)
class ResolvedFinding:
    question: str  # stable id
    title: str  # the question's title, or its id when the checklist no longer has it
    case_id: str
    verdict: str  # the verdict it had in the baseline, as a person reads it


@dataclass(frozen=True)
class BaselineView:
    new: int
    known: int
    resolved: tuple[ResolvedFinding, ...]  # sorted by question, case (as apply_baseline does)


def baseline_view(report: AuditReport, lang: str) -> BaselineView | None:
    """New / known / resolved findings; None when no baseline was applied."""
    new, known = marked_counts(report)
    if report.baseline is None and not (new or known or report.resolved_findings):
        return None
    titles = {q.id: str(q.title.get(lang) or q.title.get("en", q.id)) for q in report.checklist.questions}
    verdicts = {v.value: ui(f"common.verdict.{v.value}", lang) for v in Verdict}
    resolved = tuple(
        ResolvedFinding(question=str(f.get("question", "")),
                        title=titles.get(str(f.get("question", "")), str(f.get("question", ""))),
                        case_id=str(f.get("case_id", "")),
                        verdict=verdicts.get(str(f.get("verdict", "")), str(f.get("verdict", ""))))
        for f in report.resolved_findings)
    return BaselineView(new=new, known=known, resolved=resolved)


def marked_counts(report: AuditReport) -> tuple[int, int]:
    """(new, known): the findings the baseline marked, from the result frames when the report
    has them."""
    from piis_audit.formats.frame_texts import case_results

    frames = case_results(report)
    if frames is not None:
        from piis_audit.formats.html_frames import baseline_counts

        return baseline_counts(frames)
    return _object_counts(report)


def _object_counts(report: AuditReport) -> tuple[int, int]:
    new = known = 0
    for cr in report.cases:
        for r in cr.results:
            if r.baseline == "new":
                new += 1
            elif r.baseline == "known":
                known += 1
    return new, known
