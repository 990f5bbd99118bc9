"""The ``documents`` figure kind: documents per outlet and period.

The table is :func:`framing.dtm.documents.documents_per_period`; the drawing
:func:`framing.viz.plots.corpus.plot_documents`.

>>> from framing.figures.registry import get_kind
>>> get_kind("documents").options["period"].default
'M'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from framing.dtm.grouping import PERIOD_CODES
from framing.figures.kinds.terms import span_of
from framing.figures.registry import FigureData, Kind, Option, register


def _compute(data: FigureData, options: Mapping[str, Any]) -> pd.DataFrame:
    from framing.dtm.documents import documents_per_period

    return documents_per_period(data.corpus, by=options["by"], period=options["period"])


def _plot(table: pd.DataFrame, options: Mapping[str, Any], fig: Figure) -> None:
    from framing.viz.plots.corpus import plot_documents

    plot_documents(table, by=options["by"], span=span_of(options), ax=fig.add_subplot())


register(Kind(
    name="documents",
    summary="documents per outlet and period (the corpus's make-up over time)",
    compute=_compute, plot=_plot,
    options={"by": Option("metadata column whose values get one line each, e.g. \"outlet\"", "outlet"),
             "period": Option("days, weeks, months, quarters or years", "M", choices=PERIOD_CODES)},
    aspect=0.45,
))
