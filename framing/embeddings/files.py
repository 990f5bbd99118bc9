"""Word vectors on disk: framing's own folders, and the word2vec and fastText files of other tools.

:func:`load_vectors` reads, and never downloads:

- a folder written by :func:`save_vectors`: ``framing-vectors.json`` (format, dimensions,
  words, the fingerprint of the corpus the vectors were trained on, options, seed, and the
  SHA-256 of the other files), ``vectors.npy`` (words × dim float32, read with
  ``allow_pickle=False`` after its header is checked against the file's size) and
  ``words.txt`` (UTF-8, one ``<word>\\t<count>`` line per word);
- word2vec **text** files and fastText ``.vec`` files (a header line ``<words> <dim>``, then one
  line per word: the word and ``dim`` numbers separated by spaces);
- word2vec **binary** files (``.bin``: the same header line, then per word the word, a space and
  ``dim`` little-endian float32 values).

gensim's own ``KeyedVectors.save``/``Word2Vec.save`` files (``.kv``, ``.model``, ``.pkl``) are
Python pickles: loading one can run any code, so framing refuses them and says how to convert
them (in a session you trust, ``KeyedVectors.load(path).save_word2vec_format(out, binary=True)``),
or pass the object you loaded yourself to :meth:`WordVectors.from_gensim`.

Hostile files are refused with a :class:`~framing.ModelError` naming the file and line, before
memory is allocated for them: a header that promises more words × dimensions than the file's
size can hold, more than :data:`MAX_DIM` dimensions, a line with the wrong number of values,
a value that is not a finite number, or a truncated binary record.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "tiny.vec"
>>> _ = path.write_text("2 3\\nwar 1 0 0\\npeace 0 1 0.5\\n")
>>> wv = load_vectors(path)
>>> wv.words.tolist(), wv.vector("peace").tolist()
(['war', 'peace'], [0.0, 1.0, 0.5])
"""

from __future__ import annotations

import json
import math
import os
import stat
from pathlib import Path
from typing import Any

import numpy as np

from framing._infra.atomic import atomic_path
from framing._infra.errors import ModelError
from framing._infra.hashing import sha256_file
from framing.corpus.corpus import Corpus
from framing.embeddings.vectors import FORMAT_VERSION, WordVectors

META_FILE = "framing-vectors.json"
VECTORS_FILE = "vectors.npy"
WORDS_FILE = "words.txt"
META_LIMIT = 1 << 20
"""Largest metadata file read (bytes)."""
MAX_DIM = 10_000
"""Most dimensions a vector file may declare (published vectors have 50–1,024)."""
PICKLES = (".kv", ".model", ".pkl", ".pickle", ".wv")
BINARY = (".bin",)


def _regular(path: Path) -> int:
    """The size of ``path``, which must be a regular file (a pipe or device would block the read)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ModelError(f"no word vectors at {path}: the file does not exist") from None
    if not stat.S_ISREG(info.st_mode):
        raise ModelError(f"{path} is not a regular file; give the path of a vector file or folder")
    return info.st_size


def _header(path: Path, line: bytes, size: int, min_bytes_per_value: int) -> tuple[int, int]:
    """Words and dimensions of a header line, checked against the file's size."""
    parts = line.split()
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise ModelError(f"{path}, line 1: expected a header '<words> <dimensions>', got {line[:60]!r}; "
                         "word2vec and fastText files start with one")
    n, dim = int(parts[0]), int(parts[1])
    if not 1 <= dim <= MAX_DIM or n < 1:
        raise ModelError(f"{path}, line 1: {n} words of {dim} dimensions; expected at least one word and "
                         f"1 to {MAX_DIM:,} dimensions")
    if n * (dim * min_bytes_per_value + 2) > size:
        raise ModelError(f"{path}, line 1: the header promises {n:,} words of {dim} dimensions, more than the "
                         f"file's {size:,} bytes can hold; the file is truncated or the header is wrong")
    return n, dim


def _finite(path: Path, vectors: np.ndarray, where: str) -> None:
    if not np.isfinite(vectors).all():
        raise ModelError(f"{path}{where}: a value is NaN or infinite; the file is damaged")


