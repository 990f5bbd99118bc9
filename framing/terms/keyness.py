"""Keyness: which terms are distinctive of a target group of documents against a reference.

For a term with count ``a`` in the target (``N1`` tokens) and ``b`` in the reference
(``N2`` tokens), the 2 × 2 table is ``[[a, b], [N1 − a, N2 − b]]`` with expected counts
``E = row total · column total / N``. Statistics (all vectorised over the vocabulary):

- **G²** log-likelihood ratio, ``2 Σ O ln(O / E)`` over the four cells (Dunning 1993;
  the keyness use popularised by Rayson & Garside 2000, whose calculator keeps only the
  two term cells — the four-cell form here is the exact likelihood-ratio statistic).
- **χ²** Pearson's statistic, ``N (a(N2 − b) − b(N1 − a))² / (N1 · N2 · (a + b) · (N − a − b))``,
  without Yates's continuity correction (``scipy.stats.chi2_contingency(..., correction=False)``).
- **Log Ratio** ``log2((a / N1) / (b / N2))``, a zero count replaced by 0.5 (Hardie 2014).
- **Log-odds ratio with informative Dirichlet prior** (Monroe, Colaresi & Quinn 2008,
  "Fightin' Words"): ``δ = ln((a + α) / (N1 + α0 − a − α)) − ln((b + α) / (N2 + α0 − b − α))``
  with ``Var δ ≈ 1/(a + α) + 1/(N1 + α0 − a − α) + 1/(b + α) + 1/(N2 + α0 − b − α)`` and
  ``z = δ / √Var``. The prior ``α`` of a term is its count in *all* documents of the data
  (Jurafsky et al. 2014; scattertext's informative prior with ``scale_type="none"``), and
  ``α0`` the total tokens, so for a unigram matrix ``α0 = Σ α``. The z-scores equal
  scattertext's only on a plain unigram matrix with every token counted: framing takes
  ``N1``, ``N2`` and ``α0`` from the documents' lengths (all tokens), scattertext from the
  matrix's sums, which differ once stopwords, ``min_df`` or n-grams change the matrix.
  With ``reference="each"`` the prior comes from *all* groups (every comparison shares
  it); ``prior="pair"`` takes it from the two sides of each comparison only
  (``α = a + b``, ``α0 = N1 + N2``).

G² and χ² are *signed*: positive when the term is relatively more frequent in the target,
so swapping target and reference flips every sign. p-values: χ²(1 df) for G² (also used
for Log Ratio) and χ², two-sided normal for the log-odds z; ``log10_p`` is their ``log10``
from scipy's ``norm.logsf`` (``p = 2 Φ(−|z|)``, and ``2 Φ(−√x)`` for a χ²(1) value ``x``),
finite where ``p`` underflows to 0 (G² above about 1,500), and breaks the ties of ``p`` and
``q`` at 0 in the order. ``q`` is the
Benjamini–Hochberg adjustment over the terms tested in that comparison
(``scipy.stats.false_discovery_control``) — unlike scattertext (two categories, FDR for
some scorers) and quanteda (no multiple-testing control).

Stopwords (``stopwords="auto"``: the lists of the documents' languages) are left out of
the ranking, of ``p`` and of ``q`` (:mod:`framing.terms.stoplist`); token totals and the
prior still count every token, so a kept term's statistics do not depend on them.

>>> import framing as fr, pandas as pd
>>> c = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b"], "date": ["2022-03-01"] * 2,
...     "text": ["invasion invasion invasion war", "operation operation operation war"]}))
>>> keyness(c, target="a", reference="b", min_freq=1)[["group_a", "group_b", "term", "count_a", "count_b", "log_ratio"]]
  group_a group_b       term  count_a  count_b  log_ratio
0       a       b   invasion        3        0   2.584963
1       a       b        war        1        1   0.000000
2       a       b  operation        0        3  -2.584963

Every comparison is a pair: ``group_a`` is the target, ``group_b`` the reference (a
group, several pooled as ``"x + y"``, or ``"rest"``), and the statistics of each side end
in ``_a`` and ``_b`` (``docs/conventions.md``).

Many comparisons (``reference="each"`` over 200 outlets is 19,900 pairs) are computed in
blocks of about :data:`BLOCK_CELLS` comparisons × terms (one comparison at least), each vectorised, and
``top`` keeps only the best terms of each comparison as its block is done; so memory
follows the result, and a result of more than ``max_rows`` rows is refused as soon as it
is certain, with advice on what to narrow (as is running out of memory).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import scipy.sparse as sp
from scipy import special, stats

from framing._infra.errors import ArgumentError
from framing.corpus.corpus import Corpus, require_documents
from framing.dtm.grouping import Grouping
from framing.dtm.matrix import DocTermMatrix
from framing.dtm.patterns import arrow_vocab, corpus_matrix
from framing.terms.stoplist import Stopwords, document_languages, ranked_mask

MEASURES = {"g2": "g2", "chi2": "chi2", "log_ratio": "log_ratio", "log_odds": "log_odds_z"}
"""Accepted ``measure`` values and the column each sorts by."""
PRIORS = ("all", "pair")
"""Accepted ``prior`` values of :func:`keyness`."""

PER = 10_000
Total = float | np.ndarray
"""Token totals: one number per side, or one per term (collocate windows)."""
COLUMNS = ["group_a", "group_b", "term", "count_a", "count_b", "tokens_a", "tokens_b",
           "per_10k_a", "per_10k_b", "g2", "chi2", "log_ratio", "log_odds", "log_odds_z", "p", "log10_p", "q"]
"""The columns of :func:`keyness`."""
BLOCK_CELLS = 1 << 18
"""Comparisons × terms computed at once: bounds the memory of the intermediate arrays."""
MAX_ROWS = 20_000_000
"""The default ``max_rows`` of :func:`keyness` (a table of about 3 GB)."""
NARROW = ("narrow it: pass top=N (--top N on the command line) to keep the N most distinctive terms of each "
          "comparison, raise min_freq, name a target, or compare fewer groups")
Plan = list[tuple[str, str, list[str], list[str]]]
"""Comparisons: (target label, reference label, target groups, reference groups)."""


def _xlogx_over(o: np.ndarray, e: np.ndarray) -> np.ndarray:
    """``o · ln(o / e)`` with ``0 · ln 0 = 0``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return special.xlogy(o, o / e)


