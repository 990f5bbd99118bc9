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

from typing import Any

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


def interval_attrs(stats: list[str], ci_method: str, *, ci: float, n_boot: int, period: str | None
                   ) -> dict[str, Any]:
    """What a table with intervals records in its ``attrs`` for captions, legends and time axes.

    ``ci_method`` (:func:`describe` of ``stats``), ``ci`` (the level), ``n_boot`` (the bootstrap
    replicates; 0: no intervals) and ``period`` (the period code the table is grouped by, ``None``
    when it is not), as :mod:`framing.viz.captions` and :mod:`framing.viz.plots.timeaxis` read them.

    >>> interval_attrs(["prevalence"], "percentile", ci=0.9, n_boot=200, period="M")
    {'ci_method': {'prevalence': 'percentile bootstrap'}, 'ci': 0.9, 'n_boot': 200, 'period': 'M'}
    """
    return {"ci_method": describe(stats, ci_method), "ci": float(ci), "n_boot": int(n_boot), "period": period}


def _ratio_percentile(sums: np.ndarray, ci: float) -> Interval:
    """Percentile intervals of ``sums[:, j] / sums[:, k]`` (``j < k``, the last column the denominator)
    over the replicates; a replicate with a denominator of 0 is left out."""
    k = sums.shape[1] - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        reps = np.where(sums[:, [k]] > 0, sums[:, :k] / sums[:, [k]], np.nan)
    return percentile_interval(reps, ci)


def _replicates(num: np.ndarray, den: np.ndarray, spec: tuple[int, int, str]) -> np.ndarray:
    """One group's replicate sums of ``[num, den]`` (the denominator last)."""
    n_boot, seed, key = spec
    return resample_sums(np.hstack([num, den[:, None]]), n_boot=n_boot, seed=seed, key=key)


def _garwood_where_point(interval: Interval, total: np.ndarray, exposure: float, ci: float) -> Interval:
    """A point "interval" (a count of 0, one document, identical documents) replaced by Garwood's exact one."""
    lo, hi = interval
    exact = (exposure > 0) & ((total == 0) | (lo == hi))
    if exact.any():
        lo[exact], hi[exact] = garwood_interval(total[exact], exposure, ci=ci)
    return lo, hi


def _clopper_pearson_where_edge(interval: Interval, x: np.ndarray, n: np.ndarray, ci: float, edge: np.ndarray
                                ) -> Interval:
    exact_lo, exact_hi = clopper_pearson_interval(x, n, ci=ci)
    return np.where(edge, exact_lo, interval[0]), np.where(edge, exact_hi, interval[1])


def rate_intervals(counts: np.ndarray, tokens: np.ndarray, *, ci_method: str, n_boot: int, ci: float, seed: int,
                   key: str) -> Interval:
    """Intervals of the rates per token ``Σ counts[:, j] / Σ tokens`` of one group (``documents × k`` counts)."""
    c, t = np.asarray(counts, dtype=float), np.asarray(tokens, dtype=float)
    total, exposure = c.sum(axis=0), t.sum()
    if ci_method == "percentile":
        return rate_replicate_intervals(_replicates(c, t, (n_boot, seed, key)), total=total, exposure=exposure, ci=ci)
    lo, hi = np.full(len(total), np.nan), np.full(len(total), np.nan)
    for j in np.flatnonzero((total > 0) & (exposure > 0)):
        lo[j], hi[j] = rate_profile_interval(c[:, j], t, ci=ci)
    return _garwood_where_point((lo, hi), total, exposure, ci)


def rate_replicate_intervals(sums: np.ndarray, *, total: np.ndarray, exposure: float, ci: float) -> Interval:
    """:func:`rate_intervals` with ``ci_method="percentile"`` from the group's replicate sums.

    ``sums`` is ``n_boot × (k + 1)``: the resampled sums of the ``k`` counts and of the tokens
    (:func:`framing.stats.bootstrap.resample_sums`, or the parts added up over the blocks of a
    cluster, :func:`framing.stats.bootstrap.partial_resample_sums`); ``total`` the group's ``k``
    counts and ``exposure`` its tokens. Equal replicate sums give equal intervals.
    """
    return _garwood_where_point(_ratio_percentile(sums, ci), np.asarray(total, float), float(exposure), ci)


def proportion_intervals(hits: np.ndarray, *, ci_method: str, n_boot: int, ci: float, seed: int,
                         key: str) -> Interval:
    """Intervals of the share of documents with a hit, ``mean(hits[:, j])``, of one group (0/1 values)."""
    h = np.asarray(hits, dtype=float)
    x, n = h.sum(axis=0), np.full(h.shape[1], float(len(h)))
    if ci_method == "percentile":
        return proportion_replicate_intervals(_replicates(h, np.ones(len(h)), (n_boot, seed, key)), hits=x,
                                              docs=float(len(h)), ci=ci)
    interval = wilson_interval(x, n, ci=ci)
    return _clopper_pearson_where_edge(interval, x, n, ci, (x == 0) | (x == n) | (interval[0] == interval[1]))


def proportion_replicate_intervals(sums: np.ndarray, *, hits: np.ndarray, docs: float, ci: float) -> Interval:
    """:func:`proportion_intervals` with ``ci_method="percentile"`` from the group's replicate sums
    (``n_boot × (k + 1)``: the resampled hits and the resampled number of documents, ``docs`` in each
    replicate), ``hits`` the group's documents with a hit and ``docs`` its documents."""
    x, n = np.asarray(hits, float), np.full(sums.shape[1] - 1, float(docs))
    interval = _ratio_percentile(sums, ci)
    return _clopper_pearson_where_edge(interval, x, n, ci, (x == 0) | (x == n) | (interval[0] == interval[1]))


def share_intervals(counts: np.ndarray, *, ci_method: str, n_boot: int, ci: float, seed: int, key: str) -> Interval:
    """Intervals of each column's share of all mentions, ``Σ counts[:, j] / Σ counts``, of one group."""
    c = np.asarray(counts, dtype=float)
    mentions = c.sum(axis=1)
    if ci_method == "percentile":
        return share_replicate_intervals(_replicates(c, mentions, (n_boot, seed, key)), counts=c.sum(axis=0),
                                         mentions=mentions.sum(), ci=ci)
    x, m = c.sum(axis=0), np.full(c.shape[1], mentions.sum())
    return _share_edges(fieller_ratio_interval(c, mentions, ci=ci), x, m, ci)


def share_replicate_intervals(sums: np.ndarray, *, counts: np.ndarray, mentions: float, ci: float) -> Interval:
    """:func:`share_intervals` with ``ci_method="percentile"`` from the group's replicate sums
    (``n_boot × (k + 1)``: the resampled counts and the resampled mentions), ``counts`` the group's
    ``k`` counts and ``mentions`` their sum."""
    x = np.asarray(counts, float)
    return _share_edges(_ratio_percentile(sums, ci), x, np.full(len(x), float(mentions)), ci)


def _share_edges(interval: Interval, x: np.ndarray, m: np.ndarray, ci: float) -> Interval:
    # undefined (NaN) where Fieller's variance estimate is 0: one document, or the same share in each
    lo, hi = interval
    edge = (m > 0) & ((x == 0) | (x == m) | (lo == hi) | np.isnan(lo))
    return _clopper_pearson_where_edge(interval, x, m, ci, edge)


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
