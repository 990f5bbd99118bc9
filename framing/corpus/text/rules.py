"""What a token is and where a sentence ends: the rules shared by the tokeniser, patterns and KWIC.

Tokens (matched on NFKC-normalised, case-folded text):

- a **word** is letters and digits, and words joined by single inner hyphens or
  apostrophes are one token (``kyiv-based``, ``don't``, Ukrainian ``м'ясо``); the variants
  ’ ʼ ` ´ of the apostrophe and ‐ ‑ of the hyphen are unified first (:data:`UNIFY`);
- an English **possessive** or ``'s`` clitic stays on its word (``russia's``, ``nato's``):
  the matrix keeps the possessive form, and a pattern word also matches its ``'s`` form
  (:func:`framing.dtm.patterns.alternative_forms`), so ``russia`` counts "Russia's" while
  ``russia's`` counts only the possessive. A plural possessive's apostrophe (``states'``)
  is not part of the token: "the States' rights" has the token ``states``;
- an **acronym** written with a dot after each letter is one token with its dots (``u.s.``,
  ``u.k.``, ``e.u.``, ``i.e.``, Russian ``т.е.``); "U.S" without the last dot is two tokens;
- a **number** with thousands separators or decimals is one token as written (``1,000``,
  ``100.000``, ``3.5``, ``2,5``); "1,000" and "1.000" stay two different terms;
- **junk** is not a token: a token longer than :data:`MAX_TOKEN_CHARS` characters (base64
  blobs, hashes, words glued by a broken export) or a run of more than :data:`MAX_DIGITS`
  digits (IDs, phone numbers, timestamps) is dropped, and not counted in the document's
  length; so is every piece of a white-space chunk longer than :data:`MAX_CHUNK_CHARS`
  characters (base64 with its ``+`` and ``/``, minified code, tables glued without spaces).
  The longest words of the project's languages are far shorter (the longest English word
  in ordinary dictionaries has 28 letters; Russian and Serbian words rarely exceed 25), and
  such strings would each become terms of their own.

Sentences end at a white-space chunk ending in ``. ! ? ; : …`` (closing quotes or brackets
may follow), except after an **abbreviation**: an acronym (``U.S.``), a single letter and a
dot (initials "V. Putin", Serbian "g.", Russian "г."), or a word of :data:`ABBREVIATIONS`
(Mr., Mrs., Dr., St., tzv., itd., npr., т.д., ...; "No." and "Art." only capitalised, since
"no." often ends an English sentence). The price: a sentence that really ends with one of
them is joined to the next for n-grams.

>>> ends_sentence("Putin."), ends_sentence("Mr."), ends_sentence("U.S."), ends_sentence("(tzv.")
(True, False, False, False)
>>> ends_sentence("no."), ends_sentence("No.")
(True, False)
"""

from __future__ import annotations

import re

TOKEN_RULES = 3
"""Version of these rules, part of every matrix's cache key: raise it when a change moves any token."""

MAX_TOKEN_CHARS = 40
"""Longest token kept, in characters; longer ones are junk (see the module docstring)."""
MAX_DIGITS = 15
"""Most digits of a token made only of digits and separators; longer ones are junk."""
MAX_CHUNK_CHARS = 100
"""Longest white-space chunk whose tokens are kept; in a longer one every token is junk."""

UNIFY = (("’", "'"), ("ʼ", "'"), ("`", "'"), ("´", "'"), ("\u2010", "-"), ("\u2011", "-"))
"""Apostrophe and hyphen variants replaced by ' and - before tokenising."""

ACRONYM = r"(?:[^\W\d_]\.){2,}"
"""Single letters each followed by a dot: ``u.s.``, ``e.u.``, ``т.е.``."""
NUMBER = r"\d+(?:[.,]\d+)*"
"""Digits with inner thousands separators or decimal marks: ``1,000``, ``100.000``, ``3.5``."""
# A run is a number, letters or combining marks; each matched by a tight loop (faster than
# one character at a time).
RUN = rf"(?:{NUMBER}|[^\W\d_]+|[\u0300-\u036f]+)+"
TOKEN = rf"{ACRONYM}|{RUN}(?:['-]{RUN})*"
"""A token of unified, case-folded text (a Python regular expression)."""

