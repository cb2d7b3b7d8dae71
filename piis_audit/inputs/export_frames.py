"""The tables read, as :class:`~piis_audit.frames.ExportFrames`: the audited rows only.

* ``cases``: the cases kept (rows without ``case_id`` and repeated case ids are rejected by the
  loader), in export order, with ``_case`` 0..n-1, ``_file`` and ``_row``;
* ``evaluations``, ``sanctions``: the child rows attached to a kept case, in export order, with
  ``_case`` joined from ``case_id`` (the loader rejects, and reports, the others); the cells the
  loader made unreadable meanwhile (a suspension ending before it starts) are null and flagged.

Every table is present with its schema, empty when the export has no such table
(``tables_present`` says which it has). The rows are picked with ``gather``: no row loop here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from piis_audit.frames import ExportFrames, invalid_column, table_schema
from piis_audit.inputs.columns import EXACT_PREFIX
from piis_audit.inputs.table_reader import TableRows

if TYPE_CHECKING:  # polars is imported when an export is read, not for --help
    import polars as pl

_Child = tuple[TableRows, Sequence[int], Mapping[str, Sequence[int]]]  # rows, attached records, nulled cells


def _picked(rows: TableRows, records: Sequence[int]) -> pl.DataFrame:
    """The records ``records`` of one table, with ``_file``, without the hidden columns."""
    import polars as pl

    assert rows.columns is not None
    frame = rows.columns.frame
    frame = frame.select([c for c in frame.columns if not c.startswith(EXACT_PREFIX)])
    if len(records) != frame.height or (records and (records[0] != 0 or records[-1] != frame.height - 1)):
        frame = frame[pl.Series(records, dtype=pl.UInt32)]  # else every record, in order: shared, not copied
    return frame.with_columns(pl.lit(rows.raw.file, dtype=pl.String).alias("_file"))


def _ordered(frames: list[pl.DataFrame], table: str) -> pl.DataFrame:
    """The parts of one table as one frame: the schema's columns first, then the flags (false
    where a part had no unreadable cell in that field)."""
    import polars as pl

    schema = table_schema(table)
    if not frames:
        return pl.DataFrame(schema=schema)
    joined = pl.concat(frames, how="diagonal_relaxed")
    flags = sorted(c for c in joined.columns if c.startswith("_invalid_"))
    if "_case" not in joined.columns:
        joined = joined.with_columns(pl.lit(None, dtype=pl.Int32).alias("_case"))
    return joined.select([pl.col(c).cast(t) for c, t in schema.items()] +
                         [pl.col(f).fill_null(False) for f in flags])


def export_frames(cases: Sequence[TableRows], kept: Sequence[tuple[int, int]], children: Sequence[_Child],
                  columns: Mapping[str, frozenset[str]]) -> ExportFrames:
    """The frames of the export (module docstring). ``kept`` is (cases table index, record index)
    per audited case, in export order."""
    import polars as pl

    per_table: dict[int, list[int]] = {}
    for t, k in kept:
        per_table.setdefault(t, []).append(k)
    parts = [_picked(cases[t], ks) for t, ks in sorted(per_table.items())]
    case_frame = _ordered(parts, "cases").with_columns(pl.int_range(pl.len(), dtype=pl.Int32).alias("_case"))
    index = case_frame.select("case_id", "_case")
    tables: dict[str, pl.DataFrame] = {"cases": case_frame}
    for table in ("evaluations", "sanctions"):
        found: list[pl.DataFrame] = []
        for rows, records, nulled in children:
            if rows.table != table:
                continue
            part = _picked(rows, records)
            for name, positions in nulled.items():
                at = pl.Series(positions, dtype=pl.UInt32)
                flag = invalid_column(name)
                marks = part[flag] if flag in part.columns else pl.Series(flag, [False] * part.height)
                part = part.with_columns(part[name].scatter(at, None), marks.scatter(at, True).alias(flag))
            found.append(part.drop("_case", strict=False).join(index, on="case_id", how="left",
                                                              maintain_order="left"))
        tables[table] = _ordered(found, table)
    return ExportFrames(tables, dict(columns), frozenset(columns))
