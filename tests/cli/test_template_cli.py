"""``piis-audit template``: the inspector's grid, filled in as a person would and audited back.

The round trip: the bundled demo export, cut down to what a CPAS's software holds (no mentions,
signatures, reports…), as Belgian CSV (``;``, Windows-1252, dd/mm/yyyy, oui/non); a sample drawn
by ``piis-audit sample``; the grid of that sample; its blank columns filled with openpyxl from the
paper facts (the language's yes/no words, real dates); the grid audited. Its verdicts equal those
of the whole facts given as a Belgian CSV export, in French, Dutch and English.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import string
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

import piis_audit.demo
from piis_audit.cli.app import app
from piis_audit.demo import DEMO_AS_OF
from piis_audit.i18n.render import LANGS, catalog, field_label
from piis_audit.inputs.values import parse_bool
from piis_audit.schema import TABLES, FieldType

ROOT = Path(__file__).resolve().parents[2]
DEMO = Path(piis_audit.demo.__file__).resolve().parent / "export"
AS_OF = DEMO_AS_OF.strftime("%d/%m/%Y")
runner = CliRunner()

# What is on paper, not in the CPAS software: the columns the cut-down export lacks.
PAPER = {
    "cases": {"social_balance_date", "draft_given_date", "signed_beneficiary", "signed_cpas",
              "signed_third_party", "exemption_motivation",
              *(f.name for f in TABLES["cases"].fields if f.name.startswith("mention_"))},
    "evaluations": {"personal_interview", "report_present"},
    "sanctions": {"hearing_date", "social_worker_advice_date"},
}
YES_NO = {"fr": ("oui", "non"), "nl": ("ja", "nee"), "en": ("yes", "no")}
DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})")


def _invoke(*args: str) -> Any:
    return runner.invoke(app, list(args), catch_exceptions=False)


def _demo_rows(table: str) -> tuple[list[str], list[dict[str, str]]]:
    text = (DEMO / f"{table}.csv").read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    return list(reader.fieldnames or []), list(reader)


def _write_belgian_csv(folder: Path, table: str, header: list[str], rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[row[name] for name in header] for row in rows])
    (folder / f"{table}.csv").write_bytes(buffer.getvalue().encode("cp1252"))


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The whole facts and the cut-down export, both as Belgian CSV, and the sample file."""
    base = tmp_path_factory.mktemp("template")
    full, partial = base / "full", base / "partial"
    full.mkdir()
    partial.mkdir()
    for table in TABLES:
        header, rows = _demo_rows(table)
        _write_belgian_csv(full, table, header, rows)
        _write_belgian_csv(partial, table, [h for h in header if h not in PAPER[table]], rows)
    sample = base / "sample.json"
    done = _invoke("sample", str(full), "--confidence", "0.95", "--tolerable-rate", "0.05", "--seed", "7",
                   "--format", "json", "-o", str(sample))
    assert done.exit_code == 0, done.output
    return {"full": full, "partial": partial, "sample": sample, "base": base}


def _verdicts(document: dict[str, Any]) -> dict[tuple[str, str], tuple[str, str | None]]:
    return {(case["case_id"], r["question"]): (r["verdict"], r.get("reason_key"))
            for case in document["cases"] for r in case["results"]}


def _audit(*args: str) -> dict[str, Any]:
    done = _invoke("audit", *args, "--as-of", AS_OF, "--format", "json", "--quiet")
    assert done.exit_code in (0, 1), done.output
    document = json.loads(done.stdout)
    assert isinstance(document, dict)
    return document


