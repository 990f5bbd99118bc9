"""A corpus whose documents stay on the workers of a Dask cluster, one partition per block.

:class:`DaskCorpus` holds one future per partition, each resolving to a single-machine
:class:`~framing.Corpus` of that partition's documents (in corpus order). Work on the texts runs
on the workers (:meth:`DaskCorpus.map_parts`); :meth:`DaskCorpus.compute` gathers the partitions
into one corpus, equal to reading the same files on one machine.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from framing._infra.errors import ArgumentError
from framing._infra.hashing import sha256_text
from framing.corpus.corpus import Corpus


def _apply(part: Corpus, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    return fn(part, *args, **kwargs)


@dataclasses.dataclass(frozen=True)
class DaskCorpus:
    """Documents in partitions on the workers of a Dask cluster.

    Attributes:
        client: the ``distributed.Client``.
        parts: one future per partition, each resolving to a :class:`~framing.Corpus`; in corpus order.
        n_docs: documents per partition.
        columns: the columns of every partition.
        sources: what each partition was read from (a file path, or ``"rows a–b"``), for messages.
        fingerprint: SHA-256 of the partitions' fingerprints in order (not the gathered corpus's).
    """

    client: Any
    parts: tuple[Any, ...]
    n_docs: tuple[int, ...]
    columns: tuple[str, ...]
    sources: tuple[str, ...]
    fingerprint: str

    def __len__(self) -> int:
        return sum(self.n_docs)

    @property
    def n_partitions(self) -> int:
        """Number of partitions."""
        return len(self.parts)

    def __repr__(self) -> str:
        return f"DaskCorpus({len(self):,} documents in {self.n_partitions} partitions)"

    def map_parts(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> list[Any]:
        """Futures of ``fn(partition_corpus, *args, **kwargs)``, one per partition, run on the workers."""
        return [self.client.submit(_apply, part, fn, args, kwargs, pure=False) for part in self.parts]

    def gather(self, futures: Sequence[Any]) -> list[Any]:
        """The results of futures, in order."""
        return list(self.client.gather(list(futures)))

    def compute(self) -> Corpus:
        """Gather every partition into one :class:`~framing.Corpus`."""
        frames = [part.df for part in self.gather(self.parts)]
        return Corpus(pd.concat(frames, ignore_index=True))

    @classmethod
    def scatter(cls, corpus: Corpus, client: Any, *, partitions: int | Sequence[int]) -> DaskCorpus:
        """Cut an in-memory corpus into consecutive partitions and send them to the workers (for tests and
        for moving a corpus read on the client onto a cluster)."""
        n = len(corpus)
        if isinstance(partitions, (int, np.integer)):
            if partitions < 1:
                raise ArgumentError(f"partitions must be a whole number ≥ 1, got {partitions!r}")
            sizes = [len(p) for p in np.array_split(np.arange(n), min(int(partitions), max(n, 1)))]
        else:
            sizes = [int(s) for s in partitions]
            if sum(sizes) != n or any(s < 0 for s in sizes):
                raise ArgumentError(f"partition sizes must be ≥ 0 and sum to the {n:,} documents, got {sizes}")
        starts = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
        df = corpus.df
        parts = [Corpus(df.iloc[a:b].reset_index(drop=True)) for a, b in zip(starts[:-1], starts[1:])]
        fingerprint = sha256_text("\n".join(p.fingerprint for p in parts))
        return cls(client=client, parts=tuple(client.scatter(parts)), n_docs=tuple(sizes),
                   columns=tuple(corpus.columns), sources=tuple(f"rows {a}–{b}" for a, b in zip(starts[:-1], starts[1:])),
                   fingerprint=fingerprint)
