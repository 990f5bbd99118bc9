"""The intervals of rates, document shares, term shares and mean topic shares, chosen by simulated coverage.

``python -m benchmarks.coverage`` simulates bursty term counts (gamma–Poisson, log-normal
document lengths) and Dirichlet topic shares, and measures how often each method's 95%
interval covers the truth (``docs/validity.md``). The percentile bootstrap covered only
0.80–0.88 of rates with 20–50 documents per group; the defaults below reach about 0.95:

==============  ==================  ===============================================================
statistic       ``ci_method``       interval
==============  ==================  ===============================================================
``per_10k``     ``"profile"``       negative-binomial profile likelihood (:mod:`.likelihood`);
                                    Garwood's exact Poisson interval when the count is 0
``doc_share``   ``"profile"``       Wilson score; Clopper–Pearson when no or every document
                                    matches (:mod:`.proportions`)
``share``       ``"fieller"``       Fieller's interval of the ratio of sums with the documents as
                                    clusters (:mod:`.ratio`); Clopper–Pearson on
                                    ``count / mentions`` when the share is 0 or 1
``prevalence``  ``"studentized"``   studentized bootstrap (bootstrap-t) of the mean
==============  ==================  ===============================================================

``ci_method="percentile"`` keeps the percentile bootstrap of framing 0.1
(:func:`framing.stats.bootstrap.percentile_interval`) — except where it degenerates to a point
(a count of 0, a share of 0 or 1, a single document, identical documents): there the exact
Garwood or Clopper–Pearson interval of the pooled counts is used instead, as above.

**Studentized bootstrap** (Efron & Tibshirani 1993, §12.5; Davison & Hinkley 1997, §5.2.1):
with ``x̄`` the group's mean, ``se = s/√n`` and, in replicate ``b``, ``x̄*_b`` and ``se*_b`` (both
from the resampled sums of ``x`` and ``x²``), ``t*_b = (x̄*_b − x̄) / se*_b``; the interval is
``[x̄ − q*(1 − α/2) se, x̄ − q*(α/2) se]`` with ``q*`` the quantiles of ``t*`` and ``α = 1 − ci``,
clipped to ``[0, 1]`` for shares. Replicates with ``se*_b = 0`` are left out.

>>> x = np.array([[0.9], [0.1], [0.05], [0.6], [0.02], [0.3]])
>>> lo, hi = mean_intervals(x, ci_method="studentized", n_boot=2000, ci=0.95, seed=1, key="outlet=a")
>>> bool(lo[0] < x.mean() < hi[0])
True
"""

from __future__ import annotations

import numpy as np

from framing._infra.errors import ArgumentError
from framing.stats.bootstrap import percentile_interval, resample_sums
from framing.stats.likelihood import rate_profile_interval
from framing.stats.proportions import clopper_pearson_interval, wilson_interval
from framing.stats.ratio import fieller_ratio_interval
from framing.stats.two_rates import garwood_interval

CI_METHODS = {
    "term_rates": ("profile", "percentile"),
    "term_share": ("fieller", "percentile"),
    "topic_prevalence": ("studentized", "percentile"),
}
"""The interval methods each function accepts as ``ci_method``, its default first."""

DESCRIPTIONS = {
    ("per_10k", "profile"): "negative-binomial profile likelihood; Garwood exact at count 0",
    ("doc_share", "profile"): "Wilson score; Clopper–Pearson at 0 or all documents",
    ("share", "fieller"): "Fieller ratio-of-sums interval, documents as clusters; Clopper–Pearson at share 0 or 1",
    ("prevalence", "studentized"): "studentized bootstrap",
    ("per_10k", "percentile"): "percentile bootstrap; Garwood exact at count 0",
    ("doc_share", "percentile"): "percentile bootstrap; Clopper–Pearson at 0 or all documents",
    ("share", "percentile"): "percentile bootstrap; Clopper–Pearson at share 0 or 1",
    ("prevalence", "percentile"): "percentile bootstrap",
}
"""What a table's ``attrs["ci_method"]`` says of each interval column, for captions and legends."""

Interval = tuple[np.ndarray, np.ndarray]


def check_ci_method(function: str, ci_method: str) -> None:
    """Raise :class:`~framing.ArgumentError` unless ``function`` accepts ``ci_method``.

    >>> check_ci_method("term_rates", "bca")
    Traceback (most recent call last):
    ...
    framing._infra.errors.ArgumentError: ci_method must be one of 'profile', 'percentile' (term_rates), got 'bca'
    """
    accepted = CI_METHODS[function]
    if ci_method not in accepted:
        raise ArgumentError(f"ci_method must be one of {', '.join(map(repr, accepted))} ({function}), "
                            f"got {ci_method!r}")


def describe(stats: list[str], ci_method: str) -> dict[str, str]:
    """``{stat: description}`` of the interval columns of a table (``attrs["ci_method"]``).

    >>> describe(["prevalence"], "studentized")
    {'prevalence': 'studentized bootstrap'}
    """
    return {stat: DESCRIPTIONS[stat, ci_method] for stat in stats}


