"""Term rates, term shares and keyness on a Dask cluster: sums over the blocks, then one machine's statistics.

Each block counts on its worker what :func:`framing.term_rates`, :func:`framing.term_share` and
:func:`framing.keyness` count on one machine — the patterns' counts per document
(:func:`framing.distributed.query.pattern_counts`), their sums per group
(:func:`framing.terms.rates.group_sums`) and, by period, their documents' date offsets in whole
seconds (:func:`framing.dtm.dates.date_sums`, for the ``date`` column), the groups' term totals
(:func:`framing.terms.keyness.group_totals`) — and the client adds them up and runs the
single-machine statistics on the sums (:func:`framing.terms.rates.rates_table`,
:func:`framing.terms.keyness.keyness_of_totals`). The sums are of whole numbers, so they are exact
in any order: **the tables equal one machine's exactly** (``pd.testing.assert_frame_equal`` with
``check_exact=True``), for any partitioning, intervals included:

- ``ci_method="percentile"``: the bootstrap draws each group's replicates from its own stream
  (:mod:`framing.stats.bootstrap`). Each block regenerates its groups' draws (it is told each
  group's size and where its documents fall in the group) and sums weight × value over its own
  documents only (:func:`framing.stats.bootstrap.partial_resample_sums`); the client adds the
  blocks' replicate sums, which are then those of one machine, whatever the partitioning. Every
  block draws the whole group's weights, so the cost grows with the blocks a group spans.
- ``ci_method="profile"`` / ``"fieller"`` (the defaults) need each document's values within its
  group: the client gathers only those — the matched documents' pattern counts, each document's
  length and group (O(documents), not O(vocabulary)) — and calls the same
  :mod:`framing.stats.intervals` functions on them as one machine does.

>>> import framing as fr, pandas as pd
>>> from framing.distributed import DaskMatrix, dask_term_rates, local_client
>>> c = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "a", "b"], "date": ["2022-03-01"] * 3,
...     "text": ["The invasion began.", "No news today here.", "A special military operation."]}))
>>> dtm = fr.document_term_matrix(c, cache=False)
>>> with local_client(n_workers=1, processes=False, dashboard=False) as client:  # doctest: +SKIP
...     dist = DaskMatrix.scatter(dtm, client, partitions=2)
...     dask_term_rates(dist, {"invasion": "invasion"}, n_boot=0)[["outlet", "count", "tokens", "per_10k"]].round(1)
  outlet  count  tokens  per_10k
0      a      1       7   1428.6
1      b      0       4      0.0
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from framing.corpus.corpus import Corpus, require_documents
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
from framing.dtm.dates import date_sums, with_dates
from framing.dtm.grouping import Grouping
from framing.dtm.matrix import DocTermMatrix
from framing.dtm.patterns import PatternSpec
from framing.stats.bootstrap import check_bootstrap, partial_resample_sums
from framing.stats.intervals import check_ci_method
from framing.terms.keyness import MAX_ROWS, GroupTotals, KeynessOptions, check_options, group_totals, keyness_of_totals
from framing.terms.rates import (
    IntervalSpec,
    check_alternatives,
    group_sums,
    rate_intervals_from_documents,
    rate_intervals_from_replicates,
    rate_values,
    rates_table,
    share_intervals_from_documents,
    share_intervals_from_replicates,
    share_table,
    share_values,
)
from framing.terms.stoplist import Stopwords

Interval = tuple[np.ndarray, np.ndarray]


@dataclasses.dataclass(frozen=True)
class _Plan:
    """What every block of one rates or shares call needs (``bootstrap``: ``"replicates"``, ``"documents"``
    or ``None``; ``keys`` and ``sizes`` of the whole's groups for the replicates)."""

    query: Query
    by: Any
    period: str | None
    n_groups: int
    share: bool
    bootstrap: str | None
    spec: IntervalSpec
    keys: list[str]
    sizes: np.ndarray


def _replicates(values: np.ndarray, codes: np.ndarray, offsets: np.ndarray, plan: _Plan) -> dict[int, np.ndarray]:
    """The block's part of each of its groups' replicate sums (:func:`partial_resample_sums`)."""
    order = np.argsort(codes, kind="stable")  # each group's documents, in document order
    found = np.bincount(codes, minlength=plan.n_groups)
    ends = np.cumsum(found)
    out = {}
    for g in np.flatnonzero(found):
        rows = order[ends[g] - found[g]:ends[g]]
        out[int(g)] = partial_resample_sums(values[rows], n=int(plan.sizes[g]), first=int(offsets[g]),
                                            n_boot=plan.spec.n_boot, seed=plan.spec.seed, key=plan.keys[g])
    return out


def _pattern_block(dtm: DocTermMatrix, corpus: Corpus | None, block: tuple[np.ndarray, np.ndarray], plan: _Plan
                   ) -> tuple[Any, ...]:
    """One block's group sums and :func:`~framing.dtm.dates.date_sums` (zeros without a period), with its
    replicate sums or its documents' values (:class:`_Plan`)."""
    mapping, offsets = block
    counts = pattern_counts(dtm, plan.query)
    codes = block_codes(dtm, plan.by, plan.period, mapping)
    sums = group_sums(counts, codes, plan.n_groups, dtm.doc_lengths)
    dates = np.zeros((plan.n_groups, 2), dtype=np.int64) if plan.period is None else \
        date_sums(dtm.docs, codes, plan.n_groups, plan.period)
    if plan.bootstrap == "documents":
        return sums, dates, counts, dtm.doc_lengths, codes
    if plan.bootstrap == "replicates":
        dense = counts.toarray()
        values = share_values(dense) if plan.share else rate_values(dense, dtm.doc_lengths)
        return sums, dates, _replicates(values, codes, offsets, plan)
    return sums, dates, {}


def _pattern_tables(data: DaskMatrix | DaskCorpus, patterns: PatternSpec, options: dict[str, Any], share: bool,
                    progress: bool) -> tuple[pd.DataFrame, list[str], np.ndarray, Interval]:
    """Labels (with their mean ``date`` by period), pattern names, group sums and intervals of
    :func:`dask_term_rates` / :func:`dask_term_share`."""
    spec = IntervalSpec(options["n_boot"], options["ci"], options["seed"], options["ci_method"])
    parts = Parts.of(data)
    query = resolve_query(parts, patterns, languages(parts))
    groups = whole_groups(parts, options["by"], options["period"])
    if share:
        check_alternatives(query.names)
    bootstrap = None if not spec.n_boot else "replicates" if spec.ci_method == "percentile" else "documents"
    plan = _Plan(query, options["by"], options["period"], groups.n_groups, share, bootstrap, spec,
                 groups.grouping.keys, groups.sizes.sum(axis=0))
    each = list(zip(groups.maps, groups.offsets()))
    desc = f"{'term_share' if share else 'term_rates'}: counting in the blocks"
    if bootstrap == "documents":
        found = parts.run(_pattern_block, plan, each=each, desc=desc, progress=progress)
        sums = np.sum([f[0] for f in found], axis=0)
        dates = np.sum([f[1] for f in found], axis=0)
        counts = sp.vstack([f[2] for f in found], format="csc")
        lengths = np.concatenate([f[3] for f in found])
        whole = Grouping(groups.grouping.labels, np.concatenate([f[4] for f in found]))
        bounds = share_intervals_from_documents(counts, whole, spec) if share else \
            rate_intervals_from_documents(counts, lengths, whole, spec)
    else:
        sums, dates, replicates = parts.total(_pattern_block, plan, each=each, desc=desc, progress=progress)
        of_replicates = share_intervals_from_replicates if share else rate_intervals_from_replicates
        bounds = of_replicates(replicates, sums, plan.keys, spec)
    labels = groups.grouping.labels if options["period"] is None else with_dates(groups.grouping.labels, dates)
    return labels, query.names, sums, bounds


def dask_term_rates(data: DaskMatrix | DaskCorpus, patterns: PatternSpec, *,
                    by: str | Sequence[str] | None = "outlet", period: str | None = None, n_boot: int = 1000,
                    ci: float = 0.95, seed: int = 1, ci_method: str = "profile", progress: bool = True
                    ) -> pd.DataFrame:
    """:func:`framing.term_rates` of a distributed matrix (or corpus): the same table, equal exactly.

    ``per_10k = 10,000 · count / tokens`` and ``doc_share = docs_matched / docs`` per group, with the
    intervals of :func:`framing.term_rates` (module docstring: how each ``ci_method`` is computed on
    the blocks). Options as there; ``progress`` shows a bar while the blocks count.

    Args:
        data: a :class:`~framing.distributed.DaskMatrix` (equal to ``term_rates`` of its gathered
            matrix), or a :class:`~framing.distributed.DaskCorpus` (equal to ``term_rates`` of the
            gathered corpus: each partition counts in its own unigram matrix).
        patterns, by, period, n_boot, ci, seed, ci_method: as :func:`framing.term_rates`.
        progress: show a progress bar.

    Returns:
        The table of :func:`framing.term_rates`, with its ``date`` column (by period) and ``attrs``.
    """
    check_bootstrap(n_boot, ci, seed)
    check_ci_method("term_rates", ci_method)
    options = {"by": by, "period": period, "n_boot": n_boot, "ci": ci, "seed": seed, "ci_method": ci_method}
    labels, names, sums, bounds = _pattern_tables(data, patterns, options, False, progress)
    return rates_table(labels, names, sums, bounds, IntervalSpec(n_boot, ci, seed, ci_method), period)


def dask_term_share(data: DaskMatrix | DaskCorpus, patterns: PatternSpec, *,
                    by: str | Sequence[str] | None = "outlet", period: str | None = None, n_boot: int = 1000,
                    ci: float = 0.95, seed: int = 1, ci_method: str = "fieller", progress: bool = True
                    ) -> pd.DataFrame:
    """:func:`framing.term_share` of a distributed matrix (or corpus): the same table, equal exactly.

    ``share = count / mentions`` per group and pattern, with the intervals of
    :func:`framing.term_share` (``"fieller"`` from the gathered documents' counts, ``"percentile"``
    from replicate sums added over the blocks; module docstring). Arguments as
    :func:`dask_term_rates`.
    """
    check_bootstrap(n_boot, ci, seed)
    check_ci_method("term_share", ci_method)
    options = {"by": by, "period": period, "n_boot": n_boot, "ci": ci, "seed": seed, "ci_method": ci_method}
    labels, names, sums, bounds = _pattern_tables(data, patterns, options, True, progress)
    return share_table(labels, names, sums, bounds, IntervalSpec(n_boot, ci, seed, ci_method), period)


# --- keyness ------------------------------------------------------------------------------------
def _totals_block(dtm: DocTermMatrix, corpus: Corpus | None, mapping: np.ndarray, by: Any, n_groups: int
                  ) -> tuple[sp.csr_matrix, np.ndarray]:
    """The block's :func:`group_totals`, its groups mapped to the whole's (groups × terms, tokens per group)."""
    counts, tokens = group_totals(dtm, Grouping.of(dtm.docs, by))
    to_whole = sp.csr_matrix((np.ones(len(mapping)), (mapping, np.arange(len(mapping)))),
                             shape=(n_groups, len(mapping)))
    return (to_whole @ counts).tocsr(), to_whole @ tokens


def dask_keyness(data: DaskMatrix, *, by: str | Sequence[str] | None = "outlet",
                 target: str | Sequence[str] | None = None, reference: str | Sequence[str] = "rest",
                 measure: str = "log_odds", min_freq: int = 5, top: int | None = None,
                 max_rows: int | None = MAX_ROWS, stopwords: Stopwords = "auto", prior: str = "all",
                 progress: bool = True) -> pd.DataFrame:
    """:func:`framing.keyness` of a distributed matrix: the same table, equal exactly.

    Each block sums its documents' counts per group (groups × terms, sparse) and tokens per group;
    the blocks' sums are added pair by pair on the workers (whole numbers: exact), and the client
    runs the statistics of :func:`framing.keyness` (G², χ², Log Ratio, log-odds with informative
    Dirichlet prior, p, BH q) on them. Options as :func:`framing.keyness`; ``progress`` shows a bar.

    >>> from framing.distributed import dask_keyness
    >>> dask_keyness(dist, target="a", reference="b", min_freq=1)  # doctest: +SKIP
    """
    check_options(measure=measure, prior=prior, top=top, max_rows=max_rows)
    require_documents(data.shape[0])
    parts = Parts.of(data)
    groups = whole_groups(parts, by, None)
    counts, tokens = parts.total(_totals_block, by, groups.n_groups, each=groups.maps,
                                 desc="keyness: group totals", progress=progress)
    totals = GroupTotals(counts, np.asarray(tokens, float), groups.grouping.names, data.vocab,
                         languages(parts).stopwords)
    test = KeynessOptions(measure, max(int(min_freq), 1), top, max_rows, prior)
    return keyness_of_totals(totals, target=target, reference=reference, test=test, stopwords=stopwords)
