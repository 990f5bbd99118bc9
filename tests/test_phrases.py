"""Phrases counted from the token stream (issue 15): the same counts as an n-gram matrix, no n-gram matrix built."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import framing as fr
from framing.corpus.text import Tokens
from framing.dtm import matrix as matrix_module
from framing.dtm.patterns import count_matrix, resolve, with_phrases
from framing.dtm.phrases import phrase_counts, phrase_starts


def corpus_of(*texts: str, outlets=None) -> fr.Corpus:
    n = len(texts)
    return fr.from_dataframe(pd.DataFrame({"outlet": outlets or ["a"] * n, "date": ["2022-03-01"] * n,
                                           "text": list(texts)}))


def test_phrase_starts_respect_sentence_and_document_ends():
    # documents: [a b . a] [b a b] — "a b" starts at 0 and 5 only: not across the sentence end or the documents
    tokens = Tokens(ids=np.array([0, 1, -1, 0, 1, 0, 1]), offsets=np.array([0, 4, 7]), vocab=np.array(["a", "b"]))
    assert phrase_starts(tokens, [np.array([0]), np.array([1])]).tolist() == [0, 5]
    assert phrase_starts(tokens, [None, np.array([0])]).tolist() == [4]  # "* a": b a in the second document
    terms, counts = phrase_counts(tokens, [np.array([0]), None])
    assert terms.tolist() == ["a b"] and counts.toarray().tolist() == [[1], [1]]


def test_hand_counted_phrases_on_a_unigram_matrix():
    corpus = corpus_of("Russia's special military operation. Special military operation!",
                       "A special operation, special military. Operation.", outlets=["a", "b"])
    dtm = fr.document_term_matrix(corpus, cache=False)
    assert dtm.options.ngrams == 1 and dtm.tokens is not None
    names, counts = count_matrix(dtm, {"smo": "special military operation", "sxo": "special * operation",
                                       "sm": "special military"})
    # by hand: document 1 has "special military operation" twice; document 2 has "special operation" (2
    # words, not 3) and "special military" before a sentence end
    assert names == ["smo", "sxo", "sm"]
    assert counts.tolist() == [[2, 2, 2], [0, 0, 1]]


@pytest.mark.filterwarnings("ignore::framing.FramingWarning")
@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["war", "wars", "peace", "of", "the", "nato's", ".", "!"]),
                         max_size=25).map(" ".join), min_size=1, max_size=5),
       st.sampled_from(["war of", "the war", "war* of the", "* of *", "peace * war", "nato the", "of the war"]))
def test_stream_counts_equal_the_ngram_matrix(texts, pattern):
    corpus = corpus_of(*texts)
    unigrams = fr.document_term_matrix(corpus, cache=False)
    trigrams = fr.document_term_matrix(corpus, ngrams=3, tokens=False, cache=False)
    from_stream = count_matrix(unigrams, pattern)[1]
    from_matrix = count_matrix(trigrams, pattern)[1]
    assert from_stream.tolist() == from_matrix.tolist()


def test_rates_of_a_phrase_never_build_an_ngram_matrix(monkeypatch):
    corpus = corpus_of("The special military operation went on.", "No operation.", outlets=["a", "b"])

    def no_ngrams(*args, **kwargs):
        raise AssertionError("an n-gram matrix was built")

    monkeypatch.setattr(matrix_module, "_ngram_counts", no_ngrams)
    table = fr.term_rates(corpus, "special military operation", by="outlet", n_boot=0)
    assert table.set_index("outlet")["count"].to_dict() == {"a": 1, "b": 0}
    lines = fr.kwic(corpus, "special military operation")
    assert len(lines) == 1


def test_narrowed_matrix_keeps_documents_and_names_near_terms():
    corpus = corpus_of("The invasion began; the special military operation.", "Invasions.")
    dtm = fr.document_term_matrix(corpus, cache=False)
    narrowed, compiled = resolve(dtm, ["invasion*", "special military operation"])
    assert narrowed.vocab.tolist() == ["invasion", "invasions", "special military operation"]
    assert narrowed.doc_lengths.tolist() == dtm.doc_lengths.tolist() and narrowed.options.ngrams == 3
    assert with_phrases(dtm, compiled) is narrowed  # made once per matrix and patterns
    with pytest.warns(fr.FramingWarning, match=r"'invasoin' matches no term in the vocabulary \(\d+ terms\)\. "
                                               r"Did you mean 'invasion'"):
        count_matrix(dtm, ["invasoin", "special military operation"])


def test_a_matrix_without_tokens_cannot_count_longer_phrases():
    dtm = fr.document_term_matrix(corpus_of("special military operation"), tokens=False, cache=False)
    assert dtm.tokens is None
    with pytest.raises(fr.PatternError, match="kept no token stream"):
        fr.term_rates(dtm, "special military operation", n_boot=0)


def test_stopwords_and_min_df_do_not_hide_phrases():
    corpus = corpus_of("Spheres of influence and spheres of influence.", "A sphere of influence.", "War.")
    dtm = fr.document_term_matrix(corpus, stopwords="en", min_df=2, cache=False)
    assert "of" not in set(dtm.vocab) and dtm.tokens is not None and "of" in set(dtm.tokens.vocab)
    assert count_matrix(dtm, "sphere* of influence")[1].ravel().tolist() == [2, 1, 0]


def test_keyness_of_ngrams_keeps_those_that_recur():
    corpus = corpus_of("Special military operation. Special military operation.", "A special military operation.",
                       "A green tomato.", outlets=["a", "b", "c"])
    dtm = fr.document_term_matrix(corpus, ngrams=3, ngram_min_df=2, cache=False)
    grams = {t for t in dtm.vocab if " " in t}
    assert grams == {"special military", "military operation", "special military operation"}
    assert {"green", "tomato"} <= set(dtm.vocab)  # unigrams keep min_df=1
    with_ones = fr.document_term_matrix(corpus, ngrams=3, cache=False)
    assert "green tomato" in set(with_ones.vocab)
