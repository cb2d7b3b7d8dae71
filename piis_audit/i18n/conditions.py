"""A checklist condition (``applies_if``, a mention's ``when``) read as a sentence in a language.

The condition is parsed by the checklist's own safe parser
(:func:`piis_audit.checklist.expressions.compile_expression`) and its tree written out: a field
or fact by its label (``fields.yaml``), a yes/no name alone as that label, ``not`` before it as
"label: no", comparisons with their signs, a choice by its label (``choice.<field>.<value>``),
``and``/``or`` as the language's words. Nothing is evaluated.
"""

from __future__ import annotations

import ast
from typing import Any

from piis_audit.checklist.expressions import compile_expression
from piis_audit.i18n.render import catalog, field_label, format_value, ui

_SIGNS: dict[type[ast.cmpop], str] = {ast.Eq: "=", ast.NotEq: "≠", ast.Lt: "<", ast.LtE: "≤", ast.Gt: ">",
                                      ast.GtE: "≥", ast.In: "∈", ast.NotIn: "∉"}
_ARITHMETIC: dict[type[ast.operator], str] = {ast.Add: "+", ast.Sub: "−", ast.Mult: "×"}


def choice_label(field: str, value: str, lang: str) -> str:
    """A choice value as people read it (``choice.<field>.<value>``), else the value quoted."""
    texts = catalog().get(f"choice.{field}.{value}")
    if texts is not None:
        return str(texts.get(lang) or texts["en"])
    return ui("checklist.condition.quoted", lang, value=value)


def condition_text(source: str, lang: str) -> str:
    """``source`` (a condition the checklist loader accepted) as a sentence in ``lang``."""
    return _Writer(lang).text(compile_expression(source).tree, top=True)


class _Writer:
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def word(self, key: str) -> str:
        return ui(f"checklist.condition.{key}", self.lang)

    def text(self, node: ast.AST, field: str | None = None, top: bool = False) -> str:
        """``node`` in words; ``top``: it is a condition of its own (not a value compared)."""
        if isinstance(node, ast.BoolOp):
            joiner = f" {self.word('and' if isinstance(node.op, ast.And) else 'or')} "
            return joiner.join(self.nested(value, node.op) for value in node.values)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            if isinstance(node.operand, ast.Name):
                return ui("checklist.condition.is_no", self.lang, name=field_label(node.operand.id, self.lang))
            return ui("checklist.condition.not", self.lang, condition=self.text(node.operand, top=True))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return f"−{self.text(node.operand)}"
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
            return f"{self.text(node.left)} {_ARITHMETIC[type(node.op)]} {self.text(node.right)}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len":
            return ui("checklist.condition.count", self.lang, of=", ".join(self.text(a) for a in node.args))
        if isinstance(node, ast.Name):
            if top:  # a yes/no name standing for itself: "PIIS concluded: yes"
                return ui("checklist.condition.is_yes", self.lang, name=field_label(node.id, self.lang))
            return field_label(node.id, self.lang)
        if isinstance(node, ast.Constant):
            return self.constant(node.value, field)
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return ", ".join(self.text(item, field) for item in node.elts)
        return ast.unparse(node)  # a shape the loader accepts but this page has no words for yet

    def nested(self, node: ast.AST, op: ast.boolop) -> str:
        """An ``and`` inside an ``or`` (or the reverse) between brackets."""
        inner = self.text(node, top=True)
        if isinstance(node, ast.BoolOp) and type(node.op) is not type(op):
            return f"({inner})"
        return inner

    def constant(self, value: Any, field: str | None) -> str:
        if isinstance(value, str):
            return choice_label(field, value, self.lang) if field else ui("checklist.condition.quoted", self.lang,
                                                                            value=value)
        if value is None:
            return self.word("empty")
        return format_value(value, self.lang)

    def compare(self, node: ast.Compare) -> str:
        field = node.left.id if isinstance(node.left, ast.Name) else None
        if len(node.ops) == 1 and isinstance(node.ops[0], ast.In) and isinstance(node.comparators[0],
                                                                                 (ast.List, ast.Tuple, ast.Set)):
            values = [self.text(item, field) for item in node.comparators[0].elts]
            alternatives = f" {self.word('or')} ".join(values)
            return ui("checklist.condition.one_of", self.lang, name=self.text(node.left), values=alternatives)
        parts = [self.text(node.left)]
        for op, right in zip(node.ops, node.comparators):
            parts += [_SIGNS.get(type(op), "?"), self.text(right, field)]
        return " ".join(parts)
