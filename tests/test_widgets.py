"""The three views, headless: set control values, check tables, figures and messages.

The corpus is synthetic (three outlets, 30 short documents, January–May 2022) so every
number can be recomputed with the package functions on an explicitly filtered corpus:
the views must give exactly what the functions give for the chosen outlets and dates.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json

import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing.viz.plots.labels import pattern_labels
from framing.widgets import KeynessExplorer, KeynessOptions, TermExplorer, TermOptions, TopicExplorer, TopicOptions
from framing.widgets.recipe import file_stem

PHRASES = {
    "kremlin.ru": ["the special military operation continues", "nato expansion threatens security",
                   "security guarantees were ignored", "the donbas republics asked for help"],
    "president.gov.ua": ["the russian invasion must stop", "this aggression against ukraine",
                         "russia invaded our cities", "sanctions against the aggressor"],
    "whitehouse.gov": ["an unprovoked invasion of ukraine", "new sanctions on russia",
                       "allies condemn the invasion", "support for ukraine continues"],
}
FILLER = ("we said today people country government support international partners meeting "
          "president talks week statement world peace economy energy citizens region").split()


def synthetic_corpus(per_outlet: int = 10, seed: int = 0) -> fr.Corpus:
    """Documents of filler words and each outlet's phrases, one a fortnight from January 2022."""
    rng = np.random.default_rng(seed)
    rows = []
    for outlet, phrases in PHRASES.items():
        for i in range(per_outlet):
            sentences = [" ".join(rng.choice(FILLER, size=8)) + "." for _ in range(4)]
            for phrase in rng.choice(phrases, size=3):
                sentences.insert(int(rng.integers(0, len(sentences))), phrase.capitalize() + ".")
            rows.append({"doc_id": f"{outlet}-{i}", "outlet": outlet, "title": f"{outlet} {i}",
                         "date": pd.Timestamp("2022-01-03") + pd.Timedelta(days=14 * i),
                         "text": " ".join(sentences)})
    return fr.from_dataframe(pd.DataFrame(rows))


@pytest.fixture(scope="module")
def corpus() -> fr.Corpus:
    return synthetic_corpus()


def chart_json(view, key: str) -> str:
    """The Vega-Lite spec of a view's chart, as JSON text."""
    return json.dumps(view.charts[key].jupyter_chart.spec, sort_keys=True)


def y_tick_labels(figure) -> list[str]:
    return [t.get_text() for t in figure.axes[0].get_yticklabels()]


# --- TermExplorer ---------------------------------------------------------------------------

@pytest.fixture
def terms(corpus) -> TermExplorer:
    return TermExplorer(corpus, patterns="invasion|invade*, aggression", options=TermOptions(n_boot=50))


def test_terms_view_starts_with_every_output(terms):
    assert terms.errors == {}
    assert set(terms.figures) == {"rates", "over_time"}
    assert set(terms.tables) == {"rates", "over_time", "kwic", "collocates"}
    assert terms.term.options == ("invasion|invade*", "aggression")
    assert y_tick_labels(terms.figures["rates"]) == pattern_labels(["invasion|invade*", "aggression"])


def test_terms_rates_equal_term_rates_on_the_filtered_corpus(terms, corpus):
    terms.selection.outlets.value = ("president.gov.ua", "whitehouse.gov")
    terms.selection.start.value = dt.date(2022, 2, 1)
    terms.selection.end.value = dt.date(2022, 4, 11)
    expected = fr.term_rates(corpus.filter(outlets=["president.gov.ua", "whitehouse.gov"],
                                           start="2022-02-01", end="2022-04-11"),
                             ["invasion|invade*", "aggression"], n_boot=50, seed=TermOptions().seed)
    pd.testing.assert_frame_equal(terms.tables["rates"], expected)
    assert set(terms.tables["over_time"]["outlet"]) == {"president.gov.ua", "whitehouse.gov"}


