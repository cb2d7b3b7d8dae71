"""Field names inside a reason's parameters, as messages the renderers show by their labels.

A reason names the fields it checked (the mentions found, the signatures given): its parameters
carry each as the message ``field.<name>`` (``fields.yaml``), so every language reads the field's
label ("Signed by the CPAS"), never its id (``signed_cpas``); the JSON keeps the name in the key. In a list, a field reads by its item label where it has one
(``item.<name>``: "the CPAS", "objectives"), since the sentence already says "signed by" or
"mentions".
"""

from __future__ import annotations

import polars as pl

from piis_audit.engine.columnar.outcome import message
from piis_audit.i18n.render import catalog

FIELD = "field."
ITEM = "item."


def field_message(name: str | pl.Expr) -> pl.Expr:
    """One field (a name, or an expression giving one per case) as its label's message."""
    key = pl.lit(FIELD + name) if isinstance(name, str) else pl.lit(FIELD) + name
    return message(key)


def field_messages(names: pl.Expr, candidates: list[str]) -> pl.Expr:
    """A list of field names (``names_where`` over ``candidates``) as the list of their messages:
    each field's item label, or its label where it has none."""
    known = catalog()
    keys = {n: ITEM + n if ITEM + n in known else FIELD + n for n in candidates}
    return names.list.eval(pl.struct(pl.element().replace_strict(keys, return_dtype=pl.String).alias("key"),
                                     pl.lit(None).alias("params")))
