"""À-la-carte embeddings: one vector for each *use* of a term, from the words around it.

Khodak et al. (2018, "A La Carte Embedding", ACL) embed a word from its contexts: ``u``, the
average of the word vectors ``v_c`` of the words within ``window`` tokens of it, is mapped by a
linear transformation ``A`` learned from the corpus itself. For every word ``w`` with a vector
and contexts, ``u_w`` is the average of its context words' vectors over all its occurrences,
and (as in conText's ``compute_transform``, Rodriguez, Spirling & Stewart 2023)

    A = argmin_A  Σ_w α_w ‖v_w − A u_w‖²,   α_w = log(count_w)

a least-squares regression weighted by the log of each word's frequency (words seen once
weigh 0), solved as ``lstsq(√α U, √α V)``, which gives ``Aᵀ``. The embedding of one use of a
term is ``A u`` with ``u`` the average of the vectors of the ``window`` tokens on each side of
that use (inside its document; the term's own tokens and words without a vector left out).

Contexts are read from the token stream the vectors were trained on
(:func:`~framing.embeddings.tokens.token_stream`, phrases joined); windows cross sentence ends
but never document ends, as conText's windows on quanteda tokens do.

>>> import framing as fr, pandas as pd
>>> texts = [f"day {i}: tanks shelled the city again" for i in range(40)]
>>> c = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b"] * 20, "date": "2022-03-01", "text": texts}))
>>> wv = fr.train_vectors(c, options=fr.VectorOptions(dim=4, min_count=2, epochs=2), progress=False)
>>> uses = term_uses(c, "city", vectors=wv, window=2)
>>> uses.embeddings.shape, uses.uses[["outlet", "term"]].iloc[0].tolist()
((40, 4), ['a', 'city'])
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import scipy.sparse as sp

from framing._infra.cache import derived
from framing._infra.errors import ArgumentError, ModelError, PatternError
from framing.corpus.corpus import Corpus, require_documents
from framing.corpus.text import TextOptions, Tokens
from framing.dtm.patterns import PatternSpec, match_terms
from framing.embeddings.tokens import JOINER, sequence_starts, token_stream
from framing.embeddings.vectors import VectorOptions, WordVectors, train_vectors

CHUNK = 20_000
"""Uses whose context windows are averaged at once (memory: CHUNK × 2·window × dim floats)."""


def check_window(window: int) -> int:
    """``window`` if it is a whole number ≥ 1, else an :class:`~framing.ArgumentError`."""
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 1:
        raise ArgumentError(f"window must be a whole number ≥ 1 (tokens on each side), got {window!r}")
    return int(window)


def alacarte_transform(context_means: np.ndarray, vectors: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The transformation ``A`` (dim × dim) with ``v_w ≈ A u_w``, weighted by ``log(count_w)``.

    Args:
        context_means: words × dim, each word's average context vector ``u_w``.
        vectors: words × dim, the words' own vectors ``v_w``.
        counts: each word's frequency (weights ``log(count)``; words seen once weigh 0).

    >>> u = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> v = u @ np.array([[2.0, 0.0], [0.0, 3.0]]).T  # v = A u with A = diag(2, 3)
    >>> (alacarte_transform(u, v, np.array([10, 10, 10])).round(6) + 0.0).tolist()
    [[2.0, 0.0], [0.0, 3.0]]
    """
    counts = np.asarray(counts, dtype=float)
    keep = counts > 1
    if keep.sum() < context_means.shape[1]:
        raise ModelError(f"only {int(keep.sum())} words have a vector, contexts and a count above 1, fewer than the "
                         f"{context_means.shape[1]} dimensions: the transformation is not identified; use a larger "
                         "corpus, or vectors with fewer dimensions")
    root = np.sqrt(np.log(counts[keep]))[:, None]
    solution, *_ = np.linalg.lstsq(root * context_means[keep], root * vectors[keep], rcond=None)
    return np.asarray(solution.T)


