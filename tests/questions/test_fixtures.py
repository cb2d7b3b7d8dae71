"""Every question's example rows (sqlfluff-style YAML fixtures in cases/), run through the real
readers and engine: one parametrised test, one case per fixture entry."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from piis_audit.engine.checklists import load_checklist
from piis_audit.demo.writers import csv_cell
from piis_audit.engine.runner import run_audit
from piis_audit.inputs.loader import load_export
from piis_audit.schema import TABLES

CASES_DIR = Path(__file__).parent / "cases"


def _entries() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        defaults = data.get("defaults") or {}
        for name, entry in data["cases"].items():
            params.append(pytest.param(path.stem, name, defaults, entry, id=f"{path.stem}:{name}"))
    return params




def write_export(folder: Path, case: dict[str, Any], evaluations: list[dict[str, Any]],
                 sanctions: list[dict[str, Any]], absent: set[str]) -> None:
    """The rows as a folder of Belgian CSV files with every canonical column but ``absent``."""
    folder.mkdir()
    for table, rows in (("cases", [case]), ("evaluations", evaluations), ("sanctions", sanctions)):
        columns = [f.name for f in TABLES[table].fields if f.name not in absent]
        with (folder / f"{table}.csv").open("w", encoding="cp1252", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(columns)
            for row in rows:
                unknown = set(row) - set(TABLES[table].by_name)
                assert not unknown, f"fixture uses unknown {table} fields {unknown}"
                writer.writerow([csv_cell(row.get(c)) for c in columns])


@pytest.fixture(scope="module")
def checklist() -> Any:
    return load_checklist()


@pytest.mark.parametrize(("question", "name", "defaults", "entry"), _entries())
def test_fixture(question: str, name: str, defaults: dict[str, Any], entry: dict[str, Any],
                 tmp_path: Path, checklist: Any) -> None:
    case = {"case_id": "F1", **defaults, **(entry.get("case") or {})}
    evaluations = [{"case_id": case["case_id"], **e} for e in entry.get("evaluations") or []]
    sanctions = [{"case_id": case["case_id"], **s} for s in entry.get("sanctions") or []]
    write_export(tmp_path / "export", case, evaluations, sanctions, set(entry.get("absent_columns") or []))
    export = load_export([tmp_path / "export"])
    assert len(export.cases) == 1, [e.message for e in export.data_errors]
    as_of = dt.date.fromisoformat(str(entry["as_of"]))
    report = run_audit(export, checklist, as_of)
    results = {r.question: r for r in report.cases[0].results}
    assert entry["expect"], "a fixture must expect something"
    for qid, verdict in entry["expect"].items():
        got = results[qid]
        assert got.verdict.value == verdict, (
            f"{question}:{name}: {qid} expected {verdict}, got {got.verdict.value} "
            f"({got.reason.key if got.reason else None} {dict(got.reason.params) if got.reason else ''})")
    for qid, fields in (entry.get("expect_fields") or {}).items():
        reason = results[qid].reason
        got_fields = list(reason.params.get("fields") or []) if reason else []
        assert got_fields == list(fields), f"{question}:{name}: {qid} names {got_fields}, expected {fields}"
    for qid, columns in (entry.get("expect_missing_columns") or {}).items():
        got_columns = list(report.missing_columns.get(qid, ()))
        assert got_columns == sorted(columns), f"{question}:{name}: {qid} missing columns {got_columns}"
    for qid, key in (entry.get("expect_reason") or {}).items():
        got_key = results[qid].reason.key if results[qid].reason else None
        assert got_key == key, f"{question}:{name}: {qid} reason {got_key}, expected {key}"
