"""Machine assignments against human codes: precision, recall and F1 per frame, with intervals.

The machine assigns a frame to a document when a frame dictionary counts at least ``min_count``
of its terms in it (:func:`dictionary_codes`; the ``ukraine`` dictionary's concepts are the
frames of the ``ukraine`` codebook) or when a topic standing for the frame has a share of at
least ``min_share`` (:func:`topic_codes`, e.g. for seeded topics named after the frames).
:func:`compare_codes` takes the human codes as the reference — by default the majority of the
coders (a frame is present when more than half the document's coders marked it; a tie counts as
absent), or one coder's codes — and counts per frame over the coded documents the true
positives ``TP`` (both), false positives ``FP`` (machine only) and false negatives ``FN``
(humans only):

    precision = TP / (TP + FP),   recall = TP / (TP + FN),   F1 = 2·TP / (2·TP + FP + FN)

(van Rijsbergen 1979; NaN where the denominator is 0). The intervals resample the coded
documents (:mod:`framing.stats.bootstrap`, one stream per frame keyed by its name): replicate
``b`` sums each document's ``TP, FP, FN`` indicators over a draw of the documents with
replacement and applies the formulas; percentile intervals at coverage ``ci``.

>>> human = pd.DataFrame({"coder": "anna", "doc_id": ["d1", "d2", "d3", "d4"], "frame": "WAR",
...                       "present": [1, 1, 0, 0]})
>>> machine = pd.DataFrame({"doc_id": ["d1", "d2", "d3", "d4"], "frame": "WAR", "present": [1, 0, 1, 0]})
>>> compare_codes(human, machine, n_boot=0)[["frame", "tp", "fp", "fn", "precision", "recall", "f1"]]
  frame  tp  fp  fn  precision  recall   f1
0   WAR   1   1   1        0.5     0.5  0.5
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import numpy as np
import pandas as pd

from framing._infra.errors import ArgumentError, CodingError
from framing.corpus.corpus import Corpus
from framing.dtm.matrix import DocTermMatrix
from framing.dtm.patterns import PatternSpec, corpus_matrix, pattern_matrix
from framing.stats.bootstrap import check_bootstrap, percentile_interval, resample_sums
from framing.validation.codes import check_codes

COLUMNS = ["frame", "docs", "tp", "fp", "fn", "tn", "precision", "precision_lo", "precision_hi",
           "recall", "recall_lo", "recall_hi", "f1", "f1_lo", "f1_hi"]
ASSIGNED_COLUMNS = ["doc_id", "frame", "present"]


class DocumentTopics(Protocol):
    """What :func:`topic_codes` reads of a fitted topic model (:class:`framing.TopicModel`)."""

    @property
    def doc_topic_(self) -> np.ndarray: ...

    @property
    def dtm(self) -> DocTermMatrix: ...


def dictionary_codes(data: Corpus | DocTermMatrix, dictionary: PatternSpec, *, min_count: int = 1) -> pd.DataFrame:
    """The frames a dictionary assigns: ``doc_id, frame, count, present`` for every document and concept.

    ``count`` is the document's count of the concept's terms (:func:`framing.pattern_counts`);
    ``present`` is 1 when ``count ≥ min_count``.

    >>> import framing as fr
    >>> c = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b"], "date": ["2022-03-01"] * 2,
    ...     "text": ["They invaded. The invasion!", "Talks."]}))
    >>> dictionary_codes(c, {"INVASION": "invasion|invad*"})
      doc_id     frame  count  present
    0  doc-1  INVASION      2        1
    1  doc-2  INVASION      0        0
    """
    if isinstance(min_count, bool) or not isinstance(min_count, (int, np.integer)) or min_count < 1:
        raise ArgumentError(f"min_count must be a whole number ≥ 1, got {min_count!r}")
    dtm = corpus_matrix(data, 1) if isinstance(data, Corpus) else data
    names, counts = pattern_matrix(dtm, dictionary)
    dense = counts.toarray()
    ids = dtm.docs["doc_id"].astype(str).to_numpy()
    return pd.DataFrame({"doc_id": np.repeat(ids, len(names)), "frame": np.tile(np.asarray(names, object), len(ids)),
                         "count": dense.ravel().astype(np.int64),
                         "present": (dense.ravel() >= min_count).astype(np.int64)})


def topic_codes(model: DocumentTopics, topics: Mapping[int, str], *, min_share: float = 0.2) -> pd.DataFrame:
    """The frames topics assign: ``doc_id, frame, share, present`` for every document and named topic.

    ``topics`` maps topic ids to frame names (several topics may stand for one frame: their
    shares add up); ``present`` is 1 when the document's share θ of the frame's topics is at
    least ``min_share``.
    """
    theta = np.asarray(model.doc_topic_, dtype=float)
    bad = [t for t in topics if not 0 <= int(t) < theta.shape[1]]
    if bad or not topics:
        raise ArgumentError(f"topics must map topic ids (0 to {theta.shape[1] - 1}) to frame names; got {dict(topics)}")
    if not 0 < min_share <= 1:
        raise ArgumentError(f"min_share must be in (0, 1], got {min_share!r}")
    frames = list(dict.fromkeys(topics.values()))
    shares = np.column_stack([theta[:, [int(t) for t, f in topics.items() if f == frame]].sum(axis=1)
                              for frame in frames])
    ids = model.dtm.docs["doc_id"].astype(str).to_numpy()
    return pd.DataFrame({"doc_id": np.repeat(ids, len(frames)), "frame": np.tile(np.asarray(frames, object), len(ids)),
                         "share": shares.ravel(), "present": (shares.ravel() >= min_share).astype(np.int64)})


def reference_codes(codes: pd.DataFrame, reference: str) -> pd.DataFrame:
    """``doc_id, frame, present``: the majority of the coders (more than half), or one coder's codes."""
    if reference == "majority":
        grouped = codes.groupby(["doc_id", "frame"], sort=False)["present"].agg(["sum", "count"])
        return pd.DataFrame({"doc_id": grouped.index.get_level_values(0), "frame": grouped.index.get_level_values(1),
                             "present": (2 * grouped["sum"] > grouped["count"]).astype(np.int64).to_numpy()})
    coders = sorted(codes["coder"].astype(str).unique())
    if reference not in coders:
        raise ArgumentError(f"reference={reference!r}: use 'majority' or one of the coders {coders}")
    return codes.loc[codes["coder"] == reference, ASSIGNED_COLUMNS].reset_index(drop=True)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / den, np.nan)


