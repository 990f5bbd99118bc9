"""Plots of term comparisons: rates, term-choice shares, keyness and collocates.

Each function draws one tidy table from :mod:`framing.terms.rates`, :mod:`framing.terms.keyness` or
:mod:`framing.terms.collocates` onto one Axes and returns it. Outlets keep their colour,
marker and line style (:func:`framing.viz.style.outlet_style`); intervals are error bars or
translucent bands, and the two sides of a comparison differ in hatching or fill as well
as colour, so every figure reads in greyscale.

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
from framing.viz.style import outlet_style

LABELS = {"per_10k": "per 10,000 tokens", "doc_share": "share of documents", "share": "share of mentions",
          "g2": "G² (signed)", "chi2": "χ² (signed)", "log_ratio": "Log Ratio (log₂)",
          "log_odds": "log-odds ratio δ", "log_odds_z": "log-odds z-score", "logdice": "logDice"}
"""Axis labels of the statistics."""

Events = Mapping[str, Any] | Sequence[Any] | None


def _axes(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.figure().add_subplot()


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
    :func:`framing.term_share` output).
    """
    _need(rates, [by, "pattern", measure], "plot_rates")
    if "period" in rates and rates["period"].nunique() > 1:
        raise ArgumentError("plot_rates draws one period; use plot_rates_over_time for rates by period")
    ax = _axes(ax)
    patterns = list(dict.fromkeys(rates["pattern"]))
    styles = outlet_style(rates[by].astype(str))
    step = 0.8 / max(len(styles), 1)
    for k, (name, style) in enumerate(styles.items()):
        part = rates[rates[by].astype(str) == name].set_index("pattern").reindex(patterns)
        y = np.arange(len(patterns)) - 0.4 + step * (k + 0.5)
        x = part[measure].to_numpy(float)
        lo, hi = (part.get(f"{measure}_{s}", part[measure]).to_numpy(float) for s in ("lo", "hi"))
        ax.errorbar(x, y, xerr=np.abs(np.vstack([x - lo, hi - x])), fmt=style["marker"], color=style["color"],
                    ecolor=style["color"], markersize=4, capsize=2, linestyle="none", label=name)
    ax.set_yticks(np.arange(len(patterns)), patterns)
    ax.invert_yaxis()
    ax.set_xlabel(LABELS.get(measure, measure))
    ax.set_xlim(left=0)
    ax.legend(title=None)
    return ax


def _events(ax: Axes, events: Events) -> None:
    items = events.items() if isinstance(events, Mapping) else [(None, e) for e in events or []]
    for label, when in items:
        x: Any = pd.Timestamp(when)  # matplotlib converts dates through its units; its stubs say float
        ax.axvline(x, color="black", linestyle=":", linewidth=0.8, zorder=0)
        if label:
            ax.annotate(label, (x, 1), xycoords=("data", "axes fraction"), xytext=(2, -2),
                        textcoords="offset points", va="top", fontsize="small")


def _lines(table: pd.DataFrame, y: str, by: str, ax: Axes) -> None:
    styles = outlet_style(table[by].astype(str))
    for name, style in styles.items():
        part = table[table[by].astype(str) == name].sort_values("period")
        ax.plot(part["period"], part[y], color=style["color"], marker=style["marker"],
                linestyle=style["linestyle"], markersize=3, label=name)
        if f"{y}_lo" in part and part[f"{y}_lo"].notna().any():
            ax.fill_between(part["period"], part[f"{y}_lo"], part[f"{y}_hi"], color=style["color"],
                            alpha=0.18, linewidth=0)
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_ylim(bottom=0)
    ax.legend(title=None)


