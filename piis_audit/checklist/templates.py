"""What a text of the checklist (reason, title, remediation) may hold: ``{name}`` placeholders
only. ``piis_audit.i18n.render.fill`` fills plain names and nothing else, so a template that
reaches into attributes (``{deadline.__class__}``), indexes (``{x[0]}``), converts (``{x!r}``) or
formats (``{x:>999999999}``) could never run code or exhaust memory; ``checklist lint`` refuses it.

The texts take their numbers from the parameters (``{deadline_months} mois``): :func:`literal_values`
finds a parameter's value written out next to its unit, :func:`text_values` gives the values a
text may name (a rate as its percentage), :func:`filled` fills a title or remediation with them."""

from __future__ import annotations

import string
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from piis_audit.checklist.params import ParamSpec
from piis_audit.i18n.render import fill

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


def literal_values(texts: Mapping[str, str], values: Mapping[str, Any],
                   specs: Mapping[str, ParamSpec]) -> list[tuple[str, str]]:
    """(language of the first writing, message) for each parameter value written out next to its
    unit in ``texts`` (language -> text): one message per value, naming every parameter that has
    it and every language that writes it."""
    by_text: dict[tuple[str, str], list[str]] = {}  # (language, text found) -> parameters
    for name, value in values.items():
        spec = specs.get(name)
        pattern = spec.written(value) if spec is not None else None
        if pattern is None:
            continue
        for lang, text in texts.items():
            for match in pattern.finditer(text):
                by_text.setdefault((lang, match.group(0)), []).append(name)
    found: dict[tuple[str, ...], dict[str, str]] = {}  # parameters -> language -> text found
    for (lang, written), named in by_text.items():
        found.setdefault(tuple(named), {})[lang] = written
    out: list[tuple[str, str]] = []
    for names, writings in found.items():
        shown = "; ".join(f"{lang} '{text}'" for lang, text in writings.items())
        which = " or ".join(f"'{n}'" for n in names)
        instead = " or ".join("{" + n + "}" for n in names)
        out.append((next(iter(writings)), f"{shown} writes the value of parameter {which} = {values[names[0]]!r}; "
                                          f"write {instead} instead, so the text follows the parameter"))
    return out


def text_values(values: Mapping[str, Any], specs: Mapping[str, ParamSpec]) -> dict[str, Any]:
    """The values as a text writes them: a rate as its percentage (0.10 -> 10), the rest as is."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        spec = specs.get(name)
        if spec is not None and spec.unit == "percent" and isinstance(value, (int, float)) \
                and not isinstance(value, bool):
            percent = round(value * 100, 6)
            value = int(percent) if float(percent).is_integer() else Decimal(str(percent))
        out[name] = value
    return out


def filled(texts: Mapping[str, str], values: Mapping[str, Any]) -> dict[str, str]:
    """A title or remediation with its {parameter} placeholders filled, per language."""
    return {lang: fill(text, {}, lang, values) for lang, text in texts.items()}
