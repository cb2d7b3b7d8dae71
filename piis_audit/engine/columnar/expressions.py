"""``applies_if`` and ``when`` conditions compiled to polars expressions, from the same safe tree
:func:`piis_audit.checklist.expressions.compile_expression` parses (no ``eval``).

Each node becomes a value and an error: the error (a struct of ``fields`` and ``why``, null when
there is none) is what makes the question ``missing_data`` where the evaluation reaches an
unknown value. ``and``/``or`` keep Python's short-circuit: ``not piis_concluded and
piis_mandatory`` never needs ``piis_mandatory`` for a concluded PIIS. Names are read by their
empty-class rules (``schema.EmptyMeans``): an empty fact is an error, an empty step or exception
is "not on file" (false), an unreadable or unexported step is an error. An ordering comparison
or ``len`` of an unknown value is an error naming the field (nothing can be ordered against an
unknown).

What cannot be compiled raises :class:`CompileError` with the expression's text.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl

from piis_audit.checklist.expressions import FUNCTIONS, Expression, ExpressionError
from piis_audit.engine.columnar.facts import MISSING_CANDIDATES
from piis_audit.frames import EMPTY, ExportFrames, polars_type
from piis_audit.schema import CASES, EmptyMeans

FACT_TYPES: dict[str, pl.DataType] = {
    "age": pl.Int64(), "new_beneficiary": pl.Boolean(), "piis_mandatory": pl.Boolean(),
    "mandatory_by_request": pl.Boolean(), "piis_concluded": pl.Boolean(), "conclusion_date": pl.Date(),
    "exempted": pl.Boolean(), "deadline": pl.Date(), "has_sanctions": pl.Boolean(),
    "has_evaluations": pl.Boolean()}
# Derived facts read with an error where the facts frame lists missing fields.
_FACTS_WITH_MISSING = frozenset(MISSING_CANDIDATES) | {"has_sanctions", "has_evaluations"}


class CompileError(ExpressionError):
    """An expression shape the columnar engine cannot compile."""


@dataclass(frozen=True)
class Compiled:
    """A node's value (a column expression), its dtype, and its error (struct ``fields``,
    ``why``) or None when it can never raise."""

    value: pl.Expr
    dtype: pl.DataType | None
    error: pl.Expr | None = None


def error_struct(fields: pl.Expr, why: pl.Expr) -> pl.Expr:
    """An error value: the fields a missing_data names and why they are missing."""
    return pl.struct(fields.alias("fields"), why.alias("why"))


def truthy(node: Compiled) -> pl.Expr:
    """Python's truthiness of the value, never null (None is false)."""
    v, t = node.value, node.dtype
    if t == pl.Boolean():
        return v.eq_missing(True)
    if t == pl.String():
        return v.is_not_null() & (v.str.len_chars() > 0)
    if t is not None and t.is_numeric():
        return v.is_not_null() & (v != 0)
    return v.is_not_null()


def first_error(first: pl.Expr | None, then_if: pl.Expr, second: pl.Expr | None) -> pl.Expr | None:
    """``first``, else ``second`` where ``then_if`` holds (the evaluation went on)."""
    if first is None and second is None:
        return None
    later = None if second is None else pl.when(then_if).then(second)
    if first is None:
        return later
    if later is None:
        return first
    return pl.when(first.is_not_null()).then(first).otherwise(later)


