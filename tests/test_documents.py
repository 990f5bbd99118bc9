"""documents_per_period (framing.dtm.documents): documents per group and period, zeros included."""

from __future__ import annotations

import pandas as pd
import pytest

import framing as fr

DOCS = pd.DataFrame({
    "outlet": ["a", "a", "a", "b", "b"],
    "language": ["en", "en", "ru", "en", "en"],
    "date": ["2022-01-31", "2022-01-03", "2022-04-10", "2022-02-14", "2022-02-20"],
    "text": ["x", "y", "z", "u", "v"],
})


def by_hand(docs: pd.DataFrame, months: list[str]) -> list[tuple[str, str, int]]:
    """(outlet, month, documents) for every outlet and every month, counted in a loop."""
    rows = []
    for outlet in sorted(set(docs["outlet"])):
        for month in months:
            n = sum(1 for o, d in zip(docs["outlet"], docs["date"]) if o == outlet and d[:7] == month[:7])
            rows.append((outlet, month, n))
    return rows


def test_every_group_gets_every_period_from_first_to_last_date():
    corpus = fr.from_dataframe(DOCS)
    table = fr.documents_per_period(corpus, by="outlet", period="M")
    assert list(table.columns) == ["outlet", "period", "documents"]
    months = ["2022-01-01", "2022-02-01", "2022-03-01", "2022-04-01"]
    got = [(o, p.strftime("%Y-%m-%d"), n) for o, p, n in table.itertuples(index=False)]
    assert got == by_hand(DOCS, months)
    assert table["documents"].sum() == len(DOCS)


def test_one_group_several_columns_names_and_a_matrix():
    corpus = fr.from_dataframe(DOCS)
    whole = fr.documents_per_period(corpus, by=None, period="quarter")
    assert whole.to_dict("list") == {"period": [pd.Timestamp("2022-01-01"), pd.Timestamp("2022-04-01")],
                                     "documents": [4, 1]}
    two = fr.documents_per_period(corpus, by=["outlet", "language"], period="Q")
    assert two[["outlet", "language"]].drop_duplicates().values.tolist() == [["a", "en"], ["a", "ru"], ["b", "en"]]
    assert two["documents"].tolist() == [2, 0, 0, 1, 2, 0]
    weeks = fr.documents_per_period(corpus, period="week")
    assert (weeks["period"].dt.day_of_week == 0).all()  # weeks start on Monday
    dtm = fr.document_term_matrix(corpus, cache=False)
    pd.testing.assert_frame_equal(fr.documents_per_period(dtm, period="W"), weeks)


def test_bad_period_and_no_documents():
    corpus = fr.from_dataframe(DOCS)
    with pytest.raises(fr.ArgumentError, match=r"unknown period 'fortnight'; use one of D \(day\)"):
        fr.documents_per_period(corpus, period="fortnight")
    with pytest.raises(fr.CorpusError, match=r"documents_per_period: the corpus has no documents"):
        fr.documents_per_period(corpus.filter(outlets=[]), period="M")
