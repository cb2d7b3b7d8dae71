"""Direct unit tests of the check kinds of questions 7-11 (evaluations, sanctions,
increased-subsidy, alimony-investigation, alimony-recovery-decision) and a few cases of other
kinds (signatures), decided by the engine.

Each case is built by hand: a Case with every cases field, an ExportData listing every column,
and the questions of the bundled checklist; a test may set the verdicts a question depends on.
Cases are stated one per line where possible (yamllint style): input, expected verdict, reason.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from dataclasses import dataclass, field
from typing import Any

import polars as pl
import pytest

from piis_audit.engine.checklists import load_checklist
from piis_audit.checklist.model import Checklist, Parameter, Question
from piis_audit.i18n.render import LANGS, render
from piis_audit.model import Case, Evaluation, ExportData, Message, Result, Sanction, Verdict
from piis_audit.money import Money
from piis_audit.engine.columnar.runner import run_columnar
from piis_audit.engine.frames_adapter import export_frames
from piis_audit.engine.runner import result_reader
from piis_audit.questions import get_kind
from piis_audit.schema import CASES, TABLES


@dataclass(frozen=True)
class MissingData:
    """A missing_data result, as its fields and why (``common.missing.<why>``)."""

    fields: tuple[str, ...]
    why: str


@dataclass
class Context:
    """One case as the tests state it: the case, its export, the date and the checklist, and
    the verdicts of the questions it depends on when a test sets them."""

    case: Case
    export: ExportData
    as_of: dt.date
    checklist: Checklist
    results: dict[str, Result] = field(default_factory=dict)


# --------------------------------------------------------------------------- builders


def d(text: str) -> dt.date:
    """A date written the Belgian way."""
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


def load_bundled(month_end_rule: str | None = None) -> Checklist:
    """The bundled checklist, optionally with another month-end rule."""
    checklist = load_checklist()
    if month_end_rule is None:
        return checklist
    params = {**checklist.parameters,
              "month_end_rule": Parameter("month_end_rule", month_end_rule, "test", 0)}
    return Checklist(id=checklist.id, version=checklist.version, title=checklist.title,
                     path=checklist.path, parameters=params, amounts=checklist.amounts,
                     questions=checklist.questions)


CHECKLIST = load_bundled()


def with_params(qid: str, checklist: Checklist = CHECKLIST, **params: Any) -> Checklist:
    """The checklist with some of a question's params changed."""
    questions = tuple(
        Question(**{**q.__dict__, "params": {**q.params, **params}}) if q.id == qid else q
        for q in checklist.questions)
    return Checklist(id=checklist.id, version=checklist.version, title=checklist.title,
                     path=checklist.path, parameters=checklist.parameters,
                     amounts=checklist.amounts, questions=questions)


def make_context(as_of: dt.date, *, evals: Iterable[Evaluation] = (),
                 sanction_rows: Iterable[Sanction] = (), invalid: Iterable[str] = (),
                 absent: Iterable[str] = (), results: Mapping[str, Result] | None = None,
                 checklist: Checklist = CHECKLIST, **fields: Any) -> Context:
    values: dict[str, Any] = {f.name: None for f in CASES.fields}
    unknown = set(fields) - set(values)
    assert not unknown, unknown
    values.update(case_id="T1", ri_decision_date=d("02/12/2024"))
    values.update(fields)
    case = Case(case_id="T1", source="test", row=2, values=values, invalid=frozenset(invalid),
                evaluations=tuple(evals), sanctions=tuple(sanction_rows))
    columns = {name: frozenset(f.name for f in t.fields) - set(absent) for name, t in TABLES.items()}
    export = ExportData(cases=(case,), inputs=(), data_errors=(), rejected=(), columns=columns,
                        tables_present=frozenset(TABLES), fingerprint="x", label="test")
    return Context(case=case, export=export, as_of=as_of, checklist=checklist, results=dict(results or {}))


def _given(question: str, result: Result) -> pl.DataFrame:
    """A verdict a test sets, as the one-row result frame the engine reads it from."""
    reason = result.reason
    return pl.DataFrame({"_case": [0], "verdict": [result.verdict.value],
                         "reason_key": [reason.key if reason else None],
                         "reason_params": [json.dumps(dict(reason.params), default=str) if reason else None]},
                        schema={"_case": pl.Int32, "verdict": pl.String, "reason_key": pl.String,
                                "reason_params": pl.String})


def run(qid: str, ctx: Context) -> tuple[str, Result | MissingData]:
    """(verdict, the Result, or MissingData for a missing_data one), decided by the engine; the
    questions it depends on are decided by the engine too unless the test set their verdict."""
    given = {dep: _given(dep, r) for dep, r in ctx.results.items()}
    frames = export_frames(ctx.export)
    decided = run_columnar(frames, ctx.checklist, ctx.as_of,
                           only=[q.id for q in ctx.checklist.questions if q.id not in given], given=given)
    res = result_reader(qid, decided[qid])(0)
    assert_renders(ctx.checklist, res)
    if res.verdict is Verdict.MISSING_DATA and res.reason is not None and res.reason.key.startswith("common.missing."):
        return "missing_data", MissingData(tuple(res.reason.params["fields"]), res.reason.key.rpartition(".")[2])
    return res.verdict.value, res


def assert_renders(checklist: Checklist, res: Result) -> None:
    """Every message of a result renders in every language with every placeholder filled."""
    messages = [m for m in (res.reason, res.action, *res.notes) if m is not None]
    for message in messages:
        for lang in LANGS:
            text = render(message, checklist, res.question, lang)
            assert not re.search(r"\{[a-z_]+\}", text), (message.key, lang, text)


