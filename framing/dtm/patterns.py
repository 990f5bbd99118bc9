"""Term patterns: words, globs, phrases and alternatives, matched against a vocabulary.

A pattern is matched against the *normalised* vocabulary of a
:class:`~framing.dtm.DocTermMatrix` (NFKC, case-folded, Serbian-like Cyrillic
transliterated to Latin), never against raw text, so it is case-insensitive and one
pattern finds a term in both scripts. Syntax:

- ``invasion`` — one word; ``invad*`` — ``*`` is any characters inside a word, ``?`` one
  character; a bare ``*`` word is any one word (``sphere * influence``);
- ``special military operation`` — several words are a phrase, i.e. an n-gram term of
  the matrix (n-grams never span a sentence end);
- ``invasion|invade*`` — ``|`` separates alternatives; a pattern counts the *distinct*
  terms its alternatives match (a term matched twice counts once). Do not combine a word
  with a phrase that contains it (``war|war crimes``): their counts add up, so one
  "war crimes" counts twice; such overlapping alternatives get a :class:`FramingWarning`.
- ``lemma:агрессия`` — every surface form whose lemma is that word (агрессия, агрессии,
  агрессию, агрессией, ...), in the pattern's language (a dictionary key, or ``language=``),
  else in the documents' languages (:mod:`framing.dtm.lemmas`). The word may be any of its
  forms (``lemma:агрессии`` is the same pattern) or a glob over lemmas (``lemma:спецопер*``);
  in a phrase every word is matched by its lemma (``lemma:сфера влияния`` finds "сферу
  влияния", "сферы влияния", ...). The prefix belongs to one alternative: ``lemma:война|вторжени*``.

A pattern that matches nothing counts 0 — absent from a corpus is a finding — with a
:class:`FramingWarning` that names near vocabulary entries (``difflib``). A malformed pattern
raises :class:`PatternError`, and so does an alternative without any letter or digit (a bare
``*`` would match every term).

Globs are resolved on the sorted vocabulary: the literal prefix narrows the search to a
slice found by binary search (``np.searchsorted``), and the rest is one regular expression
over that slice, never a loop over documents. It is run by Arrow's RE2 kernel, which
matches in time linear in the length of the terms whatever the pattern: a backtracking
engine (Python's ``re``, ``fnmatch``) takes exponential time on a glob such as
``a*a*a*a*a*a*a*a*a*a*a*a*b`` against a long run of ``a`` — a pattern anyone typing into a
view served by Voilà could send.

Limits: a pattern has at most :data:`MAX_PATTERN_CHARS` characters and
:data:`MAX_ALTERNATIVES` alternatives, and one query at most :data:`MAX_QUERY_ALTERNATIVES`
alternatives in all; longer input is refused with a :class:`PatternError`, and messages
quote only the start of a long pattern (:func:`brief`).

Cyrillic: a pattern whose ``language`` is Serbian-like (``sr``, ``me``, ``bs``, ... or a
frame-dictionary key such as ``sr-Cyrl``), or that uses Serbian-only letters (ј љ њ ћ ђ
џ), matches both its own form and its Latin transliteration; Russian and Ukrainian
patterns match as written.

>>> import numpy as np
>>> vocab = np.array(["invade", "invaded", "invasion", "spheres of influence", "war"], dtype=object)
>>> match_terms(vocab, {"invasion": "invasion|invad*", "spheres": "sphere* of influence"})
    pattern                  term  column
0  invasion                invade       0
1  invasion               invaded       1
2  invasion              invasion       2
3   spheres  spheres of influence       3
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import warnings
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from framing._infra.cache import derived
from framing._infra.errors import FramingWarning, PatternError
from framing.corpus.corpus import Corpus, require_documents
from framing.corpus.text import SERBIAN_LIKE, Tokens, normalize_term, to_latin
from framing.corpus.text.rules import TOKEN, UNIFY
from framing.dtm.lemmas import LemmaIndex, document_languages, guess_language, lemma_index
from framing.dtm.matrix import DocTermMatrix, document_term_matrix
from framing.dtm.phrases import phrase_counts


class PatternSource(Protocol):
    """An object that gives its own patterns, as :class:`framing.terms.FrameDictionary` does."""

    def to_patterns(self) -> Sequence[Pattern]: ...


PatternSpec = str | Sequence[Any] | Mapping[str, Any] | PatternSource
"""What functions accept as ``patterns``: see :func:`compile_patterns`."""

# The tokeniser's apostrophe/hyphen folding and token shape (framing.corpus.text.rules), so that a
# pattern word is checked and normalised as tokens are.
FOLD_PUNCTUATION = str.maketrans(dict(UNIFY))
TOKEN_SHAPE = re.compile(TOKEN)
POSSESSIVE = "'s"
LEMMA_PREFIX = "lemma:"
"""Written before an alternative, it matches every surface form whose lemma is the alternative's word."""
"""The English clitic a pattern word also matches (``russia`` finds ``russia's``)."""
_POSSESSIVE_WORDS = 6  # words of a phrase that get the possessive variant (2**6 lookups at most)
SERBIAN_LETTERS = frozenset("јљњћђџЈЉЊЋЂЏ")
"""Cyrillic letters used by Serbian/Montenegrin but not by Russian or Ukrainian."""
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
MAX_PATTERN_CHARS = 1_000
"""Longest pattern text accepted (the patterns of the shipped dictionary are under 40)."""
MAX_ALTERNATIVES = 200
"""Most ``|`` alternatives of one pattern."""
MAX_QUERY_ALTERNATIVES = 2_000
"""Most alternatives of all patterns of one query: each costs at most one pass over the vocabulary."""
_SUGGEST_FROM = 2_000  # vocabulary entries compared with a pattern that matches nothing
_SUGGEST_CHARS = 100  # longest pattern for which near entries are suggested


