"""A generated export with spoiled cells, for the tests that compare two ways of writing a report,
and result frames with the waiver and baseline columns the marks add.

About 5 % of the cells of ``cases`` are empty and 2 % unreadable, one column is missing
(``moved_from_other_cpas``), one is unknown to the tool (``Dossier papier``), and some names and offices hold text a writer must escape (quotes,
backslashes, control characters, semicolons, formula starts, non-ASCII). Written as Belgian
exports come: ``;``, Windows-1252.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

import dataclasses

import polars as pl

from piis_audit.demo import DEMO_AS_OF
from piis_audit.engine.runner import CaseResults
from piis_audit.model import AuditReport, Waiver
from piis_audit.demo.generate import generate
from piis_audit.demo.writers import csv_cell
from piis_audit.schema import TABLES, FieldType

ODD_TEXTS = ('Dupont "Jr"', "back\\slash", "tab\there", "semi;colon", "=SUM(A1)", "Évelyne Œuvrard",
             "<b>&amp;</b>", "line\x0bfeed")


def _spoil(rows: list[dict[str, Any]], rng: random.Random) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        row = dict(row)
        for spec in TABLES["cases"].fields:
            if spec.name == "case_id":
                continue
            roll = rng.random()
            if roll < 0.05:
                row[spec.name] = None
            elif roll < 0.07 and spec.type is not FieldType.TEXT:
                row[spec.name] = "??"
            elif roll < 0.09 and spec.name in ("beneficiary_name", "social_worker", "office"):
                row[spec.name] = rng.choice(ODD_TEXTS)
        out.append(row)
    return out


def write_spoiled_export(folder: Path, cases: int = 1_500, seed: int = 3) -> Path:
    """Write the export into ``folder`` (created) and return it."""
    rng = random.Random(seed)
    case_rows, evaluations, sanctions = generate(cases, 5, DEMO_AS_OF)
    folder.mkdir(parents=True, exist_ok=True)
    for table, rows in (("cases", _spoil(case_rows, rng)), ("evaluations", evaluations), ("sanctions", sanctions)):
        columns = [f.name for f in TABLES[table].fields if f.name != "moved_from_other_cpas"]
        extra = ["Dossier papier"] if table == "cases" else []  # a column the tool does not know
        with (folder / f"{table}.csv").open("w", encoding="cp1252", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(columns + extra)
            writer.writerows([csv_cell(row.get(c)) for c in columns] + [f"armoire {i % 7}"] * len(extra)
                             for i, row in enumerate(rows))
    return folder


def with_marks(report: AuditReport, waivers: tuple[Waiver, ...]) -> AuditReport:
    """The report with waiver and baseline columns on its result frames, as the marks would add
    them: the first case's deadline result waived by the first waiver, every fail "new", the
    other decided results "known"."""
    cases = report.cases
    assert isinstance(cases, CaseResults)
    decided = {}
    for qid, frame in cases.decided.items():
        waiver = pl.when((pl.col("_case") == 0) & pl.lit(qid == "deadline")).then(0).otherwise(None)
        baseline = (pl.when(pl.col("verdict") == "fail").then(pl.lit("new"))
                    .when(pl.col("verdict") == "pass").then(pl.lit("known")).otherwise(None))
        decided[qid] = frame.with_columns(waiver=waiver.cast(pl.Int32), baseline=baseline)

    class Marked(CaseResults):
        @property
        def decided(self) -> dict[str, pl.DataFrame]:
            return decided

    marked = Marked.__new__(Marked)
    marked.__dict__.update(cases.__dict__)
    marked._waivers = waivers  # CaseResults.waivers is a read-only property over _waivers
    return dataclasses.replace(report, cases=marked)
