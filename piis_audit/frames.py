"""The export as columns: one typed, nullable polars frame per table (docs/architecture.md).

This is the contract between the readers and the columnar engine:

* every table frame has ``_case`` (the case's index, 0..n-1, in export order), ``_file`` and
  ``_row`` (the row number as the user sees it), and one column per canonical field of the table,
  **always present** with its schema type, all null when the export has no such column;
* a field that had at least one unreadable cell has a boolean column ``_invalid_<field>`` beside
  it in the same frame (true where unreadable; the value itself is null there);
* ``columns[table]`` names the fields the export has a column for.

A null is unknown. Why a value is missing is worked out here, once: :meth:`ExportFrames.missing_why`.
polars is imported lazily by the modules that build or read these frames, so commands that never
audit (``--help``, ``checklist show``) do not pay for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from piis_audit.schema import TABLES, FieldType

if TYPE_CHECKING:
    import polars as pl

# Why a value needed to decide is missing (the ``why`` of common.missing.*).
NO_COLUMN, INVALID, EMPTY = "no_column", "invalid", "empty"


def polars_type(field_type: FieldType) -> pl.DataType:
    """The frame type of a schema field type."""
    import polars as pl

    return {FieldType.TEXT: pl.String(), FieldType.DATE: pl.Date(), FieldType.BOOL: pl.Boolean(),
            FieldType.NUMBER: pl.Float64(), FieldType.INTEGER: pl.Int64(),
            FieldType.CHOICE: pl.String()}[field_type]


def table_schema(table: str) -> dict[str, pl.DataType]:
    """The columns and types of one table's frame, bookkeeping columns first."""
    import polars as pl

    schema: dict[str, pl.DataType] = {"_case": pl.Int32(), "_file": pl.String(), "_row": pl.Int32()}
    schema.update({spec.name: polars_type(spec.type) for spec in TABLES[table].fields})
    return schema


def invalid_column(name: str) -> str:
    """The name of the column that flags the unreadable cells of ``name``."""
    return f"_invalid_{name}"


@dataclass(frozen=True)
class ExportFrames:
    """The tables of one export as frames (see the module docstring for the contract)."""

    tables: Mapping[str, pl.DataFrame]
    columns: Mapping[str, frozenset[str]]
    tables_present: frozenset[str] = field(default_factory=frozenset)

    def frame(self, table: str) -> pl.DataFrame:
        return self.tables[table]

    def has_column(self, table: str, name: str) -> bool:
        return name in self.columns.get(table, frozenset())

    def invalid_expr(self, table: str, name: str) -> pl.Expr:
        """True where the cell of ``name`` could not be read, false elsewhere."""
        import polars as pl

        flag = invalid_column(name)
        return pl.col(flag) if flag in self.tables[table].columns else pl.lit(False)

    def missing_why(self, table: str, name: str) -> pl.Expr:
        """Why ``name`` is unknown, per row of ``table``: ``"no_column"``, ``"invalid"``, ``"empty"``,
        or null where the value is known. The one place this is worked out."""
        import polars as pl

        if not self.has_column(table, name):
            return pl.lit(NO_COLUMN)
        return (pl.when(self.invalid_expr(table, name)).then(pl.lit(INVALID))
                .when(pl.col(name).is_null()).then(pl.lit(EMPTY))
                .otherwise(pl.lit(None, dtype=pl.String)))
