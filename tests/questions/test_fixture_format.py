"""The fixture format itself (cases/README.md): a typo or an impossible value in a fixture is an
error, never an assertion that silently checks nothing; and the fixtures use what the format
offers (configs, notes, reason parameters, several cases with child rows in one export)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from piis_audit.engine.runner import run_audit
from piis_audit.inputs.loader import load_export
from piis_audit.model import Message
from tests.questions.fixture_rows import (Entry, FixtureError, checklist_with, entry_problems, fixture_files,
                                         load_fixture_file, load_fixture_text, merged_configs, notes_match,
                                         same_value, write_export)
from tests.questions.test_fixtures import groups

IDS = ["deadline", "evaluations", "sanctions", "signatures"]

GOOD = """
defaults: {ri_decision_date: "17/11/2016"}
cases:
  one:
    case: {piis_signed_date: "16/02/2017"}
    as_of: 2017-03-01
    expect: {deadline: pass}
"""


def _with(entry_line: str) -> str:
    return GOOD + "    " + entry_line + "\n"


def test_the_good_example_loads() -> None:
    (entry,) = load_fixture_text("x", GOOD, IDS)
    assert entry.case == {"ri_decision_date": "17/11/2016", "piis_signed_date": "16/02/2017"}
    assert entry.as_of == dt.date(2017, 3, 1)
    assert entry.configs == {}


@pytest.mark.parametrize(("line", "message"), [
    ("expect_note: {deadline: [common.note.month_end]}", "unknown key(s) expect_note"),
    ("expect_reason_param: {deadline: {days_late: 1}}", "unknown key(s) expect_reason_param"),
    ("config: {deadline_months: 4}", "unknown key(s) config"),
    ("expect_notes: {deadlines: []}", "'deadlines', not a question"),
    ("expect_reason: {signature: missing_signatures}", "'signature', not a question"),
    ("expect_notes: {deadline: common.note.month_end}", "a list of note keys"),
    ("expect_notes: {deadline: [{common.note.month_end: 2017-02-28}]}", "a list of note keys"),
    ("expect_fields: {deadline: piis_request_date}", "a list of names"),
    ("expect_reason_params: {deadline: []}", "a mapping of reason parameters"),
    ("absent_columns: [piis_signed]", "unknown field(s) piis_signed"),
    ("evaluations: [{evaluation_day: '01/01/2017'}]", "unknown evaluations field(s) evaluation_day"),
    ("sanctions: [{case_id: X, decision_date: '01/01/2017'}]", "case_id is given by the test"),
])
def test_an_unknown_or_malformed_key_is_an_error(line: str, message: str) -> None:
    with pytest.raises(FixtureError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_fixture_text("x", _with(line), IDS)


def test_a_wrong_verdict_or_case_field_is_an_error() -> None:
    with pytest.raises(FixtureError, match="'passed' is not a verdict"):
        load_fixture_text("x", GOOD.replace("{deadline: pass}", "{deadline: passed}"), IDS)
    with pytest.raises(FixtureError, match="unknown cases field"):
        load_fixture_text("x", GOOD.replace("piis_signed_date:", "piis_signature_date:"), IDS)
    with pytest.raises(FixtureError, match="must expect a verdict"):
        load_fixture_text("x", GOOD.replace("expect: {deadline: pass}", "expect: {}"), IDS)
    with pytest.raises(FixtureError, match="unknown key"):
        load_fixture_text("x", "default: {}\n" + GOOD, IDS)
    with pytest.raises(FixtureError, match="not an ISO date"):
        load_fixture_text("x", GOOD.replace("as_of: 2017-03-01", "as_of: 01/03/2017"), IDS)


@pytest.mark.parametrize(("configs", "message"), [
    ({"deadline_month": 4}, "'deadline_month' is neither a checklist parameter"),
    ({"evaluations": {"evaluations_a_year": 2}}, "question 'evaluations' has no parameter 'evaluations_a_year'"),
    ({"evaluations": 2}, "give it a mapping"),
    ({"deadline_months": 0}, "out of range"),
    ({"deadline_months": "4"}, "is not a whole number"),
    ({"subsidy_rate": 10}, "out of range"),
    ({"month_end_rule": "last_day"}, "is not one of"),
    ({"sanctions": {"max_months": -1}}, "out of range"),
    ({"signatures": {"short_reflection_fails": "yes"}}, "true or false"),
])
def test_configs_with_an_unknown_name_or_a_bad_value_fail_loudly(configs: dict[str, object], message: str) -> None:
    with pytest.raises(FixtureError, match=message):
        checklist_with(configs)


def test_configs_set_the_parameters_and_leave_the_rest() -> None:
    bundled = checklist_with({})
    changed = checklist_with({"deadline_months": 4, "evaluations": {"evaluations_per_year": 2}})
    assert changed.param("deadline_months") == 4
    assert changed.by_id["evaluations"].params["evaluations_per_year"] == 2
    assert changed.by_id["evaluations"].params["window_months"] == bundled.by_id["evaluations"].params["window_months"]
    assert changed.param("adult_age") == bundled.param("adult_age")
    assert changed.fingerprint != bundled.fingerprint
    assert checklist_with({"deadline_months": 4, "evaluations": {"evaluations_per_year": 2}}) is changed


def test_an_entry_s_configs_go_over_its_file_s() -> None:
    assert merged_configs({"deadline_months": 4, "sanctions": {"max_months": 2, "repeat_max_months": 4}},
                          {"sanctions": {"max_months": 3}, "adult_age": 26}) == {
        "deadline_months": 4, "sanctions": {"max_months": 3, "repeat_max_months": 4}, "adult_age": 26}
    text = "configs: {deadline_months: 4}\n" + _with("configs: {deadline_months: 5, adult_age: 30}")
    (entry,) = load_fixture_text("x", text, IDS)
    assert entry.configs == {"deadline_months": 5, "adult_age": 30}


def test_reason_parameters_are_compared_typed() -> None:
    day = dt.date(2017, 2, 16)
    assert same_value(day, day)
    assert not same_value("2017-02-16", day)  # a date is a YAML date, never its text
    assert not same_value("16/02/2017", day)
    assert same_value("376.04", Decimal("376.04"))
    assert same_value("376.040", Decimal("376.04"))
    assert not same_value(376.04, Decimal("376.04"))  # money is a Decimal string
    assert not same_value("376.05", Decimal("376.04"))
    assert same_value(1, 1) and not same_value(True, 1) and not same_value(1, True)
    assert not same_value("1", 1)
    assert same_value(["a", "b"], ("a", "b")) and not same_value(["b", "a"], ["a", "b"])
    assert not same_value(["a"], ["a", "b"])
    message = Message("x.no_warning", {"decision_date": day})
    assert same_value("x.no_warning", message)
    assert same_value({"x.no_warning": {"decision_date": day}}, message)
    assert not same_value({"x.no_warning": {"decision_date": dt.date(2017, 2, 17)}}, message)
    assert not same_value("x.other", message)


def test_notes_are_matched_exactly_in_any_order() -> None:
    end = Message("common.note.month_end", {"months": 12, "end": dt.date(2025, 2, 28)})
    later = Message("common.note.month_end", {"months": 24, "end": dt.date(2026, 2, 28)})
    pace = Message("behind_pace", {"formal": 1})
    assert notes_match([], [])
    assert notes_match(["behind_pace", "common.note.month_end"], [end, pace])
    assert not notes_match(["common.note.month_end"], [end, pace])  # a note too many
    assert not notes_match(["common.note.month_end", "common.note.month_end"], [end])  # one too few
    assert notes_match(["common.note.month_end", {"common.note.month_end": {"months": 12}}], [later, end])
    assert notes_match([{"common.note.month_end": {"months": 24, "end": dt.date(2026, 2, 28)}},
                        {"common.note.month_end": {"end": dt.date(2025, 2, 28)}}], [end, later])
    assert not notes_match([{"common.note.month_end": {"end": dt.date(2025, 2, 27)}}], [end])
    assert not notes_match([], [pace])


def test_a_leaked_child_row_is_caught(tmp_path: Path) -> None:
    """The one-export test's assertions see rows of another case: an evaluation of one fixture
    given to another's case changes what that case gets."""
    entries = {e.name: e for e in load_fixture_file(Path(__file__).parent / "cases" / "evaluations.yaml")}
    short = entries["complete_window_two_evaluations"]
    met = entries["complete_window_met"]
    leaked = dataclasses.replace(short, evaluations=short.evaluations + met.evaluations[1:2])
    write_export(tmp_path / "export", [("A", leaked)])
    report = run_audit(load_export([tmp_path / "export"]), checklist_with({}), short.as_of)
    assert entry_problems(short, report.cases[0], report)


