"""Interactive charts (framing.viz.charts) and their widget (framing.widgets.charts), headless.

The specs are checked as data: every value drawn equals the table's (NaN and infinity as null,
which Vega-Lite reads as missing), the encodings and selections are the documented ones, and
hostile text (markup, Cyrillic, Serbian Latin) stays data. The widget's clicks are simulated the
way the page reports them (the ``_vl_selections`` trait that Altair's JavaScript sets).
"""

from __future__ import annotations

import json
import struct
import sys

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("altair", reason="interactive charts need altair: pip install altair anywidget vl-convert-python")

from framing._infra.errors import ArgumentError, FramingError  # noqa: E402
from framing.viz.charts import (  # noqa: E402
    PICK,
    keyness_chart,
    prevalence_chart,
    prevalence_time_chart,
    rates_chart,
    records,
    time_chart,
    topic_terms_chart,
)
from framing.widgets.charts import ChartOutput, static_png  # noqa: E402

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def rates() -> pd.DataFrame:
    table = pd.DataFrame({
        "outlet": ["kremlin.ru", "president.gov.ua", "kremlin.ru", "president.gov.ua", "novosti.rs"],
        "pattern": ["invasion|invad*", "invasion|invad*", SCRIPT, "агрессия", "agresija"],
        "per_10k": [3.5, 1.25, np.inf, 0.0, 2.0],
        "per_10k_lo": [2.5, 0.5, np.nan, 0.0, 1.0],
        "per_10k_hi": [5.0, 2.0, np.nan, 0.75, 3.5],
        "count": [7, 2, 1, 0, 4]})
    table.attrs.update(ci_method={"per_10k": "negative-binomial profile likelihood; Garwood at a count of 0"},
                       ci=0.9)
    return table


def dataset(spec: dict) -> list[dict]:
    return spec["data"]["values"]


def layer(spec: dict, mark: str) -> dict:
    return next(part for part in spec["layer"] if part["mark"]["type"] == mark
                and "transform" not in part)


def param(spec: dict, name: str) -> dict:
    return next(p for p in spec["params"] if p["name"] == name)


def test_rates_chart_draws_the_tables_values(rates):
    spec = rates_chart(rates).to_dict()
    text = json.dumps(spec, allow_nan=False)               # Vega-Lite cannot read NaN or Infinity
    assert "NaN" not in text and "Infinity" not in text
    rows = dataset(spec)
    assert [r["outlet"] for r in rows] == list(rates["outlet"])
    assert [r["pattern"] for r in rows] == list(rates["pattern"])     # the raw names stay in the data
    assert [r["count"] for r in rows] == [7, 2, 1, 0, 4]
    for row, (_, source) in zip(rows, rates.iterrows()):
        for column in ("per_10k", "per_10k_lo", "per_10k_hi"):
            value = source[column]
            assert row[column] == (value if np.isfinite(value) else None), column
    assert [r["label"] for r in rows] == ["invasion (+1)", "invasion (+1)", SCRIPT, "агрессия", "agresija"]
    assert [r["interval"] for r in rows] == ["2.5 – 5", "0.5 – 2", "", "0 – 0.75", "1 – 3.5"]


def test_rates_chart_encodes_the_documented_fields(rates):
    spec = rates_chart(rates).to_dict()
    points, rules = layer(spec, "point"), layer(spec, "rule")
    assert points["encoding"]["x"]["field"] == "per_10k"
    assert (rules["encoding"]["x"]["field"], rules["encoding"]["x2"]["field"]) == ("per_10k_lo", "per_10k_hi")
    assert points["encoding"]["y"]["field"] == "label"
    assert points["encoding"]["y"]["sort"] == ["invasion (+1)", SCRIPT, "агрессия", "agresija"]  # table order
    assert points["encoding"]["yOffset"]["field"] == "outlet"
    colour = points["encoding"]["color"]
    # the papers' colours: kremlin.ru vermilion, president.gov.ua blue (framing.viz.style), others a free slot
    assert dict(zip(colour["scale"]["domain"], colour["scale"]["range"]))["kremlin.ru"] == "#D55E00"
    assert dict(zip(colour["scale"]["domain"], colour["scale"]["range"]))["president.gov.ua"] == "#0072B2"
    assert colour["legend"]["orient"] == "bottom"           # outside the data
    assert [t["field"] for t in points["encoding"]["tooltip"]] == ["outlet", "pattern", "per_10k", "interval", "count"]
    pick = param(spec, "pick")
    assert pick["select"] == {"type": "point", "fields": ["outlet", "pattern"], "on": "click"}
    assert spec["width"] == "container"
    assert spec["title"]["subtitle"] == "90% interval: negative-binomial profile likelihood"
    assert points["encoding"]["x"]["title"] == "per 10,000 tokens"