def _as_a_person_types(table: str, field: str, written: str, lang: str) -> object:
    """What a person enters for a paper fact written ``written`` in the full export."""
    spec = TABLES[table].by_name[field]
    if written == "":
        return None
    if spec.type is FieldType.BOOL:
        value = parse_bool(written)
        if isinstance(value, bool):
            return YES_NO[lang][0] if value else YES_NO[lang][1]
        return written
    if spec.type is FieldType.DATE and (found := DATE.fullmatch(written)):
        day, month, year = (int(g) for g in found.groups())
        try:
            return dt.datetime(year, month, day)
        except ValueError:
            return written  # 31/09/2025 stays what was written: the audit reports it
    return written


def _row_key(table: str, cells: dict[str, object]) -> tuple[object, ...]:
    date_field = {"cases": None, "evaluations": "evaluation_date", "sanctions": "decision_date"}[table]
    if date_field is None:
        return (cells["case_id"],)
    value = cells[date_field]
    if isinstance(value, dt.datetime):
        value = value.strftime("%d/%m/%Y")
    return (cells["case_id"], value)


def fill_grid(path: Path, lang: str) -> int:
    """Fill the blank (paper) columns of the grid from the whole facts, as a person would; the
    number of cells filled."""
    facts: dict[str, dict[tuple[object, ...], list[dict[str, str]]]] = {}
    for table in TABLES:
        _, rows = _demo_rows(table)
        for row in rows:
            facts.setdefault(table, {}).setdefault(_row_key(table, dict(row)), []).append(row)
    workbook = openpyxl.load_workbook(path)
    filled = 0
    for table in TABLES:
        sheet = workbook[table]
        by_label = {field_label(f.name, lang): f.name for f in TABLES[table].fields}
        fields = [by_label[str(cell.value)] for cell in sheet[1]]
        used: Counter[tuple[object, ...]] = Counter()
        for excel_row in sheet.iter_rows(min_row=2):
            cells = {name: cell.value for name, cell in zip(fields, excel_row)}
            key = _row_key(table, cells)
            source = facts[table][key][used[key]]
            used[key] += 1
            for name, cell in zip(fields, excel_row):
                if name in PAPER[table]:
                    assert cell.value is None, (table, name, cell.value)  # left blank for the person
                    cell.value = _as_a_person_types(table, name, source[name], lang)
                    filled += cell.value is not None
    workbook.save(path)
    return filled


@pytest.fixture(scope="module")
def whole_facts_verdicts(exports: dict[str, Path]) -> dict[tuple[str, str], tuple[str, str | None]]:
    return _verdicts(_audit(str(exports["full"]), "--sample-file", str(exports["sample"])))


@pytest.mark.parametrize("lang", LANGS)
def test_the_filled_grid_gives_the_verdicts_of_the_same_facts_as_a_csv_export(
        exports: dict[str, Path], whole_facts_verdicts: dict[tuple[str, str], tuple[str, str | None]],
        lang: str) -> None:
    grid = exports["base"] / f"grid-{lang}.xlsx"
    done = _invoke("template", str(exports["partial"]), "--sample-file", str(exports["sample"]),
                   "--lang", lang, "-o", str(grid))
    assert done.exit_code == 0, done.output
    assert grid.is_file()
    assert "fingerprint" in done.output or "empreinte" in done.output or "vingerafdruk" in done.output
    assert fill_grid(grid, lang) > 500  # the mentions, signatures and reports of ~55 cases
    document = _audit(str(grid))
    sampled = json.loads(exports["sample"].read_text(encoding="utf-8"))["case_ids"]
    assert sorted(c["case_id"] for c in document["cases"]) == sorted(sampled)
    assert _verdicts(document) == whole_facts_verdicts
    # read back with no mapping file, no header taken by its words, only the instructions sheet ignored
    instructions = {"fr": "Mode d'emploi", "nl": "Handleiding", "en": "Instructions"}[lang]
    assert [(e["table"], e["message_key"]) for e in document["data_errors"] if e["row"] is None] == [
        (instructions, "inputs.table.sheet_ignored")]
    assert all(e.get("message_key") != "inputs.column.matched_by_words" for e in document["data_errors"])
    # and the filling mattered: the cut-down export alone cannot decide the mentions
    partial = _verdicts(_audit(str(exports["partial"]), "--sample-file", str(exports["sample"])))
    assert partial != whole_facts_verdicts
    assert any(v == "missing_data" for (_, q), (v, _) in partial.items() if q == "mandatory-mentions")


