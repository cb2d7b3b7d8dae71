"""The Jinja environment for the report templates.

The templates live in ``reports/templates/`` at the top of the repository and are installed as
the package data ``piis_audit.templates`` (see ``pyproject.toml``);
:func:`piis_audit.resources.resource_dir` finds them either way.
Autoescaping is always on: every value from the export is escaped unless a format has already
made it safe for its context.
"""

from __future__ import annotations

from functools import lru_cache
import jinja2

from piis_audit.resources import resource_dir

def _loader() -> jinja2.BaseLoader:
    folder = resource_dir("templates")
    if not folder.is_dir():
        raise FileNotFoundError(f"report templates not found in {folder}: reinstall piis-audit")
    return jinja2.FileSystemLoader(str(folder))


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
