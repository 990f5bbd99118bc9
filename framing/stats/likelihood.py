"""The profile-likelihood interval of a rate when documents are overdispersed.

**Rate** (``per_10k``). Document ``d`` has ``c_d`` occurrences in ``t_d`` tokens. A term is
used in bursts — an article about the invasion says "invasion" ten times, most say it never —
so the counts are modelled as negative binomial (gamma–Poisson) with a log-token offset:
``c_d ~ NB(mean μ_d = ρ t_d, shape κ)``, variance ``μ_d + μ_d²/κ`` (Cameron & Trivedi 2013,
*Regression Analysis of Count Data*, §3.3, "NB2"). The interval of the rate ``ρ`` is the
profile-likelihood interval (Venzon & Moolgavkar 1988; Pawitan 2001, *In All Likelihood*,
§2.6, §10.6): the ``ρ`` with ``2 (ℓ(ρ̂, κ̂) − max_κ ℓ(ρ, κ)) ≤ χ²₁(ci)``. ``ρ̂ = Σc / Σt`` is
the same ratio of sums that ``per_10k`` reports (the NB2 score equation for an intercept with
an offset is solved by it). Unlike a bootstrap percentile interval, the profile follows the
skewed likelihood of a few bursty documents and so reaches further above a small sample's
estimate.

The nuisance parameter is maximised on ``log κ`` in ``[−8, 12]`` (``κ → ∞`` is the Poisson
limit); the bounds are found by Brent's root finder on the log scale. It needs an estimate
strictly inside the parameter space: a count of 0 has no finite profile bound below, and
framing gives Garwood's exact interval there (:mod:`framing.stats.two_rates`).

>>> c = np.array([0, 0, 3, 0, 1, 0, 0, 7, 0, 2])
>>> t = np.array([400, 900, 650, 300, 1200, 500, 800, 700, 450, 1000])
>>> lo, hi = rate_profile_interval(c, t, ci=0.95)
>>> bool(lo < c.sum() / t.sum() < hi)
True
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy import optimize, special, stats

NUISANCE_BOUNDS = (-8.0, 12.0)
"""Search range of the log shape (log precision) when it is profiled out."""

LogLik = Callable[[float, float], float]


def _nb_loglik(c: np.ndarray, t: np.ndarray) -> LogLik:
    """NB2 log-likelihood of ``(log ρ, log κ)``, constants in ``c`` dropped.

    Documents without an occurrence add only ``−κ log(1 + μ_d/κ)``; the other terms are summed
    over the few documents that use the term, which keeps the many evaluations of a profile cheap.
    """
    used = c > 0
    cu, tu = c[used], t[used]

    def loglik(log_rate: float, log_shape: float) -> float:
        k, rate = math.exp(log_shape), math.exp(log_rate)
        mu = rate * tu
        return float(np.sum(special.gammaln(cu + k) + cu * np.log(mu / (k + mu))) - len(cu) * special.gammaln(k)
                     - k * np.sum(np.log1p(rate * t / k)))
    return loglik


def _profile(loglik: LogLik, psi: float) -> float:
    best = optimize.minimize_scalar(lambda nu: -loglik(psi, nu), bounds=NUISANCE_BOUNDS, method="bounded",
                                    options={"xatol": 1e-4})
    return -float(best.fun)


def _profile_bounds(loglik: LogLik, estimate: float, ci: float) -> tuple[float, float]:
    """Where the profile log-likelihood drops ``χ²₁(ci)/2`` below its maximum, on either side of ``estimate``."""
    top = _profile(loglik, estimate)
    drop = stats.chi2.ppf(ci, 1) / 2

    def excess(psi: float) -> float:
        return top - _profile(loglik, psi) - drop

    bounds = []
    for direction in (-1.0, 1.0):
        step, far = 0.5, estimate + 0.5 * direction
        while excess(far) < 0 and step < 64:  # widen the bracket until the likelihood has dropped enough
            step *= 2
            far = estimate + step * direction
        bounds.append(optimize.brentq(excess, *sorted((estimate, far)), xtol=1e-6) if excess(far) >= 0
                      else direction * np.inf)
    return bounds[0], bounds[1]


def rate_profile_interval(counts: np.ndarray, tokens: np.ndarray, *, ci: float) -> tuple[float, float]:
    """Negative-binomial profile-likelihood interval of ``Σcounts / Σtokens`` (module docstring).

    Needs ``Σcounts > 0``; documents without tokens carry no information and are left out.
    """
    c, t = np.asarray(counts, dtype=float), np.asarray(tokens, dtype=float)
    c, t = c[t > 0], t[t > 0]
    lo, hi = _profile_bounds(_nb_loglik(c, t), float(np.log(c.sum() / t.sum())), ci)
    return float(np.exp(lo)), float(np.exp(hi))

