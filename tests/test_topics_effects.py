"""Topic prevalence regressed on covariates (framing.topics.effects): OLS against numpy, the spline basis
against scipy, interval coverage on planted effects, the whole path on a simulated corpus, errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.interpolate import BSpline

import framing as fr
from framing.topics.effects import Design, effect_from_gamma


def planted(rng: np.random.Generator, n: int = 300):
    """Three outlets and 120 days; E[θ_0] = 0.30 + 0.15·[b] − 0.10·[c] + 0.10·t, E[θ_1] = 0.30 − 0.10·[b] + 0.05·t."""
    outlet = np.repeat(["a", "b", "c"], n // 3)
    days = rng.uniform(0, 120, n)
    t = days / 120
    mu0 = 0.30 + 0.15 * (outlet == "b") - 0.10 * (outlet == "c") + 0.10 * t
    mu1 = 0.30 - 0.10 * (outlet == "b") + 0.05 * t
    mu = np.column_stack([mu0, mu1, 1 - mu0 - mu1])
    draws = rng.standard_gamma(15 * mu)
    theta = draws / draws.sum(axis=1, keepdims=True)  # θ_d ~ Dirichlet(15 μ_d)
    docs = pd.DataFrame({"outlet": outlet, "date": pd.Timestamp("2022-01-01") + pd.to_timedelta(days, "D")})
    return 0.1 + 100 * theta, docs  # γ as from a 100-word document with α = 0.1


@pytest.mark.slow  # about 25 seconds
def test_intervals_cover_the_planted_effects_at_the_nominal_rate():
    covered = {"a-b": [], "a-c": [], "trend": []}
    for r in range(120):
        gamma, docs = planted(np.random.default_rng(1000 + r))
        effect = effect_from_gamma(gamma, docs, covariates=["outlet", "date"], n_draws=100, seed=r + 1)
        diff = effect.differences("outlet").set_index(["group_a", "group_b", "topic"])
        lo, hi = diff.loc[("a", "b", 0), ["difference_lo", "difference_hi"]]
        covered["a-b"].append(lo <= -0.15 <= hi)
        lo, hi = diff.loc[("a", "c", 1), ["difference_lo", "difference_hi"]]
        covered["a-c"].append(lo <= 0.0 <= hi)
        trend = effect.trend("date", n_points=3)  # the middle point is day 60 ± the range's ends
        mid = trend[(trend["outlet"] == "c") & (trend["topic"] == 0)].iloc[1]
        t = (mid["date"] - pd.Timestamp("2022-01-01")).total_seconds() / 86400 / 120
        covered["trend"].append(mid["prevalence_lo"] <= 0.20 + 0.10 * t <= mid["prevalence_hi"])
    rates = {name: float(np.mean(hits)) for name, hits in covered.items()}
    # 120 replicates: a 95% interval covers 114 ± 2.4 of them; allow about ±2.5 standard errors
    assert all(0.89 <= rate <= 0.995 for rate in rates.values()), rates


def test_without_dirichlet_noise_the_draws_are_ols_and_its_sampling_distribution():
    rng = np.random.default_rng(3)
    gamma, docs = planted(rng)
    gamma = gamma * 1e6  # q(θ) concentrated on its mean: only the regression's own uncertainty is left
    effect = effect_from_gamma(gamma, docs, covariates=["outlet", "date"], n_draws=3000, seed=2, interaction=False)
    x, names = effect.design.matrix(docs)
    theta = gamma / gamma.sum(axis=1, keepdims=True)
    beta, *_ = np.linalg.lstsq(x, theta, rcond=None)
    resid = theta - x @ beta
    sigma2 = (resid ** 2).sum(axis=0) / (len(x) - x.shape[1])
    se = np.sqrt(np.outer(np.diag(np.linalg.inv(x.T @ x)), sigma2))
    coef = effect.coefficients()
    assert coef["term"].unique().tolist() == names
    est = coef.pivot(index="term", columns="topic", values="estimate").loc[names].to_numpy()
    sd = coef.pivot(index="term", columns="topic", values="std_error").loc[names].to_numpy()
    np.testing.assert_allclose(est, beta, atol=4 * se.max() / np.sqrt(3000))
    np.testing.assert_allclose(sd, se, rtol=0.08)


def test_the_date_basis_is_scipys_cubic_b_spline_without_its_first_function():
    days = np.array([0.0, 10, 20, 45, 60, 90, 100])
    docs = pd.DataFrame({"date": pd.Timestamp("2022-01-01") + pd.to_timedelta(days, "D"),
                         "outlet": list("ababab") + ["a"]})
    design = Design.of(docs, ["outlet", "date"], df=5, interaction=True)
    x, names = design.matrix(docs)
    assert names[:2] == ["(intercept)", "outlet[b]"]
    assert names[2:7] == [f"date[s{i}]" for i in range(1, 6)]
    assert names[7:] == [f"outlet[b]:date[s{i}]" for i in range(1, 6)]
    shift = (pd.Timestamp("2022-01-01") - pd.Timestamp("1970-01-01")).days
    inner = np.quantile(days + shift, [1 / 3, 2 / 3])
    knots = np.r_[[shift] * 4, inner, [shift + 100] * 4]
    full = np.column_stack([BSpline(knots, np.eye(6)[i], 3)(days + shift) for i in range(6)])
    np.testing.assert_allclose(x[:, 2:7], full[:, 1:], atol=1e-12)
    np.testing.assert_allclose(x[:, 7:], full[:, 1:] * (docs["outlet"] == "b").to_numpy()[:, None], atol=1e-12)


def simulated_corpus(seed: int = 5, n_per: int = 60) -> tuple[fr.Corpus, float]:
    """Two outlets writing about war and energy; outlet "b" gives war 0.3 less of its documents on average."""
    rng = np.random.default_rng(seed)
    words = {"war": "tanks shelling troops frontline artillery missiles".split(),
             "energy": "gas oil prices pipeline inflation exports".split()}
    rows = []
    for outlet, mean in (("a", 0.65), ("b", 0.35)):
        for i in range(n_per):
            share = rng.beta(1.5 * mean, 1.5 * (1 - mean))  # many nearly pure documents: clean topics
            topics = rng.random(60) < share
            text = " ".join(rng.choice(words["war"] if w else words["energy"]) for w in topics)
            rows.append((f"{outlet}{i}", outlet, pd.Timestamp("2022-01-01") + pd.Timedelta(days=i), text))
    return fr.from_dataframe(pd.DataFrame(rows, columns=["doc_id", "outlet", "date", "text"])), 0.3


def test_estimate_effect_on_a_fitted_model_agrees_with_group_means_and_the_bootstrap():
    corpus, planted_difference = simulated_corpus()
    dtm = fr.document_term_matrix(corpus, cache=False)
    model = fr.fit_topics(dtm, 2, seed=1, options=fr.LdaOptions(passes=10), progress=False)
    war = int(np.argmax(model.topic_term_[:, list(dtm.vocab).index("tanks")]))
    effect = fr.estimate_effect(model, covariates=["outlet"], n_draws=400, progress=False)
    row = effect.differences("outlet").query("topic == @war").iloc[0]
    assert (row["group_a"], row["group_b"]) == ("a", "b")
    # with outlet alone, OLS gives each outlet's mean share: the draws centre on the difference of θ's means
    theta = model.doc_topic_[:, war]
    outlets = model.dtm.docs["outlet"].to_numpy()
    means = theta[outlets == "a"].mean() - theta[outlets == "b"].mean()
    assert row["difference"] == pytest.approx(means, abs=0.01)
    # its interval is about as wide as the model-free document bootstrap of the same θ
    boot = fr.prevalence_differences(model, n_boot=1000).query("topic == @war").iloc[0]
    ratio = (row["difference_hi"] - row["difference_lo"]) / (boot["difference_hi"] - boot["difference_lo"])
    assert 0.8 < ratio < 1.25
    # LDA's θ is not the planted word share (its topics leak a little), but it is near
    assert abs(row["difference"] - planted_difference) < 0.15
    again = fr.estimate_effect(model, covariates=["outlet"], n_draws=400, progress=False)
    assert np.array_equal(again.draws, effect.draws)  # the same seed, the same numbers
    trend = fr.estimate_effect(model, n_draws=20, progress=False).trend("date", n_points=5)
    assert list(trend.columns) == ["outlet", "date", "topic", "prevalence", "prevalence_lo", "prevalence_hi"]
    assert len(trend) == 2 * 5 * 2


def test_bad_arguments_name_what_to_change():
    gamma, docs = planted(np.random.default_rng(1), n=30)
    with pytest.raises(fr.ArgumentError, match=r"covariates=\['source'\]: name document columns"):
        effect_from_gamma(gamma, docs, covariates=["source"])
    with pytest.raises(fr.ArgumentError, match="covariate 'outlet' has one value"):
        effect_from_gamma(gamma[:10], docs[:10], covariates=["outlet"])
    with pytest.raises(fr.ArgumentError, match="n_draws=1: give a whole number of at least 2"):
        effect_from_gamma(gamma, docs, covariates=["outlet"], n_draws=1)
    with pytest.raises(fr.ArgumentError, match="has 33 columns and cannot be estimated from 30 documents"):
        effect_from_gamma(gamma, docs, covariates=["outlet", "date"], df=10)
    with pytest.raises(fr.ArgumentError, match="one row per document"):
        effect_from_gamma(gamma[:5], docs, covariates=["outlet"])
    effect = effect_from_gamma(gamma, docs, covariates=["outlet", "date"], n_draws=5)
    with pytest.raises(fr.ArgumentError, match="differences compare the levels of a categorical covariate"):
        effect.differences("date")
    with pytest.raises(fr.ArgumentError, match="a trend follows a date or numeric covariate"):
        effect.trend("outlet")