def test_rates_chart_without_intervals_says_so():
    table = pd.DataFrame({"outlet": ["a"], "pattern": ["war"], "doc_share": [0.5], "doc_share_lo": [np.nan],
                          "doc_share_hi": [np.nan]})
    spec = rates_chart(table, measure="doc_share").to_dict()
    assert spec["title"]["subtitle"] == "no intervals"
    assert layer(spec, "point")["encoding"]["x"]["title"] == "share of documents"
    assert dataset(spec)[0]["interval"] == ""


def test_rates_chart_errors_name_the_problem(rates):
    with pytest.raises(ArgumentError, match=r"rates_chart needs the columns \['doc_share'\]"):
        rates_chart(rates, measure="doc_share")
    by_month = rates.assign(period=pd.to_datetime(["2022-01-01", "2022-02-01"] * 2 + ["2022-01-01"]))
    with pytest.raises(ArgumentError, match="draws one period; use time_chart"):
        rates_chart(by_month)


@pytest.fixture
def over_time() -> pd.DataFrame:
    # kremlin.ru has no March (its line must break); un.org has only April (a point with its interval)
    rows = [("kremlin.ru", "2022-01-01", 1.0), ("kremlin.ru", "2022-02-01", 2.0), ("kremlin.ru", "2022-04-01", 4.0),
            ("un.org", "2022-04-01", 0.5)]
    table = pd.DataFrame(rows, columns=["outlet", "period", "per_10k"]).assign(pattern="SMO|спецоперация")
    table["period"] = pd.to_datetime(table["period"])
    table["per_10k_lo"], table["per_10k_hi"] = table["per_10k"] / 2, table["per_10k"] * 2
    table.attrs["period"] = "M"
    return table


def test_time_chart_breaks_lines_at_missing_periods(over_time):
    spec = time_chart(over_time).to_dict()
    json.dumps(spec, allow_nan=False)
    rows = dataset(spec)
    kremlin = [r for r in rows if r["outlet"] == "kremlin.ru"]
    # mid-month placement; a null row where March is missing, so the line and band break there
    assert [(r["x"], r["per_10k"], r["period"]) for r in kremlin] == [
        ("2022-01-16T12:00:00", 1.0, "2022-01-01"), ("2022-02-15T00:00:00", 2.0, "2022-02-01"),
        ("2022-03-01T00:00:00", None, None), ("2022-04-16T00:00:00", 4.0, "2022-04-01")]
    assert [r["alone"] for r in kremlin] == [False, False, False, True]
    un = [r for r in rows if r["outlet"] == "un.org"]
    assert [(r["per_10k_lo"], r["per_10k_hi"], r["alone"]) for r in un] == [(0.25, 1.0, True)]
    marks = [part["mark"] for part in spec["layer"]]
    assert {m["type"]: m.get("invalid") for m in marks if m["type"] in ("line", "area")} == {
        "line": "break-paths-filter-domains", "area": "break-paths-filter-domains"}
    assert param(spec, "pick")["select"]["fields"] == ["outlet", "period"]
    assert param(spec, "zoom") == {"name": "zoom", "select": {"type": "interval", "encodings": ["x"]},
                                   "bind": "scales", "views": param(spec, "zoom")["views"]}
    assert spec["title"]["text"] == "SMO (+1)"


