"""Keyness statistics against worked examples and independent implementations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import framing as fr
from framing._infra.errors import FramingError
from framing.dtm.matrix import DocTermMatrix, DTMOptions
from framing.terms.keyness import chi2, g2, log_odds, log_ratio


def matrix_of(counts: np.ndarray, outlets: list[str]) -> DocTermMatrix:
    """One document per row; unigram counts, so document lengths are the row sums."""
    counts = np.asarray(counts, dtype=np.int64)
    vocab = np.array([f"w{j:03d}" for j in range(counts.shape[1])], dtype=object)
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(outlets))], "outlet": outlets,
                         "date": pd.Timestamp("2022-01-01")})
    return DocTermMatrix(matrix=sp.csr_matrix(counts), vocab=vocab, doc_lengths=counts.sum(axis=1), docs=docs,
                         options=DTMOptions(), fingerprint="test")


# --- the statistics ----------------------------------------------------------------------------------
def test_chi2_matches_manning_and_schutze_new_companies():
    # Manning & Schütze (1999), Foundations of Statistical NLP, §5.3.3, Table 5.8: "new companies"
    # occurs 8 times; "companies" after another word 4,667 times; "new" before another word
    # 15,820 times; 14,287,173 other bigrams. Their hand-worked χ² is 1.55.
    a, b, c, d = 8, 4667, 15820, 14287173
    assert chi2(a, b, a + c, b + d) == pytest.approx(1.55, abs=0.005)


def test_g2_by_hand_and_against_scipy():
    # same table; G² = 2 Σ O ln(O/E) written out cell by cell
    a, b, c, d = 8, 4667, 15820, 14287173
    n = a + b + c + d
    cells = [(a, (a + b) * (a + c) / n), (b, (a + b) * (b + d) / n), (c, (c + d) * (a + c) / n),
             (d, (c + d) * (b + d) / n)]
    by_hand = 2 * sum(o * np.log(o / e) for o, e in cells)
    assert g2(a, b, a + c, b + d) == pytest.approx(by_hand, rel=1e-12)
    table = np.array([[a, b], [c, d]])
    scipy_g2 = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
    scipy_x2 = stats.chi2_contingency(table, correction=False)[0]
    assert g2(a, b, a + c, b + d) == pytest.approx(scipy_g2, rel=1e-9)
    assert chi2(a, b, a + c, b + d) == pytest.approx(scipy_x2, rel=1e-9)


def test_signs_zero_cells_and_log_ratio_by_hand():
    assert g2(0, 5, 100, 100) < 0 < g2(5, 0, 100, 100)
    assert g2(5, 5, 100, 100) == 0 and chi2(5, 5, 100, 100) == 0
    # Hardie (2014): log2 of the ratio of relative frequencies; (10/1000) / (5/2000) = 4
    assert log_ratio(10, 5, 1000, 2000) == pytest.approx(2.0)
    assert log_ratio(0, 5, 1000, 1000) == pytest.approx(np.log2(0.5 / 5))  # a zero becomes 0.5


def test_log_odds_equals_scattertext_informative_prior(demo_topical):
    from scattertext.termsignificance.LogOddsRatioInformativeDirichletPiror import LogOddsRatioInformativeDirichletPrior

    sub = demo_topical.filter(outlets=["kremlin.ru", "whitehouse.gov", "president.gov.ua"])
    sub = sub.sample(300, seed=2)
    dtm = fr.document_term_matrix(sub, cache=False)
    labels, counts, _ = dtm.group_counts("outlet")
    counts = counts.toarray()
    i, j = (labels["outlet"].tolist().index(o) for o in ("kremlin.ru", "whitehouse.gov"))
    prior = counts.sum(axis=0)  # the whole corpus, three outlets
    scorer = LogOddsRatioInformativeDirichletPrior(pd.Series(prior), scale_type="none")
    expected = scorer.get_zeta_i_j_given_separate_counts(counts[i], counts[j])
    # equal on a plain unigram matrix with every term ranked (stopwords=None; see the README)
    key = fr.keyness(dtm, target="kremlin.ru", reference="whitehouse.gov", min_freq=1, stopwords=None)
    got = pd.Series(key["log_odds_z"].to_numpy(), index=key["term"]).reindex(dtm.vocab)
    tested = counts[i] + counts[j] > 0
    assert np.allclose(got.to_numpy()[tested], expected[tested], rtol=1e-10)


def test_log_odds_formula_by_hand():
    # Monroe, Colaresi & Quinn (2008), eqs. 16 and 18 with prior α_w and α0
    a, b, n1, n2, alpha, alpha0 = 12.0, 3.0, 1000.0, 800.0, 5.0, 1800.0
    delta, z = log_odds(a, b, n1, n2, alpha, alpha0)
    d = np.log((a + alpha) / (n1 + alpha0 - a - alpha)) - np.log((b + alpha) / (n2 + alpha0 - b - alpha))
    var = 1 / (a + alpha) + 1 / (n1 + alpha0 - a - alpha) + 1 / (b + alpha) + 1 / (n2 + alpha0 - b - alpha)
    assert delta == pytest.approx(d) and z == pytest.approx(d / np.sqrt(var))


# --- the table ----------------------------------------------------------------------------------------
def _bh(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg by the textbook recipe: p·m/rank, cumulative minimum from the largest p."""
    order = np.argsort(p)
    ranked = p[order] * len(p) / np.arange(1, len(p) + 1)
    q = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty_like(q)
    out[order] = np.minimum(q, 1)
    return out


