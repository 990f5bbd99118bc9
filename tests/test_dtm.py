"""Document-term matrix: counts, n-grams, stopwords, grouping, gensim, cache."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import framing as fr
from framing._infra.errors import FramingError, FramingWarning
from framing._infra.paths import cache_root
from framing.corpus.text import tokenize
from framing.dtm.matrix import document_term_matrix


def corpus_of(texts, outlets=None, dates=None, languages=None):
    n = len(texts)
    df = pd.DataFrame({"outlet": outlets or ["a"] * n, "date": dates or ["2022-01-01"] * n, "text": texts})
    if languages:
        df["language"] = languages
    return fr.from_dataframe(df)


def dense_counts(dtm):
    return {(i, dtm.vocab[j]): int(v) for (i, j), v in dtm.matrix.todok().items()}


def test_unigram_counts_match_independent_count(multilingual):
    dtm = document_term_matrix(multilingual, cache=False)
    langs = multilingual.df["language"].tolist()
    for i, (text, lang) in enumerate(zip(multilingual.texts, langs)):
        expected = Counter(tokenize(text, language=lang))
        row = dtm.matrix[i]
        got = {dtm.vocab[j]: int(v) for j, v in zip(row.indices, row.data)}
        assert got == dict(expected)
    assert dtm.doc_lengths.tolist() == [len(tokenize(t, language=l)) for t, l in zip(multilingual.texts, langs)]


def test_serbian_scripts_share_a_column(multilingual):
    dtm = document_term_matrix(multilingual, cache=False)
    col = dtm.term_index("agresija")
    ids = multilingual.df["doc_id"].tolist()
    counts = dtm.matrix[:, col].toarray().ravel()
    assert counts[ids.index("sr-cyr")] == counts[ids.index("sr-lat")] == 1


def test_ngrams_do_not_cross_sentences_and_stopword_edges():
    corpus = corpus_of(["The special military operation. Operation began in spheres of influence.",
                        "Of the invasion"])
    dtm = document_term_matrix(corpus, ngrams=3, stopwords="en", cache=False)
    vocab = set(dtm.vocab)
    assert {"special military operation", "spheres of influence", "military operation", "invasion"} <= vocab
    assert "operation operation" not in vocab and "operation operation began" not in vocab
    assert not any(t.split()[0] in {"the", "of", "in"} or t.split()[-1] in {"the", "of", "in"} for t in vocab)
    # lengths count every token, stopwords included
    assert dtm.doc_lengths.tolist() == [10, 3]
    assert list(dtm.vocab) == sorted(dtm.vocab)


def test_min_df_and_max_df():
    corpus = corpus_of(["a b c", "a b", "a"])
    assert document_term_matrix(corpus, min_df=2, cache=False).vocab.tolist() == ["a", "b"]
    assert document_term_matrix(corpus, max_df=2, cache=False).vocab.tolist() == ["b", "c"]
    assert document_term_matrix(corpus, max_df=0.7, cache=False).vocab.tolist() == ["b", "c"]
    with pytest.raises(FramingError, match="min_df=3 keeps fewer documents than max_df=2"):
        document_term_matrix(corpus, min_df=3, max_df=2, cache=False)
    with pytest.raises(FramingError, match="ngrams must be a whole number"):
        document_term_matrix(corpus, ngrams=0, cache=False)


def test_user_stopword_list():
    dtm = document_term_matrix(corpus_of(["Putin and Biden"]), stopwords=["AND"], cache=False)
    assert dtm.vocab.tolist() == ["biden", "putin"]


def test_group_counts_equal_loop_sums():
    corpus = corpus_of(["war war", "peace", "war peace", "war"], outlets=["a", "b", "a", "b"],
                       dates=["2022-01-03", "2022-01-20", "2022-02-01", "2022-02-02"])
    dtm = document_term_matrix(corpus, cache=False)
    labels, counts, tokens = dtm.group_counts("outlet", period="M")
    assert labels.to_dict("list") == {"outlet": ["a", "a", "b", "b"],
                                      "period": [pd.Timestamp("2022-01-01"), pd.Timestamp("2022-02-01")] * 2}
    war = dtm.term_index("war")
    assert counts[:, war].toarray().ravel().tolist() == [2, 1, 0, 1]
    assert tokens.tolist() == [2, 2, 1, 1]
    with pytest.raises(FramingError, match=r"cannot group by \['section'\]"):
        dtm.groups("section")
    with pytest.raises(FramingError, match="unknown period 'fortnight'"):
        dtm.groups("outlet", period="fortnight")


def test_weekly_periods_start_on_monday():
    corpus = corpus_of(["x", "x"], dates=["2022-02-24", "2022-02-27"])
    labels, _ = document_term_matrix(corpus, cache=False).groups(period="W")
    assert labels["period"].tolist() == [pd.Timestamp("2022-02-21")]


def test_gensim_conversion_round_trip(multilingual):
    dtm = document_term_matrix(multilingual, cache=False)
    dictionary, bow = dtm.to_gensim()
    docs = list(bow)
    assert len(docs) == len(multilingual)
    assert all(dictionary[j] == dtm.vocab[j] for j in range(len(dtm.vocab)))
    for i, doc in enumerate(docs):
        row = dtm.matrix[i]
        assert sorted((int(j), int(c)) for j, c in doc) == sorted(zip(row.indices.tolist(), row.data.tolist()))
    assert dictionary.num_docs == len(multilingual)


def test_cache_round_trip_and_corrupt_file_rebuilt(multilingual, tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path))
    first = document_term_matrix(multilingual, ngrams=2)
    files = list((cache_root() / "dtm").glob("*/vocab.utf8.npy"))
    assert len(files) == 1
    again = document_term_matrix(multilingual, ngrams=2)
    assert (again.matrix != first.matrix).nnz == 0 and again.vocab.tolist() == first.vocab.tolist()
    files[0].write_bytes(b"not an array")
    with pytest.warns(FramingWarning, match="does not match the SHA-256"):
        rebuilt = document_term_matrix(multilingual, ngrams=2)
    assert (rebuilt.matrix != first.matrix).nnz == 0
    stored = np.load(files[0], allow_pickle=False).tobytes().decode("utf-8")
    assert stored == "".join(first.vocab.tolist())


def test_subset_keeps_alignment(multilingual):
    dtm = document_term_matrix(multilingual, cache=False)
    sub = dtm.subset(dtm.docs["outlet"] == "ria.example")
    assert sub.docs["doc_id"].tolist() == ["ru-1", "ru-2"] and sub.shape[0] == 2
    assert sub.doc_lengths.tolist() == dtm.doc_lengths[[2, 3]].tolist()


@pytest.mark.filterwarnings("ignore::framing.FramingWarning")
@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="ab cд.,'-", max_size=30), min_size=1, max_size=6))
def test_row_sums_equal_token_counts(texts):
    dtm = document_term_matrix(corpus_of(texts), cache=False)
    assert np.asarray(dtm.matrix.sum(axis=1)).ravel().tolist() == dtm.doc_lengths.tolist()


def test_demo_corpus_matrix(demo_topical):
    dtm = document_term_matrix(demo_topical, ngrams=3, stopwords="auto", min_df=2, cache=False)
    assert dtm.shape[0] == 2118
    smo = dtm.term_index("special military operation")
    labels, counts, _ = dtm.group_counts("outlet")
    per = dict(zip(labels["outlet"], counts[:, smo].toarray().ravel()))
    assert per["kremlin.ru"] > 10 * max(per["whitehouse.gov"], 1)