def test_time_chart_marks_periods_cut_by_the_span(over_time):
    rows = dataset(time_chart(over_time, span=("2022-01-10", "2022-04-30")).to_dict())
    january = next(r for r in rows if r["period"] == "2022-01-01")
    assert january["partial"] is True and january["x"] == "2022-01-21T00:00:00"   # 22 days, 10–31 January: the 11th day
    spec = time_chart(over_time, span=("2022-01-10", "2022-04-30")).to_dict()
    points = next(part for part in spec["layer"] if part["mark"]["type"] == "point")
    colour, outline = points["encoding"]["color"], points["encoding"]["stroke"]
    assert points["encoding"]["fillOpacity"]["condition"]["test"] == "datum.partial"   # hollow when cut
    assert outline["field"] == colour["field"] == "outlet" and outline["scale"] == colour["scale"]
    assert points["mark"]["strokeWidth"] > 0                                            # so still seen


@pytest.mark.parametrize("wild", [1e21, np.inf])
def test_time_chart_cuts_an_interval_far_above_every_estimate_and_says_so(over_time, wild):
    plain = time_chart(over_time).to_dict()                  # every upper bound within 2× its estimate
    assert all("domainMax" not in part["encoding"]["y"].get("scale", {}) for part in plain["layer"])
    assert "cut" not in plain["title"]["subtitle"]
    wide = over_time.copy()
    wide.loc[wide["period"] == "2022-02-01", "per_10k_hi"] = wild
    spec = time_chart(wide).to_dict()
    json.dumps(spec, allow_nan=False)
    ceiling = 3 * over_time["per_10k"].max()                  # the highest estimate is kremlin.ru's April, 4.0
    scales = [part["encoding"]["y"]["scale"] for part in spec["layer"]]
    assert len(scales) == 4 and all(scale == {"domainMin": 0, "domainMax": ceiling} for scale in scales)
    assert all(part["mark"]["clip"] for part in spec["layer"] if part["mark"]["type"] in ("area", "rule"))
    assert spec["title"]["subtitle"].endswith("intervals cut at 3× the highest estimate (hover for the whole interval)")
    february = next(r for r in dataset(spec) if r["period"] == "2022-02-01")
    assert february["per_10k_hi"] == (None if wild == np.inf else wild)    # the data keeps the bound


def test_time_chart_needs_one_pattern(over_time):
    two = pd.concat([over_time, over_time.assign(pattern="war")])
    with pytest.raises(ArgumentError, match="several patterns"):
        time_chart(two)
    repeated = pd.concat([over_time, over_time.iloc[:1]])
    with pytest.raises(ArgumentError, match="several rows for outlet='kremlin.ru' and period 2022-01-01"):
        time_chart(repeated)


def test_keyness_chart_draws_the_most_distinctive_terms():
    key = pd.DataFrame({"group_a": "kremlin.ru", "group_b": "whitehouse.gov",
                        "term": ["denazification", SCRIPT, "kyiv", "x" * 70, "агрессия", "sanctions"],
                        "log_odds_z": [5.0, 1.5, -0.5, -2.0, 3.0, -np.inf]})
    spec = keyness_chart(key, n=2).to_dict()
    json.dumps(spec, allow_nan=False)
    rows = dataset(spec)
    # two on each side, the target's first, both sorted by the statistic descending
    assert [r["term"] for r in rows] == ["denazification", "агрессия", "x" * 70, "sanctions"]
    assert [r["log_odds_z"] for r in rows] == [5.0, 3.0, -2.0, None]
    assert [r["outlet"] for r in rows] == ["kremlin.ru", "kremlin.ru", "whitehouse.gov", "whitehouse.gov"]
    assert spec["encoding"]["y"]["sort"] == [r["term"] for r in rows]
    assert param(spec, "pick")["select"]["fields"] == ["term"]
    assert spec["title"]["text"] == "kremlin.ru vs whitehouse.gov"
    hostile = dataset(keyness_chart(key.assign(log_odds_z=[1.0, 9.0, 0, 0, 0, 0]), n=1).to_dict())
    assert hostile[0]["term"] == SCRIPT


