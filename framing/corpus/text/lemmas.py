"""Lemmas with ``simplemma``, per language, with a small table of corrections for the frame words.

simplemma (Barbaresi 2023) looks a token up in per-language dictionaries learnt from
Wiktionary-like sources. On a hand-written list of the frame words of the ``ukraine``
dictionary in all their cases and numbers (``tests/fixtures/languages/frame_word_forms.tsv``,
measured by ``python -m benchmarks.bench_lemmas``) it maps 99 % of the Russian and Ukrainian
forms to their lemma, but only 86 % of the Serbian/Montenegrin ones: it leaves the case forms
of *sfera* and *denacifikacija* unmapped. :data:`CORRECTIONS_FILE` lists such forms with their
lemma; a token found there gets that lemma, any other simplemma's (:func:`corrections`).

Tokens reach the lemmatiser as the tokeniser folds them — lower case, Serbian-like languages in
Latin script — and the corrections are written in that form.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from importlib import resources

_LEMMA_CODE = {"sr": "hbs", "hr": "hbs", "bs": "hbs", "me": "hbs", "cnr": "hbs", "sh": "hbs"}
CORRECTIONS_FILE = "corrections.tsv"
"""The corrections, in ``framing/data/lemmas``: tab-separated ``language, form, lemma, note``."""


def lemma_code(language: str) -> str:
    """simplemma's code for a language code (``sr``, ``me``, ``bs`` → ``hbs``).

    >>> lemma_code("me"), lemma_code("uk")
    ('hbs', 'uk')
    """
    return _LEMMA_CODE.get(language, language)


@functools.cache
def lemma_version() -> str:
    """What lemmas depend on besides the text: simplemma's version and a SHA-256 of the corrections
    (part of a lemmatised matrix's cache key, so a new table or simplemma rebuilds it)."""
    import hashlib
    from importlib.metadata import version

    table = (resources.files("framing") / "data" / "lemmas" / CORRECTIONS_FILE).read_bytes()
    return f"simplemma {version('simplemma')}; corrections {hashlib.sha256(table).hexdigest()[:16]}"


@functools.cache
def corrections(code: str) -> dict[str, str]:
    """The corrections of one simplemma language code: form → lemma.

    >>> corrections("hbs")["sferama"]
    'sfera'
    """
    text = (resources.files("framing") / "data" / "lemmas" / CORRECTIONS_FILE).read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return {row[1]: row[2] for row in rows[1:] if row[0] == code}


def lemmatizer(language: str, *, corrected: bool = True) -> Callable[[str], str] | None:
    """A function token → lemma for a language, or None when simplemma does not know it.

    With ``corrected`` (the default) the forms of :func:`corrections` get their listed lemma;
    ``corrected=False`` is simplemma alone.

    >>> lemmatizer("en")("invasions"), lemmatizer("sr")("sferi"), lemmatizer("sr", corrected=False)("sferi")
    ('invasion', 'sfera', 'sferi')
    """
    import simplemma
    from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

    code = lemma_code(language)
    if code not in SUPPORTED_LANGUAGES:
        return None
    fixes = corrections(code) if corrected else {}
    lemmatize = simplemma.lemmatize
    return lambda token: fixes.get(token) or lemmatize(token, lang=code)
