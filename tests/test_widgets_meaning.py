"""MeaningExplorer, headless: set control values, check its tables against the package functions
(and against cosines and concordance counts worked out here), its messages, and that it stays usable.

The corpus is hand-made: three outlets write "city" among war words (a), festive words (b) or
both (c), in March and April 2022; the vectors are trained on it with tiny settings (10
dimensions, one epoch), so the numbers are arbitrary but must equal what the functions give.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing.corpus.text import tokenize
from framing.embeddings import term_uses
from framing.widgets import MeaningExplorer, MeaningOptions

WAR = ["shelled", "bombed", "attacked", "occupied", "destroyed"]
FETE = ["celebrated", "danced", "feasted", "sang", "welcomed"]
FILLER = ["today", "again", "officials", "said", "there"]
TINY = fr.VectorOptions(dim=10, epochs=1, min_count=2, window=3)
OPTIONS = MeaningOptions(vectors=TINY, window=3, n=4, n_boot=40, n_perm=20, stopwords=None, lines=None,
                         progress=False)


def meaning_corpus(per_outlet: int = 16, seed: int = 0) -> fr.Corpus:
    """``per_outlet`` documents per outlet, half in March and half in April 2022."""
    rng = np.random.default_rng(seed)
    rows = []
    for outlet, words in (("a", WAR), ("b", FETE), ("c", WAR + FETE)):
        for i in range(per_outlet):
            left, right, fill = rng.choice(words, 3), rng.choice(words, 3), rng.choice(FILLER, 4)
            text = (f"{fill[0]} {fill[1]} {' '.join(left)} city {' '.join(right)} {fill[2]}. "
                    f"{fill[3]} {' '.join(rng.choice(words, 2))} town {' '.join(rng.choice(FILLER, 2))}.")
            rows.append({"doc_id": f"{outlet}{i}", "outlet": outlet, "text": text,
                         "date": "2022-03-10" if i % 2 else "2022-04-10"})
    return fr.from_dataframe(pd.DataFrame(rows))


@pytest.fixture(scope="module")
def corpus() -> fr.Corpus:
    return meaning_corpus()


@pytest.fixture(scope="module")
def vectors(corpus) -> fr.WordVectors:
    return fr.train_vectors(corpus, options=TINY, progress=False, cache=False)


@pytest.fixture
def view(corpus, vectors) -> MeaningExplorer:
    return MeaningExplorer(corpus, term="city", vectors=vectors, options=OPTIONS)


@pytest.fixture(scope="module")
def untouched(corpus, vectors) -> MeaningExplorer:
    """A view as it starts, for the tests that only read it (making a view draws two figures: seconds)."""
    return MeaningExplorer(corpus, term="city", vectors=vectors, options=OPTIONS)


def unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def test_the_view_starts_with_every_output(untouched):
    view = untouched
    assert view.errors == {}
    assert set(view.figures) == {"neighbours", "ratio"}
    assert set(view.tables) == {"neighbours", "ratio", "similarity", "kwic"}
    assert [ax.get_title() for ax in view.figures["neighbours"].axes] == ["a", "b", "c"]
    assert (view.group_a.value, view.group_b.value) == ("a", "b")
    assert view.status.value.startswith("word vectors: ") and "× 10 (given)" in view.status.value


def test_tables_equal_the_functions_on_all_documents(untouched, corpus, vectors):
    view = untouched
    same = {"vectors": vectors, "window": 3, "n_boot": 40, "seed": 1, "progress": False}
    pd.testing.assert_frame_equal(view.tables["neighbours"],
                                  fr.term_neighbours(corpus, "city", n=4, stopwords=None, **same))
    pd.testing.assert_frame_equal(view.tables["ratio"], fr.neighbours_ratio(
        corpus, "city", group_a="a", group_b="b", n=4, stopwords=None, n_perm=20, **same))
    pd.testing.assert_frame_equal(view.tables["similarity"], fr.meaning_similarity(corpus, "city", **same))


def test_dates_take_uses_embedded_with_the_whole_corpus(view, corpus, vectors):
    view.selection.start.value = dt.date(2022, 4, 1)
    assert view.errors == {}
    table = view.tables["neighbours"]
    uses = term_uses(corpus, "city", vectors=vectors, window=3)       # A of the whole corpus, as conText
    april = (uses.uses["date"] >= "2022-04-01").to_numpy()
    words, cosines = vectors.words.tolist(), unit(vectors.vectors.astype(float))
    for outlet in ("a", "b", "c"):
        rows = uses.embeddings[april & (uses.uses["outlet"] == outlet).to_numpy()]
        cos = cosines @ unit(rows.mean(axis=0))
        cos[words.index("city")] = -np.inf
        mine = table[table["outlet"] == outlet]
        assert mine["term"].tolist() == [words[i] for i in np.argsort(-cos)[:4]]
        np.testing.assert_allclose(mine["cosine"], np.sort(cos)[::-1][:4], rtol=1e-6)
        assert (mine["uses"] == len(rows)).all() and len(rows) == 8


def test_outlets_pick_rows_and_the_ratio_pickers_follow(view):
    view.selection.outlets.value = ("b", "c")
    assert view.errors == {}
    assert set(view.tables["neighbours"]["outlet"]) == {"b", "c"}
    assert view.group_a.options == ("b", "c") and (view.group_a.value, view.group_b.value) == ("b", "c")
    assert set(view.tables["ratio"][["group_a", "group_b"]].itertuples(index=False)) == {("b", "c")}
    assert view.tables["similarity"][["group_a", "group_b"]].values.tolist() == [["b", "c"]]
    view.group_a.value = "c"
    view.group_b.value = "b"
    assert view.errors == {}
    assert view.tables["ratio"]["group_a"].unique().tolist() == ["c"]
    assert view.figures["ratio"].axes[0].get_xlabel() == "cosine ratio: c / b"


def test_a_new_window_re_embeds_the_uses(view, corpus, vectors):
    view.window.value = 2
    assert view.errors == {}
    expected = fr.term_neighbours(corpus, "city", vectors=vectors, window=2, n=4, stopwords=None, n_boot=40,
                                  progress=False)
    pd.testing.assert_frame_equal(view.tables["neighbours"], expected)


def concordance_count(corpus: fr.Corpus, outlet: str, term: str, word: str, window: int) -> int:
    """Uses of ``term`` at ``outlet`` with ``word`` among the ``window`` tokens on either side."""
    found = 0
    for text in corpus.df.loc[corpus.df["outlet"] == outlet, "text"]:
        tokens = tokenize(text)
        for i in (i for i, t in enumerate(tokens) if t == term):
            found += word in tokens[max(i - window, 0):i] + tokens[i + 1:i + 1 + window]
    return found


def test_a_neighbour_shows_the_lines_where_it_is_near_the_term(view, corpus):
    assert len(view.neighbour.options) == 12                   # 4 neighbours × 3 outlets, each clickable
    for label in ("c: " + view.tables["neighbours"].query("outlet == 'c'")["term"].iat[0],
                  "a: " + view.tables["neighbours"].query("outlet == 'a'")["term"].iat[1]):
        view.neighbour.value = label
        outlet, word = label.split(": ")
        lines = view.tables["kwic"]
        assert view.errors == {}
        assert len(lines) == concordance_count(corpus, outlet, "city", word, 3) > 0
        assert set(lines["outlet"]) == {outlet} and set(lines["match"].str.lower()) == {"city"}
        assert all(word in f"{left} {right}".split() for left, right in zip(lines["left"], lines["right"]))
        assert f"city with {word} within 3 words at {outlet}: {len(lines)} lines" in view.htmls["kwic"].value


def test_concordance_lines_are_sampled_with_the_seed(untouched, corpus, vectors):
    options = MeaningOptions(vectors=TINY, window=3, n=4, n_boot=0, n_perm=0, stopwords=None, lines=2,
                             progress=False)
    view = MeaningExplorer(corpus, term="city", vectors=vectors, options=options)
    first = view.tables["kwic"]
    every = untouched.tables["kwic"]                  # the same first neighbour, all lines
    assert len(first) == 2 and len(every) > 2
    assert set(first["doc_id"] + first["start"].astype(str)) <= set(every["doc_id"] + every["start"].astype(str))
    view.neighbour.value = view.neighbour.options[1]
    view.neighbour.value = view.neighbour.options[0]  # recomputed: the same seed, the same lines
    pd.testing.assert_frame_equal(view.tables["kwic"], first)


def test_bad_and_absent_terms_are_messages_and_the_view_recovers(view):
    view.term.value = "city||town"
    assert set(view.errors) == {"neighbours", "ratio", "similarity", "concordance"}
    assert "framing-error" in view.message.value
    assert "neighbours" not in view.figures and view.htmls["neighbours"].value == ""
    view.term.value = "blitzkrieg"
    assert view.errors["neighbours"] == "'blitzkrieg' occurs nowhere in the corpus; there is no use to embed"
    view.term.value = "  "
    assert view.errors["neighbours"].startswith("the Term box is empty")
    view.term.value = "town"
    assert view.errors == {} and view.message.value == ""
    assert set(view.tables["neighbours"]["pattern"]) == {"town"}
    assert [ax.get_title() for ax in view.figures["neighbours"].axes] == ["a", "b", "c"]


def test_one_outlet_or_no_use_is_a_message(view):
    view.selection.outlets.value = ("a",)
    assert set(view.errors) == {"ratio", "similarity"}
    assert view.errors["similarity"].startswith("the similarity needs two outlets")
    assert set(view.tables["neighbours"]["outlet"]) == {"a"}           # what can be shown still is
    view.selection.start.value = dt.date(2022, 5, 1)
    view.selection.end.value = dt.date(2022, 6, 1)
    assert view.errors["neighbours"] == ("no documents from a between 2022-05-01 and 2022-06-01: widen the date "
                                         "range or pick other outlets")
    view.selection.start.value = dt.date(2022, 3, 1)
    view.selection.outlets.value = ("b",)
    view.term.value = "shelled"                                           # only outlets a and c write it
    assert view.errors["neighbours"] == ("'shelled' is not used in b between the chosen dates: widen the date range "
                                         "or pick other outlets")
    view.selection.outlets.value = ("a", "c")
    assert view.errors == {}
    assert (view.group_a.value, view.group_b.value) == ("a", "c")


def test_vectors_are_trained_once_when_not_given(corpus, vectors):
    view = MeaningExplorer(corpus, term="city", options=OPTIONS)
    assert view.errors == {} and "trained on this corpus or read from the cache" in view.status.value
    np.testing.assert_array_equal(view.vectors.vectors, vectors.vectors)    # the same seed, the same vectors
    assert fr.train_vectors(corpus, options=TINY, progress=False) is view.vectors   # remembered for the corpus


def test_bad_options_raise_at_once(corpus, vectors):
    with pytest.raises(fr.ArgumentError, match="window must be a whole number ≥ 1"):
        MeaningExplorer(corpus, vectors=vectors, options=MeaningOptions(window=0))


def test_the_view_saves_its_figures_and_tables(untouched, tmp_path):
    view = untouched
    view.save.folder.value = str(tmp_path)
    view.save.figure_button.click()
    view.save.table_button.click()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "meaning-kwic.csv", "meaning-neighbours.csv", "meaning-neighbours.png", "meaning-ratio.csv",
        "meaning-ratio.png", "meaning-similarity.csv"]
    saved = pd.read_csv(tmp_path / "meaning-neighbours.csv")
    assert saved["term"].tolist() == view.tables["neighbours"]["term"].tolist()
