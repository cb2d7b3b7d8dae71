"""Field names inside a reason's parameters, as messages the renderers show by their labels.

A reason names the fields it checked (the mentions found, the signatures given): its parameters
carry each as the message ``field.<name>`` (``fields.yaml``), so every language reads the field's
label ("Signed by the CPAS"), never its id (``signed_cpas``); the JSON keeps the name in the key.
In a list, the renderer shows a field by its item label where it has one (``items.yaml``: "the
CPAS", "objectives").
"""

from __future__ import annotations

import polars as pl

from piis_audit.engine.columnar.outcome import message

FIELD = "field."


def field_message(name: str | pl.Expr) -> pl.Expr:
    """One field (a name, or an expression giving one per case) as its label's message."""
    key = pl.lit(FIELD + name) if isinstance(name, str) else pl.lit(FIELD) + name
    return message(key)


def field_messages(names: pl.Expr) -> pl.Expr:
    """A list of field names (``names_where``) as the list of their labels' messages."""
    return names.list.eval(pl.struct(pl.concat_str(pl.lit(FIELD), pl.element()).alias("key"),
                                     pl.lit(None).alias("params")))