def brief(text: str, limit: int = 60) -> str:
    """``text`` quoted for a message; beyond ``limit`` characters, its start and its length.

    >>> brief("invasion"), brief("a" * 100_000, limit=5)
    ("'invasion'", "'aaaaa…' (100,000 characters)")
    """
    return repr(text) if len(text) <= limit else f"{text[:limit] + '…'!r} ({len(text):,} characters)"


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


@dataclasses.dataclass(frozen=True)
class Alternative:
    """One alternative of a pattern: a word, glob or phrase.

    Attributes:
        text: the alternative as written (apostrophes unified).
        language: language code that decides transliteration (``None``: from the letters).
        words: the words of the phrase (one for a single word).
        lemma: match the terms whose lemmas are the words (written ``lemma:`` before the
            alternative; ``text`` and ``words`` are without it).
    """

    text: str
    language: str | None
    words: tuple[str, ...]
    lemma: bool = False


@dataclasses.dataclass(frozen=True)
class Pattern:
    """A named pattern: the terms matching any of its alternatives are counted together.

    A pattern that matches nothing counts 0, with a :class:`FramingWarning` naming near
    vocabulary entries; ``required`` patterns raise :class:`PatternError` instead.
    """

    name: str
    alternatives: tuple[Alternative, ...]
    required: bool = False

    @property
    def max_words(self) -> int:
        """Words in the longest alternative (the n-gram length a matrix needs)."""
        return max(len(a.words) for a in self.alternatives)


def _parse_word(word: str, source: str) -> str:
    if word == "*":
        return word
    if not TOKEN_SHAPE.fullmatch(word.replace("*", "x").replace("?", "x")):
        bad = sorted({c for c in word if not (c.isalnum() or c in "*?'-.,")})
        what = f"the characters {''.join(bad)!r}, which never occur inside a token" if bad else \
            "a hyphen, apostrophe, dot or comma where a token has none"
        raise PatternError(f"pattern {brief(source)}: word {brief(word)} has {what}. Tokens are letters and "
                           "digits joined by inner hyphens or apostrophes, acronyms with their dots "
                           "('u.s.') or numbers with their separators ('1,000'); drop brackets and quotes")
    return word


def parse_alternative(text: str, *, language: str | None = None, source: str | None = None) -> Alternative:
    """Check one alternative (no ``|``) and split it into words; :class:`PatternError` if malformed.

    >>> parse_alternative("lemma:сфера влияния")
    Alternative(text='сфера влияния', language=None, words=('сфера', 'влияния'), lemma=True)
    """
    lemma = text.lstrip().startswith(LEMMA_PREFIX)
    if lemma:
        text = text.lstrip()[len(LEMMA_PREFIX):]
    folded = text.translate(FOLD_PUNCTUATION)
    words = tuple(_parse_word(w, source or text) for w in folded.split())
    if not words:
        raise PatternError(f"pattern {brief(source or text)} has an empty alternative (a '|' at an end "
                           "or two in a row); remove it")
    if not any(w.strip("*?") for w in words):
        raise PatternError(f"pattern {brief(source or text)}: the alternative {brief(' '.join(words))} has no letter "
                           "or digit, so it matches every term; give at least one, e.g. 'invad*' or "
                           "'sphere * influence'")
    return Alternative(text=" ".join(words), language=language, words=words, lemma=lemma)