def plot_rates_over_time(rates: pd.DataFrame, *, pattern: str | None = None, measure: str = "per_10k",
                         by: str = "outlet", events: Events = None, ax: Axes | None = None) -> Axes:
    """Rates per period, one line with an interval band per outlet, for one pattern.

    ``rates`` is :func:`framing.term_rates` output with ``period``. ``events`` marks dates
    with dotted vertical lines: ``{"invasion": "2022-02-24"}`` or a list of dates.
    """
    _need(rates, [by, "pattern", "period", measure], "plot_rates_over_time")
    ax = _axes(ax)
    part = _one(rates, "pattern", pattern, "plot_rates_over_time")
    _lines(part, measure, by, ax)
    _events(ax, events)
    ax.set_ylabel(LABELS.get(measure, measure))
    ax.set_title(str(part["pattern"].iat[0]))
    return ax


def plot_term_share(share: pd.DataFrame, *, pattern: str, by: str = "outlet", events: Events = None,
                    ax: Axes | None = None) -> Axes:
    """Term choice over time: the share of one alternative among all, one line per outlet.

    ``share`` is :func:`framing.term_share` output with ``period``.
    """
    _need(share, [by, "pattern", "period", "share"], "plot_term_share")
    ax = _axes(ax)
    part = _one(share, "pattern", pattern, "plot_term_share")
    _lines(part, "share", by, ax)
    _events(ax, events)
    ax.set_ylim(0, 1)
    others = [p for p in dict.fromkeys(share["pattern"].astype(str)) if p != pattern]
    ax.set_ylabel(f"share of {pattern!r}")
    ax.set_title(f"{pattern} vs {', '.join(others)}", fontsize="medium")
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
    ax = _axes(ax)
    target, reference = str(pairs["group_a"].iat[0]), str(pairs["group_b"].iat[0])
    rows = most_distinctive(key, column=stat, n=n)
    styles = outlet_style([target, reference])
    y = np.arange(len(rows))
    values = rows[stat].to_numpy(float)
    side = values > 0
    for mask, name, hatch in ((side, target, None), (~side, reference, "////")):
        ax.barh(y[mask], values[mask], color=styles[name]["color"], hatch=hatch, edgecolor="black",
                linewidth=0.4, label=name)
    for yi, v, term in zip(y, values, rows["term"].astype(str)):
        ax.annotate(term, (0, yi), xytext=(-3 if v > 0 else 3, 0), textcoords="offset points",
                    ha="right" if v > 0 else "left", va="center", fontsize="small")
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_yticks([])
    ax.invert_yaxis()
    ax.set_xlabel(LABELS.get(stat, stat))
    ax.set_title(f"{target} vs {reference}", fontsize="medium")
    ax.legend(title=None, loc="lower right")
    return ax


def plot_keyness_matrix(key: pd.DataFrame, *, n: int = 5, stat: str = "log_odds_z",
                        ax: Axes | None = None) -> Axes:
    """Dot matrix for many comparisons: columns are targets (``group_a``), rows each target's top ``n`` terms.

    Dot area grows with ``|stat|``; filled dots are terms over-used by the column's target,
    hollow dots under-used.
    """
    _need(key, ["group_a", "term", stat], "plot_keyness_matrix")
    ax = _axes(ax)
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
    ax.set_yticks(range(len(terms)), terms)
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
    ax = _axes(ax)
    a, b = str(comparison["group_a"].iat[0]), str(comparison["group_b"].iat[0])
    rows = most_distinctive(comparison, column="g2", n=n)
    styles = outlet_style([a, b])
    y = np.arange(len(rows))
    xa, xb = rows["logdice_a"].to_numpy(float), rows["logdice_b"].to_numpy(float)
    ax.hlines(y, np.fmin(xa, xb), np.fmax(xa, xb), color="grey", linewidth=0.8)
    for x, name, fill in ((xa, a, True), (xb, b, False)):
        s = styles[name]
        ax.scatter(x, y, marker=s["marker"], facecolors=s["color"] if fill else "none", edgecolors=s["color"],
                   label=name, zorder=3)
    ax.set_yticks(y, rows["collocate"].astype(str))
    ax.invert_yaxis()
    ax.set_xlabel("logDice")
    ax.set_title(f"collocates of {comparison['node'].iat[0]!r}" if "node" in comparison else "collocates",
                 fontsize="medium")
    ax.legend(title=None)
    return ax
