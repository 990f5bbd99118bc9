"""Plots of topics as frames (framing.viz.plots.frames): they draw the tables and networks they are given."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

import framing as fr  # noqa: E402
from framing.topics.effects import effect_from_gamma  # noqa: E402
from framing.topics.networks import FrameNetwork  # noqa: E402
from framing.viz.plots import plot_effect, plot_frame_network, plot_topic_wording  # noqa: E402
from framing.viz.style import OKABE_ITO  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_differences_are_points_with_their_intervals():
    diff = pd.DataFrame({"group_a": ["a", "a", "b"], "group_b": ["b", "c", "c"], "topic": [0, 0, 0],
                         "difference": [0.1, -0.05, 0.02], "difference_lo": [0.05, -0.1, -0.01],
                         "difference_hi": [0.15, 0.0, 0.06]})
    ax = plot_effect(diff)
    points = ax.lines[0]
    assert points.get_xdata().tolist() == [0.1, -0.05, 0.02]
    bars = ax.collections[0].get_segments()
    np.testing.assert_allclose([(s[0][0], s[1][0]) for s in bars], [(0.05, 0.15), (-0.1, 0.0), (-0.01, 0.06)])
    at = {t.get_position()[1]: t.get_text() for t in ax.get_yticklabels()}
    assert at == {2: "topic 0: a − b", 1: "topic 0: a − c", 0: "topic 0: b − c"}  # first row on top
    assert points.get_ydata().tolist() == [2, 1, 0]
    assert ax.get_xlabel() == "difference in expected topic share"
    with pytest.raises(fr.ArgumentError, match="topic 3 is not in the table"):
        plot_effect(diff, topic=3)


def test_trends_are_a_line_and_band_per_outlet():
    rng = np.random.default_rng(1)
    docs = pd.DataFrame({"outlet": np.repeat(["a", "b"], 60),
                         "date": pd.Timestamp("2022-01-01") + pd.to_timedelta(np.tile(np.arange(60), 2), "D")})
    effect = effect_from_gamma(1 + 50 * rng.dirichlet([2, 2, 2], 120), docs, n_draws=20)
    trend = effect.trend("date", n_points=7)
    ax = plot_effect(trend, covariate="date", topic=1)
    assert [line.get_label() for line in ax.lines] == ["a", "b"]
    first = trend[(trend["outlet"] == "a") & (trend["topic"] == 1)]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), first["prevalence"])
    assert len(ax.collections) == 2 and ax.get_ylabel() == "expected share of topic 1"
    with pytest.raises(fr.ArgumentError, match="draws the trend of one topic; pass topic="):
        plot_effect(trend, covariate="date")
    labels = sorted(t.get_text() for t in plot_effect(effect, covariate="outlet").get_yticklabels())
    assert labels == ["topic 0: a − b", "topic 1: a − b", "topic 2: a − b"]


def test_the_network_draws_every_topic_coloured_by_package():
    nodes = pd.DataFrame({"topic": [0, 1, 2], "label": ["0: war", "1: gas", "2: talks"], "size": [0.5, 0.3, 0.2],
                          "strength": [0.4, 0.4, 0.0], "community": [0, 0, 1]})
    edges = pd.DataFrame({"topic_a": [0], "topic_b": [1], "weight": [0.4]})
    ax = plot_frame_network(FrameNetwork(nodes=nodes, edges=edges), seed=1)
    dots = ax.collections[-1] if len(ax.collections[-1].get_offsets()) == 3 else ax.collections[1]
    assert [to_hex(c) for c in dots.get_facecolors()] == [OKABE_ITO[0].lower(), OKABE_ITO[0].lower(),
                                                         OKABE_ITO[1].lower()]
    assert sorted(t.get_text() for t in ax.texts) == ["0", "1", "2"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["package 0", "package 1"]


def test_wording_panels_mark_a_slice_own_terms():
    table = pd.DataFrame({"outlet": ["a"] * 2 + ["b"] * 2, "topic": 0, "rank": [1, 2, 1, 2],
                          "term": ["war", "invasion", "war", "operation"], "frex": [0.9, 0.8, 0.9, 0.7],
                          "overall_rank": [1, 3, 1, 2]})
    axes = plot_topic_wording(table, topic=0)
    assert [ax.get_title() for ax in axes] == ["a", "b"]
    colours = [[to_hex(p.get_facecolor()) for p in ax.patches] for ax in axes]
    assert colours == [[OKABE_ITO[4].lower(), OKABE_ITO[5].lower()], [OKABE_ITO[4].lower(), OKABE_ITO[4].lower()]]
    assert [t.get_text() for t in axes[1].get_yticklabels()] == ["war", "operation"]
    with pytest.raises(fr.ArgumentError, match=r"plot_topic_wording needs columns \['overall_rank'\]"):
        plot_topic_wording(table.drop(columns="overall_rank"), topic=0)
