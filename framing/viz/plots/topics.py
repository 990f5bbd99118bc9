"""Plots of topic models: choosing k, top terms, prevalence by outlet and over time.

Each function draws a table made by :mod:`framing.topics`, :mod:`framing.topics.sweep` or
:mod:`framing.topics.prevalence`; nothing is computed here but pivots. Prevalence over time follows
:mod:`framing.viz.plots.timeaxis` (gaps, placement, partial periods) with its legend beside the data.

>>> import pandas as pd
>>> sweep = pd.DataFrame({"k": [5, 5, 10, 10], "seed": [1, 2, 1, 2],
...                       "c_npmi": [0.01, 0.03, 0.05, 0.04]})
>>> plot_sweep(sweep, measure="c_npmi").get_xlabel()
'number of topics k'
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from framing._infra.errors import ArgumentError
from framing.viz.plots.labels import TERM_CHARS, shorten
from framing.viz.plots.layout import font_points, interval_entry, legend_outside, need_columns, own_axes, own_figure
from framing.viz.plots.timeaxis import Span, draw_periods
from framing.viz.style import DOUBLE_COLUMN, OKABE_ITO

LABELS = {"u_mass": "coherence (u_mass)", "c_npmi": "coherence (c_npmi)", "perplexity": "held-out perplexity\n(document completion)",
          "exclusivity": "exclusivity", "stability": "stability across seeds"}
TERM_LABELS = {"prob": "p(term | topic)", "relevance": "relevance", "frex": "FREX"}
"""x-axis labels of the values :func:`plot_top_terms` draws."""
LIGHT = "#BBBBBB"
"""Colour of the overall-frequency bars (pyLDAvis's grey)."""


def _axes(ax: Axes | None) -> Axes:
    return own_axes(ax, width="single")


def plot_sweep(sweep: pd.DataFrame, *, measure: str = "c_npmi", ax: Axes | None = None) -> Axes:
    """One measure of :func:`framing.sweep_topics` against ``k``: a dot per seed, a line through the means."""
    need_columns(sweep, ["k", "seed", measure], "plot_sweep")
    ax = _axes(ax)
    ax.scatter(sweep["k"], sweep[measure], s=8, color="#999999", zorder=2, label="one seed")
    means = sweep.groupby("k", sort=True)[measure].mean()
    ax.plot(means.index, means.to_numpy(), color=OKABE_ITO[4], marker="o", markersize=3, zorder=3,
            label="mean over seeds")
    ax.set_xticks(means.index.to_numpy())
    ax.set_xlabel("number of topics k")
    ax.set_ylabel(LABELS.get(measure, measure))
    return ax


def _term_font(fig: Figure, nrows: int, ncols: int, n_terms: int) -> tuple[float, int]:
    """Tick-label size (points) and characters per term that fit a panel of ``fig``: rows at least
    1.3 label heights apart (about 60% of a panel's height holds its bars), labels at most about 40%
    of a panel's width; never below 4 points or 8 characters."""
    width, height = fig.get_size_inches()
    pitch = 0.6 * height / nrows * 72 / max(n_terms, 1)
    size = float(np.clip(pitch / 1.3, 4.0, font_points("ytick.labelsize")))
    chars = int(np.clip(0.4 * width / ncols * 72 / (0.6 * size), 8, TERM_CHARS))
    return size, chars


def plot_top_terms(terms: pd.DataFrame, *, value: str = "prob", topics: Sequence[int] | None = None,
                   ncols: int = 4, overall: str | None = "overall", fig: Figure | None = None) -> np.ndarray:
    """Small multiples of :meth:`TopicModel.terms`: per topic, bars of ``value`` for its terms.

    Returns the flat array of panels (unused panels are hidden); the figure is
    ``axes[0].figure``. Terms are drawn in ``rank`` order, rank 1 at the top, shortened to what fits
    (a junk token or URL ends in ``…``), their labels shrunk (to 4 points at least) so they never
    overlap; the bottom panel of each column names ``value`` on its x axis.

    When the table has the column ``overall`` (in the units of ``value``), each term also gets a
    wider, lighter bar behind its own, as pyLDAvis draws (Sievert & Shirley 2014): with ``value="prob"``
    and ``overall`` the term's corpus count divided by the topic's expected token count
    (``count(w) / Σ_d θ_dt·N_d``), the dark bar's share of the light one is the share of the term's uses
    the topic takes; with the corpus probability ``p(w)`` it compares the topic with the corpus. A
    legend under the panels names both.
    """
    need_columns(terms, ["topic", "rank", "term", value], "plot_top_terms")
    shown = sorted(terms["topic"].unique()) if topics is None else list(topics)
    nrows = max(1, -(-len(shown) // ncols))
    n_terms = int(terms[terms["topic"].isin(shown)].groupby("topic").size().max()) if len(terms) else 0
    if fig is None:  # rows 1.5 label heights apart, plus the title, the x axis and the legend
        panel = n_terms * 1.5 * font_points("ytick.labelsize") + 5 * font_points("axes.titlesize")
        fig = own_figure(width="double", aspect=(nrows * panel + 20) / 72 / DOUBLE_COLUMN)
    size, chars = _term_font(fig, nrows, ncols, n_terms)
    light = overall is not None and overall in terms
    axes = np.asarray(fig.subplots(nrows, ncols, squeeze=False)).ravel()
    for i, (ax, topic) in enumerate(zip(axes, shown)):
        rows = terms[terms["topic"] == topic].sort_values("rank")
        y = np.arange(len(rows))
        if light:
            ax.barh(y, rows[overall], height=0.8, color=LIGHT, zorder=1)
        ax.barh(y, rows[value], height=0.5 if light else 0.8, color=OKABE_ITO[4], zorder=2)
        ax.set_yticks(y, [shorten(t, chars) for t in rows["term"].astype(str)], fontsize=size)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_title(f"topic {topic}")
        ax.tick_params(axis="x", labelsize=6)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=3))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.2g}"))  # 2e-05, not 0.00002
        ax.grid(axis="y", visible=False)
        if i + ncols >= len(shown):  # the last panel of its column
            ax.set_xlabel(TERM_LABELS.get(value, value))
    for ax in axes[len(shown):]:
        ax.set_visible(False)
    if light:
        fig.legend([Patch(color=OKABE_ITO[4]), Patch(color=LIGHT)], ["in the topic", "overall"],
                   loc="outside lower center", ncols=2)
    return axes


