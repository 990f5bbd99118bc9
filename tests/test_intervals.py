"""Intervals that cover (issue 13): exact bounds at zero counts, the profile and score intervals, coverage.

Every number is recomputed independently: Garwood from ``scipy.stats.chi2``, Clopper–Pearson
and Wilson from ``scipy.stats.binomtest``, the profile-likelihood bounds from scipy's own
negative-binomial and beta-binomial distributions maximised with a different optimiser, the
studentized bootstrap by a loop over replicates, and coverage from a seeded simulation.
"""

from __future__ import annotations

import numpy as np
import pytest
from matrices import matrix_of
from scipy import optimize, stats

import framing as fr
from benchmarks.coverage import bursty_counts, lengths
from framing.stats.bootstrap import group_stream
from framing.stats.intervals import mean_intervals
from framing.stats.likelihood import rate_profile_interval

CHI = stats.chi2.ppf(0.95, 1) / 2


# --- exact intervals where the bootstrap degenerates ----------------------------------------------------------
def test_zero_count_gets_the_garwood_bound_of_the_issue():
    # "special military operation" at president.gov.ua, May 2022: 0 in 108,717 tokens
    dtm = matrix_of([[0, 2], [0, 0], [0, 1]], [40_000, 38_717, 30_000], ["president.gov.ua"] * 3)
    for method in ("profile", "percentile"):
        row = fr.term_rates(dtm, "invasion", n_boot=200, ci_method=method).iloc[0]
        assert row["tokens"] == 108_717 and row["per_10k"] == 0
        assert row["per_10k_lo"] == 0
        assert row["per_10k_hi"] == pytest.approx(stats.chi2.ppf(0.975, 2) / 2 / 108_717 * 1e4, rel=1e-12)
        assert round(row["per_10k_hi"], 3) == 0.339


def test_doc_share_of_none_or_all_documents_is_clopper_pearson():
    dtm = matrix_of([[0, 1], [0, 2], [0, 1], [0, 3]], [100, 120, 90, 300], ["a"] * 4)
    table = fr.term_rates(dtm, ["invasion", "operation"], n_boot=200).set_index("pattern")
    for pattern, hits in [("invasion", 0), ("operation", 4)]:
        exact = stats.binomtest(hits, 4).proportion_ci(0.95, method="exact")
        assert table.loc[pattern, ["doc_share_lo", "doc_share_hi"]].tolist() == pytest.approx([exact.low, exact.high])


def test_term_share_of_one_is_clopper_pearson_not_a_point():
    dtm = matrix_of([[2, 0], [1, 0], [3, 0]], [100, 100, 100], ["a"] * 3)
    table = fr.term_share(dtm, {"inv": "invasion", "op": "operation"}, n_boot=200).set_index("pattern")
    assert table.loc["inv", "share"] == 1
    for pattern, x in [("inv", 6), ("op", 0)]:
        exact = stats.binomtest(x, 6).proportion_ci(0.95, method="exact")
        assert table.loc[pattern, ["share_lo", "share_hi"]].tolist() == pytest.approx([exact.low, exact.high])


def test_doc_share_inside_is_wilson():
    dtm = matrix_of([[1, 0], [0, 0], [2, 0], [0, 0], [0, 0]], [100] * 5, ["a"] * 5)
    row = fr.term_rates(dtm, "invasion", n_boot=50).iloc[0]
    wilson = stats.binomtest(2, 5).proportion_ci(0.95, method="wilson")
    assert [row["doc_share_lo"], row["doc_share_hi"]] == pytest.approx([wilson.low, wilson.high])


# --- profile likelihood, checked with scipy's distributions ---------------------------------------------------
def nb_profile(log_rate: float, c: np.ndarray, t: np.ndarray) -> float:
    def neg(log_shape):
        k = np.exp(log_shape[0])
        return -stats.nbinom.logpmf(c, k, k / (k + np.exp(log_rate) * t)).sum()
    return -min((optimize.minimize(neg, [x0], method="Nelder-Mead", options={"xatol": 1e-7, "fatol": 1e-10})
                 for x0 in (-2.0, 1.0, 6.0)), key=lambda r: r.fun).fun


