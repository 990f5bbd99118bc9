"""Text pipeline: normalisation, transliteration, tokenisation, stopwords, lemmas, cleaning.

Tokens are made in C by Arrow kernels (``pyarrow.compute``), never by a Python loop per
token: texts are NFKC-normalised and lower-cased, URLs and e-mail addresses removed,
and split on anything that is not a letter, digit, hyphen or apostrophe. Hyphenated
compounds (``kyiv-based``) and apostrophes inside words (Ukrainian ``м'ясо``, English
``don't``; the variants ’ ʼ are unified to ') are kept; letters with diacritics
(č ć š ž đ, ё, ї є ґ) are letters. Sentence punctuation leaves an invisible boundary so
that n-grams never span two sentences. Then each distinct token is case-folded
(``str.casefold``), Serbian/Montenegrin/Bosnian Cyrillic is transliterated to Latin
(:func:`to_latin`, via ``cyrtranslit``), and optionally lemmatised with ``simplemma`` —
per distinct token and language, not per occurrence.

>>> from framing.text import tokenize
>>> tokenize("Агресија и Agresija — NATO's \\"sphere of influence\\"!", language="sr")
['agresija', 'i', 'agresija', "nato's", 'sphere', 'of', 'influence']
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

SERBIAN_LIKE = frozenset({"sr", "srp", "me", "cnr", "bs", "bos", "sh", "hbs"})
"""Language codes whose Cyrillic texts are transliterated to Latin by default."""

_URL = re.compile(r"(?i)^\W*(?:https?://|www\.)|[^\s@]@[\w-]+\.\w")
_APOSTROPHES = str.maketrans({c: "'" for c in "’ʼ`´"} | {c: "-" for c in "\u2010\u2011"})
_WORD = r"(?:[^\W_]|[\u0300-\u036f])+"
_TOKEN = re.compile(rf"{_WORD}(?:['-]{_WORD})*")
_SENTENCE_END = re.compile(r"[.!?;:…][\"'’”»)\]]*$")

Transliterate = Literal["auto", "always", "never"]


@dataclasses.dataclass(frozen=True)
class TextOptions:
    """How texts become tokens.

    Attributes:
        transliterate: ``"auto"`` turns Cyrillic into Latin in documents whose
            ``language`` is Serbian, Montenegrin or Bosnian (:data:`SERBIAN_LIKE`);
            ``"always"`` does so in every document (Serbian rules); ``"never"`` keeps scripts.
        lemmatize: reduce tokens to lemmas with simplemma, using each document's
            ``language`` (documents without a supported language are left as they are).
        clean: remove news-page furniture first (:func:`clean_boilerplate`).
    """

    transliterate: Transliterate = "auto"
    lemmatize: bool = False
    clean: bool = False

    def __post_init__(self) -> None:
        if self.transliterate not in ("auto", "always", "never"):
            raise ValueError(f"transliterate must be 'auto', 'always' or 'never', "
                             f"got {self.transliterate!r}")


@dataclasses.dataclass(frozen=True)
class Tokens:
    """Token sequences of many documents, stored flat.

    Attributes:
        ids: term id of every token, documents one after another (int64); ``-1`` marks a
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


