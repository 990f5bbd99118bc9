"""Plots of a corpus's make-up: how many documents each outlet published when.

>>> import pandas as pd
>>> table = pd.DataFrame({"outlet": ["a", "a", "b", "b"],
...                       "period": pd.to_datetime(["2022-01-01", "2022-02-01"] * 2),
...                       "documents": [3, 5, 1, 0]})
>>> plot_documents(table).get_ylabel()
'documents'
"""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes

from framing.viz.plots.layout import legend_outside, own_axes
from framing.viz.plots.timeaxis import Span, draw_periods


def plot_documents(data: pd.DataFrame, *, y: str = "documents", by: str = "outlet", span: Span = None,
                   ax: Axes | None = None) -> Axes:
    """Documents (or any count in column ``y``) per ``period``, one line per value of ``by``.

    ``data`` is long: columns ``by``, ``period`` (the period's first day) and ``y``, as
    returned by :func:`framing.dtm.documents.documents_per_period`. Each period is drawn at its
    middle, a period cut by ``span`` hollow (:mod:`framing.viz.plots.timeaxis`); the legend is right
    of the axes.
    """
    ax = own_axes(ax)
    notes = draw_periods(ax, data, y, by=by, span=span)
    ax.set_ylabel(y)
    ax.set_ylim(bottom=0)
    legend_outside(ax, notes)
    return ax
