"""The --mapping file (docs/cli.md): loading, validation with clear errors, and its effect on reading."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from inputs_helpers import write_csv, write_xlsx

from piis_audit.inputs import InputError, load_export, load_mapping
from piis_audit.inputs.mapping import parse_mapping

CLI_EXAMPLE = """\
tables: {cases: "Dossiers RI", evaluations: "Suivi"}        # sheet or file names
columns: {case_id: "N° dossier", ri_decision_date: "Date décision CSSS"}
values: {piis_type: {"Contrat étudiant": student, "Projet emploi": employment}}
"""


def write(tmp_path: Path, text: str, name: str = "mapping.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_cli_example_loads(tmp_path: Path) -> None:
    data = load_mapping(write(tmp_path, CLI_EXAMPLE))
    mapping = parse_mapping(data)
    assert mapping.tables == {"cases": ("Dossiers RI",), "evaluations": ("Suivi",)}
    # a plain field name applies to every table that has the field
    assert mapping.columns_for("cases")["case_id"] == ("N° dossier",)
    assert mapping.columns_for("evaluations")["case_id"] == ("N° dossier",)
    assert "ri_decision_date" not in mapping.columns_for("evaluations")
    assert mapping.values_for("piis_type") == {"contratetudiant": "student", "projetemploi": "employment"}


def test_the_cli_example_reads_an_export(tmp_path: Path) -> None:
    workbook = write_xlsx(tmp_path / "export.xlsx", {
        "Dossiers RI": [["N° dossier", "Date décision CSSS", "Type PIIS"],
                        ["A-1", dt.date(2024, 3, 17), "Contrat étudiant"],
                        ["A-2", "18/03/2024", "Projet emploi"]],
        "Suivi": [["N° dossier", "Date"], ["A-1", dt.date(2024, 5, 2)]],
    })
    export = load_export([workbook], load_mapping(write(tmp_path, CLI_EXAMPLE)))
    assert [c.case_id for c in export.cases] == ["A-1", "A-2"]
    assert [c.get("ri_decision_date") for c in export.cases] == [dt.date(2024, 3, 17), dt.date(2024, 3, 18)]
    assert [c.get("piis_type") for c in export.cases] == ["student", "employment"]
    assert [e.evaluation_date for e in export.cases[0].evaluations] == [dt.date(2024, 5, 2)]
    assert export.data_errors == ()


def test_table_scoped_columns_and_lists(tmp_path: Path) -> None:
    data = load_mapping(write(tmp_path, """\
columns:
  evaluations.evaluation_date: "Datum gesprek"
  sanctions: {decision_date: ["Datum sanctie", "Beslist op"]}
  case_id: [Dossier nr., Nr]
values:
  category: {"cat A": 1, "cat B": 2}
  signed_cpas: {"signé": yes, "pas signé": no}
  personal_interview: {"face à face": oui}
