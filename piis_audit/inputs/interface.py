"""What every table source implements (pip-audit style: one small base, one module per format).

A source turns one input file into :class:`RawTable` objects: the header as written and the
rows of raw cells, each with the row number the user sees in Excel (the header is row 1 when it
is the first line). It does not interpret cells: ``""`` is an empty cell, CSV cells are strings,
workbook cells are what python-calamine gives (str, float, int, bool, date, datetime, time,
timedelta). Deciding which table a sheet is, what a header means and what a cell is worth is
the loader's job (:mod:`piis_audit.inputs.loader`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from piis_audit.inputs.values import display_text
from piis_audit.model import Message

if TYPE_CHECKING:
    import polars as pl

ProgressCallback = Callable[[int, int | None, str], None]
"""``progress(done_rows, total_rows_or_None, label)``, called every few thousand rows."""

Row = tuple[int, Sequence[object]]
"""One data row: its user-visible row number and its raw cells. Blank rows may be yielded (the
loader skips them: checking there is cheaper than a generator in between)."""


@dataclass(frozen=True)
class BadCell:
    """A cell the source could not read as written (an Excel error value, bytes that are not text,
    a cell too large to keep), found while its rows were produced. The loader reports it with its
    row and column; the field it fills is unreadable (``Case.invalid``), except that a text field
    keeps its text when ``keeps_text`` (the rest of the words are still worth showing)."""

    row: int  # user-visible row number
    column: int  # 0-based index into the table's cells (``header[column]``)
    value: str | None  # what the message shows of the cell
    text: Message  # why it cannot be read (an ``inputs.value.*`` message)
    keeps_text: bool = False


Bulk = Callable[[int, int], "pl.DataFrame | None"]
"""``bulk(header_row, width)``: every record after the header, read at once by a native reader, as
a frame of ``_row`` (the record's number) and one column per header cell (``c0`` …, null where
the record has no such cell): String for a CSV file, the column's cell type for a worksheet; None
when the native reader cannot read the file exactly as ``rows`` would (the loader then iterates
``rows``)."""

Resume = Callable[[int], Iterator["Row"]]
"""``resume(number)``: the rows after row ``number``, read again in a slower way that survives
what made ``rows`` raise one of ``read_errors`` (a CSV cell larger than the csv module's limit)."""


@dataclass(frozen=True)
class RawTable:
    """One sheet of a workbook, or one CSV file, before interpretation."""

    file: str  # the path as given, for messages
    name: str  # the sheet name, or the CSV file name without extension, as written
    header: tuple[str, ...]  # header cells as text, trimmed ("" for an empty header cell)
    header_row: int  # user-visible row number of the header
    rows: Iterator[Row]  # the data rows after the header; consumed once
    total_rows: int | None = None  # an estimate of len(rows) for progress, when cheap to know
    first_column: int = 0  # 0-based index of the sheet column holding header[0] (for letters)
    text_only: bool = False  # every cell is a str (CSV): text columns can skip the memo
    read_errors: tuple[type[Exception], ...] = ()  # what iterating ``rows`` may raise on bad input
    # rows above the header that are not data (a report title, an export date): (row, text)
    preamble: tuple[tuple[int, str], ...] = ()
    # cells found unreadable while ``rows`` is consumed (filled by the source as it goes)
    bad_cells: list[BadCell] = field(default_factory=list)
    resume: Resume | None = None  # where iterating ``rows`` can go on after a read error
    # False when the source knows no text of it starts like an error value (#N/A typed as text)
    may_hold_error_text: bool = True
    bulk: Bulk | None = None  # the records after the header, at once (a CSV file read by polars)
    # ``bulk`` is the source's own reading of the records (a worksheet fastexcel read, whose columns
    # may be typed), not a second reading to check against ``rows``
    bulk_checked: bool = False
    # a worksheet holding TRUE/FALSE cells: which of the header's columns (0-based) hold one, looked
    # for when first asked (None: not known); None when no cell is TRUE or FALSE
    bool_columns: Callable[[], frozenset[int] | None] | None = None


class TableSource(ABC):
    """One input file that holds one or more tables."""

    #: True for a workbook (several sheets, "a single sheet is cases"); False for a CSV file.
    is_workbook: bool = False

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self.data = data  # the file's bytes, read once (they are also fingerprinted)

    @abstractmethod
    def tables(self) -> Iterator[RawTable]:
        """The non-empty tables of the file (a sheet with no cell at all is not yielded).

        Called once: a source may release ``data`` once it has decoded or opened it.
        Raises :class:`~piis_audit.inputs.errors.InputError` when the file cannot be read."""

    def take_data(self) -> bytes:
        """The file's bytes, which the source no longer holds afterwards (a 30 MB export need
        not stay in memory next to its decoded rows)."""
        data, self.data = self.data, b""
        return data


def column_letter(index: int) -> str:
    """Excel column letters for a 0-based index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def is_blank(cells: Sequence[object]) -> bool:
    """A row without any cell filled in (a CSV ``[]``, or only empty cells)."""
    # any() alone would call a row holding only 0 or FALSE blank
    return not any(cells) and cells.count("") == len(cells)


def header_text(cells: Sequence[object]) -> tuple[str, ...]:
    """Header cells as trimmed text (a workbook header may hold numbers or dates)."""
    return tuple(display_text(c) or "" for c in cells)
