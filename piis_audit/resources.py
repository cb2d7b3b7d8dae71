"""Where the files shipped with the package are: inside the installed package
(``piis_audit/checklists``, ``piis_audit/templates``), or at the top of a source checkout
(``checklists/``, ``reports/templates/``) when running from the source tree or an editable
install."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_SOURCE_DIRS = {"checklists": _PACKAGE.parent / "checklists",
                "templates": _PACKAGE.parent / "reports" / "templates"}


def resource_dir(name: str) -> Path:
    """The folder of bundled ``checklists`` or ``templates``."""
    installed = _PACKAGE / name
    if installed.is_dir():
        return installed
    return _SOURCE_DIRS[name]