def parse_pattern(text: str, *, name: str | None = None, language: str | None = None) -> Pattern:
    """One pattern from its text (alternatives separated by ``|``).

    >>> parse_pattern("invasion|invade*").alternatives[1].words
    ('invade*',)
    """
    if not isinstance(text, str):
        raise PatternError(f"a pattern must be a string, got {type(text).__name__} {_clip(repr(text))}")
    if not text.strip():
        raise PatternError("empty pattern: give a word ('invasion'), a glob ('invad*') or a phrase "
                           "('sphere* of influence')")
    if len(text) > MAX_PATTERN_CHARS:
        raise PatternError(f"pattern {brief(text)} is {len(text):,} characters long; at most "
                           f"{MAX_PATTERN_CHARS:,} are accepted: split it into several patterns")
    parts = text.split("|")
    if len(parts) > MAX_ALTERNATIVES:
        raise PatternError(f"pattern {brief(text)} has {len(parts):,} alternatives; at most {MAX_ALTERNATIVES} "
                           "alternatives are accepted: split it into several patterns, or use globs (invad*)")
    alts = tuple(parse_alternative(a, language=language, source=text) for a in parts)
    return Pattern(name=name if name is not None else text.strip(), alternatives=alts)


def _from_value(name: str, value: Any, language: str | None) -> Pattern:
    if isinstance(value, Pattern):
        return dataclasses.replace(value, name=name)
    if isinstance(value, str):
        return parse_pattern(value, name=name, language=language)
    if isinstance(value, Sequence) and value and all(isinstance(v, str) for v in value):
        alts = [a for v in value for a in parse_pattern(v, language=language).alternatives]
        return Pattern(name=name, alternatives=tuple(alts))
    raise PatternError(f"pattern {brief(name)} must be a string or a non-empty list of strings, "
                       f"got {_clip(repr(value))}")


def compile_patterns(patterns: PatternSpec, *, language: str | None = None) -> tuple[Pattern, ...]:
    """Parse and check patterns given in any accepted form.

    Args:
        patterns: a string (one pattern, named by its text); a list of strings (several
            patterns); a dict name → pattern or list of alternatives; a
            :class:`~framing.terms.dictionaries.FrameDictionary` (one pattern per concept);
            or :class:`Pattern` objects.
        language: language of patterns given without one (decides transliteration).

    >>> [p.name for p in compile_patterns({"SMO": "special military operation", "war": "war|wars"})]
    ['SMO', 'war']
    """
    if hasattr(patterns, "to_patterns"):
        out = tuple(patterns.to_patterns())
    elif isinstance(patterns, str):
        out = (parse_pattern(patterns, language=language),)
    elif isinstance(patterns, Pattern):
        out = (patterns,)
    elif isinstance(patterns, Mapping):
        out = tuple(_from_value(str(k), v, language) for k, v in patterns.items())
    elif isinstance(patterns, Sequence):
        out = tuple(p if isinstance(p, Pattern) else parse_pattern(p, language=language) for p in patterns)
    else:
        raise PatternError("patterns must be a string, a list of strings, a dict name -> pattern or a "
                           f"FrameDictionary, got {type(patterns).__name__}")
    if not out:
        raise PatternError("no patterns given: pass at least one, e.g. 'invasion'")
    total = sum(len(p.alternatives) for p in out)
    if total > MAX_QUERY_ALTERNATIVES:
        raise PatternError(f"the {len(out):,} patterns have {total:,} alternatives in all; at most "
                           f"{MAX_QUERY_ALTERNATIVES:,} are accepted in one query: ask for fewer at a time")
    names = [p.name for p in out]
    dups = sorted({n for n in names if names.count(n) > 1})
    if dups:
        raise PatternError(f"pattern names must be unique; repeated: {[_clip(n) for n in dups[:5]]}")
    return out


# --- matching against a vocabulary -------------------------------------------------------------
def possessive_forms(form: str) -> list[str]:
    """``form`` and its variants with English possessives (``'s``) on its words.

    A word already ending in ``'s``, a bare ``*`` and a word ending in ``*`` (which matches
    ``'s`` anyway) get no variant; a phrase gets them on its first six words.

    >>> possessive_forms("russia"), possessive_forms("russia's"), len(possessive_forms("nato expansion"))
    (['russia', "russia's"], ["russia's"], 4)
    """
    forms = [""]
    for i, word in enumerate(form.split(" ")):
        plain = word.endswith(("*", POSSESSIVE)) or i >= _POSSESSIVE_WORDS
        ends = [word] if plain else [word, word + POSSESSIVE]
        forms = [f"{f} {e}" if f else e for f in forms for e in ends]
    return forms


