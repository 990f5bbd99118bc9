"""Plots of meaning draw the tables of framing.embeddings, and the figure kinds are registered."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import framing as fr
from framing.figures.registry import get_kind
from framing.viz.plots.meaning import plot_effect_norms, plot_neighbours, plot_neighbours_ratio, plot_scores_over_time


def teardown_function():
    plt.close("all")


def test_neighbours_side_by_side():
    table = pd.DataFrame({"outlet": ["a", "a", "b"], "term": ["nato", "west", "russia"], "cosine": [0.6, 0.5, 0.7],
                          "cosine_lo": [0.5, 0.4, 0.6], "cosine_hi": [0.7, 0.6, 0.8]})
    axes = plot_neighbours(table)
    assert [ax.get_title() for ax in axes] == ["a", "b"]
    assert [t.get_text() for t in axes[0].get_yticklabels()] == ["west", "nato"]


def test_ratio_effects_and_scores():
    ratio = pd.DataFrame({"group_a": "a", "group_b": "b", "term": ["x", "y"], "ratio": [2.0, 0.5],
                          "ratio_lo": [1.5, 0.4], "ratio_hi": [2.5, 0.6]})
    ax = plot_neighbours_ratio(ratio)
    assert ax.get_xscale() == "log" and ax.get_xlabel() == "cosine ratio: a / b"
    effects = pd.DataFrame({"covariate": ["outlet"], "level": ["b"], "reference": ["a"], "norm": [0.8],
                            "norm_lo": [0.6], "norm_hi": [1.0], "p": [0.0099]})
    assert plot_effect_norms(effects).get_yticklabels()[0].get_text() == "outlet: b vs a (p = 0.0099)"
    groups = pd.DataFrame({"outlet": ["a", "a"], "period": pd.to_datetime(["2022-01-01", "2022-02-01"]),
                           "score": [0.2, -0.1], "score_lo": [0.1, -0.2], "score_hi": [0.3, 0.0]})
    assert plot_scores_over_time(groups).get_legend().get_texts()[0].get_text() == "a"
    with pytest.raises(fr.ArgumentError, match=r"plot_effect_norms needs columns \['norm'\]"):
        plot_effect_norms(effects.drop(columns="norm"))


def test_figure_kinds_are_registered_with_the_common_option_names():
    for name in ("term_neighbours", "neighbours_ratio", "embedding_regression", "document_scores"):
        kind = get_kind(name)
        assert kind.seeded and kind.options["ci"].default == 0.95 and kind.options["n_boot"].default == 1000


def test_the_neighbours_axes_name_the_term():
    import matplotlib.pyplot as plt
    import pandas as pd

    from framing.viz.plots.meaning import plot_neighbours

    table = pd.DataFrame({"outlet": ["a", "a", "b"], "pattern": "invasion", "term": ["war", "army", "war"],
                          "cosine": [0.9, 0.8, 0.7]})
    fig = plt.figure()
    axes = plot_neighbours(table, fig=fig)
    assert [ax.get_xlabel() for ax in axes] == ["cosine with 'invasion'"] * 2
    plt.close(fig)
