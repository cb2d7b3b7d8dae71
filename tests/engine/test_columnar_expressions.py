"""applies_if compiled to polars gives what the case-by-case evaluation gives: the same
not_applicable / missing_data (naming the same fields) for conditions of every shape the
expressions allow, on the demo and on an export with empty and unreadable cells; and what
cannot be compiled is refused with the expression's text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path

import polars as pl
import pytest

from piis_audit.checklist.expressions import compile_expression
from piis_audit.engine.checklists import load_checklist
from piis_audit.checklist.model import Checklist
from piis_audit.demo import DEMO_AS_OF, DEMO_EXPORT_DIR
from piis_audit.demo.generate import generate
from piis_audit.engine.columnar.expressions import CompileError, ExpressionCompiler, truthy
from piis_audit.frames import ExportFrames
from piis_audit.inputs.loader import load_export
from tests.engine.columnar_compare import compare
from tests.engine.test_columnar_equivalence import _spoil, _write

CONDITIONS = [
    "age < 25",
    "25 <= age < 40",
    "piis_type in ('student', 'employment')",
    "piis_type not in ['student']",
    "new_beneficiary or moved_from_other_cpas",
    "not (exempted or piis_concluded)",
    "category == 2 and has_sanctions",
    "has_evaluations and not mandatory_by_request",
    "age >= 18 and age <= 60",
    "piis_requested_by == 'cpas' or third_party",
    "full_time_studies != False",
    "age + 1 > 25",
    "age > -1",
    "2 * category >= 4",
    "'Antenne' in office",
    "'Nord' not in office",
    "'a' in beneficiary_name and age - 5 < 30",
]


def _with_condition(checklist: Checklist, condition: str) -> Checklist:
    """The checklist with ``signatures`` applying only where ``condition`` holds."""
    questions = tuple(dataclasses.replace(q, applies_if=condition) if q.id == "signatures" else q
                      for q in checklist.questions)
    return dataclasses.replace(checklist, questions=questions, by_id={}, values={})


@pytest.fixture(scope="module")
def spoiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = random.Random(3)
    cases, evaluations, sanctions = generate(1_500, 5, DEMO_AS_OF)
    folder = tmp_path_factory.mktemp("spoiled") / "export"
    _write(folder, {"cases": _spoil(cases, "cases", rng), "evaluations": evaluations, "sanctions": sanctions},
           {"moved_from_other_cpas"})
    return folder


@pytest.mark.parametrize("condition", CONDITIONS)
def test_compiled_conditions_decide_as_the_evaluator(condition: str, spoiled: Path) -> None:
    for folder in (DEMO_EXPORT_DIR, spoiled):
        checklist = _with_condition(load_checklist(), condition)
        export = load_export([folder])
        assert compare(export, checklist, DEMO_AS_OF) == []


def _frames(values: dict[str, list[object]], schema: dict[str, pl.DataType]) -> ExportFrames:
    frame = pl.DataFrame({"_case": list(range(len(next(iter(values.values()))))), **values},
                         schema={"_case": pl.Int32, **schema})
    return ExportFrames({"cases": frame}, {"cases": frozenset(values)})


def test_len_and_an_unknown_operand() -> None:
    frames = _frames({"office": ["Centre", None, "Nord"], "birth_date": [dt.date(2000, 1, 1), None, None]},
                     {"office": pl.String(), "birth_date": pl.Date()})
    compiler = ExpressionCompiler(frames)
    node = compiler.compile(compile_expression("len(office) > 4"))
    assert node.error is not None
    got = frames.frame("cases").select(holds=truthy(node), error=node.error)
    assert got["holds"].to_list() == [True, False, False]
    assert got["error"].to_list() == [None, {"fields": ["office"], "why": "empty"}, None]
    dated = compiler.compile(compile_expression("birth_date < ri_decision_date"))
    assert dated.error is not None
    errors = frames.frame("cases").with_columns(ri_decision_date=pl.lit(None, dtype=pl.Date)).select(dated.error)
    assert errors.to_series().to_list()[1] == {"fields": ["birth_date"], "why": "empty"}


def test_what_cannot_be_compiled_is_refused() -> None:
    frames = _frames({"office": ["x"]}, {"office": pl.String()})
    with pytest.raises(CompileError, match="age \\+ category"):
        ExpressionCompiler(frames).compile(compile_expression("age + category > 25"))
    with pytest.raises(CompileError, match="list of constants"):
        ExpressionCompiler(frames).compile(compile_expression("office in office"))
