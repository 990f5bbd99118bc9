"""Held-out fit of a topic model by document completion: a perplexity that scores documents only.

Each held-out document's tokens are split at random into two halves (:func:`split_halves`:
``⌊n/2⌋`` tokens drawn without replacement, the rest). The model infers the document's topic
shares ``θ_d`` from the first half (gensim's variational E-step, ``θ_d = γ_d / Σ γ_d``), and
the second half is scored under them:

``perplexity = exp(−Σ_d Σ_w m_dw · ln(Σ_t θ_dt · φ_tw) / Σ_d Σ_w m_dw)``

with ``m_dw`` the second-half count of term ``w`` in document ``d`` and ``φ`` the topic-word
distributions. This is the "document completion" estimate of Rosen-Zvi et al. (2004) and
Wallach et al. (2009, "Evaluation methods for topic models", §4), with ``θ_d`` plugged in.
Documents with fewer than two tokens are not scored.

Why not gensim's ``log_perplexity``: its per-word bound on held-out documents adds the
whole model's topic-word term (the Dirichlet prior on every topic against its posterior),
which grows with the number of topics whatever the documents, so ``exp(−bound)`` rises
with ``k`` by construction. Document completion scores only the words of the documents.

>>> import scipy.sparse as sp
>>> first, second = split_halves(sp.csr_matrix([[3, 1, 0], [0, 2, 2]]), seed=1)
>>> first.sum(axis=1).A1.tolist(), (first + second).toarray().tolist()
([2, 2], [[3, 1, 0], [0, 2, 2]])
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

_CHUNK_CELLS = 1 << 22  # non-zero entries × topics scored at once: bounds the memory of a step


def split_halves(matrix: sp.csr_matrix, *, seed: int) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """Split each document (row) at random into ``⌊n/2⌋`` observed tokens and the rest.

    The observed tokens of a row of ``n`` tokens are a seeded draw of ``⌊n/2⌋`` without
    replacement (a multivariate hypergeometric draw over the row's counts), so the two
    halves add up to ``matrix``.
    """
    csr = sp.csr_matrix(matrix, dtype=np.int64)
    rng = np.random.default_rng(seed)
    first = np.zeros_like(csr.data)
    for row in range(csr.shape[0]):
        lo, hi = csr.indptr[row], csr.indptr[row + 1]
        counts = csr.data[lo:hi]
        if hi > lo:
            first[lo:hi] = rng.multivariate_hypergeometric(counts, int(counts.sum()) // 2)
    halves = []
    for data in (first, csr.data - first):
        half = sp.csr_matrix((data, csr.indices.copy(), csr.indptr.copy()), shape=csr.shape)
        half.eliminate_zeros()
        halves.append(half)
    return halves[0], halves[1]


def _bow(matrix: sp.csr_matrix) -> list[list[tuple[int, float]]]:
    return [list(zip(matrix.indices[lo:hi].tolist(), matrix.data[lo:hi].astype(float).tolist()))
            for lo, hi in zip(matrix.indptr[:-1], matrix.indptr[1:])]


def completion_log_likelihood(theta: np.ndarray, phi: np.ndarray, scored: sp.csr_matrix) -> float:
    """``Σ_d Σ_w m_dw · ln(Σ_t θ_dt φ_tw)``: the log-likelihood of the counts ``scored`` (documents × terms).

    >>> theta, phi = np.array([[0.5, 0.5]]), np.array([[0.8, 0.2], [0.2, 0.8]])  # p(w0) = 0.5·0.8 + 0.5·0.2
    >>> float(completion_log_likelihood(theta, phi, sp.csr_matrix([[2, 0]])) / np.log(0.5))
    2.0
    """
    rows = np.repeat(np.arange(scored.shape[0]), np.diff(scored.indptr))
    step = max(1, _CHUNK_CELLS // max(phi.shape[0], 1))
    total = 0.0
    for start in range(0, len(rows), step):
        r, c = rows[start:start + step], scored.indices[start:start + step]
        p = np.einsum("ij,ji->i", theta[r], phi[:, c])
        total += float(scored.data[start:start + step] @ np.log(p))
    return total


def completion_perplexity(lda: Any, held: sp.csr_matrix, *, seed: int) -> float:
    """Document-completion perplexity of a gensim LDA model on the held-out rows ``held``.

    ``θ`` of each document is inferred (``lda.inference``, the model's random state set to
    ``seed`` and restored after) from the first half of :func:`split_halves` and the second
    half is scored (module docstring). NaN when no document has two tokens.
    """
    held = sp.csr_matrix(held)
    held = held[np.flatnonzero(np.asarray(held.sum(axis=1)).ravel() >= 2)]
    if held.shape[0] == 0:
        return float("nan")
    observed, scored = split_halves(held, seed=seed)
    saved = lda.random_state
    lda.random_state = np.random.RandomState(seed)
    try:
        gamma, _ = lda.inference(_bow(observed))
    finally:
        lda.random_state = saved
    theta = np.asarray(gamma, float) / np.asarray(gamma, float).sum(axis=1, keepdims=True)
    phi = np.asarray(lda.get_topics(), float)
    return float(np.exp(-completion_log_likelihood(theta, phi, scored) / scored.sum()))
