"""Patterns: parsing, glob resolution on the sorted vocabulary, scripts, errors."""

from __future__ import annotations

import fnmatch

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import framing as fr
from framing.dtm.patterns import (
    PatternError,
    compile_patterns,
    count_matrix,
    match_form,
    parse_pattern,
    pattern_columns,
    resolve,
)


def corpus_of(*texts: str, language: str | None = None) -> fr.Corpus:
    df = pd.DataFrame({"outlet": ["a"] * len(texts), "date": ["2022-03-01"] * len(texts), "text": list(texts)})
    if language:
        df["language"] = language
    return fr.from_dataframe(df)


VOCAB = np.array(sorted(["full-scale", "invade", "invaded", "invader's", "invasion", "invasions", "nato",
                         "sphere of influence", "spheres of influence", "spheres of interest", "war",
                         "zone of influence", "war of aggression"]), dtype=object)


# --- parsing --------------------------------------------------------------------------------------
def test_parse_alternatives_words_and_names():
    p = parse_pattern("invasion | invade* | sphere* of influence")
    assert p.name == "invasion | invade* | sphere* of influence"
    assert [a.words for a in p.alternatives] == [("invasion",), ("invade*",), ("sphere*", "of", "influence")]
    assert p.max_words == 3
    assert parse_pattern("Russia’s war").alternatives[0].words == ("Russia's", "war")


def test_compile_accepts_str_list_dict_and_patterns():
    assert [p.name for p in compile_patterns("war")] == ["war"]
    assert [p.name for p in compile_patterns(["war", "nato"])] == ["war", "nato"]
    named = compile_patterns({"INV": ["invasion", "invad*"], "SMO": "special military operation"})
    assert [p.name for p in named] == ["INV", "SMO"]
    assert [a.text for a in named[0].alternatives] == ["invasion", "invad*"]
    assert compile_patterns(named) == named
    assert compile_patterns("agresija", language="sr")[0].alternatives[0].language == "sr"


@pytest.mark.parametrize("bad, message", [
    ("", "empty pattern: give a word"),
    ("   ", "empty pattern: give a word"),
    ("invasion||war", r"pattern 'invasion\|\|war' has an empty alternative"),
    ("war|", "has an empty alternative"),
    # 'u.s.' is a token since issue 12 (acronyms keep their dots); a dot after a word never is
    ("nato.", r"word 'nato.' has a hyphen, apostrophe, dot or comma where a token has none"),
    ("(nato", r"word '\(nato' has the characters '\('"),
    ("-nato", "a hyphen, apostrophe, dot or comma where a token has none"),
])
def test_malformed_patterns_say_what_is_wrong(bad, message):
    with pytest.raises(PatternError, match=message):
        compile_patterns(bad)


@pytest.mark.parametrize("bad, message", [
    ([], "no patterns given"),
    (["war", "war"], r"pattern names must be unique; repeated: \['war'\]"),
    ({"x": 3}, "pattern 'x' must be a string or a non-empty list of strings, got 3"),
    (42, "patterns must be a string, a list of strings, a dict"),
    ([None], "a pattern must be a string, got NoneType"),
])
def test_bad_pattern_collections(bad, message):
    with pytest.raises(PatternError, match=message):
        compile_patterns(bad)


# --- resolution on the vocabulary ------------------------------------------------------------------
@pytest.mark.parametrize("form, expected", [
    ("invasion", ["invasion"]),
    ("invad*", ["invade", "invaded", "invader's"]),
    ("invasion?", ["invasions"]),
    ("*-scale", ["full-scale"]),
    ("sphere* of influence", ["sphere of influence", "spheres of influence"]),
    ("* of influence", ["sphere of influence", "spheres of influence", "zone of influence"]),
    ("spheres of *", ["spheres of influence", "spheres of interest"]),
    ("war", ["war"]),
    ("peace", []),
])
def test_match_form(form, expected):
    assert VOCAB[match_form(VOCAB, form)].tolist() == expected


def _brute_force(vocab: np.ndarray, form: str) -> list[str]:
    """Independent reference: fnmatch word by word, same number of words."""
    words = form.split(" ")
    out = []
    for term in vocab:
        parts = term.split(" ")
        if len(parts) == len(words) and all(
                (w == "*" and p) or (w != "*" and fnmatch.fnmatchcase(p, w)) for w, p in zip(words, parts)):
            out.append(term)
    return out


WORD = st.text(alphabet="abcз-", min_size=1, max_size=4).filter(lambda w: w[0] != "-" and w[-1] != "-")
GLOB = st.text(alphabet="abcз*?", min_size=1, max_size=4)


@settings(max_examples=60, deadline=None)
@given(vocab=st.lists(st.lists(WORD, min_size=1, max_size=2).map(" ".join), min_size=1, max_size=60, unique=True),
       form=st.lists(GLOB, min_size=1, max_size=2).map(" ".join))
