"""The one fatal error of the input side.

Everything wrong *inside* an export is a :class:`~piis_audit.model.DataError` and the audit goes
on. :class:`InputError` is for what makes reading impossible (no file, not a CSV or workbook, a
corrupt workbook, no ``cases`` table, no ``case_id`` column, a broken ``--mapping``): the CLI
prints its one-line message and exits with status 2, without a traceback.
"""

from __future__ import annotations


class InputError(Exception):
    """The export or the mapping cannot be read at all. ``str(exc)`` is a one-line message that
    names the file and, where possible, says how to fix it."""