def test_records_are_json_safe():
    frame = pd.DataFrame({"n": np.array([1, 2], dtype=np.int64), "x": [np.nan, -np.inf], "ok": [True, False],
                          "t": pd.to_datetime(["2022-02-24", None])})
    out = records(frame)
    assert out == [{"n": 1, "x": None, "ok": True, "t": "2022-02-24T00:00:00"},
                   {"n": 2, "x": None, "ok": False, "t": None}]
    assert json.loads(json.dumps(out, allow_nan=False)) == out


# --- the widget ---------------------------------------------------------------------------------

def click(output: ChartOutput, *picked: dict) -> None:
    """What Altair's JavaScript sends after a click on marks (nothing picked: a click on empty space)."""
    value = {"vlPoint": {"or": list(picked)}} if picked else None
    output.jupyter_chart._vl_selections = {"pick": {"value": value, "store": []}}


def test_chart_output_calls_back_with_the_picked_rows(rates):
    output, calls = ChartOutput(), []
    output.on_pick(calls.append)
    assert output.widget.children == (output.fit,) and output.picked == []
    output.show(rates_chart(rates))
    assert output.widget.children == (output.fit, output.jupyter_chart)
    assert output.jupyter_chart.embed_options == {"renderer": "svg", "actions": False}
    click(output, {"outlet": "kremlin.ru", "pattern": SCRIPT})
    click(output)                                           # empty: ignored
    assert calls == [[{"outlet": "kremlin.ru", "pattern": SCRIPT}]]
    chart = output.jupyter_chart
    output.show(rates_chart(rates.iloc[:2]))                # a new spec replaces `selections`
    assert output.jupyter_chart is chart                    # updated in place
    click(output, {"outlet": "president.gov.ua", "pattern": "invasion|invad*"})
    assert calls[-1] == [{"outlet": "president.gov.ua", "pattern": "invasion|invad*"}]
    assert output.picked == calls[-1]
    output.clear()
    assert output.widget.children == (output.fit,)
    output.show(rates_chart(rates))
    assert output.widget.children == (output.fit, chart)


def test_chart_output_loads_vega_from_the_kernel_not_a_cdn(rates):
    output = ChartOutput()
    output.show(rates_chart(rates))
    source = output.jupyter_chart._esm
    assert "esm.sh" not in source                           # the default imports vega-embed from https://esm.sh
    assert len(source) > 300_000                            # Vega, Vega-Lite and vega-embed bundled in


def test_static_png_is_a_hidpi_image(rates):
    png = static_png(rates_chart(rates), scale=2, width=400)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width >= 2 * 400 and height > 0                  # the plot's 400 px plus axes, at 2 px per CSS px


def test_a_missing_package_says_what_to_install(monkeypatch, rates):
    monkeypatch.setitem(sys.modules, "vl_convert", None)
    with pytest.raises(FramingError, match=r'pip install "altair>=6" "anywidget>=0.9" "vl-convert-python>=1.7"'):
        static_png(rates_chart(rates))
    monkeypatch.setitem(sys.modules, "altair", None)
    with pytest.raises(FramingError, match="interactive charts need Altair"):
        rates_chart(rates)


def test_the_topic_map_chart_holds_the_map_and_fills_the_chosen_topic():
    from framing.viz.charts import topic_map_chart

    table = pd.DataFrame({"topic": [0, 1, 2], "x": [0.2, -0.1, np.nan], "y": [0.0, 0.3, -0.2],
                          "prevalence": [0.5, 0.3, 0.2], "label": ["0: war", "1: <b>gas</b>", "2: агресија"]})
    spec = topic_map_chart(table, highlight=1).to_dict()
    values = spec["data"]["values"]
    assert [v["topic"] for v in values] == [0, 1, 2] and [v["chosen"] for v in values] == [False, True, False]
    assert values[2]["x"] is None and values[1]["label"] == "1: <b>gas</b>"     # NaN as null; text kept as data
    assert spec["params"][0]["name"] == PICK and spec["params"][0]["select"]["fields"] == ["topic"]
    json.dumps(spec, allow_nan=False)



# --- topic charts -------------------------------------------------------------------------------

