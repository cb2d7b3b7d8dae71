"""Which questions of a checklist read which field (``piis-audit fields``, missing columns).

A question reads:

* what its check kind declares (:attr:`~piis_audit.questions.interface.CheckKind.reads`):
  ``"table.field"`` entries, and ``"facts.NAME"`` for a derived fact it uses;
* the names of its ``applies_if`` expression, and of the ``when`` expressions in its params;
* the fields its params name (``mentions: [mention_duration, …]``);
* for every derived fact among those, the fields the fact is computed from
  (:mod:`piis_audit.engine.columnar.facts`), so ``applies_if: piis_concluded`` reads ``piis_signed_date``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from piis_audit.checklist.expressions import ExpressionError, compile_expression
from piis_audit.checklist.model import Checklist, Question
from piis_audit.questions import get_kind
from piis_audit.schema import CASES, TABLES

_NEW = ("cases.ri_in_previous_3_months", "cases.previous_ri_end_date", "cases.ri_decision_date")
_AGE = ("cases.birth_date", "cases.ri_decision_date")
_MANDATORY = (*_AGE, *_NEW, "cases.complementary_ri_with_work", "cases.employment_measure",
              "cases.full_time_studies", "cases.employment_trajectory", "cases.moved_from_other_cpas",
              "cases.piis_requested_by")

# The fields each derived fact is computed from (piis_audit/engine/columnar/facts.py).
FACT_FIELDS: Mapping[str, tuple[str, ...]] = {
    "age": _AGE,
    "new_beneficiary": _NEW,
    "piis_mandatory": _MANDATORY,
    "mandatory_by_request": _MANDATORY,
    "piis_concluded": ("cases.piis_signed_date",),
    "conclusion_date": ("cases.piis_signed_date",),
    "exempted": ("cases.exemption_reason", "cases.exemption_decision_date"),
    "deadline": (*_MANDATORY, "cases.piis_request_date"),
    "has_sanctions": ("sanctions.case_id", "sanctions.decision_date"),
    "has_evaluations": ("evaluations.case_id", "evaluations.evaluation_date"),
}


def _split(entry: str) -> tuple[str, str]:
    table, _, name = entry.partition(".")
    return table, name


def expand(entries: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(table, field) for each ``"table.field"`` entry; a ``"facts.NAME"`` entry gives the fields
    of that derived fact."""
    for entry in entries:
        table, name = _split(entry)
        if table == "facts":
            yield from (_split(e) for e in FACT_FIELDS[name])
        else:
            yield table, name


def _names(expression: str) -> Iterator[str]:
    """The entries an expression's names stand for (cases fields and derived facts)."""
    try:
        names = compile_expression(expression).names
    except ExpressionError:
        return
    for name in sorted(names):
        if name in FACT_FIELDS:
            yield f"facts.{name}"
        elif name in CASES.by_name:
            yield f"cases.{name}"


def _param_entries(value: Any) -> Iterator[str]:
    """Fields named in a question's params: field names in lists, ``{field, when}`` entries."""
    if isinstance(value, str):
        if value in CASES.by_name:
            yield f"cases.{value}"
    elif isinstance(value, Mapping):
        if isinstance(value.get("field"), str):
            yield from _param_entries(value["field"])
        if isinstance(value.get("when"), str):
            yield from _names(value["when"])
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _param_entries(item)


def question_reads(question: Question) -> frozenset[tuple[str, str]]:
    """Every (table, field) one question reads."""
    entries: list[str] = ["cases.case_id"]  # every question decides case by case
    try:
        entries.extend(get_kind(question.kind).reads)
    except KeyError:
        pass
    if question.applies_if:
        entries.extend(_names(question.applies_if))
    for name, value in question.params.items():
        if name == "mentions" or isinstance(value, (list, Mapping)):
            entries.extend(_param_entries(value))
    return frozenset(pair for pair in expand(entries)
                     if pair[0] in TABLES and pair[1] in TABLES[pair[0]].by_name)


def questions_reading(checklist: Checklist) -> dict[tuple[str, str], tuple[str, ...]]:
    """(table, field) -> the ids of the questions that read it, in checklist order."""
    out: dict[tuple[str, str], list[str]] = {}
    for question in checklist.questions:
        for pair in sorted(question_reads(question)):
            out.setdefault(pair, []).append(question.id)
    return {pair: tuple(ids) for pair, ids in out.items()}
