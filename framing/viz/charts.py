"""Interactive charts (Vega-Lite, through Altair) of the same tidy tables the matplotlib plots draw.

The views show these in the browser (:class:`framing.widgets.charts.ChartOutput`): hover values,
zoom, and clicks that reach Python. Each builder returns an Altair chart whose data are the table's
rows as JSON-safe records (:func:`records`: NaN and ±inf become ``null``, which Vega-Lite reads as
missing; dates become ISO strings), and whose point selection is named ``"pick"``, on the fields
that identify a row (outlet and pattern, outlet and period, term, topic, outlet). The builders draw
rates (:func:`rates_chart`, :func:`time_chart`), keyness (:func:`keyness_chart`) and topics (the
intertopic map :func:`topic_map_chart`, top terms :func:`topic_terms_chart`, prevalence by outlet
:func:`prevalence_chart` and over time :func:`prevalence_time_chart`). Labels follow the papers' plots:
pattern names without their syntax (:mod:`framing.viz.plots.labels`), outlet colours and markers of
:func:`framing.viz.style.outlet_style`, the intervals' method in the subtitle
(:func:`framing.viz.captions.interval_label`), legends below the data, widths following the
container. Lines over time break where a period has no data (a ``null`` row between two periods,
as :func:`framing.viz.plots.timeaxis.period_rows` places them).

Altair is optional: it is imported inside the functions, and a missing install raises a
:class:`~framing._infra.errors.FramingError` that says what to install.

>>> import pandas as pd
>>> table = pd.DataFrame({"outlet": ["kremlin.ru"], "pattern": ["invasion|invad*"], "per_10k": [3.5],
...                       "per_10k_lo": [2.5], "per_10k_hi": [float("nan")], "count": [7]})
>>> spec = rates_chart(table).to_dict()
>>> [(r["label"], r["per_10k_hi"]) for r in spec["data"]["values"]]
[('invasion (+1)', None)]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from framing._infra.errors import ArgumentError, FramingError
from framing.dtm.grouping import period_code, period_start
from framing.viz.captions import interval_label
from framing.viz.plots.labels import pattern_labels
from framing.viz.plots.terms import LABELS, _need, _one
from framing.viz.plots.timeaxis import Span, _isolated, period_rows, table_period
from framing.viz.style import outlet_style

if TYPE_CHECKING:
    import altair as alt

INSTALL = ('interactive charts need Altair, anywidget and vl-convert: '
           'pip install "altair>=6" "anywidget>=0.9" "vl-convert-python>=1.7"')
"""What a missing optional package's error says to install."""
PICK = "pick"
"""The name of every chart's click selection (``JupyterChart.selections.pick``)."""
SHAPES = {"o": "circle", "s": "square", "^": "triangle-up", "D": "diamond", "v": "triangle-down", "P": "cross",
          "X": "triangle-left", "*": "triangle-right"}
"""Vega shapes for the matplotlib markers of :func:`~framing.viz.style.outlet_style` (readable in greyscale)."""
ROW_PX = 11
"""Height in pixels per outlet in each pattern's row of the rates chart (a row holds at least two)."""
TITLES = {"n_docs": "documents"}
"""Tooltip titles of count columns that are not statistics (:data:`framing.viz.plots.terms.LABELS`)."""
CUT_AT = 3.0
"""A time chart's y axis ends at this multiple of its highest estimate when an interval reaches further
(an upper bound of 4e21 would flatten every line), and its subtitle says so."""


def require_altair() -> Any:
    """The ``altair`` module, or a :class:`FramingError` naming what to install."""
    try:
        import altair
    except ImportError as error:
        raise FramingError(f"{INSTALL} ({error})") from None
    return altair


def _json_value(value: Any) -> Any:
    """``value`` as JSON: None for NaN/±inf/NaT, ISO text for times, Python numbers for NumPy ones."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of ``frame`` as JSON-safe dicts (Vega-Lite rejects NaN and infinity: they become ``None``).

    >>> records(pd.DataFrame({"a": [1.0, float("inf")], "t": pd.to_datetime(["2022-01-01", None])}))
    [{'a': 1.0, 't': '2022-01-01T00:00:00'}, {'a': None, 't': None}]
    """
    columns = [str(c) for c in frame.columns]
    return [{c: _json_value(v) for c, v in zip(columns, row)} for row in frame.itertuples(index=False, name=None)]


