"""Patterns that match nothing count 0 with a warning; a bare '*' is refused; overlapping alternatives warn."""

from __future__ import annotations

import difflib
import warnings

import pandas as pd
import pytest

import framing as fr
from framing.cli import main
from framing.dtm.patterns import overlapping_terms

TEXTS = {"a": ["The war went on. War crimes were reported.", "War crimes and war."],
         "b": ["The invasion began.", "Invasions and the invader."]}


def corpus() -> fr.Corpus:
    rows = [(outlet, text) for outlet, texts in TEXTS.items() for text in texts]
    return fr.from_dataframe(pd.DataFrame({"outlet": [o for o, _ in rows], "date": "2022-03-01",
                                           "text": [t for _, t in rows]}))


def test_absent_pattern_counts_zero_and_names_near_entries():
    c = corpus()
    with pytest.warns(fr.FramingWarning) as record:
        rates = fr.term_rates(c, {"typo": "invasoin", "war": "war"}, n_boot=0)
    vocab = fr.document_term_matrix(c, cache=False).vocab.tolist()
    near = difflib.get_close_matches("invasoin", [t for t in vocab if t.startswith("i")], n=5, cutoff=0.6)
    assert near[:2] == ["invasion", "invasions"]
    message = " ".join(str(w.message) for w in record)
    assert "pattern 'typo' matches no term in the vocabulary" in message
    assert "Did you mean " + ", ".join(repr(t) for t in near) + "?" in message and "It counts 0." in message
    typo = rates[rates["pattern"] == "typo"]
    assert typo["count"].tolist() == [0, 0] and typo["per_10k"].tolist() == [0.0, 0.0]
    assert typo["tokens"].tolist() == rates[rates["pattern"] == "war"]["tokens"].tolist()
    assert rates[rates["pattern"] == "war"]["count"].tolist() == [4, 0]


def test_framing_terms_reports_zero_with_a_warning_line(tmp_path, capsys):
    path = tmp_path / "news.csv"
    corpus().df.to_csv(path, index=False)
    assert main(["terms", str(path), "smo", "--n-boot", "0", "--by", "none"]) == 0
    out, err = capsys.readouterr()
    assert err.startswith("warning: pattern 'smo' matches no term in the vocabulary") and "error" not in err
    assert out.splitlines()[1].split()[:2] == ["smo", "0"]


@pytest.mark.parametrize("pattern", ["*", "* *", "war|*", "?*"])
def test_a_pattern_without_letters_is_refused(pattern):
    with pytest.raises(fr.PatternError, match=r"has no letter or digit, so it matches every term; give at least one"):
        fr.term_rates(corpus(), pattern, n_boot=0)


def test_a_wildcard_word_inside_a_phrase_is_still_accepted():
    c = fr.from_dataframe(pd.DataFrame({"outlet": ["a"], "date": ["2022-03-01"], "text": ["sphere of influence"]}))
    assert fr.term_rates(c, "sphere * influence", n_boot=0, by=None)["count"].tolist() == [1]


def test_overlapping_alternatives_warn_and_double_count():
    c = corpus()
    with pytest.warns(fr.FramingWarning, match=r"pattern 'war\|war crimes': alternatives overlap \('war' in "
                                               r"'war crimes'\), so each occurrence of the longer term"):
        rates = fr.term_rates(c, "war|war crimes", n_boot=0, by=None)
    # 4 × "war" (2 of them in "war crimes") + 2 × "war crimes": the 6 the warning is about
    assert rates["count"].tolist() == [6]
    with warnings.catch_warnings():
        warnings.simplefilter("error", fr.FramingWarning)
        assert fr.term_rates(c, "invasion|invasions", n_boot=0, by=None)["count"].tolist() == [2]
        fr.term_rates(c, "war crimes", n_boot=0, by=None)


def test_overlapping_terms_by_hand():
    assert overlapping_terms(["a b c", "b", "b c", "d"]) == [("b", "a b c"), ("b c", "a b c"), ("b", "b c")]
    assert overlapping_terms(["war", "crimes"]) == []
