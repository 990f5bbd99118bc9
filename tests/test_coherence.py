"""Coherence (framing.topics.coherence) against gensim's CoherenceModel and hand-made window counts."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from topic_data import synthetic_corpus, synthetic_dtm

import framing as fr
from framing.corpus.text import stopword_set
from framing.dtm.matrix import corpus_tokens
from framing.topics.coherence import (
    TopicTexts,
    c_npmi,
    document_counts,
    top_term_ids,
    topic_texts,
    u_mass,
    window_counts,
)


@pytest.fixture(scope="module")
def demo_model(demo_topical):
    """k = 8 on 300 documents of the demo corpus, and gensim's view of the same data."""
    corpus = demo_topical.sample(300, seed=3)
    dtm = fr.document_term_matrix(corpus, stopwords="en", min_df=3, cache=False)
    model = fr.fit_topics(dtm, 8, seed=1, options=fr.LdaOptions(passes=2), progress=False)
    tokens = corpus_tokens(corpus)
    stop = stopword_set(["en"])
    texts = [[w for w in tokens.doc(i) if w not in stop] for i in range(len(tokens))]
    return corpus, dtm, model, texts


def test_equal_to_gensim_coherencemodel_on_the_demo_corpus(demo_model):
    from gensim.models import CoherenceModel

    corpus, dtm, model, texts = demo_model
    dictionary, bow = dtm.to_gensim()
    ours = fr.topic_coherence(model, corpus).pivot(index="topic", columns="measure", values="coherence")
    for measure, kwargs in [("u_mass", {"corpus": bow}), ("c_npmi", {"texts": texts})]:
        cm = CoherenceModel(model=model.lda, dictionary=dictionary, coherence=measure, topn=10, **kwargs)
        assert np.allclose(ours[measure].to_numpy(), cm.get_coherence_per_topic(), rtol=0, atol=1e-6)
        assert ours[measure].mean() == pytest.approx(cm.get_coherence(), abs=1e-6)


def test_other_topn_and_window_equal_gensim(demo_model):
    from gensim.models import CoherenceModel

    corpus, dtm, model, texts = demo_model
    dictionary, _ = dtm.to_gensim()
    ours = fr.topic_coherence(model, texts, measures=["c_npmi"], topn=5, window=4)["coherence"]
    cm = CoherenceModel(model=model.lda, texts=texts, dictionary=dictionary, coherence="c_npmi", topn=5,
                        window_size=4)
    assert np.allclose(ours, cm.get_coherence_per_topic(), rtol=0, atol=1e-6)


def test_gensim_sliding_window_rule_by_hand():
    # tokens a b a c d, window 3 → windows [a b a] [b a c] [a c d]. gensim slides its word set:
    # window 2 drops 'a' (it left) and adds 'c', although another 'a' is still inside; window 3
    # drops 'b' and adds 'd'. Sets: {a, b}, {b, c}, {c, d}.
    texts = TopicTexts(ids=np.array([0, 1, 0, 2, 3]), offsets=np.array([0, 5]), n_terms=4)
    counts = window_counts(texts, np.arange(4), window=3)
    assert counts.n_units == 3
    assert counts.occurrences.tolist() == [1, 2, 2, 1]
    pairs = counts.pairs.toarray()
    assert pairs[0, 1] == pairs[1, 0] == 1 and pairs[1, 2] == 1 and pairs[2, 3] == 1
    assert pairs[0, 2] == 0 and pairs[0, 3] == 0


def test_short_and_empty_documents_are_one_window_each():
    # lengths 2 (< window), 0 and 4: windows 1 + 1 + 2
    texts = TopicTexts(ids=np.array([0, 1, 2, 0, 1, -1]), offsets=np.array([0, 2, 2, 6]), n_terms=3)
    counts = window_counts(texts, np.array([0, 1, 2]), window=3)
    assert counts.n_units == 4
    assert counts.occurrences.tolist() == [3, 3, 1]  # doc 1, and windows [2 0 1], [0 1 -] of doc 3


@settings(max_examples=60, deadline=None)
@given(docs=st.lists(st.lists(st.integers(0, 5), max_size=14), min_size=1, max_size=6),
       window=st.integers(1, 6))