def test_a_new_pattern_changes_table_figure_and_context(terms):
    spec = chart_json(terms, "rates")
    terms.patterns.value = "sanction*"
    assert terms.errors == {}
    assert terms.tables["rates"]["pattern"].unique().tolist() == ["sanction*"]
    assert y_tick_labels(terms.figures["rates"]) == ["sanction*"]
    assert chart_json(terms, "rates") != spec and '"pattern": "sanction*"' in chart_json(terms, "rates")
    assert terms.term.value == "sanction*"
    kwic = terms.tables["kwic"]
    assert len(kwic) and kwic["match"].str.lower().str.startswith("sanction").all()
    assert "<mark" in terms.context.rows.html[0] and "sanction" in terms.context.title.value
    assert terms.figures["over_time"].axes[0].get_title() == "sanction*"
    assert set(terms.tables["collocates"]["node"]) == {"sanction*"}


def test_choosing_the_context_pattern(terms):
    terms.term.value = "aggression"
    assert terms.tables["kwic"]["match"].str.lower().eq("aggression").all()
    assert terms.figures["over_time"].axes[0].get_title() == "aggression"
    assert set(terms.tables["collocates"]["outlet"]) == {"president.gov.ua"}   # the only outlet using it


def test_every_kwic_line_of_the_selection_is_found_and_paged(corpus):
    view = TermExplorer(corpus, patterns="invasion|invade*", options=TermOptions(n_boot=0, lines=2))
    expected = fr.kwic(corpus, "invasion|invade*", n=None)       # all lines, independently
    assert len(view.tables["kwic"]) == len(expected) > 2
    assert view.tables["kwic"].groupby("outlet").size().to_dict() == expected.groupby("outlet").size().to_dict()
    assert len(view.context.rows.html) == 2
    view.selection.outlets.value = ("whitehouse.gov",)
    assert set(view.tables["kwic"]["outlet"]) == {"whitehouse.gov"}
    assert len(view.tables["kwic"]) == (expected["outlet"] == "whitehouse.gov").sum()


def test_the_saved_concordance_follows_the_panels_sort(corpus):
    view = TermExplorer(corpus, patterns="invasion|invade*", options=TermOptions(n_boot=0))
    in_document_order = view.tables["kwic"]
    view.context.sort.value = "1R"       # the panel's orders are checked against hand sorts in test_kwic_drill
    saved = view.tables["kwic"]          # what "save table" writes
    assert saved is view.context.lines   # the lines the panel shows, in its order
    assert saved["doc_id"].tolist() != in_document_order["doc_id"].tolist()
    key = ["doc_id", "start"]
    pd.testing.assert_frame_equal(saved.sort_values(key).reset_index(drop=True),
                                  in_document_order.sort_values(key).reset_index(drop=True))


def test_a_rates_row_drills_down_to_that_outlets_lines_and_a_line_to_its_document(terms, corpus):
    rows = terms.picks["rates"].table
    i = rows.index[(rows["outlet"] == "whitehouse.gov") & (rows["pattern"] == "invasion|invade*")][0]
    terms.picks["rates"].pick(i)
    lines = terms.tables["kwic"]
    expected = fr.kwic(corpus.filter(outlets=["whitehouse.gov"]), "invasion|invade*", n=None)
    assert set(lines["outlet"]) == {"whitehouse.gov"} and len(lines) == len(expected) == rows.at[i, "count"]
    terms.context.open(0)
    doc = corpus.df.set_index("doc_id").loc[lines["doc_id"].iat[0], "text"]
    shown = terms.context.document.widget
    assert terms.context.document.doc_id == lines["doc_id"].iat[0]
    marks = sum(v.lower().count("invasion") + v.lower().count("invade") for v in [doc])
    assert len(terms.context.document.spans) == marks and shown is not None


def test_a_collocate_drills_down_to_the_lines_where_it_is_near(terms, corpus):
    terms.term.value = "invasion|invade*"
    table = terms.picks["collocates"].table
    i = table.index[table["collocate"] == "unprovoked"][0]
    terms.picks["collocates"].pick(i)
    lines = terms.tables["kwic"]
    assert len(lines) == table.at[i, "freq"] and set(lines["outlet"]) == {table.at[i, "outlet"]}
    assert all("unprovoked" in (left + " " + right).lower() for left, right in zip(lines["left"], lines["right"]))


