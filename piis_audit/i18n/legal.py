"""A legal basis of the checklist in the reader's language (catalog ``legal.yaml``).

The checklist writes its legal bases in French: ``loi 26/05/2002 art. 11 §1 et 13``,
``AR 11/07/2002 art. 15``, ``circulaire PIIS §4.3 (FAQ : PIIS de courte durée)``, and web sources
as ``[W16] <a French description>``. In Dutch and English the act is named in that language
(wet / KB / omzendbrief GPMI; Act / RD / PIIS circular) with its date and articles kept, a known
note in brackets is translated, and a web source is given its title and where it is published, in
every language. A basis written otherwise (a CPAS's own checklist) is shown as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from piis_audit.i18n.render import catalog

_ACT = re.compile(r"^(loi|AR|circulaire PIIS)(?=\s)")
_ACT_KEYS = {"loi": "legal.act.loi", "AR": "legal.act.AR", "circulaire PIIS": "legal.act.circulaire"}
_SOURCE = re.compile(r"^\[(W\d+)\]")


def _text(key: str, lang: str) -> str | None:
    texts = catalog().get(key)
    return None if texts is None else str(texts.get(lang) or texts["en"])


@lru_cache(maxsize=4096)  # a report shows each question's few bases once per result
def legal_basis_text(basis: str, lang: str) -> str:
    """``basis`` as the reader of ``lang`` reads it (module docstring)."""
    source = _SOURCE.match(basis)
    if source is not None:
        title = _text(f"legal.source.{source.group(1)}", lang)
        return basis if title is None else f"[{source.group(1)}] {title}"
    act = _ACT.match(basis)
    if act is None:
        return basis
    out = (_text(_ACT_KEYS[act.group(1)], lang) or act.group(1)) + basis[act.end():]
    for key, texts in catalog().items():
        if key.startswith("legal.note.") and texts["fr"] in out:
            out = out.replace(texts["fr"], str(texts.get(lang) or texts["en"]))
    french_and = f" {_text('legal.word.and', 'fr')} "
    return out.replace(french_and, f" {_text('legal.word.and', lang)} ")


def legal_bases(bases: Iterable[str], lang: str) -> tuple[str, ...]:
    """Every basis of a question in ``lang``."""
    return tuple(legal_basis_text(b, lang) for b in bases)
