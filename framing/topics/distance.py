"""The intertopic distance map: how far apart the topics are, and how much of the corpus each holds.

As in LDAvis (Sievert & Shirley 2014; pyLDAvis's default ``mds="pcoa"``):

- **distances** between the topic-term distributions φ (rows of :attr:`TopicModel.topic_term_
  <framing.topics.TopicModel.topic_term_>`): ``metric="jensen-shannon"`` is the Jensen–Shannon
  *divergence* ``JSD(P, Q) = ½ KL(P ‖ M) + ½ KL(Q ‖ M)`` with ``M = ½ (P + Q)``, natural
  logarithm, between 0 and ln 2 (Lin 1991) — what pyLDAvis uses, and the square of
  ``scipy.spatial.distance.jensenshannon``; ``metric="jensen-shannon-distance"`` is its square
  root, a metric (Endres & Schindelin 2003) that embeds isometrically in a Hilbert space
  (Fuglede & Topsøe 2004), so its map of all ``K − 1`` dimensions reproduces it exactly;
- **coordinates** by classical multidimensional scaling, i.e. principal coordinates analysis
  (Gower 1966; Torgerson 1952): the eigenvectors of ``B = −½ J D⁽²⁾ J`` (``D⁽²⁾`` the squared
  distances, ``J = I − 11ᵀ/K``), scaled by the square roots of their eigenvalues; negative
  eigenvalues (a distance that is not Euclidean) give zero coordinates, as in pyLDAvis and
  scikit-bio. The sign of an axis is arbitrary: it is fixed so that the coordinate of largest
  absolute value is positive, so a map is the same on every run and machine;
- **prevalence** of topic ``k``: ``Σ_d L_d θ_dk / Σ_d L_d``, the share of the corpus's modelled
  tokens (``L_d``, the document's tokens in the matrix) that the model assigns to the topic —
  pyLDAvis's topic proportion. It sums to 1.

>>> import numpy as np
>>> coords, eigenvalues = pcoa(np.array([[0.0, 3.0, 5.0], [3.0, 0.0, 4.0], [5.0, 4.0, 0.0]]))
>>> np.round(np.hypot(*(coords[0] - coords[2])), 6), np.round(eigenvalues, 3).tolist()
(np.float64(5.0), [12.964, 3.703, 0.0])
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from framing._infra.errors import ArgumentError
from framing.topics.model import TopicModel

METRICS = ("jensen-shannon", "jensen-shannon-distance")
"""Accepted ``metric`` values of :func:`topic_distances` and :func:`topic_map`."""
MAP_COLUMNS = ["topic", "x", "y", "prevalence", "label"]
"""The columns of :func:`topic_map`."""


def js_divergence(phi: np.ndarray) -> np.ndarray:
    """Jensen–Shannon divergences (natural log) between the rows of ``phi``, K × K.

    Each row is divided by its sum in float64 first, as scipy does (gensim's rows are float32 and
    sum to 1 only within its rounding). One row against all at a time: memory K × V, not K² × V.
    """
    phi = np.asarray(phi, dtype=np.float64)
    phi = phi / phi.sum(axis=1, keepdims=True)
    k = phi.shape[0]
    out = np.zeros((k, k))
    for i in range(k - 1):
        p, q = phi[i], phi[i + 1:]
        m = 0.5 * (p + q)
        out[i, i + 1:] = 0.5 * (special.rel_entr(p, m).sum(axis=1) + special.rel_entr(q, m).sum(axis=1))
    out = np.maximum(out, 0.0)  # rounding can leave -1e-17 for identical rows
    return out + out.T


def topic_distances(model: TopicModel, *, metric: str = "jensen-shannon") -> np.ndarray:
    """Distances between the model's topics (K × K, symmetric, zero diagonal); see the module docstring.

    Raises:
        ArgumentError: an unknown ``metric``.
    """
    if metric not in METRICS:
        raise ArgumentError(f"unknown topic distance metric {metric!r}; use one of {list(METRICS)}")
    divergence = js_divergence(model.topic_term_)
    return divergence if metric == "jensen-shannon" else np.sqrt(divergence)


def pcoa(distances: np.ndarray, *, n_components: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Principal coordinates of a distance matrix (classical MDS; Gower 1966).

    Returns:
        ``(coordinates, eigenvalues)``: ``n × n_components`` coordinates, and all ``n``
        eigenvalues of ``B`` in decreasing order (their positive part divided by its sum is the
        share of the distances' variation each axis shows). Eigenvalues within ``1e-10`` of the
        largest are taken as 0; a negative one's axis is all zeros.

    Raises:
        ArgumentError: ``distances`` is not a square symmetric matrix with a zero diagonal, or
            ``n_components`` is not between 1 and ``n``.
    """
    d = np.asarray(distances, dtype=np.float64)
    n = d.shape[0] if d.ndim == 2 else 0
    if d.ndim != 2 or d.shape != (n, n) or not np.allclose(d, d.T) or np.any(np.diag(d) != 0):
        raise ArgumentError(f"pcoa needs a square symmetric distance matrix with a zero diagonal, got shape {d.shape}")
    if isinstance(n_components, bool) or not isinstance(n_components, (int, np.integer)) or not 1 <= n_components <= n:
        raise ArgumentError(f"n_components must be a whole number from 1 to {n}, got {n_components!r}")
    j = np.eye(n) - 1.0 / n
    b = -0.5 * j @ (d ** 2) @ j
    values, vectors = np.linalg.eigh((b + b.T) / 2)
    order = np.argsort(-values, kind="stable")
    values, vectors = values[order], vectors[:, order]
    values[np.abs(values) <= 1e-10 * max(np.abs(values).max(), 1e-300)] = 0.0
    vectors = vectors[:, :n_components]
    largest = vectors[np.argmax(np.abs(vectors), axis=0), np.arange(n_components)]
    vectors = vectors * np.where(largest < 0, -1.0, 1.0)
    return vectors * np.sqrt(np.maximum(values[:n_components], 0.0)), values


