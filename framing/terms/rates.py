"""How often each outlet uses a term: rates and term-choice shares with bootstrap intervals.

:func:`term_rates` gives, per group (outlet and/or period) and pattern, the count, the
denominators, the rate per 10,000 tokens and the share of documents that use the term.
:func:`term_share` gives, among the mentions of a set of alternatives ("invasion" vs
"special military operation" vs "conflict"), the share of each.

Uncertainty treats the **document**, not the token, as the unit: words in one article are
not independent draws, and the document is the unit a newsroom publishes. The interval
method was chosen by simulated coverage (``python -m benchmarks.coverage``, ``docs/validity.md``;
:mod:`framing.stats.intervals`): by default (``ci_method="profile"``) ``per_10k`` has the
negative-binomial profile-likelihood interval fitted to the group's documents and ``doc_share``
Wilson's score interval; ``share`` (``ci_method="fieller"``) Fieller's interval of the ratio of
sums with the documents as clusters (:mod:`framing.stats.ratio`). A count of 0 (a share of 0
or 1) gets the exact Garwood or Clopper–Pearson interval.
``ci_method="percentile"`` gives the percentile bootstrap over documents of framing 0.1
(Efron & Tibshirani 1993; :mod:`framing.stats.bootstrap`): each group resamples its documents
from its own random stream, derived from ``seed`` and the group's label, so a group's interval
depends only on its documents and the seed. The table's ``attrs`` record how its intervals
were made — ``ci_method`` (the method of each interval column), ``ci``, ``n_boot`` — and its
``period`` (``None`` when not grouped by period): figure captions and legends quote them
(:mod:`framing.viz.captions`). Grouped by period, a table has a ``date`` column after
``period``: the mean date of the group's documents (:mod:`framing.dtm.dates`), where a plot
draws the period.

Counts come from the document-term matrix (:mod:`framing.dtm.patterns`), so a query never
re-tokenises; only the matched columns are read.

>>> import framing as fr, pandas as pd
>>> c = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "a", "b"], "date": ["2022-03-01"] * 3,
...     "text": ["The invasion began.", "No news today here.", "A special military operation."]}))
>>> term_rates(c, {"invasion": "invasion", "SMO": "special military operation"}, n_boot=0)[
...     ["outlet", "pattern", "count", "tokens", "per_10k", "doc_share"]].round(1)
  outlet   pattern  count  tokens  per_10k  doc_share
0      a  invasion      1       7   1428.6        0.5
1      a       SMO      0       7      0.0        0.0
2      b  invasion      0       4      0.0        0.0
3      b       SMO      1       4   2500.0        1.0
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from framing._infra.errors import FramingError
from framing.corpus.corpus import Corpus
from framing.dtm.dates import period_labels
from framing.dtm.grouping import Grouping, period_code
from framing.dtm.matrix import DocTermMatrix
from framing.dtm.patterns import PatternSpec, pattern_matrix, resolve
from framing.stats.bootstrap import check_bootstrap
from framing.stats.intervals import (
    check_ci_method,
    interval_attrs,
    proportion_intervals,
    proportion_replicate_intervals,
    rate_intervals,
    rate_replicate_intervals,
    share_intervals,
    share_replicate_intervals,
)

PER = 10_000
"""Rates are per this many tokens."""

Interval = tuple[np.ndarray, np.ndarray]
"""Lower and upper bounds."""
GroupInterval = Callable[[int, str], "Interval | None"]
"""``(group number, its key) -> (lo, hi)``, one value per interval column (``None``: no interval)."""


@dataclasses.dataclass(frozen=True)
class IntervalSpec:
    """How the intervals of one call are made: replicates (0: none), level, seed and method."""

    n_boot: int
    ci: float
    seed: int
    ci_method: str


def _intervals(keys: Sequence[str], n_boot: int, width: int, interval: GroupInterval) -> Interval:
    """Intervals (groups × width) from ``interval`` applied to each group; NaN when ``n_boot`` is 0."""
    lo = np.full((len(keys), width), np.nan)
    hi = np.full((len(keys), width), np.nan)
    if n_boot == 0:
        return lo, hi
    for g, key in enumerate(keys):
        bounds = interval(g, key)
        if bounds is not None:
            lo[g], hi[g] = bounds
    return lo, hi


def _long(labels: pd.DataFrame, names: list[str], columns: dict[str, np.ndarray]) -> pd.DataFrame:
    """Groups × patterns arrays to a long table, group-major, patterns in the order given."""
    n_groups, n_pat = len(labels), len(names)
    data = {c: np.repeat(labels[c].to_numpy(), n_pat) for c in labels.columns}
    data["pattern"] = np.tile(np.asarray(names, dtype=object), n_groups)
    data.update({name: np.asarray(arr).reshape(n_groups * n_pat) for name, arr in columns.items()})
    return pd.DataFrame(data)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def _prepare(data: Corpus | DocTermMatrix, patterns: PatternSpec, by: str | Sequence[str] | None,
             period: str | None) -> tuple[DocTermMatrix, list[str], sp.csc_matrix, Grouping]:
    dtm, compiled = resolve(data, patterns)
    names, counts = pattern_matrix(dtm, compiled)
    return dtm, names, counts, dtm.grouping(by, period)


def group_sums(counts: sp.csc_matrix, codes: np.ndarray, n_groups: int, lengths: np.ndarray) -> np.ndarray:
    """Per group: each pattern's count (k columns), documents using it (k), tokens, documents.

    ``counts`` is documents × patterns, ``codes`` each document's group. Read from the sparse
    counts, so the cost follows the matches, not the corpus. Whole numbers (in floating point):
    the sums of consecutive blocks of documents add up to the sums of all, exactly.
    """
    k = counts.shape[1]
    out = np.empty((n_groups, 2 * k + 2))
    for j in range(k):
        part = slice(counts.indptr[j], counts.indptr[j + 1])
        matched = codes[counts.indices[part]]
        out[:, j] = np.bincount(matched, weights=counts.data[part], minlength=n_groups)
        out[:, k + j] = np.bincount(matched, minlength=n_groups)
    out[:, 2 * k] = np.bincount(codes, weights=lengths, minlength=n_groups)
    out[:, 2 * k + 1] = np.bincount(codes, minlength=n_groups)
    return out


def rate_values(counts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Per document, what the percentile bootstrap of :func:`term_rates` resamples: the ``k`` counts,
    the tokens, the ``k`` hits (0/1) and 1 (``2k + 2`` columns)."""
    c = np.asarray(counts, float)
    return np.hstack([c, np.asarray(lengths, float)[:, None], c > 0, np.ones((len(c), 1))])


