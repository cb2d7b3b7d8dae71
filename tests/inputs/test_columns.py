"""Column-wise parsing gives what the per-cell parser gives: the same typed value, or the same
unreadable flag and message, for every field type; on a generated 20 000-case export read through
the real reader (CSV folder and workbook), and on hostile values (hypothesis)."""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from piis_audit.demo import DEMO_AS_OF
from piis_audit.demo.generate import generate
from piis_audit.demo.writers import write_csv_folder, write_xlsx
from piis_audit.frames import invalid_column, table_schema
from piis_audit.inputs.cell_errors import ERROR_STARTS, error_value
from piis_audit.inputs.columns import PY_WHITESPACE, cell_problems, python_value, read_columns
from piis_audit.inputs.loader import load_export
from piis_audit.inputs.xlsx_errors import find_error_cells
from piis_audit.inputs.values import Invalid, display_text, field_parser, read_cell
from piis_audit.schema import CASES, EVALUATIONS, SANCTIONS, TABLES, FieldSpec, FieldType, TableSpec

N_CASES = 20_000


def expected_cell(spec: FieldSpec, raw: object, mapped: dict[str, object] | None = None) -> object:
    """What the per-cell path makes of one cell (the rule the columns must reproduce)."""
    if spec.type is FieldType.TEXT and not mapped:
        text = display_text(raw)
        if text is not None and text.startswith(ERROR_STARTS):
            found = error_value(text)
            if found is not None:
                return Invalid(found, "", None)
        return text
    return read_cell(field_parser(spec, mapped), raw)


def frame_value(value: object) -> object:
    return float(value) if type(value) is Decimal else value


# --------------------------------------------------------------------------- generated export


def _kept_raw_rows(path: Path) -> dict[int, dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.reader(handle, delimiter=";"))
    header = records[0]
    return {number: dict(zip(header, cells)) for number, cells in enumerate(records[1:], 2)}


def _sprinkle(rows: list[dict[str, Any]], rng: random.Random) -> None:
    """Hostile values in a few cells of every field type (what real exports hold)."""
    hostile = ["#N/A", "#VALEUR!", "Err:502", "31/02/2024", "03/17/2024", "17/03/24", "peut-être",
               "1.314,20", "1,314.20", " 12 ", "abc", "x", "NON", "€ 1 314,20", "2024-13-01", "45368",
               "45368,5", "\u3000 oui \u00a0", "0", "-3", "9" * 25]
    for row in rng.sample(rows, k=min(400, len(rows))):
        name = rng.choice([k for k in row if k != "case_id"])
        row[name] = rng.choice(hostile)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    cases, evaluations, sanctions = generate(N_CASES, 11, DEMO_AS_OF)
    rng = random.Random(3)
    for rows in (cases, evaluations, sanctions):
        _sprinkle(rows, rng)
    base = tmp_path_factory.mktemp("generated")
    write_csv_folder(cases, evaluations, sanctions, base / "csv")
    write_xlsx(cases, evaluations, sanctions, base / "export.xlsx")
    return base / "csv", base / "export.xlsx"


def _check_table(frame: pl.DataFrame, table: TableSpec, raw_rows: dict[int, dict[str, object]]) -> int:
    """Every audited row of ``frame`` holds what the per-cell parse of its raw cells gives."""
    checked = 0
    schema = table_schema(table.name)
    for name, dtype in schema.items():
        assert frame.schema[name] == dtype, name
    for row in frame.iter_rows(named=True):
        raw = raw_rows[row["_row"]]
        for spec in table.fields:
            if spec.name not in raw:
                assert row[spec.name] is None
                continue
            want = expected_cell(spec, raw[spec.name])
            flag = row.get(invalid_column(spec.name)) or False
            if _impossible_period(table, spec, row, raw):
                assert flag and row[spec.name] is None
            elif type(want) is Invalid or (type(want) is int and abs(want) >= 2**63):
                assert flag and row[spec.name] is None, (spec.name, raw[spec.name])
            else:
                assert not flag, (spec.name, raw[spec.name])
                assert row[spec.name] == frame_value(want), (spec.name, raw[spec.name])
            checked += 1
    return checked


