"""The drill-down helpers of framing.terms.kwic: all the lines of a selection, AntConc's orders, the
lines near a collocate, and the character spans of the matches in one text.

Every expectation is computed here without the code under test: spans and counts by a regular
expression over the published text, orders by sorting words taken from the raw text, the lines
near a collocate against :func:`framing.collocates`' co-occurrence counts.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import framing as fr
import framing.terms.kwic as kw
from framing._infra.errors import FramingError
from framing.corpus.text.script import to_latin
from framing.dtm.patterns import compile_patterns, narrow

PATTERN = "invasion|invazij*|вторгнен*"
EXPECT = re.compile(r"(?<![^\W_])(?<![^\W_]['’\-])(invasion|invazij[^\W_]*|вторгнен[^\W_]*)(?![^\W_])(?!['’\-][^\W_])",
                    re.IGNORECASE)
"""The matches of PATTERN as a regular expression: whole words (not inside a hyphenated or apostrophe word)."""
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
"""A word, as the published text is split in this test."""

DOCS = pd.DataFrame([
    ("en-1", "b", "2022-03-01", "en", "Zebra invasion; apple Invasion. The <b>INVASION</b> & **invasion** went on."),
    ("sr-1", "a", "2022-03-02 22:15", "sr", "Руска инвазија на Украјину. Invazija je počela;\nИНВАЗИЈА траје."),
    ("uk-1", "a", "2022-02-24", "uk", "Повномасштабне вторгнення почалося. Вторгнення — це війна, invasion!"),
    ("en-2", "b", "2021-12-31", "en", "Peace talks only: " + "q" * 60 + " nothing else."),
    ("en-3", "a", "2022-03-02", "en", "mango invasion kiwi. Kiwi invasion mango, zebra the invasion."),
], columns=["doc_id", "outlet", "date", "language", "text"])
CORPUS = fr.from_dataframe(DOCS)


def latin(text: str, language: str) -> str:
    """``text`` with Serbian Cyrillic in Latin letters (one for one: the fixture has no љ, њ or џ)."""
    out = to_latin(text) if language == "sr" else text
    assert len(out) == len(text)
    return out


def matches(text: str, language: str) -> list[tuple[int, int]]:
    return [m.span() for m in EXPECT.finditer(latin(text, language))]


def words(text: str, language: str) -> list[str]:
    """The words of ``text``, case-folded (Serbian Cyrillic in Latin): the sort keys as a reader sees them."""
    return [w.casefold() for w in WORD.findall(latin(text, language))]


def all_lines(window: int = 8) -> pd.DataFrame:
    return kw.matrix_lines(CORPUS, fr.document_term_matrix(CORPUS), PATTERN, window=window)


# --- all lines --------------------------------------------------------------------------------
def test_matrix_lines_are_every_match_of_the_selection():
    lines = all_lines()
    expected = sorted((d.doc_id, *span) for d in DOCS.itertuples() for span in matches(d.text, d.language))
    assert sorted(zip(lines["doc_id"], lines["start"], lines["end"])) == expected
    texts = dict(zip(DOCS["doc_id"], DOCS["text"]))
    assert [texts[d][s:e] for d, s, e in zip(lines["doc_id"], lines["start"], lines["end"])] == lines["match"].tolist()
    pd.testing.assert_frame_equal(kw.sort_lines(lines, "document").sort_values(["doc_id", "start"], ignore_index=True),
                                  fr.kwic(CORPUS, PATTERN, window=8).sort_values(["doc_id", "start"], ignore_index=True))


def test_matrix_lines_read_only_the_chosen_documents_that_contain_the_pattern(monkeypatch):
    read = []
    original = kw.document_lines
    monkeypatch.setattr(kw, "document_lines", lambda docs, rows, *a: read.append(rows.tolist()) or original(docs, rows, *a))
    dtm = fr.document_term_matrix(CORPUS)
    lines = kw.matrix_lines(CORPUS, narrow(dtm, PATTERN), PATTERN, rows=np.array([0, 1, 3]), window=2)
    assert read == [[0, 1]]  # en-2 (row 3) is chosen but has no match: not read
    assert set(lines["doc_id"]) == {"en-1", "sr-1"}
    whole = kw.matrix_lines(CORPUS, dtm, PATTERN, rows=np.array([0, 1, 3]), window=2)
    pd.testing.assert_frame_equal(lines, whole)


def test_matrix_lines_count_phrases_longer_than_the_matrix_ngrams():
    c = fr.from_dataframe(pd.DataFrame({"outlet": ["a"] * 2, "date": ["2022-03-01"] * 2,
                                        "text": ["A special military\noperation.", "Special military. Operation."]}))
    lines = kw.matrix_lines(c, fr.document_term_matrix(c), "special military operation", window=1)
    assert lines[["doc_id", "match"]].values.tolist() == [[c.df["doc_id"][0], "special military operation"]]


def test_matrix_lines_refuse_another_corpus_matrix():
    other = fr.document_term_matrix(CORPUS.filter(outlets=["a"]))
    with pytest.raises(FramingError, match="the matrix has 3 documents and the corpus 5: pass the matrix of this corpus"):
        kw.matrix_lines(CORPUS, other, PATTERN)


# --- AntConc's orders ---------------------------------------------------------------------------
def independent_order(lines: pd.DataFrame, by: str) -> list[tuple[str, int]]:
    """(doc_id, start) of the lines in the order ``by``, from the raw texts and Python's stable sort."""
    docs = DOCS.set_index("doc_id")
    dates = CORPUS.df.set_index("doc_id")["date"]
    rows = sorted(zip(lines["doc_id"], lines["start"], lines["end"]),
                  key=lambda r: (docs.at[r[0], "outlet"], dates[r[0]], r[0], r[1]))
    if by == "document":
        return [(d, s) for d, s, _ in rows]

    def key(row):
        d, s, e = row
        text, lang = docs.at[d, "text"], docs.at[d, "language"]
        if by == "match":
            return (False, " ".join(words(text[s:e], lang)))
        k = int(by[0])
        side = words(text[:s], lang)[::-1] if by[1] == "L" else words(text[e:], lang)
        return (len(side) < k, side[k - 1] if len(side) >= k else "")

    return [(d, s) for d, s, _ in sorted(rows, key=key)]


