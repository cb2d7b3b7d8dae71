"""The to-do list: what is due, what is overdue, what is not a to-do; checked row by row."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from piis_audit.model import Verdict, Waiver
from piis_audit.workflows.due import action_text, due_document, due_items, item_row
from workflow_builders import AS_OF, R, make_report


def d(days: int) -> dt.date:
    return AS_OF + dt.timedelta(days=days)


ROWS = [
    R("D1", "deadline", Verdict.PENDING, "not_concluded", d(10), "action_conclude", worker="B. Peeters"),
    R("D2", "evaluations", Verdict.PENDING, "behind", d(31), "action_evaluate", worker="B. Peeters"),
    R("D3", "deadline", Verdict.FAIL, "not_concluded", d(-5), "action_conclude", worker="B. Peeters"),
    R("D4", "deadline", Verdict.FAIL, "late", d(-40), None, worker="a. Dupont"),  # late: nothing to do
    R("D5", "evaluations", Verdict.PASS, None, d(3), None, worker="a. Dupont"),
    R("D6", "alimony-recovery-decision", Verdict.PENDING, "behind", d(0), None, worker=None),
    R("D7", "evaluations", Verdict.MISSING_DATA, "x", d(2), None, worker="a. Dupont"),
    R("D8", "evaluations", Verdict.PENDING, "behind", d(30), "action_evaluate", worker="a. Dupont"),
    R("D9", "evaluations", Verdict.PENDING, "behind", None, "action_evaluate", worker="a. Dupont"),
]


def _rows(within: int) -> list[tuple[str, str, str, int, bool]]:
    return [(i.social_worker, i.case_id, i.question, i.days_left, i.overdue)
            for i in due_items(make_report(ROWS), within)]


def test_due_within_thirty_days_row_by_row() -> None:
    assert _rows(30) == [
        ("", "D6", "alimony-recovery-decision", 0, False),
        ("a. Dupont", "D8", "evaluations", 30, False),
        ("B. Peeters", "D3", "deadline", -5, True),
        ("B. Peeters", "D1", "deadline", 10, False),
    ]


def test_window_bounds_are_inclusive_and_overdue_always_listed() -> None:
    assert [r[1] for r in _rows(31)] == ["D6", "D8", "D3", "D1", "D2"]
    assert [r[1] for r in _rows(0)] == ["D6", "D3"]


def test_negative_window_refused() -> None:
    with pytest.raises(ValueError):
        due_items(make_report(ROWS), -1)


def test_action_rendered_with_dates_in_each_language() -> None:
    report = make_report(ROWS)
    items = {i.case_id: i for i in due_items(report, 30)}
    assert action_text(items["D1"], report, "en") == "conclude the PIIS by 06/12/2026"
    assert action_text(items["D1"], report, "fr") == "[fr] conclude the PIIS by 06/12/2026"
    # no action on a pending result: its reason says what is pending
    assert action_text(items["D6"], report, "nl") == "[nl] behind pace"


def test_waived_todo_is_flagged() -> None:
    report = make_report(ROWS)
    cr = report.cases[0]
    waived = dataclasses.replace(cr.result("deadline"), waiver=Waiver("D1", "deadline", "j", "a", d(99)))
    cr = dataclasses.replace(cr, results=(waived, *cr.results[1:]))
    report = dataclasses.replace(report, cases=(cr, *report.cases[1:]))
    flags = {i.case_id: i.waived for i in due_items(report, 30)}
    assert flags == {"D1": True, "D3": False, "D6": False, "D8": False}


def test_json_document_groups_per_social_worker() -> None:
    report = make_report(ROWS)
    items = due_items(report, 30)
    doc = due_document(report, items, 30, "en")
    assert doc["as_of"] == "2026-11-26" and doc["until"] == "2026-12-26"
    assert doc["counts"] == {"overdue": 1, "due": 3}
    assert [(w["social_worker"], [x["case_id"] for x in w["overdue"]], [x["case_id"] for x in w["due"]])
            for w in doc["social_workers"]] == [("", [], ["D6"]), ("a. Dupont", [], ["D8"]),
                                                ("B. Peeters", ["D3"], ["D1"])]
    row = item_row(items[-1], report, "en")
    assert row == {"social_worker": "B. Peeters", "office": "Nord", "case_id": "D1",
                   "question": "deadline", "question_title": "Title deadline", "verdict": "pending",
                   "due_date": "2026-12-06", "days_left": 10, "overdue": False,
                   "action": "conclude the PIIS by 06/12/2026", "waived": False}
