"""Two Poisson rates: the exact conditional test of their ratio, its interval, and an interval of their difference.

Side ``a`` has ``x1`` events (occurrences of a term) in ``t1`` units of exposure (tokens),
side ``b`` ``x2`` in ``t2``; the rates are ``λ1 = x1/t1`` and ``λ2 = x2/t2``, the rate ratio
``θ = λ1/λ2`` and the difference ``δ = λ1 − λ2``. Everything is vectorised over arrays of
comparisons.

**Exact conditional test and interval of the ratio** (Przyborski & Wilenski 1940; Lehmann &
Romano 2005, §4.6; R's ``poisson.test(c(x1, x2), c(t1, t2))``). Given the total
``n = x1 + x2``, ``x1 ~ Binomial(n, π)`` with ``π = θ t1 / (θ t1 + t2)``, so testing ``θ = 1``
is testing ``π0 = t1 / (t1 + t2)``. The two-sided p-value is R's ``binom.test`` rule: the
probability of all outcomes no more likely than the observed one,
``p = Σ_{k : f(k) ≤ f(x1)(1 + 10⁻⁷)} f(k)`` with ``f`` the Binomial(n, π0) pmf (the factor
absorbs rounding between outcomes of equal probability). It is computed from ``log f``
summed with log-sum-exp, so ``log10_p`` stays finite where ``p`` underflows to 0. The
interval is Clopper & Pearson's (1934) for ``π``
(:func:`framing.stats.proportions.clopper_pearson_interval`), ``π_L = B⁻¹(α/2; x1, n − x1 + 1)`` and
``π_U = B⁻¹(1 − α/2; x1 + 1, n − x1)`` (``B⁻¹`` the beta quantile; ``π_L = 0`` when
``x1 = 0``, ``π_U = 1`` when ``x1 = n``), mapped to the ratio by
``θ = π / (1 − π) · t2 / t1``: ``x1 = 0`` gives a lower bound of 0, ``x2 = 0`` an upper bound
of ∞. With ``n = 0`` there is nothing to condition on: ratio, interval and p are NaN.

**MOVER interval of the difference** (Zou & Donner 2008; Li, Tang & Wong 2011): from each
rate's exact Garwood (1936) interval ``l = χ²(α/2; 2x) / 2t`` (0 when ``x = 0``),
``u = χ²(1 − α/2; 2x + 2) / 2t``,
``δ_L = δ − √((λ1 − l1)² + (u2 − λ2)²)`` and ``δ_U = δ + √((u1 − λ1)² + (λ2 − l2)²)`` —
unlike the Wald interval it is not [0, 0] when both counts are 0.

Both assume the events are independent (Poisson counts of tokens); words in one article are
not, so :mod:`framing.terms.compare` shows the document bootstrap beside them.

>>> lo, hi = ratio_interval([11], [800], [21], [3011], ci=0.95)   # R's poisson.test example
>>> round(float(lo[0]), 7), round(float(hi[0]), 7)
(0.8584264, 4.2772659)
>>> p, log10_p = ratio_test([11], [800], [21], [3011])
>>> round(float(p[0]), 5)
0.07967
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike
from scipy import special, stats

from framing.stats.proportions import clopper_pearson_interval

RELATIVE_ERROR = 1 + 1e-7
"""Outcomes whose probability is within this factor of the observed one count as equally likely (R's ``relErr``)."""


def _arrays(*values: ArrayLike) -> list[np.ndarray]:
    return [np.atleast_1d(np.asarray(v, dtype=float)) for v in np.broadcast_arrays(*values)]


def _log_two_sided(x: int, n: int, p0: float) -> float:
    """Natural log of R's two-sided ``binom.test(x, n, p0)`` p-value."""
    m = n * p0
    if x == m:
        return 0.0
    logf = stats.binom.logpmf(np.arange(n + 1), n, p0)
    limit = logf[x] + math.log(RELATIVE_ERROR)
    if x < m:
        y = int(np.count_nonzero(logf[math.ceil(m):] <= limit))
        lower, upper = logf[:x + 1], logf[n - y + 1:]
    else:
        y = int(np.count_nonzero(logf[:math.floor(m) + 1] <= limit))
        lower, upper = logf[:y], logf[x:]
    parts = [special.logsumexp(t) for t in (lower, upper) if len(t)]
    return min(0.0, float(np.logaddexp.reduce(parts)))


def ratio_test(x1: ArrayLike, t1: ArrayLike, x2: ArrayLike, t2: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Two-sided exact conditional p-value of ``λ1 = λ2``, and its ``log10`` (module docstring).

    Counts must be whole numbers ≥ 0 and exposures > 0; NaN where ``x1 + x2 = 0``.

    >>> p, log10_p = ratio_test([0, 3, 2000], [100, 100, 1e6], [0, 3, 10], [100, 100, 1e6])
    >>> p.round(4).tolist(), log10_p.round(1).tolist()
    ([nan, 1.0, 0.0], [nan, 0.0, -578.3])
    """
    a, ta, b, tb = _arrays(x1, t1, x2, t2)
    log_p = np.full(len(a), np.nan)
    for i in range(len(a)):
        n = int(a[i] + b[i])
        if n > 0:
            log_p[i] = _log_two_sided(int(a[i]), n, ta[i] / (ta[i] + tb[i]))
    return np.exp(log_p), log_p / math.log(10)


def ratio_interval(x1: ArrayLike, t1: ArrayLike, x2: ArrayLike, t2: ArrayLike, *,
                   ci: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact conditional (Clopper–Pearson) interval of ``θ = (x1/t1) / (x2/t2)`` at coverage ``ci``."""
    a, ta, b, tb = _arrays(x1, t1, x2, t2)
    p_lo, p_hi = clopper_pearson_interval(a, a + b, ci=ci)  # NaN where a + b = 0
    with np.errstate(divide="ignore", invalid="ignore"):
        return p_lo / (1 - p_lo) * tb / ta, np.where(p_hi == 1, np.inf, p_hi / (1 - p_hi) * tb / ta)


def garwood_interval(x: ArrayLike, t: ArrayLike, *, ci: float) -> tuple[np.ndarray, np.ndarray]:
    """Garwood's (1936) exact interval of a Poisson rate ``x / t``: χ² quantiles over ``2t``.

    >>> lo, hi = garwood_interval([0], [108_717], ci=0.95)
    >>> float(lo[0]), round(float(hi[0]) * 1e4, 3)   # per 10,000 tokens
    (0.0, 0.339)
    """
    x, t = _arrays(x, t)
    tail = (1 - ci) / 2
    with np.errstate(invalid="ignore"):
        lo = np.where(x == 0, 0.0, stats.chi2.ppf(tail, 2 * x) / 2)
    return lo / t, stats.chi2.ppf(1 - tail, 2 * x + 2) / 2 / t


def difference_interval(x1: ArrayLike, t1: ArrayLike, x2: ArrayLike, t2: ArrayLike, *,
                        ci: float) -> tuple[np.ndarray, np.ndarray]:
    """MOVER interval of ``δ = x1/t1 − x2/t2`` from the two Garwood intervals (module docstring)."""
    a, ta, b, tb = _arrays(x1, t1, x2, t2)
    r1, r2 = a / ta, b / tb
    l1, u1 = garwood_interval(a, ta, ci=ci)
    l2, u2 = garwood_interval(b, tb, ci=ci)
    d = r1 - r2
    return d - np.hypot(r1 - l1, u2 - r2), d + np.hypot(u1 - r1, r2 - l2)
