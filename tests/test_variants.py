"""Spelling variants (framing.terms.variants) and a user's stoplist (framing.terms.stoplist)."""

from __future__ import annotations

import re
from importlib import resources

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import framing as fr
from framing.terms.keyness import keyness
from framing.terms.stoplist import drop_terms, parse_term_list
from framing.terms.variants import (
    SETS,
    load_variants,
    merge_variants,
    parse_variants,
    respell,
    term_variants,
)


@pytest.fixture(scope="module")
def table():
    return load_variants()


def shipped_file(name: str) -> pd.DataFrame:
    """A shipped TSV read by pandas, not by framing (an independent reading)."""
    with resources.as_file(resources.files("framing") / "data" / "variants" / SETS[name]) as path:
        return pd.read_csv(path, sep="\t", comment="#", dtype=str, keep_default_na=False)


# --- the shipped tables ------------------------------------------------------------------------
def test_shipped_tables_equal_their_files_read_by_pandas(table):
    files = pd.concat([shipped_file(name) for name in SETS], ignore_index=True)
    assert list(files.columns[:3]) == ["variant", "canonical", "set"]
    assert (files.groupby("set").size().to_dict() == {"en-GB/en-US": 1772, "translit": 65})
    expected = files[["variant", "canonical", "set"]].sort_values(["canonical", "variant"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(table.astype(object), expected.astype(object))
    assert table["variant"].is_unique
    assert not set(table["variant"]) & set(table["canonical"]), "a canonical spelling is also a variant"
    assert (table["variant"] == table["variant"].str.lower()).all()


def test_en_gb_en_us_pairs_and_the_pairs_left_out(table):
    pairs = dict(zip(table["variant"], table["canonical"]))
    for gb, us in [("defence", "defense"), ("programme", "program"), ("organise", "organize"),
                   ("recognised", "recognized"), ("labour", "labor"), ("neighbour", "neighbor"),
                   ("favour", "favor"), ("centre", "center"), ("theatre", "theater"), ("co-operation", "cooperation"),
                   ("weaponisation", "weaponization"), ("civilisation", "civilization"), ("travelled", "traveled")]:
        assert pairs[gb] == us
    # the rare American forms lead to the form both varieties use
    assert pairs["dialog"] == "dialogue" and pairs["archeology"] == "archaeology"
    # different words are never joined: noun plurals, another unit, the American standard itself
    for word in ["analyses", "paralyses", "tonne", "buses", "gases", "bevvy", "tranquilly", "practice"]:
        assert word not in pairs


def test_translit_joins_spellings_of_one_name_never_renamings_or_languages(table):
    translit = table[table["set"] == "translit"]
    pairs = dict(zip(translit["variant"], translit["canonical"]))
    for old, new in [("kiev", "kyiv"), ("kharkov", "kharkiv"), ("odessa", "odesa"), ("lvov", "lviv"),
                     ("nikolaev", "mykolaiv"), ("zaporozhye", "zaporizhzhia"), ("donbass", "donbas"),
                     ("lugansk", "luhansk"), ("chernigov", "chernihiv"), ("zelensky", "zelenskyy")]:
        assert pairs[old] == new
    assert pairs["artemovsk"] == "artemivsk"  # a romanisation of the old name, not the renaming to Bakhmut
    assert pairs["dnepropetrovsk"] == "dnipropetrovsk" and "dnipropetrovsk" not in pairs  # not renamed to dnipro
    assert not {"bakhmut", "kropyvnytskyi"} & set(pairs.values())
    assert not any(re.search(r"[\u0400-\u04FF]", w) for w in [*pairs, *pairs.values()]), "no Cyrillic rows"
    assert "vladimir" not in pairs  # a name two people share


# --- a user's rows -----------------------------------------------------------------------------
def test_user_rows_are_added_and_decide_the_words_they_name():
    table = load_variants(extra={"Kyiv": "Kiev", "zelenskyy": "zelensky", "Ukrainia": "ukraine"})
    pairs = dict(zip(table["variant"], table["canonical"]))
    assert pairs["kyiv"] == "kiev" and "kiev" not in pairs  # the shipped kiev -> kyiv is replaced
    assert pairs["zelenskiy"] == "zelensky" and pairs["zelenskyy"] == "zelensky" and "zelensky" not in pairs
    assert pairs["ukrainia"] == "ukraine"
    assert table.loc[table["variant"] == "ukrainia", "set"].item() == "user"
    assert table.loc[table["variant"] == "zelenskiy", "set"].item() == "translit"


def test_user_rows_from_a_file_a_table_and_text(tmp_path):
    path = tmp_path / "mine.tsv"
    path.write_text("# my spellings\nvariant\tcanonical\tset\tnote\nKyjiw\tkyiv\tde\tGerman\n\nKijów\tkyiv\t\t\n",
                    encoding="utf-8")
    from_file = load_variants((), extra=path)
    assert from_file.to_dict("list") == {"variant": ["kijów", "kyjiw"], "canonical": ["kyiv", "kyiv"],
                                         "set": ["user", "de"]}
    frame = pd.DataFrame({"variant": ["Kyjiw", "Kijów"], "canonical": ["kyiv", "kyiv"]})
    assert load_variants([], extra=frame)["variant"].tolist() == ["kijów", "kyjiw"]
    text = "kyjiw, kyiv\nKijów -> Kyiv\nkiew → kyiv\nkijev  kyiv\n"
    assert parse_variants(text)["variant"].tolist() == ["kyjiw", "kijów", "kiew", "kijev"]


@pytest.mark.parametrize("text, message", [
    ("kiev, kyiv\nkiev regime, kyiv regime\n", r"mine line 2: the variant 'kiev regime' is not a single word"),
    ("kiev, kyiv\n\n# x\nkiev, kyjiw\n", r"mine line 4: 'kiev' is mapped to 'kyjiw' here and to 'kyiv' at mine line 1"),
    ("kiev, kyiv\nkyiv, kyjiw\n", r"mine line 1: the canonical 'kyiv' is itself a variant of 'kyjiw' \(mine line 2\); "
                                  r"map 'kiev' to 'kyjiw' directly"),
    ("Kiev, kiev\n", r"mine line 1: variant and canonical are both 'kiev'"),
    ("kiev, \n", r"mine line 1: the canonical is empty"),
    ("kiev, kyiv, translit, extra\n", r"mine line 1: 4 fields \('kiev, kyiv, translit, extra'\) where 3 are expected"),
    ("kiev\n", r"mine line 1: 1 fields \('kiev'\) where 2 are expected \(variant, canonical\)"),
    ("variant\tspelling\nkiev\tkyiv\n", r"mine line 1: the header names the columns \['variant', 'spelling'\]"),
    ("kiev, <kyiv>\n", r"mine line 1: the canonical '<kyiv>' is not a single word"),
])
def test_bad_rows_name_the_line(text, message):
    with pytest.raises(fr.ArgumentError, match=message):
        parse_variants(text, source="mine")


def test_bad_user_tables_name_the_row_entry_or_file(tmp_path):
    with pytest.raises(fr.ArgumentError, match=r"variants table row 1: the variant 'new york' is not a single word"):
        load_variants(extra=pd.DataFrame({"variant": ["kiev", "new york"], "canonical": ["kyiv", "nyc"]}))
    with pytest.raises(fr.ArgumentError, match=r"needs the columns variant and canonical .* it has \['from', 'to'\]"):
        load_variants(extra=pd.DataFrame({"from": ["kiev"], "to": ["kyiv"]}))
    with pytest.raises(fr.ArgumentError, match=r"variants entry 'x': the canonical is empty"):
        load_variants(extra={"x": None})
    with pytest.raises(fr.ArgumentError, match=r"variants file '.*nope.tsv' does not exist"):
        load_variants(extra=tmp_path / "nope.tsv")
    with pytest.raises(fr.ArgumentError, match=r"unknown variant set 'en-AU'; the shipped sets are"):
        load_variants(["en-AU"])
    bad = tmp_path / "bad.tsv"
    bad.write_text("kiev\tkyiv\nodessa\todesa\tx\ty\n", encoding="utf-8")
    with pytest.raises(fr.ArgumentError, match=r"bad.tsv line 2: 4 fields"):
        load_variants(extra=bad)


# --- merging -----------------------------------------------------------------------------------
MESSY = [
    ("e1", "wire.example", "2022-03-01", "en",
     "<p>KIEV's defence ministry said the Kiev regime's programme of co-operation was organised in Kiev.</p> "
     "The Kiev-based centre. Odessa & Kharkov. Kyiv too. aGVsbG8gd29ybGQgdGhpcyBpcyBiYXNlNjQgZGF0YQ== "),
    ("e2", "wire.example", "2022-03-02T10:00:00Z", "en",
     "**Kyiv** said the Kyiv regime's program of cooperation was organized in Kyiv; the Kyiv-based center. "
     "Zelensky, Zelenskiy and Zelenskyy met. Donbass; Donbas. https://kiev.example/news?q=Kiev"),
    ("e3", "post.example", "March 3, 2022", "en",
     "Labour and labor; favour, favours and favor. The Neighbour's theatre. Kiev_2022 Kiev2022 anti-Kiev. "
     "Defence of Kiev. Defense of Kyiv. The Kiev regime, the Kyiv regime, the Kiev regime."),
    ("r1", "ria.example", "2022-03-01", "ru", "Киев и Харьков. Удары по Киеву; киевский режим."),
    ("u1", "pravda.example", "2022-03-02", "uk", "Київ і Харків. М'ясо й ґанок; київський режим."),
    ("s1", "vijesti.example", "2022-03-03", "sr", "Кијев и Харков. Kijev i Harkov; odbrana Kijeva."),
    ("e4", "post.example", "2022-03-04", "en", "Nothing to merge here at all; only words."),
]


def messy_corpus(rewrite: dict[str, str] | None = None) -> fr.Corpus:
    frame = pd.DataFrame(MESSY, columns=["doc_id", "outlet", "date", "language", "text"])
    if rewrite is not None:
        frame["text"] = frame["text"].map(lambda text: respelt_text(text, rewrite))
    return fr.from_dataframe(frame.assign(title=frame["doc_id"]))


def respelt_text(text: str, words: dict[str, str]) -> str:
    """The text with every word of ``words`` replaced by its canonical spelling (a regex over the raw text)."""
    alternation = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    word = re.compile(rf"(?<![^\W_])({alternation})(?![^\W_])", re.IGNORECASE)
    return word.sub(lambda m: words[m.group(1).casefold()], text)


@pytest.mark.parametrize("options", [
    {"ngrams": 1}, {"ngrams": 3}, {"ngrams": 2, "stopwords": "auto"}, {"ngrams": 2, "stopwords": "en", "tokens": False},
])
def test_merged_matrix_equals_the_matrix_of_the_rewritten_texts(table, options):
    words = dict(zip(table["variant"], table["canonical"]))
    merged = merge_variants(fr.document_term_matrix(messy_corpus(), cache=False, **options), table)
    rewritten = fr.document_term_matrix(messy_corpus(words), cache=False, **options)
    assert merged.vocab.tolist() == rewritten.vocab.tolist()
    assert merged.matrix.dtype == np.int64 and merged.matrix.has_sorted_indices
    assert (merged.matrix != rewritten.matrix).nnz == 0
    assert np.array_equal(merged.doc_lengths, rewritten.doc_lengths)
    if options.get("tokens", True):
        assert merged.tokens.vocab.tolist() == rewritten.tokens.vocab.tolist()
        assert np.array_equal(merged.tokens.ids, rewritten.tokens.ids)
        assert np.array_equal(merged.tokens.offsets, rewritten.tokens.offsets)
    else:
        assert merged.tokens is None
    assert merged.options == rewritten.options
    pd.testing.assert_frame_equal(merged.docs, rewritten.docs)


WORDS = ["Kiev", "KYIV", "Kiev's", "Kyiv’s", "Kiev-based", "defence", "Defense", "the", "regime", "co-operation",
         "cooperation", "war", "Odessa.", "Odesa;", "Харьков", "and"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12), min_size=1, max_size=5))
