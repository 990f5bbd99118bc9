"""Topic-model figure kinds: choosing K (``topic_sweep``) and prevalence by outlet
(``topic_prevalence``).

Both build a unigram document-term matrix (:func:`framing.document_term_matrix`, cached
on disk) with the figure's ``stopwords``, ``min_df`` and ``max_df``. Fitted models are
cached too (namespace ``models`` of :mod:`framing._infra.cache`), keyed by the matrix, ``k``,
the seed and the gensim settings: changing only the bootstrap of a prevalence figure does not refit.
Fits use gensim's reproducible ``LdaModel`` (see :func:`framing.fit_topics`).

>>> from framing.figures import get_kind
>>> get_kind("topic_sweep").required(), get_kind("topic_prevalence").required()
(['ks'], ['k'])
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from framing._infra.errors import ConfigError
from framing.corpus.corpus import Corpus
from framing.figures.registry import FigureData, Kind, Option, register

MATRIX_OPTIONS = {
    "stopwords": Option("stopword list: \"auto\" (the documents' languages), a language code, or none (\"\")",
                        "auto"),
    "min_df": Option("keep terms in at least this many documents (a float: a share of them)", 5),
    "max_df": Option("keep terms in at most this many documents (a float: a share of them)", 0.5),
    "passes": Option("gensim passes over the corpus per fit", 10, types=(int,), low=1, high=10_000),
    "iterations": Option("gensim inference iterations per document", 50, types=(int,), low=1, high=100_000),
}
"""Options shared by the topic kinds: the matrix and the gensim settings."""
SWEEP_MEASURES = ("u_mass", "c_npmi", "perplexity", "exclusivity", "stability")


def topic_matrix(corpus: Corpus, options: Mapping[str, Any]) -> Any:
    """The (cached) unigram document-term matrix a topic figure fits on."""
    from framing.dtm.matrix import document_term_matrix

    return document_term_matrix(corpus, stopwords=options["stopwords"] or None,
                                min_df=options["min_df"], max_df=options["max_df"])


def cached_model(dtm: Any, k: int, *, seed: int, passes: int, iterations: int) -> Any:
    """A topic model fitted with these settings, loaded from the cache when it was fitted before."""
    from framing._infra.cache import cached
    from framing.figures.manifest import package_versions
    from framing.topics.model import LdaOptions, fit_topics, load_topics
    from framing.topics.storage import FORMAT_VERSION

    # the model format is part of the key: entries of framing 0.1 (pickles) are never even found
    inputs = {"matrix": [dtm.fingerprint, dtm.options.key()], "k": k, "seed": seed, "passes": passes,
              "iterations": iterations, "packages": package_versions(), "model_format": FORMAT_VERSION}
    return cached("models", inputs,
                  lambda: fit_topics(dtm, k, seed=seed, options=LdaOptions(passes=passes, iterations=iterations),
                                     progress=False),
                  write=lambda folder, model: model.save(folder / "model"),
                  read=lambda folder: load_topics(folder / "model", dtm))


# --- topic_sweep ------------------------------------------------------------------------------
def _sweep(data: FigureData, options: Mapping[str, Any]) -> pd.DataFrame:
    from framing.topics.model import LdaOptions
    from framing.topics.sweep import SweepOptions, sweep_topics

    corpus = data.corpus
    dtm = topic_matrix(corpus, options)
    seeds = [options["seed"] + i for i in range(options["n_seeds"])]
    lda = LdaOptions(passes=options["passes"], iterations=options["iterations"])
    settings = SweepOptions(holdout=options["holdout"], topn=options["topn"], progress=False, lda=lda)
    return sweep_topics(dtm, ks=options["ks"], seeds=seeds, texts=corpus, options=settings)


def _plot_sweep(table: pd.DataFrame, options: Mapping[str, Any], fig: Figure) -> None:
    from framing.viz.plots.topics import plot_sweep

    measures = options["measures"]
    axes = fig.subplots(1, len(measures), squeeze=False)[0]
    for ax, measure in zip(axes, measures):
        plot_sweep(table, measure=measure, ax=ax)
    axes[0].legend(loc="best")


def _check_sweep(options: Mapping[str, Any]) -> None:
    ks = options["ks"]
    if not ks or not all(isinstance(k, int) and not isinstance(k, bool) and k >= 2 for k in ks):
        raise ConfigError(f"ks must be a list of whole numbers ≥ 2, e.g. [4, 8, 12], got {ks!r}")
    if options["n_seeds"] < 2:
        raise ConfigError(f"n_seeds must be at least 2 (stability compares seeds), got {options['n_seeds']}")
    unknown = [m for m in options["measures"] if m not in SWEEP_MEASURES]
    if unknown or not options["measures"]:
        raise ConfigError(f"measures must be a non-empty list of {', '.join(SWEEP_MEASURES)}; "
                          f"got {options['measures']!r}")


register(Kind(
    name="topic_sweep",
    summary="coherence, stability (and more) of LDA fits against the number of topics K",
    compute=_sweep, plot=_plot_sweep, seeded=True, aspect=0.4, check=_check_sweep,
    options={
        "ks": Option("numbers of topics to fit, e.g. [4, 8, 12]", types=(list,)),
        "n_seeds": Option("fits per K, with seeds seed, seed + 1, ...; at least 2", 2, types=(int,), high=1000),
        "holdout": Option("share of documents held out for perplexity (0 = none)", 0.1),
        "topn": Option("top terms per topic scored for coherence", 10, types=(int,), low=2, high=1000),
        **MATRIX_OPTIONS,
        "measures": Option(f"one panel per measure, of {', '.join(SWEEP_MEASURES)}",
                           ["c_npmi", "stability"], plot=True),
    },
))


# --- topic_prevalence ---------------------------------------------------------------------------
def _prevalence(data: FigureData, options: Mapping[str, Any]) -> pd.DataFrame:
    from framing.topics.prevalence import topic_prevalence

    dtm = topic_matrix(data.corpus, options)
    model = cached_model(dtm, options["k"], seed=options["seed"], passes=options["passes"],
                         iterations=options["iterations"])
    table = topic_prevalence(model, by=options["by"], n_boot=options["n_boot"], ci=options["ci"],
                             seed=options["seed"])
    terms = model.terms(n=options["label_terms"], relevance=options["label_relevance"])
    labels = terms.groupby("topic", sort=True)["term"].agg(", ".join).rename("label").reset_index()
    out = table.merge(labels, on="topic", how="left")
    out.attrs = table.attrs  # the interval method, which the caption names
    return out


def _plot_prevalence(table: pd.DataFrame, options: Mapping[str, Any], fig: Figure) -> None:
    from framing.viz.plots.topics import plot_prevalence_heatmap

    ax = plot_prevalence_heatmap(table, by=options["by"], ax=fig.add_subplot())
    labels = table.drop_duplicates("topic").sort_values("topic")
    ax.set_xticks(range(len(labels)), [f"{t}: {s}" for t, s in zip(labels["topic"], labels["label"])],
                  rotation=35, ha="right", rotation_mode="anchor")


register(Kind(
    name="topic_prevalence",
    summary="mean topic share per outlet (LDA with K topics), topics labelled by their top terms",
    compute=_prevalence, plot=_plot_prevalence, seeded=True, aspect=0.5,
    options={
        "k": Option("number of topics, e.g. 8", types=(int,), low=2, high=10_000),
        "by": Option("metadata column to compare, e.g. \"outlet\"", "outlet"),
        "n_boot": Option("bootstrap replicates for the interval columns (0 = none)", 1000, types=(int,),
                           low=0, high=100_000),
        "ci": Option("coverage of the intervals", 0.95),
        "label_terms": Option("terms in each topic's label", 3, types=(int,), low=1, high=100),
        "label_relevance": Option("λ of the relevance ranking used for labels (1 = probability)", 0.6,
                                    low=0, high=1),
        **MATRIX_OPTIONS,
    },
    renamed={"level": "ci"},
))