def test_a_pattern_without_match_counts_zero_with_a_note_and_the_view_recovers(terms):
    terms.patterns.value = "blitzkrieg"
    assert terms.errors == {}
    notes = [n for ns in terms.notes.values() for n in ns]
    assert notes and all(n.startswith("pattern 'blitzkrieg' matches no term in the vocabulary") for n in notes)
    assert "framing-note" in terms.message.value and "framing-error" not in terms.message.value
    assert (terms.tables["rates"]["count"] == 0).all()                    # absent is a finding: zeros drawn
    terms.selection.outlets.value = ("kremlin.ru",)                          # still usable
    terms.patterns.value = "special military operation"
    assert terms.errors == {} and terms.message.value == ""
    assert terms.tables["rates"]["outlet"].tolist() == ["kremlin.ru"]
    assert terms.tables["rates"]["count"].iat[0] > 0


def test_malformed_and_empty_patterns_are_messages(terms):
    terms.patterns.value = "invasion||war"
    assert "framing-error" in terms.message.value and terms.errors
    terms.patterns.value = " , "
    assert terms.errors["rates"] == "the Patterns box is empty: type a pattern such as invasion|invade*"


def test_empty_date_ranges_are_messages(terms):
    terms.selection.start.value = dt.date(2022, 5, 1)
    terms.selection.end.value = dt.date(2022, 4, 1)
    assert terms.errors["rates"] == "the date range is empty: From (2022-05-01) is after To (2022-04-01)"
    terms.selection.start.value = dt.date(2023, 1, 1)
    terms.selection.end.value = dt.date(2023, 2, 1)
    assert terms.errors["rates"].startswith("no documents from kremlin.ru, president.gov.ua, whitehouse.gov "
                                            "between 2023-01-01 and 2023-02-01")
    terms.selection.start.value = dt.date(2022, 1, 1)
    assert terms.errors == {}


def test_the_unit_redraws_without_recomputing(terms, monkeypatch):
    module = importlib.import_module("framing.terms.rates")
    calls = []
    original = module.term_rates
    monkeypatch.setattr(module, "term_rates", lambda *a, **k: calls.append(k) or original(*a, **k))
    terms.unit.value = "doc_share"
    assert calls == []
    assert terms.figures["rates"].axes[0].get_xlabel() == "share of documents"
    terms.period.value = "W"
    assert [c["period"] for c in calls] == ["W"]


def test_a_dictionary_concept_replaces_the_patterns(terms):
    terms.concept.value = "INVASION"
    assert terms.patterns.disabled
    assert terms.tables["rates"]["pattern"].unique().tolist() == ["INVASION"]
    assert terms.term.options == ("INVASION",)
    terms.concept.value = ""
    assert not terms.patterns.disabled
    assert terms.tables["rates"]["pattern"].unique().tolist() == ["invasion|invade*", "aggression"]


def test_terms_view_saves_its_figures_and_tables(terms, tmp_path):
    terms.save.folder.value = str(tmp_path)
    terms.save.format.value = "svg"
    terms.save.figure_button.click()
    terms.save.table_button.click()
    stem = {key: file_stem("terms", key, terms.save.state()) for key in ("collocates", "kwic", "over_time", "rates")}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"{stem[k]}.csv" for k in stem] + [f"{stem['over_time']}.svg", f"{stem['rates']}.svg"])
    saved = pd.read_csv(tmp_path / f"{stem['rates']}.csv")
    assert saved["pattern"].tolist() == terms.tables["rates"]["pattern"].tolist()


# --- KeynessExplorer ------------------------------------------------------------------------

@pytest.fixture
def keyness(corpus) -> KeynessExplorer:
    return KeynessExplorer(corpus, options=KeynessOptions(min_freq=3, n=5))


def test_keyness_equals_keyness_of_the_matrix(keyness, corpus):
    dtm = fr.document_term_matrix(corpus, stopwords="auto")
    expected = fr.keyness(dtm, target="kremlin.ru", reference="rest", measure="log_odds", min_freq=3)
    pd.testing.assert_frame_equal(keyness.tables["keyness"], expected)
    assert keyness.figures["keyness"].axes[0].get_title() == "kremlin.ru vs rest"


def test_a_new_target_changes_plot_table_and_terms(keyness):
    spec = chart_json(keyness, "keyness")
    keyness.target.value = "whitehouse.gov"
    table = keyness.tables["keyness"]
    assert set(table["group_a"]) == {"whitehouse.gov"} and set(table["group_b"]) == {"rest"}
    assert keyness.figures["keyness"].axes[0].get_title() == "whitehouse.gov vs rest"
    assert chart_json(keyness, "keyness") != spec
    top = table.sort_values("log_odds_z", ascending=False)["term"].head(5).tolist()
    assert list(keyness.term.options[:5]) == top
    assert "invasion" in top


