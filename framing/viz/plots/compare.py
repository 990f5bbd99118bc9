"""Plot of rate comparisons: rate ratios on a log axis with their exact and bootstrap intervals.

Draws :func:`framing.compare_rates` output: one row per comparison and pattern, the ratio
as a dot, the exact conditional interval as a thick bar and the document-bootstrap interval
as a thin bar just below it, and a reference line at 1 (equal rates). On a
log axis ratios of 2 and ½ lie equally far from 1. A ratio or bound of 0 or ∞ cannot be
placed on a log axis: it is drawn at the axis edge with an arrowhead pointing out. The legend,
below the axes, names both interval methods; rows are labelled by the patterns' names.

>>> import pandas as pd
>>> table = pd.DataFrame({"group_a": ["kremlin.ru"], "group_b": ["president.gov.ua"], "pattern": ["war"],
...     "rate_ratio": [0.13], "rate_ratio_lo": [0.11], "rate_ratio_hi": [0.15],
...     "rate_ratio_boot_lo": [0.096], "rate_ratio_boot_hi": [0.17]})
>>> ax = plot_rate_ratios(table)
>>> ax.get_xscale(), ax.get_title()
('log', 'kremlin.ru vs president.gov.ua')
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from framing._infra.errors import ArgumentError
from framing.viz.plots.labels import LABEL_CHARS, pattern_labels
from framing.viz.plots.layout import label_chars, legend_outside, own_axes, rates_aspect
from framing.viz.style import OKABE_ITO

METHODS = (("", "exact conditional (Poisson)", 2.2, 0.0), ("_boot", "document bootstrap", 0.9, 0.22))
"""Interval columns drawn: (suffix, legend label, line width, offset below the row)."""


def _row_labels(table: pd.DataFrame, limit: int) -> list[str]:
    """The pattern, preceded by the comparison's group columns (those before ``group_a``) or its sides."""
    groups = list(table.columns[:list(table.columns).index("group_a")])
    pairs = table[["group_a", "group_b"]].drop_duplicates()
    parts = [table[c].astype(str) for c in groups]
    if len(pairs) > 1:
        parts.append(table["group_a"].astype(str) + " vs " + table["group_b"].astype(str))
    parts.append(pd.Series(pattern_labels(table["pattern"].astype(str), limit), index=table.index))
    return [": ".join(p) for p in zip(*parts)]


def _limits(values: np.ndarray) -> tuple[float, float]:
    """Axis limits around every finite positive value, always including 1."""
    finite = values[np.isfinite(values) & (values > 0)]
    lo, hi = min(float(finite.min(initial=1.0)), 1.0), max(float(finite.max(initial=1.0)), 1.0)
    return lo / 2, hi * 2


def plot_rate_ratios(comparison: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Rate ratios of :func:`framing.compare_rates` with both intervals, on a log axis.

    ``comparison`` needs ``group_a``, ``group_b``, ``pattern``, ``rate_ratio`` and its
    interval columns (``rate_ratio_lo``/``_hi``, ``rate_ratio_boot_lo``/``_hi``; a method
    whose columns are all NaN, as with ``n_boot=0``, is not drawn). Rows are labelled by
    the pattern and, when the table holds several comparisons, by their group columns
    (comparing periods) or their sides.
    """
    need = ["group_a", "group_b", "pattern", "rate_ratio", "rate_ratio_lo", "rate_ratio_hi"]
    missing = [c for c in need if c not in comparison]
    if missing:
        raise ArgumentError(f"plot_rate_ratios needs the columns {missing} (compare_rates output); "
                            f"the table has {list(comparison.columns)}")
    if comparison.empty:
        raise ArgumentError("plot_rate_ratios: the table has no rows")
    ax = own_axes(ax, aspect=rates_aspect(len(comparison), len(METHODS), width=None))
    table = comparison.reset_index(drop=True)
    y = np.arange(len(table), dtype=float)
    columns = ["rate_ratio"] + [f"rate_ratio{s}_{e}" for s, *_ in METHODS for e in ("lo", "hi") if
                                f"rate_ratio{s}_{e}" in table]
    left, right = _limits(table[columns].to_numpy(float).ravel())
    for (suffix, label, width, offset), color in zip(METHODS, (OKABE_ITO[4], OKABE_ITO[5])):
        lo_col, hi_col = f"rate_ratio{suffix}_lo", f"rate_ratio{suffix}_hi"
        if lo_col not in table or table[lo_col].isna().all():
            continue
        lo, hi = table[lo_col].to_numpy(float), table[hi_col].to_numpy(float)
        ax.hlines(y + offset, np.clip(lo, left, right), np.clip(hi, left, right), color=color, linewidth=width,
                  label=label)
        for ends, clipped, arrow in ((lo, lo <= left, "<"), (hi, hi >= right, ">")):
            if clipped.any():
                ax.scatter(np.clip(ends[clipped], left, right), (y + offset)[clipped], marker=arrow, color=color, s=25)
    point = np.clip(table["rate_ratio"].to_numpy(float), left, right)
    ax.scatter(point, y, marker="o", color="black", s=18, zorder=3, label="rate ratio")
    ax.axvline(1, color="black", linestyle=":", linewidth=0.8, zorder=0)
    ax.set_xscale("log")
    ax.set_xlim(left, right)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))  # 0.1, 1, 10 rather than 10⁰
    ax.set_yticks(y, _row_labels(table, min(LABEL_CHARS, label_chars(ax))))
    ax.set_ylim(len(table) - 0.4, -0.6)
    pairs = table[["group_a", "group_b"]].drop_duplicates()
    if len(pairs) == 1:
        ax.set_title(f"{pairs['group_a'].iat[0]} vs {pairs['group_b'].iat[0]}", fontsize="medium")
    ax.set_xlabel("rate ratio (log scale; > 1: more in the first)")
    legend_outside(ax, where="below")
    return ax