def plot_prevalence_heatmap(prev: pd.DataFrame, *, by: str = "outlet", ax: Axes | None = None) -> Axes:
    """Heatmap of :func:`framing.topic_prevalence` (without ``period``): ``by`` × topic."""
    need_columns(prev, [by, "topic", "prevalence"], "plot_prevalence_heatmap")
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


def plot_prevalence_time(prev: pd.DataFrame, *, topic: int, by: str = "outlet", span: Span = None,
                         ax: Axes | None = None) -> Axes:
    """Prevalence of one topic over ``period``, a line per value of ``by`` with its interval as a band.

    Periods are placed, broken at gaps and cut by ``span`` (the date range the table covers) as
    :mod:`framing.viz.plots.timeaxis` says; the legend, right of the axes, names the intervals' method.
    """
    need_columns(prev, [by, "period", "topic", "prevalence", "prevalence_lo", "prevalence_hi"], "plot_prevalence_time")
    data = prev[prev["topic"] == topic]
    if data.empty:
        topics = sorted(prev["topic"].unique().tolist())
        raise ArgumentError(f"topic {topic} is not in the table (topics {topics})")
    ax = _axes(ax)
    notes = draw_periods(ax, data, "prevalence", by=by, span=span)
    ax.set_ylabel(f"share of topic {topic}")
    ax.set_ylim(bottom=0)
    legend_outside(ax, interval_entry(prev, "prevalence", glyph="band") + notes)
    return ax