def test_rate_profile_bounds_drop_the_likelihood_by_the_chi2_quantile():
    c = np.array([0, 0, 3, 0, 1, 0, 0, 7, 0, 2])
    t = np.array([400, 900, 650, 300, 1200, 500, 800, 700, 450, 1000])
    lo, hi = rate_profile_interval(c, t, ci=0.95)
    top = nb_profile(np.log(c.sum() / t.sum()), c, t)
    for bound in (lo, hi):
        assert top - nb_profile(np.log(bound), c, t) == pytest.approx(CHI, abs=2e-3)
    assert lo < c.sum() / t.sum() < hi


# --- studentized bootstrap of a mean ---------------------------------------------------------------------------
def test_studentized_mean_is_the_slow_loop_over_replicates():
    x = np.array([0.9, 0.1, 0.05, 0.6, 0.02, 0.3, 0.7, 0.01])
    n, n_boot = len(x), 400
    picks = group_stream(5, "outlet=a").integers(0, n, size=(n_boot, n))
    se = x.std(ddof=1) / np.sqrt(n)
    t_star = [(x[p].mean() - x.mean()) / (x[p].std(ddof=1) / np.sqrt(n)) for p in picks]
    q_lo, q_hi = np.quantile(t_star, [0.05, 0.95])
    lo, hi = mean_intervals(x[:, None], ci_method="studentized", n_boot=n_boot, ci=0.9, seed=5, key="outlet=a")
    assert [lo[0], hi[0]] == pytest.approx([x.mean() - q_hi * se, x.mean() - q_lo * se], rel=1e-9)


# --- the method is named and chosen ---------------------------------------------------------------------------
def test_tables_name_their_interval_method():
    dtm = matrix_of([[1, 0], [0, 2]], [100, 100], ["a", "a"])
    assert "profile likelihood" in fr.term_rates(dtm, "invasion", n_boot=10).attrs["ci_method"]["per_10k"]
    assert "percentile" in fr.term_rates(dtm, "invasion", n_boot=10,
                                         ci_method="percentile").attrs["ci_method"]["doc_share"]
    shares = fr.term_share(dtm, ["invasion", "operation"], n_boot=10)
    assert "Fieller" in shares.attrs["ci_method"]["share"]


def test_unknown_ci_method_names_the_choices():
    dtm = matrix_of([[1, 0]], [100], ["a"])
    with pytest.raises(fr.ArgumentError, match=r"ci_method must be one of 'profile', 'percentile' \(term_rates\), "
                                               r"got 'bca'"):
        fr.term_rates(dtm, "invasion", ci_method="bca")


# --- coverage: a quick version of benchmarks/coverage.py through the public function ----------------------------
def test_rate_intervals_cover_bursty_counts_in_50_document_cells():
    """120 outlets of 50 documents, κ = 0.2 (bursty), 20 per 10k: the percentile bootstrap covered ~0.86."""
    rng = np.random.default_rng(2024)
    groups, docs = 120, 50
    t = lengths(rng, groups * docs)
    c = bursty_counts(rng, t, 0.2, 20.0)
    outlets = np.repeat([f"o{g:03d}" for g in range(groups)], docs)
    table = fr.term_rates(matrix_of(c[:, None], t, outlets), "invasion", n_boot=1)
    covered = ((table["per_10k_lo"] <= 20) & (20 <= table["per_10k_hi"])).sum()
    # a 95% interval covers Binomial(120, 0.95) times: outside the central 99.8% fails
    assert stats.binom.ppf(0.001, groups, 0.95) <= covered <= stats.binom.isf(0.001, groups, 0.95)