def _colours(outlets: list[str], field: str, *, legend: bool = True) -> tuple[Any, Any]:
    """Colour and shape encodings for ``field`` with the outlets' fixed colours and markers (a legend
    below the data, or none where an axis already names the outlets)."""
    alt = require_altair()
    styles = outlet_style(outlets)
    domain = list(styles)
    shown = alt.Legend(orient="bottom", title=None) if legend else None
    colour = alt.Color(f"{field}:N", scale=alt.Scale(domain=domain, range=[styles[o]["color"] for o in domain]),
                       legend=shown)
    shape = alt.Shape(f"{field}:N", scale=alt.Scale(domain=domain, range=[SHAPES[styles[o]["marker"]] for o in domain]),
                      legend=shown)
    return colour, shape


def _interval_text(lo: pd.Series, hi: pd.Series) -> list[str]:
    """``"2.5 – 5"`` per row (3 significant digits); empty where the interval is missing."""
    return [f"{a:.3g} – {b:.3g}" if np.isfinite(a) and np.isfinite(b) else "" for a, b in
            zip(lo.to_numpy(float), hi.to_numpy(float))]


def _bounds(table: pd.DataFrame, measure: str) -> tuple[pd.Series, pd.Series]:
    """The ``<measure>_lo``/``_hi`` columns (NaN when the table has none: ``n_boot=0``)."""
    missing = pd.Series(np.nan, index=table.index)
    return table.get(f"{measure}_lo", missing).astype(float), table.get(f"{measure}_hi", missing).astype(float)


def _title(table: pd.DataFrame, measure: str, text: str) -> Any:
    """The chart's title, its subtitle naming the intervals' method (or saying there are none)."""
    alt = require_altair()
    has_intervals = f"{measure}_lo" in table and bool(table[f"{measure}_lo"].notna().any())
    subtitle = interval_label(table, measure) or ("" if has_intervals else "no intervals")
    return alt.TitleParams(text=text, subtitle=subtitle, anchor="start")


def rates_chart(table: pd.DataFrame, *, measure: str = "per_10k", by: str = "outlet") -> alt.LayerChart:
    """Rates by outlet with intervals: a point and an interval rule per outlet × pattern.

    ``table`` is :func:`framing.term_rates` output without ``period`` (or with one period): columns
    ``by``, ``pattern``, ``<measure>``, optionally ``<measure>_lo``/``_hi`` and ``count``. One row per
    pattern (its readable label; the raw name stays in the data as ``pattern``), the outlets side by
    side within it; hover shows outlet, pattern, rate, interval and count; a click selects
    ``{by, "pattern"}`` (selection :data:`PICK`).
    """
    alt = require_altair()
    _need(table, [by, "pattern", measure], "rates_chart")
    if "period" in table and table["period"].nunique() > 1:
        raise ArgumentError("rates_chart draws one period; use time_chart for rates by period")
    names = list(dict.fromkeys(table["pattern"].astype(str)))
    labels = dict(zip(names, pattern_labels(names)))
    lo, hi = _bounds(table, measure)
    data = pd.DataFrame({by: table[by].astype(str), "pattern": table["pattern"].astype(str),
                         "label": table["pattern"].astype(str).map(labels), measure: table[measure].astype(float),
                         f"{measure}_lo": lo, f"{measure}_hi": hi, "interval": _interval_text(lo, hi)})
    if "count" in table:
        data["count"] = table["count"]
    outlets = list(dict.fromkeys(data[by]))
    colour, shape = _colours(outlets, by)
    pick = alt.selection_point(name=PICK, fields=[by, "pattern"], on="click")
    axis_title = LABELS.get(measure, measure)
    base = alt.Chart(alt.Data(values=records(data))).encode(
        y=alt.Y("label:N", sort=[labels[n] for n in names], title=None, axis=alt.Axis(labelLimit=220)),
        yOffset=alt.YOffset(f"{by}:N", sort=outlets), color=colour)
    tooltip = [alt.Tooltip(f"{by}:N"), alt.Tooltip("pattern:N"),
               alt.Tooltip(f"{measure}:Q", title=axis_title, format=".4~g"), alt.Tooltip("interval:N")]
    if "count" in data:
        tooltip.append(alt.Tooltip("count:Q"))
    step = ROW_PX * max(len(outlets), 2)
    return _dots(base, measure, shape=shape, tooltip=tooltip, pick=pick).properties(
        width="container", height=alt.Step(step), title=_title(table, measure, f"{axis_title}, by {by}"))


