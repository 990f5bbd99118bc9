"""Document-term matrices on disk: plain arrays, a vocabulary of variable-length strings, no pickle.

A matrix is a folder of NumPy ``.npy`` files (read with ``allow_pickle=False``, so reading
never runs code), written by :func:`write_parts` and checked by :func:`read_parts`:

- ``data.npy`` — the counts, in the smallest unsigned integer type that holds the largest
  (``uint8`` … ``uint64``; read back as ``int64``); ``indices.npy`` (column of each count,
  ``int32``) and ``indptr.npy`` (row pointers): the CSR arrays;
- ``lengths.npy`` — tokens per document;
- ``vocab.utf8.npy`` and ``vocab.offsets.npy`` — the vocabulary as Arrow lays out a string
  column: the UTF-8 bytes of all terms one after another, and where each starts. A term
  costs its own bytes and 8 bytes of offset, whatever the longest term (a fixed-width NumPy
  unicode array costs 4 bytes × the longest term for *every* term: one 668-character string
  in 6.4 M terms made such a file 17 GB);
- ``tokens.npy`` and ``tokens.offsets.npy`` — the token stream (:class:`~framing.corpus.text.Tokens`:
  ``int32`` term ids, ``-1`` at sentence ends; document ``i`` is ``tokens[offsets[i]:offsets[i + 1]]``),
  kept so that phrases can be counted without an n-gram matrix (:mod:`framing.dtm.phrases`),
  with ``tokens.vocab.*`` when its vocabulary is not the matrix's (stopwords, ``min_df``, n-grams).

Memory model (also on disk, up to the smaller count type): per non-zero 12 bytes (``int64``
count, ``int32`` column); per term its UTF-8 bytes + 8 bytes of offset in files, and a Python
string in memory (about 50 bytes + its length, + 8 bytes of pointer); per token 4 bytes of
stream; per document 8 bytes of length, 8 of row pointer, 8 of stream offset, and its metadata.

>>> import numpy as np, tempfile, pathlib
>>> vocab = np.array(["invasion", "x" * 600, "війна"], dtype=object)
>>> offsets, utf8 = vocab_arrays(vocab)
>>> offsets.tolist(), utf8.nbytes, vocab_from_arrays(offsets, utf8, "vocab").tolist() == vocab.tolist()
([0, 8, 608, 618], 618, True)
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from framing.corpus.text import Tokens

FILES = ("data", "indices", "indptr", "lengths", "vocab.utf8", "vocab.offsets")
"""The files every stored matrix has (``<name>.npy``)."""
TOKEN_FILES = ("tokens", "tokens.offsets")
"""The files of the token stream, when one is kept."""


class StorageError(ValueError):
    """A stored matrix that cannot be read: the message names the file and what is wrong."""


@dataclasses.dataclass(frozen=True)
class MatrixParts:
    """What a document-term matrix is made of, before its documents' metadata is joined.

    Attributes:
        matrix: documents × terms counts (CSR, ``int64``, sorted columns).
        vocab: the terms, sorted (object array of ``str``).
        lengths: tokens per document.
        tokens: the token stream, or ``None`` when it was not kept.
    """

    matrix: sp.csr_matrix
    vocab: np.ndarray
    lengths: np.ndarray
    tokens: Tokens | None = None

    def nbytes(self) -> dict[str, int]:
        """Bytes held per part: ``data``, ``indices``, ``indptr`` (the CSR arrays), ``vocab`` (the
        terms' UTF-8 bytes and offsets, as stored), ``lengths`` and ``tokens`` (stream and offsets,
        0 when none; its own vocabulary is counted when it is not the matrix's)."""
        m = self.matrix
        sizes = {"data": m.data.nbytes, "indices": m.indices.nbytes, "indptr": m.indptr.nbytes,
                 "vocab": _vocab_bytes(self.vocab), "lengths": self.lengths.nbytes, "tokens": 0}
        if self.tokens is not None:
            sizes["tokens"] = self.tokens.ids.nbytes + self.tokens.offsets.nbytes
            if self.tokens.vocab is not self.vocab:
                sizes["tokens"] += _vocab_bytes(self.tokens.vocab)
        return sizes


def _vocab_bytes(vocab: np.ndarray) -> int:
    return sum(a.nbytes for a in vocab_arrays(vocab))


def vocab_arrays(vocab: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(offsets, utf8)``: the terms' UTF-8 bytes one after another and each term's start (``int64``)."""
    arr = pa.array(list(vocab), pa.large_string())
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset:arr.offset + len(arr) + 1]
    data = arr.buffers()[2]
    utf8 = np.frombuffer(data, dtype=np.uint8)[offsets[0]:offsets[-1]] if data is not None else np.zeros(0, np.uint8)
    return (offsets - offsets[0]).copy(), utf8.copy()


def vocab_from_arrays(offsets: np.ndarray, utf8: np.ndarray, name: str) -> np.ndarray:
    """The terms stored by :func:`vocab_arrays` (an object array), checked: offsets that rise from 0
    to the end of the bytes, valid UTF-8, terms sorted and distinct; else :class:`StorageError` naming ``name``."""
    if offsets.ndim != 1 or offsets.dtype != np.int64 or utf8.ndim != 1 or utf8.dtype != np.uint8:
        raise StorageError(f"{name}: the vocabulary arrays have the wrong type ({offsets.dtype}, {utf8.dtype})")
    if not len(offsets) or offsets[0] != 0 or offsets[-1] != len(utf8) or np.any(np.diff(offsets) < 0):
        raise StorageError(f"{name}: the vocabulary offsets do not run from 0 to the end of its bytes")
    arr = pa.LargeStringArray.from_buffers(len(offsets) - 1, pa.py_buffer(offsets), pa.py_buffer(utf8))
    try:
        arr.validate(full=True)
    except pa.ArrowInvalid as exc:
        raise StorageError(f"{name}: the vocabulary is not valid UTF-8 ({exc})") from None
    if len(arr) > 1 and pc.any(pc.greater_equal(arr.slice(0, len(arr) - 1), arr.slice(1))).as_py():
        raise StorageError(f"{name}: the vocabulary is not sorted and distinct")
    return arr.to_numpy(zero_copy_only=False).astype(object)


def _count_type(data: np.ndarray) -> type:
    """The smallest unsigned type that holds every count."""
    top = int(data.max()) if len(data) else 0
    return next(t for t in (np.uint8, np.uint16, np.uint32, np.uint64) if top <= np.iinfo(t).max)


def write_parts(folder: Path, parts: MatrixParts) -> None:
    """Write a matrix's arrays into ``folder`` (which exists; see the module docstring for the files)."""
    m = parts.matrix
    arrays = {"data": m.data.astype(_count_type(m.data), copy=False), "indices": m.indices.astype(np.int32),
              "indptr": m.indptr.astype(np.int64, copy=False), "lengths": parts.lengths.astype(np.int64, copy=False)}
    arrays["vocab.offsets"], arrays["vocab.utf8"] = vocab_arrays(parts.vocab)
    if parts.tokens is not None:
        arrays["tokens"] = parts.tokens.ids.astype(np.int32, copy=False)
        arrays["tokens.offsets"] = parts.tokens.offsets.astype(np.int64, copy=False)
        if parts.tokens.vocab is not parts.vocab:
            arrays["tokens.vocab.offsets"], arrays["tokens.vocab.utf8"] = vocab_arrays(parts.tokens.vocab)
    for name, values in arrays.items():
        with open(folder / f"{name}.npy", "wb") as handle:
            np.save(handle, values, allow_pickle=False)


def _load(folder: Path, name: str) -> np.ndarray:
    path = folder / f"{name}.npy"
    try:
        return np.load(path, allow_pickle=False)
    except FileNotFoundError:
        raise StorageError(f"{path}: missing; the folder is not a whole stored matrix") from None
    except (ValueError, OSError, EOFError) as exc:
        raise StorageError(f"{path}: not a readable NumPy array ({exc})") from None


def read_parts(folder: Path, n_docs: int | None = None) -> MatrixParts:
    """The arrays written by :func:`write_parts`, checked for consistency (:class:`StorageError` if not).

    Args:
        folder: the stored matrix.
        n_docs: the number of documents it must have (``None``: any).
    """
    z = {name: _load(folder, name) for name in FILES}
    vocab = vocab_from_arrays(z["vocab.offsets"], z["vocab.utf8"], f"{folder}/vocab.*.npy")
    data, indices, indptr, lengths = z["data"], z["indices"], z["indptr"], z["lengths"]
    if data.dtype.kind not in "ui" or indices.dtype.kind != "i" or indptr.dtype.kind != "i":
        raise StorageError(f"{folder}: the CSR arrays have the wrong types ({data.dtype}, {indices.dtype}, "
                           f"{indptr.dtype})")
    rows = len(indptr) - 1
    if n_docs is not None and rows != n_docs:
        raise StorageError(f"{folder}: it holds a matrix of {rows:,} documents, not {n_docs:,}")
    if rows < 0 or len(lengths) != rows or len(indices) != len(data) or indptr[0] != 0 or indptr[-1] != len(data) \
            or np.any(np.diff(indptr) < 0) or (len(indices) and (indices.min() < 0 or indices.max() >= len(vocab))):
        raise StorageError(f"{folder}: the CSR arrays do not fit together (rows, columns or pointers)")
    matrix = sp.csr_matrix((data.astype(np.int64), indices, indptr), shape=(rows, len(vocab)))
    matrix.has_sorted_indices = True
    tokens = None
    if (folder / "tokens.npy").exists():
        tokens = _read_tokens(folder, rows, vocab)
    return MatrixParts(matrix=matrix, vocab=vocab, lengths=lengths.astype(np.int64), tokens=tokens)


def _read_tokens(folder: Path, rows: int, vocab: np.ndarray) -> Tokens:
    ids, offsets = _load(folder, "tokens"), _load(folder, "tokens.offsets")
    own = (folder / "tokens.vocab.offsets.npy").exists()
    words = vocab_from_arrays(_load(folder, "tokens.vocab.offsets"), _load(folder, "tokens.vocab.utf8"),
                              f"{folder}/tokens.vocab.*.npy") if own else vocab
    if ids.dtype != np.int32 or offsets.dtype != np.int64 or len(offsets) != rows + 1 or offsets[0] != 0 \
            or offsets[-1] != len(ids) or np.any(np.diff(offsets) < 0) \
            or (len(ids) and (ids.min() < -1 or ids.max() >= len(words))):
        raise StorageError(f"{folder}/tokens.npy: the token stream does not fit the documents or the vocabulary")
    return Tokens(ids=ids, offsets=offsets, vocab=words)
