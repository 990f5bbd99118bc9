"""The document-term matrix built on the cluster, equal to the one of one machine.

:func:`dask_document_term_matrix` builds a :class:`~framing.distributed.DaskMatrix` from a
:class:`~framing.distributed.DaskCorpus` in four steps, each a set of Dask tasks:

1. **Count** each partition on its worker with the single-machine builder
   (:func:`framing.dtm.matrix.build_counts`, stopwords applied, no ``min_df``/``max_df``): a CSR
   block over the partition's own sorted vocabulary, and each term's document frequency.
2. **Merge** the (vocabulary, document frequency) pairs by a tree reduction: pairwise, round
   after round, in partition order (:func:`~framing.distributed.reduce.tree_reduce`), so no
   task holds the vocabularies of all partitions at once. A term's document frequency in the
   corpus is the sum of its partitions' (integers: exact in any order).
3. **Select** the terms on the worker holding the merged vocabulary: ``min_df``, ``max_df`` and
   ``ngram_min_df`` against the total number of documents, as
   :func:`framing.document_term_matrix` applies them; only the kept, sorted vocabulary comes
   back to the client, which sends it to every worker once.
4. **Re-index** each block on its worker: its columns mapped to the global vocabulary (both
   sorted the same way, so rows stay sorted), the dropped terms removed.

Stopwords are a property of each term alone (a stopword, or an n-gram starting or ending with
one), so removing them per partition before the merge removes the same terms as after it;
``"auto"`` is resolved first from the languages of *all* partitions, as one machine resolves it
from the whole corpus. Tokenising is per document, so each block's counts, lengths and tokens
are those of its rows in the single-machine matrix. Nothing is written to the on-disk cache.

>>> import framing as fr
>>> from framing.distributed import dask_document_term_matrix, local_client
>>> with local_client(n_workers=2) as client:  # doctest: +SKIP
...     corpus = fr.read_dask("scraped/*.jsonl", client=client, outlet="{stem}")
...     dist = dask_document_term_matrix(corpus, ngrams=3, stopwords="auto", min_df=2)
...     single = fr.document_term_matrix(corpus.compute(), ngrams=3, stopwords="auto", min_df=2, cache=False)
...     (dist.compute().matrix != single.matrix).nnz, list(dist.vocab) == list(single.vocab)
(0, True)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from framing.corpus.corpus import Corpus, require_documents
from framing.corpus.text import TextOptions
from framing.distributed.corpus import DaskCorpus
from framing.distributed.matrix import DaskMatrix, MatrixBlock
from framing.distributed.reduce import settle, tree_reduce
from framing.dtm.matrix import DTMOptions, build_counts, df_bounds, matrix_options, resolve_stopwords
from framing.dtm.storage import MatrixParts

Terms = tuple[pa.Array, np.ndarray]
"""A sorted vocabulary (an Arrow ``large_string`` array: it crosses the network as two buffers, where
an array of Python strings is pickled string by string) and each term's document frequency (int64)."""


@dataclasses.dataclass(frozen=True)
class LocalCounts:
    """One partition counted on its worker, before its columns are mapped to the global vocabulary.

    Attributes:
        parts: the counts over the partition's own sorted vocabulary, lengths and token stream.
        docs: the partition's documents' metadata (no text).
    """

    parts: MatrixParts
    docs: pd.DataFrame


def partition_languages(part: Corpus) -> set[str | None]:
    """The partition's ``language`` values (empty or missing ones as ``None``, which stopwords read as English)."""
    return {lang if isinstance(lang, str) and lang else None for lang in part.df["language"].tolist()}


def count_partition(part: Corpus, options: DTMOptions, stop: frozenset[str], keep_tokens: bool) -> LocalCounts:
    """Step 1 on a worker: the partition's counts, stopwords (``stop``) removed, every other term kept.

    ``min_df=0`` lets an empty partition through (``df_bounds`` refuses ``min_df=1`` for no
    documents); it keeps the same terms as ``min_df=1``, as every term of a partition is in one of its documents.
    """
    local = dataclasses.replace(options, min_df=0, max_df=1.0, ngram_min_df=0)
    parts = build_counts(part, local, keep_tokens=keep_tokens, stop=stop)
    return LocalCounts(parts=parts, docs=part.df.drop(columns=["text"]))


def partition_terms(counts: LocalCounts) -> Terms:
    """The partition's vocabulary and each term's document frequency in it."""
    matrix = counts.parts.matrix
    return _arrow(counts.parts.vocab), np.bincount(matrix.indices, minlength=matrix.shape[1]).astype(np.int64)


def _arrow(vocab: np.ndarray) -> pa.Array:
    return pa.array(vocab, pa.large_string())


def merge_terms(a: Terms, b: Terms) -> Terms:
    """Step 2: two vocabularies as one, sorted, with document frequencies added.

    Strings are hashed and sorted in C (Arrow); Arrow sorts UTF-8 bytes, which is code-point
    order, the order of Python's ``sorted`` and of the single-machine vocabulary.
    """
    encoded = pc.dictionary_encode(pa.concat_arrays([a[0], b[0]]))
    order = pc.array_sort_indices(encoded.dictionary).to_numpy()
    place = np.empty(len(order), dtype=np.int64)
    place[order] = np.arange(len(order))
    where = place[encoded.indices.to_numpy(zero_copy_only=False)]
    df = np.zeros(len(order), dtype=np.int64)
    df[where[:len(a[0])]] += a[1]  # each side's terms are distinct, so no index repeats within a side
    df[where[len(a[0]):]] += b[1]
    return encoded.dictionary.take(pa.array(order)), df