def test_merging_random_texts_equals_rewriting_them(docs):
    words = {"kiev": "kyiv", "defence": "defense", "co-operation": "cooperation", "odessa": "odesa"}
    frame = pd.DataFrame({"outlet": "a", "date": "2022-03-01", "text": [f"{i}. " + " ".join(d) for i, d in enumerate(docs)]})
    merged = merge_variants(fr.document_term_matrix(fr.from_dataframe(frame), ngrams=2, cache=False), words)
    frame["text"] = frame["text"].map(lambda text: respelt_text(text, words))
    rewritten = fr.document_term_matrix(fr.from_dataframe(frame), ngrams=2, cache=False)
    assert merged.vocab.tolist() == rewritten.vocab.tolist() and (merged.matrix != rewritten.matrix).nnz == 0
    assert np.array_equal(merged.tokens.ids, rewritten.tokens.ids)


def test_merged_counts_by_hand(table):
    merged = merge_variants(fr.document_term_matrix(messy_corpus(), ngrams=2, cache=False), table)
    assert merged.count("kyiv regime's") == 2 and merged.count("kyiv regime") == 3
    raw = re.sub(r"https://\S+", "", " ".join(t for *_, lang, t in MESSY if lang == "en"))
    alone = r"(?<![^\W_])(?<!['\-])(?:kiev|kyiv)(?![^\W_]|['\-])"  # not inside kyiv's, kyiv-based, kiev2022
    assert merged.count("kyiv") == len(re.findall(alone, raw, flags=re.IGNORECASE)) == 12
    assert merged.count("zelenskyy") == 3 and merged.count("donbas") == 2 and merged.count("defense") == 3
    assert merged.count("kiev") == merged.count("zelensky") == 0
    # other languages keep their words: Киев (ru) and Київ (uk) stay apart, Serbian stays Latin
    assert merged.count("киев") == 1 and merged.count("київ") == 1 and merged.count("kijev") == 2


