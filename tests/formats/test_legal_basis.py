"""Legal bases in the reader's language: acts named in Dutch and English with their dates and
articles kept, notes translated, each web source with its title and where it is published."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from piis_audit.cli.app import app
from piis_audit.engine.checklists import load_checklist
from piis_audit.i18n.legal import legal_basis_text

BASES = sorted({b for q in load_checklist().questions for b in q.legal_basis})
FRENCH = re.compile(r"\b(loi|AR|circulaire|et|sur les|puis|courte)\b")


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d+(?:[/.–-]\d+)*", text)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_basis_of_the_bundled_checklist_is_in_the_language_with_its_articles(lang: str) -> None:
    assert len(BASES) >= 20
    for basis in BASES:
        shown = legal_basis_text(basis, lang)
        if basis.startswith("[W"):
            code = basis[:basis.index("]") + 1]
            assert shown.startswith(code + " ") and shown.endswith(")") and "." in shown.split("(")[-1]
            continue
        assert FRENCH.search(shown) is None, (basis, shown)
        assert _numbers(shown) == _numbers(basis), (basis, shown)


def test_french_stays_as_the_checklist_writes_it_but_for_the_web_sources() -> None:
    for basis in BASES:
        if not basis.startswith("[W"):
            assert legal_basis_text(basis, "fr") == basis
    assert legal_basis_text("[W16] mi-is.be FAQ dates", "fr") == (
        "[W16] SPP IS, FAQ : les dates des formulaires de la subvention spéciale (mi-is.be)")
    assert legal_basis_text("a CPAS's own rule §3", "nl") == "a CPAS's own rule §3"  # unknown: as written
    assert legal_basis_text("[W99] somewhere", "en") == "[W99] somewhere"


@pytest.mark.parametrize(("lang", "expected", "absent"), [
    ("nl", "Rechtsgrond: wet 26/05/2002 art. 11 §1 en 13; omzendbrief GPMI §4.1", "circulaire PIIS"),
    ("en", "Legal basis: Act 26/05/2002 art. 11 §1 and 13; PIIS circular §4.1", "loi 26/05/2002"),
])
def test_checklist_show_writes_the_legal_bases_in_its_language(lang: str, expected: str, absent: str) -> None:
    result = CliRunner().invoke(app, ["checklist", "show", "--lang", lang], env={"COLUMNS": "300"})
    assert result.exit_code == 0 and expected in result.stdout and absent not in result.stdout


@pytest.mark.parametrize("suffix", [".html", ".xlsx", ".csv"])
def test_dutch_reports_cite_the_dutch_acts(tmp_path: Path, suffix: str) -> None:
    from openpyxl import load_workbook

    target = tmp_path / f"rapport{suffix}"
    result = CliRunner().invoke(app, ["audit", "--quiet", "--lang", "nl", "-o", str(target)])
    assert result.exit_code == 1, result.output  # the demo holds findings
    if suffix == ".xlsx":
        workbook = load_workbook(target, read_only=True)
        text = "\n".join(str(c) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True)
                         for c in row if c is not None)
    else:
        text = target.read_text(encoding="utf-8-sig")
    assert "omzendbrief GPMI" in text and "wet 26/05/2002" in text
    assert "circulaire PIIS" not in text and "loi 26/05/2002" not in text