def _dots(base: alt.Chart, measure: str, *, shape: Any, tooltip: list[Any], pick: Any) -> alt.LayerChart:
    """A filled point at ``measure`` and a rule from ``<measure>_lo`` to ``_hi`` per row of ``base``;
    the ``pick`` selection on the points, the others faded once it holds a row."""
    alt = require_altair()
    rules = base.mark_rule(strokeWidth=1.5).encode(x=alt.X(f"{measure}_lo:Q"), x2=f"{measure}_hi:Q")
    points = base.mark_point(filled=True, size=55).encode(
        x=alt.X(f"{measure}:Q", title=LABELS.get(measure, measure), scale=alt.Scale(zero=True)), shape=shape,
        tooltip=tooltip, opacity=alt.condition(pick, alt.value(1.0), alt.value(0.35))).add_params(pick)
    return alt.layer(rules, points)


def _period_frame(table: pd.DataFrame, measure: str, by: str, span: Span, *, what: str,
                  keep: Sequence[str] = ()) -> pd.DataFrame:
    """One block of :func:`~framing.viz.plots.timeaxis.period_rows` per ``by`` value, gaps as null rows,
    with the period's first day (``period``, ``"YYYY-MM-DD"``), the interval's text and the table's
    ``keep`` columns of that period (``what`` names the chart in errors)."""
    repeated = table[[by, "period"]].astype(str).duplicated()
    if repeated.any():
        row = table[repeated].iloc[0]
        raise ArgumentError(f"{what}: several rows for {by}={row[by]!r} and period {row['period']}; "
                            f"filter the table to one row per {by} and period")
    code = period_code(table_period(table))
    blocks = []
    for name in dict.fromkeys(table[by].astype(str)):
        part = table[table[by].astype(str) == name]
        rows = period_rows(part, measure, period=code, span=span)
        first = period_start(pd.Series(pd.to_datetime(rows["start"])), code).dt.strftime("%Y-%m-%d")
        days = pd.to_datetime(part["period"]).dt.strftime("%Y-%m-%d")
        kept = {c: first.map(dict(zip(days, part[c]))) for c in keep}
        blocks.append(rows.assign(**{by: name, "period": first.where(rows[measure].notna()),
                                     "alone": _isolated(rows[measure].to_numpy(float)), **kept}))
    frame = pd.concat(blocks, ignore_index=True)
    if frame.empty:
        raise ArgumentError(f"{what}: no period of the table lies in the date range {span}; widen the range")
    lo, hi = _bounds(frame, measure)
    return frame.assign(interval=_interval_text(lo, hi), x=frame["x"].dt.strftime("%Y-%m-%dT%H:%M:%S"))


def _ceiling(frame: pd.DataFrame, measure: str) -> float | None:
    """Where the y axis ends when an interval reaches beyond :data:`CUT_AT` × the highest estimate (an
    infinite bound included); ``None``: every interval fits."""
    estimates = frame[measure].astype(float)
    top = float(estimates.max()) if estimates.notna().any() else math.nan
    if not math.isfinite(top) or top <= 0:
        return None
    return CUT_AT * top if bool((frame[f"{measure}_hi"].astype(float) > CUT_AT * top).any()) else None


