"""Plots of meaning: neighbours per group, the neighbours ratio, covariate effects, document scores.

Each function draws a table made by :mod:`framing.embeddings` (``term_neighbours``,
``neighbours_ratio``, ``embedding_regression``, ``scale_documents(...).groups``) and computes
nothing but positions. A legend right of the axes names the intervals' method when the table records
it (``attrs["ci_method"]``); scores over time follow :mod:`framing.viz.plots.timeaxis`.

>>> import pandas as pd
>>> table = pd.DataFrame({"covariate": ["outlet"], "level": ["b"], "reference": ["a"], "n": [30],
...                       "norm": [0.8], "norm_lo": [0.6], "norm_hi": [1.0], "p": [0.01]})
>>> plot_effect_norms(table).get_xlabel()
'norm of the coefficient vector (difference in meaning)'
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from framing.dtm.patterns import brief
from framing.viz.plots.layout import interval_entry, legend_outside, need_columns, own_axes, own_figure
from framing.viz.plots.timeaxis import draw_periods
from framing.viz.style import OKABE_ITO, outlet_style


def _axes(ax: Axes | None, aspect: float = 0.62) -> Axes:
    return own_axes(ax, width="single", aspect=aspect)


def _errors(table: pd.DataFrame, stat: str) -> np.ndarray | None:
    """Error-bar lengths of ``stat`` from its ``_lo``/``_hi`` columns (``None`` without intervals)."""
    lo, hi = table.get(f"{stat}_lo"), table.get(f"{stat}_hi")
    if lo is None or hi is None or lo.isna().all():
        return None
    value = table[stat].to_numpy(float)
    return np.vstack([value - lo.to_numpy(float), hi.to_numpy(float) - value]).clip(min=0)


def plot_neighbours(table: pd.DataFrame, *, by: str = "outlet", fig: Figure | None = None) -> np.ndarray:
    """Side by side, one panel per group: its nearest neighbours (:func:`framing.term_neighbours`) and their
    cosine with the term's meaning there, with intervals; the x axis names the term. Returns the array of axes."""
    need_columns(table, [by, "term", "cosine"], "plot_neighbours")
    groups = sorted(table[by].astype(str).unique())
    if fig is None:
        fig = own_figure(width="double", aspect=0.35 + 0.03 * table.groupby(by).size().max())
    axes = np.atleast_1d(fig.subplots(1, len(groups), sharex=True))
    styles = outlet_style(groups)
    label = "cosine similarity"
    if "pattern" in table and table["pattern"].nunique() == 1:
        label = f"cosine with {brief(str(table['pattern'].iloc[0]), 30)}"
    for ax, group in zip(axes, groups):
        rows = table[table[by].astype(str) == group].sort_values("cosine", kind="stable")
        y = np.arange(len(rows))
        ax.errorbar(rows["cosine"], y, xerr=_errors(rows, "cosine"), fmt="o", markersize=3,
                    color=styles[group]["color"], elinewidth=0.8, capsize=0)
        ax.set_yticks(y, rows["term"].astype(str).tolist())
        ax.set_title(group)
        ax.set_xlabel(label)
    legend_outside(axes[-1], interval_entry(table, "cosine"))
    return axes


def plot_neighbours_ratio(table: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """:func:`framing.neighbours_ratio`: each word's cosine ratio (group_a / group_b) on a log axis, with
    intervals; a ratio above 1 means closer to the term's meaning in ``group_a``."""
    need_columns(table, ["term", "ratio", "group_a", "group_b"], "plot_neighbours_ratio")
    rows = table.sort_values("ratio", kind="stable").reset_index(drop=True)
    ax = _axes(ax, 0.3 + 0.04 * len(rows))
    y = np.arange(len(rows))
    colours = np.where(rows["ratio"] >= 1, OKABE_ITO[5], OKABE_ITO[4])
    errors = _errors(rows, "ratio")
    for i in range(len(rows)):
        ax.errorbar(rows["ratio"].iloc[i], y[i], xerr=None if errors is None else errors[:, [i]], fmt="o",
                    markersize=3, color=colours[i], elinewidth=0.8, capsize=0)
    ax.axvline(1, color="#666666", linewidth=0.8, linestyle=":")
    ax.set_xscale("log")
    ax.set_yticks(y, rows["term"].astype(str).tolist())
    ax.set_xlabel(f"cosine ratio: {rows['group_a'].iloc[0]} / {rows['group_b'].iloc[0]}")
    legend_outside(ax, interval_entry(table, "ratio"))
    return ax


def plot_effect_norms(table: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """:func:`framing.embedding_regression`: the norm of each covariate level's coefficient vector with its
    interval, labelled with the level, its reference and the permutation p-value."""
    need_columns(table, ["covariate", "level", "reference", "norm"], "plot_effect_norms")
    rows = table.reset_index(drop=True)
    ax = _axes(ax, 0.3 + 0.06 * len(rows))
    y = np.arange(len(rows))[::-1]
    ax.errorbar(rows["norm"], y, xerr=_errors(rows, "norm"), fmt="o", markersize=4, color=OKABE_ITO[4],
                elinewidth=0.8, capsize=0)
    p_values = rows["p"].to_numpy(float) if "p" in rows else np.full(len(rows), np.nan)
    labels = [f"{cov}: {level} vs {ref}" + (f" (p = {p:.3g})" if np.isfinite(p) else "")
              for cov, level, ref, p in zip(rows["covariate"], rows["level"], rows["reference"], p_values)]
    ax.set_yticks(y, labels)
    ax.set_xlim(left=0)
    ax.set_xlabel("norm of the coefficient vector (difference in meaning)")
    legend_outside(ax, interval_entry(table, "norm"))
    return ax


def plot_scores_over_time(groups: pd.DataFrame, *, by: str = "outlet", ax: Axes | None = None) -> Axes:
    """:func:`framing.scale_documents` group scores (``by`` and ``period``) over time, one line per group,
    with interval bands (placed and broken at gaps as :mod:`framing.viz.plots.timeaxis` says)."""
    need_columns(groups, [by, "period", "score"], "plot_scores_over_time")
    ax = _axes(ax)
    notes = draw_periods(ax, groups, "score", by=by)
    ax.axhline(0, color="#666666", linewidth=0.8, linestyle=":")
    ax.set_ylabel("mean document score\n(standardised)")
    legend_outside(ax, interval_entry(groups, "score", glyph="band") + notes)
    return ax