def ev(day: str, interview: bool | None = True, report: bool | None = True) -> Evaluation:
    return Evaluation(row=2, evaluation_date=d(day), personal_interview=interview,
                      report_present=report)


PIIS: dict[str, Any] = {"piis_signed_date": d("23/12/2024"), "piis_start_date": d("01/01/2025")}


# --------------------------------------------------------------------------- evaluations

FULL = [ev("15/03/2025"), ev("20/06/2025", interview=False), ev("10/10/2025")]


@pytest.mark.parametrize(("fields", "evals", "as_of", "verdict", "key"), [
    ({}, [], "01/06/2025", "not_applicable", "not_applicable"),
    ({**PIIS, "piis_start_date": d("01/07/2025")}, [], "01/06/2025", "not_applicable", "not_started"),
    ({**PIIS, "ri_end_date": d("28/12/2024")}, [], "01/06/2025", "not_applicable", "ended_before_start"),
    (PIIS, FULL, "01/01/2026", "pass", None),
    (PIIS, [ev("15/03/2025"), ev("20/06/2025", False), ev("10/10/2025", False)], "01/01/2026", "fail",
     "short_window"),
    (PIIS, [ev("15/03/2025"), ev("20/06/2025", report=False), ev("10/10/2025")], "01/01/2026", "fail",
     "short_window"),
    (PIIS, FULL[:1], "01/09/2025", "pending", "first_window_running"),
    (PIIS, [], "31/12/2025", "pending", "first_window_running"),
    (PIIS, [], "01/01/2026", "fail", "short_window"),
    ({**PIIS, "piis_end_date": d("31/05/2025")}, [ev("15/03/2025", False)], "01/09/2025", "pass", None),
    ({**PIIS, "piis_end_date": d("31/05/2025")}, [], "01/09/2025", "fail", "short_partial_window"),
    ({**PIIS, "piis_end_date": d("31/08/2025")}, [ev("15/03/2025", False)], "01/10/2025", "pass", None),
    ({**PIIS, "piis_end_date": d("01/09/2025")}, [ev("15/03/2025", False)], "01/10/2025", "fail",
     "short_partial_window"),
    ({**PIIS, "ri_end_date": d("30/04/2025")}, [], "01/06/2025", "fail", "short_partial_window"),
    ({**PIIS, "piis_end_date": d("30/06/2025")}, [], "01/06/2025", "pending", "first_window_running"),
    ({**PIIS, "piis_end_date": d("31/12/2025")}, [ev("15/03/2025"), ev("20/06/2025", False),
                                                  ev("10/10/2025", False)], "01/03/2026", "fail",
     "short_window"),
    (PIIS, [ev("15/03/2025"), ev("20/06/2025", report=None), ev("10/10/2025")], "01/01/2026",
     "missing_data", None),
    (PIIS, [*FULL, ev("01/12/2025", report=None)], "01/01/2026", "pass", None),
    (PIIS, [ev("15/03/2025"), ev("20/06/2025", None), ev("10/10/2025", False)], "01/01/2026",
     "missing_data", None),
    (PIIS, [ev("15/03/2025", report=None)], "01/01/2026", "fail", "short_window"),
])
def test_evaluations_verdicts(fields: dict[str, Any], evals: list[Evaluation], as_of: str,
                              verdict: str, key: str | None) -> None:
    got, res = run("evaluations", make_context(d(as_of), evals=evals, **fields))
    assert got == verdict, res
    if key is not None:
        assert isinstance(res, Result) and res.reason is not None and res.reason.key == key


def test_evaluations_start_defaults_to_the_conclusion_date() -> None:
    evals = [ev("24/12/2024"), ev("15/05/2025"), ev("10/10/2025", False)]
    ctx = make_context(d("23/12/2025"), evals=evals, piis_signed_date=d("23/12/2024"))
    got, res = run("evaluations", ctx)
    assert got == "pass" and isinstance(res, Result) and res.evidence["conclusion_date"] == d("23/12/2024")


def test_evaluations_fail_names_the_window_and_the_counts() -> None:
    evals = [ev("15/03/2025"), ev("20/06/2025", False), ev("10/10/2025", False)]
    _, res = run("evaluations", make_context(d("01/01/2026"), evals=evals, **PIIS))
    assert isinstance(res, Result) and res.reason is not None
    assert {k: res.reason.params[k] for k in ("window_start", "window_end", "formal", "interviews",
                                              "required", "required_interviews")} == {
        "window_start": d("01/01/2025"), "window_end": d("31/12/2025"), "formal": 3, "interviews": 1,
        "required": 3, "required_interviews": 2}


def test_evaluations_every_short_window_is_named() -> None:
    fields = {**PIIS, "piis_start_date": d("01/01/2023")}
    _, res = run("evaluations", make_context(d("01/02/2025"), **fields))
    assert isinstance(res, Result) and res.verdict is Verdict.FAIL and res.reason is not None
    assert res.reason.params["window_start"] == d("01/01/2023")
    assert [n.params["window_start"] for n in res.notes if n.key == "short_window"] == [d("01/01/2024")]


