"""The topics view's interactive charts, headless: top terms, prevalence by outlet and over time.

Each chart's data are checked against the package's functions and, where it is a count, against the
corpus counted by hand; each click is simulated as Altair's JavaScript reports it
(:func:`test_charts.click`) and the panel it drives is checked against the documents chosen by hand.
The corpus adds to the synthetic outlets one whose name is markup and Cyrillic, with Russian text,
markup debris and a long junk token.
"""

from __future__ import annotations

import html
import json

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("altair", reason="interactive charts need altair: pip install altair anywidget vl-convert-python")

from matplotlib.figure import Figure  # noqa: E402
from test_charts import click  # noqa: E402
from test_widgets import synthetic_corpus  # noqa: E402

import framing as fr  # noqa: E402
from framing.widgets import TopicExplorer, TopicOptions  # noqa: E402

HOSTILE = "<b>вести.рф</b>"
JUNK = "q" * 120


@pytest.fixture(scope="module")
def corpus() -> fr.Corpus:
    rows = synthetic_corpus().df[["doc_id", "outlet", "date", "title", "text"]]
    extra = pd.DataFrame({"doc_id": [f"vesti-{i}" for i in range(6)], "outlet": HOSTILE,
                          "date": pd.Timestamp("2022-02-07") + pd.to_timedelta(np.arange(6) * 9, unit="D"),
                          "title": "<script>alert(1)</script>",
                          "text": [f"Спецоперация продолжается. <i>Агрессия</i> НАТО {JUNK} security guarantees "
                                   f"спецоперация security day {i}." for i in range(6)]})
    return fr.from_dataframe(pd.concat([rows, extra], ignore_index=True))


@pytest.fixture(scope="module")
def model(corpus):
    dtm = fr.document_term_matrix(corpus, stopwords="auto", min_df=2)
    return fr.fit_topics(dtm, 3, seed=1, options=fr.LdaOptions(passes=5), progress=False)


@pytest.fixture
def view(model, corpus) -> TopicExplorer:
    return TopicExplorer(model, corpus=corpus, options=TopicOptions(n_boot=50, n_docs=4))


def values(view: TopicExplorer, key: str) -> list[dict]:
    spec = view.charts[key].jupyter_chart.spec
    json.dumps(spec, allow_nan=False)
    return spec["data"]["values"]


def tooltips(view: TopicExplorer, key: str) -> set[str]:
    spec = view.charts[key].jupyter_chart.spec
    return {t["field"] for part in spec.get("layer", [spec]) for t in part.get("encoding", {}).get("tooltip", [])}


def by_hand(model, topic: int, keep: np.ndarray, n: int) -> list[str]:
    """The ids of the ``n`` documents among ``keep`` with the largest share of ``topic``."""
    docs = model.dtm.docs[keep]
    shares = model.doc_topic_[keep, topic]
    order = sorted(range(len(docs)), key=lambda i: (-shares[i], i))[:n]
    return docs["doc_id"].iloc[order].tolist()


def test_the_charts_draw_the_views_tables(view, model, corpus):
    view.topic.value = 1
    terms = model.terms(10, relevance=0.6)
    terms = terms[terms["topic"] == 1].sort_values("rank")
    drawn = values(view, "terms")
    assert [r["term"] for r in drawn] == terms["term"].tolist()
    assert np.allclose([r["prob"] for r in drawn], terms["prob"]) and np.allclose(
        [r["overall"] for r in drawn], terms["overall"])
    assert view.charts["terms"].jupyter_chart.spec["title"]["text"] == "topic 1: top terms at λ = 0.6"

    prevalence = fr.topic_prevalence(model, by="outlet", n_boot=50, seed=1)
    prevalence = prevalence[prevalence["topic"] == 1]
    drawn = values(view, "prevalence")
    assert [r["outlet"] for r in drawn] == prevalence["outlet"].tolist()
    for column in ("prevalence", "prevalence_lo", "prevalence_hi"):
        assert np.allclose([r[column] for r in drawn], prevalence[column]), column
    counted = corpus.df.groupby("outlet")["doc_id"].size()               # documents per outlet, counted by hand
    assert {r["outlet"]: r["n_docs"] for r in drawn} == counted.to_dict()

    drawn = [r for r in values(view, "over_time") if r["prevalence"] is not None]
    months = corpus.df.assign(month=corpus.df["date"].dt.strftime("%Y-%m-01")).groupby(["outlet", "month"]).size()
    assert {(r["outlet"], r["period"]): r["n_docs"] for r in drawn} == months.to_dict()
    by_month = fr.topic_prevalence(model, by="outlet", period="M", n_boot=50, seed=1)
    by_month = by_month[by_month["topic"] == 1]
    expected = dict(zip(zip(by_month["outlet"], by_month["period"].dt.strftime("%Y-%m-%d")), by_month["prevalence"]))
    assert {(r["outlet"], r["period"]): pytest.approx(r["prevalence"]) for r in drawn} == expected

    assert {"term", "prob", "overall", "relevance"} <= tooltips(view, "terms")
    assert {"outlet", "prevalence", "interval", "n_docs"} <= tooltips(view, "prevalence")
    assert {"outlet", "period", "prevalence", "interval", "n_docs"} <= tooltips(view, "over_time")


