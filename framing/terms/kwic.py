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
from framing.dtm.matrix import DocTermMatrix
from framing.dtm.patterns import FOLD_PUNCTUATION, Pattern, PatternSpec, count_matrix, pattern_columns, resolve

SORTS = (None, "left", "right", "match")
"""Accepted ``sort`` values of :func:`kwic`."""
LINE_SORTS = ("document", "1L", "2L", "3L", "1R", "2R", "3R", "match")
"""Orders of :func:`sort_lines`, as AntConc's: document order, by the 1st, 2nd or 3rd word to the left or
right of the match, by the match."""
LINE_COLUMNS = ["doc_id", "outlet", "date", "pattern", "left", "match", "right", "term", "start", "end"]
"""Columns of a table of lines (:func:`kwic`, :func:`sort_lines`)."""

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
    return arrange(matrix_lines(corpus, dtm, compiled, window=window), n=n, by=by, seed=seed, sort=sort)


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
    return lines[LINE_COLUMNS].reset_index(drop=True)


# --- drilling down: all the lines of a selection, their AntConc orders, the matches in one text ----------
def pattern_terms(dtm: DocTermMatrix, patterns: Sequence[Pattern]) -> Wanted:
    """Each pattern's name and the terms of ``dtm``'s vocabulary it matches (:func:`wanted_terms`)."""
    translit, languages = dtm.options.text.transliterate, document_languages(dtm.docs)
    return wanted_terms([(p.name, dtm.vocab[pattern_columns(dtm.vocab, p, transliterate=translit, languages=languages)])
                         for p in patterns])


def matrix_lines(corpus: Corpus, dtm: DocTermMatrix, patterns: PatternSpec, *, rows: np.ndarray | None = None,
                 window: int = 10) -> pd.DataFrame:
    """Every line of ``patterns`` in the documents ``rows`` of ``corpus`` (all when ``None``), reading only
    the documents that ``dtm`` says contain a pattern.

    ``dtm`` is the corpus's matrix (the same documents in the same order), whole or narrowed to
    the patterns (:func:`framing.dtm.patterns.narrow`, which a view does once per pattern); phrases
    longer than its n-grams are counted from its token stream. The table is :func:`document_lines`'s:
    in corpus order, with the normalised words left of the match (nearest first) in ``_left`` and
    right of it in ``_right``, which :func:`sort_lines` and :func:`lines_near` read.

    >>> import framing as fr
    >>> c = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b"], "date": ["2022-03-01", "2022-03-02"],
    ...     "text": ["The invasion began.", "An Invasion, they said."]}))
    >>> matrix_lines(c, fr.document_term_matrix(c, cache=False), "invasion", rows=np.array([1]), window=2)[
    ...     ["doc_id", "left", "match", "_right"]]
      doc_id left     match     _right
    0  doc-2   An  Invasion  they said
    """
    if dtm.shape[0] != len(corpus):
        raise ArgumentError(f"the matrix has {dtm.shape[0]:,} documents and the corpus {len(corpus):,}: pass the "
                            "matrix of this corpus (document_term_matrix(corpus))")
    dtm, compiled = resolve(dtm, patterns)
    _, counts = count_matrix(dtm, compiled)
    hit = counts.sum(axis=1) > 0
    if rows is not None:
        chosen = np.zeros(len(hit), dtype=bool)
        chosen[np.asarray(rows, dtype=np.intp)] = True
        hit &= chosen
    return document_lines(corpus.df, np.flatnonzero(hit), pattern_terms(dtm, compiled), window,
                          dtm.options.text.transliterate)


