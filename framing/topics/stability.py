"""Topic stability across seeds: match the topics of two fits and report their similarity.

Two fits with different seeds number their topics arbitrarily. We match them one to one
by the Hungarian algorithm (Kuhn 1955; ``scipy.optimize.linear_sum_assignment``) so that
the summed similarity of matched topics is largest, and report the mean matched
similarity (Greene, O'Callaghan & Cunningham 2014 use the same matching with top-term
agreement). Similarity of topics ``a`` and ``b`` (rows of the topic-term matrices):

- ``"cosine"``: ``φa·φb / (‖φa‖ ‖φb‖)``;
- ``"jensen_shannon"``: ``1 − JSD(φa, φb)`` with the divergence in bits (so in [0, 1]).

1 means the same topics; a model whose topics change with the seed scores low.

>>> import numpy as np
>>> a = np.array([[0.8, 0.1, 0.1], [0.1, 0.1, 0.8]])
>>> match_topics(a, a[::-1])[["topic_a", "topic_b"]].values.tolist()
[[0, 1], [1, 0]]
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Union

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from framing._infra.errors import ArgumentError, ModelError

if TYPE_CHECKING:
    from framing.topics.model import TopicModel

Topics = Union[np.ndarray, "TopicModel"]
METRICS = ("cosine", "jensen_shannon")


def _phi(topics: Topics) -> np.ndarray:
    phi = getattr(topics, "topic_term_", topics)
    return np.asarray(phi, dtype=np.float64)


def topic_similarity(a: Topics, b: Topics, *, metric: str = "cosine") -> np.ndarray:
    """Similarity of every topic of ``a`` to every topic of ``b`` (``k_a × k_b``)."""
    pa, pb = _phi(a), _phi(b)
    if pa.shape[1] != pb.shape[1]:
        raise ModelError(f"the models have different vocabularies ({pa.shape[1]:,} and {pb.shape[1]:,} "
                         "terms); compare fits on the same matrix")
    if metric == "cosine":
        na = pa / np.linalg.norm(pa, axis=1, keepdims=True)
        nb = pb / np.linalg.norm(pb, axis=1, keepdims=True)
        return na @ nb.T
    if metric == "jensen_shannon":
        return 1.0 - _js_divergence(pa, pb)
    raise ArgumentError(f"metric={metric!r}: use one of {METRICS}")


def _js_divergence(pa: np.ndarray, pb: np.ndarray) -> np.ndarray:
    """Jensen–Shannon divergence in bits between all rows of ``pa`` and ``pb``."""
    pa = pa / pa.sum(axis=1, keepdims=True)
    pb = pb / pb.sum(axis=1, keepdims=True)
    out = np.empty((len(pa), len(pb)))
    with np.errstate(divide="ignore", invalid="ignore"):
        for i, p in enumerate(pa):  # a row at a time keeps memory at k × terms
            m = 0.5 * (p[None, :] + pb)
            kl_p = np.where(p > 0, p * np.log2(p / m), 0.0).sum(axis=1)
            kl_q = np.where(pb > 0, pb * np.log2(pb / m), 0.0).sum(axis=1)
            out[i] = 0.5 * (kl_p + kl_q)
    return np.clip(out, 0.0, 1.0)


def match_topics(a: Topics, b: Topics, *, metric: str = "cosine") -> pd.DataFrame:
    """One-to-one matching of the topics of ``a`` and ``b``: ``topic_a, topic_b, similarity``.

    Rows are in the order of ``a``'s topics; with different numbers of topics only the
    smaller number are matched.
    """
    sim = topic_similarity(a, b, metric=metric)
    rows, cols = linear_sum_assignment(sim, maximize=True)
    return pd.DataFrame({"topic_a": rows, "topic_b": cols, "similarity": sim[rows, cols]})


def mean_matched_similarity(a: Topics, b: Topics, *, metric: str = "cosine") -> float:
    """Mean similarity of the matched topics of ``a`` and ``b``."""
    return float(match_topics(a, b, metric=metric)["similarity"].mean())


def seed_stability(models: Sequence[TopicModel], *, metric: str = "cosine") -> pd.DataFrame:
    """Mean matched similarity for every pair of models: ``seed_a, seed_b, similarity``.

    Fit the same ``k`` with several seeds and pass the models; the mean of the column is
    the stability of that ``k``.
    """
    if len(models) < 2:
        raise ArgumentError(f"stability compares fits with different seeds: got {len(models)} model(s), "
                            "pass at least two")
    rows = [(a.seed, b.seed, mean_matched_similarity(a, b, metric=metric))
            for a, b in itertools.combinations(models, 2)]
    return pd.DataFrame(rows, columns=["seed_a", "seed_b", "similarity"])
