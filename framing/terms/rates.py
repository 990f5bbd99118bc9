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
depends only on its documents and the seed. The table's ``attrs["ci_method"]`` names the
method of each interval column (figure captions quote it).

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

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from framing._infra.errors import FramingError
from framing.corpus.corpus import Corpus
from framing.dtm.grouping import Grouping
from framing.dtm.matrix import DocTermMatrix
from framing.dtm.patterns import PatternSpec, pattern_matrix, resolve
from framing.stats.bootstrap import check_bootstrap
from framing.stats.intervals import check_ci_method, describe, proportion_intervals, rate_intervals, share_intervals

PER = 10_000
"""Rates are per this many tokens."""

GroupInterval = Callable[[np.ndarray, str], tuple[np.ndarray, np.ndarray]]
"""``(document rows of a group, its key) -> (lo, hi)``, one value per interval column."""


def _intervals(groups: Grouping, n_boot: int, width: int, interval: GroupInterval) -> tuple[np.ndarray, np.ndarray]:
    """Intervals (groups × width) from ``interval`` applied to each non-empty group; NaN when ``n_boot`` is 0."""
    lo = np.full((groups.n_groups, width), np.nan)
    hi = np.full((groups.n_groups, width), np.nan)
    if n_boot == 0:
        return lo, hi
    for g, (rows, key) in enumerate(zip(groups.members, groups.keys)):
        if len(rows):
            lo[g], hi[g] = interval(rows, key)
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


def _group_sums(counts: sp.csc_matrix, groups: Grouping, lengths: np.ndarray) -> np.ndarray:
    """Per group: each pattern's count (k columns), documents using it (k), tokens, documents.

    Read from the sparse counts, so the cost follows the matches, not the corpus.
    """
    codes, n_groups = groups.codes, groups.n_groups
    k = counts.shape[1]
    out = np.empty((n_groups, 2 * k + 2))
    for j in range(k):
        part = slice(counts.indptr[j], counts.indptr[j + 1])
        matched = codes[counts.indices[part]]
        out[:, j] = np.bincount(matched, weights=counts.data[part], minlength=n_groups)
        out[:, k + j] = np.bincount(matched, minlength=n_groups)
    out[:, 2 * k] = np.bincount(codes, weights=lengths, minlength=n_groups)
    out[:, 2 * k + 1] = groups.sizes
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
        Columns: the group columns, ``pattern``, ``count``, ``tokens``, ``docs_matched``,
        ``docs``, ``per_10k``, ``per_10k_lo``, ``per_10k_hi``, ``doc_share``,
        ``doc_share_lo``, ``doc_share_hi``; ``attrs["ci_method"]`` describes the intervals.
    """
    check_bootstrap(n_boot, ci, seed)
    check_ci_method("term_rates", ci_method)
    dtm, names, counts, groups = _prepare(data, patterns, by, period)
    k = len(names)
    sums = _group_sums(counts, groups, dtm.doc_lengths)

    def stat(s: np.ndarray) -> np.ndarray:
        return np.hstack([PER * _ratio(s[:, :k], s[:, [2 * k]]), _ratio(s[:, k:2 * k], s[:, [2 * k + 1]])])

    dense = counts.toarray() if n_boot else np.empty((0, k))  # only read when there are intervals

    def interval(rows: np.ndarray, key: str) -> tuple[np.ndarray, np.ndarray]:
        rate_lo, rate_hi = rate_intervals(dense[rows], dtm.doc_lengths[rows], ci_method=ci_method, n_boot=n_boot,
                                          ci=ci, seed=seed, key=key)
        share_lo, share_hi = proportion_intervals(dense[rows] > 0, ci_method=ci_method, n_boot=n_boot, ci=ci,
                                                  seed=seed, key=key)
        return np.hstack([PER * rate_lo, share_lo]), np.hstack([PER * rate_hi, share_hi])

    lo, hi = _intervals(groups, n_boot, 2 * k, interval)
    point = stat(sums)
    tokens = np.repeat(sums[:, [2 * k]], k, axis=1)
    docs = np.repeat(sums[:, [2 * k + 1]], k, axis=1)
    out = _long(groups.labels, names, {
        "count": sums[:, :k].astype(np.int64), "tokens": tokens.astype(np.int64),
        "docs_matched": sums[:, k:2 * k].astype(np.int64), "docs": docs.astype(np.int64),
        "per_10k": point[:, :k], "per_10k_lo": lo[:, :k], "per_10k_hi": hi[:, :k],
        "doc_share": point[:, k:], "doc_share_lo": lo[:, k:], "doc_share_hi": hi[:, k:]})
    out.attrs["ci_method"] = describe(["per_10k", "doc_share"], ci_method)
    return out


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
        Columns: the group columns, ``pattern``, ``count``, ``mentions``, ``docs``,
        ``share``, ``share_lo``, ``share_hi``; ``attrs["ci_method"]`` describes the intervals.
    """
    check_bootstrap(n_boot, ci, seed)
    check_ci_method("term_share", ci_method)
    dtm, names, counts, groups = _prepare(data, patterns, by, period)
    k = len(names)
    if k < 2:
        raise FramingError("term_share compares alternatives: give at least two patterns, e.g. "
                           "{'invasion': 'invasion', 'SMO': 'special military operation'}")
    sums = _group_sums(counts, groups, dtm.doc_lengths)

    def stat(s: np.ndarray) -> np.ndarray:
        return _ratio(s[:, :k], s[:, :k].sum(axis=1, keepdims=True))

    dense = counts.toarray() if n_boot else np.empty((0, k))  # only read when there are intervals

    def interval(rows: np.ndarray, key: str) -> tuple[np.ndarray, np.ndarray]:
        return share_intervals(dense[rows], ci_method=ci_method, n_boot=n_boot, ci=ci, seed=seed, key=key)

    lo, hi = _intervals(groups, n_boot, k, interval)
    mentions = np.repeat(sums[:, :k].sum(axis=1, keepdims=True), k, axis=1)
    out = _long(groups.labels, names, {
        "count": sums[:, :k].astype(np.int64), "mentions": mentions.astype(np.int64),
        "docs": np.repeat(sums[:, [2 * k + 1]], k, axis=1).astype(np.int64),
        "share": stat(sums), "share_lo": lo, "share_hi": hi})
    out.attrs["ci_method"] = describe(["share"], ci_method)
    return out