# --- script and transliteration --------------------------------------------------------
def _script_letters(texts: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Per text, letters in U+0400–U+04FF and in A–Z, a–z, U+00C0–U+024F, counted on UTF-8 bytes.

    A regex match per letter is slow; in UTF-8 these code points are exactly the lead bytes
    D0–D3 (Cyrillic), the ASCII letters, the lead bytes C3–C8, and C9 followed by 80–8F.
    """
    offsets = np.frombuffer(texts.buffers()[1], dtype=np.int64)[texts.offset:texts.offset + len(texts) + 1]
    data = np.frombuffer(texts.buffers()[2], dtype=np.uint8) if texts.buffers()[2] else np.zeros(0, np.uint8)
    data = np.append(data[:offsets[-1]], np.uint8(0))  # a sentinel, so that every start is a valid index
    cyr = (data - np.uint8(0xD0)) < 4
    lat = ((data | np.uint8(0x20)) - np.uint8(0x61) < 26) | ((data - np.uint8(0xC3)) < 6)
    lat[:-1] |= (data[:-1] == 0xC9) & ((data[1:] - np.uint8(0x80)) < 16)
    empty = offsets[1:] == offsets[:-1]

    def per_text(mask: np.ndarray) -> np.ndarray:
        counts = np.add.reduceat(mask.view(np.uint8), offsets[:-1], dtype=np.int64) if len(offsets) > 1 \
            else np.zeros(0, np.int64)
        counts[empty] = 0  # reduceat gives the element at an empty segment's start
        return counts

    return per_text(cyr), per_text(lat)


def detect_script(texts: Sequence[str] | pd.Series, *, sample_chars: int = 2000) -> pd.Series:
    """ISO 15924 script of each text: ``"Cyrl"`` or ``"Latn"`` by majority of letters, else ``""``.

    Only the first ``sample_chars`` characters of each text are looked at.

    >>> detect_script(["Агресија", "agresija", "2022"]).tolist()
    ['Cyrl', 'Latn', '']
    """
    if isinstance(texts, pd.Series) and isinstance(texts.dtype, pd.StringDtype) and not texts.hasnans:
        arr = _as_arrow(texts)  # zero-copy for pandas' Arrow strings
    else:
        values = texts.astype(str).tolist() if isinstance(texts, pd.Series) else list(texts)
        arr = pa.array(values, pa.large_string())
    cyr, lat = _script_letters(pc.utf8_slice_codeunits(arr, 0, sample_chars))
    out = np.where(cyr > lat, "Cyrl", np.where(lat > 0, "Latn", ""))
    return pd.Series(out, index=texts.index if isinstance(texts, pd.Series) else None, dtype=object)


def to_latin(text: str, language: str = "sr") -> str:
    """Serbian/Montenegrin Cyrillic to Gaj's Latin alphabet (Latin text passes unchanged).

    Digraphs come out right (љ→lj, њ→nj, џ→dž) and Montenegrin С́ З́ become Ś Ź with
    ``language="me"``. Uses ``cyrtranslit``.

    >>> to_latin("Љубљана, џем, њега"), to_latin("С́утра", "me")
    ('Ljubljana, džem, njega', 'Śutra')
    """
    import cyrtranslit

    code = "me" if language in ("me", "cnr") else "sr"
    # cyrtranslit leaves С́ as S + combining acute; NFC composes it to Ś.
    return unicodedata.normalize("NFC", cyrtranslit.to_latin(text, code))


# --- stopwords and lemmas --------------------------------------------------------------
_STOPWORD_SOURCE = {"sr": "hr", "bs": "hr", "me": "hr", "cnr": "hr", "sh": "hr", "hbs": "hr"}
_STOPWORD_EXTRA = {
    # stopwordsiso's Ukrainian list (73 words) lacks the commonest prepositions and conjunctions.
    "uk": ("і", "в", "у", "на", "не", "а", "з", "за", "по", "о", "к", "ні", "чи", "ще", "вже",
           "бо", "щоб", "якщо", "цього", "цієї", "ці", "цих", "його", "їм", "нас", "ж", "же"),
}


@lru_cache(maxsize=32)
def stopwords(language: str) -> frozenset[str]:
    """Stopwords of a language from the ``stopwordsiso`` lists, normalised like tokens.

    Serbian, Bosnian and Montenegrin use the Croatian list (they share their function
    words once Serbian is transliterated to Latin, which the tokeniser does); the
    Ukrainian list is completed with common prepositions and conjunctions.
    Unknown languages give an empty set.

    >>> "the" in stopwords("en"), "и" in stopwords("ru"), "i" in stopwords("sr")
    (True, True, True)
    """
    import stopwordsiso

    code = _STOPWORD_SOURCE.get(language, language)
    if not stopwordsiso.has_lang(code):
        return frozenset()
    words = set(stopwordsiso.stopwords(code)) | set(_STOPWORD_EXTRA.get(language, ()))
    return frozenset(_fold(w, language) for w in words)


_LEMMA_CODE = {"sr": "hbs", "hr": "hbs", "bs": "hbs", "me": "hbs", "cnr": "hbs", "sh": "hbs"}


def _lemmatizer(language: str):
    import simplemma
    from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

    code = _LEMMA_CODE.get(language, language)
    if code not in SUPPORTED_LANGUAGES:
        return None
    return lambda token: simplemma.lemmatize(token, lang=code)


# --- cleaning --------------------------------------------------------------------------
BOILERPLATE = (
    r"^\s*[\d.,]+\s+(?:views?|pregleda|прегледа|просмотр\w*)\b.*$",
    r"^\s*\d+\s+(?:comment\(s\)|comments?|komentar\w*|коментар\w*)\s*$",
    r"^.{0,80}(?:photo|foto|фото)\s*:\s*[\w .,/-]{0,40}$",
    r"^\s*disclaimer:\s*the translations? .*$",
)
"""Line patterns (case-insensitive) of news-page furniture removed by :func:`clean_boilerplate`."""
_BOILERPLATE_RE = re.compile("|".join(f"(?:{p})" for p in BOILERPLATE), re.IGNORECASE)
_TAIL_RE = re.compile(r"^\s*(?:bonus video|бонус видео)\s*:", re.IGNORECASE)


def clean_boilerplate(text: str) -> str:
    """Remove view counters, photo credits, AI-translation notices and the "Bonus video:" tail.

    Lines matching :data:`BOILERPLATE` are dropped; a "Bonus video:" line ends the
    article (what follows is the embedded video block); a line that repeats the kept
    line just before it (a doubled caption) is dropped; runs of blank lines shrink to one.

    >>> clean_boilerplate("Title\\n\\n6070 views 4 comment(s)\\nBlinken, Photo: Reuters\\nBody.\\n\\nBonus video:")
    'Title\\n\\nBody.'
    """
    kept: list[str] = []
    for line in text.split("\n"):
        if _TAIL_RE.match(line):
            break
        stripped = line.strip()
        if _BOILERPLATE_RE.match(line) or (stripped and kept and stripped == kept[-1].strip()):
            continue
        if not stripped and (not kept or not kept[-1].strip()):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


# --- tokenisation ----------------------------------------------------------------------
def _fold(token: str, language: str | None, transliterate: Transliterate = "auto") -> str:
    token = unicodedata.normalize("NFKC", token).casefold()
    if transliterate == "always" or (transliterate == "auto" and language in SERBIAN_LIKE):
        token = to_latin(token, language or "sr")
    return token


WORKERS = 2
"""Threads that run the Arrow kernels of tokenisation (they release the GIL)."""

PART_BYTES = 8 << 20
"""Bytes of text per tokenisation part; parts are split and encoded on :data:`WORKERS` threads."""

_URL_HINT = r"@|://|www\."  # every match of _URL contains one of these; RE2 finds them fast
_SIMPLE = r"^[a-z0-9]+$"  # a lower-case ASCII chunk of letters and digits is its own token
_UNIFY = (("’", "'"), ("ʼ", "'"), ("`", "'"), ("´", "'"), ("\u2010", "-"), ("\u2011", "-"))
# _TOKEN with each letter run matched by a tight loop (the same language, 30% faster), or a newline.
_WORD_RUNS = r"(?:[^\W_]+|[\u0300-\u036f]+)+"
_TOKEN_OR_NEWLINE = re.compile(rf"{_WORD_RUNS}(?:['-]{_WORD_RUNS})*|\n")


def _as_arrow(texts: Sequence[str] | pd.Series) -> pa.Array:
    """The texts as one Arrow ``large_string`` array, nulls as ""; zero-copy for pandas' Arrow strings."""
    arr = pa.array(texts, from_pandas=True) if isinstance(texts, pd.Series) else \
        pa.array(list(texts), pa.large_string())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if arr.type != pa.large_string():
        arr = arr.cast(pa.large_string())
    return arr.fill_null("") if arr.null_count else arr


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
    :data:`WORKERS` threads, and the parts' dictionaries merged.
    """
    from concurrent.futures import ThreadPoolExecutor

    pieces = _pieces(arr)
    if len(pieces) == 1:
        ids, per_doc, distinct = _chunks_of(pieces[0])
    else:
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
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


def _hard_tokens(lines: list[str]) -> tuple[pa.Array, np.ndarray, np.ndarray]:
    """Tokens of chunks that need the full treatment: the tokens, each one's line, and sentence ends.

    The chunks are joined by newlines into one string so that NFKC, apostrophe
    unification, case folding and the token regex each run once in C (none of them
    crosses a newline); a chunk that is a URL or an e-mail address is blanked first.
    """
    if not lines:
        return pa.array([], pa.large_string()), np.zeros(0, np.int64), np.zeros(0, bool)
    hints = pc.match_substring_regex(pa.array(lines, pa.large_string()), _URL_HINT)
    for i in np.flatnonzero(hints.to_numpy(zero_copy_only=False)):
        if _URL.search(lines[i]):
            lines[i] = ""
    text = unicodedata.normalize("NFKC", "\n".join(lines))
    for old, new in _UNIFY:
        text = text.replace(old, new)
    text = text.casefold()
    found = pa.array(_TOKEN_OR_NEWLINE.findall(text), pa.large_string())
    newline = pc.equal(found, "\n")
    line_of = np.cumsum(newline.to_numpy(zero_copy_only=False), dtype=np.int64)
    is_token = pc.invert(newline)
    ends = pc.match_substring_regex(pa.array(text.split("\n"), pa.large_string()), _SENTENCE_END.pattern)
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
    simple = pc.match_substring_regex(lowered, _SIMPLE)
    hard = np.flatnonzero(pc.invert(simple).to_numpy(zero_copy_only=False))
    words, line_of, hard_ends = _hard_tokens(lowered.filter(pc.invert(simple)).to_pylist())
    chunk_of = np.concatenate([np.flatnonzero(simple.to_numpy(zero_copy_only=False)), hard[line_of]])
    encoded = pc.dictionary_encode(pa.concat_arrays([lowered.filter(simple), words]))
    order = np.argsort(chunk_of, kind="stable")
    chunk_of = chunk_of[order]
    tokens = encoded.indices.to_numpy(zero_copy_only=False)[order]
    n_tokens = np.bincount(chunk_of, minlength=len(distinct)).astype(np.int32)
    ends = np.zeros(len(distinct), dtype=bool)
    ends[hard] = hard_ends & (n_tokens[hard] > 0)
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


def _normaliser(key: tuple, options: TextOptions):
    lang, translit = key
    lemma = _lemmatizer(lang) if (options.lemmatize and lang) else None

    def norm(token: str) -> str:
        token = _fold(token, lang, "always" if translit else "never")
        return lemma(token) if lemma else token

    return norm


def _normalise_all(raw: list[str], key: tuple, options: TextOptions) -> list[str]:
    """``_normaliser(key)`` of every raw token; the plain case in one pass over the joined tokens."""
    if key == (None, False):
        return unicodedata.normalize("NFKC", "\n".join(raw)).casefold().split("\n") if raw else []
    norm = _normaliser(key, options)
    return [norm(t) for t in raw]


def _sorted_product(a: sp.csr_matrix, b: sp.csr_matrix) -> sp.csr_matrix:
    """``a @ b`` with each row's columns sorted, in row blocks on :data:`WORKERS` threads.

    scipy's sparse kernels release the GIL; two O(nnz) transposes sort the columns.
    """
    from concurrent.futures import ThreadPoolExecutor

    def block(bounds: tuple[int, int]) -> sp.csr_matrix:
        out = (a[bounds[0]:bounds[1]] @ b).tocsc().tocsr()
        out.has_sorted_indices = True
        return out

    cuts = np.unique(np.searchsorted(a.indptr, a.nnz * np.arange(WORKERS + 1) // WORKERS).clip(0, a.shape[0]))
    spans = list(zip(cuts[:-1], cuts[1:])) if len(cuts) > 2 else [(0, a.shape[0])]
    if len(spans) == 1:
        return block(spans[0])
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
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
        parts, rows_all = [], []
        for rows, remap in self.groups:
            chunk_terms = sp.csr_matrix((np.ones(int(indptr[-1]), np.int32), remap[self.stream[real]], indptr),
                                        shape=(len(self.n_tokens), len(self.vocab)))
            parts.append(_sorted_product(self.doc_chunks if rows is None else self.doc_chunks[rows], chunk_terms))
            rows_all.append(rows)
        counts = parts[0] if len(parts) == 1 else \
            sp.vstack(parts, format="csr")[np.argsort(np.concatenate(rows_all), kind="stable")]
        return sp.csr_matrix((counts.data.astype(np.int64), counts.indices, counts.indptr), shape=shape)

    def tokens(self) -> Tokens:
        """The token stream (:class:`Tokens`), as n-grams need it."""
        by_chunk = sp.csr_matrix((self.stream, np.zeros(len(self.stream), np.int32), self.offsets),
                                 shape=(len(self.n_tokens), 1))
        occ = self.doc_chunks.indices
        raw = by_chunk[occ].data if len(occ) else np.zeros(0, np.int32)
        per_doc = np.asarray(self.doc_chunks @ np.diff(self.offsets).astype(np.int32), dtype=np.int64)
        ids = np.full(len(raw), -1, dtype=np.int64)
        real = raw >= 0
        if len(self.groups) == 1:
            ids[real] = self.groups[0][1][raw[real]]
        else:
            doc = np.repeat(np.arange(len(per_doc)), per_doc)
            for rows, remap in self.groups:
                mask = real & np.isin(doc, rows)
                ids[mask] = remap[raw[mask]]
        return Tokens(ids=ids, offsets=np.concatenate([[0], np.cumsum(per_doc)]).astype(np.int64),
                      vocab=self.vocab)


def _raw_tokens(texts: Sequence[str] | pd.Series) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray,
                                                           np.ndarray, list[str]]:
    """Chunks of the texts and their raw tokens: ``(doc_chunks, offsets, stream, n_tokens, raw)``."""
    doc_chunks, distinct = _split_chunks(_as_arrow(texts))
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
        texts = [clean_boilerplate(t) for t in (texts.tolist() if isinstance(texts, pd.Series) else texts)]
    doc_chunks, offsets, stream, n_tokens, raw = _raw_tokens(texts)
    n_docs = doc_chunks.shape[0]
    key_codes, keys = _process_keys(languages if languages is not None else [None] * n_docs, options)
    strings, used = [], []
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
    groups, start = [], 0
    for rows, raw_ids in used:
        remap = np.zeros(len(raw), dtype=np.int32)  # ids outside the group are never looked up
        remap[raw_ids] = inverse[start:start + len(raw_ids)]
        start += len(raw_ids)
        groups.append((rows, remap))
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

    >>> tokenize("Kyiv-based analysts: Russia's 'special military operation' (so-called).")
    ['kyiv-based', 'analysts', "russia's", 'special', 'military', 'operation', 'so-called']
    """
    return tokenize_texts([text], languages=[language], options=options).doc(0)


def normalize_term(term: str, *, language: str | None = None,
                   transliterate: Transliterate = "auto") -> str:
    """A user's term normalised like tokens (NFKC, case fold, transliteration).

    Patterns are matched against the vocabulary in this form, so "Агресија" and
    "agresija" are the same term when ``language`` is Serbian-like.
    """
    return " ".join(_fold(t, language, transliterate) for t in term.split())


def stopword_set(languages: Iterable[str | None]) -> frozenset[str]:
    """Union of :func:`stopwords` for the given languages (``None`` counts as English)."""
    out: set[str] = set()
    for lang in set(languages):
        out |= stopwords(lang if isinstance(lang, str) and lang else "en")
    return frozenset(out)
