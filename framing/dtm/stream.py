"""Corpora larger than memory: read them in batches, build the document-term matrix in bounded memory.

:func:`~framing.corpus.stream.read_batches` reads Parquet, JSON Lines or CSV (optionally gzip-compressed) a batch
of documents at a time, each batch validated by :func:`framing.from_dataframe` with the
same column mapping as the readers (``text=``, ``outlet=``, ``date=``, ``constants=`` ...);
line and row numbers in messages are those of the file, and generated ``doc_id``\\ s run
on across batches. :func:`stream_matrix` tokenises each batch (on both cores, see
:mod:`framing.corpus.text`) while the next one is read, keeps only the batch's counts, and
assembles one :class:`~framing.dtm.DocTermMatrix` at the end. The texts never sit in
memory together: peak memory is the finished matrix plus one batch.

Memory, for ``nnz`` non-zeros: each batch's counts are appended at once to block storage
of the final CSR arrays (int32 column ids, int64 counts: 12 bytes per non-zero); at the
end the blocks are copied into the matrix one by one, renumbered to the sorted vocabulary
on the way, and released as they go, so the matrix is never held twice. Each batch's
vocabulary is sorted, so rows come out sorted without a sort. The token stream (``tokens=True``,
4 bytes per token) is kept the same way. The vocabularies are Arrow string arrays while the
matrix is built (each term's UTF-8 bytes and an 8-byte offset).

>>> import framing as fr, pandas as pd, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "articles.parquet"
>>> pd.DataFrame({"outlet": ["a", "b", "a"], "date": ["2022-02-24"] * 3,
...               "text": ["War began.", "A special military operation.", "The war."]}).to_parquet(path)
>>> dtm = stream_matrix(read_batches(path, batch_size=2), progress=False)
>>> dtm.shape, dtm.count("war"), dtm.docs["doc_id"].tolist()
((3, 7), 2, ['articles-1', 'articles-2', 'articles-3'])
"""

from __future__ import annotations

import ctypes
import dataclasses
import queue
import threading
from collections.abc import Callable, Iterable, Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from framing._infra.errors import CorpusError, FramingError
from framing._infra.hashing import new_sha256, sha256_text
from framing.corpus.corpus import Corpus, require_documents
from framing.corpus.stream import read_batches
from framing.corpus.text import TextOptions, Tokens, normalize_term
from framing.dtm.matrix import DocTermMatrix, DTMOptions, build_counts, df_bounds, resolve_stopwords

__all__ = ["read_batches", "stream_matrix"]  # read_batches: framing.stream of 0.1 had both


def _prefetch(items: Iterable[Corpus], depth: int = 1) -> Iterator[Corpus]:
    """Yield ``items`` while a thread reads up to ``depth`` ahead (Parquet and gzip release the GIL)."""
    box: queue.Queue = queue.Queue(maxsize=depth)
    done = object()

    def fill() -> None:
        try:
            for item in items:
                box.put(item)
        except BaseException as exc:  # handed to the consumer, which raises it
            box.put(exc)
        box.put(done)

    threading.Thread(target=fill, daemon=True).start()
    while (item := box.get()) is not done:
        if isinstance(item, BaseException):
            raise item
        yield item


def _digest(df: pd.DataFrame) -> str:
    """SHA-256 of a batch's column names and values, hashing the text's Arrow buffers in place.

    (:attr:`Corpus.fingerprint` would join a batch's texts into Python strings first,
    several times the text in memory.)
    """
    h = new_sha256()
    for col in sorted(df.columns):
        values = df[col].dt.strftime("%Y-%m-%dT%H:%M:%S") if col == "date" else df[col]
        if not isinstance(values.dtype, pd.StringDtype):
            values = values.astype("string")
        arr = pa.array(values, from_pandas=True).cast(pa.large_string()).fill_null("\x00")
        offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset:arr.offset + len(arr) + 1]
        h.update(col.encode() + b"\x1d" + (offsets - offsets[0]).tobytes())
        if arr.buffers()[2] is not None:
            h.update(memoryview(arr.buffers()[2])[offsets[0]:offsets[-1]])
    return h.hexdigest()


