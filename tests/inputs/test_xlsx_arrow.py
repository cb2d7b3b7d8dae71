"""Worksheets read straight to Arrow by fastexcel (``inputs/xlsx_arrow.py``) read exactly as the
cell-by-cell reading (python-calamine) reads them: the same cases, values, unreadable cells,
messages and rejected rows. Where a column's cells could read otherwise (a number next to text
in an amount column, TRUE in a column of numbers, "N/A" in a column of dates), the sheet is read
cell by cell, and these tests check that it then reads right."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from piis_audit.inputs import load_export, xlsx_source
from piis_audit.inputs.xlsx_errors import first_value_row
from piis_audit.model import ExportData

HEADER = ["case_id", "piis_signed_date", "ri_monthly_amount", "signed_beneficiary", "exemption_motivation",
          "category"]


def _write(path: Path, rows: list[list[object]], *, title: bool = False, column_offset: int = 0,
           evaluations: list[list[object]] | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "cases"
    if title:
        sheet.append(["Export des dossiers PIIS du 01/12/2026"])
        sheet.append([])
    for row in [HEADER, *rows]:
        sheet.append([None] * column_offset + row)
    if evaluations is not None:
        child = book.create_sheet("evaluations")
        child.append(["case_id", "evaluation_date", "report_present"])
        for row in evaluations:
            child.append(row)
    book.save(path)
    return path


def _load(path: Path, *, arrow: bool, monkeypatch: pytest.MonkeyPatch) -> ExportData:
    with monkeypatch.context() as patch:
        if not arrow:
            patch.setattr(xlsx_source, "ARROW_SUFFIXES", frozenset())
        return load_export([path])


def _same(fast: ExportData, slow: ExportData) -> None:
    assert fast.data_errors == slow.data_errors
    assert fast.rejected == slow.rejected
    assert fast.inputs == slow.inputs
    assert fast.columns == slow.columns
    assert list(fast.cases) == list(slow.cases)
    assert fast.frames is not None and slow.frames is not None
    assert fast.frames.tables.keys() == slow.frames.tables.keys()
    for name, frame in fast.frames.tables.items():
        assert frame.equals(slow.frames.tables[name]), name


@pytest.fixture
def no_cell_by_cell(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fails the test if a sheet is read again cell by cell."""
    def refuse(*_: Any) -> Iterator[Any]:
        raise AssertionError("the sheet was read cell by cell")
        yield  # pragma: no cover

    monkeypatch.setattr(xlsx_source.XlsxSource, "_late_rows", refuse)
    monkeypatch.setattr(xlsx_source.XlsxSource, "_table", refuse)
    yield


def test_a_typed_workbook_is_read_to_arrow_without_a_row_object(tmp_path: Path, no_cell_by_cell: None) -> None:
    path = _write(tmp_path / "export.xlsx", [
        ["D-1", dt.date(2024, 1, 2), 1264.69, True, "raisons de santé", 2],
        ["D-2", None, 1.234, False, None, 1],
        [],
        ["D-3", dt.datetime(2024, 3, 4, 10, 30), None, None, "  espaces  ", None],
    ], evaluations=[["D-1", dt.date(2024, 5, 6), "oui"], ["D-3", "07/05/2024", "non"]])
    export = load_export([path])
    first, second, third = export.cases
    assert first.get("piis_signed_date") == dt.date(2024, 1, 2) and first.get("signed_beneficiary") is True
    assert str(first.get("ri_monthly_amount")) == "1264.69" and first.get("category") == 2
    assert str(second.get("ri_monthly_amount")) == "1.234"  # a number cell, never "1.234" read as 1234
    assert second.get("signed_beneficiary") is False and second.get("piis_signed_date") is None
    assert (third.row, third.get("piis_signed_date"), third.get("exemption_motivation")) == (
        5, dt.date(2024, 3, 4), "espaces")
    assert [e.evaluation_date for e in first.evaluations + third.evaluations] == [
        dt.date(2024, 5, 6), dt.date(2024, 5, 7)]
    assert export.data_errors == ()


def test_row_numbers_and_column_letters_under_an_offset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the table starts in B1: the messages name the sheet's own rows and columns
    path = _write(tmp_path / "export.xlsx", [["D-1", "31/02/2024", 10.0, "oui", "x", 2],
                                             ["D-2", dt.date(2024, 1, 2), 11.5, "peut-être", "y", 1]],
                  column_offset=1)
    fast = _load(path, arrow=True, monkeypatch=monkeypatch)
    assert [(e.row, e.column, e.value) for e in fast.data_errors] == [
        (2, "piis_signed_date", "31/02/2024"), (3, "signed_beneficiary", "peut-être")]
    assert [c.row for c in fast.cases] == [2, 3]
    _same(fast, _load(path, arrow=False, monkeypatch=monkeypatch))