@dataclasses.dataclass(frozen=True, eq=False)
class ALaCarte:
    """What à-la-carte embeddings of a corpus need: its token stream, the word vectors and ``A``.

    Attributes:
        vectors: the word vectors.
        transform: ``A`` (dim × dim): a use's embedding is ``A u``.
        window: tokens on each side that make a context.
        stream: the corpus's token stream (sentence marks removed).
        starts: position in ``stream.ids`` of each document's first token (``len(docs) + 1`` entries).
        rows: for each stream term id, its row in ``vectors`` (``-1``: no vector).
        flat: the stream with sentence marks, to find phrases within sentences.
    """

    vectors: WordVectors
    transform: np.ndarray
    window: int
    stream: np.ndarray
    starts: np.ndarray
    rows: np.ndarray
    flat: Tokens

    def context_means(self, at: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Average context vector of the uses starting at stream positions ``at`` (``lengths`` tokens long),
        and how many context words with a vector each had."""
        doc = np.searchsorted(self.starts, at, side="right") - 1
        offs = np.concatenate([np.arange(-self.window, 0), np.arange(self.window)])
        out = np.zeros((len(at), self.vectors.dim))
        n = np.zeros(len(at), np.int64)
        vecs = self.vectors.vectors.astype(np.float64)
        for a in range(0, len(at), CHUNK):
            s, ln, d = at[a:a + CHUNK], lengths[a:a + CHUNK], doc[a:a + CHUNK]
            pos = np.where(offs < 0, s[:, None] + offs, (s + ln)[:, None] + offs)
            ok = (pos >= self.starts[d][:, None]) & (pos < self.starts[d + 1][:, None])
            row = np.where(ok, self.rows[self.stream[np.clip(pos, 0, len(self.stream) - 1)]], -1)
            has = row >= 0
            out[a:a + CHUNK] = np.einsum("uk,ukd->ud", has, vecs[np.maximum(row, 0)])
            n[a:a + CHUNK] = has.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return out / n[:, None], n

    def embed(self, at: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """À-la-carte embeddings ``A u`` of the uses at ``at`` and their context sizes."""
        means, n = self.context_means(at, lengths)
        return means @ self.transform.T, n


def _cooccurrence(stream: np.ndarray, starts: np.ndarray, rows: np.ndarray, window: int, n_words: int) -> sp.csr_matrix:
    """Words × words counts of one word within ``window`` tokens of the other in a document (both directions)."""
    doc = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
    r = rows[stream]
    total = sp.csr_matrix((n_words, n_words))
    for k in range(1, window + 1):
        a, b = r[:-k], r[k:]
        ok = (a >= 0) & (b >= 0) & (doc[:-k] == doc[k:])
        pairs = sp.coo_matrix((np.ones(int(ok.sum())), (a[ok], b[ok])), shape=(n_words, n_words)).tocsr()
        total = total + pairs + pairs.T
    return total.tocsr()


def _fit(corpus: Corpus, vectors: WordVectors, window: int) -> ALaCarte:
    made = vectors.meta.get("options", {})  # vectors trained by framing: the same phrases and tokens
    flat = token_stream(corpus, phrases=tuple(made.get("phrases", ())), text=TextOptions(**made.get("text", {})))
    real = flat.ids >= 0
    stream = flat.ids[real]
    starts = np.concatenate([[0], np.cumsum(flat.lengths())])
    index = vectors.index
    rows = np.array([index.get(w, -1) for w in flat.vocab.tolist()], dtype=np.int64)
    if not (rows >= 0).any():
        raise ModelError("no word of the corpus has a vector: the vectors belong to another language or corpus")
    n_words = len(vectors)
    cooc = _cooccurrence(stream, starts, rows, window, n_words)
    weight = np.asarray(cooc.sum(axis=1)).ravel()
    has = weight > 0
    counts = np.bincount(rows[stream][rows[stream] >= 0], minlength=n_words)
    means = (cooc[has] @ vectors.vectors.astype(np.float64)) / weight[has][:, None]
    transform = alacarte_transform(means, vectors.vectors[has].astype(np.float64), counts[has])
    return ALaCarte(vectors=vectors, transform=transform, window=window, stream=stream, starts=starts, rows=rows,
                    flat=flat)


def fit_alacarte(corpus: Corpus, *, vectors: WordVectors | None = None, window: int = 6,
                 progress: bool = True) -> ALaCarte:
    """The transformation ``A`` of ``corpus`` for ``vectors`` (trained on the corpus with
    :class:`~framing.embeddings.vectors.VectorOptions` defaults when ``None``), remembered for the corpus object."""
    window = check_window(window)
    require_documents(len(corpus))
    wv = vectors if vectors is not None else train_vectors(corpus, options=VectorOptions(), progress=progress)
    return derived(wv, ("alacarte", corpus.fingerprint, window), lambda: _fit(corpus, wv, window))


def pattern_sequences(corpus: Corpus, pattern: PatternSpec, stream_vocab: np.ndarray) -> list[tuple[str, str, np.ndarray]]:
    """``(pattern, term, ids)`` for each matched term as a sequence of stream ids (its joined token too)."""
    matched = match_terms(corpus, pattern)
    index = {w: i for i, w in enumerate(stream_vocab.tolist())}
    out = []
    for name, term in zip(matched["pattern"], matched["term"]):
        words = str(term).split(" ")
        if all(w in index for w in words):
            out.append((name, term, np.array([index[w] for w in words])))
        joined = JOINER.join(words)
        if len(words) > 1 and joined in index:
            out.append((name, term, np.array([index[joined]])))
    return out


@dataclasses.dataclass(frozen=True)
class TermUses:
    """One à-la-carte embedding per use of a pattern.

    Attributes:
        embeddings: uses × dim.
        uses: one row per use: the document's metadata (``doc_id``, ``outlet``, ``date``, ...),
            ``pattern``, ``term`` (the matched form) and ``context_words`` (context tokens with a vector).
        alacarte: the transformation and vectors they were made with.
    """

    embeddings: np.ndarray
    uses: pd.DataFrame
    alacarte: ALaCarte

    def __len__(self) -> int:
        return len(self.uses)

    def take(self, rows: np.ndarray) -> TermUses:
        """The uses at ``rows`` (positions or a boolean mask), embedded with the same ``A``:
        a subset of the corpus keeps the transformation estimated on all of it, as in conText."""
        keep = np.asarray(rows)
        return TermUses(embeddings=self.embeddings[keep], uses=self.uses.iloc[keep].reset_index(drop=True),
                        alacarte=self.alacarte)


def term_uses(corpus: Corpus, pattern: PatternSpec, *, vectors: WordVectors | None = None, window: int = 6,
              progress: bool = True) -> TermUses:
    """À-la-carte embeddings of every use of ``pattern`` (see the module docstring).

    Args:
        corpus: the documents.
        pattern: what to embed (a pattern, several, or a frame dictionary: ``pattern`` column).
        vectors: word vectors; ``None`` trains them on the corpus (:func:`~framing.train_vectors`, cached).
        window: tokens on each side of a use that make its context.
        progress: show a progress bar while vectors are trained.

    Uses without any context word that has a vector are left out.

    Raises:
        PatternError: the pattern is malformed or occurs nowhere in the corpus.
    """
    alc = fit_alacarte(corpus, vectors=vectors, window=window, progress=progress)
    flat = alc.flat
    found = []
    for name, term, ids in pattern_sequences(corpus, pattern, flat.vocab):
        starts = sequence_starts(flat.ids, ids)
        if len(starts):
            found.append(pd.DataFrame({"flat": starts, "length": len(ids), "pattern": name, "term": term}))
    if not found:
        raise PatternError(f"{pattern!r} occurs nowhere in the corpus; there is no use to embed")
    hits = pd.concat(found, ignore_index=True).sort_values("flat", kind="stable").reset_index(drop=True)
    position = np.cumsum(flat.ids >= 0) - 1
    at = position[hits["flat"].to_numpy()]
    embeddings, n = alc.embed(at, hits["length"].to_numpy())
    keep = n > 0
    doc = np.searchsorted(alc.starts, at, side="right") - 1
    meta = corpus.df.drop(columns=["text"]).iloc[doc[keep]].reset_index(drop=True)
    uses = meta.assign(pattern=hits["pattern"].to_numpy()[keep], term=hits["term"].to_numpy()[keep],
                       context_words=n[keep])
    return TermUses(embeddings=embeddings[keep], uses=uses, alacarte=alc)