# --- the matrix ----------------------------------------------------------------------------
class _Blocks:
    """Append-only storage in blocks of ``block`` values.

    Blocks are large enough to be separate memory mappings, so freeing one returns its
    memory at once; :meth:`finish` copies them into one array while freeing them, so the
    values are never held twice (pages of the result not yet written take no memory).
    """

    def __init__(self, dtype: type, block: int = 1 << 24) -> None:
        self.dtype, self.block = dtype, block
        self.blocks: list[np.ndarray] = []
        self.fill = block

    @property
    def size(self) -> int:
        return (len(self.blocks) - 1) * self.block + self.fill if self.blocks else 0

    def extend(self, values: np.ndarray) -> None:
        done = 0
        while done < len(values):
            if self.fill == self.block:
                self.blocks.append(np.empty(self.block, dtype=self.dtype))
                self.fill = 0
            n = min(self.block - self.fill, len(values) - done)
            self.blocks[-1][self.fill:self.fill + n] = values[done:done + n]
            self.fill += n
            done += n

    def finish(self, transform: Callable[[np.ndarray], np.ndarray] | None = None) -> np.ndarray:
        """All values in one array (``transform`` applied block by block); the blocks are released."""
        out: np.ndarray = np.empty(self.size, dtype=self.dtype)
        for i in range(len(self.blocks)):
            part = self.blocks[i][:min(self.block, self.size - i * self.block)]
            out[i * self.block:i * self.block + len(part)] = transform(part) if transform else part
            self.blocks[i] = part = np.zeros(0, dtype=self.dtype)
        self.blocks, self.fill = [], self.block
        return out


class _Terms:
    """Terms numbered in order of first sight across batches (Arrow hash lookups)."""

    def __init__(self) -> None:
        self.arrays: list[pa.Array] = []
        self.n = 0

    def ids(self, local: pa.Array) -> np.ndarray:
        """The global id of each term of ``local`` (int32); new terms are numbered on."""
        known = pa.concat_arrays(self.arrays) if self.arrays else pa.array([], pa.large_string())
        ids = pc.fill_null(pc.index_in(local, value_set=known), -1).to_numpy(zero_copy_only=False)
        new = ids < 0
        ids = ids.astype(np.int32)
        ids[new] = self.n + np.arange(int(new.sum()), dtype=np.int32)
        if new.any():
            self.arrays = [pa.concat_arrays([*self.arrays, local.filter(pa.array(new))])]
        self.n += int(new.sum())
        return ids

    def sorted(self) -> tuple[np.ndarray, np.ndarray]:
        """``(rank, vocab)``: each global id's place in the sorted terms, and the sorted terms."""
        terms = pa.concat_arrays(self.arrays) if self.arrays else pa.array([], pa.large_string())
        order = pc.array_sort_indices(terms).to_numpy()
        rank = np.empty(len(order), dtype=np.int32)
        rank[order] = np.arange(len(order), dtype=np.int32)
        return rank, terms.take(pa.array(order)).to_numpy(zero_copy_only=False).astype(object)


