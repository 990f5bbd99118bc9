"""Keyness and collocates: log10_p beyond underflow, stopwords out of the ranking, the log-odds prior."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy import stats

import framing as fr
from framing.dtm.matrix import DocTermMatrix, DTMOptions
from framing.terms.keyness import log10_p_chi2, log10_p_normal


def unigram_matrix(counts: np.ndarray, outlets: list[str], vocab: list[str]) -> DocTermMatrix:
    """One document per row, every token in the matrix (document lengths are the row sums)."""
    counts = np.asarray(counts, dtype=np.int64)
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(outlets))], "outlet": outlets,
                         "date": pd.Timestamp("2022-01-01")})
    return DocTermMatrix(matrix=sp.csr_matrix(counts), vocab=np.array(vocab, dtype=object),
                         doc_lengths=counts.sum(axis=1), docs=docs, options=DTMOptions(), fingerprint="test")


def log10_erfc_asymptotic(y: float) -> float:
    """log10 erfc(y) for large y: erfc(y) = e^(−y²)/(y√π) · (1 − 1/(2y²) + 3/(4y⁴) − 15/(8y⁶) + …)."""
    series = 1 - 1 / (2 * y**2) + 3 / (4 * y**4) - 15 / (8 * y**6)
    return (-y**2 - math.log(y * math.sqrt(math.pi)) + math.log(series)) / math.log(10)


# --- log10 p ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("x", [0.5, 3.841459, 50.0, 700.0])
def test_log10_p_chi2_equals_scipy_where_p_is_representable(x):
    assert log10_p_chi2(np.array([x]))[0] == pytest.approx(math.log10(stats.chi2.sf(x, 1)), rel=1e-10)
    assert log10_p_normal(np.array([-math.sqrt(x)]))[0] == pytest.approx(math.log10(2 * stats.norm.sf(math.sqrt(x))),
                                                                         rel=1e-10)


@pytest.mark.parametrize("x", [1_600.0, 5_000.0, 100_000.0])
def test_log10_p_chi2_beyond_underflow_equals_the_asymptotic_tail(x):
    # χ²(1) upper tail of x is erfc(√(x/2)); scipy's own p is 0 here
    assert stats.chi2.sf(x, 1) == 0.0
    assert log10_p_chi2(np.array([x]))[0] == pytest.approx(log10_erfc_asymptotic(math.sqrt(x / 2)), rel=1e-9)


def test_keyness_carries_log10_p_where_p_and_q_are_zero():
    # "war": 3,000 of 10,000 tokens in a, 10 of 10,000 in b: G² far above 1,500
    counts = np.array([[3000, 100, 6900], [10, 120, 9870]])
    dtm = unigram_matrix(counts, ["a", "b"], ["war", "peace", "filler"])
    key = fr.keyness(dtm, target="a", reference="b", measure="g2", min_freq=1, stopwords=None).set_index("term")
    assert key.loc["war", "g2"] > 1_500 and key.loc["war", "p"] == 0 and key.loc["war", "q"] == 0
    assert key.loc["war", "log10_p"] == pytest.approx(log10_erfc_asymptotic(math.sqrt(key.loc["war", "g2"] / 2)),
                                                      rel=1e-9)
    assert np.allclose(key.loc[["peace"], "log10_p"], np.log10(stats.chi2.sf(key.loc[["peace"], "g2"].abs(), 1)))
    z = fr.keyness(dtm, target="a", reference="b", min_freq=1, stopwords=None).set_index("term")
    assert np.allclose(z["log10_p"], [log10_p_normal(np.array([v]))[0] for v in z["log_odds_z"]])


def test_ties_of_the_measure_are_ordered_by_log10_p():
    # "big" and "small" have the same Log Ratio (3,000:1,000 and 30:10 per equal totals); G² of "big" is larger
    counts = np.array([[30, 3000, 10000 - 3030], [10, 1000, 10000 - 1010]])
    dtm = unigram_matrix(counts, ["a", "b"], ["small", "big", "zzz"])
    key = fr.keyness(dtm, target="a", reference="b", measure="log_ratio", min_freq=1, stopwords=None)
    assert key["log_ratio"].iloc[0] == pytest.approx(key["log_ratio"].iloc[1])
    assert key["term"].tolist()[:2] == ["big", "small"]
    assert key["log10_p"].iloc[0] < key["log10_p"].iloc[1]


# --- stopwords out of the ranking, denominators all tokens --------------------------------------------
def two_outlets() -> fr.Corpus:
    return fr.from_dataframe(pd.DataFrame({
        "outlet": ["a", "a", "b", "b"], "date": "2022-03-01",
        "text": ["the the the the invasion of the country", "the the aggression the invasion",
                 "a peace talks in the summit of peace", "peace in a summit"]}))


def test_keyness_leaves_stopwords_out_of_the_ranking_but_not_the_totals():
    c = two_outlets()
    default = fr.keyness(c, target="a", reference="b", min_freq=1)
    every = fr.keyness(c, target="a", reference="b", min_freq=1, stopwords=None)
    stop = fr.corpus.text.stopwords("en")
    assert "the" in set(every["term"]) and not set(default["term"]) & stop
    assert set(default["term"]) == set(every["term"]) - stop
    tokens = [len(t.split()) for t in c.df["text"]]
    assert default["tokens_a"].unique().tolist() == [sum(tokens[:2])]
    assert default["tokens_b"].unique().tolist() == [sum(tokens[2:])]
    # a kept term's statistics do not depend on the stopwords (prior and totals from all tokens)
    kept = every[~every["term"].isin(stop)].set_index("term")
    for column in ["g2", "chi2", "log_ratio", "log_odds_z", "p"]:
        assert np.allclose(default.set_index("term").loc[kept.index, column], kept[column]), column


def test_collocates_leave_stopwords_out_of_the_list_but_not_the_windows():
    c = two_outlets()
    default = fr.collocates(c, "invasion", window=3, min_freq=1)
    every = fr.collocates(c, "invasion", window=3, min_freq=1, stopwords=None)
    stop = fr.corpus.text.stopwords("en")
    # windows of "invasion" (3 each side): "the the the" + "of the country"; "the aggression the" (end of doc)
    assert sorted(every["collocate"]) == ["aggression", "country", "of", "the"]
    assert sorted(default["collocate"]) == ["aggression", "country"]
    all_tokens = sum(len(t.split()) for t in c.df["text"])
    assert default["window_tokens"].unique().tolist() == [9] and default["tokens"].unique().tolist() == [all_tokens]
    assert not set(default["collocate"]) & stop
    pd.testing.assert_frame_equal(default, every[~every["collocate"].isin(stop)].reset_index(drop=True))


def test_compare_collocates_carries_log10_p():
    c = two_outlets()
    cmp = fr.compare_collocates(c, "the", group_a="a", group_b="b", window=2, min_freq=1)
    assert np.allclose(cmp["log10_p"], np.log10(stats.chi2.sf(cmp["g2"].abs(), 1)))


# --- the log-odds prior --------------------------------------------------------------------------------
def test_prior_pair_equals_scattertext_with_the_pair_as_background():
    from scattertext.termsignificance.LogOddsRatioInformativeDirichletPiror import (
        LogOddsRatioInformativeDirichletPrior,
    )

    rng = np.random.default_rng(4)
    counts = rng.poisson(4, size=(6, 30)) + 1
    counts[:2, :3] += 15
    dtm = unigram_matrix(counts, ["a", "a", "b", "b", "c", "c"], [f"w{j:02d}" for j in range(30)])
    a, b = counts[:2].sum(axis=0), counts[2:4].sum(axis=0)
    each = fr.keyness(dtm, target="a", reference="each", min_freq=1, stopwords=None)
    pair = fr.keyness(dtm, target="a", reference="each", min_freq=1, stopwords=None, prior="pair")
    ab_pair = pair[pair["group_b"] == "b"].set_index("term").loc[dtm.vocab, "log_odds_z"].to_numpy()
    ab_each = each[each["group_b"] == "b"].set_index("term").loc[dtm.vocab, "log_odds_z"].to_numpy()
    scorer = LogOddsRatioInformativeDirichletPrior(pd.Series(a + b), scale_type="none")
    assert np.allclose(ab_pair, scorer.get_zeta_i_j_given_separate_counts(a, b), rtol=1e-10)
    everything = LogOddsRatioInformativeDirichletPrior(pd.Series(counts.sum(axis=0)), scale_type="none")
    assert np.allclose(ab_each, everything.get_zeta_i_j_given_separate_counts(a, b), rtol=1e-10)
    assert not np.allclose(ab_pair, ab_each)


def test_unknown_prior_is_refused():
    dtm = unigram_matrix(np.array([[1, 2], [2, 1]]), ["a", "b"], ["x", "y"])
    with pytest.raises(fr.ArgumentError, match=r"unknown log-odds prior 'rest'; use 'all' \(all documents\) or 'pair'"):
        fr.keyness(dtm, target="a", reference="b", prior="rest")


def test_q_is_benjamini_hochberg_within_each_comparison():
    rng = np.random.default_rng(7)
    counts = rng.poisson(5, size=(8, 50))
    counts[:2, :6] += 12
    dtm = unigram_matrix(counts, ["a", "a", "b", "b", "c", "c", "d", "d"], [f"w{j:02d}" for j in range(50)])
    table = fr.keyness(dtm, reference="each", measure="g2", min_freq=1, stopwords=None)
    assert table[["group_a", "group_b"]].drop_duplicates().shape[0] == 6
    for _, part in table.groupby(["group_a", "group_b"]):
        assert np.allclose(part["q"], stats.false_discovery_control(part["p"], method="bh"), rtol=1e-12)
