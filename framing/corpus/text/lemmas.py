"""Lemmas with ``simplemma``, per language."""

from __future__ import annotations

from collections.abc import Callable

_LEMMA_CODE = {"sr": "hbs", "hr": "hbs", "bs": "hbs", "me": "hbs", "cnr": "hbs", "sh": "hbs"}


def lemmatizer(language: str) -> Callable[[str], str] | None:
    """A function token → lemma for a language, or None when simplemma does not know it.

    >>> lemmatizer("en")("invasions")
    'invasion'
    """
    import simplemma
    from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

    code = _LEMMA_CODE.get(language, language)
    if code not in SUPPORTED_LANGUAGES:
        return None
    return lambda token: simplemma.lemmatize(token, lang=code)
