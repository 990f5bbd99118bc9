"""Rates and term-choice shares: counts, denominators, bootstrap over documents, reference corpus."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matrices import matrix_of
from scipy import stats

import framing as fr
from framing._infra.errors import FramingError
from framing.dtm.matrix import DocTermMatrix

ROOT = Path(__file__).resolve().parents[1]


def corpus_of(rows) -> fr.Corpus:
    return fr.from_dataframe(pd.DataFrame(rows, columns=["outlet", "date", "text"]))


def test_counts_denominators_and_point_estimates_by_hand():
    c = corpus_of([("a", "2022-01-03", "The invasion, the invasion and war."),     # 6 tokens, 2 hits
                   ("a", "2022-01-20", "Nothing to see."),                           # 3 tokens
                   ("b", "2022-02-01", "An invasion.")])                             # 2 tokens, 1 hit
    r = fr.term_rates(c, {"inv": "invasion"}, n_boot=0)
    assert r.columns.tolist() == ["outlet", "pattern", "count", "tokens", "docs_matched", "docs", "per_10k",
                                  "per_10k_lo", "per_10k_hi", "doc_share", "doc_share_lo", "doc_share_hi"]
    assert r[["outlet", "count", "tokens", "docs_matched", "docs"]].values.tolist() == [
        ["a", 2, 9, 1, 2], ["b", 1, 2, 1, 1]]
    assert r["per_10k"].tolist() == pytest.approx([1e4 * 2 / 9, 5000.0])
    assert r["doc_share"].tolist() == [0.5, 1.0]
    assert r[["per_10k_lo", "per_10k_hi", "doc_share_lo", "doc_share_hi"]].isna().all().all()


def test_grouping_by_none_several_columns_and_period():
    dtm = matrix_of([[1, 0], [0, 2], [3, 0]], [10, 20, 30], ["a", "a", "b"],
                    dates=["2022-01-05", "2022-02-10", "2022-02-11"])
    overall = fr.term_rates(dtm, ["invasion", "operation"], by=None, n_boot=0)
    assert overall.columns[0] == "pattern" and overall["count"].tolist() == [4, 2]
    assert overall["tokens"].tolist() == [60, 60]
    monthly = fr.term_rates(dtm, "invasion", period="M", n_boot=0)
    assert monthly[["outlet", "period", "count", "tokens"]].values.tolist() == [
        ["a", pd.Timestamp("2022-01-01"), 1, 10], ["a", pd.Timestamp("2022-02-01"), 0, 20],
        ["b", pd.Timestamp("2022-02-01"), 3, 30]]
    dtm2 = DocTermMatrix(**{**dtm.__dict__, "docs": dtm.docs.assign(language=["en", "ru", "en"])})
    multi = fr.term_rates(dtm2, "invasion", by=["outlet", "language"], n_boot=0)
    assert multi[["outlet", "language", "count"]].values.tolist() == [["a", "en", 1], ["a", "ru", 0], ["b", "en", 3]]


def _clustered(n=400, seed=5):
    """Documents whose uses of a term cluster: a few documents use it a lot."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(100, 400, n)
    uses = np.where(rng.random(n) < 0.15, rng.poisson(8, n), 0)
    return matrix_of(np.stack([uses, np.zeros(n, int)], axis=1), lengths, ["a"] * n), uses, lengths


def test_bootstrap_resamples_documents_not_tokens():
    dtm, c, l = _clustered()
    r = fr.term_rates(dtm, "invasion", n_boot=3000, seed=11, ci_method="percentile").iloc[0]
    rate = c.sum() / l.sum()
    # independent: linearised (delta-method) standard error of a ratio over documents
    se_docs = np.sqrt(((c - rate * l) ** 2).sum()) / l.sum()
    se_tokens = np.sqrt(rate * (1 - rate) / l.sum())  # what resampling tokens would give
    width = (r["per_10k_hi"] - r["per_10k_lo"]) / 1e4
    assert width == pytest.approx(2 * 1.96 * se_docs, rel=0.12)
    assert width > 2 * (2 * 1.96 * se_tokens)
    p = r["doc_share"]
    assert r["doc_share_hi"] - r["doc_share_lo"] == pytest.approx(2 * 1.96 * np.sqrt(p * (1 - p) / 400), rel=0.12)
    assert r["per_10k_lo"] < r["per_10k"] < r["per_10k_hi"]


def test_bootstrap_is_seeded():
    dtm, _, _ = _clustered(n=50)
    first = fr.term_rates(dtm, "invasion", n_boot=200, seed=3, ci_method="percentile")
    pd.testing.assert_frame_equal(first, fr.term_rates(dtm, "invasion", n_boot=200, seed=3, ci_method="percentile"))
    assert not first.equals(fr.term_rates(dtm, "invasion", n_boot=200, seed=4, ci_method="percentile"))


