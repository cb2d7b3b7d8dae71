"""Headers and table names: normalisation, French/Dutch/English aliases, precedence, duplicates."""

from __future__ import annotations

import pytest

from piis_audit.inputs.headers import builtin_field_index, match_headers, match_table
from piis_audit.schema import CASES, EVALUATIONS, SANCTIONS, TABLES, normalise_name


@pytest.mark.parametrize("table", list(TABLES.values()), ids=list(TABLES))
def test_no_two_fields_of_a_table_share_a_name_after_normalising(table: object) -> None:
    owner: dict[str, str] = {}
    clashes = []
    for spec in table.fields:  # type: ignore[attr-defined]
        for name in {normalise_name(n) for n in (spec.name, *spec.aliases)}:
            if name in owner and owner[name] != spec.name:
                clashes.append((name, owner[name], spec.name))
            owner[name] = spec.name
    assert clashes == []


def test_no_two_tables_share_a_name_after_normalising() -> None:
    owner: dict[str, str] = {}
    for table in TABLES.values():
        for name in {normalise_name(n) for n in (table.name, *table.aliases)}:
            assert owner.setdefault(name, table.name) == table.name, name


def test_every_alias_resolves_to_its_own_field() -> None:
    for table in TABLES.values():
        index = builtin_field_index(table.name)
        for spec in table.fields:
            for alias in (spec.name, *spec.aliases):
                assert index[normalise_name(alias)] == spec.name, (table.name, alias)


@pytest.mark.parametrize(("header", "field"), [
    (" Case_ID ", "case_id"), ("CASE-ID", "case_id"), ("case id", "case_id"), ("Case.Id", "case_id"),
    ("Numéro de dossier", "case_id"), ("N° dossier", "case_id"), ("Dossiernummer", "case_id"),
    ("Date de décision", "ri_decision_date"), ("Beslissingsdatum", "ri_decision_date"),
    ("Decision date", "ri_decision_date"), ("Date de naissance", "birth_date"), ("Geboortedatum", "birth_date"),
    ("Catégorie", "category"), ("Type de PIIS", "piis_type"), ("Soort GPMI", "piis_type"),
    ("Assistant social", "social_worker"), ("Maatschappelijk werker", "social_worker"),
    ("Date signature PIIS", "piis_signed_date"), ("Datum ondertekening", "piis_signed_date"),
    ("Bilan social", "social_balance_date"), ("Sociale balans", "social_balance_date"),
    ("Montant RI", "ri_monthly_amount"), ("Bedrag leefloon", "ri_monthly_amount"),
])
def test_cases_headers(header: str, field: str) -> None:
    match = match_headers([header], CASES)
    assert match.fields == ((0, field),)
    assert match.problems == ()


@pytest.mark.parametrize(("table", "header", "field"), [
    (EVALUATIONS, "Date", "evaluation_date"), (EVALUATIONS, "Datum evaluatie", "evaluation_date"),
    (EVALUATIONS, "Entretien personnel", "personal_interview"), (EVALUATIONS, "Verslag", "report_present"),
    (SANCTIONS, "Date de la décision", "decision_date"), (SANCTIONS, "Mise en demeure", "warning_date"),
    (SANCTIONS, "Hoorzitting", "hearing_date"), (SANCTIONS, "Durée en jours", "duration_days"),
])
def test_child_headers(table: object, header: str, field: str) -> None:
    assert match_headers([header], table).fields == ((0, field),)  # type: ignore[arg-type]


def test_unknown_columns_are_reported_and_kept_for_display_in_cases() -> None:
    match = match_headers(["case_id", "Remarque", "", "ri_decision_date"], CASES, keeps_extra=True)
    assert match.fields == ((0, "case_id"), (3, "ri_decision_date"))
    assert match.extra == ((1, "Remarque"),)
    assert match.unnamed == (2,)
    assert [(p.column, p.message) for p in match.problems] == [
        ("Remarque", "unknown column, kept for display, not used")]


def test_unknown_columns_in_child_tables_are_not_used() -> None:
    match = match_headers(["case_id", "Remarque"], EVALUATIONS)
    assert [(p.column, p.message) for p in match.problems] == [("Remarque", "unknown column, not used")]


def test_a_column_named_twice_uses_the_first() -> None:
    match = match_headers(["case_id", "Date de décision", "Case ID", "date decision ri"], CASES, keeps_extra=True)
    assert match.fields == ((0, "case_id"), (1, "ri_decision_date"))
    assert [p.column for p in match.problems] == ["Case ID", "date decision ri"]
    assert "duplicate column for case_id" in match.problems[0].message
    assert "'case_id' is used" in match.problems[0].message
    assert match.extra == ((2, "Case ID"), (3, "date decision ri"))  # kept for display


def test_the_mapping_file_wins_over_aliases() -> None:
    header = ["N° interne", "Date de décision", "Date CSSS"]
    match = match_headers(header, CASES, {"case_id": ("N° interne",), "ri_decision_date": ("Date CSSS",)},
                          keeps_extra=True)
    assert match.fields == ((0, "case_id"), (2, "ri_decision_date"))
    assert [p.column for p in match.problems] == ["Date de décision"]  # the alias column is the duplicate


def test_a_mapped_column_that_is_absent_is_reported() -> None:
    match = match_headers(["case_id"], CASES, {"ri_decision_date": ("Date CSSS",)})
    assert any("'Date CSSS'" in p.message and "ri_decision_date" in p.message for p in match.problems)


@pytest.mark.parametrize(("name", "table"), [
    ("cases", "cases"), ("DOSSIERS", "cases"), (" Dossiers RI ", "cases"), ("GPMI", "cases"),
    ("evaluations", "evaluations"), ("Evaluaties", "evaluations"), ("suivi-piis", "evaluations"),
    ("Sanctions", "sanctions"), ("sancties", "sanctions"), ("Feuil1", None), ("notes", None),
])
def test_table_names(name: str, table: str | None) -> None:
    assert match_table(name) == table


def test_table_names_from_the_mapping_file() -> None:
    assert match_table("Suivi des contrats", {"evaluations": ("suivi des contrats",)}) == "evaluations"
    assert match_table("Feuil1", {"cases": ("Feuil1",)}) == "cases"
