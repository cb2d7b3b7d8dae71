"""One CSV file, as Belgian exports really come (docs/export-format.md).

* Encoding: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), else
  Windows-1252, decided by what most of the file is (:mod:`piis_audit.inputs.text_decoding`);
  the cells that hold undecodable bytes are reported, the rest is read right.
* Delimiter: ``;``, ``,`` or tab, sniffed from the first lines; Excel's ``sep=;`` first line is
  honoured.
* Row numbers are the record numbers Excel shows when it opens the file (header = 1), so a
  quoted cell spanning two lines does not shift them.
* Long cells (a motivation of a few pages) are read. A cell larger than :data:`MAX_CELL_CHARS` is
  not kept: it is reported as unreadable and the rest of its row is read. The csv module's own
  limit is set to that size, so the usual file is read at full speed; only a file that holds such
  a cell is read again, the slow way, from the row where it stopped.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING

from piis_audit.inputs.cell_errors import ERROR_STARTS
from piis_audit.inputs.interface import BadCell, Bulk, RawTable, TableSource, header_text
from piis_audit.inputs.messages import input_error, message
from piis_audit.inputs.text_decoding import REPLACEMENT, decode_text
from piis_audit.model import Message

if TYPE_CHECKING:  # polars is imported when a file is read, not for --help
    import polars as pl

DELIMITERS = (";", "\t", ",")  # in order of preference when the evidence is equal
_SNIFF_LINES = 50
_SNIFF_CHARS = 1 << 16
MAX_CELL_CHARS = 10_000_000  # a cell larger than this (10 million characters) is not kept
_NO_LIMIT = 2**31 - 1  # the largest limit the csv module accepts everywhere (a C long on Windows)
_SHOWN_CHARS = 40  # of a cell too large to keep, what its message shows


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The file's text and the encoding used to read it (see :func:`decode_text`)."""
    decoded = decode_text(data, name)
    return decoded.text, decoded.encoding


def sniff_delimiter(text: str) -> str:
    """``;``, tab or ``,``: the one that splits the header into the most columns and the
    following lines into as many."""
    sample = io.StringIO(text[:_SNIFF_CHARS], newline=None)
    sample_lines = list(islice((line for line in sample if line.strip()), _SNIFF_LINES))
    if not sample_lines:
        return ";"
    # a title line above the header (no delimiter at all) says nothing: the first line that has one
    header_line = next((line for line in sample_lines if any(d in line for d in DELIMITERS)), sample_lines[0])
    sample_lines = sample_lines[sample_lines.index(header_line):]
    best: tuple[float, int, int] | None = None
    chosen = ";"
    for rank, delimiter in enumerate(DELIMITERS):
        if delimiter not in header_line:
            continue
        records = list(csv.reader(sample_lines, delimiter=delimiter))
        width = len(records[0])
        body = [r for r in records[1:] if r]
        consistent = sum(1 for r in body if len(r) == width) / len(body) if body else 1.0
        score = (consistent, width, -rank)
        if best is None or score > best:
            best, chosen = score, delimiter
    return chosen


# Line breaks str.splitlines() knows besides \r and \n; csv and Excel do not break lines there.
_OTHER_LINE_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def _lines(text: str) -> Iterable[str]:
    """The lines of ``text`` with their line ends, as csv.reader wants them.

    ``splitlines`` costs a list of the lines; ``io.StringIO`` would hold a copy of the whole
    text at four bytes per character (100 MB for a 25 MB export), so it is kept for the rare
    text that holds other Unicode line breaks inside cells."""
    if any(mark in text for mark in _OTHER_LINE_BREAKS):
        return io.StringIO(text, newline="")
    return text.splitlines(keepends=True)


_CsvRow = tuple[int, list[str]]  # a CSV record: its number and its cells, all text


def _undecodable_cells(rows: Iterable[_CsvRow], bad_cells: list[BadCell], text: Message) -> Iterator[_CsvRow]:
    """``rows`` as they are, listing each cell that holds U+FFFD (a file with undecodable bytes
    only: one join per row finds the rows concerned)."""
    for number, cells in rows:
        if REPLACEMENT in "".join(cells):
            bad_cells.extend(BadCell(number, index, cell.strip(), text, keeps_text=True)
                             for index, cell in enumerate(cells) if REPLACEMENT in cell)
        yield number, cells


