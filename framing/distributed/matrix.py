"""The document-term matrix on a Dask cluster: row blocks that stay on the workers.

A :class:`DaskMatrix` is the matrix of :func:`framing.document_term_matrix` cut into
consecutive row blocks, one per partition of the corpus. Each block lives on a worker as a
:class:`MatrixBlock` (its CSR counts over the *global* sorted vocabulary, its documents'
lengths, metadata and token stream); the vocabulary is sent to every worker once. Analyses run
single-machine code on each block (:meth:`DaskMatrix.map_blocks`) and add up the results on the
client; :meth:`DaskMatrix.compute` gathers the blocks into one :class:`~framing.DocTermMatrix`
when it fits in memory, equal to the single-machine matrix of the same corpus.

>>> import framing as fr, pandas as pd
>>> from framing.distributed import DaskMatrix, local_client
>>> corpus = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b", "a"], "date": ["2022-03-01"] * 3,
...     "text": ["The invasion began.", "A special military operation.", "Invasion, again."]}))
>>> dtm = fr.document_term_matrix(corpus, cache=False)
>>> with local_client(n_workers=1, processes=False, dashboard=False) as client:  # doctest: +SKIP
...     dist = DaskMatrix.scatter(dtm, client, partitions=2)
...     dist.n_docs, dist.compute().matrix.nnz == dtm.matrix.nnz
((2, 1), True)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from framing.corpus.text import Tokens
from framing.distributed.split import bounds, partition_sizes
from framing.dtm.matrix import DocTermMatrix, DTMOptions


@dataclasses.dataclass(frozen=True)
class MatrixBlock:
    """One partition's rows of the matrix, as held by a worker.

    Attributes:
        matrix: CSR counts, the partition's documents × the global vocabulary (int64).
        lengths: tokens per document.
        docs: the documents' metadata (no text), in corpus order.
        tokens: the documents' token stream with its own (partition-local) token vocabulary,
            or ``None`` when it was not kept.
        start: the global row of the block's first document.
    """

    matrix: sp.csr_matrix
    lengths: np.ndarray
    docs: pd.DataFrame
    tokens: Tokens | None
    start: int

    def local(self, vocab: np.ndarray, options: DTMOptions, fingerprint: str) -> DocTermMatrix:
        """The block as a single-machine :class:`~framing.DocTermMatrix` (no copy of the arrays)."""
        return DocTermMatrix(matrix=self.matrix, vocab=vocab, doc_lengths=self.lengths, docs=self.docs,
                             options=options, fingerprint=fingerprint, tokens=self.tokens)


def _apply(block: MatrixBlock, vocab: np.ndarray, options: DTMOptions, fingerprint: str,
           fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    return fn(block.local(vocab, options, fingerprint), *args, **kwargs)


def _apply_block(block: MatrixBlock, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    return fn(block, *args, **kwargs)


@dataclasses.dataclass(frozen=True)
class DaskMatrix:
    """A document-term matrix whose row blocks stay on the workers of a Dask cluster.

    Attributes:
        client: the ``distributed.Client`` the blocks live on.
        blocks: one future per partition, each resolving to a :class:`MatrixBlock`; in corpus order.
        vocab: the global sorted vocabulary (also on every worker, as :attr:`vocab_future`).
        vocab_future: the vocabulary, scattered to every worker once.
        n_docs: documents per partition.
        options: how the matrix was made (:class:`~framing.dtm.matrix.DTMOptions`).
        fingerprint: the fingerprint of the :class:`~framing.distributed.DaskCorpus` it was built from (a
            hash of its partitions' fingerprints), or of the matrix it was scattered from.
    """

    client: Any
    blocks: tuple[Any, ...]
    vocab: np.ndarray
    vocab_future: Any
    n_docs: tuple[int, ...]
    options: DTMOptions
    fingerprint: str

    @property
    def shape(self) -> tuple[int, int]:
        """(documents, terms)."""
        return sum(self.n_docs), len(self.vocab)

    @property
    def n_partitions(self) -> int:
        """Number of row blocks."""
        return len(self.blocks)

    def __repr__(self) -> str:
        return (f"DaskMatrix({self.shape[0]:,} documents × {self.shape[1]:,} terms in "
                f"{self.n_partitions} blocks, ngrams={self.options.ngrams})")

    def map_blocks(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> list[Any]:
        """Futures of ``fn(block_as_DocTermMatrix, *args, **kwargs)``, one per block, run on the block's worker.

        ``fn`` must be importable on the workers (a module-level function of framing or of an
        installed package), as Dask pickles it by reference.
        """
        return [self.client.submit(_apply, block, self.vocab_future, self.options, self.fingerprint, fn, args,
                                   kwargs, pure=False) for block in self.blocks]

    def map_raw(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> list[Any]:
        """Futures of ``fn(MatrixBlock, *args, **kwargs)``, one per block (for work that needs :attr:`MatrixBlock.start`)."""
        return [self.client.submit(_apply_block, block, fn, args, kwargs, pure=False) for block in self.blocks]

    def gather(self, futures: Sequence[Any]) -> list[Any]:
        """The results of futures, in order."""
        return list(self.client.gather(list(futures)))

    def compute(self) -> DocTermMatrix:
        """Gather every block into one :class:`~framing.DocTermMatrix` (equal to the single-machine matrix)."""
        blocks: list[MatrixBlock] = self.gather(self.blocks)
        matrix = sp.vstack([b.matrix for b in blocks], format="csr") if blocks else sp.csr_matrix((0, len(self.vocab)))
        matrix = sp.csr_matrix((matrix.data.astype(np.int64, copy=False), matrix.indices, matrix.indptr),
                               shape=(sum(self.n_docs), len(self.vocab)))
        tokens = join_tokens([b.tokens for b in blocks]) if blocks and all(b.tokens is not None for b in blocks) else None
        docs = pd.concat([b.docs for b in blocks], ignore_index=True)
        lengths = np.concatenate([b.lengths for b in blocks]).astype(np.int64)
        return DocTermMatrix(matrix=matrix, vocab=self.vocab, doc_lengths=lengths, docs=docs, options=self.options,
                             fingerprint=self.fingerprint, tokens=tokens)

    @classmethod
    def scatter(cls, dtm: DocTermMatrix, client: Any, *, partitions: int | Sequence[int]) -> DaskMatrix:
        """Cut an in-memory matrix into row blocks and send them to the workers.

        Args:
            dtm: the matrix.
            client: a ``distributed.Client``.
            partitions: a number of near-equal consecutive blocks, or the sizes of the blocks
                (summing to the number of documents).
        """
        sizes = partition_sizes(dtm.shape[0], partitions)
        blocks = []
        for a, b in bounds(sizes):
            rows = np.arange(a, b)
            part = dtm.subset(rows)
            blocks.append(MatrixBlock(matrix=part.matrix, lengths=part.doc_lengths, docs=part.docs,
                                      tokens=part.tokens, start=int(a)))
        futures = client.scatter(blocks)
        vocab_future = client.scatter(dtm.vocab, broadcast=True)
        return cls(client=client, blocks=tuple(futures), vocab=dtm.vocab, vocab_future=vocab_future,
                   n_docs=tuple(sizes), options=dtm.options, fingerprint=dtm.fingerprint)


def join_tokens(parts: Sequence[Tokens | None]) -> Tokens:
    """Token streams of consecutive blocks joined into one, over the union of their (sorted) vocabularies."""
    streams = [p for p in parts if p is not None]
    vocab = np.unique(np.concatenate([p.vocab.astype(object) for p in streams])) if streams else np.array([], object)
    ids: list[np.ndarray] = []
    offsets: list[np.ndarray] = [np.zeros(1, dtype=np.int64)]
    shift = 0
    for p in streams:
        remap = np.searchsorted(vocab, p.vocab).astype(np.int32)
        local = p.ids.astype(np.int32)
        ids.append(np.where(local >= 0, remap[np.maximum(local, 0)] if len(remap) else local, -1).astype(np.int32))
        offsets.append(p.offsets[1:].astype(np.int64) + shift)
        shift += int(p.offsets[-1])
    return Tokens(ids=np.concatenate(ids) if ids else np.zeros(0, np.int32), offsets=np.concatenate(offsets),
                  vocab=vocab.astype(object))
