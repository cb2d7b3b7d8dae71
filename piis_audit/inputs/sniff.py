"""What a file holds, whatever its name says.

A CSV saved with the name ``export.xlsx``, a workbook renamed ``cases.csv``, an OpenDocument
spreadsheet named ``.xlsx``: the loader reads each by its content (and says so). The first bytes
decide: ``PK`` starts a zip package (``.xlsx``, ``.xlsm``, ``.xlsb`` and ``.ods`` are all zip
packages, told apart by the files inside), ``D0 CF 11 E0`` an OLE2 compound file (``.xls``), and
a file whose first kilobytes read as text is text. Anything else is neither.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from enum import Enum

_OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
_ZIP = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
# formats that start like text but are documents, not tables
_OTHER_MAGIC = (b"%PDF", b"%!PS", b"{\\rtf", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"7z\xbc\xaf", b"Rar!",
                b"\x1f\x8b")
_SAMPLE = 4096
# bytes that text does not hold: the C0 controls other than tab, line feed, form feed and return
_NOT_CONTROL = bytes(b for b in range(256) if b >= 32 or b in (9, 10, 11, 12, 13, 26))
_MOSTLY_CONTROL = 10  # more than 1 byte in 10 a control: not text


class Content(str, Enum):
    """What a file's bytes are; the value is the suffix such a file has."""

    XLSX = ".xlsx"
    XLSB = ".xlsb"
    ODS = ".ods"
    XLS = ".xls"
    ZIP = ".zip"  # a zip package that is not a workbook
    TEXT = ".csv"
    OTHER = ""  # neither a workbook nor text

    @property
    def is_workbook(self) -> bool:
        return self in (Content.XLSX, Content.XLSB, Content.ODS, Content.XLS, Content.ZIP)


def _zip_content(data: bytes) -> Content:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            if "mimetype" in names and b"opendocument.spreadsheet" in package.read("mimetype")[:200]:
                return Content.ODS
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError):
        return Content.ZIP
    if "xl/workbook.bin" in names:
        return Content.XLSB
    if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
        return Content.XLSX
    return Content.ZIP


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    if head.startswith(_OTHER_MAGIC):
        return False
    if head.count(0) > len(head) // 4:  # UTF-16 without BOM: every other byte is zero
        return True
    controls = len(head.translate(None, _NOT_CONTROL))
    return controls * _MOSTLY_CONTROL <= len(head)


def content_of(data: bytes) -> Content:
    """What ``data`` is, from its first bytes (and, for a zip package, the names inside)."""
    if data.startswith((_ZIP, _EMPTY_ZIP)):
        return _zip_content(data)
    if data.startswith(_OLE2):
        return Content.XLS
    return Content.TEXT if _looks_like_text(data[:_SAMPLE]) else Content.OTHER


def looks_like_a_table(data: bytes) -> bool:
    """Text whose first line holds a delimiter (``;``, tab or ``,``): CSV, not a stray sentence.
    A file named as a workbook is read as CSV only then."""
    head = data[:_SAMPLE]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or head.count(0) > len(head) // 4:
        head = head.replace(b"\x00", b"")  # UTF-16: the delimiters are the same bytes, with zeros
    first = next((line for line in head.splitlines() if line.strip()), b"")
    return any(d in first for d in (b";", b"\t", b","))


def expected_content(suffix: str) -> Content | None:
    """What a file named with ``suffix`` should hold (None for a suffix that promises nothing)."""
    return {".xlsx": Content.XLSX, ".xlsm": Content.XLSX, ".xlsb": Content.XLSB, ".ods": Content.ODS,
            ".xls": Content.XLS, ".csv": Content.TEXT, ".tsv": Content.TEXT, ".txt": Content.TEXT,
            }.get(suffix.lower())
