"""Time axes tell the truth (issue 17): lines break where a period has no data, each period is drawn
where its documents are (not on its first day), a period cut by the date range is marked, and the
x-range is the data's. Positions are computed here by hand from the calendar."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import framing as fr  # noqa: E402
from framing.viz import plots  # noqa: E402
from framing.viz.plots.corpus import plot_documents  # noqa: E402
from framing.viz.plots.timeaxis import PARTIAL_NOTE, infer_period, period_rows, table_period  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def num(*dates: str) -> list[float]:
    return [float(mdates.date2num(pd.Timestamp(d))) for d in dates]


def monthly(outlet: str, months: list[str], values: list[float], pattern: str = "invasion") -> pd.DataFrame:
    v = np.asarray(values, float)
    return pd.DataFrame({"outlet": outlet, "period": pd.to_datetime(months), "pattern": pattern,
                         "per_10k": v, "per_10k_lo": v - 1, "per_10k_hi": v + 1})


def line_of(ax, label: str):
    return next(line for line in ax.get_lines() if line.get_label() == label)


def test_lines_and_bands_break_where_a_month_has_no_data():
    table = monthly("kremlin.ru", ["2022-01-01", "2022-02-01", "2022-04-01", "2022-05-01"], [2, 3, 5, 4])
    ax = plots.plot_rates_over_time(table)
    line = line_of(ax, "kremlin.ru")
    y = np.asarray(line.get_ydata(), float)
    assert np.isnan(y[2]) and list(y[[0, 1, 3, 4]]) == [2, 3, 5, 4]  # no segment from February to April
    finite = np.isfinite(y)
    segments = np.flatnonzero(np.diff(finite.astype(int)) == -1)
    assert len(segments) == 1
    band = ax.collections[0]
    assert len(band.get_paths()) == 2  # two polygons: Jan–Feb and Apr–May
    xs = [p.vertices[:, 0] for p in band.get_paths()]
    assert max(xs[0]) < num("2022-03-01")[0] < min(xs[1])


def test_each_month_is_drawn_at_its_middle_and_the_axis_spans_the_months():
    table = monthly("a", ["2022-01-01", "2022-02-01", "2022-03-01"], [1, 2, 3])
    ax = plots.plot_rates_over_time(table)
    x = line_of(ax, "a").get_xdata()
    assert np.allclose(mdates.date2num(x), num("2022-01-16 12:00", "2022-02-15", "2022-03-16 12:00"))
    assert np.allclose(ax.get_xlim(), num("2022-01-01", "2022-04-01"))


def test_annual_points_are_placed_at_their_documents_date_and_do_not_stretch_the_range():
    un = pd.DataFrame({"outlet": "UN General Debate", "period": pd.to_datetime(["2021-01-01", "2022-01-01"]),
                       "pattern": "invasion", "per_10k": [3.0, 8.0], "per_10k_lo": [2.0, 6.0], "per_10k_hi": [4.0, 9.5],
                       "date": pd.to_datetime(["2021-09-23", "2022-09-22"])})  # the debates' mean document dates
    ax = plots.plot_rates_over_time(un)
    line = line_of(ax, "UN General Debate")
    assert np.allclose(mdates.date2num(line.get_xdata()), num("2021-09-23", "2022-09-22"))
    assert not np.isnan(np.asarray(line.get_ydata(), float)).any()  # consecutive years join
    # without the documents' date, the middle of the year rather than 1 January
    middle = plots.plot_rates_over_time(un.drop(columns="date"))
    assert np.allclose(mdates.date2num(line_of(middle, "UN General Debate").get_xdata()),
                       num("2021-07-02 12:00", "2022-07-02 12:00"))


def test_sparse_points_out_of_the_selected_range_are_dropped_and_isolated_ones_keep_their_interval():
    months = [f"2021-{m:02d}-01" for m in (10, 11, 12)] + [f"2022-{m:02d}-01" for m in range(1, 7)]
    table = pd.concat([monthly("kremlin.ru", months, list(range(1, 10))),
                       monthly("UN General Debate", ["2021-09-01", "2022-09-01", "2023-09-01"], [3, 4, 5]),
                       monthly("whitehouse.gov", ["2022-03-01"], [6])], ignore_index=True)
    ax = plots.plot_rates_over_time(table, span=("2021-10-01", "2022-06-30"))
    assert np.allclose(ax.get_xlim(), num("2021-10-01", "2022-07-01"))  # not to October 2023
    labels = [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")]
    assert labels == ["kremlin.ru", "whitehouse.gov"]  # the debates fall outside the range
    alone = [c for c in ax.collections if c.__class__.__name__ == "LineCollection"]
    assert len(alone) == 1 and np.allclose(alone[0].get_segments()[0][:, 1], [5, 7])  # its interval, drawn
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["kremlin.ru", "whitehouse.gov"]


def test_a_period_cut_by_the_range_is_drawn_hollow_in_the_middle_of_its_days():
    table = monthly("kremlin.ru", ["2022-02-01", "2022-03-01", "2022-04-01"], [2, 3, 4])
    ax = plots.plot_rates_over_time(table, span=("2022-02-01", "2022-04-05"))
    line = line_of(ax, "kremlin.ru")
    assert np.allclose(mdates.date2num(line.get_xdata()), num("2022-02-15", "2022-03-16 12:00", "2022-04-03 12:00"))
    assert line.get_markevery() == [0, 1]  # filled markers on the whole months only
    hollow = [h for h in ax.get_lines() if h.get_label().startswith("_") and h.get_linestyle() == "None"]
    assert len(hollow) == 1 and hollow[0].get_markerfacecolor() == "white"
    assert np.allclose(mdates.date2num(hollow[0].get_xdata()), num("2022-04-03 12:00"))
    assert PARTIAL_NOTE in [t.get_text() for t in ax.get_legend().get_texts()]
    assert np.allclose(ax.get_xlim(), num("2022-02-01", "2022-04-06"))
    weekly = period_rows(monthly("a", ["2022-02-21", "2022-02-28"], [1, 2]).assign(outlet="a"), "per_10k",
                         period="W", span=("2022-02-24", None))
    assert weekly["partial"].tolist() == [True, False]
    assert weekly["x"].tolist() == [pd.Timestamp("2022-02-26"), pd.Timestamp("2022-03-03 12:00")]
    full = plots.plot_rates_over_time(table)
    assert PARTIAL_NOTE not in [t.get_text() for t in full.get_legend().get_texts()]


def test_term_rates_by_month_with_an_empty_month_break_the_line():
    docs = pd.DataFrame({"outlet": ["kremlin.ru"] * 4 + ["whitehouse.gov"] * 3,
                         "date": ["2022-01-10", "2022-02-14", "2022-04-04", "2022-04-20", "2022-01-05", "2022-02-01",
                                  "2022-03-03"],
                         "text": ["Вторжение. The invasion!", "Invasion, invasion.", "Нет вторжения.",
                                  "<p>invasion</p> again", "Invasion talk.", "No invasion here", "The invasion began."]})
    rates = fr.term_rates(fr.from_dataframe(docs), {"invasion": "invasion|вторжени*"}, period="M", n_boot=0)
    ax = plots.plot_rates_over_time(rates, span=("2022-01-01", "2022-04-30"))
    kremlin = np.asarray(line_of(ax, "kremlin.ru").get_ydata(), float)
    assert np.isnan(kremlin).sum() == 1 and np.isnan(kremlin[2])  # no documents in March
    assert np.isfinite(np.asarray(line_of(ax, "whitehouse.gov").get_ydata(), float)).all()
    assert np.allclose(ax.get_xlim(), num("2022-01-01", "2022-05-01"))


def test_prevalence_and_documents_follow_the_same_rules():
    prev = pd.DataFrame({"outlet": "a", "topic": 1, "period": pd.to_datetime(["2022-01-01", "2022-03-01"]),
                         "prevalence": [0.2, 0.4], "prevalence_lo": [0.1, 0.3], "prevalence_hi": [0.3, 0.5]})
    ax = plots.plot_prevalence_time(prev, topic=1)
    assert table_period(prev) == "M"
    y = np.asarray(line_of(ax, "a").get_ydata(), float)
    assert np.isnan(y[1]) and len([c for c in ax.collections if c.__class__.__name__ == "LineCollection"]) == 1
    docs = pd.DataFrame({"outlet": "a", "period": pd.to_datetime(["2022-01-03", "2022-01-10"]), "documents": [4, 0]})
    drawn = plot_documents(docs, span=(None, "2022-01-12"))
    assert np.allclose(mdates.date2num(line_of(drawn, "a").get_xdata()), num("2022-01-06 12:00", "2022-01-11 12:00"))


def test_the_period_is_read_from_the_table_or_inferred_from_its_first_days():
    days = lambda *d: pd.Series(pd.to_datetime(list(d)))  # noqa: E731
    assert infer_period(days("2021-01-01", "2022-01-01", "2023-01-01")) == "Y"
    assert infer_period(days("2022-01-01", "2022-04-01")) == "Q"
    assert infer_period(days("2022-01-01", "2022-02-01", "2022-05-01")) == "M"
    assert infer_period(days("2022-02-21", "2022-03-07")) == "W"
    assert infer_period(days("2022-02-21", "2022-02-22")) == "D"
    assert infer_period(days("2022-02-01")) == "M" and infer_period(days("2022-02-23")) == "D"
    table = monthly("a", ["2022-01-01", "2023-01-01"], [1, 2])
    assert table_period(table) == "Y"
    table.attrs["period"] = "month"  # what the table says wins over the guess
    assert table_period(table) == "M"
    ax = plots.plot_rates_over_time(table)
    assert np.isnan(np.asarray(line_of(ax, "a").get_ydata(), float)[1])  # a break: eleven empty months


def test_bad_ranges_and_events_outside_the_range():
    table = monthly("a", ["2022-01-01", "2022-02-01"], [1, 2])
    with pytest.raises(fr.ArgumentError, match=r"span: the start 2022-03-01 is after the end 2022-02-01"):
        plots.plot_rates_over_time(table, span=("2022-03-01", "2022-02-01"))
    with pytest.raises(fr.ArgumentError, match=r"span: 'soon' is not a date; give dates such as '2022-01-03'"):
        plots.plot_rates_over_time(table, span=("soon", None))
    with pytest.raises(fr.ArgumentError, match=r"span must be \(start, end\), two dates"):
        plots.plot_rates_over_time(table, span="2022-01-01")
    with pytest.raises(fr.ArgumentError, match="no period of the table lies in the date range"):
        plots.plot_rates_over_time(table, span=("2023-01-01", "2023-02-01"))
    twice = pd.concat([table.assign(language="en"), table.assign(language="ru")], ignore_index=True)
    with pytest.raises(fr.ArgumentError, match=r"several rows for outlet='a' and period 2022-01-01; draw one "
                                               r"row per outlet and period"):
        plots.plot_rates_over_time(twice)
    ax = plots.plot_rates_over_time(table, events={"invasion": "2022-02-24", "later": "2023-01-01"})
    assert [t.get_text() for t in ax.texts] == ["invasion"]
    assert np.allclose(ax.get_xlim(), num("2022-01-01", "2022-03-01"))
