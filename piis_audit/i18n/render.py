"""Turning messages into sentences in French, Dutch or English.

Question texts (titles, reasons, remediation) live in the checklist YAML; the rest of what a
person reads lives in the YAML catalogs of this folder (one file per area, merged at load).
Values are formatted the Belgian way: dates dd/mm/yyyy, amounts ``1.314,20 €``.
"""

from __future__ import annotations

import datetime as dt
import locale
import os
import string
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from piis_audit.model import DataError, Message, RejectedRow, Verdict
from piis_audit.money import Money

LANGS: tuple[str, ...] = ("fr", "nl", "en")


def format_money(amount: Decimal) -> str:
    quantised = Decimal(amount).quantize(Decimal("0.01"))
    sign = "-" if quantised < 0 else ""
    whole, _, cents = f"{abs(quantised):.2f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return f"{sign}{'.'.join(groups)},{cents} €"


@lru_cache(maxsize=1 << 14)
def format_date(day: dt.date) -> str:
    """dd/mm/yyyy (memoised: a report shows the same dates thousands of times)."""
    return day.strftime("%d/%m/%Y")


def format_value(value: Any, lang: str) -> str:
    """A value as a person reads it in ``lang``."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return ui(f"common.bool.{str(value).lower()}", lang)
    if isinstance(value, Money):
        return format_money(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", ",")
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, Message):
        return ui(value.key, lang, **value.params)
    if isinstance(value, Verdict):  # the verdict of a question another one rests on
        return ui(f"common.verdict.{value.value}", lang)
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(format_value(_as_item(v), lang) for v in value)
    return str(value)


def _as_item(value: Any) -> Any:
    """A field's label as an item of a list: its short form (``item.<name>``, ``items.yaml``:
    "the CPAS", "objectives") where it has one, since the sentence says "signed by", "mentions"."""
    if isinstance(value, Message) and value.key.startswith(FIELD_PREFIX):
        item = ITEM_PREFIX + value.key[len(FIELD_PREFIX):]
        if item in catalog():
            return Message(item, value.params)
    return value


# libyaml's safe loader when PyYAML was built with it (5-10 times faster on the catalogs, which
# reading an export with data errors needs); the pure-Python one otherwise. Both are safe loaders.
_SAFE_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=1)
def catalog() -> dict[str, dict[str, str]]:
    """All UI catalogs of this package, merged: key -> language -> template."""
    merged: dict[str, dict[str, str]] = {}
    for entry in sorted(resources.files("piis_audit.i18n").iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".yaml"):
            data = yaml.load(entry.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or {}
            for key, texts in data.items():
                if key in merged:
                    raise ValueError(f"i18n key {key!r} defined twice ({entry.name})")
                merged[key] = texts
    return merged


_FORMATTER = string.Formatter()


@lru_cache(maxsize=1 << 12)
def _pieces(template: str) -> tuple[tuple[str, str | None], ...]:
    """The template as (literal text, placeholder name or None) pieces. Only plain names are
    placeholders: ``{deadline}``. Anything else (``{deadline.__class__}``, ``{x[0]}``, ``{x!r}``,
    ``{x:>999999999}``) is kept as literal text, never evaluated (``checklist lint`` refuses it)."""
    try:
        parsed = list(_FORMATTER.parse(template))
    except ValueError:  # a lone brace: the text as written
        return ((template, None),)
    pieces: list[tuple[str, str | None]] = []
    for literal, name, spec, conversion in parsed:
        if name is None:
            pieces.append((literal, None))
        elif name.isidentifier() and not spec and conversion is None:
            pieces.append((literal, name))
        else:
            written = "{" + name + ("!" + conversion if conversion else "") + (":" + spec if spec else "") + "}"
            pieces.append((literal + written, None))
    return tuple(pieces)


def fill(template: str, params: Mapping[str, Any], lang: str, defaults: Mapping[str, Any] | None = None) -> str:
    """The template with each ``{name}`` replaced by its parameter (else by its value in
    ``defaults``) formatted for ``lang``; a name with neither stays ``{name}``."""
    out: list[str] = []
    for literal, name in _pieces(template):
        out.append(literal)
        if name is None:
            continue
        if name in params:
            out.append(format_value(params[name], lang))
        elif defaults is not None and name in defaults:
            out.append(format_value(defaults[name], lang))
        else:
            out.append("{" + name + "}")
    return "".join(out)


def ui(key: str, lang: str, **params: Any) -> str:
    """A catalog text. A missing key or language is an error (tests check completeness)."""
    texts = catalog()[key]
    return fill(texts.get(lang) or texts["en"], params, lang)


def colon(lang: str) -> str:
    """What goes between a label in ``lang`` and its value: ``": "``, or in French (Belgian and
    French typography alike) a space before the colon, no-break so a line never starts with the
    colon: ``"Situation au\\u00a0: 26/11/2026"``. Use it after every translated label."""
    return "\u00a0: " if lang == "fr" else ": "


def data_error_text(error: DataError, lang: str) -> str:
    """A data error's message in ``lang``: its ``text`` rendered when it has one, else the
    English ``message``."""
    text = error.text
    return error.message if text is None else ui(text.key, lang, **text.params)


def rejected_text(row: RejectedRow, lang: str) -> str:
    """Why a row was not audited, in ``lang`` (``text`` rendered, else the English ``reason``)."""
    text = row.text
    return row.reason if text is None else ui(text.key, lang, **text.params)


FIELD_PREFIX = "field."
ITEM_PREFIX = "item."  # a field's label in a list (items.yaml)
RESULT_PREFIX = "result:"  # evidence key for the verdict of a question depended on: "result:<question id>"


def field_label(name: str, lang: str, numbers: Mapping[str, int] | None = None) -> str:
    """A short label for a canonical field, derived fact or evidence key (``field.<name>`` in
    ``fields.yaml``). ``result:<question>`` reads "result of question <number>" (``numbers``: the
    questions' numbers in the checklist; else the id); an unknown name is returned as it is, so a
    label can never hide which value was used."""
    texts = catalog().get(FIELD_PREFIX + name)
    if texts is not None:
        return texts.get(lang) or texts["en"]
    if name.startswith(RESULT_PREFIX) and FIELD_PREFIX + "result" in catalog():
        question = name[len(RESULT_PREFIX):]
        return ui(FIELD_PREFIX + "result", lang, question=str((numbers or {}).get(question, question)))
    return name


_QUESTION_PARAMS = frozenset({"question", "questions"})


def questions_by_number(message: Message, checklist: Any) -> Message:
    """``message`` with the question ids it names (params ``question``, ``questions``, nested
    messages included) replaced by their numbers in the checklist: people read "question 7", the
    ids stay in the JSON's parameters. ``message`` itself when it names none (the usual case: a
    report renders every distinct reason, up to hundreds of thousands)."""
    questions = getattr(checklist, "questions", None)
    if not questions or not _names_a_question(message):
        return message
    numbers = {q.id: str(n) for n, q in enumerate(questions, start=1)}

    def relabel(m: Message) -> Message:
        params: dict[str, Any] = {}
        for name, value in m.params.items():
            if isinstance(value, Message):
                value = relabel(value)
            elif name in _QUESTION_PARAMS and isinstance(value, str):
                value = numbers.get(value, value)
            elif name in _QUESTION_PARAMS and isinstance(value, (list, tuple)):
                value = [numbers.get(v, v) if isinstance(v, str) else v for v in value]
            elif isinstance(value, (list, tuple)) and any(isinstance(v, Message) for v in value):
                value = [relabel(v) if isinstance(v, Message) else v for v in value]
            params[name] = value
        return Message(m.key, params)

    return relabel(message)


def _names_a_question(message: Message) -> bool:
    """Does ``message`` (or a message inside it) have a ``question`` or ``questions`` parameter?"""
    for name, value in message.params.items():
        if name in _QUESTION_PARAMS:
            return True
        if isinstance(value, Message) and _names_a_question(value):
            return True
        if isinstance(value, (list, tuple)) and any(isinstance(v, Message) and _names_a_question(v)
                                                    for v in value):
            return True
    return False


def render(message: Message, checklist: Any, question_id: str | None, lang: str) -> str:
    """A result's reason or note: from the question's templates, else from the catalog; the
    questions it names by their numbers."""
    message = questions_by_number(message, checklist)
    if question_id is not None:
        template = checklist.template(question_id, message.key, lang)
        if template is not None:  # a reason may name the question's and the checklist's parameters
            return fill(template, message.params, lang, checklist.template_params(question_id))
    texts = catalog()[message.key]  # a catalog text may name the checklist-wide parameters
    defaults = checklist.template_params(None) if hasattr(checklist, "template_params") else None
    return fill(texts.get(lang) or texts["en"], message.params, lang, defaults)


def title(checklist: Any, question_id: str, lang: str) -> str:
    return str(checklist.by_id[question_id].title[lang])


def default_lang(environ: Mapping[str, str] | None = None) -> str:
    """fr or nl when the environment's locale is French or Dutch, else en."""
    env = os.environ if environ is None else environ
    candidates: Iterable[str | None] = (env.get("LC_ALL"), env.get("LC_MESSAGES"), env.get("LANG"),
                                        env.get("LANGUAGE"))
    if environ is None:
        try:
            candidates = [*candidates, locale.getlocale()[0]]
        except ValueError:
            pass
    for value in candidates:
        lang = _locale_lang(value)
        if lang is not None:
            return lang
    return "en"


# Windows names its locales in words ("Dutch_Belgium", "French_Belgium.1252").
_LANGUAGE_WORDS = {"dutch": "nl", "flemish": "nl", "nederlands": "nl", "french": "fr", "francais": "fr",
                   "français": "fr"}


def _locale_lang(value: str | None) -> str | None:
    """fr, nl or en for one locale setting (``fr_BE.UTF-8``, ``nl``, ``Dutch_Belgium``); None when
    it says nothing (empty, ``C``, ``POSIX``), so the next setting is asked."""
    if not value:
        return None
    name = value.split(":")[0].split(".")[0].split("_")[0].split("-")[0].strip().lower()
    if name in ("", "c", "posix"):
        return None
    if name in ("fr", "nl"):
        return name
    return _LANGUAGE_WORDS.get(name, "en")
