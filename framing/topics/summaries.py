"""Summaries of a fitted topic model as tidy tables.

Pure functions over the topic-term matrix φ (topics × terms, rows sum to 1) and the
document-topic matrix θ (documents × topics); :class:`framing.topics.TopicModel` exposes
them as methods.

Term scores, for topic ``k`` and term ``w``:

- **relevance** (Sievert & Shirley 2014, LDAvis):
  ``r = λ·log φ[k,w] + (1 − λ)·log(φ[k,w] / p[w])`` with ``p[w]`` the term's share of all
  tokens in the matrix; ``λ = 1`` ranks by probability, ``λ ≈ 0.6`` was best for readers.
- **overall** (the grey bar of LDAvis, Sievert & Shirley 2014): the term's count in the matrix
  divided by the topic's expected number of tokens, ``overall[k,w] = n[w] / Σ_d θ[d,k]·N[d]``
  (``n[w]`` the term's count, ``N[d]`` document ``d``'s tokens in the matrix). In the units of
  ``φ[k,w]``: LDAvis draws ``φ[k,w]·T[k]`` (the term's estimated count in the topic,
  ``T[k] = Σ_d θ[d,k]·N[d]``) over ``n[w]``; both divided by ``T[k]``, ``φ[k,w] / overall[k,w]``
  is the share of the term's uses that fall to topic ``k``.
- **FREX** (Roberts, Stewart & Airoldi 2016, stm's ``calcfrex`` without its James–Stein
  shrinkage): ``FREX = 1 / (ω / ECDF_k(excl[k,w]) + (1 − ω) / ECDF_k(φ[k,w]))`` with
  exclusivity ``excl[k,w] = φ[k,w] / Σ_j φ[j,w]`` and ``ECDF_k`` the rank of the value among
  the topic's terms divided by the vocabulary size (ties get the average rank); ``ω = 0.5``.

>>> import numpy as np
>>> phi = np.array([[0.7, 0.2, 0.1], [0.1, 0.2, 0.7]])
>>> frex_scores(phi, weight=0.5)[0].round(3).tolist()
[1.0, 0.667, 0.333]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from framing._infra.errors import ArgumentError
from framing.dtm.lemmas import document_languages
from framing.dtm.matrix import DocTermMatrix
from framing.dtm.patterns import PatternSpec, pattern_columns, resolve


class TopicModel(Protocol):
    """What the summaries need of a fitted model (:class:`framing.topics.TopicModel` has it), read-only."""

    @property
    def dtm(self) -> DocTermMatrix: ...

    @property
    def k(self) -> int: ...

    @property
    def doc_topic_(self) -> np.ndarray: ...

    @property
    def topic_term_(self) -> np.ndarray: ...


SORTS = ("relevance", "prob", "frex")


def relevance_scores(phi: np.ndarray, term_share: np.ndarray, *, lam: float) -> np.ndarray:
    """Relevance of every term to every topic (Sievert & Shirley 2014); see the module docstring."""
    if not 0.0 <= lam <= 1.0:
        raise ArgumentError(f"relevance λ must be between 0 and 1, got {lam!r}")
    with np.errstate(divide="ignore"):  # zero probabilities give -inf, ranked last
        log_phi = np.log(phi)
        return lam * log_phi + (1.0 - lam) * (log_phi - np.log(term_share)[None, :])


def frex_scores(phi: np.ndarray, *, weight: float = 0.5) -> np.ndarray:
    """FREX score of every term in every topic (Roberts et al. 2016); see the module docstring."""
    if not 0.0 <= weight <= 1.0:
        raise ArgumentError(f"FREX weight must be between 0 and 1, got {weight!r}")
    n_terms = phi.shape[1]
    excl = phi / phi.sum(axis=0, keepdims=True)
    excl_score = rankdata(excl, axis=1) / n_terms
    freq_score = rankdata(phi, axis=1) / n_terms
    return 1.0 / (weight / excl_score + (1.0 - weight) / freq_score)


def overall_scores(counts: np.ndarray, theta: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Topics × terms: ``counts[w] / Σ_d theta[d,k]·lengths[d]``, each term's count over each topic's
    expected tokens (module docstring); ``inf`` for a topic with no expected token.

    >>> overall_scores(np.array([6.0, 2.0]), np.array([[1.0, 0.0], [0.5, 0.5]]), np.array([4.0, 4.0]))
    array([[1.        , 0.33333333],
           [3.        , 1.        ]])
    """
    expected = np.asarray(theta, dtype=np.float64).T @ np.asarray(lengths, dtype=np.float64)
    with np.errstate(divide="ignore"):
        return np.asarray(counts, dtype=np.float64)[None, :] / expected[:, None]


