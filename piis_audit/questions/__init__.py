"""The check kinds a checklist question can use: an explicit registry (no discovery magic).

kind id -> "module:ATTRIBUTE" holding a :class:`~piis_audit.questions.interface.CheckKind`.
Each module's docstring documents its kind with pass and fail examples.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from piis_audit.checklist.kinds import KindRegistry
from piis_audit.questions.interface import CheckKind

REGISTRY: dict[str, str] = {
    "social-balance": "piis_audit.questions.social_balance:KIND",
    "deadline": "piis_audit.questions.deadline:KIND",
    "required-mentions": "piis_audit.questions.mentions:KIND",
    "signatures": "piis_audit.questions.signatures:KIND",
    "absence-motivated": "piis_audit.questions.absence:KIND",
    "evaluations": "piis_audit.questions.evaluations:KIND",
    "sanctions": "piis_audit.questions.sanctions:KIND",
    "increased-subsidy": "piis_audit.questions.increased_subsidy:KIND",
    "alimony-investigation": "piis_audit.questions.alimony:INVESTIGATION_KIND",
    "alimony-recovery-decision": "piis_audit.questions.alimony:RECOVERY_KIND",
}


@lru_cache(maxsize=None)
def get_kind(kind_id: str) -> CheckKind:
    """The check kind registered under ``kind_id``; KeyError when there is none."""
    module_name, _, attribute = REGISTRY[kind_id].partition(":")
    kind: CheckKind = getattr(importlib.import_module(module_name), attribute)
    return kind


# What the checklist loader is handed (it does not import this package: see checklist/kinds.py).
KINDS = KindRegistry(frozenset(REGISTRY), get_kind)
