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
    """The check kinds and the engine decide; how a value is shown (``i18n``, ``formats``, ``cli``)
    is not theirs to import: an amount is marked :class:`piis_audit.money.Money` when the results
    are read back, which the renderers format."""
    loaded = imported_after(
        "import importlib, pkgutil, piis_audit.questions as q, piis_audit.engine.columnar.kinds as k\n"
        "for m in pkgutil.iter_modules(q.__path__): importlib.import_module('piis_audit.questions.' + m.name)\n"
        "for m in pkgutil.iter_modules(k.__path__): importlib.import_module(k.__name__ + '.' + m.name)\n"
        "import piis_audit.engine.typed_values")
    assert "piis_audit.engine.columnar.kinds.increased_subsidy" in loaded and "piis_audit.money" in loaded
    display = sorted(m for m in loaded if m.split(".")[1:2] in (["i18n"], ["formats"], ["cli"]))
    assert display == []


def test_the_checklist_package_imports_no_check_kind() -> None:
    """``questions`` imports the checklist model; the loader must not import ``questions`` back
    (it is handed the kinds): loading and linting a checklist pulls no kind in with the loader."""
    loaded = imported_after("import piis_audit.checklist.loader, piis_audit.checklist.kinds, "
                            "piis_audit.checklist.fingerprint, piis_audit.checklist.model")
    assert "piis_audit.checklist.loader" in loaded
    assert sorted(m for m in loaded if m.split(".")[1:2] == ["questions"]) == []


def test_a_checklist_is_checked_against_the_kinds_it_is_handed() -> None:
    """The loader knows only the kinds handed to it: the bundled checklist, with one kind left out
    of the registry, is refused at that kind's line."""
    from piis_audit.checklist.kinds import KindRegistry
    from piis_audit.checklist.loader import ChecklistError, bundled_checklist_path, parse_checklist
    from piis_audit.questions import KINDS

    text = bundled_checklist_path().read_text(encoding="utf-8")
    assert parse_checklist(text, kinds=KINDS).questions
    fewer = KindRegistry(KINDS.names - {"sanctions"}, KINDS.load)
    try:
        parse_checklist(text, "bundled.yaml", kinds=fewer)
    except ChecklistError as exc:
        found = [(p.line, p.message) for p in exc.problems]
    else:
        raise AssertionError("a checklist naming an unknown kind was accepted")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.strip() == "kind: sanctions")
    assert found == [(line, "question 'sanctions': kind 'sanctions' is unknown "
                            f"(known: {fewer.known()})")]
