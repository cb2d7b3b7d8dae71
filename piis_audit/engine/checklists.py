"""Loading a checklist against the check kinds this package ships.

:mod:`piis_audit.checklist.loader` validates a checklist against whatever kinds it is handed and
so does not import :mod:`piis_audit.questions` (which imports the checklist model); this module,
above both, hands it the bundled registry, and the columnar engine's compiler to refuse at its
line a condition the engine could not evaluate. Use these functions wherever a checklist is
loaded. polars is imported when a checklist is loaded, not when this module is.
"""

from __future__ import annotations

from pathlib import Path

from piis_audit.checklist import loader
from piis_audit.checklist.expressions import Expression
from piis_audit.checklist.model import Checklist
from piis_audit.questions import KINDS


def columnar_check(expression: Expression) -> None:
    """Raises :class:`~piis_audit.engine.columnar.expressions.CompileError` when the columnar
    engine cannot compile ``expression`` (compiled over no export: only its shape matters)."""
    from piis_audit.engine.columnar.expressions import ExpressionCompiler
    from piis_audit.frames import ExportFrames

    ExpressionCompiler(ExportFrames({}, {})).compile(expression)


def load_checklist(path: Path | None = None) -> Checklist:
    """The checklist at ``path`` (``None``: the bundled SPP IS one), checked against the bundled
    check kinds and the columnar compiler; raises :class:`~piis_audit.checklist.loader.ChecklistError`
    with every problem.

    The bundled checklist, loaded by default, skips the compiler (the test suite compiles its
    every condition): an everyday audit does not import polars before it needs it."""
    return loader.load_checklist(path, kinds=KINDS, conditions=None if path is None else columnar_check)


def parse_checklist(text: str, path: str = "<checklist>") -> Checklist:
    """A checklist from its YAML text (``path`` names it in problems), as :func:`load_checklist`."""
    return loader.parse_checklist(text, path, kinds=KINDS, conditions=columnar_check)
