"""Does a translation keep the frame words? A dictionary's rates in originals and their translations.

:func:`dictionary_agreement` takes documents linked in pairs by a column (``parallel_id``:
a Ukrainian address and its English translation have the same value) and, per pattern or
dictionary concept, compares side A (``group_a``, the originals) with side B (``group_b``,
the translations), both told apart by the ``side`` column (``language``). With ``c_ai``,
``n_ai`` the concept's count and the tokens of pair ``i``'s side-A documents (summed when a
pair has several), and likewise ``c_bi``, ``n_bi``, over the ``m`` pairs that have tokens on
both sides:

- ``per_10k_a = 10⁴ Σ c_ai / Σ n_ai`` and ``per_10k_b`` likewise (pooled rates of the linked
  texts only, as :func:`framing.term_rates` defines them);
- ``retention = per_10k_b / per_10k_a``: the translation's rate as a share of the original's
  (1: the translation names the concept as often; below 1: its patterns miss forms the
  translator used, or the translator dropped the frame; NaN when the originals never use it);
- ``correlation``: Pearson's r across pairs of the per-pair rates ``x_i = 10⁴ c_ai / n_ai`` and
  ``y_i = 10⁴ c_bi / n_bi`` — whether the texts that use the frame most are also the
  translations that do (NaN when either side is constant, e.g. never used);
- ``docs_a``, ``docs_b``, ``docs_both``: pairs whose side A, side B, both use the concept.

Intervals (``{stat}_lo``, ``{stat}_hi``) are percentile intervals of the pair bootstrap
(:mod:`framing.stats.bootstrap`): the ``m`` pairs are resampled with replacement — a pair
keeps its two sides together, so the intervals of ``retention`` and ``correlation`` account
for the pairing — from one random stream seeded by ``seed`` and keyed by the two sides.
Replicate ``b`` weights pair ``i`` by ``w_bi`` and computes every statistic from weighted
sums (``r_b`` from ``Σw``, ``Σwx``, ``Σwy``, ``Σwx²``, ``Σwy²``, ``Σwxy``), Efron & Tibshirani
(1993), ch. 13 and 6.

Counts use every pattern of a dictionary on both sides (an English pattern does not match
Ukrainian text, so in effect each side is counted by its own language's patterns).

>>> import framing as fr, pandas as pd
>>> c = fr.from_dataframe(pd.DataFrame({"outlet": ["x"] * 4, "date": ["2022-03-01"] * 4,
...     "language": ["uk", "en", "uk", "en"], "parallel_id": [1, 1, 2, 2],
...     "text": ["Агресія і війна.", "Aggression and war.", "Мир.", "Peace, aggression."]}))
>>> t = dictionary_agreement(c, {"AGGRESSION": "lemma:агресія|aggression"}, n_boot=0)
>>> t[["pattern", "pairs", "count_a", "count_b", "per_10k_a", "per_10k_b", "retention"]]
      pattern  pairs  count_a  count_b  per_10k_a  per_10k_b  retention
0  AGGRESSION      2        1        2     2500.0     4000.0        1.6
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from framing._infra.errors import ArgumentError, CorpusError
from framing.corpus.corpus import Corpus
from framing.dtm.grouping import by_columns
from framing.dtm.matrix import DocTermMatrix
from framing.dtm.patterns import PatternSpec, pattern_matrix, resolve
from framing.stats.bootstrap import check_bootstrap, percentile_interval, resample_sums

PER = 10_000
"""Rates are per this many tokens."""
COLUMNS = ["group_a", "group_b", "pattern", "pairs", "count_a", "count_b", "tokens_a", "tokens_b", "docs_a", "docs_b",
           "docs_both", "per_10k_a", "per_10k_a_lo", "per_10k_a_hi", "per_10k_b", "per_10k_b_lo", "per_10k_b_hi",
           "retention", "retention_lo", "retention_hi", "correlation", "correlation_lo", "correlation_hi"]
"""The columns of :func:`dictionary_agreement`."""
PAIR_BOOTSTRAP = "percentile bootstrap over the linked pairs (an original and its translation resampled together)"
"""How every interval of :func:`dictionary_agreement` is computed (its table's ``attrs["ci_method"]``)."""


def _pair_codes(docs: pd.DataFrame, by: list[str], side: str, group_a: str, group_b: str
                ) -> tuple[np.ndarray, np.ndarray, int]:
    """Per document: its pair's code (-1 outside a linked pair) and whether it is on side A; the pair count."""
    missing = [c for c in [*by, side] if c not in docs.columns]
    if missing:
        raise ArgumentError(f"dictionary_agreement needs the column(s) {missing}: by={by if len(by) > 1 else by[0]!r} "
                            f"links an original to its translation and side={side!r} tells them apart; the "
                            f"documents have columns {list(docs.columns)}")
    values = docs[side].astype("string")
    present = sorted(values.dropna().unique().tolist())
    for name, value in (("group_a", group_a), ("group_b", group_b)):
        if value not in present:
            raise ArgumentError(f"{name}={value!r} is not a value of the column {side!r}; its values are {present}")
    if group_a == group_b:
        raise ArgumentError(f"group_a and group_b are both {group_a!r}: give the originals' and the translations' "
                            f"{side}")
    link = by[0] if len(by) == 1 else by
    keys = docs[by].astype("string")
    on_a, on_b = (values == group_a).fillna(False).to_numpy(), (values == group_b).fillna(False).to_numpy()
    usable = keys.notna().all(axis=1).to_numpy() & (on_a | on_b)
    codes = np.full(len(docs), -1, dtype=np.int64)
    codes[usable] = pd.MultiIndex.from_frame(keys[usable]).factorize()[0]
    n = int(codes.max()) + 1 if usable.any() else 0
    linked = (np.bincount(codes[on_a & usable], minlength=n) > 0) & (np.bincount(codes[on_b & usable], minlength=n) > 0)
    if not linked.any():
        raise CorpusError(f"no value of {link!r} links a document with {side}={group_a!r} to one with "
                          f"{side}={group_b!r} ({int(on_a.sum())} and {int(on_b.sum())} documents): give each "
                          f"original and its translation the same {link!r}")
    renumber = np.cumsum(linked) - 1
    pair = np.where(usable & linked[codes.clip(0)], renumber[codes.clip(0)], -1)
    return pair, on_a, int(linked.sum())


def _side_sums(codes: np.ndarray, rows: np.ndarray, counts: sp.csc_matrix, lengths: np.ndarray,
               pairs: int) -> tuple[np.ndarray, np.ndarray]:
    """Per pair, the counts (pairs × patterns) and tokens of one side's documents."""
    keep = np.flatnonzero(rows & (codes >= 0))
    link = sp.csr_matrix((np.ones(len(keep)), (codes[keep], keep)), shape=(pairs, len(codes)))
    return np.asarray((link @ counts).todense(), dtype=float), link @ lengths.astype(float)


def _statistics(sums: np.ndarray, k: int) -> dict[str, np.ndarray]:
    """The statistics of each pattern from (weighted) sums: rows are replicates (or the one estimate)."""
    n_a, n_b, weight = sums[:, 0:1], sums[:, 1:2], sums[:, 2:3]
    ca, cb, x, y, xx, yy, xy = (sums[:, 3 + j * k:3 + (j + 1) * k] for j in range(7))
    with np.errstate(divide="ignore", invalid="ignore"):
        rate_a, rate_b = PER * ca / n_a, PER * cb / n_b
        cov = xy / weight - (x / weight) * (y / weight)
        var_x, var_y = xx / weight - (x / weight) ** 2, yy / weight - (y / weight) ** 2
        # a constant side (rounding leaves a tiny variance) has no correlation
        varies = (var_x > 1e-12 * xx / weight) & (var_y > 1e-12 * yy / weight)
        r = np.where(varies, cov / np.sqrt(var_x * var_y), np.nan)
        return {"per_10k_a": rate_a, "per_10k_b": rate_b, "retention": np.where(ca > 0, rate_b / rate_a, np.nan),
                "correlation": np.clip(r, -1.0, 1.0)}


def dictionary_agreement(data: Corpus | DocTermMatrix, patterns: PatternSpec, *,
                         by: str | Sequence[str] | None = "parallel_id", side: str = "language",
                         group_a: str = "uk", group_b: str = "en", n_boot: int = 1000, ci: float = 0.95,
                         seed: int = 1) -> pd.DataFrame:
    """Per pattern or dictionary concept, its rate in the originals against their translations.

    Args:
        data: a corpus or matrix whose documents carry the ``by`` and ``side`` columns.
        patterns: patterns or a :class:`~framing.terms.FrameDictionary` (one row per concept).
        by: the column(s) linking an original and its translation (equal values: one pair).
        side: the column telling the two sides apart (``language``).
        group_a: the originals' value of ``side`` (``"uk"``); ``group_b``: the translations' (``"en"``).
        n_boot, ci, seed: pair-bootstrap replicates, interval coverage, and the seed.

    Returns:
        One row per pattern, columns :data:`COLUMNS` (formulas in the module docstring).

    Raises:
        ArgumentError: a ``by`` or ``side`` column is missing, ``group_a``/``group_b`` is not
            one of ``side``'s values, or a bootstrap argument is bad.
        CorpusError: no value of ``by`` links a side-A document to a side-B document.
    """
    check_bootstrap(n_boot, ci, seed)
    cols = by_columns(by)
    if not cols:
        raise ArgumentError("by=None links nothing: give the column that pairs an original with its translation, "
                            "e.g. by='parallel_id'")
    dtm, compiled = resolve(data, patterns)
    names, counts = pattern_matrix(dtm, compiled)
    codes, on_a, pairs = _pair_codes(dtm.docs, cols, side, group_a, group_b)
    ca, n_a = _side_sums(codes, on_a, counts, dtm.doc_lengths, pairs)
    cb, n_b = _side_sums(codes, ~on_a, counts, dtm.doc_lengths, pairs)
    both = (n_a > 0) & (n_b > 0)  # a pair without any token on a side has no rate there
    ca, cb, n_a, n_b = ca[both], cb[both], n_a[both], n_b[both]
    x, y = PER * ca / n_a[:, None], PER * cb / n_b[:, None]
    values = np.column_stack([n_a, n_b, np.ones(len(n_a)), ca, cb, x, y, x * x, y * y, x * y])
    k = len(names)
    point = _statistics(values.sum(axis=0, keepdims=True), k)
    table = pd.DataFrame({"group_a": group_a, "group_b": group_b, "pattern": names, "pairs": int(both.sum()),
                          "count_a": ca.sum(axis=0).astype(np.int64), "count_b": cb.sum(axis=0).astype(np.int64),
                          "tokens_a": int(n_a.sum()), "tokens_b": int(n_b.sum()),
                          "docs_a": (ca > 0).sum(axis=0), "docs_b": (cb > 0).sum(axis=0),
                          "docs_both": ((ca > 0) & (cb > 0)).sum(axis=0)})
    replicates = resample_sums(values, n_boot=n_boot, seed=seed, key=f"agreement|{side}={group_a}|{side}={group_b}")
    boot = _statistics(replicates, k)
    for stat, estimate in point.items():
        table[stat] = estimate[0]
        table[f"{stat}_lo"], table[f"{stat}_hi"] = percentile_interval(boot[stat], ci)
    out = table[COLUMNS]
    out.attrs["ci_method"] = dict.fromkeys(point, PAIR_BOOTSTRAP)  # what figure captions name
    return out
