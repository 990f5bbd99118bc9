"""Term plots draw what the tables hold, in the outlets' styles, and refuse ambiguous tables."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from framing._infra.errors import FramingError  # noqa: E402
from framing.viz import plots  # noqa: E402
from framing.viz.style import outlet_style  # noqa: E402

OUTLETS = ["kremlin.ru", "president.gov.ua", "whitehouse.gov"]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def rates_table(periods: int = 1) -> pd.DataFrame:
    rows = []
    for o_i, outlet in enumerate(OUTLETS):
        for p_i, period in enumerate(pd.date_range("2022-01-01", periods=periods, freq="MS")):
            for pattern, base in [("invasion", 5.0), ("SMO", 1.0)]:
                v = base * (o_i + 1) + p_i
                rows.append((outlet, period, pattern, v, v - 0.5, v + 0.5, v / 10, v / 10 - 0.01, v / 10 + 0.01))
    cols = ["outlet", "period", "pattern", "per_10k", "per_10k_lo", "per_10k_hi", "share", "share_lo", "share_hi"]
    return pd.DataFrame(rows, columns=cols)


def test_rates_by_outlet_with_intervals():
    table = rates_table().drop(columns="period")
    ax = plots.plot_rates(table)
    styles = outlet_style(OUTLETS)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["invasion", "SMO"]
    assert ax.get_xlabel() == "per 10,000 tokens"
    assert [c.get_label() for c in ax.containers] == OUTLETS
    for container in ax.containers:
        name, line = container.get_label(), container.lines[0]
        assert line.get_marker() == styles[name]["marker"]
        assert mcolors.to_hex(line.get_color()).lower() == styles[name]["color"].lower()
        assert sorted(line.get_xdata()) == sorted(table.loc[table["outlet"] == name, "per_10k"])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == OUTLETS


def test_rates_by_outlet_refuses_several_periods():
    with pytest.raises(FramingError, match="plot_rates draws one period; use plot_rates_over_time"):
        plots.plot_rates(rates_table(periods=3))


def test_rates_over_time_lines_bands_and_events():
    table = rates_table(periods=4)
    fig, ax = plt.subplots()
    out = plots.plot_rates_over_time(table, pattern="invasion", events={"invasion": "2022-02-24"}, ax=ax)
    assert out is ax
    lines = {line.get_label(): line for line in ax.get_lines() if line.get_label() in OUTLETS}
    assert set(lines) == set(OUTLETS)
    styles = outlet_style(OUTLETS)
    assert len({styles[o]["linestyle"] for o in OUTLETS}) == 3  # distinguishable without colour
    kyiv = table[(table["outlet"] == "president.gov.ua") & (table["pattern"] == "invasion")]
    assert np.allclose(lines["president.gov.ua"].get_ydata(), kyiv["per_10k"])
    assert len(ax.collections) == 3  # one band per outlet
    event = [line for line in ax.get_lines() if line.get_linestyle() == ":"]
    assert len(event) == 1
    assert pd.Timestamp(event[0].get_xdata()[0]) == pd.Timestamp("2022-02-24")
    assert [t.get_text() for t in ax.texts] == ["invasion"]
    with pytest.raises(FramingError, match=r"several patterns \['invasion', 'SMO'\]; choose one with pattern="):
        plots.plot_rates_over_time(table)
    with pytest.raises(FramingError, match=r"no pattern 'war'; the table has \['invasion', 'SMO'\]"):
        plots.plot_rates_over_time(table, pattern="war")


def test_term_share_over_time():
    ax = plots.plot_term_share(rates_table(periods=3), pattern="SMO", events=["2022-02-24"])
    assert ax.get_ylim() == (0, 1) and ax.get_ylabel() == "share of 'SMO'"
    assert ax.get_title() == "SMO vs invasion"


def key_table(targets=("kremlin.ru",), reference="whitehouse.gov") -> pd.DataFrame:
    rng = np.random.default_rng(1)
    terms = [f"t{i}" for i in range(30)]
    frames = [pd.DataFrame({"group_a": t, "group_b": reference, "term": terms, "log_odds_z": rng.normal(0, 5, 30),
                            "g2": rng.normal(0, 50, 30)}) for t in targets]
    return pd.concat(frames, ignore_index=True)


def test_keyness_diverging_bars():
    key = key_table()
    ax = plots.plot_keyness(key, n=5)
    bars = ax.patches
    assert len(bars) == 10
    widths = sorted(b.get_width() for b in bars)
    z = np.sort(key["log_odds_z"].to_numpy())
    assert np.allclose(widths, np.concatenate([z[:5], z[-5:]]))
    hatched = {b.get_hatch() for b in bars if b.get_width() < 0}
    assert hatched == {"////"} and {b.get_hatch() for b in bars if b.get_width() > 0} == {None}
    assert ax.get_title() == "kremlin.ru vs whitehouse.gov"
    assert len(ax.texts) == 10
    with pytest.raises(FramingError, match="plot_keyness draws one comparison; the table has 2"):
        plots.plot_keyness(key_table(targets=("a", "b")))
    with pytest.raises(FramingError, match=r"plot_keyness needs the columns \['chi2'\]"):
        plots.plot_keyness(key, stat="chi2")


def test_keyness_dot_matrix_for_many_outlets():
    key = key_table(targets=OUTLETS, reference="rest")
    ax = plots.plot_keyness_matrix(key, n=3)
    assert [t.get_text() for t in ax.get_xticklabels()] == OUTLETS
    expected = list(dict.fromkeys(t for o in OUTLETS for t in key[key["group_a"] == o]
                                  .nlargest(3, "log_odds_z")["term"]))
    assert [t.get_text() for t in ax.get_yticklabels()] == expected
    assert len(ax.collections) == 3


def test_collocate_comparison():
    cmp = pd.DataFrame({"group_a": "kremlin.ru", "group_b": "whitehouse.gov", "node": "nato",
                        "collocate": ["expansion", "bloc", "allies", "alliance", "summit"],
                        "g2": [40.0, 20.0, -30.0, -10.0, 0.0], "logdice_a": [10.5, 9.0, 8.0, np.nan, 7.0],
                        "logdice_b": [6.0, np.nan, 11.0, 10.0, 7.0]})
    ax = plots.plot_collocates(cmp, n=2)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["expansion", "bloc", "alliance", "allies"]
    assert ax.get_xlabel() == "logDice" and ax.get_title() == "collocates of 'nato'"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["kremlin.ru", "whitehouse.gov"]