def test_evaluations_pending_has_due_date_action_and_behind_pace_note() -> None:
    _, res = run("evaluations", make_context(d("01/09/2025"), evals=[ev("15/03/2025")], **PIIS))
    assert isinstance(res, Result)
    assert res.due_date == d("31/12/2025")
    assert res.action is not None and res.action.key == "action_plan_evaluations"
    assert (res.action.params["missing"], res.action.params["missing_interviews"]) == (2, 1)
    behind = [n for n in res.notes if n.key == "behind_pace"]
    assert len(behind) == 1 and behind[0].params["expected"] == 2  # floor(3 * 244 / 365)


def test_evaluations_on_pace_has_no_note() -> None:
    _, res = run("evaluations", make_context(d("01/05/2025"), evals=[ev("15/03/2025")], **PIIS))
    assert isinstance(res, Result) and res.verdict is Verdict.PENDING
    assert not [n for n in res.notes if n.key == "behind_pace"]


def test_evaluations_open_window_closing_early_is_due_at_the_planned_end_pro_rata() -> None:
    fields = {**PIIS, "piis_end_date": d("30/06/2025")}  # 181 days -> max(1, floor(543/365)) = 1
    _, res = run("evaluations", make_context(d("01/06/2025"), **fields))
    assert isinstance(res, Result) and res.verdict is Verdict.PENDING
    assert res.due_date == d("30/06/2025")
    assert res.reason is not None and (res.reason.params["required"],
                                       res.reason.params["required_interviews"]) == (1, 0)


def test_evaluations_pass_with_a_running_window_lists_what_is_due() -> None:
    fields = {**PIIS, "piis_start_date": d("01/01/2024")}
    evals = [ev("15/03/2024"), ev("20/06/2024"), ev("10/10/2024", False)]
    _, res = run("evaluations", make_context(d("01/03/2025"), evals=evals, **fields))
    assert isinstance(res, Result) and res.verdict is Verdict.PASS
    # the pass names each window: the complete one met, the running one with what is due
    assert res.reason is not None and res.reason.key == "windows_met"
    complete, running = res.reason.params["windows"]
    assert complete.key == "evaluations.window.complete" and running.key == "evaluations.window.open"
    assert {k: complete.params[k] for k in ("window_start", "window_end", "formal", "interviews", "required",
                                            "required_interviews")} == {
        "window_start": d("01/01/2024"), "window_end": d("31/12/2024"), "formal": 3, "interviews": 2,
        "required": 3, "required_interviews": 2}
    assert (running.params["window_start"], running.params["formal"], running.params["required"]) == (
        d("01/01/2025"), 0, 3)
    assert res.due_date == d("31/12/2025") and res.action is not None


def test_evaluations_missing_data_names_the_unknown_field() -> None:
    evals = [ev("15/03/2025"), ev("20/06/2025", report=None), ev("10/10/2025")]
    got, exc = run("evaluations", make_context(d("01/01/2026"), evals=evals, **PIIS))
    assert got == "missing_data" and isinstance(exc, MissingData)
    assert exc.fields == ("report_present",) and exc.why == "empty"


def test_evaluations_no_report_column() -> None:
    evals = [Evaluation(2, d(day), True, None) for day in ("15/03/2025", "20/06/2025", "10/10/2025")]
    ctx = make_context(d("01/01/2026"), evals=evals, absent={"report_present"}, **PIIS)
    got, exc = run("evaluations", ctx)
    assert got == "missing_data" and isinstance(exc, MissingData) and exc.why == "no_column"


# --------------------------------------------------------------------------- sanctions

OK: dict[str, Any] = dict(decision_date=d("10/02/2025"), warning_date=d("20/01/2025"),
          hearing_invitation_date=d("27/01/2025"), hearing_date=d("03/02/2025"),
          social_worker_advice_date=d("05/02/2025"), motivation="Absences répétées",
          notified_date=d("12/02/2025"), start_date=d("01/03/2025"), end_date=d("31/03/2025"))
FIRST: dict[str, Any] = dict(OK, decision_date=d("11/02/2024"), warning_date=d("20/01/2024"),
             hearing_invitation_date=d("27/01/2024"), hearing_date=d("03/02/2024"),
             social_worker_advice_date=d("05/02/2024"), notified_date=d("13/02/2024"),
             start_date=d("01/03/2024"), end_date=d("31/03/2024"))


def sanction(row: int = 2, invalid: Iterable[str] = (), **changes: Any) -> Sanction:
    return Sanction(row=row, invalid=frozenset(invalid), **{**OK, **changes})


def run_sanctions(*rows: Sanction, as_of: str = "15/06/2025", **kw: Any) -> tuple[str, Result | MissingData]:
    return run("sanctions", make_context(d(as_of), sanction_rows=rows, **PIIS, **kw))


def conditions(res: Result | MissingData) -> list[str]:
    assert isinstance(res, Result) and res.reason is not None
    return [m.key.removeprefix("sanctions.condition.") for m in res.reason.params["conditions"]]