def _rows_without_limit(lines: Iterable[str], delimiter: str, after: int, bad_cells: list[BadCell]
                        ) -> Iterator[_CsvRow]:
    """The records numbered after ``after``, read again from the first of ``lines`` with the csv
    module's limit lifted; a cell larger than :data:`MAX_CELL_CHARS` becomes ``""`` and is listed
    in ``bad_cells``. Slow (the limit is lifted for each record only, so no other reader sees it):
    used only for a file that holds such a cell."""
    reader = csv.reader(lines, delimiter=delimiter)
    number = 0
    while True:
        csv.field_size_limit(_NO_LIMIT)
        try:
            cells = next(reader, None)
        finally:
            csv.field_size_limit(MAX_CELL_CHARS)
        if cells is None:
            return
        number += 1
        if number <= after:
            continue
        if cells and max(map(len, cells)) > MAX_CELL_CHARS:
            for index, cell in enumerate(cells):
                if len(cell) > MAX_CELL_CHARS:
                    shown = cell[:_SHOWN_CHARS].strip() + "…"
                    bad_cells.append(BadCell(number, index, shown, message(
                        "inputs.value.too_large", size=str(len(cell)), limit=str(MAX_CELL_CHARS))))
                    cells[index] = ""
        yield number, cells


def _record_pattern(delimiter: str, width: int) -> str:
    """A record of at most ``width`` cells, each quoted as RFC 4180 says (the whole cell between
    quotes, a quote inside doubled) or holding no quote, delimiter nor line break."""
    d = re.escape(delimiter)
    cell = f'(?:"(?:[^"]|"")*"|[^"{d}\\r\\n]*)'
    return f"{cell}(?:{d}{cell}){{0,{width - 1}}}"


_CHECKED_CHARS = 1 << 21  # the text is checked this many characters at a time (whole lines)


def _text_parts(text: str) -> Iterator[str]:
    """``text`` in parts of about :data:`_CHECKED_CHARS` characters, each ending at a line end
    (or the text's end)."""
    size, start = _CHECKED_CHARS, 0
    while start < len(text):
        end = text.find("\n", start + size)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def _well_formed(text: str, delimiter: str, width: int) -> bool:
    """Does every record of ``text`` have at most ``width`` cells, with quotes only around whole
    cells? Then polars and the csv module read it alike. Lines without a quote only have their
    delimiters counted; the lines with quotes are matched (each alone, or the whole text when a
    quoted cell goes over several lines). The lines are checked a part of the text at a time, so
    the check holds little beside the text (the whole text split at once would take five times
    its size)."""
    import polars as pl

    record = _record_pattern(delimiter, width)
    for part in _text_parts(text):
        lines = pl.Series([part]).str.split("\n").explode()
        quotes = lines.str.count_matches('"', literal=True)
        if (quotes % 2).sum():  # a quoted cell over several lines
            return bool(pl.Series([text]).str.contains(f"^(?:{record}\\r?\\n)*(?:{record})?$").item())
        if lines.filter(quotes == 0).str.count_matches(delimiter, literal=True).gt(width - 1).any():
            return False
        if not lines.filter(quotes > 0).str.contains(f"^{record}\\r?$").all():
            return False
    return True


def _bulk_reader(text: str, delimiter: str) -> Bulk:
    """``bulk(header_row, width)`` for this file (see :data:`~piis_audit.inputs.interface.Bulk`):
    the records after the header read by polars' native CSV reader, when it reads them as the
    csv module does. It does not when a line ends in a lone CR (the csv module breaks the line
    there), when a record has more cells than the header (cells beyond it are reported), when a
    quote is not around a whole cell (polars reads some of those otherwise) or when a cell is
    larger than :data:`MAX_CELL_CHARS`; then it gives None and the rows are read one by one."""

    def bulk(header_row: int, width: int) -> pl.DataFrame | None:
        import polars as pl

        if not width or text.count("\r") != text.count("\r\n") or not _well_formed(text, delimiter, width):
            return None
        names = [f"c{i}" for i in range(width)]
        try:  # from the header on, so that the first record read has every column
            frame = pl.read_csv(text.encode("utf-8"), has_header=False, separator=delimiter, quote_char='"',
                                schema=dict.fromkeys(names, pl.String), skip_rows=header_row - 1,
                                infer_schema=False, truncate_ragged_lines=False, raise_if_empty=False).slice(1)
        except (pl.exceptions.PolarsError, ValueError):
            return None
        largest = frame.select(pl.max_horizontal(pl.col(names).str.len_bytes().max())).item()
        if largest is not None and largest > MAX_CELL_CHARS:  # bytes: at least as many as characters
            return None
        return frame.select(pl.int_range(header_row + 1, header_row + 1 + pl.len(), dtype=pl.Int64).alias("_row"),
                            *names)

    return bulk


