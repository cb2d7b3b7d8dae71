"""``--help`` in French and Dutch (``--lang`` or the locale), every help text translated, no
``<bool>`` metavar and no sentence cut in the middle at 80 columns."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import typer

from piis_audit.cli.app import app
from piis_audit.cli.help_lang import help_lang, help_texts
from piis_audit.i18n.render import catalog

ENTRIES = {str(t["en"]): t for k, t in catalog().items() if k.startswith("help.text.")}


def _help(*args: str, env: dict[str, str] | None = None) -> str:
    environment = {**os.environ, "COLUMNS": "80", "TERMINAL_WIDTH": "80", **(env or {})}
    done = subprocess.run([sys.executable, "-m", "piis_audit", *args], capture_output=True, text=True,
                          env=environment, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_every_help_text_has_its_french_and_dutch() -> None:
    texts = help_texts(typer.main.get_command(app))
    assert len(texts) >= 40
    missing = [t for t in texts if t not in ENTRIES]
    assert missing == []
    for text in texts:
        entry = ENTRIES[text]
        assert entry["fr"].strip() and entry["nl"].strip()
        if len(text.split()) > 3:  # a sentence: translated, not copied
            assert entry["fr"] != text and entry["nl"] != text, text


@pytest.mark.parametrize(("args", "env", "expected"), [
    (("audit", "--help", "--lang", "fr"), {}, ("Utilisation", "Auditer un export selon la check-list",
                                              "Afficher cette aide et quitter.")),
    (("audit", "--lang=nl", "--help"), {}, ("Gebruik:", "Audit een export volgens de checklist", "Opties")),
    (("--help",), {"LANG": "nl_BE.UTF-8", "LC_ALL": ""}, ("Gebruik:", "Opdrachten", "Toon de versie en stop.")),
    (("sample", "--help"), {"LANG": "fr_BE.UTF-8", "LC_ALL": ""}, ("Nombre de dossiers à tirer.",)),
])
def test_help_speaks_the_language_asked_for(args: tuple[str, ...], env: dict[str, str],
                                            expected: tuple[str, ...]) -> None:
    out = _help(*args, env=env)
    for text in expected:
        assert text in out, text


@pytest.mark.parametrize("command", ["audit", "explain", "sample", "due", "compare", "fields", "template"])
@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_help_fits_80_columns_without_bool_metavars_or_cut_words(command: str, lang: str) -> None:
    out = _help(command, "--help", "--lang", lang)
    assert "<bool>" not in out and "<list" not in out and "…" not in out
    assert max(len(line) for line in out.splitlines()) <= 80
    words = set(re.findall(r"[\w'’.-]+", out))
    for param in typer.main.get_command(app).commands[command].params:  # type: ignore[attr-defined]
        if getattr(param, "help", None):
            translated = ENTRIES[param.help][lang]
            for word in re.findall(r"[\w'’.-]+", translated):
                assert word in words or word.rstrip(".") in words, (param.name, word)


def test_the_language_is_read_from_the_arguments_else_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "nl_BE.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert help_lang(["audit", "--help", "--lang", "fr"]) == "fr"
    assert help_lang(["audit", "--lang=EN", "--help"]) == "en"
    assert help_lang(["audit", "--help", "--lang", "de"]) == "nl"  # not a language of the tool
    assert help_lang(["audit", "--help"]) == "nl"
