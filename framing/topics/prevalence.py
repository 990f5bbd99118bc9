"""Topic prevalence by outlet and period, and differences between outlets, with intervals.

The prevalence of topic ``k`` in a group ``g`` (an outlet, a month, an outlet-month) is
the mean topic share of its documents, ``prev[g,k] = (1/n_g) Σ_{d∈g} θ[d,k]``, every
document weighing the same. The documents of each group are resampled with replacement
``n_boot`` times (stratified by group; :mod:`framing.stats.bootstrap`) and the mean recomputed
each time. ``prevalence_lo``/``prevalence_hi`` come from the studentized bootstrap (bootstrap-t;
Efron & Tibshirani 1993, §12.5; :mod:`framing.stats.intervals`), chosen by simulated coverage
(``python -m benchmarks.coverage``: 0.95–0.97 with 40–50 documents where the percentile
interval gave 0.90–0.93); ``ci_method="percentile"`` gives the ``(1 − ci)/2`` and ``(1 + ci)/2``
quantiles of the replicate means instead. The difference between two groups (in the same
period) uses the same replicates: ``difference = prev[a] − prev[b]``, its interval the
percentile interval of the replicate differences.

Each group draws from its own random stream derived from ``seed`` and the group's label,
so a seeded call gives identical numbers, a group's interval does not depend on which
other groups are in the data, and :func:`topic_prevalence` and
:func:`prevalence_differences` use the same replicates. This is what R's stm
``estimateEffect`` is often used for; here it is model-free resampling of the fitted θ,
not a regression.

>>> import framing as fr, pandas as pd
>>> corpus = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b"] * 3, "date": ["2022-01-01"] * 6,
...     "text": ["war tanks war", "gas prices gas", "tanks shelling war", "prices inflation gas",
...              "shelling war tanks", "gas inflation prices"]}))
>>> model = fr.fit_topics(fr.document_term_matrix(corpus, cache=False), 2, options=fr.LdaOptions(passes=5),
...                       progress=False)
>>> prev = topic_prevalence(model, by="outlet", n_boot=200, seed=1)
>>> list(prev.columns), len(prev)
(['outlet', 'topic', 'prevalence', 'prevalence_lo', 'prevalence_hi', 'n_docs'], 4)
>>> list(prevalence_differences(model, by="outlet", n_boot=200, seed=1).columns)
['group_a', 'group_b', 'topic', 'difference', 'difference_lo', 'difference_hi']
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from framing._infra.deprecation import renamed_keywords
from framing._infra.errors import ArgumentError
from framing.dtm.dates import period_labels
from framing.dtm.grouping import Grouping, by_columns, group_names, period_code
from framing.stats.bootstrap import check_bootstrap, percentile_interval, resample_sums
from framing.stats.intervals import check_ci_method, interval_attrs, mean_intervals

if TYPE_CHECKING:
    from framing.topics.model import TopicModel


class _Resampler:
    """Mean topic shares per group and their bootstrap replicates (``None`` when ``n_boot`` is 0)."""

    def __init__(self, theta: np.ndarray, groups: Grouping, n_boot: int, seed: int) -> None:
        self.theta, self.groups, self.n_boot, self.seed = theta, groups, n_boot, seed

    def __call__(self, g: int) -> tuple[np.ndarray, np.ndarray | None]:
        """``(mean shares, n_boot × topics replicate means or None)`` of group ``g``; the same on every call."""
        rows = self.theta[self.groups.members[g]]
        if not self.n_boot:
            return rows.mean(axis=0), None
        sums = resample_sums(rows, n_boot=self.n_boot, seed=self.seed, key=self.groups.keys[g])
        return rows.mean(axis=0), sums / len(rows)


def _interval(reps: np.ndarray | None, k: int, ci: float) -> tuple[np.ndarray, np.ndarray]:
    if reps is None:
        return np.full(k, np.nan), np.full(k, np.nan)
    return percentile_interval(reps, ci)


@renamed_keywords(level="ci")
def topic_prevalence(model: TopicModel, *, by: str | Sequence[str] | None = "outlet",
                     period: str | None = None, n_boot: int = 1000, ci: float = 0.95,
                     seed: int = 1, ci_method: str = "studentized") -> pd.DataFrame:
    """Mean topic share per group with bootstrap intervals (see the module docstring).

    Args:
        model: a fitted topic model.
        by: document column(s) to group by (``"outlet"``), or ``None``.
        period: ``"D"``, ``"W"``, ``"M"``, ``"Q"`` or ``"Y"`` (or ``"day"``, ...) to add a
            ``period`` column (:data:`framing.dtm.grouping.PERIODS`).
        n_boot: bootstrap replicates (0: no intervals, ``prevalence_lo``/``prevalence_hi`` NaN).
        ci: coverage of the intervals (``level`` is its deprecated name).
        seed: random seed of the resampling.
        ci_method: ``"studentized"`` (bootstrap-t, the default) or ``"percentile"``.

    Returns:
        ``<by columns>, [period, date], topic, prevalence, prevalence_lo, prevalence_hi, n_docs``,
        one row per group and topic; ``date`` is the mean date of the group's documents
        (:mod:`framing.dtm.dates`: where a plot draws the period). ``attrs``: ``ci_method`` (the
        intervals' method, :mod:`framing.viz.captions` names it), ``ci``, ``n_boot`` and ``period``
        (its code, or ``None``).
    """
    check_bootstrap(n_boot, ci, seed)
    check_ci_method("topic_prevalence", ci_method)
    groups = model.dtm.grouping(by, period)
    k = model.k
    theta = model.doc_topic_
    frames = []
    for g in range(groups.n_groups):
        rows = theta[groups.members[g]]
        mean = rows.mean(axis=0)
        lo, hi = (mean_intervals(rows, ci_method=ci_method, n_boot=n_boot, ci=ci, seed=seed, key=groups.keys[g])
                  if n_boot else _interval(None, k, ci))
        frames.append(pd.DataFrame({"topic": np.arange(k), "prevalence": mean, "prevalence_lo": lo,
                                    "prevalence_hi": hi, "n_docs": groups.sizes[g], "_group": g}))
    out = pd.concat(frames, ignore_index=True)
    labels = period_labels(model.dtm.docs, groups, period)
    if len(labels.columns):
        out = pd.concat([labels.iloc[out["_group"]].reset_index(drop=True), out], axis=1)
    out = out.drop(columns="_group")
    out.attrs.update(interval_attrs(["prevalence"], ci_method, ci=ci, n_boot=n_boot,
                                    period=None if period is None else period_code(period)))
    return out


@renamed_keywords(level="ci")
def prevalence_differences(model: TopicModel, *, by: str | Sequence[str] | None = "outlet",
                           period: str | None = None, n_boot: int = 1000, ci: float = 0.95,
                           seed: int = 1) -> pd.DataFrame:
    """Differences in prevalence between every pair of groups of ``by``, with intervals.

    Pairs ``(a, b)`` with ``a`` before ``b`` in sorted order, within each period when
    ``period`` is given. Same arguments and replicates as :func:`topic_prevalence` (with the
    same ``seed``, the numbers agree); ``level`` is the deprecated name of ``ci``.

    Returns:
        ``group_a, group_b, [period], topic, difference, difference_lo, difference_hi`` with
        ``difference = prevalence(a) − prevalence(b)``; ``group_a``/``group_b`` name a group
        by its ``by`` value (several columns: the values joined by ``" / "``).
    """
    check_bootstrap(n_boot, ci, seed)
    cols = by_columns(by)
    if not cols:
        raise ArgumentError("by=None: differences compare groups; name the column(s) to group by, e.g. by='outlet'")
    groups = model.dtm.grouping(cols, period)
    labels, names = groups.labels, group_names(groups.labels[cols])  # the period is a column of its own
    resample = _Resampler(model.doc_topic_, groups, n_boot, seed)
    frames = []
    slices = labels.groupby("period", sort=True).groups.values() if period else [labels.index]
    for idx in slices:  # one period at a time keeps only its groups' replicates in memory
        stats = {g: resample(g) for g in idx}
        for a, b in itertools.combinations(sorted(idx), 2):
            (mean_a, reps_a), (mean_b, reps_b) = stats[a], stats[b]
            lo, hi = _interval(None if reps_a is None or reps_b is None else reps_a - reps_b, model.k, ci)
            pair: dict[str, Any] = {"group_a": names[a], "group_b": names[b]}
            if period:
                pair["period"] = labels["period"].iloc[a]
            frames.append(pd.DataFrame(pair, index=range(model.k)).assign(topic=np.arange(model.k), difference=mean_a - mean_b,
                                       difference_lo=lo, difference_hi=hi))
    if not frames:
        raise ArgumentError(f"no two values of {by!r} to compare" + (" in any period" if period else ""))
    return pd.concat(frames, ignore_index=True)
