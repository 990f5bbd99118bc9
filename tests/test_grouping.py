"""One Grouping of documents (framing.dtm.grouping) and the one period vocabulary."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from framing._infra.errors import ArgumentError
from framing.dtm.grouping import PERIOD_CODES, PERIOD_NAMES, PERIODS, Grouping, group_names, period_code


def documents(n=60, seed=3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(n)],
        "outlet": rng.choice(["tass.ru", "kyivindependent.com", "bbc.co.uk"], n),
        "language": rng.choice(["en", "ru", "uk"], n),
        "date": pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 200, n), unit="D"),
    })


def expected_groups(docs: pd.DataFrame, cols: list[str]) -> tuple[list[tuple], list[int]]:
    """Sorted distinct label tuples and each row's position among them, by plain Python."""
    rows = list(docs[cols].itertuples(index=False, name=None))
    labels = sorted(set(rows))
    return labels, [labels.index(r) for r in rows]


def test_codes_and_labels_agree_with_an_independent_groupby():
    docs = documents()
    grouping = Grouping.of(docs, by=["outlet", "language"], period="M")
    months = docs.assign(period=[pd.Timestamp(d.year, d.month, 1) for d in docs["date"]])
    labels, codes = expected_groups(months, ["outlet", "language", "period"])
    assert list(grouping.labels.itertuples(index=False, name=None)) == labels
    assert list(grouping.labels.columns) == ["outlet", "language", "period"]
    assert grouping.codes.tolist() == codes and grouping.codes.dtype == np.int64
    assert grouping.n_groups == len(labels)
    sizes = months.groupby(["outlet", "language", "period"]).size()
    assert grouping.sizes.tolist() == sizes.tolist()
    for g, rows in enumerate(grouping.members):
        assert rows.tolist() == np.flatnonzero(grouping.codes == g).tolist()


def test_indicator_times_counts_equals_groupby_sums():
    docs = documents()
    counts = sp.random(len(docs), 40, density=0.2, format="csr", random_state=np.random.default_rng(1),
                       data_rvs=lambda k: np.random.default_rng(2).integers(1, 9, k)).astype(np.int64)
    grouping = Grouping.of(docs, by="outlet", period="quarter")
    per_group = (grouping.indicator @ counts).toarray()
    quarter = docs["date"].dt.year.astype(str) + "Q" + docs["date"].dt.quarter.astype(str)
    expected = pd.DataFrame(counts.toarray()).groupby([docs["outlet"], quarter]).sum()
    assert np.array_equal(per_group, expected.to_numpy())
    assert grouping.indicator.shape == (grouping.n_groups, len(docs))
    assert np.array_equal(grouping.indicator.sum(axis=0).A1, np.ones(len(docs)))  # one group per document


def test_one_group_of_all_documents_and_missing_values():
    docs = documents(n=8)
    everything = Grouping.of(docs)
    assert everything.n_groups == 1 and everything.labels.columns.tolist() == []
    assert everything.codes.tolist() == [0] * 8 and everything.keys == [""] and everything.names == ["all"]
    docs.loc[[2, 5], "outlet"] = None
    grouped = Grouping.of(docs, by="outlet")
    assert grouped.labels["outlet"].isna().tolist()[-1]  # missing values form their own group, last
    assert (grouped.codes[[2, 5]] == grouped.n_groups - 1).all()
    assert grouped.keys[-1] == "outlet=NA"


def test_weeks_start_on_monday_and_period_names_are_codes():
    docs = pd.DataFrame({"outlet": "a", "date": pd.to_datetime(["2022-02-24", "2022-02-27", "2022-02-28"])})
    weekly = Grouping.of(docs, period="week")
    assert weekly.labels["period"].tolist() == [pd.Timestamp("2022-02-21"), pd.Timestamp("2022-02-28")]
    assert weekly.codes.tolist() == [0, 0, 1]
    for code, name in PERIOD_NAMES.items():
        assert period_code(name) == period_code(code) == code
        assert PERIODS[name] == PERIODS[code]
    assert set(PERIODS) == set(PERIOD_CODES) | set(PERIOD_NAMES.values())


@pytest.mark.parametrize("period", ["fortnight", "m", 3, ""])
def test_a_bad_period_names_the_accepted_values(period):
    message = (f"unknown period {period!r}; use one of D (day), W (week), M (month), Q (quarter), Y (year)")
    with pytest.raises(ArgumentError) as error:
        Grouping.of(documents(n=4), by="outlet", period=period)
    assert str(error.value) == message


def test_bad_columns_are_named():
    docs = documents(n=4)
    with pytest.raises(ArgumentError, match=r"cannot group by \['country'\]: the documents have columns "
                                            r"\['doc_id', 'outlet', 'language', 'date'\]"):
        Grouping.of(docs, by=["outlet", "country"])
    with pytest.raises(ArgumentError, match=r"cannot group by period='M': the documents have no 'date' column"):
        Grouping.of(docs.drop(columns="date"), by="outlet", period="M")


def test_built_once_per_documents_table():
    docs = documents(n=10)
    first = Grouping.of(docs, by="outlet", period="month")
    assert Grouping.of(docs, by=["outlet"], period="M") is first
    assert Grouping.of(docs.copy(), by="outlet", period="M") is not first
    assert Grouping.of(docs, by="outlet") is not first


def test_keys_and_names():
    docs = pd.DataFrame({"outlet": ["b", "a"], "year": [2022.0, 2023.0],
                         "date": pd.to_datetime(["2022-03-05", "2023-01-09"])})
    grouping = Grouping.of(docs, by=["outlet", "year"], period="M")
    assert grouping.keys == ["outlet=a; year=2023; period=2023-01-01", "outlet=b; year=2022; period=2022-03-01"]
    as_int = Grouping.of(docs.astype({"year": int}), by=["outlet", "year"], period="M")
    assert as_int.keys == grouping.keys  # a group's identity does not depend on its column's dtype
    assert grouping.names == ["a / 2023.0 / 2023-01-01 00:00:00", "b / 2022.0 / 2022-03-01 00:00:00"]
    assert group_names(grouping.labels[["outlet"]]) == ["a", "b"]
