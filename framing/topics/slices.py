"""A topic's own wording in each outlet or period: top terms of the topic inside each slice of the corpus.

BERTopic's ``topics_per_class`` and ``topics_over_time`` (Grootendorst 2022) describe each topic
by the words it takes in each class or time bin; this is the same idea on an LDA model. Every
occurrence of term ``w`` in document ``d`` is split over the topics by its posterior
``p(k | d, w) ∝ θ[d,k] φ[k,w]`` (as in :func:`framing.topics.summaries.term_topics`); summed over
the documents of a slice ``g`` (an outlet, a period, an outlet-period) this gives the slice's
expected topic-term counts

``c_g[k,w] = Σ_{d∈g} n[d,w] · θ[d,k] φ[k,w] / Σ_j θ[d,j] φ[j,w]``,

and the slice's own topic-term distributions ``φ_g[k,w] = (c_g[k,w] + η) / Σ_v (c_g[k,v] + η)``
with a small ``η = 0.01`` so that terms absent from the slice rank last. The terms of topic
``k`` in slice ``g`` are ranked by FREX inside the slice (Roberts, Stewart & Airoldi 2016; the
formula of :func:`framing.topics.summaries.frex_scores` applied to ``φ_g``: frequent in the
topic *and* exclusive to it among the slice's topics) or by ``φ_g`` itself (``sort="prob"``).

A term the slice uses for a topic where the whole corpus does not shows an ``overall_rank``
(its rank in the topic over all documents, same score) above ``n``: that is the slice's own
wording of the topic.

>>> import framing as fr, pandas as pd
>>> turns = lambda words: [" ".join(words[i:] + words[:i]) for i in range(3)]  # three distinct texts
>>> texts = (turns(["war", "invasion", "aggression"]) + turns(["gas", "prices", "market"])
...          + turns(["war", "operation", "liberation"]) + turns(["prices", "gas", "market"]))
>>> corpus = fr.from_dataframe(pd.DataFrame({"outlet": ["a"] * 6 + ["b"] * 6, "date": "2022-01-01",
...                                          "text": texts}))
>>> model = fr.fit_topics(fr.document_term_matrix(corpus, cache=False), 2, options=fr.LdaOptions(passes=20),
...                       progress=False)
>>> table = topic_wording(model, by="outlet", n=3)
>>> list(table.columns)
['outlet', 'topic', 'rank', 'term', 'prob', 'frex', 'overall_rank', 'n_docs']
>>> war = table.loc[table["term"] == "war", "topic"].iloc[0]
>>> table[(table["topic"] == war) & (table["term"] != "war")].groupby("outlet")["term"].apply(sorted).to_dict()
{'a': ['aggression', 'invasion'], 'b': ['liberation', 'operation']}
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from framing._infra.errors import ArgumentError
from framing.dtm.grouping import by_columns
from framing.topics.model import TopicModel
from framing.topics.summaries import frex_scores

SLICE_ETA = 0.01
"""η added to every expected count of a slice before normalising (terms absent from the slice rank last)."""
CHUNK_DOCS = 20_000
"""Documents whose term posteriors are held in memory at once."""
SORTS = ("frex", "prob")


def slice_counts(theta: np.ndarray, phi: np.ndarray, matrix: sp.csr_matrix) -> np.ndarray:
    """``c[k,w]``: the expected counts of term ``w`` assigned to topic ``k`` in the documents of ``matrix``.

    ``theta`` holds the same documents' topic shares (rows of ``matrix``); see the module docstring.
    """
    k, n_terms = phi.shape
    out = np.zeros((k, n_terms))
    for start in range(0, matrix.shape[0], CHUNK_DOCS):
        sub = matrix[start:start + CHUNK_DOCS].tocoo()
        post = theta[start + sub.row] * phi[:, sub.col].T
        post *= (sub.data / post.sum(axis=1))[:, None]
        spread = sp.csr_matrix((np.ones(len(sub.col)), (np.arange(len(sub.col)), sub.col)),
                               shape=(len(sub.col), n_terms))
        out += np.asarray((spread.T @ post).T)
    return out


def _ranked(phi: np.ndarray, sort: str, frex_weight: float) -> tuple[np.ndarray, np.ndarray]:
    """(scores, ranks) per topic, rank 1 = highest score; ties keep vocabulary order."""
    scores = frex_scores(phi, weight=frex_weight) if sort == "frex" else phi
    order = np.argsort(-scores, axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, phi.shape[1] + 1)[None, :].repeat(phi.shape[0], 0), axis=1)
    return scores, ranks


def _slice_phi(counts: np.ndarray) -> np.ndarray:
    smoothed = counts + SLICE_ETA
    return smoothed / smoothed.sum(axis=1, keepdims=True)


def topic_wording(model: TopicModel, *, by: str | Sequence[str] | None = "outlet", period: str | None = None,
                  n: int = 10, topics: Sequence[int] | None = None, sort: str = "frex",
                  frex_weight: float = 0.5) -> pd.DataFrame:
    """The top terms of each topic within each outlet and/or period (see the module docstring).

    Args:
        model: a fitted topic model.
        by: document column(s) whose values are the slices (``"outlet"``), or ``None``.
        period: also slice by time (``"M"``, ``"Q"``, ``"Y"``, …; :data:`framing.dtm.PERIODS`).
        n: terms per topic and slice.
        topics: the topics to describe (default all).
        sort: ``"frex"`` (FREX inside the slice) or ``"prob"`` (the slice's φ).
        frex_weight: FREX's weight ω on exclusivity.

    Returns:
        ``<by>, [period], topic, rank, term, prob, frex, overall_rank, n_docs``: one row per slice,
        topic and rank; ``prob`` is ``φ_g[k,w]``, ``overall_rank`` the term's rank in the topic
        over the whole corpus by the same score, ``n_docs`` the slice's documents.
    """
    if sort not in SORTS:
        raise ArgumentError(f"sort={sort!r}: use one of {SORTS}")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ArgumentError(f"n={n!r}: give a whole number of terms, at least 1")
    chosen = list(range(model.k)) if topics is None else [int(t) for t in topics]
    if not chosen or any(not 0 <= t < model.k for t in chosen):
        raise ArgumentError(f"topics={topics!r}: the model has topics 0 to {model.k - 1}")
    if by is None and period is None:
        raise ArgumentError("topic_wording compares slices: give by (e.g. 'outlet') and/or period (e.g. 'M')")
    groups = model.dtm.grouping(by, period)
    theta, phi, matrix = model.doc_topic_, model.topic_term_.astype(np.float64), model.dtm.matrix.tocsr()
    vocab = np.asarray(model.dtm.vocab).astype(str)
    _, overall = _ranked(_slice_phi(slice_counts(theta, phi, matrix)), sort, frex_weight)
    n = min(n, len(vocab))
    frames = []
    for g in range(groups.n_groups):
        rows = groups.members[g]
        phi_g = _slice_phi(slice_counts(theta[rows], phi, matrix[rows]))
        frex = frex_scores(phi_g, weight=frex_weight)
        scores, _ = _ranked(phi_g, sort, frex_weight)
        order = np.argsort(-scores[chosen], axis=1, kind="stable")[:, :n]
        topic_rows = np.repeat(chosen, n)
        cols = order.ravel()
        frame = pd.DataFrame({"topic": topic_rows, "rank": np.tile(np.arange(1, n + 1), len(chosen)),
                              "term": vocab[cols], "prob": phi_g[topic_rows, cols], "frex": frex[topic_rows, cols],
                              "overall_rank": overall[topic_rows, cols], "n_docs": len(rows)})
        for c in reversed([*by_columns(by), *(["period"] if period else [])]):
            frame.insert(0, c, groups.labels[c].iloc[g])
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)