@pytest.mark.parametrize(("changes", "verdict", "broken"), [
    ({}, "pass", []),
    ({"warning_date": None}, "fail", ["no_warning"]),
    ({"warning_date": d("10/02/2025")}, "fail", ["warning_not_before"]),
    ({"hearing_invitation_date": None, "hearing_date": None}, "fail", ["no_hearing_invitation"]),
    ({"hearing_invitation_date": d("11/02/2025"), "hearing_date": None}, "fail", ["invitation_not_before"]),
    ({"hearing_date": None}, "pass", []),
    ({"hearing_date": d("10/02/2025")}, "pass", []),
    ({"hearing_date": d("11/02/2025")}, "fail", ["heard_after"]),
    ({"social_worker_advice_date": None}, "fail", ["no_advice"]),
    ({"social_worker_advice_date": d("10/02/2025")}, "pass", []),
    ({"social_worker_advice_date": d("11/02/2025")}, "fail", ["advice_after"]),
    ({"motivation": None}, "fail", ["no_motivation"]),
    ({"motivation": "  "}, "fail", ["no_motivation"]),
    ({"notified_date": None}, "fail", ["not_notified"]),
    ({"start_date": d("15/03/2025"), "end_date": d("14/04/2025")}, "pass", []),
    ({"end_date": d("01/04/2025")}, "fail", ["too_long"]),
    ({"end_date": None, "duration_days": 31}, "pass", []),
    ({"end_date": None, "duration_days": 32}, "fail", ["too_long"]),
    ({"start_date": d("01/05/2025"), "end_date": d("31/05/2025")}, "pass", []),
    ({"start_date": d("02/05/2025"), "end_date": d("01/06/2025")}, "fail", ["start_too_late"]),
    ({"notified_date": d("01/03/2025")}, "fail", ["start_not_after_notification"]),
    ({"start_date": None, "end_date": None}, "missing_data", []),
    ({"end_date": None}, "missing_data", []),
    ({"start_date": None, "end_date": None, "warning_date": None}, "fail", ["no_warning"]),
    ({"warning_date": None, "motivation": None, "end_date": d("30/04/2025")}, "fail",
     ["no_warning", "no_motivation", "too_long"]),
])
def test_sanction_conditions(changes: dict[str, Any], verdict: str, broken: list[str]) -> None:
    got, res = run_sanctions(sanction(**changes))
    assert got == verdict, res
    if verdict == "fail":
        assert conditions(res) == broken


def test_sanctions_none_is_not_applicable() -> None:
    assert run_sanctions()[0] == "not_applicable"


def test_sanction_fail_names_the_decision_date() -> None:
    _, res = run_sanctions(sanction(warning_date=None))
    assert isinstance(res, Result) and res.reason is not None
    assert res.reason.params["decision_date"] == d("10/02/2025") and res.reason.params["count"] == 1


def test_sanction_same_day_warning_allowed_by_parameter() -> None:
    checklist = with_params("sanctions", same_day_counts_as_before=True)
    ctx = make_context(d("15/06/2025"), sanction_rows=[sanction(warning_date=d("10/02/2025"))],
                       checklist=checklist, **PIIS)
    assert run("sanctions", ctx)[0] == "pass"


@pytest.mark.parametrize(("previous", "end", "verdict"), [
    ("11/02/2024", "31/05/2025", "pass"),  # previous year runs to 10/02/2025: a repeat
    ("10/02/2024", "31/05/2025", "fail"),  # previous year ran to 09/02/2025: not a repeat
    ("11/02/2024", "01/06/2025", "fail"),  # a repeat, but longer than 3 months
])
def test_sanction_repeat_within_a_year(previous: str, end: str, verdict: str) -> None:
    first = Sanction(row=2, **{**FIRST, "decision_date": d(previous)})
    got, res = run_sanctions(first, sanction(row=3, end_date=d(end)))
    assert got == verdict, res
    if verdict == "fail":
        assert conditions(res) == ["too_long_repeat" if previous == "11/02/2024" else "too_long"]


def test_sanction_later_failures_are_notes() -> None:
    got, res = run_sanctions(Sanction(row=2, **{**FIRST, "warning_date": None}),
                             sanction(row=3, motivation=None))
    assert got == "fail" and isinstance(res, Result) and res.reason is not None
    assert res.reason.params["decision_date"] == d("11/02/2024")
    assert [n.params["decision_date"] for n in res.notes if n.key == "conditions_broken"] == [d("10/02/2025")]


def test_third_sanction_gets_a_note() -> None:
    third = sanction(row=4, decision_date=d("10/09/2025"), warning_date=d("20/08/2025"),
                     hearing_invitation_date=d("27/08/2025"), hearing_date=d("03/09/2025"),
                     social_worker_advice_date=d("05/09/2025"), notified_date=d("12/09/2025"),
                     start_date=d("01/10/2025"), end_date=d("31/10/2025"))
    got, res = run_sanctions(third, Sanction(row=2, **FIRST), sanction(row=3), as_of="15/11/2025")
    assert got == "pass" and isinstance(res, Result)
    notes = [n for n in res.notes if n.key == "note_third_sanction"]
    assert [(n.params["number"], n.params["decision_date"]) for n in notes] == [(3, d("10/09/2025"))]
    two_only = run_sanctions(Sanction(row=2, **FIRST), sanction(row=3))[1]
    assert isinstance(two_only, Result) and not [n for n in two_only.notes if n.key == "note_third_sanction"]


def test_sanction_missing_data_names_the_fields() -> None:
    got, exc = run_sanctions(sanction(start_date=None, end_date=None))
    assert isinstance(exc, MissingData) and "start_date" in exc.fields and exc.why == "empty"
    got, exc = run_sanctions(sanction(end_date=None))
    assert isinstance(exc, MissingData) and set(exc.fields) == {"end_date", "duration_days"}


def test_sanction_unreadable_cell_is_missing_data_not_a_fail() -> None:
    got, exc = run_sanctions(sanction(warning_date=None, invalid={"warning_date"}))
    assert got == "missing_data" and isinstance(exc, MissingData)
    assert exc.fields == ("warning_date",) and exc.why == "invalid"


