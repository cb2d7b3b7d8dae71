"""Decision tables over the scope frame: the first rule that holds gives a case its result.

A question's decision reads like its rule: a list of :class:`Rule` (condition, verdict, reason
key, reason parameters, notes, due date), unknowns first. :func:`decide_rules` turns it into the
result frame of one question: ``_case``, ``verdict``, ``reason_key``, ``reason_params`` (a JSON
object, exactly the reason's parameters; null when the verdict has no reason), ``notes`` (the
note keys), ``notes_params`` (one JSON object per note), ``due_date``, ``money_cents`` (the money at risk).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import polars as pl

RESULT_COLUMNS = ("_case", "verdict", "reason_key", "reason_params", "notes", "notes_params", "due_date",
                  "money_cents")

PASS, FAIL, PENDING, NOT_APPLICABLE, MISSING_DATA = "pass", "fail", "pending", "not_applicable", "missing_data"


@dataclass(frozen=True)
class Note:
    """A note a result carries where ``when`` holds."""

    key: str
    params: Mapping[str, pl.Expr] = field(default_factory=dict)
    when: pl.Expr = field(default_factory=lambda: pl.lit(True))


@dataclass(frozen=True)
class Rule:
    """One line of a decision table. ``key`` None: no reason (a plain pass)."""

    when: pl.Expr
    verdict: str
    key: str | pl.Expr | None = None
    params: Mapping[str, pl.Expr] = field(default_factory=dict)
    notes: Sequence[Note] = ()
    due_date: pl.Expr | None = None
    params_json: pl.Expr | None = None  # the parameters as JSON already (instead of ``params``)
    money_cents: pl.Expr | None = None  # the money at risk, in cents (increased-subsidy fails)
    note_lists: tuple[pl.Expr, pl.Expr] | None = None  # (keys, JSON params) lists, instead of ``notes``


def params_json(params: Mapping[str, pl.Expr]) -> pl.Expr:
    """The parameters as one JSON object per row (dates as ISO strings)."""
    if not params:
        return pl.lit("{}")
    return pl.struct([expr.alias(name) for name, expr in params.items()]).struct.json_encode()


def message(key: str | pl.Expr, params: Mapping[str, pl.Expr] | None = None) -> pl.Expr:
    """A message inside a reason's parameters, as a struct (``key``, ``params``; ``params``
    null when the message has none)."""
    key_expr = pl.lit(key) if isinstance(key, str) else key
    inner = pl.struct([e.alias(n) for n, e in params.items()]) if params else pl.lit(None)
    return pl.struct(key_expr.alias("key"), inner.alias("params"))


def json_with_list(params: Mapping[str, pl.Expr], name: str, items: pl.Expr) -> pl.Expr:
    """The JSON object of ``params`` plus ``name``: a list of JSON objects (``items``, a list of
    JSON strings), e.g. the messages inside a reason."""
    head = params_json(params)
    array = pl.lit(f'"{name}":[') + items.list.join(",") + pl.lit("]")
    if not params:
        return pl.lit("{") + array + pl.lit("}")
    return head.str.strip_suffix("}") + pl.lit(",") + array + pl.lit("}")


def missing_rule(error: pl.Expr) -> Rule:
    """missing_data naming the fields of an error struct (``fields``, ``why``)."""
    return Rule(error.is_not_null(), MISSING_DATA, pl.lit("common.missing.") + error.struct.field("why"),
                {"fields": error.struct.field("fields")})


def _chain(pairs: Sequence[tuple[pl.Expr, pl.Expr]], dtype: pl.DataType) -> pl.Expr:
    expr = None
    for cond, value in pairs:
        expr = pl.when(cond).then(value) if expr is None else expr.when(cond).then(value)
    null = pl.lit(None, dtype=dtype)
    return null if expr is None else expr.otherwise(null)


def _note_lists(notes: Sequence[Note]) -> tuple[pl.Expr, pl.Expr]:
    strings = pl.List(pl.String)
    if not notes:
        return pl.lit([], dtype=strings), pl.lit([], dtype=strings)
    keys = pl.concat_list([pl.when(n.when).then(pl.lit(n.key)) for n in notes]).list.drop_nulls()
    params = pl.concat_list([pl.when(n.when).then(params_json(n.params)) for n in notes]).list.drop_nulls()
    return keys, params


def decide_rules(scope: pl.DataFrame, rules: Sequence[Rule]) -> pl.DataFrame:
    """The result frame of one question: the first rule that holds, per case. The last rule
    must always hold (it is the table's "otherwise")."""
    conditions = [r.when for r in rules]
    notes = [r.note_lists if r.note_lists is not None else _note_lists(r.notes) for r in rules]
    out = scope.select(
        "_case",
        verdict=_chain([(c, pl.lit(r.verdict)) for c, r in zip(conditions, rules)], pl.String()),
        reason_key=_chain([(c, pl.lit(r.key) if isinstance(r.key, str) else
                            r.key if r.key is not None else pl.lit(None, dtype=pl.String))
                           for c, r in zip(conditions, rules)], pl.String()),
        reason_params=_chain([(c, r.params_json if r.params_json is not None else
                               params_json(r.params) if r.key is not None else pl.lit(None, dtype=pl.String))
                              for c, r in zip(conditions, rules)], pl.String()),
        notes=_chain([(c, n[0]) for c, n in zip(conditions, notes)], pl.List(pl.String)),
        notes_params=_chain([(c, n[1]) for c, n in zip(conditions, notes)], pl.List(pl.String)),
        due_date=_chain([(c, r.due_date if r.due_date is not None else pl.lit(None, dtype=pl.Date))
                         for c, r in zip(conditions, rules)], pl.Date()),
        money_cents=_chain([(c, r.money_cents if r.money_cents is not None else pl.lit(None, dtype=pl.Int64))
                            for c, r in zip(conditions, rules)], pl.Int64()),
    )
    return out