def test_choosing_a_term_shows_its_lines(keyness):
    keyness.target.value = "whitehouse.gov"
    keyness.reference.value = "kremlin.ru"
    keyness.term.value = "invasion"
    kwic = keyness.tables["kwic"]
    assert len(kwic) and kwic["match"].str.lower().eq("invasion").all()
    assert set(kwic["outlet"]) <= {"whitehouse.gov", "kremlin.ru"}
    expected = fr.kwic(keyness.corpus.filter(outlets=["whitehouse.gov", "kremlin.ru"]), "invasion", n=None)
    assert len(kwic) == len(expected) and "invasion in whitehouse.gov and kremlin.ru" in keyness.context.title.value


def test_any_term_typed_or_a_table_row_shows_its_lines(keyness, corpus):
    keyness.term.value = "security guarantees"                # a phrase not among the plotted terms
    assert keyness.errors == {} and keyness.term.value == "security guarantees"
    assert len(keyness.tables["kwic"]) == len(fr.kwic(corpus, "security guarantees", n=None)) > 0
    table = keyness.picks["keyness"].table
    keyness.picks["keyness"].pick(2)
    assert keyness.term.value == table.at[2, "term"]
    assert keyness.tables["kwic"]["term"].eq(table.at[2, "term"]).all()


def test_n_and_sort_do_not_recompute(keyness, monkeypatch):
    module = importlib.import_module("framing.terms.keyness")    # framing.terms.keyness is also the function
    calls = []
    original = module.keyness
    monkeypatch.setattr(module, "keyness", lambda *a, **k: calls.append(k) or original(*a, **k))
    bars = len(keyness.figures["keyness"].axes[0].patches)
    keyness.n.value = 8
    assert len(keyness.figures["keyness"].axes[0].patches) > bars
    keyness.sort.value = "count_a"
    counts = keyness.tables["keyness"]["count_a"].tolist()
    assert counts == sorted(counts, reverse=True)
    keyness.sort.value = "term"
    assert keyness.tables["keyness"]["term"].tolist() == sorted(keyness.tables["keyness"]["term"])
    assert calls == []
    keyness.measure.value = "g2"
    assert [c["measure"] for c in calls] == ["g2"]
    assert keyness.figures["keyness"].axes[0].get_xlabel() == "G² (signed)"


def test_keyness_errors_are_messages(keyness):
    keyness.reference.value = "kremlin.ru"
    assert keyness.errors["plot"] == ("target and reference are both kremlin.ru: "
                                      "pick another reference, or 'rest' for all other outlets")
    keyness.reference.value = "rest"
    keyness.min_freq.value = 10_000
    assert keyness.errors["plot"].startswith("no term occurs 10000 times or more in kremlin.ru")
    keyness.min_freq.value = 3
    assert keyness.errors == {}


def test_keyness_needs_two_outlets(corpus):
    with pytest.raises(fr.CorpusError,
                       match=r"keyness compares outlets, but the corpus has only \['kremlin.ru'\]"):
        KeynessExplorer(corpus.filter(outlets=["kremlin.ru"]))


# --- TopicExplorer --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def model(corpus):
    dtm = fr.document_term_matrix(corpus, stopwords="auto", min_df=2)
    return fr.fit_topics(dtm, 3, seed=1, options=fr.LdaOptions(passes=5), progress=False)


@pytest.fixture
def topics(model, corpus) -> TopicExplorer:
    return TopicExplorer(model, corpus=corpus, options=TopicOptions(n_boot=50, n_docs=4))


def test_topic_view_starts_with_topic_zero(topics, model):
    assert topics.errors == {}
    assert topics.topic.options[0] == (model.labels(n=3)["label"].iat[0], 0)
    pd.testing.assert_frame_equal(topics.tables["documents"], model.documents(0, n=4).drop(columns=["topic"]))


