"""Normalising tokens and terms: NFKC, case folding and transliteration."""

from __future__ import annotations

import unicodedata

from framing.corpus.text.options import SERBIAN_LIKE, Transliterate
from framing.corpus.text.script import to_latin


def fold(token: str, language: str | None, transliterate: Transliterate = "auto") -> str:
    """One token NFKC-normalised, case-folded and, for Serbian-like languages, in Latin script.

    >>> fold("Агресија", "sr"), fold("NATO", None)
    ('agresija', 'nato')
    """
    token = unicodedata.normalize("NFKC", token).casefold()
    if transliterate == "always" or (transliterate == "auto" and language in SERBIAN_LIKE):
        token = to_latin(token, language=language or "sr")
    return token



def normalize_term(term: str, *, language: str | None = None,
                   transliterate: Transliterate = "auto") -> str:
    """A user's term normalised like tokens (NFKC, case fold, transliteration).

    Patterns are matched against the vocabulary in this form, so "Агресија" and
    "agresija" are the same term when ``language`` is Serbian-like.
    """
    return " ".join(fold(t, language, transliterate) for t in term.split())
