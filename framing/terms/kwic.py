"""Keyword in context (KWIC): concordance lines on the original text.

:func:`kwic` finds where a pattern occurs and shows it as published — case, punctuation
and script untouched — with the words before and after it. Matching uses the same
normalised terms as the document-term matrix (case-folded, Serbian Cyrillic
transliterated), so "Агресија" is found by ``agresij*`` and shown in Cyrillic; a phrase
is found across a line break but, as in the matrix, never across a sentence end. Only
documents that the (cached) matrix says contain the pattern are read.

>>> import framing as fr, pandas as pd
>>> c = fr.from_dataframe(pd.DataFrame({"outlet": ["a"], "date": ["2022-03-01"],
...     "text": ["Moscow calls it a Special Military\\nOperation, not a war."]}))
>>> kwic(c, "special military operation", window=3)[["left", "match", "right"]]
         left                       match        right
0  calls it a  Special Military Operation  , not a war
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from framing._infra.errors import ArgumentError
from framing.corpus.corpus import Corpus
from framing.corpus.text import Transliterate, normalize_term
from framing.corpus.text.rules import ACRONYM, RUN, ends_sentence
from framing.dtm.lemmas import document_languages
from framing.dtm.patterns import FOLD_PUNCTUATION, PatternSpec, count_matrix, pattern_columns, resolve

SORTS = (None, "left", "right", "match")
"""Accepted ``sort`` values of :func:`kwic`."""

# Tokens as the tokeniser sees them (framing.corpus.text.rules), but on the raw text (so
# offsets are the published text's): acronyms, and words and numbers joined by inner hyphens
# or apostrophes of any variant.
_RAW_TOKEN = re.compile(rf"({ACRONYM}|{RUN}(?:['’ʼ`´\-\u2010\u2011]{RUN})*)")
_SPACE = re.compile(r"\s")


@lru_cache(maxsize=200_000)
def _norm(token: str, language: str | None, transliterate: Transliterate) -> str:
    return normalize_term(token.translate(FOLD_PUNCTUATION), language=language, transliterate=transliterate)


def _sentence_ends(token: str, gap: str) -> bool:
    """Whether a sentence ends in the text between a token and the next, as the tokeniser decides:
    the white-space chunk holding the token ends one (:func:`framing.corpus.text.rules.ends_sentence`)."""
    ws = _SPACE.search(gap)
    return ws is not None and ends_sentence(token + gap[:ws.start()])


def _flat(text: str) -> str:
    return " ".join(text.split())


Wanted = list[tuple[str, dict[int, set[str]]]]


def _doc_lines(text: str, language: str | None, patterns: Wanted, window: int, transliterate: str) -> list[tuple]:
    """Lines of one document: (pattern, left, match, right, term, start, end, left key, right key)."""
    # split() with a capturing group alternates gap, token, gap, ..., gap: all in C
    pieces = _RAW_TOKEN.split(text.replace("_", " "))
    raw, gaps = pieces[1::2], pieces[2::2]
    bounds = np.cumsum([0, *map(len, pieces)])
    starts, ends = bounds[1:-1:2], bounds[2::2]
    # ASCII tokens only need lower-casing and the backtick as apostrophe (NFKC, case folding and
    # transliteration leave them be)
    norm = {t: t.lower().replace("`", "'") if t.isascii() else _norm(t, language, transliterate) for t in set(raw)}
    words = list(map(norm.__getitem__, raw))
    lines = []
    for name, terms in patterns:
        firsts = {t.split(" ")[0] for wanted in terms.values() for t in wanted}
        for i in np.flatnonzero(np.fromiter(map(firsts.__contains__, words), bool, len(words))).tolist():
            for k, wanted in terms.items():
                term = " ".join(words[i:i + k])
                if term not in wanted or any(_sentence_ends(raw[j], gaps[j]) for j in range(i, i + k - 1)):
                    continue
                j = i + k
                lo, hi = max(0, i - window), min(len(words), j + window)
                s, e = int(starts[i]), int(ends[j - 1])
                lines.append((name, _flat(text[starts[lo]:s]), _flat(text[s:e]), _flat(text[e:ends[hi - 1]]),
                              term, s, e, " ".join(reversed(words[lo:i])), " ".join(words[j:hi])))
    return lines


def _sample(lines: pd.DataFrame, n: int | None, by: str | Sequence[str] | None, seed: int) -> pd.DataFrame:
    if n is None:
        return lines
    if n < 1:
        raise ArgumentError(f"n must be a positive number of lines, got {n!r}")
    rng = np.random.default_rng(seed)
    keys = [by] if isinstance(by, str) else list(by or [])
    groups = lines.groupby(keys, sort=True).indices.values() if keys else [np.arange(len(lines))]
    keep = [np.sort(rng.choice(idx, n, replace=False)) if len(idx) > n else idx for idx in groups]
    return lines.iloc[np.sort(np.concatenate(keep))] if keep else lines


def kwic(corpus: Corpus, pattern: PatternSpec, *, window: int = 10, n: int | None = None,
         by: str | Sequence[str] | None = None, seed: int = 1, sort: str | None = None) -> pd.DataFrame:
    """Concordance lines of a pattern, on the original text.

    Args:
        corpus: the documents (the text is needed, so not a matrix).
        pattern: anything :func:`framing.dtm.patterns.compile_patterns` accepts; each line
            says which pattern it matched.
        window: words shown on each side.
        n: keep ``n`` lines per ``by`` group (or overall), sampled with ``seed``.
        by: column(s) for per-group sampling, e.g. ``"outlet"``.
        sort: ``None`` (date, document, position), ``"left"`` (by the nearest word to
            the left, then the next, ...), ``"right"`` (by the words to the right) or
            ``"match"`` (by the matched term).

    Returns:
        Columns ``doc_id``, ``outlet``, ``date``, ``pattern``, ``left``, ``match``,
        ``right`` (as published; runs of white space shown as one space), ``term`` (the
        normalised term matched), ``start`` and ``end`` (character offsets of the match).
    """
    check_options(sort=sort, window=window)
    if not isinstance(corpus, Corpus):
        raise ArgumentError("kwic needs the texts: pass a Corpus, not a matrix")
    dtm, compiled = resolve(corpus, pattern)
    translit = dtm.options.text.transliterate
    languages = document_languages(dtm.docs)
    wanted = wanted_terms([(p.name, dtm.vocab[pattern_columns(dtm.vocab, p, transliterate=translit, languages=languages)])
                           for p in compiled])
    _, counts = count_matrix(dtm, compiled)
    lines = document_lines(corpus.df, np.flatnonzero(counts.sum(axis=1) > 0), wanted, window, translit)
    return arrange(lines, n=n, by=by, seed=seed, sort=sort)


def check_options(*, sort: str | None, window: int) -> None:
    """The :class:`~framing._infra.errors.ArgumentError` of :func:`kwic` for an unusable ``sort`` or ``window``."""
    if sort not in SORTS:
        raise ArgumentError(f"sort must be one of {SORTS}, got {sort!r}")
    if not isinstance(window, (int, np.integer)) or window < 0:
        raise ArgumentError(f"window must be a whole number of words ≥ 0, got {window!r}")


def wanted_terms(matched: Sequence[tuple[str, np.ndarray]]) -> Wanted:
    """Each pattern's name and the terms it matches (``(name, terms)`` pairs), by their number of words."""
    wanted = []
    for name, found in matched:
        terms: dict[int, set[str]] = {}
        for t in found:
            terms.setdefault(t.count(" ") + 1, set()).add(t)
        wanted.append((name, terms))
    return wanted