@pytest.fixture
def top_terms() -> pd.DataFrame:
    """Two topics' terms as TopicModel.terms gives them, topic 1's rows out of rank order; hostile terms."""
    long = "ж" * 40 + "x" * 160
    table = pd.DataFrame({
        "topic": [0, 0, 1, 1, 1, 1],
        "rank": [1, 2, 3, 1, 4, 2],
        "term": ["war", "gas", SCRIPT, "агресија", long, "agresija"],
        "prob": [0.05, 0.04, 0.012, 0.03, 0.004, 0.02],
        "relevance": [-1.5, -2.0, -4.1, -1.2, -5.0, -2.5],
        "frex": [0.9, 0.8, 0.7, 0.95, 0.1, 0.6],
        "overall": [0.08, 0.05, 0.05, 0.031, np.nan, 0.06]})
    return table


def test_topic_terms_chart_draws_the_topics_terms_in_rank_order(top_terms):
    spec = topic_terms_chart(top_terms, topic=1, relevance=0.6).to_dict()
    json.dumps(spec, allow_nan=False)
    mine = top_terms[top_terms["topic"] == 1].set_index("rank").sort_index()
    rows = dataset(spec)
    assert [r["rank"] for r in rows] == [1, 2, 3, 4]
    assert [r["term"] for r in rows] == mine["term"].tolist()          # markup, Cyrillic, a 200-char token: data
    assert [r["prob"] for r in rows] == mine["prob"].tolist()
    assert [r["relevance"] for r in rows] == mine["relevance"].tolist()
    assert [r["overall"] for r in rows] == [0.031, 0.06, 0.05, None]    # NaN as null
    assert "frex" not in rows[0]
    overall, own = spec["layer"]                                       # the light bar behind the topic's own
    assert (overall["encoding"]["x"]["field"], own["encoding"]["x"]["field"]) == ("overall", "prob")
    assert (overall["mark"]["height"], own["mark"]["height"]) == ({"band": 0.8}, {"band": 0.5})
    assert overall["encoding"]["y"]["sort"] == mine["term"].tolist()
    assert own["encoding"]["y"]["axis"]["labelLimit"] > 0              # long terms cut in the axis only
    colour = own["encoding"]["color"]
    assert colour["scale"] == {"domain": ["in the topic", "overall"], "range": ["#0072B2", "#BBBBBB"]}
    assert colour["legend"]["orient"] == "bottom"
    assert [(t["field"], t.get("title")) for t in own["encoding"]["tooltip"]] == [
        ("term", None), ("rank", None), ("prob", "p(term | topic)"), ("overall", "overall"),
        ("relevance", "relevance at λ = 0.6")]
    assert param(spec, PICK)["select"] == {"type": "point", "fields": ["term"], "on": "click"}
    assert spec["title"]["text"] == "topic 1: top terms at λ = 0.6"
    assert "overall" in spec["title"]["subtitle"] and spec["width"] == "container"


def test_topic_terms_chart_without_overall_and_with_one_topic(top_terms):
    alone = top_terms[top_terms["topic"] == 0].drop(columns="overall")
    spec = topic_terms_chart(alone, value="relevance").to_dict()      # the only topic; no light bars
    assert [part["mark"]["height"] for part in spec["layer"]] == [{"band": 0.8}]
    bars = spec["layer"][0]
    assert bars["encoding"]["x"] == {"field": "relevance", "title": "relevance", "type": "quantitative"}
    assert bars["encoding"]["color"]["legend"] is None and spec["title"]["subtitle"] == ""
    assert [r["relevance"] for r in dataset(spec)] == [-1.5, -2.0] and spec["title"]["text"] == "topic 0: top terms"
    assert param(spec, PICK)["select"]["fields"] == ["term"]


def test_topic_charts_say_what_is_wrong_with_the_table(top_terms):
    with pytest.raises(ArgumentError, match=r"several topics \['0', '1'\]; choose one with topic="):
        topic_terms_chart(top_terms)
    with pytest.raises(ArgumentError, match=r"no topic '7'; the table has \['0', '1'\]"):
        topic_terms_chart(top_terms, topic=7)
    with pytest.raises(ArgumentError, match=r"topic_terms_chart needs the columns \['rank'\]"):
        topic_terms_chart(top_terms.drop(columns="rank"))
    for chart in (topic_terms_chart, prevalence_chart, prevalence_time_chart):
        empty = pd.DataFrame(columns=["outlet", "topic", "rank", "term", "prob", "period", "prevalence"])
        with pytest.raises(ArgumentError, match=rf"{chart.__name__}: the table has no rows"):
            chart(empty)


