"""Phrases counted from the token stream, without an n-gram matrix.

A matrix of every 1–3-gram of a corpus is many times larger than its unigram matrix (10.95 M
terms for a corpus of 30 M tokens), while a phrase pattern needs only the places where its
words follow one another. :func:`with_phrases` finds them in the matrix's token stream
(:attr:`DocTermMatrix.tokens <framing.dtm.DocTermMatrix.tokens>`, term ids with ``-1`` at
sentence ends): for a phrase of words ``w_1 … w_n`` (each a word, a glob or ``*``), a lookup
table per word marks the term ids it matches, one vectorised pass over the stream finds the
places of the first word, and the next ``n − 1`` ids are checked there; a phrase never spans a
sentence end or two documents, as n-grams do not. Each distinct n-gram found becomes a column
of its own, named as in an n-gram matrix (``"special military operation"``), so counts are
those of an n-gram matrix.

The result is the matrix *narrowed* to the columns the patterns match (as
:func:`framing.dtm.patterns.narrow`): the same documents, lengths and metadata, so rates,
comparisons and KWIC computed from it equal those from a full n-gram matrix. It is made once
per matrix and set of patterns (:func:`framing._infra.cache.derived`).

Phrases counted from the stream ignore the matrix's stopwords and ``min_df``/``max_df``: a
phrase pattern is counted wherever it occurs (a corpus's matrix for patterns has neither).

>>> import framing as fr, pandas as pd
>>> c = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b"], "date": ["2022-03-01"] * 2,
...     "text": ["The special military operation. Special. Military operation.", "A special operation."]}))
>>> dtm = fr.document_term_matrix(c, cache=False)
>>> narrowed = with_phrases(dtm, fr.compile_patterns(["special * operation", "military operation"]))
>>> narrowed.vocab.tolist(), narrowed.matrix.toarray().tolist()
(['military operation', 'special military operation'], [[2, 1], [0, 0]])
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from framing._infra.cache import derived
from framing._infra.errors import PatternError
from framing.corpus.text import Tokens
from framing.dtm.matrix import DocTermMatrix, ngram_strings
from framing.dtm.patterns import Pattern, alternative_forms, brief, column_major, match_form

BLOCK = 1 << 24
"""Tokens scanned at a time (bounded temporary memory: 5 bytes a token)."""


def _word_ids(vocab: np.ndarray, word: str) -> np.ndarray | None:
    """Term ids of one word of a phrase (``None`` for ``*``, any word)."""
    return None if word == "*" else match_form(vocab, word)


def _lookup(n_terms: int, ids: np.ndarray | None) -> np.ndarray:
    """A table indexed by term id + 1 (so that a sentence end, -1, is slot 0 and never matches)."""
    table = np.zeros(n_terms + 1, dtype=bool)
    if ids is None:
        table[1:] = True
    else:
        table[ids + 1] = True
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
    found = [np.flatnonzero(tables[anchor][ids[a:a + BLOCK] + 1]) + a for a in range(0, len(ids), BLOCK)]
    start = np.concatenate([np.zeros(0, np.int64), *found]) - anchor
    start = start[(start >= 0) & (start + n <= len(ids))]
    for k in range(n):
        if k != anchor:
            start = start[tables[k][ids[start + k] + 1]]
    doc = np.searchsorted(tokens.offsets, start, side="right") - 1
    return start[start + n <= tokens.offsets[doc + 1]]


def _phrase_counts(tokens: Tokens, form: str) -> tuple[np.ndarray, sp.csr_matrix]:
    """The distinct n-grams (id tuples, sorted) matching one normalised form, and their counts per document."""
    words = [_word_ids(tokens.vocab, w) for w in form.split(" ")]
    n_docs = len(tokens.offsets) - 1
    if any(w is not None and not len(w) for w in words):
        return np.zeros((0, len(words)), dtype=np.int64), sp.csr_matrix((n_docs, 0), dtype=np.int64)
    start = phrase_starts(tokens, words)
    grams = np.stack([tokens.ids[start + k] for k in range(len(words))], axis=1).astype(np.int64)
    uniq, cols = np.unique(grams, axis=0, return_inverse=True)
    doc = np.searchsorted(tokens.offsets, start, side="right") - 1
    counts = sp.csr_matrix((np.ones(len(start), dtype=np.int64), (doc, cols.ravel())), shape=(n_docs, len(uniq)))
    counts.sum_duplicates()
    return uniq, counts


def phrase_counts(tokens: Tokens, form: str) -> tuple[np.ndarray, sp.csr_matrix]:
    """``(terms, counts)``: the n-grams matching a normalised phrase form (words, globs or ``*``,
    joined by single spaces) and a documents × terms matrix of their counts; kept for the stream.

    >>> t = Tokens(ids=np.array([2, 0, -1, 2, 0, 1]), offsets=np.array([0, 3, 6]),
    ...            vocab=np.array(["military", "operation", "special"], dtype=object))
    >>> terms, counts = phrase_counts(t, "special mil*")
    >>> terms.tolist(), counts.toarray().ravel().tolist()
    (['special military'], [1, 1])
    """
    def count() -> tuple[np.ndarray, sp.csr_matrix]:
        uniq, counts = _phrase_counts(tokens, form)
        return ngram_strings(tokens.vocab, uniq), counts

    return derived(tokens.ids, ("phrase", form), count)


def _matrix_columns(dtm: DocTermMatrix, patterns: Sequence[Pattern]) -> np.ndarray:
    """Columns of the matrix matched by alternatives it holds as terms (no longer than its n-grams)."""
    translit = dtm.options.text.transliterate
    found = [match_form(dtm.vocab, form) for p in patterns for alt in p.alternatives
             if len(alt.words) <= dtm.options.ngrams for form in alternative_forms(alt, translit)]
    return np.unique(np.concatenate([np.zeros(0, np.int64), *found]))


def _phrase_columns(dtm: DocTermMatrix, patterns: Sequence[Pattern]) -> tuple[np.ndarray, sp.csr_matrix]:
    """The terms and counts of the alternatives longer than the matrix's n-grams, from the stream."""
    assert dtm.tokens is not None
    translit = dtm.options.text.transliterate
    forms = dict.fromkeys(form for p in patterns for alt in p.alternatives if len(alt.words) > dtm.options.ngrams
                          for form in alternative_forms(alt, translit))
    parts = [phrase_counts(dtm.tokens, form) for form in forms]
    terms = np.concatenate([np.zeros(0, dtype=object), *(t for t, _ in parts)])
    counts = sp.hstack([c for _, c in parts], format="csr") if parts else sp.csr_matrix((dtm.shape[0], 0))
    terms, first = np.unique(terms, return_index=True)  # forms may overlap (a glob and a word)
    return terms.astype(object), counts[:, first].tocsr()


def with_phrases(dtm: DocTermMatrix, patterns: Sequence[Pattern]) -> DocTermMatrix:
    """``dtm`` narrowed to the terms ``patterns`` match, phrases longer than its n-grams counted
    from its token stream (see the module docstring).

    Raises:
        PatternError: the matrix kept no token stream and a phrase is longer than its n-grams.
    """
    need = max(p.max_words for p in patterns)
    if dtm.tokens is None:
        longest = next(p.name for p in patterns if p.max_words == need)
        raise PatternError(f"pattern {brief(longest)} has a {need}-word phrase but the matrix counts n-grams up "
                           f"to {dtm.options.ngrams} and kept no token stream; build it with "
                           f"document_term_matrix(corpus, tokens=True) (the default) or pass the Corpus")
    key = ("with_phrases", tuple(alt for p in patterns for alt in p.alternatives))
    return derived(dtm.matrix, key, lambda: _narrowed(dtm, patterns, need))


def _narrowed(dtm: DocTermMatrix, patterns: Sequence[Pattern], need: int) -> DocTermMatrix:
    cols = _matrix_columns(dtm, patterns)
    phrases, phrase_counts_ = _phrase_columns(dtm, patterns)
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