def _all() -> list[list[Entry]]:
    return [load_fixture_file(p) for p in fixture_files()]


def test_every_question_file_uses_configs_and_reason_parameters() -> None:
    for entries in _all():
        name = entries[0].file
        assert any(e.raw.get("configs") for e in entries), f"{name}: no entry with configs"
        assert any(e.raw.get("expect_reason_params") for e in entries), f"{name}: no expect_reason_params"
        # a configs entry whose verdict differs from the same facts under the defaults
        plain = {(repr(sorted(e.case.items())), repr(e.evaluations), repr(e.sanctions), e.as_of): e
                 for e in entries if not e.configs}
        changed = [e for e in entries if e.configs and (repr(sorted(e.case.items())), repr(e.evaluations),
                                                         repr(e.sanctions), e.as_of) in plain]
        assert any(e.raw["expect"] != plain[(repr(sorted(e.case.items())), repr(e.evaluations), repr(e.sanctions),
                                             e.as_of)].raw["expect"] for e in changed), (
            f"{name}: no configs entry beside the same facts under the defaults with another verdict")


QUESTIONS_WITH_NOTES = ["absence-motivated", "deadline", "evaluations", "increased-subsidy", "sanctions",
                        "signatures"]


def test_files_of_questions_that_give_notes_assert_them() -> None:
    for entries in _all():
        if entries[0].file in QUESTIONS_WITH_NOTES:
            assert any((e.raw.get("expect_notes") or {}).get(e.file) for e in entries), (
                f"{entries[0].file}: no entry asserts a note of its question")


@pytest.mark.parametrize("name", ["evaluations", "sanctions"])
def test_child_rows_of_several_cases_share_one_export(name: str) -> None:
    entries = load_fixture_file(Path(__file__).parent / "cases" / f"{name}.yaml")
    table = "evaluations" if name == "evaluations" else "sanctions"
    sizes = [sum(1 for e in group if getattr(e, table)) for group in groups(entries)]
    assert max(sizes) >= 5, sizes