def marginal_prevalence(model: TopicModel) -> np.ndarray:
    """Each topic's share of the modelled tokens, ``Σ_d L_d θ_dk / Σ_d L_d`` (sums to 1; module docstring)."""
    lengths = np.asarray(model.dtm.matrix.sum(axis=1), dtype=np.float64).ravel()
    tokens = model.doc_topic_.T @ lengths
    return tokens / tokens.sum()


def topic_map(model: TopicModel, *, metric: str = "jensen-shannon") -> pd.DataFrame:
    """The intertopic distance map of a model: one row per topic, ``topic, x, y, prevalence, label``.

    ``x`` and ``y`` are the first two principal coordinates of :func:`topic_distances` (``y`` is 0
    for a model of two topics), ``prevalence`` the topic's share of the modelled tokens, ``label``
    its :meth:`TopicModel.labels <framing.topics.TopicModel.labels>`. ``attrs["metric"]`` names the
    distance and ``attrs["explained"]`` holds the share of the distances' variation that each of
    the two axes shows. Draw it with :func:`framing.viz.plots.plot_topic_map`.

    >>> import framing as fr, pandas as pd
    >>> corpus = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b", "a", "b"], "date": ["2022-01-01"] * 4,
    ...     "text": ["war tanks war", "gas prices gas", "tanks shelling war", "prices inflation gas"]}))
    >>> model = fr.fit_topics(fr.document_term_matrix(corpus, cache=False), 3, seed=1,
    ...                       options=fr.LdaOptions(passes=5), progress=False)
    >>> table = topic_map(model)
    >>> table.columns.tolist(), round(float(table["prevalence"].sum()), 12)
    (['topic', 'x', 'y', 'prevalence', 'label'], 1.0)

    Raises:
        ArgumentError: an unknown ``metric``.
    """
    coords, values = pcoa(topic_distances(model, metric=metric), n_components=2)
    positive = np.maximum(values, 0.0)
    explained = positive[:2] / positive.sum() if positive.sum() > 0 else np.zeros(2)
    table = pd.DataFrame({"topic": np.arange(model.k), "x": coords[:, 0], "y": coords[:, 1],
                          "prevalence": marginal_prevalence(model), "label": model.labels()["label"].to_numpy()})
    table.attrs.update(metric=metric, explained=[float(e) for e in explained])
    return table
