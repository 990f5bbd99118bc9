"""Keyness: which terms are distinctive of a target group of documents against a reference.

For a term with count ``a`` in the target (``N1`` tokens) and ``b`` in the reference
(``N2`` tokens), the 2 × 2 table is ``[[a, b], [N1 − a, N2 − b]]`` with expected counts
``E = row total · column total / N``. Statistics (all vectorised over the vocabulary):

- **G²** log-likelihood ratio, ``2 Σ O ln(O / E)`` over the four cells (Dunning 1993;
  the keyness use popularised by Rayson & Garside 2000, whose calculator keeps only the
  two term cells — the four-cell form here is the exact likelihood-ratio statistic).
- **χ²** Pearson's statistic, ``N (a(N2 − b) − b(N1 − a))² / (N1 · N2 · (a + b) · (N − a − b))``,
  no continuity correction.
- **Log Ratio** ``log2((a / N1) / (b / N2))``, a zero count replaced by 0.5 (Hardie 2014).
- **Log-odds ratio with informative Dirichlet prior** (Monroe, Colaresi & Quinn 2008,
  "Fightin' Words"): ``δ = ln((a + α) / (N1 + α0 − a − α)) − ln((b + α) / (N2 + α0 − b − α))``
  with ``Var δ ≈ 1/(a + α) + 1/(N1 + α0 − a − α) + 1/(b + α) + 1/(N2 + α0 − b − α)`` and
  ``z = δ / √Var``. The prior ``α`` of a term is its count in *all* documents of the data
  (Jurafsky et al. 2014; scattertext's informative prior with ``scale_type="none"``), and
  ``α0`` the total tokens, so for a unigram matrix ``α0 = Σ α``.

G² and χ² are *signed*: positive when the term is relatively more frequent in the target,
so swapping target and reference flips every sign. p-values: χ²(1 df) for G² (also used
for Log Ratio) and χ², two-sided normal for the log-odds z. ``q`` is the
Benjamini–Hochberg adjustment over the terms tested in that comparison
(``scipy.stats.false_discovery_control``) — unlike scattertext (two categories, FDR for
some scorers) and quanteda (no multiple-testing control).

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
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy import special, stats

from framing._infra.errors import ArgumentError
from framing.corpus.corpus import Corpus
from framing.dtm.matrix import DocTermMatrix
from framing.dtm.patterns import arrow_vocab, corpus_matrix

MEASURES = {"g2": "g2", "chi2": "chi2", "log_ratio": "log_ratio", "log_odds": "log_odds_z"}
"""Accepted ``measure`` values and the column each sorts by."""

PER = 10_000
Total = float | np.ndarray
"""Token totals: one number per side, or one per term (collocate windows)."""
COLUMNS = ["group_a", "group_b", "term", "count_a", "count_b", "tokens_a", "tokens_b",
           "per_10k_a", "per_10k_b", "g2", "chi2", "log_ratio", "log_odds", "log_odds_z", "p", "q"]
"""The columns of :func:`keyness`."""


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


def log_odds(a: np.ndarray, b: np.ndarray, n1: float, n2: float, prior: np.ndarray,
             prior_total: float) -> tuple[np.ndarray, np.ndarray]:
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
                reference: str | Sequence[str]) -> list[tuple[str, str, list[str], list[str]]]:
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


def _compare(counts: np.ndarray, tokens: np.ndarray, rows: tuple[np.ndarray, np.ndarray],
             prior: np.ndarray, keep_min: int) -> dict[str, np.ndarray]:
    ti, ri = rows
    a_all = counts[ti].sum(axis=0)
    b_all = counts[ri].sum(axis=0)
    n1, n2 = float(tokens[ti].sum()), float(tokens[ri].sum())
    keep = np.flatnonzero(a_all + b_all >= keep_min)
    a, b = a_all[keep], b_all[keep]
    delta, z = log_odds(a, b, n1, n2, prior[keep], float(tokens.sum()))
    return {"column": keep, "count_a": a.astype(np.int64), "count_b": b.astype(np.int64),
            "tokens_a": np.full(len(keep), int(n1)), "tokens_b": np.full(len(keep), int(n2)),
            "per_10k_a": PER * a / n1, "per_10k_b": PER * b / n2,
            "g2": g2(a, b, n1, n2), "chi2": chi2(a, b, n1, n2), "log_ratio": log_ratio(a, b, n1, n2),
            "log_odds": delta, "log_odds_z": z}


def _p_values(table: dict[str, np.ndarray], measure: str) -> np.ndarray:
    """Two-sided normal p of z, or the χ²(1 df) upper tail: ``erfc(|z|/√2)`` and ``erfc(√(x/2))``."""
    if measure == "log_odds":
        return special.erfc(np.abs(table["log_odds_z"]) / np.sqrt(2))
    return special.erfc(np.sqrt(np.abs(table["chi2" if measure == "chi2" else "g2"]) / 2))


def bh(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg q-values of the finite p-values (NaN stays NaN)."""
    q = np.full(len(p), np.nan)
    ok = np.isfinite(p)
    if ok.any():
        q[ok] = stats.false_discovery_control(p[ok], method="bh")
    return q