@dataclasses.dataclass
class _Parts:
    """The matrix so far: CSR arrays and token stream in global ids (first-seen order), and the documents.

    With ``ngrams=1`` and no stopwords the matrix's terms are the stream's words, numbered once.
    """

    keep_tokens: bool
    shared: bool
    indices: _Blocks = dataclasses.field(default_factory=lambda: _Blocks(np.int32))
    data: _Blocks = dataclasses.field(default_factory=lambda: _Blocks(np.int64))
    stream: _Blocks = dataclasses.field(default_factory=lambda: _Blocks(np.int32))
    row_nnz: list[np.ndarray] = dataclasses.field(default_factory=list)
    row_tokens: list[np.ndarray] = dataclasses.field(default_factory=list)
    lengths: list[np.ndarray] = dataclasses.field(default_factory=list)
    docs: list[pd.DataFrame] = dataclasses.field(default_factory=list)
    fingerprints: list[str] = dataclasses.field(default_factory=list)
    terms: _Terms = dataclasses.field(default_factory=_Terms)
    words: _Terms = dataclasses.field(default_factory=_Terms)
    languages: set = dataclasses.field(default_factory=set)

    def add(self, batch: Corpus, options: DTMOptions) -> None:
        """Count a batch, without ``min_df``/``max_df`` (they need the whole corpus)."""
        if "language" in batch.columns:
            self.languages.update(batch.df["language"].unique().tolist())
        if options.stopwords == "auto":  # the languages so far now (to save memory), all of them at the end
            words = resolve_stopwords("auto", self.languages or [None])
            options = dataclasses.replace(options, stopwords=tuple(sorted(w for w in words if normalize_term(w) == w)))
        built = build_counts(batch, dataclasses.replace(options, min_df=1, max_df=1.0), keep_tokens=self.keep_tokens)
        if built.tokens is not None:
            word_ids = self.words.ids(pa.array(built.tokens.vocab, pa.large_string()))
            stream = built.tokens.ids
            self.stream.extend(np.where(stream >= 0, word_ids[stream], -1).astype(np.int32))
            self.row_tokens.append(np.diff(built.tokens.offsets))
        ids = word_ids if self.shared else self.terms.ids(pa.array(built.vocab, pa.large_string()))
        self.indices.extend(ids[built.matrix.indices])
        self.data.extend(built.matrix.data)
        self.row_nnz.append(np.diff(built.matrix.indptr))
        self.lengths.append(np.asarray(built.lengths, dtype=np.int64))
        self.docs.append(batch.df.drop(columns=["text"]))
        self.fingerprints.append(_digest(batch.df))

    def assemble(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, Tokens | None]:
        """CSR arrays ``(data, indices, indptr)`` in sorted-vocabulary order, the vocabulary, and the tokens.

        Each batch's vocabulary is sorted, so every row is already in string order, which
        the sorted global numbering keeps.
        """
        tokens = None
        if self.keep_tokens:
            word_rank, words = self.words.sorted()
            ids = self.stream.finish(lambda block: np.where(block >= 0, word_rank[block], -1).astype(np.int32))
            offsets = np.concatenate([[0], np.cumsum(np.concatenate([np.zeros(0, np.int64), *self.row_tokens]))])
            tokens = Tokens(ids=ids, offsets=offsets.astype(np.int64), vocab=words)
        rank, vocab = (word_rank, words) if self.shared else self.terms.sorted()
        indices = self.indices.finish(lambda ids: rank[ids])
        data = self.data.finish()
        indptr = np.concatenate([[0], np.cumsum(np.concatenate([np.zeros(0, np.int64), *self.row_nnz]))])
        return data, indices, indptr.astype(np.int64), vocab, tokens


