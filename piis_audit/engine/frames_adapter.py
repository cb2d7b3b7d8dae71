"""The frames of :mod:`piis_audit.frames` for an export the reader's frames do not cover.

The engine reads :class:`~piis_audit.frames.ExportFrames`. The reader makes them
(``ExportData.frames``); :func:`with_rejected_children` adds to them the child rows the reader
rejected for want of their date, which are rows that exist with an unknown date (flagged
unreadable where the date could not be read), as the frames contract wants.
:func:`export_frames` builds the same frames from Case objects, for an export made in code (the
tests') or narrowed to some cases (``explain``, ``--sample-file``); it goes once those read the
reader's frames too.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from piis_audit.frames import ExportFrames, invalid_column, table_schema
from piis_audit.model import ExportData
from piis_audit.schema import TABLES

_DATE_FIELD = {"evaluations": "evaluation_date", "sanctions": "decision_date"}
_REJECTED_INVALID = {"inputs.row.date_empty": False, "inputs.row.date_unreadable": True}


def _frame(table: str, rows: list[dict[str, Any]], invalid: list[frozenset[str]]) -> pl.DataFrame:
    """One table's frame: typed columns per the schema, ``_invalid_<field>`` where needed."""
    schema = table_schema(table)
    frame = pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)
    flagged = sorted(set().union(*invalid)) if invalid else []
    return frame.with_columns(pl.Series(invalid_column(name), [name in bad for bad in invalid],
                                        dtype=pl.Boolean) for name in flagged)


def _undated_children(export: ExportData, index: dict[str, int],
                      ) -> dict[str, tuple[list[dict[str, Any]], list[frozenset[str]]]]:
    """table -> (rows, flags) of the child rows the reader rejected for want of their date: a
    row of a known case with its date unknown (flagged unreadable where it could not be read)."""
    out: dict[str, tuple[list[dict[str, Any]], list[frozenset[str]]]] = {t: ([], []) for t in _DATE_FIELD}
    for rejected in export.rejected:
        unreadable = _REJECTED_INVALID.get(rejected.text.key) if rejected.text is not None else None
        if unreadable is None or rejected.table not in out or rejected.case_id not in index:
            continue
        rows, flags = out[rejected.table]
        rows.append({"_case": index[rejected.case_id], "_file": rejected.file, "_row": rejected.row,
                     "case_id": rejected.case_id})
        flags.append(frozenset({_DATE_FIELD[rejected.table]}) if unreadable else frozenset())
    return out


def with_rejected_children(frames: ExportFrames, export: ExportData) -> ExportFrames:
    """The reader's frames plus the child rows it rejected for want of their date, as rows with
    an unknown date (flagged unreadable where the date could not be read)."""
    index = {case_id: k for k, case_id in enumerate(frames.frame("cases").get_column("case_id").to_list())}
    tables = dict(frames.tables)
    for table, (rows, flags) in _undated_children(export, index).items():
        if rows:
            extra = _frame(table, [{n: r.get(n) for n in table_schema(table)} for r in rows], flags)
            joined = pl.concat([tables[table], extra], how="diagonal_relaxed")
            tables[table] = joined.with_columns(
                pl.col(c).fill_null(False) for c in joined.columns if c.startswith("_invalid_"))
    return ExportFrames(tables=tables, columns=frames.columns, tables_present=frames.tables_present)


def export_frames(export: ExportData) -> ExportFrames:
    """The export's cases, evaluations and sanctions as frames (docs/architecture.md)."""
    fields = {table: [f.name for f in spec.fields] for table, spec in TABLES.items()}
    index = {case.case_id: k for k, case in enumerate(export.cases)}
    cases = [{"_case": k, "_file": case.source, "_row": case.row,
              **{name: case.values.get(name) for name in fields["cases"]}}
             for k, case in enumerate(export.cases)]
    children: dict[str, list[dict[str, Any]]] = {"evaluations": [], "sanctions": []}
    child_invalid: dict[str, list[frozenset[str]]] = {"evaluations": [], "sanctions": []}
    for k, case in enumerate(export.cases):
        for table, rows in (("evaluations", case.evaluations), ("sanctions", case.sanctions)):
            for row in rows:
                children[table].append({"_case": k, "_file": case.source, "_row": row.row,
                                        "case_id": case.case_id,
                                        **{n: getattr(row, n) for n in fields[table] if n != "case_id"}})
                child_invalid[table].append(row.invalid)
    for table, (undated, flags) in _undated_children(export, index).items():
        children[table] += undated
        child_invalid[table] += flags
    tables = {"cases": _frame("cases", cases, [case.invalid for case in export.cases])}
    for table, child_rows in children.items():
        full = [{name: row.get(name) for name in table_schema(table)} for row in child_rows]
        tables[table] = _frame(table, full, child_invalid[table])
    return ExportFrames(tables=tables, columns=dict(export.columns),
                        tables_present=frozenset(export.tables_present))
