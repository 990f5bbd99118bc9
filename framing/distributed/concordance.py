"""Concordance lines and collocates on a Dask cluster: found on the workers, ordered and measured on the client.

- :func:`dask_kwic`: each partition finds the lines of its own documents (all of them, with the
  single-machine code, :func:`framing.terms.kwic.document_lines`) for the terms the patterns match
  in the *whole* corpus; the client gathers the lines, in corpus order, and orders, samples (``n``
  per ``by`` group, with ``seed``) and sorts them as :func:`framing.kwic` does
  (:func:`framing.terms.kwic.arrange`). The table equals ``framing.kwic`` of the gathered corpus.
- :func:`dask_collocates`: each block counts the co-occurrences in the windows around the node's
  occurrences, the node's occurrences and the window tokens per group
  (:func:`framing.terms.collocates.window_counts`), then the collocates' frequencies and the tokens
  per group (:func:`framing.terms.collocates.group_frequencies`); the client adds them up and
  computes logDice, PMI and G² with the code of :func:`framing.collocates`
  (:func:`framing.terms.collocates.ranked_collocates`). The counts are whole numbers, so the
  table equals ``framing.collocates`` of the gathered corpus exactly, measures included (the same
  code on equal numbers).

Patterns are resolved once on the client (:func:`framing.distributed.query.resolve_query`): a
partition sees only its own vocabulary, and a pattern that matches nothing warns once, as on one
machine, naming near entries of the whole vocabulary.

>>> import framing as fr, pandas as pd
>>> from framing.distributed import DaskCorpus, dask_kwic, local_client
>>> c = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b"], "date": ["2022-03-01"] * 2,
...     "text": ["Moscow calls it a Special Military Operation.", "It is an invasion."]}))
>>> with local_client(n_workers=1, processes=False, dashboard=False) as client:  # doctest: +SKIP
...     dask_kwic(DaskCorpus.scatter(c, client, partitions=2), "special military operation", window=2)[["left", "match"]]
    left                       match
0  it a  Special Military Operation
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from framing._infra.errors import ArgumentError
from framing.corpus.corpus import Corpus
from framing.distributed.corpus import DaskCorpus
from framing.distributed.matrix import DaskMatrix
from framing.distributed.query import (
    Parts,
    Query,
    block_codes,
    languages,
    pattern_counts,
    resolve_query,
    whole_groups,
)
from framing.dtm.matrix import DocTermMatrix, matrix_options
from framing.dtm.patterns import PatternSpec
from framing.terms import collocates as single
from framing.terms.kwic import arrange, document_lines, wanted_terms
from framing.terms.kwic import check_options as check_kwic
from framing.terms.stoplist import Stopwords


# --- KWIC ---------------------------------------------------------------------------------------
def _lines(dtm: DocTermMatrix, corpus: Corpus | None, query: Query, window: int) -> pd.DataFrame:
    """The partition's lines, for the whole's matched terms."""
    if corpus is None:
        raise ArgumentError("kwic needs the texts: pass a DaskCorpus, not a matrix")
    rows = np.flatnonzero(np.asarray(pattern_counts(dtm, query).sum(axis=1)).ravel() > 0)
    wanted = wanted_terms(list(zip(query.names, query.terms)))
    return document_lines(corpus.df, rows, wanted, window, dtm.options.text.transliterate)


def dask_kwic(corpus: DaskCorpus, pattern: PatternSpec, *, window: int = 10, n: int | None = None,
              by: str | Sequence[str] | None = None, seed: int = 1, sort: str | None = None,
              progress: bool = True) -> pd.DataFrame:
    """:func:`framing.kwic` of a distributed corpus: the same lines, equal exactly (module docstring).

    Args:
        corpus: the partitions (the texts are needed, so not a matrix).
        pattern, window, n, by, seed, sort: as :func:`framing.kwic`; the sample of ``n`` lines per
            ``by`` group is drawn on the client from all the lines, so it is one machine's sample.
        progress: show a progress bar while the partitions find their lines.

    Returns:
        The table of :func:`framing.kwic`.
    """
    check_kwic(sort=sort, window=window)
    if not isinstance(corpus, DaskCorpus):
        raise ArgumentError("dask_kwic needs the texts: pass a DaskCorpus, not a matrix")
    parts = Parts.of(corpus)
    query = resolve_query(parts, pattern, languages(parts))
    found = parts.run(_lines, query, int(window), desc="kwic: finding lines", progress=progress)
    # an empty table's columns have no dtype of their own: keep them out of the others'
    lines = pd.concat([f for f in found if len(f)] or found[:1], ignore_index=True)
    return arrange(lines, n=n, by=by, seed=seed, sort=sort)


# --- collocates ---------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class _Windows:
    """What every block of one collocates call needs."""

    query: Query
    by: Any
    n_groups: int
    window: int


def _windows(dtm: DocTermMatrix, corpus: Corpus | None, mapping: np.ndarray, plan: _Windows
             ) -> tuple[list[single.WindowCounts], np.ndarray]:
    """Per node pattern, the block's :class:`~framing.terms.collocates.WindowCounts`; tokens per group."""
    if dtm.tokens is None:
        raise ArgumentError("collocates read the token stream: build the matrix with "
                            "document_term_matrix(corpus, tokens=True) (the default), or pass the DaskCorpus")
    counts = pattern_counts(dtm, plan.query).toarray()
    codes = block_codes(dtm, plan.by, None, mapping)
    none = np.zeros(plan.n_groups, dtype=np.int64)
    found = []
    for j, terms in enumerate(plan.query.terms):
        rows = np.flatnonzero(counts[:, j] > 0)
        found.append(single.window_counts(dtm.tokens.take(rows), codes[rows], terms, plan.window, plan.n_groups)
                     if len(rows) else single.WindowCounts(none[:0], np.zeros(0, object), none[:0], none, none))
    return found, np.bincount(codes, weights=dtm.doc_lengths, minlength=plan.n_groups)


