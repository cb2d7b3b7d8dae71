"""``checklist show`` reads as a page for people, in their language: questions by number and
title, severity in words, conditions and mentions as sentences, parameters by their labels."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from piis_audit.cli.app import app
from piis_audit.engine.checklists import load_checklist
from piis_audit.i18n.conditions import condition_text

SEVERITY = {"fr": "Gravité\u00a0: critique", "nl": "Ernst: kritiek", "en": "Severity: critical"}
APPLIES = {"fr": "S'applique si\u00a0: Dispensé\u00a0: non et PIIS obligatoire\u00a0: oui",
           "nl": "Van toepassing als: Vrijgesteld: nee en GPMI verplicht: ja",
           "en": "Applies if: Exempted: no and PIIS mandatory: yes"}
THIRD_PARTY = {"fr": "Mention : rôle du tiers (si\u00a0: Tiers\u00a0: oui)", "nl": "(als: Derde partij: ja)",
               "en": "(when: Third party: yes)"}


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_checklist_show_has_no_ids_nor_code_in_its_sentences(lang: str) -> None:
    result = CliRunner().invoke(app, ["checklist", "show", "--lang", lang], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    checklist = load_checklist()
    for number, q in enumerate(checklist.questions, 1):
        assert f"{number}. {q.title[lang]}\n" in out
        assert f"({q.id}," not in out
        if q.applies_if:
            assert condition_text(q.applies_if, lang) in out
            assert f"{q.applies_if}\n" not in out
    assert SEVERITY[lang] in out and APPLIES[lang] in out and THIRD_PARTY[lang] in out
    assert "{'field'" not in out and "not exempted and piis_mandatory" not in out
    assert "piis_type == 'student'" not in out


@pytest.mark.parametrize(("source", "lang", "sentence"), [
    ("piis_concluded", "fr", "PIIS conclu\u00a0: oui"),
    ("not piis_concluded and piis_mandatory", "nl", "GPMI gesloten: nee en GPMI verplicht: ja"),
    ("piis_type == 'student'", "fr", "Type de PIIS = étudiant"),
    ("piis_requested_by in ['cpas', 'beneficiary']", "en", "PIIS requested by: the CPAS or the beneficiary"),
    ("age >= 25 or (exempted and not piis_mandatory)", "en",
     "Age at the RI decision ≥ 25 or (Exempted: yes and PIIS mandatory: no)"),
    ("not (piis_concluded or exempted)", "fr", "il n'est pas vrai que (PIIS conclu\u00a0: oui ou Dispensé\u00a0: oui)"),
    ("office == 'Nord'", "nl", "Afdeling = ‘Nord’"),
])
def test_a_condition_reads_as_a_sentence(source: str, lang: str, sentence: str) -> None:
    assert condition_text(source, lang) == sentence