def test_sanction_absent_column() -> None:
    got, exc = run_sanctions(sanction(social_worker_advice_date=None), absent={"social_worker_advice_date"})
    assert got == "missing_data" and isinstance(exc, MissingData) and exc.why == "no_column"
    # hearing_date is an optional column: its absence means "not heard"
    assert run_sanctions(sanction(hearing_date=None), absent={"hearing_date"})[0] == "pass"


def test_sanction_month_end_note() -> None:
    got, res = run_sanctions(sanction(notified_date=d("12/01/2025"), decision_date=d("10/01/2025"),
                                      warning_date=d("02/01/2025"), hearing_invitation_date=d("03/01/2025"),
                                      hearing_date=None, social_worker_advice_date=d("09/01/2025"),
                                      start_date=d("31/01/2025"), end_date=d("28/02/2025")))
    assert got == "pass" and isinstance(res, Result)
    assert [n.key for n in res.notes] == ["common.note.month_end"]


# --------------------------------------------------------------------------- increased-subsidy

EXAMPLE: dict[str, Any] = {"ri_decision_date": d("10/10/2017"), "piis_signed_date": d("21/11/2017"),
           "piis_start_date": d("01/12/2017"), "subsidy_increase_claimed": True,
           "subsidy_increase_start_date": d("01/11/2017"), "category": 2}
DEPS = ("social-balance", "deadline", "mandatory-mentions", "student-mentions", "signatures",
        "evaluations")


def dep_results(**verdicts: str) -> dict[str, Result]:
    out = {q: Result(question=q, verdict=Verdict.PASS) for q in DEPS}
    for key, verdict in verdicts.items():
        qid = key.replace("_", "-")
        out[qid] = Result(question=qid, verdict=Verdict(verdict), reason=Message("x"))
    return out


def run_subsidy(as_of: str = "01/03/2018", results: Mapping[str, Result] | None = None,
                checklist: Checklist = CHECKLIST, **changes: Any) -> tuple[str, Result | MissingData]:
    ctx = make_context(d(as_of), results=dep_results() if results is None else results,
                       checklist=checklist, **{**EXAMPLE, **changes})
    return run("increased-subsidy", ctx)


def grounds(res: Result | MissingData) -> list[str]:
    assert isinstance(res, Result) and res.reason is not None
    return [m.key.removeprefix("increased_subsidy.ground.") for m in res.reason.params["grounds"]]


@pytest.mark.parametrize(("changes", "verdict", "expected"), [
    ({}, "pass", []),  # the circular's example: signed 21/11/2017, in force 01/12/2017, claimed 01/11/2017
    ({"subsidy_increase_claimed": False}, "not_applicable", []),
    ({"subsidy_increase_claimed": None}, "not_applicable", []),
    ({"piis_signed_date": None, "piis_start_date": None}, "fail", ["no_piis"]),
    ({"subsidy_increase_start_date": d("31/10/2017")}, "fail", ["claimed_before_signature_month"]),
    ({"ri_decision_date": d("06/11/2017"), "subsidy_increase_start_date": d("06/11/2017")}, "pass", []),
    ({"ri_decision_date": d("06/11/2017")}, "fail", ["claimed_before_ri_decision"]),
    ({"subsidy_increase_start_date": None}, "missing_data", []),  # docs/questions.md: never a silent pass
    ({"piis_start_date": d("21/12/2017")}, "pass", []),
    ({"piis_start_date": d("22/12/2017")}, "fail", ["start_too_late"]),
    ({"piis_start_date": None}, "pass", []),
    ({"piis_signed_date": d("31/01/2018"), "piis_start_date": d("28/02/2018"),
      "subsidy_increase_start_date": d("01/01/2018")}, "pass", []),
    ({"piis_signed_date": d("31/01/2018"), "piis_start_date": d("01/03/2018"),
      "subsidy_increase_start_date": d("01/01/2018")}, "fail", ["start_too_late"]),
    ({"subsidy_increase_start_date": d("01/10/2017"), "piis_start_date": d("01/02/2018")}, "fail",
     ["claimed_before_signature_month", "start_too_late"]),
])
def test_increased_subsidy_rules(changes: dict[str, Any], verdict: str, expected: list[str]) -> None:
    got, res = run_subsidy(**changes)
    assert got == verdict, res
    if verdict == "fail":
        assert grounds(res) == expected


@pytest.mark.parametrize(("dependency", "verdict", "expected"), [
    ("evaluations", "fail", "fail"),
    ("social_balance", "fail", "fail"),
    ("student_mentions", "fail", "fail"),
    ("evaluations", "pending", "pass"),
    ("mandatory_mentions", "missing_data", "pass"),
    ("student_mentions", "not_applicable", "pass"),
])
def test_increased_subsidy_dependencies(dependency: str, verdict: str, expected: str) -> None:
    got, res = run_subsidy(results=dep_results(**{dependency: verdict}))
    assert got == expected
    if expected == "fail":
        assert isinstance(res, Result) and res.reason is not None
        assert [m.params["question"] for m in res.reason.params["grounds"]] == [dependency.replace("_", "-")]
    if verdict == "missing_data":
        assert isinstance(res, Result) and [n.key for n in res.notes] == ["note_dependency_undecided"]


