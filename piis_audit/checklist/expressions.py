"""Conditions written in the checklist (``applies_if``, ``when``), evaluated safely.

Expressions are parsed once and never given to ``eval``. :func:`compile_expression` refuses at
load time whatever could crash or hang an audit: anything but names, constants, ``and``/``or``/
``not``, comparisons, ``+``/``-``/``*`` on numbers, tuples or lists of constants and ``len()``
(no attribute access, subscripts, comprehensions, powers or shifts); expressions longer than
:data:`MAX_LENGTH` characters, deeper than :data:`MAX_DEPTH` or with more than
:data:`MAX_NODES` parts; numbers beyond :data:`MAX_NUMBER` and texts beyond :data:`MAX_TEXT`;
and comparisons or arithmetic between values of different types (``age > 'x'``), inferred from
the field types of the cases table and the facts' types in :data:`FACT_TYPES`.

The parsed tree is compiled to polars expressions over all cases at once by
:mod:`piis_audit.engine.columnar.expressions`, never evaluated as Python. Names are case fields
and derived facts; an unknown value decides only where it is reached (``not piis_concluded and
piis_mandatory`` never needs ``piis_mandatory`` for a concluded PIIS: polars' three-valued
``and``/``or``). An empty value that reaches an ordering comparison, a call or arithmetic
(``len(piis_type) > 0`` with no ``piis_type``) makes the condition unknown there, which the
engine turns into ``missing_data`` naming the field.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from piis_audit.schema import CASES, FieldType

# The type of every derived fact (piis_audit.model.Facts and the child-table facts).
FACT_TYPES: dict[str, str] = {
    "age": "number", "new_beneficiary": "bool", "piis_mandatory": "bool", "mandatory_by_request": "bool",
    "piis_concluded": "bool", "conclusion_date": "date", "exempted": "bool", "deadline": "date",
    "has_sanctions": "bool", "has_evaluations": "bool",
}
FACT_NAMES: frozenset[str] = frozenset(FACT_TYPES)

# Every name an expression may use: the cases fields and the derived facts.
EXPRESSION_NAMES: frozenset[str] = FACT_NAMES | frozenset(CASES.by_name)

FUNCTIONS: dict[str, Callable[..., Any]] = {"len": len}

MAX_LENGTH = 500  # characters; the bundled checklist's longest condition has 34
MAX_DEPTH = 12  # levels of the parsed tree
MAX_NODES = 120  # parts of the parsed tree
MAX_NUMBER = 1_000_000  # largest number written in an expression
MAX_TEXT = 200  # longest text written in an expression

_FIELD_TYPES: dict[FieldType, str] = {
    FieldType.TEXT: "text", FieldType.CHOICE: "text", FieldType.DATE: "date", FieldType.BOOL: "bool",
    FieldType.NUMBER: "number", FieldType.INTEGER: "number",
}
_TYPE_WORDS = {"number": "a number", "date": "a date", "text": "a text", "bool": "a yes/no value",
               "none": "None", "list": "a list"}


class ExpressionError(ValueError):
    """An expression the checklist loader refuses (the message says why)."""


@dataclass(frozen=True)
class Expression:
    source: str
    tree: ast.AST
    names: frozenset[str]


_CONSTANTS = {"True": True, "False": False, "None": None}


def _short(source: str) -> str:
    """The expression as quoted in a message (a 40,000-character one is not repeated whole)."""
    text = source.strip()
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _shape(tree: ast.AST, source: str) -> None:
    """Depth and size limits, walked without recursion (a hostile tree may be deep)."""
    count = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if depth > MAX_DEPTH:
            raise ExpressionError(f"expression nested too deep (more than {MAX_DEPTH} levels) in {_short(source)}")
        if count > MAX_NODES:
            raise ExpressionError(f"expression too long (more than {MAX_NODES} parts) in {_short(source)}")
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


# Shapes refused outright (the type inference refuses any other shape it does not know).
_FORBIDDEN = (ast.Attribute, ast.Subscript, ast.Lambda, ast.ListComp, ast.DictComp, ast.SetComp,
              ast.GeneratorExp, ast.NamedExpr, ast.JoinedStr, ast.IfExp, ast.Starred, ast.Dict,
              ast.Slice, ast.Await, ast.Yield, ast.YieldFrom)
_ORDERED = ("number", "date", "text")
_ARITHMETIC: dict[type[ast.operator], str] = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*"}
_ORDERING = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)


class _Types:
    """Infers the type of every part of an expression and refuses what cannot be evaluated:
    ``any`` is a value whose type is not known in advance (``a or b`` of two types)."""

    def __init__(self, source: str, field_types: dict[str, str]) -> None:
        self.source = source
        self.field_types = field_types

    def error(self, text: str) -> ExpressionError:
        return ExpressionError(f"{text} in {_short(self.source)}")

    @staticmethod
    def _what(node: ast.AST, type_: str) -> str:
        word = _TYPE_WORDS.get(type_, "a value")
        if isinstance(node, ast.Name) and node.id not in _CONSTANTS:
            return f"{node.id} ({word})"
        if isinstance(node, ast.Constant):
            return f"{node.value!r} ({word})"
        return word

    def of(self, node: ast.AST) -> str:
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool):
                return "bool"
            if value is None:
                return "none"
            if isinstance(value, (int, float)):
                if abs(value) > MAX_NUMBER:
                    raise self.error(f"the number {value if abs(value) < 10 ** 30 else 'written'} is too large "
                                     f"(at most {MAX_NUMBER:,})")
                return "number"
            if isinstance(value, str):
                if len(value) > MAX_TEXT:
                    raise self.error(f"a text of {len(value):,} characters is too long (at most {MAX_TEXT})")
                return "text"
            raise self.error(f"the constant {type(value).__name__} is not allowed")
        if isinstance(node, ast.Name):
            if node.id in _CONSTANTS:
                return "none" if node.id == "None" else "bool"
            return self.field_types.get(node.id, "any")
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            items = {self.of(e) for e in node.elts} - {"none"}
            return "list:" + (items.pop() if len(items) == 1 else "any")
        if isinstance(node, ast.UnaryOp):
            operand = self.of(node.operand)
            if isinstance(node.op, ast.Not):
                return "bool"
            if isinstance(node.op, (ast.USub, ast.UAdd)) and operand in ("number", "any"):
                return "number"
            raise self.error(f"the operator {type(node.op).__name__} cannot apply to {self._what(node.operand, operand)}")
        if isinstance(node, ast.BoolOp):
            types = {self.of(v) for v in node.values}
            return types.pop() if len(types) == 1 else "any"
        if isinstance(node, ast.BinOp):
            return self._binop(node)
        if isinstance(node, ast.Compare):
            self._compare(node)
            return "bool"
        if isinstance(node, ast.Call):
            if not (isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS):
                raise self.error("only len() may be called")
            if len(node.args) != 1 or node.keywords or isinstance(node.args[0], ast.Starred):
                raise self.error("len() takes exactly one value")
            arg = self.of(node.args[0])
            if arg not in ("text", "any") and not arg.startswith("list"):
                raise self.error(f"len() of {self._what(node.args[0], arg)} is meaningless")
            return "number"
        raise self.error(f"{type(node).__name__.lower()} is not allowed")

    def _choice(self, name_node: ast.AST, value_node: ast.AST) -> None:
        """A choice field compared with a text it never holds (``piis_type == 'etudiant'``)."""
        if not (isinstance(name_node, ast.Name) and isinstance(value_node, ast.Constant)
                and isinstance(value_node.value, str)):
            return
        spec = CASES.by_name.get(name_node.id)
        if spec is not None and spec.type is FieldType.CHOICE and value_node.value not in spec.choices:
            raise self.error(f"{value_node.value!r} is not a value of {name_node.id} "
                             f"(its values: {', '.join(spec.choices)})")

    def _binop(self, node: ast.BinOp) -> str:
        symbol = _ARITHMETIC.get(type(node.op))
        if symbol is None:
            raise self.error(f"the operator {type(node.op).__name__} is not allowed (only +, - and * on numbers)")
        left, right = self.of(node.left), self.of(node.right)
        known = {left, right} - {"any"}
        if known <= {"number"}:
            return "number"
        if isinstance(node.op, ast.Add) and known == {"text"}:
            return "text"
        raise self.error(f"{self._what(node.left, left)} {symbol} {self._what(node.right, right)} "
                         "cannot be computed")

    def _compare(self, node: ast.Compare) -> None:
        left_node = node.left
        left = self.of(left_node)
        for op, right_node in zip(node.ops, node.comparators):
            right = self.of(right_node)
            if isinstance(op, (ast.Is, ast.IsNot)):
                raise self.error("'is' is not allowed (write == or !=)")
            what = f"{self._what(left_node, left)} with {self._what(right_node, right)}"
            if isinstance(op, _ORDERING):
                if "none" in (left, right):
                    raise self.error(f"cannot order {what}")
                if {left, right} - {"any"} and not (
                        len({left, right} - {"any"}) == 1 and ({left, right} - {"any"}).pop() in _ORDERED):
                    raise self.error(f"cannot compare {what}")
            elif isinstance(op, (ast.Eq, ast.NotEq)):
                known = {left, right} - {"any", "none"}
                if len(known) > 1:
                    raise self.error(f"comparing {what} is never true")
                self._choice(left_node, right_node)
                self._choice(right_node, left_node)
            else:  # in / not in
                if right == "text":
                    if left not in ("text", "any"):
                        raise self.error(f"cannot look for {self._what(left_node, left)} in a text")
                elif right.startswith("list:"):
                    item = right[5:]
                    for element in getattr(right_node, "elts", ()):
                        self._choice(left_node, element)
                    if "any" not in (item, left) and item != left:
                        raise self.error(f"cannot look for {self._what(left_node, left)} in a list of "
                                         f"{_TYPE_WORDS.get(item, 'values')}s")
                elif right != "any":
                    raise self.error(f"'in' needs a list or a text, not {self._what(right_node, right)}")
            left_node, left = right_node, right


def _field_types(known_names: frozenset[str]) -> dict[str, str]:
    types = {spec.name: _FIELD_TYPES[spec.type] for spec in CASES.fields}
    types.update(FACT_TYPES)
    return {name: types.get(name, "any") for name in known_names}


@lru_cache(maxsize=1024)
def compile_expression(source: str, known_names: frozenset[str] = EXPRESSION_NAMES) -> Expression:
    """Parse and check an expression: length, syntax, shape and size, every name known, the
    types of what it compares and computes. Raises ExpressionError saying what is wrong."""
    if not isinstance(source, str):
        raise ExpressionError("an expression must be a text")
    text = source.strip()
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression too long ({len(text):,} characters, at most {MAX_LENGTH}): {_short(text)}")
    try:
        module = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"invalid expression {_short(text)}: {exc.msg}") from None
    except (RecursionError, MemoryError, ValueError) as exc:
        raise ExpressionError(f"invalid expression {_short(text)}: {type(exc).__name__}") from None
    _shape(module.body, text)
    for node in ast.walk(module):
        if isinstance(node, _FORBIDDEN):
            raise ExpressionError(f"{type(node).__name__.lower()} is not allowed in {_short(text)}")
    names = frozenset(n.id for n in ast.walk(module) if isinstance(n, ast.Name))
    unknown = sorted(names - known_names - set(_CONSTANTS) - set(FUNCTIONS))
    if unknown:
        raise ExpressionError(f"unknown name(s) {', '.join(unknown)} in {_short(text)}")
    _Types(text, _field_types(known_names)).of(module.body)
    return Expression(text, module.body, names)
