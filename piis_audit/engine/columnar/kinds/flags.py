"""Yes/no answers that must all be yes (mentions, signatures): which are no, which unknown."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from piis_audit.engine.columnar.columns import is_false, names_where
from piis_audit.engine.columnar.scope import Scope, first_unknown_error


def check_flags(scope: Scope, fields: Sequence[tuple[str, pl.Expr]]) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """(absent: the fields answered no, unknown: the fields empty or unreadable, error of the
    unknown ones) for the (field, required-here) pairs, in their order."""
    absent = names_where([(required & is_false(pl.col(name)), name) for name, required in fields])
    pairs = [(required & pl.col(name).is_null(), name) for name, required in fields]
    unknown = names_where(pairs)
    return absent, unknown, first_unknown_error(scope, unknown, pairs)