def _rate_bounds(rate: Interval, share: Interval) -> Interval:
    """``per_10k`` bounds (from rates per token) beside ``doc_share`` bounds."""
    return np.hstack([PER * rate[0], share[0]]), np.hstack([PER * rate[1], share[1]])


def _from_documents(counts: sp.spmatrix, groups: Grouping, spec: IntervalSpec, width: int,
                    interval: Callable[[np.ndarray, np.ndarray, str], Interval]) -> Interval:
    """``interval(counts of the group's documents, their rows, key)`` of each group, when there are intervals."""
    dense = counts.toarray() if spec.n_boot else np.empty((0, counts.shape[1]))  # read only for intervals
    members = groups.members if spec.n_boot else []

    def of_group(g: int, key: str) -> Interval | None:
        rows = members[g]
        return interval(dense[rows], rows, key) if len(rows) else None

    return _intervals(groups.keys, spec.n_boot, width, of_group)


def rate_intervals_from_documents(counts: sp.spmatrix, lengths: np.ndarray, groups: Grouping, spec: IntervalSpec
                                  ) -> Interval:
    """Intervals of ``per_10k`` (k columns) and ``doc_share`` (k) of each group, from its documents'
    counts (documents × patterns) and lengths (module docstring)."""
    def interval(c: np.ndarray, rows: np.ndarray, key: str) -> Interval:
        method, n_boot, ci, seed = spec.ci_method, spec.n_boot, spec.ci, spec.seed
        return _rate_bounds(rate_intervals(c, lengths[rows], ci_method=method, n_boot=n_boot, ci=ci, seed=seed, key=key),
                            proportion_intervals(c > 0, ci_method=method, n_boot=n_boot, ci=ci, seed=seed, key=key))

    return _from_documents(counts, groups, spec, 2 * counts.shape[1], interval)


def rate_intervals_from_replicates(replicates: Mapping[int, np.ndarray], sums: np.ndarray, keys: Sequence[str],
                                   spec: IntervalSpec) -> Interval:
    """:func:`rate_intervals_from_documents` with ``ci_method="percentile"`` from each group's replicate sums
    of :func:`rate_values` (``n_boot × (2k + 2)``, by group number) and the :func:`group_sums`: the same
    numbers when the replicate sums are equal."""
    k = (sums.shape[1] - 2) // 2

    def interval(g: int, key: str) -> Interval | None:
        if g not in replicates:
            return None
        reps, s = replicates[g], sums[g]
        return _rate_bounds(rate_replicate_intervals(reps[:, :k + 1], total=s[:k], exposure=s[2 * k], ci=spec.ci),
                            proportion_replicate_intervals(reps[:, k + 1:], hits=s[k:2 * k], docs=s[2 * k + 1],
                                                           ci=spec.ci))

    return _intervals(keys, spec.n_boot, 2 * k, interval)


