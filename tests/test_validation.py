"""Validation by people: intrusion items and precision, coding samples, codebooks, α, precision/recall/F1.

Every number is computed by hand in the comments (Chang et al. 2009 for the intrusion scores,
Krippendorff 2011 for α) or by an independent implementation (the ``krippendorff`` package on
resampled tables); answer files are written here as text, as a coder's spreadsheet would be.
"""

from __future__ import annotations

import math
import warnings
from types import SimpleNamespace

import krippendorff
import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing.stats.bootstrap import group_stream
from framing.validation import (
    Codebook,
    codebook_from_dictionary,
    coder_agreement,
    compare_codes,
    dictionary_codes,
    draw_coding_sample,
    intrusion_precision,
    load_codebook,
    read_codes,
    read_intrusion_answers,
    topic_codes,
    topic_intrusion_items,
    word_intrusion_items,
)
from framing.validation.agreement import alpha_from_sums, coincidences
from framing.validation.intrusion import word_candidates


def write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


# --- intrusion items ---------------------------------------------------------------------------
PHI = np.array([[.30, .25, .20, .10, .05, .04, .03, .02, .01, .00],    # topic 0: a b c d
                [.00, .01, .02, .03, .04, .05, .10, .20, .25, .30],    # topic 1: j i h g
                [.01, .02, .30, .25, .20, .10, .05, .04, .02, .01]])   # topic 2: c d e f
VOCAB = np.array(list("abcdefghij"))


def toy_model(theta: np.ndarray | None = None):
    theta = np.array([[.6, .3, .1], [.1, .2, .7], [.2, .75, .05], [.5, .1, .4]]) if theta is None else theta
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(theta))]})
    return SimpleNamespace(topic_term_=PHI, doc_topic_=theta, dtm=SimpleNamespace(vocab=VOCAB, docs=docs))


def test_intruder_candidates_are_top_elsewhere_and_rare_here():
    # topic 0 (own a b c): pool = top-3 of topic 1 (j i h) and of topic 2 (c d e) less its own: d e h i j,
    # p(w|0) = .10 .05 .02 .01 .00, median .02 -> h i j
    assert word_candidates(PHI, 0, 3) == [(7, 1), (8, 1), (9, 1)]
    # topic 2 (own c d e): pool a b (topic 0), h i j (topic 1); p(w|2) = .01 .02 .04 .02 .01, median .02 -> a b i j
    assert word_candidates(PHI, 2, 3) == [(0, 0), (1, 0), (8, 1), (9, 1)]


def test_word_intrusion_items_show_top_words_plus_an_intruder_and_are_seeded():
    items = word_intrusion_items(toy_model(), n_words=3, n_items=2, seed=7)
    assert items["item"].tolist() == ["word-0-0", "word-0-1", "word-1-0", "word-1-1", "word-2-0", "word-2-1"]
    for _, row in items.iterrows():
        top = set(VOCAB[np.argsort(-PHI[row["topic"]], kind="stable")[:3]])
        assert set(row["options"]) == top | {row["intruder"]} and len(row["options"]) == 4
        assert row["intruder"] not in top
        col = int(np.flatnonzero(VOCAB == row["intruder"])[0])
        assert (col, row["intruder_topic"]) in word_candidates(PHI, row["topic"], 3)
    assert items.groupby("topic")["intruder"].nunique().tolist() == [2, 2, 2]   # drawn without replacement
    assert word_candidates(np.ones((2, 3)) / 3, 0, 3) == []      # nothing outside a topic's own words
    again = word_intrusion_items(toy_model(), n_words=3, n_items=2, seed=7)
    pd.testing.assert_frame_equal(items, again)
    other = word_intrusion_items(toy_model(), n_words=3, n_items=2, seed=8)
    assert other["options"].tolist() != items["options"].tolist()


def test_word_intrusion_without_intruders_says_what_to_change():
    with pytest.raises(fr.ArgumentError, match=r"topic 0 has 3 possible intruder\(s\) for n_items=4"):
        word_intrusion_items(toy_model(), n_words=3, n_items=4)


