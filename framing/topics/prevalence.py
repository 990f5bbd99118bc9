"""Topic prevalence by outlet and period, and differences between outlets, with intervals.

The prevalence of topic ``k`` in a group ``g`` (an outlet, a month, an outlet-month) is
the mean topic share of its documents, ``prev[g,k] = (1/n_g) Σ_{d∈g} θ[d,k]``, every
document weighing the same. Intervals come from the percentile bootstrap (Efron &
Tibshirani 1993): the documents of each group are resampled with replacement
``n_boot`` times (stratified by group), the mean recomputed each time, and ``lo``/``hi``
are the ``(1 − level)/2`` and ``(1 + level)/2`` quantiles of the replicates. The
difference between two outlets (in the same period) uses the same replicates:
``diff = prev[a] − prev[b]``, its interval the quantiles of the replicate differences.

Each group draws from its own random stream derived from ``seed`` and the group's place
in the sorted group labels, so a seeded call gives identical numbers, and
:func:`topic_prevalence` and :func:`prevalence_differences` use the same replicates.
This is what R's stm ``estimateEffect`` is often used for; here it is model-free
resampling of the fitted θ, not a regression.

>>> import framing as fr, pandas as pd
>>> corpus = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b"] * 3, "date": ["2022-01-01"] * 6,
...     "text": ["war tanks war", "gas prices gas", "tanks shelling war", "prices inflation gas",
...              "shelling war tanks", "gas inflation prices"]}))
>>> model = fr.fit_topics(fr.document_term_matrix(corpus, cache=False), 2, passes=5, progress=False)
>>> prev = topic_prevalence(model, by="outlet", n_boot=200, seed=1)
>>> list(prev.columns), len(prev)
(['outlet', 'topic', 'prevalence', 'lo', 'hi', 'n_docs'], 4)
>>> list(prevalence_differences(model, by="outlet", n_boot=200, seed=1).columns)
['outlet_a', 'outlet_b', 'topic', 'difference', 'lo', 'hi']
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from framing._infra.errors import ModelError

if TYPE_CHECKING:
    from framing.topics.model import TopicModel

_MAX_DRAWS = 5_000_000  # replicate × document counts held at once


def _check(n_boot: int, level: float) -> None:
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 0:
        raise ModelError(f"n_boot={n_boot!r}: give a whole number of bootstrap replicates (0 for none)")
    if not 0.0 < level < 1.0:
        raise ModelError(f"level={level!r}: give the interval's coverage as a share, e.g. 0.95")


def _groups(model: TopicModel, by: str | Sequence[str] | None, period: str | None
            ) -> tuple[pd.DataFrame, np.ndarray]:
    """Sorted group labels and each document's group number."""
    labels, g = model.dtm.groups(by, period)
    codes = g.tocsc().indices.astype(np.int64)  # one group per document column
    return labels, codes


