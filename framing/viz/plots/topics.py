"""Plots of topic models: choosing k, top terms, prevalence by outlet and over time.

Each function draws a table made by :mod:`framing.topics`, :mod:`framing.topics.sweep` or
:mod:`framing.topics.prevalence`; nothing is computed here but pivots.

>>> import pandas as pd
>>> sweep = pd.DataFrame({"k": [5, 5, 10, 10], "seed": [1, 2, 1, 2],
...                       "c_npmi": [0.01, 0.03, 0.05, 0.04]})
>>> plot_sweep(sweep, measure="c_npmi").get_xlabel()
'number of topics k'
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from framing._infra.errors import ArgumentError
from framing.viz.style import OKABE_ITO, figure_size, outlet_style

LABELS = {"u_mass": "coherence (u_mass)", "c_npmi": "coherence (c_npmi)", "perplexity": "held-out perplexity\n(document completion)",
          "exclusivity": "exclusivity", "stability": "stability across seeds"}


def _axes(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.figure(figsize=figure_size("single")).add_subplot()


def _need(data: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in data]
    if missing:
        raise ArgumentError(f"{what} needs columns {missing}; the table has {list(data.columns)}")


def plot_sweep(sweep: pd.DataFrame, *, measure: str = "c_npmi", ax: Axes | None = None) -> Axes:
    """One measure of :func:`framing.sweep_topics` against ``k``: a dot per seed, a line through the means."""
    _need(sweep, ["k", "seed", measure], "plot_sweep")
    ax = _axes(ax)
    ax.scatter(sweep["k"], sweep[measure], s=8, color="#999999", zorder=2, label="one seed")
    means = sweep.groupby("k", sort=True)[measure].mean()
    ax.plot(means.index, means.to_numpy(), color=OKABE_ITO[4], marker="o", markersize=3, zorder=3,
            label="mean over seeds")
    ax.set_xticks(means.index.to_numpy())
    ax.set_xlabel("number of topics k")
    ax.set_ylabel(LABELS.get(measure, measure))
    return ax


def plot_top_terms(terms: pd.DataFrame, *, value: str = "prob", topics: Sequence[int] | None = None,
                   ncols: int = 4, fig: Figure | None = None) -> np.ndarray:
    """Small multiples of :meth:`TopicModel.terms`: per topic, bars of ``value`` for its terms.

    Returns the flat array of panels (unused panels are hidden); the figure is
    ``axes[0].figure``. Terms are drawn in ``rank`` order, rank 1 at the top.
    """
    _need(terms, ["topic", "rank", "term", value], "plot_top_terms")
    shown = sorted(terms["topic"].unique()) if topics is None else list(topics)
    nrows = max(1, -(-len(shown) // ncols))
    if fig is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=figure_size("double", aspect=0.3 * nrows * 4 / ncols))
    axes = np.asarray(fig.subplots(nrows, ncols, squeeze=False)).ravel()
    for ax, topic in zip(axes, shown):
        rows = terms[terms["topic"] == topic].sort_values("rank")
        y = np.arange(len(rows))
        ax.barh(y, rows[value], color=OKABE_ITO[4])
        ax.set_yticks(y, rows["term"].astype(str))
        ax.invert_yaxis()
        ax.set_title(f"topic {topic}")
        ax.tick_params(axis="x", labelsize=6)
        ax.grid(axis="y", visible=False)
    for ax in axes[len(shown):]:
        ax.set_visible(False)
    return axes


def plot_prevalence_heatmap(prev: pd.DataFrame, *, by: str = "outlet", ax: Axes | None = None) -> Axes:
    """Heatmap of :func:`framing.topic_prevalence` (without ``period``): ``by`` × topic."""
    _need(prev, [by, "topic", "prevalence"], "plot_prevalence_heatmap")
    if "period" in prev and prev["period"].nunique() > 1:
        raise ArgumentError("plot_prevalence_heatmap draws one value per outlet and topic; the table has "
                            "several periods: select one, or compute topic_prevalence without period")
    table = prev.pivot_table(index=by, columns="topic", values="prevalence", aggfunc="first")
    ax = _axes(ax)
    image = ax.imshow(table.to_numpy(), aspect="auto", cmap="Blues", vmin=0)
    ax.set_xticks(np.arange(table.shape[1]), [str(t) for t in table.columns])
    ax.set_yticks(np.arange(table.shape[0]), [str(v) for v in table.index])
    ax.set_xlabel("topic")
    ax.grid(False)
    ax.figure.colorbar(image, ax=ax, label="mean topic share")
    return ax


def plot_prevalence_time(prev: pd.DataFrame, *, topic: int, by: str = "outlet",
                         ax: Axes | None = None) -> Axes:
    """Prevalence of one topic over ``period``, a line per value of ``by`` with its interval as a band."""
    _need(prev, [by, "period", "topic", "prevalence", "prevalence_lo", "prevalence_hi"], "plot_prevalence_time")
    data = prev[prev["topic"] == topic]
    if data.empty:
        topics = sorted(prev["topic"].unique().tolist())
        raise ArgumentError(f"topic {topic} is not in the table (topics {topics})")
    ax = _axes(ax)
    styles = outlet_style(data[by].astype(str))
    for name, group in data.sort_values("period").groupby(by, sort=True):
        s = styles[str(name)]
        ax.fill_between(group["period"], group["prevalence_lo"], group["prevalence_hi"], color=s["color"], alpha=0.2,
                        linewidth=0)
        ax.plot(group["period"], group["prevalence"], label=str(name), color=s["color"], marker=s["marker"],
                linestyle=s["linestyle"], markersize=3)
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_ylabel(f"share of topic {topic}")
    ax.set_ylim(bottom=0)
    ax.legend(title=None, ncols=2)
    return ax
