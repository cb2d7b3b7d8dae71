"""The typed values behind the JSON of a result frame's reason, note, evidence and action columns.

The columnar engine writes a message's parameters and a result's evidence as JSON objects (dates
as ISO strings, amounts as decimal strings, a message inside a reason as ``{"key", "params"}``,
the verdict of a question depended on as its id). The renderers format by type (a date
``dd/mm/yyyy``, money ``1.314,20 €``, a verdict in words), so this module gives each value its
type back. Which names carry money or verdicts is declared here, once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any

import orjson

from piis_audit.model import Message, Verdict
from piis_audit.money import Money

# Parameters that are amounts in euro.
MONEY_NAMES = frozenset({"money_at_risk", "monthly_amount"})
# Parameters that are exact decimals (the subsidy rate, in per cent).
DECIMAL_NAMES = frozenset({"rate"})
# Evidence names that hold the verdict of another question ("result:<question id>").
RESULT_PREFIX = "result:"

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
VERDICTS = {v.value: v for v in Verdict}  # a verdict by its JSON value


def typed(name: str, value: Any) -> Any:
    """One JSON value with its type back (``name``: the parameter or evidence name)."""
    if isinstance(value, str):
        if name in MONEY_NAMES:
            return Money(value)
        if name in DECIMAL_NAMES:
            return Decimal(value)
        if name.startswith(RESULT_PREFIX):
            return VERDICTS.get(value, value)
        if len(value) == 10 and _ISO_DATE.fullmatch(value):
            return dt.date.fromisoformat(value)
        return value
    if isinstance(value, float) and name in MONEY_NAMES:
        return Money(str(value))
    if isinstance(value, dict):
        if set(value) <= {"key", "params"} and "key" in value:
            return message(value["key"], value.get("params"))
        return {k: typed(k, v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(name, v) for v in value]
    return value


def message(key: str, params: Mapping[str, Any] | None) -> Message:
    """A message from its key and JSON-decoded parameters."""
    return Message(key, {k: typed(k, v) for k, v in params.items()} if params else {})


@lru_cache(maxsize=1 << 16)
def _decoded(text: str) -> tuple[tuple[str, Any], ...]:
    """A JSON object, decoded and typed once per distinct text (the same parameters recur)."""
    data = orjson.loads(text)
    return tuple((k, typed(k, v)) for k, v in data.items())


def params(text: str | None) -> dict[str, Any]:
    """A JSON object of parameters (or evidence) as a dict of typed values; ``{}`` for null."""
    if not text or text == "{}":
        return {}
    return dict(_decoded(text))


def decimal_cents(cents: int | None) -> Decimal | None:
    """An amount in cents as an exact decimal with two places."""
    return None if cents is None else Decimal(cents).scaleb(-2)