ABBREVIATIONS = (
    # English
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt", "adm",
    "gov", "sen", "rep", "rev", "hon", "amb", "vs", "etc", "approx", "fig",
    # Serbian, Montenegrin, Bosnian (Latin and Cyrillic)
    "gđa", "gđica", "tzv", "itd", "npr", "tj", "br", "sl", "str", "god", "mil", "mlrd", "sv", "ul", "odn",
    "гђа", "гђица", "др", "тзв", "итд", "нпр", "тј", "бр", "сл", "стр", "год", "мил", "млрд", "св", "ул", "одн",
    # Russian
    "гг", "им", "см", "тыс", "млн", "руб", "проф", "акад", "ген", "напр", "т.н", "т.к", "т.п",
    # Ukrainian
    "ім", "вул", "див", "тис", "грн", "рр", "ін", "ст", "т.зв", "напр",
)
"""Words that, followed by a dot, do not end a sentence (matched in any case); single letters
and acronyms need no entry."""
CAPITALISED_ABBREVIATIONS = ("No", "Nos", "Art")
"""Abbreviations that do not end a sentence only when capitalised ("No. 5", but "said no.")."""

SENTENCE_END = re.compile(r"[.!?;:…][\"'’”»)\]]*$")
"""A white-space chunk that ends a sentence, unless it ends in an abbreviation."""
_WORDS = frozenset(w.casefold() for w in ABBREVIATIONS)
_REVERSED_TAIL = re.compile(r"\.((?:[^\W_]|\.)*)")
_LETTERS = re.compile(r"[^\W\d_](?:\.[^\W\d_])*")  # an initial, or an acronym without its last dot


LONG_NUMBER = rf"^[0-9.,]*(?:[0-9][.,]*){{{MAX_DIGITS + 1},}}$"
"""A token of more than :data:`MAX_DIGITS` digits (with separators): junk."""


def is_junk(token: str) -> bool:
    """Whether a token is junk: over :data:`MAX_TOKEN_CHARS` characters or :data:`MAX_DIGITS` digits.

    >>> is_junk("denazification"), is_junk("a" * 41), is_junk("1,000,000"), is_junk("4915112345678901")
    (False, True, False, True)
    """
    return len(token) > MAX_TOKEN_CHARS or re.fullmatch(LONG_NUMBER, token) is not None


_LETTER = r"[\pL\p{Nl}\p{No}]"  # Python's [^\W\d_]
ABBREVIATION_END = (r"(?:^|[^\pL\pN.])(?:(?i:" + "|".join(re.escape(w) for w in sorted(_WORDS)) + ")|"
                    + "|".join(CAPITALISED_ABBREVIATIONS) + rf"|{_LETTER}(?:\.{_LETTER})*)\.$")
""":func:`is_abbreviation` as one RE2 pattern, run by Arrow on all distinct chunks at once."""


def ends_sentence(chunk: str) -> bool:
    """Whether a white-space chunk (as written, any case) ends a sentence; see the module docstring."""
    return SENTENCE_END.search(chunk) is not None and not is_abbreviation(chunk)


def is_abbreviation(chunk: str) -> bool:
    """Whether a white-space chunk ends in an abbreviation and its dot (``"Mr."``, ``"U.S."``, ``"(tzv."``).

    The abbreviation is the run of letters, digits and dots before the last dot, matched on
    the reversed chunk so that only that run is read (this runs on every distinct chunk that
    ends in a dot).
    """
    tail = _REVERSED_TAIL.match(chunk[::-1])
    if tail is None or not tail.group(1):
        return False
    word = tail.group(1)[::-1]
    return (word in CAPITALISED_ABBREVIATIONS or word.casefold() in _WORDS
            or _LETTERS.fullmatch(word) is not None)
