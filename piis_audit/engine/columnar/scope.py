"""What a columnar decision sees: the cases and their derived facts as one frame, and the
cases fields read by their empty-class rules (``schema.EmptyMeans``) as value + error."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from piis_audit.checklist.expressions import compile_expression
from piis_audit.checklist.model import Checklist
from piis_audit.dates import month_end_rule
from piis_audit import dates_frames
from piis_audit.engine.columnar.columns import STRINGS
from piis_audit.engine.columnar.expressions import Compiled, ExpressionCompiler, error_struct
from piis_audit.frames import EMPTY, ExportFrames

Error = pl.Expr | None


@dataclass
class Scope:
    """One audit's frames, facts, checklist and as-of date, as the decisions read them."""

    frames: ExportFrames
    frame: pl.DataFrame  # cases columns + derived facts, one row per case
    checklist: Checklist
    as_of: pl.Expr  # a date literal, or a column when each case has its own (fixtures)
    compiler: ExpressionCompiler
    results: dict[str, pl.DataFrame] = field(default_factory=dict)

    def param(self, name: str) -> object:
        return self.checklist.param(name)

    def read(self, name: str) -> Compiled:
        """A cases field or derived fact read as an expression would read it."""
        return self.compiler.compile(compile_expression(name))

    def fact(self, name: str) -> tuple[pl.Expr, Error]:
        """A fact: empty is unknown (error naming it, with why)."""
        return pl.col(name), pl.when(pl.col(name).is_null()).then(self.error_of([name]))

    def step(self, name: str) -> tuple[pl.Expr, Error]:
        """A step, party or decision: empty is "not on file"; unreadable or unexported is an error."""
        if not self.frames.has_column("cases", name):
            return pl.col(name), self.error_of([name])
        return pl.col(name), pl.when(self.frames.invalid_expr("cases", name)).then(self.error_of([name]))

    def exception(self, name: str) -> tuple[pl.Expr, Error]:
        """An exception: empty is "not shown"; only an unreadable cell is an error."""
        return pl.col(name), pl.when(self.frames.invalid_expr("cases", name)).then(self.error_of([name]))

    def error_of(self, names: list[str], why: pl.Expr | None = None) -> pl.Expr:
        """An error naming ``names``; its cause is the first one's (empty, invalid, no column).
        Only ever used where the value is unknown (the ``empty`` default labels a cause, it
        never decides a verdict)."""
        cause = why if why is not None else self.frames.missing_why("cases", names[0]).fill_null(pl.lit(EMPTY))
        return error_struct(pl.lit(names, dtype=STRINGS), cause)

    def derived(self, name: str) -> tuple[pl.Expr, Error]:
        """A derived fact; an error where the facts list the fields that prevented it."""
        node = self.read(name)
        return node.value, node.error

    def period_end(self, start: pl.Expr, months: int | pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        """A month period with the checklist's month-end rule: (last day, clamped)."""
        return dates_frames.month_period_end(start, months, month_end_rule(str(self.param("month_end_rule"))))


def first_unknown_error(scope: Scope, unknown: pl.Expr, pairs: list[tuple[pl.Expr, str]]) -> pl.Expr:
    """The error of a list of unknown flags (``unknown``, built from the (is unknown, name)
    ``pairs`` in order): every one named, the first one's cause."""
    why: Any = None
    for is_unknown, name in pairs:
        cause = scope.frames.missing_why("cases", name).fill_null(pl.lit(EMPTY))
        why = pl.when(is_unknown).then(cause) if why is None else why.when(is_unknown).then(cause)
    assert why is not None
    return pl.when(unknown.list.len() > 0).then(error_struct(unknown, why.otherwise(pl.lit(EMPTY))))


def as_of_expr(as_of: dt.date | pl.Expr) -> pl.Expr:
    """The as-of date as an expression (a literal, or a column when each case has its own)."""
    return as_of if isinstance(as_of, pl.Expr) else pl.lit(as_of, dtype=pl.Date)