def table_attrs(stats: list[str], spec: IntervalSpec, period: str | None) -> dict[str, object]:
    """The ``attrs`` of a rates or shares table (:func:`framing.stats.intervals.interval_attrs`), ``period``
    as its code (``"month"`` → ``"M"``)."""
    return interval_attrs(stats, spec.ci_method, ci=spec.ci, n_boot=spec.n_boot,
                          period=None if period is None else period_code(period))


def rates_table(labels: pd.DataFrame, names: list[str], sums: np.ndarray, bounds: Interval,
                spec: IntervalSpec, period: str | None) -> pd.DataFrame:
    """The table of :func:`term_rates` from the group labels (with their ``date``, :func:`framing.dtm.dates.period_labels`),
    the :func:`group_sums` and the intervals (groups × 2k)."""
    k = len(names)
    lo, hi = bounds
    point = np.hstack([PER * _ratio(sums[:, :k], sums[:, [2 * k]]), _ratio(sums[:, k:2 * k], sums[:, [2 * k + 1]])])
    tokens = np.repeat(sums[:, [2 * k]], k, axis=1)
    docs = np.repeat(sums[:, [2 * k + 1]], k, axis=1)
    out = _long(labels, names, {
        "count": sums[:, :k].astype(np.int64), "tokens": tokens.astype(np.int64),
        "docs_matched": sums[:, k:2 * k].astype(np.int64), "docs": docs.astype(np.int64),
        "per_10k": point[:, :k], "per_10k_lo": lo[:, :k], "per_10k_hi": hi[:, :k],
        "doc_share": point[:, k:], "doc_share_lo": lo[:, k:], "doc_share_hi": hi[:, k:]})
    out.attrs.update(table_attrs(["per_10k", "doc_share"], spec, period))
    return out


def share_values(counts: np.ndarray) -> np.ndarray:
    """Per document, what the percentile bootstrap of :func:`term_share` resamples: the ``k`` counts
    and their sum, the mentions (``k + 1`` columns)."""
    c = np.asarray(counts, float)
    return np.hstack([c, c.sum(axis=1, keepdims=True)])


def share_intervals_from_documents(counts: sp.spmatrix, groups: Grouping, spec: IntervalSpec) -> Interval:
    """Intervals of ``share`` (k columns) of each group, from its documents' counts (documents × patterns)."""
    def interval(c: np.ndarray, rows: np.ndarray, key: str) -> Interval:
        return share_intervals(c, ci_method=spec.ci_method, n_boot=spec.n_boot, ci=spec.ci, seed=spec.seed, key=key)

    return _from_documents(counts, groups, spec, counts.shape[1], interval)


def share_intervals_from_replicates(replicates: Mapping[int, np.ndarray], sums: np.ndarray, keys: Sequence[str],
                                    spec: IntervalSpec) -> Interval:
    """:func:`share_intervals_from_documents` with ``ci_method="percentile"`` from each group's replicate sums of
    :func:`share_values` (``n_boot × (k + 1)``, by group number) and the :func:`group_sums`."""
    k = (sums.shape[1] - 2) // 2

    def interval(g: int, key: str) -> Interval | None:
        if g not in replicates:
            return None
        return share_replicate_intervals(replicates[g], counts=sums[g, :k], mentions=sums[g, :k].sum(), ci=spec.ci)

    return _intervals(keys, spec.n_boot, k, interval)


def share_table(labels: pd.DataFrame, names: list[str], sums: np.ndarray, bounds: Interval,
                spec: IntervalSpec, period: str | None) -> pd.DataFrame:
    """The table of :func:`term_share` from the group labels (with their ``date``), the :func:`group_sums`
    and the intervals (groups × k)."""
    k = len(names)
    lo, hi = bounds
    mentions = np.repeat(sums[:, :k].sum(axis=1, keepdims=True), k, axis=1)
    out = _long(labels, names, {
        "count": sums[:, :k].astype(np.int64), "mentions": mentions.astype(np.int64),
        "docs": np.repeat(sums[:, [2 * k + 1]], k, axis=1).astype(np.int64),
        "share": _ratio(sums[:, :k], sums[:, :k].sum(axis=1, keepdims=True)), "share_lo": lo, "share_hi": hi})
    out.attrs.update(table_attrs(["share"], spec, period))
    return out