def test_the_matplotlib_figures_are_kept_for_saving_and_the_snapshot(view):
    assert view.images == {} and set(view.charts) == {"terms", "map", "prevalence", "over_time"}
    assert set(view.figures) == set(view.charts) and all(isinstance(f, Figure) for f in view.figures.values())
    bundles = view.snapshot.bundles()
    assert [sorted(b) for b in bundles] == [["image/png", "text/plain"]] * 4 + [["text/html", "text/plain"]]
    assert view.figures["terms"].axes[0].get_title() == "topic 0"


def test_a_term_bar_shows_the_same_lines_as_its_row(view, model, corpus):
    term = view.tables["terms"]["term"].iat[1]
    click(view.charts["terms"], {"term": term})
    mostly = model.dtm.docs["doc_id"][model.doc_topic_.argmax(axis=1) == 0].tolist()
    expected = fr.kwic(corpus.filter(doc_ids=mostly), term, n=None)
    assert view.errors == {} and len(view.context.lines) == len(expected) > 0
    clicked = view.context.lines.copy()
    view.picks["terms"].pick(1)
    pd.testing.assert_frame_equal(view.context.lines, clicked)


def test_an_outlet_point_lists_that_outlets_documents(view, model, corpus):
    for outlet in ("whitehouse.gov", HOSTILE):
        click(view.charts["prevalence"], {"outlet": outlet})
        keep = (model.dtm.docs["outlet"] == outlet).to_numpy()
        table = view.tables["documents"]
        assert view.errors == {} and set(table["outlet"]) == {outlet}
        assert table["doc_id"].tolist() == by_hand(model, 0, keep, 4)
        assert np.allclose(table["share"], np.sort(model.doc_topic_[keep, 0])[::-1][:4])
        caption = view.picks["documents"].caption.value                # the outlet's markup shown as text
        assert html.escape(f"representative documents at {outlet}") in caption and "<b>вести" not in caption
    view.picks["documents"].pick(0)                                      # "open" still opens the document
    assert view.context.document.doc_id == table["doc_id"].iat[0]
    view.topic.value = 2                                                  # a new topic: every outlet again
    pd.testing.assert_frame_equal(view.tables["documents"], model.documents(2, n=4).drop(columns=["topic"]))


def test_a_time_point_lists_the_documents_of_that_outlet_and_period(view, model):
    click(view.charts["over_time"], {"outlet": "kremlin.ru", "period": "2022-02-01"})
    dates = pd.to_datetime(model.dtm.docs["date"])
    keep = ((model.dtm.docs["outlet"] == "kremlin.ru") & (dates.dt.month == 2) & (dates.dt.year == 2022)).to_numpy()
    table = view.tables["documents"]
    assert view.errors == {} and table["doc_id"].tolist() == by_hand(model, 0, keep, 4)
    assert set(table["date"].dt.strftime("%Y-%m")) == {"2022-02"}
    assert "at kremlin.ru in the month from 2022-02-01" in view.picks["documents"].caption.value
    view.period.value = "W"
    week = next(r for r in values(view, "over_time") if r["outlet"] == HOSTILE and r["period"] is not None)
    click(view.charts["over_time"], {"outlet": HOSTILE, "period": week["period"]})
    first = pd.Timestamp(week["period"])
    keep = ((model.dtm.docs["outlet"] == HOSTILE) & (dates >= first) & (dates < first + pd.Timedelta(days=7))).to_numpy()
    assert view.tables["documents"]["doc_id"].tolist() == by_hand(model, 0, keep, 4) and keep.sum() == week["n_docs"]


def test_a_point_without_documents_is_a_message_and_the_view_stays_usable(view):
    click(view.charts["over_time"], {"outlet": "kremlin.ru", "period": "2021-01-01"})
    assert view.errors["outlet_documents"] == ("no document at kremlin.ru in the month from 2021-01-01: "
                                               "pick a point that the chart draws")
    assert "no document at kremlin.ru" in view.message.value and "Traceback" not in view.message.value
    click(view.charts["prevalence"], {"outlet": "kremlin.ru"})
    assert view.errors == {} and set(view.tables["documents"]["outlet"]) == {"kremlin.ru"}


def test_without_the_corpus_a_term_bar_says_what_to_pass_and_outlets_still_list_documents(model):
    view = TopicExplorer(model, options=TopicOptions(n_boot=0))
    click(view.charts["terms"], {"term": view.tables["terms"]["term"].iat[0]})
    assert "TopicExplorer(model, corpus=corpus)" in view.errors["drill"]
    click(view.charts["prevalence"], {"outlet": "president.gov.ua"})
    assert set(view.tables["documents"]["outlet"]) == {"president.gov.ua"} and "outlet_documents" not in view.errors
    assert values(view, "prevalence")[0]["interval"] == ""                # n_boot=0: no intervals, said in the subtitle
    assert view.charts["prevalence"].jupyter_chart.spec["title"]["subtitle"] == "no intervals"