def alternative_forms(alt: Alternative, transliterate: str) -> list[str]:
    """The normalised forms of an alternative to look up, given the matrix's transliteration.

    An alternative without a language or in English (``en``) also matches the possessive of
    each word (:func:`possessive_forms`): ``russia`` counts "Russia's" and "Russia’s", while
    ``russia's`` counts only the possessive.
    """
    text = alt.text
    base = (alt.language or "").split("-")[0].lower() or None
    if transliterate == "always":
        forms = [normalize_term(text, language=base or "sr", transliterate="always")]
    else:
        forms = [normalize_term(text, transliterate="never")]
        serbian = base in SERBIAN_LIKE or (base is None and any(c in SERBIAN_LETTERS for c in text))
        if transliterate == "auto" and serbian:
            forms.append(normalize_term(text, language=base or "sr", transliterate="always"))
    if base in (None, "en"):
        forms = [variant for form in forms for variant in possessive_forms(form)]
    return list(dict.fromkeys(forms))


def _glob_regex(form: str) -> str:
    parts = []
    for word in form.split(" "):
        if word == "*":
            parts.append("[^ ]+")
        else:
            parts.append("".join("[^ ]*" if c == "*" else "[^ ]" if c == "?" else re.escape(c) for c in word))
    return "^" + " ".join(parts) + "$"


def arrow_vocab(vocab: np.ndarray) -> pa.Array:
    """The vocabulary as an Arrow array, built once per vocabulary object."""
    return derived(vocab, "arrow", lambda: pa.array(vocab.tolist(), pa.large_string()))


def match_form(vocab: np.ndarray, form: str) -> np.ndarray:
    """Columns of the sorted ``vocab`` matching one normalised form (a word, glob or phrase).

    A glob is matched by RE2 (Arrow), in time linear in the slice's characters: never by a
    backtracking engine, whose time a glob such as ``a*a*a*…b`` makes exponential.
    """
    cut = min((i for i in (form.find("*"), form.find("?")) if i >= 0), default=-1)
    prefix = form if cut < 0 else form[:cut]
    lo = int(np.searchsorted(vocab, prefix, side="left"))
    if cut < 0:
        return np.array([lo] if lo < len(vocab) and vocab[lo] == form else [], dtype=np.int64)
    hi = int(np.searchsorted(vocab, prefix + "\U0010ffff", side="left")) if prefix else len(vocab)
    if hi <= lo:
        return np.zeros(0, dtype=np.int64)
    hits = pc.match_substring_regex(arrow_vocab(vocab)[lo:hi], _glob_regex(form))
    return (np.flatnonzero(hits.to_numpy(zero_copy_only=False)) + lo).astype(np.int64)


def _lemma_words(word: str, index: LemmaIndex) -> np.ndarray:
    """The words whose lemma is ``word``, is the lemma of ``word``, or matches the glob ``word``."""
    if "*" in word or "?" in word:
        ids = match_form(index.lemmas, word)
    else:
        ids = np.concatenate([match_form(index.lemmas, t) for t in dict.fromkeys((word, index.lemmatize(word)))])
    return index.words[np.isin(index.inverse, ids)]


def lemma_columns(vocab: np.ndarray, form: str, language: str) -> np.ndarray:
    """Columns of the sorted ``vocab`` whose words have the lemmas of ``form``'s words in ``language``.

    A phrase's terms are found from its first word's forms (a binary search each), then
    checked word by word; a bare ``*`` stands for any word, but not first.

    >>> vocab = np.array(["сфера", "сферу влияния", "сферу интересов", "сферы влияния"], dtype=object)
    >>> vocab[lemma_columns(vocab, "сфера влияния", "ru")].tolist()
    ['сферу влияния', 'сферы влияния']
    """
    index = lemma_index(vocab, language)
    words = form.split(" ")
    if index is None:
        return np.zeros(0, dtype=np.int64)
    if words[0] == "*":
        raise PatternError(f"the lemma phrase {brief(form)} starts with '*': start it with a word")
    heads = _lemma_words(words[0], index)
    if len(words) == 1:
        at = np.searchsorted(vocab, heads)
        return np.sort(at[(at < len(vocab)) & (vocab[at.clip(0, len(vocab) - 1)] == heads)]).astype(np.int64)
    later = [None if w == "*" else frozenset(_lemma_words(w, index).tolist()) for w in words[1:]]
    found = []
    for head in heads:
        lo = int(np.searchsorted(vocab, head + " ", side="left"))
        hi = int(np.searchsorted(vocab, head + " \U0010ffff", side="left"))
        for j in range(lo, hi):
            rest = vocab[j].split(" ")[1:]
            if len(rest) == len(later) and all(ok is None or w in ok for w, ok in zip(rest, later)):
                found.append(j)
    return np.array(sorted(found), dtype=np.int64)


