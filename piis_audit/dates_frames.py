"""The month arithmetic of :mod:`piis_audit.dates`, as polars expressions over date columns.

The same rules, once, for whole columns: ``dt.offset_by("Nmo")`` keeps the day number and clamps
it to the target month's last day, which is :func:`piis_audit.dates.shift_months`; a period
"de quantième à veille de quantième" is that day minus one, except when the start day does not
exist in the target month and the month-end rule is ``last_day_of_month`` (then the period ends
on that last day). Each function returns the value and the ``clamped`` flag the scalar
functions return in :class:`piis_audit.dates.Shifted` (null where the date is null).
"""

from __future__ import annotations

import polars as pl

from piis_audit.dates import MonthEndRule


def shift_months(day: pl.Expr, months: int | pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """The same day number ``months`` later (earlier when negative), clamped to the month's end,
    and whether it was clamped (:func:`piis_audit.dates.shift_months`). ``months`` may be a
    column of month counts."""
    by = f"{months}mo" if isinstance(months, int) else pl.format("{}mo", months)
    value = day.dt.offset_by(by)
    return value, day.dt.day() > value.dt.day()


def month_period_end(start: pl.Expr, months: int | pl.Expr,
                     rule: MonthEndRule = MonthEndRule.LAST_DAY) -> tuple[pl.Expr, pl.Expr]:
    """Last day of a period of ``months`` months from ``start`` (start counted), and whether the
    start day was missing from the target month (:func:`piis_audit.dates.month_period_end`)."""
    shifted, clamped = shift_months(start, months)
    day_before = shifted.dt.offset_by("-1d")
    if rule is MonthEndRule.LAST_DAY:
        return pl.when(clamped).then(shifted).otherwise(day_before), clamped
    return day_before, clamped


def first_of_month(day: pl.Expr) -> pl.Expr:
    """First day of ``day``'s month."""
    return day.dt.month_start()


def last_of_month(day: pl.Expr) -> pl.Expr:
    """Last day of ``day``'s month."""
    return day.dt.month_end()


def days_between(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Calendar days from ``start`` to ``end`` (negative when ``end`` is earlier), as Int64."""
    return (end - start).dt.total_days()


def age_on(birth: pl.Expr, day: pl.Expr) -> pl.Expr:
    """Age in whole years on ``day`` (:func:`piis_audit.dates.age_on`; born 29/02: a year older
    on 01/03)."""
    before_birthday = (day.dt.month() < birth.dt.month()) | (
        (day.dt.month() == birth.dt.month()) & (day.dt.day() < birth.dt.day()))
    return (day.dt.year().cast(pl.Int64) - birth.dt.year().cast(pl.Int64)
            - before_birthday.cast(pl.Int64))
