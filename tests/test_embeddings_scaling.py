"""Latent Semantic Scaling against a hand computation on a toy matrix (numpy's full SVD, LSX's formulas)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing.embeddings import load_seeds, scale_documents
from framing.embeddings.scaling import seed_weights

TEXTS = ["peace calm joy calm", "peace joy hope", "calm hope joy", "war fear grief", "war grief loss fear",
         "fear loss war", "peace war hope", "grief calm loss"]
OUTLETS = ["a", "a", "a", "b", "b", "b", "a", "b"]


@pytest.fixture
def corpus():
    return fr.from_dataframe(pd.DataFrame({"outlet": OUTLETS, "date": "2022-03-01", "text": TEXTS}))


def by_hand(k: int, seeds: dict[str, float]):
    vocab = sorted({w for t in TEXTS for w in t.split()})
    x = np.array([[t.split().count(w) for w in vocab] for t in TEXTS], float)
    _, _, vt = np.linalg.svd(x, full_matrices=False)
    emb = vt[:k].T
    unit = emb / np.linalg.norm(emb, axis=1, keepdims=True)
    n_pos = sum(v > 0 for v in seeds.values())
    n_neg = sum(v < 0 for v in seeds.values())
    beta = np.zeros(len(vocab))
    for seed, value in seeds.items():
        beta += value / (n_pos if value > 0 else n_neg) * (unit @ unit[vocab.index(seed)])
    raw = x @ beta / x.sum(axis=1)
    return vocab, beta, (raw - raw.mean()) / raw.std(ddof=1)


def test_polarity_and_scores_match_the_hand_computation(corpus):
    seeds = {"peace": 1, "joy": 1, "war": -1}
    result = scale_documents(corpus, seeds, k=4, min_freq=1, stopwords=None, n_boot=200)
    vocab, beta, scores = by_hand(4, seeds)
    terms = result.terms.set_index("term").loc[vocab]
    np.testing.assert_allclose(terms["polarity"], beta, atol=1e-8)
    np.testing.assert_allclose(result.documents["score"], scores, atol=1e-8)
    assert result.terms["polarity"].is_monotonic_decreasing
    assert terms.loc["peace", "seed"] == pytest.approx(0.5) and terms.loc["war", "seed"] == pytest.approx(-1.0)
    groups = result.groups.set_index("outlet")
    for outlet in ("a", "b"):
        mine = scores[np.array(OUTLETS) == outlet]
        assert groups.loc[outlet, "score"] == pytest.approx(mine.mean())
        assert groups.loc[outlet, "score_lo"] <= mine.mean() <= groups.loc[outlet, "score_hi"]
    assert groups.loc["a", "score"] > 0 > groups.loc["b", "score"]


def test_seeds_are_weighted_per_side_and_shared_among_glob_matches():
    vocab = np.array(["grief", "peace", "war", "warfare", "wars"], dtype=object)
    weights = seed_weights({"war*": -1, "peace": 1, "grief": -1}, vocab)
    np.testing.assert_allclose(weights, [-0.5, 1.0, -0.5 / 3, -0.5 / 3, -0.5 / 3])


def test_phrase_seeds_are_joined_and_the_shipped_seeds_load(corpus):
    c = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b", "a"], "date": "2022-03-01",
                                        "text": ["the special military operation goes on", "an invasion",
                                                 "invasion and operation"]}))
    result = scale_documents(c, {"invasion": 1, "special military operation": -1}, k=2, min_freq=1,
                             stopwords=None, n_boot=0)
    assert "special_military_operation" in result.terms["term"].tolist()
    assert result.groups["score_lo"].isna().all()
    war = load_seeds("ukraine", axis="war")
    assert war["invasion"] == 1 and war["special military operation"] == -1
    assert "ukraine" in fr.available_dictionaries() and "seeds" not in fr.available_dictionaries()


def test_errors_name_the_problem(corpus):
    with pytest.raises(fr.ArgumentError, match="seed 'war' has polarity 0"):
        scale_documents(corpus, {"war": 0, "peace": 1})
    with pytest.raises(fr.PatternError, match="no seed word occurs"):
        scale_documents(corpus, {"tank": 1, "ship": -1}, k=2, min_freq=1, stopwords=None)
    with pytest.raises(fr.ArgumentError, match="no axis 'economy'"):
        load_seeds("ukraine", axis="economy")
