"""Topic prevalence by outlet and period, and differences between outlets (framing.topics.prevalence)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from topic_data import synthetic_corpus, synthetic_dtm

import framing as fr


@pytest.fixture(scope="module")
def model():
    return fr.fit_topics(synthetic_dtm(synthetic_corpus()), 3, seed=1, options=fr.LdaOptions(passes=5), progress=False)


def test_prevalence_is_the_mean_share_per_outlet(model):
    prev = fr.topic_prevalence(model, n_boot=0)
    assert list(prev.columns) == ["outlet", "topic", "prevalence", "prevalence_lo", "prevalence_hi", "n_docs"]
    expected = model.document_topics().groupby(["outlet", "topic"])["share"].mean()
    assert np.allclose(prev.set_index(["outlet", "topic"])["prevalence"], expected)
    assert prev[["prevalence_lo", "prevalence_hi"]].isna().all().all() and (prev["n_docs"] == 20).all()


def test_intervals_are_seeded_and_have_the_bootstrap_width(model):
    prev = fr.topic_prevalence(model, n_boot=2000, seed=1, ci_method="percentile")
    assert prev.equals(fr.topic_prevalence(model, n_boot=2000, seed=1, ci_method="percentile"))
    assert not prev.equals(fr.topic_prevalence(model, n_boot=2000, seed=2, ci_method="percentile"))
    assert (prev["prevalence_lo"] <= prev["prevalence"]).all() and (prev["prevalence"] <= prev["prevalence_hi"]).all()
    # the percentile interval of a mean is close to ± 1.96 standard errors (sd / √n)
    shares = model.document_topics()
    se = shares.groupby(["outlet", "topic"])["share"].agg(lambda s: s.std(ddof=0) / np.sqrt(len(s)))
    indexed = prev.set_index(["outlet", "topic"])
    width = (indexed["prevalence_hi"] - indexed["prevalence_lo"]) / (2 * 1.96)
    assert np.allclose(width, se, rtol=0.2)


def test_by_outlet_and_month(model):
    prev = fr.topic_prevalence(model, by="outlet", period="M", n_boot=50, ci=0.9, seed=3)
    assert list(prev.columns[:4]) == ["outlet", "period", "date", "topic"]
    assert set(prev["period"]) == {pd.Timestamp("2022-01-01"), pd.Timestamp("2022-02-01"), pd.Timestamp("2022-03-01")}
    assert prev.drop_duplicates(["outlet", "period"])["n_docs"].sum() == 60
    shares = model.document_topics().assign(period=lambda d: d["date"].dt.to_period("M").dt.start_time)
    expected = shares.groupby(["outlet", "period", "topic"])["share"].mean()
    assert np.allclose(prev.set_index(["outlet", "period", "topic"])["prevalence"], expected)
    # date: the mean date of the group's documents (each document once, not once per topic)
    docs = shares.drop_duplicates("doc_id")
    centre = docs.groupby(["outlet", "period"])["date"].mean()
    assert (prev.set_index(["outlet", "period"])["date"].groupby(level=[0, 1]).first() == centre).all()
    assert prev.attrs == {"ci_method": {"prevalence": "studentized bootstrap"}, "ci": 0.9, "n_boot": 50, "period": "M"}
    overall = fr.topic_prevalence(model, by=None, n_boot=0)
    assert list(overall.columns) == ["topic", "prevalence", "prevalence_lo", "prevalence_hi", "n_docs"]
    assert np.allclose(overall["prevalence"], model.doc_topic_.mean(axis=0))


def test_differences_use_the_same_replicates(model):
    diff = fr.prevalence_differences(model, n_boot=500, seed=4)
    assert list(diff.columns) == ["group_a", "group_b", "topic", "difference", "difference_lo", "difference_hi"]
    assert diff[["group_a", "group_b"]].drop_duplicates().values.tolist() == [
        ["alpha.example", "beta.example"], ["alpha.example", "gamma.example"], ["beta.example", "gamma.example"]]
    prev = fr.topic_prevalence(model, n_boot=500, seed=4).set_index(["outlet", "topic"])["prevalence"]
    row = diff.iloc[4]  # alpha − gamma, topic 1
    assert row["difference"] == pytest.approx(prev[("alpha.example", 1)] - prev[("gamma.example", 1)])
    assert (diff["difference_lo"] <= diff["difference"]).all() and (diff["difference"] <= diff["difference_hi"]).all()
    # each outlet favours its own theme: some differences are clearly away from zero
    assert ((diff["difference_lo"] > 0) | (diff["difference_hi"] < 0)).sum() >= 6
    monthly = fr.prevalence_differences(model, period="M", n_boot=20, seed=4)
    assert list(monthly.columns) == ["group_a", "group_b", "period", "topic", "difference", "difference_lo",
                                     "difference_hi"]
    assert len(monthly) == 3 * 3 * 3


def test_several_by_columns_name_pairs_by_their_values(model):
    docs = model.dtm.docs.assign(half=np.where(model.dtm.docs["date"] < pd.Timestamp("2022-02-15"), "early", "late"))
    split = dataclasses.replace(model, dtm=dataclasses.replace(model.dtm, docs=docs))
    diff = fr.prevalence_differences(split, by=["outlet", "half"], n_boot=50, seed=2)
    assert diff[["group_a", "group_b"]].iloc[0].tolist() == ["alpha.example / early", "alpha.example / late"]
    assert len(diff) == 15 * model.k  # 6 groups, every pair once
    prev = fr.topic_prevalence(split, by=["outlet", "half"], n_boot=50, seed=2)
    means = prev.set_index(["outlet", "half", "topic"])["prevalence"]
    row = diff[(diff["group_a"] == "beta.example / late") & (diff["group_b"] == "gamma.example / early")].iloc[2]
    assert row["difference"] == pytest.approx(means[("beta.example", "late", 2)] - means[("gamma.example", "early", 2)])


def test_level_is_a_deprecated_name_of_ci(model):
    with pytest.warns(DeprecationWarning, match=r"topic_prevalence\(level=...\) is deprecated: use "
                                                r"topic_prevalence\(ci=...\)"):
        old = fr.topic_prevalence(model, n_boot=40, level=0.8)
    pd.testing.assert_frame_equal(old, fr.topic_prevalence(model, n_boot=40, ci=0.8))
    with pytest.warns(DeprecationWarning, match=r"prevalence_differences\(level=...\) is deprecated"):
        old = fr.prevalence_differences(model, n_boot=40, level=0.8)
    pd.testing.assert_frame_equal(old, fr.prevalence_differences(model, n_boot=40, ci=0.8))


def test_bad_input(model):
    with pytest.raises(fr.ArgumentError, match=r"n_boot must be a whole number ≥ 0 \(0 = no intervals\), got -1"):
        fr.topic_prevalence(model, n_boot=-1)
    with pytest.raises(fr.ArgumentError, match=r"ci must be between 0 and 1 \(e.g. 0.95\), got 95"):
        fr.topic_prevalence(model, ci=95)
    with pytest.raises(fr.ArgumentError, match=r"seed must be a whole number ≥ 0, got -2"):
        fr.prevalence_differences(model, seed=-2)
    with pytest.raises(fr.ArgumentError, match=r"by=None: differences compare groups; name the column\(s\)"):
        fr.prevalence_differences(model, by=None)
    with pytest.raises(fr.ArgumentError, match=r"cannot group by \['country'\]"):
        fr.topic_prevalence(model, by="country")
    with pytest.raises(fr.ArgumentError, match=r"unknown period 'fortnight'; use one of D \(day\), W \(week\)"):
        fr.topic_prevalence(model, period="fortnight")
    one_outlet = fr.fit_topics(synthetic_dtm(synthetic_corpus().filter(outlets=["alpha.example"])), 2,
                               options=fr.LdaOptions(passes=1), progress=False)
    with pytest.raises(fr.ArgumentError, match=r"no two values of 'outlet' to compare"):
        fr.prevalence_differences(one_outlet, n_boot=10)