@pytest.fixture
def prevalence() -> pd.DataFrame:
    table = pd.DataFrame({"outlet": ["kremlin.ru", "<b>rt.com</b>", "novosti.rs", "kremlin.ru"],
                          "topic": [3, 3, 3, 4], "prevalence": [0.42, 0.1, 0.25, 0.3],
                          "prevalence_lo": [0.3, np.nan, 0.2, 0.2], "prevalence_hi": [0.55, np.nan, 0.31, 0.4],
                          "n_docs": [20, 1, 7, 20]})
    table.attrs.update(ci_method={"prevalence": "studentized bootstrap"}, ci=0.95, n_boot=200)
    return table


def test_prevalence_chart_draws_a_point_and_interval_per_outlet(prevalence):
    spec = prevalence_chart(prevalence, topic=3, label="3: gas, <i>pipeline</i>, газ").to_dict()
    json.dumps(spec, allow_nan=False)
    mine = prevalence[prevalence["topic"] == 3]
    rows = dataset(spec)
    assert [r["outlet"] for r in rows] == mine["outlet"].tolist()
    assert [r["prevalence"] for r in rows] == mine["prevalence"].tolist()
    assert [(r["prevalence_lo"], r["prevalence_hi"]) for r in rows] == [(0.3, 0.55), (None, None), (0.2, 0.31)]
    assert [r["interval"] for r in rows] == ["0.3 – 0.55", "", "0.2 – 0.31"]
    assert [r["n_docs"] for r in rows] == [20, 1, 7]
    points, rules = layer(spec, "point"), layer(spec, "rule")
    assert points["encoding"]["x"]["field"] == "prevalence" and points["encoding"]["x"]["title"] == "mean topic share"
    assert (rules["encoding"]["x"]["field"], rules["encoding"]["x2"]["field"]) == ("prevalence_lo", "prevalence_hi")
    y = points["encoding"]["y"]
    assert (y["field"], y["sort"], y["title"]) == ("outlet", mine["outlet"].tolist(), None)   # the table's order
    assert points["encoding"]["color"]["legend"] is None                # the axis names the outlets
    assert [t["field"] for t in points["encoding"]["tooltip"]] == ["outlet", "prevalence", "interval", "n_docs"]
    assert param(spec, PICK)["select"] == {"type": "point", "fields": ["outlet"], "on": "click"}
    assert spec["title"]["text"] == "3: gas, <i>pipeline</i>, газ"
    assert spec["title"]["subtitle"] == "95% interval: studentized bootstrap, 200 replicates"
    by_period = prevalence.assign(period=pd.to_datetime(["2022-01-01", "2022-02-01"] * 2))
    with pytest.raises(ArgumentError, match="draws one period; use prevalence_time_chart"):
        prevalence_chart(by_period, topic=3)
    no_boot = prevalence_chart(prevalence.assign(prevalence_lo=np.nan, prevalence_hi=np.nan), topic=4).to_dict()
    assert no_boot["title"] == {"text": "topic 4", "subtitle": "no intervals", "anchor": "start"}


@pytest.fixture
def prevalence_by_month() -> pd.DataFrame:
    # kremlin.ru has no March (its line breaks); un.org has only September, its documents' mean date the 21st
    rows = [("kremlin.ru", "2022-01-01", 0.2, 4), ("kremlin.ru", "2022-02-01", 0.3, 6),
            ("kremlin.ru", "2022-04-01", 0.5, 2), ("un.org", "2022-09-01", 0.1, 3)]
    table = pd.DataFrame(rows, columns=["outlet", "period", "prevalence", "n_docs"]).assign(topic=1)
    table["period"] = pd.to_datetime(table["period"])
    table["date"] = table["period"] + pd.Timedelta(days=20)
    table["prevalence_lo"], table["prevalence_hi"] = table["prevalence"] - 0.1, table["prevalence"] + 0.1
    other = table.assign(topic=0, prevalence=0.9)
    both = pd.concat([other, table], ignore_index=True)
    both.attrs.update(ci_method={"prevalence": "percentile bootstrap"}, ci=0.9, n_boot=50, period="M")
    return both


