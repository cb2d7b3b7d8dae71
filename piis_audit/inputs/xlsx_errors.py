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

import html
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass

# what python-calamine 0.9 reads; any other error value makes it refuse the workbook
CALAMINE_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"})
_MARKERS = (b't="e"', b"t='e'")
_CHUNK = 1 << 20
_PREFIX = rb"(?:[\w.-]+:)?"
_ERROR_CELL = re.compile(rb"<" + _PREFIX + rb"c\s([^>]*?\bt\s*=\s*[\"']e[\"'][^>/]*)>(.*?)</" + _PREFIX + rb"c>",
                         re.S)
_REFERENCE = re.compile(rb"\br\s*=\s*[\"']([A-Z]{1,3})([0-9]+)[\"']")
_VALUE = re.compile(rb"<" + _PREFIX + rb"v>([^<]*)</")
_SHEET = re.compile(rb"<" + _PREFIX + rb"sheet\s([^>]*)>")
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


def _markers(package: zipfile.ZipFile, name: str, libreoffice_text: bool = False) -> tuple[bool, bool]:
    """Does the part ``name`` hold an error cell, and a text that starts like an error value?

    Every error value starts with ``#`` (``<v>#N/A</v>``), and ``#`` is rare in a sheet's XML: a
    chunk without one (a search at memory speed) needs no other search. Each chunk is searched
    as it is (a copy of a megabyte per chunk would cost more than the search); the few bytes
    across a chunk boundary are searched apart. LibreOffice's ``Err:502`` typed as text is looked
    for only where asked (the shared strings: a search for it costs as much as one for ``t="e"``)."""
    cells = texts = False
    tail = b""
    with package.open(name) as stream:
        while chunk := stream.read(_CHUNK):
            seam = tail + chunk[:8]
            if b"#" in chunk or b"#" in seam:
                cells = cells or any(m in chunk or m in seam for m in _MARKERS)
                texts = texts or b">#" in chunk or b">#" in seam
            if libreoffice_text and not texts:
                texts = b">Err:" in chunk or b">Err:" in seam
            if cells and texts:
                break
            tail = chunk[-8:]
    return cells, texts


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
        shared = "xl/sharedStrings.xml" in names and _markers(package, "xl/sharedStrings.xml", True)[1]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, NotImplementedError):
        return None  # damaged, encrypted or compressed in a way zipfile does not read
    texts = shared or any(t for _, t in found.values())
    flagged = [n for n, (cells, _) in found.items() if cells]
    if not flagged:
        return ErrorCells({}, data, texts)
    paths = _sheet_paths(package)
    by_sheet: dict[str, list[tuple[int, int, str]]] = {}
    unknown: dict[str, bytes] = {}
    for path in flagged:
        xml = package.read(path)
        cells = _cells(xml)
        if path in paths and cells:
            by_sheet[paths[path]] = cells
        if any(value not in CALAMINE_ERRORS for _, _, value in cells):
            unknown[path] = _ERROR_CELL.sub(_known_to_calamine, xml)
    return ErrorCells(by_sheet, _patched(package, unknown) if unknown else data, texts)
