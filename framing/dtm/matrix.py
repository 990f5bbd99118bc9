"""The document-term matrix: counts of terms (words and n-grams) per document.

:func:`document_term_matrix` tokenises a :class:`~framing.corpus.Corpus` with
:mod:`framing.corpus.text` and returns a :class:`DocTermMatrix`: a ``scipy.sparse`` CSR matrix
(documents × terms), its sorted vocabulary, each document's length in tokens, and the
documents' metadata, so that counts by outlet or month are one sparse product
(:meth:`DocTermMatrix.group_counts`) rather than a loop.

N-grams (``ngrams=3`` counts "special military operation" as one term) never span a
sentence end. With stopwords, a unigram that is a stopword is dropped, and an n-gram is
dropped when it *starts or ends* with one, so "spheres of influence" survives (as in
quanteda). Document lengths always count every token, stopwords included: they are the
denominators of rates.

Matrices are cached on disk (namespace ``dtm`` of :mod:`framing._infra.cache`, in
``$FRAMING_CACHE``) under a key made of the corpus fingerprint and the options; a damaged
entry is rebuilt with a warning, never loaded.

>>> import framing as fr, pandas as pd
>>> corpus = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b"], "date": ["2022-01-01"] * 2,
...     "text": ["The special military operation.", "A full-scale invasion. The invasion."]}))
>>> dtm = fr.document_term_matrix(corpus, ngrams=3, stopwords="en", cache=False)
>>> dtm.count("special military operation"), dtm.count("invasion")
(1, 2)
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from framing._infra.atomic import atomic_folder
from framing._infra.cache import cached
from framing._infra.deprecation import accept_positional
from framing._infra.errors import FramingError
from framing.corpus.corpus import Corpus, read_token_counts, require_documents, token_counts_key, write_token_counts
from framing.corpus.text import TextOptions, Tokens, normalize_term, stopword_set, tokenize_chunks, tokenize_texts
from framing.corpus.text.lemmas import lemma_version
from framing.corpus.text.rules import TOKEN_RULES
from framing.dtm.grouping import Grouping
from framing.dtm.storage import MatrixParts, StorageError, read_parts, write_parts

FORMAT_VERSION = 2
"""Layout of a stored matrix (:mod:`framing.dtm.storage`); part of cache keys."""
SAVED_FILE = "matrix.json"
DOCS_FILE = "docs.parquet"


@dataclasses.dataclass(frozen=True, kw_only=True)
class DTMOptions:
    """Options of :func:`document_term_matrix` (see there)."""

    ngrams: int = 1
    stopwords: str | tuple[str, ...] | None = None
    min_df: int | float = 1
    max_df: int | float = 1.0
    text: TextOptions = TextOptions()
    ngram_min_df: int | float = 1

    def key(self) -> dict[str, Any]:
        """The options as plain JSON-able data (for cache keys and manifests), with the version of
        the token rules (:data:`framing.corpus.text.rules.TOKEN_RULES`) and, with lemmas, of the
        lemmatiser (:func:`framing.corpus.text.lemmas.lemma_version`): a matrix, table or model
        made under other rules is never reused."""
        lemmas = {"lemmas": lemma_version()} if self.text.lemmatize else {}
        return json.loads(json.dumps({**dataclasses.asdict(self), "token_rules": TOKEN_RULES, **lemmas}, default=list))


@dataclasses.dataclass(frozen=True)
class DocTermMatrix:
    """Term counts per document, linked to the documents' metadata.

    Attributes:
        matrix: CSR matrix of counts, documents × terms (int64).
        vocab: the terms, sorted; column ``j`` counts ``vocab[j]`` (n-grams joined by spaces).
        doc_lengths: tokens per document, every token counted (the denominator of rates).
        docs: one row per document: ``doc_id``, ``outlet``, ``date`` and the other
            metadata columns of the corpus (no text).
        options: how the matrix was made.
        fingerprint: the corpus fingerprint.
        tokens: the token stream (:class:`~framing.corpus.text.Tokens`, 4 bytes a token), from
            which phrases longer than the matrix's n-grams are counted
            (:mod:`framing.dtm.phrases`); ``None`` when it was not kept.
    """

    matrix: sp.csr_matrix
    vocab: np.ndarray
    doc_lengths: np.ndarray
    docs: pd.DataFrame
    options: DTMOptions
    fingerprint: str
    tokens: Tokens | None = None

    @property
    def shape(self) -> tuple[int, int]:
        """(documents, terms)."""
        return self.matrix.shape

    def __repr__(self) -> str:
        return (f"DocTermMatrix({self.shape[0]:,} documents × {self.shape[1]:,} terms, "
                f"{self.matrix.nnz:,} non-zeros, ngrams={self.options.ngrams})")

    def nbytes(self) -> dict[str, int]:
        """Bytes per part: the CSR arrays (``data``, ``indices``, ``indptr``), ``vocab`` (its UTF-8
        bytes and offsets), ``lengths``, ``tokens`` (see :meth:`MatrixParts.nbytes
        <framing.dtm.storage.MatrixParts.nbytes>`) and ``docs`` (the metadata table)."""
        parts = MatrixParts(matrix=self.matrix, vocab=self.vocab, lengths=self.doc_lengths, tokens=self.tokens)
        return {**parts.nbytes(), "docs": int(self.docs.memory_usage(deep=True).sum())}

    def save(self, folder: str | Path, *, overwrite: bool = False) -> Path:
        """Write the matrix, its documents' metadata and its token stream into ``folder``; see :func:`load_matrix`.

        Plain arrays and Parquet, no pickle (:mod:`framing.dtm.storage`), written to a
        temporary folder and renamed into place. An existing folder is replaced only with
        ``overwrite=True``, and only when it holds a stored matrix.
        """
        folder = Path(folder)
        if folder.exists() or folder.is_symlink():
            if not overwrite or folder.is_symlink() or not (folder / SAVED_FILE).is_file():
                why = "pass overwrite=True to replace it" if overwrite is False else "it is not a stored matrix"
                raise FramingError(f"{folder} exists; {why}, or choose another folder")
        meta = {"format": FORMAT_VERSION, "shape": list(self.shape), "fingerprint": self.fingerprint,
                "options": self.options.key()}
        with atomic_folder(folder) as tmp:
            write_parts(tmp, MatrixParts(matrix=self.matrix, vocab=self.vocab, lengths=self.doc_lengths,
                                         tokens=self.tokens))
            self.docs.to_parquet(tmp / DOCS_FILE, index=False)
            (tmp / SAVED_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
        return folder

    def term_index(self, term: str) -> int:
        """Column of ``term`` (normalised like tokens), or -1 when it is not in the vocabulary."""
        term = normalize_term(term, transliterate=self.options.text.transliterate
                              if self.options.text.transliterate == "always" else "never")
        i = int(np.searchsorted(self.vocab, term))
        return i if i < len(self.vocab) and self.vocab[i] == term else -1

    def count(self, term: str) -> int:
        """Total count of one term over all documents (0 when absent)."""
        i = self.term_index(term)
        return int(self.matrix[:, i].sum()) if i >= 0 else 0

    def term_frequencies(self) -> pd.DataFrame:
        """Per term: ``count`` (total occurrences) and ``docs`` (documents containing it)."""
        counts = np.asarray(self.matrix.sum(axis=0)).ravel()
        docs = np.diff(self.matrix.tocsc().indptr)
        return pd.DataFrame({"term": self.vocab, "count": counts, "docs": docs})

    def subset(self, rows: np.ndarray | Sequence[int] | Sequence[bool]) -> DocTermMatrix:
        """The matrix restricted to some documents (indices or a boolean mask)."""
        rows = np.asarray(rows)
        if rows.dtype == bool:
            rows = np.flatnonzero(rows)
        elif not rows.size:  # an empty list reads as a float array
            rows = rows.astype(np.intp)
        return dataclasses.replace(self, matrix=self.matrix[rows], doc_lengths=self.doc_lengths[rows],
                                   docs=self.docs.iloc[rows].reset_index(drop=True),
                                   tokens=None if self.tokens is None else self.tokens.take(rows))

    def grouping(self, by: str | Sequence[str] | None = None, period: str | None = None) -> Grouping:
        """The documents grouped by ``by`` column(s) and ``period`` (:class:`~framing.dtm.grouping.Grouping`)."""
        return Grouping.of(self.docs, by, period)

    def groups(self, by: str | Sequence[str] | None = None, period: str | None = None
               ) -> tuple[pd.DataFrame, sp.csr_matrix]:
        """Group labels and the groups × documents indicator matrix.

        Args:
            by: metadata column(s) such as ``"outlet"``; ``None`` for one group of all.
            period: ``"D"``, ``"W"``, ``"M"``, ``"Q"`` or ``"Y"`` (or ``"day"``, ...): adds a
                ``period`` column holding the period's first day.

        Returns:
            ``(labels, G)`` with one row of ``labels`` per group (sorted) and ``G[g, d] = 1``
            when document ``d`` is in group ``g``; ``G @ matrix`` sums counts per group.
        """
        groups = self.grouping(by, period)
        return groups.labels.copy(), groups.indicator

    def group_counts(self, by: str | Sequence[str] | None = None, period: str | None = None
                     ) -> tuple[pd.DataFrame, sp.csr_matrix, np.ndarray]:
        """Counts per group: ``(labels, groups × terms counts, tokens per group)``."""
        groups = self.grouping(by, period)
        return groups.labels.copy(), (groups.indicator @ self.matrix).tocsr(), groups.indicator @ self.doc_lengths

    def to_gensim(self) -> tuple[Any, Any]:
        """A gensim ``Dictionary`` and a streamed bag-of-words corpus of the same matrix.

        Term ids are the matrix columns, so ``dictionary[j] == vocab[j]``.
        """
        from gensim.corpora import Dictionary
        from gensim.matutils import Sparse2Corpus

        dictionary = Dictionary()
        dictionary.token2id = {str(t): i for i, t in enumerate(self.vocab)}
        csc = self.matrix.tocsc()
        dictionary.dfs = dict(enumerate(np.diff(csc.indptr).tolist()))
        dictionary.cfs = dict(enumerate(np.asarray(csc.sum(axis=0)).ravel().tolist()))
        dictionary.num_docs = self.shape[0]
        dictionary.num_pos = int(self.matrix.sum())
        dictionary.num_nnz = int(self.matrix.nnz)
        return dictionary, Sparse2Corpus(self.matrix, documents_columns=False)


# --- building ------------------------------------------------------------------------------
@accept_positional("options")
def corpus_tokens(corpus: Corpus, *, options: TextOptions = TextOptions()) -> Tokens:
    """Token sequences of a corpus, using its ``language`` column when present."""
    langs = corpus.df["language"].tolist() if "language" in corpus.columns else None
    return tokenize_texts(corpus.texts, languages=langs, options=options)


def resolve_stopwords(spec: str | Iterable[str] | None, languages: Iterable[str | None]) -> frozenset[str]:
    """The stopword set of a ``stopwords=`` option; ``"auto"`` uses the documents' ``languages``."""
    if spec is None:
        return frozenset()
    if spec == "auto":
        return stopword_set(languages)
    if isinstance(spec, str):
        return stopword_set([spec])
    return frozenset(normalize_term(w) for w in spec)


