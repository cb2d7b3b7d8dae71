"""The exit status of ``piis-audit audit`` (docs/json.md): 1 when a counted finding reaches the
``--fail-on`` threshold, else 0. Exit 2 (could not run) is the CLI's business, not this module's.

Thresholds are cumulative: ``fail`` counts fails; ``missing_data`` counts fails and missing data;
``pending`` counts fails, missing data and pending results. A waived result never counts; once a
baseline is applied only findings marked ``new`` count.

Read on the result frames (:mod:`piis_audit.engine.result_frames`), whoever made the results.
"""

from __future__ import annotations

import polars as pl

from piis_audit.engine.result_frames import BASELINE, WAIVER, results_of
from piis_audit.model import AuditReport, Verdict

THRESHOLDS: dict[Verdict, frozenset[Verdict]] = {
    Verdict.FAIL: frozenset({Verdict.FAIL}),
    Verdict.MISSING_DATA: frozenset({Verdict.FAIL, Verdict.MISSING_DATA}),
    Verdict.PENDING: frozenset({Verdict.FAIL, Verdict.MISSING_DATA, Verdict.PENDING}),
}


def counting_verdicts(fail_on: Verdict) -> frozenset[Verdict]:
    """The verdicts that count at this threshold; ValueError for pass or not_applicable."""
    try:
        return THRESHOLDS[Verdict(fail_on)]
    except KeyError:
        raise ValueError(f"--fail-on must be one of {', '.join(v.value for v in THRESHOLDS)}, "
                         f"got {fail_on}") from None


def counts(verdicts: frozenset[Verdict]) -> pl.Expr:
    """Whether a result frame's row counts towards the exit status: one of ``verdicts``, not
    waived, and not marked ``known`` (a baseline marks every finding new or known, so "not known"
    is "new" when a baseline was applied and every finding otherwise)."""
    return (pl.col("verdict").is_in(sorted(v.value for v in verdicts)) & pl.col(WAIVER).is_null()
            & pl.col(BASELINE).ne_missing("known"))


def counted_findings(report: AuditReport, fail_on: Verdict) -> pl.DataFrame:
    """``case_id``, ``question``, ``verdict`` of every finding that counts at this threshold, in
    checklist order, then export order."""
    results = results_of(report.cases, [q.id for q in report.checklist.questions])
    rule = counts(counting_verdicts(fail_on))
    ids = results.case_table().select("_case", "case_id")
    found = [frame.filter(rule).select("_case", pl.lit(qid).alias("question"), "verdict")
             for qid, frame in results.decided.items()]
    schema = {"_case": pl.Int32(), "question": pl.String(), "verdict": pl.String()}
    rows = pl.concat(found) if found else pl.DataFrame(schema=schema)
    return rows.cast({"_case": pl.Int32()}).join(ids.cast({"_case": pl.Int32()}), on="_case", how="left",
                                                 maintain_order="left").select("case_id", "question", "verdict")


def exit_status(report: AuditReport, fail_on: Verdict) -> int:
    """1 when any counted finding reaches the threshold, else 0 (no result object built)."""
    results = results_of(report.cases, [q.id for q in report.checklist.questions])
    rule = counts(counting_verdicts(fail_on))
    return 1 if any(frame.select(rule.any()).item() for frame in results.decided.values()) else 0