@pytest.mark.parametrize("by", kw.LINE_SORTS)
def test_each_order_equals_an_independent_sort(by):
    lines = all_lines()
    ordered = kw.sort_lines(lines, by)
    assert list(ordered.columns) == kw.LINE_COLUMNS
    assert list(zip(ordered["doc_id"], ordered["start"])) == independent_order(lines, by)


def test_orders_fold_case_and_script_and_keep_document_order_on_ties():
    lines = all_lines()
    by_match = kw.sort_lines(lines, "match")
    # all "invasion" lines tie: document order (outlet a: uk-1, en-3; then outlet b: en-1); the Serbian
    # Cyrillic and Latin lines are one key in Latin script; Ukrainian Cyrillic after Latin
    assert list(zip(by_match["doc_id"], by_match["match"])) == [
        ("uk-1", "invasion"), ("en-3", "invasion"), ("en-3", "invasion"), ("en-3", "invasion"),
        ("en-1", "invasion"), ("en-1", "Invasion"), ("en-1", "INVASION"), ("en-1", "invasion"),
        ("sr-1", "инвазија"), ("sr-1", "Invazija"), ("sr-1", "ИНВАЗИЈА"),
        ("uk-1", "вторгнення"), ("uk-1", "Вторгнення")]
    first_left = kw.sort_lines(lines, "1L")
    assert [WORD.findall(left)[-1] for left in first_left["left"]] == [
        "apple", "b", "b", "Kiwi", "mango", "počela", "Руска", "the", "Украјину", "Zebra", "війна", "Повномасштабне",
        "почалося"]  # "b" of "<b>" and of "</b> & **": two lines of en-1, in document order


def test_missing_words_sort_last_and_bad_orders_are_errors():
    lines = all_lines(window=8)
    third_right = kw.sort_lines(lines, "3R")
    missing = kw.context_word(lines, "3R") == ""
    assert missing.any() and third_right.tail(int(missing.sum()))[["doc_id", "start"]].values.tolist() == \
        lines[missing].sort_values(["outlet", "date", "doc_id", "start"])[["doc_id", "start"]].values.tolist()
    with pytest.raises(FramingError, match=r"order must be one of \('document', '1L', '2L', '3L', '1R', '2R', '3R', "
                                           r"'match'\), got 'left'"):
        kw.sort_lines(lines, "left")
    with pytest.raises(FramingError, match="position must be a word's place such as '1L' or '2R', got '0L'"):
        kw.context_word(lines, "0L")


# --- near a collocate ---------------------------------------------------------------------------
def test_lines_near_a_collocate_are_its_co_occurrences():
    toy = fr.from_dataframe(pd.DataFrame({"outlet": ["a"] * 4, "date": ["2022-03-01"] * 4, "text": [
        "Brutal invasion began today. One two three four five. Brutal six seven eight nine ten invasion.",
        "The invasion was brutal and long.", "invasion of a b c d e f brutal", "invasion one two three four BRUTAL"]}))
    lines = kw.matrix_lines(toy, fr.document_term_matrix(toy), "invasion", window=8)
    near = kw.lines_near(lines, "brutal", window=5)
    table = fr.collocates(toy, "invasion", window=5, min_freq=1, stopwords=None).set_index("collocate")
    # each window holds "brutal" at most once, so the lines are the co-occurrences: the 1st word left,
    # the 2nd right, the 5th right (not the 6th left, nor the 8th right)
    assert len(near) == table.loc["brutal", "freq"] == 3
    assert near.index.tolist() == [0, 2, 4]
    assert kw.lines_near(lines, "brutal", window=1).index.tolist() == [0]
    assert kw.lines_near(lines, "began today", window=5).index.tolist() == [0]  # a phrase, in reading order
    assert kw.lines_near(lines, "today began", window=5).empty


# --- spans of one text --------------------------------------------------------------------------
def test_match_spans_are_the_regex_matches_of_each_text():
    dtm = fr.document_term_matrix(CORPUS)
    wanted = kw.pattern_terms(narrow(dtm, PATTERN), compile_patterns(PATTERN))
    for doc in DOCS.itertuples():
        spans = kw.match_spans(doc.text, wanted, language=doc.language)
        assert spans == matches(doc.text, doc.language), doc.doc_id


def test_match_spans_find_phrases_across_a_line_break_but_not_a_sentence_end():
    text = "A Special Military\r\nOperation, then special military. Operation; SPECIAL  military operation."
    spans = kw.match_spans(text, [("SMO", {3: {"special military operation"}})])
    assert [text[s:e] for s, e in spans] == ["Special Military\r\nOperation", "SPECIAL  military operation"]


def test_match_spans_transliterate_serbian_as_the_documents_language_says():
    wanted = [("agr", {1: {"agresija"}})]
    text = "Агресија и agresija"
    assert kw.match_spans(text, wanted, language="sr") == [(0, 8), (11, 19)]
    assert kw.match_spans(text, wanted, language="uk") == [(11, 19)]
    assert kw.match_spans(text, wanted, language="uk", transliterate="always") == [(0, 8), (11, 19)]