def alternative_columns(vocab: np.ndarray, alt: Alternative, transliterate: str = "auto",
                        languages: Sequence[str] = ()) -> np.ndarray:
    """Columns of the sorted ``vocab`` matched by one alternative (unsorted, possibly repeated).

    A lemma alternative (``lemma:``) is matched in its own language, else in each of
    ``languages`` (the documents'), else in the one its letters suggest
    (:func:`framing.dtm.lemmas.guess_language`).
    """
    forms = alternative_forms(alt, transliterate)
    if not alt.lemma:
        return np.concatenate([match_form(vocab, form) for form in forms])
    return np.concatenate([lemma_columns(vocab, form, lang) for form in forms for lang in lemma_languages(alt, languages)])


def lemma_languages(alt: Alternative, languages: Sequence[str] = ()) -> list[str]:
    """The languages a lemma alternative is lemmatised in: its own, else ``languages``, else its letters' guess.

    >>> lemma_languages(parse_alternative("lemma:війна")), lemma_languages(parse_alternative("lemma:rat"), ["me"])
    (['uk'], ['me'])
    """
    base = (alt.language or "").split("-")[0].lower()
    return [base] if base else list(languages) or [guess_language(alt.text)]


def _near(vocab: np.ndarray, form: str, n: int = 5) -> list[str]:
    """Vocabulary entries that look like ``form`` (same first letter and number of words).

    difflib's cost grows with the product of the lengths: a form longer than 100 characters
    gets no suggestions, and at most the 2,000 entries sorted nearest it are compared.
    """
    literal = form.replace("*", "").replace("?", "")
    if not literal.strip() or len(literal) > _SUGGEST_CHARS:
        return []
    head = literal.lstrip()[:2] if len(vocab) > 200_000 else literal.lstrip()[:1]
    lo = int(np.searchsorted(vocab, head, side="left"))
    hi = int(np.searchsorted(vocab, head + "\U0010ffff", side="left"))
    if hi - lo > _SUGGEST_FROM:  # compare the entries sorted nearest the form only
        at = int(np.searchsorted(vocab, literal, side="left"))
        lo, hi = max(lo, at - _SUGGEST_FROM // 2), min(hi, at + _SUGGEST_FROM // 2)
    words = form.count(" ")
    cands = [t for t in vocab[lo:hi] if t.count(" ") == words]
    return difflib.get_close_matches(literal, cands, n=n, cutoff=0.6)


def _no_match(pattern: Pattern, vocab: np.ndarray, transliterate: str) -> PatternError:
    vocab = derived(vocab, "suggestions", lambda: vocab)  # a narrowed vocabulary names its whole one
    near: list[str] = []
    hint = ""
    for alt in pattern.alternatives:
        for form in alternative_forms(alt, transliterate):
            near += _near(vocab, form)
            latin = to_latin(form)
            if _CYRILLIC.search(form) and latin != form and len(match_form(vocab, latin)):
                hint = (f" The corpus has {latin!r} in Latin script: pass language='sr' for Serbian "
                        "patterns, or write them in Latin.")
    seen = ", ".join(repr(t) for t in dict.fromkeys(near))
    did = f" Did you mean {seen}?" if seen else " No vocabulary entry looks similar."
    return PatternError(f"pattern {brief(pattern.name)} matches no term in the vocabulary "
                        f"({len(vocab):,} terms).{did}{hint}")


def overlapping_terms(terms: Sequence[str]) -> list[tuple[str, str]]:
    """Pairs ``(shorter, longer)`` of ``terms`` where the shorter is a run of the longer's words.

    Counting both counts every occurrence of the longer term twice.

    >>> overlapping_terms(["war", "war crimes", "crimes against humanity", "peace"])
    [('war', 'war crimes')]
    """
    have = set(terms)
    pairs = []
    for term in terms:
        words = term.split(" ")
        runs = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)} - {term}
        pairs += [(run, term) for run in sorted(runs & have)]
    return pairs


def _warn_overlaps(pattern: Pattern, vocab: np.ndarray, found: np.ndarray) -> None:
    terms = vocab[found].tolist()
    pairs = overlapping_terms(terms) if any(" " in t for t in terms) else []
    if pairs:
        shown = ", ".join(f"{short!r} in {long!r}" for short, long in pairs[:3]) + (" …" if len(pairs) > 3 else "")
        warnings.warn(f"pattern {brief(pattern.name)}: alternatives overlap ({shown}), so each occurrence of the "
                      "longer term also counts for the shorter one and is counted twice; drop the shorter "
                      "alternative, or make the phrase a pattern of its own", FramingWarning, stacklevel=4)


