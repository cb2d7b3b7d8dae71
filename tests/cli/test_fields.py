"""``piis-audit fields``: every field of every table in three languages and three formats, the
questions that read each field (following ``--checklist``), and ``--table``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from piis_audit.engine.checklists import load_checklist
from piis_audit.cli.app import app
from piis_audit.cli.fields import CSV_COLUMNS
from piis_audit.schema import TABLES

runner = CliRunner()
ALL_FIELDS = [(t.name, f.name) for t in TABLES.values() for f in t.fields]
LABEL = {"fr": "Rapport écrit", "nl": "Verslag aanwezig", "en": "Written report"}
EMPTY_UNKNOWN = {"fr": "inconnu", "nl": "onbekend", "en": "unknown"}
READ_BY = {"fr": "Lu par", "nl": "Gelezen door", "en": "Read by"}
HEADERS = {"fr": "En-têtes acceptés", "nl": "Aanvaarde hoofdingen", "en": "Accepted headers"}
BOOL_VALUES = "oui/non, ja/nee, yes/no, true/false, 1/0, x"


def _run(*args: str) -> str:
    result = runner.invoke(app, ["fields", *args])
    assert result.exit_code == 0, (result.exit_code, result.output, result.exception)
    return result.stdout


def _json(*args: str) -> dict[str, object]:
    document = json.loads(_run("--format", "json", *args))
    assert isinstance(document, dict)
    return document


def _by_field(document: dict[str, object]) -> dict[tuple[str, str], dict[str, object]]:
    rows = document["fields"]
    assert isinstance(rows, list)
    return {(row["table"], row["field"]): row for row in rows}


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_text_lists_every_field_with_its_label_headers_and_readers(lang: str) -> None:
    out = _run("--lang", lang)
    for table, name in ALL_FIELDS:
        assert name in out, name
    assert LABEL[lang] in out and READ_BY[lang] in out and HEADERS[lang] in out
    assert BOOL_VALUES in out and "Begindatum GPMI" in out  # the word-matching hint
    block = out[out.index("report_present —"):]
    block = block[:block.index(READ_BY[lang]) + 40]
    assert "verslag aanwezig" in block and EMPTY_UNKNOWN[lang] in block and "evaluations" in block


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_json_has_stable_keys_and_every_field_once(lang: str) -> None:
    document = _json("--lang", lang)
    assert document["lang"] == lang and document["checklist"] == "spp-is-piis"
    assert document["headers_matched_by_words"] is True
    rows = _by_field(document)
    assert list(rows) == ALL_FIELDS
    for row in rows.values():
        assert set(row) == {"table", "field", "label", "headers", "type", "type_text", "values", "choices",
                            "empty", "empty_means", "required", "optional_column", "read_by", "description"}
        assert row["headers"][0] == row["field"]  # type: ignore[index]
    report = rows[("evaluations", "report_present")]
    assert (report["label"], report["type"], report["empty"]) == (LABEL[lang], "bool", "unknown")
    assert report["read_by"] == ["evaluations"] and "verslag" in report["headers"]  # type: ignore[operator]
    assert str(report["empty_means"]).startswith(EMPTY_UNKNOWN[lang])
    piis_type = rows[("cases", "piis_type")]
    assert piis_type["choices"] == ["employment", "student", "social"]
    assert piis_type["read_by"] == ["student-mentions"]
    signed = rows[("cases", "piis_signed_date")]
    read_by = signed["read_by"]
    assert isinstance(read_by, list) and {"social-balance", "deadline", "signatures", "evaluations"} <= set(read_by)
    assert rows[("cases", "case_id")]["required"] is True and rows[("cases", "office")]["read_by"] == []
    assert rows[("sanctions", "hearing_date")]["optional_column"] is True


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_csv_is_semicolon_separated_with_one_row_per_field(lang: str) -> None:
    out = _run("--lang", lang, "--format", "csv")
    rows = list(csv.reader(io.StringIO(out), delimiter=";"))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [(r[0], r[1]) for r in rows[1:]] == ALL_FIELDS
    report = dict(zip(CSV_COLUMNS, next(r for r in rows if r[1] == "report_present")))
    assert report["label"] == LABEL[lang] and report["read_by"] == "evaluations"
    assert report["type"] == "bool" and BOOL_VALUES in report["values"]
    assert "verslag aanwezig" in report["headers"].split(" | ")
    birth = dict(zip(CSV_COLUMNS, next(r for r in rows if r[1] == "birth_date")))
    assert "deadline" in birth["read_by"].split(" | ")
    assert ("dd/mm/yyyy", "jj/mm/aaaa", "dd/mm/jjjj")[("en", "fr", "nl").index(lang)] in birth["values"]


def test_one_table_only() -> None:
    rows = _by_field(_json("--table", "sanctions"))
    assert list(rows) == [("sanctions", f.name) for f in TABLES["sanctions"].fields]
    assert rows[("sanctions", "warning_date")]["read_by"] == ["sanctions"]


@pytest.mark.parametrize(("lang", "message"), [
    ("fr", "erreur : table inconnue 'dossiers' : les tables sont cases, evaluations, sanctions"),
    ("nl", "fout: onbekende tabel 'dossiers': de tabellen zijn cases, evaluations, sanctions"),
    ("en", "error: unknown table 'dossiers': the tables are cases, evaluations, sanctions"),
])
def test_an_unknown_table_is_refused_in_the_language(lang: str, message: str) -> None:
    result = runner.invoke(app, ["fields", "--table", "dossiers", "--lang", lang])
    assert result.exit_code == 2 and result.stderr.strip() == message


def test_the_questions_follow_the_checklist(tmp_path: Path) -> None:
    source = load_checklist(None).path
    data = yaml.safe_load(Path(source).read_text(encoding="utf-8"))
    data["questions"] = [q for q in data["questions"] if q["id"] != "evaluations"]
    for q in data["questions"]:
        q["depends_on"] = [d for d in q.get("depends_on") or [] if d != "evaluations"]
    path = tmp_path / "checklist.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    rows = _by_field(_json("--checklist", str(path)))
    assert rows[("evaluations", "report_present")]["read_by"] == []
    assert _by_field(_json())[("evaluations", "report_present")]["read_by"] == ["evaluations"]


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_every_missing_column_message_points_to_the_fields_command(lang: str) -> None:
    from piis_audit.i18n.render import ui

    for key, params in (("reports.missing_columns.explain", {}),
                        ("inputs.table.no_column", {"table": "evaluations", "field": "report_present"}),
                        ("inputs.table.no_columns", {"table": "sanctions", "field": "case_id",
                                                     "other": "decision_date"}),
                        ("inputs.fatal.no_case_id", {"where": "x.csv", "headers": "'nom'", "more": "",
                                                     "example": "columns: {}"})):
        assert "`piis-audit fields`" in ui(key, lang, **params), (key, lang)


def test_the_catalog_of_the_command_is_complete() -> None:
    import re
    import string

    from piis_audit.i18n.render import LANGS

    root = Path(__file__).resolve().parents[2]
    own = yaml.safe_load((root / "piis_audit" / "i18n" / "fields_cmd.yaml").read_text(encoding="utf-8"))
    for key, texts in own.items():
        assert key.startswith("fields_cmd.") and set(texts) == set(LANGS), key
        placeholders = {frozenset(n for _, n, _, _ in string.Formatter().parse(texts[lang]) if n) for lang in LANGS}
        assert len(placeholders) == 1, key
        assert not re.search(r"\S[:;]", texts["fr"]), (key, texts["fr"])  # French: a space before : and ;
    sources = "".join((root / "piis_audit" / p).read_text(encoding="utf-8")
                      for p in ("cli/fields.py", "workflows/field_list.py"))
    used = set(re.findall(r'"(fields_cmd\.[a-z_.]+[a-z_])"', sources))
    built = {f"fields_cmd.{kind}.{v}" for kind in ("type", "values", "empty")
             for v in ("text", "date", "bool", "number", "integer", "choice", "unknown", "not_on_file", "not_shown")}
    assert used and used <= set(own)
    assert set(own) <= used | built