def _direction(a: np.ndarray, b: np.ndarray, n1: Total, n2: Total) -> np.ndarray:
    return np.sign(a * n2 - b * n1)


def g2(a: np.ndarray, b: np.ndarray, n1: Total, n2: Total) -> np.ndarray:
    """Signed four-cell G² for counts ``a`` (of ``n1`` tokens) vs ``b`` (of ``n2``)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    n = n1 + n2
    k = a + b
    cells = [(a, n1 * k / n), (b, n2 * k / n), (n1 - a, n1 * (n - k) / n), (n2 - b, n2 * (n - k) / n)]
    value = 2 * sum(_xlogx_over(o, e) for o, e in cells)
    return _direction(a, b, n1, n2) * np.maximum(value, 0.0)


def chi2(a: np.ndarray, b: np.ndarray, n1: Total, n2: Total) -> np.ndarray:
    """Signed Pearson χ² (no continuity correction) of the same 2 × 2 table as :func:`g2`."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    n = n1 + n2
    k = a + b
    with np.errstate(divide="ignore", invalid="ignore"):
        value = n * (a * (n2 - b) - b * (n1 - a)) ** 2 / (n1 * n2 * k * (n - k))
    return _direction(a, b, n1, n2) * np.nan_to_num(value)


def log_ratio(a: np.ndarray, b: np.ndarray, n1: Total, n2: Total) -> np.ndarray:
    """Hardie's (2014) Log Ratio: ``log2`` of the ratio of relative frequencies; zeros become 0.5."""
    a = np.where(np.asarray(a, float) == 0, 0.5, a)
    b = np.where(np.asarray(b, float) == 0, 0.5, b)
    return np.log2((a / n1) / (b / n2))