def pattern_columns(vocab: np.ndarray, pattern: Pattern, *, transliterate: str = "auto",
                    languages: Sequence[str] = ()) -> np.ndarray:
    """Sorted distinct columns of ``vocab`` matched by any alternative of ``pattern``.

    ``languages`` (the documents', :func:`framing.dtm.lemmas.document_languages`) are those
    of lemma alternatives without a language of their own.

    Warns (:class:`FramingWarning`) when nothing matches, naming near vocabulary entries
    (a ``required`` pattern raises :class:`PatternError` instead), and when one matched term
    is part of another (``war|war crimes``), whose occurrences would be counted twice.
    """
    found = derived(vocab, ("columns", pattern.alternatives, transliterate, tuple(languages)), lambda: np.unique(
        np.concatenate([alternative_columns(vocab, alt, transliterate, languages) for alt in pattern.alternatives])))
    if not len(found):
        error = _no_match(pattern, vocab, transliterate)
        if pattern.required:
            raise error
        warnings.warn(f"{error} It counts 0.", FramingWarning, stacklevel=3)
    elif len(pattern.alternatives) > 1:
        _warn_overlaps(pattern, vocab, found)
    return found.astype(np.int64)


# --- a matrix for the patterns -----------------------------------------------------------------
NGRAM_MIN_DF = 2
"""Documents an n-gram of two or more words must occur in to be a column of :func:`corpus_matrix`."""


def corpus_matrix(corpus: Corpus, ngrams: int) -> DocTermMatrix:
    """The corpus's matrix (no stopwords, ``min_df=1``; n-grams of two or more words in at least
    :data:`NGRAM_MIN_DF` documents), kept in memory for the corpus object.

    A corpus never changes, so repeated queries reuse one matrix (and what is derived from
    it) instead of reloading the disk cache. Patterns use the unigram matrix: their phrases are
    counted from its token stream, wherever they occur.
    """
    return derived(corpus, ("dtm", ngrams), lambda: document_term_matrix(
        corpus, ngrams=ngrams, ngram_min_df=NGRAM_MIN_DF if ngrams > 1 else 1))


def resolve(data: Corpus | DocTermMatrix, patterns: PatternSpec, *, language: str | None = None
            ) -> tuple[DocTermMatrix, tuple[Pattern, ...]]:
    """The matrix to count in and the compiled patterns.

    A :class:`~framing.corpus.Corpus` gets its (cached) unigram matrix with its token stream;
    a :class:`DocTermMatrix` is used as it is. Phrases longer than the matrix's n-grams are
    counted from the token stream, and the matrix returned is then narrowed to the terms the
    patterns match (:func:`with_phrases`). Either must have documents (a
    :class:`~framing._infra.errors.CorpusError` says so).
    """
    compiled = compile_patterns(patterns, language=language)
    need = max(p.max_words for p in compiled)
    if isinstance(data, Corpus):
        require_documents(len(data))
        data = corpus_matrix(data, 1)
    elif not isinstance(data, DocTermMatrix):
        raise PatternError(f"data must be a Corpus or a DocTermMatrix, got {type(data).__name__}")
    require_documents(data.shape[0])
    if data.options.ngrams < need:
        return with_phrases(data, compiled), compiled
    return data, compiled


def _matrix_columns(dtm: DocTermMatrix, patterns: Sequence[Pattern], languages: Sequence[str]) -> np.ndarray:
    """Columns of the matrix matched by alternatives it holds as terms (no longer than its n-grams)."""
    translit = dtm.options.text.transliterate
    found = [alternative_columns(dtm.vocab, alt, translit, languages) for p in patterns for alt in p.alternatives
             if len(alt.words) <= dtm.options.ngrams]
    return np.unique(np.concatenate([np.zeros(0, np.int64), *found]))


def _stream_counts(tokens: Tokens, form: str, lemma: str | None = None) -> tuple[np.ndarray, sp.csr_matrix]:
    """The n-grams matching one normalised phrase form in a token stream, and their counts; kept per stream.

    With ``lemma`` (a language), the form's words are lemmas (a ``lemma:`` alternative, :func:`lemma_columns`).
    """
    def ids(word: str) -> np.ndarray | None:
        if word == "*":
            return None
        return match_form(tokens.vocab, word) if lemma is None else lemma_columns(tokens.vocab, word, lemma)

    return derived(tokens.ids, ("phrase", form, lemma), lambda: phrase_counts(tokens, [ids(w) for w in form.split(" ")]))


