"""Stopword lists per language (``stopwordsiso``), normalised like tokens."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from framing.corpus.text.normalise import fold

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
    return frozenset(fold(w, language) for w in words)



def stopword_set(languages: Iterable[str | None]) -> frozenset[str]:
    """Union of :func:`stopwords` for the given languages (``None`` counts as English)."""
    out: set[str] = set()
    for lang in set(languages):
        out |= stopwords(lang if isinstance(lang, str) and lang else "en")
    return frozenset(out)
