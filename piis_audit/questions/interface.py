"""What a check kind is: the declaration of one kind of inspection question.

A check kind (yamllint-style) is one module in this package holding one :class:`CheckKind`:
its id, the parameters it takes with their types and ranges, the message keys it can emit (the
checklist must give a template in every language for each), and what it reads. The module's
docstring states its rule with pass and fail examples; the rule itself is decided for all cases
at once by the columnar engine (``piis_audit/engine/columnar/kinds/``), written there once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from piis_audit.checklist.params import ParamSpec


@dataclass(frozen=True)
class CheckKind:
    id: str
    reasons: tuple[str, ...]  # message keys it may emit (besides common.*)
    params: Mapping[str, ParamSpec] = field(default_factory=dict)  # name -> type and valid range
    doc: str = ""
    # Extra validation of the question's params at load time: returns problem messages.
    validate: Callable[[Mapping[str, Any]], list[str]] | None = None
    # The conditions written in the question's params (a mention's ``when``), each with its line,
    # so the loader can check that the engine can evaluate them (as it checks ``applies_if``).
    conditions: Callable[[Mapping[str, Any]], list[tuple[str, int]]] | None = None
    # What the check reads: "table.field" ("cases.piis_signed_date", "evaluations.report_present"),
    # and "facts.NAME" for a derived fact it uses (its fields: piis_audit/questions/reads.py).
    reads: tuple[str, ...] = ()