def test_prevalence_time_chart_places_periods_and_breaks_at_gaps(prevalence_by_month):
    spec = prevalence_time_chart(prevalence_by_month, topic=1).to_dict()
    json.dumps(spec, allow_nan=False)
    rows = dataset(spec)
    kremlin = [r for r in rows if r["outlet"] == "kremlin.ru"]
    # each period at its documents' date (the 21st); a null row where March is missing, so line and band break
    assert [(r["x"], r["prevalence"], r["period"], r["n_docs"]) for r in kremlin] == [
        ("2022-01-21T00:00:00", 0.2, "2022-01-01", 4), ("2022-02-21T00:00:00", 0.3, "2022-02-01", 6),
        ("2022-03-01T00:00:00", None, None, None), ("2022-04-21T00:00:00", 0.5, "2022-04-01", 2)]
    assert [r["alone"] for r in kremlin] == [False, False, False, True]
    un = [r for r in rows if r["outlet"] == "un.org"]
    assert [(r["x"], r["prevalence_lo"], r["prevalence_hi"], r["n_docs"]) for r in un] == [
        ("2022-09-21T00:00:00", pytest.approx(0.0), pytest.approx(0.2), 3)]
    marks = {part["mark"]["type"]: part["mark"].get("invalid") for part in spec["layer"] if "transform" not in part}
    assert marks["line"] == marks["area"] == "break-paths-filter-domains"
    points = layer(spec, "point")
    assert [(t["field"], t.get("title")) for t in points["encoding"]["tooltip"]] == [
        ("outlet", None), ("period", None), ("prevalence", "mean topic share"), ("interval", None),
        ("n_docs", "documents")]
    assert param(spec, PICK)["select"]["fields"] == ["outlet", "period"]
    assert param(spec, "zoom")["bind"] == "scales"
    assert spec["title"] == {"text": "topic 1", "subtitle": "90% interval: percentile bootstrap, 50 replicates",
                             "anchor": "start"}
    cut = dataset(prevalence_time_chart(prevalence_by_month, topic=1, span=("2022-01-01", "2022-04-10"),
                                        label="1: агресија").to_dict())
    assert [r["outlet"] for r in cut if r["prevalence"] is not None] == ["kremlin.ru"] * 3   # September cut off
    with pytest.raises(ArgumentError, match="prevalence_time_chart: several rows for outlet='kremlin.ru'"):
        prevalence_time_chart(pd.concat([prevalence_by_month, prevalence_by_month.iloc[:1]]), topic=0)


# --- charts as wide as their container (framing.widgets.fit) -------------------------------------

import shutil  # noqa: E402
import subprocess  # noqa: E402

from framing.widgets.base import View  # noqa: E402
from framing.widgets.charts import MAX_WIDTH, MIN_WIDTH, STATIC_WIDTH  # noqa: E402
from framing.widgets.fit import ESM, FitWidth  # noqa: E402

FIT_DRIVER = """
import { writeFileSync } from "node:fs";
const [esm, out] = process.argv.slice(2);
let resized = 0, observing = null, sized = null, children = null, watched = [];
globalThis.window = { dispatchEvent: (event) => { if (event.type === "resize") resized += 1; } };
globalThis.ResizeObserver = class { constructor(cb) { sized = cb; }
  observe(target) { watched.push(target.id); } disconnect() { watched = []; } };
globalThis.MutationObserver = class { constructor(cb) { children = cb; }
  observe(target, options) { observing = [target.id, options.childList]; } disconnect() { observing = null; } };
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const el = { id: "fit", parentElement: null, classList: { add(name) { el.className = name; } } };
const model = { get: (name) => ({ wait: 20 })[name] };
const { default: widget } = await import(esm);
const cleanup = widget.render({ model, el });
const log = { className: el.className, watched: [...watched] };
const step = async (name, action) => { const before = resized; action(); await sleep(150);
  log[name] = resized - before; };
const size = (width, height) => sized([{ target: el, contentRect: { width, height } }]);
await step("detached", () => size(0, 0));
el.parentElement = { id: "box" };
await step("attached", () => { size(812.4, 0); size(812.4, 0); });
log.observing = observing;
await step("taller", () => size(812.4, 0.5));
await step("chart inserted", () => children([{ type: "childList" }]));
await step("narrower, twice", () => { size(600, 0); size(590, 0); });
await step("hidden", () => size(0, 0));
await step("shown again", () => size(590, 0));
cleanup();
log.after = [observing, watched];
await step("after cleanup", () => {});
writeFileSync(out, JSON.stringify(log));
"""