def read_text(path: Path) -> WordVectors:
    """A word2vec text or fastText ``.vec`` file."""
    size = _regular(path)
    with open(path, "rb") as fh:
        n, dim = _header(path, fh.readline(200), size, 2)
        words: list[str] = []
        vectors = np.empty((n, dim), np.float32)
        for i, raw in enumerate(fh):
            lineno = i + 2
            if i >= n:
                if raw.strip():
                    raise ModelError(f"{path}, line {lineno}: more words than the {n:,} the header declares")
                continue
            try:
                line = raw.decode("utf-8").rstrip("\r\n").rstrip(" ")
            except UnicodeDecodeError:
                raise ModelError(f"{path}, line {lineno}: not UTF-8 text; a binary file must end in .bin") from None
            parts = line.rsplit(" ", dim)
            if len(parts) != dim + 1 or not parts[0]:
                raise ModelError(f"{path}, line {lineno}: expected a word and {dim} numbers, got "
                                 f"{max(len(parts) - 1, 0)} values")
            try:
                vectors[i] = np.array(parts[1:], dtype=np.float32)
            except ValueError:
                raise ModelError(f"{path}, line {lineno}: a value of {parts[0]!r} is not a number") from None
            words.append(parts[0])
    if len(words) != n:
        raise ModelError(f"{path}: the header declares {n:,} words but the file holds {len(words):,}; it is truncated")
    _finite(path, vectors, "")
    return WordVectors(words=np.array(words, dtype=object), vectors=vectors, counts=np.zeros(n, np.int64),
                       meta={"source": str(path), "format": "word2vec text"})


def read_binary(path: Path) -> WordVectors:
    """A word2vec binary file."""
    size = _regular(path)
    with open(path, "rb") as fh:
        n, dim = _header(path, fh.readline(200), size, 4)
        record = 4 * dim
        words: list[str] = []
        vectors = np.empty((n, dim), np.float32)
        for i in range(n):
            word = bytearray()
            while True:
                ch = fh.read(1)
                if not ch:
                    raise ModelError(f"{path}: truncated at word {i + 1:,} of {n:,}")
                if ch == b" ":
                    break
                if ch != b"\n" or word:
                    word += ch
                if len(word) > 1000:
                    raise ModelError(f"{path}: word {i + 1:,} is longer than 1,000 bytes; the file is not a "
                                     "word2vec binary file, or it is damaged")
            values = fh.read(record)
            if len(values) != record:
                raise ModelError(f"{path}: truncated in the vector of word {i + 1:,} of {n:,}")
            try:
                words.append(word.decode("utf-8"))
            except UnicodeDecodeError:
                raise ModelError(f"{path}: word {i + 1:,} is not UTF-8") from None
            vectors[i] = np.frombuffer(values, dtype="<f4")
    _finite(path, vectors, "")
    return WordVectors(words=np.array(words, dtype=object), vectors=vectors, counts=np.zeros(n, np.int64),
                       meta={"source": str(path), "format": "word2vec binary"})


def _read_meta(meta_file: Path) -> dict[str, Any]:
    _regular(meta_file)
    with open(meta_file, "rb") as fh:
        raw = fh.read(META_LIMIT + 1)
    if len(raw) > META_LIMIT:
        raise ModelError(f"{meta_file} is larger than {META_LIMIT:,} bytes; it is damaged or not framing's")
    try:
        meta = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise ModelError(f"{meta_file} is damaged ({exc}); save the vectors again") from None
    needed = {"format", "dim", "n_words", "fingerprint", "files"}
    if not isinstance(meta, dict) or not needed <= set(meta):
        raise ModelError(f"{meta_file} is damaged: it lacks {sorted(needed - set(meta or {}))}; save the vectors again")
    if meta["format"] != FORMAT_VERSION:
        raise ModelError(f"{meta_file} has format {meta['format']!r}; this framing reads format {FORMAT_VERSION}")
    for field in ("dim", "n_words"):
        if isinstance(meta[field], bool) or not isinstance(meta[field], int) or meta[field] < 1:
            raise ModelError(f"{meta_file}: field {field!r} must be a whole number ≥ 1, not {meta[field]!r}")
    files = meta["files"]
    if not isinstance(files, dict) or set(files) != {VECTORS_FILE, WORDS_FILE}:
        raise ModelError(f"{meta_file}: field 'files' must list {VECTORS_FILE} and {WORDS_FILE} with their SHA-256")
    return meta


