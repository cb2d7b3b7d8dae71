"""What goes in the inspector's grid: the fields the checklist reads, in question order, words the
reader takes back, and rows prefilled from an export (only the sampled ones)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from piis_audit.engine.checklists import load_checklist
from piis_audit.i18n.render import LANGS, field_label
from piis_audit.inputs import load_export
from piis_audit.inputs.headers import match_headers, match_table
from piis_audit.inputs.values import field_parser, parse_bool
from piis_audit.questions.reads import questions_reading
from piis_audit.schema import TABLES, FieldType
from piis_audit.workflows.grid import bool_words, build_grid, cell_value, choice_word, grid_columns, unknown_case_ids

from tests.inputs.inputs_helpers import write_csv

CHECKLIST = load_checklist()


@pytest.mark.parametrize("lang", LANGS)
def test_only_the_fields_the_checklist_reads_are_columns(lang: str) -> None:
    reading = questions_reading(CHECKLIST)
    for table in TABLES:
        fields = [c.field for c in grid_columns(CHECKLIST, lang, table)]
        assert sorted(fields) == sorted(name for t, name in reading if t == table), table
        assert fields[0] == "case_id"
    cases = [c.field for c in grid_columns(CHECKLIST, lang, "cases")]
    for not_read in ("social_worker", "office", "beneficiary_name", "partner_case_id"):
        assert not_read not in cases


def test_the_columns_follow_the_questions() -> None:
    fields = [c.field for c in grid_columns(CHECKLIST, "fr", "cases")]
    # social-balance first (schema order within it), then what deadline adds, …, alimony last
    assert fields[:6] == ["case_id", "ri_start_date", "previous_ri_end_date", "social_balance_date",
                          "piis_signed_date", "reactivation_consent_date"]
    assert fields.index("birth_date") < fields.index("mention_commitments") < fields.index("signed_cpas")
    assert fields.index("signed_cpas") < fields.index("subsidy_increase_claimed") < fields.index(
        "recovery_notified_debtors_date")
    assert fields[-1] == "recovery_notified_debtors_date"


@pytest.mark.parametrize("lang", LANGS)
def test_the_headers_are_the_labels_and_the_reader_takes_them_exactly(lang: str) -> None:
    for table in TABLES:
        columns = grid_columns(CHECKLIST, lang, table)
        assert [c.header for c in columns] == [field_label(c.field, lang) for c in columns]
        match = match_headers([c.header for c in columns], TABLES[table])
        assert [name for _, name in match.fields] == [c.field for c in columns]
        assert match.problems == () and not match.by_words


@pytest.mark.parametrize("lang", LANGS)
def test_every_list_word_is_read_back_as_its_value(lang: str) -> None:
    yes, no = bool_words(lang)
    assert (parse_bool(yes), parse_bool(no)) == (True, False)
    assert (yes, no) == {"fr": ("oui", "non"), "nl": ("ja", "nee"), "en": ("yes", "no")}[lang]
    for table in TABLES.values():
        for spec in table.fields:
            if spec.type is FieldType.CHOICE:
                parse = field_parser(spec)
                for choice in spec.choices:
                    word = choice_word(spec.name, choice, lang)
                    assert "," not in word and '"' not in word
                    assert parse(word) == choice, (spec.name, word)
                    assert cell_value(table.name, spec.name, choice, lang) == word


def test_the_comment_says_what_to_enter_what_empty_means_and_who_reads_it() -> None:
    (signed,) = [c for c in grid_columns(CHECKLIST, "fr", "cases") if c.field == "signed_cpas"]
    assert signed.choices == ("oui", "non")
    comment = signed.comment
    assert comment.startswith("Signé par le CPAS (signed_cpas)\nChoisissez dans la liste : oui / non\n")
    assert "Cellule vide\u00a0: inconnu" in comment
    assert "• 5. A-t-il été signé par les parties ?" in comment
    question = next(q for q in CHECKLIST.questions if q.id == "signatures")
    assert all(basis in comment for basis in question.legal_basis) and question.legal_basis
    (dutch,) = [c for c in grid_columns(CHECKLIST, "nl", "cases") if c.field == "signed_cpas"]
    assert "omzendbrief GPMI §2.2" in dutch.comment and "circulaire" not in dutch.comment
    (days,) = [c for c in grid_columns(CHECKLIST, "nl", "sanctions") if c.field == "duration_days"]
    assert days.type is FieldType.INTEGER and "Een geheel getal" in days.enter
    (category,) = [c for c in grid_columns(CHECKLIST, "en", "cases") if c.field == "category"]
    assert category.choices == ("1", "2", "3")


def test_the_sheets_are_named_as_the_tables_and_the_instructions_as_none() -> None:
    for lang in LANGS:
        grid = build_grid(CHECKLIST, lang)
        assert [(s.table, s.name) for s in grid.sheets] == [(t, t) for t in TABLES]
        assert all(match_table(s.name) == s.table for s in grid.sheets)
        assert match_table(grid.instructions_name) is None
        assert not grid.from_export and all(s.rows == () for s in grid.sheets)
        assert all(c.in_export for s in grid.sheets for c in s.columns)  # nothing marked without an export


def test_cell_values_are_written_as_the_lists_and_types_want() -> None:
    assert cell_value("cases", "signed_cpas", True, "nl") == "ja"
    assert cell_value("cases", "signed_cpas", False, "en") == "no"
    assert cell_value("cases", "piis_type", "student", "fr") == "étudiant"
    assert cell_value("cases", "piis_signed_date", dt.date(2024, 3, 17), "fr") == dt.date(2024, 3, 17)
    assert cell_value("cases", "category", 3, "fr") == 3
    assert cell_value("cases", "ri_monthly_amount", Decimal("1314.20"), "fr") == Decimal("1314.20")
    assert cell_value("sanctions", "motivation", "=cmd|' /C calc'!A0", "fr") == "=cmd|' /C calc'!A0"
    assert cell_value("cases", "signed_cpas", None, "fr") is None


def _export(folder: Path) -> Path:
    write_csv(folder / "cases.csv", [
        ["case_id", "ri_decision_date", "birth_date", "signed_cpas", "piis_type", "social_balance_date"],
        ["RI-1", "17/03/2024", "02/05/2001", "oui", "étudiant", "31/09/2024"],
        ["RI-2", "18/03/2024", "03/05/1990", "non", "", ""],
        ["RI-3", "19/03/2024", "04/05/1980", "", "emploi", "01/03/2024"],
    ], encoding="cp1252")
    write_csv(folder / "evaluations.csv", [
        ["case_id", "evaluation_date"], ["RI-1", "01/09/2024"], ["RI-3", "02/09/2024"], ["RI-3", "03/10/2024"],
    ], encoding="cp1252")
    return folder


def test_an_export_prefills_its_columns_and_marks_those_it_lacks(tmp_path: Path) -> None:
    export = load_export([_export(tmp_path)])
    grid = build_grid(CHECKLIST, "nl", export)
    cases, evaluations, sanctions = grid.sheets
    fields = [c.field for c in cases.columns]
    present = {"case_id", "ri_decision_date", "birth_date", "signed_cpas", "piis_type", "social_balance_date"}
    assert {c.field for c in cases.columns if c.in_export} == present
    assert {c.field for c in cases.to_fill} == set(fields) - present
    assert all("De export heeft deze kolom niet" in c.comment for c in cases.to_fill)
    rows = {row[0]: dict(zip(fields, row)) for row in cases.rows}
    assert list(rows) == ["RI-1", "RI-2", "RI-3"]
    assert rows["RI-1"]["signed_cpas"] == "ja" and rows["RI-2"]["signed_cpas"] == "nee"
    assert rows["RI-3"]["signed_cpas"] is None and rows["RI-1"]["piis_type"] == "studie"
    assert rows["RI-1"]["ri_decision_date"] == dt.date(2024, 3, 17)
    assert rows["RI-1"]["social_balance_date"] == "31/09/2024"  # unreadable: kept as written, reported again
    assert rows["RI-1"]["mention_duration"] is None
    assert [row[:2] for row in evaluations.rows] == [("RI-1", dt.date(2024, 9, 1)), ("RI-3", dt.date(2024, 9, 2)),
                                                      ("RI-3", dt.date(2024, 10, 3))]
    assert {c.field for c in evaluations.to_fill} == {"personal_interview", "report_present"}
    assert sanctions.rows == () and sanctions.to_fill == sanctions.columns  # no sanctions table at all
    assert grid.from_export


def test_a_sample_keeps_only_its_cases_in_its_order(tmp_path: Path) -> None:
    export = load_export([_export(tmp_path)])
    grid = build_grid(CHECKLIST, "fr", export, ["RI-3", "RI-1"], "2 dossiers, graine 7")
    cases, evaluations, _ = grid.sheets
    assert [row[0] for row in cases.rows] == ["RI-3", "RI-1"]
    assert [row[0] for row in evaluations.rows] == ["RI-3", "RI-3", "RI-1"]
    assert "Échantillon\u00a0: 2 dossiers, graine 7" in grid.instructions
    assert "Dossiers\u00a0: 2" in grid.instructions
    assert unknown_case_ids(export, ["RI-3", "RI-9", "RI-1", "RI-8"]) == ["RI-9", "RI-8"]


def test_without_an_export_sampled_ids_give_rows_with_the_file_number_only() -> None:
    grid = build_grid(CHECKLIST, "en", None, ["RI-7", "RI-5"])
    cases = grid.sheets[0]
    assert [row[0] for row in cases.rows] == ["RI-7", "RI-5"]
    assert all(value is None for row in cases.rows for value in row[1:])
