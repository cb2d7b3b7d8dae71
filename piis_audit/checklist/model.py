"""A loaded, validated checklist (the YAML format is documented in ``checklists/spp-is-piis.yaml``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
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
    # title and remediation as written, before their {parameter} placeholders were filled (the
    # fingerprint is of what is written, so a parameter change is named once, as a parameter)
    written: Mapping[str, Localised] = field(default_factory=dict, compare=False)


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
    # question id -> the parameters its texts may name ({deadline_months}, {window_months}), as
    # written in a text (a rate as its percentage: 0.10 -> 10); filled in by the loader
    text_values: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_id.update({q.id: q for q in self.questions})
        self.values.update({name: p.value for name, p in self.parameters.items()})

    def template_params(self, question_id: str | None) -> Mapping[str, Any]:
        """The parameter values a text of this question may name (None: the checklist-wide
        parameters, for the catalog's texts)."""
        return self.text_values.get(question_id or "", self.text_values.get("", {}))

    # -- what the checklist says, whatever its comments and layout (baselines and reports keep it)

    def canonical(self) -> dict[str, Any]:
        """The checklist's content as plain JSON data: parameters, amounts, and every question
        with its params, texts and conditions. Comments, key order and layout do not enter it."""
        return {
            "id": self.id, "version": self.version, "title": dict(self.title),
            "parameters": {name: p.value for name, p in sorted(self.parameters.items())},
            "amounts": [{"from": row.valid_from.isoformat(),
                         **{f"cat{cat}": str(amount) for cat, amount in sorted(row.amounts.items())}}
                        for row in self.amounts],
            "questions": [_question_content(q) for q in self.questions],
        }

    @cached_property
    def fingerprint(self) -> str:
        """sha256 (hex) of :meth:`canonical`: two checklists that say the same have the same one."""
        return _digest(self.canonical())

    @cached_property
    def question_fingerprints(self) -> dict[str, str]:
        """question id -> sha256 of that question's content (to name which question changed)."""
        return {q.id: _digest(_question_content(q)) for q in self.questions}

    def param(self, name: str) -> Any:
        return self.values[name]

    def template(self, question_id: str, key: str, lang: str) -> str | None:
        q = self.by_id.get(question_id)
        if q is None or key not in q.reasons:
            return None
        return q.reasons[key].get(lang)


def _question_content(q: Question) -> dict[str, Any]:
    title, remediation = q.written.get("title", q.title), q.written.get("remediation", q.remediation)
    return {"id": q.id, "kind": q.kind, "title": dict(title), "inspection_wording": q.inspection_wording,
            "legal_basis": list(q.legal_basis), "severity": q.severity, "applies_if": q.applies_if,
            "depends_on": list(q.depends_on), "params": dict(q.params),
            "reasons": {key: dict(texts) for key, texts in q.reasons.items()},
            "remediation": dict(remediation)}


def _digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