def read_folder(path: Path) -> WordVectors:
    """A folder written by :func:`save_vectors`, checked (checksums, header, sizes) before the arrays are read."""
    meta = _read_meta(path / META_FILE)
    for name, digest in meta["files"].items():
        _regular(path / name)
        if sha256_file(path / name) != digest:
            raise ModelError(f"{path / name} is truncated or damaged (its SHA-256 does not match {META_FILE}); "
                             "save the vectors again")
    n, dim = meta["n_words"], meta["dim"]
    with open(path / VECTORS_FILE, "rb") as fh:
        try:
            version = np.lib.format.read_magic(fh)
            if version not in ((1, 0), (2, 0)):
                raise ValueError(f"unsupported .npy version {version}")
            read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                           else np.lib.format.read_array_header_2_0)
            shape, fortran, dtype = read_header(fh)
        except ValueError as exc:
            raise ModelError(f"{path / VECTORS_FILE} is not a numpy array file ({exc}); save the vectors again") from None
        if dtype != np.dtype("<f4") or shape != (n, dim) or fortran:
            raise ModelError(f"{path / VECTORS_FILE} holds a {dtype} array of shape {shape}, not the float32 "
                             f"({n}, {dim}) of {META_FILE}; save the vectors again")
        if fh.tell() + math.prod(shape) * 4 != os.fstat(fh.fileno()).st_size:
            raise ModelError(f"{path / VECTORS_FILE} is not the size its header says; save the vectors again")
        fh.seek(0)
        vectors = np.lib.format.read_array(fh, allow_pickle=False)
    lines = (path / WORDS_FILE).read_text(encoding="utf-8").split("\n")[:-1]
    if len(lines) != n:
        raise ModelError(f"{path / WORDS_FILE} holds {len(lines):,} words, not the {n:,} of {META_FILE}")
    pairs = [line.rsplit("\t", 1) for line in lines]
    bad = next((i for i, p in enumerate(pairs) if len(p) != 2 or not p[1].isdigit()), None)
    if bad is not None:
        raise ModelError(f"{path / WORDS_FILE}, line {bad + 1}: not '<word><tab><count>'; save the vectors again")
    words, counts = [p[0] for p in pairs], [int(p[1]) for p in pairs]
    _finite(path / VECTORS_FILE, vectors, "")
    return WordVectors(words=np.array(words, dtype=object), vectors=vectors, counts=np.array(counts, dtype=np.int64),
                       fingerprint=meta["fingerprint"], meta=meta.get("made", {}))


def load_vectors(path: str | os.PathLike[str], *, corpus: Corpus | None = None) -> WordVectors:
    """Word vectors from a file or folder (see the module docstring for the formats; ``.bin`` is binary).

    Args:
        path: a folder of :func:`save_vectors`, a word2vec text / fastText ``.vec`` file or a
            word2vec binary ``.bin`` file.
        corpus: when given, framing's folder must hold vectors trained on this corpus (same fingerprint).

    Raises:
        ModelError: the file is a pickle, damaged, hostile, or belongs to another corpus.
    """
    path = Path(path)
    if path.suffix.lower() in PICKLES:
        raise ModelError(f"{path} is a gensim pickle ({path.suffix}); loading a pickle can run any code, so framing "
                         "does not. In a session you trust, convert it: KeyedVectors.load(path)."
                         "save_word2vec_format('vectors.bin', binary=True), then load that file; or pass the loaded "
                         "object to WordVectors.from_gensim")
    if path.is_dir():
        wv = read_folder(path)
        if corpus is not None and wv.fingerprint != corpus.fingerprint:
            raise ModelError(f"the vectors in {path} were trained on another corpus (fingerprint "
                             f"{str(wv.fingerprint)[:12]}…, this corpus {corpus.fingerprint[:12]}…); train them on "
                             "this corpus with train_vectors, or load them without corpus=")
        return wv
    return read_binary(path) if path.suffix.lower() in BINARY else read_text(path)


def save_vectors(vectors: WordVectors, path: str | os.PathLike[str]) -> Path:
    """Save word vectors into the folder ``path`` without pickle (see the module docstring); returns it.

    Each file is written atomically, the metadata (with the checksums) last, so a crash leaves
    a folder that loads the previous vectors or refuses to load — never a mixture.
    """
    path = Path(path)
    if path.exists() and (not path.is_dir() or (any(path.iterdir()) and not (path / META_FILE).exists())):
        raise ModelError(f"{path} exists and is not a framing word-vectors folder; choose another path")
    if any("\n" in w or "\t" in w for w in vectors.words.tolist()):
        raise ModelError("a word holds a line break or a tab, which words.txt cannot store")
    try:
        with atomic_path(path / VECTORS_FILE) as tmp:
            with open(tmp, "wb") as fh:
                np.lib.format.write_array(fh, np.ascontiguousarray(vectors.vectors, dtype="<f4"), allow_pickle=False)
        with atomic_path(path / WORDS_FILE) as tmp:
            tmp.write_text("".join(f"{w}\t{int(c)}\n" for w, c in zip(vectors.words.tolist(), vectors.counts)),
                           encoding="utf-8")
        meta = {"format": FORMAT_VERSION, "dim": vectors.dim, "n_words": len(vectors),
                "fingerprint": vectors.fingerprint, "made": vectors.meta,
                "files": {name: sha256_file(path / name) for name in (VECTORS_FILE, WORDS_FILE)}}
        with atomic_path(path / META_FILE) as tmp:
            tmp.write_text(json.dumps(meta, sort_keys=True), encoding="utf-8")
    except OSError as exc:
        raise ModelError(f"cannot save word vectors to {path}: {exc.strerror or exc}; choose a folder you can "
                         "write to") from exc
    return path