class ExpressionCompiler:
    """Compiles expressions over the scope frame (cases columns + derived facts)."""

    def __init__(self, frames: ExportFrames) -> None:
        self.frames = frames

    def compile(self, expression: Expression) -> Compiled:
        return self._node(expression.tree, expression.source)

    # -- names
    def _name(self, name: str) -> Compiled:
        if name in ("True", "False", "None"):
            constant = {"True": True, "False": False, "None": None}[name]
            return Compiled(pl.lit(constant), pl.Boolean() if constant is not None else None)
        value = pl.col(name)
        if name in FACT_TYPES:
            if name not in _FACTS_WITH_MISSING:
                return Compiled(value, FACT_TYPES[name])
            missing = pl.col(f"{name}_missing")
            error = pl.when(value.is_null() & missing.is_not_null()).then(
                error_struct(missing, pl.col(f"{name}_why")))
            return Compiled(value, FACT_TYPES[name], error)
        spec = CASES.by_name[name]
        why = self.frames.missing_why("cases", name)
        fields = pl.concat_list([pl.lit(name)])
        if spec.empty is EmptyMeans.UNKNOWN:
            error = pl.when(value.is_null()).then(error_struct(fields, why))
        elif spec.empty is EmptyMeans.NOT_ON_FILE:
            error = pl.when(value.is_null() & (why != EMPTY)).then(error_struct(fields, why))
        else:
            error = pl.when(value.is_null() & (why == "invalid")).then(error_struct(fields, why))
        return Compiled(value, polars_type(spec.type), error)

    # -- nodes
    def _node(self, node: ast.AST, source: str) -> Compiled:
        if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float, bool, type(None))):
            constant = node.value
            dtype = (pl.Boolean() if isinstance(constant, bool) else pl.String() if isinstance(constant, str)
                     else pl.Int64() if isinstance(constant, int) else pl.Float64() if isinstance(constant, float)
                     else None)
            return Compiled(pl.lit(constant, dtype=dtype), dtype)
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            operand = self._node(node.operand, source)
            return Compiled(~truthy(operand), pl.Boolean(), operand.error)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            return self._arithmetic(node, [node.operand], lambda v: -v[0] if isinstance(node.op, ast.USub)
                                    else v[0], source)
        if isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
            operator = _ARITHMETIC[type(node.op)]
            return self._arithmetic(node, [node.left, node.right], lambda v: operator(v[0], v[1]), source)
        if isinstance(node, ast.BoolOp):
            parts = [self._node(v, source) for v in node.values]
            is_and = isinstance(node.op, ast.And)
            result = parts[0]
            for part in parts[1:]:
                go_on = truthy(result) if is_and else ~truthy(result)
                value = (truthy(result) & truthy(part)) if is_and else (truthy(result) | truthy(part))
                result = Compiled(value, pl.Boolean(), first_error(result.error, go_on, part.error))
            return result
        if isinstance(node, ast.Compare):
            return self._compare(node, source)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS \
                and node.func.id == "len" and len(node.args) == 1 and not node.keywords:
            arg = self._node(node.args[0], source)
            if arg.dtype != pl.String():
                raise CompileError(f"len() of a value that is not text in {source!r}")
            return Compiled(arg.value.str.len_chars().cast(pl.Int64), pl.Int64(),
                            first_error(arg.error, pl.lit(True), self._unknown_error(node.args[0], arg)))
        raise CompileError(f"{ast.unparse(node)[:60]!r} cannot be compiled to columns (only names, constants, "
                           f"and/or/not, comparisons, + - * with a constant, 'in' a list of constants or a text, "
                           f"len() of a text) in {source!r}")

    def _arithmetic(self, node: ast.AST, operands: list[ast.expr],
                    apply: Callable[[list[pl.Expr]], pl.Expr], source: str) -> Compiled:
        """``-x``, ``x + 1``, ``2 * x``: numbers only, and at most one operand that is not a
        constant (so an unknown result names exactly that operand's fields)."""
        parts = [self._node(operand, source) for operand in operands]
        if any(part.dtype is None or not part.dtype.is_numeric() or part.dtype == pl.Boolean() for part in parts):
            raise CompileError(f"arithmetic on a value that is not a number in {source!r}")
        variable = [(operand, part) for operand, part in zip(operands, parts)
                    if not isinstance(operand, ast.Constant)]
        if len(variable) > 1:
            raise CompileError(f"{ast.unparse(node)[:60]!r} cannot be compiled to columns (arithmetic on "
                               f"two values that are not constants) in {source!r}")
        dtype = pl.Float64() if any(part.dtype == pl.Float64() for part in parts) else pl.Int64()
        value = apply([part.value for part in parts]).cast(dtype)
        if not variable:
            return Compiled(value, dtype)
        operand, part = variable[0]
        return Compiled(value, dtype, first_error(part.error, pl.lit(True), self._unknown_error(operand, part)))

    def _unknown_error(self, node: ast.AST, operand: Compiled) -> pl.Expr:
        """The error of an operand whose value is unknown where a value is needed."""
        names = sorted({n.id for n in ast.walk(node) if isinstance(n, ast.Name)
                        and n.id not in ("True", "False", "None")})
        why: pl.Expr = (self.frames.missing_why("cases", names[0]).fill_null(pl.lit(EMPTY))
                        if len(names) == 1 and names[0] in CASES.by_name else pl.lit(EMPTY))
        return pl.when(operand.value.is_null()).then(error_struct(pl.lit(names, dtype=pl.List(pl.String)), why))

    def _compare(self, node: ast.Compare, source: str) -> Compiled:
        operands = [node.left, *node.comparators]
        compiled = [self._node(operands[0], source)]
        result: Compiled | None = None
        for op, right_node in zip(node.ops, node.comparators):
            left = compiled[-1]
            if isinstance(op, (ast.In, ast.NotIn)) and _is_text_constant(operands[len(compiled) - 1]) \
                    and not isinstance(right_node, (ast.Tuple, ast.List, ast.Set)):
                # 'Nord' in office: a piece of text inside a text value; an unknown text is unknown
                right = self._node(right_node, source)
                if right.dtype != pl.String():
                    raise CompileError(f"'in' a value that is not text in {source!r}")
                compiled.append(right)
                hit = right.value.str.contains(left.value, literal=True)
                error = first_error(right.error, pl.lit(True), self._unknown_error(right_node, right))
                step = Compiled(hit if isinstance(op, ast.In) else ~hit, pl.Boolean(), error)
            elif isinstance(op, (ast.In, ast.NotIn)):
                values = _constant_collection(right_node, source)
                hit = pl.when(left.value.is_null()).then(pl.lit(None in values)) \
                    .otherwise(left.value.is_in([v for v in values if v is not None]))
                step = Compiled(hit if isinstance(op, ast.In) else ~hit, pl.Boolean(), left.error)
            else:
                right = self._node(right_node, source)
                compiled.append(right)
                error = first_error(left.error, pl.lit(True), right.error)
                if isinstance(op, ast.Eq):
                    value = left.value.eq_missing(right.value)
                elif isinstance(op, ast.NotEq):
                    value = left.value.ne_missing(right.value)
                else:
                    compare = {ast.Lt: pl.Expr.lt, ast.LtE: pl.Expr.le, ast.Gt: pl.Expr.gt,
                               ast.GtE: pl.Expr.ge}.get(type(op))
                    if compare is None:
                        raise CompileError(f"operator {type(op).__name__} cannot be compiled in {source!r}")
                    value = compare(left.value, right.value)
                    error = first_error(error, pl.lit(True), first_error(
                        self._unknown_error(operands[len(compiled) - 2], left), pl.lit(True),
                        self._unknown_error(right_node, right)))
                step = Compiled(value, pl.Boolean(), error)
            if result is None:
                result = step
            else:  # a < b < c: (a < b) and (b < c)
                result = Compiled(truthy(result) & truthy(step), pl.Boolean(),
                                  first_error(result.error, truthy(result), step.error))
        assert result is not None
        return result


_ARITHMETIC: dict[type[ast.operator], Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b}


def _is_text_constant(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _constant_collection(node: ast.AST, source: str) -> tuple[Any, ...]:
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and all(
            isinstance(e, ast.Constant) for e in node.elts):
        return tuple(e.value for e in node.elts if isinstance(e, ast.Constant))
    raise CompileError(f"'in' needs a list of constants to be compiled to columns in {source!r}")


def applies(compiler: ExpressionCompiler, expression: Expression | None) -> tuple[pl.Expr, pl.Expr | None]:
    """(applies, error) of a question's ``applies_if``: ``applies`` is never null."""
    if expression is None:
        return pl.lit(True), None
    node = compiler.compile(expression)
    return truthy(node), node.error

