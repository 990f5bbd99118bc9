"""Plots of term comparisons: rates, term-choice shares, keyness and collocates.

Each function draws one tidy table from :mod:`framing.terms.rates`, :mod:`framing.terms.keyness` or
:mod:`framing.terms.collocates` onto one Axes and returns it. Outlets keep their colour,
marker and line style (:func:`framing.viz.style.outlet_style`); intervals are error bars or
translucent bands, and the two sides of a comparison differ in hatching or fill as well
as colour, so every figure reads in greyscale. Legends sit beside the data, never on it
(:func:`framing.viz.plots.layout.legend_outside`), and name the intervals' method when the table
records it (``attrs["ci_method"]``, :func:`framing.viz.captions.interval_label`); patterns are
labelled by their names, raw pattern syntax shortened (:mod:`framing.viz.plots.labels`); time axes
follow :mod:`framing.viz.plots.timeaxis` (gaps, placement, partial periods, ``span``).

>>> import pandas as pd
>>> rates = pd.DataFrame({"outlet": ["kremlin.ru", "whitehouse.gov"], "pattern": ["SMO"] * 2,
...     "per_10k": [3.5, 0.0], "per_10k_lo": [2.5, 0.0], "per_10k_hi": [5.0, 0.0]})
>>> plot_rates(rates).get_xlabel()
'per 10,000 tokens'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from framing._infra.errors import ArgumentError
from framing.viz.plots.labels import LABEL_CHARS, TERM_CHARS, pattern_label, pattern_labels, shorten
from framing.viz.plots.layout import interval_entry, label_chars, legend_outside, own_axes, rates_aspect
from framing.viz.plots.timeaxis import Span, draw_periods
from framing.viz.style import outlet_style

LABELS = {"per_10k": "per 10,000 tokens", "doc_share": "share of documents", "share": "share of mentions",
          "prevalence": "mean topic share",
          "g2": "G² (signed)", "chi2": "χ² (signed)", "log_ratio": "Log Ratio (log₂)",
          "log_odds": "log-odds ratio δ", "log_odds_z": "log-odds z-score", "logdice": "logDice"}
"""Axis labels of the statistics."""

Events = Mapping[str, Any] | Sequence[Any] | None


def _need(table: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in table]
    if missing:
        raise ArgumentError(f"{what} needs the columns {missing}; the table has {list(table.columns)}")


def _one(table: pd.DataFrame, column: str, value: str | None, what: str) -> pd.DataFrame:
    """The rows for one value of ``column`` (the only one when ``value`` is None)."""
    values = list(dict.fromkeys(table[column].astype(str)))
    if value is None and len(values) > 1:
        raise ArgumentError(f"{what}: the table holds several {column}s {values}; choose one with {column}=...")
    chosen = values[0] if value is None else value
    if chosen not in values:
        raise ArgumentError(f"{what}: no {column} {chosen!r}; the table has {values}")
    return table[table[column].astype(str) == chosen]


def plot_rates(rates: pd.DataFrame, *, measure: str = "per_10k", by: str = "outlet",
               ax: Axes | None = None) -> Axes:
    """Rates by outlet with intervals: one row per pattern, one dot and bar per outlet.

    ``rates`` is :func:`framing.term_rates` output without ``period`` (or a single
    period); ``measure`` is ``"per_10k"`` or ``"doc_share"`` (``"share"`` for
    :func:`framing.term_share` output). Rows are labelled by the patterns' names
    (:func:`~framing.viz.plots.labels.pattern_labels`); the legend, below the axes (the width
    stays with the data), names the intervals' method. Without ``ax`` the figure is as tall as its rows need
    (:func:`~framing.viz.plots.layout.rates_aspect`); a caller making its own figure should use that
    aspect too.
    """
    _need(rates, [by, "pattern", measure], "plot_rates")
    if "period" in rates and rates["period"].nunique() > 1:
        raise ArgumentError("plot_rates draws one period; use plot_rates_over_time for rates by period")
    patterns = list(dict.fromkeys(rates["pattern"]))
    styles = outlet_style(rates[by].astype(str))
    ax = own_axes(ax, aspect=rates_aspect(len(patterns), len(styles), width=None))
    step = 0.8 / max(len(styles), 1)
    for k, (name, style) in enumerate(styles.items()):
        part = rates[rates[by].astype(str) == name].set_index("pattern").reindex(patterns)
        y = np.arange(len(patterns)) - 0.4 + step * (k + 0.5)
        x = part[measure].to_numpy(float)
        lo, hi = (part.get(f"{measure}_{s}", part[measure]).to_numpy(float) for s in ("lo", "hi"))
        ax.errorbar(x, y, xerr=np.abs(np.vstack([x - lo, hi - x])), fmt=style["marker"], color=style["color"],
                    ecolor=style["color"], markersize=4, capsize=2, linestyle="none", label=name)
    ax.set_yticks(np.arange(len(patterns)), pattern_labels(map(str, patterns), min(LABEL_CHARS, label_chars(ax))))
    ax.set_ylim(len(patterns) - 0.5, -0.5)
    ax.set_xlabel(LABELS.get(measure, measure))
    ax.set_xlim(left=0)
    legend_outside(ax, interval_entry(rates, measure), where="below")
    return ax


def _events(ax: Axes, events: Events) -> None:
    """Dotted lines at the dates of ``events`` inside the x-range, labelled on the side with more room."""
    items = events.items() if isinstance(events, Mapping) else [(None, e) for e in events or []]
    left, right = ax.get_xlim()
    for label, when in items:
        x: Any = pd.Timestamp(when)  # matplotlib converts dates through its units; its stubs say float
        at = float(mdates.date2num(x))
        if not left <= at <= right:
            continue
        ax.axvline(x, color="black", linestyle=":", linewidth=0.8, zorder=0)
        if label:
            after = at < (left + right) / 2
            ax.annotate(label, (x, 1), xycoords=("data", "axes fraction"), xytext=(2 if after else -2, -2),
                        textcoords="offset points", va="top", ha="left" if after else "right", fontsize="small")
    ax.set_xlim(left, right)


def _lines(table: pd.DataFrame, y: str, by: str, ax: Axes, span: Span, events: Events) -> None:
    """Lines by period (:func:`~framing.viz.plots.timeaxis.draw_periods`), events, legend outside."""
    notes = draw_periods(ax, table, y, by=by, span=span)
    _events(ax, events)
    ax.set_ylim(bottom=0)
    legend_outside(ax, interval_entry(table, y, glyph="band") + notes)


def plot_rates_over_time(rates: pd.DataFrame, *, pattern: str | None = None, measure: str = "per_10k",
                         by: str = "outlet", events: Events = None, span: Span = None,
                         ax: Axes | None = None) -> Axes:
    """Rates per period, one line with an interval band per outlet, for one pattern.

    ``rates`` is :func:`framing.term_rates` output with ``period``. ``events`` marks dates
    with dotted vertical lines: ``{"invasion": "2022-02-24"}`` or a list of dates. ``span`` is
    the date range the rates were computed on, ``("2022-01-03", "2022-04-24")``: periods it cuts
    are drawn hollow at the middle of their part inside, the x-axis does not reach beyond it
    (:mod:`framing.viz.plots.timeaxis`, which also places each period and breaks lines at gaps).
    """
    _need(rates, [by, "pattern", "period", measure], "plot_rates_over_time")
    ax = own_axes(ax)
    part = _one(rates, "pattern", pattern, "plot_rates_over_time")
    _lines(part, measure, by, ax, span, events)
    ax.set_ylabel(LABELS.get(measure, measure))
    ax.set_title(pattern_label(str(part["pattern"].iat[0])))
    return ax


def plot_term_share(share: pd.DataFrame, *, pattern: str, by: str = "outlet", events: Events = None,
                    span: Span = None, ax: Axes | None = None) -> Axes:
    """Term choice over time: the share of one alternative among all, one line per outlet.

    ``share`` is :func:`framing.term_share` output with ``period``; ``events`` and ``span`` as in
    :func:`plot_rates_over_time`.
    """
    _need(share, [by, "pattern", "period", "share"], "plot_term_share")
    ax = own_axes(ax)
    part = _one(share, "pattern", pattern, "plot_term_share")
    _lines(part, "share", by, ax, span, events)
    ax.set_ylim(0, 1)
    labels = dict(zip(dict.fromkeys(share["pattern"].astype(str)), pattern_labels(dict.fromkeys(
        share["pattern"].astype(str)))))
    others = [label for name, label in labels.items() if name != pattern]
    ax.set_ylabel(f"share of {labels[pattern]!r}")
    ax.set_title(f"{labels[pattern]} vs {', '.join(others)}", fontsize="medium")
    return ax


def plot_keyness(key: pd.DataFrame, *, n: int = 10, stat: str = "log_odds_z", ax: Axes | None = None) -> Axes:
    """Diverging bars: the ``n`` terms most distinctive of ``group_a`` (right) and of ``group_b`` (left).

    ``key`` is :func:`framing.terms.keyness` output for one comparison (filter it first when it
    holds several); the rows drawn are :func:`framing.terms.distinctive.most_distinctive`'s.
    The ``group_b`` (reference) side is hatched.
    """
    from framing.terms.distinctive import most_distinctive

    _need(key, ["group_a", "group_b", "term", stat], "plot_keyness")
    pairs = key[["group_a", "group_b"]].drop_duplicates()
    if len(pairs) > 1:
        raise ArgumentError(f"plot_keyness draws one comparison; the table has {len(pairs)} — filter it, e.g. "
                            "key[key.group_a == 'kremlin.ru'], or use plot_keyness_matrix")
    rows = most_distinctive(key, column=stat, n=n)
    ax = own_axes(ax, aspect=rates_aspect(len(rows), width=None))
    target, reference = str(pairs["group_a"].iat[0]), str(pairs["group_b"].iat[0])
    styles = outlet_style([target, reference])
    y = np.arange(len(rows))
    values = rows[stat].to_numpy(float)
    side = values > 0
    for mask, name, hatch in ((side, target, None), (~side, reference, "////")):
        ax.barh(y[mask], values[mask], color=styles[name]["color"], hatch=hatch, edgecolor="black",
                linewidth=0.4, label=name)
    for yi, v, term in zip(y, values, rows["term"].astype(str)):
        ax.annotate(shorten(term, TERM_CHARS), (0, yi), xytext=(-3 if v > 0 else 3, 0), textcoords="offset points",
                    ha="right" if v > 0 else "left", va="center", fontsize="small")
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_yticks([])
    ax.invert_yaxis()
    ax.set_xlabel(LABELS.get(stat, stat))
    ax.set_title(f"{target} vs {reference}", fontsize="medium")
    legend_outside(ax, ncols=1)  # the terms' labels, not tick labels, take the width beside the bars
    return ax


def plot_keyness_matrix(key: pd.DataFrame, *, n: int = 5, stat: str = "log_odds_z",
                        ax: Axes | None = None) -> Axes:
    """Dot matrix for many comparisons: columns are targets (``group_a``), rows each target's top ``n`` terms.

    Dot area grows with ``|stat|``; filled dots are terms over-used by the column's target,
    hollow dots under-used.
    """
    _need(key, ["group_a", "term", stat], "plot_keyness_matrix")
    ax = own_axes(ax)
    targets = list(dict.fromkeys(key["group_a"].astype(str)))
    terms = list(dict.fromkeys(t for tg in targets for t in key[key["group_a"].astype(str) == tg]
                               .nlargest(n, stat)["term"].astype(str)))
    cells = key[key["term"].astype(str).isin(terms)]
    scale = 200 / max(float(np.abs(cells[stat]).max()), 1e-9)
    styles = outlet_style(targets)
    for i, target in enumerate(targets):
        part = cells[cells["group_a"].astype(str) == target]
        y = [terms.index(t) for t in part["term"].astype(str)]
        v = part[stat].to_numpy(float)
        color = styles[target]["color"]
        ax.scatter(np.full(len(y), i), y, s=np.abs(v) * scale, marker=styles[target]["marker"],
                   facecolors=np.where(v > 0, color, "none"), edgecolors=color, linewidths=0.8)
    ax.set_xticks(range(len(targets)), targets, rotation=30, ha="right")
    ax.set_yticks(range(len(terms)), [shorten(t, TERM_CHARS) for t in terms])
    ax.set_xlim(-0.5, len(targets) - 0.5)
    ax.set_ylim(len(terms) - 0.5, -0.5)
    ax.grid(True, linewidth=0.3)
    ax.set_title(f"{LABELS.get(stat, stat)}: filled = over-used, hollow = under-used", fontsize="small")
    return ax


def plot_collocates(comparison: pd.DataFrame, *, n: int = 10, ax: Axes | None = None) -> Axes:
    """Collocate comparison: logDice in ``group_a`` and ``group_b`` for the most distinctive collocates.

    ``comparison`` is :func:`framing.compare_collocates` output; the ``n`` collocates with
    the highest and the ``n`` with the lowest signed G² are drawn
    (:func:`framing.terms.distinctive.most_distinctive`), a line joining each collocate's
    two logDice values (a collocate absent from one side has one marker).
    """
    from framing.terms.distinctive import most_distinctive

    _need(comparison, ["group_a", "group_b", "collocate", "g2", "logdice_a", "logdice_b"], "plot_collocates")
    rows = most_distinctive(comparison, column="g2", n=n)
    ax = own_axes(ax, aspect=rates_aspect(len(rows), 2, width=None))
    a, b = str(comparison["group_a"].iat[0]), str(comparison["group_b"].iat[0])
    styles = outlet_style([a, b])
    y = np.arange(len(rows))
    xa, xb = rows["logdice_a"].to_numpy(float), rows["logdice_b"].to_numpy(float)
    ax.hlines(y, np.fmin(xa, xb), np.fmax(xa, xb), color="grey", linewidth=0.8)
    for x, name, fill in ((xa, a, True), (xb, b, False)):
        s = styles[name]
        ax.scatter(x, y, marker=s["marker"], facecolors=s["color"] if fill else "none", edgecolors=s["color"],
                   label=name, zorder=3)
    ax.set_yticks(y, [shorten(c, TERM_CHARS) for c in rows["collocate"].astype(str)])
    ax.invert_yaxis()
    ax.set_xlabel("logDice")
    ax.set_title(f"collocates of {comparison['node'].iat[0]!r}" if "node" in comparison else "collocates",
                 fontsize="medium")
    legend_outside(ax)
    return ax
