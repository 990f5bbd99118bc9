"""dictionary_agreement: a frame dictionary's rates in originals and translations linked by parallel_id.

The expected values are computed here from the hand-counted occurrences: rates by hand, the
correlation with scipy.stats.pearsonr, and the pair-bootstrap intervals against
scipy.stats.bootstrap (paired, percentile) on the same per-pair counts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import framing as fr
from framing._infra.errors import ArgumentError, CorpusError
from framing.terms.agreement import COLUMNS, dictionary_agreement

AGG = fr.FrameDictionary("mini", {"AGGRESSION": {"uk": ["lemma:агресія", "агресор*"],
                                                 "en": ["aggression*", "aggressor*"]}})
# (parallel_id, language, text): AGGRESSION counted by hand in each text, tokens likewise
PAIRS = [
    ("p1", "uk", "Агресія Росії триває."),                  # 1 of 3
    ("p1", "en", "Russia's aggression continues."),         # 1 of 3
    ("p2", "uk", "Агресор напав. Агресія!"),               # 2 of 3
    ("p2", "en", "The aggressor attacked."),                # 1 of 3
    ("p3", "uk", "Мир і переговори."),                      # 0 of 3
    ("p3", "en", "Peace and aggression talks."),            # 1 of 4
    ("p4", "uk", "Війна, агресія, агресії, окупація."),     # 2 of 4
    ("p4", "en", "War and occupation."),                    # 0 of 3
    ("p5", "uk", "Агресія без перекладу."),                 # no translation: not a pair
    (None, "en", "An aggression without a link."),          # no link: not a pair
    ("p1", "ru", "Агрессия продолжается."),                 # another language: not a side
]
COUNT_A, TOKENS_A = np.array([1, 2, 0, 2]), np.array([3, 3, 3, 4])
COUNT_B, TOKENS_B = np.array([1, 1, 1, 0]), np.array([3, 3, 4, 3])


def parallel(rows=PAIRS) -> fr.Corpus:
    df = pd.DataFrame(rows, columns=["parallel_id", "language", "text"])
    return fr.from_dataframe(df.assign(outlet="officials", date="2022-03-01"))


def test_rates_retention_and_correlation_equal_the_hand_computation():
    t = dictionary_agreement(parallel(), AGG, n_boot=0)
    assert t.columns.tolist() == COLUMNS and len(t) == 1
    row = t.iloc[0]
    assert (row["group_a"], row["group_b"], row["pattern"], row["pairs"]) == ("uk", "en", "AGGRESSION", 4)
    assert (row["count_a"], row["count_b"], row["tokens_a"], row["tokens_b"]) == (5, 3, 13, 13)
    assert (row["docs_a"], row["docs_b"], row["docs_both"]) == (3, 3, 2)
    assert row["per_10k_a"] == pytest.approx(1e4 * 5 / 13) and row["per_10k_b"] == pytest.approx(1e4 * 3 / 13)
    assert row["retention"] == pytest.approx(0.6)
    expected_r = stats.pearsonr(COUNT_A / TOKENS_A, COUNT_B / TOKENS_B).statistic
    assert row["correlation"] == pytest.approx(expected_r)
    assert t.filter(like="_lo").isna().all().all() and t.filter(like="_hi").isna().all().all()  # n_boot=0


@pytest.mark.filterwarnings("ignore:.*repeat the exact text:framing.FramingWarning")
def test_pair_bootstrap_intervals_agree_with_scipy():
    rng = np.random.default_rng(7)
    n_a, n_b = rng.integers(5, 15, 40), rng.integers(5, 15, 40)
    c_a = rng.binomial(n_a, 0.3)
    c_b = np.minimum(n_b, rng.binomial(c_a + 1, 0.6))  # translations keep about 60 % of the frame words
    rows = []
    for i in range(40):
        rows += [(f"p{i}", "uk", " ".join(["агресія"] * c_a[i] + ["мир"] * (n_a[i] - c_a[i]))),
                 (f"p{i}", "en", " ".join(["aggression"] * c_b[i] + ["peace"] * (n_b[i] - c_b[i])))]
    t = dictionary_agreement(parallel(rows), AGG, n_boot=4000, seed=3).iloc[0]

    def retention(ca, na, cb, nb, axis=-1):
        return (cb.sum(axis) / nb.sum(axis)) / (ca.sum(axis) / na.sum(axis))

    def correlation(ca, na, cb, nb, axis=-1):
        x, y = ca / na, cb / nb
        x, y = x - x.mean(axis, keepdims=True), y - y.mean(axis, keepdims=True)
        return (x * y).sum(axis) / np.sqrt((x * x).sum(axis) * (y * y).sum(axis))

    data = tuple(v.astype(float) for v in (c_a, n_a, c_b, n_b))
    assert t["retention"] == pytest.approx(retention(*data))
    assert t["correlation"] == pytest.approx(stats.pearsonr(c_a / n_a, c_b / n_b).statistic)
    for stat, fn in (("retention", retention), ("correlation", correlation)):
        ref = stats.bootstrap(data, fn, paired=True, vectorized=True, n_resamples=4000, method="percentile",
                              confidence_level=0.95, random_state=11).confidence_interval
        width = ref.high - ref.low
        assert t[f"{stat}_lo"] == pytest.approx(ref.low, abs=0.1 * width), stat
        assert t[f"{stat}_hi"] == pytest.approx(ref.high, abs=0.1 * width), stat
        assert t[f"{stat}_lo"] < t[stat] < t[f"{stat}_hi"]


def test_seeded_and_reproducible():
    a = dictionary_agreement(parallel(), AGG, n_boot=200, seed=5)
    b = dictionary_agreement(parallel(), AGG, n_boot=200, seed=5)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(dictionary_agreement(parallel(), AGG, n_boot=200, seed=6))


def test_a_concept_the_originals_never_use_has_no_retention():
    t = dictionary_agreement(parallel(), {"WAR": "lemma:війна|war", "PEACE": "мир|peace", "GOES_ON": "continues"},
                             n_boot=0).set_index("pattern")
    assert t.loc["WAR", ["count_a", "count_b", "docs_both"]].tolist() == [1, 1, 1]
    assert t.loc["WAR", "retention"] == pytest.approx((1 / 13) / (1 / 13))
    # both sides use "peace" in one pair only: the per-pair rates are proportional
    assert t.loc["PEACE", "correlation"] == pytest.approx(1.0)
    assert t.loc["GOES_ON", ["count_a", "count_b"]].tolist() == [0, 1]
    assert np.isnan(t.loc["GOES_ON", "retention"]) and np.isnan(t.loc["GOES_ON", "correlation"])


def test_other_sides_and_link_columns():
    t = dictionary_agreement(parallel(), {"AGG": "lemma:агрессия|lemma:агресія"}, group_a="ru", group_b="uk",
                             n_boot=0)
    assert t.loc[0, ["pairs", "count_a", "count_b"]].tolist() == [1, 1, 1]


@pytest.mark.parametrize("kwargs, error, message", [
    ({"by": "source_id"}, ArgumentError, r"dictionary_agreement needs the column\(s\) \['source_id'\]: "
                                         r"by='source_id' links an original to its translation"),
    ({"side": "lang"}, ArgumentError, r"needs the column\(s\) \['lang'\]"),
    ({"group_b": "de"}, ArgumentError, r"group_b='de' is not a value of the column 'language'; its values are "
                                       r"\['en', 'ru', 'uk'\]"),
    ({"group_a": "en"}, ArgumentError, r"group_a and group_b are both 'en'"),
    ({"by": None}, ArgumentError, r"by=None links nothing: give the column that pairs an original"),
    ({"n_boot": -1}, ArgumentError, r"n_boot must be a whole number"),
])
def test_bad_arguments_name_what_to_change(kwargs, error, message):
    with pytest.raises(error, match=message):
        dictionary_agreement(parallel(), AGG, **kwargs)


def test_links_nothing_says_so():
    rows = [("a", "uk", "Агресія."), ("b", "en", "Aggression.")]
    with pytest.raises(CorpusError, match=r"no value of 'parallel_id' links a document with language='uk' to one "
                                          r"with language='en' \(1 and 1 documents\): give each original and its "
                                          r"translation the same 'parallel_id'"):
        dictionary_agreement(parallel(rows), AGG)
