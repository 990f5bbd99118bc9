"""The one bootstrap engine (framing.stats.bootstrap) and its users: rates, shares, topic prevalence.

A group's interval must depend only on its documents and the seed: adding or removing
another outlet leaves it bit-identical.
"""

from __future__ import annotations

import dataclasses
import hashlib

import numpy as np
import pandas as pd
import pytest
from matrices import matrix_of
from topic_data import synthetic_corpus, synthetic_dtm

import framing as fr
from framing._infra.errors import ArgumentError
from framing.dtm.matrix import DocTermMatrix
from framing.stats import bootstrap
from framing.stats.bootstrap import check_bootstrap, percentile_interval, resample_sums


def slow_stream(seed: int, key: str) -> np.random.Generator:
    """The group's stream as documented: SeedSequence([seed, eight 32-bit words of sha256(key)])."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return np.random.default_rng(np.random.SeedSequence([seed] + [int(digest[8 * i:8 * i + 8], 16)
                                                                  for i in range(8)]))


def slow_interval(values: np.ndarray, stat, *, n_boot: int, seed: int, key: str, ci: float) -> np.ndarray:
    """Percentile interval by a loop over replicates: draw n documents, sum them, apply ``stat``."""
    n = len(values)
    picks = slow_stream(seed, key).integers(0, n, size=(n_boot, n))
    replicates = []
    for b in range(n_boot):
        total = np.zeros(values.shape[1])
        for d in picks[b]:
            total += values[d]
        replicates.append(stat(total))
    return np.percentile(np.array(replicates), [100 * (1 - ci) / 2, 100 * (1 + ci) / 2], axis=0)


def three_outlets(n=90, seed=7) -> DocTermMatrix:
    rng = np.random.default_rng(seed)
    counts = np.stack([np.where(rng.random(n) < 0.3, rng.poisson(3, n), 0), rng.poisson(1, n)], axis=1)
    outlets = np.array(["a.example", "b.example", "c.example"])[rng.integers(0, 3, n)]
    dates = pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 90, n), unit="D")
    return matrix_of(counts, rng.integers(50, 300, n), outlets, dates)


# --- the engine -------------------------------------------------------------------------------------
def test_engine_agrees_with_a_slow_loop_over_replicates():
    x = np.array([[2, 100], [0, 80], [5, 120], [1, 90], [0, 60], [3, 150], [0, 70]], dtype=float)
    sums = resample_sums(x, n_boot=400, seed=5, key="outlet=a.example")
    lo, hi = percentile_interval(sums[:, :1] / sums[:, 1:], ci=0.9)
    expected = slow_interval(x, lambda s: s[0] / s[1], n_boot=400, seed=5, key="outlet=a.example", ci=0.9)
    assert [lo[0], hi[0]] == pytest.approx(expected.ravel().tolist(), rel=1e-12)
    assert (sums[:, 1] >= 7 * 60).all() and (sums[:, 1] <= 7 * 150).all()


def test_replicates_sum_n_documents_in_every_chunk(monkeypatch):
    monkeypatch.setattr(bootstrap, "CHUNK", 10)  # 3 replicates per chunk for 3 documents
    x = np.array([[1.0, 10.0], [1.0, 20.0], [1.0, 40.0]])
    sums = resample_sums(x, n_boot=50, seed=1, key="g")
    assert (sums[:, 0] == 3).all()  # three documents drawn per replicate
    # every replicate's token sum is a sum of three of the documents' lengths
    possible = {a + b + c for a in (10, 20, 40) for b in (10, 20, 40) for c in (10, 20, 40)}
    assert set(sums[:, 1]) <= possible and len(set(sums[:, 1])) > 3


def test_streams_depend_on_the_key_and_seed_only():
    x = np.arange(20.0)[:, None]
    same = resample_sums(x, n_boot=30, seed=2, key="outlet=b")
    assert np.array_equal(same, resample_sums(x, n_boot=30, seed=2, key="outlet=b"))
    assert not np.array_equal(same, resample_sums(x, n_boot=30, seed=3, key="outlet=b"))
    assert not np.array_equal(same, resample_sums(x, n_boot=30, seed=2, key="outlet=c"))
    assert np.isnan(resample_sums(np.zeros((0, 2)), n_boot=4, seed=1, key="empty")).all()


def test_percentile_interval_leaves_out_undefined_replicates():
    reps = np.array([[1.0, np.nan, np.nan], [2.0, 5.0, np.nan], [3.0, np.nan, np.nan], [4.0, 7.0, np.nan]])
    lo, hi = percentile_interval(reps, ci=0.5)
    assert lo[:2].tolist() == [np.percentile([1, 2, 3, 4], 25), np.percentile([5, 7], 25)]
    assert hi[:2].tolist() == [np.percentile([1, 2, 3, 4], 75), np.percentile([5, 7], 75)]
    assert np.isnan(lo[2]) and np.isnan(hi[2])


@pytest.mark.parametrize("args, message", [
    ((-1, 0.95, 1), r"n_boot must be a whole number ≥ 0 \(0 = no intervals\), got -1"),
    ((True, 0.95, 1), r"n_boot must be a whole number ≥ 0 \(0 = no intervals\), got True"),
    ((10.5, 0.95, 1), r"n_boot must be a whole number ≥ 0 \(0 = no intervals\), got 10.5"),
    ((10, 95, 1), r"ci must be between 0 and 1 \(e.g. 0.95\), got 95"),
    ((10, 1.0, 1), r"ci must be between 0 and 1 \(e.g. 0.95\), got 1.0"),
    ((10, "0.95", 1), r"ci must be between 0 and 1 \(e.g. 0.95\), got '0.95'"),
    ((10, 0.95, -1), r"seed must be a whole number ≥ 0, got -1"),
    ((10, 0.95, 1.5), r"seed must be a whole number ≥ 0, got 1.5"),
])
def test_bad_bootstrap_arguments(args, message):
    with pytest.raises(ArgumentError, match=message):
        check_bootstrap(*args)


# --- rates and shares ---------------------------------------------------------------------------------
def test_term_rates_intervals_are_the_slow_loop_with_the_group_streams():
    dtm = three_outlets()
    rates = fr.term_rates(dtm, "invasion", n_boot=300, ci=0.8, seed=9, ci_method="percentile").set_index("outlet")
    counts, lengths = dtm.matrix[:, 0].toarray().ravel(), dtm.doc_lengths
    values = np.stack([counts, counts > 0, lengths, np.ones(len(counts))], axis=1).astype(float)
    for outlet in ["a.example", "c.example"]:
        rows = (dtm.docs["outlet"] == outlet).to_numpy()
        expected = slow_interval(values[rows], lambda s: np.array([1e4 * s[0] / s[2], s[1] / s[3]]),
                                 n_boot=300, seed=9, key=f"outlet={outlet}", ci=0.8)
        got = rates.loc[outlet, ["per_10k_lo", "per_10k_hi", "doc_share_lo", "doc_share_hi"]].tolist()
        assert got == pytest.approx([expected[0, 0], expected[1, 0], expected[0, 1], expected[1, 1]], rel=1e-12)


def relabel(dtm: DocTermMatrix, mapping: dict[str, str]) -> DocTermMatrix:
    return dataclasses.replace(dtm, docs=dtm.docs.assign(outlet=dtm.docs["outlet"].replace(mapping)))


@pytest.mark.parametrize("period", [None, "M"])
def test_adding_or_removing_an_outlet_leaves_another_outlets_rates_bit_identical(period):
    dtm = three_outlets()
    columns = ["per_10k", "per_10k_lo", "per_10k_hi", "doc_share", "doc_share_lo", "doc_share_hi"]

    def of_b(data: DocTermMatrix) -> pd.DataFrame:
        table = fr.term_rates(data, ["invasion", "operation"], period=period, n_boot=200, seed=4)
        return table[table["outlet"] == "b.example"].reset_index(drop=True)[columns]

    full = of_b(dtm)
    assert full[["per_10k_lo", "doc_share_lo"]].notna().all().all()
    without_a = dtm.subset((dtm.docs["outlet"] != "a.example").to_numpy())  # b moves to the first place
    pd.testing.assert_frame_equal(of_b(without_a), full, check_exact=True)
    with_more = relabel(dtm, {"c.example": "0.example"})  # a new outlet sorted before b
    pd.testing.assert_frame_equal(of_b(with_more), full, check_exact=True)


def test_adding_or_removing_an_outlet_leaves_another_outlets_shares_bit_identical():
    dtm = three_outlets()

    def of_c(data: DocTermMatrix) -> pd.DataFrame:
        table = fr.term_share(data, {"inv": "invasion", "op": "operation"}, n_boot=200, seed=4)
        return table[table["outlet"] == "c.example"].reset_index(drop=True)[["share", "share_lo", "share_hi"]]

    full = of_c(dtm)
    assert full["share_lo"].notna().all()
    pd.testing.assert_frame_equal(of_c(dtm.subset((dtm.docs["outlet"] != "a.example").to_numpy())), full,
                                  check_exact=True)
    pd.testing.assert_frame_equal(of_c(relabel(dtm, {"b.example": "0.example"})), full, check_exact=True)


def test_rates_and_shares_are_seeded():
    dtm = three_outlets()
    for compute, patterns in [(fr.term_rates, "invasion"), (fr.term_share, ["invasion", "operation"])]:
        first = compute(dtm, patterns, n_boot=100, seed=12, ci_method="percentile")
        pd.testing.assert_frame_equal(first, compute(dtm, patterns, n_boot=100, seed=12, ci_method="percentile"),
                                      check_exact=True)
        assert not first.equals(compute(dtm, patterns, n_boot=100, seed=13, ci_method="percentile"))


# --- topic prevalence -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def model():
    return fr.fit_topics(synthetic_dtm(synthetic_corpus()), 3, seed=1, options=fr.LdaOptions(passes=5),
                         progress=False)


def relabelled(model, mapping: dict[str, str]):
    """The same fitted model with some documents' outlet renamed (θ unchanged)."""
    return dataclasses.replace(model, dtm=relabel(model.dtm, mapping))


