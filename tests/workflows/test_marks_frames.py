"""The marks on the result frames: the contract the formats read (columns, types, nulls), and the
engine's frames (CaseResults) against the same results as objects (CaseObjects, a report made in
code): waivers, baselines, the exit gate, the tallies and ``due`` give the same answers on both."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from piis_audit.cli.common import load_inputs, run_with_progress
from piis_audit.engine.result_frames import CaseObjects, FrameTallies, results_of
from piis_audit.engine.runner import CaseResults
from piis_audit.model import AuditReport, Verdict, Waiver
from piis_audit.workflows.baseline import (Baseline, apply_baseline, findings, fingerprint, fingerprint_text,
                                           fingerprint_texts, load_baseline, write_baseline)
from piis_audit.workflows.due import due_items
from piis_audit.workflows.gate import counted_findings, exit_status
from piis_audit.workflows.waivers import apply_waivers

AS_OF = "2026-11-26"


@pytest.fixture(scope="module")
def engine_report() -> AuditReport:
    loaded = load_inputs(None, None, None, AS_OF, show_progress=False, lang="en")
    return run_with_progress(loaded, show_progress=False)


def as_objects(report: AuditReport) -> AuditReport:
    """The same report as a report made in code: a tuple of CaseReport, no tallies."""
    return dataclasses.replace(report, cases=tuple(report.cases), tallies=None)


def marks(report: AuditReport) -> dict[tuple[str, str], tuple[Waiver | None, str | None]]:
    return {(cr.case.case_id, r.question): (r.waiver, r.baseline) for cr in report.cases for r in cr.results}


def some_waivers(report: AuditReport) -> list[Waiver]:
    as_of = report.as_of
    found = [(cr.case.case_id, r.question, r.verdict) for cr in report.cases for r in cr.results]
    findings_ = [(c, q) for c, q, v in found if v in (Verdict.FAIL, Verdict.PENDING, Verdict.MISSING_DATA)]
    passes = [(c, q) for c, q, v in found if v is Verdict.PASS]
    out = [Waiver(c, q, f"w{i}", "boss", as_of + dt.timedelta(days=i % 7 - 1))  # some expired
           for i, (c, q) in enumerate(findings_[::5])]
    out += [Waiver(*findings_[3], "later", "boss", as_of + dt.timedelta(days=400)),
            Waiver(*passes[0], "pass", "boss", as_of), Waiver("NONE", "deadline", "none", "boss", as_of)]
    return out


def test_mark_columns_are_always_there_and_typed(engine_report: AuditReport) -> None:
    cases = engine_report.cases
    assert isinstance(cases, CaseResults)
    for frame in cases.decided.values():
        assert frame.schema["waiver"] == pl.Int32 and frame.schema["baseline"] == pl.String
        assert frame.get_column("waiver").null_count() == frame.height == len(cases)
        assert frame.get_column("baseline").null_count() == frame.height
    waived = apply_waivers(engine_report, some_waivers(engine_report))
    assert isinstance(waived.cases, CaseResults) and waived.cases.waivers
    for frame in waived.cases.decided.values():
        assert frame.schema["waiver"] == pl.Int32 and frame.height == len(cases)
        for index in frame.get_column("waiver").drop_nulls().to_list():
            assert 0 <= index < len(waived.cases.waivers)
    assert waived.tallies.waived() == sum(r.waiver is not None for cr in waived.cases for r in cr.results) > 0
    assert engine_report.tallies.waived() == 0  # the original report is not changed


def test_frames_and_objects_give_the_same_marks_and_lists(engine_report: AuditReport, tmp_path: Path) -> None:
    objects = as_objects(engine_report)
    waivers = some_waivers(engine_report)
    path = tmp_path / "b.json"
    write_baseline(engine_report, path)
    text = path.read_text(encoding="utf-8")
    write_baseline(objects, path)
    assert path.read_text(encoding="utf-8") == text  # the same file from frames and from objects
    baseline: Baseline = load_baseline(path, engine_report.checklist)
    # Drop a few findings from the baseline so some are new, and add one that is resolved.
    kept = dict(list(baseline.findings.items())[7:])
    gone = {"question": "deadline", "case_id": "GONE", "verdict": "fail", "reason_key": "late"}
    kept[fingerprint(**gone)] = {"fingerprint": fingerprint(**gone), **gone}
    baseline = dataclasses.replace(baseline, findings=kept)

    on_frames = apply_baseline(apply_waivers(engine_report, waivers), baseline)
    on_objects = apply_baseline(apply_waivers(objects, waivers), baseline)
    assert isinstance(on_frames.cases, CaseResults) and isinstance(on_objects.cases, CaseObjects)
    assert marks(on_frames) == marks(on_objects)
    assert sum(1 for w, _ in marks(on_frames).values() if w is not None) > 3
    assert {b for _, b in marks(on_frames).values()} == {None, "new", "known"}
    assert on_frames.unused_waivers == on_objects.unused_waivers and on_frames.unused_waivers
    assert on_frames.expired_waivers == on_objects.expired_waivers and on_frames.expired_waivers
    assert on_frames.resolved_findings == on_objects.resolved_findings == (
        {"fingerprint": fingerprint(**gone), **gone},)
    for fail_on in (Verdict.FAIL, Verdict.MISSING_DATA, Verdict.PENDING):
        assert exit_status(on_frames, fail_on) == exit_status(on_objects, fail_on)
        assert counted_findings(on_frames, fail_on).equals(counted_findings(on_objects, fail_on))
    assert on_frames.summary() == on_objects.summary() == engine_report.summary()
    assert on_frames.money_at_risk() == on_objects.money_at_risk() > 0
    assert FrameTallies(on_frames.cases.decided).baseline_marks() == \
        FrameTallies(results_of(on_objects.cases, []).decided).baseline_marks()
    assert due_items(on_frames, 60) == due_items(on_objects, 60)
    assert any(item.waived for item in due_items(on_frames, 60))
    assert findings(on_frames) == findings(on_objects)


def test_the_gate_counts_exactly_the_unwaived_findings_not_known(engine_report: AuditReport) -> None:
    report = apply_waivers(engine_report, some_waivers(engine_report))
    for fail_on, verdicts in ((Verdict.FAIL, {"fail"}), (Verdict.PENDING, {"fail", "pending", "missing_data"})):
        expected = sorted((cr.case.case_id, r.question) for cr in report.cases for r in cr.results
                          if r.verdict.value in verdicts and r.waiver is None and r.baseline != "known")
        got = counted_findings(report, fail_on)
        assert sorted(got.select("case_id", "question").iter_rows()) == expected
        assert exit_status(report, fail_on) == int(bool(expected))


def test_fingerprint_text_on_frames_is_the_python_one() -> None:
    rows = [("deadline", "D 1", "fail", "late"), ("évaluations", "Ünï-ß;1", "pending", ""),
            ("a b", "c", "missing_data", "common.missing.empty"), ("a", "b c", "fail", "x\"y\\z")]
    frame = pl.DataFrame(rows, schema=["question", "case_id", "verdict", "reason_key"], orient="row")
    frame = frame.with_columns(pl.when(pl.col("reason_key") == "").then(None).otherwise("reason_key")
                               .alias("reason_key"))  # a finding without reason: key ""
    assert frame.select(fingerprint_texts()).to_series().to_list() == [fingerprint_text(*r) for r in rows]


def test_a_second_waiver_file_adds_to_the_first_on_frames_and_objects(engine_report: AuditReport) -> None:
    waivers = some_waivers(engine_report)
    again = dataclasses.replace(waivers[2], justification="again", expires=engine_report.as_of)
    assert waivers[2] in waivers[::2] and waivers[2].expires > engine_report.as_of  # active, in the first file
    first, second = waivers[::2], [*waivers[1::2], again]
    on_frames = apply_waivers(apply_waivers(engine_report, first), second)
    on_objects = apply_waivers(apply_waivers(as_objects(engine_report), first), second)
    assert marks(on_frames) == marks(on_objects)
    shown = {(w.case_id, w.question, w.justification) for w, _ in marks(on_frames).values() if w is not None}
    assert {w.justification for w in first} & {j for _, _, j in shown}  # the first file's marks stay
    assert (again.case_id, again.question, "again") in shown  # the second file's mark replaces the first's
    assert (again.case_id, again.question, waivers[2].justification) not in shown
    assert on_frames.expired_waivers == on_objects.expired_waivers == tuple(
        w for w in [*first, *second] if w.expires < engine_report.as_of)
    assert on_frames.unused_waivers == on_objects.unused_waivers
