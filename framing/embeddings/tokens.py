"""The token stream that word vectors are trained on and à-la-carte contexts are read from.

Tokens are framing's own (:func:`framing.dtm.matrix.corpus_tokens`: the tokeniser of the
document-term matrix), so a word has the same form in a vector, a rate and a concordance.
Phrases become single tokens joined by ``_`` ("special military operation" →
``special_military_operation``) wherever their words follow each other inside a sentence;
longer phrases are joined first and a token joins at most one phrase.

>>> import framing as fr, pandas as pd
>>> c = fr.from_dataframe(pd.DataFrame({"outlet": ["a"], "date": ["2022-03-01"],
...     "text": ["The special military operation began. Special military forces."]}))
>>> stream = token_stream(c, phrases=["special military operation"])
>>> stream.doc(0)
['the', 'special_military_operation', 'began', 'special', 'military', 'forces']
>>> sentences(stream)
[['the', 'special_military_operation', 'began'], ['special', 'military', 'forces']]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from framing._infra.errors import ArgumentError
from framing.corpus.corpus import Corpus
from framing.corpus.text import TextOptions, Tokens, tokenize
from framing.dtm.matrix import corpus_tokens

JOINER = "_"
"""What joins the words of a phrase into one token."""


def phrase_words(phrases: Sequence[str]) -> list[list[str]]:
    """Each phrase (alternatives split on ``|``) as its tokens; a phrase must have at least two words."""
    if isinstance(phrases, str):
        phrases = [phrases]
    out = []
    for phrase in phrases:
        for alt in str(phrase).split("|"):
            if "*" in alt or "?" in alt:
                raise ArgumentError(f"phrases= takes plain phrases, not globs: {alt!r}; write each phrase out")
            words = tokenize(alt)
            if len(words) < 2:
                raise ArgumentError(f"phrases= takes phrases of two or more words, got {alt!r}")
            out.append(words)
    return sorted(out, key=len, reverse=True)


def sequence_starts(ids: np.ndarray, wanted: np.ndarray, taken: np.ndarray | None = None) -> np.ndarray:
    """Positions ``i`` where ``ids[i:i + k]`` equals the ``k`` ids ``wanted`` (and none is ``taken``)."""
    k = len(wanted)
    m = len(ids) - k + 1
    if m <= 0:
        return np.zeros(0, np.int64)
    hit = ids[:m] == wanted[0]
    for j in range(1, k):
        hit &= ids[j:j + m] == wanted[j]
    if taken is not None:
        for j in range(k):
            hit &= ~taken[j:j + m]
    return np.flatnonzero(hit)


def join_phrases(tokens: Tokens, phrases: Sequence[str]) -> Tokens:
    """``tokens`` with each phrase's occurrences replaced by one joined token (vocabulary re-sorted)."""
    words = phrase_words(phrases)
    if not words:
        return tokens
    ids, vocab = tokens.ids.astype(np.int64), tokens.vocab
    index = {w: i for i, w in enumerate(vocab.tolist())}
    taken = np.zeros(len(ids), bool)
    drop = np.zeros(len(ids), bool)
    new_terms: list[str] = []
    for phrase in words:
        if not all(w in index for w in phrase):
            continue
        starts = sequence_starts(ids, np.array([index[w] for w in phrase]), taken)
        # overlapping occurrences of one phrase ("a a a" for "a a"): keep those not overlapping an earlier one
        keep = []
        last = -len(phrase)
        for s in starts.tolist():
            if s >= last + len(phrase):
                keep.append(s)
                last = s
        if not keep:
            continue
        at = np.array(keep)
        span = (at[:, None] + np.arange(len(phrase))).ravel()
        taken[span] = True
        drop[(at[:, None] + np.arange(1, len(phrase))).ravel()] = True
        ids[at] = len(vocab) + len(new_terms)
        new_terms.append(JOINER.join(phrase))
    if not new_terms:
        return tokens
    full = np.concatenate([vocab.astype(object), np.array(new_terms, dtype=object)])
    uniq, remap = np.unique(full.astype(str), return_inverse=True)
    kept = ~drop
    new_ids = np.where(ids >= 0, remap[np.maximum(ids, 0)], -1)[kept]
    offsets = np.concatenate([[0], np.cumsum(kept)])[tokens.offsets]
    return Tokens(ids=new_ids, offsets=offsets, vocab=uniq.astype(object))


def token_stream(corpus: Corpus, *, phrases: Sequence[str] = (), text: TextOptions | None = None) -> Tokens:
    """The corpus's tokens (sentence boundaries marked ``-1``) with ``phrases`` joined into single tokens."""
    return join_phrases(corpus_tokens(corpus, options=text or TextOptions()), phrases)


def sentences(tokens: Tokens) -> list[list[str]]:
    """The token stream cut at sentence boundaries and document ends, as lists of words (gensim's input)."""
    ids = tokens.ids
    cut = np.zeros(len(ids) + 1, bool)
    cut[tokens.offsets] = True
    cut[:-1] |= ids < 0
    bounds = np.flatnonzero(cut)
    words = tokens.vocab[np.maximum(ids, 0)]
    out = []
    for a, b in zip(bounds[:-1], bounds[1:]):
        start = a + 1 if ids[a] < 0 else a
        if b > start:
            out.append(words[start:b].tolist())
    return out
