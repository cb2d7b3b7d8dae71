"""Baselines on hand-built reports: fingerprints, new/known/resolved, refusal across versions."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from piis_audit.inputs.errors import InputError
from piis_audit.model import AuditReport, Message, Verdict
from piis_audit.workflows.baseline import (Baseline, apply_baseline, fingerprint, load_baseline,
                                           write_baseline)
from piis_audit.workflows.gate import exit_status
from workflow_builders import R, make_checklist, make_report

ROWS = [
    R("D1", "deadline", Verdict.FAIL, "late"),
    R("D2", "evaluations", Verdict.PENDING, "behind"),
    R("D3", "alimony-recovery-decision", Verdict.MISSING_DATA, "common.missing.empty"),
    R("D4", "deadline", Verdict.NOT_APPLICABLE, "not_applicable"),
]


def _baseline_of(rows: list[R], tmp_path: Path) -> Baseline:
    path = tmp_path / "baseline.json"
    write_baseline(make_report(rows), path)
    return load_baseline(path, make_checklist())


def _marks(report: AuditReport) -> dict[tuple[str, str], str | None]:
    return {(cr.case.case_id, r.question): r.baseline for cr in report.cases for r in cr.results
            if r.baseline is not None}


def test_file_records_each_finding_readably(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    report = make_report(ROWS)
    write_baseline(report, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    # id and version, and since issue 10 the checklist's content fingerprint and summary
    assert {k: doc["checklist"][k] for k in ("id", "version")} == {"id": "spp-is-piis", "version": "2026.11"}
    assert doc["checklist"]["fingerprint"] == report.checklist.fingerprint
    assert [(f["case_id"], f["question"], f["verdict"], f["reason_key"]) for f in doc["findings"]] == [
        ("D3", "alimony-recovery-decision", "missing_data", "common.missing.empty"),
        ("D1", "deadline", "fail", "late"),
        ("D2", "evaluations", "pending", "behind"),
    ]
    for f in doc["findings"]:
        assert f["fingerprint"] == fingerprint(f["question"], f["case_id"], f["verdict"], f["reason_key"])
        assert len(f["fingerprint"]) == 64


def test_same_findings_reordered_are_all_known_and_exit_zero(tmp_path: Path) -> None:
    baseline = _baseline_of(ROWS, tmp_path)
    reordered = make_report(ROWS, case_order=["D4", "D3", "D2", "D1"], fingerprint="0" * 64)
    report = apply_baseline(reordered, baseline)
    assert _marks(report) == {("D1", "deadline"): "known", ("D2", "evaluations"): "known",
                              ("D3", "alimony-recovery-decision"): "known"}
    assert report.resolved_findings == ()
    assert exit_status(report, Verdict.PENDING) == 0


def test_reason_wording_does_not_enter_the_fingerprint(tmp_path: Path) -> None:
    baseline = _baseline_of(ROWS, tmp_path)
    report = make_report(ROWS)
    # Same reason key, other parameters (days late, dates): still the same finding.
    cases = list(report.cases)
    r = cases[0].results[0]
    cases[0] = dataclasses.replace(cases[0], results=(
        dataclasses.replace(r, reason=Message("late", {"days": 99})),
        *cases[0].results[1:]))
    applied = apply_baseline(dataclasses.replace(report, cases=tuple(cases)), baseline)
    assert _marks(applied)[("D1", "deadline")] == "known"


def test_one_new_failing_case_is_the_only_new_finding_and_exits_one(tmp_path: Path) -> None:
    baseline = _baseline_of(ROWS, tmp_path)
    report = apply_baseline(make_report([*ROWS, R("D5", "deadline", Verdict.FAIL, "not_concluded")]),
                            baseline)
    new = [k for k, v in _marks(report).items() if v == "new"]
    assert new == [("D5", "deadline")]
    assert exit_status(report, Verdict.FAIL) == 1


def test_change_of_kind_is_new_and_old_kind_resolved(tmp_path: Path) -> None:
    baseline = _baseline_of(ROWS, tmp_path)
    # D2's pending evaluation became a fail: a new finding; the pending one is resolved.
    rows = [ROWS[0], R("D2", "evaluations", Verdict.FAIL, "behind"), ROWS[2]]
    report = apply_baseline(make_report(rows), baseline)
    assert _marks(report)[("D2", "evaluations")] == "new"
    assert [(f["case_id"], f["verdict"]) for f in report.resolved_findings] == [("D2", "pending")]
    assert exit_status(report, Verdict.FAIL) == 1


def test_fixed_findings_are_resolved_and_known_ones_do_not_count(tmp_path: Path) -> None:
    baseline = _baseline_of(ROWS, tmp_path)
    report = apply_baseline(make_report([ROWS[0]]), baseline)
    assert {(f["case_id"], f["question"]) for f in report.resolved_findings} == {
        ("D2", "evaluations"), ("D3", "alimony-recovery-decision")}
    assert exit_status(report, Verdict.FAIL) == 0
    assert exit_status(make_report([ROWS[0]]), Verdict.FAIL) == 1  # without the baseline it counts


def test_baseline_from_another_checklist_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(make_report(ROWS, checklist=make_checklist(version="2025.01")), path)
    with pytest.raises(InputError) as info:
        load_baseline(path, make_checklist(version="2026.11"))
    message = str(info.value)
    assert "2025.01" in message and "2026.11" in message and "--write-baseline" in message


@pytest.mark.parametrize("content, words", [
    ("{", "not JSON"),
    ('{"kind": "other"}', "not a piis-audit baseline"),
    ('{"kind": "piis-audit-baseline", "checklist": {"id": "spp-is-piis", "version": "2026.11"}, '
     '"findings": [{"question": "deadline"}]}', "finding 1"),
    ('{"kind": "piis-audit-baseline", "findings": []}', "which checklist"),
])
def test_malformed_baselines_are_refused(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "b.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_baseline(path, make_checklist())
    assert words in str(info.value)


def test_fingerprint_parts_cannot_run_into_each_other() -> None:
    assert fingerprint("a b", "c", "fail", "k") != fingerprint("a", "b c", "fail", "k")
    assert fingerprint("deadline", "D1", "fail", "late") == fingerprint("deadline", "D1", "fail", "late")


@pytest.mark.parametrize("case_ids", [
    ["D1", "D2", "D3"],
    ['D"1', "D\\2", "D\t3 é€ ß \x7f \u2028"],  # quotes, backslash, control, accents: escaped as json.dumps does
])
def test_file_is_exactly_json_dumps_of_its_document(tmp_path: Path, case_ids: list[str]) -> None:
    rows = [R(case_ids[0], "deadline", Verdict.FAIL, "late"), R(case_ids[1], "evaluations", Verdict.PENDING, "behind"),
            R(case_ids[2], "alimony-recovery-decision", Verdict.MISSING_DATA, "common.missing.empty")]
    path = tmp_path / "baseline.json"
    write_baseline(make_report(rows), path)
    text = path.read_text(encoding="utf-8")
    doc = json.loads(text)
    assert {f["case_id"] for f in doc["findings"]} == set(case_ids)
    assert text == json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def test_file_without_findings(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(make_report([R("D1", "deadline", Verdict.PASS)]), path)
    text = path.read_text(encoding="utf-8")
    assert json.loads(text)["findings"] == [] and text.endswith('  "findings": []\n}\n')
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
