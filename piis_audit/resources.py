"""Where the files shipped with the package are: inside the installed package
(``piis_audit/checklists``, ``piis_audit/templates``), or at the top of a source checkout
(``checklists/``, ``reports/templates/``) when running from the source tree."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parent.parent
_SOURCE_DIRS = {"checklists": _SOURCE_ROOT / "checklists", "templates": _SOURCE_ROOT / "reports" / "templates"}


def resource_dir(name: str) -> Path:
    """The folder of bundled ``checklists`` or ``templates``."""
    try:
        installed = Path(str(resources.files(f"piis_audit.{name}")))
        if installed.is_dir():
            return installed
    except ModuleNotFoundError:
        pass
    return _SOURCE_DIRS[name]
