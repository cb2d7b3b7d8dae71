"""The workflows, inputs and errors catalogs: every key used exists, in three languages with the
same placeholders, and (inputs, errors) every key of the catalog is used."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
import yaml

from piis_audit.i18n.render import LANGS, catalog

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*sorted((ROOT / "piis_audit" / "workflows").glob("*.py")),
           *(ROOT / "piis_audit" / "cli" / f"{name}.py" for name in ("sample", "due", "compare"))]
OWN = yaml.safe_load((ROOT / "piis_audit" / "i18n" / "workflows.yaml").read_text(encoding="utf-8"))
# The messages of data errors and rejected rows (piis_audit/inputs/).
INPUTS_SOURCES = sorted((ROOT / "piis_audit" / "inputs").glob("*.py"))
INPUTS = yaml.safe_load((ROOT / "piis_audit" / "i18n" / "inputs.yaml").read_text(encoding="utf-8"))
# The fatal one-line errors of the command line (piis_audit/workflows/, piis_audit/cli/).
ERRORS_SOURCES = [*sorted((ROOT / "piis_audit" / "workflows").glob("*.py")),
                  *sorted((ROOT / "piis_audit" / "cli").glob("*.py"))]
ERRORS = yaml.safe_load((ROOT / "piis_audit" / "i18n" / "errors.yaml").read_text(encoding="utf-8"))
CATALOGS = {"workflows": OWN, "inputs": INPUTS, "errors": ERRORS}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("prefix", sorted(CATALOGS))
def test_every_key_is_prefixed_and_complete(prefix: str) -> None:
    for key, texts in CATALOGS[prefix].items():
        assert key.startswith(f"{prefix}."), key
        assert set(texts) == set(LANGS), key
        assert all(isinstance(texts[lang], str) and texts[lang].strip() for lang in LANGS), key
        # every placeholder of the English text is in the French and Dutch ones, and no other
        assert len({frozenset(_fields(texts[lang])) for lang in LANGS}) == 1, key


def test_every_key_used_in_the_code_exists() -> None:
    used: set[str] = set()
    for path in SOURCES:
        used |= set(re.findall(r'"(workflows\.[a-z_.]+[a-z_])"', path.read_text(encoding="utf-8")))
    # Keys built with an f-string (f"workflows.sample.{label}") are not seen here; the CLI tests
    # print every text output, which fails on a missing key.
    assert used, "no key found: the pattern is wrong"
    assert not used - set(catalog()), sorted(used - set(catalog()))


def test_every_inputs_key_is_used_and_every_key_used_exists() -> None:
    used: set[str] = set()
    for path in INPUTS_SOURCES:
        used |= set(re.findall(r'"(inputs\.[a-z_.]+[a-z_])"', path.read_text(encoding="utf-8")))
    assert used, "no key found: the pattern is wrong"
    assert not used - set(catalog()), sorted(used - set(catalog()))
    assert not set(INPUTS) - used, sorted(set(INPUTS) - used)  # inputs keys are never built at run time


def test_every_errors_key_is_used_and_every_key_used_exists() -> None:
    used: set[str] = set()
    for path in ERRORS_SOURCES:
        used |= set(re.findall(r"""["'](errors\.[a-z0-9_.]+[a-z0-9_])["']""", path.read_text(encoding="utf-8")))
    assert used, "no key found: the pattern is wrong"
    assert not used - set(catalog()), sorted(used - set(catalog()))
    assert not set(ERRORS) - used, sorted(set(ERRORS) - used)  # errors keys are never built at run time


@pytest.mark.parametrize("prefix", ["inputs", "errors"])
def test_french_puts_a_space_before_colons_and_semicolons(prefix: str) -> None:
    for key, texts in CATALOGS[prefix].items():
        # a colon glued to a word, outside YAML keys as written ("--mapping tables:", 'waivers:')
        text = texts["fr"].replace("tables:", "").replace("'waivers:'", "")
        assert not re.search(r"\S[:;]", text), (key, texts["fr"])
