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
def detect_script(texts: Sequence[str] | pd.Series, *, sample_chars: int = 2000) -> pd.Series:
    """ISO 15924 script of each text: ``"Cyrl"`` or ``"Latn"`` by majority of letters, else ``""``.

    Only the first ``sample_chars`` characters of each text are looked at.

    >>> detect_script(["Агресија", "agresija", "2022"]).tolist()
    ['Cyrl', 'Latn', '']
    """
    values = texts.astype(str).tolist() if isinstance(texts, pd.Series) else list(texts)
    head = pc.utf8_slice_codeunits(pa.array(values, pa.large_string()), 0, sample_chars)
    cyr = pc.count_substring_regex(head, r"[\x{0400}-\x{04FF}]").to_numpy(zero_copy_only=False)
    lat = pc.count_substring_regex(head, r"[A-Za-z\x{00C0}-\x{024F}]").to_numpy(zero_copy_only=False)
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


def _chunks_of(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Split on ASCII white space in C: per-document chunk counts, chunk ids, distinct chunks."""
    arr = pa.array(texts, pa.large_string()).fill_null("")
    lists = pc.ascii_split_whitespace(pc.utf8_lower(arr))
    encoded = pc.dictionary_encode(lists.flatten())
    idx = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    return idx, np.diff(lists.offsets.to_numpy()), encoded.dictionary.to_pylist()


CHUNK_DOCS = 2000
"""Documents per tokenisation chunk; chunks run on two threads (Arrow releases the GIL)."""


def _split_chunks(texts: Sequence[str], workers: int = 2) -> tuple[np.ndarray, np.ndarray, list[str]]:
    from concurrent.futures import ThreadPoolExecutor

    parts_in = [texts[i:i + CHUNK_DOCS] for i in range(0, len(texts), CHUNK_DOCS)] or [[]]
    if len(parts_in) == 1:
        return _chunks_of(parts_in[0])
    with ThreadPoolExecutor(max_workers=workers) as pool:
        parts = list(pool.map(_chunks_of, parts_in))
    merged = pc.dictionary_encode(pa.concat_arrays([pa.array(p[2], pa.large_string()) for p in parts]))
    to_global = merged.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    starts = np.cumsum([0] + [len(p[2]) for p in parts])
    all_idx = [to_global[start:][idx] for start, (idx, _, _) in zip(starts, parts)]
    return (np.concatenate(all_idx), np.concatenate([p[1] for p in parts]),
            merged.dictionary.to_pylist())


def _expand(distinct: list[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Tokens of each distinct chunk, as raw-token ids with -1 after a sentence end."""
    index: dict[str, int] = {}
    values: list[int] = []
    offsets = [0]
    for chunk in distinct:
        if chunk.isalpha() and "ʼ" not in chunk and unicodedata.is_normalized("NFKC", chunk):
            values.append(index.setdefault(chunk.casefold(), len(index)))
        elif not _URL.search(chunk):
            norm = unicodedata.normalize("NFKC", chunk).translate(_APOSTROPHES).casefold()
            for token in _TOKEN.findall(norm):
                values.append(index.setdefault(token, len(index)))
            if values and len(values) > offsets[-1] and _SENTENCE_END.search(norm):
                values.append(-1)
        offsets.append(len(values))
    return np.array(offsets, dtype=np.int64), np.array(values, dtype=np.int64), list(index)


def _raw_tokens(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Raw-token id of every token (-1 at sentence ends), per-document counts, raw tokens."""
    occ, chunks_per_doc, distinct = _split_chunks(texts)
    exp_off, exp_val, raw = _expand(distinct)
    lens = np.diff(exp_off)[occ]
    total = int(lens.sum())
    within = np.arange(total) - np.repeat(np.cumsum(lens) - lens, lens)
    ids = exp_val[np.repeat(exp_off[occ], lens) + within] if total else exp_val[:0]
    doc_of_chunk = np.repeat(np.arange(len(texts)), chunks_per_doc)
    lengths = np.bincount(doc_of_chunk, weights=lens, minlength=len(texts)).astype(np.int64)
    return ids, lengths, raw


def count_tokens(texts: Sequence[str] | pd.Series) -> np.ndarray:
    """Tokens per text, as :func:`tokenize` counts them (sentence boundaries excluded)."""
    values = texts.tolist() if isinstance(texts, pd.Series) else list(texts)
    ids, lengths, _ = _raw_tokens(values)
    doc = np.repeat(np.arange(len(values)), lengths)
    return np.bincount(doc[ids >= 0], minlength=len(values)).astype(np.int64)


def _process_keys(languages: Sequence[str | None], options: TextOptions) -> list[tuple]:
    """Per document, the key under which its distinct tokens are normalised."""
    keys = []
    for lang in languages:
        lang = lang if isinstance(lang, str) and lang else None
        translit = options.transliterate == "always" or (
            options.transliterate == "auto" and lang in SERBIAN_LIKE)
        keys.append((lang if (options.lemmatize or translit) else None, translit))
    return keys


def _normaliser(key: tuple, options: TextOptions):
    lang, translit = key
    lemma = _lemmatizer(lang) if (options.lemmatize and lang) else None

    def norm(token: str) -> str:
        token = _fold(token, lang, "always" if translit else "never")
        return lemma(token) if lemma else token

    return norm


def tokenize_texts(texts: Sequence[str] | pd.Series, *, languages: Sequence[str | None] | None = None,
                   options: TextOptions = TextOptions()) -> Tokens:
    """Tokenise many texts at once into a :class:`Tokens` table with a sorted vocabulary.

    Args:
        texts: the documents.
        languages: ISO 639-1 code per document (drives transliteration and lemmas).
        options: see :class:`TextOptions`.
    """
    values = texts.tolist() if isinstance(texts, pd.Series) else list(texts)
    if options.clean:
        values = [clean_boilerplate(t) for t in values]
    langs = list(languages) if languages is not None else [None] * len(values)
    idx, lengths, raw = _raw_tokens(values)
    keys = _process_keys(langs, options)
    groups: dict[tuple, list[int]] = {}
    for i, key in enumerate(keys):
        groups.setdefault(key, []).append(i)
    strings: list[np.ndarray] = []
    real = idx >= 0
    local = np.full(len(idx), -1, dtype=np.int64)
    if len(groups) == 1:
        norm = _normaliser(next(iter(groups)), options)
        strings.append(np.array([norm(t) for t in raw], dtype=object))
        local[real] = idx[real]
    else:
        doc_of = np.repeat(np.arange(len(values)), lengths)
        base = 0
        for key, members in groups.items():
            mask = np.isin(doc_of, members) & real
            uniq, inverse = np.unique(idx[mask], return_inverse=True)
            norm = _normaliser(key, options)
            strings.append(np.array([norm(raw[u]) for u in uniq], dtype=object))
            local[mask] = inverse + base
            base += len(uniq)
    all_strings = np.concatenate(strings) if strings else np.array([], dtype=object)
    vocab, remap = np.unique(all_strings, return_inverse=True)
    ids = np.where(real, remap[np.maximum(local, 0)] if len(remap) else 0, -1)
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    return Tokens(ids=ids.astype(np.int64), offsets=offsets, vocab=vocab)


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