@pytest.fixture
def four_outlets() -> DocTermMatrix:
    rng = np.random.default_rng(0)
    base = rng.poisson(3, size=(12, 40))
    base[:3, :5] += 20  # outlet a over-uses the first terms
    return matrix_of(base, ["a"] * 3 + ["b"] * 3 + ["c"] * 3 + ["d"] * 3)


def test_columns_p_q_and_min_freq(four_outlets):
    key = fr.keyness(four_outlets, target="a", measure="g2", min_freq=40)
    assert key.columns.tolist() == ["group_a", "group_b", "term", "count_a", "count_b",
                                    "tokens_a", "tokens_b", "per_10k_a", "per_10k_b",
                                    "g2", "chi2", "log_ratio", "log_odds", "log_odds_z", "p", "log10_p", "q"]
    assert (key["count_a"] + key["count_b"] >= 40).all()
    assert set(key["group_b"]) == {"rest"}
    assert np.allclose(key["p"], stats.chi2.sf(key["g2"].abs(), 1))
    assert np.allclose(key["q"], stats.false_discovery_control(key["p"], method="bh"))
    assert np.allclose(key["q"], _bh(key["p"].to_numpy()))
    assert key["g2"].is_monotonic_decreasing
    assert set(key["term"].head(5)) == {f"w{j:03d}" for j in range(5)}


def test_p_values_follow_the_measure(four_outlets):
    z = fr.keyness(four_outlets, target="a", measure="log_odds", min_freq=1)
    assert np.allclose(z["p"], 2 * stats.norm.sf(z["log_odds_z"].abs()))
    assert z["log_odds_z"].is_monotonic_decreasing
    x = fr.keyness(four_outlets, target="a", measure="chi2", min_freq=1)
    assert np.allclose(x["p"], stats.chi2.sf(x["chi2"].abs(), 1))
    assert fr.keyness(four_outlets, target="a", measure="log_ratio", min_freq=1)["log_ratio"].is_monotonic_decreasing


def test_one_vs_rest_lists_and_all_pairs_in_one_call(four_outlets):
    rest = fr.keyness(four_outlets, min_freq=1)
    assert rest[["group_a", "group_b"]].drop_duplicates().values.tolist() == [
        ["a", "rest"], ["b", "rest"], ["c", "rest"], ["d", "rest"]]
    pairs = fr.keyness(four_outlets, reference="each", min_freq=1)
    assert pairs[["group_a", "group_b"]].drop_duplicates().values.tolist() == [
        ["a", "b"], ["a", "c"], ["a", "d"], ["b", "c"], ["b", "d"], ["c", "d"]]
    each = fr.keyness(four_outlets, target="b", reference="each", min_freq=1)
    assert each[["group_a", "group_b"]].drop_duplicates().values.tolist() == [["b", "a"], ["b", "c"], ["b", "d"]]
    lists = fr.keyness(four_outlets, target=["a", "b"], reference=["c", "d"], min_freq=1)
    assert lists[["group_a", "group_b"]].drop_duplicates().values.tolist() == [["a + b", "c + d"]]
    pooled = four_outlets.matrix.toarray()
    row = lists.set_index("term").loc["w000"]
    assert row["count_a"] == pooled[:6, 0].sum() and row["tokens_b"] == pooled[6:].sum()
    # "rest" for a equals the explicit list of the others
    explicit = fr.keyness(four_outlets, target="a", reference=["b", "c", "d"], min_freq=1)
    assert np.allclose(rest[rest["group_a"] == "a"]["g2"].to_numpy(), explicit["g2"].to_numpy())


