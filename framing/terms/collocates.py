"""Collocates: the words that keep company with a term, per outlet, and how two outlets differ.

Around every occurrence of the node pattern, the ``window`` tokens to the left and to the
right (within the document; stopwords included) are counted. Stopwords (by default those
of the documents' languages, :mod:`framing.terms.stoplist`) are then left out of the
*list* of collocates only: ``window_tokens`` and ``tokens`` still count every token. With ``O`` = co-occurrences
of the collocate in the windows, ``f_x`` = node occurrences, ``f_y`` = the collocate's
frequency and ``N`` = tokens in the group, and ``W`` = tokens inside all the windows:

- ``logdice = 14 + log2(2 O / (f_x + f_y))`` (Rychlý 2008): at most 14, comparable
  across corpora of different sizes;
- ``pmi = log2(O / E)`` with ``E = W · f_y / N`` the co-occurrences expected if the
  collocate were spread at random over the windows and the rest of the text (Evert 2008,
  surface co-occurrence);
- ``g2``: the four-cell log-likelihood of the same in-window vs out-of-window table,
  signed (negative when ``O < E``), as in :func:`framing.terms.keyness.g2`.

Windows that overlap count their tokens once per node occurrence, as most concordancers
do. Tokens come from the same tokeniser as the document-term matrix; only documents that
contain the node are tokenised again (for positions), frequencies come from the cached
matrix.

>>> import framing as fr, pandas as pd
>>> c = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "a"], "date": ["2022-03-01"] * 2,
...     "text": ["NATO expansion east. Allies met.", "The NATO expansion continues."]}))
>>> collocates(c, "nato", window=1, min_freq=2)[["node", "collocate", "freq", "logdice"]]
   node  collocate  freq  logdice
0  nato  expansion     2     14.0
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy import stats

from framing._infra.deprecation import renamed_keywords
from framing._infra.errors import ArgumentError
from framing.corpus.corpus import Corpus
from framing.corpus.text import Tokens
from framing.dtm.grouping import Grouping, by_columns, group_names
from framing.dtm.lemmas import document_languages
from framing.dtm.matrix import DocTermMatrix, corpus_tokens
from framing.dtm.patterns import (
    Pattern,
    PatternSpec,
    column_major,
    corpus_matrix,
    count_matrix,
    pattern_columns,
    resolve,
)
from framing.terms.keyness import bh, g2, log10_p_chi2, log_ratio
from framing.terms.stoplist import Stopwords, ranked_mask

MEASURES = ("freq", "logdice", "pmi", "g2")
"""Accepted ``measure`` values of :func:`collocates`."""


def _node_starts(tokens: Tokens, terms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Flat positions where a node term starts, and its length in tokens."""
    ids, vocab = tokens.ids, tokens.vocab
    doc = np.repeat(np.arange(len(tokens)), np.diff(tokens.offsets))
    starts, lengths = [], []
    for k in sorted({t.count(" ") + 1 for t in terms}):
        words = [t.split(" ") for t in terms if t.count(" ") + 1 == k]
        idx = np.searchsorted(vocab, np.array(words, dtype=object).ravel()).reshape(len(words), k)
        ok = (idx < len(vocab)) & (vocab[np.minimum(idx, len(vocab) - 1)] == np.array(words, dtype=object))
        wanted = {tuple(row) for row in idx[ok.all(axis=1)].tolist()}
        if not wanted:
            continue
        first = np.flatnonzero(np.isin(ids[:len(ids) - k + 1], [w[0] for w in wanted]))
        first = first[doc[first] == doc[first + k - 1]]
        rows = np.stack([ids[first + j] for j in range(k)], axis=1).tolist()
        hit = first[[tuple(r) in wanted for r in rows]] if len(first) else first
        starts.append(hit)
        lengths.append(np.full(len(hit), k))
    if not starts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    order = np.argsort(np.concatenate(starts), kind="stable")
    return np.concatenate(starts)[order], np.concatenate(lengths)[order]


