"""How many documents each group published per period: a corpus's make-up over time.

:func:`documents_per_period` counts documents per value of ``by`` and per ``period``
(the one period vocabulary of :mod:`framing.dtm.grouping`) and fills every period from
the corpus's first to its last date for every group, so a period without documents is a
0 in the table, not a gap in a plot.

>>> import framing as fr, pandas as pd
>>> corpus = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "a", "b"],
...     "date": ["2022-01-03", "2022-03-01", "2022-01-09"], "text": ["x", "y", "z"]}))
>>> documents_per_period(corpus, by="outlet", period="M")
  outlet     period  documents
0      a 2022-01-01          1
1      a 2022-02-01          0
2      a 2022-03-01          1
3      b 2022-01-01          1
4      b 2022-02-01          0
5      b 2022-03-01          0
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from framing._infra.errors import CorpusError
from framing.corpus.corpus import Corpus
from framing.dtm.grouping import PERIODS, by_columns, group_keys, period_code
from framing.dtm.matrix import DocTermMatrix


def documents_per_period(data: Corpus | DocTermMatrix, *, by: str | Sequence[str] | None = "outlet",
                         period: str = "M") -> pd.DataFrame:
    """Documents per group and period, zeros included: columns ``<by columns>, period, documents``.

    Args:
        data: a Corpus, or a DocTermMatrix (its documents table).
        by: the column(s) whose values are the groups, or ``None`` for all documents.
        period: ``"D"``, ``"W"``, ``"M"``, ``"Q"``, ``"Y"`` or their names (``"month"``);
            ``period`` holds each period's first day (weeks start on Monday).

    Returns:
        One row per group (every combination of ``by`` values that occurs) and every period
        from the first to the last date, sorted by group then period.
    """
    docs = data.docs if isinstance(data, DocTermMatrix) else data.df
    if not len(docs):
        raise CorpusError("documents_per_period: the corpus has no documents; widen its filter")
    keys = group_keys(docs, by, period)
    cols = by_columns(by)
    counts = keys.groupby([*cols, "period"], sort=True, dropna=False).size()
    periods = pd.period_range(keys["period"].min(), keys["period"].max(),
                              freq=PERIODS[period_code(period)]).start_time
    groups = keys[cols].drop_duplicates().sort_values(cols) if cols else pd.DataFrame(index=[0])
    full = groups.merge(pd.DataFrame({"period": periods}), how="cross")
    index = pd.MultiIndex.from_frame(full) if cols else pd.Index(full["period"], name="period")
    return counts.reindex(index, fill_value=0).rename("documents").reset_index()
