"""The error cells of an ``.xlsx`` workbook (``#N/A``, ``#VALUE!``…), which python-calamine cannot
show.

calamine reads an error cell (``<c t="e">`` in the sheet's XML) as an empty cell: ``#N/A`` in
``piis_signed_date`` would read as "never signed". And it refuses the whole workbook when a cell
holds an error it does not know (``#GETTING_DATA``, ``#SPILL!``). So the sheets' XML is searched
here for error cells first: one pass over each sheet's decompressed XML looking for ``t="e"``,
about a tenth of calamine's own parse; only a sheet that holds one is read in detail. An error
calamine does not know is replaced by ``#N/A`` in a copy of the workbook given to calamine (the
messages name the value as written).

Only ``.xlsx``/``.xlsm`` (XML) packages are searched here (``.ods``: :mod:`piis_audit.inputs.ods_errors`;
``.xls`` and ``.xlsb`` are binary and not searched).
"""

from __future__ import annotations

import dataclasses
import html
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass

# what python-calamine 0.9 reads; any other error value makes it refuse the workbook
CALAMINE_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"})
_MARKERS = (b't="e"', b"t='e'")
_BOOL_MARKERS = (b't="b"', b"t='b'")
_SEAM = 32  # bytes of a chunk searched again with the next one
# The texts fastexcel (0.21) reads as an empty cell when it guesses a column's type, and so gives
# as null in a column of dates or numbers (its NULL_STRING_VALUES; "" reads as empty anyway).
FASTEXCEL_NULL_TEXTS = ("#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
                        "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null")
_NULL_TEXT = re.compile(rb">(?:" + b"|".join(re.escape(html.escape(t, quote=False).encode())
                                            for t in FASTEXCEL_NULL_TEXTS) + rb")</")
_CHUNK = 1 << 20
_PREFIX = rb"(?:[\w.-]+:)?"
_ERROR_CELL = re.compile(rb"<" + _PREFIX + rb"c\s([^>]*?\bt\s*=\s*[\"']e[\"'][^>/]*)>(.*?)</" + _PREFIX + rb"c>",
                         re.S)
_REFERENCE = re.compile(rb"\br\s*=\s*[\"']([A-Z]{1,3})([0-9]+)[\"']")
_VALUE = re.compile(rb"<" + _PREFIX + rb"v>([^<]*)</")
_SHEET = re.compile(rb"<" + _PREFIX + rb"sheet\s([^>]*)>")
_ROW = re.compile(rb"<" + _PREFIX + rb"row\b([^>]*?)(/?)>")
_ROW_END = re.compile(rb"</" + _PREFIX + rb"row>")
_ROW_NUMBER = re.compile(rb"\br\s*=\s*[\"']([0-9]+)[\"']")
_CELL = re.compile(rb"<" + _PREFIX + rb"c\b[^>]*?(/?)>")
_FILLED = re.compile(rb"<" + _PREFIX + rb"(?:v|t)\b[^>]*>([^<]*)</")
_RELATIONSHIP = re.compile(rb"<" + _PREFIX + rb"Relationship\s([^>]*)>")


def _attribute(attributes: bytes, name: bytes) -> str | None:
    found = re.search(rb"(?:^|\s)" + name + rb"\s*=\s*\"([^\"]*)\"", attributes) or \
        re.search(rb"(?:^|\s)" + name + rb"\s*=\s*'([^']*)'", attributes)
    return None if found is None else html.unescape(found.group(1).decode("utf-8", "replace"))


@dataclass(frozen=True)
class ErrorCells:
    """The error cells of a workbook, by sheet name: (row number, 0-based column, value as
    written); the workbook to give calamine (the original bytes, or a copy in which the errors
    calamine does not know are ``#N/A``); and whether any text of it starts like an error value
    (``#N/A`` typed as text: only then are the text columns searched for one)."""

    by_sheet: Mapping[str, list[tuple[int, int, str]]]
    data: bytes
    may_hold_error_text: bool
    # by sheet name: (row number, cells holding a value) of the sheet's first row that holds a
    # value, as calamine sees it (its range starts there); absent when it cannot be told for sure
    first_rows: Mapping[str, tuple[int, int]] = dataclasses.field(default_factory=dict)
    bool_sheets: frozenset[str] = frozenset()  # the sheets holding a TRUE/FALSE cell
    null_texts: bool = True  # a text fastexcel reads as empty (FASTEXCEL_NULL_TEXTS) may be there


