"""Cells to typed columns: one table's raw cells, a column per field, parsed column-wise with polars.

* **Text fields** are read natively: trimmed (the characters Python's ``str.strip`` removes),
  ``""`` becomes null, and a text that is a spreadsheet error value (``#N/A``, ``#VALEUR!``,
  ``Err:502``: :mod:`piis_audit.inputs.cell_errors`) becomes an unreadable cell. Only the distinct
  texts starting with ``#`` or ``Err:`` are looked at in Python.
* **Typed fields** (dates, yes/no, numbers, whole numbers, choices, and any field with a
  ``--mapping`` ``values:`` section) are parsed by the one implementation of the Belgian value
  rules, :func:`piis_audit.inputs.values.field_parser`, called once per **distinct** raw value of
  the column; the typed values are then joined back onto the rows. The Python loop runs over
  distinct values, never over rows: a date column of 200 000 rows holds a few thousand dates.
* Cells the source found unreadable (:class:`~piis_audit.inputs.interface.BadCell`: undecodable
  bytes, an Excel error cell, a cell too large) are applied last, as today.

The result, :class:`TableColumns`, holds the typed frame (``_row`` and every field of the table
per :func:`piis_audit.frames.table_schema`, all null where the export has no column, and a boolean
``_invalid_<field>`` column for each field with an unreadable cell), and the frame of cell
problems (record, row as the user sees it, column as written, field, value, message key) from
which the loader makes its DataErrors.

A worksheet fastexcel read (:mod:`piis_audit.inputs.xlsx_arrow`) gives each column as a Series of
one cell type (text, dates, numbers, TRUE/FALSE): its distinct values are found natively, as for
text. A worksheet read cell by cell by python-calamine gives Python values: the distinct values of
a column holding something other than text are then found with one dict lookup per cell (keyed
by type and value, so the boolean TRUE and the number 1 stay apart), the only per-cell Python
step left here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import repeat
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from piis_audit.frames import invalid_column, polars_type
from piis_audit.inputs.cell_errors import error_value
from piis_audit.inputs.interface import BadCell
from piis_audit.inputs.values import Invalid, Parser, field_parser, invalid, read_cell
from piis_audit.schema import FieldSpec, FieldType, TableSpec

if TYPE_CHECKING:
    import polars as pl

# What Python's str.strip() removes (str.isspace): polars' own trim leaves \x1c-\x1f in place.
PY_WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
                 "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
EXACT_PREFIX = "_exact_"  # a number field's Decimal as text, for the Case view (not in ExportFrames)


def exact_column(name: str) -> str:
    """The hidden column holding a number field's exact Decimal as text."""
    return f"{EXACT_PREFIX}{name}"


@dataclass
class TableColumns:
    """One table's typed frame, its cell problems, and what those problems say.

    ``problems`` has one row per unreadable cell: ``_k`` (record index), ``row`` (as the user sees
    it), ``column`` (the header as written), ``field``, ``value`` (as the message shows it),
    ``key`` (the message's catalog key) and ``_text`` (an index into ``texts``, the
    :class:`~piis_audit.inputs.values.Invalid` with the message and its parameters); in the order
    they were found (field by field), the loader sorts them as the report shows them.
    Cells that keep their text but are reported (undecodable bytes in a text) are in ``notes``."""

    frame: pl.DataFrame
    problems: pl.DataFrame
    texts: list[Invalid] = field(default_factory=list)
    notes: list[tuple[int, str, BadCell]] = field(default_factory=list)  # (record, field, cell)
    # typed fields: (per row, the index of its distinct raw value; the distinct values as Python
    # objects, a number as its Decimal): the Case view takes its values from here, sharing them
    distinct: dict[str, tuple[pl.Series, list[object]]] = field(default_factory=dict)


def _to_frame_value(spec: FieldSpec, value: object) -> object:
    """A parsed value as the frame holds it (a Decimal as a float)."""
    if type(value) is Decimal:
        return float(value)
    return value


def _text_series(raw: pl.Series) -> pl.Series:
    """Text cells trimmed, ``""`` as null (``display_text`` on strings)."""
    import polars as pl

    stripped = raw.str.strip_chars(PY_WHITESPACE)
    return pl.select(pl.when(stripped == "").then(None).otherwise(stripped)).to_series().alias(raw.name)