def test_merge_respects_the_matrix_transliteration():
    corpus = fr.from_dataframe(pd.DataFrame({"outlet": ["a"], "date": ["2022-03-01"], "text": ["Кијев и Kijev."]}))
    dtm = fr.document_term_matrix(corpus, text=fr.TextOptions(transliterate="always"), cache=False)
    merged = merge_variants(dtm, {"Кијев": "kyiv"})
    assert merged.vocab.tolist() == ["i", "kyiv"] and merged.count("kyiv") == 2


def test_merge_without_change_returns_the_matrix_and_otherwise_marks_the_fingerprint(table):
    dtm = fr.document_term_matrix(messy_corpus(), cache=False)
    assert merge_variants(dtm, {"nowhere": "somewhere"}) is dtm
    merged = merge_variants(dtm, table)
    assert merged.fingerprint.startswith(dtm.fingerprint + "+variants:")
    assert merge_variants(dtm, table).fingerprint == merged.fingerprint
    assert merge_variants(dtm, {"kiev": "kyiv"}).fingerprint != merged.fingerprint
    # a variant only in the token stream (a stopword of the matrix) is respelt there: phrases count it
    no_kiev = fr.document_term_matrix(messy_corpus(), stopwords=["kiev", "kyiv"], cache=False)
    respelt = merge_variants(no_kiev, {"kiev": "kyiv"})
    assert "kyiv" not in set(respelt.vocab) and "kiev" not in set(respelt.tokens.vocab)
    assert fr.pattern_counts(respelt, "kyiv regime")["count"].sum() == 3 + 2  # and "kyiv regime's" twice


