"""Tokenisation in C: Arrow kernels split, normalise and count; each distinct chunk is tokenised once.

Texts are NFKC-normalised and lower-cased, URLs and e-mail addresses removed, and cut into
tokens by the rules of :mod:`framing.corpus.text.rules` (words, acronyms, numbers; possessives
stay on their word; abbreviations do not end sentences). See :func:`tokenize` for examples.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
import warnings
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from framing._infra.errors import FramingWarning
from framing.corpus.text.arrow import as_arrow
from framing.corpus.text.boilerplate import boilerplate_summary, strip_boilerplate
from framing.corpus.text.lemmas import lemmatizer
from framing.corpus.text.normalise import fold
from framing.corpus.text.options import SERBIAN_LIKE, TextOptions
from framing.corpus.text.rules import (
    ABBREVIATION_END,
    LONG_NUMBER,
    MAX_CHUNK_CHARS,
    MAX_TOKEN_CHARS,
    SENTENCE_END,
    TOKEN,
    UNIFY,
)

URL = re.compile(r"(?i)(?:https?://|www\.)\S*|[\w.+-]*[^\s@]@[\w-]+\.\S*")
"""A URL or an e-mail address inside a white-space chunk (removed before tokenising)."""
_URL_TAIL = re.compile(r"[.,!?;:…\"'’”»)\]]*$")  # punctuation after a URL: a sentence end stays one


@dataclasses.dataclass(frozen=True)
class Tokens:
    """Token sequences of many documents, stored flat.

    Attributes:
        ids: term id of every token, documents one after another (int32); ``-1`` marks a
            sentence boundary, which is not a token but stops n-grams.
        offsets: document ``i`` is ``ids[offsets[i]:offsets[i + 1]]``.
        vocab: term strings, sorted; ``vocab[id]`` is the term.
    """

    ids: np.ndarray
    offsets: np.ndarray
    vocab: np.ndarray

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def doc(self, i: int) -> list[str]:
        """The tokens of document ``i`` (boundaries left out)."""
        ids = self.ids[self.offsets[i]:self.offsets[i + 1]]
        return self.vocab[ids[ids >= 0]].tolist()

    def lengths(self) -> np.ndarray:
        """Number of tokens per document (boundaries not counted)."""
        doc = np.repeat(np.arange(len(self)), np.diff(self.offsets))
        return np.bincount(doc[self.ids >= 0], minlength=len(self)).astype(np.int64)

    def take(self, rows: np.ndarray) -> Tokens:
        """The token sequences of some documents (indices), in that order.

        >>> t = Tokens(ids=np.array([0, 1, -1, 2]), offsets=np.array([0, 3, 4]), vocab=np.array(["a", "b", "c"]))
        >>> t.take(np.array([1, 0])).ids.tolist()
        [2, 0, 1, -1]
        """
        sizes = np.diff(self.offsets)[rows]
        offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        where = np.repeat(self.offsets[:-1][rows] - offsets[:-1], sizes) + np.arange(offsets[-1])
        return Tokens(ids=self.ids[where], offsets=offsets, vocab=self.vocab)



WORKERS = 2
"""Most threads that run the Arrow kernels of tokenisation (they release the GIL); see :func:`threads`."""


def threads() -> int:
    """Threads tokenisation uses now: :data:`WORKERS`, or fewer when Arrow is given fewer CPUs.

    Arrow's CPU count follows ``OMP_NUM_THREADS`` (and ``pyarrow.set_cpu_count``); Dask sets it to 1
    in its worker processes, so a worker of one thread tokenises on one core, as its scheduler assumes.
    """
    return max(1, min(WORKERS, pa.cpu_count()))

PART_BYTES = 8 << 20
"""Bytes of text per tokenisation part; parts are split and encoded on :data:`WORKERS` threads."""

_URL_HINT = r"@|://|www\."  # every match of URL contains one of these; RE2 finds them fast
_SIMPLE = r"^[a-z0-9]+$"  # a lower-case ASCII chunk of letters and digits is its own token
# Newlines are kept to map tokens back to their chunk.
_TOKEN_OR_NEWLINE = re.compile(rf"{TOKEN}|\n")


def _chunks_of(part: pa.Array) -> tuple[np.ndarray, np.ndarray, pa.Array]:
    """Split on ASCII white space in C: chunk ids in text order, chunks per document, distinct chunks."""
    lists = pc.ascii_split_whitespace(part)
    encoded = pc.dictionary_encode(lists.flatten())
    return (encoded.indices.to_numpy(zero_copy_only=False), np.diff(lists.offsets.to_numpy()),
            encoded.dictionary)


def _index(values: np.ndarray, nnz: int) -> np.ndarray:
    """Index arrays as int32 when the matrix is small enough, as scipy would choose (half the memory)."""
    return values.astype(np.int32 if nnz < 2**31 - 1 else np.int64, copy=False)


def _pieces(arr: pa.Array) -> list[pa.Array]:
    """Zero-copy slices of about :data:`PART_BYTES` each, a multiple of :data:`WORKERS` in number."""
    sizes = np.cumsum(pc.binary_length(arr).to_numpy(zero_copy_only=False), dtype=np.int64)
    total = int(sizes[-1]) if len(sizes) else 0
    n = WORKERS * -(-total // (WORKERS * PART_BYTES)) if total > PART_BYTES // 8 else 1
    cuts = np.unique(np.concatenate([[0], np.searchsorted(sizes, total * np.arange(1, n) / n), [len(arr)]]))
    return [arr.slice(a, b - a) for a, b in zip(cuts[:-1], cuts[1:])] or [arr]


def _split_chunks(arr: pa.Array) -> tuple[sp.csr_matrix, pa.Array]:
    """Documents × distinct chunks, one entry per occurrence in text order (not summed), and the chunks.

    The texts are cut into parts (:func:`_pieces`), split and dictionary-encoded on
    :func:`threads` threads, and the parts' dictionaries merged.
    """
    from concurrent.futures import ThreadPoolExecutor

    pieces = _pieces(arr)
    if len(pieces) == 1:
        ids, per_doc, distinct = _chunks_of(pieces[0])
    else:
        with ThreadPoolExecutor(max_workers=threads()) as pool:
            parts = list(pool.map(_chunks_of, pieces))
        merged = pc.dictionary_encode(pa.concat_arrays([p[2] for p in parts]))
        to_global = merged.indices.to_numpy(zero_copy_only=False)
        starts = np.cumsum([0] + [len(p[2]) for p in parts])
        ids = np.concatenate([to_global[s:s + len(p[2])][p[0]] for s, p in zip(starts, parts)])
        per_doc = np.concatenate([p[1] for p in parts])
        distinct = merged.dictionary
    indptr = np.concatenate([[0], np.cumsum(per_doc)])
    doc_chunks = sp.csr_matrix((np.ones(len(ids), np.int32), _index(ids, len(ids)), _index(indptr, len(ids))),
                               shape=(len(arr), len(distinct)))
    return doc_chunks, distinct


def _url_tail(match: re.Match[str]) -> str:
    return _URL_TAIL.search(match.group()).group()  # type: ignore[union-attr]  # the pattern matches ""


def _hard_tokens(lines: list[str]) -> tuple[pa.Array, np.ndarray, np.ndarray]:
    """Tokens of chunks that need the full treatment: the tokens, each one's line, and sentence ends.

    The chunks are joined by newlines into one string so that NFKC, apostrophe
    unification, case folding and the token regex each run once in C (none of them
    crosses a newline); URLs and e-mail addresses inside a chunk are removed first,
    keeping the punctuation after them (``[text](https://x.y).`` still ends a sentence).
    """
    if not lines:
        return pa.array([], pa.large_string()), np.zeros(0, np.int64), np.zeros(0, bool)
    hints = pc.match_substring_regex(pa.array(lines, pa.large_string()), _URL_HINT)
    for i in np.flatnonzero(hints.to_numpy(zero_copy_only=False)):
        lines[i] = URL.sub(_url_tail, lines[i])
    text = unicodedata.normalize("NFKC", "\n".join(lines))
    for old, new in UNIFY:
        text = text.replace(old, new)
    text = text.casefold()
    found = pa.array(_TOKEN_OR_NEWLINE.findall(text), pa.large_string())
    newline = pc.equal(found, "\n")
    line_of = np.cumsum(newline.to_numpy(zero_copy_only=False), dtype=np.int64)
    is_token = pc.invert(newline)
    ends = pc.match_substring_regex(pa.array(text.split("\n"), pa.large_string()), SENTENCE_END.pattern)
    return (found.filter(is_token), line_of[is_token.to_numpy(zero_copy_only=False)],
            ends.to_numpy(zero_copy_only=False))


def _expand(distinct: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Raw tokens of every distinct chunk, all chunks at once.

    A chunk of lower-case ASCII letters and digits is its own token; the others go
    through :func:`_hard_tokens`.

    Returns ``(offsets, stream, n_tokens, raw)``: the raw-token ids of chunk ``c`` are
    ``stream[offsets[c]:offsets[c + 1]]`` with ``-1`` after a sentence end; ``n_tokens[c]``
    counts its tokens; ``raw`` holds the distinct raw tokens.
    """
    lowered = pc.utf8_lower(distinct)
    blob = pc.greater(pc.utf8_length(lowered), MAX_CHUNK_CHARS)
    if pc.any(blob).as_py():
        lowered = pc.if_else(blob, "", lowered)
    simple = pc.match_substring_regex(lowered, _SIMPLE)
    hard = np.flatnonzero(pc.invert(simple).to_numpy(zero_copy_only=False))
    words, line_of, hard_ends = _hard_tokens(lowered.filter(pc.invert(simple)).to_pylist())
    dotted = np.flatnonzero(hard_ends)  # abbreviations are decided on the chunk as written ("No." vs "no.")
    abbreviated = np.zeros(len(hard_ends), dtype=bool)
    abbreviated[dotted] = pc.match_substring_regex(distinct.take(pa.array(hard[dotted])),
                                                   ABBREVIATION_END).to_numpy(zero_copy_only=False)
    hard_ends = hard_ends & ~abbreviated
    chunk_of = np.concatenate([np.flatnonzero(simple.to_numpy(zero_copy_only=False)), hard[line_of]])
    found = pa.concat_arrays([lowered.filter(simple), words])
    had_tokens = np.bincount(chunk_of, minlength=len(distinct)) > 0  # before junk goes: "<blob>." ends a sentence
    junk = pc.or_(pc.greater(pc.utf8_length(found), MAX_TOKEN_CHARS), pc.match_substring_regex(found, LONG_NUMBER))
    if pc.any(junk).as_py():
        keep = pc.invert(junk)
        found, chunk_of = found.filter(keep), chunk_of[keep.to_numpy(zero_copy_only=False)]
    encoded = pc.dictionary_encode(found)
    order = np.argsort(chunk_of, kind="stable")
    chunk_of = chunk_of[order]
    tokens = encoded.indices.to_numpy(zero_copy_only=False)[order]
    n_tokens = np.bincount(chunk_of, minlength=len(distinct)).astype(np.int32)
    ends = np.zeros(len(distinct), dtype=bool)
    ends[hard] = hard_ends & had_tokens[hard]
    before = np.concatenate([[0], np.cumsum(ends)])
    offsets = np.concatenate([[0], np.cumsum(n_tokens, dtype=np.int64)]) + before
    stream = np.full(offsets[-1], -1, dtype=np.int32)
    stream[np.arange(len(tokens)) + before[chunk_of]] = tokens
    return offsets, stream, n_tokens, encoded.dictionary.to_pylist()


def _process_keys(languages: Sequence[str | None], options: TextOptions) -> tuple[np.ndarray, list[tuple]]:
    """Per document, the code of the key under which its distinct tokens are normalised, and the keys."""
    codes, uniques = pd.factorize(pd.Series(list(languages), dtype=object), use_na_sentinel=True)
    keys: list[tuple] = []
    key_of = []
    for lang in [*uniques, None]:
        lang = lang if isinstance(lang, str) and lang else None
        translit = options.transliterate == "always" or (
            options.transliterate == "auto" and lang in SERBIAN_LIKE)
        key = (lang if (options.lemmatize or translit) else None, translit)
        if key not in keys:
            keys.append(key)
        key_of.append(keys.index(key))
    return np.asarray(key_of, dtype=np.int64)[codes], keys


def _normaliser(key: tuple, options: TextOptions) -> Callable[[str], str]:
    lang, translit = key
    lemma = lemmatizer(lang) if (options.lemmatize and lang) else None

    def norm(token: str) -> str:
        token = fold(token, lang, "always" if translit else "never")
        return lemma(token) if lemma else token

    return norm


def _normalise_all(raw: list[str], key: tuple, options: TextOptions) -> list[str]:
    """``_normaliser(key)`` of every raw token; the plain case in one pass over the joined tokens."""
    if key == (None, False):
        return unicodedata.normalize("NFKC", "\n".join(raw)).casefold().split("\n") if raw else []
    norm = _normaliser(key, options)
    return [norm(t) for t in raw]


def _sorted_product(a: sp.csr_matrix, b: sp.csr_matrix) -> sp.csr_matrix:
    """``a @ b`` with each row's columns sorted, in row blocks on :func:`threads` threads.

    scipy's sparse kernels release the GIL; two O(nnz) transposes sort the columns.
    """
    from concurrent.futures import ThreadPoolExecutor

    def block(bounds: tuple[int, int]) -> sp.csr_matrix:
        out = (a[bounds[0]:bounds[1]] @ b).tocsc().tocsr()
        out.has_sorted_indices = True
        return out

    n = threads()
    cuts = np.unique(np.searchsorted(a.indptr, a.nnz * np.arange(n + 1) // n).clip(0, a.shape[0]))
    spans = list(zip(cuts[:-1], cuts[1:])) if len(cuts) > 2 else [(0, a.shape[0])]
    if len(spans) == 1:
        return block(spans[0])
    with ThreadPoolExecutor(max_workers=n) as pool:
        out = sp.vstack(list(pool.map(block, spans)), format="csr")
    out.has_sorted_indices = True
    return out


def _unique_sorted(strings: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct strings (object array) and each input's index among them, hashed and sorted in C.

    Arrow sorts UTF-8 bytes, which is code-point order, as Python and ``np.unique`` do.
    """
    encoded = pc.dictionary_encode(pa.array(strings, pa.large_string()))
    order = pc.array_sort_indices(encoded.dictionary).to_numpy()
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return (encoded.dictionary.take(order).to_numpy(zero_copy_only=False).astype(object),
            rank[encoded.indices.to_numpy(zero_copy_only=False)])


@dataclasses.dataclass(frozen=True)
class ChunkedTokens:
    """Documents as white-space chunks, and each distinct chunk as tokens: the matrix builder's input.

    Tokenising each distinct chunk once (a corpus of 34 M characters has 5.6 M chunks but
    only 130 k distinct ones) and counting unigrams as the sparse product
    ``doc_chunks @ chunk_terms`` avoids materialising the token stream, which only
    n-grams need (:meth:`tokens`).

    Attributes:
        doc_chunks: CSR documents × chunks with a 1 per occurrence, in text order (not summed).
        offsets, stream: raw-token ids of chunk ``c`` are ``stream[offsets[c]:offsets[c + 1]]``
            (int32), ``-1`` marking a sentence end.
        n_tokens: tokens per chunk.
        vocab: the normalised terms, sorted.
        groups: per normalisation key, the documents it covers (``None``: all) and the
            map from raw-token id to vocabulary id.
    """

    doc_chunks: sp.csr_matrix
    offsets: np.ndarray
    stream: np.ndarray
    n_tokens: np.ndarray
    vocab: np.ndarray
    groups: tuple[tuple[np.ndarray | None, np.ndarray], ...]

    def lengths(self) -> np.ndarray:
        """Tokens per document (sentence boundaries not counted)."""
        return np.asarray(self.doc_chunks @ self.n_tokens, dtype=np.int64)

    def term_counts(self) -> sp.csr_matrix:
        """Documents × vocabulary counts (int64 CSR, sorted indices), by sparse products."""
        real = self.stream >= 0
        indptr = np.concatenate([[0], np.cumsum(self.n_tokens)])
        shape = (self.doc_chunks.shape[0], len(self.vocab))
        parts: list[sp.csr_matrix] = []
        rows_all: list[np.ndarray] = []
        for rows, remap in self.groups:
            chunk_terms = sp.csr_matrix((np.ones(int(indptr[-1]), np.int32), remap[self.stream[real]], indptr),
                                        shape=(len(self.n_tokens), len(self.vocab)))
            parts.append(_sorted_product(self.doc_chunks if rows is None else self.doc_chunks[rows], chunk_terms))
            rows_all.append(np.arange(shape[0]) if rows is None else rows)
        counts = parts[0] if len(parts) == 1 else \
            sp.vstack(parts, format="csr")[np.argsort(np.concatenate(rows_all), kind="stable")]
        return sp.csr_matrix((counts.data.astype(np.int64), counts.indices, counts.indptr), shape=shape)

    def tokens(self) -> Tokens:
        """The token stream (:class:`Tokens`), as n-grams need it."""
        occ = self.doc_chunks.indices
        sizes = np.diff(self.offsets)[occ]
        ends = np.cumsum(sizes)
        raw = self.stream[np.repeat(self.offsets[:-1][occ] - (ends - sizes), sizes) + np.arange(ends[-1] if len(ends)
                                                                                            else 0)]
        per_doc = np.asarray(self.doc_chunks @ np.diff(self.offsets).astype(np.int32), dtype=np.int64)
        ids = np.full(len(raw), -1, dtype=np.int32)  # term ids fit: a vocabulary has < 2**31 terms
        real = raw >= 0
        if len(self.groups) == 1:
            ids[real] = self.groups[0][1][raw[real]]
        else:
            doc = np.repeat(np.arange(len(per_doc)), per_doc)
            for rows, remap in self.groups:
                mask = real & (True if rows is None else np.isin(doc, rows))
                ids[mask] = remap[raw[mask]]
        return Tokens(ids=ids, offsets=np.concatenate([[0], np.cumsum(per_doc)]).astype(np.int64),
                      vocab=self.vocab)


def _raw_tokens(texts: Sequence[str] | pd.Series) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray,
                                                           np.ndarray, list[str]]:
    """Chunks of the texts and their raw tokens: ``(doc_chunks, offsets, stream, n_tokens, raw)``."""
    doc_chunks, distinct = _split_chunks(as_arrow(texts))
    return doc_chunks, *_expand(distinct)


def count_tokens(texts: Sequence[str] | pd.Series) -> np.ndarray:
    """Tokens per text, as :func:`tokenize` counts them (sentence boundaries excluded)."""
    doc_chunks, _, _, n_tokens, _ = _raw_tokens(texts)
    return np.asarray(doc_chunks @ n_tokens, dtype=np.int64)


def tokenize_chunks(texts: Sequence[str] | pd.Series, *, languages: Sequence[str | None] | None = None,
                    options: TextOptions = TextOptions()) -> ChunkedTokens:
    """Tokenise many texts into :class:`ChunkedTokens` (see :func:`tokenize_texts` for the arguments).

    Each raw token is normalised once per normalisation key (language, when
    transliterating or lemmatising) among the documents of that key that use it.
    """
    if options.clean:
        stripped = [strip_boilerplate(t) for t in (texts.tolist() if isinstance(texts, pd.Series) else texts)]
        texts = [text for text, _ in stripped]
        removed = [(f"document {i + 1}", lines) for i, (_, lines) in enumerate(stripped) if lines]
        if removed:
            warnings.warn(f"TextOptions(clean=True) {boilerplate_summary(removed, of=len(texts))} (find_boilerplate "
                          "lists them all)", FramingWarning, stacklevel=3)
    doc_chunks, offsets, stream, n_tokens, raw = _raw_tokens(texts)
    n_docs = doc_chunks.shape[0]
    key_codes, keys = _process_keys(languages if languages is not None else [None] * n_docs, options)
    strings: list[str] = []
    used: list[tuple[np.ndarray | None, np.ndarray]] = []
    sizes = np.bincount(key_codes, minlength=len(keys))
    for k, key in enumerate(keys):
        rows = np.flatnonzero(key_codes == k)
        if not len(rows):
            continue
        if sizes[k] == n_docs:
            raw_ids = np.arange(len(raw))
        else:
            in_group = np.zeros(len(n_tokens), dtype=bool)
            in_group[doc_chunks[rows].indices] = True
            raw_ids = np.unique(stream[np.repeat(in_group, np.diff(offsets)) & (stream >= 0)])
        strings.extend(_normalise_all([raw[i] for i in raw_ids], key, options))
        used.append((None if len(rows) == n_docs else rows, raw_ids))
    vocab, inverse = _unique_sorted(strings)
    groups: list[tuple[np.ndarray | None, np.ndarray]] = []
    start = 0
    for group_rows, raw_ids in used:
        remap = np.zeros(len(raw), dtype=np.int32)  # ids outside the group are never looked up
        remap[raw_ids] = inverse[start:start + len(raw_ids)]
        start += len(raw_ids)
        groups.append((group_rows, remap))
    if not groups:
        groups.append((None, np.zeros(len(raw), dtype=np.int32)))
    return ChunkedTokens(doc_chunks=doc_chunks, offsets=offsets, stream=stream, n_tokens=n_tokens,
                         vocab=vocab.astype(object), groups=tuple(groups))


def tokenize_texts(texts: Sequence[str] | pd.Series, *, languages: Sequence[str | None] | None = None,
                   options: TextOptions = TextOptions()) -> Tokens:
    """Tokenise many texts at once into a :class:`Tokens` table with a sorted vocabulary.

    Args:
        texts: the documents.
        languages: ISO 639-1 code per document (drives transliteration and lemmas).
        options: see :class:`TextOptions`.
    """
    return tokenize_chunks(texts, languages=languages, options=options).tokens()


def tokenize(text: str, *, language: str | None = None, options: TextOptions = TextOptions()) -> list[str]:
    """Tokens of one text, normalised as in the document-term matrix.

    The rules (:mod:`framing.corpus.text.rules`): a token is letters and digits, joined by
    inner hyphens or apostrophes (``kyiv-based``, ``м'ясо``); an English possessive stays on
    its word (``russia's``: the pattern ``russia`` counts it, ``russia's`` asks for it alone;
    "States'" gives ``states``); an acronym keeps its dots (``u.s.``, ``т.е.``); a number keeps
    its separators (``1,000``, ``100.000``); URLs and e-mail addresses are dropped, also inside
    Markdown links. A sentence end (``. ! ? ; : …``, not after an abbreviation such as "Mr.",
    "U.S.", "tzv." or an initial) is no token but stops n-grams.

    >>> tokenize("Kyiv-based analysts: Russia's 'special military operation' (so-called).")
    ['kyiv-based', 'analysts', "russia's", 'special', 'military', 'operation', 'so-called']
    >>> tokenize("Mr. Putin and U.S. sanctions: 1,000 or 100.000 [troops](https://x.com/a/1).")
    ['mr', 'putin', 'and', 'u.s.', 'sanctions', '1,000', 'or', '100.000', 'troops']
    """
    return tokenize_texts([text], languages=[language], options=options).doc(0)


