"""Text pipeline across English, Russian, Ukrainian and Serbian (both scripts)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.corpus.text import (
    TextOptions,
    clean_boilerplate,
    count_tokens,
    detect_script,
    normalize_term,
    stopwords,
    to_latin,
    tokenize,
    tokenize_texts,
)

SEED_ARTICLE = "../../seed/geneva-2022-01-21.txt"
"""The article that motivated the project, beside the reference build; copyrighted: never shipped."""


def test_serbian_scripts_are_one_token():
    assert tokenize("Агресија", language="sr") == tokenize("Agresija", language="sr") == ["agresija"]
    assert tokenize("АГРЕСИЈА agresija", language="me") == ["agresija", "agresija"]


def test_transliteration_digraphs_and_montenegrin():
    assert to_latin("Љубав, њега, џем, ђак, ћерка, шта, жена, чекај") == \
        "Ljubav, njega, džem, đak, ćerka, šta, žena, čekaj"
    assert to_latin("С́утра З́ене", language="me") == "Śutra Źene"
    assert tokenize("ЉУБАВ Њега", language="sr") == ["ljubav", "njega"]


def test_transliteration_only_for_serbian_like_unless_asked():
    assert tokenize("агрессия", language="ru") == ["агрессия"]
    assert tokenize("агресија", language="en") == ["агресија"]
    assert tokenize("агресија", options=TextOptions(transliterate="always")) == ["agresija"]
    assert tokenize("агресија", language="sr", options=TextOptions(transliterate="never")) == ["агресија"]


def test_diacritics_apostrophes_hyphens_kept():
    assert tokenize("Čačak, đevrek; ёлка, Їжак, ґанок, м’ясо, пʼять") == \
        ["čačak", "đevrek", "ёлка", "їжак", "ґанок", "м'ясо", "п'ять"]
    assert tokenize("Kyiv-based analysts don't agree — so-called") == \
        ["kyiv-based", "analysts", "don't", "agree", "so-called"]


def test_urls_and_emails_dropped():
    assert tokenize("See https://en.kremlin.ru/events/1, www.example.org and press@whitehouse.gov now") == \
        ["see", "and", "now"]


def test_nfkc_and_case_folding():
    assert tokenize("ﬁnal STRASSE Straße ＮＡＴＯ") == ["final", "strasse", "strasse", "nato"]


def test_sentence_ends_are_boundaries():
    toks = tokenize_texts(["Special military. Operation now", "x"])
    assert toks.ids.tolist().count(-1) == 1
    assert toks.doc(0) == ["special", "military", "operation", "now"]
    assert toks.lengths().tolist() == [4, 1]


def test_tokens_vocab_sorted_and_offsets():
    toks = tokenize_texts(["b a", "", "c a"])
    assert toks.vocab.tolist() == ["a", "b", "c"]
    assert toks.offsets.tolist()[0] == 0 and [toks.doc(i) for i in range(3)] == [["b", "a"], [], ["c", "a"]]


def test_mixed_languages_in_one_call(multilingual):
    langs = multilingual.df["language"].tolist()
    toks = tokenize_texts(multilingual.texts, languages=langs)
    by_id = dict(zip(multilingual.df["doc_id"], range(len(multilingual))))
    assert toks.doc(by_id["sr-cyr"]) == toks.doc(by_id["sr-lat"])
    assert "специальная" in toks.doc(by_id["ru-1"])
    assert "вторгнення" in toks.doc(by_id["uk-1"])


def test_lemmatize_uses_document_language():
    opts = TextOptions(lemmatize=True)
    toks = tokenize_texts(["invasions began", "вторжения начались", "agresije"], languages=["en", "ru", "sr"],
                          options=opts)
    assert toks.doc(0)[0] == "invasion" and toks.doc(1)[0] == "вторжение" and toks.doc(2) == ["agresija"]


def test_stopwords_per_language():
    assert {"the", "of"} <= stopwords("en")
    assert {"и", "в"} <= stopwords("ru") and "і" in stopwords("uk")
    assert "i" in stopwords("sr") and "je" in stopwords("bs")
    assert stopwords("xx") == frozenset()


def test_detect_script_and_normalize_term():
    assert detect_script(["Агресија против", "agresija", "123"]).tolist() == ["Cyrl", "Latn", ""]
    assert normalize_term("Sfere  Утицаја", language="sr") == "sfere uticaja"


def test_count_tokens_matches_tokenize():
    texts = ["One two. Three!", "", "м’ясо і ґанок"]
    assert count_tokens(texts).tolist() == [len(tokenize(t)) for t in texts]


@pytest.mark.reference
def test_boilerplate_cleaner_on_seed_article():
    from conftest import reference_path

    raw = reference_path(SEED_ARTICLE).read_text(encoding="utf-8")
    clean = clean_boilerplate(raw)
    for furniture in ("6070 views", "comment(s)", "Photo: Reuters", "Bonus video", "Disclaimer:", "Lavrovphoto"):
        assert furniture in raw and furniture not in clean
    assert clean.startswith("Blinken: No significant progress")
    assert "spheres of influence" in clean and clean.count("\n\n\n") == 0


def test_boilerplate_in_serbian():
    text = "Naslov\n1.234 pregleda 5 komentar(a)\nFoto: Vijesti\nTekst.\nBonus video:\nsnimak"
    assert clean_boilerplate(text) == "Naslov\nTekst."


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Nd", "Zs", "Po", "Pd")), max_size=80))
def test_no_empty_tokens_and_lengths_agree(text):
    toks = tokenize(text)
    assert all(t for t in toks)
    assert count_tokens([text]).tolist() == [len(toks)]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="abcčćdđefghijklljmnnjoprsštuvzž -", max_size=60))
def test_transliteration_is_idempotent_on_latin(text):
    assert to_latin(text) == text
    assert to_latin(to_latin(text)) == to_latin(text)
