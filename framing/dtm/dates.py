"""Where each group's documents lie in time: the mean date of a group by period.

A table grouped by period (:func:`framing.term_rates`, :func:`framing.term_share`,
:func:`framing.topic_prevalence` with ``period=``) labels each period by its first day
(:mod:`framing.dtm.grouping`). Its ``date`` column says where in the period the group's documents
are: their mean date,

``date = period + ⌊(1/n) Σ_d (date_d − period)⌋``

over the group's ``n`` documents, the offsets in whole seconds. A plot draws the period there
(:mod:`framing.viz.plots.timeaxis`): UN debate speeches, all given in September, are a yearly point
in September, not one on 1 January or at midyear. The offsets are summed as 64-bit integers, so the
sums of blocks of documents (:mod:`framing.distributed`) add up to the same date in any order.
A group without a dated document (the period of undated documents) has no date (``NaT``).

>>> import pandas as pd
>>> from framing.dtm.grouping import Grouping
>>> docs = pd.DataFrame({"outlet": ["un", "un", "kremlin.ru"],
...                      "date": pd.to_datetime(["2021-09-21", "2021-09-24", "2021-03-01"])})
>>> groups = Grouping.of(docs, "outlet", "Y")
>>> with_dates(groups.labels, date_sums(docs, groups.codes, groups.n_groups, "Y"))
       outlet     period                date
0  kremlin.ru 2021-01-01 2021-03-01 00:00:00
1          un 2021-01-01 2021-09-22 12:00:00
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing.dtm.grouping import Grouping, period_start


def date_sums(docs: pd.DataFrame, codes: np.ndarray, n_groups: int, period: str) -> np.ndarray:
    """Per group (``codes``: each document's group): the seconds from its period's first day to its
    dated documents, summed, and how many they are (``n_groups × 2``, int64)."""
    dates = pd.to_datetime(docs["date"])
    dated = dates.notna().to_numpy()
    offsets = np.zeros(len(dates), dtype=np.int64)
    since = (dates[dated] - period_start(dates[dated], period)).to_numpy()
    offsets[dated] = since.astype("timedelta64[s]").astype(np.int64)
    out = np.zeros((n_groups, 2), dtype=np.int64)
    np.add.at(out[:, 0], codes, offsets)
    np.add.at(out[:, 1], codes, dated.astype(np.int64))
    return out


def with_dates(labels: pd.DataFrame, sums: np.ndarray) -> pd.DataFrame:
    """``labels`` (with their ``period``) and a ``date`` column after it: the mean date of each group's
    documents from its :func:`date_sums` (module docstring). Labels without a period, or that already
    have a ``date`` column (grouped by ``date`` itself), are returned as they are."""
    if "period" not in labels or "date" in labels:
        return labels
    n = sums[:, 1]
    seconds = np.where(n > 0, sums[:, 0] // np.maximum(n, 1), 0)
    dates = pd.to_datetime(labels["period"]) + pd.to_timedelta(seconds, unit="s")
    at = list(labels.columns).index("period") + 1
    out = labels.copy()
    out.insert(at, "date", dates.where(n > 0).to_numpy())
    return out


def period_labels(docs: pd.DataFrame, groups: Grouping, period: str | None) -> pd.DataFrame:
    """The labels of ``groups`` (of ``docs``), with :func:`with_dates`' ``date`` when grouped by ``period``."""
    if period is None:
        return groups.labels
    return with_dates(groups.labels, date_sums(docs, groups.codes, groups.n_groups, period))
