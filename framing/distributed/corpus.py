"""A corpus whose documents stay on the workers of a Dask cluster, one partition per block.

:class:`DaskCorpus` holds one future per partition, each resolving to a single-machine
:class:`~framing.Corpus` of that partition's documents (in corpus order). Work on the texts runs
on the workers (:meth:`DaskCorpus.map_parts`); :meth:`DaskCorpus.compute` gathers the partitions
into one corpus, equal to reading the same files on one machine.

:func:`read_dask` reads files into one: each file is read on a worker by the single-machine
reader (:func:`framing.read`), so the column mapping, the validation and the messages are those
of one machine, and ``read_dask(files, ...).compute()`` equals ``framing.read(files, ...)``. The
files must be reachable from the workers under the same paths (a shared file system; absolute
paths are safest).

>>> import framing as fr
>>> from framing.distributed import local_client
>>> with local_client(n_workers=2) as client:  # doctest: +SKIP
...     corpus = fr.read_dask("scraped/*.csv", client=client, outlet="{stem}", dayfirst=True)
...     corpus.n_partitions, corpus.sources[:2]
(3, ('scraped/rts.csv', 'scraped/vijesti.csv'))
"""

from __future__ import annotations

import dataclasses
import operator
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from framing._infra.errors import ArgumentError, CorpusError, FramingError
from framing._infra.hashing import sha256_text
from framing.corpus.corpus import Corpus, _check_no_clash
from framing.corpus.many import paths_of, read_one_of_many
from framing.corpus.readers import read
from framing.distributed.reduce import raise_clean, settle, tree_reduce
from framing.distributed.split import bounds, partition_sizes


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
        sizes = partition_sizes(len(corpus), partitions)
        df = corpus.df
        parts = [Corpus(df.iloc[a:b].reset_index(drop=True)) for a, b in bounds(sizes)]
        fingerprint = sha256_text("\n".join(p.fingerprint for p in parts))
        return cls(client=client, parts=tuple(client.scatter(parts)), n_docs=tuple(sizes),
                   columns=tuple(corpus.columns), sources=tuple(f"rows {a}–{b}" for a, b in bounds(sizes)),
                   fingerprint=fingerprint)


# --- reading files on the workers ------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class PartInfo:
    """What the client needs to know of a partition read on a worker (the documents stay there).

    Attributes:
        n_docs: documents.
        columns: column names, in order.
        fingerprint: :attr:`Corpus.fingerprint <framing.Corpus.fingerprint>` of the partition.
        warnings: ``(message, category)`` of the warnings the reader gave (re-issued on the client).
    """

    n_docs: int
    columns: tuple[str, ...]
    fingerprint: str
    warnings: tuple[tuple[str, type[Warning]], ...] = ()


def _described(corpus: Corpus, caught: Sequence[warnings.WarningMessage] = ()) -> tuple[Corpus, PartInfo]:
    info = PartInfo(n_docs=len(corpus), columns=tuple(corpus.columns), fingerprint=corpus.fingerprint,
                    warnings=tuple((str(w.message), w.category) for w in caught))
    return corpus, info


def read_part(path: Path, outlet: str | None, prefix_ids: bool,
              options: dict[str, Any]) -> tuple[Corpus | None, PartInfo | FramingError]:
    """One file read on a worker exactly as :func:`framing.read` reads it among several files
    (:func:`framing.corpus.many.read_one_of_many`), its ids prefixed with the file's name when
    ``prefix_ids``; with the warnings the reader gave.

    The reader's :class:`~framing.FramingError` (a bad row, a missing column) is returned in
    place of the :class:`PartInfo`, for the client to raise: a task that fails is logged by the
    worker with its traceback, and a bad file is the user's to fix, not a failure of the cluster.
    """
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            corpus = read_one_of_many(path, read, outlet=outlet, options=options)
            if prefix_ids:
                corpus = Corpus.concat([corpus], prefix_ids=True)
    except FramingError as exc:
        return None, exc
    return _described(corpus, caught)