_HEAD = 64  # cells looked at before trying a workbook column as text


def _as_strings(cells: Sequence[object] | pl.Series, name: str, text_only: bool) -> pl.Series | None:
    """The cells as an Arrow string column, or None when some cell is not text (a workbook
    number or date). A workbook column whose first cells are all text is tried as text (polars
    refuses any other cell); one that starts with a number or a date is not."""
    import polars as pl

    if isinstance(cells, pl.Series):
        return cells.alias(name) if cells.dtype == pl.String else None
    if text_only:
        return pl.Series(name, cells, dtype=pl.String)
    if not all(type(c) is str for c in cells[:_HEAD]):
        return None
    try:
        return pl.Series(name, cells, dtype=pl.String, strict=True)
    except TypeError:
        return None


class _Parsed:
    """One field's column: typed values, the unreadable flag, and the problems found."""

    def __init__(self, values: pl.Series, bad: pl.Series | None, shown: pl.Series | None,
                 exact: pl.Series | None = None, distinct: tuple[pl.Series, list[object]] | None = None) -> None:
        self.values = values
        self.bad = bad  # Int32 index into the table's texts, null where the cell reads fine
        self.shown = shown  # what the message shows of each unreadable cell
        self.exact = exact
        self.distinct = distinct


def _distinct_frame(spec: FieldSpec, parse: Parser, distinct: Sequence[object], texts: list[Invalid]
                    ) -> dict[str, list[Any]]:
    """Parse each distinct raw value once: typed value, problem index, shown value, exact text."""
    values: list[object] = []
    python: list[object] = []
    bad: list[int | None] = []
    shown: list[str | None] = []
    exact: list[str | None] = []
    for raw in distinct:
        value = None if raw is None or (raw == "" and type(raw) is str) else read_cell(parse, raw)
        if type(value) is Invalid:
            bad.append(len(texts))
            shown.append(value.value)
            texts.append(value)
            value = None
        else:
            if type(value) is int and not INT64_MIN <= value <= INT64_MAX:  # a frame holds 64 bits
                problem = invalid(str(raw).strip(), "inputs.value.not_number", hint=_number_hint())
                bad.append(len(texts))
                shown.append(problem.value)
                texts.append(problem)
                value = None
            else:
                bad.append(None)
                shown.append(None)
        exact.append(str(value) if type(value) is Decimal else None)
        python.append(value)
        values.append(_to_frame_value(spec, value))
    return {"value": values, "bad": bad, "shown": shown, "exact": exact, "python": python}


def _number_hint() -> Any:
    from piis_audit.model import Message

    return Message("inputs.hint.number")


_NUMERIC = frozenset({bool, int, float})


def _cell_kinds(cells: Sequence[object]) -> tuple[dict[object, int], set[type]]:
    """The distinct cells of a workbook column (found in C by ``dict.fromkeys``) and their types."""
    distinct: dict[object, int] = dict.fromkeys(cells, 0)  # the values: positions, set later
    return distinct, set(map(type, distinct))


def _distinct_cells(cells: Sequence[object], distinct: dict[object, int], kinds: set[type]
                    ) -> tuple[list[object], pl.Series]:
    """The distinct cells of a workbook column, and per cell the index of its value.

    A dict tells them apart in C, unless equal values of different meaning could be one key: the
    boolean TRUE, the number 1 and 1.0 (TRUE is no category), or 0.0 and -0.0. Then the keys
    are (type, value), one Python step per cell."""
    import polars as pl

    numeric = _NUMERIC.intersection(kinds)
    if numeric:  # the distinct keys may hide a type (TRUE hides 1): the cells' own types decide
        numeric = _NUMERIC.intersection(set(map(type, cells)))
    if len(numeric) <= 1 and not (float in numeric and 0.0 in distinct):
        for k, key in enumerate(distinct):
            distinct[key] = k
        return list(distinct), pl.Series(list(map(distinct.__getitem__, cells)), dtype=pl.UInt32)
    index: dict[tuple[type, object], int] = {}
    codes = pl.Series([index.setdefault((type(c), c), len(index)) for c in cells], dtype=pl.UInt32)
    return [v for _, v in index], codes