def _periods_chart(frame: pd.DataFrame, measure: str, by: str, *, title: Any,
                   keep: Sequence[str] = ()) -> alt.LayerChart:
    """Band, rule for a period alone, line and points per ``by`` value of :func:`_period_frame`'s rows;
    zoom on x, a click picks ``{by, "period"}``; the ``keep`` columns are in the data and the tooltip.
    An interval reaching past :data:`CUT_AT` × the highest estimate is cut at the top of the axis, and
    the subtitle of ``title`` says so (the hover still gives the whole interval)."""
    alt = require_altair()
    ceiling = _ceiling(frame, measure)
    y_scale = alt.Scale() if ceiling is None else alt.Scale(domainMin=0, domainMax=ceiling)
    if ceiling is not None:
        title = alt.TitleParams(text=title.text, subtitle=f"{title.subtitle}; intervals cut at {CUT_AT:g}× the "
                                f"highest estimate (hover for the whole interval)", anchor=title.anchor)
    data = frame[[by, "period", "x", measure, f"{measure}_lo", f"{measure}_hi", "interval", "partial", "alone",
                  *keep]]
    colour, shape = _colours(list(dict.fromkeys(data[by])), by)
    axis_title = LABELS.get(measure, measure)
    pick = alt.selection_point(name=PICK, fields=[by, "period"], on="click")
    zoom = alt.selection_interval(name="zoom", bind="scales", encodings=["x"])
    base = alt.Chart(alt.Data(values=records(data))).encode(
        x=alt.X("x:T", title=None, scale=alt.Scale(padding=8)), color=colour)
    band = base.mark_area(opacity=0.18, invalid="break-paths-filter-domains", clip=True).encode(
        y=alt.Y(f"{measure}_lo:Q", scale=y_scale), y2=f"{measure}_hi:Q")
    alone = base.transform_filter("datum.alone").mark_rule(clip=True).encode(
        y=alt.Y(f"{measure}_lo:Q", scale=y_scale), y2=f"{measure}_hi:Q")
    line = base.mark_line(invalid="break-paths-filter-domains").encode(
        y=alt.Y(f"{measure}:Q", title=axis_title, scale=y_scale), detail=f"{by}:N")
    # the outline in the outlet's colour keeps a hollow point (a period cut by the dates) visible
    outline = alt.Stroke(f"{by}:N", scale=alt.Scale(**colour.to_dict()["scale"]), legend=None)
    points = base.mark_point(size=30, filled=True, strokeWidth=1.5, invalid="filter").encode(
        y=alt.Y(f"{measure}:Q", scale=y_scale), shape=shape, stroke=outline,
        fillOpacity=alt.condition("datum.partial", alt.value(0.0), alt.value(1.0)),
        tooltip=[alt.Tooltip(f"{by}:N"), alt.Tooltip("period:N"),
                 alt.Tooltip(f"{measure}:Q", title=axis_title, format=".4~g"), alt.Tooltip("interval:N"),
                 *(alt.Tooltip(f"{c}:Q", title=TITLES.get(c, c)) for c in keep)],
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.4))).add_params(pick, zoom)
    return alt.layer(band, alone, line, points).properties(title=title)


def time_chart(table: pd.DataFrame, *, pattern: str | None = None, measure: str = "per_10k", by: str = "outlet",
               span: Span = None) -> alt.LayerChart:
    """Rates per period for one pattern: a line, a band and points per outlet; zoom and pan on x.

    ``table`` is :func:`framing.term_rates` output with ``period``; ``pattern`` chooses one (may be
    omitted when the table holds one). Each period is placed, lines and bands break at missing periods
    (a period alone keeps its interval as a rule) and a period cut by ``span`` is drawn hollow, as in
    :func:`framing.viz.plots.terms.plot_rates_over_time` (``span``: the date range of the data). Drag
    or scroll on the chart zooms the time axis (selection ``"zoom"``); a click on a point selects
    ``{by, "period"}`` (selection :data:`PICK`; ``period`` is the period's first day).
    """
    _need(table, [by, "pattern", "period", measure], "time_chart")
    part = _one(table, "pattern", pattern, "time_chart")
    frame = _period_frame(part, measure, by, span, what="time_chart")
    label = pattern_labels([str(part["pattern"].iat[0])])[0]
    return _periods_chart(frame, measure, by, title=_title(part, measure, label)).properties(
        width="container", height=260)