def test_topic_intrusion_items_add_a_low_share_topic():
    theta = np.array([[.4, .3, .2, .06, .04], [.05, .1, .15, .3, .4], [.2, .2, .2, .2, .2]])
    phi = np.tile(PHI[:1], (5, 1))
    model = SimpleNamespace(topic_term_=phi, doc_topic_=theta,
                            dtm=SimpleNamespace(vocab=VOCAB, docs=pd.DataFrame({"doc_id": ["x", "y", "z"]})))
    items = topic_intrusion_items(model, n_docs=3, n_topics=2, seed=1)
    assert items["item"].tolist() == ["topic-x", "topic-y", "topic-z"]
    # low topics start at rank max(2, ceil(5/2)) = 3: the two smallest shares
    assert items.loc[0, "intruder"] in (3, 4) and items.loc[1, "intruder"] in (1, 0)
    assert set(items.loc[0, "options"]) == {0, 1, items.loc[0, "intruder"]}
    assert items.loc[1, "topic"] == 4
    shares = dict(zip(items.loc[1, "options"], items.loc[1, "shares"]))
    assert shares == {t: theta[1, t] for t in items.loc[1, "options"]}
    assert items.loc[0, "labels"][0].startswith(f"{items.loc[0, 'options'][0]}: a, b, c")
    with pytest.raises(fr.ArgumentError, match="more than 5 topics; this one has 5"):
        topic_intrusion_items(model, n_topics=5)


# --- intrusion precision on fixed answer files ------------------------------------------------------
def hand_items() -> pd.DataFrame:
    rows = [("word-0-0", "word", 0, "", ("war", "tank", "gas", "army"), "gas", 1, (), ()),
            ("word-0-1", "word", 0, "", ("oil", "war", "tank", "army"), "oil", 1, (), ()),
            ("word-1-0", "word", 1, "", ("gas", "oil", "tank", "price"), "tank", 0, (), ()),
            ("topic-d1", "topic", 0, "d1", (0, 1, 2, 3), 3, 3, ("0: a", "1: b", "2: c", "3: d"), (.5, .3, .15, .05)),
            ("topic-d2", "topic", 0, "d2", (2, 0, 1, 3), 2, 2, ("2: c", "0: a", "1: b", "3: d"), (.1, .6, .2, .1))]
    return pd.DataFrame(rows, columns=["item", "task", "topic", "doc_id", "options", "intruder", "intruder_topic",
                                       "labels", "shares"])


@pytest.fixture
def answer_files(tmp_path):
    head = "coder,item,answer,answered_at\n"
    anna = write(tmp_path / "anna.csv", head + "anna,word-0-0,gas,\nanna,word-0-1,war,\nanna,word-1-0,tank,\n"
                                              "anna,topic-d1,3,\nanna,topic-d2,1,\n")
    ben = write(tmp_path / "ben.csv", head + "ben,word-0-0,gas,\nben,word-0-1,oil,\nben,word-1-0,gas,\n"
                                            "ben,topic-d1,1,\nben,topic-d2,2,\n")
    return [anna, ben]


def test_intrusion_precision_on_a_fixed_answer_file(answer_files):
    answers = read_intrusion_answers(answer_files, hand_items())
    assert answers.shape == (10, 3) and set(answers["coder"]) == {"anna", "ben"}
    table = intrusion_precision(answers, hand_items(), n_boot=1000, seed=3)
    word = table[table["task"] == "word"].set_index("level")
    # topic 0: anna 1 of 2, ben 2 of 2 -> MP_0 = 3/4; topic 1: 1 of 2 -> MP_1 = 1/2; model: their mean
    assert word.loc["topic", "precision"].tolist() == [0.75, 0.5]
    assert word.loc["topic", "answers"].tolist() == [4, 2] and word.loc["topic", "correct"].tolist() == [3, 1]
    assert word.loc["model", "precision"] == pytest.approx(0.625)
    # the model's interval resamples the two topics: means of (.75, .75), (.75, .5), (.5, .5)
    assert (word.loc["model", "precision_lo"], word.loc["model", "precision_hi"]) == (0.5, 0.75)
    # topic 1 has one item: nothing to resample; topic 0's items score 1/2 and 2/2
    assert (word.loc["topic", "precision_lo"].tolist(), word.loc["topic", "precision_hi"].tolist()) == \
        ([0.5, 0.5], [1.0, 0.5])
    topic = table[table["task"] == "topic"].iloc[0]
    assert topic["level"] == "model" and topic["precision"] == 0.5 and pd.isna(topic["topic"])
    # TLO_d = mean over coders of log θ(intruder) − log θ(picked): d1 (0 + log .05/.3)/2, d2 (log .1/.2 + 0)/2
    tlo = (math.log(.05 / .3) / 2 + math.log(.1 / .2) / 2) / 2
    assert topic["tlo"] == pytest.approx(tlo)
    assert topic["tlo_lo"] == pytest.approx(math.log(.05 / .3) / 2) and topic["tlo_hi"] == pytest.approx(
        math.log(.1 / .2) / 2)
    assert word["tlo"].isna().all()
    pd.testing.assert_frame_equal(table, intrusion_precision(answers, hand_items(), n_boot=1000, seed=3))