def _keep_columns_inplace(data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, keep: np.ndarray,
                          block: int = 1 << 24) -> np.ndarray:
    """Drop columns from CSR arrays in place, about ``block`` non-zeros at a time; the new indptr.

    Kept entries move to the front of the same arrays (a block is read before it is
    overwritten, as writing never overtakes reading), which are then shrunk: the matrix
    is never held twice.
    """
    new_id = (np.cumsum(keep) - 1).astype(indices.dtype)
    new_indptr = np.zeros_like(indptr)
    n_rows = len(indptr) - 1
    rows = max(1, block * n_rows // max(len(indices), 1))
    written = 0
    for first in range(0, n_rows, rows):
        last = min(first + rows, n_rows)
        a, b = indptr[first], indptr[last]
        mask = keep[indices[a:b]]
        kept = int(mask.sum())
        seen = np.concatenate([[0], np.cumsum(mask)])
        new_indptr[first + 1:last + 1] = written + seen[indptr[first + 1:last + 1] - a]
        indices[written:written + kept] = new_id[indices[a:b][mask]]
        data[written:written + kept] = data[a:b][mask]
        written += kept
    indices.resize(written, refcheck=False)
    data.resize(written, refcheck=False)
    return new_indptr


def _column_counts(indices: np.ndarray, n_columns: int, block: int = 1 << 24) -> np.ndarray:
    """Non-zeros per column, ``block`` at a time (``np.bincount`` would first copy all ids to int64)."""
    counts = np.zeros(n_columns, dtype=np.int64)
    for start in range(0, len(indices), block):
        counts += np.bincount(indices[start:start + block], minlength=n_columns)
    return counts


def _release_memory() -> None:
    """Give freed memory back to the system: Arrow's pool, and glibc's arenas (which keep it otherwise)."""
    pa.default_memory_pool().release_unused()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to trim
        pass


def _not_stopped(vocab: np.ndarray, stop: frozenset[str]) -> np.ndarray:
    """Terms to keep: neither a stopword nor an n-gram that starts or ends with one (as in the matrix)."""
    if not stop:
        return np.ones(len(vocab), dtype=bool)
    return np.fromiter((t.split(" ", 1)[0] not in stop and t.rsplit(" ", 1)[-1] not in stop for t in vocab),
                       dtype=bool, count=len(vocab))


def stream_matrix(batches: Iterable[Corpus], *, ngrams: int = 1, stopwords: str | Iterable[str] | None = None,
                  min_df: int | float = 1, max_df: int | float = 1.0, text: TextOptions | None = None,
                  tokens: bool = True, progress: bool | int = True) -> DocTermMatrix:
    """The document-term matrix of a corpus given in batches (e.g. :func:`read_batches`).

    The options are those of :func:`framing.document_term_matrix` and give the same
    matrix as it on the whole corpus: ``min_df`` and ``max_df`` are applied at the end,
    and so are stopwords, whose ``"auto"`` list then covers the languages of all batches
    (each batch already drops those of the languages seen so far). The result is not
    cached; its ``fingerprint`` is a SHA-256 of all batches' contents.

    Args:
        tokens: keep the token stream, for phrases of any length (:mod:`framing.dtm.phrases`).
        progress: show a progress bar (tqdm) of documents; an int is the expected total.
    """
    from tqdm.auto import tqdm

    if not isinstance(ngrams, int) or ngrams < 1:
        raise FramingError(f"ngrams must be a whole number ≥ 1, got {ngrams!r}")
    if isinstance(min_df, float) == isinstance(max_df, float):
        df_bounds(min_df, max_df, 1)  # fail before reading when no corpus size can satisfy both
    spec = tuple(sorted(stopwords)) if stopwords is not None and not isinstance(stopwords, str) else stopwords
    options = DTMOptions(ngrams=ngrams, stopwords=spec, min_df=min_df, max_df=max_df, text=text or TextOptions())
    parts, seen = _Parts(keep_tokens=tokens, shared=tokens and ngrams == 1 and spec is None), 0
    total = progress if isinstance(progress, int) and not isinstance(progress, bool) else None
    with tqdm(total=total, unit="doc", desc="document-term matrix", disable=progress is False) as bar:
        for batch in _prefetch(batches):
            seen += 1
            if len(batch):  # a batch may be empty, e.g. when all its rows had bad dates and were dropped
                parts.add(batch, options)
            bar.update(len(batch))
            _release_memory()
    if not seen:
        raise CorpusError("stream_matrix got no batches of documents: is the file empty?")
    require_documents(sum(map(len, parts.docs)))
    docs = pd.concat(parts.docs, ignore_index=True)
    if not docs["doc_id"].is_unique:
        dup = docs.loc[docs["doc_id"].duplicated(), "doc_id"].head(5).tolist()
        raise CorpusError(f"doc_id values must be unique across batches; repeated: {dup}")
    lengths = np.concatenate(parts.lengths)
    data, indices, indptr, vocab, stream = parts.assemble()
    lo, hi = df_bounds(min_df, max_df, len(docs))
    df = _column_counts(indices, len(vocab))
    keep = (df >= lo) & (df <= hi) & _not_stopped(vocab, resolve_stopwords(spec, parts.languages or [None]))
    if not keep.all():
        indptr, vocab = _keep_columns_inplace(data, indices, indptr, keep), vocab[keep]
    matrix = sp.csr_matrix((data, indices, indptr), shape=(len(docs), len(vocab)))
    matrix.has_sorted_indices = True
    return DocTermMatrix(matrix=matrix, vocab=vocab, doc_lengths=lengths, docs=docs, options=options,
                         fingerprint=sha256_text("\n".join(parts.fingerprints)), tokens=stream)