def _first_record(rows: Iterator[_CsvRow], name: str) -> tuple[list[str], int]:
    """The first record that is not blank (the header, or a title above it) and its number."""
    for number, cells in rows:
        if any(cells):
            return cells, number
    raise input_error("inputs.fatal.no_header", path=name)


class CsvSource(TableSource):
    """A CSV file: one table, named after the file (``cases.csv`` -> ``cases``)."""

    is_workbook = False

    def tables(self) -> Iterator[RawTable]:
        name = str(self.path)
        decoded = decode_text(self.take_data(), name)
        text, label, damaged = decoded.text, decoded.label, decoded.damaged
        del decoded  # the text is held once, by ``text``
        first_number = 1
        delimiter = ""
        marker = text[:text.find("\n") if "\n" in text[:100] else 100].strip().strip('"').lower()
        if marker.startswith("sep=") and len(marker) == 5:  # Excel's hint line; Excel hides it
            delimiter = marker[4]
            text = text[text.find("\n") + 1:] if "\n" in text else ""
        if not text.strip():
            raise input_error("inputs.fatal.no_header", path=name)
        delimiter = delimiter or sniff_delimiter(text)
        csv.field_size_limit(MAX_CELL_CHARS)
        lines = _lines(text)
        bad_cells: list[BadCell] = []
        rows: Iterator[_CsvRow] = enumerate(csv.reader(lines, delimiter=delimiter), first_number)
        try:
            header, header_row = _first_record(rows, name)
        except csv.Error:  # a cell too large in the first rows: read them the slow way
            rows = _rows_without_limit(lines if isinstance(lines, list) else io.StringIO(text, newline=""),
                                       delimiter, 0, bad_cells)
            try:
                header, header_row = _first_record(rows, name)
            except csv.Error as exc:
                raise input_error("inputs.fatal.not_csv", path=name, error=str(exc)) from None
        if damaged:
            rows = self._damaged(label, header, header_row, rows, bad_cells)

        # a list of lines can be read again; the rare StringIO (other line breaks) is made again
        kept: Iterable[str] | str = lines if isinstance(lines, list) else text
        total_rows = max(text.count("\n") - header_row, 0)
        may_hold_error_text = any(start in text for start in ERROR_STARTS)
        kept_text = text
        del text

        def resume(after: int) -> Iterator[_CsvRow]:
            again_lines = io.StringIO(kept, newline="") if isinstance(kept, str) else kept
            again = _rows_without_limit(again_lines, delimiter, after, bad_cells)
            return self._damaged(label, [], header_row, again, bad_cells) if damaged else again

        yield RawTable(file=name, name=self.path.stem, header=header_text(header), header_row=header_row,
                       rows=rows, total_rows=total_rows, text_only=True,
                       read_errors=(csv.Error,), bad_cells=bad_cells, resume=resume,
                       may_hold_error_text=may_hold_error_text,
                       bulk=None if damaged or bad_cells else _bulk_reader(kept_text, delimiter))

    @staticmethod
    def _damaged(label: str, header: list[str], header_row: int, rows: Iterator[_CsvRow],
                 bad_cells: list[BadCell]) -> Iterator[_CsvRow]:
        """``rows`` of a file with undecodable bytes (in the encoding named ``label``): the cells
        (the header's too) that hold them are listed in ``bad_cells`` as they are read."""
        text = message("inputs.value.undecodable", encoding=label)
        bad_cells.extend(BadCell(header_row, index, cell.strip(), text)
                         for index, cell in enumerate(header) if REPLACEMENT in cell)
        return _undecodable_cells(rows, bad_cells, text)
