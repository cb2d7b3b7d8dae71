"""Reading one cell the way Belgian exports write it.

* Dates: ``2024-03-17``, ``17/03/2024``, ``17-03-2024``, ``17.03.2024`` (one-digit day and month
  allowed, a time part ignored), ``20240317``, a real Excel date cell, or an Excel serial number.
  **Day first, always**: ``03/17/2024`` is an error, never 17 March.
* Yes/no (oui/non, ja/nee): ``oui/non``, ``ja/nee``, ``yes/no``, ``true/false``, ``vrai/faux``,
  ``waar/onwaar``, ``1/0``, ``x`` (true), any case. Empty is unknown, never false.
* Numbers (montant / bedrag): decimal comma or point, thousands separators (``1.314,20``,
  ``1,314.20``, ``1 314,20``), an optional ``€``.
* Choices (``piis_type``, ``piis_requested_by``, ``exemption_reason``, ``recovery_decision``, and
  the RI ``category``): the canonical value or a French/Dutch/English synonym, matched after
  :func:`~piis_audit.schema.normalise_name`.

A parser returns the typed value, ``None`` for an empty cell, or an :class:`Invalid` saying why
the cell cannot be read; it never raises. The reader calls them column-wise
(:mod:`piis_audit.inputs.columns`), once per distinct raw value of a column (exports repeat the
same dates and answers over and over), through :func:`read_cell`.
"""

from __future__ import annotations

from typing import cast

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation

from piis_audit.inputs.cell_errors import ERROR_STARTS, error_value
from piis_audit.inputs.messages import english
from piis_audit.model import Message
from piis_audit.schema import FieldSpec, FieldType, normalise_name
from piis_audit.dates import date_problem


class Invalid:
    """A cell that could not be read: the value as written and why (``reason``, a sentence in
    English; ``text``, the same sentence as a translatable message, when known)."""

    __slots__ = ("value", "_reason", "text")

    def __init__(self, value: str | None, reason: str | None, text: Message | None = None) -> None:
        self.value = value
        self._reason = reason  # None: ``text`` filled in English when first read
        self.text = text

    @property
    def reason(self) -> str:
        if self._reason is None:
            self._reason = english(self.text) if self.text is not None else ""
        return self._reason

    def __repr__(self) -> str:
        return f"Invalid({self.value!r}, {self.reason!r})"


def invalid(value: str | None, key: str, **params: object) -> Invalid:
    """An :class:`Invalid` whose reason is the catalog text ``key`` (``i18n/inputs.yaml``).
    Only called for values that cannot be read, once per distinct value (the memo)."""
    return Invalid(value, None, Message(key, params))


Parser = Callable[[object], object]
"""raw cell -> typed value, None (empty) or :class:`Invalid`."""

# --------------------------------------------------------------------------- text


def display_text(raw: object) -> str | None:
    """A cell as the user reads it in Excel, trimmed; None when empty.

    Workbook cells that are not text are written the Belgian way (dates dd/mm/yyyy), and a whole
    number stored as a number (a file number 12345) reads ``12345``, not ``12345.0``."""
    if type(raw) is str:  # the usual cell, tested first and without a cast() call (1M cells)
        return raw.strip() or None
    kind = type(raw)
    if raw is None:
        return None
    if kind is bool:
        return "TRUE" if raw else "FALSE"
    if kind is float:
        number = cast(float, raw)
        return str(int(number)) if number.is_integer() else repr(number)
    if kind is dt.datetime:
        moment = cast(dt.datetime, raw)
        if moment.time() == dt.time(0):
            return f"{moment.day:02d}/{moment.month:02d}/{moment.year:04d}"
        return f"{moment.day:02d}/{moment.month:02d}/{moment.year:04d} {moment.hour:02d}:{moment.minute:02d}"
    if kind is dt.date:
        day = cast(dt.date, raw)
        return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
    if kind is dt.time:
        clock = cast(dt.time, raw)
        return f"{clock.hour:02d}:{clock.minute:02d}"
    return str(raw).strip() or None


