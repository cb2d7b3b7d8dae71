"""Finding the header row under a title.

Exports often open with a line or two that is not data: the report's title, the date of the
export, a blank line. The first non-blank row of a table is its header when it names the table's
key fields; when it does not, the next rows (at most :data:`LOOK_AHEAD`) are tried, and the first
that does becomes the header. The rows above it are kept in ``RawTable.preamble`` so the report
can show what was skipped (nothing is lost). When no row qualifies, the table is left as it was,
and the usual messages say what is missing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from itertools import chain

from piis_audit.inputs.headers import match_headers
from piis_audit.inputs.interface import RawTable, Row, header_text, is_blank
from piis_audit.inputs.mapping import UserMapping
from piis_audit.inputs.messages import input_error
from piis_audit.schema import CASES, TableSpec

LOOK_AHEAD = 10  # rows read below the first one, looking for the header


def is_header(header: Sequence[str], table: TableSpec, user: UserMapping) -> bool:
    """Does this row name the table's fields exactly: ``case_id`` for the cases table, two known
    fields for another table (its case and its date, typically)? Headers matched only by their
    words do not count here: a title or a saved report's line can hold a field's words."""
    named = match_headers(header, table, user.columns_for(table.name)).exact_fields
    if table is CASES:
        return "case_id" in named
    return len(named) >= 2


def locate_header(raw: RawTable, table: TableSpec, user: UserMapping) -> RawTable:
    """``raw`` with its header moved down to the first row that names the table's fields, when
    its first row does not (and one of the next :data:`LOOK_AHEAD` rows does)."""
    if is_header(raw.header, table, user):
        return raw
    read: list[Row] = []
    try:
        return _look_below(raw, table, user, read)
    except raw.read_errors as exc:
        last = read[-1][0] if read else raw.header_row
        if raw.resume is None:
            raise input_error("inputs.fatal.row_unreadable", path=raw.file, row=str(last + 1),
                              error=str(exc)) from None
        # the rest read the slow way (a CSV cell too large): look again, from the rows already read
        again = dataclasses.replace(raw, rows=chain(read, raw.resume(last)), resume=None)
        return _look_below(again, table, user, [])


def _look_below(raw: RawTable, table: TableSpec, user: UserMapping, read: list[Row]) -> RawTable:
    for number, cells in raw.rows:
        read.append((number, cells))
        if is_blank(cells):
            continue
        header = header_text(cells)
        if is_header(header, table, user):
            above = [(raw.header_row, " ".join(h for h in raw.header if h))]
            above += [(n, " ".join(t for t in header_text(c) if t)) for n, c in read[:-1] if not is_blank(c)]
            skipped = number - raw.header_row
            total = None if raw.total_rows is None else max(raw.total_rows - skipped, 0)
            return dataclasses.replace(raw, header=header, header_row=number, rows=raw.rows, total_rows=total,
                                       preamble=tuple(above))
        if len(read) >= LOOK_AHEAD:
            break
    return dataclasses.replace(raw, rows=chain(read, raw.rows))