def test_fit_width_nudges_vega_once_per_new_container_width(tmp_path):
    """The page side of FitWidth, run by Node with stand-ins for the browser's observers."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed: apt-get install -y nodejs")
    (tmp_path / "fit.mjs").write_text(ESM, encoding="utf-8")
    (tmp_path / "driver.mjs").write_text(FIT_DRIVER, encoding="utf-8")
    done = subprocess.run([node, str(tmp_path / "driver.mjs"), (tmp_path / "fit.mjs").as_uri(),
                           str(tmp_path / "log.json")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    log = json.loads((tmp_path / "log.json").read_text())
    assert log["className"] == "framing-fit-width" and log["watched"] == ["fit"]
    assert log["observing"] == ["box", True]                # the box's children, once the widget is in it
    assert [log[k] for k in ("detached", "attached", "taller", "chart inserted", "narrower, twice", "hidden",
                             "shown again", "after cleanup")] == [0, 1, 0, 1, 1, 0, 1, 0]
    assert log["after"] == [None, []]


def test_chart_output_follows_its_container_between_a_minimum_and_a_maximum(rates):
    output = ChartOutput()
    assert isinstance(output.fit, FitWidth) and output.widget.children == (output.fit,)
    output.show(rates_chart(rates))
    assert output.jupyter_chart.spec["width"] == "container"
    assert output.jupyter_chart.embed_options["renderer"] == "svg"      # sharp at any pixel ratio
    layout = output.jupyter_chart.layout
    assert (layout.width, layout.min_width, layout.max_width) == ("100%", f"{MIN_WIDTH}px", f"{MAX_WIDTH}px")
    output.show(rates_chart(rates.iloc[:2]), max_width=500)                   # updated in place
    assert output.jupyter_chart.spec["width"] == "container" and layout.max_width == "500px"
    output.clear()
    output.show(rates_chart(rates))                                      # shown again: the fit widget stays first
    assert output.widget.children == (output.fit, output.jupyter_chart) and layout.max_width == f"{MAX_WIDTH}px"


class _ChartView(View):
    name = "chart"

    def __init__(self) -> None:
        super().__init__()
        self.arrange(figures=["rates"], charts=["rates"])


def test_view_show_chart_keeps_the_container_width(rates):
    view = _ChartView()
    view.show_chart("rates", rates_chart(rates))
    chart = view.charts["rates"].jupyter_chart
    assert chart.spec["width"] == "container" and chart.layout.max_width == f"{MAX_WIDTH}px"
    view.show_chart("rates", rates_chart(rates.iloc[:2]), max_width=700)
    assert view.charts["rates"].jupyter_chart is chart and chart.layout.max_width == "700px"
    assert view.charts["rates"].widget.children == (view.charts["rates"].fit, chart)


def test_static_png_of_a_container_wide_chart_has_the_static_width(rates):
    def png_width(chart) -> int:
        return struct.unpack(">II", static_png(chart, scale=1)[16:24])[0]

    chart = rates_chart(rates)
    fixed, narrower = png_width(chart.properties(width=STATIC_WIDTH)), png_width(chart.properties(width=STATIC_WIDTH - 100))
    assert png_width(chart) == fixed and fixed - narrower == 100         # its plotting area drawn STATIC_WIDTH wide
    assert chart.to_dict()["width"] == "container"                      # the chart itself is left as it was
