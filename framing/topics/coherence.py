"""Topic coherence, u_mass and c_npmi, from counts gathered once per corpus.

Both measures follow Röder, Both & Hinneburg (2015) exactly as gensim's
``CoherenceModel`` computes them, and give the same values (tested to 1e-6). For a topic
with top terms ``w_1 … w_n`` (most probable first; gensim's ``matutils.argsort`` order),
``N`` counting units and ``ε = 1e-12``:

- **u_mass** (Mimno et al. 2011): units are documents; the mean over pairs ``i > j`` of
  ``log((D(w_i, w_j)/N + ε) / (D(w_j)/N))``, where ``D`` counts documents containing the
  term(s) (pairs with ``D(w_j) = 0`` score 0, as in gensim).
- **c_npmi** (Bouma 2009; Aletras & Stevenson 2013): units are sliding windows of
  ``window`` tokens (10 by default); the mean over ordered pairs ``i ≠ j`` of
  ``NPMI = log((P(w_i, w_j) + ε) / (P(w_i)·P(w_j))) / −log(P(w_i, w_j) + ε)`` with
  ``P`` = windows containing the term(s) / ``N``.

Windows are gensim's boolean sliding windows: every document gives ``len − window + 1``
windows (one window if it is shorter, also when empty). gensim updates a window's word
set incrementally: when the window slides it removes the word that left and adds the word
that entered, so a word that left but also occurs again inside the new window counts as
*absent* until it enters again. We reproduce that rule: an occurrence at position ``p``
makes its word present from window ``max(0, p − window + 1)`` up to (not including)
window ``q + 1``, where ``q`` is the first occurrence of that word at or after that
start. The windows × terms incidence is built as a sparse matrix from these intervals,
and all co-occurrences come from one sparse product — no Python loop over windows.

Counts (:class:`CoherenceCounts`) are gathered for a set of terms, e.g. the union of the
top terms of every fit in a sweep, and reused for every topic of every model.

>>> import numpy as np
>>> texts = TopicTexts(ids=np.array([0, 1, 0, 2, 3]), offsets=np.array([0, 5]), n_terms=4)
>>> counts = window_counts(texts, np.arange(4), window=3)  # windows [0 1 0] [1 0 2] [0 2 3]
>>> counts.n_units, counts.occurrences.tolist()  # gensim's sets: {0, 1} {1, 2} {2, 3}
(3, [1, 2, 2, 1])
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import scipy.sparse as sp

from framing._infra.errors import ArgumentError
from framing.corpus.corpus import Corpus
from framing.corpus.text import Tokens
from framing.dtm.matrix import DocTermMatrix, corpus_tokens, resolve_stopwords

if TYPE_CHECKING:
    from framing.topics.model import TopicModel

EPSILON = 1e-12
"""gensim's smoothing constant in both measures."""
MEASURES = ("u_mass", "c_npmi")
_CHUNK = 4_000_000  # window-term entries per sparse product, to bound memory


@dataclasses.dataclass(frozen=True)
class TopicTexts:
    """Token sequences as matrix columns, for sliding windows.

    Attributes:
        ids: every token's column in the matrix, or ``-1`` for a token outside the
            vocabulary (it still takes a place in the windows); documents one after another.
        offsets: document ``i`` is ``ids[offsets[i]:offsets[i + 1]]``.
        n_terms: the matrix's number of columns.
    """

    ids: np.ndarray
    offsets: np.ndarray
    n_terms: int

    def __len__(self) -> int:
        return len(self.offsets) - 1


