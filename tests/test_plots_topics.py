"""Topic-model plots (framing.viz.plots.topics): they draw the tables they are given."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

import framing as fr  # noqa: E402
from framing.viz.plots import plot_prevalence_heatmap, plot_prevalence_time, plot_sweep, plot_top_terms  # noqa: E402
from framing.viz.style import outlet_style  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_plot_sweep_draws_seeds_and_the_mean():
    sweep = pd.DataFrame({"k": [5, 5, 10, 10, 15, 15], "seed": [1, 2] * 3,
                          "c_npmi": [0.01, 0.03, 0.05, 0.07, 0.02, 0.02], "stability": [0.9] * 6})
    ax = plot_sweep(sweep, measure="c_npmi")
    assert ax.collections[0].get_offsets().shape == (6, 2)
    line = ax.get_lines()[0]
    assert line.get_xdata().tolist() == [5, 10, 15]
    assert np.allclose(line.get_ydata(), [0.02, 0.06, 0.02])
    assert ax.get_ylabel() == "coherence (c_npmi)"
    _, other = plt.subplots()
    assert plot_sweep(sweep, measure="stability", ax=other) is other
    with pytest.raises(fr.ArgumentError, match=r"plot_sweep needs columns \['u_mass'\]"):
        plot_sweep(sweep, measure="u_mass")


def test_plot_top_terms_small_multiples():
    terms = pd.DataFrame({"topic": [0, 0, 1, 1, 2, 2], "rank": [1, 2] * 3,
                          "term": ["war", "tanks", "gas", "oil", "talks", "nato"],
                          "prob": [0.3, 0.2, 0.4, 0.1, 0.25, 0.2]})
    axes = plot_top_terms(terms, ncols=2)
    assert len(axes) == 4 and not axes[3].get_visible()
    assert axes[1].get_title() == "topic 1"
    assert [t.get_text() for t in axes[1].get_yticklabels()] == ["gas", "oil"]
    assert [p.get_width() for p in axes[1].patches] == [0.4, 0.1]
    assert axes[1].yaxis_inverted()  # rank 1 on top
    assert len(plot_top_terms(terms, topics=[2])[0].patches) == 2


def test_plot_prevalence_heatmap():
    prev = pd.DataFrame({"outlet": ["a", "a", "b", "b"], "topic": [0, 1, 0, 1],
                         "prevalence": [0.7, 0.3, 0.2, 0.8], "prevalence_lo": 0.0, "prevalence_hi": 1.0,
                         "n_docs": 5})
    ax = plot_prevalence_heatmap(prev)
    assert np.allclose(ax.images[0].get_array(), [[0.7, 0.3], [0.2, 0.8]])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]
    monthly = pd.concat([prev.assign(period=pd.Timestamp("2022-01-01")),
                         prev.assign(period=pd.Timestamp("2022-02-01"))])
    with pytest.raises(fr.ArgumentError, match=r"the table has several periods: select one"):
        plot_prevalence_heatmap(monthly)


def test_plot_prevalence_time_lines_and_bands_per_outlet():
    periods = pd.to_datetime(["2022-01-01", "2022-02-01", "2022-03-01"])
    prev = pd.concat([pd.DataFrame({"outlet": o, "period": periods, "topic": 1, "prevalence": v,
                                    "prevalence_lo": np.array(v) - 0.1, "prevalence_hi": np.array(v) + 0.1})
                      for o, v in [("kremlin.ru", [0.2, 0.5, 0.4]), ("whitehouse.gov", [0.3, 0.3, 0.6])]])
    ax = plot_prevalence_time(prev, topic=1)
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["kremlin.ru", "whitehouse.gov"]
    assert np.allclose(lines[0].get_ydata(), [0.2, 0.5, 0.4])
    assert to_hex(lines[0].get_color()) == outlet_style(["kremlin.ru"])["kremlin.ru"]["color"].lower()
    assert len(ax.collections) == 2  # the lo–hi bands
    with pytest.raises(fr.ArgumentError, match=r"topic 4 is not in the table \(topics \[1\]\)"):
        plot_prevalence_time(prev, topic=4)


def test_plots_draw_real_model_output():
    from topic_data import synthetic_corpus, synthetic_dtm

    model = fr.fit_topics(synthetic_dtm(synthetic_corpus()), 3, seed=1, options=fr.LdaOptions(passes=2), progress=False)
    assert len(plot_top_terms(model.terms(n=4), ncols=3)) == 3
    plot_prevalence_heatmap(fr.topic_prevalence(model, n_boot=10))
    ax = plot_prevalence_time(fr.topic_prevalence(model, period="M", n_boot=10), topic=0)
    assert len(ax.get_lines()) == 3
