"""most_distinctive (framing.terms.distinctive): the n rows at each end of a signed statistic."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import framing as fr
from framing.terms.distinctive import most_distinctive


def test_takes_n_from_each_end_skipping_zeros():
    table = pd.DataFrame({"term": list("abcdefg"), "z": [3.0, -1.0, 0.0, 2.0, -5.0, 1.0, -2.0]})
    assert most_distinctive(table, column="z", n=2)["term"].tolist() == ["a", "d", "g", "e"]
    assert most_distinctive(table, column="z", n=9)["term"].tolist() == ["a", "d", "f", "b", "g", "e"]
    assert most_distinctive(table, column="z", n=0).columns.tolist() == ["term", "z"]
    assert len(most_distinctive(table, column="z", n=0)) == 0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-5, 5), min_size=0, max_size=30), st.integers(0, 8))
def test_agrees_with_sorting_each_side_by_hand(values, n):
    table = pd.DataFrame({"term": [f"t{i}" for i in range(len(values))], "z": np.array(values, float)})
    rows = list(zip(table["term"], table["z"]))
    # Python's sort is stable: ties keep the table's order, as in the function
    positive = sorted((r for r in rows if r[1] > 0), key=lambda r: -r[1])[:n]
    negative = sorted((r for r in rows if r[1] < 0), key=lambda r: -r[1])
    negative = negative[max(0, len(negative) - n):] if n else []
    got = most_distinctive(table, column="z", n=n)
    assert list(zip(got["term"], got["z"])) == positive + negative
    assert got.index.tolist() == list(range(len(got)))


def test_bad_arguments():
    table = pd.DataFrame({"term": ["a"], "z": [1.0]})
    with pytest.raises(fr.ArgumentError, match=r"column='g2' is not in the table; it has \['term', 'z'\]"):
        most_distinctive(table, column="g2")
    with pytest.raises(fr.ArgumentError, match=r"n must be a whole number ≥ 0, got -1"):
        most_distinctive(table, column="z", n=-1)