def test_increased_subsidy_money_from_the_amount_paid() -> None:
    # claimed from 01/10/2017 (too early) to 01/03/2018: Oct..Mar = 6 months x 1.000,00 x 10 %
    got, res = run_subsidy(subsidy_increase_start_date=d("01/10/2017"), ri_monthly_amount=Decimal("1000.00"))
    assert got == "fail" and isinstance(res, Result) and res.reason is not None
    assert res.money_at_risk == Decimal("600.00")
    assert isinstance(res.reason.params["money_at_risk"], Money) and res.reason.params["months"] == 6
    assert "600,00 €" in render(res.reason, CHECKLIST, "increased-subsidy", "fr")


def test_increased_subsidy_money_from_the_amounts_in_force_each_month() -> None:
    # April 2024 at 940,11, May and June at 1.288,46: 3.517,03 x 10 % = 351,70
    got, res = run_subsidy(as_of="15/06/2024", ri_decision_date=d("02/04/2024"),
                           piis_signed_date=d("20/04/2024"), piis_start_date=d("01/06/2024"),
                           subsidy_increase_start_date=d("01/04/2024"))
    assert got == "fail" and isinstance(res, Result)
    assert res.money_at_risk == Decimal("351.70") and not res.notes


def test_increased_subsidy_money_stops_at_the_ri_end() -> None:
    got, res = run_subsidy(as_of="15/06/2024", ri_end_date=d("10/05/2024"), ri_decision_date=d("02/04/2024"),
                           piis_signed_date=d("20/04/2024"), piis_start_date=d("01/06/2024"),
                           subsidy_increase_start_date=d("01/04/2024"), category=1)
    assert isinstance(res, Result) and res.money_at_risk == Decimal("148.57")  # (626,74 + 858,97) x 10 %


def test_increased_subsidy_money_whole_months_only_by_parameter() -> None:
    checklist = with_params("increased-subsidy", count_started_months=False)
    got, res = run_subsidy(as_of="15/06/2024", ri_decision_date=d("02/04/2024"), checklist=checklist,
                           piis_signed_date=d("20/04/2024"), piis_start_date=d("01/06/2024"),
                           subsidy_increase_start_date=d("01/04/2024"))
    assert isinstance(res, Result) and res.money_at_risk == Decimal("222.86")  # (940,11 + 1.288,46) x 10 %


def test_increased_subsidy_money_before_the_table_has_a_note() -> None:
    got, res = run_subsidy(subsidy_increase_start_date=d("01/10/2017"))
    assert isinstance(res, Result) and res.money_at_risk == Decimal("564.07")  # 6 x 940,11 x 10 %
    assert [n.key for n in res.notes] == ["note_amount_before_table"]


def test_increased_subsidy_without_category_still_fails_without_estimate() -> None:
    got, res = run_subsidy(subsidy_increase_start_date=d("01/10/2017"), category=None)
    assert got == "fail" and isinstance(res, Result) and res.money_at_risk is None
    assert [n.key for n in res.notes] == ["note_no_estimate_category"]


def test_increased_subsidy_without_piis_counts_from_the_claim_start() -> None:
    got, res = run_subsidy(piis_signed_date=None, piis_start_date=None, ri_monthly_amount=Decimal("900"))
    assert got == "fail" and isinstance(res, Result) and res.money_at_risk == Decimal("450.00")  # Nov..Mar
    got, res = run_subsidy(piis_signed_date=None, piis_start_date=None, subsidy_increase_start_date=None)
    assert isinstance(res, Result) and res.money_at_risk is None
    assert [n.key for n in res.notes] == ["note_no_estimate_start"]


def test_increased_subsidy_pass_has_no_money_at_risk() -> None:
    _, res = run_subsidy()
    assert isinstance(res, Result) and res.money_at_risk is None
    assert res.reason is not None and res.reason.key == "conditions_met"  # the conditions met, no money
    assert "money_at_risk" not in res.reason.params


def test_increased_subsidy_month_end_note_and_rule() -> None:
    changes: dict[str, Any] = {"piis_signed_date": d("31/01/2018"), "piis_start_date": d("28/02/2018"),
               "subsidy_increase_start_date": d("01/01/2018")}
    got, res = run_subsidy(**changes)
    assert got == "pass" and isinstance(res, Result)
    assert [n.key for n in res.notes] == ["common.note.month_end"]
    # docs/questions.md: the limit is the last day of February whatever the period rule
    strict = load_bundled("day_before_clamped")
    assert run_subsidy(checklist=strict, **changes)[0] == "pass"


def test_increased_subsidy_absent_column_is_missing_data_unless_it_fails() -> None:
    ctx = make_context(d("01/03/2018"), results=dep_results(), absent={"subsidy_increase_start_date"},
                       **{**EXAMPLE, "subsidy_increase_start_date": None})
    got, exc = run("increased-subsidy", ctx)
    assert got == "missing_data" and isinstance(exc, MissingData) and exc.why == "no_column"
    ctx = make_context(d("01/03/2018"), results=dep_results(evaluations="fail"),
                       absent={"subsidy_increase_start_date"},
                       **{**EXAMPLE, "subsidy_increase_start_date": None})
    assert run("increased-subsidy", ctx)[0] == "fail"


# --------------------------------------------------------------------------- alimony

STUDENT: dict[str, Any] = {"birth_date": d("02/05/2008"), "ri_decision_date": d("10/09/2025"), "full_time_studies": True,
           "piis_signed_date": d("01/10/2025"), "piis_type": "student"}
ADULT: dict[str, Any] = {**STUDENT, "birth_date": d("02/05/2005")}


