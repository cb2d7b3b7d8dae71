"""The vectorised month arithmetic gives what the scalar functions of piis_audit.dates give,
for every day of several years (leap years and month ends included)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from piis_audit import dates, dates_frames
from piis_audit.dates import MonthEndRule

DAYS = [dt.date(2015, 1, 1) + dt.timedelta(days=i)
        for i in range((dt.date(2021, 1, 1) - dt.date(2015, 1, 1)).days)]
FRAME = pl.DataFrame({"day": DAYS + [None]}, schema={"day": pl.Date})


@pytest.mark.parametrize("months", [m for m in range(-24, 25)])
def test_shift_months_is_the_scalar_one(months: int) -> None:
    value, clamped = dates_frames.shift_months(pl.col("day"), months)
    got = FRAME.select(value=value, clamped=clamped)
    expected = [dates.shift_months(d, months) for d in DAYS]
    assert got["value"].to_list() == [s.value for s in expected] + [None]
    assert got["clamped"].to_list() == [s.clamped for s in expected] + [None]


@pytest.mark.parametrize("rule", list(MonthEndRule))
@pytest.mark.parametrize("months", range(1, 25))
def test_month_period_end_is_the_scalar_one(months: int, rule: MonthEndRule) -> None:
    value, clamped = dates_frames.month_period_end(pl.col("day"), months, rule)
    got = FRAME.select(value=value, clamped=clamped)
    expected = [dates.month_period_end(d, months, rule) for d in DAYS]
    assert got["value"].to_list() == [s.value for s in expected] + [None]
    assert got["clamped"].to_list() == [s.clamped for s in expected] + [None]


def test_the_circular_examples() -> None:
    frame = pl.DataFrame({"day": [dt.date(2016, 11, 17), dt.date(2024, 1, 31), dt.date(2024, 3, 1)]})
    value, _ = dates_frames.month_period_end(pl.col("day"), 3)
    assert frame.select(value)["day"].to_list()[:2] == [dt.date(2017, 2, 16), dt.date(2024, 4, 30)]
    one, _ = dates_frames.month_period_end(pl.col("day"), 1)
    assert frame.select(one)["day"].to_list()[2] == dt.date(2024, 3, 31)


def test_age_and_month_bounds_are_the_scalar_ones() -> None:
    births = [dt.date(2000, 2, 29), dt.date(1990, 12, 31), dt.date(2001, 6, 15)]
    days = DAYS[::37]
    frame = pl.DataFrame({"birth": [b for b in births for _ in days], "day": days * len(births)})
    got = frame.select(age=dates_frames.age_on(pl.col("birth"), pl.col("day")),
                       first=dates_frames.first_of_month(pl.col("day")),
                       last=dates_frames.last_of_month(pl.col("day")),
                       between=dates_frames.days_between(pl.col("birth"), pl.col("day")))
    rows = list(zip(frame["birth"], frame["day"]))
    assert got["age"].to_list() == [dates.age_on(b, d) for b, d in rows]
    assert got["first"].to_list() == [dates.first_of_month(d) for _, d in rows]
    assert got["last"].to_list() == [dates.last_of_month(d) for _, d in rows]
    assert got["between"].to_list() == [dates.days_between(b, d) for b, d in rows]


def test_months_may_be_a_column() -> None:
    frame = pl.DataFrame({"day": DAYS[:400], "months": [(i % 30) + 1 for i in range(400)]})
    value, clamped = dates_frames.month_period_end(pl.col("day"), pl.col("months") * 12)
    got = frame.select(value=value, clamped=clamped)
    expected = [dates.month_period_end(d, m * 12) for d, m in zip(frame["day"], frame["months"])]
    assert got["value"].to_list() == [s.value for s in expected]
    assert got["clamped"].to_list() == [s.clamped for s in expected]
