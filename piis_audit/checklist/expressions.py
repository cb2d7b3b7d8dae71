"""Conditions written in the checklist (``applies_if``, ``when``), evaluated safely.

Expressions are parsed once and evaluated by simpleeval (no ``eval``, no attribute access, no
calls except the few functions listed here). Names are case fields and derived facts; a name whose
value is unknown raises :class:`~piis_audit.questions.interface.MissingData` when it is actually
reached, so ``not piis_concluded and piis_mandatory`` never needs ``piis_mandatory`` for a
concluded PIIS (``and``/``or`` short-circuit).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from simpleeval import SimpleEval

from piis_audit.schema import CASES

FACT_NAMES: frozenset[str] = frozenset({
    "age", "new_beneficiary", "piis_mandatory", "mandatory_by_request", "piis_concluded",
    "conclusion_date", "exempted", "deadline", "has_sanctions", "has_evaluations",
})

# Every name an expression may use: the cases fields and the derived facts.
EXPRESSION_NAMES: frozenset[str] = FACT_NAMES | frozenset(CASES.by_name)

FUNCTIONS: dict[str, Callable[..., Any]] = {"len": len}


class ExpressionError(ValueError):
    pass


@dataclass(frozen=True)
class Expression:
    source: str
    tree: ast.AST
    names: frozenset[str]


@lru_cache(maxsize=1024)
def compile_expression(source: str, known_names: frozenset[str] = EXPRESSION_NAMES) -> Expression:
    """Parse and check an expression: syntax, and every name known. Raises ExpressionError."""
    try:
        module = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"invalid expression {source!r}: {exc.msg}") from None
    names = frozenset(n.id for n in ast.walk(module) if isinstance(n, ast.Name))
    unknown = sorted(names - known_names - {"True", "False", "None"} - set(FUNCTIONS))
    if unknown:
        raise ExpressionError(f"unknown name(s) {', '.join(unknown)} in {source!r}")
    for node in ast.walk(module):
        if isinstance(node, (ast.Attribute, ast.Lambda, ast.ListComp, ast.DictComp,
                             ast.SetComp, ast.GeneratorExp, ast.Subscript)):
            raise ExpressionError(f"{type(node).__name__.lower()} is not allowed in {source!r}")
    return Expression(source, module.body, names)


class Evaluator:
    """Evaluates compiled expressions with a name resolver (one instance per audit)."""

    def __init__(self) -> None:
        self._engine = SimpleEval(functions=FUNCTIONS)
        self._resolve: Callable[[str], Any] = lambda name: None
        self._engine.names = self._lookup

    def _lookup(self, node: ast.Name) -> Any:
        if node.id in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[node.id]
        return self._resolve(node.id)

    def evaluate(self, expression: Expression, resolve: Callable[[str], Any]) -> Any:
        self._resolve = resolve
        return self._engine.eval(expression.source, previously_parsed=expression.tree)
