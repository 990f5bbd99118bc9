"""Sweeps over the number of topics (framing.topics.sweep)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from topic_data import synthetic_corpus, synthetic_dtm

import framing as fr
from framing.topics.heldout import completion_perplexity
from framing.topics.model import LdaOptions, TopicModel, train_lda
from framing.topics.stability import mean_matched_similarity
from framing.topics.summaries import exclusivity
from framing.topics.sweep import heldout_split

OPTIONS = fr.SweepOptions(progress=False, holdout=0.2, lda=LdaOptions(passes=3))


@pytest.fixture(scope="module")
def corpus():
    return synthetic_corpus()


@pytest.fixture(scope="module")
def dtm(corpus):
    return synthetic_dtm(corpus)


@pytest.fixture(scope="module")
def sweep(dtm, corpus):
    return fr.sweep_topics(dtm, ks=[3, 2], seeds=[1, 2], texts=corpus, processes=1, options=OPTIONS)


def test_one_row_per_fit_with_every_measure(sweep):
    assert list(sweep.columns) == ["k", "seed", "u_mass", "c_npmi", "perplexity", "exclusivity", "stability"]
    assert sweep[["k", "seed"]].values.tolist() == [[2, 1], [2, 2], [3, 1], [3, 2]]
    assert np.isfinite(sweep.drop(columns=["k", "seed"]).to_numpy()).all()


def test_each_measure_equals_a_separate_computation(sweep, dtm, corpus):
    train, held = heldout_split(dtm.shape[0], 0.2, seed=OPTIONS.holdout_seed)
    assert len(held) == 12 and len(np.intersect1d(train, held)) == 0
    fits = {}
    for k, seed in [(3, 1), (3, 2)]:
        lda = train_lda(dtm.subset(train), k, seed=seed, options=OPTIONS.lda)
        fits[seed] = TopicModel(lda=lda, dtm=dtm, k=k, seed=seed, options=OPTIONS.lda)
    row = sweep.query("k == 3 and seed == 1").iloc[0]
    alone = fr.topic_coherence(fits[1], corpus).groupby("measure")["coherence"].mean()
    assert row["u_mass"] == pytest.approx(alone["u_mass"], abs=1e-12)
    assert row["c_npmi"] == pytest.approx(alone["c_npmi"], abs=1e-12)
    assert row["exclusivity"] == pytest.approx(exclusivity(fits[1].topic_term_).mean())
    assert row["stability"] == pytest.approx(mean_matched_similarity(fits[1], fits[2]))
    # document completion on the same halves (holdout_seed); recomputed by hand in tests/test_heldout.py
    assert row["perplexity"] == pytest.approx(completion_perplexity(fits[1].lda, dtm.subset(held).matrix,
                                                                    seed=OPTIONS.holdout_seed))


def test_parallel_processes_give_the_same_table(sweep, dtm, corpus):
    parallel = fr.sweep_topics(dtm, ks=[2, 3], seeds=[1, 2], texts=corpus, processes=2, options=OPTIONS)
    pd.testing.assert_frame_equal(parallel, sweep)


def test_without_texts_stability_or_holdout_those_columns_are_nan(dtm):
    options = fr.SweepOptions(progress=False, holdout=0.0, lda=LdaOptions(passes=1))
    table = fr.sweep_topics(dtm, ks=[2], seeds=[7], stability=False, processes=1, options=options)
    assert table[["c_npmi", "perplexity", "stability"]].isna().all().all()
    assert np.isfinite(table[["u_mass", "exclusivity"]].to_numpy()).all()


@pytest.mark.parametrize("kwargs, message", [
    ({"seeds": [1]}, r"stability across seeds needs at least two seeds \(got seeds=\[1\]\); pass e\.g\. "
                     r"seeds=\[1, 2, 3\], or stability=False"),
    ({"seeds": [1, 1]}, r"seeds=\[1, 1\] repeats a seed"),
    ({"seeds": []}, r"a sweep needs at least one k and one seed"),
    ({"ks": [1, 3]}, r"k=1: a topic model needs a whole number of at least 2 topics"),
    ({"ks": [50]}, r"k=50 must be smaller than the 48 training documents left after the holdout"),
    ({"options": fr.SweepOptions(holdout=1.0)}, r"holdout=1\.0: use a share of documents in \[0, 1\)"),
])
def test_bad_sweeps(dtm, kwargs, message):
    args = {"ks": [2], "seeds": [1, 2], "processes": 1, "options": OPTIONS, **kwargs}
    with pytest.raises(fr.ArgumentError, match=message):
        fr.sweep_topics(dtm, **args)