def test_the_grid_of_the_whole_demo_sample_is_prefilled_and_audits_as_the_demo(
        exports: dict[str, Path], whole_facts_verdicts: dict[tuple[str, str], tuple[str, str | None]]) -> None:
    grid = exports["base"] / "prefilled.xlsx"
    done = _invoke("template", str(exports["full"]), "--sample-file", str(exports["sample"]), "--lang", "fr",
                   "-o", str(grid))
    assert done.exit_code == 0, done.output
    size = len(json.loads(exports["sample"].read_text(encoding="utf-8"))["case_ids"])
    assert f"{size} dossiers ; 0 colonnes à compléter" in " ".join(done.output.split())
    assert _verdicts(_audit(str(grid))) == whole_facts_verdicts


def test_values_typed_against_the_validation_are_data_errors_and_the_other_cases_are_audited(
        exports: dict[str, Path]) -> None:
    grid = exports["base"] / "typos.xlsx"
    assert _invoke("template", str(exports["partial"]), "--sample-file", str(exports["sample"]), "--lang", "fr",
                   "-o", str(grid)).exit_code == 0
    fill_grid(grid, "fr")
    workbook = openpyxl.load_workbook(grid)
    sheet = workbook["cases"]
    headers = [str(c.value) for c in sheet[1]]
    signed = headers.index(field_label("signed_cpas", "fr")) + 1
    balance = headers.index(field_label("social_balance_date", "fr")) + 1
    sheet.cell(row=3, column=signed, value="peut-être")
    sheet.cell(row=4, column=balance, value="31/02/2024")
    assert sheet.cell(row=4, column=balance).data_type == "s"
    typo_cases = {sheet.cell(row=3, column=1).value, sheet.cell(row=4, column=1).value}
    workbook.save(grid)
    document = _audit(str(grid), "--lang", "fr")
    errors = {(e["row"], e["column"]): e for e in document["data_errors"] if e["row"] in (3, 4)}
    maybe = errors[(3, field_label("signed_cpas", "fr"))]
    assert (Path(maybe["file"]).name, maybe["table"], maybe["value"]) == ("typos.xlsx", "cases", "peut-être")
    assert maybe["message_key"] == "inputs.value.not_bool" and "oui/non" in maybe["message"]
    impossible = errors[(4, field_label("social_balance_date", "fr"))]
    assert (Path(impossible["file"]).name, impossible["table"], impossible["value"]) == (
        "typos.xlsx", "cases", "31/02/2024")
    assert "31" in impossible["message"] and "02/2024" in impossible["message"]
    # every case is still audited, those two with the value unknown
    assert len(document["cases"]) == len(json.loads(exports["sample"].read_text(encoding="utf-8"))["case_ids"])
    verdicts = _verdicts(document)
    row3 = sheet.cell(row=3, column=1).value
    assert verdicts[(row3, "signatures")][0] in ("missing_data", "not_applicable")
    assert typo_cases <= {c["case_id"] for c in document["cases"]}


def test_without_an_export_the_grid_is_blank_or_holds_the_sampled_file_numbers(
        exports: dict[str, Path], tmp_path: Path) -> None:
    blank = tmp_path / "blank.xlsx"
    assert _invoke("template", "-o", str(blank), "--lang", "nl").exit_code == 0
    workbook = openpyxl.load_workbook(blank)
    assert workbook.sheetnames == ["Handleiding", "cases", "evaluations", "sanctions"]
    assert workbook["cases"].max_row == 1 and workbook["cases"]["A1"].value == "Dossiernummer"
    listed = tmp_path / "listed.xlsx"
    assert _invoke("template", "-o", str(listed), "--sample-file", str(exports["sample"])).exit_code == 0
    ids = [row[0] for row in openpyxl.load_workbook(listed)["cases"].iter_rows(min_row=2, values_only=True)]
    assert ids == json.loads(exports["sample"].read_text(encoding="utf-8"))["case_ids"]


