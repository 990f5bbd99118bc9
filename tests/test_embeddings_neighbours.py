"""Neighbours of a term's meaning per group, the neighbours ratio and the similarity between groups,
against cosines computed here from the uses' embeddings."""

from __future__ import annotations

import numpy as np
import pytest
from test_embeddings_regression import FETE, WAR, clustered_vectors, planted_corpus

import framing as fr
from framing.embeddings import meaning_similarity, neighbours_ratio, term_neighbours, term_uses


@pytest.fixture(scope="module")
def data():
    return planted_corpus(FETE), clustered_vectors()


def unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def test_neighbours_per_outlet_are_the_words_nearest_the_mean_use(data):
    corpus, wv = data
    table = term_neighbours(corpus, "city", vectors=wv, window=3, n=4, stopwords=None, n_boot=100, progress=False)
    uses = term_uses(corpus, "city", vectors=wv, window=3)
    for outlet in ("a", "b"):
        mean = uses.embeddings[(uses.uses["outlet"] == outlet).to_numpy()].mean(axis=0)
        cos = unit(wv.vectors.astype(float)) @ unit(mean)
        cos[list(wv.words).index("city")] = -np.inf  # the term itself is not its own neighbour
        order = np.argsort(-cos)[:4]
        rows = table[table["outlet"] == outlet]
        assert rows["term"].tolist() == wv.words[order].tolist()
        np.testing.assert_allclose(rows["cosine"], cos[order], rtol=1e-6)  # the vectors are float32
        assert (rows["cosine_lo"] <= rows["cosine"]).all() and (rows["cosine"] <= rows["cosine_hi"]).all()
    assert not set(table[table["outlet"] == "a"]["term"]) & set(FETE)  # fillers are near both
    assert not set(table[table["outlet"] == "b"]["term"]) & set(WAR)
    assert table["uses"].tolist() == [40] * 8


def test_neighbours_ratio_favours_each_outlets_own_words(data):
    corpus, wv = data
    table = neighbours_ratio(corpus, "city", group_a="a", group_b="b", vectors=wv, window=3, n=3, stopwords=None,
                             n_perm=100, n_boot=100, progress=False)
    np.testing.assert_allclose(table["ratio"], table["cosine_a"] / table["cosine_b"])
    np.testing.assert_allclose(table["difference"], table["cosine_a"] - table["cosine_b"])
    assert table["difference"].is_monotonic_decreasing
    war, fete = table[table["term"].isin(WAR)], table[table["term"].isin(FETE)]
    assert (war["side"] == "group_a").all() and (fete["side"] == "group_b").all()
    assert (war["difference_lo"] > 0).all() and (fete["difference_hi"] < 0).all()
    assert (war["p"] < 0.05).all() and (fete["p"] < 0.05).all()
    same = neighbours_ratio(planted_corpus(WAR), "city", group_a="a", group_b="b", vectors=wv, window=3, n=3,
                            stopwords=None, n_perm=100, n_boot=0, progress=False)
    assert (same["p"] > 0.01).mean() >= 0.5


def test_similarity_between_outlets_is_the_cosine_of_their_mean_uses(data):
    corpus, wv = data
    table = meaning_similarity(corpus, "city", vectors=wv, window=3, n_boot=200, progress=False)
    uses = term_uses(corpus, "city", vectors=wv, window=3)
    means = {o: uses.embeddings[(uses.uses["outlet"] == o).to_numpy()].mean(axis=0) for o in ("a", "b")}
    assert table[["group_a", "group_b"]].values.tolist() == [["a", "b"]]
    assert table["cosine"].iloc[0] == pytest.approx(float(unit(means["a"]) @ unit(means["b"])))
    assert table["cosine_lo"].iloc[0] <= table["cosine"].iloc[0] <= table["cosine_hi"].iloc[0]
    same = meaning_similarity(planted_corpus(WAR), "city", vectors=wv, window=3, n_boot=200, progress=False)
    assert same["cosine"].iloc[0] > table["cosine_hi"].iloc[0]


def test_bad_groups_are_named(data):
    corpus, wv = data
    with pytest.raises(fr.ArgumentError, match=r"group_b='c' is not a group .* \['a', 'b'\]"):
        neighbours_ratio(corpus, "city", group_a="a", group_b="c", vectors=wv, window=3, progress=False)
    with pytest.raises(fr.ArgumentError, match="n must be a whole number"):
        term_neighbours(corpus, "city", vectors=wv, n=0, progress=False)