def test_keyness_of_a_spelling_split_vanishes_after_merging(table):
    a = ["Kiev talks resumed; the aggression continued near Kiev.", "In Kiev the aggression went on, Kiev said."]
    b = [t.replace("Kiev", "Kyiv").replace("aggression", "operation") for t in a]
    texts = [f"Report {i}. {side[i % 2]}" for side in (a, b) for i in range(30)]
    corpus = fr.from_dataframe(pd.DataFrame({"outlet": ["a"] * 30 + ["b"] * 30, "date": ["2022-03-01"] * 60,
                                             "text": texts}))
    dtm = fr.document_term_matrix(corpus, cache=False)
    before = keyness(dtm, target="a", reference="b", min_freq=1, stopwords=None).set_index("term")
    assert before.loc["kiev", "q"] < 1e-3 and before.loc["kyiv", "q"] < 1e-3
    after = keyness(merge_variants(dtm, table), target="a", reference="b", min_freq=1, stopwords=None).set_index("term")
    assert "kiev" not in after.index
    kyiv = after.loc["kyiv"]
    assert kyiv["count_a"] == kyiv["count_b"] == 60  # 2 per document, counted by hand
    assert kyiv["log_odds_z"] == 0 and kyiv["q"] == 1
    for word in ("aggression", "operation"):  # real differences stay, their statistics untouched
        assert after.loc[word, "log_odds_z"] == before.loc[word, "log_odds_z"] and after.loc[word, "q"] < 0.05


