"""LDA topic models on a Dask cluster: the E-step on the workers, the M-step on the client.

:func:`dask_fit_topics` fits LDA by *batch* variational Bayes (Blei, Ng & Jordan 2003) on
gensim's own classes — the pattern of gensim PR #2035: the client holds an ``LdaModel`` made
with the priors and settings :func:`framing.fit_topics` would use (``LdaOptions``: α, η,
iterations, chunk size; ``k``; the global vocabulary), each pass sends its topics to the
workers, every row block runs gensim's E-step (``do_estep``) where it lives, the blocks'
sufficient statistics are added up in a fixed tree order, and gensim's ``do_mstep`` updates
the topics once per pass (``LdaModel.update`` with ``update_every=0``); see
:mod:`framing.distributed.lda`. :func:`dask_doc_topics` computes θ of every document on the
workers. :func:`batch_fit_topics` / :func:`batch_doc_topics` are the same code on one
machine, over the same blocks.

What is reproducible (tested on a 2-worker cluster, float64 throughout):

- the same matrix, ``k``, seed and partitioning give the identical topic-term matrix
  (``np.array_equal``), also against :func:`batch_fit_topics` with the same blocks;
- each document's γ start depends on ``(seed, pass, global row)`` only, so other partitionings
  differ only by the rounding of the statistics' sums: on the test corpus (300 documents, k = 3,
  5 passes; 1, 2, 3 and 4 uneven blocks, one empty) the topic-term matrices differ by at most
  3e-17 (relative 6e-16); tested < 1e-12;
- θ (:func:`dask_doc_topics`) of a given model is identical for every partitioning
  (each document's inference is independent of the others).

How it differs from :func:`framing.fit_topics`: that is gensim's *online* VB (Hoffman et al.
2010: an M-step after every chunk, float32), this is *batch* VB (one M-step per pass over all
documents, float64, so rounding does not grow with the number of blocks); the topics found
are similar but not equal (matched cosine similarity of topics 0.96 after 5 passes, 0.997 after
20 on the test corpus), and batch VB needs more passes to converge than online VB on a large
corpus. θ differs from ``TopicModel.doc_topic_`` by its γ starts only (seeded per tile of rows,
not drawn in corpus order from ``RandomState(seed)``), within gensim's convergence threshold
(measured max difference 7e-4; the same top topic for every document).
``alpha="auto"`` is refused (gensim learns it from every chunk's γ on one machine).

>>> from framing.distributed import DaskMatrix, dask_fit_topics, dask_doc_topics
>>> dist = DaskMatrix.scatter(dtm, client, partitions=4)  # doctest: +SKIP
>>> model = dask_fit_topics(dist, 10, seed=1, options=fr.LdaOptions(passes=20))  # doctest: +SKIP
>>> theta = dask_doc_topics(model, dist, seed=1)  # doctest: +SKIP
>>> model.to_topic_model(dist.compute()).terms(n=5)  # doctest: +SKIP
"""

from __future__ import annotations

import copy
import dataclasses
import sys
from collections.abc import Sequence
from functools import cached_property
from typing import Any

import numpy as np

from framing._infra.errors import ArgumentError, ModelError
from framing.distributed.lda import Blocks, DaskBlocks, LocalBlocks, infer_blocks, run_batch_vb
from framing.distributed.matrix import DaskMatrix, MatrixBlock
from framing.distributed.split import bounds, partition_sizes
from framing.dtm.matrix import DocTermMatrix
from framing.topics.model import LdaOptions, TopicModel, check_k


@dataclasses.dataclass(frozen=True, eq=False)
class DaskTopicModel:
    """An LDA model fitted by batch VB over row blocks (:func:`dask_fit_topics`, :func:`batch_fit_topics`).

    Attributes:
        lda: the gensim ``LdaModel`` (float64, ``update_every=0``), held by the client.
        k: number of topics.
        seed: the random seed of the fit.
        options: the gensim settings.
        vocab: the global sorted vocabulary (the columns of :attr:`topic_term_`).
        n_docs: documents fitted on.
        fingerprint: the corpus fingerprint of the matrix.
        reproducible: always ``True`` (see the module docstring).
    """

    lda: Any
    k: int
    seed: int
    options: LdaOptions
    vocab: np.ndarray
    n_docs: int
    fingerprint: str
    reproducible: bool = True

    def __repr__(self) -> str:
        return f"DaskTopicModel(k={self.k}, seed={self.seed}, {self.n_docs:,} documents × {len(self.vocab):,} terms)"

    @cached_property
    def topic_term_(self) -> np.ndarray:
        """Topics × terms: p(term | topic), rows sum to 1 (gensim's ``get_topics()``)."""
        return self.lda.get_topics()

    def to_topic_model(self, dtm: DocTermMatrix) -> TopicModel:
        """The model as a :class:`~framing.TopicModel` on the gathered matrix (``dist.compute()``),
        for its summaries, coherence and saving. Its ``doc_topic_`` starts γ as ``fit_topics`` does;
        :func:`dask_doc_topics` gives θ as computed on the cluster."""
        if dtm.fingerprint != self.fingerprint or dtm.shape != (self.n_docs, len(self.vocab)) \
                or not np.array_equal(dtm.vocab, self.vocab):
            raise ModelError(f"the model was fitted on {self.n_docs:,} documents × {len(self.vocab):,} terms of corpus "
                             f"{self.fingerprint[:12]}…, not on this matrix ({dtm.shape[0]:,} × {dtm.shape[1]:,}, "
                             f"corpus {dtm.fingerprint[:12]}…); pass the gathered matrix it was fitted on")
        lda = copy.copy(self.lda)
        lda.id2word = dtm.to_gensim()[0]  # with the document frequencies of the whole matrix
        return TopicModel(lda=lda, dtm=dtm, k=self.k, seed=self.seed, options=self.options, reproducible=True)