def parse_text(raw: object) -> object:
    """Text is kept as read, trimmed."""
    return display_text(raw)


# --------------------------------------------------------------------------- dates

DATE_HINT = "dates are read day first: dd/mm/yyyy, yyyy-mm-dd or an Excel date"  # inputs.hint.date in English
_DATE_HINT = Message("inputs.hint.date")
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 01/01/1900 given Excel's 1900 leap-year bug
# A serial below 10000 (18/05/1927) is far more likely a year or a count than a date.
SERIAL_MIN, SERIAL_MAX = 10_000, 73_415  # 73415 = 31/12/2100
# dates.date_problem's causes, as this reader words them (a date hint where the form is the issue).
_DATE_PROBLEM_KEYS = {"no_month": ("inputs.value.no_month", True), "year": ("inputs.value.implausible_year", False),
                      "no_day": ("inputs.value.no_day", True)}


def _checked_date(year: int, month: int, day: int, written: str) -> object:
    problem = date_problem(year, month, day)
    if problem is None:
        return dt.date(year, month, day)
    cause, params = problem
    key, with_hint = _DATE_PROBLEM_KEYS[cause]
    return invalid(written, key, **params, **({"hint": _DATE_HINT} if with_hint else {}))


def _date_from_serial(serial: float, written: str) -> object:
    if not SERIAL_MIN <= serial <= SERIAL_MAX:
        return invalid(written, "inputs.value.not_excel_date", number=written, hint=_DATE_HINT)
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def _not_a_date(written: str | None) -> Invalid:
    return invalid(written, "inputs.value.not_a_date", hint=_DATE_HINT)


def _is_time(text: str) -> bool:
    return bool(text) and all(c.isdigit() or c in ":.,+-Z" for c in text)


def _date_from_text(raw: str) -> object:
    text = raw.strip()
    if not text:
        return None
    if len(text) == 10 and text.isascii():  # the usual shapes, without splitting
        if text[2] == text[5] and text[2] in "/-." and (text[:2] + text[3:5] + text[6:]).isdigit():
            return _checked_date(int(text[6:]), int(text[3:5]), int(text[:2]), text)
        if text[4] == text[7] == "-" and (text[:4] + text[5:7] + text[8:]).isdigit():
            return _checked_date(int(text[:4]), int(text[5:7]), int(text[8:]), text)
    core = text
    for separator in (" ", "T"):  # "17/03/2024 00:00", "2024-03-17T10:30:00": the time is not used
        head, found, tail = core.partition(separator)
        if found:
            if not _is_time(tail.strip()):
                return _not_a_date(text)
            core = head
            break
    if core.isascii() and core.isdigit():
        if len(core) == 8 and core[:2] in ("19", "20"):  # ISO basic: 20240317
            return _checked_date(int(core[:4]), int(core[4:6]), int(core[6:]), text)
        return _date_from_serial(int(core), text)
    for separator in "/-.":
        if separator in core:
            parts = core.split(separator)
            break
    else:
        return _not_a_date(text)
    if len(parts) == 2 and separator in ".," and all(p.isascii() and p.isdigit() for p in parts):
        return _date_from_serial(int(parts[0]), text)  # a serial written with decimals: 45368.5
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts):
        return _not_a_date(text)
    first, middle, last = parts
    if len(first) == 4 and len(middle) <= 2 and len(last) <= 2:
        return _checked_date(int(first), int(middle), int(last), text)
    if len(last) == 4 and len(first) <= 2 and len(middle) <= 2:
        return _checked_date(int(last), int(middle), int(first), text)
    if len(last) == 2 and len(first) <= 2 and len(middle) <= 2:
        return invalid(text, "inputs.value.two_digit_year")
    return _not_a_date(text)