def test_intrusion_answer_files_are_checked(tmp_path):
    items = hand_items()
    head = "coder,item,answer\n"
    with pytest.raises(fr.CodingError, match=r"x\.csv, line 1: missing column\(s\) \['answer'\]"):
        read_intrusion_answers(write(tmp_path / "x.csv", "coder,item\nanna,word-0-0\n"), items)
    with pytest.raises(fr.CodingError, match=r"x\.csv, line 3, field 'item': 'word-9-0' is not one of the 5 items"):
        read_intrusion_answers(write(tmp_path / "x.csv", head + "anna,word-0-0,gas\nanna,word-9-0,gas\n"), items)
    with pytest.raises(fr.CodingError, match=r"line 2, field 'answer': 'tanks' was not offered by item 'word-0-0'"):
        read_intrusion_answers(write(tmp_path / "x.csv", head + "anna,word-0-0,tanks\n"), items)
    with pytest.raises(fr.CodingError, match=r"line 2, field 'coder': the file holds the answers of 'anna', not 'ben'"):
        read_intrusion_answers(write(tmp_path / "x.csv", head + "anna,word-0-0,gas\n"), items, coder="ben")
    with pytest.raises(fr.CodingError, match=r"line 3, field 'item': 'word-0-0' is answered twice \(first on line 2\)"):
        read_intrusion_answers(write(tmp_path / "x.csv", head + "anna,word-0-0,gas\nanna,word-0-0,war\n"), items)
    with pytest.raises(fr.CodingError, match="does not exist"):
        read_intrusion_answers(tmp_path / "missing.csv", items)


# --- coding sample ---------------------------------------------------------------------------------
def small_corpus() -> fr.Corpus:
    rows = [(f"{o}-{i}", o, pd.Timestamp("2022-01-03") + pd.Timedelta(days=9 * i), f"text {o} {i}")
            for o, n in (("a", 12), ("b", 5)) for i in range(n)]
    return fr.from_dataframe(pd.DataFrame(rows, columns=["doc_id", "outlet", "date", "text"]))


def test_coding_sample_is_stratified_by_outlet_and_period_and_seeded():
    corpus = small_corpus()
    sample = draw_coding_sample(corpus, 2, by="outlet", period="M", seed=4)
    docs, full = sample.df, corpus.df
    strata = full["outlet"] + " / " + full["date"].dt.to_period("M").dt.start_time.dt.strftime("%Y-%m-%d")
    sizes = strata.value_counts()
    drawn = docs["stratum"].value_counts()
    assert drawn.to_dict() == {s: min(2, n) for s, n in sizes.items()}
    assert set(docs["doc_id"]) <= set(full["doc_id"])
    for stratum, weight in docs.groupby("stratum")["weight"].first().items():
        assert weight == sizes[stratum] / drawn[stratum]
    for _, row in docs.iterrows():        # each document is in the stratum it was drawn for
        assert strata[full["doc_id"] == row["doc_id"]].item() == row["stratum"]
    assert docs["doc_id"].tolist() == draw_coding_sample(corpus, 2, by="outlet", period="M", seed=4).df["doc_id"].tolist()
    assert docs["doc_id"].tolist() != draw_coding_sample(corpus, 2, by="outlet", period="M", seed=5).df["doc_id"].tolist()
    assert docs["doc_id"].tolist() != sorted(docs["doc_id"])  # shown in a random order
    whole = draw_coding_sample(corpus, 100, by=None, period=None)
    assert sorted(whole.df["doc_id"]) == sorted(full["doc_id"]) and set(whole.df["weight"]) == {1.0}


