"""Groups of documents (by metadata columns and/or period) and the one period vocabulary.

A :class:`Grouping` is built once from a documents table, ``by`` (a column, several, or
``None`` for one group of all documents) and ``period``. It holds the group labels (one
row per group, sorted by the ``by`` columns and then ``period``; missing values form
their own group, last), each document's group number (its *code*), and the sparse
groups × documents indicator matrix ``G`` with ``G[g, d] = 1`` when document ``d`` is in
group ``g``. Per-group sums of any per-document quantity are then one product
``G @ X`` (counts per outlet and month, tokens per outlet), not a loop.

Periods: ``period`` is one of :data:`PERIOD_CODES` or its name in :data:`PERIOD_NAMES`
(``"M"`` or ``"month"``); a document's period is labelled by its first day, and weeks
run Monday to Sunday (ISO 8601).

Each group also has a text :attr:`Grouping.keys` entry (``outlet=a; period=2022-02-01``):
its identity, from which :mod:`framing.stats.bootstrap` derives the group's own random
stream, so its intervals do not depend on which other groups exist.

>>> import pandas as pd
>>> docs = pd.DataFrame({"outlet": ["b", "a", "b"],
...                      "date": pd.to_datetime(["2022-01-31", "2022-02-01", "2022-02-27"])})
>>> g = Grouping.of(docs, by="outlet", period="month")
>>> g.labels
  outlet     period
0      a 2022-02-01
1      b 2022-01-01
2      b 2022-02-01
>>> g.codes.tolist(), g.n_groups, g.keys[0]
([1, 0, 2], 3, 'outlet=a; period=2022-02-01')
>>> (g.indicator @ [1, 2, 3]).tolist()   # per-group sums of a per-document value
[2.0, 1.0, 3.0]
"""

from __future__ import annotations

import dataclasses
import numbers
from collections.abc import Sequence
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from framing._infra.cache import derived
from framing._infra.errors import ArgumentError

PERIOD_CODES = ("D", "W", "M", "Q", "Y")
"""The period codes, shortest first: day, week, month, quarter, year."""
PERIOD_NAMES = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}
"""Each period code's name, also accepted as ``period``."""
_FREQUENCIES = {"D": "D", "W": "W-SUN", "M": "M", "Q": "Q", "Y": "Y"}  # pandas periods; W-SUN: weeks end on Sunday
PERIODS = {**_FREQUENCIES, **{name: _FREQUENCIES[code] for code, name in PERIOD_NAMES.items()}}
"""Every accepted ``period`` value (codes and names) → its pandas period frequency."""


def period_code(period: str) -> str:
    """The code of a ``period`` value (``"month"`` → ``"M"``); a clear error for anything else.

    >>> period_code("month"), period_code("W")
    ('M', 'W')
    >>> period_code("fortnight")
    Traceback (most recent call last):
    ...
    framing._infra.errors.ArgumentError: unknown period 'fortnight'; use one of D (day), W (week), M (month), Q (quarter), Y (year)
    """
    if isinstance(period, str):
        if period in PERIOD_NAMES:
            return period
        for code, name in PERIOD_NAMES.items():
            if period == name:
                return code
    accepted = ", ".join(f"{code} ({name})" for code, name in PERIOD_NAMES.items())
    raise ArgumentError(f"unknown period {period!r}; use one of {accepted}")


def period_start(dates: pd.Series, period: str) -> pd.Series:
    """The first day of each date's period (weeks start on Monday).

    >>> period_start(pd.Series(pd.to_datetime(["2022-02-24", "2022-02-27"])), "W").dt.day.tolist()
    [21, 21]
    """
    return dates.dt.to_period(_FREQUENCIES[period_code(period)]).dt.start_time


def by_columns(by: str | Sequence[str] | None) -> list[str]:
    """``by`` as a list of column names (``None`` → no columns).

    >>> by_columns("outlet"), by_columns(["outlet", "language"]), by_columns(None)
    (['outlet'], ['outlet', 'language'], [])
    """
    return [by] if isinstance(by, str) else list(by or [])