def _phrase_columns(dtm: DocTermMatrix, tokens: Tokens, patterns: Sequence[Pattern], languages: Sequence[str]
                    ) -> tuple[np.ndarray, sp.csr_matrix]:
    """The terms and counts of the alternatives longer than the matrix's n-grams, from its ``tokens``."""
    translit = dtm.options.text.transliterate
    forms = dict.fromkeys((form, lang) for p in patterns for alt in p.alternatives if len(alt.words) > dtm.options.ngrams
                          for form in alternative_forms(alt, translit)
                          for lang in (lemma_languages(alt, languages) if alt.lemma else [None]))
    parts = [_stream_counts(tokens, form, lang) for form, lang in forms]
    terms = np.concatenate([np.zeros(0, dtype=object), *(t for t, _ in parts)])
    counts = sp.hstack([c for _, c in parts], format="csr") if parts else sp.csr_matrix((dtm.shape[0], 0))
    terms, first = np.unique(terms, return_index=True)  # forms may overlap (a glob and a word)
    return terms.astype(object), counts[:, first].tocsr()


def with_phrases(dtm: DocTermMatrix, patterns: Sequence[Pattern], *, languages: Sequence[str] | None = None
                 ) -> DocTermMatrix:
    """``dtm`` narrowed to the terms ``patterns`` match (as :func:`narrow`), phrases longer than its
    n-grams counted from its token stream (:func:`framing.dtm.phrases.phrase_counts`).

    The result has the same documents, lengths and metadata, so rates, comparisons and KWIC
    computed from it equal those from a full n-gram matrix; it is made once per matrix and
    set of patterns. Phrases counted from the stream ignore the matrix's stopwords and
    ``min_df``/``max_df``: a phrase pattern is counted wherever it occurs. ``languages`` are those
    of ``lemma:`` alternatives without one (default: the documents', :func:`document_languages`); a
    block of a distributed matrix passes those of the whole corpus, so that it matches as the whole does.

    >>> import framing as fr
    >>> c = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b"], "date": ["2022-03-01"] * 2,
    ...     "text": ["The special military operation. Special. Military operation.", "A special operation."]}))
    >>> narrowed = with_phrases(fr.document_term_matrix(c, cache=False),
    ...                         compile_patterns(["special * operation", "military operation"]))
    >>> narrowed.vocab.tolist(), narrowed.matrix.toarray().tolist()
    (['military operation', 'special military operation'], [[2, 1], [0, 0]])

    Raises:
        PatternError: the matrix kept no token stream and a phrase is longer than its n-grams.
    """
    need = max(p.max_words for p in patterns)
    if dtm.tokens is None:
        longest = next(p.name for p in patterns if p.max_words == need)
        raise PatternError(f"pattern {brief(longest)} has a {need}-word phrase but the matrix counts n-grams up "
                           f"to {dtm.options.ngrams} and kept no token stream; build it with "
                           f"document_term_matrix(corpus, tokens=True) (the default) or pass the Corpus")
    langs = tuple(document_languages(dtm.docs) if languages is None else languages)
    key = ("with_phrases", tuple(alt for p in patterns for alt in p.alternatives), langs)
    tokens = dtm.tokens
    return derived(dtm.matrix, key, lambda: _narrowed(dtm, tokens, patterns, need, langs))


def _narrowed(dtm: DocTermMatrix, tokens: Tokens, patterns: Sequence[Pattern], need: int,
              languages: Sequence[str]) -> DocTermMatrix:
    cols = _matrix_columns(dtm, patterns, languages)
    phrases, phrase_counts_ = _phrase_columns(dtm, tokens, patterns, languages)
    held = column_major(dtm.matrix)[:, cols].tocsr() if len(cols) else sp.csr_matrix((dtm.shape[0], 0), dtype=np.int64)
    terms = pa.concat_arrays([pa.array(list(dtm.vocab[cols]), pa.large_string()),
                              pa.array(list(phrases), pa.large_string())])
    order = pc.array_sort_indices(terms).to_numpy()
    matrix = sp.hstack([held, phrase_counts_], format="csc")[:, order].tocsr()
    matrix.sort_indices()
    vocab = terms.take(pa.array(order)).to_numpy(zero_copy_only=False).astype(object)
    derived(vocab, "suggestions", lambda: dtm.vocab)  # a pattern that matches nothing is compared with all terms
    return dataclasses.replace(dtm, matrix=sp.csr_matrix(matrix, dtype=np.int64), vocab=vocab,
                               options=dataclasses.replace(dtm.options, ngrams=max(need, dtm.options.ngrams)))


def column_major(matrix: sp.csr_matrix) -> sp.csc_matrix:
    """A column-major copy of a matrix, made once per matrix object (column slices are then cheap)."""
    return derived(matrix, "csc", matrix.tocsc)


