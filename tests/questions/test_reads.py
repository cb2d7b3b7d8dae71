"""Which questions read which field: the ``reads`` every check kind declares, kept in step with
its code, and :func:`questions_reading` over the bundled checklist."""

from __future__ import annotations

import ast
import importlib
import inspect
from collections import defaultdict

import pytest

from piis_audit.checklist.expressions import FACT_NAMES
from piis_audit.engine.checklists import load_checklist
from piis_audit.engine.columnar import facts
from piis_audit.questions import REGISTRY, get_kind
from piis_audit.questions.reads import FACT_FIELDS, expand, questions_reading
from piis_audit.schema import TABLES

FIELD_NAMES = {f.name for t in TABLES.values() for f in t.fields}


def _literals(module: object) -> set[str]:
    """The string constants of a module's code (docstrings left out)."""
    tree = ast.parse(inspect.getsource(module))  # type: ignore[arg-type]
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return {node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings}


def _kinds_by_module() -> dict[str, list[str]]:
    modules: dict[str, list[str]] = defaultdict(list)
    for kind_id, target in REGISTRY.items():
        modules[target.partition(":")[0]].append(kind_id)
    return modules


@pytest.mark.parametrize("module_name", sorted(_kinds_by_module()))
def test_every_field_a_kind_module_names_is_declared_in_its_reads(module_name: str) -> None:
    module = importlib.import_module(module_name)
    declared = {name for kind_id in _kinds_by_module()[module_name]
                for _, name in expand(get_kind(kind_id).reads)}
    decision = importlib.import_module(module_name.replace("piis_audit.questions.", "piis_audit.engine.columnar.kinds."))
    named = (_literals(module) | _literals(decision)) & FIELD_NAMES
    assert named - declared == set(), f"{module_name} reads fields its KIND does not declare"


@pytest.mark.parametrize("kind_id", sorted(REGISTRY))
def test_every_declared_read_is_a_field_or_a_derived_fact(kind_id: str) -> None:
    for entry in get_kind(kind_id).reads:
        table, _, name = entry.partition(".")
        if table == "facts":
            assert name in FACT_NAMES, entry
        else:
            assert table in TABLES and name in TABLES[table].by_name, entry


def test_the_facts_fields_cover_what_the_facts_module_reads() -> None:
    assert set(FACT_FIELDS) == set(FACT_NAMES)
    described = {name for fields in FACT_FIELDS.values() for _, name in expand(fields)}
    assert (_literals(facts) & FIELD_NAMES) - described == set()


def test_kinds_that_read_no_table_declare_nothing_only_when_params_say_what_they_read() -> None:
    assert get_kind("required-mentions").reads == ()
    assert all(get_kind(k).reads for k in REGISTRY if k != "required-mentions")


READING = questions_reading(load_checklist(None))


@pytest.mark.parametrize(("table", "field", "questions"), [
    ("evaluations", "report_present", ("evaluations",)),
    ("evaluations", "personal_interview", ("evaluations",)),
    ("sanctions", "warning_date", ("sanctions",)),
    ("cases", "mention_duration", ("mandatory-mentions",)),
    ("cases", "piis_type", ("student-mentions",)),
    ("cases", "subsidy_increase_start_date", ("increased-subsidy",)),
    ("cases", "recovery_notified_debtors_date", ("alimony-recovery-decision",)),
    ("cases", "social_balance_date", ("social-balance",)),
])
def test_questions_reading_a_field(table: str, field: str, questions: tuple[str, ...]) -> None:
    assert READING[(table, field)] == questions


def test_applies_if_and_when_expressions_count_as_reads() -> None:
    # applies_if: piis_concluded -> the signature date, for every question on a concluded PIIS
    assert {"social-balance", "mandatory-mentions", "signatures", "evaluations", "deadline",
            "absence-motivated"} <= set(READING[("cases", "piis_signed_date")])
    # the mention of the third party's role is required "when: third_party"
    assert "mandatory-mentions" in READING[("cases", "third_party")]
    # applies_if: has_sanctions reads the sanctions table
    assert READING[("sanctions", "case_id")] == ("sanctions",)
    # the deadline (a derived fact) rests on the age, hence the birth date
    assert {"deadline", "absence-motivated", "alimony-investigation"} <= set(READING[("cases", "birth_date")])


def test_questions_are_listed_in_checklist_order() -> None:
    order = [q.id for q in load_checklist(None).questions]
    for ids in READING.values():
        assert list(ids) == sorted(ids, key=order.index)


def test_fields_no_question_reads() -> None:
    unread = {name for (table, name) in
              [(t.name, f.name) for t in TABLES.values() for f in t.fields] if (table, name) not in READING}
    assert {"social_worker", "office", "beneficiary_name"} <= unread
    assert "report_present" not in unread


def test_every_question_reads_the_case_id() -> None:
    checklist = load_checklist()
    assert questions_reading(checklist)[("cases", "case_id")] == tuple(q.id for q in checklist.questions)