def group_keys(docs: pd.DataFrame, by: str | Sequence[str] | None, period: str | None) -> pd.DataFrame:
    """The grouping columns of ``docs`` (plus ``period``: each document's period start), checked."""
    cols = by_columns(by)
    missing = [c for c in cols if c not in docs]
    if missing:
        raise ArgumentError(f"cannot group by {missing}: the documents have columns {list(docs.columns)}")
    keys = docs[cols].copy()
    if period is not None:
        code = period_code(period)
        if "date" not in docs:
            raise ArgumentError(f"cannot group by period={period!r}: the documents have no 'date' column")
        keys["period"] = period_start(docs["date"], code)
    return keys


def group_names(labels: pd.DataFrame) -> list[str]:
    """A name per row of group labels: its value, or its values joined by ``" / "`` (no columns: ``"all"``).

    >>> group_names(pd.DataFrame({"outlet": ["a", "b"], "language": ["en", "ru"]}))
    ['a / en', 'b / ru']
    """
    if not len(labels.columns):
        return ["all"] * len(labels)
    return [" / ".join(map(str, row)) for row in labels.itertuples(index=False, name=None)]


def _text(value: Any) -> str:
    """A label value as text that does not depend on how its column is stored."""
    if value is None or (not isinstance(value, str) and bool(pd.isna(value))):
        return "NA"
    if isinstance(value, pd.Timestamp):
        return value.isoformat() if value != value.normalize() else value.strftime("%Y-%m-%d")
    if isinstance(value, numbers.Real) and float(value).is_integer():
        return str(int(float(value)))  # 3 and 3.0 are one group whatever the column's dtype
    return str(value)


@dataclasses.dataclass(frozen=True, eq=False)
class Grouping:
    """Documents in groups: sorted labels, each document's code, and the indicator matrix.

    Attributes:
        labels: one row per group, sorted; columns: the ``by`` columns, then ``period``
            (none for a single group of all documents).
        codes: each document's group number, ``0 ≤ codes[d] < n_groups`` (int64).
    """

    labels: pd.DataFrame
    codes: np.ndarray

    @classmethod
    def of(cls, docs: pd.DataFrame, by: str | Sequence[str] | None = None, period: str | None = None) -> Grouping:
        """Group the rows of ``docs`` by the ``by`` column(s) and ``period`` (see the module docstring).

        Built once per documents table, ``by`` and ``period``, then remembered for as long as
        the table lives (:func:`framing._infra.cache.derived`): a documents table is never
        modified once it belongs to a matrix or corpus, so repeated queries on the same data
        (a widget, several patterns) group its documents only once.
        """
        key = ("grouping", tuple(by_columns(by)), None if period is None else period_code(period))
        return derived(docs, key, lambda: cls._build(docs, by, period))

    @classmethod
    def _build(cls, docs: pd.DataFrame, by: str | Sequence[str] | None, period: str | None) -> Grouping:
        keys = group_keys(docs, by, period)
        if not len(keys.columns):
            return cls(pd.DataFrame(index=[0]), np.zeros(len(docs), dtype=np.int64))
        grouped = keys.groupby(list(keys.columns), sort=True, dropna=False, observed=True)
        return cls(grouped.size().index.to_frame(index=False), grouped.ngroup().to_numpy(dtype=np.int64))

    @property
    def n_groups(self) -> int:
        """Number of groups."""
        return len(self.labels)

    @cached_property
    def indicator(self) -> sp.csr_matrix:
        """Groups × documents, ``G[g, d] = 1`` when document ``d`` is in group ``g``."""
        n = len(self.codes)
        return sp.csr_matrix((np.ones(n), (self.codes, np.arange(n))), shape=(self.n_groups, n))

    @cached_property
    def sizes(self) -> np.ndarray:
        """Documents per group."""
        return np.bincount(self.codes, minlength=self.n_groups)

    @cached_property
    def members(self) -> list[np.ndarray]:
        """Each group's document indices, in document order."""
        order = np.argsort(self.codes, kind="stable")
        return np.split(order, np.cumsum(self.sizes)[:-1])

    @cached_property
    def names(self) -> list[str]:
        """A display name per group (:func:`group_names` of the labels)."""
        return group_names(self.labels)

    @cached_property
    def keys(self) -> list[str]:
        """Each group's identity as text, ``column=value`` pairs joined by ``"; "`` (``""``: all documents)."""
        cols = list(self.labels.columns)
        rows = zip(*(self.labels[c].tolist() for c in cols)) if cols else [()] * self.n_groups
        return ["; ".join(f"{c}={_text(v)}" for c, v in zip(cols, row)) for row in rows]