def _parse_distinct(spec: FieldSpec, parse: Parser, cells: Sequence[object] | pl.Series,
                    strings: pl.Series | None, texts: list[Invalid],
                    kinds: tuple[dict[object, int], set[type]] | None = None) -> _Parsed:
    """A typed column: each distinct raw value parsed once, joined back onto the rows. The raw
    values are ``strings``, or a worksheet column of one cell type (``cells`` as a Series: dates,
    numbers or TRUE/FALSE, null where empty), or else workbook cells of several types."""
    import polars as pl

    dtype = polars_type(spec.type)
    schema = {"value": dtype, "bad": pl.Int32(), "shown": pl.String(), "exact": pl.String()}
    series = strings if strings is not None else cells if isinstance(cells, pl.Series) else None
    if series is not None:
        distinct = series.unique(maintain_order=True)
        found = _distinct_frame(spec, parse, distinct.to_list(), texts)
        keys = pl.DataFrame({"raw": distinct, "code": pl.int_range(len(distinct), dtype=pl.UInt32, eager=True)})
        codes = series.alias("raw").to_frame().join(keys, on="raw", how="left", maintain_order="left",
                                                     nulls_equal=True)["code"]
    else:  # workbook cells of several types (dates and empty strings, numbers and text)
        assert not isinstance(cells, pl.Series)
        seen, types = kinds if kinds is not None else _cell_kinds(cells)
        distinct_cells, codes = _distinct_cells(cells, seen, types)
        found = _distinct_frame(spec, parse, distinct_cells, texts)
    python = found.pop("python")
    lookup = pl.DataFrame({k: pl.Series(k, v, dtype=schema[k]) for k, v in found.items()})
    joined = lookup[codes]
    has_bad = joined["bad"].null_count() < joined.height
    exact = joined["exact"] if spec.type is FieldType.NUMBER else None
    return _Parsed(joined["value"].alias(spec.name), joined["bad"] if has_bad else None,
                   joined["shown"] if has_bad else None, exact, (codes, python))


def _parse_text(spec: FieldSpec, cells: Sequence[object] | pl.Series, strings: pl.Series | None,
                check_errors: bool, texts: list[Invalid],
                kinds: tuple[dict[object, int], set[type]] | None = None) -> _Parsed:
    """A text column: trimmed natively; the texts that are error values made unreadable."""
    import polars as pl

    if strings is not None:
        values = _text_series(strings)
    else:
        values = _parse_distinct(spec, field_parser(spec), cells, None, texts, kinds).values
    if not check_errors:
        return _Parsed(values, None, None)
    starts = values.str.starts_with("#") | values.str.starts_with("Err:")
    if not starts.any():
        return _Parsed(values, None, None)
    candidates = values.filter(starts).unique(maintain_order=True).to_list()
    errors: dict[str, int] = {}
    shown: dict[str, str] = {}
    for text in candidates:
        found = error_value(text)
        if found is not None:
            errors[text] = len(texts)
            shown[text] = found
            texts.append(invalid(found, "inputs.value.excel_error", written=found))
    if not errors:
        return _Parsed(values, None, None)
    bad = values.replace_strict(list(errors), list(errors.values()), default=None, return_dtype=pl.Int32)
    shown_col = values.replace_strict(list(shown), list(shown.values()), default=None, return_dtype=pl.String)
    values = pl.select(pl.when(bad.is_null()).then(values).otherwise(None)).to_series().alias(spec.name)
    return _Parsed(values, bad, shown_col)