def _impossible_period(table: TableSpec, spec: FieldSpec, row: dict[str, Any], raw: dict[str, object]) -> bool:
    """A suspension ending before it starts, or lasting no day: the loader makes it unreadable."""
    if table is not SANCTIONS or spec.name not in ("start_date", "end_date", "duration_days"):
        return False
    if spec.name == "duration_days":
        days = expected_cell(spec, raw.get("duration_days", ""))
        return type(days) is int and days <= 0
    start, end = (expected_cell(SANCTIONS.by_name[n], raw.get(n, "")) for n in ("start_date", "end_date"))
    return type(start) is dt.date and type(end) is dt.date and end < start


def test_csv_frames_equal_the_per_cell_parse(generated: tuple[Path, Path]) -> None:
    folder, _ = generated
    export = load_export([folder])
    assert export.frames is not None
    checked = 0
    for table in TABLES.values():
        raw = _kept_raw_rows(folder / f"{table.name}.csv")
        checked += _check_table(export.frames.frame(table.name), table, raw)  # type: ignore[arg-type]
    assert checked > N_CASES * 50
    assert export.frames.frame("cases").height == len(export.cases)
    assert export.frames.frame("evaluations").height == sum(len(c.evaluations) for c in export.cases)


def test_case_objects_are_a_view_of_the_frames(generated: tuple[Path, Path]) -> None:
    folder, _ = generated
    export = load_export([folder])
    assert export.frames is not None
    cases = export.frames.frame("cases")
    for case, row in zip(export.cases, cases.iter_rows(named=True)):
        assert case.row == row["_row"] and case.source == row["_file"]
        for spec in CASES.fields:
            assert case.values[spec.name] == python_value(spec, row[spec.name], None) or \
                   frame_value(case.values[spec.name]) == row[spec.name]
            assert (spec.name in case.invalid) == bool(row.get(invalid_column(spec.name))), spec.name
    evaluations = export.frames.frame("evaluations")
    per_case = evaluations.group_by("_case").len()
    counts = dict(per_case.iter_rows())
    for index, case in enumerate(export.cases):
        assert len(case.evaluations) == counts.get(index, 0)
    amounts = [c.values["ri_monthly_amount"] for c in export.cases if c.values["ri_monthly_amount"] is not None]
    assert amounts and all(type(a) is Decimal for a in amounts)


def test_workbook_frames_equal_the_per_cell_parse(generated: tuple[Path, Path]) -> None:
    _, workbook = generated
    export = load_export([workbook])
    assert export.frames is not None
    book = CalamineWorkbook.from_path(str(workbook))
    errors = find_error_cells(workbook.read_bytes())
    assert errors is not None and errors.by_sheet  # openpyxl writes "#N/A" as an error cell
    checked = 0
    for table in (CASES, EVALUATIONS):
        rows = book.get_sheet_by_name(table.name).to_python()
        header = [str(h) for h in rows[0]]
        raw = {number: dict(zip(header, cells)) for number, cells in enumerate(rows[1:], 2)}
        for number, column, written in errors.by_sheet.get(table.name, ()):  # error cells, read as ""
            raw[number][header[column]] = written
        checked += _check_table(export.frames.frame(table.name), table, raw)
    assert checked > N_CASES * 50


# --------------------------------------------------------------------------- hostile values

_ALPHABET = st.sampled_from(list("0123456789/-.:, €#TxXoOuiInNJjaAeE+") + ["Err:", "#N/A", "\u00a0", "\x1c",
                                                                         "\u3000", "\t", "é", "²", "٣", "ß"])
_TEXTS = st.lists(_ALPHABET, max_size=14).map("".join)
_FIELDS = [CASES.by_name[n] for n in ("case_id", "birth_date", "signed_cpas", "ri_monthly_amount",
                                      "category", "piis_type", "piis_requested_by")] + \
          [SANCTIONS.by_name["duration_days"], EVALUATIONS.by_name["report_present"]]


