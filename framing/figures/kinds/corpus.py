"""The ``documents`` figure kind: documents per outlet and period.

>>> import framing as fr, pandas as pd
>>> corpus = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "a", "b"],
...     "date": ["2022-01-03", "2022-03-01", "2022-01-09"], "text": ["x", "y", "z"]}))
>>> documents_per_period(corpus, by="outlet", period="M")["documents"].tolist()
[1, 0, 1, 1, 0, 0]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from framing.corpus.corpus import Corpus
from framing.dtm.matrix import PERIODS, group_keys
from framing.figures.registry import PERIOD_CODES, FigureData, Kind, Option, register


def documents_per_period(corpus: Corpus, *, by: str = "outlet", period: str = "M") -> pd.DataFrame:
    """Documents per value of ``by`` and ``period``, zeros included (tidy: ``by, period, documents``).

    Every group gets every period from the first to the last date of the corpus, so a
    period without documents is a 0, not a gap.
    """
    keys = group_keys(corpus.df, by, period)
    counts = keys.groupby([by, "period"], sort=True).size()
    periods = pd.period_range(keys["period"].min(), keys["period"].max(), freq=PERIODS[period]).start_time
    full = pd.MultiIndex.from_product([sorted(keys[by].unique()), periods], names=[by, "period"])
    return counts.reindex(full, fill_value=0).rename("documents").reset_index()


def _compute(data: FigureData, options: Mapping[str, Any]) -> pd.DataFrame:
    return documents_per_period(data.corpus, by=options["by"], period=options["period"])


def _plot(table: pd.DataFrame, options: Mapping[str, Any], fig: Figure) -> None:
    from framing.viz.plots.corpus import plot_documents

    plot_documents(table, by=options["by"], ax=fig.add_subplot())


register(Kind(
    name="documents",
    summary="documents per outlet and period (the corpus's make-up over time)",
    compute=_compute, plot=_plot,
    options={"by": Option("metadata column whose values get one line each, e.g. \"outlet\"", "outlet"),
             "period": Option("days, weeks, months, quarters or years", "M", choices=PERIOD_CODES)},
    aspect=0.45,
))