def test_window_counts_equal_gensims_accumulator(docs, window):
    from gensim.corpora import Dictionary
    from gensim.topic_coherence.text_analysis import WordOccurrenceAccumulator

    words = [[f"w{i}" for i in doc] for doc in docs]  # w5 is outside the counted terms
    dictionary = Dictionary([[f"w{i}" for i in range(6)]])
    relevant = [dictionary.token2id[f"w{i}"] for i in range(5)]
    acc = WordOccurrenceAccumulator(relevant, dictionary).accumulate(words, window)
    vocab = np.array([f"w{i}" for i in range(6)], dtype=object)
    dtm = type("V", (), {"vocab": vocab, "shape": (0, 6)})()
    ours = window_counts(topic_texts(words, dtm), np.arange(5), window=window)
    assert ours.n_units == acc.num_docs
    for a in range(5):
        assert ours.occurrences[a] == acc[dictionary.token2id[f"w{a}"]]
        for b in range(5):
            if a != b:
                assert ours.pairs[a, b] == acc[dictionary.token2id[f"w{a}"], dictionary.token2id[f"w{b}"]]


def test_counts_gathered_for_a_union_of_terms_are_reused():
    corpus = synthetic_corpus()
    dtm = synthetic_dtm(corpus)
    m1 = fr.fit_topics(dtm, 2, seed=1, options=fr.LdaOptions(passes=2), progress=False)
    m2 = fr.fit_topics(dtm, 3, seed=2, options=fr.LdaOptions(passes=2), progress=False)
    tops = [top_term_ids(m.topic_term_, 5) for m in (m1, m2)]
    union = np.unique(np.concatenate([t.ravel() for t in tops]))
    texts = topic_texts(corpus, dtm)
    docs, wins = document_counts(dtm, union), window_counts(texts, union)
    for m, top in zip((m1, m2), tops):
        alone = fr.topic_coherence(m, texts, topn=5).pivot(index="topic", columns="measure", values="coherence")
        assert np.array_equal(u_mass(top, docs), alone["u_mass"].to_numpy())
        assert np.array_equal(c_npmi(top, wins), alone["c_npmi"].to_numpy())
    uncounted = np.setdiff1d(np.arange(dtm.shape[1]), union)[0]
    with pytest.raises(fr.ArgumentError, match=r"these counts do not cover every top term"):
        u_mass(np.array([[uncounted, union[0]]]), docs)


def test_texts_from_tokens_and_lists_agree_with_the_corpus():
    corpus = synthetic_corpus()
    dtm = synthetic_dtm(corpus)
    from_corpus = topic_texts(corpus, dtm)
    tokens = corpus_tokens(corpus)
    stop = stopword_set(["en"])
    lists = [[w for w in tokens.doc(i) if w not in stop] for i in range(len(tokens))]
    from_lists = topic_texts(lists, dtm)
    assert np.array_equal(from_corpus.ids, from_lists.ids)
    assert np.array_equal(from_corpus.offsets, from_lists.offsets)
    from_tokens = topic_texts(tokens, dtm)  # as given: stopwords keep their places (as -1)
    assert len(from_tokens.ids) == int(tokens.lengths().sum()) and (from_tokens.ids == -1).any()


def test_coherence_errors():
    corpus = synthetic_corpus()
    dtm = synthetic_dtm(corpus)
    model = fr.fit_topics(dtm, 2, seed=1, options=fr.LdaOptions(passes=1), progress=False)
    assert fr.topic_coherence(model)["measure"].unique().tolist() == ["u_mass"]
    with pytest.raises(fr.ArgumentError, match=r"c_npmi counts words in sliding windows of the texts: pass texts="):
        fr.topic_coherence(model, measures=["c_npmi"])
    with pytest.raises(fr.ArgumentError, match=r"unknown coherence measure\(s\) \['c_v'\]"):
        fr.topic_coherence(model, corpus, measures=["c_v"])
    bigrams = fr.document_term_matrix(corpus, ngrams=2, stopwords="en", min_df=3, cache=False)
    model2 = fr.fit_topics(bigrams, 2, seed=1, options=fr.LdaOptions(passes=1), progress=False)
    with pytest.raises(fr.ArgumentError, match=r"c_npmi counts single tokens in sliding windows, but top terms"):
        fr.topic_coherence(model2, corpus, topn=bigrams.shape[1])  # every term, bigrams included
    other = synthetic_corpus(n_per_outlet=5, seed=9)
    with pytest.raises(fr.ArgumentError, match=r"the corpus lacks 45 documents of the matrix"):
        fr.topic_texts(other, dtm)


def test_counting_in_chunks_gives_the_same_counts(monkeypatch):
    corpus = synthetic_corpus()
    dtm = synthetic_dtm(corpus)
    texts = topic_texts(corpus, dtm)
    terms = np.arange(dtm.shape[1])
    whole = window_counts(texts, terms, window=5)
    monkeypatch.setattr("framing.topics.coherence._CHUNK", 50)  # many chunks, each of whole documents
    chunked = window_counts(texts, terms, window=5)
    assert chunked.n_units == whole.n_units
    assert np.array_equal(chunked.occurrences, whole.occurrences)
    assert (chunked.pairs != whole.pairs).nnz == 0