def dask_fit_topics(dist: DaskMatrix, k: int, *, seed: int = 1, options: LdaOptions | None = None,
                    progress: bool = True) -> DaskTopicModel:
    """Fit LDA by batch variational Bayes with the E-step on the workers of ``dist``.

    Args:
        dist: the distributed matrix (:meth:`DaskMatrix.scatter` or the cluster's builder).
        k: number of topics, at least 2 and fewer than the documents.
        seed: random seed (initial topics and every document's γ start; see the module docstring).
        options: gensim settings (:class:`~framing.LdaOptions`); ``passes`` batch passes.
        progress: a progress bar over the passes.
    """
    return _fit(DaskBlocks(dist), dist.vocab, sum(dist.n_docs), dist.fingerprint, k, seed=seed, options=options,
                progress=progress)


def batch_fit_topics(dtm: DocTermMatrix, k: int, *, partitions: int | Sequence[int] = 1, seed: int = 1,
                     options: LdaOptions | None = None, progress: bool = True) -> DaskTopicModel:
    """:func:`dask_fit_topics` without Dask: the same passes over ``partitions`` row blocks in this process.

    With the partitioning of a :class:`DaskMatrix` it gives the identical model.
    """
    return _fit(LocalBlocks(local_blocks(dtm, partitions)), dtm.vocab, dtm.shape[0], dtm.fingerprint, k,
                seed=seed, options=options, progress=progress)


def _fit(blocks: Blocks, vocab: np.ndarray, n_docs: int, fingerprint: str, k: int, *, seed: int,
         options: LdaOptions | None, progress: bool) -> DaskTopicModel:
    from tqdm.auto import tqdm

    options = options if options is not None else LdaOptions()
    if n_docs == 0 or len(vocab) == 0:
        raise ModelError(f"the matrix has {n_docs:,} documents and {len(vocab):,} terms: a topic model needs "
                         "both; widen the corpus filter or relax min_df/max_df/stopwords")
    check_k(k, n_docs)
    if options.alpha == "auto":
        raise ArgumentError("alpha='auto' learns α from every chunk's γ on one machine; the distributed fit keeps "
                            "α fixed: use 'symmetric', 'asymmetric' or numbers, or fit_topics on one machine")
    lda = _untrained(vocab, int(k), seed, options)
    with tqdm(total=options.passes, desc="fitting topics (batch VB)", unit="pass", disable=not progress,
              file=sys.stderr, leave=False) as bar:
        run_batch_vb(blocks, lda, n_docs=n_docs, seed=seed, passes=options.passes, bar=bar)
    return DaskTopicModel(lda=lda, k=int(k), seed=seed, options=options, vocab=vocab, n_docs=n_docs,
                          fingerprint=fingerprint)


def _untrained(vocab: np.ndarray, k: int, seed: int, options: LdaOptions) -> Any:
    """gensim's ``LdaModel`` as :func:`framing.topics.model.train_lda` makes it, before training,
    in float64 and batch mode; its initial topics are drawn from ``RandomState(seed)`` as there."""
    from gensim.corpora import Dictionary
    from gensim.models import LdaModel

    dictionary = Dictionary()
    dictionary.token2id = {str(t): i for i, t in enumerate(vocab)}
    return LdaModel(id2word=dictionary, num_topics=k, random_state=seed, dtype=np.float64, update_every=0,
                    **options.gensim_kwargs())


def dask_doc_topics(model: DaskTopicModel | TopicModel, dist: DaskMatrix, *, seed: int = 1) -> np.ndarray:
    """θ of every document of ``dist`` (documents × k, rows sum to 1), inferred on the workers.

    γ from gensim's ``inference`` with each document's start drawn from ``(seed, global row)``
    (:func:`framing.distributed.lda.initial_gamma`), normalised by row; gathered in block
    order. Identical for every partitioning of the same matrix.
    """
    _check_terms(model, dist.shape[1])
    return _theta(DaskBlocks(dist), model, seed)


def batch_doc_topics(model: DaskTopicModel | TopicModel, dtm: DocTermMatrix, *, partitions: int | Sequence[int] = 1,
                     seed: int = 1) -> np.ndarray:
    """:func:`dask_doc_topics` without Dask (the same numbers)."""
    _check_terms(model, dtm.shape[1])
    return _theta(LocalBlocks(local_blocks(dtm, partitions)), model, seed)


def _theta(blocks: Blocks, model: DaskTopicModel | TopicModel, seed: int) -> np.ndarray:
    parts = blocks.get(infer_blocks(blocks, model.lda, seed=seed))
    gamma = np.concatenate(parts) if parts else np.zeros((0, model.k))
    return gamma / gamma.sum(axis=1, keepdims=True)


def _check_terms(model: DaskTopicModel | TopicModel, n_terms: int) -> None:
    if model.lda.num_terms != n_terms:
        raise ModelError(f"the model has {model.lda.num_terms:,} terms, the matrix {n_terms:,}: infer θ on the "
                         "matrix the model was fitted on (same vocabulary)")


def local_blocks(dtm: DocTermMatrix, partitions: int | Sequence[int]) -> list[MatrixBlock]:
    """Consecutive row blocks of ``dtm`` in this process: ``partitions`` near-equal ones (as
    :meth:`DaskMatrix.scatter` cuts them) or blocks of the given sizes."""
    return [MatrixBlock(matrix=dtm.matrix[a:b], lengths=dtm.doc_lengths[a:b], docs=dtm.docs.iloc[a:b], tokens=None,
                        start=a) for a, b in bounds(partition_sizes(dtm.shape[0], partitions))]
