"""``--help`` in the reader's language: the command tree's help texts translated, and typer's own
words (panel titles, "Usage:", "[default: …]") with them.

The language is the command line's ``--lang`` when given (``--help`` is answered before the
options are parsed, so it is read from the arguments here), else the environment's locale
(:func:`piis_audit.i18n.render.default_lang`). Each help text is found in the catalog
``i18n/help.yaml`` by its English text; one without an entry stays in English (a test checks
every one has one).

Metavars are written for people: a yes/no flag shows none (typer would show ``<bool>``), a list
of paths shows ``PATH``, and a choice of more than two values its name in capitals, the values
being in the help text: nothing is cut in the middle of a word at 80 columns.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
from collections.abc import Callable, Sequence
from typing import Any

from piis_audit.i18n.render import LANGS, catalog, default_lang

_WORDS = {"ARGUMENTS_PANEL_TITLE": "help.panel.arguments", "OPTIONS_PANEL_TITLE": "help.panel.options",
          "COMMANDS_PANEL_TITLE": "help.panel.commands", "DEFAULT_STRING": "help.default",
          "REQUIRED_LONG_STRING": "help.required", "ERRORS_PANEL_TITLE": "help.panel.error",
          "ABORTED_TEXT": "help.aborted", "RICH_HELP": "help.try"}
_NAMED_CHOICES = {"--fail-on": "VERDICT", "--format": "FORMAT", "--table": "TABLE", "--lang": "fr|nl|en"}


def help_lang(args: Sequence[str]) -> str:
    """The language ``--help`` is shown in: ``--lang X`` / ``--lang=X`` among ``args``, else the
    environment's."""
    for index, arg in enumerate(args):
        value = None
        if arg == "--lang" and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value is not None and value.strip().lower() in LANGS:
            return value.strip().lower()
    return default_lang()


def _translations(lang: str) -> dict[str, str]:
    """English help text -> its text in ``lang``."""
    return {str(texts["en"]): str(texts.get(lang) or texts["en"])
            for key, texts in catalog().items() if key.startswith("help.text.")}


def help_texts(command: Any) -> list[str]:
    """Every help text of the command tree (commands, arguments and options), once each."""
    found: list[str] = []

    def walk(node: Any) -> None:
        for text in [node.help, *(getattr(p, "help", None) for p in node.params)]:
            if text and text not in found:
                found.append(text)
        for sub in getattr(node, "commands", {}).values():
            walk(sub)

    walk(command)
    return found


def _people_metavar(param: Any) -> None:
    """A metavar a person reads (module docstring), set on the click parameter."""
    if getattr(param, "is_flag", False):
        param.display_type_rich = lambda ctx: None
        return
    long_name = next((o for o in param.opts if o.startswith("--")), None)
    if long_name in _NAMED_CHOICES:
        label = _NAMED_CHOICES[long_name]
        param.display_type_rich = lambda ctx: label
    elif getattr(param, "nargs", 1) == -1:  # EXPORT...: paths
        param.display_type_rich = lambda ctx: "PATH"
    else:  # typer's "<path>", "<int>": the plain name in capitals, as click writes it
        original = param.display_type_rich

        def plain(ctx: Any) -> str | None:
            shown: str | None = original(ctx)
            if shown and shown.startswith("<") and shown.endswith(">"):
                inner: str = shown[1:-1]
                return inner if "|" in inner else {"int": "N", "float": "NUMBER"}.get(inner, inner.upper())
            return shown

        param.display_type_rich = plain


def localise(command: Any, lang: str) -> Any:
    """``command`` (the click tree typer built) with its help in ``lang``; typer's own words in
    ``lang`` too (they are module settings of typer's help printer)."""
    _when_imported("typer.rich_utils", lambda module: _typer_words(module, lang))
    _usage_in(lang)
    translated = _translations(lang)

    def walk(node: Any) -> None:
        node.help = translated.get(node.help, node.help) if node.help else node.help
        if getattr(node, "short_help", None):
            node.short_help = translated.get(node.short_help, node.short_help)
        for param in node.params:
            if getattr(param, "help", None):
                param.help = translated.get(param.help, param.help)
            _people_metavar(param)
        node.get_help_option = _help_option(node.get_help_option, translated)
        for sub in getattr(node, "commands", {}).values():
            walk(sub)

    walk(command)
    return command


def _help_option(original: Any, translated: dict[str, str]) -> Any:
    """The command's own ``--help`` option, made per call by click: its text translated, no metavar."""

    def get_help_option(ctx: Any) -> Any:
        option = original(ctx)
        if option is not None:
            option.help = translated.get(option.help, option.help)
            _people_metavar(option)
        return option

    return get_help_option


def _usage_in(lang: str) -> None:
    """"Usage:" in ``lang`` (click writes it; typer colours it by matching "Usage: ")."""
    from typer._click import formatting

    usage = _raw("help.usage", lang)
    formatter = formatting.HelpFormatter
    if not hasattr(formatter, "_piis_original_write_usage"):
        formatter._piis_original_write_usage = formatter.write_usage  # type: ignore[attr-defined]

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        formatter._piis_original_write_usage(self, prog, args, prefix if prefix is not None  # type: ignore[attr-defined]
                                             else f"{usage} ")

    formatter.write_usage = write_usage  # type: ignore[method-assign]


def _typer_words(rich_utils: Any, lang: str) -> None:
    """Typer's own words in ``lang`` (module settings of its help and error printer)."""
    for name, key in _WORDS.items():  # "[default: {}]" is filled by typer
        setattr(rich_utils, name, _raw(key, lang))


def _when_imported(name: str, then: Callable[[Any], None]) -> None:
    """``then(module)`` once module ``name`` is imported: now if it is, else right after typer
    imports it. Typer imports its help printer only to print help or a usage error; importing it
    on every run would cost about 0.1 s of an everyday audit."""
    module = sys.modules.get(name)
    if module is not None:
        then(module)
        return

    class AfterImport(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
            if fullname != name:
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(fullname)
            loader = spec.loader if spec is not None else None
            if loader is None or not hasattr(loader, "exec_module"):
                return spec
            execute = loader.exec_module

            def exec_module(module: Any) -> None:
                execute(module)
                then(module)

            # this spec's own loader instance runs the module, then ``then`` (mypy: a method replaced)
            loader.exec_module = exec_module  # type: ignore[method-assign]
            return spec

    sys.meta_path.insert(0, AfterImport())


def _raw(key: str, lang: str) -> str:
    texts = catalog()[key]
    return str(texts.get(lang) or texts["en"])