# --------------------------------------------------------------------------- errors for the user


def _fails(args: list[str], *words: str) -> str:
    done = runner.invoke(app, args)
    assert done.exit_code == 2, done.output
    assert done.exception is None or isinstance(done.exception, SystemExit), done.exception
    assert "Traceback" not in done.output
    for word in words:
        assert word in done.output, (word, done.output)
    return done.output


def test_sampled_cases_the_export_lacks_are_refused(exports: dict[str, Path], tmp_path: Path) -> None:
    sample = json.loads(exports["sample"].read_text(encoding="utf-8"))
    sample["case_ids"][0:2] = ["RI-1999-00001", "RI-1999-00002"]
    other = tmp_path / "other-sample.json"
    other.write_text(json.dumps(sample), encoding="utf-8")
    out = _fails(["template", str(exports["partial"]), "--sample-file", str(other), "--lang", "fr",
                  "-o", str(tmp_path / "g.xlsx")],
                 "erreur :", "2 dossier(s)", "RI-1999-00001, RI-1999-00002", "other-sample.json")
    assert not (tmp_path / "g.xlsx").exists(), out


def test_an_unreadable_export_stops_with_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "export.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    _fails(["template", str(broken), "-o", str(tmp_path / "g.xlsx"), "--lang", "en"], "error:", "export.xlsx")
    _fails(["template", str(tmp_path / "nowhere"), "-o", str(tmp_path / "g.xlsx"), "--lang", "nl"], "fout:")


def test_an_output_into_a_missing_folder_or_not_xlsx_is_refused(tmp_path: Path) -> None:
    _fails(["template", "-o", str(tmp_path / "missing" / "g.xlsx"), "--lang", "fr"],
           "erreur :", "n'existe pas")
    _fails(["template", "-o", str(tmp_path / "g.csv"), "--lang", "en"], "error:", ".xlsx")
    export = tmp_path / "export.xlsx"
    assert _invoke("template", "-o", str(export)).exit_code == 0
    _fails(["template", str(export), "-o", str(export), "--lang", "en"], "error:", "one of the export's files")


def test_a_bad_sample_file_stops_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "sample.json"
    bad.write_text("{not json", encoding="utf-8")
    _fails(["template", "-o", str(tmp_path / "g.xlsx"), "--sample-file", str(bad), "--lang", "en"],
           "error:", "sample.json")


# --------------------------------------------------------------------------- the catalog


OWN = yaml.safe_load((ROOT / "piis_audit" / "i18n" / "template.yaml").read_text(encoding="utf-8"))
SOURCES = [ROOT / "piis_audit" / p for p in ("workflows/grid.py", "formats/grid_xlsx.py", "cli/template.py")]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_template_key_has_three_languages_with_the_same_placeholders() -> None:
    assert OWN
    for key, texts in OWN.items():
        assert key.startswith("template."), key
        assert set(texts) == set(LANGS) and all(str(texts[lang]).strip() for lang in LANGS), key
        assert len({frozenset(_fields(texts[lang])) for lang in LANGS}) == 1, key


def test_every_template_key_used_exists_and_every_key_is_used() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in SOURCES)
    used = set(re.findall(r'"(template\.[a-z_.]+[a-z_])"', text))
    prefixes = set(re.findall(r'f"(template\.[a-z_.]+\.)\{', text))
    assert used and prefixes
    assert not used - set(catalog()), sorted(used - set(catalog()))
    unused = [k for k in OWN if k not in used and not any(k.startswith(p) for p in prefixes)]
    assert unused == []
