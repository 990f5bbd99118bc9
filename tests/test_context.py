"""KWIC on the published text, and collocates checked by hand and against scipy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import framing as fr
from framing._infra.errors import FramingError


def corpus_of(rows, language=None) -> fr.Corpus:
    df = pd.DataFrame(rows, columns=["outlet", "date", "text"])
    if language:
        df["language"] = language
    return fr.from_dataframe(df)


NEWS = corpus_of([
    ("a", "2022-02-25", "Moscow calls it a Special Military\nOperation; Kyiv calls it an INVASION."),
    ("b", "2022-02-24", "The invasion began at dawn. “Invasion”, they wrote — invasion!"),
    ("a", "2022-03-01", "It was special military. Operation names differ."),
])


# --- KWIC ----------------------------------------------------------------------------------------
def test_lines_show_the_published_text_with_offsets():
    lines = fr.kwic(NEWS, {"SMO": "special military operation", "inv": "invasion"}, window=3)
    assert lines.columns.tolist() == ["doc_id", "outlet", "date", "pattern", "left", "match", "right", "term",
                                      "start", "end"]
    assert lines[["pattern", "left", "match", "right"]].values.tolist() == [
        ["inv", "The", "invasion", "began at dawn"],
        ["inv", "began at dawn. “", "Invasion", "”, they wrote — invasion"],
        ["inv", "Invasion”, they wrote —", "invasion", ""],
        ["SMO", "calls it a", "Special Military Operation", "; Kyiv calls it"],
        ["inv", "calls it an", "INVASION", ""],
    ]
    texts = dict(zip(NEWS.df["doc_id"], NEWS.texts))
    for row in lines.itertuples():
        assert " ".join(texts[row.doc_id][row.start:row.end].split()) == row.match
    assert lines["term"].tolist() == ["invasion", "invasion", "invasion", "special military operation", "invasion"]


def test_phrase_across_a_line_break_but_never_across_a_sentence_end():
    lines = fr.kwic(NEWS, "special military operation", window=0)
    assert lines["match"].tolist() == ["Special Military Operation"]  # not "special military. Operation"
    assert lines[["left", "right"]].values.tolist() == [["", ""]]


def test_cyrillic_and_latin_matched_on_normalised_text_shown_as_published(multilingual):
    lines = fr.kwic(multilingual, "agresij*", window=2)
    assert lines[["doc_id", "left", "match", "right"]].values.tolist() == [
        ["sr-cyr", "Руска", "агресија", "на Украјину"],
        ["sr-lat", "Ruska", "agresija", "na Ukrajinu"],
    ]
    ukr = fr.kwic(multilingual, "м'ясо", window=1)
    assert ukr[["match", "right"]].values.tolist() == [["м’ясо", "і"]]


def test_sorting_by_left_and_right_context():
    c = corpus_of([("a", "2022-01-01", "zeta invasion beta. alpha invasion zulu. mike invasion alpha.")])
    assert fr.kwic(c, "invasion", window=1, sort="left")["left"].tolist() == ["alpha", "mike", "zeta"]
    assert fr.kwic(c, "invasion", window=1, sort="right")["right"].tolist() == ["alpha", "beta", "zulu"]


def test_seeded_sampling_of_n_lines_per_outlet():
    rows = [(o, f"2022-01-{d:02d}", f"Day {d} in {o}: the invasion, again the invasion.") for o in "ab" for d in range(1, 11)]
    c = corpus_of(rows)
    all_lines = fr.kwic(c, "invasion", window=2)
    assert len(all_lines) == 40
    some = fr.kwic(c, "invasion", window=2, n=3, by="outlet", seed=7)
    assert some.groupby("outlet").size().tolist() == [3, 3]
    pd.testing.assert_frame_equal(some, fr.kwic(c, "invasion", window=2, n=3, by="outlet", seed=7))
    assert not some.equals(fr.kwic(c, "invasion", window=2, n=3, by="outlet", seed=8))
    assert len(fr.kwic(c, "invasion", n=100)) == 40
    assert len(fr.kwic(c, "invasion", n=5)) == 5


@pytest.mark.parametrize("kwargs, message", [
    ({"sort": "date"}, r"sort must be one of \(None, 'left', 'right', 'match'\), got 'date'"),
    ({"window": -1}, "window must be a whole number of words ≥ 0, got -1"),
    ({"n": 0}, "n must be a positive number of lines, got 0"),
])
def test_kwic_errors(kwargs, message):
    with pytest.raises(FramingError, match=message):
        fr.kwic(NEWS, "invasion", **kwargs)


def test_kwic_needs_texts():
    with pytest.raises(FramingError, match="kwic needs the texts: pass a Corpus, not a matrix"):
        fr.kwic(fr.document_term_matrix(NEWS, cache=False), "invasion")


def test_every_counted_occurrence_has_a_line(demo_topical):
    sub = demo_topical.sample(250, seed=4)
    dtm = fr.document_term_matrix(sub, ngrams=3)
    for pattern in ["invasion|invad*", "sphere* of influence", "nato"]:
        _, counts = fr.patterns.count_matrix(dtm, pattern)
        lines = fr.kwic(sub, pattern, window=3)
        assert len(lines) == counts.sum(), pattern
        per_doc = lines.groupby("doc_id").size()
        expected = pd.Series(counts[:, 0], index=dtm.docs["doc_id"])
        assert per_doc.to_dict() == expected[expected > 0].astype(int).to_dict()


# --- collocates ----------------------------------------------------------------------------------
TOY = corpus_of([
    ("a", "2022-01-01", "nato expansion east nato bloc"),
    ("a", "2022-01-02", "the nato expansion. allies met today"),
    ("b", "2022-01-03", "allies of nato met allies"),
])


def test_collocate_counts_and_measures_by_hand():
    table = fr.collocates(TOY, "nato", window=1, min_freq=1, stopwords=None)
    row = table.set_index("collocate").loc["expansion"]
    # 16 tokens; "expansion" follows "nato" twice; windows of one token each side hold
    # 1 (first nato of doc 1, nothing to its left) + 2 + 2 + 2 = 7 tokens
    assert row[["freq", "node_freq", "collocate_freq", "tokens"]].tolist() == [2, 4, 2, 16]
    assert row["window_tokens"] == 7
    assert row["logdice"] == pytest.approx(14 + np.log2(2 * 2 / (4 + 2)))
    assert row["pmi"] == pytest.approx(np.log2(2 / (7 * 2 / 16)))
    table2x2 = np.array([[2, 0], [7 - 2, 16 - 7 - 0]])  # rows: expansion / other; columns: in / out of windows
    g2 = stats.chi2_contingency(table2x2, correction=False, lambda_="log-likelihood")[0]
    assert row["g2"] == pytest.approx(g2)
    assert set(table["collocate"]) == {"expansion", "east", "bloc", "the", "of", "met"}


def test_windows_stay_inside_documents_and_skip_sentence_marks():
    table = fr.collocates(TOY, "nato", window=3, min_freq=1, stopwords=None)
    doc2 = fr.collocates(TOY.filter(doc_ids=[TOY.df["doc_id"][1]]), "nato", window=3, min_freq=1, stopwords=None)
    assert set(doc2["collocate"]) == {"the", "expansion", "allies", "met"}  # across the full stop
    assert "today" not in set(doc2["collocate"])
    assert "allies" in set(table["collocate"]) and table.set_index("collocate").loc["allies", "freq"] == 3


def test_collocates_by_outlet_and_phrase_nodes():
    table = fr.collocates(TOY, {"NE": "nato expansion"}, by="outlet", window=1, min_freq=1, stopwords=None)
    assert table.columns.tolist() == ["outlet", "node", "collocate", "freq", "node_freq", "collocate_freq",
                                      "window_tokens", "tokens", "logdice", "pmi", "g2"]
    assert table[["outlet", "node", "collocate", "freq", "node_freq"]].values.tolist() == [
        ["a", "NE", "allies", 1, 2], ["a", "NE", "east", 1, 2], ["a", "NE", "the", 1, 2]]
    by_freq = fr.collocates(TOY, "nato", by="outlet", window=2, measure="freq", min_freq=1)
    assert by_freq.groupby("outlet")["freq"].apply(lambda s: s.is_monotonic_decreasing).all()


def test_collocate_errors():
    with pytest.raises(FramingError, match=r"unknown collocation measure 'mi'; use one of \['freq', 'logdice'"):
        fr.collocates(TOY, "nato", measure="mi")
    with pytest.raises(FramingError, match="window must be a whole number of tokens ≥ 1, got 0"):
        fr.collocates(TOY, "nato", window=0)


def test_compare_collocates_of_two_outlets():
    cmp = fr.compare_collocates(TOY, "nato", group_a="a", group_b="b", window=2, min_freq=1, stopwords=None)
    assert cmp.columns.tolist() == ["group_a", "group_b", "node", "collocate", "freq_a", "freq_b", "logdice_a",
                                    "logdice_b", "g2", "log_ratio", "p", "log10_p", "q"]
    rows = cmp.set_index("collocate")
    # doc 1 has "expansion" in the windows of both its "nato"s (overlapping windows count twice)
    assert rows.loc["expansion", ["freq_a", "freq_b"]].tolist() == [3, 0] and rows.loc["expansion", "g2"] > 0
    assert rows.loc["of", ["freq_a", "freq_b"]].tolist() == [0, 1] and rows.loc["of", "g2"] < 0
    assert np.isnan(rows.loc["of", "logdice_a"])
    assert cmp["g2"].is_monotonic_decreasing
    assert np.allclose(cmp["q"], stats.false_discovery_control(cmp["p"], method="bh"))
    with pytest.raises(FramingError, match=r"the pattern has no collocates in \['c'\]"):
        fr.compare_collocates(TOY, "nato", group_a="a", group_b="c")