def log_odds(a: np.ndarray, b: np.ndarray, n1: Total, n2: Total, prior: np.ndarray,
             prior_total: Total) -> tuple[np.ndarray, np.ndarray]:
    """Monroe et al.'s (2008) log-odds ratio δ with informative Dirichlet prior, and its z-score."""
    a, b, prior = np.asarray(a, float), np.asarray(b, float), np.asarray(prior, float)
    rest1 = n1 + prior_total - a - prior
    rest2 = n2 + prior_total - b - prior
    with np.errstate(divide="ignore", invalid="ignore"):  # NaN only for a one-term corpus
        delta = np.log((a + prior) / rest1) - np.log((b + prior) / rest2)
        var = 1 / (a + prior) + 1 / rest1 + 1 / (b + prior) + 1 / rest2
        return delta, delta / np.sqrt(var)


# --- comparisons ------------------------------------------------------------------------------
def _names(value: str | Sequence[str], groups: list[str], what: str) -> list[str]:
    names = [value] if isinstance(value, str) else list(value)
    unknown = [n for n in names if n not in groups]
    if unknown or not names:
        raise ArgumentError(f"{what} {unknown or names!r} is not a group; the groups are {groups}")
    return names


def _label(names: list[str]) -> str:
    return " + ".join(names)


def comparisons(groups: list[str], target: str | Sequence[str] | None,
                reference: str | Sequence[str]) -> Plan:
    """``(target label, reference label, target groups, reference groups)`` for each comparison."""
    if isinstance(reference, str) and reference in ("rest", "each") and reference not in groups:
        targets = [[g] for g in groups] if target is None else [_names(target, groups, "target")]
        out = []
        for i, t in enumerate(targets):
            others = [g for g in groups if g not in t]
            if reference == "rest":
                out.append((_label(t), "rest", t, others))
            else:
                later = others if target is not None else groups[i + 1:]
                out += [(_label(t), o, t, [o]) for o in later]
        if not out or any(not r for *_, r in out):
            raise ArgumentError(f"keyness needs at least two groups to compare; the data has {groups}")
        return out
    if target is None:
        raise ArgumentError("with a named reference, name the target too (target=...)")
    t, r = _names(target, groups, "target"), _names(reference, groups, "reference")
    if set(t) & set(r):
        raise ArgumentError(f"target and reference overlap in {sorted(set(t) & set(r))}; a group can be "
                            "on one side only")
    return [(_label(t), _label(r), t, r)]


def _p_values(table: dict[str, np.ndarray], measure: str) -> np.ndarray:
    """Two-sided normal p of z, or the χ²(1 df) upper tail: ``erfc(|z|/√2)`` and ``erfc(√(x/2))``."""
    if measure == "log_odds":
        return special.erfc(np.abs(table["log_odds_z"]) / np.sqrt(2))
    return special.erfc(np.sqrt(np.abs(table["chi2" if measure == "chi2" else "g2"]) / 2))


def log10_p_normal(z: np.ndarray) -> np.ndarray:
    """``log10`` of the two-sided normal p of ``z``, ``log10(2 Φ(−|z|))``, finite far beyond ``p``'s underflow.

    >>> log10_p_normal(np.array([1.959964, 60.0])).round(2).tolist()
    [-1.3, -783.61]
    """
    return (np.log(2) + stats.norm.logsf(np.abs(z))) / np.log(10)


def log10_p_chi2(x: np.ndarray) -> np.ndarray:
    """``log10`` of the χ²(1 df) upper tail of ``|x|``: ``2 Φ(−√|x|)`` (scipy's ``chi2.logsf`` underflows).

    >>> log10_p_chi2(np.array([3.841459, 5000.0])).round(2).tolist()
    [-1.3, -1087.68]
    """
    return log10_p_normal(np.sqrt(np.abs(x)))


def _log10_p(table: dict[str, np.ndarray], measure: str) -> np.ndarray:
    if measure == "log_odds":
        return log10_p_normal(table["log_odds_z"])
    return log10_p_chi2(table["chi2" if measure == "chi2" else "g2"])


