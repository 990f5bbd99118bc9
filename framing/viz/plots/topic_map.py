"""The intertopic distance map (as LDAvis): a circle per topic, placed by the topics' distances.

Draws the table of :func:`framing.topics.distance.topic_map`: the circle of topic ``k`` is centred
at its principal coordinates (``x``, ``y``) and its *area* is proportional to its ``prevalence``
(the largest circle's radius is :data:`RADIUS` of the map's extent). Axes are equal, so distances
on the page are distances of the map. The highlighted topic is filled in colour, the others pale.

>>> import pandas as pd
>>> table = pd.DataFrame({"topic": [0, 1, 2], "x": [-0.2, 0.1, 0.1], "y": [0.0, 0.15, -0.15],
...                       "prevalence": [0.5, 0.3, 0.2], "label": ["0: war", "1: gas", "2: talks"]})
>>> ax = plot_topic_map(table, highlight=1)
>>> ax.get_xlabel(), [t.get_text() for t in ax.texts]
('PC1', ['0', '1', '2'])
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Circle

from framing._infra.errors import ArgumentError
from framing.viz.plots.layout import own_axes
from framing.viz.style import OKABE_ITO

RADIUS = 0.15
"""Radius of the largest circle, as a share of the larger of the map's two extents."""
PALE, EDGE, HIGHLIGHT = OKABE_ITO[1], OKABE_ITO[4], OKABE_ITO[5]
"""Fill of the topics, their outline, and the fill of the highlighted topic."""
TITLE_CHARS = 48
"""Characters per line of the title that names the highlighted topic."""


def _axis_label(name: str, table: pd.DataFrame, i: int) -> str:
    explained = table.attrs.get("explained")
    return f"{name} ({explained[i]:.0%})" if explained else name


def plot_topic_map(table: pd.DataFrame, *, highlight: int | None = None, ax: Axes | None = None) -> Axes:
    """Circles of area ∝ prevalence at the topics' coordinates, labelled by topic number.

    Each circle is a pickable patch whose ``gid`` is its topic number (``str``), so a view can
    turn a matplotlib ``pick_event`` into a topic. Axis labels give the share of the distances'
    variation each axis shows when ``table.attrs["explained"]`` has it.

    Args:
        table: :func:`framing.topics.distance.topic_map` output (``topic, x, y, prevalence``;
            ``label`` for the title of a highlighted topic).
        highlight: the topic drawn filled (and named in the title), or ``None``.
        ax: the Axes to draw on (default: a new single-column square figure).

    Raises:
        ArgumentError: a missing column, or a ``highlight`` that is not a topic of the table.
    """
    missing = [c for c in ("topic", "x", "y", "prevalence") if c not in table]
    if missing:
        raise ArgumentError(f"plot_topic_map needs the columns {missing}; the table has {list(table.columns)}")
    topics = table["topic"].astype(int).tolist()
    if highlight is not None and highlight not in topics:
        raise ArgumentError(f"highlight={highlight!r} is not a topic of the map (topics {topics})")
    ax = own_axes(ax, width="single", aspect=1.0)
    x, y = table["x"].to_numpy(float), table["y"].to_numpy(float)
    prevalence = table["prevalence"].to_numpy(float)
    extent = max(float(np.ptp(x)), float(np.ptp(y))) or 1.0
    radius = RADIUS * extent * np.sqrt(prevalence / max(float(prevalence.max()), 1e-300))
    for i in np.argsort(-radius, kind="stable"):  # small circles over large ones
        chosen = topics[i] == highlight
        ax.add_patch(Circle((x[i], y[i]), radius[i], facecolor=HIGHLIGHT if chosen else PALE,
                            alpha=0.85 if chosen else 0.45, edgecolor="black" if chosen else EDGE,
                            linewidth=0.8, picker=True, gid=str(topics[i]), zorder=2 + int(chosen)))
    for xi, yi, topic in zip(x, y, topics):
        ax.text(xi, yi, str(topic), ha="center", va="center", fontsize="small", zorder=4)
    ax.axhline(0, color="#999999", linewidth=0.5, zorder=1)
    ax.axvline(0, color="#999999", linewidth=0.5, zorder=1)
    ax.margins(0.05)  # the circles are in the data limits (add_patch), so none is cut
    ax.set_aspect("equal", adjustable="datalim")
    ax.grid(False)
    ax.set_xlabel(_axis_label("PC1", table, 0))
    ax.set_ylabel(_axis_label("PC2", table, 1))
    title = "circle area ∝ topic prevalence"
    if highlight is not None and "label" in table:
        label = str(table.loc[table["topic"].astype(int) == highlight, "label"].iat[0])
        title = textwrap.fill(f"topic {label}", TITLE_CHARS)
    ax.set_title(title, fontsize="medium", loc="left")
    return ax
