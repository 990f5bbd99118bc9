"""Layout shared by the plots: figures they make themselves, legends beside the data, figure heights.

- :func:`own_axes` — the Axes to draw on: the caller's, or one on a new figure with constrained
  layout (so a legend outside the axes and long tick labels are kept inside the saved figure);
- :func:`legend_outside` — the legend to the right of the axes (``where="right"``), above it
  (``"above"``) or below its x-axis label (``"below"``; ``"auto"``: below an axes whose grid cell
  is narrower than :data:`WIDE` inches and in the grid's last row, else right), never over the
  data; extra entries (the interval glyph and its method, a marker for partial periods) are
  appended to the plotted ones;
- :func:`interval_entry` — that legend entry for the intervals of one statistic, labelled with
  :func:`framing.viz.captions.interval_label`;
- :func:`rates_aspect` — the height/width ratio a dot-and-interval plot (:func:`plot_rates`) needs
  for ``n_rows`` rows of ``n_groups`` intervals each, from the current font sizes: the rows at least
  1.5 tick-label heights apart and each interval :data:`INTERVAL_POINTS` from the next, so twenty
  patterns of four outlets are not squeezed into 150 pixels. Views pass it as ``aspect`` when they
  make the figure; :func:`framing.viz.plots.plot_rates` uses it when it makes its own;
- :func:`label_chars` — how many characters of a tick label fit beside the data, so long pattern
  names and junk terms are shortened (:func:`framing.viz.plots.labels.shorten`) rather than
  squeezing the data away. Text is measured unhinted (:func:`text_points`), as
  :data:`framing.viz.style.RC` draws it, so a layout fits every resolution.

>>> from framing.viz.render import clean_style
>>> with clean_style():
...     round(rates_aspect(2), 2), round(rates_aspect(20, 4), 2)
(0.62, 2.43)
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

import matplotlib as mpl
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.dates import ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.textpath import TextToPath
from matplotlib.transforms import offset_copy

from framing._infra.errors import ArgumentError
from framing.viz.captions import interval_label
from framing.viz.style import figure_size

Entry = tuple[Artist, str]
"""A legend entry: its handle and its label."""
INTERVAL_POINTS = 5.0
"""Height in points given to one interval of a row (a 4-point marker and a gap)."""
LEGEND_CHARS = 24
"""Characters per line of a long legend label (the interval method)."""
MIN_ASPECT = 0.62
"""The aspect of a plot with few rows: the journal's default."""
WIDE = 5.0
"""Axes whose grid cell is at least this wide (inches) keep a legend on the right; narrower ones put it below."""


def font_points(setting: str) -> float:
    """A font size from the current rcParams in points (``"small"`` and the like resolved)."""
    rc: Any = mpl.rcParams  # matplotlib's stubs want literal keys
    return float(FontProperties(size=rc[setting]).get_size_in_points())


def text_points(text: str, setting: str) -> float:
    """Width in points of the longest line of ``text`` at the font size of rcParams ``setting``
    (unhinted glyph advances: the same at every dpi)."""
    prop = FontProperties(size=font_points(setting))
    return max(TextToPath().get_text_width_height_descent(line, prop, ismath=False)[0] for line in text.split("\n"))


def _root(ax: Axes) -> Figure:
    """The figure the axes is drawn in (the outermost one, for an axes in a subfigure)."""
    fig = ax.get_figure(root=True)
    if fig is None:
        raise ArgumentError("the axes belongs to no figure; make it with fig.add_subplot()")
    return fig


def _share(ax: Axes) -> float:
    """The share of the figure's width the axes' grid cell takes (1 for an axes not in a grid)."""
    spec = ax.get_subplotspec()
    if spec is None:
        return 1.0
    columns = spec.get_gridspec().ncols
    return (spec.colspan.stop - spec.colspan.start) / columns