def _combined(blocks: list[single.WindowCounts]) -> single.WindowCounts:
    """One node's window counts over all blocks: pairs' co-occurrences and the groups' counts added."""
    pairs = pd.DataFrame({"group": np.concatenate([b.group for b in blocks]).astype(np.int64),
                          "collocate": np.concatenate([b.collocate for b in blocks]).astype(object),
                          "freq": np.concatenate([b.freq for b in blocks]).astype(np.int64)})
    summed = pairs.groupby(["group", "collocate"], sort=True)["freq"].sum()
    return single.WindowCounts(group=summed.index.get_level_values(0).to_numpy(np.int64),
                               collocate=summed.index.get_level_values(1).to_numpy(object),
                               freq=summed.to_numpy(np.int64),
                               node_freq=np.sum([b.node_freq for b in blocks], axis=0),
                               window_tokens=np.sum([b.window_tokens for b in blocks], axis=0))


def _frequencies(dtm: DocTermMatrix, corpus: Corpus | None, mapping: np.ndarray, by: Any, n_groups: int,
                 words: np.ndarray) -> sp.csr_matrix:
    """The block's frequency of each collocate per group of the whole (groups × words, sparse)."""
    codes = block_codes(dtm, by, None, mapping)
    indicator = sp.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(n_groups, len(codes)))
    return sp.csr_matrix(single.group_frequencies(dtm, indicator, words)[0])


def _check_matrix(data: DaskMatrix | DaskCorpus) -> None:
    """A matrix must count every token as unigrams, as the corpus's matrix of :func:`framing.collocates` does."""
    if not isinstance(data, DaskMatrix):
        if not isinstance(data, DaskCorpus):
            raise ArgumentError(f"dask_collocates needs a DaskCorpus or a DaskMatrix, got {type(data).__name__}")
        return
    every_token = matrix_options(ngrams=1, stopwords=None, min_df=1, max_df=1.0, ngram_min_df=1, text=data.options.text)
    if data.options != every_token:
        raise ArgumentError("dask_collocates counts collocate frequencies over every token: pass a DaskMatrix of "
                            "unigrams without stopwords, min_df or max_df (document_term_matrix's defaults), or "
                            f"the DaskCorpus; this one has {data.options}")


def dask_collocates(data: DaskCorpus | DaskMatrix, pattern: PatternSpec, *, by: str | Sequence[str] | None = None,
                    window: int = 5, measure: str = "logdice", min_freq: int = 2, stopwords: Stopwords = "auto",
                    progress: bool = True) -> pd.DataFrame:
    """:func:`framing.collocates` of a distributed corpus or matrix: the same table, equal exactly.

    Co-occurrences in the windows, node and collocate frequencies, window tokens and tokens are
    summed over the blocks; logDice, PMI and G² are then computed as :func:`framing.collocates`
    computes them (module docstring).

    Args:
        data: a :class:`~framing.distributed.DaskCorpus`, or a
            :class:`~framing.distributed.DaskMatrix` of unigrams with every token and its token
            stream (:func:`framing.document_term_matrix`'s defaults; the blocks' streams are the
            texts' tokens, so the corpus is not tokenised again).
        pattern, by, window, measure, min_freq, stopwords: as :func:`framing.collocates`.
        progress: show progress bars while the blocks count.

    Returns:
        The table of :func:`framing.collocates`.
    """
    single.check_options(measure=measure, window=window)
    _check_matrix(data)
    parts = Parts.of(data)
    langs = languages(parts)
    query = resolve_query(parts, pattern, langs)
    groups = whole_groups(parts, by, None)
    plan = _Windows(query, by, groups.n_groups, int(window))
    found = parts.run(_windows, plan, each=groups.maps, desc="collocates: windows", progress=progress)
    nodes = [_combined([f[0][j] for f in found]) for j in range(len(query.patterns))]
    tokens = np.sum([f[1] for f in found], axis=0)
    words, inverse = np.unique(np.concatenate([np.zeros(0, object), *(node.collocate for node in nodes)]),
                               return_inverse=True)
    freq = parts.total(_frequencies, by, groups.n_groups, words.astype(object), each=groups.maps,
                       desc="collocates: frequencies", progress=progress)
    bounds = np.cumsum([0, *(len(node.group) for node in nodes)])
    frames = [single.node_frame(groups.grouping.labels, p.name, node,
                                np.asarray(freq[node.group, inverse[a:b]]).ravel(), tokens)
              for p, node, a, b in zip(query.patterns, nodes, bounds[:-1], bounds[1:])]
    return single.ranked_collocates(frames, list(groups.grouping.labels.columns), langs.stopwords, measure=measure,
                                    min_freq=min_freq, stopwords=stopwords)
