"""Embedding regression: planted differences are found, identical usage is not (beyond the nominal rate),
and the coefficients are those of ordinary least squares."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing.embeddings import WordVectors, embedding_regression, regress_embeddings

WAR = ["shelled", "bombed", "attacked", "occupied", "destroyed", "invaded"]
FETE = ["celebrated", "danced", "feasted", "sang", "rebuilt", "welcomed"]
FILLER = ["today", "again", "there", "reportedly", "officials", "said"]


def planted_corpus(contexts_b: list[str], n: int = 40, seed: int = 0) -> fr.Corpus:
    """Outlet a uses "city" among WAR words, outlet b among ``contexts_b``; fillers everywhere."""
    rng = np.random.default_rng(seed)
    rows = []
    for outlet, words in (("a", WAR), ("b", contexts_b)):
        for i in range(n):
            left, right = rng.choice(words, 3), rng.choice(words, 3)
            fill = rng.choice(FILLER, 2)
            rows.append((outlet, f"{fill[0]} {' '.join(left)} city {' '.join(right)} {fill[1]} number{i}{outlet}"))
    return fr.from_dataframe(pd.DataFrame(rows, columns=["outlet", "text"]).assign(date="2022-03-01"))


def clustered_vectors(seed: int = 3) -> WordVectors:
    """War words near one axis, festive words near another, fillers a third, "city" a fourth (noise 0.1)."""
    rng = np.random.default_rng(seed)
    groups = [WAR, FETE, FILLER, ["city"]]
    words = [w for g in groups for w in g]
    axes = np.vstack([np.tile(np.eye(4)[i], (len(g), 1)) for i, g in enumerate(groups)])
    return WordVectors(words=np.array(words, dtype=object),
                       vectors=(axes + rng.normal(scale=0.1, size=axes.shape)).astype(np.float32),
                       counts=np.zeros(len(words), np.int64))


@pytest.fixture(scope="module")
def vectors():
    return clustered_vectors()


def test_two_outlets_using_a_term_among_different_words_differ_with_p_below_001(vectors):
    table = embedding_regression(planted_corpus(FETE), "city", vectors=vectors, window=3, n_perm=200, n_boot=200,
                                 progress=False)
    row = table.iloc[0]
    assert (row["covariate"], row["level"], row["reference"], row["n"]) == ("outlet", "b", "a", 40)
    assert row["p"] < 0.01
    assert row["norm_lo"] <= row["norm"] <= row["norm_hi"]


def test_identical_contexts_are_not_different_in_this_corpus(vectors):
    table = embedding_regression(planted_corpus(WAR), "city", vectors=vectors, window=3, n_perm=200, n_boot=0,
                                 progress=False)
    assert table["p"].iloc[0] > 0.05
    assert table["norm_lo"].isna().all()  # n_boot=0: no interval


def test_false_positive_rate_is_nominal_over_repeated_seeds():
    """Under the null (both outlets' embeddings from one distribution), p < 0.05 in about 5% of data sets."""
    rng = np.random.default_rng(42)
    hits = 0
    runs = 200
    for run in range(runs):
        y = rng.normal(size=(60, 10))
        covariates = pd.DataFrame({"outlet": rng.permutation(["a"] * 30 + ["b"] * 30)})
        table = regress_embeddings(y, covariates, n_perm=99, n_boot=0, seed=run + 1, progress=False)
        hits += table["p"].iloc[0] < 0.05
    # binomial(200, 0.05): mean 10, sd 3.1; the bounds are about ±3 sd
    assert 1 <= hits <= 20, hits


def test_coefficients_are_ordinary_least_squares_with_dummies():
    rng = np.random.default_rng(7)
    outlet = np.array(["a", "b", "c"] * 20)
    period = np.array(["2022-01", "2022-02"] * 30)
    y = rng.normal(size=(60, 4)) + (outlet == "c")[:, None] * 3 + (period == "2022-02")[:, None] * 1.0
    table = regress_embeddings(y, pd.DataFrame({"outlet": outlet, "period": period}), n_perm=0, n_boot=0,
                               progress=False)
    x = np.column_stack([np.ones(60), outlet == "b", outlet == "c", period == "2022-02"]).astype(float)
    beta = np.linalg.inv(x.T @ x) @ x.T @ y  # the normal equations, by hand
    assert table[["covariate", "level", "reference"]].values.tolist() == [
        ["outlet", "b", "a"], ["outlet", "c", "a"], ["period", "2022-02", "2022-01"]]
    np.testing.assert_allclose(table["norm"], np.linalg.norm(beta[1:], axis=1), rtol=1e-10)
    assert table["p"].isna().all()


def test_bootstrap_and_permutations_are_seeded():
    rng = np.random.default_rng(1)
    y, cov = rng.normal(size=(30, 3)), pd.DataFrame({"outlet": ["a", "b"] * 15})
    one = regress_embeddings(y, cov, n_perm=50, n_boot=100, seed=5, progress=False)
    two = regress_embeddings(y, cov, n_perm=50, n_boot=100, seed=5, progress=False)
    pd.testing.assert_frame_equal(one, two)
    assert one.attrs["ci_method"] == {"norm": "percentile bootstrap over uses"}


def test_bad_arguments_name_what_to_change(vectors):
    y = np.zeros((4, 2))
    with pytest.raises(fr.ArgumentError, match="n_perm must be a whole number"):
        regress_embeddings(y, pd.DataFrame({"outlet": list("abab")}), n_perm=-1)
    with pytest.raises(fr.ArgumentError, match="has one level"):
        regress_embeddings(y, pd.DataFrame({"outlet": list("aaaa")}))
    with pytest.raises(fr.ArgumentError, match="collinear"):
        regress_embeddings(y, pd.DataFrame({"outlet": list("abab"), "lang": list("xyxy")}))
    with pytest.raises(fr.ArgumentError, match=r"covariates \['party'\] are not columns"):
        embedding_regression(planted_corpus(FETE, n=5), "city", covariates=["party"], vectors=vectors, window=2,
                             progress=False)