def _windows(tokens: Tokens, starts: np.ndarray, lengths: np.ndarray, window: int
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For nodes at flat ``starts``: the document of each window token, its term id, and
    each node's document. Windows count real tokens (sentence marks skipped) inside the document."""
    real = tokens.ids >= 0
    pos = np.cumsum(real) - 1  # flat position → position among real tokens
    rid = tokens.ids[real]
    bounds = np.concatenate([[0], np.cumsum(tokens.lengths())])
    node_doc = np.searchsorted(tokens.offsets, starts, side="right") - 1
    s = pos[starts]
    offs = np.concatenate([np.arange(-window, 0), np.arange(0, window)])
    at = np.where(offs < 0, s[:, None] + offs, (s + lengths)[:, None] + offs)
    ok = (at >= bounds[node_doc][:, None]) & (at < bounds[node_doc + 1][:, None])
    return np.broadcast_to(node_doc[:, None], at.shape)[ok], rid[at[ok]], node_doc


def group_frequencies(uni: DocTermMatrix, indicator: sp.csr_matrix, terms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per group (the rows of the groups × documents ``indicator``), the frequency of each term (groups ×
    terms; 0 for a term not in ``uni``'s vocabulary) and the tokens; whole numbers, as floats."""
    cols = np.searchsorted(uni.vocab, terms)
    present = (cols < len(uni.vocab)) & (uni.vocab[np.minimum(cols, len(uni.vocab) - 1)] == terms) if len(uni.vocab) \
        else np.zeros(len(terms), dtype=bool)
    freq = np.zeros((indicator.shape[0], len(terms)))
    freq[:, present] = (indicator @ column_major(uni.matrix)[:, cols[present]]).toarray()
    return freq, indicator @ uni.doc_lengths


@dataclasses.dataclass(frozen=True)
class WindowCounts:
    """What one node pattern's windows hold, per group.

    Attributes:
        group, collocate, freq: each (group, collocate) pair seen in the windows and its co-occurrences,
            sorted by group, then collocate.
        node_freq: node occurrences per group.
        window_tokens: tokens inside the windows per group.
    """

    group: np.ndarray
    collocate: np.ndarray
    freq: np.ndarray
    node_freq: np.ndarray
    window_tokens: np.ndarray


def window_counts(tokens: Tokens, codes: np.ndarray, terms: np.ndarray, window: int, n_groups: int) -> WindowCounts:
    """The :class:`WindowCounts` of the node ``terms`` in ``tokens`` (documents in groups ``codes``).

    Counts, so the counts of consecutive blocks of documents add up to those of all of them.
    """
    starts, lengths = _node_starts(tokens, terms)
    doc, coll, node_doc = _windows(tokens, starts, lengths, window)
    key = codes[doc] * len(tokens.vocab) + coll
    uniq, freq = np.unique(key, return_counts=True)
    return WindowCounts(group=uniq // len(tokens.vocab), collocate=tokens.vocab[uniq % len(tokens.vocab)].astype(object),
                        freq=freq, node_freq=np.bincount(codes[node_doc], minlength=n_groups),
                        window_tokens=np.bincount(codes[doc], minlength=n_groups))


def _node_table(corpus: Corpus, dtm: DocTermMatrix, pattern: Pattern, grouping: tuple[Grouping, DocTermMatrix],
                window: int) -> pd.DataFrame:
    groups, uni = grouping
    terms = dtm.vocab[pattern_columns(dtm.vocab, pattern, transliterate=dtm.options.text.transliterate,
                                      languages=document_languages(dtm.docs))]
    _, counts = count_matrix(dtm, (pattern,))
    rows = np.flatnonzero(counts[:, 0] > 0)
    tokens = corpus_tokens(corpus.filter(mask=counts[:, 0] > 0), options=dtm.options.text)
    found = window_counts(tokens, groups.codes[rows], terms, window, groups.n_groups)
    words, word_idx = np.unique(found.collocate, return_inverse=True)
    f_y_all, n_tok = group_frequencies(uni, groups.indicator, words)
    return node_frame(groups.labels, pattern.name, found, f_y_all[found.group, word_idx], n_tok)


def node_frame(labels: pd.DataFrame, node: str, found: WindowCounts, collocate_freq: np.ndarray,
               tokens: np.ndarray) -> pd.DataFrame:
    """One node's rows of :func:`collocates` before the measures: its :class:`WindowCounts`, each pair's
    collocate frequency in its group and the tokens per group."""
    g = found.group
    frame = labels.iloc[g].reset_index(drop=True) if len(labels.columns) else pd.DataFrame(index=range(len(g)))
    frame["node"] = node
    frame["collocate"] = found.collocate
    frame["freq"] = found.freq.astype(np.int64)
    frame["node_freq"] = found.node_freq[g].astype(np.int64)
    frame["collocate_freq"] = np.asarray(collocate_freq).astype(np.int64)
    frame["window_tokens"] = found.window_tokens[g].astype(np.int64)
    frame["tokens"] = np.asarray(tokens)[g].astype(np.int64)
    return frame


def _measures(frame: pd.DataFrame) -> pd.DataFrame:
    o = frame["freq"].to_numpy(float)
    f_x, f_y = frame["node_freq"].to_numpy(float), frame["collocate_freq"].to_numpy(float)
    w, n = frame["window_tokens"].to_numpy(float), frame["tokens"].to_numpy(float)
    frame["logdice"] = 14 + np.log2(2 * o / (f_x + f_y))
    frame["pmi"] = np.log2(o / (w * f_y / n))
    # overlapping windows can count a token more often than it occurs: clip the outside cells
    frame["g2"] = g2(o, np.maximum(f_y - o, 0), w, np.maximum(n - w, 1))
    return frame


def collocates(corpus: Corpus, pattern: PatternSpec, *, by: str | Sequence[str] | None = None,
               window: int = 5, measure: str = "logdice", min_freq: int = 2,
               stopwords: Stopwords = "auto") -> pd.DataFrame:
    """Collocates of a node pattern within ``window`` tokens each side, per group.

    Args:
        corpus: the documents.
        pattern: the node(s): anything :func:`framing.dtm.patterns.compile_patterns` accepts.
        by: group column(s), e.g. ``"outlet"``; ``None`` for the whole corpus.
        window: tokens on each side.
        measure: ``"freq"``, ``"logdice"``, ``"pmi"`` or ``"g2"`` — the sort order.
        min_freq: keep collocates seen at least this often in the group's windows.
        stopwords: collocates left out of the list: ``"auto"`` (the lists of the documents'
            languages), a language code, a list of words, or ``None`` to keep every word.
            Windows and token totals count every token either way.

    Returns:
        Columns: the group columns, ``node``, ``collocate``, ``freq`` (co-occurrences),
        ``node_freq``, ``collocate_freq``, ``window_tokens``, ``tokens``, ``logdice``,
        ``pmi``, ``g2``; sorted by ``measure`` (descending) within each group and node.
    """
    check_options(measure=measure, window=window)
    if not isinstance(corpus, Corpus):
        raise ArgumentError("collocates needs the texts: pass a Corpus, not a matrix")
    dtm, compiled = resolve(corpus, pattern)
    uni = dtm if dtm.options.ngrams == 1 else corpus_matrix(corpus, 1)
    groups = uni.grouping(by)
    labels = groups.labels
    frames = [_node_table(corpus, dtm, p, (groups, uni), int(window)) for p in compiled]
    languages = corpus.df["language"].unique().tolist() if "language" in corpus.columns else [None]
    return ranked_collocates(frames, list(labels.columns), languages, measure=measure, min_freq=min_freq,
                             stopwords=stopwords)


def check_options(*, measure: str, window: int) -> None:
    """The :class:`~framing._infra.errors.ArgumentError` of :func:`collocates` for an unusable option."""
    if measure not in MEASURES:
        raise ArgumentError(f"unknown collocation measure {measure!r}; use one of {list(MEASURES)}")
    if not isinstance(window, (int, np.integer)) or window < 1:
        raise ArgumentError(f"window must be a whole number of tokens ≥ 1, got {window!r}")


def ranked_collocates(frames: list[pd.DataFrame], group_columns: list[str], languages: list[Any], *,
                      measure: str, min_freq: int, stopwords: Stopwords) -> pd.DataFrame:
    """The table of :func:`collocates` from each node's :func:`node_frame`: the measures, the rows kept
    (``min_freq``; ``stopwords`` of the documents' ``languages`` left out) and their order (``measure``)."""
    frame = _measures(pd.concat(frames, ignore_index=True))
    frame = frame[(frame["freq"] >= min_freq) & ranked_mask(frame["collocate"].to_numpy(), stopwords, languages)]
    keys = [*group_columns, "node"]
    frame = frame.sort_values(keys + [measure, "collocate"], ascending=[True] * len(keys) + [False, True],
                              kind="stable")
    return frame.reset_index(drop=True)


@renamed_keywords(a="group_a", b="group_b")
def compare_collocates(corpus: Corpus, pattern: PatternSpec, *, group_a: str, group_b: str,
                       by: str | Sequence[str] | None = "outlet", window: int = 5, min_freq: int = 3,
                       stopwords: Stopwords = "auto") -> pd.DataFrame:
    """Which collocates of a node are distinctive for ``group_a`` and which for ``group_b``.

    Each group's windows are treated as a corpus: a collocate's co-occurrence counts
    ``freq_a`` (of ``W_a`` window tokens) and ``freq_b`` (of ``W_b``) are compared with the
    signed G² and Log Ratio of :mod:`framing.terms.keyness`; ``p`` from χ²(1), ``log10_p``
    its ``log10`` from scipy's ``norm.logsf`` (finite where ``p`` underflows to 0), ``q``
    Benjamini–Hochberg over the collocates tested (``freq_a + freq_b ≥ min_freq``).

    Args:
        corpus, pattern, window, stopwords: as for :func:`collocates`.
        group_a, group_b: the two groups, values of ``by`` (with several ``by`` columns,
            their values joined by ``" / "``, see :func:`framing.dtm.grouping.group_names`).
            ``a=`` and ``b=`` are their deprecated names.
        by: the column(s) whose values are the groups.
        min_freq: test collocates with ``freq_a + freq_b ≥ min_freq``.

    Returns:
        Columns ``group_a``, ``group_b``, ``node``, ``collocate``, ``freq_a``, ``freq_b``,
        ``logdice_a``, ``logdice_b`` (NaN where absent), ``g2`` (positive: distinctive
        for ``group_a``), ``log_ratio``, ``p``, ``log10_p``, ``q``; sorted by ``g2``
        descending, ties by ``log10_p``.
    """
    table = collocates(corpus, pattern, by=by, window=window, min_freq=1, stopwords=stopwords)
    names = pd.Series(group_names(table[by_columns(by)]), index=table.index)
    missing = [g for g in (group_a, group_b) if g not in set(names)]
    if missing:
        raise ArgumentError(f"the pattern has no collocates in {missing}; groups with occurrences: "
                            f"{sorted(set(names))}")
    frames = []
    for node, part in table.groupby("node", sort=False):
        sides = [part[names[part.index] == g] for g in (group_a, group_b)]
        w_a, w_b = (int(s["window_tokens"].to_numpy()[0]) for s in sides)
        cols = ["collocate", "freq", "logdice"]
        both = sides[0][cols].merge(sides[1][cols], on="collocate", how="outer", suffixes=("_a", "_b"))
        both[["freq_a", "freq_b"]] = both[["freq_a", "freq_b"]].fillna(0).astype(np.int64)
        both = both[both["freq_a"] + both["freq_b"] >= min_freq].copy()
        both["g2"] = g2(both["freq_a"].to_numpy(), both["freq_b"].to_numpy(), w_a, w_b)
        both["log_ratio"] = log_ratio(both["freq_a"].to_numpy(), both["freq_b"].to_numpy(), w_a, w_b)
        both["p"] = stats.chi2.sf(np.abs(both["g2"].to_numpy()), 1)
        both["log10_p"] = log10_p_chi2(both["g2"].to_numpy())
        both["q"] = bh(both["p"].to_numpy())
        frames.append(both.assign(group_a=group_a, group_b=group_b, node=node))
    out = pd.concat(frames, ignore_index=True)
    cols = ["group_a", "group_b", "node", "collocate", "freq_a", "freq_b", "logdice_a", "logdice_b", "g2", "log_ratio",
            "p", "log10_p", "q"]
    out = out[cols].sort_values(["g2", "log10_p"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)
