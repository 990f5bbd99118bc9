"""TopicExplorer: one topic of a fitted model at a time — its words, outlets, time and documents.

Controls: the topic (labelled by its top words), λ of the relevance ranking of Sievert &
Shirley (2014), ``relevance = λ·log p(w|t) + (1−λ)·log(p(w|t)/p(w))`` (λ = 1 ranks by
probability, lower λ favours words specific to the topic; 0.6 is their recommendation),
and the period of the time plot.

Outputs: the topic's top terms (:meth:`framing.TopicModel.terms`), its prevalence by outlet with
bootstrap intervals and over time (:func:`framing.topic_prevalence`), and its most representative
documents (:meth:`framing.TopicModel.documents`). The figures are interactive charts
(:func:`framing.viz.charts.topic_terms_chart`, :func:`~framing.viz.charts.prevalence_chart`,
:func:`~framing.viz.charts.prevalence_time_chart`: hover values, zoom on the time axis); their
matplotlib versions (:func:`framing.viz.plots.plot_top_terms`, ...) are kept in ``view.figures``
for "Save figure" and the snapshot.

The intertopic distance map (:func:`framing.topics.distance.topic_map`, as LDAvis: classical
scaling of the Jensen–Shannon divergences, circles sized by prevalence) marks the chosen topic;
the Term box lists the topics that use a term or pattern most
(:func:`framing.topics.lookup.topics_of_term`), each with a button that shows that topic.

Given the ``corpus`` the model was fitted on, each top term — a row of the table or a bar of the
chart — leads to its concordance in the documents where the topic is prevalent (paged and
sortable), and each representative document's "open" button to the whole text, the topic's top
terms marked. A click on an outlet's point of the prevalence chart lists the topic's
representative documents *at that outlet* (the documents behind the number, ranked by their
share of the topic; cheap: a sort of one column of θ), a point of the time chart those of that
outlet in that period (:meth:`TopicExplorer.outlet_documents`); they replace the documents table
until the topic changes, and "open" shows each whole. These need no corpus: the documents'
metadata come with the model.

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
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import pandas as pd

from framing._infra.errors import FramingError
from framing.dtm.grouping import period_code
from framing.viz.render import clean_style
from framing.widgets.base import View
from framing.widgets.context import ContextPanel
from framing.widgets.controls import period_picker
from framing.widgets.picktable import PickTable

if TYPE_CHECKING:
    from framing.corpus.corpus import Corpus
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
        corpus: the documents the model was fitted on (their ``doc_id`` s), for the way from a
            term or a document to the texts; ``None``: no texts.
        options: see :class:`TopicOptions`.
    """

    name = "topics"

    def __init__(self, model: TopicModel, *, corpus: Corpus | None = None,
                 options: TopicOptions = TopicOptions()) -> None:
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
        self.lookup = widgets.Text(description="Term", placeholder="which topics use: sanction*",
                                   continuous_update=False).add_class("framing-lookup")
        self.bind(self.terms, self.topic, self.relevance)
        self.bind(self.distance_map, self.topic)
        self.bind(self.find_topics, self.lookup)
        self.bind(self.prevalence, self.topic)
        self.bind(self.over_time, self.topic, self.period)
        self.bind(self.documents, self.topic)
        self.corpus = corpus
        self.context = ContextPanel(corpus) if corpus is not None else None
        picks = {"terms": PickTable(rows=options.n_terms, label="lines", widths={"term": "12em"}),
                 "documents": PickTable(rows=options.n_docs, label="open", widths={"rank": "3em"})}
        picks["terms"].on_pick(lambda row: self.act(lambda: self.term_lines(row["term"])))
        picks["documents"].on_pick(lambda row: self.act(lambda: self.open_document(row["doc_id"])))
        picks["lookup"] = PickTable(rows=options.n_terms, label="show", widths={"topic": "4em"})
        picks["lookup"].on_pick(lambda row: setattr(self.topic, "value", int(row["topic"])))
        figures = ["terms", "map", "prevalence", "over_time"]
        self.arrange(widgets.HBox([self.topic, self.relevance, self.period, self.lookup]),
                     figures=figures, picks=picks,
                     panels=[self.context.widget] if self.context is not None else [], charts=figures)
        self.charts["map"].on_pick(lambda picked: setattr(self.topic, "value", int(picked[0]["topic"])))
        self.charts["terms"].on_pick(lambda picked: self.act(lambda: self.term_lines(picked[0]["term"])))
        self.charts["prevalence"].on_pick(lambda picked: self.act(
            lambda: self.outlet_documents(picked[0]["outlet"]), name="outlet_documents"))
        self.charts["over_time"].on_pick(lambda picked: self.act(
            lambda: self.outlet_documents(picked[0]["outlet"], picked[0]["period"]), name="outlet_documents"))
        self.refresh()

    def state(self) -> dict[str, Any]:
        """What the view shows, as plain values (schema: :mod:`framing.widgets.recipe`); its
        ``corpus`` is known when the view was given it."""
        from framing.widgets.recipe import corpus_spec, model_state

        return {"corpus": corpus_spec(self.corpus) if self.corpus is not None else None,
                "fingerprint": self.model.dtm.fingerprint, "model": model_state(self.model),
                "topic": self.topic.value, "label": self.topic.label, "relevance": self.relevance.value,
                "period": self.period.value, "options": dataclasses.asdict(self.options),
                **(self.context.state() if self.context is not None else {"lines": None, "document": None})}

    def terms(self) -> None:
        """The topic's top terms ranked by relevance at the chosen λ; a click on a bar shows the
        term's lines (:meth:`term_lines`), as its row's button does."""
        from framing.viz.charts import topic_terms_chart
        from framing.viz.plots import plot_top_terms

        lam, topic = self.relevance.value, self.topic.value
        ranked = self.memo("terms", lam, lambda: self.model.terms(self.options.n_terms, relevance=lam))
        table = ranked[ranked["topic"] == topic].reset_index(drop=True)
        self.show_chart("terms", topic_terms_chart(table, topic=topic, relevance=lam), max_width=560)
        figure = self.new_figure(aspect=0.9)
        with clean_style():  # bars show p(w|t), in the order of relevance at λ (as LDAvis does)
            plot_top_terms(table, value="prob", topics=[topic], ncols=1, fig=figure)
        self.show_figure("terms", figure)
        self.show_picks("terms", table, columns=[c for c in ("term", "prob", "relevance") if c in table],
                        caption=f"top terms of topic {topic} at λ = {lam:.1f}")

    def distance_map(self) -> None:
        """The intertopic distance map, the chosen topic filled; a click on a circle picks its topic."""
        from framing.topics.distance import topic_map
        from framing.viz.charts import topic_map_chart
        from framing.viz.plots import plot_topic_map

        table = self.memo("map", None, lambda: topic_map(self.model))
        self.show_chart("map", topic_map_chart(table, highlight=self.topic.value), max_width=480)
        self.draw("map", lambda ax: plot_topic_map(table, highlight=self.topic.value, ax=ax), aspect=0.9)
        self.keep_table("map", table)

    def find_topics(self) -> None:
        """The topics that give the Term box's term or pattern the most probability."""
        from framing.topics.lookup import topics_of_term

        text = self.lookup.value.strip()
        if not text:
            self.picks["lookup"].clear()
            self.tables.pop("lookup", None)
            return
        table = topics_of_term(self.model, text)
        self.show_picks("lookup", table, columns=[c for c in ("topic", "label", "prob", "share") if c in table],
                        caption=f"topics of {text}: 'show' picks the topic")

    def prevalence(self) -> None:
        """Mean topic share per outlet with its bootstrap interval; a click on an outlet lists the
        topic's representative documents there (:meth:`outlet_documents`).

        The saved figure is drawn with :func:`framing.viz.plots.plot_rates` (a dot and interval per
        outlet), the topic's label taking the place of a pattern.
        """
        from framing.viz.charts import prevalence_chart
        from framing.viz.plots import plot_rates, rates_aspect

        topic = self.topic.value
        table = self.by_outlet[self.by_outlet["topic"] == topic].reset_index(drop=True)
        self.show_chart("prevalence", prevalence_chart(table, topic=topic, label=self.topic.label), max_width=480)
        dots = table.assign(pattern=self.topic.label)
        self.draw("prevalence", lambda ax: plot_rates(dots, measure="prevalence", ax=ax),
                  aspect=rates_aspect(1, table["outlet"].nunique()))
        self.keep_table("prevalence", table)

    def over_time(self) -> None:
        """Prevalence per period and outlet; a click on a point lists the topic's representative
        documents of that outlet and period (:meth:`outlet_documents`)."""
        from framing.topics.prevalence import topic_prevalence
        from framing.viz.charts import prevalence_time_chart
        from framing.viz.plots import plot_prevalence_time

        period, topic, o = self.period.value, self.topic.value, self.options
        table = self.memo("over_time", period, lambda: topic_prevalence(
            self.model, by="outlet", period=period, n_boot=o.n_boot, seed=o.seed))
        self.show_chart("over_time", prevalence_time_chart(table, topic=topic, label=self.topic.label))
        self.draw("over_time", lambda ax: plot_prevalence_time(table, topic=topic, ax=ax),
                  width="double", aspect=0.4)
        self.keep_table("over_time", table[table["topic"] == topic].reset_index(drop=True))

    def documents(self) -> None:
        """The documents with the largest share of the topic."""
        table = self.model.documents(self.topic.value, n=self.options.n_docs).drop(columns=["topic"])
        self._show_documents(table, "representative documents")

    def outlet_documents(self, outlet: str, period: str | None = None) -> None:
        """The documents of ``outlet`` (in the period whose first day is ``period``, ``"YYYY-MM-DD"``,
        at the time plot's period length) with the largest share of the chosen topic, in the
        documents table: the texts behind a point of the prevalence charts."""
        from framing.dtm.grouping import period_start
        from framing.topics.summaries import top_documents

        docs, topic = self.model.dtm.docs, self.topic.value
        keep = docs["outlet"].astype(str).eq(outlet)
        where = outlet
        if period is not None:
            keep &= period_start(pd.Series(pd.to_datetime(docs["date"])), self.period.value).eq(pd.Timestamp(period))
            where += f" in the {self.period.label} from {period}"
        if not keep.any():
            raise FramingError(f"no document at {where}: pick a point that the chart draws")
        rows = keep.to_numpy()
        table = top_documents(self.model.doc_topic_[rows], docs[rows], topic=topic, n=self.options.n_docs)
        self._show_documents(table.drop(columns=["topic"]), f"representative documents at {where}")

    def _show_documents(self, table: pd.DataFrame, caption: str) -> None:
        shown = [c for c in ("rank", "outlet", "date", "title", "share") if c in table] or None
        self.show_picks("documents", table, columns=shown, caption=caption)

    def _panel(self) -> ContextPanel:
        if self.context is None:
            raise FramingError("the view has no texts: make it with TopicExplorer(model, corpus=corpus)")
        return self.context

    def _prevalent(self) -> pd.DataFrame:
        """The documents whose largest topic is the chosen one."""
        docs = self.model.dtm.docs
        return docs[self.model.doc_topic_.argmax(axis=1) == self.topic.value]

    def term_lines(self, term: str) -> None:
        """Every line of ``term`` in the documents where the chosen topic is the largest."""
        ids = self._prevalent()["doc_id"].tolist()
        self._panel().show(term, doc_ids=ids, title=f"{term} in the {len(ids):,} documents mostly of topic "
                                                     f"{self.topic.value}")

    def open_document(self, doc_id: str) -> None:
        """The whole document, the chosen topic's top terms marked."""
        top = self.tables["terms"]["term"].tolist() if "terms" in self.tables else []
        self._panel().document.show(doc_id, "|".join(top) or None)