def _columns(ax: Axes, labels: Sequence[str]) -> int:
    """Legend columns that fit under the axes' data area: the width of its grid cell less the y tick
    labels, the y-axis label and the layout's margins, divided by the widest entry (handle, gap,
    label, spacing)."""
    size = font_points("legend.fontsize")
    ticks = max((text_points(t.get_text(), "ytick.labelsize") for t in ax.get_yticklabels()), default=0.0)
    ylabel = ax.get_ylabel()
    title = (ylabel.count("\n") + 1) * 1.2 * font_points("axes.labelsize") + mpl.rcParams["axes.labelpad"] if ylabel else 0
    room = _share(ax) * _root(ax).get_figwidth() * 72 - ticks - title - mpl.rcParams["ytick.major.size"] - mpl.rcParams[
        "ytick.major.pad"] - 12 - 2 * mpl.rcParams["legend.borderpad"] * size
    entry = max(text_points(label, "legend.fontsize") for label in labels) + size * (
        mpl.rcParams["legend.handlelength"] + mpl.rcParams["legend.handletextpad"] + mpl.rcParams["legend.columnspacing"])
    return max(1, min(len(labels), int(room // entry)))


def label_chars(ax: Axes, *, share: float = 0.4, setting: str = "ytick.labelsize") -> int:
    """Characters of a tick label that fill at most ``share`` of the axes' grid cell (at least 8):
    the rest stays for the data and, below it, a legend of outlet names."""
    return max(8, int(share * _share(ax) * _root(ax).get_figwidth() * 72 / (0.6 * font_points(setting))))


def _inches(width: str | float | None) -> float:
    """A figure width in inches: ``"single"``, ``"double"``, inches, or ``None`` (matplotlib's default)."""
    return float(mpl.rcParams["figure.figsize"][0]) if width is None else figure_size(width, 1.0)[0]


def need_columns(data: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    """Raise :class:`~framing.ArgumentError` naming the ``columns`` that ``what`` needs and ``data`` lacks."""
    missing = [c for c in columns if c not in data]
    if missing:
        raise ArgumentError(f"{what} needs columns {missing}; the table has {list(data.columns)}")


def own_figure(*, width: str | float | None = None, aspect: float = MIN_ASPECT) -> Figure:
    """A new pyplot figure with constrained layout, ``width`` wide (``None``: matplotlib's default width)."""
    import matplotlib.pyplot as plt

    return plt.figure(figsize=figure_size(_inches(width), aspect), layout="constrained")


def own_axes(ax: Axes | None, *, width: str | float | None = None, aspect: float = MIN_ASPECT) -> Axes:
    """``ax``, or the Axes of a new :func:`own_figure`."""
    return ax if ax is not None else own_figure(width=width, aspect=aspect).add_subplot()


def _below_axis(ax: Axes) -> float:
    """Points from the bottom of the axes to below its x tick labels and x-axis label."""
    tick = mpl.rcParams["xtick.major.size"] + mpl.rcParams["xtick.major.pad"] + 1.2 * font_points("xtick.labelsize")
    if isinstance(ax.xaxis.get_major_formatter(), ConciseDateFormatter):  # its offset ("2022") under the ticks
        tick += 1.2 * font_points("xtick.labelsize")
    label = ax.get_xlabel()
    lines = label.count("\n") + 1 if label else 0
    return tick + (mpl.rcParams["axes.labelpad"] + 1.2 * font_points("axes.labelsize") * lines if lines else 0) + 2


def legend_outside(ax: Axes, extra: Sequence[Entry] = (), *, where: str = "auto", ncols: int | None = None
                   ) -> Legend | None:
    """The axes' legend (its labelled artists, then ``extra``) outside the data area; ``None`` if empty.

    ``where="right"``: beside the axes, top-aligned, one column; ``"above"``: over the axes;
    ``"below"``: under the x-axis label. Above and below are left-aligned with the axes, in ``ncols``
    columns (default: as many as fit under the data area, measured from the labels' widths: a legend
    wider than its axes would push the layout).
    """
    handles, labels = ax.get_legend_handles_labels()
    handles += [h for h, _ in extra]
    labels += [label for _, label in extra]
    if not handles:
        return None
    if where == "auto":
        spec = ax.get_subplotspec()
        stacked = spec is not None and not spec.is_last_row()  # below it would sit between two panels
        where = "right" if stacked or _share(ax) * _root(ax).get_figwidth() >= WIDE else "below"
    if where == "right":
        return ax.legend(handles, labels, title=None, borderaxespad=0.0, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    if where not in ("above", "below"):
        raise ArgumentError(f"where={where!r}: a legend goes 'right' of the axes, 'above' or 'below' it "
                            "(or 'auto')")
    columns = ncols if ncols is not None else _columns(ax, labels)
    if where == "above":
        return ax.legend(handles, labels, title=None, borderaxespad=0.0, ncols=columns, loc="lower left",
                         bbox_to_anchor=(0.0, 1.02))
    under = offset_copy(ax.transAxes, fig=_root(ax), y=-_below_axis(ax), units="points")
    return ax.legend(handles, labels, title=None, borderaxespad=0.0, ncols=columns, loc="upper left",
                     bbox_to_anchor=(0.0, 0.0), bbox_transform=under)


def interval_entry(table: pd.DataFrame, stat: str, *, glyph: str = "bar") -> list[Entry]:
    """The legend entry naming the intervals of ``stat`` (none when the table does not say).

    ``glyph`` is ``"bar"`` (an error bar) or ``"band"`` (a translucent band), as the plot draws them.
    """
    label = interval_label(table, stat)
    if not label:
        return []
    handle: Artist
    if glyph == "band":
        handle = Patch(facecolor="#777777", alpha=0.3, linewidth=0)
    else:
        handle = Line2D([], [], color="#555555", linewidth=1.0, marker="|", markersize=5)
    return [(handle, textwrap.fill(label, LEGEND_CHARS, break_on_hyphens=False))]


def rates_aspect(n_rows: int, n_groups: int = 1, *, width: str | float | None = "single") -> float:
    """Height / width of a figure ``width`` wide (as :func:`own_figure`) holding ``n_rows`` rows of
    ``n_groups`` intervals.

    Row height ``max(1.5 · tick font, n_groups · INTERVAL_POINTS / 0.8)`` points (the intervals of a
    row share 0.8 of it); below the rows about four lines of text for the x axis and margins and the
    legend (``n_groups`` entries and a three-line interval label, in a column per 1.5 inches beyond
    the first 1.2); never below :data:`MIN_ASPECT`.
    """
    if n_rows < 0 or n_groups < 0:
        raise ArgumentError(f"rates_aspect needs counts of rows and groups ≥ 0, got {n_rows} and {n_groups}")
    tick, label, legend = font_points("ytick.labelsize"), font_points("axes.labelsize"), font_points("legend.fontsize")
    row = max(1.5 * tick, n_groups * INTERVAL_POINTS / 0.8)
    columns = max(1, int((_inches(width) - 1.2) // 1.5))
    legend_height = (-(-n_groups // columns) + 3) * 1.7 * legend
    height = n_rows * row + legend_height + 2 * (tick + label)
    return max(MIN_ASPECT, height / 72 / _inches(width))