"""))
    mapping = parse_mapping(data)
    assert mapping.columns_for("evaluations")["evaluation_date"] == ("Datum gesprek",)
    assert mapping.columns_for("sanctions")["decision_date"] == ("Datum sanctie", "Beslist op")
    assert mapping.columns_for("sanctions")["case_id"] == ("Dossier nr.", "Nr")
    assert mapping.values_for("category") == {"cata": 1, "catb": 2}
    assert mapping.values_for("signed_cpas") == {"signe": True, "passigne": False}
    assert mapping.values_for("personal_interview") == {"faceaface": True}


def test_mapped_values_are_applied_when_reading(tmp_path: Path) -> None:
    cases = write_csv(tmp_path / "cases.csv", [["case_id", "ri_decision_date", "signed_cpas", "category"],
                                               ["A", "01/02/2024", "Signé", "cat B"],
                                               ["B", "01/02/2024", "pas signé", "2"]])
    data = load_mapping(write(tmp_path, 'values: {signed_cpas: {"signé": yes, "pas signé": no}, '
                                        'category: {"cat B": 2}}'))
    export = load_export([cases], data)
    assert [(c.get("signed_cpas"), c.get("category")) for c in export.cases] == [(True, 2), (False, 2)]


@pytest.mark.parametrize(("text", "expected"), [
    ("colums: {case_id: X}", "unknown section 'colums'"),
    ("colums: {case_id: X}", "did you mean columns?"),
    ("tables: {dossiers: X}", "unknown table 'dossiers'"),
    ("columns: {case_idd: X}", "unknown field 'case_idd' (did you mean case_id?)"),
    ("columns: {evaluations.decision_date: X}", "table evaluations has no field 'decision_date'"),
    ("columns: {case_id: {a: b}}", "columns.case_id: expected a column header"),
    ("columns: {ri_decision_date: X, ri_start_date: X}", "'X' is given for both"),
    ("values: {piis_type: {Contrat: studen}}", "'Contrat' maps to 'studen'"),
    ("values: {category: {isolé: 5}}", "expected one of 1, 2, 3"),
    ("values: {piis_type: [student]}", "values.piis_type: expected a mapping"),
    ("values: {signed_cpas: {yes: true}}", "put it in quotes"),
    ("tables: {cases: [X, {a: b}]}", "tables.cases: expected a sheet or file name"),
    ("- cases", "needs at least one of the sections"),
    ("", "needs at least one of the sections"),
])
def test_invalid_mappings_are_explained(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_mapping(path)
    message = str(caught.value)
    assert expected in message
    assert str(path) in message
    assert "\n" not in message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_mapping(write(tmp_path, "tables: {dossiers: X}\ncolumns: {case_idd: X}\nvalues: {typ: {}}"))
    assert all(word in str(caught.value) for word in ("'dossiers'", "'case_idd'", "'typ'"))


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"line 2: not valid YAML"):
        load_mapping(write(tmp_path, "tables: {cases: X}\ncolumns: {case_id: 'X'Y}\n"))


def test_missing_mapping_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="mapping file not found"):
        load_mapping(tmp_path / "nope.yaml")


def test_a_mapping_given_as_a_dict_is_validated_by_load_export(tmp_path: Path) -> None:
    cases = write_csv(tmp_path / "cases.csv", [["case_id"], ["A"]])
    with pytest.raises(InputError, match="unknown section"):
        load_export([cases], {"column": {}})


@pytest.mark.parametrize(("text", "key", "lines"), [
    ("columns:\n  case_id: \"N° dossier\"\n  ri_decision_date: D\n  case_id: Dossier\n", "'case_id'", (2, 4)),
    ("tables:\n  cases: A\n  cases: B\n", "'cases'", (2, 3)),
    ("columns: {case_id: X}\ntables: {cases: A}\ncolumns: {case_id: Y}\n", "'columns'", (1, 3)),
    ("columns:\n  evaluations:\n    case_id: X\n    case_id: Y\n", "'case_id'", (3, 4)),
    ("values:\n  signed_cpas: {\"signé\": yes, \"signé\": no}\n", "'signé'", (2, 2)),
])
def test_a_key_given_twice_is_refused_with_both_lines(tmp_path: Path, text: str, key: str,
                                                      lines: tuple[int, int]) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_mapping(path)
    message = str(caught.value)
    assert f"the key {key} is given twice (lines {lines[0]} and {lines[1]})" in message
    assert str(path) in message


def test_a_key_given_twice_is_refused_in_french(tmp_path: Path) -> None:
    from piis_audit.cli.common import input_error_text

    with pytest.raises(InputError) as caught:
        load_mapping(write(tmp_path, "tables:\n  cases: A\n  cases: B\n"))
    assert "la clé 'cases' est indiquée deux fois (lignes 2 et 3)" in input_error_text(caught.value, "fr")


def test_hostile_yaml_is_refused_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"line 1: nested too deep"):
        load_mapping(write(tmp_path, "[" * 100_000 + "]" * 100_000))
    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8))
    with pytest.raises(InputError, match=r"line \d+: its anchors and aliases expand"):
        load_mapping(write(tmp_path, laughs))
