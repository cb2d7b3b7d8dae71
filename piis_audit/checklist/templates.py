"""What a text of the checklist (reason, title, remediation) may hold: ``{name}`` placeholders
only. ``piis_audit.i18n.render.fill`` fills plain names and nothing else, so a template that
reaches into attributes (``{deadline.__class__}``), indexes (``{x[0]}``), converts (``{x!r}``) or
formats (``{x:>999999999}``) could never run code or exhaust memory; ``checklist lint`` refuses it."""

from __future__ import annotations

import string

_FORMATTER = string.Formatter()


def template_problems(text: str) -> list[str]:
    """Why ``text`` is not a valid template (empty when it is)."""
    try:
        parsed = list(_FORMATTER.parse(text))
    except ValueError as exc:  # "Single '}' encountered in format string"
        return [f"{exc} (write {{{{ and }}}} for a brace)"]
    problems: list[str] = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        shown = "{" + name + ("!" + conversion if conversion else "") + (":" + spec if spec else "") + "}"
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        if not name.isidentifier():
            problems.append(f"placeholder {shown} is not allowed: only plain names such as {{deadline}}")
        elif conversion is not None:
            problems.append(f"placeholder {shown}: conversions (!r, !s, !a) are not allowed")
        elif spec:
            problems.append(f"placeholder {shown}: format specifications are not allowed "
                            "(values are formatted for the language)")
    return problems


def placeholders(text: str) -> set[str]:
    """The plain-name placeholders of ``text``."""
    try:
        return {name for _, name, _, _ in _FORMATTER.parse(text) if name and name.isidentifier()}
    except ValueError:
        return set()