def first_value_row(head: bytes) -> tuple[int, int] | None:
    """(row number, cells holding a value) of the first ``<row>`` in the start ``head`` of a
    sheet's XML that holds a value; None when that cannot be told for sure from ``head`` (a row
    without its number, a cell holding an empty text, no whole row with a value in ``head``).

    calamine skips a cell without a value (a cell with only a style), so its range, and
    fastexcel's rows, start at this row."""
    position = 0
    while (row := _ROW.search(head, position)) is not None:
        number = _ROW_NUMBER.search(row.group(1))
        if number is None:
            return None
        if row.group(2):  # <row r="1"/>: no cell
            position = row.end()
            continue
        end = _ROW_END.search(head, row.end())
        if end is None:
            return None  # the row goes on past the head
        inner = head[row.end():end.start()]
        values = [found.group(1) for found in _FILLED.finditer(inner)]
        if any(not value.strip() for value in values):
            return None  # an empty text: calamine may count it as a value
        if values:
            filled = sum(1 for cell in _CELL.finditer(inner) if not cell.group(1))
            return (int(number.group(1)), filled) if filled == len(values) else None
        position = end.end()
    return None


@dataclass(frozen=True)
class _Marks:
    cells: bool  # an error cell
    texts: bool  # a text that starts like an error value
    head: bytes  # the part's first chunk
    bools: bool  # a TRUE/FALSE cell
    null_texts: bool  # a text that fastexcel reads as an empty cell in a column of another type


def _markers(package: zipfile.ZipFile, name: str, libreoffice_text: bool = False) -> _Marks:
    """Does the part ``name`` hold an error cell, a text that starts like an error value, a
    TRUE/FALSE cell, a text fastexcel takes for an empty cell (:data:`_NULL_TEXT`)?

    Every error value starts with ``#`` (``<v>#N/A</v>``), and ``#`` is rare in a sheet's XML: a
    chunk without one (a search at memory speed) needs no other search. Each chunk is searched
    as it is (a copy of a megabyte per chunk would cost more than the search); the few bytes
    across a chunk boundary are searched apart. LibreOffice's ``Err:502`` typed as text is looked
    for only where asked (the shared strings: a search for it costs as much as one for ``t="e"``)."""
    cells = texts = bools = nulls = False
    tail = head = b""
    with package.open(name) as stream:
        while chunk := stream.read(_CHUNK):
            head = head or chunk
            seam = tail + chunk[:_SEAM]
            if b"#" in chunk or b"#" in seam:
                cells = cells or any(m in chunk or m in seam for m in _MARKERS)
                texts = texts or b">#" in chunk or b">#" in seam
            if libreoffice_text and not texts:
                texts = b">Err:" in chunk or b">Err:" in seam
            bools = bools or any(m in chunk or m in seam for m in _BOOL_MARKERS)
            nulls = nulls or _NULL_TEXT.search(chunk) is not None or _NULL_TEXT.search(seam) is not None
            tail = chunk[-_SEAM:]
    return _Marks(cells, texts, head, bools, nulls)


