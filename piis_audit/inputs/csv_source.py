"""One CSV file, as Belgian exports really come (docs/export-format.md).

* Encoding: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), else
  Windows-1252 (strict UTF-8 is tried first: a cp1252 file with accents is never valid UTF-8).
* Delimiter: ``;``, ``,`` or tab, sniffed from the first lines; Excel's ``sep=;`` first line is
  honoured.
* Row numbers are the record numbers Excel shows when it opens the file (header = 1), so a
  quoted cell spanning two lines does not shift them.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator
from itertools import islice

from piis_audit.inputs.interface import RawTable, Row, TableSource, header_text
from piis_audit.inputs.messages import input_error

DELIMITERS = (";", "\t", ",")  # in order of preference when the evidence is equal
_SNIFF_LINES = 50
_SNIFF_CHARS = 1 << 16


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The file's text and the encoding used to read it."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            return data[len(codecs.BOM_UTF8):].decode("cp1252", errors="replace"), "cp1252"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise input_error("inputs.fatal.bad_encoding", path=name, reason=str(exc.reason)) from None
    head = data[:4096]
    if head.count(0) > len(head) // 4:  # UTF-16 without BOM: every other byte is zero
        encoding = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            raise input_error("inputs.fatal.binary", path=name) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; they become U+FFFD rather than stopping the audit
        return data.decode("cp1252", errors="replace"), "cp1252"


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


class CsvSource(TableSource):
    """A CSV file: one table, named after the file (``cases.csv`` -> ``cases``)."""

    is_workbook = False

    def tables(self) -> Iterator[RawTable]:
        name = str(self.path)
        data = self.take_data()
        if data.startswith(b"PK\x03\x04"):
            raise input_error("inputs.fatal.csv_is_workbook", path=name)
        text, _ = decode(data, name)
        del data
        first_number = 1
        delimiter = ""
        marker = text[:text.find("\n") if "\n" in text[:100] else 100].strip().strip('"').lower()
        if marker.startswith("sep=") and len(marker) == 5:  # Excel's hint line; Excel hides it
            delimiter = marker[4]
            text = text[text.find("\n") + 1:] if "\n" in text else ""
        if not text.strip():
            raise input_error("inputs.fatal.no_header", path=name)
        delimiter = delimiter or sniff_delimiter(text)
        reader = csv.reader(_lines(text), delimiter=delimiter)
        try:
            for number, cells in enumerate(reader, first_number):
                if any(cells):
                    header, header_row = cells, number
                    break
            else:
                raise input_error("inputs.fatal.no_header", path=name)
        except csv.Error as exc:
            raise input_error("inputs.fatal.not_csv", path=name, error=str(exc)) from None
        rows: Iterator[Row] = enumerate(reader, header_row + 1)
        yield RawTable(file=name, name=self.path.stem, header=header_text(header), header_row=header_row,
                       rows=rows, total_rows=max(text.count("\n") - header_row, 0), text_only=True,
                       read_errors=(csv.Error,))