def context_word(lines: pd.DataFrame, position: str) -> pd.Series:
    """The normalised word at ``position`` (``"1L"``: nearest to the left of the match, ``"2R"``: second to
    its right, ...) of each line of :func:`matrix_lines`; ``""`` where the line has none."""
    if len(position) != 2 or position[1] not in "LR" or not position[0].isdigit() or position[0] == "0":
        raise ArgumentError(f"position must be a word's place such as '1L' or '2R', got {position!r}")
    k, side = int(position[0]), "_left" if position[1] == "L" else "_right"
    words = [(s.split(" ") if s else [])[k - 1:k] for s in lines[side].tolist()]
    return pd.Series([w[0] if w else "" for w in words], index=lines.index, dtype=object)


def sort_lines(lines: pd.DataFrame, order: str = "document") -> pd.DataFrame:
    """Lines of :func:`matrix_lines` in one of AntConc's orders (:data:`LINE_SORTS`), with :data:`LINE_COLUMNS`.

    ``"document"`` orders by outlet, date, document and position. The others order by one key,
    stably, so that lines with equal keys keep document order: ``"1L"`` … ``"3R"`` by the normalised
    (case-folded, Serbian Cyrillic transliterated) word at that place (:func:`context_word`; lines
    without one come last), ``"match"`` by the normalised matched term. Keys compare by code point.

    >>> lines = pd.DataFrame({"doc_id": ["1", "2", "3"], "outlet": "a", "date": pd.Timestamp("2022-03-01"),
    ...     "pattern": "war", "left": ["", "Brutal", "a"], "match": "war", "right": "", "term": "war",
    ...     "start": 0, "end": 3, "_left": ["", "brutal", "a"], "_right": ""})
    >>> sort_lines(lines, "1L")["doc_id"].tolist()
    ['3', '2', '1']
    """
    if order not in LINE_SORTS:
        raise ArgumentError(f"order must be one of {LINE_SORTS}, got {order!r}")
    lines = lines.sort_values(["outlet", "date", "doc_id", "start"], kind="stable")
    if order != "document":
        keys = (lines["term"] if order == "match" else context_word(lines, order)).astype(str).tolist()
        lines = lines.iloc[sorted(range(len(keys)), key=lambda i: (not keys[i], keys[i]))]
    return lines[LINE_COLUMNS].reset_index(drop=True)


def lines_near(lines: pd.DataFrame, term: str, *, window: int = 5) -> pd.DataFrame:
    """The lines of :func:`matrix_lines` with the normalised ``term`` (a word or phrase) within ``window``
    words left or right of the match: the occurrences behind a collocate of
    :func:`framing.terms.collocates.collocates` counted with the same window (each line once, however
    often the collocate is in it). The lines need a ``window`` at least as wide.

    >>> lines = pd.DataFrame({"_left": ["brutal", "a brutal", ""], "_right": ["", "", "was brutal"]})
    >>> lines_near(lines, "brutal", window=1).index.tolist()
    [0]
    """
    check_options(sort=None, window=window)
    wanted = f" {' '.join(term.split())} "

    def near(left: str, right: str) -> bool:
        before = left.split(" ")[:window] if left else []
        after = right.split(" ")[:window] if right else []
        return wanted in f" {' '.join(reversed(before))} " or wanted in f" {' '.join(after)} "

    keep = [near(left, right) for left, right in zip(lines["_left"].tolist(), lines["_right"].tolist(), strict=True)]
    return lines[np.asarray(keep, dtype=bool)]


def match_spans(text: str, wanted: Wanted, *, language: str | None = None, transliterate: Transliterate = "auto"
                ) -> list[tuple[int, int]]:
    """Character offsets ``(start, end)`` of every match of ``wanted`` (:func:`pattern_terms`) in ``text``,
    found as :func:`kwic` finds them (the same code): case-folded, transliterated as ``language``
    and ``transliterate`` say, phrases across a line break but not a sentence end. Sorted; two
    patterns may give overlapping spans.

    >>> match_spans("Special Military\\nOperation. Special military. Operation.",
    ...             [("SMO", {3: {"special military operation"}})])
    [(0, 26)]
    """
    return sorted({(line[5], line[6]) for line in _doc_lines(text, language, wanted, 0, transliterate)})