def select_terms(terms: Terms, n_docs: int, options: DTMOptions) -> np.ndarray:
    """Step 3: the terms within the document-frequency bounds of ``options`` for ``n_docs`` documents.

    As in :func:`~framing.dtm.matrix.build_counts`: a term is kept when ``lo ≤ df ≤ hi`` with
    ``(lo, hi) = df_bounds(min_df, max_df, n_docs)``, and an n-gram (a term holding a space, which
    no token does) also needs ``df ≥ df_bounds(ngram_min_df, max_df, n_docs)[0]``.
    """
    vocab, df = terms
    lo, hi = df_bounds(options.min_df, options.max_df, n_docs)
    lo_ngrams = max(lo, df_bounds(options.ngram_min_df, options.max_df, n_docs)[0])
    is_ngram = pc.match_substring(vocab, " ").to_numpy(zero_copy_only=False).astype(bool)
    keep = (df >= np.where(is_ngram, lo_ngrams, lo)) & (df <= hi)
    return vocab.filter(pa.array(keep)).to_numpy(zero_copy_only=False).astype(object)


def to_global(counts: LocalCounts, vocab: np.ndarray, start: int) -> MatrixBlock:
    """Step 4 on a worker: the partition's counts over the global ``vocab``, terms not in it dropped.

    Both vocabularies are sorted the same way, so a row's global column ids increase with its
    local ones and stay sorted.
    """
    matrix = counts.parts.matrix
    ids = pc.fill_null(pc.index_in(_arrow(counts.parts.vocab), value_set=_arrow(vocab)), -1)
    gid = ids.to_numpy(zero_copy_only=False).astype(np.int64)
    mask = gid[matrix.indices] >= 0
    index = np.int32 if max(len(vocab), int(mask.sum())) < 2**31 - 1 else np.int64
    indptr = np.concatenate([[0], np.cumsum(mask)])[matrix.indptr].astype(index)
    out = sp.csr_matrix((matrix.data[mask].astype(np.int64, copy=False), gid[matrix.indices[mask]].astype(index),
                         indptr), shape=(matrix.shape[0], len(vocab)))
    out.has_sorted_indices = True
    return MatrixBlock(matrix=out, lengths=np.asarray(counts.parts.lengths, dtype=np.int64), docs=counts.docs,
                       tokens=counts.parts.tokens, start=start)


def _stopwords(corpus: DaskCorpus, spec: str | tuple[str, ...] | None) -> frozenset[str]:
    """The stopword set of ``spec``; ``"auto"`` from the languages of every partition (English without a column)."""
    if spec != "auto" or "language" not in corpus.columns:
        return resolve_stopwords(spec, [None])
    languages: set[str | None] = set().union(*corpus.gather(corpus.map_parts(partition_languages)))
    return resolve_stopwords(spec, languages)


def dask_document_term_matrix(corpus: DaskCorpus, *, ngrams: int = 1, stopwords: str | Iterable[str] | None = None,
                              min_df: int | float = 1, max_df: int | float = 1.0, ngram_min_df: int | float = 1,
                              text: TextOptions | None = None, tokens: bool = True,
                              progress: bool = True) -> DaskMatrix:
    """The document-term matrix of a distributed corpus, its row blocks on the workers.

    The options are those of :func:`framing.document_term_matrix`, and so is the result:
    ``dask_document_term_matrix(corpus, **opts).compute()`` equals
    ``document_term_matrix(corpus.compute(), cache=False, **opts)`` — the same matrix (values,
    sparsity, int64), vocabulary, document lengths, documents' metadata and token stream — for any
    partitioning (see the module docstring for how). Its ``fingerprint`` is the distributed
    corpus's (:attr:`DaskCorpus.fingerprint`), not the gathered corpus's.

    Args:
        corpus: the documents, in partitions (:func:`framing.read_dask`, :meth:`DaskCorpus.scatter`).
        ngrams, stopwords, min_df, max_df, ngram_min_df, text, tokens: as for
            :func:`framing.document_term_matrix`; ``min_df``/``max_df`` shares are of all documents.
        progress: show progress bars for the counting, merging and re-indexing steps.

    Raises:
        CorpusError: the corpus has no documents.
        FramingError: ``ngrams`` is not a whole number ≥ 1, or ``min_df`` and ``max_df`` exclude every term.
    """
    options = matrix_options(ngrams=ngrams, stopwords=stopwords, min_df=min_df, max_df=max_df,
                             ngram_min_df=ngram_min_df, text=text)
    n_docs = len(corpus)
    require_documents(n_docs)
    df_bounds(min_df, max_df, n_docs)  # fail before any work, with one machine's message
    df_bounds(ngram_min_df, max_df, n_docs)
    client = corpus.client
    stop = _stopwords(corpus, options.stopwords)
    counted = corpus.map_parts(count_partition, options, stop, tokens)
    settle(counted, desc="counting terms", enabled=progress)
    root, merges = tree_reduce(client, [client.submit(partition_terms, c, pure=False) for c in counted], merge_terms)
    settle(merges, desc="merging vocabularies", enabled=progress)
    selected = client.submit(select_terms, root, n_docs, options, pure=False)
    settle([selected], desc="selecting terms", enabled=False)
    vocab: np.ndarray = selected.result()
    del root, merges, selected
    vocab_future = client.scatter(vocab, broadcast=True)
    starts = np.concatenate([[0], np.cumsum(corpus.n_docs)]).astype(int)
    blocks = [client.submit(to_global, c, vocab_future, int(s), pure=False) for c, s in zip(counted, starts)]
    del counted
    settle(blocks, desc="re-indexing blocks", enabled=progress)
    return DaskMatrix(client=client, blocks=tuple(blocks), vocab=vocab, vocab_future=vocab_future,
                      n_docs=tuple(corpus.n_docs), options=options, fingerprint=corpus.fingerprint)
