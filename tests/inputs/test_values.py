"""Cell parsing, one case per line: raw cell -> typed value, or the reason it cannot be read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from piis_audit.inputs.values import (
    CellMemo,
    Invalid,
    cell_memo,
    display_text,
    field_parser,
    parse_bool,
    parse_date,
    parse_number,
)
from piis_audit.schema import CASES, SANCTIONS

D = dt.date

# Excel's serial for 01/01/2024 is 45292 (a published anchor; 45368 is 76 days later).
DATES = [
    ("2024-03-17", D(2024, 3, 17)),
    ("17/03/2024", D(2024, 3, 17)),
    ("17-03-2024", D(2024, 3, 17)),
    ("17.03.2024", D(2024, 3, 17)),
    ("7/3/2024", D(2024, 3, 7)),
    ("2024-3-7", D(2024, 3, 7)),
    ("2024/03/17", D(2024, 3, 17)),
    ("  17/03/2024  ", D(2024, 3, 17)),
    ("17/03/2024 00:00", D(2024, 3, 17)),
    ("17/03/2024 14:35:10", D(2024, 3, 17)),
    ("2024-03-17T10:30:00", D(2024, 3, 17)),
    ("2024-03-17 00:00:00", D(2024, 3, 17)),
    ("20240317", D(2024, 3, 17)),
    ("45292", D(2024, 1, 1)),
    ("45368", D(2024, 3, 17)),
    (45292.0, D(2024, 1, 1)),
    (45368.75, D(2024, 3, 17)),  # a serial with a time of day
    (45368, D(2024, 3, 17)),
    (D(2024, 3, 17), D(2024, 3, 17)),
    (dt.datetime(2024, 3, 17, 10, 30), D(2024, 3, 17)),
    ("29/02/2024", D(2024, 2, 29)),
    ("01/12/2024", D(2024, 12, 1)),  # day first: 1 December, never 12 January
    ("", None),
    ("   ", None),
]

BAD_DATES = [
    ("31/02/2024", "no day 31 in 02/2024"),
    ("29/02/2023", "no day 29 in 02/2023"),
    ("03/17/2024", "no month 17"),  # US month-first is refused, never guessed
    ("2024-13-01", "no month 13"),
    ("17/03/24", "two-digit year"),
    ("17/03/0024", "year 24"),
    ("hello", "not a date"),
    ("17 mars 2024", "not a date"),
    ("17/03/2024 ou plus tard", "not a date"),
    ("1234", "not an Excel date"),
    (2024.0, "not an Excel date"),
    (True, "not a date"),
    (dt.time(10, 30), "not a date"),
]


@pytest.mark.parametrize(("raw", "expected"), DATES)
def test_date(raw: object, expected: dt.date | None) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize(("raw", "reason"), BAD_DATES)
def test_bad_date(raw: object, reason: str) -> None:
    result = parse_date(raw)
    assert isinstance(result, Invalid)
    assert reason in result.reason
    assert result.value == display_text(raw)


BOOLS = [
    ("oui", True), ("non", False), ("OUI", True), ("Non", False), ("ja", True), ("nee", False),
    ("Ja", True), ("NEE", False), ("yes", True), ("no", False), ("true", True), ("FALSE", False),
    ("vrai", True), ("faux", False), ("waar", True), ("onwaar", False), ("1", True), ("0", False),
    ("x", True), ("X", True), (" oui ", True), (True, True), (False, False), (1.0, True), (0.0, False),
    ("", None), ("  ", None),
]
BAD_BOOLS = ["peut-être", "2", "nope", 2.0, D(2024, 1, 1)]


@pytest.mark.parametrize(("raw", "expected"), BOOLS)
def test_bool(raw: object, expected: bool | None) -> None:
    assert parse_bool(raw) is expected


@pytest.mark.parametrize("raw", BAD_BOOLS)
def test_bad_bool(raw: object) -> None:
    result = parse_bool(raw)
    assert isinstance(result, Invalid)
    assert "oui/non" in result.reason


NUMBERS = [
    ("1.314,20", Decimal("1314.20")),
    ("1314,20", Decimal("1314.20")),
    ("1314.20", Decimal("1314.20")),
    ("1,314.20", Decimal("1314.20")),
    ("1 314,20", Decimal("1314.20")),
    ("1\u00a0314,20", Decimal("1314.20")),
    ("1.314,20 €", Decimal("1314.20")),
    ("€1314,20", Decimal("1314.20")),
    ("1314,20 EUR", Decimal("1314.20")),
    ("1.314", Decimal("1314")),  # Belgian thousands separator
    ("1.234.567,5", Decimal("1234567.5")),
    ("0,5", Decimal("0.5")),
    ("0.314", Decimal("0.314")),
    ("-12,5", Decimal("-12.5")),
    ("1314", Decimal("1314")),
    (1314.2, Decimal("1314.2")),
    (1314, Decimal("1314")),
    ("", None),
]
BAD_NUMBERS = ["abc", "1,2,3", "12.34.5", "1.314,20,5", "12a", "-", True]


@pytest.mark.parametrize(("raw", "expected"), NUMBERS)
def test_number(raw: object, expected: Decimal | None) -> None:
    result = parse_number(raw)
    assert result == expected
    assert result is None or type(result) is Decimal


@pytest.mark.parametrize("raw", BAD_NUMBERS)
def test_bad_number(raw: object) -> None:
    assert isinstance(parse_number(raw), Invalid)


CATEGORY = field_parser(CASES.by_name["category"])
DURATION = field_parser(SANCTIONS.by_name["duration_days"])


@pytest.mark.parametrize(("raw", "expected"), [
    ("1", 1), ("2", 2), ("3", 3), (3.0, 3), ("2,0", 2), (" 2 ", 2),
    ("isolé", 2), ("Isolée", 2), ("cohabitant", 1), ("famille à charge", 3), ("Famille a charge", 3),
    ("samenwonende", 1), ("alleenstaande", 2), ("gezin ten laste", 3), ("cat. 2", 2), ("Catégorie 3", 3),
    ("", None),
])
def test_category(raw: object, expected: int | None) -> None:
    assert CATEGORY(raw) == expected


@pytest.mark.parametrize("raw", ["4", "0", "2,5", "isolated-ish", True])
def test_bad_category(raw: object) -> None:
    assert isinstance(CATEGORY(raw), Invalid)


@pytest.mark.parametrize(("raw", "expected"), [("30", 30), ("30,0", 30), (30.0, 30), ("1.000", 1000), ("", None)])
def test_integer(raw: object, expected: int | None) -> None:
    assert DURATION(raw) == expected


@pytest.mark.parametrize("raw", ["2,5", "-3", "trente", 2.5])
def test_bad_integer(raw: object) -> None:
    assert isinstance(DURATION(raw), Invalid)


CHOICES = [
    ("piis_type", "student", "student"), ("piis_type", "étudiant", "student"), ("piis_type", "Etudiant", "student"),
    ("piis_type", "studie", "student"), ("piis_type", "STUDENT", "student"),
    ("piis_type", "emploi", "employment"), ("piis_type", "werk", "employment"),
    ("piis_type", "tewerkstelling", "employment"), ("piis_type", "employment", "employment"),
    ("piis_type", "social", "social"), ("piis_type", "sociaal", "social"),
    ("piis_type", "intégration sociale", "social"), ("piis_type", "Maatschappelijke integratie", "social"),
    ("piis_requested_by", "bénéficiaire", "beneficiary"), ("piis_requested_by", "begunstigde", "beneficiary"),
    ("piis_requested_by", "client", "beneficiary"), ("piis_requested_by", "cliënt", "beneficiary"),
    ("piis_requested_by", "CPAS", "cpas"), ("piis_requested_by", "ocmw", "cpas"),
    ("exemption_reason", "santé", "health"), ("exemption_reason", "gezondheid", "health"),
    ("exemption_reason", "équité", "equity"), ("exemption_reason", "billijkheid", "equity"),
    ("recovery_decision", "récupérer", "recover"), ("recovery_decision", "recouvrer", "recover"),
    ("recovery_decision", "terugvorderen", "recover"), ("recovery_decision", "renoncer", "waive"),
    ("recovery_decision", "renonciation", "waive"), ("recovery_decision", "afzien", "waive"),
    ("piis_type", "", None),
]


@pytest.mark.parametrize(("field", "raw", "expected"), CHOICES)
def test_choice(field: str, raw: str, expected: str | None) -> None:
    assert field_parser(CASES.by_name[field])(raw) == expected


@pytest.mark.parametrize(("field", "raw"), [("piis_type", "autre"), ("exemption_reason", "oui"),
                                            ("recovery_decision", "peut-être")])
def test_bad_choice(field: str, raw: str) -> None:
    result = field_parser(CASES.by_name[field])(raw)
    assert isinstance(result, Invalid)
    assert all(choice in result.reason for choice in CASES.by_name[field].choices)


def test_user_values_come_first_and_fall_back() -> None:
    parse = field_parser(CASES.by_name["piis_type"], {"contratetudiant": "student", "aucun": None})
    assert parse("Contrat étudiant") == "student"
    assert parse("AUCUN") is None
    assert parse("emploi") == "employment"  # built-in synonyms still apply
    assert isinstance(parse("autre"), Invalid)


@pytest.mark.parametrize(("raw", "expected"), [
    ("  Dupont ", "Dupont"), ("", None), (12345.0, "12345"), (12.5, "12.5"), (D(2024, 3, 7), "07/03/2024"),
    (dt.datetime(2024, 3, 7, 9, 5), "07/03/2024 09:05"), (True, "TRUE"), (None, None),
])
def test_display_text(raw: object, expected: str | None) -> None:
    assert display_text(raw) == expected


@pytest.mark.parametrize("order", [(True, 1.0), (1.0, True)])
def test_memo_keeps_true_apart_from_one(order: tuple[object, object]) -> None:
    """True == 1.0 as dict keys: a TRUE cell must not make the category 1 invalid, or the reverse."""
    memo = cell_memo(CASES.by_name["category"])
    results = {type(raw): memo[raw] for raw in order}
    assert results[float] == 1
    assert isinstance(results[bool], Invalid)
    assert memo.invalid_seen


def test_memo_parses_each_value_once() -> None:
    calls: list[object] = []

    def parse(raw: object) -> object:
        calls.append(raw)
        return parse_date(raw)

    memo = CellMemo(parse, guard_bool_keys=True)
    assert [memo[v] for v in ("17/03/2024", "17/03/2024", "", "17/03/2024")] == [D(2024, 3, 17), D(2024, 3, 17),
                                                                                 None, D(2024, 3, 17)]
    assert calls == ["17/03/2024"]
    assert not memo.invalid_seen
