"""Every question's example rows (sqlfluff-style YAML fixtures in cases/, format in
cases/README.md), run through the real readers and engine (``load_export``, ``run_audit``):

* one test per fixture entry, its case alone in an export, on the bundled checklist with the
  entry's ``configs`` set;
* one test per fixture file, every entry of the file in one export (grouped by as-of date,
  configs and absent columns, since an audit takes one date and one checklist), each its own case
  id with its own evaluation and sanction rows: each case must get exactly what its entry
  expects, so a join or ``group_by`` that leaks child rows between cases fails here.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from piis_audit.engine.runner import run_audit
from piis_audit.inputs.loader import load_export
from tests.questions.fixture_rows import (Entry, checklist_with, entry_problems, fixture_files,
                                         load_fixture_file, write_export)


def _entries() -> list[Any]:
    return [pytest.param(entry, id=entry.label) for path in fixture_files() for entry in load_fixture_file(path)]


@pytest.mark.parametrize("entry", _entries())
def test_fixture(entry: Entry, tmp_path: Path) -> None:
    write_export(tmp_path / "export", [("F1", entry)])
    export = load_export([tmp_path / "export"])
    assert len(export.cases) == 1, [e.message for e in export.data_errors]
    report = run_audit(export, checklist_with(entry.configs), entry.as_of)
    problems = entry_problems(entry, report.cases[0], report)
    assert not problems, f"{entry.label}:\n  " + "\n  ".join(problems)


def groups(entries: list[Entry]) -> list[list[Entry]]:
    """``entries`` in groups that share an as-of date, configs and absent columns."""
    by_key: dict[Any, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_key[entry.group_key()].append(entry)
    return list(by_key.values())


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.stem)
def test_fixture_file_as_one_export(path: Path, tmp_path: Path) -> None:
    entries = load_fixture_file(path)
    problems: list[str] = []
    audited = 0
    for number, group in enumerate(groups(entries)):
        ids = [(f"G{number:02d}C{index:03d}", entry) for index, entry in enumerate(group)]
        folder = tmp_path / f"group{number:02d}"
        written = write_export(folder, ids)
        export = load_export([folder])
        assert [c.case_id for c in export.cases] == [case_id for case_id, _ in ids], (
            [e.message for e in export.data_errors])
        report = run_audit(export, checklist_with(group[0].configs), group[0].as_of)
        by_id = {c.case.case_id: c for c in report.cases}
        for case_id, entry in ids:
            case = by_id[case_id]
            for table, kept in (("evaluations", case.case.evaluations), ("sanctions", case.case.sanctions)):
                # the case holds its own child rows, none of another case's; a row the reader
                # rejected (no date) is listed under the case's id
                rejected = {r.row for r in export.rejected if r.table == table and r.case_id == case_id}
                assert {row.row for row in kept} | rejected == set(written[table][case_id]), (entry.label, table)
            problems.extend(f"{entry.label} (as {case_id} among {len(ids)}): {p}"
                            for p in entry_problems(entry, case, report, alone=len(ids) == 1))
            audited += 1
    assert audited == len(entries)
    assert not problems, "\n".join(problems)