def keyness_chart(table: pd.DataFrame, *, n: int = 10, stat: str = "log_odds_z") -> alt.Chart:
    """Diverging bars: the ``n`` terms most distinctive of ``group_a`` (right) and of ``group_b`` (left).

    ``table`` is :func:`framing.keyness` output for one comparison; the rows are
    :func:`framing.terms.distinctive.most_distinctive`'s. Bars take the colour of the outlet they
    are distinctive of; long terms are cut in the axis (the full term is in the tooltip and the data);
    a click selects ``{"term"}`` (selection :data:`PICK`).
    """
    from framing.terms.distinctive import most_distinctive

    alt = require_altair()
    _need(table, ["group_a", "group_b", "term", stat], "keyness_chart")
    pairs = table[["group_a", "group_b"]].drop_duplicates()
    if len(pairs) > 1:
        raise ArgumentError(f"keyness_chart draws one comparison; the table has {len(pairs)}: filter it, e.g. "
                            "key[key.group_a == 'kremlin.ru']")
    rows = most_distinctive(table, column=stat, n=n)
    target, reference = str(pairs["group_a"].iat[0]), str(pairs["group_b"].iat[0])
    values = rows[stat].astype(float)
    data = pd.DataFrame({"term": rows["term"].astype(str), stat: values, "outlet": np.where(values > 0, target, reference)})
    colour, _shape = _colours([target, reference], "outlet")
    pick = alt.selection_point(name=PICK, fields=["term"], on="click")
    axis_title = LABELS.get(stat, stat)
    return alt.Chart(alt.Data(values=records(data))).mark_bar().encode(
        x=alt.X(f"{stat}:Q", title=axis_title), y=alt.Y("term:N", sort=list(data["term"]), title=None,
                                                           axis=alt.Axis(labelLimit=200)),
        color=colour, tooltip=[alt.Tooltip("term:N"), alt.Tooltip("outlet:N", title="distinctive of"),
                               alt.Tooltip(f"{stat}:Q", title=axis_title, format=".4~g")],
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.4))).add_params(pick).properties(
        width="container", height=alt.Step(16), title=alt.TitleParams(f"{target} vs {reference}", anchor="start"))


def topic_map_chart(table: pd.DataFrame, *, highlight: int | None = None) -> alt.LayerChart:
    """The intertopic distance map as LDAvis draws it: a circle per topic at its coordinates, area
    proportional to its prevalence, the ``highlight`` topic filled; a click selects ``{"topic"}``.

    ``table`` is :func:`framing.topics.distance.topic_map` output (``topic``, ``x``, ``y``,
    ``prevalence``, ``label``; ``attrs["explained"]``: the share of each axis).
    """
    alt = require_altair()
    _need(table, ["topic", "x", "y", "prevalence", "label"], "topic_map_chart")
    data = table[["topic", "x", "y", "prevalence", "label"]].assign(
        chosen=table["topic"].eq(highlight) if highlight is not None else False)
    explained = list(table.attrs.get("explained", ()))
    titles = [f"PC{i + 1}" + (f" ({explained[i]:.0%})" if i < len(explained) else "") for i in range(2)]
    pick = alt.selection_point(name=PICK, fields=["topic"], on="click")
    base = alt.Chart(alt.Data(values=records(data))).encode(
        x=alt.X("x:Q", title=titles[0], axis=alt.Axis(labels=False, ticks=False)),
        y=alt.Y("y:Q", title=titles[1], axis=alt.Axis(labels=False, ticks=False)))
    circles = base.mark_circle(stroke="#333", strokeWidth=1).encode(
        size=alt.Size("prevalence:Q", scale=alt.Scale(range=[200, 4000]), legend=None),
        color=alt.condition("datum.chosen", alt.value("#D55E00"), alt.value("#BBBBBB")),
        tooltip=[alt.Tooltip("label:N", title="topic"), alt.Tooltip("prevalence:Q", format=".1%")],
    ).add_params(pick)
    numbers = base.mark_text(fontSize=11).encode(text="topic:N")
    return (circles + numbers).properties(width="container", height=300, title=alt.TitleParams(
        "Intertopic distance map (Jensen–Shannon, classical scaling)", anchor="start"))


def _one_topic(table: pd.DataFrame, topic: int | None, what: str) -> tuple[pd.DataFrame, int]:
    """The rows of ``topic`` (the table's only topic when ``None``) and its number."""
    if table.empty:
        raise ArgumentError(f"{what}: the table has no rows; pass the rows of a topic (e.g. model.terms() or "
                            "topic_prevalence(model) output)")
    part = _one(table, "topic", None if topic is None else str(topic), what)
    return part, int(part["topic"].astype(int).to_numpy()[0])


