"""Spreadsheet error values: what a formula that failed leaves in a cell (``#N/A``, ``#VALUE!``…).

Such a cell says nothing about the case: it is unreadable, never empty, never a value. Excel
writes these texts in the language it runs in, so a CSV saved by a French or Dutch Excel holds
``#VALEUR!`` or ``#WAARDE!``; LibreOffice writes ``Err:502`` for some. A workbook keeps them as
error cells (which python-calamine gives as empty cells: see :mod:`piis_audit.inputs.xlsx_errors`).

Only cells that start with ``#`` or ``Err:`` are ever looked up here, so the usual cell costs
nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

EXCEL_ERRORS: frozenset[str] = frozenset({
    # English (and the names stored in .xlsx files, whatever the language of Excel)
    "#N/A", "#VALUE!", "#REF!", "#NAME?", "#DIV/0!", "#NULL!", "#NUM!", "#GETTING_DATA",
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#PYTHON!",
    # French Excel
    "#VALEUR!", "#NOM?", "#NUL!", "#NOMBRE!", "#CHAMP!", "#CALCUL!", "#DEVERSEMENT!", "#DÉVERSEMENT!",
    # Dutch Excel
    "#N/B", "#WAARDE!", "#VERW!", "#NAAM?", "#DEEL/0!", "#LEEG!", "#GETAL!", "#OVERLOOP!", "#VELD!",
    "#BEREKENEN!",
})
_UPPER_ERRORS = frozenset(e.upper() for e in EXCEL_ERRORS)
ERROR_STARTS = ("#", "Err:")  # what every error value starts with


def error_value(text: str) -> str | None:
    """The error value ``text`` is (trimmed, as written), or None when it is not one."""
    value = text.strip()
    if not value.startswith(ERROR_STARTS):
        return None
    if value.upper() in _UPPER_ERRORS:
        return value
    if value.startswith("Err:") and len(value) == 7 and value[4:].isdigit():  # LibreOffice: Err:502
        return value
    return None


def may_hold_errors(texts: Iterable[str | None]) -> bool:
    """Whether any of ``texts`` starts like an error value: one join and two searches in C, so a
    column of 100 000 names is checked without a Python step per cell."""
    joined = "\x00" + "\x00".join(filter(None, texts))
    return "\x00#" in joined or "\x00Err:" in joined
