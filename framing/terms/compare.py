"""Rate comparisons: how many times as often, and how much more, one side uses a term than the other.

:func:`compare_rates` compares two sides — two outlets (or pooled groups), or the periods
before and after a date within each outlet — per pattern. With ``count`` occurrences in
``tokens`` tokens on each side (:func:`framing.term_rates`' definitions):

- ``rate_ratio = (count_a / tokens_a) / (count_b / tokens_b)`` ("outlet A uses *war* 3.2
  times as often as outlet B"; ∞ when ``count_b = 0``, NaN when both are 0);
- ``difference = per_10k_a − per_10k_b`` (per 10,000 tokens).

Each has two intervals side by side, because they answer to different assumptions:

- ``rate_ratio_lo``/``_hi``: the **exact conditional** interval (Clopper–Pearson on the
  conditional binomial, as R's ``poisson.test(c(count_a, count_b), c(tokens_a, tokens_b))``),
  and ``p`` its two-sided exact test of equal rates; ``difference_lo``/``_hi``: the MOVER
  interval from the two exact Garwood intervals (:mod:`framing.stats.two_rates`). These treat
  every token as an independent draw (Poisson counts).
- ``rate_ratio_boot_lo``/``_hi`` and ``difference_boot_lo``/``_hi``: the **document
  bootstrap** (:mod:`framing.stats.bootstrap`): each side's documents are resampled with
  replacement within each of its groups (an outlet, or an outlet's period), from the same
  random stream per group as :func:`framing.term_rates`, and the interval is the percentile
  interval of the replicate statistic. A term that comes in bursts — many mentions in few
  articles — has a much wider bootstrap interval than exact one; where the two disagree, the
  bootstrap is the one that respects that articles, not tokens, are sampled. The ratio's
  percentiles are taken of ``u = θ / (1 + θ)`` (a monotone map of [0, ∞] onto [0, 1], so
  replicates with ``count_b = 0`` take part) and mapped back with ``θ = u / (1 − u)``.
  When one side never uses the term, no replicate does either and the ratio's bootstrap
  interval would collapse to [0, 0] or [∞, ∞]: it is NaN, and the exact interval is the one
  to read.

``log10_p`` is ``log10(p)``, finite where ``p`` underflows to 0; ``q`` is the
Benjamini–Hochberg adjustment over the patterns of each comparison
(``scipy.stats.false_discovery_control``). Comparisons with no occurrence on either side
have NaN statistics and are left out of ``q``.

>>> import framing as fr, pandas as pd
>>> c = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "a", "b", "b"], "date": ["2022-03-01"] * 4,
...     "text": ["war war war and peace", "the war goes on", "peace talks", "no war here today"]}))
>>> t = compare_rates(c, {"war": "war"}, group_a="a", group_b="b", n_boot=0)
>>> t[["group_a", "group_b", "pattern", "count_a", "tokens_a", "count_b", "tokens_b", "rate_ratio"]]
  group_a group_b pattern  count_a  tokens_a  count_b  tokens_b  rate_ratio
0       a       b     war        4         9        1         6    2.666667
>>> t[["rate_ratio_lo", "rate_ratio_hi", "p"]].round(4).values.tolist()   # as R's poisson.test(c(4, 1), c(9, 6))
[[0.2639, 131.3266, 0.6544]]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, cast

import numpy as np
import pandas as pd
import scipy.sparse as sp

from framing._infra.errors import ArgumentError
from framing.corpus.corpus import Corpus
from framing.dtm.grouping import Grouping, by_columns
from framing.dtm.matrix import DocTermMatrix
from framing.dtm.patterns import PatternSpec, pattern_matrix, resolve
from framing.stats.bootstrap import check_bootstrap, percentile_interval, resample_sums
from framing.stats.two_rates import difference_interval, ratio_interval, ratio_test
from framing.terms.keyness import bh_within

PER = 10_000
"""Rates and differences are per this many tokens."""
COLUMNS = ["group_a", "group_b", "pattern", "count_a", "count_b", "tokens_a", "tokens_b", "docs_a", "docs_b",
           "per_10k_a", "per_10k_b", "rate_ratio", "rate_ratio_lo", "rate_ratio_hi", "rate_ratio_boot_lo",
           "rate_ratio_boot_hi", "difference", "difference_lo", "difference_hi", "difference_boot_lo",
           "difference_boot_hi", "p", "log10_p", "q"]
"""The columns of :func:`compare_rates` (after the ``by`` columns when comparing periods)."""
Split = str | pd.Timestamp | Sequence[tuple[Any, Any]] | None
"""A date (``"2022-02-24"``: from that day on vs before it) or two periods ``[(start, end), (start, end)]``."""
Strata = list[tuple[np.ndarray, str]]
"""The documents of one side, by group: (document rows, the group's random-stream key)."""


@dataclasses.dataclass(frozen=True)
class Comparison:
    """One comparison: its group labels (comparing periods), the two sides' names and documents."""

    labels: dict[str, Any]
    name_a: str
    name_b: str
    side_a: Strata
    side_b: Strata


def _names(value: str | Sequence[str], groups: list[str], what: str, by: list[str]) -> list[str]:
    names = [value] if isinstance(value, str) else list(value)
    unknown = [n for n in names if n not in groups]
    if unknown or not names:
        raise ArgumentError(f"{what}={value!r} is not a group of by={by}; the groups are {groups}")
    return names


def _between(dtm: DocTermMatrix, by: str | Sequence[str] | None, group_a: str | Sequence[str] | None,
             group_b: str | Sequence[str] | None) -> list[Comparison]:
    """One comparison of two named groups (several pooled as ``"x + y"``; ``group_b="rest"``: all others)."""
    groups = dtm.grouping(by)
    names, cols = groups.names, by_columns(by)
    if group_a is None or group_b is None:
        raise ArgumentError(f"compare_rates compares two sides: give group_a= and group_b= (groups of by={cols}: "
                            f"{names}), or split='2022-02-24' to compare the periods before and after a date")
    a = _names(group_a, names, "group_a", cols)
    if isinstance(group_b, str) and group_b == "rest" and "rest" not in names:
        b = [n for n in names if n not in a]
        if not b:
            raise ArgumentError(f"group_b='rest' is empty: group_a takes every group of by={cols}")
    else:
        b = _names(group_b, names, "group_b", cols)
    if set(a) & set(b):
        raise ArgumentError(f"group_a and group_b overlap in {sorted(set(a) & set(b))}; a group can be on one "
                            "side only")
    index = {name: g for g, name in enumerate(names)}

    def side(chosen: list[str]) -> Strata:
        return [(groups.members[index[n]], groups.keys[index[n]]) for n in chosen]

    label_b = "rest" if isinstance(group_b, str) and group_b == "rest" and "rest" not in names else " + ".join(b)
    return [Comparison({}, " + ".join(a), label_b, side(a), side(b))]


def _day(value: Any, what: str) -> pd.Timestamp:
    problem = ArgumentError(f"{what} must be a date such as '2022-02-24', got {value!r}")
    try:
        day = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise problem from None
    if pd.isna(day):
        raise problem
    return day.tz_localize(None) if day.tzinfo else day


def _periods(split: Split, dates: pd.Series) -> tuple[str, str, np.ndarray, np.ndarray]:
    """The two sides of ``split``: names and document masks (documents without a date are on neither)."""
    if isinstance(split, (str, pd.Timestamp)) or not isinstance(split, Sequence):
        day = _day(split, "split")
        return (f"from {day:%Y-%m-%d}", f"before {day:%Y-%m-%d}", (dates >= day).to_numpy(),
                (dates < day).to_numpy())
    if len(split) != 2 or not all(isinstance(p, Sequence) and not isinstance(p, str) and len(p) == 2 for p in split):
        raise ArgumentError("split must be a date such as '2022-02-24' or two periods "
                            f"[('2022-02-24', '2022-05-31'), ('2021-12-01', '2022-02-23')], got {split!r}")
    days = dates.dt.normalize()
    periods = cast(Sequence[tuple[Any, Any]], split)
    (a0, a1), (b0, b1) = [(_day(s, "a period's start"), _day(e, "a period's end")) for s, e in periods]
    for start, end in ((a0, a1), (b0, b1)):
        if start > end:
            raise ArgumentError(f"the period {start:%Y-%m-%d} – {end:%Y-%m-%d} ends before it starts")
    if a0 <= b1 and b0 <= a1:
        raise ArgumentError(f"the periods {a0:%Y-%m-%d} – {a1:%Y-%m-%d} and {b0:%Y-%m-%d} – {b1:%Y-%m-%d} overlap; "
                            "a document can be on one side only")
    return (f"{a0:%Y-%m-%d} – {a1:%Y-%m-%d}", f"{b0:%Y-%m-%d} – {b1:%Y-%m-%d}",
            ((days >= a0) & (days <= a1)).to_numpy(), ((days >= b0) & (days <= b1)).to_numpy())


def _across(dtm: DocTermMatrix, by: str | Sequence[str] | None, split: Split) -> list[Comparison]:
    """One comparison per group of ``by``: its documents in period a vs in period b."""
    if "date" not in dtm.docs:
        raise ArgumentError(f"split={split!r} needs dates, but the documents have no 'date' column")
    dates = pd.to_datetime(dtm.docs["date"])
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    name_a, name_b, in_a, in_b = _periods(split, dates)
    for name, mask in ((name_a, in_a), (name_b, in_b)):
        if not mask.any():
            raise ArgumentError(f"no document is dated {name} (split={split!r}); the documents run from "
                                f"{dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}")
    groups: Grouping = dtm.grouping(by)
    out = []
    for g, (rows, key) in enumerate(zip(groups.members, groups.keys)):
        labels = {c: groups.labels[c].iat[g] for c in groups.labels.columns}
        keys = ["; ".join(filter(None, [key, f"side={name}"])) for name in (name_a, name_b)]
        out.append(Comparison(labels, name_a, name_b, [(rows[in_a[rows]], keys[0])], [(rows[in_b[rows]], keys[1])]))
    return out


def _side_sums(counts: sp.csr_matrix, lengths: np.ndarray, strata: Strata) -> np.ndarray:
    """A side's pattern counts (k), tokens and documents."""
    rows = np.concatenate([r for r, _ in strata])
    return np.concatenate([np.asarray(counts[rows].sum(axis=0)).ravel(), [lengths[rows].sum(), len(rows)]])


def _replicates(counts: sp.csr_matrix, lengths: np.ndarray, strata: Strata, n_boot: int, seed: int) -> np.ndarray:
    """Bootstrap replicates of a side's rates (``n_boot × k``): each group resampled on its own stream."""
    total = np.zeros((n_boot, counts.shape[1] + 1))
    for rows, key in strata:
        values = np.hstack([counts[rows].toarray().astype(float), lengths[rows, None].astype(float)])
        total += resample_sums(values, n_boot=n_boot, seed=seed, key=key) if len(rows) else 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        return total[:, :-1] / total[:, -1:]


def _boot_intervals(counts: sp.csr_matrix, lengths: np.ndarray, comparison: Comparison,
                    spec: tuple[int, float, int]) -> tuple[np.ndarray, ...]:
    """Percentile intervals of the ratio (through ``u = θ/(1 + θ)``) and of the difference per 10k."""
    n_boot, ci, seed = spec
    k = counts.shape[1]
    if n_boot == 0:
        return tuple(np.full(k, np.nan) for _ in range(4))
    ra = _replicates(counts, lengths, comparison.side_a, n_boot, seed)
    rb = _replicates(counts, lengths, comparison.side_b, n_boot, seed)
    with np.errstate(divide="ignore", invalid="ignore"):
        u_lo, u_hi = percentile_interval(ra / (ra + rb), ci)
        ratio = [np.where(u == 1, np.inf, u / (1 - u)) for u in (u_lo, u_hi)]
    d_lo, d_hi = percentile_interval(PER * (ra - rb), ci)
    return ratio[0], ratio[1], d_lo, d_hi


def compare_rates(data: Corpus | DocTermMatrix, patterns: PatternSpec, *, by: str | Sequence[str] | None = "outlet",
                  group_a: str | Sequence[str] | None = None, group_b: str | Sequence[str] | None = None,
                  split: Split = None, n_boot: int = 1000, ci: float = 0.95, seed: int = 1) -> pd.DataFrame:
    """Rate ratio and difference of each pattern between two sides, with exact and bootstrap intervals.

    Two kinds of comparison:

    - **between groups**: ``group_a`` vs ``group_b``, each a group of ``by`` (its name, as in
      :func:`framing.term_rates`' rows), a list of groups pooled (named ``"x + y"``), or for
      ``group_b`` ``"rest"`` (all other groups);
    - **across a date** (``split``), within each group of ``by`` (``by=None``: all documents):
      ``split="2022-02-24"`` compares the documents dated from that day on (``group_a``,
      named ``"from 2022-02-24"``) with those before it (``group_b``); two periods
      ``split=[(start_a, end_a), (start_b, end_b)]`` (days included, not overlapping) compare
      period a with period b. Documents outside both are left out.

    Statistics and their references: the module docstring. For a pattern,
    ``rate_ratio > 1`` and ``difference > 0`` mean ``group_a`` uses it more.

    Args:
        data: a Corpus or a DocTermMatrix (see :func:`framing.dtm.patterns.resolve`).
        patterns: a pattern, a list, a dict name → pattern(s), or a frame dictionary.
        by: metadata column(s) whose values are the groups, or ``None``.
        group_a, group_b: the two sides (between groups); leave out with ``split``.
        split: a date, or two periods (across a date).
        n_boot, ci, seed: bootstrap replicates (0: no bootstrap intervals), interval coverage
            (of the exact intervals too), seed.

    Returns:
        One row per comparison and pattern: with ``split``, the ``by`` columns first; then
        :data:`COLUMNS`.

    Raises:
        ArgumentError: a side that is not a group, sides that overlap, ``split`` together
            with ``group_a``/``group_b``, a malformed ``split`` or one that leaves a side empty.
    """
    check_bootstrap(n_boot, ci, seed)
    if split is not None and (group_a is not None or group_b is not None):
        raise ArgumentError("with split=..., the two sides are the periods and every group of by= is compared; "
                            "leave out group_a/group_b (filter the data, e.g. corpus.filter(outlets=[...]), "
                            "to compare one outlet)")
    dtm, compiled = resolve(data, patterns)
    names, counts_csc = pattern_matrix(dtm, compiled)
    counts, lengths = counts_csc.tocsr(), np.asarray(dtm.doc_lengths)
    plan = _across(dtm, by, split) if split is not None else _between(dtm, by, group_a, group_b)
    k = len(names)
    sums = np.array([[_side_sums(counts, lengths, c.side_a), _side_sums(counts, lengths, c.side_b)] for c in plan])
    boot = np.array([_boot_intervals(counts, lengths, c, (n_boot, ci, seed)) for c in plan])  # comparisons × 4 × k
    columns: dict[str, Any] = {
        "group_a": np.repeat([c.name_a for c in plan], k), "group_b": np.repeat([c.name_b for c in plan], k),
        "pattern": np.tile(np.asarray(names, dtype=object), len(plan)),
        **_exact_columns(sums, k, ci),
    }
    for at, name in enumerate(("rate_ratio_boot_lo", "rate_ratio_boot_hi", "difference_boot_lo", "difference_boot_hi")):
        columns[name] = boot[:, at].ravel()
    # A side without the term has it in no replicate: its ratio interval would be [0, 0] or [∞, ∞].
    one_sided = (columns["count_a"] == 0) | (columns["count_b"] == 0)
    for name in ("rate_ratio_boot_lo", "rate_ratio_boot_hi"):
        columns[name] = np.where(one_sided, np.nan, columns[name])
    columns["q"] = bh_within(columns["p"], np.repeat(np.arange(len(plan)), k), len(plan))
    labels = {c: np.repeat(np.asarray([cmp.labels[c] for cmp in plan], dtype=object), k) for c in plan[0].labels}
    return pd.DataFrame({**labels, **columns}).reindex(columns=[*labels, *COLUMNS])


def _exact_columns(sums: np.ndarray, k: int, ci: float) -> dict[str, np.ndarray]:
    """Counts, rates, the exact ratio interval and test, and the MOVER difference interval.

    ``sums`` is comparisons × 2 sides × (k counts, tokens, documents). A comparison with a
    side of no tokens has NaN statistics.
    """
    xa, xb = sums[:, 0, :k].ravel(), sums[:, 1, :k].ravel()
    ta, tb = np.repeat(sums[:, 0, k], k), np.repeat(sums[:, 1, k], k)
    usable = (ta > 0) & (tb > 0)
    ta1, tb1 = np.where(usable, ta, 1), np.where(usable, tb, 1)
    xa0, xb0 = np.where(usable, xa, 0), np.where(usable, xb, 0)
    rate_a, rate_b = np.where(usable, xa / ta1, np.nan), np.where(usable, xb / tb1, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(xa + xb > 0, rate_a / rate_b, np.nan)
    ratio_lo, ratio_hi = ratio_interval(xa0, ta1, xb0, tb1, ci=ci)
    diff_lo, diff_hi = difference_interval(xa0, ta1, xb0, tb1, ci=ci)
    p, log10_p = ratio_test(xa0, ta1, xb0, tb1)
    out = {
        "count_a": xa, "count_b": xb, "tokens_a": ta, "tokens_b": tb,
        "docs_a": np.repeat(sums[:, 0, k + 1], k), "docs_b": np.repeat(sums[:, 1, k + 1], k),
    }
    out = {name: v.astype(np.int64) for name, v in out.items()}
    stats = {"per_10k_a": PER * rate_a, "per_10k_b": PER * rate_b, "rate_ratio": ratio, "rate_ratio_lo": ratio_lo,
             "rate_ratio_hi": ratio_hi, "difference": PER * (rate_a - rate_b), "difference_lo": PER * diff_lo,
             "difference_hi": PER * diff_hi, "p": p, "log10_p": log10_p}
    return {**out, **{name: np.where(usable, v, np.nan) for name, v in stats.items()}}