@pytest.mark.parametrize(("amounts", "expected"), [
    # a number next to a text: the text 1.234 is 1234 in a Belgian export, the number is 1.234
    ([1.234, "1.234", "n.c."], ["1.234", "1234", None]),
    # TRUE in a column of numbers is no amount (fastexcel would make it 1)
    ([True, 12.5, 3.0], [None, "12.5", "3.0"]),
])
def test_a_column_whose_cells_types_matter_is_read_cell_by_cell(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, amounts: list[object], expected: list[str | None]) -> None:
    rows: list[list[object]] = [[f"D-{n}", None, amount, True, None, None] for n, amount in enumerate(amounts)]
    path = _write(tmp_path / "export.xlsx", rows)
    fast = _load(path, arrow=True, monkeypatch=monkeypatch)
    got = [c.get("ri_monthly_amount") for c in fast.cases]
    assert [None if v is None else str(v) for v in got] == expected
    _same(fast, _load(path, arrow=False, monkeypatch=monkeypatch))


def test_a_title_above_the_header_is_still_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "export.xlsx", [["D-1", dt.date(2024, 1, 2), 5.0, True, None, 3]], title=True)
    fast = _load(path, arrow=True, monkeypatch=monkeypatch)
    (case,) = fast.cases
    assert (case.row, case.get("piis_signed_date")) == (4, dt.date(2024, 1, 2))
    _same(fast, _load(path, arrow=False, monkeypatch=monkeypatch))


def test_na_typed_as_text_in_a_date_column_stays_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # fastexcel takes the text "N/A" for an empty cell in a column of dates: "never signed" would follow
    path = _write(tmp_path / "export.xlsx", [["D-1", dt.date(2024, 1, 2), None, None, None, None],
                                             ["D-2", "N/A", None, None, None, None]])
    fast = _load(path, arrow=True, monkeypatch=monkeypatch)
    assert "piis_signed_date" in fast.cases[1].invalid
    assert [(e.row, e.value) for e in fast.data_errors] == [(3, "N/A")]


def test_first_value_row_in_the_sheet_xml() -> None:
    head = (b'<sheetData><row r="1"><c r="A1" s="1"/></row><row r="2"/>'
            b'<row r="3"><c r="C3" t="s"><v>0</v></c><c r="D3" t="inlineStr"><is><t>x</t></is></c>'
            b'<c r="E3" s="2"/></row><row r="4">')
    assert first_value_row(head) == (3, 2)
    assert first_value_row(b'<row><c r="A1"><v>1</v></c></row>') is None  # no row number
    assert first_value_row(b'<row r="1"><c r="A1" t="inlineStr"><is><t></t></is></c></row>') is None
    assert first_value_row(b'<row r="1"><c r="A1"><f>B1</f></c><c r="B1"><v>1</v></c></row>') is None
    assert first_value_row(b'<row r="7"><c r="A7"><v>1</v>') is None  # the row goes on past the head


_TEXTS = st.sampled_from(["oui", "non", "N/A", "n.c.", "1.234", "1264,69", "true", "TRUE", "2024-01-02 00:00:00",
                          "03/01/2024", "45000", " ", "x", "#N/A", "12.5", "2"])
_DATES = st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2099, 12, 31))
_DATETIMES = st.datetimes(min_value=dt.datetime(1901, 1, 1), max_value=dt.datetime(2099, 12, 31)).map(
    lambda d: d.replace(microsecond=0))
_NUMBERS = st.one_of(st.integers(-5, 50_000),
                     st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False))
_ANY = st.one_of(_TEXTS, st.booleans(), _NUMBERS, _DATES, _DATETIMES)
# a column of one kind of cell (fastexcel gives it a type) or of any kinds (it gives text)
_KINDS = st.sampled_from([st.sampled_from(["oui", "non", "x", " ", "1264,69", "03/01/2024"]), st.booleans(),
                          _NUMBERS, _DATES, _DATETIMES, _ANY])
_COLUMN = _KINDS.flatmap(lambda kind: st.lists(st.one_of(st.none(), kind), min_size=3, max_size=3))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(columns=st.lists(_COLUMN, min_size=5, max_size=5),
       title=st.booleans(), offset=st.integers(0, 1), blank=st.booleans())
def test_fastexcel_and_cell_by_cell_read_the_same(tmp_path_factory: pytest.TempPathFactory,
                                                   monkeypatch: pytest.MonkeyPatch, columns: list[list[object]],
                                                   title: bool, offset: int, blank: bool) -> None:
    rows: list[list[object]] = [[f"D-{n}", *(column[n] for column in columns)] for n in range(3)]
    if blank:
        rows.insert(1, [])
    path = _write(tmp_path_factory.mktemp("x") / "export.xlsx", rows, title=title, column_offset=offset)
    _same(_load(path, arrow=True, monkeypatch=monkeypatch), _load(path, arrow=False, monkeypatch=monkeypatch))


def test_the_memory_fastexcel_freed_is_given_back_on_glibc() -> None:
    """After the sheets are loaded, glibc's malloc_trim is called (a 200,000-case workbook
    leaves 165 MB of freed cells in the C heap otherwise)."""
    import platform

    from piis_audit.inputs.xlsx_arrow import release_freed_memory

    glibc = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"
    assert release_freed_memory() is glibc
