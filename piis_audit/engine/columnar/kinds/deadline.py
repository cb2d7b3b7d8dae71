"""``deadline`` (see :mod:`piis_audit.questions.deadline`)."""

from __future__ import annotations

import polars as pl

from piis_audit import dates_frames
from piis_audit.checklist.model import Question
from piis_audit.engine.columnar.columns import is_true
from piis_audit.engine.columnar.kinds.labels import field_message
from piis_audit.engine.columnar.outcome import (FAIL, NOT_APPLICABLE, PASS, PENDING, Note, Rule,
                                                evidence_json, missing_rule)
from piis_audit.engine.columnar.scope import Scope


def start_of_deadline() -> tuple[pl.Expr, pl.Expr]:
    """(the field the deadline runs from, its value)."""
    start_field = pl.col("deadline_from").fill_null(pl.lit("ri_decision_date"))  # a field name, not a value
    start = pl.when(start_field == "piis_request_date").then(pl.col("piis_request_date")) \
        .otherwise(pl.col("ri_decision_date"))
    return start_field, start


def month_end_note(scope: Scope) -> Note:
    """The facts' note: the deadline's start day does not exist in the target month."""
    start = pl.col("deadline_start")
    months = scope.param("deadline_months")
    assert isinstance(months, int)  # the loader checked its type and range
    return Note("common.note.month_end", {"start": start, "months": pl.lit(months),
                                          "day": start.dt.day().cast(pl.Int64), "end": pl.col("deadline")},
                is_true(pl.col("deadline_clamped")))


def ri_ended_note(deadline: pl.Expr) -> Note:
    start_field, start = start_of_deadline()
    return Note("ri_ended", {"ri_end": pl.col("ri_end_date"), "deadline": deadline, "start": start,
                             "start_field": field_message(start_field)})


def no_deadline(deadline: pl.Expr) -> Rule:
    """No deadline, though it is not unknown: no PIIS is mandatory, so a question that needs the
    deadline does not apply, whatever a checklist's ``applies_if`` let through."""
    return Rule(deadline.is_null(), NOT_APPLICABLE, "not_applicable")


def decide(scope: Scope, q: Question) -> list[Rule]:
    deadline, deadline_error = scope.derived("deadline")
    _, concluded_error = scope.derived("piis_concluded")
    ri_end, ri_end_error = scope.step("ri_end_date")
    start_field, start = start_of_deadline()
    signed = pl.when(is_true(pl.col("piis_concluded"))).then(pl.col("conclusion_date"))
    common = {"deadline": deadline, "start": start, "start_field": field_message(start_field)}  # by its label
    notes = [month_end_note(scope)]
    evidence = evidence_json([(start_field, start), ("deadline", deadline), ("piis_signed_date", signed)])
    ended_evidence = evidence_json([(start_field, start), ("deadline", deadline), ("piis_signed_date", signed),
                                    ("ri_end_date", ri_end)])
    rules = [missing_rule(e) for e in (deadline_error,) if e is not None]
    rules.append(no_deadline(deadline))
    rules += [missing_rule(e) for e in (concluded_error,) if e is not None]
    assert ri_end_error is not None
    return [
        *rules,
        Rule(signed.is_not_null() & (signed <= deadline), PASS, "on_time",
             {"signed": signed, **common}, notes, evidence=evidence),
        Rule(signed.is_not_null(), FAIL, "late",
             {"signed": signed, "days_late": dates_frames.days_between(deadline, signed), **common}, notes,
             evidence=evidence),
        missing_rule(ri_end_error),
        Rule(ri_end.is_not_null() & (ri_end < deadline), NOT_APPLICABLE, "ri_ended", {"ri_end": ri_end, **common},
             [*notes, ri_ended_note(deadline)], evidence=ended_evidence),
        Rule(scope.as_of > deadline, FAIL, "not_concluded",
             {"days_late": dates_frames.days_between(deadline, scope.as_of), **common}, notes, deadline,
             evidence=evidence, action="action_conclude"),
        Rule(pl.lit(True), PENDING, "pending",
             {"days_left": dates_frames.days_between(scope.as_of, deadline), **common}, notes, deadline,
             evidence=evidence, action="action_conclude"),
    ]