def _canonical(counts: sp.csr_matrix) -> sp.csr_matrix:
    """Sum duplicates and sort each row's columns in O(nnz): two transposes, then one linear pass."""
    out = counts.tocsc().tocsr()
    out.has_sorted_indices = True
    out.sum_duplicates()
    return out


def _ngram_counts(tokens: Tokens, n: int, n_docs: int) -> tuple[sp.csr_matrix, np.ndarray]:
    """Counts of n-grams (docs × distinct n-grams) and their token ids (distinct × n), in id order.

    N-grams are hashed (Arrow's dictionary encoding) rather than sorted, and the
    matrix is built from its CSR arrays: documents are contiguous in the stream.
    """
    ids = tokens.ids
    m = len(ids) - n + 1
    if m <= 0:
        return sp.csr_matrix((n_docs, 0), dtype=np.int64), np.zeros((0, n), dtype=np.int64)
    valid = ids[:m] >= 0
    for k in range(1, n):
        valid &= ids[k:k + m] >= 0
        cross = tokens.offsets[1:-1] - k  # windows that run into the next document
        valid[cross[(cross >= 0) & (cross < m)]] = False
    start = np.flatnonzero(valid)
    n_terms = len(tokens.vocab)
    if n_terms ** n < 2 ** 62:
        key = ids[start].astype(np.int64)
        for k in range(1, n):
            key = key * n_terms + ids[start + k]
        encoded = pc.dictionary_encode(pa.array(key))
        distinct = encoded.dictionary.to_numpy()
        order = np.argsort(distinct, kind="stable")
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        cols = rank[encoded.indices.to_numpy(zero_copy_only=False)]
        uniq = np.stack([(distinct[order] // n_terms ** (n - 1 - k)) % n_terms for k in range(n)], axis=1)
    else:
        grams = np.stack([ids[start + k] for k in range(n)], axis=1)
        uniq, cols = np.unique(grams, axis=0, return_inverse=True)
    indptr = np.concatenate([[0], np.cumsum(valid)])[np.minimum(tokens.offsets, m)]
    counts = sp.csr_matrix((np.ones(len(start), dtype=np.int64), cols.ravel(), indptr),
                           shape=(n_docs, len(uniq)))
    return _canonical(counts), uniq


def df_bounds(min_df: int | float, max_df: int | float, n_docs: int) -> tuple[float, float]:
    """The document-frequency bounds in documents: an ``int`` is a count, a ``float`` a share of ``n_docs``."""
    lo = min_df * n_docs if isinstance(min_df, float) else min_df
    hi = max_df * n_docs if isinstance(max_df, float) else max_df
    if lo > hi:
        raise FramingError(f"min_df={min_df} keeps fewer documents than max_df={max_df} allows: "
                           "no term can pass both")
    return lo, hi


def _keep_columns(counts: sp.csr_matrix, keep: np.ndarray) -> sp.csr_matrix:
    """The columns of a sorted CSR matrix where ``keep`` holds, in O(nnz); rows stay sorted."""
    if keep.all():
        return counts
    new_id = (np.cumsum(keep) - 1).astype(counts.indices.dtype)
    mask = keep[counts.indices]
    indptr = np.concatenate([[0], np.cumsum(mask)])[counts.indptr]
    return sp.csr_matrix((counts.data[mask], new_id[counts.indices[mask]], indptr),
                         shape=(counts.shape[0], int(keep.sum())))


def ngram_strings(vocab: np.ndarray, grams: np.ndarray) -> np.ndarray:
    """The n-grams' tokens (rows of term ids into ``vocab``) joined by single spaces (in C), as an object array."""
    if grams.shape[1] == 1:
        return vocab[grams[:, 0]]
    words = pa.array(vocab, pa.large_string())
    parts = [words.take(pa.array(grams[:, k])) for k in range(grams.shape[1])]
    space = pa.scalar(" ", pa.large_string())
    return pc.binary_join_element_wise(*parts, space).to_numpy(zero_copy_only=False).astype(object)


def _term_order(grams: list[np.ndarray], n_terms: int) -> np.ndarray:
    """Order of the terms of all blocks by their strings, from token ids alone.

    Token strings sort like their ids and never hold a character below the space that
    joins them, so n-grams sort as id tuples with a shorter prefix first: the order of
    the tuples padded with 0 after adding 1 to every id.
    """
    width = len(grams)
    padded = np.zeros((sum(len(g) for g in grams), width), dtype=np.int64)
    row = 0
    for g in grams:
        padded[row:row + len(g), :g.shape[1]] = g + 1
        row += len(g)
    if (n_terms + 1) ** width < 2 ** 63:
        key: np.ndarray = np.zeros(len(padded), dtype=np.int64)
        for k in range(width):
            key = key * (n_terms + 1) + padded[:, k]
        return np.argsort(key, kind="stable")
    return np.lexsort(padded.T[::-1])


def build_counts(corpus: Corpus, options: DTMOptions, *, keep_tokens: bool = False,
                 stop: frozenset[str] | None = None) -> MatrixParts:
    """Matrix, vocabulary, document lengths and (``keep_tokens``) the token stream: unigrams by a
    sparse product, n-grams by hashing.

    ``stop`` is the stopword set when it was resolved elsewhere (a distributed build resolves
    ``"auto"`` from the languages of every partition); ``None`` resolves ``options.stopwords``
    from this corpus."""
    n_docs = len(corpus)
    lo, hi = df_bounds(options.min_df, options.max_df, n_docs)
    lo_ngrams = max(lo, df_bounds(options.ngram_min_df, options.max_df, n_docs)[0])
    langs = corpus.df["language"].tolist() if "language" in corpus.columns else None
    chunked = tokenize_chunks(corpus.texts, languages=langs, options=options.text)
    if stop is None:
        stop = resolve_stopwords(options.stopwords, langs if langs is not None else [None])
    is_stop = np.zeros(len(chunked.vocab), dtype=bool)
    if stop:
        is_stop[:] = [t in stop for t in chunked.vocab]
    tokens: Tokens | None = chunked.tokens() if keep_tokens else None  # made once, for n-grams or to keep
    blocks, kept = [], []
    for n in range(1, options.ngrams + 1):
        if n == 1:
            counts, grams = chunked.term_counts(), np.arange(len(chunked.vocab))[:, None]
        else:
            if tokens is None:
                tokens = chunked.tokens()
            counts, grams = _ngram_counts(tokens, n, n_docs)
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        keep = ~(is_stop[grams[:, 0]] | is_stop[grams[:, -1]]) & (df >= (lo if n == 1 else lo_ngrams)) & (df <= hi)
        blocks.append(_keep_columns(counts, keep))
        kept.append(grams[keep])
    vocab = np.concatenate([ngram_strings(chunked.vocab, g) for g in kept])
    matrix = blocks[0] if len(blocks) == 1 else sp.hstack(blocks, format="csr")
    if len(blocks) > 1:
        order = _term_order(kept, len(chunked.vocab))
        rank = np.empty(len(order), dtype=matrix.indices.dtype)
        rank[order] = np.arange(len(order))
        matrix = _canonical(sp.csr_matrix((matrix.data, rank[matrix.indices], matrix.indptr), shape=matrix.shape))
        vocab = vocab[order]
    matrix = sp.csr_matrix((matrix.data.astype(np.int64, copy=False), matrix.indices, matrix.indptr),
                           shape=matrix.shape)
    vocab = vocab.astype(object)
    if tokens is not None and options.ngrams == 1 and len(vocab) == len(tokens.vocab):
        vocab = tokens.vocab  # one array when the matrix has every token's term (stored once, too)
    return MatrixParts(matrix=matrix, vocab=vocab, lengths=chunked.lengths(), tokens=tokens if keep_tokens else None)


def matrix_options(*, ngrams: int, stopwords: str | Iterable[str] | None, min_df: int | float, max_df: int | float,
                   ngram_min_df: int | float, text: TextOptions | None) -> DTMOptions:
    """The :class:`DTMOptions` of :func:`document_term_matrix`'s arguments (a list of stopwords sorted)."""
    if not isinstance(ngrams, int) or ngrams < 1:
        raise FramingError(f"ngrams must be a whole number ≥ 1, got {ngrams!r}")
    spec = tuple(sorted(stopwords)) if stopwords is not None and not isinstance(stopwords, str) else stopwords
    return DTMOptions(ngrams=ngrams, stopwords=spec, min_df=min_df, max_df=max_df, text=text or TextOptions(),
                      ngram_min_df=ngram_min_df)


def document_term_matrix(corpus: Corpus, *, ngrams: int = 1, stopwords: str | Iterable[str] | None = None,
                         min_df: int | float = 1, max_df: int | float = 1.0, ngram_min_df: int | float = 1,
                         text: TextOptions | None = None, tokens: bool = True, cache: bool = True) -> DocTermMatrix:
    """Count terms per document.

    Args:
        corpus: the documents.
        ngrams: longest n-gram counted as a column (1–3 typical); all lengths up to it are
            included. Phrase *patterns* need no n-gram columns: they are counted from the
            token stream (``tokens``); n-gram columns are for keyness of n-grams.
        stopwords: ``None`` (keep all), ``"auto"`` (the lists of the languages in the
            corpus's ``language`` column, English when absent), a language code, or a
            list of words.
        min_df, max_df: keep terms in at least ``min_df`` and at most ``max_df``
            documents (ints count documents, floats are shares, as in scikit-learn).
        ngram_min_df: ``min_df`` of the n-grams of two or more words (the larger of the two
            applies to them): most n-grams of a corpus occur once, and keyness of n-grams
            needs only those that recur.
        text: tokenisation options (:class:`~framing.corpus.text.TextOptions`).
        tokens: keep the token stream (4 bytes a token) so that phrases of any length can be
            counted (:mod:`framing.dtm.phrases`).
        cache: read and write the on-disk cache (namespace ``dtm`` of :mod:`framing._infra.cache`).
            Its key is the texts and their languages (:attr:`Corpus.text_fingerprint
            <framing.corpus.Corpus.text_fingerprint>`) and the options, not the other metadata:
            a corpus with relabelled outlets or new columns reuses the matrix, and its metadata
            is joined here.

    Raises:
        CorpusError: the corpus has no documents.
    """
    options = matrix_options(ngrams=ngrams, stopwords=stopwords, min_df=min_df, max_df=max_df,
                             ngram_min_df=ngram_min_df, text=text)
    require_documents(len(corpus))
    if cache:
        inputs = {"format": FORMAT_VERSION, "texts": corpus.text_fingerprint, "options": options.key(),
                  "tokens": tokens}
        parts = cached("dtm", inputs, lambda: build_counts(corpus, options, keep_tokens=tokens),
                       write=write_parts, read=lambda folder: read_parts(folder, len(corpus)))
        if not options.text.clean:  # the lengths are the corpus's token counts: Corpus.summary reads them
            cached("dtm", token_counts_key(corpus.text_fingerprint), lambda: parts.lengths,
                   write=write_token_counts, read=lambda folder: read_token_counts(folder, len(corpus)))
    else:
        parts = build_counts(corpus, options, keep_tokens=tokens)
    docs = corpus.df.drop(columns=["text"])
    return DocTermMatrix(matrix=parts.matrix, vocab=parts.vocab, doc_lengths=np.asarray(parts.lengths, dtype=np.int64),
                         docs=docs, options=options, fingerprint=corpus.fingerprint, tokens=parts.tokens)


def _options_from(key: Any, name: str) -> DTMOptions:
    """The :class:`DTMOptions` written by :meth:`DTMOptions.key`."""
    try:
        values = {k: v for k, v in key.items() if k not in ("token_rules", "lemmas")}
        stop = values["stopwords"]
        return DTMOptions(ngrams=int(values["ngrams"]), stopwords=tuple(stop) if isinstance(stop, list) else stop,
                          min_df=values["min_df"], max_df=values["max_df"], text=TextOptions(**values["text"]),
                          ngram_min_df=values.get("ngram_min_df", 1))
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise FramingError(f"{name}: its options cannot be read ({type(exc).__name__}: {exc})") from None


def load_matrix(folder: str | Path) -> DocTermMatrix:
    """A matrix written by :meth:`DocTermMatrix.save`, checked as it is read.

    Nothing in it is a pickle: reading never runs code. A damaged or foreign folder raises
    a :class:`FramingError` that names the file and what is wrong.

    >>> import framing as fr, pandas as pd, tempfile, pathlib
    >>> c = fr.from_dataframe(pd.DataFrame({"outlet": ["a"], "date": ["2022-03-01"],
    ...     "text": ["The special military operation began."]}))
    >>> folder = fr.document_term_matrix(c, cache=False).save(pathlib.Path(tempfile.mkdtemp()) / "m")
    >>> back = load_matrix(folder)
    >>> back.shape, fr.term_rates(back, "special military operation", n_boot=0)["count"].tolist()
    ((1, 5), [1])
    """
    folder = Path(folder)
    meta_path = folder / SAVED_FILE
    if not meta_path.is_file():
        raise FramingError(f"{folder}: not a stored matrix (no {SAVED_FILE}); make one with DocTermMatrix.save")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        fingerprint, key = str(meta["fingerprint"]), meta["options"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise FramingError(f"{meta_path}: damaged ({type(exc).__name__}: {exc})") from None
    try:
        docs = pd.read_parquet(folder / DOCS_FILE)
        parts = read_parts(folder, len(docs))
    except StorageError as exc:
        raise FramingError(str(exc)) from None
    except (OSError, ValueError) as exc:  # pyarrow's errors for a file that is not Parquet
        raise FramingError(f"{folder / DOCS_FILE}: not readable ({type(exc).__name__}: {exc})") from None
    return DocTermMatrix(matrix=parts.matrix, vocab=parts.vocab, doc_lengths=parts.lengths, docs=docs,
                         options=_options_from(key, str(meta_path)), fingerprint=fingerprint, tokens=parts.tokens)
