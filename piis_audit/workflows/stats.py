"""Attribute-sampling statistics, with the standard library only.

* :func:`attribute_sample_size`: how many cases to test so that finding at most ``K`` deviations
  lets the auditor say, at the chosen confidence, that the deviation rate is below the tolerable
  rate. Binomial for a large (unknown) population, hypergeometric for a finite one (fewer cases
  suffice: 45 of 100 rather than 59 at 95 % and 5 %).
* :func:`upper_deviation_limit`: the one-sided Clopper–Pearson upper limit on the deviation rate
  after ``x`` deviations in ``n`` tested cases.

Sizes are computed with exact fractions (``fractions.Fraction``), so a published table value is
never missed by a rounding error at the threshold; the upper limit is a float found by bisection.
"""

from __future__ import annotations

import math
from fractions import Fraction


def as_fraction(value: float | str | Fraction) -> Fraction:
    """``0.95`` as ``19/20`` (through its decimal text, not its binary approximation)."""
    if isinstance(value, Fraction):
        return value
    return Fraction(str(value))


def check_rate(name: str, value: float | Fraction) -> Fraction:
    """A probability strictly between 0 and 1, else ValueError naming the argument."""
    frac = as_fraction(value)
    if not 0 < frac < 1:
        raise ValueError(f"{name} must be strictly between 0 and 1, got {value}")
    return frac


def binomial_cdf_exact(k: int, n: int, p: Fraction) -> Fraction:
    """P(X <= k) for X ~ Binomial(n, p), exactly."""
    q = 1 - p
    return sum((math.comb(n, i) * p**i * q ** (n - i) for i in range(0, min(k, n) + 1)), Fraction(0))


def hypergeometric_cdf_exact(k: int, population: int, defectives: int, n: int) -> Fraction:
    """P(X <= k) when drawing ``n`` of ``population`` items without replacement, ``defectives``
    of which deviate."""
    total = math.comb(population, n)
    good = population - defectives
    favourable = sum(math.comb(defectives, i) * math.comb(good, n - i)
                     for i in range(0, min(k, n, defectives) + 1))
    return Fraction(favourable, total)


def population_deviations(tolerable_rate: Fraction, population: int) -> int:
    """The fewest deviations a population of this size must hold to reach the tolerable rate."""
    return math.ceil(tolerable_rate * population)


def attribute_sample_size(confidence: float | Fraction, tolerable_rate: float | Fraction,
                          expected_deviations: int = 0, population: int | None = None) -> int:
    """The smallest n such that, if the population deviated at the tolerable rate, seeing at most
    ``expected_deviations`` deviations in n cases would have probability <= 1 - confidence.

    ``population=None`` (large population): binomial. A given population: hypergeometric, with
    ceil(tolerable_rate × N) deviations in the population; the size never exceeds N (testing
    every case is then the only way to conclude).

    >>> attribute_sample_size(0.95, 0.05), attribute_sample_size(0.90, 0.10)
    (59, 22)
    >>> attribute_sample_size(0.95, 0.05, population=100), attribute_sample_size(0.95, 0.05, population=1000)
    (45, 57)
    """
    conf = check_rate("confidence", confidence)
    rate = check_rate("tolerable rate", tolerable_rate)
    if expected_deviations < 0:
        raise ValueError(f"expected deviations must be >= 0, got {expected_deviations}")
    risk = 1 - conf
    k = expected_deviations

    if population is None:
        def too_risky(n: int) -> bool:
            return binomial_cdf_exact(k, n, rate) > risk

        # P(X <= k) decreases with n: double to an upper bound, then bisect.
        high = max(1, k + 1)
        while too_risky(high):
            high *= 2
        low = high // 2 if high > 1 else 0  # too_risky(low) holds, or low == 0
        while high - low > 1:
            mid = (low + high) // 2
            if too_risky(mid):
                low = mid
            else:
                high = mid
        return high

    if population < 1:
        raise ValueError(f"population must be >= 1, got {population}")
    defectives = population_deviations(rate, population)
    if defectives <= k:
        # Even a whole population holding only these deviations cannot exceed the rate: no
        # sample of fewer than all cases can tell; test them all.
        return population

    def too_risky_finite(n: int) -> bool:
        return hypergeometric_cdf_exact(k, population, defectives, n) > risk

    if too_risky_finite(population):
        return population
    # Bisect in floating point (exact big-integer binomials are slow for tens of thousands of
    # cases), then settle the answer exactly: the float search lands within a step of it.
    risk_float = float(risk)
    low, high = k, population  # k draws can all be deviations: too risky
    while high - low > 1:
        mid = (low + high) // 2
        if _hypergeometric_cdf_float(k, population, defectives, mid) > risk_float:
            low = mid
        else:
            high = mid
    while high < population and too_risky_finite(high):
        high += 1
    while high - 1 > k and not too_risky_finite(high - 1):
        high -= 1
    return high


def _log_comb(a: int, b: int) -> float:
    return math.lgamma(a + 1) - math.lgamma(b + 1) - math.lgamma(a - b + 1)


def _hypergeometric_cdf_float(k: int, population: int, defectives: int, n: int) -> float:
    good = population - defectives
    log_total = _log_comb(population, n)
    return sum(math.exp(_log_comb(defectives, i) + _log_comb(good, n - i) - log_total)
               for i in range(max(0, n - good), min(k, n, defectives) + 1))


def _binomial_cdf_float(k: int, n: int, p: float) -> float:
    """P(X <= k), X ~ Binomial(n, p), in floating point through logarithms (no overflow)."""
    if p <= 0.0:
        return 1.0
    if p >= 1.0:
        return 1.0 if k >= n else 0.0
    log_p, log_q = math.log(p), math.log1p(-p)
    total = 0.0
    for i in range(0, min(k, n) + 1):
        log_term = (math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1)
                    + i * log_p + (n - i) * log_q)
        total += math.exp(log_term)
    return min(total, 1.0)


def upper_deviation_limit(deviations: int, tested: int, confidence: float) -> float:
    """One-sided Clopper–Pearson upper limit on the deviation rate: the rate p at which seeing
    at most ``deviations`` in ``tested`` cases has probability exactly 1 - confidence.

    Found by bisection on the binomial CDF (decreasing in p) to 1e-12.

    >>> round(upper_deviation_limit(0, 45, 0.90), 4), round(upper_deviation_limit(0, 59, 0.95), 4)
    (0.0499, 0.0495)
    """
    if tested < 1:
        raise ValueError("at least one tested case is needed")
    if not 0 <= deviations <= tested:
        raise ValueError(f"deviations must be between 0 and {tested}, got {deviations}")
    check_rate("confidence", confidence)
    if deviations == tested:
        return 1.0
    risk = 1.0 - confidence
    low, high = 0.0, 1.0
    while high - low > 1e-12:
        mid = (low + high) / 2
        if _binomial_cdf_float(deviations, tested, mid) > risk:
            low = mid
        else:
            high = mid
    return high