def _one_column(spec: FieldSpec, cells: Sequence[object], *, text_only: bool,
                mapped: dict[str, object] | None = None) -> tuple[list[object], list[bool], list[str | None]]:
    table = CASES if spec.name in CASES.by_name else (SANCTIONS if spec.name in SANCTIONS.by_name else EVALUATIONS)
    parsed = read_columns(table, "f.csv", [spec.name], [(0, spec.name)], {spec.name: list(cells)},
                          list(range(2, len(cells) + 2)), {spec.name: mapped}, text_only=text_only,
                          may_hold_error_text=True)
    flags = parsed.frame[invalid_column(spec.name)].to_list() if invalid_column(spec.name) in parsed.frame.columns \
        else [False] * len(cells)
    keys: list[str | None] = [None] * len(cells)
    for k, _, bad in cell_problems(parsed):
        keys[k] = bad.text.key if bad.text is not None else None
    return parsed.frame[spec.name].to_list(), flags, keys


def _assert_same(spec: FieldSpec, cells: Sequence[object], got: tuple[list[object], list[bool], list[str | None]],
                 mapped: dict[str, object] | None = None) -> None:
    values, flags, keys = got
    for cell, value, flag, key in zip(cells, values, flags, keys):
        want = expected_cell(spec, cell, mapped)
        if type(want) is Invalid:
            assert flag and value is None, (cell, want)
            want_key = "inputs.value.excel_error" if want.text is None else want.text.key
            assert key == want_key, (cell, key, want_key)
        elif type(want) is int and abs(want) >= 2**63:  # a frame holds 64-bit integers: unreadable there
            assert flag and key == "inputs.value.not_number"
        else:
            assert not flag and key is None, (cell, key)
            assert value == frame_value(want), (cell, value, want)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=st.sampled_from(_FIELDS), cells=st.lists(_TEXTS, min_size=1, max_size=30))
def test_csv_cells_read_as_the_scalar_parser_reads_them(spec: FieldSpec, cells: list[str]) -> None:
    _assert_same(spec, cells, _one_column(spec, cells, text_only=True))


_WORKBOOK_CELLS = st.one_of(_TEXTS, st.just(""), st.booleans(), st.integers(-5, 80_000),
                            st.floats(allow_nan=False, allow_infinity=False, width=32),
                            st.dates(dt.date(1850, 1, 1), dt.date(2200, 1, 1)),
                            st.datetimes(dt.datetime(1890, 1, 1), dt.datetime(2150, 1, 1)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=st.sampled_from(_FIELDS), cells=st.lists(_WORKBOOK_CELLS, min_size=1, max_size=30))
def test_workbook_cells_read_as_the_scalar_parser_reads_them(spec: FieldSpec, cells: list[object]) -> None:
    _assert_same(spec, cells, _one_column(spec, cells, text_only=False))


def test_true_and_one_stay_apart_in_a_workbook_column() -> None:
    spec = CASES.by_name["category"]
    values, flags, keys = _one_column(spec, [True, 1, 1.0, "1"], text_only=False)
    assert values == [None, 1, 1, 1]
    assert flags == [True, False, False, False] and keys[0] == "inputs.value.not_number"


def test_mapped_values_are_read_first() -> None:
    spec = CASES.by_name["piis_type"]
    mapped: dict[str, object] = {"contratetudiant": "student"}
    cells = ["Contrat étudiant", "emploi", "autre", ""]
    _assert_same(spec, cells, _one_column(spec, cells, text_only=True, mapped=mapped), mapped)


def test_text_is_trimmed_as_python_trims_it() -> None:
    assert PY_WHITESPACE == "".join(c for c in map(chr, range(0x110000)) if c.isspace())
    values, flags, keys = _one_column(CASES.by_name["case_id"], ["\x1c A-1 \u3000", "  ", "#N/A", "#hashtag"],
                                      text_only=True)
    assert values == ["A-1", None, None, "#hashtag"]
    assert flags == [False, False, True, False] and keys[2] == "inputs.value.excel_error"


def test_an_integer_beyond_64_bits_is_unreadable_in_the_frame() -> None:
    values, flags, keys = _one_column(SANCTIONS.by_name["duration_days"], ["9" * 25, "12"], text_only=True)
    assert values == [None, 12] and flags == [True, False] and keys[0] == "inputs.value.not_number"
