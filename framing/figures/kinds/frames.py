"""Figure kinds of topics as frames: ``topic_effect``, ``frame_network``, ``topic_wording``.

Each fits (or loads from the cache) the same LDA model as ``topic_prevalence``
(:func:`framing.figures.kinds.topics.cached_model`) and draws a table of
:mod:`framing.topics.effects`, :mod:`framing.topics.networks` or :mod:`framing.topics.slices`.
The table of ``frame_network`` holds the nodes and the edges, told apart by its ``element``
column (``"node"``, ``"edge"``).

>>> from framing.figures import get_kind
>>> get_kind("topic_effect").required(), get_kind("frame_network").required(), get_kind("topic_wording").required()
(['k'], ['k'], ['k', 'topic'])
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from framing._infra.errors import ConfigError
from framing.figures.kinds.topics import MATRIX_OPTIONS, cached_model, topic_matrix
from framing.figures.registry import FigureData, Kind, Option, register


def _model(data: FigureData, options: Mapping[str, Any]) -> Any:
    return cached_model(topic_matrix(data.corpus, options), options["k"], seed=options["seed"],
                        passes=options["passes"], iterations=options["iterations"])


# --- topic_effect -------------------------------------------------------------------------------
def _effect(data: FigureData, options: Mapping[str, Any]) -> pd.DataFrame:
    from framing.topics.effects import estimate_effect

    effect = estimate_effect(_model(data, options), covariates=options["covariates"], df=options["df"],
                             interaction=options["interaction"], n_draws=options["n_draws"], ci=options["ci"],
                             seed=options["seed"], progress=False)
    covariate = options["covariate"]
    if effect.design.kinds[covariate] == "categorical":
        return effect.differences(covariate)
    by = next((c for c in options["covariates"] if effect.design.kinds[c] == "categorical"), None)
    return effect.trend(covariate, by=by)


def _plot_effect(table: pd.DataFrame, options: Mapping[str, Any], fig: Figure) -> None:
    from framing.viz.plots.frames import plot_effect

    first = str(table.columns[0])  # a trend's group column comes first (differences ignore by)
    topic = options["topic"] if options["topic"] >= 0 else None
    plot_effect(table, covariate=options["covariate"], topic=topic, by=first, ax=fig.add_subplot())


def _check_effect(options: Mapping[str, Any]) -> None:
    covariates = options["covariates"]
    if not covariates or not all(isinstance(c, str) and c for c in covariates):
        raise ConfigError(f"covariates must be a non-empty list of document columns, got {covariates!r}")
    if options["covariate"] not in covariates:
        raise ConfigError(f"covariate {options['covariate']!r} must be one of covariates {covariates}")


register(Kind(
    name="topic_effect",
    summary="topic prevalence regressed on outlet and a spline of time (method of composition, as stm)",
    compute=_effect, plot=_plot_effect, seeded=True, aspect=0.7, check=_check_effect,
    options={
        "k": Option("number of topics, e.g. 8", types=(int,), low=2, high=10_000),
        "covariates": Option("document columns regressed on: categorical, a date (a spline) or numeric",
                             ["outlet", "date"], types=(list,)),
        "covariate": Option("the covariate drawn: \"outlet\" (differences) or \"date\" (trends)", "outlet"),
        "topic": Option("the topic drawn (needed for a trend; -1 = every topic's differences)", -1, types=(int,),
                        plot=True),
        "df": Option("degrees of freedom of the date spline", 4, types=(int,), low=3, high=50),
        "interaction": Option("a trend per outlet (outlet × spline)", True),
        "n_draws": Option("draws of the method of composition", 200, types=(int,), low=2, high=100_000),
        "ci": Option("coverage of the intervals", 0.95),
        **MATRIX_OPTIONS,
    },
))


# --- frame_network ------------------------------------------------------------------------------
def _network(data: FigureData, options: Mapping[str, Any]) -> pd.DataFrame:
    from framing.topics.networks import frame_network

    net = frame_network(_model(data, options), by=options["by"] or None, measure=options["measure"],
                        min_weight=options["min_weight"], resolution=options["resolution"], seed=options["seed"])
    return pd.concat([net.nodes.assign(element="node"), net.edges.assign(element="edge")], ignore_index=True)


def _plot_network(table: pd.DataFrame, options: Mapping[str, Any], fig: Figure) -> None:
    from framing.topics.networks import FrameNetwork
    from framing.viz.plots.frames import plot_frame_network

    nodes = table[table["element"] == "node"].drop(columns=["element", "topic_a", "topic_b", "weight"])
    edges = table[table["element"] == "edge"][[*([options["by"]] if options["by"] else []), "topic_a", "topic_b",
                                               "weight"]]
    nodes = nodes.astype({"topic": int, "community": int})
    edges = edges.astype({"topic_a": int, "topic_b": int})
    by = (options["by"],) if options["by"] else ()
    net = FrameNetwork(nodes=nodes, edges=edges, columns=by)
    groups = sorted(nodes[options["by"]].astype(str).unique()) if by else [None]
    axes = fig.subplots(1, len(groups), squeeze=False)[0]
    for ax, group in zip(axes, groups):
        plot_frame_network(net, group=group, ax=ax)  # the layout's own seed (1): the same table, the same drawing
        if group is not None:
            ax.set_title(group)


register(Kind(
    name="frame_network",
    summary="topics linked by their correlation across documents, Louvain communities as frame packages (ANTMN)",
    compute=_network, plot=_plot_network, seeded=True, aspect=0.6,
    options={
        "k": Option("number of topics, e.g. 8", types=(int,), low=2, high=10_000),
        "by": Option("one network per value of this column (\"\" = one network)", ""),
        "measure": Option("edge weight", "correlation", choices=("correlation", "cosine")),
        "min_weight": Option("keep only edges heavier than this", 0.0, low=0, high=0.999),
        "resolution": Option("Louvain resolution (higher: more, smaller packages)", 1.0, low=0.01, high=100),
        **MATRIX_OPTIONS,
    },
))


# --- topic_wording ------------------------------------------------------------------------------
def _wording(data: FigureData, options: Mapping[str, Any]) -> pd.DataFrame:
    from framing.topics.slices import topic_wording

    model = _model(data, options)
    if not 0 <= options["topic"] < model.k:
        raise ConfigError(f"topic {options['topic']} does not exist: the model has topics 0 to {model.k - 1}")
    return topic_wording(model, by=options["by"], n=options["n"], topics=[options["topic"]], sort=options["sort"])


def _plot_wording(table: pd.DataFrame, options: Mapping[str, Any], fig: Figure) -> None:
    from framing.viz.plots.frames import plot_topic_wording

    plot_topic_wording(table, topic=options["topic"], by=options["by"], value=options["sort"], fig=fig)


register(Kind(
    name="topic_wording",
    summary="one topic's top terms within each outlet: how each words the same topic",
    compute=_wording, plot=_plot_wording, seeded=True, aspect=0.35,
    options={
        "k": Option("number of topics, e.g. 8", types=(int,), low=2, high=10_000),
        "topic": Option("the topic described, e.g. 3", types=(int,), low=0),
        "by": Option("metadata column whose values are the slices, e.g. \"outlet\"", "outlet"),
        "n": Option("terms per slice", 10, types=(int,), low=1, high=100),
        "sort": Option("rank by FREX inside the slice or by probability", "frex", choices=("frex", "prob")),
        **MATRIX_OPTIONS,
    },
))
