"""Runs a checklist over the cases of an export: one result per case per question.

Linear in the number of cases and of their child rows: facts once per case, each question once
per case in dependency order, every expression parsed once per audit.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from typing import Any

from piis_audit import __version__
from piis_audit.checklist.expressions import (EXPRESSION_NAMES, Evaluator, UnknownValue, bind_expression,
                                              compile_expression)
from piis_audit.checklist.loader import evaluation_order
from piis_audit.checklist.model import Checklist, Question
from piis_audit.engine.facts import compute_facts
from piis_audit.gcpause import gc_paused
from piis_audit.model import AuditReport, Case, CaseReport, ExportData, Message, Result, Verdict
from piis_audit.questions import get_kind
from piis_audit.questions.interface import CaseContext, Check, MissingData, NotApplicable, reader

ProgressCallback = Callable[[int, int], None]


def missing_data_result(question: Question, exc: MissingData | UnknownValue) -> Result:
    """The verdict for a value needed to decide that is empty, unreadable or not exported."""
    return Result(question=question.id, verdict=Verdict.MISSING_DATA,
                  reason=Message(f"common.missing.{exc.why}", {"fields": list(exc.fields)}))


class _Plan:
    """Per-question state prepared once per audit."""

    def __init__(self, question: Question) -> None:
        self.question = question
        self.check: Check = get_kind(question.kind).check
        expression = (compile_expression(question.applies_if, EXPRESSION_NAMES)
                      if question.applies_if else None)
        # The condition as one callable over the case (a closure when its shape has one).
        evaluator = Evaluator()
        self.applies: Callable[[CaseContext], Any] | None = (
            None if expression is None else bind_expression(expression, reader)
            or (lambda ctx: evaluator.evaluate(expression, ctx.lookup)))
        # Results are immutable: every case the question does not apply to shares this one.
        self.not_applicable = Result(question=question.id, verdict=Verdict.NOT_APPLICABLE,
                                     reason=Message("not_applicable"))


# The reasons of a child row rejected for want of its date (loader.py), and what they make its
# values: the row exists, its date is unknown.
_REJECTED_WHY = {"inputs.row.date_empty": "empty", "inputs.row.date_unreadable": "invalid"}


def rejected_children(export: ExportData) -> dict[str, tuple[tuple[str, str], ...]]:
    """case id -> (table, why) of each of its evaluation or sanction rows rejected for want of
    its date, once per audit."""
    found: dict[str, list[tuple[str, str]]] = {}
    for row in export.rejected:
        why = _REJECTED_WHY.get(row.text.key) if row.text is not None else None
        if why is not None and row.case_id is not None and row.table in ("evaluations", "sanctions"):
            found.setdefault(row.case_id, []).append((row.table, why))
    return {case_id: tuple(rows) for case_id, rows in found.items()}


def audit_case(case: Case, checklist: Checklist, plans: list[_Plan], export: ExportData,
               as_of: dt.date, order: Callable[[dict[str, Result]], tuple[Result, ...]],
               no_column: dict[str, set[str]],
               rejected: tuple[tuple[str, str], ...] = ()) -> CaseReport:
    """Facts once, then every question in dependency order; results in checklist order
    (``order`` picks them from the results by id). Adds to ``no_column`` the columns a question
    needed that the export lacks. ``rejected``: the case's child rows rejected for want of a date."""
    facts = compute_facts(case, checklist, export.columns.get("cases", frozenset()))
    ctx = CaseContext(case=case, facts=facts, as_of=as_of, checklist=checklist, export=export,
                      rejected=rejected)
    results = ctx.results
    for plan in plans:
        q = plan.question
        applies = plan.applies
        try:
            if applies is not None and not applies(ctx):
                result = plan.not_applicable
            else:
                result = plan.check(ctx, q)
        except NotApplicable:  # a fact the question needs does not exist (no deadline: nothing mandatory)
            result = plan.not_applicable
        except (MissingData, UnknownValue) as exc:  # UnknownValue: an empty value reached a comparison
            result = missing_data_result(q, exc)
            if exc.why == "no_column":
                no_column.setdefault(q.id, set()).update(
                    f for f in exc.fields if f in ctx.unexported or not _exported(export, f))
        if ctx.unexported:  # read without a column, whatever the verdict
            no_column.setdefault(q.id, set()).update(ctx.unexported)
            ctx.unexported.clear()
        results[q.id] = result
    return CaseReport(case, facts, order(results))


def _exported(export: ExportData, name: str) -> bool:
    """Whether some table of the export has a column ``name``."""
    return any(name in columns for columns in export.columns.values())


def run_audit(export: ExportData, checklist: Checklist, as_of: dt.date, *,
              progress: ProgressCallback | None = None) -> AuditReport:
    """Audit every case of ``export`` against ``checklist`` at ``as_of``."""
    plans = [_Plan(q) for q in evaluation_order(checklist)]
    ids = [q.id for q in checklist.questions]
    pick = operator.itemgetter(*ids)
    order: Callable[[dict[str, Result]], tuple[Result, ...]] = (
        pick if len(ids) > 1 else (lambda results: (pick(results),)))
    no_column: dict[str, set[str]] = {}
    reports: list[CaseReport] = []
    total = len(export.cases)
    rejected = rejected_children(export)
    with gc_paused():
        for index, case in enumerate(export.cases, 1):
            reports.append(audit_case(case, checklist, plans, export, as_of, order, no_column,
                                      rejected.get(case.case_id, ())))
            if progress is not None and (index % 2000 == 0 or index == total):
                progress(index, total)
    return AuditReport(tool_version=__version__, checklist=checklist, as_of=as_of, export=export,
                       cases=tuple(reports), generated_at=dt.datetime.now().replace(microsecond=0),
                       missing_columns={q: tuple(sorted(no_column[q])) for q in ids if q in no_column})
