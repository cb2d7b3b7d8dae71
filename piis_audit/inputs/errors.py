"""The one fatal error of the input side.

Everything wrong *inside* an export is a :class:`~piis_audit.model.DataError` and the audit goes
on. :class:`InputError` is for what makes reading impossible (no file, not a CSV or workbook, a
corrupt workbook, no ``cases`` table, no ``case_id`` column, a broken ``--mapping``): the CLI
prints its one-line message and exits with status 2, without a traceback.
"""

from __future__ import annotations

from piis_audit.model import Message


class InputError(Exception):
    """The export or the mapping cannot be read at all. ``str(exc)`` is a one-line message that
    names the file and, where possible, says how to fix it. ``text``, when known, is the same
    sentence as a translatable message (``inputs.fatal.*``), whose English is ``str(exc)``
    exactly; build both with :func:`piis_audit.inputs.messages.input_error`."""

    def __init__(self, message: str, text: Message | None = None) -> None:
        super().__init__(message)
        self.text = text