def pattern_matrix(dtm: DocTermMatrix, patterns: PatternSpec) -> tuple[list[str], sp.csc_matrix]:
    """Per document and pattern, the summed counts of the matched terms, as a sparse matrix.

    Returns ``(names, counts)`` with ``counts`` a documents × patterns CSC matrix (int64,
    no explicit zeros). Only the matched columns are read, from a cached column-major copy
    of the matrix: nothing is re-tokenised, and the cost follows the matches, not the corpus.
    Phrases longer than the matrix's n-grams are counted from its token stream (:func:`resolve`).
    """
    dtm, compiled = resolve(dtm, patterns)
    csc = column_major(dtm.matrix)
    data, rows, indptr = [], [], [0]
    for pattern in compiled:
        sub = csc[:, pattern_columns(dtm.vocab, pattern, transliterate=dtm.options.text.transliterate,
                                     languages=document_languages(dtm.docs))]
        # one entry per document, rows in order, without sorting the matched entries
        per_doc = np.bincount(sub.indices, weights=sub.data, minlength=dtm.shape[0])
        hit = np.flatnonzero(per_doc)
        data.append(per_doc[hit].astype(np.int64))
        rows.append(hit)
        indptr.append(indptr[-1] + len(hit))
    counts = sp.csc_matrix((np.concatenate(data), np.concatenate(rows), indptr), shape=(dtm.shape[0], len(compiled)))
    return [p.name for p in compiled], counts


def count_matrix(dtm: DocTermMatrix, patterns: PatternSpec) -> tuple[list[str], np.ndarray]:
    """:func:`pattern_matrix` as a dense documents × patterns float array."""
    names, counts = pattern_matrix(dtm, patterns)
    return names, counts.toarray().astype(float)


def match_terms(data: Corpus | DocTermMatrix | np.ndarray, patterns: PatternSpec, *,
                language: str | None = None) -> pd.DataFrame:
    """The vocabulary terms each pattern matches: columns ``pattern``, ``term``, ``column``.

    ``data`` is a corpus, a matrix, or a sorted vocabulary array; ``column`` indexes its
    vocabulary. Raises :class:`PatternError` for a malformed pattern; one that matches nothing
    has no rows (and a :class:`FramingWarning`).
    """
    if isinstance(data, np.ndarray):
        vocab, translit, compiled = data, "auto", compile_patterns(patterns, language=language)
    else:
        dtm, compiled = resolve(data, patterns, language=language)
        vocab, translit = dtm.vocab, dtm.options.text.transliterate
    languages = () if isinstance(data, np.ndarray) else document_languages(dtm.docs)
    rows = []
    for pattern in compiled:
        cols = pattern_columns(vocab, pattern, transliterate=translit, languages=languages)
        rows.append(pd.DataFrame({"pattern": pattern.name, "term": vocab[cols].astype(object), "column": cols}))
    return pd.concat(rows, ignore_index=True)


def narrow(dtm: DocTermMatrix, patterns: PatternSpec) -> DocTermMatrix:
    """``dtm`` restricted to the columns that ``patterns`` match: same documents, same token counts.

    Counts, rates and KWIC hits of these patterns computed from it equal those from
    ``dtm``, since every term a pattern can match is kept and the documents' lengths
    (``doc_lengths``, all tokens) are unchanged; later queries then read a few columns,
    not the vocabulary. A pattern that matches nothing adds no column (and a :class:`FramingWarning`).

    >>> import framing as fr
    >>> c = fr.from_dataframe(pd.DataFrame({"outlet": ["a"], "date": ["2022-03-01"],
    ...     "text": ["They invaded; the invasion went on."]}))
    >>> small = narrow(fr.document_term_matrix(c, cache=False), "invad*|invasion")
    >>> small.vocab.tolist(), small.doc_lengths.tolist()
    (['invaded', 'invasion'], [6])
    """
    resolved, compiled = resolve(dtm, patterns)
    columns = np.unique(match_terms(resolved, compiled)["column"].to_numpy())
    return dataclasses.replace(resolved, matrix=resolved.matrix[:, columns].tocsr(), vocab=resolved.vocab[columns])


def pattern_counts(dtm: DocTermMatrix, patterns: PatternSpec) -> pd.DataFrame:
    """Counts per document and pattern, long: ``doc_id``, ``pattern``, ``count`` (non-zero rows only)."""
    names, counts = count_matrix(dtm, patterns)
    doc, j = np.nonzero(counts)
    return pd.DataFrame({"doc_id": dtm.docs["doc_id"].to_numpy()[doc],
                         "pattern": np.asarray(names, dtype=object)[j],
                         "count": counts[doc, j].astype(np.int64)})
