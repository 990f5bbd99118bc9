"""The lemmas of a matrix's vocabulary, for patterns that match every form of a word (``lemma:агрессия``).

A document-term matrix counts surface forms (``агрессии``, ``агрессию``, ...), unless it was
built with ``TextOptions(lemmatize=True)``. A lemma pattern finds the forms whose lemma is the
pattern's word: each distinct word of the vocabulary's terms is lemmatised once per language with
:func:`framing.corpus.text.lemmas.lemmatizer` (simplemma and framing's corrections), and
the table ``word → lemma`` is kept for the vocabulary object (:func:`framing._infra.cache.derived`),
so later lemma patterns on the same matrix cost a binary search. Inflected languages gain the
most: Russian, Ukrainian and Serbian/Montenegrin nouns have up to ten distinct forms.

The language of a lemma pattern is its own (a dictionary key such as ``ru`` or ``sr-Latn``, or
``language=`` of the query), else the languages of the matrix's documents
(:func:`document_languages`), else guessed from its letters (:func:`guess_language`).

>>> import numpy as np
>>> vocab = np.array(["агрессией", "агрессии", "агрессия", "война", "войны"], dtype=object)
>>> index = lemma_index(vocab, "ru")
>>> dict(zip(index.words, index.lemmas[index.inverse]))["агрессии"]
'агрессия'
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from framing._infra.cache import derived
from framing.corpus.text.lemmas import lemma_code, lemmatizer
from framing.corpus.text.script import to_latin

_UKRAINIAN = re.compile("[іїєґ]")
_SERBIAN = re.compile("[јљњћђџčćđšž]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")


@dataclasses.dataclass(frozen=True)
class LemmaIndex:
    """The lemmas of the words of a vocabulary's terms (of n-grams too) in one language.

    Attributes:
        words: the distinct words, sorted.
        lemmas: their distinct lemmas, sorted.
        inverse: per entry of ``words``, the index of its lemma in ``lemmas``.
        lemmatize: the lemmatiser used (token → lemma).
    """

    words: np.ndarray
    lemmas: np.ndarray
    inverse: np.ndarray
    lemmatize: Callable[[str], str]


def _build(vocab: np.ndarray, lemmatize: Callable[[str], str]) -> LemmaIndex:
    terms = pa.array(vocab.tolist(), pa.large_string())
    words = np.array(pc.unique(pc.list_flatten(pc.split_pattern(terms, " "))).to_pylist(), dtype=object)
    words.sort()
    lemmas, inverse = np.unique(np.array([lemmatize(w) for w in words], dtype=object), return_inverse=True)
    return LemmaIndex(words=words, lemmas=lemmas.astype(object), inverse=inverse.astype(np.int64),
                      lemmatize=lemmatize)


def lemma_index(vocab: np.ndarray, language: str) -> LemmaIndex | None:
    """The lemmas of the words of ``vocab``'s terms in ``language``, computed once per vocabulary object.

    ``None`` when simplemma has no lemmas for the language.
    """
    lemmatize = lemmatizer(language)
    if lemmatize is None:
        return None
    code = lemma_code(language)
    if code == "hbs":  # simplemma and the corrections know Serbian in Latin script: lemmas of both scripts are Latin
        latin = lemmatize
        lemmatize = lambda token: latin(to_latin(token))  # noqa: E731
    return derived(vocab, ("lemmas", code), lambda: _build(vocab, lemmatize))


def document_languages(docs: pd.DataFrame) -> tuple[str, ...]:
    """The distinct values of the documents' ``language`` column, sorted (``()`` without one)."""
    if "language" not in docs.columns:
        return ()
    return derived(docs, "languages", lambda: tuple(sorted({str(v) for v in docs["language"].dropna() if v})))


def guess_language(text: str) -> str:
    """A language for a word from its letters alone: ``uk`` (і ї є ґ), ``sr`` (ј љ њ ћ ђ џ, č ć đ š ž),
    ``ru`` (other Cyrillic) or ``en``.

    >>> guess_language("війна"), guess_language("agresija"), guess_language("sfera"), guess_language("война")
    ('uk', 'en', 'en', 'ru')
    """
    text = text.casefold()
    if _UKRAINIAN.search(text):
        return "uk"
    if _SERBIAN.search(text):
        return "sr"
    return "ru" if _CYRILLIC.search(text) else "en"