def _statistics(sums: np.ndarray) -> list[np.ndarray]:
    """Precision, recall, F1 of each row ``(TP, FP, FN)``."""
    tp, fp, fn = sums[:, 0], sums[:, 1], sums[:, 2]
    return [_ratio(tp, tp + fp), _ratio(tp, tp + fn), _ratio(2 * tp, 2 * tp + fp + fn)]


def compare_codes(codes: pd.DataFrame, assigned: pd.DataFrame, *, reference: str = "majority",
                  n_boot: int = 1000, ci: float = 0.95, seed: int = 1) -> pd.DataFrame:
    """Precision, recall and F1 of machine-assigned frames against human codes, per frame.

    Args:
        codes: the human codes, ``coder, doc_id, frame, present`` (:func:`framing.validation.read_codes`).
        assigned: the machine's, ``doc_id, frame, present`` (:func:`dictionary_codes`, :func:`topic_codes`);
            it must cover every coded document. Frames only one side has are left out.
        reference: ``"majority"`` or a coder's name (see the module docstring).
        n_boot, ci, seed: the document bootstrap.

    Returns:
        One row per frame: ``frame, docs, tp, fp, fn, tn`` and ``precision``, ``recall``,
        ``f1`` with their ``_lo``/``_hi`` intervals.
    """
    check_bootstrap(n_boot, ci, seed)
    human = reference_codes(check_codes(codes), reference)
    missing = [c for c in ASSIGNED_COLUMNS if c not in assigned]
    if missing:
        raise CodingError(f"the assigned frames lack the column(s) {missing}; they need {ASSIGNED_COLUMNS}")
    machine = assigned[ASSIGNED_COLUMNS].astype({"doc_id": str})
    human = human.astype({"doc_id": str})
    frames = [f for f in dict.fromkeys(human["frame"]) if f in set(machine["frame"])]
    if not frames:
        raise ArgumentError(f"the codes' frames {sorted(set(human['frame']))} and the assigned frames "
                            f"{sorted(set(machine['frame']))} have none in common")
    both = human.merge(machine, on=["doc_id", "frame"], how="left", suffixes=("_human", "_machine"))
    both = both[both["frame"].isin(frames)]
    uncovered = both.loc[both["present_machine"].isna(), "doc_id"].unique()
    if len(uncovered):
        raise CodingError(f"the assigned frames lack {len(uncovered)} coded document(s), e.g. {list(uncovered[:3])}: "
                          "assign frames to the coded sample (dictionary_codes(sample, ...))")
    rows = []
    for frame in frames:
        part = both[both["frame"] == frame]
        h, m = part["present_human"].to_numpy(int), part["present_machine"].to_numpy(int)
        values = np.column_stack([h & m, (1 - h) & m, h & (1 - m)]).astype(float)
        point = [float(s[0]) for s in _statistics(values.sum(axis=0)[None, :])]
        bounds: list[float] = [np.nan] * 6
        if n_boot:
            reps = np.column_stack(_statistics(resample_sums(values, n_boot=n_boot, seed=seed, key=f"codes/{frame}")))
            lo, hi = percentile_interval(reps, ci)
            bounds = [float(v) for pair in zip(lo, hi) for v in pair]
        tp, fp, fn = (int(v) for v in values.sum(axis=0))
        rows.append((frame, len(part), tp, fp, fn, len(part) - tp - fp - fn,
                     point[0], *bounds[0:2], point[1], *bounds[2:4], point[2], *bounds[4:6]))
    return pd.DataFrame(rows, columns=COLUMNS)