def test_a_new_topic_changes_terms_prevalence_and_documents(topics, model):
    drawn = {key: chart_json(topics, key) for key in ("terms", "prevalence", "over_time")}
    topics.topic.value = 2
    assert topics.tables["terms"]["topic"].unique().tolist() == [2]
    assert all(chart_json(topics, key) != spec for key, spec in drawn.items())   # interactive charts now
    pd.testing.assert_frame_equal(topics.tables["documents"], model.documents(2, n=4).drop(columns=["topic"]))
    expected = fr.topic_prevalence(model, by="outlet", n_boot=50, seed=1)
    pd.testing.assert_frame_equal(topics.tables["prevalence"],
                                  expected[expected["topic"] == 2].reset_index(drop=True))
    assert topics.tables["over_time"]["topic"].unique().tolist() == [2]
    assert "top terms of topic 2 " in topics.picks["terms"].caption.value


def test_lambda_reranks_the_terms(topics, model):
    topics.relevance.value = 0.0
    expected = model.terms(10, relevance=0.0)
    pd.testing.assert_frame_equal(topics.tables["terms"], expected[expected["topic"] == 0].reset_index(drop=True))


def test_topic_period_groups_the_time_plot(topics):
    topics.period.value = "W"
    periods = pd.to_datetime(topics.tables["over_time"]["period"])
    assert (periods.dt.day_of_week == 0).all()             # weeks start on Monday
    assert topics.errors == {}


def test_a_malformed_pattern_is_marked_alone_and_the_others_are_drawn(corpus):
    from framing._infra.errors import PatternError
    from framing.dtm.patterns import compile_patterns

    bad = "invasion|"
    with pytest.raises(PatternError) as expected:          # the message the package gives for it alone
        compile_patterns([bad])
    view = TermExplorer(corpus, patterns=f"aggression, {bad}, sanction*", options=TermOptions(n_boot=50))
    assert view.errors == {}
    assert set(view.tables["rates"]["pattern"]) == {"aggression", "sanction*"}
    assert f"pattern {bad!r} left out: {expected.value}" in " ".join(view.notes["match"])
    assert "left out" in view.message.value
    view.patterns.value = bad                             # nothing left to draw: the error, as before
    assert str(expected.value) in view.errors["rates"]


def test_the_keyness_sort_starts_on_a_named_choice(corpus):
    view = KeynessExplorer(corpus, options=KeynessOptions(min_freq=2))
    assert view.sort.value == "measure" and view.sort.label == "by the measure"


def test_a_topic_term_shows_its_lines_in_the_topics_documents_and_a_document_opens(topics, model, corpus):
    term = topics.picks["terms"].table.at[0, "term"]
    topics.picks["terms"].pick(0)
    mostly = model.dtm.docs["doc_id"][model.doc_topic_.argmax(axis=1) == topics.topic.value]
    expected = fr.kwic(corpus.filter(doc_ids=mostly.tolist()), term, n=None)
    assert topics.errors == {} and len(topics.context.lines) == len(expected)
    doc_id = topics.picks["documents"].table.at[0, "doc_id"]
    topics.picks["documents"].pick(0)
    assert topics.context.document.doc_id == doc_id and len(topics.context.document.spans) > 0


def test_without_the_corpus_the_drill_down_says_what_to_pass(model):
    view = TopicExplorer(model, options=TopicOptions(n_boot=0))
    view.picks["documents"].pick(0)
    assert "TopicExplorer(model, corpus=corpus)" in view.errors["drill"]


def test_merged_variants_and_left_out_terms_change_the_keyness_table(corpus):
    from framing.terms.stoplist import drop_terms
    from framing.terms.variants import load_variants, merge_variants, parse_variants

    rows = corpus.df.copy()
    rows.loc[rows["outlet"] == "kremlin.ru", "text"] += " Kiev said defence."
    rows.loc[rows["outlet"] == "whitehouse.gov", "text"] += " Kyiv said defense."
    spelt = fr.from_dataframe(rows)
    view = KeynessExplorer(spelt, target="kremlin.ru", options=KeynessOptions(min_freq=2))
    assert {"kiev", "kyiv"} <= set(view.tables["keyness"]["term"])
    view.variants.value = True
    view.variant_rows.value = "said, stated"
    view.leave_out.value = "security, talks"
    table = load_variants(extra=parse_variants("said, stated", source="Variants box"))
    dtm = drop_terms(merge_variants(fr.document_term_matrix(spelt, stopwords="auto"), table), ["security", "talks"])
    expected = fr.keyness(dtm, target="kremlin.ru", reference="rest", measure="log_odds", min_freq=2)
    pd.testing.assert_frame_equal(view.tables["keyness"], expected)
    terms = set(view.tables["keyness"]["term"])
    assert "kyiv" in terms and not {"kiev", "said", "security", "talks"} & terms
    view.term.value = "kyiv"                                  # its lines hold both spellings
    assert set(view.tables["kwic"]["match"].str.lower()) == {"kiev", "kyiv"}
    view.variant_rows.value = "said stated extra words here"   # a bad row: a message, the view stays usable
    assert "Variants box" in view.errors["plot"]
    view.variant_rows.value = ""
    assert view.errors == {}