@pytest.mark.parametrize(("fields", "verdict", "key"), [
    ({**STUDENT, "full_time_studies": False}, "not_applicable", "not_applicable"),
    ({**STUDENT, "piis_signed_date": None}, "not_applicable", "not_applicable"),
    ({**STUDENT, "full_time_studies": None}, "missing_data", None),
    ({**STUDENT, "alimony_investigation_date": d("20/09/2025")}, "pass", None),
    ({**STUDENT, "alimony_investigation_date": d("01/09/2025")}, "pass", None),
    (STUDENT, "fail", "no_investigation_minor"),
    ({**STUDENT, "birth_date": d("10/09/2007"), "family_allowances_paid": False}, "not_applicable", None),
    ({**ADULT, "family_allowances_paid": None}, "missing_data", None),
    ({**ADULT, "family_allowances_paid": False}, "not_applicable", "not_applicable"),
    ({**ADULT, "family_allowances_paid": True}, "fail", "no_investigation_allowances"),
    ({**ADULT, "family_allowances_paid": True, "recovery_decision": "waive",
      "recovery_decision_date": d("25/09/2025")}, "pass", None),
    ({**ADULT, "family_allowances_paid": True, "recovery_decision": "waive"}, "fail", None),
    ({**ADULT, "family_allowances_paid": True, "recovery_decision": "recover",
      "recovery_decision_date": d("25/09/2025")}, "fail", None),
    ({**STUDENT, "birth_date": None, "family_allowances_paid": True}, "fail", "no_investigation_allowances"),
    ({**STUDENT, "birth_date": None, "family_allowances_paid": False}, "missing_data", None),
])
def test_alimony_investigation(fields: dict[str, Any], verdict: str, key: str | None) -> None:
    got, res = run("alimony-investigation", make_context(d("01/12/2025"), **fields))
    assert got == verdict, res
    if key is not None:
        assert isinstance(res, Result) and res.reason is not None and res.reason.key == key


def test_alimony_investigation_missing_data_fields() -> None:
    _, exc = run("alimony-investigation", make_context(d("01/12/2025"), **{**ADULT, "family_allowances_paid": None}))
    assert isinstance(exc, MissingData) and exc.fields == ("family_allowances_paid",)
    _, exc = run("alimony-investigation", make_context(d("01/12/2025"), **{**STUDENT, "birth_date": None}))
    assert isinstance(exc, MissingData) and exc.fields == ("birth_date", "family_allowances_paid")


INVESTIGATED: dict[str, Any] = {**STUDENT, "alimony_investigation_date": d("20/10/2025")}
RECOVER: dict[str, Any] = {**INVESTIGATED, "recovery_decision": "recover", "recovery_decision_date": d("05/11/2025"),
           "recovery_notified_applicant_date": d("07/11/2025")}


@pytest.mark.parametrize(("fields", "as_of", "verdict", "key"), [
    ({**INVESTIGATED, "full_time_studies": False}, "15/12/2025", "not_applicable", "not_applicable"),
    ({**ADULT, "alimony_investigation_date": d("20/10/2025")}, "15/12/2025", "missing_data", None),
    (STUDENT, "15/12/2025", "not_applicable", "no_investigation"),
    # docs/questions.md question 11 (settled): a waiver decided without investigation applies, and must
    # be notified to the applicant.
    ({**STUDENT, "recovery_decision": "waive", "recovery_decision_date": d("25/10/2025")}, "15/12/2025",
     "fail", "decision_incomplete_waiver"),
    ({**STUDENT, "recovery_decision": "waive"}, "15/12/2025", "not_applicable", "no_investigation"),
    ({**RECOVER, "recovery_notified_debtors_date": d("07/11/2025")}, "15/12/2025", "pass", None),
    ({**RECOVER, "recovery_decision": "waive"}, "15/12/2025", "pass", None),
    (INVESTIGATED, "19/11/2025", "pending", "awaiting_decision"),
    (INVESTIGATED, "20/11/2025", "fail", "decision_incomplete"),
    (RECOVER, "10/11/2025", "pending", "awaiting_decision"),
    (RECOVER, "15/12/2025", "fail", "decision_incomplete"),
    ({**RECOVER, "recovery_decision": "waive", "recovery_decision_date": None}, "15/12/2025", "fail", None),
    ({**RECOVER, "recovery_decision": "waive", "recovery_notified_applicant_date": None}, "15/12/2025",
     "fail", None),
])
def test_alimony_recovery_decision(fields: dict[str, Any], as_of: str, verdict: str, key: str | None) -> None:
    got, res = run("alimony-recovery-decision", make_context(d(as_of), **fields))
    assert got == verdict, res
    if key is not None:
        assert isinstance(res, Result) and res.reason is not None and res.reason.key == key


def test_alimony_recovery_names_what_is_missing_with_due_date_and_action() -> None:
    _, res = run("alimony-recovery-decision", make_context(d("10/11/2025"), **RECOVER))
    assert isinstance(res, Result) and res.reason is not None
    assert [m.key for m in res.reason.params["missing"]] == ["field.recovery_notified_debtors_date"]  # by its label
    assert res.due_date == d("19/11/2025")
    assert res.action is not None and res.action.key == "action_decide_recovery"
    # Overdue: the fail keeps the date it fell due and the action, for the to-do lists.
    _, res = run("alimony-recovery-decision", make_context(d("20/11/2025"), **INVESTIGATED))
    assert isinstance(res, Result) and res.reason is not None and res.due_date == d("19/11/2025")
    assert res.action is not None and res.action.key == "action_decide_recovery"
    assert [m.key for m in res.reason.params["missing"]] == [
        "field.recovery_decision", "field.recovery_decision_date", "field.recovery_notified_applicant_date"]


