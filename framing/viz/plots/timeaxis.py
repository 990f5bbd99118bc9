"""Time axes that tell the truth: each period drawn where its documents are, gaps left open,
periods cut by the date range marked.

Tables by period (:func:`framing.term_rates`, :func:`framing.term_share`,
:func:`framing.topic_prevalence`, ... with ``period=``) label each period by its first day
(:mod:`framing.dtm.grouping`). Drawing a point there misleads: a month's rate is not a rate of the
1st, and a yearly point of UN debate speeches, all given in September, is not one of 1 January.
:func:`draw_periods` therefore draws one line per group with these rules:

- **where**: a row is placed at its ``date`` column when the table has one (the date its documents
  are centred on, e.g. their mean date: exact for sparse series), else at the middle of the part of
  its period that lies in ``span``;
- **gaps**: when a group has no row for a period between two others (no documents then), its line
  and band break there; a point with no neighbour keeps its interval as a vertical bar;
- **partial periods**: with ``span`` (the date range the data were cut to, both days included), a
  period reaching beyond it is drawn at the middle of its part inside, with a hollow marker, and
  the legend says so; a period wholly outside is not drawn;
- **x-range**: from the first drawn period's (clipped) start to the last one's end, so a point
  outside ``span`` cannot stretch the axis.

The period length is the table's ``attrs["period"]`` (``"M"`` or ``"month"``) when set, else inferred
from the first days (:func:`infer_period`).

>>> import pandas as pd
>>> rows = pd.DataFrame({"outlet": "a", "period": pd.to_datetime(["2022-01-01", "2022-02-01", "2022-04-01"]),
...                      "rate": [1.0, 2.0, 3.0]})
>>> frame = period_rows(rows, "rate", period="M", span=(None, "2022-04-05"))
>>> frame["x"].dt.strftime("%m-%d %H:%M").tolist(), frame["rate"].tolist(), frame["partial"].tolist()
(['01-16 12:00', '02-15 00:00', '03-01 00:00', '04-03 12:00'], [1.0, 2.0, nan, 3.0], [False, False, False, True])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from framing._infra.errors import ArgumentError
from framing.dtm.grouping import period_code, period_start
from framing.viz.plots.layout import Entry
from framing.viz.style import outlet_style

STEPS = {"D": pd.DateOffset(days=1), "W": pd.DateOffset(weeks=1), "M": pd.DateOffset(months=1),
         "Q": pd.DateOffset(months=3), "Y": pd.DateOffset(years=1)}
"""The length of each period code."""
SHORTEST_DAYS = {"D": 1, "W": 7, "M": 28, "Q": 90, "Y": 365}
"""The fewest days between the first days of two periods of each code."""
Span = tuple[Any, Any] | None
"""A date range ``(start, end)``, both days included; either end may be ``None`` (open)."""
PARTIAL_NOTE = "hollow: part of a period\n(cut by the date range)"
"""The legend label of the hollow marker of a partial period."""


def infer_period(starts: pd.Series | pd.DatetimeIndex) -> str:
    """The period code of a table's first days: the longest whose period starts they all are and
    that fits between the two closest of them; with a single first day, month, week or day.

    >>> infer_period(pd.to_datetime(pd.Series(["2021-01-01", "2022-01-01"]))), infer_period(
    ...     pd.to_datetime(pd.Series(["2022-02-21", "2022-03-07"])))
    ('Y', 'W')
    """
    days = pd.Series(pd.DatetimeIndex(starts).dropna().unique().sort_values())
    closest = days.diff().min().days if len(days) > 1 else None
    for code in ("M", "W", "D") if closest is None else ("Y", "Q", "M", "W"):
        aligned = bool((period_start(days, code) == days).all())
        if aligned and (closest is None or SHORTEST_DAYS[code] <= closest):
            return code
    return "D"


def table_period(table: pd.DataFrame) -> str:
    """The period code of ``table``: its ``attrs["period"]``, else :func:`infer_period` of its ``period``."""
    given = table.attrs.get("period")
    return period_code(given) if given is not None else infer_period(pd.to_datetime(table["period"]))


def parse_span(span: Span) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """``span`` as (first instant, first instant after it): the end day is included."""
    if span is None:
        return None, None
    if isinstance(span, str) or not isinstance(span, Sequence) or len(span) != 2:
        raise ArgumentError(f"span must be (start, end), two dates such as ('2022-01-03', '2022-04-24'), "
                            f"got {span!r}")
    bounds = []
    for value in span:
        try:
            bounds.append(None if value is None else pd.Timestamp(value))
        except (TypeError, ValueError):
            raise ArgumentError(f"span: {value!r} is not a date; give dates such as '2022-01-03'") from None
    start, end = bounds[0], None if bounds[1] is None else bounds[1].normalize() + pd.Timedelta(days=1)
    if start is not None and end is not None and start >= end:
        raise ArgumentError(f"span: the start {span[0]} is after the end {span[1]}")
    return start, end


def period_rows(part: pd.DataFrame, y: str, *, period: str, span: Span = None) -> pd.DataFrame:
    """One group's rows in period order, placed and checked (module docstring).

    Columns: ``x`` (where the row is drawn), ``y`` and its ``_lo``/``_hi`` when present,
    ``start``/``end`` (the period's part inside ``span``) and ``partial``; a row of NaN values
    follows each period whose successor is missing.
    """
    first, after = parse_span(span)
    rows = part.assign(period=pd.to_datetime(part["period"])).dropna(subset=["period"]).sort_values("period")
    full_end = rows["period"] + STEPS[period_code(period)]
    start = rows["period"] if first is None else rows["period"].where(rows["period"] >= first, first)
    end = full_end if after is None else full_end.where(full_end <= after, after)
    inside = (end > start).to_numpy()
    rows, start, end, full_end = rows[inside], start[inside], end[inside], full_end[inside]
    columns = [c for c in (y, f"{y}_lo", f"{y}_hi") if c in rows]
    middle = start + (end - start) / 2
    x = pd.to_datetime(rows["date"]).fillna(middle) if "date" in rows else middle
    out = pd.DataFrame({"x": x.to_numpy(), **{c: rows[c].to_numpy(float) for c in columns},
                        "start": start.to_numpy(), "end": end.to_numpy(),
                        "partial": ((start != rows["period"]) | (end != full_end)).to_numpy()})
    gap = np.flatnonzero(rows["period"].to_numpy()[1:] != full_end.to_numpy()[:-1])
    breaks = pd.DataFrame({"x": full_end.to_numpy()[gap], "start": full_end.to_numpy()[gap],
                           "end": full_end.to_numpy()[gap], "partial": False})
    order = np.concatenate([np.arange(len(out)), gap + 0.5])
    both = pd.concat([out, breaks], ignore_index=True).iloc[np.argsort(order, kind="stable")]
    return both.reset_index(drop=True).astype({c: float for c in columns})


def _isolated(values: np.ndarray) -> np.ndarray:
    """Finite values whose neighbours (if any) are not finite."""
    finite = np.isfinite(values)
    before = np.concatenate([[False], finite[:-1]])
    after = np.concatenate([finite[1:], [False]])
    return finite & ~before & ~after


def _draw_group(ax: Axes, frame: pd.DataFrame, y: str, label: str, style: dict[str, Any]) -> None:
    partial = frame["partial"].to_numpy(bool)
    ax.plot(frame["x"], frame[y], color=style["color"], marker=style["marker"], linestyle=style["linestyle"],
            markersize=3, markevery=np.flatnonzero(~partial).tolist(), label=label)
    if partial.any():
        ax.plot(frame["x"][partial], frame[y][partial], linestyle="none", marker=style["marker"], markersize=3,
                markerfacecolor="white", markeredgecolor=style["color"])
    if f"{y}_lo" not in frame or not frame[f"{y}_lo"].notna().any():
        return
    ax.fill_between(frame["x"], frame[f"{y}_lo"], frame[f"{y}_hi"], color=style["color"], alpha=0.18, linewidth=0)
    alone = _isolated(frame[y].to_numpy(float))
    if alone.any():
        ax.vlines(frame["x"][alone], frame[f"{y}_lo"][alone], frame[f"{y}_hi"][alone], color=style["color"],
                  linewidth=1.0)


def draw_periods(ax: Axes, table: pd.DataFrame, y: str, *, by: str = "outlet", span: Span = None) -> list[Entry]:
    """A line per value of ``by`` through ``y`` by ``period``, with a band where ``y_lo``/``y_hi`` hold
    intervals, on a date axis fitted to the drawn periods (module docstring).

    Returns the legend entries the drawing needs beyond the lines (the note on partial periods).
    """
    repeated = table[[by, "period"]].astype(str).duplicated()
    if repeated.any():
        row = table[repeated].iloc[0]
        day = pd.Timestamp(row["period"]).strftime("%Y-%m-%d")
        raise ArgumentError(f"the table has several rows for {by}={row[by]!r} and period {day}; draw one "
                            f"row per {by} and period: filter the table, or group it by {by} only")
    period = table_period(table)
    styles = outlet_style(table[by].astype(str))
    frames = {name: period_rows(table[table[by].astype(str) == name], y, period=period, span=span)
              for name in styles}
    frames = {name: frame for name, frame in frames.items() if len(frame)}
    if not frames:
        raise ArgumentError(f"no period of the table lies in the date range {span}; widen the range")
    for name, frame in frames.items():
        _draw_group(ax, frame, y, name, styles[name])
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    drawn = pd.concat(frames.values())
    left: Any = min(drawn["start"].min(), drawn["x"].min())  # matplotlib converts dates; its stubs say float
    right: Any = max(drawn["end"].max(), drawn["x"].max())
    ax.set_xlim(left, right)
    if not drawn["partial"].any():
        return []
    hollow = Line2D([], [], linestyle="none", marker="o", markersize=3, markerfacecolor="white",
                    markeredgecolor="#555555")
    return [(hollow, PARTIAL_NOTE)]
