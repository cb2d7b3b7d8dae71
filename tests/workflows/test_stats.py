"""Attribute-sampling sizes and Clopper–Pearson limits against published tables."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piis_audit.workflows.stats import (attribute_sample_size, binomial_cdf_exact,
                                        hypergeometric_cdf_exact, upper_deviation_limit)

# confidence, tolerable rate, expected deviations, population (None = large), published size.
# Large-population rows: AICPA Audit Sampling guide, tables A-1 (95 %) and A-2 (90 %), expected
# deviations stated as counts. Finite rows: the hypergeometric values of the issue.
SIZES = [
    (0.95, 0.05, 0, None, 59),
    (0.90, 0.10, 0, None, 22),
    (0.95, 0.10, 0, None, 29),
    (0.90, 0.05, 0, None, 45),
    (0.95, 0.05, 1, None, 93),
    (0.95, 0.05, 2, None, 124),
    (0.90, 0.05, 1, None, 77),
    (0.95, 0.05, 0, 100, 45),
    (0.95, 0.05, 0, 1000, 57),
]


@pytest.mark.parametrize("confidence, rate, k, population, expected", SIZES)
def test_published_sample_sizes(confidence: float, rate: float, k: int, population: int | None,
                                expected: int) -> None:
    assert attribute_sample_size(confidence, rate, k, population) == expected


def _smallest_by_definition(k: int, population: int, confidence: Fraction, rate: Fraction) -> int:
    defectives = math.ceil(rate * population)
    if defectives <= k:
        return population
    return next(n for n in range(population + 1)
                if hypergeometric_cdf_exact(k, population, defectives, n) <= 1 - confidence)


@pytest.mark.parametrize("k", [0, 1, 2])
def test_finite_size_is_the_smallest_meeting_the_definition(k: int) -> None:
    for population in range(1, 160, 3):
        assert attribute_sample_size(0.95, 0.05, k, population) == _smallest_by_definition(
            k, population, Fraction(95, 100), Fraction(5, 100)), population


def test_large_population_size_meets_the_risk_and_one_less_does_not() -> None:
    n = attribute_sample_size(0.95, 0.02, 3)
    p, risk = Fraction(2, 100), Fraction(5, 100)
    assert binomial_cdf_exact(3, n, p) <= risk < binomial_cdf_exact(3, n - 1, p)


@settings(max_examples=40, deadline=None)
@given(population=st.integers(min_value=1, max_value=5000), k=st.integers(min_value=0, max_value=2))
def test_finite_size_never_exceeds_population_nor_binomial(population: int, k: int) -> None:
    size = attribute_sample_size(0.95, 0.05, k, population)
    assert 1 <= size <= population
    assert size <= attribute_sample_size(0.95, 0.05, k)


def test_large_finite_population_approaches_binomial() -> None:
    assert attribute_sample_size(0.95, 0.05, 0, 200_000) == 59


@pytest.mark.parametrize("confidence, rate", [(1.0, 0.05), (0.95, 0.0), (0, 0.1), (0.95, 1.5)])
def test_rates_outside_zero_one_are_refused(confidence: float, rate: float) -> None:
    with pytest.raises(ValueError):
        attribute_sample_size(confidence, rate)


def test_negative_expected_deviations_refused() -> None:
    with pytest.raises(ValueError):
        attribute_sample_size(0.95, 0.05, -1)


# deviations, tested, confidence, published upper limit (rounded as published)
LIMITS = [
    (0, 45, 0.90, 0.050),   # issue: 0 in 45 at 90 % ≈ 5.0 %
    (0, 59, 0.95, 0.0495),  # issue: 0 in 59 at 95 % ≈ 4.95 %
    # AICPA Audit Sampling, table A-3 (upper limits at 95 % confidence), sample of 100 and 50
    (0, 100, 0.95, 0.030),
    (1, 100, 0.95, 0.047),
    (2, 100, 0.95, 0.062),
    (1, 50, 0.95, 0.091),
]


@pytest.mark.parametrize("x, n, confidence, published", LIMITS)
def test_clopper_pearson_published_values(x: int, n: int, confidence: float, published: float) -> None:
    digits = len(f"{published}".split(".")[1])
    assert round(upper_deviation_limit(x, n, confidence), max(digits, 3)) == published


@pytest.mark.parametrize("n, confidence", [(10, 0.9), (45, 0.9), (59, 0.95), (300, 0.99)])
def test_zero_deviations_matches_closed_form(n: int, confidence: float) -> None:
    assert upper_deviation_limit(0, n, confidence) == pytest.approx(1 - (1 - confidence) ** (1 / n),
                                                                    abs=1e-9)


@pytest.mark.parametrize("x, n", [(1, 93), (2, 124), (5, 60), (17, 40)])
def test_limit_is_where_the_cdf_equals_the_risk(x: int, n: int) -> None:
    limit = upper_deviation_limit(x, n, 0.95)
    assert float(binomial_cdf_exact(x, n, Fraction(limit))) == pytest.approx(0.05, abs=1e-9)
    assert x / n < limit < 1


def test_limit_grows_with_deviations_and_all_deviations_give_one() -> None:
    limits = [upper_deviation_limit(x, 50, 0.95) for x in range(0, 51)]
    assert limits == sorted(limits) and len(set(limits)) == len(limits)
    assert limits[-1] == 1.0


def test_limit_refuses_impossible_counts() -> None:
    with pytest.raises(ValueError):
        upper_deviation_limit(3, 2, 0.95)
    with pytest.raises(ValueError):
        upper_deviation_limit(0, 0, 0.95)