def keyness(data: Corpus | DocTermMatrix, *, by: str | Sequence[str] | None = "outlet",
            target: str | Sequence[str] | None = None,
            reference: str | Sequence[str] = "rest", measure: str = "log_odds", min_freq: int = 5,
            ngrams: int = 1) -> pd.DataFrame:
    """Keyness of every term for target vs reference groups, all statistics, p and BH q.

    Args:
        data: a Corpus (its cached matrix with ``ngrams`` is used) or a DocTermMatrix
            (build it yourself for stopwords, ``min_df`` or lemmas).
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

    Returns:
        One row per comparison and tested term: ``group_a`` (the target), ``group_b``
        (the reference), ``term``, ``count_a``, ``count_b``, ``tokens_a``, ``tokens_b``,
        ``per_10k_a``, ``per_10k_b``, ``g2``, ``chi2``, ``log_ratio``, ``log_odds``,
        ``log_odds_z``, ``p``, ``q``.
    """
    if measure not in MEASURES:
        raise ArgumentError(f"unknown keyness measure {measure!r}; use one of {sorted(MEASURES)}")
    dtm = data if isinstance(data, DocTermMatrix) else corpus_matrix(data, ngrams)
    grouping = dtm.grouping(by)
    groups = grouping.names
    counts = (grouping.indicator @ dtm.matrix).toarray()
    tokens = grouping.indicator @ dtm.doc_lengths
    prior = counts.sum(axis=0).astype(float)
    parts, labels_of = [], []
    for i, (t_label, r_label, t, r) in enumerate(comparisons(groups, target, reference)):
        rows = (np.array([groups.index(g) for g in t]), np.array([groups.index(g) for g in r]))
        table = _compare(counts, np.asarray(tokens, float), rows, prior, max(int(min_freq), 1))
        table["p"] = _p_values(table, measure)
        table["q"] = bh(table["p"])
        order = np.argsort(-table[MEASURES[measure]], kind="stable")  # NaN last
        parts.append({"comparison": np.full(len(order), i), **{k: v[order] for k, v in table.items()}})
        labels_of.append((t_label, r_label))
    columns: dict[str, Any] = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    # string columns straight from Arrow: converting Python strings is the costly part
    which = pa.array(columns.pop("comparison"))
    columns["group_a"] = pa.array([t for t, _ in labels_of]).take(which).to_pandas()
    columns["group_b"] = pa.array([r for _, r in labels_of]).take(which).to_pandas()
    columns["term"] = arrow_vocab(dtm.vocab).take(pa.array(columns.pop("column"))).to_pandas()
    return pd.DataFrame({k: columns[k] for k in COLUMNS})
