"""Runs the questions of a checklist over the frames of an export, all cases at once.

For each question, in dependency order: its ``applies_if`` (missing_data where it reaches an
unknown value, not_applicable where false), then its kind's decision table. Returns one result
frame per question (:mod:`piis_audit.engine.columnar.outcome`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping

import polars as pl

from piis_audit.checklist.expressions import EXPRESSION_NAMES, compile_expression
from piis_audit.checklist.loader import evaluation_order
from piis_audit.checklist.model import Checklist, Question
from piis_audit.engine.columnar.expressions import ExpressionCompiler, applies
from piis_audit.engine.columnar.facts import child_facts, compute_facts
from piis_audit.engine.columnar.kinds import (absence, alimony, deadline, evaluations, increased_subsidy,
                                              mentions, sanctions, signatures, social_balance)
from piis_audit.engine.columnar.outcome import NOT_APPLICABLE, Rule, decide_rules, missing_rule
from piis_audit.engine.columnar.scope import Scope, as_of_expr
from piis_audit.frames import ExportFrames

Decide = Callable[[Scope, Question], list[Rule]]

# kind id -> its decision (the registry of questions/__init__.py names the same kinds).
DECIDERS: dict[str, Decide] = {
    "signatures": signatures.decide,
    "required-mentions": mentions.decide,
    "social-balance": social_balance.decide,
    "deadline": deadline.decide,
    "absence-motivated": absence.decide,
    "alimony-investigation": alimony.decide_investigation,
    "alimony-recovery-decision": alimony.decide_recovery,
    "increased-subsidy": increased_subsidy.decide,
    "sanctions": sanctions.decide,
    "evaluations": evaluations.decide,
}


def make_scope(frames: ExportFrames, checklist: Checklist, as_of: dt.date | pl.Expr) -> tuple[Scope, pl.DataFrame]:
    """(the cases frame with every derived fact beside it, the derived facts frame)."""
    facts = compute_facts(frames, checklist)
    children = child_facts(frames)
    frame = frames.frame("cases").hstack(facts.drop("_case")).hstack(children.drop("_case"))
    return Scope(frames, frame, checklist, as_of_expr(as_of), ExpressionCompiler(frames)), facts


def decide_question(scope: Scope, question: Question) -> pl.DataFrame:
    """One question's result frame."""
    rules: list[Rule] = []
    if question.applies_if:
        holds, error = applies(scope.compiler, compile_expression(question.applies_if, EXPRESSION_NAMES))
        if error is not None:
            rules.append(missing_rule(error))
        rules.append(Rule(~holds, NOT_APPLICABLE, "not_applicable"))
    saved = scope.frame
    rules += DECIDERS[question.kind](scope, question)  # may put per-case columns beside the cases
    frame, scope.frame = scope.frame, saved
    for dep in question.depends_on:  # the verdicts this question reads, beside each case
        if dep in scope.results:
            frame = frame.hstack(scope.results[dep].select(
                pl.col("verdict").alias(f"verdict:{dep}"), pl.col("reason_key").alias(f"reason_key:{dep}"),
                pl.col("reason_params").alias(f"reason_params:{dep}")))
    return decide_rules(frame, rules)


def run_checklist(frames: ExportFrames, checklist: Checklist, as_of: dt.date | pl.Expr,
                  ) -> tuple[pl.DataFrame, dict[str, pl.DataFrame]]:
    """(the derived facts frame, question id -> result frame) for every question of the
    checklist, decided in dependency order."""
    scope, facts = make_scope(frames, checklist, as_of)
    return facts, _decide(scope, None)


def run_columnar(frames: ExportFrames, checklist: Checklist, as_of: dt.date | pl.Expr,
                 only: Iterable[str] | None = None,
                 given: Mapping[str, pl.DataFrame] | None = None) -> dict[str, pl.DataFrame]:
    """question id -> result frame, for every question (or those in ``only``). ``given``: result
    frames of questions decided elsewhere (a test setting the verdicts a question depends on),
    read by the questions that depend on them."""
    scope, _ = make_scope(frames, checklist, as_of)
    scope.results.update(given or {})
    return _decide(scope, None if only is None else set(only))


def _decide(scope: Scope, wanted: set[str] | None) -> dict[str, pl.DataFrame]:
    """Each question (of ``wanted``, else all) decided in dependency order, its result kept in
    the scope for the questions that depend on it."""
    out: dict[str, pl.DataFrame] = {}
    for question in evaluation_order(scope.checklist):
        if wanted is None or question.id in wanted:
            out[question.id] = scope.results[question.id] = decide_question(scope, question)
    return out
