"""The workflows catalog: every key used exists, in three languages with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

import yaml

from piis_audit.i18n.render import LANGS, catalog

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*sorted((ROOT / "piis_audit" / "workflows").glob("*.py")),
           *(ROOT / "piis_audit" / "cli" / f"{name}.py" for name in ("sample", "due", "compare"))]
OWN = yaml.safe_load((ROOT / "piis_audit" / "i18n" / "workflows.yaml").read_text(encoding="utf-8"))


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_key_is_prefixed_and_complete() -> None:
    for key, texts in OWN.items():
        assert key.startswith("workflows."), key
        assert set(texts) == set(LANGS), key
        assert len({frozenset(_fields(texts[lang])) for lang in LANGS}) == 1, key


def test_every_key_used_in_the_code_exists() -> None:
    used: set[str] = set()
    for path in SOURCES:
        used |= set(re.findall(r'"(workflows\.[a-z_.]+[a-z_])"', path.read_text(encoding="utf-8")))
    # Keys built with an f-string (f"workflows.sample.{label}") are not seen here; the CLI tests
    # print every text output, which fails on a missing key.
    assert used, "no key found: the pattern is wrong"
    assert not used - set(catalog()), sorted(used - set(catalog()))