def test_glob_resolution_equals_brute_force(vocab, form):
    vocab = np.array(sorted(vocab), dtype=object)
    assert vocab[match_form(vocab, form)].tolist() == _brute_force(vocab, form)


def test_large_slices_use_the_vectorised_path_and_agree():
    rng = np.random.default_rng(3)
    words = {"".join(rng.choice(list("abcdefgh"), size=rng.integers(2, 7))) for _ in range(20_000)}
    vocab = np.array(sorted(words), dtype=object)
    for form in ["a*", "*ab", "a?c*", "*"]:
        hits = vocab[match_form(vocab, form)].tolist()
        assert hits == [w for w in vocab if fnmatch.fnmatchcase(w, form)]
        assert len(hits) > 0


def test_alternatives_count_distinct_terms_once():
    dtm = fr.document_term_matrix(corpus_of("The invasion. An invasion and they invaded."), cache=False)
    names, counts = count_matrix(dtm, {"inv": "invasion|invas*|invad*"})
    assert names == ["inv"] and counts.tolist() == [[3.0]]


def test_phrases_cross_line_breaks_but_not_sentences():
    c = corpus_of("A special military\noperation began.", "It was special military. Operation over.")
    _, counts = count_matrix(fr.document_term_matrix(c, ngrams=3, cache=False), "special military operation")
    assert counts[:, 0].tolist() == [1.0, 0.0]


def test_one_pattern_finds_both_serbian_scripts(multilingual):
    dtm = fr.document_term_matrix(multilingual, ngrams=2, cache=False)
    docs = dtm.docs["doc_id"].tolist()
    for pattern in ["agresij*", "агресиј*", "Агресиј*"]:  # Latin; Cyrillic with ј → also transliterated
        _, counts = count_matrix(dtm, pattern)
        assert {docs[i] for i in np.flatnonzero(counts[:, 0])} == {"sr-cyr", "sr-lat"}, pattern
    _, counts = count_matrix(dtm, compile_patterns("сфер* утица*", language="sr"))
    assert {docs[i] for i in np.flatnonzero(counts[:, 0])} == {"sr-cyr", "sr-lat"}


def test_russian_and_ukrainian_patterns_match_as_written(multilingual):
    dtm = fr.document_term_matrix(multilingual, ngrams=3, cache=False)
    docs = dtm.docs["doc_id"].tolist()
    _, counts = count_matrix(dtm, {"smo": "специальн* военн* операци*", "uk": "вторгнення", "ua": "м'ясо"})
    assert [docs[i] for i in np.flatnonzero(counts[:, 0])] == ["ru-1", "ru-2"]
    assert [docs[i] for i in np.flatnonzero(counts[:, 1])] == ["uk-1"]
    assert [docs[i] for i in np.flatnonzero(counts[:, 2])] == ["uk-1"]  # ’ in the text, ' in the pattern


def test_cyrillic_pattern_without_language_gets_a_hint(multilingual):
    dtm = fr.document_term_matrix(multilingual, cache=False)
    with pytest.warns(fr.FramingWarning, match=r"matches no term.*'sfere' in Latin script: pass language='sr'"):
        assert count_matrix(dtm, "сфере")[1].sum() == 0


def test_no_match_lists_near_vocabulary_entries():
    dtm = fr.document_term_matrix(corpus_of("The invasion and the invasions; invading."), cache=False)
    with pytest.warns(fr.FramingWarning, match=r"pattern 'invasoin' matches no term in the vocabulary \(\d+ terms\)\. "
                                               r"Did you mean 'invasion', 'invasions'.*It counts 0\.$"):
        assert count_matrix(dtm, "invasoin")[1].tolist() == [[0.0]]
    with pytest.warns(fr.FramingWarning, match="No vocabulary entry looks similar"):
        count_matrix(dtm, "zzz*")


def test_phrase_longer_than_the_matrix_ngrams():
    corpus = corpus_of("special military operation")
    dtm = fr.document_term_matrix(corpus, ngrams=2, cache=False)
    assert count_matrix(dtm, {"smo": "special military operation"})[1].tolist() == [[1.0]]  # from its token stream
    bare = fr.document_term_matrix(corpus, ngrams=2, tokens=False, cache=False)
    with pytest.raises(PatternError, match=r"pattern 'smo' has a 3-word phrase but the matrix counts n-grams up "
                                           r"to 2 and kept no token stream; build it with "
                                           r"document_term_matrix\(corpus, tokens=True\)"):
        resolve(bare, {"smo": "special military operation"})