def _replicates(theta: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """``n_boot`` bootstrap means of the rows of ``theta`` (``n_boot × topics``)."""
    n = len(theta)
    out = np.empty((n_boot, theta.shape[1]))
    step = max(1, _MAX_DRAWS // n)
    for start in range(0, n_boot, step):
        size = min(step, n_boot - start)
        counts = rng.multinomial(n, np.full(n, 1.0 / n), size=size)  # documents drawn per replicate
        out[start:start + size] = counts @ theta / n
    return out


class _Resampler:
    """Bootstrap means per group, each group with its own random stream from ``seed``."""

    def __init__(self, theta: np.ndarray, codes: np.ndarray, n_groups: int, n_boot: int, seed: int) -> None:
        self.theta, self.n_boot = theta, n_boot
        self.streams = np.random.SeedSequence(seed).spawn(n_groups)
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(n_groups + 1))
        self.members = [order[bounds[g]:bounds[g + 1]] for g in range(n_groups)]

    def __call__(self, g: int) -> tuple[np.ndarray, np.ndarray | None]:
        """``(mean shares, replicates or None)`` of group ``g``; the same on every call."""
        rows = self.theta[self.members[g]]
        reps = _replicates(rows, self.n_boot, np.random.default_rng(self.streams[g])) if self.n_boot else None
        return rows.mean(axis=0), reps


def _interval(reps: np.ndarray | None, k: int, level: float) -> tuple[np.ndarray, np.ndarray]:
    if reps is None:
        return np.full(k, np.nan), np.full(k, np.nan)
    lo, hi = np.quantile(reps, [(1 - level) / 2, (1 + level) / 2], axis=0)
    return lo, hi


def topic_prevalence(model: TopicModel, *, by: str | Sequence[str] | None = "outlet",
                     period: str | None = None, n_boot: int = 1000, level: float = 0.95,
                     seed: int = 1) -> pd.DataFrame:
    """Mean topic share per group with bootstrap intervals (see the module docstring).

    Args:
        model: a fitted topic model.
        by: document column(s) to group by (``"outlet"``), or ``None``.
        period: ``"D"``, ``"W"``, ``"M"``, ``"Q"`` or ``"Y"`` to add a ``period`` column.
        n_boot: bootstrap replicates (0: no intervals, ``lo``/``hi`` NaN).
        level: coverage of the intervals.
        seed: random seed of the resampling.

    Returns:
        ``<by columns>, [period], topic, prevalence, lo, hi, n_docs``, one row per group
        and topic.
    """
    _check(n_boot, level)
    labels, codes = _groups(model, by, period)
    theta, k = model.doc_topic_, model.k
    n_docs = np.bincount(codes, minlength=len(labels))
    resample = _Resampler(theta, codes, len(labels), n_boot, seed)
    frames = []
    for g in range(len(labels)):
        mean, reps = resample(g)
        lo, hi = _interval(reps, k, level)
        frames.append(pd.DataFrame({"topic": np.arange(k), "prevalence": mean, "lo": lo, "hi": hi,
                                    "n_docs": n_docs[g], "_group": g}))
    out = pd.concat(frames, ignore_index=True)
    if len(labels.columns):
        out = pd.concat([labels.iloc[out["_group"]].reset_index(drop=True), out], axis=1)
    return out.drop(columns="_group")


def prevalence_differences(model: TopicModel, *, by: str = "outlet", period: str | None = None,
                           n_boot: int = 1000, level: float = 0.95, seed: int = 1) -> pd.DataFrame:
    """Differences in prevalence between every pair of values of ``by``, with intervals.

    Pairs ``(a, b)`` with ``a < b`` in sorted order, within each period when ``period`` is
    given. Same arguments and replicates as :func:`topic_prevalence` (with the same
    ``seed``, the numbers agree).

    Returns:
        ``<by>_a, <by>_b, [period], topic, difference, lo, hi`` with
        ``difference = prevalence(a) − prevalence(b)``.
    """
    if not isinstance(by, str):
        raise ModelError(f"by={by!r}: differences compare the values of one column, e.g. by='outlet'")
    _check(n_boot, level)
    labels, codes = _groups(model, by, period)
    resample = _Resampler(model.doc_topic_, codes, len(labels), n_boot, seed)
    frames = []
    slices = labels.groupby("period", sort=True).groups.values() if period else [labels.index]
    for idx in slices:  # one period at a time keeps only its groups' replicates in memory
        stats = {g: resample(g) for g in idx}
        for a, b in itertools.combinations(sorted(idx, key=lambda i: labels.at[i, by]), 2):
            (mean_a, reps_a), (mean_b, reps_b) = stats[a], stats[b]
            lo, hi = _interval(None if reps_a is None else reps_a - reps_b, model.k, level)
            frame = pd.DataFrame({f"{by}_a": labels.at[a, by], f"{by}_b": labels.at[b, by]}, index=[0])
            if period:
                frame["period"] = labels.at[a, "period"]
            frames.append(frame.loc[[0] * model.k].reset_index(drop=True).assign(
                topic=np.arange(model.k), difference=mean_a - mean_b, lo=lo, hi=hi))
    if not frames:
        raise ModelError(f"no two values of {by!r} to compare" + (" in any period" if period else ""))
    return pd.concat(frames, ignore_index=True)