def parse_date(raw: object) -> object:
    """A date from text, a workbook date cell or an Excel serial number; day first, always."""
    kind = type(raw)
    if kind is str:
        return _date_from_text(cast(str, raw))
    if kind is dt.date:
        day = cast(dt.date, raw)
        return _checked_date(day.year, day.month, day.day, display_text(day) or "")
    if kind is dt.datetime:
        moment = cast(dt.datetime, raw)
        return _checked_date(moment.year, moment.month, moment.day, display_text(moment) or "")
    if kind is float or kind is int:
        return _date_from_serial(cast(float, raw), display_text(raw) or "")
    if raw is None:
        return None
    return _not_a_date(display_text(raw))


# --------------------------------------------------------------------------- yes / no

BOOL_WORDS: Mapping[str, bool] = {
    "oui": True, "non": False, "ja": True, "nee": False, "yes": True, "no": False,
    "true": True, "false": False, "vrai": True, "faux": False, "waar": True, "onwaar": False,
    "1": True, "0": False, "x": True, "y": True, "n": False, "j": True,
    "1.0": True, "0.0": False, "1,0": True, "0,0": False,
}
BOOL_HINT = "oui/non, ja/nee, yes/no, true/false, 1/0 or x"  # inputs.hint.bool in English
_BOOL_HINT = Message("inputs.hint.bool")


def _not_a_bool(written: str | None) -> Invalid:
    return invalid(written, "inputs.value.not_bool", hint=_BOOL_HINT)


def parse_bool(raw: object) -> object:
    """A yes/no answer (oui/non, ja/nee). Empty is unknown (None), never false."""
    kind = type(raw)
    if kind is bool:
        return raw
    if kind is str:
        text = cast(str, raw).strip()
        if not text:
            return None
        found = BOOL_WORDS.get(text.casefold())
        return _not_a_bool(text) if found is None else found
    if (kind is int or kind is float) and raw in (0, 1):
        return raw == 1
    if raw is None:
        return None
    return _not_a_bool(display_text(raw))


# --------------------------------------------------------------------------- numbers

NUMBER_HINT = "write it like 1314,20 or 1.314,20"  # inputs.hint.number in English
_NUMBER_HINT = Message("inputs.hint.number")


def _not_a_number(written: str | None) -> Invalid:
    return invalid(written, "inputs.value.not_number", hint=_NUMBER_HINT)


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _grouped(whole: str, separator: str) -> str | None:
    """'1.314.000' -> '1314000' when the groups are thousands; None when they are not."""
    groups = whole.split(separator)
    if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
        return None
    joined = "".join(groups)
    return joined if _digits(joined) else None


def _number_from_text(raw: str) -> object:
    text = raw.strip()
    if not text:
        return None
    compact = text.replace("€", "").replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if compact[-3:].casefold() == "eur":
        compact = compact[:-3]
    sign = ""
    if compact.startswith(("+", "-")):
        sign, compact = ("-" if compact[0] == "-" else ""), compact[1:]
    if not compact:
        return _not_a_number(text)
    whole, fraction = compact, ""
    has_comma, has_dot = "," in compact, "." in compact
    if has_comma and has_dot:
        decimal_mark = "," if compact.rfind(",") > compact.rfind(".") else "."
        whole, fraction = compact.rsplit(decimal_mark, 1)
        grouped = _grouped(whole, "." if decimal_mark == "," else ",")
        if grouped is None:
            return _not_a_number(text)
        whole = grouped
    elif has_comma or has_dot:
        mark = "," if has_comma else "."
        if compact.count(mark) > 1:
            grouped = _grouped(compact, mark)
            if grouped is None:
                return _not_a_number(text)
            whole = grouped
        else:
            head, tail = compact.split(mark)
            # "1.314" in a Belgian export is one thousand three hundred and fourteen, not 1,314
            if mark == "." and len(tail) == 3 and 1 <= len(head) <= 3 and head[0] != "0":
                whole = head + tail
            else:
                whole, fraction = head, tail
    if not whole:
        whole = "0"  # ",5" -> 0.5
    if not _digits(whole) or (fraction and not _digits(fraction)):
        return _not_a_number(text)
    try:
        return Decimal(f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}")
    except InvalidOperation:  # pragma: no cover - the digits were checked above
        return _not_a_number(text)


