"""Conditions written in the checklist (``applies_if``, ``when``), evaluated safely.

Expressions are parsed once and never given to ``eval``: no attribute access, no subscripts, no
comprehensions, no calls except the few functions listed here. The common shapes (names,
constants, ``and``/``or``/``not``, one comparison) run as small closures built from the parsed
tree, which is what makes 100,000 cases fast; anything else is evaluated by simpleeval. Names are case fields and derived facts; a name whose
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

from simpleeval import EvalWithCompoundTypes

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


Resolve = Callable[[str], Any]
Compiled = Callable[[Resolve], Any]


@dataclass(frozen=True)
class Expression:
    source: str
    tree: ast.AST
    names: frozenset[str]
    # The common shapes (names, constants, and/or/not, comparisons) as plain closures over the
    # parsed tree, for speed on large exports; None -> simpleeval evaluates the tree.
    fast: Compiled | None = None


_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Eq: lambda a, b: bool(a == b), ast.NotEq: lambda a, b: bool(a != b),
    ast.Lt: lambda a, b: bool(a < b), ast.LtE: lambda a, b: bool(a <= b),
    ast.Gt: lambda a, b: bool(a > b), ast.GtE: lambda a, b: bool(a >= b),
    ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
}
_CONSTANTS = {"True": True, "False": False, "None": None}


Bind = Callable[[str], Callable[[Any], Any]]
"""name -> a function reading that name from the scope the closure is called with."""


def _resolve_by_name(name: str) -> Callable[[Resolve], Any]:
    return lambda resolve: resolve(name)


def _closure(node: ast.AST, bind: Bind = _resolve_by_name) -> Callable[[Any], Any] | None:
    """A closure computing ``node`` the way simpleeval does (short-circuit and/or), or None
    for a shape it does not cover. Only reads names and applies the operators above.

    It is called with one scope argument and reads a name with ``bind(name)(scope)``; by default
    the scope is a :data:`Resolve` function. The engine binds each name to its reader once, so a
    name costs one call per case instead of three."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float, bool, type(None))):
        constant = node.value
        return lambda scope: constant
    if isinstance(node, ast.Name):
        name = node.id
        if name in _CONSTANTS:
            value = _CONSTANTS[name]
            return lambda scope: value
        return bind(name)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        operand = _closure(node.operand, bind)
        return None if operand is None else (lambda scope: not operand(scope))
    if isinstance(node, ast.BoolOp):
        parts = [_closure(v, bind) for v in node.values]
        if any(p is None for p in parts):
            return None
        steps: list[Callable[[Any], Any]] = [p for p in parts if p is not None]
        if isinstance(node.op, ast.And):
            if len(steps) == 2:
                first, second = steps
                return lambda scope: first(scope) and second(scope)

            def all_of(scope: Any) -> Any:
                value: Any = True
                for step in steps:
                    value = step(scope)
                    if not value:
                        return value
                return value
            return all_of

        def any_of(scope: Any) -> Any:
            value: Any = False
            for step in steps:
                value = step(scope)
                if value:
                    return value
            return value
        return any_of
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _COMPARE:
        left, right = _closure(node.left, bind), _closure(node.comparators[0], bind)
        compare = _COMPARE[type(node.ops[0])]
        if left is None or right is None:
            return None
        return lambda scope: compare(left(scope), right(scope))
    return None


def bind_expression(expression: Expression, bind: Bind) -> Callable[[Any], Any] | None:
    """The expression as a closure over a scope whose names ``bind`` reads (None when its shape
    needs simpleeval)."""
    return _closure(expression.tree, bind)


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
    return Expression(source, module.body, names, _closure(module.body))


class Evaluator:
    """Evaluates compiled expressions with a name resolver (one instance per audit)."""

    def __init__(self) -> None:
        self._engine = EvalWithCompoundTypes(functions=FUNCTIONS)
        self._resolve: Callable[[str], Any] = lambda name: None
        self._engine.names = self._lookup

    def _lookup(self, node: ast.Name) -> Any:
        if node.id in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[node.id]
        return self._resolve(node.id)

    def evaluate(self, expression: Expression, resolve: Callable[[str], Any]) -> Any:
        if expression.fast is not None:
            return expression.fast(resolve)
        self._resolve = resolve
        return self._engine.eval(expression.source, previously_parsed=expression.tree)
