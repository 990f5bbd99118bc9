"""Topic prevalence by outlet and period, and differences between outlets (framing.topics.prevalence)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from topic_data import synthetic_corpus, synthetic_dtm

import framing as fr


@pytest.fixture(scope="module")
def model():
    return fr.fit_topics(synthetic_dtm(synthetic_corpus()), 3, seed=1, passes=5, progress=False)


def test_prevalence_is_the_mean_share_per_outlet(model):
    prev = fr.topic_prevalence(model, n_boot=0)
    assert list(prev.columns) == ["outlet", "topic", "prevalence", "lo", "hi", "n_docs"]
    expected = model.document_topics().groupby(["outlet", "topic"])["share"].mean()
    assert np.allclose(prev.set_index(["outlet", "topic"])["prevalence"], expected)
    assert prev["lo"].isna().all() and (prev["n_docs"] == 20).all()


def test_intervals_are_seeded_and_have_the_bootstrap_width(model):
    prev = fr.topic_prevalence(model, n_boot=2000, seed=1)
    assert prev.equals(fr.topic_prevalence(model, n_boot=2000, seed=1))
    assert not prev.equals(fr.topic_prevalence(model, n_boot=2000, seed=2))
    assert (prev["lo"] <= prev["prevalence"]).all() and (prev["prevalence"] <= prev["hi"]).all()
    # the percentile interval of a mean is close to ± 1.96 standard errors (sd / √n)
    shares = model.document_topics()
    se = shares.groupby(["outlet", "topic"])["share"].agg(lambda s: s.std(ddof=0) / np.sqrt(len(s)))
    width = (prev.set_index(["outlet", "topic"])["hi"] - prev.set_index(["outlet", "topic"])["lo"]) / (2 * 1.96)
    assert np.allclose(width, se, rtol=0.2)


def test_by_outlet_and_month(model):
    prev = fr.topic_prevalence(model, by="outlet", period="M", n_boot=50, level=0.9, seed=3)
    assert list(prev.columns[:3]) == ["outlet", "period", "topic"]
    assert set(prev["period"]) == {pd.Timestamp("2022-01-01"), pd.Timestamp("2022-02-01"), pd.Timestamp("2022-03-01")}
    assert prev.drop_duplicates(["outlet", "period"])["n_docs"].sum() == 60
    shares = model.document_topics().assign(period=lambda d: d["date"].dt.to_period("M").dt.start_time)
    expected = shares.groupby(["outlet", "period", "topic"])["share"].mean()
    assert np.allclose(prev.set_index(["outlet", "period", "topic"])["prevalence"], expected)
    overall = fr.topic_prevalence(model, by=None, n_boot=0)
    assert list(overall.columns) == ["topic", "prevalence", "lo", "hi", "n_docs"]
    assert np.allclose(overall["prevalence"], model.doc_topic_.mean(axis=0))


def test_differences_use_the_same_replicates(model):
    diff = fr.prevalence_differences(model, n_boot=500, seed=4)
    assert list(diff.columns) == ["outlet_a", "outlet_b", "topic", "difference", "lo", "hi"]
    assert diff[["outlet_a", "outlet_b"]].drop_duplicates().values.tolist() == [
        ["alpha.example", "beta.example"], ["alpha.example", "gamma.example"], ["beta.example", "gamma.example"]]
    prev = fr.topic_prevalence(model, n_boot=500, seed=4).set_index(["outlet", "topic"])["prevalence"]
    row = diff.iloc[4]  # alpha − gamma, topic 1
    assert row["difference"] == pytest.approx(prev[("alpha.example", 1)] - prev[("gamma.example", 1)])
    assert (diff["lo"] <= diff["difference"]).all() and (diff["difference"] <= diff["hi"]).all()
    # each outlet favours its own theme: some differences are clearly away from zero
    assert ((diff["lo"] > 0) | (diff["hi"] < 0)).sum() >= 6
    monthly = fr.prevalence_differences(model, period="M", n_boot=20, seed=4)
    assert list(monthly.columns) == ["outlet_a", "outlet_b", "period", "topic", "difference", "lo", "hi"]
    assert len(monthly) == 3 * 3 * 3


def test_bad_input(model):
    with pytest.raises(fr.ModelError, match=r"n_boot=-1: give a whole number of bootstrap replicates"):
        fr.topic_prevalence(model, n_boot=-1)
    with pytest.raises(fr.ModelError, match=r"level=95: give the interval's coverage as a share, e.g. 0.95"):
        fr.topic_prevalence(model, level=95)
    with pytest.raises(fr.ModelError, match=r"by=\['outlet', 'title'\]: differences compare the values of one"):
        fr.prevalence_differences(model, by=["outlet", "title"])
    with pytest.raises(fr.FramingError, match=r"cannot group by \['country'\]"):
        fr.topic_prevalence(model, by="country")
    one_outlet = fr.fit_topics(synthetic_dtm(synthetic_corpus().filter(outlets=["alpha.example"])), 2,
                               passes=1, progress=False)
    with pytest.raises(fr.ModelError, match=r"no two values of 'outlet' to compare"):
        fr.prevalence_differences(one_outlet, n_boot=10)
