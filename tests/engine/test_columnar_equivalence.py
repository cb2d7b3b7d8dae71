"""The columnar engine against the case-by-case one (its oracle while both exist): for every
ported question and every case, the same verdict, reason key, reason parameters, due date,
notes, money, evidence and action (key and parameters); and the same derived facts. On the demo, on a generated 20 000-case export, on a
generated export with cells emptied, made unreadable and columns left out, and on every question
fixture of tests/questions/cases/, all fixtures of a question audited together as one frame
(so a join or group_by that leaks rows between cases shows)."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml

from piis_audit.engine.checklists import load_checklist
from piis_audit.checklist.model import Checklist
from piis_audit.demo import DEMO_AS_OF, DEMO_EXPORT_DIR
from piis_audit.demo.generate import generate
from piis_audit.demo.writers import csv_cell, write_csv_folder
from piis_audit.engine.runner import run_audit
from piis_audit.inputs.loader import load_export
from piis_audit.model import ExportData
from piis_audit.schema import TABLES, FieldType

from tests.engine.columnar_compare import compare, differences, fact_differences, ported_ids

CASES_DIR = Path(__file__).parent.parent / "questions" / "cases"
GENERATED_AS_OF = dt.date(2026, 11, 26)

# The questions the columnar engine decides so far; the others are not compared yet.
PORTED = ["social-balance", "deadline", "mandatory-mentions", "student-mentions", "signatures",
          "absence-motivated", "evaluations", "sanctions", "increased-subsidy", "alimony-investigation",
          "alimony-recovery-decision"]


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    return load_checklist()


def test_the_ported_questions_are_listed(checklist: Checklist) -> None:
    assert ported_ids(checklist) == PORTED


def test_demo(checklist: Checklist) -> None:
    export = load_export([DEMO_EXPORT_DIR])
    assert fact_differences(export, checklist) == []
    assert compare(export, checklist, DEMO_AS_OF) == []


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ExportData:
    folder = tmp_path_factory.mktemp("generated") / "export"
    write_csv_folder(*generate(20_000, 20260101, GENERATED_AS_OF), folder)
    return load_export([folder])


def test_generated_20000_cases(generated: ExportData, checklist: Checklist) -> None:
    assert len(generated.cases) >= 20_000
    assert fact_differences(generated, checklist) == []
    for as_of in (GENERATED_AS_OF, dt.date(2025, 3, 1)):
        assert compare(generated, checklist, as_of) == []


def _spoil(rows: list[dict[str, Any]], table: str, rng: random.Random) -> list[dict[str, Any]]:
    """Empty about 5 % of the cells and make about 2 % unreadable (never the case id)."""
    out = []
    for row in rows:
        row = dict(row)
        for spec in TABLES[table].fields:
            if spec.name == "case_id":
                continue
            roll = rng.random()
            if roll < 0.05:
                row[spec.name] = None
            elif roll < 0.07 and spec.type is not FieldType.TEXT:
                row[spec.name] = "??"
        out.append(row)
    return out


def _write(folder: Path, tables: dict[str, list[dict[str, Any]]], absent: set[str]) -> None:
    folder.mkdir(parents=True)
    for table, rows in tables.items():
        columns = [f.name for f in TABLES[table].fields if f.name not in absent]
        with (folder / f"{table}.csv").open("w", encoding="cp1252", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(columns)
            writer.writerows([csv_cell(row.get(c)) for c in columns] for row in rows)


@pytest.mark.parametrize("absent", [
    (), ("exemption_reason", "third_party", "reactivation_consent_date", "ri_end_date"),
    ("piis_signed_date", "ri_in_previous_3_months", "birth_date", "signed_cpas", "mention_duration"),
], ids=["all_columns", "some_columns_absent", "key_columns_absent"])
def test_generated_with_empty_and_unreadable_cells(absent: tuple[str, ...], tmp_path: Path,
                                                   checklist: Checklist) -> None:
    rng = random.Random(7)
    cases, evaluations, sanctions = generate(4_000, 99, GENERATED_AS_OF)
    folder = tmp_path / "export"
    _write(folder, {"cases": _spoil(cases, "cases", rng), "evaluations": _spoil(evaluations, "evaluations", rng),
                    "sanctions": _spoil(sanctions, "sanctions", rng)}, set(absent))
    export = load_export([folder])
    assert sum(1 for c in export.cases if c.invalid) > 500
    assert fact_differences(export, checklist) == []
    assert compare(export, checklist, GENERATED_AS_OF) == []


def _fixture_groups() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        groups: dict[tuple[str, ...], list[tuple[str, dict[str, Any]]]] = {}
        for name, entry in data["cases"].items():
            groups.setdefault(tuple(sorted(entry.get("absent_columns") or [])), []).append((name, entry))
        for absent, entries in groups.items():
            params.append(pytest.param(data.get("defaults") or {}, entries, set(absent),
                                       id=f"{path.stem}:{'+'.join(absent) or 'all_columns'}"))
    return params


@pytest.mark.parametrize(("defaults", "entries", "absent"), _fixture_groups())
def test_question_fixtures_together(defaults: dict[str, Any], entries: list[tuple[str, dict[str, Any]]],
                                    absent: set[str], tmp_path: Path, checklist: Checklist) -> None:
    tables: dict[str, list[dict[str, Any]]] = {"cases": [], "evaluations": [], "sanctions": []}
    as_of: list[dt.date] = []
    for k, (_, entry) in enumerate(entries):
        case_id = f"F{k + 1:03d}"
        tables["cases"].append({**defaults, **(entry.get("case") or {}), "case_id": case_id})
        for table in ("evaluations", "sanctions"):
            tables[table] += [{**row, "case_id": case_id} for row in entry.get(table) or []]
        as_of.append(dt.date.fromisoformat(str(entry["as_of"])))
    _write(tmp_path / "export", tables, absent)
    export = load_export([tmp_path / "export"])
    assert [c.case_id for c in export.cases] == [f"F{k + 1:03d}" for k in range(len(entries))]
    assert fact_differences(export, checklist) == []
    old = {day: run_audit(export, checklist, day) for day in set(as_of)}
    picks = [(k, old[day]) for k, day in enumerate(as_of)]
    per_case = pl.DataFrame({"_as_of": as_of}, schema={"_as_of": pl.Date})
    assert differences(export, checklist, picks, pl.col("_as_of"), extra=per_case) == []