def test_adding_or_removing_an_outlet_leaves_another_outlets_prevalence_bit_identical(model):
    columns = ["topic", "prevalence", "prevalence_lo", "prevalence_hi", "n_docs"]

    def of_beta(m) -> pd.DataFrame:
        table = fr.topic_prevalence(m, n_boot=300, seed=6)
        return table[table["outlet"] == "beta.example"].reset_index(drop=True)[columns]

    full = of_beta(model)
    merged = relabelled(model, {"alpha.example": "gamma.example"})  # alpha gone: beta becomes the first group
    assert np.array_equal(merged.doc_topic_, model.doc_topic_)
    pd.testing.assert_frame_equal(of_beta(merged), full, check_exact=True)
    gamma = model.dtm.docs.index[model.dtm.docs["outlet"] == "gamma.example"][::2]
    docs = model.dtm.docs.copy()
    docs.loc[gamma, "outlet"] = "aardvark.example"  # a new outlet sorted first
    added = dataclasses.replace(model, dtm=dataclasses.replace(model.dtm, docs=docs))
    pd.testing.assert_frame_equal(of_beta(added), full, check_exact=True)


def test_prevalence_intervals_are_the_slow_loop_and_differences_share_replicates(model):
    prev = fr.topic_prevalence(model, n_boot=150, ci=0.9, seed=8, ci_method="percentile").set_index(
        ["outlet", "topic"])
    theta = model.doc_topic_
    rows = {o: (model.dtm.docs["outlet"] == o).to_numpy() for o in ["alpha.example", "gamma.example"]}
    for outlet, mask in rows.items():
        expected = slow_interval(theta[mask], lambda s: s / mask.sum(), n_boot=150, seed=8,
                                 key=f"outlet={outlet}", ci=0.9)
        got = prev.xs(outlet, level="outlet")
        assert got["prevalence_lo"].tolist() == pytest.approx(expected[0].tolist(), rel=1e-10)
        assert got["prevalence_hi"].tolist() == pytest.approx(expected[1].tolist(), rel=1e-10)
    diff = fr.prevalence_differences(model, n_boot=150, ci=0.9, seed=8)
    pair = diff[(diff["group_a"] == "alpha.example") & (diff["group_b"] == "gamma.example")]
    n_a, n_g = rows["alpha.example"].sum(), rows["gamma.example"].sum()
    picks_a = slow_stream(8, "outlet=alpha.example").integers(0, n_a, size=(150, n_a))
    picks_g = slow_stream(8, "outlet=gamma.example").integers(0, n_g, size=(150, n_g))
    a, g = theta[rows["alpha.example"]], theta[rows["gamma.example"]]
    replicate_diffs = np.array([a[picks_a[b]].mean(axis=0) - g[picks_g[b]].mean(axis=0) for b in range(150)])
    expected = np.percentile(replicate_diffs, [5, 95], axis=0)
    assert pair["difference_lo"].tolist() == pytest.approx(expected[0].tolist(), rel=1e-9)
    assert pair["difference_hi"].tolist() == pytest.approx(expected[1].tolist(), rel=1e-9)


def test_prevalence_is_seeded(model):
    first = fr.topic_prevalence(model, n_boot=100, seed=3)
    pd.testing.assert_frame_equal(first, fr.topic_prevalence(model, n_boot=100, seed=3), check_exact=True)
    assert not first.equals(fr.topic_prevalence(model, n_boot=100, seed=4))