def read_columns(table: TableSpec, file: str, header: Sequence[str], fields: Sequence[tuple[int, str]],
                 cells: dict[str, Sequence[object] | pl.Series], numbers: Sequence[int],
                 user_values: Mapping[str, Mapping[str, object] | None], *, text_only: bool,
                 may_hold_error_text: bool, bad_cells: Sequence[tuple[int, str, BadCell]] = ()) -> TableColumns:
    """Parse one table's columns (see the module docstring).

    ``fields`` are (column index, field) as the header matched them; ``cells[field]`` the raw
    cells of that column, one per record (strings for CSV, calamine's values for a workbook),
    taken out of ``cells`` as each column is parsed (so they are freed as soon as they can be);
    ``numbers`` the records' user-visible row numbers; ``bad_cells`` the (record index, field,
    cell) the source found unreadable."""
    import polars as pl

    height = len(numbers)
    texts: list[Invalid] = []
    distinct: dict[str, tuple[pl.Series, list[object]]] = {}
    columns: dict[str, pl.Series] = {"_row": pl.Series("_row", numbers, dtype=pl.Int32)}
    flags: dict[str, pl.Series] = {}
    exact: dict[str, pl.Series] = {}
    problem_parts: list[pl.DataFrame] = []
    for _, name in fields:
        spec = table.by_name[name]
        raw = cells.pop(name)
        kinds = None
        strings = _as_strings(raw, name, text_only)
        if strings is None and not isinstance(raw, pl.Series):  # a typed Series is parsed as it is
            kinds = _cell_kinds(raw)
        mapped = user_values.get(name)
        if spec.type is FieldType.TEXT and not mapped:
            parsed = _parse_text(spec, raw, strings, may_hold_error_text, texts, kinds)
        else:
            parsed = _parse_distinct(spec, field_parser(spec, mapped), raw, strings, texts, kinds)
        columns[name] = parsed.values.alias(name)
        if parsed.distinct is not None:
            distinct[name] = parsed.distinct
        if parsed.exact is not None:
            exact[name] = parsed.exact
        if parsed.bad is not None and parsed.shown is not None:
            flags[name] = parsed.bad.is_not_null()
            part = pl.DataFrame({"_k": pl.Series(range(height), dtype=pl.UInt32), "_text": parsed.bad,
                                 "value": parsed.shown}).filter(pl.col("_text").is_not_null())
            problem_parts.append(part.with_columns(pl.lit(name).alias("field")))

    notes: list[tuple[int, str, BadCell]] = []
    if bad_cells:
        _apply_bad_cells(table, columns, flags, exact, problem_parts, texts, notes, bad_cells, height)

    frame = _assemble(table, columns, flags, exact, height)
    problems = _problems(problem_parts, table, file, header, fields, numbers, texts)
    return TableColumns(frame, problems, texts, notes, distinct)


def _apply_bad_cells(table: TableSpec, columns: dict[str, pl.Series], flags: dict[str, pl.Series],
                     exact: dict[str, pl.Series], parts: list[pl.DataFrame], texts: list[Invalid],
                     notes: list[tuple[int, str, BadCell]], bad_cells: Sequence[tuple[int, str, BadCell]],
                     height: int) -> None:
    """The source's unreadable cells: the field becomes unreadable there (a text field keeps its
    text when the cell says so, and the cell is reported in ``notes``). A loop over those cells."""
    import polars as pl

    by_field: dict[str, dict[int, int]] = {}
    for k, name, bad in bad_cells:
        if bad.keeps_text and table.by_name[name].type is FieldType.TEXT and columns[name][k] is not None:
            notes.append((k, name, bad))
            continue
        by_field.setdefault(name, {})[k] = len(texts)
        texts.append(Invalid(bad.value, None, bad.text))
    for name, cells in by_field.items():
        index = pl.Series(list(cells), dtype=pl.UInt32)
        columns[name] = columns[name].scatter(index, None)
        if name in exact:
            exact[name] = exact[name].scatter(index, None)
        flag = flags.get(name, pl.Series(name, [False] * height, dtype=pl.Boolean))
        flags[name] = flag.scatter(index, True)
        # a cell the parser found unreadable too: the source's reason replaces the parser's
        replaced = [part.filter(~((pl.col("field") == name) & pl.col("_k").is_in(index.implode())))
                    for part in parts]
        parts[:] = replaced
        parts.append(pl.DataFrame({
            "_k": index, "_text": pl.Series(list(cells.values()), dtype=pl.Int32),
            "value": pl.Series([texts[t].value for t in cells.values()], dtype=pl.String),
            "field": pl.Series([name] * len(cells), dtype=pl.String)}))


