"""What a checklist parameter may hold: its type, its valid range, and the unit its value is
written in (so ``checklist lint`` can tell a reason text that writes the value instead of
taking it from the parameter).

Every parameter is declared once: the checklist-wide ones in ``GLOBAL_PARAMS`` of the loader,
each check kind's own in its ``params`` (``piis_audit/questions/``). ``deadline_months: -3`` or
``subsidy_rate: 10`` is then a lint error at its line, not an audit reporting millions at risk.
"""

from __future__ import annotations

import builtins
import math
import re
from dataclasses import dataclass
from typing import Any

# How a value of each unit is written next to its number, in French, Dutch and English.
UNIT_WORDS: dict[str, str] = {
    "months": r"mois|months?|maanden|maand",
    "years": r"ans|years?|jaar",
    "days": r"jours?|days?|dagen|dag",
    "percent": r"%|pour\s*cent|procent|per\s*cent",
    "evaluations": r"évaluations?|evaluations?|evaluaties?",
    "interviews": r"entretiens?|interviews?|gesprekken|gesprek",
    "sanctions": r"sanctions?|sancties?",
}

_TYPE_WORDS = {int: "a whole number", float: "a number", str: "a text", bool: "true or false",
               list: "a list", dict: "a mapping"}


@dataclass(frozen=True)
class ParamSpec:
    """A parameter's type (``int``, ``float`` for any number, ``bool``, ``str``, ``list``), its
    inclusive range for numbers, its allowed values for a choice, the type of a list's items,
    and the unit its number is written in (a rate of 0.10 is written ``10 %``)."""

    type: builtins.type
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    items: builtins.type | None = None
    unit: str | None = None
    doc: str = ""

    def describe(self) -> str:
        """The expected value in words, e.g. "a whole number from 1 to 120"."""
        if self.choices:
            return "one of " + ", ".join(self.choices)
        what = _TYPE_WORDS.get(self.type, self.type.__name__)
        if self.type is list and self.items is not None:
            what = f"a list of {_TYPE_WORDS.get(self.items, self.items.__name__).removeprefix('a ')}s"
        if self.minimum is not None and self.maximum is not None:
            return f"{what} from {_number(self.minimum)} to {_number(self.maximum)}"
        if self.minimum is not None:
            return f"{what} of at least {_number(self.minimum)}"
        if self.maximum is not None:
            return f"{what} of at most {_number(self.maximum)}"
        return what

    def range_text(self) -> str:
        """The valid values in symbols, the same in every language: "1–120", "≥ 0", "true | false"."""
        if self.choices:
            return " | ".join(self.choices)
        if self.type is bool:
            return "true | false"
        if self.type is list:
            return "[…]"
        if self.minimum is not None and self.maximum is not None:
            return f"{_number(self.minimum)}–{_number(self.maximum)}"
        if self.minimum is not None:
            return f"≥ {_number(self.minimum)}"
        if self.maximum is not None:
            return f"≤ {_number(self.maximum)}"
        return ""

    def problem(self, value: Any) -> str | None:
        """Why ``value`` does not fit, or None when it does."""
        if not self._type_ok(value):
            return f"{value!r} is not {self.describe()}"
        if self.choices and value not in self.choices:
            return f"{value!r} is not {self.describe()}"
        if self.type in (int, float):
            if not math.isfinite(value):
                return f"{value!r} is not {self.describe()}"
            if (self.minimum is not None and value < self.minimum) or (
                    self.maximum is not None and value > self.maximum):
                return f"{value!r} is out of range: expected {self.describe()}"
        if self.type is list and self.items is not None:
            wrong = [item for item in value if not _is(item, self.items)]
            if wrong:
                return f"{wrong[0]!r} in the list is not {_TYPE_WORDS.get(self.items, self.items.__name__)}"
        return None

    def _type_ok(self, value: Any) -> bool:
        if self.type is float:
            return _is(value, int) or _is(value, float)
        return _is(value, self.type)

    def written(self, value: Any) -> re.Pattern[str] | None:
        """A pattern finding ``value`` written as a number next to its unit ("3 mois", "10 %"),
        or None for a parameter without a unit."""
        if self.unit is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        number = value * 100 if self.unit == "percent" else value
        shown = _number(number)
        variants = {re.escape(shown), re.escape(shown.replace(".", ","))}
        return re.compile(rf"(?<![\d.,{{])(?:{'|'.join(sorted(variants))})[\s\u00a0-]*(?:{UNIT_WORDS[self.unit]})(?!\w)",
                          re.IGNORECASE)


def _is(value: Any, type_: type) -> bool:
    if isinstance(value, bool):
        return type_ is bool
    return isinstance(value, type_)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# -- the usual parameters, so each declaration reads as what it is


def months(minimum: int = 1, maximum: int = 120, doc: str = "") -> ParamSpec:
    """A number of months (a period, a delay)."""
    return ParamSpec(int, minimum, maximum, unit="months", doc=doc)


def days(minimum: int = 0, maximum: int = 3650, doc: str = "") -> ParamSpec:
    """A number of days."""
    return ParamSpec(int, minimum, maximum, unit="days", doc=doc)


def age(doc: str = "") -> ParamSpec:
    """An age in years, 0 to 120."""
    return ParamSpec(int, 0, 120, unit="years", doc=doc)


def count(minimum: int = 0, maximum: int = 1000, unit: str | None = None, doc: str = "") -> ParamSpec:
    """A count (of evaluations, interviews, sanctions …)."""
    return ParamSpec(int, minimum, maximum, unit=unit, doc=doc)


def rate(doc: str = "") -> ParamSpec:
    """A rate from 0 to 1, written as a percentage (0.10 -> 10 %)."""
    return ParamSpec(float, 0, 1, unit="percent", doc=doc)


def flag(doc: str = "") -> ParamSpec:
    """true or false."""
    return ParamSpec(bool, doc=doc)


def choice(*values: str, doc: str = "") -> ParamSpec:
    """One of a few texts."""
    return ParamSpec(str, choices=values, doc=doc)


def texts(doc: str = "") -> ParamSpec:
    """A list of texts (words to look for)."""
    return ParamSpec(list, items=str, doc=doc)


def entries(doc: str = "") -> ParamSpec:
    """A list whose entries the kind validates itself (e.g. mentions with conditions)."""
    return ParamSpec(list, doc=doc)