def topic_terms_chart(table: pd.DataFrame, *, topic: int | None = None, value: str = "prob",
                      overall: str | None = "overall", relevance: float | None = None) -> alt.LayerChart:
    """A topic's top terms as pyLDAvis draws them: a bar of ``value`` per term, in ``rank`` order, and
    behind it a wider, light bar of ``overall`` (Sievert & Shirley 2014).

    ``table`` is :meth:`framing.TopicModel.terms` output (``topic``, ``rank``, ``term``, ``value``;
    ``overall`` when present: the term's corpus count over the topic's expected tokens,
    ``count(w) / Σ_d θ_dt·N_d``, so the dark bar's share of the light one is the share of the term's
    uses the topic takes); ``topic`` chooses one (may be omitted when the table holds one);
    ``relevance``, the λ the terms were ranked at, is named in the title. Long terms are cut in the
    axis (the whole term is in the tooltip and the data); hover shows rank, ``value``, ``overall``
    and relevance; a click on either bar selects ``{"term"}`` (selection :data:`PICK`).

    >>> terms = pd.DataFrame({"topic": 2, "rank": [1, 2], "term": ["war", "агресія"], "prob": [0.05, 0.02],
    ...                       "overall": [0.08, 0.02]})
    >>> spec = topic_terms_chart(terms, relevance=0.6).to_dict()
    >>> spec["title"]["text"], [r["term"] for r in spec["data"]["values"]]
    ('topic 2: top terms at λ = 0.6', ['war', 'агресія'])
    """
    from framing.viz.plots.topics import LIGHT, TERM_LABELS
    from framing.viz.style import OKABE_ITO

    alt = require_altair()
    _need(table, ["topic", "rank", "term", value], "topic_terms_chart")
    part, number = _one_topic(table, topic, "topic_terms_chart")
    behind = [overall] if overall is not None and overall in part else []
    light = bool(behind)
    columns = ["rank", "term", value, *behind,
               *(["relevance"] if "relevance" in part and value != "relevance" else [])]
    data = part.sort_values("rank", kind="stable")[columns].assign(term=lambda f: f["term"].astype(str))
    axis_title = TERM_LABELS.get(value, value)
    at = f" at λ = {relevance:g}" if relevance is not None else ""
    titles = {"relevance": f"relevance{at}"}
    pick = alt.selection_point(name=PICK, fields=["term"], on="click")
    names = ["in the topic", "overall"] if light else ["in the topic"]
    colour = alt.Color("bar:N", scale=alt.Scale(domain=names, range=[OKABE_ITO[4], LIGHT][:len(names)]),
                       legend=alt.Legend(orient="bottom", title=None) if light else None)
    tooltip = [alt.Tooltip("term:N"), alt.Tooltip("rank:Q"), alt.Tooltip(f"{value}:Q", title=axis_title, format=".3~g"),
               *(alt.Tooltip(f"{c}:Q", title=titles.get(c, c), format=".3~g") for c in columns[3:])]
    base = alt.Chart(alt.Data(values=records(data))).encode(
        y=alt.Y("term:N", sort=list(data["term"]), title=None, axis=alt.Axis(labelLimit=180)), color=colour,
        tooltip=tooltip)
    own = base.transform_calculate(bar="'in the topic'").mark_bar(height={"band": 0.5 if light else 0.8}).encode(
        x=alt.X(f"{value}:Q", title=axis_title), opacity=alt.condition(pick, alt.value(1.0), alt.value(0.4)))
    layers = [base.transform_calculate(bar="'overall'").mark_bar(height={"band": 0.8}).encode(
        x=alt.X(f"{overall}:Q", title=axis_title)).add_params(pick), own] if light else [own.add_params(pick)]
    subtitle = f"dark: {axis_title}; light: overall (corpus count ÷ the topic's expected tokens)" if light else ""
    return alt.layer(*layers).properties(width="container", height=alt.Step(18), title=alt.TitleParams(
        f"topic {number}: top terms{at}", subtitle=subtitle, anchor="start"))


