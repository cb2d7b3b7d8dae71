"""The wheel ships every subpackage: pyproject.toml lists them by hand (setuptools cannot find
the two mapped data packages), so a new folder of code must be listed there too."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_code_folder_is_listed_as_a_package() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
                 ["tool"]["setuptools"]["packages"])
    folders = {".".join(path.parent.relative_to(ROOT).parts)
               for path in (ROOT / "piis_audit").rglob("__init__.py")}
    assert folders - listed == set()