def _sheet_paths(package: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet XML path -> sheet name, from the workbook and its relationships."""
    try:
        workbook = package.read("xl/workbook.xml")
        rels = package.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets: dict[str, str] = {}
    for found in _RELATIONSHIP.finditer(rels):
        rel_id, target = _attribute(found.group(1), b"Id"), _attribute(found.group(1), b"Target")
        if rel_id and target:
            targets[rel_id] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    paths: dict[str, str] = {}
    for found in _SHEET.finditer(workbook):
        name = _attribute(found.group(1), b"name")
        rel_id = _attribute(found.group(1), rb"[\w.-]+:id")
        if name is not None and rel_id in targets:
            paths[targets[rel_id]] = name
    return paths


_BOOL_CELL = re.compile(rb"<" + _PREFIX + rb"c\s([^>]*?\bt\s*=\s*[\"']b[\"'][^>]*)>")


def bool_columns(data: bytes, sheet: str) -> frozenset[int] | None:
    """The 0-based sheet columns of worksheet ``sheet`` of the ``.xlsx`` package ``data`` that
    hold a TRUE/FALSE cell; None when that cannot be told (no such sheet, a cell without its
    position)."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        part = {name: path for path, name in _sheet_paths(package).items()}.get(sheet)
        if part is None:
            return None
        columns: set[int] = set()
        tail = b""
        with package.open(part) as stream:
            while chunk := stream.read(_CHUNK):
                text = tail + chunk
                cut = text.rfind(b"<")  # a tag cut by the chunk's end is searched with the next chunk
                text, tail = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
                if not any(m in text for m in _BOOL_MARKERS):
                    continue
                for found in _BOOL_CELL.finditer(text):
                    reference = _REFERENCE.search(found.group(1))
                    if reference is None:
                        return None
                    columns.add(_column_index(reference.group(1)))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, NotImplementedError):
        return None
    return frozenset(columns)


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


def _cells(xml: bytes) -> list[tuple[int, int, str]]:
    cells: list[tuple[int, int, str]] = []
    for found in _ERROR_CELL.finditer(xml):
        reference = _REFERENCE.search(found.group(1))
        value = _VALUE.search(found.group(2))
        if reference is None or value is None:
            continue  # a cell without its position or value: nothing to point at
        written = html.unescape(value.group(1).decode("utf-8", "replace")).strip()
        cells.append((int(reference.group(2)), _column_index(reference.group(1)), written))
    return cells


def _known_to_calamine(found: re.Match[bytes]) -> bytes:
    inner = found.group(2)
    value = _VALUE.search(inner)
    if value is None or html.unescape(value.group(1).decode("utf-8", "replace")).strip() in CALAMINE_ERRORS:
        return found.group(0)
    whole, offset = found.group(0), found.start(2) - found.start(0)
    start, end = value.span(1)
    return whole[:offset + start] + b"#N/A" + whole[offset + end:]


def _patched(package: zipfile.ZipFile, sheets: Mapping[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in package.infolist():
            copy.writestr(info, sheets[info.filename] if info.filename in sheets else package.read(info))
    return out.getvalue()


def find_error_cells(data: bytes) -> ErrorCells | None:
    """The error cells of the ``.xlsx`` package ``data``; None when it is not an ``.xlsx``
    package that zipfile can read (calamine then says what it is)."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        names = package.namelist()
        if "xl/workbook.xml" not in names:
            return None
        sheets = [n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        found = {n: _markers(package, n) for n in sheets}
        shared = _markers(package, "xl/sharedStrings.xml", True) if "xl/sharedStrings.xml" in names else None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, NotImplementedError):
        return None  # damaged, encrypted or compressed in a way zipfile does not read
    texts = (shared is not None and shared.texts) or any(m.texts for m in found.values())
    flagged = [n for n, marks in found.items() if marks.cells]
    paths = _sheet_paths(package)
    first_rows = {paths[n]: first for n, marks in found.items()
                  if n in paths and (first := first_value_row(marks.head)) is not None}
    bool_sheets = frozenset(paths[n] for n, marks in found.items() if n in paths and marks.bools)
    null_texts = (shared is not None and shared.null_texts) or any(m.null_texts for m in found.values())
    if not flagged:
        return ErrorCells({}, data, texts, first_rows, bool_sheets, null_texts)
    by_sheet: dict[str, list[tuple[int, int, str]]] = {}
    unknown: dict[str, bytes] = {}
    for path in flagged:
        xml = package.read(path)
        cells = _cells(xml)
        if path in paths and cells:
            by_sheet[paths[path]] = cells
        if any(value not in CALAMINE_ERRORS for _, _, value in cells):
            unknown[path] = _ERROR_CELL.sub(_known_to_calamine, xml)
    patched = _patched(package, unknown) if unknown else data
    return ErrorCells(by_sheet, patched, texts, first_rows, bool_sheets, null_texts)
