"""The inspector's sample (``audit --sample-file``) as the HTML and Markdown reports show it.

``report.sample`` is the dict :func:`piis_audit.workflows.sampling.sample_statistics` builds; this
module turns it into texts in the reader's language, once, so both formats say the same thing:
per question the cases tested, the deviations, the upper deviation limit and the conclusion on
the population, and a warning when the export is not the sampled one or lacks sampled cases
(the conclusions then hold for another population, or a smaller sample).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from piis_audit.formats.summary import format_rate
from piis_audit.i18n.render import ui
from piis_audit.model import AuditReport

FINGERPRINT_CHARS = 16  # enough to tell two exports apart at a glance
MISSING_IDS_SHOWN = 20  # sampled case ids named in the warning, then "… and N more"


@dataclass(frozen=True)
class SampleLine:
    """One question of the sample."""

    question: str  # stable id
    title: str
    tested: int  # pass + fail
    deviations: int  # fails, waived or not
    waived_deviations: int
    not_tested: int  # pending + not applicable + missing data: no test of the control
    upper_limit: str  # "4,95 %", or "—" when nothing was tested
    conclusion: str  # "below 5,0 %" / "not below 5,0 %", or "—"
    below: bool | None  # None: no tolerable rate, or nothing tested


@dataclass(frozen=True)
class SampleView:
    seed: int
    population: int
    size: int  # cases drawn
    audited_cases: int  # of those, found in this export
    fingerprint: str  # of the sampled export, first FINGERPRINT_CHARS characters
    fingerprint_matches: bool
    confidence: str  # "95,0 %"
    tolerable_rate: str  # "5,0 %", or "—" when the sample file sets none
    missing_case_ids: tuple[str, ...]
    lines: tuple[SampleLine, ...]
    warnings: tuple[str, ...]  # sentences; case ids inside are raw: escape them for the format


def sample_view(report: AuditReport, lang: str) -> SampleView | None:
    """The sample of ``report`` in ``lang``; None when the audit was not of a sample."""
    sample = report.sample
    if not sample:
        return None
    titles = {q.id: str(q.title.get(lang) or q.title.get("en", q.id)) for q in report.checklist.questions}
    tolerable = sample.get("tolerable_rate")
    lines = tuple(_line(q, titles, tolerable, lang) for q in sample.get("questions", ()))
    fingerprint = str(sample.get("export_fingerprint") or "")
    matches = bool(sample.get("fingerprint_matches", True))
    missing = tuple(str(i) for i in sample.get("missing_case_ids") or ())
    warnings: list[str] = []
    if not matches:
        warnings.append(ui("reports.sample.fingerprint_differs", lang,
                           expected=fingerprint[:FINGERPRINT_CHARS],
                           actual=report.export.fingerprint[:FINGERPRINT_CHARS]))
    if missing:
        shown = ", ".join(missing[:MISSING_IDS_SHOWN])
        if len(missing) > MISSING_IDS_SHOWN:
            shown += " " + ui("reports.more", lang, count=len(missing) - MISSING_IDS_SHOWN)
        warnings.append(ui("reports.sample.missing_ids", lang, count=len(missing), ids=shown))
    return SampleView(
        seed=int(sample.get("seed", 0)),
        population=int(sample.get("population", 0)),
        size=int(sample.get("size", sample.get("audited_cases", 0))),
        audited_cases=int(sample.get("audited_cases", 0)),
        fingerprint=fingerprint[:FINGERPRINT_CHARS],
        fingerprint_matches=matches,
        confidence=format_rate(sample.get("confidence")),
        tolerable_rate=format_rate(tolerable),
        missing_case_ids=missing,
        lines=lines,
        warnings=tuple(warnings),
    )


def _line(q: Mapping[str, Any], titles: Mapping[str, str], tolerable: float | None, lang: str) -> SampleLine:
    limit = q.get("upper_deviation_limit")
    below = q.get("below_tolerable_rate")
    conclusion = ("—" if below is None else
                  ui("reports.sample.below" if below else "reports.sample.above", lang, rate=format_rate(tolerable)))
    qid = str(q["question"])
    return SampleLine(
        question=qid, title=titles.get(qid, qid),
        tested=int(q.get("sample_size", 0)), deviations=int(q.get("deviations", 0)),
        waived_deviations=int(q.get("waived_deviations", 0)),
        not_tested=sum(int(q.get(k, 0)) for k in ("pending", "not_applicable", "missing_data")),
        upper_limit="—" if limit is None else format_rate(limit, digits=2),
        conclusion=conclusion, below=below)


def sample_columns(lang: str) -> Sequence[str]:
    """Column heads of the per-question table, in order."""
    return [ui(f"reports.sample.col.{key}", lang)
            for key in ("question", "tested", "deviations", "not_tested", "upper_limit", "conclusion")]