def _assemble(table: TableSpec, columns: dict[str, pl.Series], flags: dict[str, pl.Series],
              exact: dict[str, pl.Series], height: int) -> pl.DataFrame:
    """Every field of the table in schema order (all null where there is no column), then the
    unreadable flags, then the exact numbers."""
    import polars as pl

    out: list[pl.Series] = [columns["_row"]]
    for spec in table.fields:
        dtype = polars_type(spec.type)
        if spec.name in columns:
            out.append(columns[spec.name].cast(dtype).alias(spec.name))
        else:
            out.append(pl.Series(spec.name, [None] * height, dtype=dtype))
    out += [flag.fill_null(False).alias(invalid_column(name)) for name, flag in flags.items()]
    out += [series.alias(exact_column(name)) for name, series in exact.items()]
    return pl.DataFrame(out)


def _problems(parts: list[pl.DataFrame], table: TableSpec, file: str, header: Sequence[str],
              fields: Sequence[tuple[int, str]], numbers: Sequence[int], texts: list[Invalid]) -> pl.DataFrame:
    """The cell problems with their table, file, row, column as written and message key."""
    import polars as pl

    schema: dict[str, pl.DataType] = {"_k": pl.UInt32(), "_text": pl.Int32(), "value": pl.String(),
                                      "field": pl.String()}
    found = (pl.concat([p.select([pl.col(c).cast(t) for c, t in schema.items()]) for p in parts]) if parts
             else pl.DataFrame(schema=schema))
    written = {name: header[index] for index, name in fields}
    rows = pl.Series(numbers, dtype=pl.Int32)
    keys = pl.Series([t.text.key if t.text is not None else None for t in texts], dtype=pl.String)
    return found.with_columns(
        pl.lit(table.name).alias("table"), pl.lit(file).alias("file"),
        rows.gather(found["_k"]).alias("row") if found.height else pl.lit(None, dtype=pl.Int32).alias("row"),
        pl.col("field").replace_strict(written, default=None, return_dtype=pl.String).alias("column"),
        keys.gather(found["_text"].cast(pl.UInt32)).alias("key") if found.height
        else pl.lit(None, dtype=pl.String).alias("key"),
    ).select("table", "file", "row", "column", "field", "value", "key", "_k", "_text")


def cell_problems(columns: TableColumns) -> list[tuple[int, str, Invalid]]:
    """(record index, field, Invalid) per unreadable cell, from the problems frame (a loop over
    the problems, never over the rows)."""
    texts = columns.texts
    return [(k, name, texts[t]) for k, name, t in
            columns.problems.select("_k", "field", "_text").iter_rows()]


def view_records(columns: TableColumns, table: TableSpec, positions: Sequence[int] | None = None
                 ) -> list[dict[str, object]]:
    """The rows (all, or those at ``positions``) as the Case view holds them: field -> value,
    every field of the table present (None where empty, unreadable or without a column). Typed
    values are the distinct values' Python objects, shared between rows (a date column of 100 000
    rows holds a few thousand date objects); text comes from the frame."""
    import polars as pl

    index = None if positions is None else pl.Series(positions, dtype=pl.UInt32)
    frame = columns.frame if index is None else columns.frame[index]
    names = [spec.name for spec in table.fields]
    values: list[Iterable[object]] = []
    for name in names:
        if name in columns.distinct:
            codes, python = columns.distinct[name]
            values.append(map(python.__getitem__, (codes if index is None else codes.gather(index)).to_list()))
        elif frame[name].null_count() == frame.height:
            values.append(repeat(None))
        else:
            values.append(frame[name].to_list())
    if all(isinstance(v, repeat) for v in values):  # no column at all: zip would never end
        records: list[dict[str, object]] = [dict.fromkeys(names) for _ in range(frame.height)]
    else:
        records = [dict(zip(names, row)) for row in zip(*values)]
    at = None if positions is None else {k: p for p, k in enumerate(positions)}
    for k, name, _ in cell_problems(columns):  # an unreadable cell is None (a source's bad cell too)
        if at is None:
            records[k][name] = None
        elif k in at:
            records[at[k]][name] = None
    return records


def python_value(spec: FieldSpec, value: object, exact: str | None) -> object:
    """A frame value as the Case view holds it (a number as its exact Decimal)."""
    if spec.type is FieldType.NUMBER and value is not None:
        return Decimal(exact) if exact is not None else Decimal(repr(value))
    return value


__all__ = ["TableColumns", "cell_problems", "exact_column", "python_value", "read_columns", "view_records"]
