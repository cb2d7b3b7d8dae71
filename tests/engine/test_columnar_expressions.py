"""applies_if compiled to polars decides as an independent evaluation of the same condition
(simpleeval, over each case's values and facts) wherever every value it names is known; where
one is unknown, it gives missing_data naming only unknown values, or a verdict; and what cannot
be compiled is refused with the expression's text."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import random
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from simpleeval import EvalWithCompoundTypes

from piis_audit.checklist.expressions import compile_expression
from piis_audit.checklist.model import Checklist
from piis_audit.demo import DEMO_AS_OF, DEMO_EXPORT_DIR
from piis_audit.demo.generate import generate
from piis_audit.demo.writers import csv_cell
from piis_audit.engine.checklists import load_checklist
from piis_audit.engine.columnar.expressions import CompileError, ExpressionCompiler, truthy
from piis_audit.engine.runner import run_audit
from piis_audit.frames import ExportFrames
from piis_audit.inputs.loader import load_export
from piis_audit.model import Verdict
from piis_audit.schema import CASES, TABLES, FieldType

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

QUESTION = "mandatory-mentions"  # its kind never answers not_applicable itself


def _with_condition(checklist: Checklist, condition: str) -> Checklist:
    """The checklist with ``mandatory-mentions`` applying only where ``condition`` holds."""
    questions = tuple(dataclasses.replace(q, applies_if=condition) if q.id == QUESTION else q
                      for q in checklist.questions)
    return dataclasses.replace(checklist, questions=questions, by_id={}, values={})


def _spoil(rows: list[dict[str, Any]], rng: random.Random) -> list[dict[str, Any]]:
    """Empty about 5 % of the cells and make about 2 % unreadable (never the case id)."""
    out = []
    for row in rows:
        row = dict(row)
        for spec in TABLES["cases"].fields:
            if spec.name != "case_id":
                roll = rng.random()
                if roll < 0.05:
                    row[spec.name] = None
                elif roll < 0.07 and spec.type is not FieldType.TEXT:
                    row[spec.name] = "??"
        out.append(row)
    return out


@pytest.fixture(scope="module")
def spoiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = random.Random(3)
    cases, evaluations, sanctions = generate(1_500, 5, DEMO_AS_OF)
    folder = tmp_path_factory.mktemp("spoiled") / "export"
    folder.mkdir(parents=True)
    for table, rows in (("cases", _spoil(cases, rng)), ("evaluations", evaluations), ("sanctions", sanctions)):
        columns = [f.name for f in TABLES[table].fields if f.name != "moved_from_other_cpas"]
        with (folder / f"{table}.csv").open("w", encoding="cp1252", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(columns)
            writer.writerows([csv_cell(row.get(c)) for c in columns] for row in rows)
    return folder


@pytest.mark.parametrize("condition", CONDITIONS)
def test_compiled_conditions_decide_as_an_independent_evaluation(condition: str, spoiled: Path) -> None:
    names = compile_expression(condition).names - {"True", "False", "None"}
    checked = 0
    for folder in (DEMO_EXPORT_DIR, spoiled):
        report = run_audit(load_export([folder]), _with_condition(load_checklist(), condition), DEMO_AS_OF)
        for cr in report.cases:
            values: dict[str, Any] = {**cr.case.values, **cr.facts.as_dict(),
                                      "has_sanctions": bool(cr.case.sanctions),  # no date left empty here
                                      "has_evaluations": bool(cr.case.evaluations)}
            for name in names & set(CASES.by_name):  # an empty step or exception reads as "not on file"
                if (values[name] is None and f"in {name}" not in condition  # searched in: unknown
                        and CASES.by_name[name].type in (FieldType.BOOL, FieldType.TEXT)  # computed with: unknown and CASES.by_name[name].empty is not EmptyMeans.UNKNOWN
                        and name not in cr.case.invalid and report.export.has_column("cases", name)):
                    values[name] = ""
            result = cr.result(QUESTION)
            unknown = {n for n in names if values.get(n) is None}
            if not unknown:
                holds = EvalWithCompoundTypes(names={n: values[n] for n in names}).eval(condition)
                assert (result.verdict is Verdict.NOT_APPLICABLE) == (not holds), (cr.case.case_id, holds, result)
                checked += 1
            elif result.verdict is Verdict.MISSING_DATA and result.reason is not None:
                named = set(result.reason.params["fields"])
                mentions = {f for f in named if f.startswith("mention_")}
                # an unknown fact is named by the fields that left it unknown
                behind = {f for n in unknown for f in cr.facts.missing.get(n, ())}
                children = {"evaluation_date", "decision_date", "case_id"}
                assert named - mentions <= unknown | behind | children, (cr.case.case_id, named, unknown)
    assert checked > 20  # cases decided with every value known (the demo alone has 400)


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