def document_lines(docs: pd.DataFrame, rows: np.ndarray, wanted: Wanted, window: int, transliterate: str
                   ) -> pd.DataFrame:
    """The lines of the documents ``rows`` of ``docs`` (a corpus's table), with their metadata, in document order."""
    langs = docs["language"] if "language" in docs else pd.Series([None] * len(docs))
    lines = []
    for d in rows:
        value = langs.iat[d]
        lang = value if isinstance(value, str) and value else None
        lines += [(d, *line) for line in _doc_lines(str(docs["text"].iat[d]), lang, wanted, window, transliterate)]
    cols = ["row", "pattern", "left", "match", "right", "term", "start", "end", "_left", "_right"]
    table = pd.DataFrame(lines, columns=cols)
    meta = docs.drop(columns=["text"]).iloc[table["row"]].reset_index(drop=True)
    return pd.concat([meta, table.drop(columns="row")], axis=1)


def arrange(lines: pd.DataFrame, *, n: int | None, by: str | Sequence[str] | None, seed: int, sort: str | None
            ) -> pd.DataFrame:
    """Lines (of :func:`document_lines`, in corpus order) in date, document and position order, sampled
    (``n`` per ``by`` group with ``seed``) and sorted as :func:`kwic` says; its columns only."""
    lines = lines.sort_values(["date", "doc_id", "start"], kind="stable")
    lines = _sample(lines, n, by, seed)
    if sort is not None:
        key = {"left": "_left", "right": "_right", "match": "term"}[sort]
        lines = lines.sort_values(key, kind="stable")
    out = ["doc_id", "outlet", "date", "pattern", "left", "match", "right", "term", "start", "end"]
    return lines[out].reset_index(drop=True)