def term_rates(data: Corpus | DocTermMatrix, patterns: PatternSpec, *, by: str | Sequence[str] | None = "outlet",
               period: str | None = None, n_boot: int = 1000, ci: float = 0.95, seed: int = 1,
               ci_method: str = "profile") -> pd.DataFrame:
    """Rates of patterns per group: per 10,000 tokens and share of documents, with intervals.

    ``per_10k = 10,000 · count / tokens`` and ``doc_share = docs_matched / docs``, where
    ``count`` is the number of occurrences of the pattern's terms, ``tokens`` all tokens
    (stopwords included) and ``docs_matched`` the documents with at least one occurrence.
    Intervals (module docstring): ``ci_method="profile"`` (default) — negative-binomial profile
    likelihood for ``per_10k``, Wilson for ``doc_share``; ``"percentile"`` — percentile
    bootstrap over documents; exact Garwood / Clopper–Pearson bounds at a count of 0 (or a
    share of 1) either way.

    Args:
        data: a Corpus or a DocTermMatrix (see :func:`framing.dtm.patterns.resolve`).
        patterns: a pattern, a list, a dict name → pattern(s), or a frame dictionary.
        by: metadata column(s) to group by, or ``None`` for one group.
        period: ``"D"``, ``"W"``, ``"M"``, ``"Q"`` or ``"Y"`` (or ``"day"``, ``"week"``, ...)
            to group by period too (:data:`framing.dtm.grouping.PERIODS`).
        n_boot, ci, seed: bootstrap replicates (0: no intervals, whatever the method), interval
            level, seed.
        ci_method: ``"profile"`` or ``"percentile"`` (above).

    Returns:
        Columns: the group columns (with ``period``: then ``date``, the mean date of the group's
        documents), ``pattern``, ``count``, ``tokens``, ``docs_matched``, ``docs``, ``per_10k``,
        ``per_10k_lo``, ``per_10k_hi``, ``doc_share``, ``doc_share_lo``, ``doc_share_hi``;
        ``attrs``: ``ci_method`` (each interval column's method), ``ci``, ``n_boot``, ``period``
        (its code, or ``None``).
    """
    check_bootstrap(n_boot, ci, seed)
    check_ci_method("term_rates", ci_method)
    dtm, names, counts, groups = _prepare(data, patterns, by, period)
    sums = group_sums(counts, groups.codes, groups.n_groups, dtm.doc_lengths)
    spec = IntervalSpec(n_boot, ci, seed, ci_method)
    bounds = rate_intervals_from_documents(counts, dtm.doc_lengths, groups, spec)
    return rates_table(period_labels(dtm.docs, groups, period), names, sums, bounds, spec, period)


def term_share(data: Corpus | DocTermMatrix, patterns: PatternSpec, *, by: str | Sequence[str] | None = "outlet",
               period: str | None = None, n_boot: int = 1000, ci: float = 0.95, seed: int = 1,
               ci_method: str = "fieller") -> pd.DataFrame:
    """Term choice: among the mentions of alternative patterns, the share of each, per group.

    ``share = count / mentions`` with ``mentions`` the summed counts of all the patterns in
    the group (NaN when there are none). Intervals: ``ci_method="fieller"`` (default) —
    Fieller's interval of the ratio of sums ``Σ count_d / Σ mentions_d`` with a cluster-robust
    variance over documents (:mod:`framing.stats.ratio`; it covered 0.95–0.98 of simulated bursty
    shares with 20–200 documents, the percentile bootstrap 0.88–0.94); ``"percentile"`` — the
    percentile bootstrap over documents of framing 0.1. Clopper–Pearson on ``count / mentions``
    where the share is 0 or 1 or the interval degenerates (one document, or every document with
    the same share). ``n_boot=0`` gives no intervals, whatever the method.

    >>> import framing as fr, pandas as pd
    >>> c = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "a"], "date": ["2022-03-01"] * 2,
    ...     "text": ["Invasion, invasion!", "The special military operation."]}))
    >>> term_share(c, {"invasion": "invasion", "SMO": "special military operation"}, n_boot=0)[
    ...     ["pattern", "count", "mentions", "share"]]
        pattern  count  mentions     share
    0  invasion      2         3  0.666667
    1       SMO      1         3  0.333333

    Returns:
        Columns: the group columns (with ``period``: then ``date``, as :func:`term_rates`),
        ``pattern``, ``count``, ``mentions``, ``docs``, ``share``, ``share_lo``, ``share_hi``;
        ``attrs`` as :func:`term_rates`.
    """
    check_bootstrap(n_boot, ci, seed)
    check_ci_method("term_share", ci_method)
    dtm, names, counts, groups = _prepare(data, patterns, by, period)
    check_alternatives(names)
    sums = group_sums(counts, groups.codes, groups.n_groups, dtm.doc_lengths)
    spec = IntervalSpec(n_boot, ci, seed, ci_method)
    bounds = share_intervals_from_documents(counts, groups, spec)
    return share_table(period_labels(dtm.docs, groups, period), names, sums, bounds, spec, period)


def check_alternatives(names: list[str]) -> None:
    """:func:`term_share` compares alternatives: a :class:`~framing.FramingError` for fewer than two patterns."""
    if len(names) < 2:
        raise FramingError("term_share compares alternatives: give at least two patterns, e.g. "
                           "{'invasion': 'invasion', 'SMO': 'special military operation'}")
