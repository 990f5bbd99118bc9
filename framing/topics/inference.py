"""Topic models for corpora too large to fit on: train on a seeded sample, infer topics for every document.

LDA training makes several passes over the corpus; inference of one document's topic
shares needs only the trained topics. On 10⁶ documents the practical path is therefore
:func:`fit_on_sample` (a seeded random sample of documents, e.g. 20,000, fitted with
:func:`framing.fit_topics`) and then :func:`infer_topics` for all documents, in chunks,
on several processes, with a progress bar.

Inference is gensim's variational E-step (``LdaModel.inference``), whose only randomness
is the starting point of each document's ``gamma``: those are drawn up front, in document
order, from ``numpy.random.RandomState(seed)`` exactly as gensim would draw them chunk after
chunk, and handed to the workers. The result is therefore identical, bit for bit, to
:func:`framing.topics.infer_doc_topics` (and so to :attr:`~framing.topics.TopicModel.doc_topic_`
on the model's own matrix) whatever the number of processes or the chunk size.

>>> import framing as fr, pandas as pd
>>> corpus = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b"] * 4, "date": ["2022-01-01"] * 8,
...     "text": [f"{t} {i}" for i, t in enumerate(["war tanks war", "gas prices gas", "tanks war",
...                                                "prices gas"] * 2)]}))
>>> dtm = fr.document_term_matrix(corpus, cache=False)
>>> model = fit_on_sample(dtm, 2, sample=6, seed=1, options=fr.LdaOptions(passes=5), progress=False)
>>> theta = infer_topics(model, dtm, processes=1, progress=False)
>>> theta.shape, bool(abs(theta.sum(axis=1) - 1).max() < 1e-9)
((8, 2), True)
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import numpy as np
import scipy.sparse as sp

from framing._infra.errors import ModelError
from framing.dtm.matrix import DocTermMatrix
from framing.topics.model import LdaOptions, TopicModel, fit_topics, lda_options

_WORKER: dict[str, Any] = {}


def sample_rows(n_docs: int, n: int, *, seed: int) -> np.ndarray:
    """``min(n, n_docs)`` document indices drawn without replacement (``default_rng(seed)``), sorted."""
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(n_docs, size=min(n, n_docs), replace=False))


def fit_on_sample(dtm: DocTermMatrix, k: int, *, sample: int = 20_000, seed: int = 1,
                  options: LdaOptions | None = None, progress: bool = True, **loose: Any) -> TopicModel:
    """:func:`framing.fit_topics` on a seeded random sample of ``sample`` documents of ``dtm``.

    ``seed`` draws the sample and seeds the fit; ``options`` are the gensim settings
    (:class:`~framing.LdaOptions`; giving them one by one, ``passes=5``, is deprecated).
    The model's matrix is the sample (same vocabulary as ``dtm``); use
    :func:`infer_topics` for the topic shares of all documents.
    """
    options = lda_options(options, loose, caller="fit_on_sample")
    return fit_topics(dtm.subset(sample_rows(dtm.shape[0], sample, seed=seed)), k, seed=seed, options=options,
                      progress=progress)


class _Drawn:
    """Stands in for the model's random state: hands out the pre-drawn starting ``gamma``."""

    def __init__(self, values: np.ndarray) -> None:
        self.values = values

    def gamma(self, shape: float, scale: float, size: tuple[int, int]) -> np.ndarray:
        if tuple(size) != self.values.shape:
            raise ModelError(f"inference asked for {size} starting values, {self.values.shape} were drawn")
        return self.values


def _start(lda_bytes: bytes) -> None:
    _WORKER["lda"] = pickle.loads(lda_bytes)  # noqa: S301 (pickled by this process for its workers; never a file)


def _infer(task: tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]) -> tuple[int, np.ndarray]:
    """Normalised ``gamma`` of one chunk of CSR rows (runs in a worker, or in this process)."""
    from gensim.matutils import Sparse2Corpus

    start, init, data, indices, indptr, n_terms = task
    lda = _WORKER["lda"]
    rows = sp.csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, n_terms))
    lda.random_state = _Drawn(init)
    gamma, _ = lda.inference(list(Sparse2Corpus(rows, documents_columns=False)))
    gamma = gamma.astype(np.float64)
    return start, gamma / gamma.sum(axis=1, keepdims=True)


def infer_topics(model: TopicModel, dtm: DocTermMatrix, *, seed: int | None = None, chunksize: int = 2000,
                 processes: int = 2, progress: bool = True) -> np.ndarray:
    """Topic shares θ (documents × topics, rows sum to 1) of every document of ``dtm``.

    Args:
        model: a fitted model whose vocabulary is ``dtm``'s (e.g. from :func:`fit_on_sample`).
        dtm: the documents.
        seed: seeds the starting points (default: the model's seed, as ``doc_topic_``).
        chunksize: documents per chunk.
        processes: worker processes (1: in this process).
        progress: show a progress bar (tqdm) of documents.

    Raises:
        ModelError: the model was fitted on another vocabulary.
    """
    from tqdm.auto import tqdm

    if model.dtm.vocab is not dtm.vocab and not np.array_equal(model.dtm.vocab, dtm.vocab):
        raise ModelError(f"the model was fitted on a matrix of {model.dtm.shape[1]:,} terms, not on this "
                         f"matrix's {dtm.shape[1]:,}; fit it on a subset of the same matrix (fit_on_sample)")
    seed = model.seed if seed is None else seed
    m = dtm.matrix
    init = np.random.RandomState(seed).gamma(100., 1. / 100., (m.shape[0], model.k))
    spans = [(s, min(s + chunksize, m.shape[0])) for s in range(0, m.shape[0], chunksize)]
    tasks = ((a, init[a:b], m.data[m.indptr[a]:m.indptr[b]], m.indices[m.indptr[a]:m.indptr[b]],
              m.indptr[a:b + 1] - m.indptr[a], m.shape[1]) for a, b in spans)
    out = np.empty((dtm.shape[0], model.k), dtype=np.float64)
    # pickled only to reach the worker processes, in memory: nothing framing pickles touches the disk
    lda_bytes = pickle.dumps(model.lda)
    with tqdm(total=dtm.shape[0], unit="doc", desc="inferring topics", disable=not progress) as bar:
        if processes <= 1:
            _start(lda_bytes)
            results: Iterator[tuple[int, np.ndarray]] = map(_infer, tasks)
            pool = None
        else:
            import multiprocessing

            # fork keeps user scripts without a __main__ guard working (as framing.topics.sweep does)
            ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
            pool = ProcessPoolExecutor(processes, mp_context=ctx, initializer=_start, initargs=(lda_bytes,))
            results = pool.map(_infer, tasks)
        try:
            for start, theta in results:
                out[start:start + len(theta)] = theta
                bar.update(len(theta))
        finally:
            if pool is not None:
                pool.shutdown()
            _WORKER.clear()
    return out