def bh(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg q-values of the finite p-values (NaN stays NaN)."""
    q = np.full(len(p), np.nan)
    ok = np.isfinite(p)
    if ok.any():
        q[ok] = stats.false_discovery_control(p[ok], method="bh")
    return q


def bh_within(p: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    """:func:`bh` within each group: ``p[i]`` belongs to group ``group[i]`` (0 … ``n_groups`` − 1).

    ``q₍ᵢ₎ = min over j ≥ i of p₍ⱼ₎ · m / j`` over each group's ``m`` finite p-values in
    ascending order, capped at 1 — the operations of scipy's ``false_discovery_control``, so
    the values are identical; a padded groups × largest-group table replaces a loop.

    >>> p = np.array([0.01, 0.04, 0.03, 0.5, np.nan])
    >>> bh_within(p, np.array([0, 0, 0, 1, 1]), 2).round(3).tolist()
    [0.03, 0.04, 0.04, 0.5, nan]
    """
    q = np.full(len(p), np.nan)
    ok = np.flatnonzero(np.isfinite(p))
    if not len(ok):
        return q
    order = ok[np.lexsort((p[ok], group[ok]))]
    ps, gs = p[order], group[order]
    m = np.bincount(gs, minlength=n_groups)
    rank = np.arange(len(ps)) - (np.cumsum(m) - m)[gs] + 1
    grid: np.ndarray = np.full((n_groups, int(m.max())), np.inf)
    grid[gs, rank - 1] = ps * (m[gs] / rank)
    grid = np.minimum.accumulate(grid[:, ::-1], axis=1)[:, ::-1]
    q[order] = np.clip(grid[gs, rank - 1], 0, 1)
    return q


def _ranked(values: np.ndarray, group: np.ndarray, n_groups: int, top: int | None,
            log10_p: np.ndarray) -> np.ndarray:
    """Positions by group, then by ``values`` descending (NaN last, ties by ``log10_p``, then in order);
    the first ``top`` of each."""
    nan = np.isnan(values)
    order = np.lexsort((log10_p, np.where(nan, 0.0, -values), nan, group))
    if top is None:
        return order
    sizes = np.bincount(group, minlength=n_groups)
    place = np.arange(len(order)) - (np.cumsum(sizes) - sizes)[group[order]]
    return order[place < top]


@dataclasses.dataclass(frozen=True)
class KeynessOptions:
    """What every comparison of one call shares (see :func:`keyness`; ``min_freq`` at least 1)."""

    measure: str
    min_freq: int
    top: int | None
    max_rows: int | None
    prior: str = "all"


def _compare(a2: np.ndarray, b2: np.ndarray, n1: np.ndarray, n2: np.ndarray, prior: tuple[np.ndarray, float],
             test: KeynessOptions, ranked: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The tested terms of a block of comparisons (the rows of ``a2`` and ``b2``), ranked, cut to ``top``.

    ``prior`` is the log-odds prior of each term and its total (used with ``test.prior ==
    "all"``); ``ranked`` marks the terms that may be tested (not stopwords). Returns the
    block row (comparison) of each kept table row, and the table's columns.
    """
    row, column = np.nonzero((a2 + b2 >= test.min_freq) & ranked)
    a, b, t1, t2 = a2[row, column], b2[row, column], n1[row], n2[row]
    if test.prior == "pair":
        delta, z = log_odds(a, b, t1, t2, a + b, t1 + t2)
    else:
        delta, z = log_odds(a, b, t1, t2, prior[0][column], prior[1])
    table = {"column": column, "count_a": a.astype(np.int64), "count_b": b.astype(np.int64),
             "tokens_a": t1.astype(np.int64), "tokens_b": t2.astype(np.int64),
             "per_10k_a": PER * a / t1, "per_10k_b": PER * b / t2,
             "g2": g2(a, b, t1, t2), "chi2": chi2(a, b, t1, t2), "log_ratio": log_ratio(a, b, t1, t2),
             "log_odds": delta, "log_odds_z": z}
    table["p"] = _p_values(table, test.measure)
    table["log10_p"] = _log10_p(table, test.measure)
    table["q"] = bh_within(table["p"], row, len(a2))
    keep = _ranked(table[MEASURES[test.measure]], row, len(a2), test.top, table["log10_p"])
    return row[keep], {k: v[keep] for k, v in table.items()}


def _sides(plan: Plan, groups: list[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """Comparisons × groups indicators of the target side and of the reference side."""
    index = {g: i for i, g in enumerate(groups)}

    def indicator(sides: list[list[str]]) -> sp.csr_matrix:
        columns = [index[g] for side in sides for g in side]
        indptr = np.cumsum([0, *map(len, sides)])
        return sp.csr_matrix((np.ones(len(columns)), columns, indptr), shape=(len(sides), len(groups)))

    return indicator([t for _, _, t, _ in plan]), indicator([r for _, _, _, r in plan])


@dataclasses.dataclass(frozen=True)
class GroupTotals:
    """What keyness reads from the documents: per group, the count of each term and the tokens.

    Attributes:
        counts: groups × terms counts (sparse; whole numbers, as floats).
        tokens: tokens per group (every token).
        names: each group's name (:func:`framing.dtm.grouping.group_names`), in the order of the rows.
        vocab: the terms, sorted.
        languages: the documents' distinct languages (for ``stopwords="auto"``).
    """

    counts: sp.csr_matrix
    tokens: np.ndarray
    names: list[str]
    vocab: np.ndarray
    languages: list[str | None]


def group_totals(dtm: DocTermMatrix, grouping: Grouping) -> tuple[sp.csr_matrix, np.ndarray]:
    """Counts of each term per group (groups × terms, sparse: memory follows the non-zeros) and tokens per group.

    Whole numbers (as floats): the totals of consecutive blocks of documents add up to those of all, exactly.
    """
    return (grouping.indicator @ dtm.matrix).tocsr(), np.asarray(grouping.indicator @ dtm.doc_lengths, float)


def _tables(totals: GroupTotals, plan: Plan, test: KeynessOptions, ranked: np.ndarray) -> pd.DataFrame:
    """Compute the comparisons block by block; the rows of each in ranked order (``ranked``: terms tested)."""
    counts, tokens = totals.counts, totals.tokens
    prior = (np.asarray(counts.sum(axis=0), float).ravel(), float(tokens.sum()))
    targets, references = _sides(plan, totals.names)
    step = max(1, BLOCK_CELLS // max(counts.shape[1], 1))
    which, parts, rows = [], [], 0
    for start in range(0, len(plan), step):
        t, r = targets[start:start + step], references[start:start + step]
        row, part = _compare((t @ counts).toarray(), (r @ counts).toarray(), t @ tokens, r @ tokens, prior, test,
                             ranked)
        rows += len(row)
        if test.max_rows is not None and rows > test.max_rows:
            raise ArgumentError(f"keyness of {len(plan):,} comparisons would return more than {test.max_rows:,} "
                                f"rows; {NARROW}; or pass max_rows=None (--max-rows 0) to lift the limit")
        which.append(row + start)
        parts.append(part)
    columns: dict[str, Any] = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    # string columns straight from Arrow: converting Python strings is the costly part
    comparison = pa.array(np.concatenate(which))
    columns["group_a"] = pa.array([label for label, _, _, _ in plan]).take(comparison).to_pandas()
    columns["group_b"] = pa.array([label for _, label, _, _ in plan]).take(comparison).to_pandas()
    columns["term"] = arrow_vocab(totals.vocab).take(pa.array(columns.pop("column"))).to_pandas()
    return pd.DataFrame({k: columns[k] for k in COLUMNS})


def _check_limit(name: str, value: int | None, what: str) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1):
        raise ArgumentError(f"{name} must be a whole number ≥ 1 ({what}) or None, got {value!r}")


def keyness(data: Corpus | DocTermMatrix, *, by: str | Sequence[str] | None = "outlet",
            target: str | Sequence[str] | None = None,
            reference: str | Sequence[str] = "rest", measure: str = "log_odds", min_freq: int = 5,
            ngrams: int = 1, top: int | None = None, max_rows: int | None = MAX_ROWS,
            stopwords: Stopwords = "auto", prior: str = "all") -> pd.DataFrame:
    """Keyness of every term for target vs reference groups, all statistics, p and BH q.

    Args:
        data: a Corpus (its cached matrix with ``ngrams`` is used; n-grams of two or more
            words are kept when in at least two documents) or a DocTermMatrix (build it
            yourself for stopwords, ``min_df`` or lemmas).
        by: the metadata column(s) whose values are the groups (usually ``"outlet"``); with
            several columns a group is named by its values joined by ``" / "``
            (:func:`framing.dtm.grouping.group_names`), e.g. ``"kremlin.ru / en"``.
        target: a group, a list of groups (pooled, labelled ``"a + b"``), or ``None`` for
            every group in turn.
        reference: ``"rest"`` (all other groups), ``"each"`` (each other group separately;
            with ``target=None`` every unordered pair once), a group, or a list of groups.
        measure: ``"g2"``, ``"chi2"``, ``"log_ratio"`` or ``"log_odds"``: decides ``p``,
            ``q`` and the order (descending by ``g2``, ``chi2``, ``log_ratio`` or ``log_odds_z``).
        min_freq: test only terms with ``count_a + count_b ≥ min_freq``.
        top: keep only the ``top`` highest-ranked terms of each comparison (``None``: all).
            ``q`` is still adjusted over all the terms tested in the comparison.
        max_rows: refuse (:class:`~framing._infra.errors.ArgumentError`, saying what to narrow)
            a result of more rows; ``None`` for no limit.
        stopwords: terms left out of the ranking (and of ``q``): ``"auto"`` (the lists of the
            documents' languages), a language code, a list of words, or ``None`` to rank
            every term. ``tokens_a``, ``tokens_b`` and the prior still count every token.
        prior: the log-odds prior: ``"all"`` (counts in all documents of the data) or
            ``"pair"`` (counts in the two sides of each comparison).

    Returns:
        One row per comparison and tested term: ``group_a`` (the target), ``group_b``
        (the reference), ``term``, ``count_a``, ``count_b``, ``tokens_a``, ``tokens_b``,
        ``per_10k_a``, ``per_10k_b``, ``g2``, ``chi2``, ``log_ratio``, ``log_odds``,
        ``log_odds_z``, ``p``, ``log10_p``, ``q``.

    Raises:
        CorpusError: the data has no documents.
        ArgumentError: a bad argument, a result beyond ``max_rows``, or memory running out
            (the message says what to narrow).
    """
    check_options(measure=measure, prior=prior, top=top, max_rows=max_rows)
    if isinstance(data, Corpus):
        require_documents(len(data))
    dtm = data if isinstance(data, DocTermMatrix) else corpus_matrix(data, ngrams)
    require_documents(dtm.shape[0])
    grouping = dtm.grouping(by)
    counts, tokens = group_totals(dtm, grouping)
    totals = GroupTotals(counts, tokens, grouping.names, dtm.vocab, document_languages(dtm))
    test = KeynessOptions(measure, max(int(min_freq), 1), top, max_rows, prior)
    return keyness_of_totals(totals, target=target, reference=reference, test=test, stopwords=stopwords)


def check_options(*, measure: str, prior: str, top: int | None, max_rows: int | None) -> None:
    """The :class:`~framing._infra.errors.ArgumentError` of :func:`keyness` for an unusable option."""
    if measure not in MEASURES:
        raise ArgumentError(f"unknown keyness measure {measure!r}; use one of {sorted(MEASURES)}")
    if prior not in PRIORS:
        raise ArgumentError(f"unknown log-odds prior {prior!r}; use {PRIORS[0]!r} (all documents) or "
                            f"{PRIORS[1]!r} (the two sides of each comparison)")
    _check_limit("top", top, "terms kept per comparison")
    _check_limit("max_rows", max_rows, "rows of the result")


def keyness_of_totals(totals: GroupTotals, *, target: str | Sequence[str] | None, reference: str | Sequence[str],
                      test: KeynessOptions, stopwords: Stopwords) -> pd.DataFrame:
    """The table of :func:`keyness` from the groups' totals (:class:`GroupTotals`; options checked)."""
    n = len(totals.names)
    pairs = target is None and reference == "each" and "each" not in totals.names
    if pairs and test.max_rows is not None and n * (n - 1) // 2 > test.max_rows:
        raise ArgumentError(f"keyness of all pairs of {n:,} groups makes {n * (n - 1) // 2:,} comparisons, more "
                            f"than max_rows={test.max_rows:,}; {NARROW}; or pass max_rows=None (--max-rows 0) to "
                            "lift the limit")
    plan = comparisons(totals.names, target, reference)
    ranked = ranked_mask(totals.vocab, stopwords, totals.languages)
    try:
        return _tables(totals, plan, test, ranked)
    except MemoryError:  # numpy's and Arrow's allocation errors are MemoryErrors
        raise ArgumentError(f"keyness of {len(plan):,} comparisons ran out of memory; {NARROW}") from None
