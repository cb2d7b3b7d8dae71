"""The Belgian date module: the circular's examples, the month-end rule, working days, and
properties that must hold for every date (hypothesis)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piis_audit import dates

DAYS = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))


@pytest.mark.parametrize(("start", "months", "end", "clamped"), [
    (dt.date(2016, 11, 17), 3, dt.date(2017, 2, 16), False),   # circular §4.1 example
    (dt.date(2024, 3, 1), 1, dt.date(2024, 3, 31), False),     # 1-month suspension from 01/03
    (dt.date(2024, 1, 31), 3, dt.date(2024, 4, 30), True),     # day 31 does not exist in April
    (dt.date(2023, 11, 30), 3, dt.date(2024, 2, 29), True),    # leap February
    (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28), True),    # one year from 29/02
    (dt.date(2024, 1, 1), 12, dt.date(2024, 12, 31), False),
])
def test_month_periods(start: dt.date, months: int, end: dt.date, clamped: bool) -> None:
    period = dates.month_period_end(start, months)
    assert (period.value, period.clamped) == (end, clamped)


def test_month_end_rule_alternative() -> None:
    assert dates.month_period_end(dt.date(2024, 1, 31), 3, dates.MonthEndRule.DAY_BEFORE_CLAMPED).value \
        == dt.date(2024, 4, 29)


def test_first_of_month_after_decision_in_february() -> None:
    assert dates.first_of_month_after(dt.date(2024, 2, 17), 3) == dt.date(2024, 5, 1)


def test_age() -> None:
    assert dates.age_on(dt.date(2000, 11, 18), dt.date(2025, 11, 17)) == 24
    assert dates.age_on(dt.date(2000, 11, 17), dt.date(2025, 11, 17)) == 25
    assert dates.age_on(dt.date(2004, 2, 29), dt.date(2022, 2, 28)) == 17
    assert dates.age_on(dt.date(2004, 2, 29), dt.date(2022, 3, 1)) == 18


def test_the_ten_legal_holidays() -> None:
    holidays_2025 = dates.belgian_legal_holidays(2025)
    expected = {dt.date(2025, 1, 1), dt.date(2025, 4, 21), dt.date(2025, 5, 1), dt.date(2025, 5, 29),
                dt.date(2025, 6, 9), dt.date(2025, 7, 21), dt.date(2025, 8, 15), dt.date(2025, 11, 1),
                dt.date(2025, 11, 11), dt.date(2025, 12, 25)}
    assert expected <= holidays_2025
    # Anything else the library lists is a Sunday (Easter Sunday, Whit Sunday), never a working day.
    assert all(d.weekday() == 6 for d in holidays_2025 - expected)


def test_saturday_is_a_working_day_by_default() -> None:
    friday = dt.date(2025, 3, 7)
    assert dates.add_working_days(friday, 1) == dt.date(2025, 3, 8)
    assert dates.add_working_days(friday, 1, saturday_is_working_day=False) == dt.date(2025, 3, 10)


def test_working_days_skip_holidays_and_do_not_count_the_event_day() -> None:
    # Thursday 24/04/2025 ... Easter Monday was 21/04; 30/04 (Wed) + 1 -> 02/05 (01/05 is a holiday)
    assert dates.add_working_days(dt.date(2025, 4, 30), 1) == dt.date(2025, 5, 2)
    # an interview within 5 working days of a request on Friday 18/04/2025 (Easter Monday 21/04)
    assert dates.add_working_days(dt.date(2025, 4, 18), 5) == dt.date(2025, 4, 25)
    assert dates.working_days_between(dt.date(2025, 4, 18), dt.date(2025, 4, 25)) == 5


@given(DAYS)
def test_three_month_period_is_89_to_92_days(start: dt.date) -> None:
    end = dates.month_period_end(start, 3).value
    assert 89 <= dates.days_between(start, end) + 1 <= 92


@given(DAYS, st.integers(min_value=0, max_value=40), st.booleans())
def test_working_days_never_land_on_sunday_or_holiday(start: dt.date, count: int, saturday: bool) -> None:
    result = dates.add_working_days(start, count, saturday)
    if count:
        assert result.weekday() != 6
        assert result not in dates.belgian_legal_holidays(result.year)
        assert dates.is_working_day(result, saturday)
        assert dates.working_days_between(start, result, saturday) == count


@given(DAYS, st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=30))
def test_more_working_days_never_earlier(start: dt.date, a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert dates.add_working_days(start, low) <= dates.add_working_days(start, high)


@given(DAYS, st.integers(min_value=1, max_value=24))
def test_month_periods_are_monotonic_and_contiguous(start: dt.date, months: int) -> None:
    shorter = dates.month_period_end(start, months).value
    longer = dates.month_period_end(start, months + 1).value
    assert start <= shorter < longer


def test_months_touched() -> None:
    assert dates.months_touched(dt.date(2024, 11, 21), dt.date(2025, 2, 3)) == [
        dt.date(2024, 11, 1), dt.date(2024, 12, 1), dt.date(2025, 1, 1), dt.date(2025, 2, 1)]
    assert dates.months_touched(dt.date(2025, 3, 5), dt.date(2025, 3, 31)) == [dt.date(2025, 3, 1)]
    assert dates.months_touched(dt.date(2025, 3, 5), dt.date(2025, 2, 28)) == []


@pytest.mark.parametrize(("day", "limit", "clamped"), [
    (dt.date(2017, 11, 21), dt.date(2017, 12, 21), False),  # the circular's example
    (dt.date(2018, 1, 31), dt.date(2018, 2, 28), True),  # a day February lacks: its last day
    (dt.date(2024, 1, 31), dt.date(2024, 2, 29), True),
    (dt.date(2024, 3, 31), dt.date(2024, 4, 30), True),
    (dt.date(2024, 12, 15), dt.date(2025, 1, 15), False),
])
def test_same_day_one_month_later(day: dt.date, limit: dt.date, clamped: bool) -> None:
    """The limit "one month after signature" (docs/questions.md question 9): same day number, clamped."""
    shifted = dates.shift_months(day, 1)
    assert (shifted.value, shifted.clamped) == (limit, clamped)