def _percentile(values: np.ndarray, num: np.ndarray, den: np.ndarray, spec: tuple[int, float, int, str]) -> Interval:
    """Percentile intervals of ``Σ num_j / Σ den`` from one group's resampled sums."""
    n_boot, ci, seed, key = spec
    k = num.shape[1]
    sums = resample_sums(np.hstack([num, den[:, None]]), n_boot=n_boot, seed=seed, key=key)
    with np.errstate(divide="ignore", invalid="ignore"):
        reps = np.where(sums[:, [k]] > 0, sums[:, :k] / sums[:, [k]], np.nan)
    return percentile_interval(reps, ci)


def rate_intervals(counts: np.ndarray, tokens: np.ndarray, *, ci_method: str, n_boot: int, ci: float, seed: int,
                   key: str) -> Interval:
    """Intervals of the rates per token ``Σ counts[:, j] / Σ tokens`` of one group (``documents × k`` counts)."""
    c, t = np.asarray(counts, dtype=float), np.asarray(tokens, dtype=float)
    total, exposure = c.sum(axis=0), t.sum()
    if ci_method == "percentile":
        lo, hi = _percentile(values=c, num=c, den=t, spec=(n_boot, ci, seed, key))
    else:
        lo, hi = np.full(len(total), np.nan), np.full(len(total), np.nan)
        for j in np.flatnonzero((total > 0) & (exposure > 0)):
            lo[j], hi[j] = rate_profile_interval(c[:, j], t, ci=ci)
    # a point "interval" (a count of 0, one document, identical documents) gets Garwood's exact one
    exact = (exposure > 0) & ((total == 0) | (lo == hi))
    if exact.any():
        lo[exact], hi[exact] = garwood_interval(total[exact], exposure, ci=ci)
    return lo, hi


def proportion_intervals(hits: np.ndarray, *, ci_method: str, n_boot: int, ci: float, seed: int,
                         key: str) -> Interval:
    """Intervals of the share of documents with a hit, ``mean(hits[:, j])``, of one group (0/1 values)."""
    h = np.asarray(hits, dtype=float)
    x, n = h.sum(axis=0), np.full(h.shape[1], float(len(h)))
    if ci_method == "percentile":
        lo, hi = _percentile(values=h, num=h, den=np.ones(len(h)), spec=(n_boot, ci, seed, key))
    else:
        lo, hi = wilson_interval(x, n, ci=ci)
    edge = (x == 0) | (x == n) | (lo == hi)
    exact_lo, exact_hi = clopper_pearson_interval(x, n, ci=ci)
    return np.where(edge, exact_lo, lo), np.where(edge, exact_hi, hi)


def share_intervals(counts: np.ndarray, *, ci_method: str, n_boot: int, ci: float, seed: int, key: str) -> Interval:
    """Intervals of each column's share of all mentions, ``Σ counts[:, j] / Σ counts``, of one group."""
    c = np.asarray(counts, dtype=float)
    mentions = c.sum(axis=1)
    x, m = c.sum(axis=0), np.full(c.shape[1], mentions.sum())
    if ci_method == "percentile":
        lo, hi = _percentile(values=c, num=c, den=mentions, spec=(n_boot, ci, seed, key))
    else:
        lo, hi = fieller_ratio_interval(c, mentions, ci=ci)
    # undefined (NaN) where Fieller's variance estimate is 0: one document, or the same share in each
    edge = (m > 0) & ((x == 0) | (x == m) | (lo == hi) | np.isnan(lo))
    exact_lo, exact_hi = clopper_pearson_interval(x, m, ci=ci)
    return np.where(edge, exact_lo, lo), np.where(edge, exact_hi, hi)


def mean_intervals(values: np.ndarray, *, ci_method: str, n_boot: int, ci: float, seed: int, key: str) -> Interval:
    """Intervals of each column's mean over one group's documents (module docstring)."""
    x = np.asarray(values, dtype=float)
    n, k = x.shape
    sums = resample_sums(np.hstack([x, x * x]), n_boot=n_boot, seed=seed, key=key)
    means = sums[:, :k] / n
    if ci_method == "percentile":
        return percentile_interval(means, ci)
    lo, hi = np.full(k, np.nan), np.full(k, np.nan)
    if n < 2:
        return lo, hi
    mean, se = x.mean(axis=0), x.std(axis=0, ddof=1) / np.sqrt(n)
    with np.errstate(divide="ignore", invalid="ignore"):
        se_star = np.sqrt(np.maximum(sums[:, k:] / n - means ** 2, 0) / (n - 1))
        t_star = np.where(se_star > 0, (means - mean) / se_star, np.nan)
    q_lo, q_hi = percentile_interval(t_star, ci)
    return np.clip(mean - q_hi * se, 0, 1), np.clip(mean - q_lo * se, 0, 1)
