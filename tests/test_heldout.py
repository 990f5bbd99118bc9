"""Held-out perplexity by document completion (framing.topics.heldout) and its use in sweeps."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy import stats

import framing as fr
from framing.topics.heldout import completion_perplexity, split_halves
from framing.topics.model import LdaOptions, train_lda
from framing.topics.sweep import heldout_split
from framing.viz.plots import plot_sweep

TRUE_K, VOCAB, DOCS, LENGTH = 4, 200, 200, 50


def simulated_lda_corpus(seed: int = 0) -> fr.Corpus:
    """Documents drawn from an LDA with TRUE_K topics: sparse topics (η = 0.05), θ ~ Dirichlet(0.3)."""
    rng = np.random.default_rng(seed)
    phi = rng.dirichlet(np.full(VOCAB, 0.05), size=TRUE_K)
    theta = rng.dirichlet(np.full(TRUE_K, 0.3), size=DOCS)
    words = np.array([f"w{i:03d}" for i in range(VOCAB)])
    texts = [" ".join(rng.permutation(np.repeat(words, rng.multinomial(LENGTH, t @ phi)))) for t in theta]
    return fr.from_dataframe(pd.DataFrame({"outlet": "sim", "date": "2022-01-01", "text": texts}))


@pytest.fixture(scope="module")
def simulated():
    return fr.document_term_matrix(simulated_lda_corpus(), cache=False)


OPTIONS = fr.SweepOptions(holdout=0.2, progress=False, lda=LdaOptions(passes=5))


@pytest.fixture(scope="module")
def sweep(simulated):
    return fr.sweep_topics(simulated, ks=[2, TRUE_K, 2 * TRUE_K, 4 * TRUE_K], seeds=[1], stability=False,
                           processes=1, options=OPTIONS)


def test_halves_add_up_and_the_first_holds_half_of_each_document():
    matrix = sp.csr_matrix(np.array([[3, 1, 0, 2], [0, 0, 5, 0], [1, 0, 0, 0], [0, 0, 0, 0]]))
    first, second = split_halves(matrix, seed=3)
    assert (first + second).toarray().tolist() == matrix.toarray().tolist()
    assert first.sum(axis=1).A1.tolist() == [3, 2, 0, 0]
    assert first.min() >= 0 and second.min() >= 0
    again, _ = split_halves(matrix, seed=3)
    assert (again != first).nnz == 0


def test_halves_are_draws_without_replacement():
    """Over many seeds, the first half's count of a term has the hypergeometric mean and variance."""
    matrix = sp.csr_matrix(np.array([[6, 3, 1]]))  # 10 tokens, 5 observed
    draws = np.array([split_halves(matrix, seed=s)[0].toarray()[0] for s in range(4000)])
    for j, count in enumerate([6, 3, 1]):
        law = stats.hypergeom(10, count, 5)
        assert draws[:, j].mean() == pytest.approx(law.mean(), abs=0.05)
        assert draws[:, j].var() == pytest.approx(law.var(), rel=0.1)


def test_completion_perplexity_equals_a_hand_computation(simulated):
    train, held = heldout_split(simulated.shape[0], 0.2, seed=1)
    lda = train_lda(simulated.subset(train), 3, seed=1, options=LdaOptions(passes=3))
    matrix = simulated.subset(held).matrix
    value = completion_perplexity(lda, matrix, seed=5)
    observed, scored = split_halves(matrix, seed=5)
    phi = lda.get_topics()
    log_lik, tokens = 0.0, 0
    for d in range(matrix.shape[0]):
        bow = [(int(j), float(c)) for j, c in zip(observed[d].indices, observed[d].data)]
        theta = dict(lda.get_document_topics(bow, minimum_probability=0.0))
        for j, c in zip(scored[d].indices, scored[d].data):
            log_lik += c * math.log(sum(theta[t] * phi[t, j] for t in range(3)))
            tokens += c
    # gensim infers θ up to its convergence threshold (and from another random start here)
    assert value == pytest.approx(math.exp(-log_lik / tokens), rel=1e-2)


def test_documents_under_two_tokens_are_not_scored(simulated):
    lda = train_lda(simulated, 2, seed=1, options=LdaOptions(passes=1))
    assert math.isnan(completion_perplexity(lda, sp.csr_matrix((2, simulated.shape[1]), dtype=np.int64), seed=1))
    one = sp.csr_matrix(([1], ([0], [0])), shape=(1, simulated.shape[1]))
    assert math.isnan(completion_perplexity(lda, one, seed=1))


def test_perplexity_does_not_grow_with_k_on_lda_data(sweep, simulated):
    """Data from an LDA with 4 topics: too few topics fit worse; more than 4 do not look worse by construction.

    gensim's held-out bound (what sweeps reported before) grows with k on the same fits.
    """
    perplexity = sweep.set_index("k")["perplexity"]
    assert perplexity[2] > 1.1 * perplexity[TRUE_K]
    assert perplexity[2 * TRUE_K] < 1.05 * perplexity[TRUE_K]
    assert perplexity[4 * TRUE_K] < 1.05 * perplexity[TRUE_K]
    train, held = heldout_split(simulated.shape[0], OPTIONS.holdout, seed=OPTIONS.holdout_seed)
    held_bow = [[(int(j), float(c)) for j, c in zip(r.indices, r.data)] for r in simulated.subset(held).matrix]
    bound = {}
    for k in (TRUE_K, 4 * TRUE_K):
        lda = train_lda(simulated.subset(train), k, seed=1, options=OPTIONS.lda)
        bound[k] = math.exp(-lda.log_perplexity(held_bow))
    assert bound[4 * TRUE_K] > 1.3 * bound[TRUE_K]


def test_plot_sweep_draws_the_perplexity(sweep):
    ax = plot_sweep(sweep, measure="perplexity")
    assert ax.get_ylabel() == "held-out perplexity\n(document completion)"
    line = ax.get_lines()[0]
    assert line.get_xdata().tolist() == [2, 4, 8, 16]
    assert np.allclose(line.get_ydata(), sweep.groupby("k")["perplexity"].mean().to_numpy())
