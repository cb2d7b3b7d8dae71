"""A loaded, validated checklist (the YAML format is documented in ``checklists/spp-is-piis.yaml``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

LANGS: tuple[str, ...] = ("fr", "nl", "en")

Localised = Mapping[str, str]  # language -> text


@dataclass(frozen=True)
class Parameter:
    """A legal number or choice, with where it comes from (shown by ``checklist show``)."""

    name: str
    value: Any
    source: str
    line: int


@dataclass(frozen=True)
class AmountRow:
    """Monthly integration-income amounts in force from ``valid_from``, per category (1, 2, 3)."""

    valid_from: dt.date
    amounts: Mapping[int, Decimal]
    source: str


@dataclass(frozen=True)
class Question:
    id: str
    kind: str  # the check kind in piis_audit.questions.REGISTRY
    title: Localised
    legal_basis: tuple[str, ...]
    severity: str  # critical | major | minor
    applies_if: str | None  # safe expression over case fields and facts; None = always
    params: Mapping[str, Any]
    depends_on: tuple[str, ...]
    reasons: Mapping[str, Localised]  # message key -> language -> template
    remediation: Localised
    line: int
    inspection_wording: str = ""  # the French inspection list wording (circular §7)


@dataclass(frozen=True)
class Checklist:
    id: str
    version: str
    title: Localised
    path: str
    parameters: Mapping[str, Parameter]
    amounts: tuple[AmountRow, ...]
    questions: tuple[Question, ...]
    by_id: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)
    # parameter name -> value, read once per case by the engine
    values: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_id.update({q.id: q for q in self.questions})
        self.values.update({name: p.value for name, p in self.parameters.items()})

    def param(self, name: str) -> Any:
        return self.values[name]

    def template(self, question_id: str, key: str, lang: str) -> str | None:
        q = self.by_id.get(question_id)
        if q is None or key not in q.reasons:
            return None
        return q.reasons[key].get(lang)