def test_corpus_gets_a_matrix_with_the_ngrams_the_patterns_need():
    dtm, compiled = resolve(corpus_of("spheres of influence"), ["war|spheres of influence", "nato"])
    assert dtm.options.ngrams == 3 and [p.max_words for p in compiled] == [3, 1]


def test_counting_on_a_built_matrix_never_tokenises(monkeypatch):
    dtm = fr.document_term_matrix(corpus_of("invasion war", "war"), cache=False)

    def boom(*args, **kwargs):
        raise AssertionError("tokenised again")

    import framing.corpus.text.tokenise
    import framing.dtm.matrix
    import framing.dtm.patterns
    monkeypatch.setattr(framing.corpus.text.tokenise, "tokenize_chunks", boom)
    monkeypatch.setattr(framing.dtm.matrix, "tokenize_chunks", boom)
    monkeypatch.setattr(framing.dtm.matrix, "document_term_matrix", boom)
    monkeypatch.setattr(framing.dtm.patterns, "document_term_matrix", boom)
    assert fr.term_rates(dtm, "invasion", n_boot=10)["count"].tolist() == [1]


def test_match_terms_and_pattern_counts_tables():
    c = corpus_of("The invasion began.", "They invaded; the invasion.")
    terms = fr.match_terms(c, {"inv": "invasion|invad*"})
    assert terms.columns.tolist() == ["pattern", "term", "column"]
    assert terms["term"].tolist() == ["invaded", "invasion"]
    dtm = fr.document_term_matrix(c)
    assert (dtm.vocab[terms["column"]] == terms["term"]).all()
    counts = fr.pattern_counts(dtm, {"inv": "invasion|invad*"})
    assert counts.to_dict("list") == {"doc_id": dtm.docs["doc_id"].tolist(), "pattern": ["inv", "inv"],
                                      "count": [1, 2]}


def test_sorted_vocabulary_assumption_holds(multilingual):
    # prefix search relies on Python's string order of the vocabulary, n-grams included
    vocab = fr.document_term_matrix(multilingual, ngrams=3, cache=False).vocab
    assert all(a < b for a, b in zip(vocab[:-1], vocab[1:]))
    assert pattern_columns(vocab, parse_pattern("sfer* uticaja")).size == 1


def test_regex_characters_are_literal_in_patterns():
    vocab = np.array(["a-b", "ab", "axb"], dtype=object)
    assert vocab[match_form(vocab, "a-b")].tolist() == ["a-b"]
    assert vocab[match_form(vocab, "a-*")].tolist() == ["a-b"]


def test_derived_values_are_computed_once_and_dropped_with_their_owner():
    import gc

    import framing._infra.cache
    import framing.dtm.patterns

    owner, calls = np.zeros(3), []

    def compute():
        calls.append(1)
        return len(calls)

    assert framing.dtm.patterns.derived(owner, "k", compute) == 1
    assert framing.dtm.patterns.derived(owner, "k", compute) == 1
    key = id(owner)
    del owner
    gc.collect()
    assert key not in framing._infra.cache._OWNERS


@pytest.mark.parametrize("word", ["nato's", "Kyiv-based", "м’ясо", "agresija", "NATO‐a", "u.s.", "-nato", "nato-",
                                  "x_y", "(nato", "ﬁnal", "2022"])
def test_pattern_word_check_agrees_with_the_tokeniser(word):
    from framing.dtm.patterns import FOLD_PUNCTUATION, TOKEN_SHAPE

    one_token = fr.tokenize(word) == [fr.normalize_term(word.translate(FOLD_PUNCTUATION))]
    assert (TOKEN_SHAPE.fullmatch(word.translate(FOLD_PUNCTUATION)) is not None) == one_token


def test_narrow_keeps_the_matched_columns_rows_and_lengths(multilingual):
    from framing.dtm.patterns import narrow

    dtm = fr.document_term_matrix(multilingual, ngrams=3, cache=False)
    small = narrow(dtm, {"inv": "invasion|invad*", "smo": "special military operation"})
    # the matched terms, found by hand in the full vocabulary
    wanted = [t for t in dtm.vocab if t == "invasion" or t.startswith("invad") and " " not in t
              or t == "special military operation"]
    assert small.vocab.tolist() == sorted(wanted)
    cols = [dtm.term_index(t) for t in small.vocab]
    assert (small.matrix.toarray() == dtm.matrix.toarray()[:, cols]).all()
    assert small.doc_lengths.tolist() == dtm.doc_lengths.tolist() and small.docs.equals(dtm.docs)
    patterns = ["invasion|invad*", "special military operation"]
    pd.testing.assert_frame_equal(fr.term_rates(small, patterns, n_boot=0), fr.term_rates(dtm, patterns, n_boot=0))
    with pytest.warns(fr.FramingWarning, match="blitzkrieg"):
        assert narrow(dtm, "blitzkrieg").vocab.tolist() == []
