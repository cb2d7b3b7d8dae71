"""Decision tables over the scope frame: the first rule that holds gives a case its result.

A question's decision reads like its rule: a list of :class:`Rule` (condition, verdict, reason
key, reason parameters, notes, due date), unknowns first. :func:`decide_rules` turns it into the
result frame of one question: ``_case``, ``verdict``, ``reason_key``, ``reason_params`` (a JSON
object, exactly the reason's parameters; null when the verdict has no reason), ``notes`` (the
note keys), ``notes_params`` (one JSON object per note), ``due_date``, ``money_cents`` (the money
at risk), ``evidence`` (a JSON object: the values used, by field name; ``{}`` where the rule gives
none), ``action_key`` and ``action_params`` (the to-do message: its parameters are the reason's
unless the rule gives others; null without one).

The three JSON columns (:data:`SHARED_TEXTS`) are ``Categorical``: a national export repeats a
few ten thousand distinct texts over millions of results, so each is held once (at 200,000 cases
the result frames take 120 MB instead of 465 MB). A reader that needs string operations on
them casts the rows it reads back to ``String``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import polars as pl

from piis_audit.engine.columnar.columns import first_match, strings_where

# The JSON columns, of few distinct values among many cases: each distinct text is held once.
SHARED_TEXTS = ("reason_params", "evidence", "action_params")
RESULT_COLUMNS = ("_case", "verdict", "reason_key", "reason_params", "notes", "notes_params", "due_date",
                  "money_cents", "evidence", "action_key", "action_params")

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
    error: pl.Expr | None = None  # missing_data: an error struct (``fields``, ``why``); ``when`` unused
    evidence: pl.Expr | None = None  # the values used, a JSON object (:func:`evidence_json`); None: ``{}``
    action: str | pl.Expr | None = None  # the to-do message key (its parameters are the reason's)
    action_params: pl.Expr | None = None  # the to-do message's parameters as JSON, when not the reason's


def params_json(params: Mapping[str, pl.Expr]) -> pl.Expr:
    """The parameters as one JSON object per row (dates as ISO strings)."""
    if not params:
        return pl.lit("{}")
    return pl.struct([expr.alias(name) for name, expr in params.items()]).struct.json_encode()


def value_json(value: pl.Expr) -> pl.Expr:
    """One value as JSON, encoded as :func:`params_json` encodes it (dates as ISO strings)."""
    return pl.struct(value.alias("v")).struct.json_encode().str.slice(5).str.strip_suffix("}")


EvidenceEntry = tuple[str | pl.Expr, pl.Expr] | tuple[str | pl.Expr, pl.Expr, pl.Expr]


def evidence_json(entries: Sequence[EvidenceEntry]) -> pl.Expr:
    """A JSON object of (name, value[, when]) entries, in order: an entry with ``when`` is in the
    object only where it holds (a check puts some values in its evidence on some branches only).
    A name may be an expression (a field name chosen per case); names are plain field names."""
    if not entries:
        return pl.lit("{}")
    pieces = []
    for entry in entries:
        name, value = entry[0], entry[1]
        name_expr = pl.lit(name) if isinstance(name, str) else name
        piece = pl.lit('"') + name_expr + pl.lit('":') + value_json(value)
        pieces.append(pl.when(entry[2]).then(piece) if len(entry) == 3 else piece)
    return pl.lit("{") + pl.concat_str(pieces, separator=",", ignore_nulls=True) + pl.lit("}")


def message(key: str | pl.Expr, params: Mapping[str, pl.Expr] | None = None) -> pl.Expr:
    """A message inside a reason's parameters, as a struct (``key``, ``params``; ``params``
    null when the message has none)."""
    key_expr = pl.lit(key) if isinstance(key, str) else key
    inner = pl.struct([e.alias(n) for n, e in params.items()]) if params else pl.lit(None)
    return pl.struct(key_expr.alias("key"), inner.alias("params"))


def message_json(key: str, params: Mapping[str, pl.Expr] | None = None) -> pl.Expr:
    """A :func:`message` as a JSON object, an item for :func:`json_with_list`."""
    return message(key, params).struct.json_encode()


def json_with_list(params: Mapping[str, pl.Expr], name: str, items: pl.Expr) -> pl.Expr:
    """The JSON object of ``params`` plus ``name``: a list of JSON objects (``items``, a list of
    JSON strings), e.g. the messages inside a reason."""
    head = params_json(params)
    array = pl.lit(f'"{name}":[') + items.list.join(",") + pl.lit("]")
    if not params:
        return pl.lit("{") + array + pl.lit("}")
    return head.str.strip_suffix("}") + pl.lit(",") + array + pl.lit("}")


def missing_rule(error: pl.Expr, when: pl.Expr | None = None) -> Rule:
    """missing_data naming the fields of an error struct (``fields``, ``why``), where it is set.
    ``when``: a cheaper condition equivalent to "the error is set" (the error is then built only
    for the cases it decides)."""
    if when is not None:
        return Rule(when, MISSING_DATA, pl.lit("common.missing.") + error.struct.field("why"),
                    {"fields": error.struct.field("fields")})
    return Rule(pl.lit(False), MISSING_DATA, error=error)


def _chain(pairs: Sequence[tuple[pl.Expr, pl.Expr]], dtype: pl.DataType) -> pl.Expr:
    return first_match(pairs, pl.lit(None, dtype=dtype))


def _note_lists(notes: Sequence[Note]) -> tuple[pl.Expr, pl.Expr]:
    strings = pl.List(pl.String)
    if not notes:
        return pl.lit([], dtype=strings), pl.lit([], dtype=strings)
    keys = strings_where([(n.when, pl.lit(n.key)) for n in notes])
    params = strings_where([(n.when, params_json(n.params)) for n in notes])
    return keys, params


def _shared_text(text: pl.Expr) -> pl.Expr:
    """A JSON text column of a result frame (:data:`SHARED_TEXTS`), each distinct text held once."""
    return text.cast(pl.String).cast(pl.Categorical())


def decide_rules(scope: pl.DataFrame, rules: Sequence[Rule]) -> pl.DataFrame:
    """The result frame of one question: the first rule that holds, per case. The last rule
    must always hold (it is the table's "otherwise"). Each condition and error is computed once,
    then the rule each case takes (``_pick``) selects its verdict, reason, notes and due date."""
    errors = {f"_e{i}": r.error for i, r in enumerate(rules) if r.error is not None}
    conditions = {f"_c{i}": pl.col(f"_e{i}").is_not_null() if r.error is not None else r.when
                  for i, r in enumerate(rules)}
    frame = scope.lazy().with_columns(**errors).with_columns(**conditions)
    frame = frame.with_columns(_pick=_chain([(pl.col(f"_c{i}"), pl.lit(i)) for i in range(len(rules))], pl.Int32()))

    def key(i: int, rule: Rule) -> pl.Expr:
        if rule.error is not None:
            return pl.lit("common.missing.") + pl.col(f"_e{i}").struct.field("why")
        return pl.lit(rule.key) if isinstance(rule.key, str) else (
            rule.key if rule.key is not None else pl.lit(None, dtype=pl.String))

    def reason_params(i: int, rule: Rule) -> pl.Expr:
        if rule.error is not None:
            return params_json({"fields": pl.col(f"_e{i}").struct.field("fields")})
        if rule.params_json is not None:
            return rule.params_json
        return params_json(rule.params) if rule.key is not None else pl.lit(None, dtype=pl.String)

    picked = frame.collect()
    parts = []
    for i, rule in enumerate(rules):  # each rule's payload, computed for the cases it decides only
        keys, params = rule.note_lists if rule.note_lists is not None else _note_lists(rule.notes)
        parts.append(picked.lazy().filter(pl.col("_pick") == i).select(
            "_case",
            verdict=pl.lit(rule.verdict),
            reason_key=key(i, rule).cast(pl.String),
            reason_params=_shared_text(reason_params(i, rule)),
            notes=keys.cast(pl.List(pl.String)),
            notes_params=params.cast(pl.List(pl.String)),
            due_date=(rule.due_date if rule.due_date is not None else pl.lit(None)).cast(pl.Date),
            money_cents=(rule.money_cents if rule.money_cents is not None else pl.lit(None)).cast(pl.Int64),
            evidence=_shared_text(rule.evidence if rule.evidence is not None else pl.lit("{}")),
            action_key=(rule.action if isinstance(rule.action, pl.Expr) else pl.lit(rule.action)).cast(pl.String),
            action_params=_shared_text(rule.action_params if rule.action_params is not None
                                       else reason_params(i, rule) if rule.action is not None else pl.lit(None))))
    out = pl.concat(parts).sort("_case").collect()
    if out.height != scope.height:  # the last rule must hold where no other does
        raise ValueError("a decision table left cases without a result")
    return out