def test_respell_and_the_spellings_of_a_merged_term(table):
    words = dict(zip(table["variant"], table["canonical"]))
    assert [respell(t, words) for t in ["kiev-based", "kiev's", "anti-kiev", "kievan", "co-operation", "ivano-frankovsk's"]] \
        == ["kyiv-based", "kyiv's", "anti-kyiv", "kievan", "cooperation", "ivano-frankivsk's"]
    assert term_variants("kyiv regime", table) == ["kyiv regime", "kiev regime"]
    spellings = term_variants("zelenskyy's defense", table)
    assert spellings[:2] == ["zelenskyy's defense", "zelenskyy's defence"] and "zelensky's defence" in spellings
    assert len(set(spellings)) == len(spellings) == 5 * 2
    assert term_variants("Kyiv-based", table) == ["kyiv-based", "kiev-based"]


# --- a user's stoplist -------------------------------------------------------------------------
def test_parse_term_list_normalises_and_keeps_order():
    text = "Said, TOLD,,  said\n# reporting verbs, not these\nPrime   Minister\n\nм’ясо , Kyiv's"
    assert parse_term_list(text) == ["said", "told", "prime minister", "м'ясо", "kyiv's"]
    assert parse_term_list("") == []
    with pytest.raises(fr.ArgumentError, match=r"stoplist line 2: '\"war\"' has '\"war\"', which is not a word"):
        parse_term_list("said\n\"war\", peace")


def test_drop_terms_follows_the_stopword_rule_and_keeps_every_statistic(table):
    corpus = messy_corpus()
    dtm = fr.document_term_matrix(corpus, ngrams=2, cache=False)
    dropped = drop_terms(dtm, parse_term_list("the, Kiev regime"))
    gone = set(dtm.vocab) - set(dropped.vocab)
    assert gone == {t for t in dtm.vocab if t == "kiev regime" or t.split(" ")[0] == "the" or t.split(" ")[-1] == "the"}
    assert np.array_equal(dropped.doc_lengths, dtm.doc_lengths) and dropped.tokens is dtm.tokens
    kept = [dtm.term_index(t) for t in dropped.vocab]
    assert (dropped.matrix != dtm.matrix[:, kept]).nnz == 0 and dropped.matrix.has_sorted_indices
    # the same table as keyness's own stopwords= for one-word entries, q included
    ours = keyness(drop_terms(dtm, ["the", "said"]), by="outlet", target="wire.example", min_freq=1, stopwords=None)
    theirs = keyness(dtm, by="outlet", target="wire.example", min_freq=1, stopwords=["the", "said"])
    pd.testing.assert_frame_equal(ours, theirs)
    assert drop_terms(dtm, []) is dtm and drop_terms(dtm, ["absent"]) is dtm