def test_the_topic_map_marks_the_topic_and_a_term_finds_its_topics(topics, model):
    from test_charts import click

    from framing.topics.distance import topic_map
    from framing.topics.lookup import topics_of_term

    pd.testing.assert_frame_equal(topics.tables["map"], topic_map(model))
    topics.lookup.value = "invasion"
    pd.testing.assert_frame_equal(topics.tables["lookup"], topics_of_term(model, "invasion"))
    best = int(topics.tables["lookup"]["topic"].iat[0])
    topics.picks["lookup"].pick(0)
    chosen = [d["topic"] for d in topics.charts["map"].jupyter_chart.spec["data"]["values"] if d["chosen"]]
    assert topics.topic.value == best and chosen == [best]
    other = (best + 1) % model.k
    click(topics.charts["map"], {"topic": other})                 # a circle of the map picks its topic
    assert topics.topic.value == other
    topics.lookup.value = "blitzkriegx"
    assert "blitzkriegx" in topics.errors["find_topics"]


def test_a_click_on_a_rates_point_a_time_point_or_a_keyness_bar_drills_down(terms, corpus):
    from test_charts import click

    click(terms.charts["rates"], {"outlet": "whitehouse.gov", "pattern": "invasion|invade*"})
    expected = fr.kwic(corpus.filter(outlets=["whitehouse.gov"]), "invasion|invade*", n=None)
    assert len(terms.tables["kwic"]) == len(expected) and set(terms.tables["kwic"]["outlet"]) == {"whitehouse.gov"}
    terms.term.value = "invasion|invade*"
    click(terms.charts["over_time"], {"outlet": "president.gov.ua", "period": "2022-02-01"})
    feb = fr.kwic(corpus.filter(outlets=["president.gov.ua"], start="2022-02-01", end="2022-02-28"),
                  "invasion|invade*", n=None)
    assert len(terms.tables["kwic"]) == len(feb) and terms.errors == {}
    assert set(terms.tables["kwic"]["date"].dt.month) <= {2}
    view = KeynessExplorer(corpus, options=KeynessOptions(min_freq=3, n=5))
    term = view.tables["keyness"]["term"].iat[-1]
    click(view.charts["keyness"], {"term": term})
    assert view.term.value == term and view.tables["kwic"]["term"].eq(term).all()


# --- widget models ----------------------------------------------------------------------------------

MAX_MODELS = 400
"""Widget models a view may hold: each is one comm_open message, and ZeroMQ drops messages beyond its
high-water mark of 1,000 when the notebook server falls behind (a view of 1,200 models stayed blank)."""


@pytest.mark.parametrize("build", [
    lambda corpus, model: TermExplorer(corpus, patterns="invasion|invade*, sanction*", options=TermOptions(n_boot=0)),
    lambda corpus, model: KeynessExplorer(corpus),
    lambda corpus, model: TopicExplorer(model, corpus=corpus, options=TopicOptions(n_boot=0)),
], ids=["terms", "keyness", "topics"])
def test_a_view_is_a_few_hundred_widget_models_whatever_its_rows(build, corpus, model):
    from ipywidgets.widgets.widget import _instances

    before = set(_instances)
    view = build(corpus, model)
    models = len(set(_instances) - before)
    rows = sum(len(p.rows.html) for p in view.picks.values()) + len(getattr(view, "context", None).rows.html)
    assert rows >= 10 and models <= MAX_MODELS, (models, rows)
