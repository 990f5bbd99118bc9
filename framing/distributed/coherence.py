"""Topic coherence counts on a Dask cluster: per-block counts, summed on the client.

u_mass needs the documents containing each top term and each pair of them; c_npmi the same
for sliding windows of the token stream (:mod:`framing.topics.coherence`). Documents, and a
document's windows, are counted independently, so each block counts its own rows on its
worker (the single-machine :func:`~framing.topics.coherence.document_counts` and
:func:`~framing.topics.coherence.window_counts`) and the integer counts are added
(:func:`~framing.topics.coherence.merge_counts`): they equal the single-machine counts
exactly for any partitioning, and so do the coherence values computed from them.

>>> from framing.distributed import dask_topic_coherence
>>> dask_topic_coherence(model, dist, measures=["u_mass", "c_npmi"])  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from framing._infra.errors import ArgumentError
from framing.distributed.matrix import DaskMatrix
from framing.dtm.matrix import DocTermMatrix, resolve_stopwords
from framing.topics.coherence import (
    CoherenceCounts,
    check_measures,
    check_unigram_terms,
    coherence_table,
    document_counts,
    merge_counts,
    texts_without,
    top_term_ids,
    window_counts,
)

if TYPE_CHECKING:
    from framing.distributed.topics import DaskTopicModel
    from framing.topics.model import TopicModel


def dask_coherence_counts(dist: DaskMatrix, terms: np.ndarray) -> CoherenceCounts:
    """Documents containing each of ``terms`` (matrix columns) and each pair: the u_mass counts,
    equal to ``document_counts(dist.compute(), terms)``."""
    return merge_counts(dist.gather(dist.map_blocks(document_counts, np.asarray(terms, dtype=np.int64))))


def _languages(dtm: DocTermMatrix) -> set[str | None]:
    return set(dtm.docs["language"]) if "language" in dtm.docs.columns else {None}


def _token_status(dtm: DocTermMatrix) -> tuple[bool, int, Any]:
    return dtm.tokens is not None, dtm.shape[0], dtm.docs["doc_id"].iloc[0] if len(dtm.docs) else None


def _check_tokens(dist: DaskMatrix) -> None:
    for i, (has, n, first) in enumerate(dist.gather(dist.map_blocks(_token_status))):
        if not has:
            raise ArgumentError(f"partition {i} ({n:,} documents from doc_id {first!r}) has no token stream; build the "
                                "distributed matrix with its tokens kept to count c_npmi windows, or use u_mass")


def _block_window_counts(dtm: DocTermMatrix, terms: np.ndarray, stop: frozenset[str], window: int) -> CoherenceCounts:
    if dtm.tokens is None:  # _check_tokens has named the partition before
        raise ArgumentError("a block lost its token stream")
    return window_counts(texts_without(dtm.tokens, stop, dtm), terms, window=window)


def dask_window_counts(dist: DaskMatrix, terms: np.ndarray, *, window: int = 10) -> CoherenceCounts:
    """Sliding windows of the blocks' token streams containing each of ``terms`` and each pair: the
    c_npmi counts, equal to ``window_counts(topic_texts(corpus, dtm), terms)`` on one machine.

    The matrix's stopwords are removed from the windows (as ``topic_texts`` does with a corpus);
    with ``stopwords="auto"`` their lists are those of the languages of all blocks.
    """
    _check_tokens(dist)
    languages: set[Any] = set().union(*dist.gather(dist.map_blocks(_languages)))
    stop = resolve_stopwords(dist.options.stopwords, sorted(languages, key=str))
    parts = dist.gather(dist.map_blocks(_block_window_counts, np.asarray(terms, dtype=np.int64), stop, window))
    return merge_counts(parts)


def dask_topic_coherence(model: DaskTopicModel | TopicModel, dist: DaskMatrix, *,
                         measures: Sequence[str] | None = ("u_mass",), topn: int = 10,
                         window: int = 10) -> pd.DataFrame:
    """Coherence of every topic, ``topic, measure, coherence``, from counts gathered on the cluster.

    Equal to :func:`framing.topic_coherence` of the same model on the gathered matrix (c_npmi:
    with ``texts=<the corpus>``). c_npmi needs the blocks' token streams.
    """
    chosen = check_measures(measures, has_texts=True)
    top = top_term_ids(model.topic_term_, topn)
    counts = {}
    for measure in chosen:
        if measure == "u_mass":
            counts[measure] = dask_coherence_counts(dist, top.ravel())
        else:
            check_unigram_terms(dist.vocab, top)
            counts[measure] = dask_window_counts(dist, top.ravel(), window=window)
    return coherence_table(top, counts)