def top_terms(phi: np.ndarray, dtm: DocTermMatrix, *, n: int = 10, relevance: float = 1.0,
              frex_weight: float = 0.5, sort: str = "relevance", theta: np.ndarray | None = None) -> pd.DataFrame:
    """The ``n`` top terms of each topic: ``topic, rank, term, prob, relevance, frex`` and, given the
    documents' topic shares ``theta`` (documents × topics), ``overall`` (module docstring).

    Terms are ranked by ``sort`` (``"relevance"`` with λ = ``relevance``, ``"prob"`` or
    ``"frex"``), highest first; ties keep vocabulary order.
    """
    if sort not in SORTS:
        raise ArgumentError(f"sort={sort!r}: use one of {SORTS}")
    counts = np.asarray(dtm.matrix.sum(axis=0), dtype=np.float64).ravel()
    scores = {"prob": phi, "relevance": relevance_scores(phi, counts / counts.sum(), lam=relevance),
              "frex": frex_scores(phi, weight=frex_weight)}
    n = min(int(n), phi.shape[1])
    order = np.argsort(-scores[sort], axis=1, kind="stable")[:, :n]
    topics = np.repeat(np.arange(phi.shape[0]), n)
    cols = order.ravel()
    table = pd.DataFrame({"topic": topics, "rank": np.tile(np.arange(1, n + 1), phi.shape[0]),
                          "term": dtm.vocab[cols].astype(str),
                          "prob": phi[topics, cols].astype(np.float64),
                          "relevance": scores["relevance"][topics, cols].astype(np.float64),
                          "frex": scores["frex"][topics, cols]})
    if theta is not None:
        lengths = np.asarray(dtm.matrix.sum(axis=1), dtype=np.float64).ravel()
        table["overall"] = overall_scores(counts, theta, lengths)[topics, cols]
    return table


def _meta(docs: pd.DataFrame) -> list[str]:
    return [c for c in ("doc_id", "outlet", "date", "title") if c in docs]


def top_documents(theta: np.ndarray, docs: pd.DataFrame, *, topic: int | None = None, n: int = 5
                  ) -> pd.DataFrame:
    """Representative documents: ``topic, rank, doc_id, outlet, date, title, share``.

    The ``n`` documents with the largest share θ[d, topic], highest first.
    """
    k = theta.shape[1]
    topics = range(k) if topic is None else [topic]
    if topic is not None and not 0 <= topic < k:
        raise ArgumentError(f"topic={topic!r} does not exist: the model has topics 0 to {k - 1}")
    n = min(int(n), theta.shape[0])
    frames = []
    for t in topics:
        rows = np.argsort(-theta[:, t], kind="stable")[:n]
        frame = docs.iloc[rows][_meta(docs)].reset_index(drop=True)
        frame.insert(0, "rank", np.arange(1, len(rows) + 1))
        frame.insert(0, "topic", t)
        frames.append(frame.assign(share=theta[rows, t]))
    return pd.concat(frames, ignore_index=True)


def document_topics(theta: np.ndarray, docs: pd.DataFrame, *, min_share: float = 0.0) -> pd.DataFrame:
    """Long document-topic table: ``doc_id, outlet, date, topic, share`` (shares ≥ ``min_share``)."""
    n_docs, k = theta.shape
    keep = theta.ravel() >= min_share
    rows = np.repeat(np.arange(n_docs), k)[keep]
    meta = docs.iloc[rows][[c for c in ("doc_id", "outlet", "date") if c in docs]].reset_index(drop=True)
    return meta.assign(topic=np.tile(np.arange(k), n_docs)[keep], share=theta.ravel()[keep])


def term_topics(model: TopicModel, patterns: PatternSpec, *,
                by: str | Sequence[str] | None = "outlet") -> pd.DataFrame:
    """Which topics carry the terms of each pattern, per group: ``pattern, <by>, topic, count, share``.

    ``patterns`` uses :mod:`framing.dtm.patterns` syntax (globs, phrases, ``|`` alternatives,
    several patterns as a list or dict). Each occurrence of a matched term ``w`` in
    document ``d`` is split over the topics by its posterior ``p(k | d, w) ∝ θ[d,k]·φ[k,w]``;
    ``count`` sums these expected token counts per pattern, group and topic, ``share``
    divides by the group's tokens of the pattern (NaN for a group without any).
    """
    dtm, compiled = resolve(model.dtm, patterns)
    labels, g = dtm.groups(by)
    frames = []
    for pattern in compiled:
        cols = pattern_columns(dtm.vocab, pattern, transliterate=dtm.options.text.transliterate,
                               languages=document_languages(dtm.docs))
        counts = g @ _topic_counts(model, cols)
        with np.errstate(invalid="ignore"):
            shares = counts / counts.sum(axis=1, keepdims=True)
        rows = np.repeat(np.arange(len(labels)), model.k)
        frame = labels.iloc[rows].reset_index(drop=True) if by else pd.DataFrame(index=range(len(rows)))
        frame.insert(0, "pattern", pattern.name)
        frames.append(frame.assign(topic=np.tile(np.arange(model.k), len(labels)), count=counts.ravel(),
                                   share=shares.ravel()))
    return pd.concat(frames, ignore_index=True)


def _topic_counts(model: TopicModel, cols: np.ndarray) -> np.ndarray:
    """Documents × topics: expected tokens of the terms ``cols`` assigned to each topic."""
    sub = model.dtm.matrix[:, cols].tocoo()
    post = model.doc_topic_[sub.row] * model.topic_term_[:, cols[sub.col]].T
    post /= post.sum(axis=1, keepdims=True)
    out = np.zeros((model.dtm.shape[0], model.k))
    np.add.at(out, sub.row, post * sub.data[:, None])
    return out


def exclusivity(phi: np.ndarray, *, topn: int = 10, weight: float = 0.7) -> np.ndarray:
    """Exclusivity of each topic as in stm's ``exclusivity()`` (Roberts et al. 2014).

    The sum of the FREX scores (weight ``ω = 0.7``) of the topic's ``topn`` most probable
    terms; higher means the topic's top terms belong to it rather than to other topics.
    """
    scores = frex_scores(phi, weight=weight)
    order = np.argsort(-phi, axis=1, kind="stable")[:, :topn]
    return np.take_along_axis(scores, order, axis=1).sum(axis=1)
