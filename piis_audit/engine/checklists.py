"""Loading a checklist against the check kinds this package ships.

:mod:`piis_audit.checklist.loader` validates a checklist against whatever kinds it is handed and
so does not import :mod:`piis_audit.questions` (which imports the checklist model); this module,
above both, hands it the bundled registry. Use these functions wherever a checklist is loaded.
"""

from __future__ import annotations

from pathlib import Path

from piis_audit.checklist import loader
from piis_audit.checklist.model import Checklist
from piis_audit.questions import KINDS


def load_checklist(path: Path | None = None) -> Checklist:
    """The checklist at ``path`` (``None``: the bundled SPP IS one), checked against the bundled
    check kinds; raises :class:`~piis_audit.checklist.loader.ChecklistError` with every problem."""
    return loader.load_checklist(path, kinds=KINDS)


def parse_checklist(text: str, path: str = "<checklist>") -> Checklist:
    """A checklist from its YAML text (``path`` names it in problems), as :func:`load_checklist`."""
    return loader.parse_checklist(text, path, kinds=KINDS)
