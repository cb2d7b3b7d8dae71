"""Waiver files: loading (and refusing malformed ones), applying, expired and unused waivers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from piis_audit.inputs.errors import InputError
from piis_audit.model import AuditReport, Verdict, Waiver
from piis_audit.workflows.gate import exit_status
from piis_audit.workflows.waivers import apply_waivers, load_waivers
from workflow_builders import AS_OF, QUESTIONS, R, make_report

QIDS = set(QUESTIONS)

GOOD = """\
waivers:
  - case_id: D0001
    question: deadline
    justification: "Hospitalised for six months; PIIS concluded on discharge"
    approved_by: "J. Peeters"
    expires: 2026-12-31
  - case_id: 1234
    question: evaluations
    justification: Transfer pending
    approved_by: Head of service
    expires: "31/01/2027"
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_good_file(tmp_path: Path) -> None:
    waivers = load_waivers(_write(tmp_path, GOOD), QIDS)
    assert waivers == [
        Waiver("D0001", "deadline", "Hospitalised for six months; PIIS concluded on discharge",
               "J. Peeters", dt.date(2026, 12, 31)),
        Waiver("1234", "evaluations", "Transfer pending", "Head of service", dt.date(2027, 1, 31)),
    ]


def test_a_bare_list_and_an_empty_file_are_accepted(tmp_path: Path) -> None:
    bare = "- {case_id: A, question: deadline, justification: j, approved_by: b, expires: 2027-01-01}\n"
    assert len(load_waivers(_write(tmp_path, bare), QIDS)) == 1
    assert load_waivers(_write(tmp_path, ""), QIDS) == []


ENTRY = "  - {{case_id: A, question: {q}, justification: {j}, approved_by: {a}, expires: {e}}}\n"


@pytest.mark.parametrize("entry, words", [
    (ENTRY.format(q="deadlin", j="x", a="b", e="2027-01-01"), "unknown question id 'deadlin'"),
    (ENTRY.format(q="deadline", j='""', a="b", e="2027-01-01"), "justification is required"),
    (ENTRY.format(q="deadline", j="x", a="null", e="2027-01-01"), "approved_by is required"),
    (ENTRY.format(q="deadline", j="x", a="b", e="2027-02-30"), "not a date"),
    (ENTRY.format(q="deadline", j="x", a="b", e="soon"), "not a date"),
    ("  - {case_id: A, question: deadline, justification: x, approved_by: b}\n", "expires is required"),
    ("  - {case_id: A, question: deadline, justification: x, approved_by: b, expires: 2027-01-01, "
     "expiry: 2027-01-01}\n", "unknown key(s) expiry"),
    ("  - just a string\n", "expected a mapping"),
])
def test_malformed_entry_names_file_entry_and_line(tmp_path: Path, entry: str, words: str) -> None:
    ok = ENTRY.format(q="deadline", j="x", a="b", e="2027-01-01")
    path = _write(tmp_path, "# waivers\nwaivers:\n" + ok + entry)
    with pytest.raises(InputError) as info:
        load_waivers(path, QIDS)
    message = str(info.value)
    assert words in message
    assert str(path) in message and "waiver 2" in message and "line 4" in message


def test_every_bad_entry_is_reported_at_once_each_at_its_line(tmp_path: Path) -> None:
    ok = ENTRY.format(q="deadline", j="x", a="b", e="2027-01-01")
    path = _write(tmp_path, "waivers:\n" + ok + ENTRY.format(q="nosuch", j="x", a="b", e="2027-01-01") + ok
                  + ENTRY.format(q="deadline", j="x", a="b", e="2027-02-30")
                  + ENTRY.format(q="deadline", j="x", a="null", e="2027-01-01"))
    with pytest.raises(InputError) as info:
        load_waivers(path, QIDS)
    lines = str(info.value).splitlines()
    assert lines[0] == f"{path}: 3 waivers cannot be used:"
    assert [line.split(": ", 2)[1] for line in lines[1:]] == ["waiver 2 (line 3)", "waiver 4 (line 5)",
                                                              "waiver 5 (line 6)"]
    assert "'nosuch'" in lines[1] and "not a date" in lines[2] and "approved_by is required" in lines[3]


@pytest.mark.parametrize("text, words", [
    ("waivers: [\n  {case_id: A\n", "not valid YAML"),
    ("others: []\n", "'waivers:'"),
    ("waivers: 3\n", "list of waivers"),
    ("- !!python/object/apply:os.system [echo hi]\n", "not valid YAML"),
])
def test_malformed_file(tmp_path: Path, text: str, words: str) -> None:
    with pytest.raises(InputError) as info:
        load_waivers(_write(tmp_path, text), QIDS)
    assert words in str(info.value)


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_waivers(tmp_path / "missing.yaml", QIDS)


def _report() -> AuditReport:
    return make_report([
        R("D1", "deadline", Verdict.FAIL, "late"),
        R("D2", "deadline", Verdict.FAIL, "late"),
        R("D2", "evaluations", Verdict.PENDING, "behind"),
        R("D3", "deadline", Verdict.NOT_APPLICABLE, "not_applicable"),
    ])


def _w(case: str, question: str, expires: dt.date) -> Waiver:
    return Waiver(case, question, "because", "boss", expires)


def test_active_expired_and_unused_waivers() -> None:
    active = _w("D1", "deadline", AS_OF)  # expires today: still active
    expired = _w("D2", "deadline", AS_OF - dt.timedelta(days=1))
    on_pass = _w("D1", "evaluations", AS_OF + dt.timedelta(days=5))  # nothing to waive
    on_na = _w("D3", "deadline", AS_OF + dt.timedelta(days=5))
    unknown_case = _w("NOPE", "deadline", AS_OF + dt.timedelta(days=5))
    pending = _w("D2", "evaluations", AS_OF + dt.timedelta(days=5))
    report = apply_waivers(_report(), [active, expired, on_pass, on_na, unknown_case, pending])

    waived = {(cr.case.case_id, r.question): r.waiver for cr in report.cases for r in cr.results
              if r.waiver is not None}
    assert waived == {("D1", "deadline"): active, ("D2", "evaluations"): pending}
    verdicts = {(cr.case.case_id, r.question): r.verdict for cr in report.cases for r in cr.results}
    assert verdicts[("D1", "deadline")] is Verdict.FAIL  # a waiver never changes the verdict
    assert report.expired_waivers == (expired,)
    assert report.unused_waivers == (on_pass, on_na, unknown_case)


def test_waived_fails_do_not_count_for_exit_status() -> None:
    report = _report()
    assert exit_status(report, Verdict.FAIL) == 1
    only_one = apply_waivers(report, [_w("D1", "deadline", AS_OF)])
    assert exit_status(only_one, Verdict.FAIL) == 1
    both = apply_waivers(report, [_w("D1", "deadline", AS_OF), _w("D2", "deadline", AS_OF)])
    assert exit_status(both, Verdict.FAIL) == 0
    assert exit_status(both, Verdict.PENDING) == 1  # D2's pending evaluation is not waived
    expired = apply_waivers(report, [_w("D1", "deadline", AS_OF - dt.timedelta(days=1)),
                                     _w("D2", "deadline", AS_OF)])
    assert exit_status(expired, Verdict.FAIL) == 1


def test_two_active_waivers_for_one_result_show_the_later_and_both_are_used() -> None:
    early, late = _w("D1", "deadline", AS_OF), _w("D1", "deadline", AS_OF + dt.timedelta(days=9))
    report = apply_waivers(_report(), [early, late])
    assert report.cases[0].result("deadline").waiver == late
    assert report.unused_waivers == ()
