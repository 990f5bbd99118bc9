"""term_share's default interval: Fieller's interval of a ratio of sums, documents as clusters (issue 13).

The bounds are recomputed by root-finding on the statistic ``(X − pM) / √(n/(n−1) Σ(x − pm)²)``
with scipy's ``brentq`` (not the quadratic the code solves), and coverage by a seeded simulation
through the public :func:`framing.term_share`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy import optimize, stats

import framing as fr
from benchmarks.coverage import bursty_counts, lengths
from framing.dtm.matrix import DocTermMatrix, DTMOptions
from framing.stats.ratio import fieller_ratio_interval

Z = stats.norm.ppf(0.975)


def matrix_of(counts: np.ndarray, tokens: np.ndarray, outlets: list[str] | np.ndarray) -> DocTermMatrix:
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(outlets))], "outlet": outlets,
                         "date": pd.to_datetime(["2022-05-01"] * len(outlets))})
    return DocTermMatrix(matrix=sp.csr_matrix(np.asarray(counts, dtype=np.int64)),
                         vocab=np.array(["invasion", "operation"], dtype=object),
                         doc_lengths=np.asarray(tokens, dtype=np.int64), docs=docs, options=DTMOptions(),
                         fingerprint="test")


def statistic(p: float, x: np.ndarray, m: np.ndarray) -> float:
    n = len(x)
    return (x.sum() - p * m.sum()) / np.sqrt(n / (n - 1) * np.sum((x - p * m) ** 2))


# invasion, operation per document
COUNTS = np.array([[2, 1], [0, 2], [1, 0], [3, 1], [0, 1], [1, 1], [1, 0], [0, 2], [2, 0], [1, 2], [0, 1], [1, 0]])


def test_bounds_are_where_the_statistic_reaches_z():
    x, m = COUNTS[:, 0].astype(float), COUNTS.sum(axis=1).astype(float)
    lo, hi = fieller_ratio_interval(x[:, None], m, ci=0.95)
    p = x.sum() / m.sum()
    assert optimize.brentq(lambda q: statistic(q, x, m) - Z, 1e-9, p) == pytest.approx(lo[0], abs=1e-9)
    assert optimize.brentq(lambda q: statistic(q, x, m) + Z, p, 1 - 1e-9) == pytest.approx(hi[0], abs=1e-9)
    table = fr.term_share(matrix_of(COUNTS, [100] * 12, ["a"] * 12), ["invasion", "operation"], n_boot=10)
    assert table[["share_lo", "share_hi"]].iloc[0].tolist() == pytest.approx([lo[0], hi[0]], rel=1e-12)
    assert "Fieller" in table.attrs["ci_method"]["share"]


def test_one_heavy_document_leaves_a_side_open():
    """One document with most mentions: the set of p is unbounded on one side (a ≤ 0 in the quadratic)."""
    x, m = np.array([9.0, 0, 1, 0]), np.array([10.0, 1, 1, 1])
    lo, hi = fieller_ratio_interval(x[:, None], m, ci=0.95)
    grid = np.linspace(0, 1, 100_001)
    inside = grid[[abs(statistic(q, x, m)) <= Z for q in grid]]
    assert (lo[0], hi[0]) == pytest.approx((inside.min(), inside.max()), abs=2e-5)
    assert hi[0] == 1


def test_no_spread_falls_back_to_clopper_pearson():
    """Every document with mentions has the same share: the variance estimate is 0, the interval exact."""
    dtm = matrix_of(np.array([[1, 1], [2, 2], [0, 0]]), [100] * 3, ["a"] * 3)
    row = fr.term_share(dtm, ["invasion", "operation"], n_boot=10).iloc[0]
    exact = stats.binomtest(3, 6).proportion_ci(0.95, method="exact")
    assert [row["share_lo"], row["share_hi"]] == pytest.approx([exact.low, exact.high])


def test_percentile_stays_selectable():
    dtm = matrix_of(COUNTS, [100] * 12, ["a"] * 12)
    table = fr.term_share(dtm, ["invasion", "operation"], n_boot=200, ci_method="percentile")
    assert "percentile" in table.attrs["ci_method"]["share"]
    with pytest.raises(fr.ArgumentError, match=r"ci_method must be one of 'fieller', 'percentile' \(term_share\)"):
        fr.term_share(dtm, ["invasion", "operation"], ci_method="profile")


def test_share_intervals_cover_bursty_counts_in_20_document_cells():
    """500 outlets of 20 documents, κ = 1, rates 5 and 20 per 10k (share 0.2): the percentile bootstrap
    covered 450 of them (n_boot=1000), outside the central 99.8% of Binomial(500, 0.95)."""
    rng = np.random.default_rng(7)
    groups, docs = 500, 20
    t = lengths(rng, groups * docs)
    counts = np.column_stack([bursty_counts(rng, t, 1.0, 5.0), bursty_counts(rng, t, 1.0, 20.0)])
    outlets = np.repeat([f"o{g:03d}" for g in range(groups)], docs)
    table = fr.term_share(matrix_of(counts, t, outlets), ["invasion", "operation"], n_boot=1)
    first = table[table["pattern"] == "invasion"]
    covered = int(((first["share_lo"] <= 0.2) & (0.2 <= first["share_hi"])).sum())
    assert stats.binom.ppf(0.001, groups, 0.95) <= covered <= stats.binom.isf(0.001, groups, 0.95)
