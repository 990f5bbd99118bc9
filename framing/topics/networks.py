"""Frame networks: topics linked by how they co-occur in documents, grouped into frame packages (ANTMN).

The Analysis of Topic Model Networks (Walter & Ophir 2019, "News frame analysis: an inductive
mixed-method computational approach", *Communication Methods and Measures* 13(4)) reads frames
as *packages* of topics that the same articles use together. Its steps, as done here:

1. fit a topic model (:func:`framing.fit_topics`) and take the document-topic shares θ
   (documents × topics);
2. make the topics nodes, each sized by its share of all tokens,
   ``size[k] = Σ_d n_d θ[d,k] / Σ_d n_d`` (``n_d``: the document's tokens in the model's
   vocabulary; Walter & Ophir's topic size);
3. link every pair of topics by how similar their columns of θ are across the documents:
   ``measure="correlation"`` (default) the Pearson correlation ``r(θ[:,a], θ[:,b])``,
   ``measure="cosine"`` the cosine ``θ[:,a]·θ[:,b] / (‖θ[:,a]‖ ‖θ[:,b]‖)`` used in Walter &
   Ophir's published R code; only positive weights above ``min_weight`` become edges
   (two topics that avoid each other are not a package);
4. find communities by Louvain modularity maximisation (Blondel et al. 2008;
   ``networkx.community.louvain_communities`` with the edge weights, ``resolution`` and ``seed``):
   each community is a frame package, numbered by its total size (0 = largest).

With ``by`` (e.g. ``"outlet"``) steps 2–4 are done on each group's documents alone, one
network per outlet, to compare how outlets package the same topics.

>>> import numpy as np
>>> rng = np.random.default_rng(1)
>>> pack = rng.integers(0, 2, 400)  # each document draws on topics {0, 1} or on {2, 3}
>>> theta = rng.dirichlet([0.3] * 4, 400) * 0.2 + np.where(pack[:, None] == 0, [.4, .4, 0, 0], [0, 0, .4, .4])
>>> net = network_from_theta(theta, seed=1)
>>> sorted(net.nodes.groupby("community")["topic"].apply(list).tolist())
[[0, 1], [2, 3]]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from framing._infra.errors import ArgumentError
from framing.dtm.grouping import by_columns
from framing.topics.model import TopicModel

MEASURES = ("correlation", "cosine")


@dataclasses.dataclass(frozen=True)
class FrameNetwork:
    """Topic networks as two tidy tables (one network per group of ``by``, or one for all).

    Attributes:
        nodes: ``<by>, topic, label, size, strength, community`` — ``strength`` is the sum of the
            topic's edge weights, ``community`` its frame package.
        edges: ``<by>, topic_a, topic_b, weight`` with ``topic_a < topic_b``, positive weights only.
        columns: the ``by`` columns that name each network's group (empty for one network).
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    columns: tuple[str, ...] = ()

    def graph(self, group: str | Sequence[str] | None = None) -> Any:
        """The ``networkx.Graph`` of one group (its ``by`` value(s); ``None`` when there is one network)."""
        import networkx as nx

        nodes, edges = self._select(self.nodes, group), self._select(self.edges, group)
        g = nx.Graph()
        for topic, label, size, community in nodes[["topic", "label", "size", "community"]].to_numpy().tolist():
            g.add_node(int(topic), label=label, size=float(size), community=int(community))
        g.add_weighted_edges_from((int(a), int(b), float(w)) for a, b, w in
                                  edges[["topic_a", "topic_b", "weight"]].itertuples(index=False))
        return g

    def _select(self, table: pd.DataFrame, group: str | Sequence[str] | None) -> pd.DataFrame:
        if not self.columns:
            return table
        if group is None:
            groups = self.nodes[list(self.columns)].drop_duplicates()
            if len(groups) > 1:
                raise ArgumentError(f"the network has one graph per {'/'.join(self.columns)}; name one with "
                                    f"group=..., e.g. {groups.iloc[0].tolist()[0]!r}")
            return table
        values = [group] if isinstance(group, str) else list(group)
        mask = np.logical_and.reduce([table[c].astype(str) == str(v) for c, v in zip(self.columns, values)])
        if not mask.any() and table is self.nodes:
            raise ArgumentError(f"group {group!r} is not among the values of {'/'.join(self.columns)}")
        return table[mask]


