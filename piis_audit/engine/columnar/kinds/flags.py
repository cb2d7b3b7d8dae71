"""Yes/no answers that must all be yes (mentions, signatures): which are no, which unknown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from piis_audit.engine.columnar.columns import is_false, names_where
from piis_audit.engine.columnar.scope import Scope, first_unknown_error


@dataclass(frozen=True)
class Flags:
    """The flags answered no (``absent``, a list; ``any_absent``) and the unknown ones (their
    ``error``; ``any_unknown``), in the order given."""

    absent: pl.Expr
    any_absent: pl.Expr
    error: pl.Expr
    any_unknown: pl.Expr


def check_flags(scope: Scope, fields: Sequence[tuple[str, pl.Expr]]) -> Flags:
    """The flags of the (field, required-here) pairs."""
    no = [(required & is_false(pl.col(name)), name) for name, required in fields]
    pairs = [(required & pl.col(name).is_null(), name) for name, required in fields]
    unknown = names_where(pairs)
    return Flags(names_where(no), pl.any_horizontal([c for c, _ in no]),
                 first_unknown_error(scope, unknown, pairs), pl.any_horizontal([c for c, _ in pairs]))