@pytest.mark.parametrize("kwargs, message", [
    ({"target": "x"}, r"target \['x'\] is not a group; the groups are \['a', 'b', 'c', 'd'\]"),
    ({"target": "a", "reference": ["a", "b"]}, r"target and reference overlap in \['a'\]"),
    ({"reference": "b"}, r"with a named reference, name the target too"),
    ({"measure": "tfidf"}, r"unknown keyness measure 'tfidf'; use one of \['chi2', 'g2', 'log_odds', 'log_ratio'\]"),
])
def test_keyness_errors(four_outlets, kwargs, message):
    with pytest.raises(FramingError, match=message):
        fr.keyness(four_outlets, **kwargs)


def test_one_group_cannot_be_compared():
    with pytest.raises(FramingError, match=r"keyness needs at least two groups to compare; the data has \['a'\]"):
        fr.keyness(matrix_of(np.ones((2, 3)), ["a", "a"]))
    with pytest.raises(fr.ArgumentError, match=r"keyness needs at least two groups to compare; the data has \['all'\]"):
        fr.keyness(matrix_of(np.ones((2, 3)), ["a", "b"]), by=None)


def test_by_several_columns_compares_groups_named_by_their_values(four_outlets):
    docs = four_outlets.docs.assign(half=["x", "x", "y"] * 4)
    dtm = DocTermMatrix(matrix=four_outlets.matrix, vocab=four_outlets.vocab, doc_lengths=four_outlets.doc_lengths,
                        docs=docs, options=DTMOptions(), fingerprint="test-halves")
    key = fr.keyness(dtm, by=["outlet", "half"], target="a / x", reference=["b / x", "b / y"], min_freq=1)
    assert key[["group_a", "group_b"]].drop_duplicates().values.tolist() == [["a / x", "b / x + b / y"]]
    counts = four_outlets.matrix.toarray()
    row = key.set_index("term").loc["w000"]
    assert row["count_a"] == counts[:2, 0].sum() and row["count_b"] == counts[3:6, 0].sum()
    assert row["tokens_a"] == counts[:2].sum() and row["tokens_b"] == counts[3:6].sum()
    with pytest.raises(fr.ArgumentError, match=r"target \['a'\] is not a group; the groups are \['a / x', 'a / y'"):
        fr.keyness(dtm, by=["outlet", "half"], target="a")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=2, max_size=25))
def test_swapping_target_and_reference_flips_every_sign(pairs):
    counts = np.array(pairs).T  # row 0: outlet a, row 1: outlet b
    counts[:, 0] += 1  # neither document is empty
    dtm = matrix_of(counts, ["a", "b"])
    ab = fr.keyness(dtm, target="a", reference="b", min_freq=1).set_index("term").sort_index()
    ba = fr.keyness(dtm, target="b", reference="a", min_freq=1).set_index("term").sort_index()
    for col in ["g2", "chi2", "log_ratio", "log_odds", "log_odds_z"]:
        assert np.allclose(ab[col], -ba[col], atol=1e-9, equal_nan=True), col
    assert np.allclose(ab["p"], ba["p"], equal_nan=True) and np.allclose(ab["q"], ba["q"], equal_nan=True)
    assert (ab["count_a"] == ba["count_b"]).all()


def test_ngrams_from_a_corpus():
    c = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "a", "b"], "date": ["2022-01-01"] * 3, "text": [
        "special military operation " * 5, "The special military operation.", "full-scale invasion " * 5]}))
    key = fr.keyness(c, target="a", reference="b", ngrams=3, min_freq=1)
    assert "special military operation" in set(key["term"])
    assert key.iloc[0]["count_b"] == 0