def _weights(theta: np.ndarray, measure: str) -> np.ndarray:
    if measure == "correlation":
        with np.errstate(invalid="ignore", divide="ignore"):
            w = np.corrcoef(theta, rowvar=False)
    else:
        norms = np.linalg.norm(theta, axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            w = (theta.T @ theta) / np.outer(norms, norms)
    return np.nan_to_num(np.atleast_2d(w))


def _one_network(theta: np.ndarray, lengths: np.ndarray, labels: Sequence[str], *, measure: str,
                 min_weight: float, resolution: float, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    import networkx as nx

    k = theta.shape[1]
    w = _weights(theta, measure)
    a, b = np.triu_indices(k, 1)
    keep = w[a, b] > min_weight
    edges = pd.DataFrame({"topic_a": a[keep], "topic_b": b[keep], "weight": w[a, b][keep]})
    size = (lengths @ theta) / lengths.sum()
    g = nx.Graph()
    g.add_nodes_from(range(k))
    g.add_weighted_edges_from(edges.itertuples(index=False, name=None))
    found = nx.community.louvain_communities(g, weight="weight", resolution=resolution, seed=seed)
    ranked = sorted(found, key=lambda c: (-size[sorted(c)].sum(), min(c)))
    community = np.empty(k, dtype=np.int64)
    for number, members in enumerate(ranked):
        community[sorted(members)] = number
    strength = np.zeros(k)
    np.add.at(strength, edges["topic_a"].to_numpy(), edges["weight"].to_numpy())
    np.add.at(strength, edges["topic_b"].to_numpy(), edges["weight"].to_numpy())
    nodes = pd.DataFrame({"topic": np.arange(k), "label": list(labels), "size": size, "strength": strength,
                          "community": community})
    return nodes, edges


def _check(measure: str, min_weight: float, resolution: float, seed: int) -> None:
    if measure not in MEASURES:
        raise ArgumentError(f"measure={measure!r}: use one of {MEASURES}")
    if isinstance(min_weight, bool) or not isinstance(min_weight, (int, float)) or not 0 <= min_weight < 1:
        raise ArgumentError(f"min_weight={min_weight!r}: give a number in [0, 1) (0 keeps every positive link)")
    if isinstance(resolution, bool) or not isinstance(resolution, (int, float)) or not resolution > 0:
        raise ArgumentError(f"resolution={resolution!r}: give a positive number (1 = plain modularity; higher "
                            "gives more, smaller packages)")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ArgumentError(f"seed must be a whole number ≥ 0, got {seed!r}")


def network_from_theta(theta: np.ndarray, *, lengths: np.ndarray | None = None, labels: Sequence[str] | None = None,
                       measure: str = "correlation", min_weight: float = 0.0, resolution: float = 1.0,
                       seed: int = 1) -> FrameNetwork:
    """One frame network from document-topic shares ``theta`` (documents × topics); see the module docstring.

    ``lengths`` are the documents' token counts (default: all equal), ``labels`` the topics' names.
    """
    _check(measure, min_weight, resolution, seed)
    theta = np.asarray(theta, dtype=np.float64)
    if theta.ndim != 2 or theta.shape[0] < 3 or theta.shape[1] < 2:
        raise ArgumentError(f"theta must be documents × topics with at least 3 documents and 2 topics, got shape "
                            f"{theta.shape}")
    lengths = np.ones(len(theta)) if lengths is None else np.asarray(lengths, dtype=np.float64)
    labels = [str(t) for t in range(theta.shape[1])] if labels is None else list(labels)
    nodes, edges = _one_network(theta, lengths, labels, measure=measure, min_weight=min_weight,
                                resolution=resolution, seed=seed)
    return FrameNetwork(nodes=nodes, edges=edges)


def frame_network(model: TopicModel, *, by: str | Sequence[str] | None = None, measure: str = "correlation",
                  min_weight: float = 0.0, resolution: float = 1.0, seed: int = 1) -> FrameNetwork:
    """Topic networks and frame packages of a fitted model (ANTMN; see the module docstring).

    Args:
        model: a fitted topic model.
        by: document column(s): one network per group (``"outlet"``), or ``None`` for one network.
        measure: ``"correlation"`` (Pearson, the default) or ``"cosine"`` (Walter & Ophir's R code).
        min_weight: keep only edges heavier than this (0: every positive one).
        resolution: Louvain's resolution (above 1: more, smaller packages).
        seed: seed of the Louvain community search.

    Returns:
        A :class:`FrameNetwork` (``.nodes``, ``.edges``, ``.graph(group)``); topic labels are
        :meth:`TopicModel.labels`. A group with fewer than 3 documents is left out.
    """
    _check(measure, min_weight, resolution, seed)
    cols = by_columns(by)
    groups = model.dtm.grouping(cols or None)
    theta, lengths = model.doc_topic_, np.asarray(model.dtm.matrix.sum(axis=1), dtype=np.float64).ravel()
    labels = model.labels()["label"].tolist()
    node_frames, edge_frames = [], []
    for g in range(groups.n_groups):
        rows = groups.members[g]
        if len(rows) < 3:
            continue
        nodes, edges = _one_network(theta[rows], lengths[rows], labels, measure=measure, min_weight=min_weight,
                                    resolution=resolution, seed=seed)
        for c in reversed(cols):
            value = groups.labels[c].iloc[g]
            nodes.insert(0, c, value)
            edges.insert(0, c, value)
        node_frames.append(nodes)
        edge_frames.append(edges)
    if not node_frames:
        raise ArgumentError(f"no group of {by!r} has 3 documents or more; a correlation needs several documents")
    return FrameNetwork(nodes=pd.concat(node_frames, ignore_index=True),
                        edges=pd.concat(edge_frames, ignore_index=True), columns=tuple(cols))
