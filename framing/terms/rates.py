"""How often each outlet uses a term: rates and term-choice shares with bootstrap intervals.

:func:`term_rates` gives, per group (outlet and/or period) and pattern, the count, the
denominators, the rate per 10,000 tokens and the share of documents that use the term.
:func:`term_share` gives, among the mentions of a set of alternatives ("invasion" vs
"special military operation" vs "conflict"), the share of each.

Uncertainty comes from resampling **documents**, not tokens, within each group (a
nonparametric bootstrap, Efron & Tibshirani 1993): words in one article are not
independent draws, and the document is the unit a newsroom publishes. Each replicate
draws ``n_g`` of the group's ``n_g`` documents with replacement; the replicate statistic
is the ratio of the resampled sums (e.g. Σcount / Σtokens), and ``lo``/``hi`` are the
``(1 − ci)/2`` and ``(1 + ci)/2`` percentiles of the replicates. Replicates are drawn as
multinomial weight matrices and summed with one matrix product per group and chunk — no
Python loop over replicates or documents. ``seed`` makes the intervals reproducible.

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

from collections.abc import Callable, Iterator, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from framing._infra.errors import FramingError
from framing.corpus.corpus import Corpus
from framing.dtm.matrix import DocTermMatrix, group_keys
from framing.dtm.patterns import PatternSpec, derived, pattern_matrix, resolve

PER = 10_000
"""Rates are per this many tokens."""
_CHUNK = 1 << 22  # resampling weights held in memory at once (replicates × documents)

Stat = Callable[[np.ndarray], np.ndarray]


def group_index(docs: pd.DataFrame, by: str | Sequence[str] | None, period: str | None
                ) -> tuple[pd.DataFrame, np.ndarray]:
    """Sorted group labels and each document's group number (``by`` columns, then ``period``).

    Computed once per document table and grouping (:func:`framing.dtm.patterns.derived`).
    """
    def compute() -> tuple[pd.DataFrame, np.ndarray]:
        keys = group_keys(docs, by, period)
        if not len(keys.columns):
            return pd.DataFrame(index=[0]), np.zeros(len(docs), dtype=np.int64)
        grouped = keys.groupby(list(keys.columns), sort=True, dropna=False)
        return grouped.size().index.to_frame(index=False), grouped.ngroup().to_numpy(dtype=np.int64)

    key = ("groups", by if isinstance(by, str) or by is None else tuple(by), period)
    labels, codes = derived(docs, key, compute)
    return labels.copy(), codes


def _check(n_boot: int, ci: float) -> None:
    if not isinstance(n_boot, (int, np.integer)) or n_boot < 0:
        raise FramingError(f"n_boot must be a whole number ≥ 0 (0 = no intervals), got {n_boot!r}")
    if not 0 < ci < 1:
        raise FramingError(f"ci must be between 0 and 1 (e.g. 0.95), got {ci!r}")


def resample_sums(values: np.ndarray, codes: np.ndarray, n_groups: int, n_boot: int,
                  seed: int) -> Iterator[tuple[int, np.ndarray]]:
    """Bootstrap sums of ``values`` (documents × k) per group: yields ``(group, n_boot × k)``.

    Replicate ``b`` of group ``g`` is ``Σ_d w_bd · values[d]`` over the group's documents,
    with ``w_b`` ~ Multinomial(n_g, 1/n_g) — documents drawn with replacement.
    """
    rng = np.random.default_rng(seed)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(n_groups + 1))
    for g in range(n_groups):
        x = values[order[bounds[g]:bounds[g + 1]]]
        n = len(x)
        if n == 0:
            continue
        out = np.empty((n_boot, x.shape[1]))
        step = max(1, _CHUNK // n)
        for start in range(0, n_boot, step):
            b = min(step, n_boot - start)
            draws = rng.integers(0, n, size=(b, n)) + (np.arange(b) * n)[:, None]
            weights = np.bincount(draws.ravel(), minlength=b * n).reshape(b, n)
            out[start:start + b] = weights @ x
        yield g, out


def _intervals(values: Callable[[], np.ndarray], codes: np.ndarray, n_groups: int, stat: Stat,
               spec: tuple[int, float, int], width: int) -> tuple[np.ndarray, np.ndarray]:
    """Percentile intervals (groups × width) of ``stat`` applied to resampled group sums.

    ``values()`` gives the per-document quantities to resample; it is called only when
    ``n_boot > 0``.
    """
    n_boot, ci, seed = spec
    lo = np.full((n_groups, width), np.nan)
    hi = np.full((n_groups, width), np.nan)
    if n_boot == 0:
        return lo, hi
    tail = (1 - ci) / 2
    for g, sums in resample_sums(values(), codes, n_groups, n_boot, seed):
        reps = stat(sums)
        with np.errstate(all="ignore"):
            ok = ~np.isnan(reps).all(axis=0)
            lo[g, ok] = np.nanquantile(reps[:, ok], tail, axis=0)
            hi[g, ok] = np.nanquantile(reps[:, ok], 1 - tail, axis=0)
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
             period: str | None) -> tuple[DocTermMatrix, list[str], sp.csc_matrix, pd.DataFrame, np.ndarray]:
    dtm, compiled = resolve(data, patterns)
    names, counts = pattern_matrix(dtm, compiled)
    labels, codes = group_index(dtm.docs, by, period)
    return dtm, names, counts, labels, codes


def _group_sums(counts: sp.csc_matrix, codes: np.ndarray, n_groups: int, lengths: np.ndarray) -> np.ndarray:
    """Per group: each pattern's count (k columns), documents using it (k), tokens, documents.

    Read from the sparse counts, so the cost follows the matches, not the corpus.
    """
    k = counts.shape[1]
    out = np.empty((n_groups, 2 * k + 2))
    for j in range(k):
        part = slice(counts.indptr[j], counts.indptr[j + 1])
        groups = codes[counts.indices[part]]
        out[:, j] = np.bincount(groups, weights=counts.data[part], minlength=n_groups)
        out[:, k + j] = np.bincount(groups, minlength=n_groups)
    out[:, 2 * k] = np.bincount(codes, weights=lengths, minlength=n_groups)
    out[:, 2 * k + 1] = np.bincount(codes, minlength=n_groups)
    return out


def _doc_values(counts: sp.csc_matrix, lengths: np.ndarray) -> np.ndarray:
    """Per document, the quantities :func:`_group_sums` adds up (for resampling)."""
    dense = counts.toarray().astype(float)
    return np.hstack([dense, dense > 0, lengths[:, None], np.ones((len(lengths), 1))])


def term_rates(data: Corpus | DocTermMatrix, patterns: PatternSpec, *, by: str | Sequence[str] | None = "outlet",
               period: str | None = None, n_boot: int = 1000, ci: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """Rates of patterns per group: per 10,000 tokens and share of documents, with intervals.

    ``per_10k = 10,000 · count / tokens`` and ``doc_share = docs_matched / docs``, where
    ``count`` is the number of occurrences of the pattern's terms, ``tokens`` all tokens
    (stopwords included) and ``docs_matched`` the documents with at least one occurrence.
    Intervals: percentile bootstrap over documents within each group (module docstring).

    Args:
        data: a Corpus or a DocTermMatrix (see :func:`framing.dtm.patterns.resolve`).
        patterns: a pattern, a list, a dict name → pattern(s), or a frame dictionary.
        by: metadata column(s) to group by, or ``None`` for one group.
        period: ``"D"``, ``"W"``, ``"M"``, ``"Q"`` or ``"Y"`` to group by period too.
        n_boot, ci, seed: bootstrap replicates (0: no intervals), interval level, seed.

    Returns:
        Columns: the group columns, ``pattern``, ``count``, ``tokens``, ``docs_matched``,
        ``docs``, ``per_10k``, ``per_10k_lo``, ``per_10k_hi``, ``doc_share``,
        ``doc_share_lo``, ``doc_share_hi``.
    """
    _check(n_boot, ci)
    dtm, names, counts, labels, codes = _prepare(data, patterns, by, period)
    k = len(names)
    sums = _group_sums(counts, codes, len(labels), dtm.doc_lengths)

    def stat(s: np.ndarray) -> np.ndarray:
        return np.hstack([PER * _ratio(s[:, :k], s[:, [2 * k]]), _ratio(s[:, k:2 * k], s[:, [2 * k + 1]])])

    lo, hi = _intervals(lambda: _doc_values(counts, dtm.doc_lengths), codes, len(labels), stat,
                        (n_boot, ci, seed), 2 * k)
    point = stat(sums)
    tokens = np.repeat(sums[:, [2 * k]], k, axis=1)
    docs = np.repeat(sums[:, [2 * k + 1]], k, axis=1)
    return _long(labels, names, {
        "count": sums[:, :k].astype(np.int64), "tokens": tokens.astype(np.int64),
        "docs_matched": sums[:, k:2 * k].astype(np.int64), "docs": docs.astype(np.int64),
        "per_10k": point[:, :k], "per_10k_lo": lo[:, :k], "per_10k_hi": hi[:, :k],
        "doc_share": point[:, k:], "doc_share_lo": lo[:, k:], "doc_share_hi": hi[:, k:]})


def term_share(data: Corpus | DocTermMatrix, patterns: PatternSpec, *, by: str | Sequence[str] | None = "outlet",
               period: str | None = None, n_boot: int = 1000, ci: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """Term choice: among the mentions of alternative patterns, the share of each, per group.

    ``share = count / mentions`` with ``mentions`` the summed counts of all the patterns in
    the group (NaN when there are none). Intervals: percentile bootstrap over documents
    within each group, as in :func:`term_rates`.

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
        ``share``, ``share_lo``, ``share_hi``.
    """
    _check(n_boot, ci)
    dtm, names, counts, labels, codes = _prepare(data, patterns, by, period)
    k = len(names)
    if k < 2:
        raise FramingError("term_share compares alternatives: give at least two patterns, e.g. "
                           "{'invasion': 'invasion', 'SMO': 'special military operation'}")
    sums = _group_sums(counts, codes, len(labels), dtm.doc_lengths)

    def stat(s: np.ndarray) -> np.ndarray:
        return _ratio(s[:, :k], s[:, :k].sum(axis=1, keepdims=True))

    lo, hi = _intervals(lambda: counts.toarray().astype(float), codes, len(labels), stat, (n_boot, ci, seed), k)
    mentions = np.repeat(sums[:, :k].sum(axis=1, keepdims=True), k, axis=1)
    return _long(labels, names, {
        "count": sums[:, :k].astype(np.int64), "mentions": mentions.astype(np.int64),
        "docs": np.repeat(sums[:, [2 * k + 1]], k, axis=1).astype(np.int64),
        "share": stat(sums), "share_lo": lo, "share_hi": hi})
