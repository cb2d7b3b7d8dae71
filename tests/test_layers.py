"""Which package may import which: each check runs a fresh interpreter and looks at
``sys.modules``, so a module imported on the way (not only a direct import) is caught."""

from __future__ import annotations

import json
import subprocess
import sys


def imported_after(code: str) -> set[str]:
    """The ``piis_audit`` modules a fresh interpreter holds after running ``code``."""
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(m for m in sys.modules if m.startswith('piis_audit'))))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_decision_modules_import_no_display_code() -> None:
    """The check kinds decide; how a value is shown (``i18n``, ``formats``, ``cli``) is not theirs
    to import: an amount is marked :class:`piis_audit.money.Money`, which the renderers format."""
    loaded = imported_after(
        "import importlib, pkgutil, piis_audit.questions as q\n"
        "for m in pkgutil.iter_modules(q.__path__): importlib.import_module('piis_audit.questions.' + m.name)")
    assert "piis_audit.questions.increased_subsidy" in loaded and "piis_audit.money" in loaded
    display = sorted(m for m in loaded if m.split(".")[1:2] in (["i18n"], ["formats"], ["cli"]))
    assert display == []
