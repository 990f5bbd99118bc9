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
from framing.viz.charts import PICK, keyness_chart, rates_chart, records, time_chart  # noqa: E402
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
    assert output.widget.children == () and output.picked == []
    output.show(rates_chart(rates))
    assert output.widget.children == (output.jupyter_chart,)
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
    assert output.widget.children == ()
    output.show(rates_chart(rates))
    assert output.widget.children == (chart,)


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
