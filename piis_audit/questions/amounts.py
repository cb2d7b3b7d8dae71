"""The monthly integration-income amounts (montants du revenu d'intégration / leefloonbedragen),
dated, per category.

The checklist holds the table (``amounts:`` in the YAML, one row per indexation, each with the
date it is in force from); this module answers "which amount was in force in that month for that
category". It is used for the money-at-risk estimate of ``increased-subsidy`` when the export
has no ``ri_monthly_amount``.

A month takes the amount in force on its first day. A month before the table's first row takes
the first row's amount, flagged ``before_table`` so the result can carry a note (the estimate is
then less certain). Keep the table current when the amounts are indexed.

Example, with the table of the SPP IS checklist (from 01/01/2020 cat. 2 = 940,11 €;
from 01/05/2024 1.288,46 €; from 01/02/2025 1.314,20 €)::

    April 2024, category 2    -> 940,11 €
    May 2024, category 2      -> 1.288,46 €
    March 2019, category 2    -> 940,11 €, before_table (note)
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from piis_audit import dates
from piis_audit.checklist.model import AmountRow


@dataclass(frozen=True)
class MonthAmount:
    """The amount in force for one month and one category."""

    month: dt.date  # first day of the month
    amount: Decimal
    before_table: bool  # the month is before the table's first row: the first row's amount is used


def amount_in_force(rows: Sequence[AmountRow], category: int, day: dt.date) -> MonthAmount:
    """The category's monthly amount in force on the first day of ``day``'s month.

    Raises ``ValueError`` when the table is empty or has no amount for the category.
    """
    return amounts_for_months(rows, category, (day,))[0]


def amounts_for_months(rows: Sequence[AmountRow], category: int,
                       months: Sequence[dt.date]) -> tuple[MonthAmount, ...]:
    """The amount in force for each month in ``months`` (any day of the month).

    Raises ``ValueError`` when the table is empty or has no amount for the category."""
    if not rows:
        raise ValueError("the checklist has no amounts table")
    ordered = sorted(rows, key=lambda r: r.valid_from)
    starts = [r.valid_from for r in ordered]
    out: list[MonthAmount] = []
    for day in months:
        month = dates.first_of_month(day)
        index = bisect.bisect_right(starts, month) - 1
        chosen = ordered[max(index, 0)]
        if category not in chosen.amounts:
            raise ValueError(f"the amounts table has no category {category}")
        out.append(MonthAmount(month, Decimal(chosen.amounts[category]), index < 0))
    return tuple(out)