def test_coding_sample_bad_arguments():
    with pytest.raises(fr.ArgumentError, match="n .documents per stratum. must be a whole number ≥ 1, got 0"):
        draw_coding_sample(small_corpus(), 0)
    with pytest.raises(fr.ArgumentError, match=r"cannot group by \['language'\]"):
        draw_coding_sample(small_corpus(), 2, by="language")


# --- codebook ----------------------------------------------------------------------------------------
def test_the_shipped_codebook_has_the_dictionarys_frames():
    book = load_codebook("ukraine")
    assert book.frame_names == fr.load_dictionary("ukraine").concept_names
    assert all(len(d) > 40 for d in book.definitions.values()) and book.instructions
    assert book.examples["INVASION"].startswith("Russia's invasion")
    from_dict = codebook_from_dictionary(fr.load_dictionary("ukraine"))
    assert from_dict.definitions["AGGRESSION"] == "The war named as aggression, or Russia as the aggressor."


def test_bad_codebooks_name_file_line_and_field(tmp_path):
    path = write(tmp_path / "book.yaml", "name: x\nframes:\n  WAR:\n    definition: A war.\n  PEACE:\n    example: p\n")
    with pytest.raises(fr.CodingError, match=r"book\.yaml, line 6, frame 'PEACE': give the frame's 'definition'"):
        load_codebook(path)
    write(path, "frames:\n  WAR:\n    definition: A war.\n    colour: red\n")
    with pytest.raises(fr.CodingError, match=r"line 3, frame 'WAR': unknown field\(s\) \['colour'\]"):
        load_codebook(path)
    write(path, "frames:\n  war:\n    definition: A war.\n")
    with pytest.raises(fr.CodingError, match=r"line 3, frame 'war': a frame name is upper-case"):
        load_codebook(path)
    write(path, "name: x\n")
    with pytest.raises(fr.CodingError, match="a codebook needs a 'frames' mapping"):
        load_codebook(path)
    with pytest.raises(fr.CodingError, match=r"no codebook 'nope': shipped ones are \['ukraine'\]"):
        load_codebook("nope")


# --- codes, α, precision/recall/F1 ----------------------------------------------------------------
BOOK = Codebook("demo", {"WAR": "It is a war.", "PEACE": "It calls for peace."})


def test_codes_round_trip_through_a_csv_file(tmp_path):
    path = write(tmp_path / "anna.csv", "coder,doc_id,frames,answered_at\nanna,d1,WAR;PEACE,t\nanna,d2,,t\n"
                                        "anna,d3,PEACE,t\n")
    codes = read_codes(path, BOOK, coder="anna")
    assert codes.values.tolist() == [["anna", "d1", "WAR", 1], ["anna", "d1", "PEACE", 1], ["anna", "d2", "WAR", 0],
                                     ["anna", "d2", "PEACE", 0], ["anna", "d3", "WAR", 0], ["anna", "d3", "PEACE", 1]]


def test_bad_code_files_name_file_line_and_field(tmp_path):
    with pytest.raises(fr.CodingError, match=r"a\.csv, line 1: missing column\(s\) \['frames'\]"):
        read_codes(write(tmp_path / "a.csv", "coder,doc_id\nanna,d1\n"), BOOK)
    with pytest.raises(fr.CodingError, match=r"a\.csv, line 3, field 'frames': 'WARS' is not a frame of codebook "
                                             r"'demo'; its frames are \['WAR', 'PEACE'\]"):
        read_codes(write(tmp_path / "a.csv", "coder,doc_id,frames\nanna,d1,WAR\nanna,d2,WARS\n"), BOOK)
    with pytest.raises(fr.CodingError, match=r"line 2, field 'coder': the file holds the answers of 'anna', not 'ben'"):
        read_codes(write(tmp_path / "a.csv", "coder,doc_id,frames\nanna,d1,WAR\n"), BOOK, coder="ben")
    with pytest.raises(fr.CodingError, match=r"line 3, field 'coder': 'ben', but earlier lines are by 'anna'"):
        read_codes(write(tmp_path / "a.csv", "coder,doc_id,frames\nanna,d1,WAR\nben,d2,WAR\n"), BOOK)
    with pytest.raises(fr.CodingError, match=r"line 2, field 'doc_id': empty"):
        read_codes(write(tmp_path / "a.csv", "coder,doc_id,frames\nanna,,WAR\n"), BOOK)
    write(tmp_path / "b.csv", "coder,doc_id,frames\nanna,d2,PEACE\n")
    with pytest.raises(fr.CodingError, match="both hold the answers of coder 'anna'"):
        read_codes([write(tmp_path / "a.csv", "coder,doc_id,frames\nanna,d1,WAR\n"), tmp_path / "b.csv"], BOOK)


