"""TopicExplorer: one topic of a fitted model at a time — its words, outlets, time and documents.

Controls: the topic (labelled by its top words), λ of the relevance ranking of Sievert &
Shirley (2014), ``relevance = λ·log p(w|t) + (1−λ)·log(p(w|t)/p(w))`` (λ = 1 ranks by
probability, lower λ favours words specific to the topic; 0.6 is their recommendation),
and the period of the time plot.

Outputs: the topic's top terms (:meth:`framing.TopicModel.terms`,
:func:`framing.viz.plots.plot_top_terms`), its prevalence by outlet with bootstrap intervals
and over time (:func:`framing.topic_prevalence`), and its most representative documents
(:meth:`framing.TopicModel.documents`).

The model is fitted outside the view (:func:`framing.fit_topics`); prevalence by outlet
is bootstrapped once for all topics in the constructor, prevalence over time once per
period, top terms once per λ, so choosing a topic only selects rows and draws.

>>> import framing as fr                                              # doctest: +SKIP
>>> dtm = fr.document_term_matrix(corpus, stopwords="auto", min_df=5)  # doctest: +SKIP
>>> view = TopicExplorer(fr.fit_topics(dtm, 10))                      # doctest: +SKIP
>>> view.topic.value = 3                                              # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import ipywidgets as widgets

from framing.dtm.grouping import period_code
from framing.viz.render import clean_style
from framing.widgets.base import View
from framing.widgets.controls import period_picker

if TYPE_CHECKING:
    from framing.topics.model import TopicModel


@dataclasses.dataclass(frozen=True, kw_only=True)
class TopicOptions:
    """Options of :class:`TopicExplorer`.

    Attributes:
        n_terms: top terms shown.
        n_docs: representative documents listed.
        relevance: λ at first.
        period: period of the time plot at first (a value of :data:`framing.dtm.PERIODS`,
            kept as its code).
        n_boot: bootstrap replicates of the prevalence intervals.
        seed: seed of the bootstrap.
    """

    n_terms: int = 10
    n_docs: int = 8
    relevance: float = 0.6
    period: str = "M"
    n_boot: int = 200
    seed: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "period", period_code(self.period))


class TopicExplorer(View):
    """Top terms, prevalence by outlet and over time, and documents of one topic.

    Args:
        model: a fitted :class:`~framing.TopicModel`.
        options: see :class:`TopicOptions`.
    """

    name = "topics"

    def __init__(self, model: TopicModel, *, options: TopicOptions = TopicOptions()) -> None:
        from framing.topics.prevalence import topic_prevalence

        super().__init__()
        self.model, self.options = model, options
        self.begin("prevalence by outlet")
        self.by_outlet = topic_prevalence(model, by="outlet", n_boot=options.n_boot, seed=options.seed)
        self.phase("drawing")
        labels = model.labels(n=3)
        self.topic = widgets.Dropdown(options=list(zip(labels["label"], labels["topic"])),
                                      description="Topic",
                                      layout=widgets.Layout(width="420px")).add_class("framing-topic")
        self.relevance = widgets.FloatSlider(value=options.relevance, min=0.0, max=1.0, step=0.1,
                                             description="λ", readout_format=".1f", continuous_update=False)
        self.period = period_picker(options.period)
        self.bind(self.terms, self.topic, self.relevance)
        self.bind(self.prevalence, self.topic)
        self.bind(self.over_time, self.topic, self.period)
        self.bind(self.documents, self.topic)
        self.arrange(widgets.HBox([self.topic, self.relevance, self.period]),
                     figures=["terms", "prevalence", "over_time"], tables=["documents", "terms"])
        self.refresh()

    def terms(self) -> None:
        """The topic's top terms ranked by relevance at the chosen λ."""
        from framing.viz.plots import plot_top_terms

        lam, topic = self.relevance.value, self.topic.value
        ranked = self.memo("terms", lam, lambda: self.model.terms(self.options.n_terms, relevance=lam))
        table = ranked[ranked["topic"] == topic].reset_index(drop=True)
        figure = self.new_figure(aspect=0.9)
        with clean_style():  # bars show p(w|t), in the order of relevance at λ (as LDAvis does)
            plot_top_terms(table, value="prob", topics=[topic], ncols=1, fig=figure)
        self.show_figure("terms", figure)
        self.show_table("terms", table, caption=f"top terms of topic {topic} at λ = {lam:.1f}")

    def prevalence(self) -> None:
        """Mean topic share per outlet with its bootstrap interval.

        Drawn with :func:`framing.viz.plots.plot_rates` (a dot and interval per outlet), the
        topic's label taking the place of a pattern.
        """
        from framing.viz.plots import plot_rates

        topic = self.topic.value
        table = self.by_outlet[self.by_outlet["topic"] == topic].reset_index(drop=True)
        dots = table.assign(pattern=self.topic.label)
        self.draw("prevalence", lambda ax: plot_rates(dots, measure="prevalence", ax=ax), aspect=0.45)
        self.keep_table("prevalence", table)

    def over_time(self) -> None:
        """Prevalence per period and outlet."""
        from framing.topics.prevalence import topic_prevalence
        from framing.viz.plots import plot_prevalence_time

        period, topic, o = self.period.value, self.topic.value, self.options
        table = self.memo("over_time", period, lambda: topic_prevalence(
            self.model, by="outlet", period=period, n_boot=o.n_boot, seed=o.seed))
        self.draw("over_time", lambda ax: plot_prevalence_time(table, topic=topic, ax=ax),
                  width="double", aspect=0.4)
        self.keep_table("over_time", table[table["topic"] == topic].reset_index(drop=True))

    def documents(self) -> None:
        """The documents with the largest share of the topic."""
        table = self.model.documents(self.topic.value, n=self.options.n_docs).drop(columns=["topic"])
        shown = [c for c in ("rank", "outlet", "date", "title", "share") if c in table] or None
        self.show_table("documents", table, columns=shown, caption="representative documents")
