"""Plots of topics as frames: covariate effects, frame networks, a topic's wording per outlet.

Each function draws a table (or the small result object) made by :mod:`framing.topics.effects`,
:mod:`framing.topics.networks` or :mod:`framing.topics.slices`; nothing is estimated here.

>>> import pandas as pd
>>> diff = pd.DataFrame({"group_a": ["a", "a"], "group_b": ["b", "b"], "topic": [0, 1],
...                      "difference": [0.1, -0.05], "difference_lo": [0.05, -0.1], "difference_hi": [0.15, 0.0]})
>>> plot_effect(diff).get_xlabel()
'difference in expected topic share (a − b)'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from framing._infra.errors import ArgumentError
from framing.topics.effects import EffectEstimate
from framing.topics.networks import FrameNetwork
from framing.viz.plots.layout import legend_outside, need_columns, own_axes, own_figure
from framing.viz.style import OKABE_ITO, outlet_style


def _axes(ax: Axes | None, aspect: float = 0.62) -> Axes:
    return own_axes(ax, width="single", aspect=aspect)


def plot_effect(effect: EffectEstimate | pd.DataFrame, *, covariate: str = "outlet", topic: int | None = None,
                by: str = "outlet", ax: Axes | None = None) -> Axes:
    """A covariate's effect on topic prevalence (:func:`framing.estimate_effect`).

    A categorical ``covariate`` (a table of ``effect.differences(covariate)``): one row per pair of
    levels and topic, the average difference with its interval. A date covariate (a table of
    ``effect.trend(covariate)``): the expected share of ``topic`` over time, a line and band per
    value of ``by``. Given the :class:`~framing.topics.effects.EffectEstimate` itself, the table
    is taken from it.
    """
    if isinstance(effect, EffectEstimate):
        kind = effect.design.kinds.get(covariate)
        table = effect.differences(covariate) if kind == "categorical" else effect.trend(covariate, by=by)
    else:
        table = effect
    if "difference" in table:
        return _differences(table, topic=topic, ax=ax)
    return _trend(table, covariate=covariate, topic=topic, by=by, ax=ax)


def _differences(table: pd.DataFrame, *, topic: int | None, ax: Axes | None) -> Axes:
    need_columns(table, ["group_a", "group_b", "topic", "difference", "difference_lo", "difference_hi"], "plot_effect")
    data = table if topic is None else table[table["topic"] == topic]
    if data.empty:
        raise ArgumentError(f"topic {topic} is not in the table (topics {sorted(table['topic'].unique().tolist())})")
    data = data.sort_values(["topic", "group_a", "group_b"]).reset_index(drop=True)
    ax = _axes(ax, aspect=max(0.4, 0.08 * len(data)))
    y = np.arange(len(data))[::-1]
    err = np.vstack([data["difference"] - data["difference_lo"], data["difference_hi"] - data["difference"]])
    ax.errorbar(data["difference"], y, xerr=err, fmt="o", color=OKABE_ITO[4], markersize=3, capsize=2)
    ax.axvline(0, color="#999999", linewidth=0.8, zorder=0)
    ax.set_yticks(y, [f"topic {t}: {a} − {b}" for t, a, b in zip(data["topic"], data["group_a"], data["group_b"])])
    pairs = data[["group_a", "group_b"]].drop_duplicates()
    what = f" ({pairs['group_a'].iloc[0]!s} − {pairs['group_b'].iloc[0]!s})" if len(pairs) == 1 else ""
    ax.set_xlabel(f"difference in expected topic share{what}")
    ax.grid(axis="y", visible=False)
    return ax


def _trend(table: pd.DataFrame, *, covariate: str, topic: int | None, by: str, ax: Axes | None) -> Axes:
    need_columns(table, [covariate, "topic", "prevalence", "prevalence_lo", "prevalence_hi"], "plot_effect")
    if topic is None:
        if table["topic"].nunique() > 1:
            raise ArgumentError(f"plot_effect draws the trend of one topic; pass topic=..., one of "
                                f"{sorted(table['topic'].unique().tolist())}")
        topic = int(table["topic"].iloc[0])
    data = table[table["topic"] == topic]
    if data.empty:
        raise ArgumentError(f"topic {topic} is not in the table (topics {sorted(table['topic'].unique().tolist())})")
    ax = _axes(ax)
    groups = data.groupby(by, sort=True) if by in data else [("all documents", data)]
    styles = outlet_style(str(name) for name, _ in groups)
    for name, group in groups:
        s = styles[str(name)]
        group = group.sort_values(covariate)
        ax.fill_between(group[covariate], group["prevalence_lo"], group["prevalence_hi"], color=s["color"],
                        alpha=0.2, linewidth=0)
        ax.plot(group[covariate], group["prevalence"], label=str(name), color=s["color"], linestyle=s["linestyle"])
    if pd.api.types.is_datetime64_any_dtype(data[covariate]):
        locator = mdates.AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    else:
        ax.set_xlabel(covariate)
    ax.set_ylabel(f"expected share of topic {topic}")
    legend_outside(ax)
    return ax


def plot_frame_network(network: FrameNetwork, *, group: str | Sequence[str] | None = None, seed: int = 1,
                       ax: Axes | None = None) -> Axes:
    """The topic network of :func:`framing.frame_network` (one group's, when it has several).

    Nodes are topics, sized by their share of tokens and coloured by frame package (community);
    edges are drawn as wide as their weight. The layout is networkx's spring layout (Fruchterman &
    Reingold 1991) on the edge weights, seeded with ``seed``, so the same network is drawn the same.
    """
    import networkx as nx

    g = network.graph(group)
    ax = _axes(ax, aspect=1.0)
    pos = nx.spring_layout(g, weight="weight", seed=seed)
    weights = np.array([d["weight"] for _, _, d in g.edges(data=True)])
    widths = 0.5 + 3 * weights / weights.max() if len(weights) else []
    nx.draw_networkx_edges(g, pos, ax=ax, width=widths, edge_color="#999999", alpha=0.7)
    nodes = list(g.nodes)
    sizes = np.array([g.nodes[n]["size"] for n in nodes])
    colours = [OKABE_ITO[g.nodes[n]["community"] % len(OKABE_ITO)] for n in nodes]
    nx.draw_networkx_nodes(g, pos, ax=ax, nodelist=nodes, node_size=60 + 1500 * sizes / max(sizes.max(), 1e-12),
                           node_color=colours, edgecolors="white", linewidths=0.5)
    labels = {n: str(g.nodes[n]["label"]).split(":")[0] for n in nodes}
    nx.draw_networkx_labels(g, pos, labels=labels, ax=ax, font_size=6)
    ax.margins(0.15)  # room for the largest nodes at the edges
    ax.set_axis_off()
    packages = [(Line2D([], [], linestyle="none", marker="o", color=OKABE_ITO[c % len(OKABE_ITO)]), f"package {c}")
                for c in sorted({g.nodes[n]["community"] for n in nodes})]
    legend_outside(ax, packages)
    return ax


def plot_topic_wording(table: pd.DataFrame, *, topic: int, by: str = "outlet", value: str = "frex",
                       fig: Figure | None = None) -> Any:
    """One topic's top terms in each slice of :func:`framing.topic_wording`: a panel of bars per slice.

    Bars of terms that are not among the topic's top terms over the whole corpus (``overall_rank``
    above the slice's number of terms) are drawn in a second colour: the slice's own wording.
    Returns the array of panels; the figure is ``axes[0].figure``.
    """
    need_columns(table, [by, "topic", "rank", "term", value, "overall_rank"], "plot_topic_wording")
    data = table[table["topic"] == topic]
    if data.empty:
        raise ArgumentError(f"topic {topic} is not in the table (topics {sorted(table['topic'].unique().tolist())})")
    slices = sorted(data[by].unique(), key=str)
    if fig is None:
        fig = own_figure(width="double", aspect=0.35)
    axes = np.asarray(fig.subplots(1, len(slices), squeeze=False)).ravel()
    n = int(data["rank"].max())
    for ax, name in zip(axes, slices):
        rows = data[data[by] == name].sort_values("rank")
        y = np.arange(len(rows))
        own = rows["overall_rank"].to_numpy() > n
        ax.barh(y, rows[value], color=np.where(own, OKABE_ITO[5], OKABE_ITO[4]))
        ax.set_yticks(y, rows["term"].astype(str))
        ax.invert_yaxis()
        ax.set_title(str(name))
        ax.tick_params(axis="x", labelsize=6)
        ax.grid(axis="y", visible=False)
    axes[0].figure.suptitle(f"topic {topic}: top terms by {by} (dark: not among the topic's top terms overall)", fontsize=8)
    return axes
