"""Plots of a corpus's make-up: how many documents each outlet published when.

>>> import pandas as pd
>>> table = pd.DataFrame({"outlet": ["a", "a", "b", "b"],
...                       "period": pd.to_datetime(["2022-01-01", "2022-02-01"] * 2),
...                       "documents": [3, 5, 1, 0]})
>>> plot_documents(table).get_ylabel()
'documents'
"""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes

from framing.viz.style import outlet_style


def plot_documents(data: pd.DataFrame, *, y: str = "documents", by: str = "outlet",
                   ax: Axes | None = None) -> Axes:
    """Documents (or any count in column ``y``) per ``period``, one line per value of ``by``.

    ``data`` is long: columns ``by``, ``period`` (the period's first day) and ``y``, as
    returned by :func:`framing.dtm.documents.documents_per_period`.
    """
    if ax is None:
        import matplotlib.pyplot as plt

        ax = plt.figure().add_subplot()
    styles = outlet_style(data[by].astype(str))
    for name, group in data.groupby(by, sort=True):
        s = styles[str(name)]
        ax.plot(group["period"], group[y], label=str(name), color=s["color"], marker=s["marker"],
                linestyle=s["linestyle"], markersize=3)
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_ylabel(y)
    ax.set_ylim(bottom=0)
    ax.legend(title=None, ncols=2)
    return ax