def alpha_table() -> pd.DataFrame:
    """Three coders, five documents; NaN: not coded (d5 has one coder: not pairable)."""
    table = {"a": [1, 1, 0, 0, 1], "b": [1, 0, 0, 1, np.nan], "c": [1, np.nan, 0, 0, np.nan]}
    rows = [(coder, f"d{i + 1}", "WAR", v) for coder, values in table.items() for i, v in enumerate(values)
            if not np.isnan(v)]
    return pd.DataFrame(rows, columns=["coder", "doc_id", "frame", "present"])


def test_alpha_equals_the_library_and_the_hand_computed_value():
    # coincidences: d1 (1,1,1) o01=0; d2 (1,0) o01=1·1/1; d3 (0,0,0) 0; d4 (0,1,0) o01=2·1/2=1
    # n0 = 0+1+3+2 = 6, n1 = 3+1+0+1 = 5, n = 11: α = 1 − (n−1)·o01/(n0·n1) = 1 − 10·2/30 = 1/3
    table = coder_agreement(alpha_table(), n_boot=0)
    row = table.iloc[0]
    assert row["alpha"] == pytest.approx(1 / 3)
    library = krippendorff.alpha(reliability_data=[[1, 1, 0, 0, 1], [1, 0, 0, 1, np.nan], [1, np.nan, 0, 0, np.nan]],
                                 level_of_measurement="nominal")
    assert library == pytest.approx(1 / 3)
    assert (row["docs"], row["coders"], row["values"]) == (4, 3, 11)
    assert row["agreement"] == pytest.approx(1 - 2 * 2 / 11)   # 7 of the 11 pairable values' pairs agree
    assert np.isnan(row["alpha_lo"]) and np.isnan(row["alpha_hi"])


def test_the_coincidence_formula_matches_the_library_on_random_tables():
    rng = np.random.default_rng(0)
    for _ in range(25):
        table = rng.integers(0, 2, size=(12, 3)).astype(float)
        table[rng.random(table.shape) < 0.2] = np.nan
        sums = coincidences(table).sum(axis=0)[None, :]
        expected = krippendorff.alpha(reliability_data=table.T, level_of_measurement="nominal",
                                      value_domain=[0, 1])
        assert alpha_from_sums(sums)[0] == pytest.approx(expected, nan_ok=True)


def test_alpha_interval_is_the_percentile_interval_of_the_library_on_resampled_documents():
    codes = alpha_table()
    pairable = ["d1", "d2", "d3", "d4"]
    wide = codes.pivot(index="doc_id", columns="coder", values="present").loc[pairable].to_numpy(float)
    n_boot = 300
    draws = group_stream(5, "alpha/WAR").integers(0, len(wide), size=(n_boot, len(wide)))
    with warnings.catch_warnings():  # replicates with one value only: 0/0, NaN, left out below
        warnings.simplefilter("ignore", RuntimeWarning)
        reps = np.array([krippendorff.alpha(reliability_data=wide[d].T, level_of_measurement="nominal",
                                            value_domain=[0, 1]) for d in draws])
    lo, hi = np.nanquantile(reps, [0.025, 0.975])
    row = coder_agreement(codes, n_boot=n_boot, seed=5).iloc[0]
    assert (row["alpha_lo"], row["alpha_hi"]) == (pytest.approx(lo), pytest.approx(hi))


