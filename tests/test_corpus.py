"""Corpus: immutability, filtering, sampling, summary, fingerprint."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import framing as fr
from framing._infra.errors import CorpusError


def make(n: int = 6) -> fr.Corpus:
    df = pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(n)],
        "outlet": ["a", "b", "c"] * (n // 3),
        "date": pd.date_range("2022-02-20", periods=n, freq="D").strftime("%Y-%m-%d"),
        "title": [""] * n,
        "text": [f"text number {i}. Invasion!" for i in range(n)],
    })
    return fr.from_dataframe(df)


def test_filter_returns_new_corpus_and_leaves_original():
    corpus = make()
    sub = corpus.filter(outlets=["a"], start="2022-02-20", end="2022-02-23")
    assert sub.df["doc_id"].tolist() == ["d0", "d3"]
    assert len(corpus) == 6 and sub is not corpus


def test_filter_end_date_includes_whole_day():
    df = pd.DataFrame({"outlet": ["a", "a"], "date": ["2022-03-01 23:59", "2022-03-02 00:00"], "text": ["x", "y"]})
    corpus = fr.from_dataframe(df)
    assert corpus.filter(end="2022-03-01").texts.tolist() == ["x"]


def test_filter_unknown_outlet_lists_known():
    with pytest.raises(CorpusError, match=r"unknown outlet\(s\) \['zz'\]; the corpus has \['a', 'b', 'c'\]"):
        make().filter(outlets=["a", "zz"])


def test_df_is_a_copy():
    corpus = make()
    df = corpus.df
    df.loc[0, "text"] = "changed"
    df["new"] = 1
    assert corpus.texts[0] != "changed" and "new" not in corpus.columns


def test_sample_is_seeded_and_per_group():
    corpus = make(30)
    a, b = corpus.sample(5, seed=3), corpus.sample(5, seed=3)
    assert a.df["doc_id"].tolist() == b.df["doc_id"].tolist() and len(a) == 5
    assert corpus.sample(5, seed=4).df["doc_id"].tolist() != a.df["doc_id"].tolist()
    per = corpus.sample(2, seed=1, by="outlet")
    assert per.df["outlet"].value_counts().to_dict() == {"a": 2, "b": 2, "c": 2}


def test_summary_counts_tokens_and_dates():
    summary = make().summary()
    assert summary.columns.tolist() == ["outlet", "documents", "tokens", "first_date", "last_date"]
    row = summary.set_index("outlet").loc["b"]
    # "text number 1. Invasion!" -> text, number, 1, invasion
    assert row["documents"] == 2 and row["tokens"] == 8
    assert row["first_date"] == pd.Timestamp("2022-02-21") and row["last_date"] == pd.Timestamp("2022-02-24")


def test_fingerprint_is_stable_and_sensitive():
    a, b = make(), make()
    assert a.fingerprint == b.fingerprint and len(a.fingerprint) == 64
    assert a.with_columns(title=["x"] * 6).fingerprint != a.fingerprint
    assert a.filter(outlets=["a"]).fingerprint != a.fingerprint


def test_with_columns_validates():
    with pytest.raises(CorpusError, match="doc_id values must be unique"):
        make().with_columns(doc_id=["x"] * 6)


def test_iteration_yields_documents():
    docs = list(make(3))
    assert [d.doc_id for d in docs] == ["d0", "d1", "d2"] and docs[0].outlet == "a"


@settings(max_examples=40, deadline=None)
@given(outlets=st.lists(st.sampled_from(["a", "b", "c"]), unique=True),
       start=st.integers(0, 10), span=st.integers(0, 10))
def test_filter_never_adds_documents(outlets, start, span):
    corpus = make(9)
    lo = pd.Timestamp("2022-02-20") + pd.Timedelta(days=start)
    sub = corpus.filter(outlets=outlets or None, start=lo, end=lo + pd.Timedelta(days=span))
    assert set(sub.df["doc_id"]) <= set(corpus.df["doc_id"])
    expected = corpus.df[(corpus.df["date"] >= lo) & (corpus.df["date"] <= lo + pd.Timedelta(days=span))]
    if outlets:
        expected = expected[expected["outlet"].isin(outlets)]
    assert sub.df["doc_id"].tolist() == expected["doc_id"].tolist()
    assert np.all(np.diff(sub.df.index) == 1) or len(sub) <= 1