def test_degenerate_bootstrap_groups_get_exact_intervals():
    """Issue 13: a bootstrap with one document (or identical ones) is a point; the exact interval is not."""
    dtm = matrix_of([[2, 0], [1, 0], [1, 0]], [10, 10, 10], ["solo", "same", "same"])
    r = fr.term_rates(dtm, "invasion", n_boot=100, ci_method="percentile").set_index("outlet")
    for outlet, count, tokens, docs in [("solo", 2, 10, 1), ("same", 2, 20, 2)]:
        garwood = [stats.chi2.ppf(0.025, 2 * count) / 2 / tokens * 1e4,
                   stats.chi2.ppf(0.975, 2 * count + 2) / 2 / tokens * 1e4]
        assert r.loc[outlet, ["per_10k_lo", "per_10k_hi"]].tolist() == pytest.approx(garwood)
        exact = stats.binomtest(docs, docs).proportion_ci(0.95, method="exact")
        assert r.loc[outlet, ["doc_share_lo", "doc_share_hi"]].tolist() == pytest.approx([exact.low, exact.high])


@pytest.mark.parametrize("kwargs, message", [
    ({"n_boot": -1}, r"n_boot must be a whole number ≥ 0 \(0 = no intervals\), got -1"),
    ({"ci": 1.5}, r"ci must be between 0 and 1 \(e.g. 0.95\), got 1.5"),
    ({"period": "fortnight"}, "unknown period 'fortnight'"),
    ({"by": "country"}, r"cannot group by \['country'\]"),
])
def test_rate_errors(kwargs, message):
    dtm = matrix_of([[1, 0]], [10], ["a"])
    with pytest.raises(FramingError, match=message):
        fr.term_rates(dtm, "invasion", **kwargs)


def test_term_share():
    dtm = matrix_of([[3, 1], [0, 0], [0, 2]], [10, 10, 10], ["a", "b", "c"])
    s = fr.term_share(dtm, {"inv": "invasion", "op": "operation"}, n_boot=50)
    assert s.columns.tolist() == ["outlet", "pattern", "count", "mentions", "docs", "share", "share_lo", "share_hi"]
    assert s["share"].tolist()[:2] == [0.75, 0.25] and s["share"].iloc[2:4].isna().all()
    assert s["share"].tolist()[4:] == [0.0, 1.0]
    assert s["mentions"].tolist() == [4, 4, 0, 0, 2, 2]
    with pytest.raises(FramingError, match="term_share compares alternatives: give at least two patterns"):
        fr.term_share(dtm, "invasion")


# --- what readers of the sources expect (the demo corpus) ------------------------------------------
PATTERNS = {"invasion": "invasion*|invad*", "aggression": "aggression*|aggressor*",
            "SMO": "special military operation*"}


@pytest.fixture(scope="module")
def demo_rates(demo_topical):
    dtm = fr.document_term_matrix(demo_topical, ngrams=3, cache=False)
    rates = fr.term_rates(dtm, PATTERNS, n_boot=300, seed=1).set_index(["outlet", "pattern"])
    share = fr.term_share(dtm, PATTERNS, n_boot=300, seed=1).set_index(["outlet", "pattern"])
    return rates, share


def test_kremlin_says_special_military_operation_many_times_more(demo_rates):
    rates, _ = demo_rates
    smo = rates.xs("SMO", level="pattern")
    others = smo.drop(index="kremlin.ru")
    assert (smo.loc["kremlin.ru", "per_10k"] >= 10 * others["per_10k"]).all()
    assert (smo.loc["kremlin.ru", "per_10k_lo"] > others["per_10k_hi"]).all()


def test_invasion_and_aggression_dominate_in_kyiv_and_washington(demo_rates):
    rates, share = demo_rates
    for outlet in ["president.gov.ua", "whitehouse.gov"]:
        for term in ["invasion", "aggression"]:
            assert rates.loc[(outlet, term), "per_10k"] >= 10 * rates.loc[(outlet, "SMO"), "per_10k"]
        frame = rates.loc[(outlet, "invasion"), "count"] + rates.loc[(outlet, "aggression"), "count"]
        kremlin = rates.loc[("kremlin.ru", "invasion"), "count"] + rates.loc[("kremlin.ru", "aggression"), "count"]
        assert frame / rates.loc[(outlet, "invasion"), "tokens"] >= 3 * kremlin / rates.loc[
            ("kremlin.ru", "invasion"), "tokens"]
        assert rates.loc[(outlet, "invasion"), "per_10k_lo"] > rates.loc[("kremlin.ru", "invasion"), "per_10k_hi"]
        assert share.loc[(outlet, "SMO"), "share"] < 0.02
    assert share.loc[("kremlin.ru", "SMO"), "share"] > 0.5


def test_benchmark_runs_quickly(demo_window):
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_terms.py"), "--quick"],
                         capture_output=True, text=True, timeout=300, check=True).stdout
    assert "rates by outlet × month, 3 patterns" in out and "keyness, 4 outlets" in out
    assert "scattertext" in out
