"""Figure kinds of meaning: ``term_neighbours``, ``neighbours_ratio``, ``embedding_regression``, ``document_scores``.

Tables come from :mod:`framing.embeddings` (word vectors trained on the figure's whole corpus,
seeded with the figure's ``seed``, one worker: reproducible), figures from
:mod:`framing.viz.plots.meaning`::

    [figures.aggression_neighbours]
    kind = "term_neighbours"
    corpus = "ukraine-2022"
    caption = "Nearest neighbours of 'aggression' per outlet; 95% percentile bootstrap intervals over uses."
    pattern = "aggression*"

>>> from framing.figures.registry import get_kind
>>> sorted(get_kind("document_scores").options)[:3]
['axis', 'by', 'ci']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from framing.figures.registry import FigureData, Kind, Option, register

MEANING = {
    "pattern": Option("the term, e.g. \"aggression*\" or \"sphere* of influence\""),
    "window": Option("tokens on each side of a use that make its context", 6, types=(int,), low=1, high=50),
    "dim": Option("dimensions of the word vectors trained on the corpus", 100, types=(int,), low=2, high=1000),
    "n_boot": Option("bootstrap replicates over uses for the intervals (0 = none)", 1000, types=(int,), low=0,
                     high=100_000),
    "ci": Option("coverage of the intervals", 0.95),
}
"""Options shared by the kinds that embed the uses of a term."""


def _vectors(data: FigureData, options: Mapping[str, Any]) -> Any:
    from framing.embeddings.vectors import VectorOptions, train_vectors

    return train_vectors(data.whole, options=VectorOptions(dim=options["dim"]), seed=options["seed"], progress=False)


def _neighbours(data: FigureData, options: Mapping[str, Any]) -> pd.DataFrame:
    from framing.embeddings.neighbours import term_neighbours

    return term_neighbours(data.corpus, options["pattern"], by=options["by"], n=options["n"],
                           vectors=_vectors(data, options), window=options["window"], n_boot=options["n_boot"],
                           ci=options["ci"], seed=options["seed"], progress=False)


def _plot_neighbours(table: pd.DataFrame, options: Mapping[str, Any], fig: Figure) -> None:
    from framing.viz.plots.meaning import plot_neighbours

    plot_neighbours(table, by=options["by"], fig=fig)


def _ratio(data: FigureData, options: Mapping[str, Any]) -> pd.DataFrame:
    from framing.embeddings.neighbours import neighbours_ratio

    return neighbours_ratio(data.corpus, options["pattern"], group_a=options["group_a"], group_b=options["group_b"],
                            by=options["by"], n=options["n"], vectors=_vectors(data, options),
                            window=options["window"], n_perm=options["n_perm"], n_boot=options["n_boot"],
                            ci=options["ci"], seed=options["seed"], progress=False)


def _plot_ratio(table: pd.DataFrame, options: Mapping[str, Any], fig: Figure) -> None:
    from framing.viz.plots.meaning import plot_neighbours_ratio

    plot_neighbours_ratio(table, ax=fig.add_subplot())


def _regression(data: FigureData, options: Mapping[str, Any]) -> pd.DataFrame:
    from framing.embeddings.regression import embedding_regression

    return embedding_regression(data.corpus, options["pattern"], covariates=options["covariates"],
                                vectors=_vectors(data, options), window=options["window"], n_perm=options["n_perm"],
                                n_boot=options["n_boot"], ci=options["ci"], seed=options["seed"], progress=False)


def _plot_regression(table: pd.DataFrame, options: Mapping[str, Any], fig: Figure) -> None:
    from framing.viz.plots.meaning import plot_effect_norms

    plot_effect_norms(table, ax=fig.add_subplot())


def _scores(data: FigureData, options: Mapping[str, Any]) -> pd.DataFrame:
    from framing.embeddings.scaling import load_seeds, scale_documents

    seeds = options["seeds"] or load_seeds("ukraine", axis=options["axis"])
    return scale_documents(data.corpus, seeds, by=options["by"], period=options["period"], k=options["k"],
                           n_boot=options["n_boot"], ci=options["ci"], seed=options["seed"]).groups


def _plot_scores(table: pd.DataFrame, options: Mapping[str, Any], fig: Figure) -> None:
    from framing.viz.plots.meaning import plot_scores_over_time

    plot_scores_over_time(table, by=options["by"], ax=fig.add_subplot())


GROUPS = {"by": Option("metadata column whose values are the groups, e.g. \"outlet\"", "outlet"),
          "n": Option("neighbours per group", 10, types=(int,), low=1, high=100)}
PERMUTATIONS = {"n_perm": Option("permutations for the p-values (0 = none)", 100, types=(int,), low=0, high=100_000)}

register(Kind(
    name="term_neighbours", summary="nearest neighbours of a term's meaning per outlet (à-la-carte embeddings)",
    compute=_neighbours, plot=_plot_neighbours, seeded=True, aspect=0.45, options={**MEANING, **GROUPS}))
register(Kind(
    name="neighbours_ratio", summary="neighbours closer to a term's meaning in one outlet than another (cosine ratio)",
    compute=_ratio, plot=_plot_ratio, seeded=True, aspect=0.8,
    options={**MEANING, **GROUPS, **PERMUTATIONS, "group_a": Option("first outlet (a value of 'by')"),
             "group_b": Option("second outlet")}))
register(Kind(
    name="embedding_regression", summary="how much a term's meaning differs by covariate (embedding regression)",
    compute=_regression, plot=_plot_regression, seeded=True, aspect=0.4,
    options={**MEANING, **PERMUTATIONS,
             "covariates": Option("metadata columns, e.g. [\"outlet\"]", ["outlet"], types=(list,))}))
register(Kind(
    name="document_scores", summary="documents on a seed-word axis over time (Latent Semantic Scaling)",
    compute=_scores, plot=_plot_scores, seeded=True,
    options={"by": Option("metadata column whose values are the lines", "outlet"),
             "period": Option("\"M\", \"Q\", ...", "M", choices=("D", "W", "M", "Q", "Y")),
             "axis": Option("axis of the shipped seed set \"ukraine\": \"war\" or \"security\"", "war",
                            choices=("war", "security")),
             "seeds": Option("instead of axis, seed words: {invasion = 1, \"special military operation\" = -1}",
                             None, types=(dict,)),
             "k": Option("singular vectors of the SVD", 300, types=(int,), low=2, high=1000),
             "n_boot": MEANING["n_boot"], "ci": MEANING["ci"]}))
