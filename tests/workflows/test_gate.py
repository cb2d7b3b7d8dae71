"""Exit status: thresholds, waivers and baselines, one case per line."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from piis_audit.model import Verdict, Waiver
from piis_audit.workflows.gate import counting_verdicts, exit_status
from workflow_builders import R, make_report

F, M, P, N, OK = Verdict.FAIL, Verdict.MISSING_DATA, Verdict.PENDING, Verdict.NOT_APPLICABLE, Verdict.PASS
WAIVER = Waiver("D1", "deadline", "j", "a", dt.date(2030, 1, 1))


# verdict of D1's deadline result, waived?, baseline mark, --fail-on, expected exit status
CASES = [
    (F, False, None, F, 1),
    (F, False, None, M, 1),
    (F, False, None, P, 1),
    (M, False, None, F, 0),
    (M, False, None, M, 1),
    (M, False, None, P, 1),
    (P, False, None, F, 0),
    (P, False, None, M, 0),
    (P, False, None, P, 1),
    (N, False, None, P, 0),
    (OK, False, None, P, 0),
    (F, True, None, F, 0),
    (P, True, None, P, 0),
    (F, False, "known", F, 0),
    (F, False, "new", F, 1),
    (F, True, "new", F, 0),
    (M, False, "known", P, 0),
    (P, False, "new", P, 1),
]


@pytest.mark.parametrize("verdict, waived, mark, fail_on, expected", CASES)
def test_exit_status(verdict: Verdict, waived: bool, mark: str | None, fail_on: Verdict,
                     expected: int) -> None:
    report = make_report([R("D1", "deadline", verdict, None if verdict is OK else "late")])
    cr = report.cases[0]
    r = dataclasses.replace(cr.result("deadline"), waiver=WAIVER if waived else None, baseline=mark)
    cr = dataclasses.replace(cr, results=(r, *cr.results[1:]))
    assert exit_status(dataclasses.replace(report, cases=(cr,)), fail_on) == expected


def test_pass_and_not_applicable_are_no_threshold() -> None:
    for bad in (Verdict.PASS, Verdict.NOT_APPLICABLE):
        with pytest.raises(ValueError):
            counting_verdicts(bad)