def prevalence_chart(table: pd.DataFrame, *, topic: int | None = None, by: str = "outlet",
                     label: str | None = None) -> alt.LayerChart:
    """A topic's prevalence (mean topic share) by outlet: a point and its interval per ``by`` value.

    ``table`` is :func:`framing.topic_prevalence` output without ``period``; ``topic`` chooses one (may
    be omitted when the table holds one); ``label`` (e.g. the topic's top words) is the title, else
    ``"topic <n>"``; the subtitle names the intervals' method. Outlets keep their colours and markers,
    one row each in the table's order; hover shows the prevalence, its interval and the number of
    documents; a click selects ``{by}`` (selection :data:`PICK`).

    >>> prev = pd.DataFrame({"outlet": ["kremlin.ru", "un.org"], "topic": 0, "prevalence": [0.3, 0.1],
    ...                      "prevalence_lo": [0.2, 0.05], "prevalence_hi": [0.4, 0.2], "n_docs": [12, 3]})
    >>> [(r["outlet"], r["interval"]) for r in prevalence_chart(prev).to_dict()["data"]["values"]]
    [('kremlin.ru', '0.2 – 0.4'), ('un.org', '0.05 – 0.2')]
    """
    alt = require_altair()
    _need(table, [by, "topic", "prevalence"], "prevalence_chart")
    if "period" in table and table["period"].nunique() > 1:
        raise ArgumentError("prevalence_chart draws one period; use prevalence_time_chart for prevalence by period")
    part, number = _one_topic(table, topic, "prevalence_chart")
    lo, hi = _bounds(part, "prevalence")
    data = pd.DataFrame({by: part[by].astype(str), "prevalence": part["prevalence"].astype(float),
                         "prevalence_lo": lo, "prevalence_hi": hi, "interval": _interval_text(lo, hi)})
    tooltip = [alt.Tooltip(f"{by}:N"), alt.Tooltip("prevalence:Q", title=LABELS["prevalence"], format=".3~g"),
               alt.Tooltip("interval:N")]
    if "n_docs" in part:
        data["n_docs"] = part["n_docs"].to_numpy()
        tooltip.append(alt.Tooltip("n_docs:Q", title=TITLES["n_docs"]))
    outlets = list(dict.fromkeys(data[by]))
    colour, shape = _colours(outlets, by, legend=False)
    pick = alt.selection_point(name=PICK, fields=[by], on="click")
    base = alt.Chart(alt.Data(values=records(data))).encode(
        y=alt.Y(f"{by}:N", sort=outlets, title=None, axis=alt.Axis(labelLimit=180)), color=colour)
    return _dots(base, "prevalence", shape=shape, tooltip=tooltip, pick=pick).properties(
        width="container", height=alt.Step(22), title=_title(part, "prevalence", label or f"topic {number}"))


def prevalence_time_chart(table: pd.DataFrame, *, topic: int | None = None, by: str = "outlet", span: Span = None,
                          label: str | None = None) -> alt.LayerChart:
    """A topic's prevalence per period: a line, a band and points per outlet; zoom and pan on x.

    ``table`` is :func:`framing.topic_prevalence` output with ``period`` (and its ``date``, where each
    period is drawn); ``topic`` chooses one (may be omitted when the table holds one); ``label`` is the
    title, else ``"topic <n>"``. Periods are placed, broken at gaps and cut by ``span`` as in
    :func:`time_chart` and :func:`framing.viz.plots.topics.plot_prevalence_time`; the subtitle names
    the intervals' method; hover adds the number of documents (``n_docs``); a click on a point selects
    ``{by, "period"}`` (selection :data:`PICK`; ``period`` is the period's first day).
    """
    _need(table, [by, "topic", "period", "prevalence"], "prevalence_time_chart")
    part, number = _one_topic(table, topic, "prevalence_time_chart")
    keep = ["n_docs"] if "n_docs" in part else []
    frame = _period_frame(part, "prevalence", by, span, what="prevalence_time_chart", keep=keep)
    return _periods_chart(frame, "prevalence", by, keep=keep,
                          title=_title(part, "prevalence", label or f"topic {number}")).properties(
        width="container", height=260)