def test_precision_recall_f1_against_the_majority_and_one_coder():
    # WAR, 6 documents. anna: 1 1 1 0 0 0; ben: 1 1 0 0 1 0; majority (both): 1 1 0 0 0 0
    # machine:                1 0 1 1 0 0
    human = pd.DataFrame([(c, f"d{i}", "WAR", v) for c, vs in (("anna", [1, 1, 1, 0, 0, 0]), ("ben", [1, 1, 0, 0, 1, 0]))
                          for i, v in enumerate(vs)], columns=["coder", "doc_id", "frame", "present"])
    machine = pd.DataFrame({"doc_id": [f"d{i}" for i in range(6)], "frame": "WAR", "present": [1, 0, 1, 1, 0, 0]})
    row = compare_codes(human, machine, n_boot=0).iloc[0]
    # majority: TP = d0, FP = d2 d3, FN = d1 -> P = 1/3, R = 1/2, F1 = 2/(2+2+1) = 0.4
    assert (row["tp"], row["fp"], row["fn"], row["tn"], row["docs"]) == (1, 2, 1, 2, 6)
    assert (row["precision"], row["recall"], row["f1"]) == (pytest.approx(1 / 3), 0.5, pytest.approx(0.4))
    anna = compare_codes(human, machine, reference="anna", n_boot=0).iloc[0]
    # anna: TP = d0 d2, FP = d3, FN = d1 -> P = 2/3, R = 2/3, F1 = 4/6
    assert (anna["precision"], anna["recall"], anna["f1"]) == (pytest.approx(2 / 3),) * 3
    boot = compare_codes(human, machine, n_boot=500, seed=2).iloc[0]
    for stat in ("precision", "recall", "f1"):
        assert boot[f"{stat}_lo"] <= boot[stat] <= boot[f"{stat}_hi"]
        assert 0 <= boot[f"{stat}_lo"] and boot[f"{stat}_hi"] <= 1
    with pytest.raises(fr.ArgumentError, match=r"reference='carl': use 'majority' or one of the coders \['anna', 'ben'\]"):
        compare_codes(human, machine, reference="carl")
    with pytest.raises(fr.CodingError, match="lack 1 coded document"):
        compare_codes(human, machine.iloc[1:])


@pytest.mark.filterwarnings("ignore:pattern .* matches no term")
def test_dictionary_and_topic_assignments():
    corpus = fr.from_dataframe(pd.DataFrame({"doc_id": ["x", "y", "z"], "outlet": ["a"] * 3,
                                             "date": ["2022-03-01"] * 3,
                                             "text": ["The invasion. They invaded.", "NATO expansion, an aggression.",
                                                      "Talks about gas."]}))
    codes = dictionary_codes(corpus, fr.load_dictionary("ukraine"))
    counts = fr.pattern_counts(fr.document_term_matrix(corpus, cache=False), fr.load_dictionary("ukraine"))
    expected = {(d, p): c for d, p, c in counts.itertuples(index=False)}
    assert len(codes) == 3 * 5
    for d, f, c, present in codes.itertuples(index=False):
        assert c == expected.get((d, f), 0) and present == int(c > 0)
    assert codes.query("present == 1")[["doc_id", "frame"]].values.tolist() == \
        [["x", "INVASION"], ["y", "AGGRESSION"], ["y", "NATO_EXPANSION"]]
    assert dictionary_codes(corpus, fr.load_dictionary("ukraine"), min_count=2).query("present == 1")[
        "frame"].tolist() == ["INVASION"]
    model = toy_model()
    topics = topic_codes(model, {0: "WAR", 2: "WAR", 1: "PEACE"}, min_share=0.5)
    # θ rows: (.6 .3 .1) (.1 .2 .7) (.2 .75 .05) (.5 .1 .4): WAR = θ0 + θ2 = .7 .8 .25 .9; PEACE = θ1
    assert topics["share"].round(6).tolist() == [.7, .3, .8, .2, .25, .75, .9, .1]
    assert topics["present"].tolist() == [1, 0, 1, 0, 0, 1, 1, 0]
    with pytest.raises(fr.ArgumentError, match="topic ids .0 to 2."):
        topic_codes(model, {5: "WAR"})
