"""The sentences of data errors, rejected rows and fatal input errors, translatable.

Each is a :class:`~piis_audit.model.Message` whose key (``inputs.*``) names a template of the
catalog ``piis_audit/i18n/inputs.yaml``; ``DataError.message`` and ``RejectedRow.reason`` fill
that template in English when they are read (nothing is filled while reading), so the two never
drift. Params are strings already formatted as the sentence shows them (``"02"`` for a month), or
nested messages (a hint, a reason). Built only for what goes wrong, never for a cell that reads
fine. A fatal :class:`InputError` is filled at once: it is shown as it is raised.
"""

from __future__ import annotations

from typing import Any

from piis_audit.i18n.render import catalog, fill
from piis_audit.inputs.errors import InputError
from piis_audit.model import DataError, Message, RejectedRow


def english(text: Message) -> str:
    """``text`` filled in English: what ``DataError.message`` / ``RejectedRow.reason`` hold."""
    return fill(catalog()[text.key]["en"], text.params, "en")


def message(key: str, **params: Any) -> Message:
    return Message(key, params)


def input_error(key: str, **params: Any) -> InputError:
    """A fatal :class:`InputError` whose ``str()`` is the message ``key`` filled in English."""
    text = message(key, **params)
    return InputError(english(text), text)


def data_error(file: str, table: str, row: int | None, column: str | None, value: str | None,
               text: Message, field: str | None = None) -> DataError:
    """A DataError saying ``text``."""
    return DataError(file, table, row, column, value, None, field, text)


def rejected_row(file: str, table: str, row: int, case_id: str | None, text: Message) -> RejectedRow:
    """A RejectedRow saying ``text``."""
    return RejectedRow(file, table, row, case_id, None, text)
