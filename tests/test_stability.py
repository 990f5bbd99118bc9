"""Topic matching and stability across seeds (framing.topics.stability)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.spatial.distance import jensenshannon
from topic_data import synthetic_dtm

import framing as fr
from framing.topics.stability import mean_matched_similarity


def _random_topics(rng: np.random.Generator, k: int, terms: int) -> np.ndarray:
    return rng.dirichlet(np.full(terms, 0.3), size=k)


def test_a_permutation_of_topics_is_recovered_with_similarity_one():
    rng = np.random.default_rng(0)
    a = _random_topics(rng, 6, 40)
    perm = rng.permutation(6)
    table = fr.match_topics(a, a[perm])
    assert list(table.columns) == ["topic_a", "topic_b", "similarity"]
    assert table["topic_a"].tolist() == list(range(6))
    assert np.array_equal(perm[table["topic_b"].to_numpy()], np.arange(6))
    assert np.allclose(table["similarity"], 1.0)


def test_similarities_match_independent_formulas():
    rng = np.random.default_rng(1)
    a, b = _random_topics(rng, 3, 20), _random_topics(rng, 4, 20)
    cos = fr.topic_similarity(a, b)
    assert cos.shape == (3, 4)
    assert cos[2, 1] == pytest.approx(a[2] @ b[1] / np.linalg.norm(a[2]) / np.linalg.norm(b[1]))
    js = fr.topic_similarity(a, b, metric="jensen_shannon")
    assert js[0, 3] == pytest.approx(1 - jensenshannon(a[0], b[3], base=2) ** 2)


@pytest.mark.parametrize("seed", range(5))
def test_hungarian_matching_is_the_best_one_to_one_assignment(seed):
    rng = np.random.default_rng(seed)
    a, b = _random_topics(rng, 5, 15), _random_topics(rng, 5, 15)
    sim = fr.topic_similarity(a, b)
    best = max(np.mean([sim[i, p[i]] for i in range(5)]) for p in itertools.permutations(range(5)))
    assert mean_matched_similarity(a, b) == pytest.approx(best)


def test_seed_stability_of_fitted_models():
    dtm = synthetic_dtm()
    models = [fr.fit_topics(dtm, 3, seed=s, options=fr.LdaOptions(passes=5), progress=False) for s in (1, 2, 3)]
    table = fr.seed_stability(models)
    assert list(table.columns) == ["seed_a", "seed_b", "similarity"]
    assert table[["seed_a", "seed_b"]].values.tolist() == [[1, 2], [1, 3], [2, 3]]
    assert table["similarity"].iloc[0] == pytest.approx(mean_matched_similarity(models[0], models[1]))
    assert (table["similarity"] > 0.8).all()  # three well-separated themes are found by every seed


def test_bad_input():
    with pytest.raises(fr.ArgumentError, match=r"stability compares fits with different seeds: got 1 model\(s\)"):
        fr.seed_stability([np.eye(3)])
    with pytest.raises(fr.ModelError, match=r"different vocabularies \(3 and 4 terms\)"):
        fr.topic_similarity(np.eye(3), np.eye(4))
    with pytest.raises(fr.ArgumentError, match=r"metric='euclid': use one of \('cosine', 'jensen_shannon'\)"):
        fr.match_topics(np.eye(3), np.eye(3), metric="euclid")
