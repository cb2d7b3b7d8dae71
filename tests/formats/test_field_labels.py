"""Field labels (piis_audit/i18n/fields.yaml): every canonical field, derived fact and evidence
key has a short label in French, Dutch and English; ``field_label`` falls back to the name."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from piis_audit.checklist.expressions import FACT_NAMES
from piis_audit.i18n.render import LANGS, catalog, field_label
from piis_audit.model import Facts
from piis_audit.schema import TABLES

ROOT = Path(__file__).resolve().parents[2]
OWN = yaml.safe_load((ROOT / "piis_audit" / "i18n" / "fields.yaml").read_text(encoding="utf-8"))
FACTS = {f.name for f in dataclasses.fields(Facts)} - {"missing", "notes", "mandatory_reason", "age_unknown"}  # messages, not values
EVIDENCE_ONLY = {"evaluations", "sanctions", "result"}  # counts, lists, "result:<question>"


@pytest.mark.parametrize("table", sorted(TABLES))
@pytest.mark.parametrize("lang", LANGS)
def test_every_schema_field_has_a_label(table: str, lang: str) -> None:
    missing = [f.name for f in TABLES[table].fields
               if not str((OWN.get(f"field.{f.name}") or {}).get(lang) or "").strip()]
    assert not missing, f"{table}: no {lang} label for {missing}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_derived_fact_has_a_label(lang: str) -> None:
    names = FACT_NAMES | FACTS
    missing = sorted(n for n in names if not str((OWN.get(f"field.{n}") or {}).get(lang) or "").strip())
    assert not missing, missing


def test_catalog_is_prefixed_complete_and_without_orphans() -> None:
    known = {f.name for t in TABLES.values() for f in t.fields} | FACT_NAMES | FACTS | EVIDENCE_ONLY
    for key, texts in OWN.items():
        assert key.startswith("field."), key
        assert set(texts) == set(LANGS), key
        assert key.removeprefix("field.") in known, f"{key} labels nothing the tool knows"
    assert all(key in catalog() for key in OWN)  # merged with the other catalogs


def test_labels_are_short_and_distinct_per_language() -> None:
    for lang in LANGS:
        labels = [texts[lang] for texts in OWN.values()]
        assert max(len(label) for label in labels) <= 60
        # "Evaluations on file" (a fact) and "Number of evaluations" (evidence) must not read alike,
        # nor two fields of the export: a reader could not tell which column was used.
        assert len(set(labels)) == len(labels), sorted(label for label in labels if labels.count(label) > 1)


@pytest.mark.parametrize(("name", "lang", "label"), [
    ("piis_signed_date", "fr", "Date de signature du PIIS"),
    ("piis_signed_date", "nl", "Datum ondertekening GPMI"),
    ("piis_signed_date", "en", "PIIS signature date"),
    ("deadline", "fr", "Délai pour conclure"),
    ("result:signatures", "fr", "Résultat de la question signatures"),
    ("result:signatures", "nl", "Resultaat van vraag signatures"),
    ("some_local_column", "fr", "some_local_column"),  # unknown: the name itself
    ("", "en", ""),
])
def test_field_label(name: str, lang: str, label: str) -> None:
    assert field_label(name, lang) == label


def test_every_evidence_key_of_the_demo_audit_has_a_label() -> None:
    """Run the bundled checklist over the demo export: each value a check shows is labelled."""
    from piis_audit.cli.common import load_inputs
    from piis_audit.engine.runner import run_audit

    loaded = load_inputs(None, None, None, None, show_progress=False)
    report = run_audit(loaded.export, loaded.checklist, loaded.as_of)
    keys = {k for cr in report.cases for r in cr.results for k in r.evidence}
    assert len(keys) > 30  # the scan sees the evidence
    unlabelled = sorted(k for k in keys if field_label(k, "fr") == k)
    assert not unlabelled, unlabelled


def test_a_result_used_as_evidence_is_named_by_the_question_number() -> None:
    from piis_audit.i18n.render import field_label

    assert field_label("result:signatures", "fr", {"signatures": 5}) == "Résultat de la question 5"
    assert field_label("result:deadline", "en", {"signatures": 5}) == "Result of question deadline"  # unknown: the id


def test_item_labels_are_short_forms_of_known_fields() -> None:
    """``items.yaml``: a field's label as an item of a list ("the CPAS" after "signed by every
    party:"), in every language, only for fields that have a label."""
    items = {key: texts for key, texts in catalog().items() if key.startswith("item.")}
    assert len(items) >= 15
    for key, texts in items.items():
        assert "field." + key.removeprefix("item.") in OWN, key
        assert set(texts) == set(LANGS), key
        for lang in LANGS:
            assert len(texts[lang]) < len(OWN["field." + key.removeprefix("item.")][lang]), (key, lang)


def test_a_list_of_fields_reads_by_their_item_labels_a_single_field_by_its_label() -> None:
    from piis_audit.i18n.render import format_value
    from piis_audit.model import Message

    signed = [Message("field.signed_beneficiary", {}), Message("field.signed_cpas", {}),
              Message("field.recovery_decision_date", {})]  # the last one has no short form
    assert format_value(signed, "fr") == "le bénéficiaire, le CPAS, Date de la décision de recouvrement"
    assert format_value(signed[1], "nl") == "Ondertekend door het OCMW"