def slice_part(corpus: Corpus, start: int, stop: int) -> tuple[Corpus, PartInfo]:
    """Documents ``start`` to ``stop - 1`` of a partition, as a partition of their own."""
    return _described(Corpus(corpus.df.iloc[start:stop].reset_index(drop=True)))


def select_columns(corpus: Corpus, columns: tuple[str, ...]) -> Corpus:
    """The partition with its columns in the order ``columns`` (the first file's order)."""
    return Corpus(corpus.df[list(columns)])


def id_hashes(corpus: Corpus) -> tuple[np.ndarray, np.ndarray]:
    """The sorted 64-bit hashes of the partition's ``doc_id`` values, and (none yet) repeated hashes."""
    hashes = pd.util.hash_array(corpus.df["doc_id"].to_numpy(dtype=object))
    return np.unique(hashes), np.zeros(0, dtype=np.uint64)


def merge_hashes(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Two partitions' (hashes, repeated hashes) as one: the union, and the hashes both hold added to the repeated."""
    both = np.intersect1d(a[0], b[0], assume_unique=True)
    return np.union1d(a[0], b[0]), np.union1d(np.union1d(a[1], b[1]), both)


def ids_with_hashes(corpus: Corpus, hashes: np.ndarray) -> pd.DataFrame:
    """The partition's ``doc_id`` values whose hash is in ``hashes``, in corpus order (one column, ``doc_id``)."""
    ids = corpus.df["doc_id"].to_numpy(dtype=object)
    return pd.DataFrame({"doc_id": ids[np.isin(pd.util.hash_array(ids), hashes)]})


def _first(pair: tuple[Any, Any]) -> Any:
    return pair[0]


def read_dask(paths_or_glob: str | Path | Sequence[str | Path], *, client: Any, text: str | Sequence[str] = "text",
              partition_rows: int | None = None, progress: bool = True, **options: Any) -> DaskCorpus:
    """Read files into a :class:`DaskCorpus`: one partition per file, read on the workers.

    Each file is read on a worker with :func:`framing.read` (CSV, TSV, JSON Lines, Parquet, each
    optionally ``.gz``), with the same options, column mapping, validation and messages as on one
    machine; then what one machine checks across files is checked across partitions: ``doc_id``
    unique over all of them (a tree reduction of 64-bit hashes of the ids, the clashing ids then
    named with their files), and the same columns in every partition. Files are taken in the
    order :func:`framing.read` takes them (a glob sorted), so that ``read_dask(files,
    ...).compute()`` equals ``framing.read(files, ...)``.

    Args:
        paths_or_glob: a glob (``"scraped/*.csv"``) or a list of files (globs allowed in it).
        client: the ``distributed.Client`` (:func:`framing.distributed.local_client`, :func:`~framing.distributed.connect`).
        text: the text column(s), as for :func:`framing.read_csv`.
        partition_rows: cut a file of more documents into partitions of at most this many (in order).
        progress: show progress bars while the files are read.
        options: options of :func:`framing.read`: ``outlet=`` (a column, or a template such as
            ``"{stem}"`` filled from each file's name), ``prefix_ids=True``, ``date=``,
            ``dayfirst=``, ``constants=``, ...

    Raises:
        CorpusError: no file matches (the message names the pattern), a file cannot be read
            (the reader's message, naming the file and row), a ``doc_id`` is in two files
            (as :meth:`framing.Corpus.concat` says it), or files have different columns.

    The reader's warnings (duplicate or empty texts, rows dropped) are issued again on the
    client, file by file.
    """
    if partition_rows is not None and (isinstance(partition_rows, bool) or not isinstance(partition_rows, int)
                                       or partition_rows < 1):
        raise ArgumentError(f"partition_rows must be a whole number ≥ 1 or None, got {partition_rows!r}")
    outlet, prefix_ids = options.pop("outlet", None), bool(options.pop("prefix_ids", False))
    files = paths_of(paths_or_glob)
    read_futures = [client.submit(read_part, path, outlet, prefix_ids, {**options, "text": text}, pure=False)
                    for path in files]
    settle(read_futures, desc="reading files", enabled=progress)
    pairs, sources, of_file = _partitions(client, read_futures, [str(f) for f in files], partition_rows)
    infos: list[PartInfo] = client.gather([client.submit(operator.itemgetter(1), p, pure=False) for p in pairs])
    parts = [client.submit(_first, p, pure=False) for p in pairs]
    del pairs, read_futures
    _check_unique_ids(client, parts, of_file, prefix_ids)
    columns = infos[0].columns
    parts = _same_columns(client, parts, infos, sources)
    return DaskCorpus(client=client, parts=tuple(parts), n_docs=tuple(i.n_docs for i in infos), columns=columns,
                      sources=tuple(sources), fingerprint=sha256_text("\n".join(i.fingerprint for i in infos)))


def _partitions(client: Any, read_futures: list[Any], names: list[str], partition_rows: int | None
                ) -> tuple[list[Any], list[str], list[str]]:
    """Futures of ``(Corpus, PartInfo)`` per partition, the partitions' sources and their files; the
    reader's warnings issued again.

    A file of more than ``partition_rows`` documents is cut on its worker into consecutive pieces.
    """
    infos: list[PartInfo | FramingError] = client.gather([client.submit(operator.itemgetter(1), f, pure=False)
                                                          for f in read_futures])
    for info in infos:  # the first bad file in order, as one machine reads them
        if isinstance(info, FramingError):
            raise_clean(info)
    pairs, sources, of_file = [], [], []
    for future, info, name in zip(read_futures, cast(list[PartInfo], infos), names):
        for message, category in info.warnings:
            warnings.warn(message, category, stacklevel=3)
        if partition_rows is None or info.n_docs <= partition_rows:
            pairs.append(future)
            sources.append(name)
            of_file.append(name)
            continue
        part = client.submit(_first, future, pure=False)
        for start in range(0, info.n_docs, partition_rows):
            stop = min(start + partition_rows, info.n_docs)
            pairs.append(client.submit(slice_part, part, start, stop, pure=False))
            sources.append(f"{name} (documents {start + 1}–{stop})")
            of_file.append(name)
    return pairs, sources, of_file


def _check_unique_ids(client: Any, parts: list[Any], files: list[str], prefixed: bool) -> None:
    """A :class:`CorpusError` when a ``doc_id`` is in two partitions, worded as :meth:`Corpus.concat` words it.

    The hashes of the ids are merged by a tree reduction, which returns the hashes found in two
    partitions; only the ids with those hashes are then fetched (a hash collision between
    different ids is no clash), and checked in partition order as on one machine.
    """
    root, merges = tree_reduce(client, [client.submit(id_hashes, p, pure=False) for p in parts], merge_hashes)
    repeated_future = client.submit(operator.itemgetter(1), root, pure=False)
    settle([*merges, repeated_future], desc="checking ids", enabled=False)
    repeated = repeated_future.result()
    if not len(repeated):
        return
    frames = client.gather([client.submit(ids_with_hashes, p, repeated, pure=False) for p in parts])
    names = list(dict.fromkeys(files))  # a file cut into partitions is one corpus, as on one machine
    _check_no_clash([pd.concat([f for f, of in zip(frames, files) if of == name], ignore_index=True) for name in names],
                    names, prefixed)


def _same_columns(client: Any, parts: list[Any], infos: list[PartInfo], sources: list[str]) -> list[Any]:
    """The partitions, each with the first one's columns in its order; a :class:`CorpusError` when they differ."""
    first = infos[0].columns
    for info, source in zip(infos, sources):
        if set(info.columns) != set(first):
            missing = [c for c in first if c not in info.columns]
            extra = [c for c in info.columns if c not in first]
            raise CorpusError(f"{source}: its columns differ from those of {sources[0]} (missing {missing}, extra "
                              f"{extra}); read_dask needs the same columns in every file, as each partition is "
                              "analysed on its own: add the missing columns (constants={...} gives a fixed value) "
                              "or drop the extra ones, or read the files apart.")
    return [part if info.columns == first else client.submit(select_columns, part, first, pure=False)
            for part, info in zip(parts, infos)]
