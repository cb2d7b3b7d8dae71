"""An export cut down to some of its cases (``explain``, ``--sample-file``), frames included.

The cases kept stay in export order; their evaluations and sanctions come with them; everything
else about the export (files read, data errors, rejected rows, fingerprint) is unchanged. An
export read from files is narrowed on its frames, without building a Case object; one made in
code (tests) has no frames: its Case objects are filtered and the engine makes frames from them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from piis_audit.frames import ExportFrames
from piis_audit.inputs.case_view import LazyCases
from piis_audit.model import ExportData


def case_ids(export: ExportData) -> list[str]:
    """The export's case ids, in export order (from its frames when it has them)."""
    if export.frames is not None and isinstance(export.cases, LazyCases):
        return export.frames.frame("cases").get_column("case_id").to_list()
    return [case.case_id for case in export.cases]


def narrowed(export: ExportData, wanted: Iterable[str]) -> ExportData:
    """``export`` with only the cases whose id is in ``wanted`` (module docstring)."""
    ids = set(wanted)
    if export.frames is not None and isinstance(export.cases, LazyCases):
        return dataclasses.replace(export, cases=export.cases.narrowed(sorted(ids)),
                                   frames=_narrowed_frames(export.frames, ids))
    return dataclasses.replace(export, cases=tuple(c for c in export.cases if c.case_id in ids), frames=None)


def _narrowed_frames(frames: ExportFrames, ids: set[str]) -> ExportFrames:
    """The frames of the cases of ``ids``, numbered again 0..n-1 (``_case``) in export order."""
    import polars as pl

    cases = frames.frame("cases").filter(pl.col("case_id").is_in(sorted(ids)))
    renumber = cases.select(pl.col("_case"), pl.int_range(pl.len(), dtype=pl.Int32).alias("_new"))
    tables = {"cases": cases.with_columns(renumber.get_column("_new").alias("_case"))}
    for table in ("evaluations", "sanctions"):
        frame = frames.frame(table)
        joined = frame.join(renumber, on="_case", how="inner", maintain_order="left")
        tables[table] = joined.with_columns(pl.col("_new").alias("_case")).drop("_new").select(frame.columns)
    return ExportFrames(tables=tables, columns=frames.columns, tables_present=frames.tables_present)
