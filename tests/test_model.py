"""The hand-written ``__init__`` of the hot model classes must stay the dataclass's own."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
from typing import Any

import pytest

from piis_audit import model
from piis_audit.model import Case, CaseReport, Evaluation, Facts, Message, Result, Verdict

HAND_WRITTEN = [Evaluation, Case, Message, Result, Facts, CaseReport]


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return dataclasses.MISSING


def _required_args(cls: type) -> dict[str, Any]:
    return {f.name: f"<{f.name}>" for f in dataclasses.fields(cls) if _default(f) is dataclasses.MISSING}


@pytest.mark.parametrize("cls", HAND_WRITTEN, ids=lambda c: c.__name__)
def test_init_takes_exactly_the_fields_in_order(cls: type) -> None:
    params = list(inspect.signature(cls.__init__).parameters)[1:]
    assert params == [f.name for f in dataclasses.fields(cls)]


@pytest.mark.parametrize("cls", HAND_WRITTEN, ids=lambda c: c.__name__)
def test_init_sets_every_field_with_the_dataclass_defaults(cls: type) -> None:
    instance = cls(**_required_args(cls))
    for f in dataclasses.fields(cls):
        expected = _default(f)
        got = getattr(instance, f.name)
        if expected is dataclasses.MISSING:
            assert got == f"<{f.name}>"
        else:
            assert got == expected, f.name
    stored = set(vars(instance)) if hasattr(instance, "__dict__") else {
        name for name in cls.__slots__ if hasattr(instance, name)}
    assert stored == {f.name for f in dataclasses.fields(cls)}


@pytest.mark.parametrize("cls", HAND_WRITTEN, ids=lambda c: c.__name__)
def test_instances_stay_frozen_and_replaceable(cls: type) -> None:
    instance = cls(**_required_args(cls))
    first = dataclasses.fields(cls)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(instance, first, "changed")
    changed = dataclasses.replace(instance, **{first: "changed"})
    assert getattr(changed, first) == "changed"
    assert getattr(instance, first) == f"<{first}>"
    assert changed != instance and dataclasses.replace(instance) == instance


def test_mutable_defaults_are_not_shared() -> None:
    a, b = Message("k"), Message("k")
    assert a.params == {} and a.params is not b.params
    r = Result("q", Verdict.PASS)
    assert r.evidence == {} and r.evidence is not Result("q", Verdict.PASS).evidence


def test_positional_and_keyword_construction_agree() -> None:
    day = dt.date(2024, 3, 1)
    assert Evaluation(3, day, True, None) == Evaluation(row=3, evaluation_date=day, personal_interview=True,
                                                        report_present=None)
    assert repr(Message("k", {"a": 1})) == "Message(key='k', params={'a': 1})"
    assert model.Result("q", Verdict.FAIL, Message("r")).reason == Message("r")