def parse_number(raw: object) -> object:
    """A decimal number (an amount); Decimal, never float."""
    kind = type(raw)
    if kind is str:
        return _number_from_text(cast(str, raw))
    if kind is float:
        return Decimal(repr(raw))
    if kind is int:
        return Decimal(cast(int, raw))
    if raw is None:
        return None
    return _not_a_number(display_text(raw))


def parse_integer(raw: object) -> object:
    """A whole number (a count of days, a category)."""
    value = parse_number(raw)
    if value is None or type(value) is Invalid:
        return value
    assert isinstance(value, Decimal)
    if value != value.to_integral_value():
        return invalid(display_text(raw), "inputs.value.not_whole")
    return int(value)


# --------------------------------------------------------------------------- choices


def _synonyms(table: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for canonical, words in table.items():
        for word in (canonical, *words):
            out[normalise_name(word)] = canonical
    return out


CHOICE_SYNONYMS: Mapping[str, Mapping[str, str]] = {
    "piis_type": _synonyms({
        "student": ("étudiant", "étudiante", "étudiants", "études", "projet étudiant", "piis étudiant",
                    "studie", "studies", "studeren", "studieproject", "gpmi student", "students"),
        "employment": ("emploi", "mise à l'emploi", "insertion professionnelle", "travail", "professionnel",
                       "werk", "tewerkstelling", "arbeid", "werkgericht", "job", "employ", "work"),
        "social": ("sociale", "intégration sociale", "insertion sociale", "sociaal",
                   "maatschappelijke integratie", "maatschappelijke", "sociale integratie",
                   "social integration"),
    }),
    "piis_requested_by": _synonyms({
        "beneficiary": ("bénéficiaire", "le bénéficiaire", "demandeur", "usager", "client", "cliënt",
                        "begunstigde", "aanvrager", "gebruiker", "the beneficiary", "applicant"),
        "cpas": ("ocmw", "le cpas", "het ocmw", "cpas/ocmw", "ocmw/cpas", "psw", "centre", "centrum"),
    }),
    "exemption_reason": _synonyms({
        "health": ("santé", "raisons de santé", "raison de santé", "médical", "medical", "gezondheid",
                   "gezondheidsredenen", "medisch", "medische redenen", "health reasons"),
        "equity": ("équité", "raisons d'équité", "raison d'équité", "billijkheid", "billijkheidsredenen",
                   "equity reasons", "fairness"),
    }),
    "recovery_decision": _synonyms({
        "recover": ("récupérer", "récupération", "recouvrer", "recouvrement", "récupère", "terugvorderen",
                    "terugvordering", "vorderen", "recovery"),
        "waive": ("renoncer", "renonciation", "renonce", "pas de recouvrement", "afzien",
                  "afzien van terugvordering", "geen terugvordering", "verzaken", "waiver", "waived"),
    }),
}

# The RI category (catégorie / categorie) may be written in words.
CATEGORY_SYNONYMS: Mapping[str, int] = {
    normalise_name(word): number
    for number, words in {
        1: ("cohabitant", "cohabitante", "personne cohabitante", "samenwonend", "samenwonende",
            "cohabiting", "cat 1", "cat. 1", "catégorie 1", "categorie 1", "category 1"),
        2: ("isolé", "isolée", "personne isolée", "alleenstaand", "alleenstaande", "single",
            "cat 2", "cat. 2", "catégorie 2", "categorie 2", "category 2"),
        3: ("famille à charge", "personne avec famille à charge", "avec famille à charge",
            "gezin ten laste", "persoon met gezin ten laste", "met gezin ten laste", "family",
            "dependent family", "cat 3", "cat. 3", "catégorie 3", "categorie 3", "category 3"),
    }.items()
    for word in words
}


def _choice_parser(spec: FieldSpec) -> Parser:
    known = dict(CHOICE_SYNONYMS.get(spec.name, {}))
    for choice in spec.choices:
        known.setdefault(normalise_name(choice), choice)
    choices = ", ".join(spec.choices)

    def parse_choice(raw: object) -> object:
        text = display_text(raw)
        if text is None:
            return None
        found = known.get(normalise_name(text))
        return invalid(text, "inputs.value.unknown_choice", choices=choices) if found is None else found

    return parse_choice


def _integer_parser(spec: FieldSpec) -> Parser:
    allowed = frozenset(int(c) for c in spec.choices)
    words = CATEGORY_SYNONYMS if spec.name == "category" else {}
    choices = ", ".join(spec.choices)

    def parse_whole(raw: object) -> object:
        if type(raw) is str and words:
            found = words.get(normalise_name(raw))
            if found is not None:
                return found
        value = parse_integer(raw)
        if type(value) is not int:
            return value
        if allowed and value not in allowed:
            return invalid(display_text(raw), "inputs.value.not_allowed", choices=choices)
        if value < 0:
            return invalid(display_text(raw), "inputs.value.negative")
        return value

    return parse_whole


_BASE_PARSERS: Mapping[FieldType, Parser] = {
    FieldType.TEXT: parse_text, FieldType.DATE: parse_date, FieldType.BOOL: parse_bool,
    FieldType.NUMBER: parse_number,
}

_MISSING = object()


def field_parser(spec: FieldSpec, user_values: Mapping[str, object] | None = None) -> Parser:
    """The parser of one field. ``user_values`` (from ``--mapping``: ``values``) maps a
    normalised raw value to the typed value it stands for, and is tried first."""
    if spec.type is FieldType.CHOICE:
        base = _choice_parser(spec)
    elif spec.type is FieldType.INTEGER:
        base = _integer_parser(spec)
    else:
        base = _BASE_PARSERS[spec.type]
    if not user_values:
        return base
    mapped = dict(user_values)

    def parse_mapped(raw: object) -> object:
        text = display_text(raw)
        if text is None:
            return None
        found = mapped.get(normalise_name(text), _MISSING)
        return base(raw) if found is _MISSING else found

    return parse_mapped


def read_cell(parse: Parser, raw: object) -> object:
    """``parse(raw)``, except that a cell holding a spreadsheet error value (``#N/A``) that the
    parser cannot read says what it is, not "not a date". The one rule for every typed cell,
    whether read through :class:`CellMemo` or column-wise (:mod:`piis_audit.inputs.columns`)."""
    value = parse(raw)
    if type(value) is Invalid and type(raw) is str and raw.lstrip().startswith(ERROR_STARTS):
        found = error_value(raw)
        if found is not None:
            return invalid(found, "inputs.value.excel_error", written=found)
    return value


class CellMemo(dict[object, object]):
    """``memo[raw]`` is ``parse(raw)``, computed once per distinct raw value.

    Used through ``memo.__getitem__`` so a cell already seen costs one dict lookup in C.
    ``invalid_seen`` tells the loader whether the column needs a scan for :class:`Invalid`.

    Python treats ``True``, ``1`` and ``1.0`` as the same dict key. A workbook column can hold a
    real boolean cell next to the number 1, and outside yes/no fields they do not mean the same
    (TRUE is not a category), so those keys are not cached there.
    """

    __slots__ = ("parse", "invalid_seen", "guard_bool_keys")

    def __init__(self, parse: Parser, guard_bool_keys: bool) -> None:
        super().__init__({"": None})
        self.parse = parse
        self.invalid_seen = False
        self.guard_bool_keys = guard_bool_keys

    def __missing__(self, raw: object) -> object:
        value = read_cell(self.parse, raw)
        if type(value) is Invalid:
            self.invalid_seen = True
        if self.guard_bool_keys and type(raw) is not str and raw in (0, 1):
            return value
        self[raw] = value
        return value


def cell_memo(spec: FieldSpec, user_values: Mapping[str, object] | None = None) -> CellMemo:
    """A fresh memo for one column of ``spec``."""
    guard = bool(user_values) or spec.type is not FieldType.BOOL
    return CellMemo(field_parser(spec, user_values), guard)
