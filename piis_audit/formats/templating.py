"""The Jinja environment for the report templates.

The templates live in ``reports/templates/`` at the top of the repository and are installed as
the package data ``piis_audit.templates`` (see ``pyproject.toml``). Installed, they are found
with :class:`jinja2.PackageLoader`; run from a source checkout (or an editable install, where
the mapped folder is not inside ``piis_audit/``) the loader falls back to the folder itself.
Autoescaping is always on: every value from the export is escaped unless a format has already
made it safe for its context.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

SOURCE_TEMPLATES = Path(__file__).resolve().parents[2] / "reports" / "templates"


def _loader() -> jinja2.BaseLoader:
    try:
        return jinja2.PackageLoader("piis_audit", "templates")
    except ValueError:  # no piis_audit/templates folder: running from the source tree
        if not SOURCE_TEMPLATES.is_dir():
            raise FileNotFoundError(f"report templates not found (looked in the installed package and "
                                    f"{SOURCE_TEMPLATES})") from None
        return jinja2.FileSystemLoader(str(SOURCE_TEMPLATES))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The shared environment: autoescape on, undefined variables are errors, tidy whitespace."""
    return jinja2.Environment(loader=_loader(), autoescape=True, undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True)


def asset(name: str) -> str:
    """The raw text of a file next to the templates (CSS, JS), not rendered by Jinja."""
    env = environment()
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    return source