@dataclasses.dataclass(frozen=True)
class CoherenceCounts:
    """Occurrence and co-occurrence counts of some terms.

    Attributes:
        terms: the matrix columns counted, sorted.
        occurrences: units (documents or windows) containing each term.
        pairs: units containing both terms, ``len(terms)`` square, symmetric (CSR).
        n_units: number of units.
        kind: ``"document"`` or ``"window"``.
    """

    terms: np.ndarray
    occurrences: np.ndarray
    pairs: sp.csr_matrix
    n_units: int
    kind: str

    def positions(self, cols: np.ndarray) -> np.ndarray:
        """Positions of matrix columns in :attr:`terms`; an error if some were not counted."""
        cols = np.asarray(cols, dtype=np.int64)
        pos = np.clip(np.searchsorted(self.terms, cols), 0, max(len(self.terms) - 1, 0))
        if len(self.terms) == 0 or (self.terms[pos] != cols).any():
            raise ArgumentError("these counts do not cover every top term; gather them for the "
                                "union of the top terms of all models")
        return pos

    def co(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Co-occurrence counts of the position pairs ``(a[i], b[i])``."""
        if len(a) == 0:
            return np.zeros(0)
        return np.asarray(self.pairs[a, b], dtype=np.float64).ravel()


# --- texts -----------------------------------------------------------------------------------
Texts = Corpus | Tokens | Sequence[Sequence[str]] | TopicTexts
"""What :func:`topic_texts` and :func:`topic_coherence` accept as ``texts``."""


def topic_texts(texts: Texts, dtm: DocTermMatrix) -> TopicTexts:
    """Token sequences for c_npmi, as columns of ``dtm``.

    A :class:`~framing.corpus.Corpus` is tokenised with the matrix's text options and
    its stopwords are removed (what a gensim user passes as ``texts``); only the
    matrix's documents are used. :class:`~framing.corpus.text.Tokens` and lists of token lists
    are used as given (sentence boundaries dropped). Tokens outside the vocabulary keep
    their place in the windows. :class:`TopicTexts` are returned as they are.
    """
    if isinstance(texts, TopicTexts):
        return texts
    if isinstance(texts, Corpus):
        return _corpus_texts(texts, dtm)
    if isinstance(texts, Tokens):
        keep = texts.ids >= 0
        cols = _columns_of(texts.vocab, dtm)
        return _build(cols[texts.ids[keep]], _offsets_after(keep, texts.offsets), dtm)
    lists = [list(t) for t in texts]
    flat = np.array([w for t in lists for w in t], dtype=object)
    offsets = np.concatenate([[0], np.cumsum([len(t) for t in lists])]).astype(np.int64)
    return _build(_columns_of(flat, dtm) if len(flat) else np.zeros(0, np.int64), offsets, dtm)


def _build(ids: np.ndarray, offsets: np.ndarray, dtm: DocTermMatrix) -> TopicTexts:
    return TopicTexts(ids=np.asarray(ids, dtype=np.int64), offsets=np.asarray(offsets, dtype=np.int64),
                      n_terms=dtm.shape[1])


def _columns_of(words: np.ndarray, dtm: DocTermMatrix) -> np.ndarray:
    """Column of each word in ``dtm.vocab``, -1 when absent."""
    words = np.asarray(words, dtype=object).astype(str)
    vocab = dtm.vocab.astype(str)
    pos = np.clip(np.searchsorted(vocab, words), 0, max(len(vocab) - 1, 0))
    found = (vocab[pos] == words) if len(vocab) else np.zeros(len(words), bool)
    return np.where(found, pos, -1).astype(np.int64)


def _offsets_after(keep: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Document offsets once the tokens where ``keep`` is False are removed."""
    kept_before = np.concatenate([[0], np.cumsum(keep)])
    return kept_before[offsets].astype(np.int64)


def _stopwords(dtm: DocTermMatrix, corpus: Corpus) -> frozenset[str]:
    """The matrix's stopword list, resolved as :func:`framing.document_term_matrix` does."""
    languages = corpus.df["language"].tolist() if "language" in corpus.columns else [None]
    return resolve_stopwords(dtm.options.stopwords, languages)


def _corpus_texts(corpus: Corpus, dtm: DocTermMatrix) -> TopicTexts:
    wanted = dtm.docs["doc_id"]
    have = set(corpus.df["doc_id"])
    missing = [d for d in wanted if d not in have]
    if missing:
        raise ArgumentError(f"the corpus lacks {len(missing)} documents of the matrix (e.g. {missing[:3]}); "
                            "pass the corpus the matrix was built from")
    if len(corpus) != len(wanted) or not corpus.df["doc_id"].equals(wanted.reset_index(drop=True)):
        corpus = corpus.filter(doc_ids=list(wanted))
    return texts_without(corpus_tokens(corpus, options=dtm.options.text), _stopwords(dtm, corpus), dtm)


def texts_without(tokens: Tokens, stop: frozenset[str], dtm: DocTermMatrix) -> TopicTexts:
    """Token sequences as columns of ``dtm`` with the ``stop`` words removed (not kept as gaps).

    What :func:`topic_texts` makes of a corpus, from its token stream and stopword set; a
    distributed matrix applies it to each block's tokens (documents are independent).
    """
    is_stop = np.array([t in stop for t in tokens.vocab], dtype=bool)
    keep = tokens.ids >= 0
    keep[keep] = ~is_stop[tokens.ids[keep]]
    cols = _columns_of(tokens.vocab, dtm)
    return _build(cols[tokens.ids[keep]], _offsets_after(keep, tokens.offsets), dtm)


# --- counts ----------------------------------------------------------------------------------
def document_counts(dtm: DocTermMatrix, terms: np.ndarray) -> CoherenceCounts:
    """Documents containing each term, and each pair of terms (for u_mass)."""
    terms = np.unique(np.asarray(terms, dtype=np.int64))
    present = (dtm.matrix[:, terms] > 0).astype(np.int64).tocsc()
    pairs = (present.T @ present).tocsr()
    return CoherenceCounts(terms=terms, occurrences=pairs.diagonal().astype(np.int64), pairs=pairs,
                           n_units=dtm.shape[0], kind="document")


def merge_counts(parts: Sequence[CoherenceCounts]) -> CoherenceCounts:
    """Counts of disjoint sets of documents added up: the counts of all of them.

    Documents (and a document's windows) are counted independently, so the counts of
    consecutive row blocks sum to the counts of the whole matrix — exactly, being integers.
    """
    if not parts:
        raise ArgumentError("merge_counts needs the counts of at least one block")
    first = parts[0]
    for part in parts[1:]:
        if part.kind != first.kind or not np.array_equal(part.terms, first.terms):
            raise ArgumentError("merge_counts adds counts of the same terms and kind; got "
                                f"{first.kind} and {part.kind} counts of {len(first.terms)} and {len(part.terms)} terms")
    pairs = sp.csr_matrix(first.pairs, dtype=np.int64, copy=True)
    occurrences = np.array(first.occurrences, dtype=np.int64)
    for part in parts[1:]:
        pairs, occurrences = pairs + part.pairs, occurrences + part.occurrences
    return CoherenceCounts(terms=first.terms, occurrences=occurrences, pairs=sp.csr_matrix(pairs),
                           n_units=sum(p.n_units for p in parts), kind=first.kind)


def _presence_intervals(texts: TopicTexts, terms: np.ndarray, window: int
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Merged intervals of windows where each term counts as present (gensim's rule).

    Returns ``(term position, first window, end window, document)`` per interval, window
    numbers local to the document.
    """
    lengths = np.diff(texts.offsets)
    n_windows = np.where(lengths >= window, lengths - window + 1, 1)
    lookup = np.full(texts.n_terms + 1, -1, dtype=np.int64)
    lookup[terms] = np.arange(len(terms))
    rel = lookup[texts.ids]  # ids of -1 hit the last slot, which stays -1
    where = np.flatnonzero(rel >= 0)
    doc = np.searchsorted(texts.offsets, where, side="right") - 1
    pos = where - texts.offsets[doc]
    term = rel[where]
    order = np.lexsort((pos, doc, term))
    term, doc, pos = term[order], doc[order], pos[order]
    new_group = np.ones(len(term), dtype=bool)
    new_group[1:] = (term[1:] != term[:-1]) | (doc[1:] != doc[:-1])
    group = np.cumsum(new_group) - 1
    span = int(lengths.max(initial=0)) + 1
    key = group * span + pos
    start = np.maximum(0, pos - window + 1)
    first_after = np.searchsorted(key, group * span + start, side="left")
    end = np.minimum(pos[first_after] + 1, n_windows[doc])
    # intervals of one term in one document start and end in order: merge the overlapping ones
    new_block = new_group.copy()
    new_block[1:] |= start[1:] >= end[:-1]
    first = np.flatnonzero(new_block)
    last = np.append(first[1:], len(term))[:len(first)] - 1
    return term[first], start[first], end[last], doc[first]


def window_counts(texts: TopicTexts, terms: np.ndarray, *, window: int = 10) -> CoherenceCounts:
    """Sliding windows containing each term, and each pair of terms (for c_npmi).

    Same counts as gensim's ``WordOccurrenceAccumulator`` (see the module docstring).
    """
    if window < 1:
        raise ArgumentError(f"window={window!r}: a sliding window holds at least 1 token")
    terms = np.unique(np.asarray(terms, dtype=np.int64))
    lengths = np.diff(texts.offsets)
    n_windows = np.where(lengths >= window, lengths - window + 1, 1)
    window_offset = np.concatenate([[0], np.cumsum(n_windows)])
    term, start, end, doc = _presence_intervals(texts, terms, window)
    order = np.argsort(doc, kind="stable")  # chunks must hold whole documents
    term, start, end, doc = term[order], start[order], end[order], doc[order]
    size = end - start
    pairs = sp.csr_matrix((len(terms), len(terms)), dtype=np.int64)
    cum = np.cumsum(size)
    lo = 0
    while lo < len(term):
        hi = int(np.searchsorted(cum, (cum[lo - 1] if lo else 0) + _CHUNK, side="right"))
        hi = max(hi, lo + 1)
        while hi < len(term) and doc[hi] == doc[hi - 1]:
            hi += 1
        pairs = pairs + _chunk_pairs(term[lo:hi], start[lo:hi] + window_offset[doc[lo:hi]],
                                     size[lo:hi], len(terms))
        lo = hi
    pairs = pairs.tocsr()
    return CoherenceCounts(terms=terms, occurrences=pairs.diagonal().astype(np.int64), pairs=pairs,
                           n_units=int(window_offset[-1]), kind="window")


def _chunk_pairs(term: np.ndarray, first_row: np.ndarray, size: np.ndarray, n_terms: int) -> sp.csr_matrix:
    """Co-occurrence counts from intervals: incidence (windows × terms), then Bᵀ·B."""
    total = int(size.sum())
    rows = np.repeat(first_row - (np.cumsum(size) - size), size) + np.arange(total)
    cols = np.repeat(term, size)
    base = rows.min(initial=0)
    inc = sp.csr_matrix((np.ones(total, dtype=np.int64), (rows - base, cols)),
                        shape=(int(rows.max(initial=0) - base + 1), n_terms))
    return (inc.T @ inc).tocsr()


# --- measures --------------------------------------------------------------------------------
def top_term_ids(topic_term: np.ndarray, topn: int = 10) -> np.ndarray:
    """Columns of each topic's ``topn`` most probable terms, in gensim's order (``matutils.argsort``)."""
    from gensim.matutils import argsort

    return np.array([argsort(row, topn=topn, reverse=True) for row in topic_term], dtype=np.int64)


def u_mass(top: np.ndarray, counts: CoherenceCounts) -> np.ndarray:
    """u_mass of each topic (row of ``top``), from document counts; see the module docstring."""
    n = top.shape[1]
    i, j = np.tril_indices(n, k=-1)  # pairs (w_i, w_j) with i > j: gensim's s_one_pre
    pos = counts.positions(top)
    prime, star = pos[:, i].ravel(), pos[:, j].ravel()
    num_docs = float(counts.n_units)
    co = counts.co(prime, star)
    star_count = counts.occurrences[star].astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        m = np.log(((co / num_docs) + EPSILON) / (star_count / num_docs))
    m = np.where(star_count == 0, 0.0, m)
    return m.reshape(len(top), -1).mean(axis=1)


def c_npmi(top: np.ndarray, counts: CoherenceCounts) -> np.ndarray:
    """c_npmi of each topic (row of ``top``), from window counts; see the module docstring."""
    n = top.shape[1]
    i, j = np.nonzero(~np.eye(n, dtype=bool))  # ordered pairs i ≠ j: gensim's s_one_one
    pos = counts.positions(top)
    prime, star = pos[:, i].ravel(), pos[:, j].ravel()
    num_docs = float(counts.n_units)
    co = counts.co(prime, star)
    occ = counts.occurrences.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.log(((co / num_docs) + EPSILON) / ((occ[prime] / num_docs) * (occ[star] / num_docs)))
        m = ratio / (-np.log(co / num_docs + EPSILON))
    return m.reshape(len(top), -1).mean(axis=1)


def topic_coherence(model: TopicModel, texts: Texts | None = None, *, measures: Sequence[str] | None = None, topn: int = 10, window: int = 10) -> pd.DataFrame:
    """Coherence of every topic: ``topic, measure, coherence`` (long).

    Args:
        model: a fitted :class:`~framing.topics.TopicModel`.
        texts: token sequences for c_npmi (see :func:`topic_texts`); usually the corpus.
        measures: ``"u_mass"`` and/or ``"c_npmi"``; default u_mass, plus c_npmi when
            ``texts`` is given.
        topn: top terms per topic.
        window: sliding-window size for c_npmi (gensim's default, 10).

    The model's coherence is the mean over topics (as gensim's ``get_coherence()``):
    ``topic_coherence(model, corpus).groupby("measure")["coherence"].mean()``.
    """
    measures = check_measures(measures, has_texts=texts is not None)
    top = top_term_ids(model.topic_term_, topn)
    counts: dict[str, CoherenceCounts] = {}
    for measure in measures:
        if measure == "u_mass":
            counts[measure] = document_counts(model.dtm, top.ravel())
        else:
            check_unigrams(model.dtm, top)
            counts[measure] = window_counts(_as_texts(texts, model.dtm), top.ravel(), window=window)
    return coherence_table(top, counts)


def check_measures(measures: Sequence[str] | None, *, has_texts: bool) -> tuple[str, ...]:
    """The measures asked for (default u_mass, plus c_npmi with texts); an error names unknown ones."""
    chosen = tuple(measures or (("u_mass", "c_npmi") if has_texts else ("u_mass",)))
    unknown = [m for m in chosen if m not in MEASURES]
    if unknown:
        raise ArgumentError(f"unknown coherence measure(s) {unknown}; use {MEASURES}")
    return chosen


def coherence_table(top: np.ndarray, counts: Mapping[str, CoherenceCounts]) -> pd.DataFrame:
    """``topic, measure, coherence`` from the counts of each measure (document counts for u_mass,
    window counts for c_npmi), however they were gathered."""
    frames = []
    for measure, measure_counts in counts.items():
        values = u_mass(top, measure_counts) if measure == "u_mass" else c_npmi(top, measure_counts)
        frames.append(pd.DataFrame({"topic": np.arange(len(top)), "measure": measure, "coherence": values}))
    return pd.concat(frames, ignore_index=True)


def _as_texts(texts: Texts | None, dtm: DocTermMatrix) -> TopicTexts:
    if texts is None:
        raise ArgumentError("c_npmi counts words in sliding windows of the texts: pass texts=<the corpus> "
                            "(or token lists), or use measures=['u_mass']")
    return topic_texts(texts, dtm)


def check_unigrams(dtm: DocTermMatrix, top: np.ndarray) -> None:
    """c_npmi counts single tokens: refuse n-gram top terms, which never occur as one token."""
    check_unigram_terms(dtm.vocab, top)


def check_unigram_terms(vocab: np.ndarray, top: np.ndarray) -> None:
    """:func:`check_unigrams` given the vocabulary only."""
    grams = [str(t) for t in vocab[np.unique(top)] if " " in str(t)]
    if grams:
        raise ArgumentError(f"c_npmi counts single tokens in sliding windows, but top terms {grams[:3]} are "
                            "n-grams; fit on a matrix with ngrams=1, or use u_mass")
