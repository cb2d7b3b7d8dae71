"""The exit status of ``piis-audit audit`` (docs/json.md): 1 when a counted finding reaches the
``--fail-on`` threshold, else 0. Exit 2 (could not run) is the CLI's business, not this module's.

Thresholds are cumulative: ``fail`` counts fails; ``missing_data`` counts fails and missing data;
``pending`` counts fails, missing data and pending results. A waived result never counts; once a
baseline is applied only findings marked ``new`` count.
"""

from __future__ import annotations

from piis_audit.model import AuditReport, Result, Verdict

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


def counts(result: Result, verdicts: frozenset[Verdict]) -> bool:
    """Whether one result counts towards the exit status. A baseline marks every finding new or
    known, so "not known" is "new" when a baseline was applied and every finding otherwise."""
    return (result.verdict in verdicts and result.waiver is None
            and result.baseline != "known")


def counted_findings(report: AuditReport, fail_on: Verdict) -> list[tuple[str, Result]]:
    """(case id, result) of every finding that counts at this threshold."""
    verdicts = counting_verdicts(fail_on)
    return [(cr.case.case_id, r) for cr in report.cases for r in cr.results
            if counts(r, verdicts)]


def exit_status(report: AuditReport, fail_on: Verdict) -> int:
    """1 when any counted finding reaches the threshold, else 0. Without waivers or a baseline
    every finding counts, and the engine's frames answer without building a result."""
    # The engine's own cases (engine.runner.CaseResults): waivers and baselines replace them.
    if report.tallies is not None and getattr(report.cases, "as_decided", False):
        return 1 if report.tallies.any_verdict(frozenset(v.value for v in counting_verdicts(fail_on))) else 0
    return 1 if counted_findings(report, fail_on) else 0