def test_alimony_recovery_waiver_without_investigation() -> None:
    waived = {**STUDENT, "recovery_decision": "waive", "recovery_decision_date": d("25/10/2025")}
    got, res = run("alimony-recovery-decision", make_context(d("15/12/2025"), **waived))
    assert got == "fail" and isinstance(res, Result) and res.reason is not None
    assert res.reason.key == "decision_incomplete_waiver"
    assert [m.key for m in res.reason.params["missing"]] == ["field.recovery_notified_applicant_date"]
    waived["recovery_notified_applicant_date"] = d("30/10/2025")
    assert run("alimony-recovery-decision", make_context(d("15/12/2025"), **waived))[0] == "pass"


# --------------------------------------------------------------------------- the bundled checklist


def test_fragment_matches_the_kinds() -> None:
    """Each question has a template in every language for every key its kind may emit, and its
    params are exactly the kind's, with the module's defaults."""
    # The defaults of docs/questions.md (and the choices documented in the YAML), as shipped.
    defaults = {
        "evaluations": {"window_months": 12, "evaluations_per_year": 3, "personal_interviews_per_year": 2,
                        "partial_window_minimum": 1, "days_per_year": 365, "partial_days_inclusive": True},
        "sanctions": {"max_months": 1, "repeat_max_months": 3, "repeat_within_months": 12, "start_by_month": 3,
                      "same_day_counts_as_before": False, "note_from_sanction": 3},
        "increased-subsidy": {"start_delay_months": 1, "count_started_months": True},
        "alimony-investigation": {"debtor_age_limit": 18},
        "alimony-recovery-decision": {"decision_months": 1},
    }
    hand_tested = [q for q in CHECKLIST.questions if q.id in defaults]
    assert [q.id for q in hand_tested] == list(defaults)
    for q in hand_tested:
        kind = get_kind(q.kind)
        assert kind.id == q.id
        assert set(q.reasons) == set(kind.reasons), q.id
        assert all(set(texts) == set(LANGS) and all(texts.values()) for texts in q.reasons.values())
        assert set(q.params) == set(kind.params) and dict(q.params) == defaults[q.id], q.id
        assert q.inspection_wording and q.legal_basis and kind.doc


def test_fragment_amounts_are_the_domain_amounts() -> None:
    assert [(r.valid_from, r.amounts[1], r.amounts[2], r.amounts[3]) for r in CHECKLIST.amounts] == [
        (d("01/01/2020"), Decimal("626.74"), Decimal("940.11"), Decimal("1270.51")),
        (d("01/05/2024"), Decimal("858.97"), Decimal("1288.46"), Decimal("1741.29")),
        (d("01/02/2025"), Decimal("876.13"), Decimal("1314.20"), Decimal("1776.07"))]


def test_short_reflection_is_a_note_by_default_and_a_fail_by_parameter() -> None:
    values = {**STUDENT, "draft_given_date": d("01/10/2025"), "piis_signed_date": d("03/10/2025"),
              "signed_beneficiary": True, "signed_cpas": True}
    ctx = make_context(d("15/12/2025"), **values)
    _, res = run("signatures", ctx)
    assert isinstance(res, Result)
    assert res.verdict is Verdict.PASS and [n.key for n in res.notes] == ["short_reflection"]
    strict = with_params("signatures", short_reflection_fails=True)
    ctx = make_context(d("15/12/2025"), checklist=strict, **values)
    _, res = run("signatures", ctx)
    assert isinstance(res, Result)
    assert res.verdict is Verdict.FAIL and res.reason is not None and res.reason.key == "short_reflection"
    assert res.reason.params["days"] == 2


def test_evaluations_open_window_already_met_passes_without_action() -> None:
    """Three formalised evaluations (two in person) already in the running first window: the
    window is met (docs/questions.md question 7), so pass, with nothing for the to-do list."""
    values = {"piis_signed_date": d("01/02/2025"), "piis_start_date": d("01/02/2025")}
    evals = (ev("01/03/2025"), ev("01/05/2025"), ev("01/07/2025", interview=False))
    got, res = run("evaluations", make_context(d("01/09/2025"), evals=evals, **values))
    assert got == "pass" and isinstance(res, Result)
    assert res.due_date is None and res.action is None
    evals = evals[:2]
    got, res = run("evaluations", make_context(d("01/09/2025"), evals=evals, **values))
    assert got == "pending" and isinstance(res, Result)
    assert res.due_date == d("31/01/2026") and res.action is not None


def test_increased_subsidy_start_limit_ignores_the_period_month_end_rule() -> None:
    """Signed 31/01/2024: the start is due by 29/02/2024 (the last day of February), also when the
    checklist ends month periods the day before (``day_before_clamped`` would say 28/02)."""
    checklist = load_bundled("day_before_clamped")
    values = {"piis_signed_date": d("31/01/2024"), "piis_start_date": d("29/02/2024"),
              "subsidy_increase_claimed": True, "subsidy_increase_start_date": d("01/01/2024"),
              "ri_decision_date": d("20/12/2023")}
    got, res = run("increased-subsidy", make_context(d("01/04/2024"), checklist=checklist, results=dep_results(),
                                                     **values))
    assert got == "pass", res
    late = {**values, "piis_start_date": d("01/03/2024")}
    assert run("increased-subsidy", make_context(d("01/04/2024"), checklist=checklist, results=dep_results(),
                                                 **late))[0] == "fail"
