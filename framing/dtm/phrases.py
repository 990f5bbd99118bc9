"""Phrases counted from the token stream, without an n-gram matrix.

A matrix of every 1–3-gram of a corpus is many times larger than its unigram matrix (10.95 M
terms for a corpus of 30 M tokens), while a phrase pattern needs only the places where its
words follow one another. :func:`phrase_counts` finds them in a matrix's token stream
(:attr:`DocTermMatrix.tokens <framing.dtm.DocTermMatrix.tokens>`, term ids with ``-1`` at
sentence ends): for a phrase of words ``w_1 … w_n`` (each a set of term ids, or any word), a
lookup table per word marks the ids it matches, one vectorised pass over the stream finds the
places of the word with the fewest ids, and the other ``n − 1`` ids are checked there; a phrase
never spans a sentence end or two documents, as n-grams do not. Each distinct n-gram found is
named as in an n-gram matrix (``"special military operation"``), so its counts are those of an
n-gram matrix. :func:`framing.dtm.patterns.resolve` uses it for phrase patterns longer than a
matrix's n-grams (:func:`framing.dtm.patterns.with_phrases`).

>>> import framing as fr, pandas as pd
>>> c = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b"], "date": ["2022-03-01"] * 2,
...     "text": ["The special military operation. Special. Military operation.", "A special operation."]}))
>>> tokens = fr.document_term_matrix(c, cache=False).tokens
>>> ids = {w: np.flatnonzero(tokens.vocab == w) for w in ("special", "military", "operation")}
>>> terms, counts = phrase_counts(tokens, [ids["special"], None, ids["operation"]])
>>> terms.tolist(), counts.toarray().ravel().tolist()
(['special military operation'], [1, 0])
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from framing.corpus.text import Tokens
from framing.dtm.matrix import ngram_strings

BLOCK = 1 << 24
"""Tokens scanned at a time (bounded temporary memory: a byte a token)."""


def _lookup(n_terms: int, ids: np.ndarray | None) -> np.ndarray:
    """A table indexed by term id, with one slot more at the end: a sentence end (-1) reads it, and never matches."""
    table = np.zeros(n_terms + 1, dtype=bool)
    if ids is None:
        table[:n_terms] = True
    else:
        table[ids] = True
    return table


def phrase_starts(tokens: Tokens, words: Sequence[np.ndarray | None]) -> np.ndarray:
    """Stream positions where a phrase starts: word ``k`` of it has one of the ids ``words[k]`` (``None``:
    any word), no sentence end and no document end inside.

    >>> t = Tokens(ids=np.array([0, 1, -1, 0, 1, 0]), offsets=np.array([0, 3, 5, 6]), vocab=np.array(["a", "b"]))
    >>> phrase_starts(t, [np.array([0]), np.array([1])]).tolist()
    [0, 3]
    """
    ids, n = tokens.ids, len(words)
    tables = [_lookup(len(tokens.vocab), w) for w in words]
    anchor = min((k for k in range(n) if words[k] is not None), key=lambda k: len(words[k]), default=0)  # type: ignore[arg-type]
    found = [np.flatnonzero(tables[anchor][ids[a:a + BLOCK]]) + a for a in range(0, len(ids), BLOCK)]
    start = np.concatenate([np.zeros(0, np.int64), *found]) - anchor
    start = start[(start >= 0) & (start + n <= len(ids))]
    for k in range(n):
        if k != anchor:
            start = start[tables[k][ids[start + k]]]
    doc = np.searchsorted(tokens.offsets, start, side="right") - 1
    return start[start + n <= tokens.offsets[doc + 1]]


def phrase_counts(tokens: Tokens, words: Sequence[np.ndarray | None]) -> tuple[np.ndarray, sp.csr_matrix]:
    """``(terms, counts)``: the distinct n-grams whose word ``k`` has one of the ids ``words[k]``
    (``None``: any word), named as in an n-gram matrix and sorted, and a documents × terms
    matrix of their counts.

    >>> t = Tokens(ids=np.array([2, 0, -1, 2, 0, 1]), offsets=np.array([0, 3, 6]),
    ...            vocab=np.array(["military", "operation", "special"], dtype=object))
    >>> terms, counts = phrase_counts(t, [np.array([2]), np.array([0])])
    >>> terms.tolist(), counts.toarray().ravel().tolist()
    (['special military'], [1, 1])
    """
    n_docs = len(tokens.offsets) - 1
    if any(w is not None and not len(w) for w in words):
        return np.zeros(0, dtype=object), sp.csr_matrix((n_docs, 0), dtype=np.int64)
    start = phrase_starts(tokens, words)
    grams = np.stack([tokens.ids[start + k] for k in range(len(words))], axis=1).astype(np.int64)
    uniq, cols = np.unique(grams, axis=0, return_inverse=True)
    doc = np.searchsorted(tokens.offsets, start, side="right") - 1
    counts = sp.csr_matrix((np.ones(len(start), dtype=np.int64), (doc, cols.ravel())), shape=(n_docs, len(uniq)))
    counts.sum_duplicates()
    return ngram_strings(tokens.vocab, uniq), counts
