"""Small polars building blocks shared by the columnar facts and questions.

Python's truthiness of a value read by its empty-class rules is spelt out here once:
``is_true`` is "known to be yes" (an empty exception or step is not shown / not on file, which
the rules read as "no"; an empty *fact* never gets here, it is a missing value first).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import polars as pl

from piis_audit.frames import EMPTY, INVALID, NO_COLUMN, ExportFrames

STRINGS = pl.List(pl.String)


def first_match(pairs: Sequence[tuple[pl.Expr, pl.Expr]], default: pl.Expr) -> pl.Expr:
    """A decision list as one when/then chain: the value of the first pair whose condition
    holds, else ``default`` (a null condition does not hold)."""
    if not pairs:
        return default
    (cond, value), rest = pairs[0], pairs[1:]
    first = pl.when(cond).then(value)
    if not rest:
        return first.otherwise(default)
    chained = first.when(rest[0][0]).then(rest[0][1])
    for cond, value in rest[1:]:
        chained = chained.when(cond).then(value)
    return chained.otherwise(default)


def is_true(column: pl.Expr) -> pl.Expr:
    """True where the value is known to be yes; false where it is no or empty (never null)."""
    return column.eq_missing(True)


def is_false(column: pl.Expr) -> pl.Expr:
    """True where the value is known to be no (never null)."""
    return column.eq_missing(False)


def empty_list() -> pl.Expr:
    return pl.lit([], dtype=STRINGS)


_SEPARATOR = "\x1f"  # never in a field name, a message key or polars' JSON (which escapes it)


def strings_where(pairs: Sequence[tuple[pl.Expr, pl.Expr]]) -> pl.Expr:
    """The list of the strings whose condition holds, in the given order (never null). Built as
    one joined string split again: many times faster than ``concat_list`` + ``drop_nulls``."""
    if not pairs:
        return empty_list()
    joined = pl.concat_str([pl.when(cond).then(value) for cond, value in pairs],
                           separator=_SEPARATOR, ignore_nulls=True)
    return pl.when(joined == "").then(empty_list()).otherwise(joined.str.split(_SEPARATOR))


def names_where(pairs: Sequence[tuple[pl.Expr, str]]) -> pl.Expr:
    """The list of the names whose condition holds, in the given order (never null)."""
    return strings_where([(cond, pl.lit(name)) for cond, name in pairs])


def unreadable(frames: ExportFrames, names: Iterable[str], table: str = "cases") -> list[tuple[pl.Expr, str]]:
    """(condition, name): the cell of ``name`` could not be read, or the export lacks the column."""
    return [(pl.lit(True) if not frames.has_column(table, n) else frames.invalid_expr(table, n), n)
            for n in names]


def why_of_fields(frames: ExportFrames, fields: pl.Expr, candidates: Iterable[str],
                  table: str = "cases") -> pl.Expr:
    """Why the listed fields are missing, as a derived fact says it:
    each field is ``invalid`` (its cell unreadable), ``no_column`` or ``empty``; one cause for
    all of them is that cause, mixed causes are ``empty``. ``candidates``: every name the list
    may hold."""
    causes: dict[str, list[pl.Expr]] = {INVALID: [], NO_COLUMN: [], EMPTY: []}
    for name in candidates:
        listed = fields.list.contains(pl.lit(name))
        if not frames.has_column(table, name):
            causes[NO_COLUMN].append(listed)
        else:
            bad = frames.invalid_expr(table, name)
            causes[INVALID].append(listed & bad)
            causes[EMPTY].append(listed & ~bad)
    present = {why: pl.any_horizontal(exprs) if exprs else pl.lit(False) for why, exprs in causes.items()}
    count = pl.sum_horizontal([e.cast(pl.Int8) for e in present.values()])
    return (pl.when(count == 1).then(
        pl.when(present[INVALID]).then(pl.lit(INVALID))
        .when(present[NO_COLUMN]).then(pl.lit(NO_COLUMN)).otherwise(pl.lit(EMPTY)))
        .otherwise(pl.lit(EMPTY)))
