"""Rate comparisons: the exact conditional test against scipy, R's published output and exact
arithmetic; the MOVER difference against statsmodels; the document bootstrap against a loop
written from its description; sides, splits and errors on hand-made matrices."""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import matrices
import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.rates import confint_poisson, confint_poisson_2indep

import framing as fr
from framing.stats.bootstrap import group_stream
from framing.stats.two_rates import difference_interval, garwood_interval, ratio_interval, ratio_test
from framing.viz.plots import plot_rate_ratios

matrix_of = functools.partial(matrices.matrix_of, vocab=("peace", "war"))


# --- the exact conditional test ------------------------------------------------------------------
CASES = [(11, 800, 21, 3011), (2, 5, 13, 5), (0, 100, 7, 250), (9, 300, 0, 120), (5, 1000, 5, 1000),
         (4, 9, 1, 6), (30, 292_566, 558, 534_606), (1, 10, 1, 30), (17, 1e4, 3, 2e4), (0, 5, 1, 5)]


@pytest.mark.parametrize(("x1", "t1", "x2", "t2"), CASES)
def test_exact_test_and_interval_are_scipy_binomtest_on_the_conditional_binomial(x1, t1, x2, t2):
    n, p0 = x1 + x2, t1 / (t1 + t2)
    result = stats.binomtest(x1, n, p0)
    p, log10_p = ratio_test([x1], [t1], [x2], [t2])
    assert p[0] == pytest.approx(result.pvalue, rel=1e-9)
    assert log10_p[0] == pytest.approx(math.log10(result.pvalue), abs=1e-9)
    ci = result.proportion_ci(confidence_level=0.9, method="exact")
    lo, hi = ratio_interval([x1], [t1], [x2], [t2], ci=0.9)
    assert lo[0] == pytest.approx(ci.low / (1 - ci.low) * t2 / t1, rel=1e-9, abs=1e-300)
    expected_hi = math.inf if ci.high == 1 else ci.high / (1 - ci.high) * t2 / t1
    assert hi[0] == pytest.approx(expected_hi, rel=1e-9)


def test_r_poisson_test_published_output():
    # R's ?poisson.test example (eba1977, Fredericia vs the three other cities):
    # count1 = 11, expected count1 = 6.7174, p-value = 0.07967; 95% CI 0.8584264 4.2772659; rate ratio 1.971488
    p, _ = ratio_test([11], [800], [6 + 8 + 7], [1083 + 1050 + 878])
    lo, hi = ratio_interval([11], [800], [21], [3011], ci=0.95)
    assert round(float(p[0]), 5) == 0.07967
    assert (round(float(lo[0]), 7), round(float(hi[0]), 7)) == (0.8584264, 4.2772659)
    # poisson.test(c(2, 13), c(5, 5)), as printed on Cross Validated question 547389:
    # p-value = 0.007385; 95% CI 0.01685531 0.67955077; rate ratio 0.1538462
    p, _ = ratio_test([2], [5], [13], [5])
    lo, hi = ratio_interval([2], [5], [13], [5], ci=0.95)
    assert round(float(p[0]), 6) == 0.007385
    assert (round(float(lo[0]), 8), round(float(hi[0]), 8)) == (0.01685531, 0.67955077)


def test_log10_p_is_exact_where_p_underflows():
    # all n events on side a with equal exposures: the outcomes as unlikely are 0 and n, p = 2 · 2⁻ⁿ
    p, log10_p = ratio_test([3000], [1.0], [0], [1.0])
    assert p[0] == 0.0
    assert log10_p[0] == pytest.approx(math.log10(2) - 3000 * math.log10(2), rel=1e-12)
    # 2000 vs 10 in equal exposures, summed with exact integers
    n = 2010
    exact = Fraction(2 * sum(math.comb(n, k) for k in range(2000, n + 1)), 2 ** n)
    _, log10_p = ratio_test([2000], [1e6], [10], [1e6])
    assert log10_p[0] == pytest.approx(math.log10(exact.numerator) - math.log10(exact.denominator), rel=1e-10)


def test_nothing_on_either_side_is_not_tested():
    p, log10_p = ratio_test([0], [10], [0], [20])
    lo, hi = ratio_interval([0], [10], [0], [20], ci=0.95)
    assert np.isnan([p[0], log10_p[0], lo[0], hi[0]]).all()


def test_garwood_and_mover_difference_are_statsmodels():
    for x, t in [(0, 108_717), (3, 1000), (250, 5e5)]:
        expected = confint_poisson(x, t, method="exact-c", alpha=0.05)
        assert np.ravel(garwood_interval([x], [t], ci=0.95)) == pytest.approx(expected, rel=1e-10)
    assert garwood_interval([0], [108_717], ci=0.95)[1][0] * 1e4 == pytest.approx(0.339, abs=5e-4)  # the number
    for x1, t1, x2, t2 in [(0, 1000, 3, 2000), (11, 800, 21, 3011), (0, 50, 0, 80), (120, 1e5, 80, 2e5)]:
        expected = confint_poisson_2indep(x1, t1, x2, t2, method="mover", compare="diff", method_mover="exact-c",
                                          alpha=0.1)
        assert np.ravel(difference_interval([x1], [t1], [x2], [t2], ci=0.9)) == pytest.approx(expected, rel=1e-10)
    lo, hi = difference_interval([0], [50], [0], [80], ci=0.95)
    assert lo[0] < 0 < hi[0]  # no [0, 0] interval for two zero counts


# --- compare_rates between groups -----------------------------------------------------------------
@pytest.fixture
def three():
    #                 peace war   tokens  outlet
    return matrix_of([[1, 3], [0, 1], [2, 0], [0, 2], [1, 0], [0, 4], [0, 0]],
                     [40, 20, 30, 50, 10, 60, 25], ["a", "a", "b", "b", "b", "c", "c"])


def test_between_groups_by_hand_and_against_scipy(three):
    t = fr.compare_rates(three, ["war", "peace"], group_a="a", group_b="b", n_boot=0)
    assert list(t.columns) == ["group_a", "group_b", "pattern", "count_a", "count_b", "tokens_a", "tokens_b",
                               "docs_a", "docs_b", "per_10k_a", "per_10k_b", "rate_ratio", "rate_ratio_lo",
                               "rate_ratio_hi", "rate_ratio_boot_lo", "rate_ratio_boot_hi", "difference",
                               "difference_lo", "difference_hi", "difference_boot_lo", "difference_boot_hi",
                               "p", "log10_p", "q"]
    assert t[["group_a", "group_b", "pattern", "count_a", "count_b", "tokens_a", "tokens_b", "docs_a",
              "docs_b"]].values.tolist() == [["a", "b", "war", 4, 2, 60, 90, 2, 3],
                                             ["a", "b", "peace", 1, 3, 60, 90, 2, 3]]
    assert t["rate_ratio"].tolist() == pytest.approx([(4 / 60) / (2 / 90), (1 / 60) / (3 / 90)])
    assert t["difference"].tolist() == pytest.approx([1e4 * (4 / 60 - 2 / 90), 1e4 * (1 / 60 - 3 / 90)])
    ps = [stats.binomtest(x, x + y, 60 / 150).pvalue for x, y in [(4, 2), (1, 3)]]
    assert t["p"].tolist() == pytest.approx(ps, rel=1e-9)
    assert t["q"].tolist() == pytest.approx(stats.false_discovery_control(ps, method="bh"), rel=1e-9)
    ci = stats.binomtest(4, 6, 0.4).proportion_ci(method="exact")
    assert [t.at[0, "rate_ratio_lo"], t.at[0, "rate_ratio_hi"]] == pytest.approx(
        [ci.low / (1 - ci.low) * 90 / 60, ci.high / (1 - ci.high) * 90 / 60], rel=1e-9)
    assert t.filter(like="_boot_").isna().all().all()


def test_pooled_sides_and_rest(three):
    pooled = fr.compare_rates(three, "war", group_a="c", group_b=["a", "b"], n_boot=0)
    rest = fr.compare_rates(three, "war", group_a="c", group_b="rest", n_boot=0)
    assert pooled[["group_a", "group_b", "count_a", "count_b", "tokens_b"]].values.tolist() == [
        ["c", "a + b", 4, 6, 150]]
    assert rest["group_b"].tolist() == ["rest"]
    assert rest.drop(columns="group_b").equals(pooled.drop(columns="group_b"))


def test_a_term_absent_from_one_side_gives_zero_and_infinity(three):
    t = fr.compare_rates(three, ["war", "peace"], group_a="c", group_b="b", n_boot=200)
    war, peace = t.iloc[0], t.iloc[1]
    assert war["count_b"] == 2 and peace["count_a"] == 0
    assert peace["rate_ratio"] == 0 and peace["rate_ratio_lo"] == 0 and np.isfinite(peace["rate_ratio_hi"])
    assert peace["difference_lo"] < peace["difference"] < peace["difference_hi"]
    assert np.isnan([peace["rate_ratio_boot_lo"], peace["rate_ratio_boot_hi"]]).all()  # not a [0, 0] interval
    assert peace["difference_boot_lo"] < 0 and war[["rate_ratio_boot_lo", "rate_ratio_boot_hi"]].notna().all()
    none = fr.compare_rates(three, "peace", group_a="c", group_b="a", n_boot=0)
    assert none["rate_ratio"].iat[0] == 0 and none["rate_ratio_lo"].iat[0] == 0
    flipped = fr.compare_rates(three, "peace", group_a="a", group_b="c", n_boot=0)
    assert flipped["rate_ratio"].iat[0] == np.inf and flipped["rate_ratio_hi"].iat[0] == np.inf


def test_bad_sides_are_argument_errors(three):
    with pytest.raises(fr.ArgumentError, match=r"give group_a= and group_b= \(groups of by=\['outlet'\]: "
                                               r"\['a', 'b', 'c'\]\), or split='2022-02-24'"):
        fr.compare_rates(three, "war", group_a="a")
    with pytest.raises(fr.ArgumentError, match=r"group_b='x' is not a group of by=\['outlet'\]; the groups are "):
        fr.compare_rates(three, "war", group_a="a", group_b="x")
    with pytest.raises(fr.ArgumentError, match=r"group_a and group_b overlap in \['b'\]"):
        fr.compare_rates(three, "war", group_a=["a", "b"], group_b=["b", "c"])
    with pytest.raises(fr.ArgumentError, match=r"with split=\.\.\., the two sides are the periods"):
        fr.compare_rates(three, "war", group_a="a", group_b="b", split="2022-01-01")
    with pytest.raises(fr.ArgumentError, match=r"n_boot must be a whole number ≥ 0 \(0 = no intervals\), got -1"):
        fr.compare_rates(three, "war", group_a="a", group_b="b", n_boot=-1)


# --- across a date --------------------------------------------------------------------------------
@pytest.fixture
def dated():
    dates = ["2022-01-10", "2022-02-23", "2022-02-24", "2022-03-05", "2022-01-15", "2022-02-25", "2022-04-01"]
    return matrix_of([[0, 1], [1, 0], [0, 3], [0, 2], [2, 1], [0, 5], [1, 1]],
                     [20, 30, 40, 10, 50, 25, 35], ["a", "a", "a", "a", "b", "b", "b"], dates=dates)


def test_split_at_a_date_compares_each_outlet_from_that_day_with_before(dated):
    t = fr.compare_rates(dated, "war", split="2022-02-24", n_boot=0)
    assert list(t.columns[:4]) == ["outlet", "group_a", "group_b", "pattern"]
    assert t[["outlet", "group_a", "group_b", "count_a", "count_b", "tokens_a", "tokens_b"]].values.tolist() == [
        ["a", "from 2022-02-24", "before 2022-02-24", 5, 1, 50, 50],
        ["b", "from 2022-02-24", "before 2022-02-24", 6, 1, 60, 50]]
    assert t["rate_ratio"].tolist() == pytest.approx([5.0, (6 / 60) / (1 / 50)])
    whole = fr.compare_rates(dated, "war", by=None, split="2022-02-24", n_boot=0)
    assert list(whole.columns[:3]) == ["group_a", "group_b", "pattern"]
    assert whole[["count_a", "count_b", "tokens_a", "tokens_b"]].values.tolist() == [[11, 2, 110, 100]]


def test_split_into_two_periods(dated):
    t = fr.compare_rates(dated, "war", by=None, split=[("2022-02-24", "2022-03-31"), ("2022-01-01", "2022-01-31")],
                         n_boot=0)
    assert t[["group_a", "group_b", "count_a", "count_b", "tokens_a", "tokens_b", "docs_a", "docs_b"]].values.tolist() \
        == [["2022-02-24 – 2022-03-31", "2022-01-01 – 2022-01-31", 10, 2, 75, 70, 3, 2]]


def test_bad_splits_say_what_to_give(dated):
    with pytest.raises(fr.ArgumentError, match=r"split must be a date such as '2022-02-24', got 'soon'"):
        fr.compare_rates(dated, "war", split="soon")
    with pytest.raises(fr.ArgumentError, match=r"no document is dated before 2021-01-01 \(split='2021-01-01'\); "
                                               r"the documents run from 2022-01-10 to 2022-04-01"):
        fr.compare_rates(dated, "war", split="2021-01-01")
    with pytest.raises(fr.ArgumentError, match=r"the periods 2022-02-01 – 2022-03-31 and 2022-01-01 – 2022-02-10 "
                                               r"overlap"):
        fr.compare_rates(dated, "war", split=[("2022-02-01", "2022-03-31"), ("2022-01-01", "2022-02-10")])
    with pytest.raises(fr.ArgumentError, match=r"split must be a date such as '2022-02-24' or two periods"):
        fr.compare_rates(dated, "war", split=[("2022-02-01", "2022-03-31")])
    with pytest.raises(fr.ArgumentError, match=r"the period 2022-03-31 – 2022-02-01 ends before it starts"):
        fr.compare_rates(dated, "war", split=[("2022-03-31", "2022-02-01"), ("2022-01-01", "2022-01-10")])


def test_an_outlet_with_no_document_on_one_side_has_nan_statistics():
    dtm = matrix_of([[0, 1], [0, 2], [0, 1]], [10, 10, 10], ["a", "a", "b"],
                    dates=["2022-01-01", "2022-03-01", "2022-03-01"])
    t = fr.compare_rates(dtm, "war", split="2022-02-24", n_boot=20)
    assert t["outlet"].tolist() == ["a", "b"] and t["tokens_b"].tolist() == [10, 0]
    assert t.iloc[1][["rate_ratio", "rate_ratio_lo", "difference", "p", "q", "rate_ratio_boot_lo"]].isna().all()
    assert t["q"].iat[0] == pytest.approx(t["p"].iat[0])


# --- the document bootstrap -----------------------------------------------------------------------
def _naive_boot(counts, lengths, rows_a, rows_b, keys, n_boot, seed, ci):
    """The document bootstrap as described: each side's documents drawn with replacement on its group's stream."""
    rates = []
    for rows, key in zip((rows_a, rows_b), keys):
        draws = group_stream(seed, key).integers(0, len(rows), size=(n_boot, len(rows)))
        picked = np.asarray(rows)[draws]
        rates.append(np.array([counts[d].sum() / lengths[d].sum() for d in picked]))
    ra, rb = rates
    q = [(1 - ci) / 2, (1 + ci) / 2]
    u = np.quantile(ra / (ra + rb), q)
    return u / (1 - u), np.quantile(1e4 * (ra - rb), q)


def test_bootstrap_intervals_follow_the_description_and_the_seed():
    rng = np.random.default_rng(7)
    n = 30
    war = rng.poisson(2, size=n)
    lengths = rng.integers(50, 200, size=n)
    outlets = ["a"] * 12 + ["b"] * 18
    dtm = matrix_of(np.column_stack([np.zeros(n, int), war]), lengths, outlets)
    t = fr.compare_rates(dtm, "war", group_a="a", group_b="b", n_boot=300, ci=0.9, seed=5)
    ratio, diff = _naive_boot(war, lengths, np.arange(12), np.arange(12, 30), ["outlet=a", "outlet=b"], 300, 5, 0.9)
    assert [t.at[0, "rate_ratio_boot_lo"], t.at[0, "rate_ratio_boot_hi"]] == pytest.approx(ratio, rel=1e-9)
    assert [t.at[0, "difference_boot_lo"], t.at[0, "difference_boot_hi"]] == pytest.approx(diff, rel=1e-9)
    again = fr.compare_rates(dtm, "war", group_a="a", group_b="b", n_boot=300, ci=0.9, seed=5)
    other = fr.compare_rates(dtm, "war", group_a="a", group_b="b", n_boot=300, ci=0.9, seed=6)
    pd.testing.assert_frame_equal(t, again)
    assert other.at[0, "rate_ratio_boot_lo"] != t.at[0, "rate_ratio_boot_lo"]


def test_bursty_terms_get_wider_bootstrap_than_exact_intervals():
    rng = np.random.default_rng(3)
    n = 400
    lengths = np.full(n, 500)
    steady = rng.poisson(1.0, size=n)                          # tokens independent: the two methods agree
    bursty = np.where(rng.random(n) < 0.05, rng.poisson(20, size=n), 0)  # same mean, in few documents
    dtm = matrix_of(np.column_stack([bursty, steady]), lengths, ["a", "b"] * (n // 2), vocab=("bursty", "steady"))
    t = fr.compare_rates(dtm, ["steady", "bursty"], group_a="a", group_b="b", n_boot=1000).set_index("pattern")
    width = np.log(t["rate_ratio_hi"] / t["rate_ratio_lo"])
    boot_width = np.log(t["rate_ratio_boot_hi"] / t["rate_ratio_boot_lo"])
    assert boot_width["steady"] / width["steady"] == pytest.approx(1, abs=0.2)
    assert boot_width["bursty"] / width["bursty"] > 2


def test_demo_corpus_headline(demo_topical):
    t = fr.compare_rates(demo_topical, {"war": "war|aggression"}, group_a="kremlin.ru", group_b="president.gov.ua",
                         n_boot=200)
    rates = fr.term_rates(demo_topical, {"war": "war|aggression"}, n_boot=0).set_index("outlet")
    row = t.iloc[0]
    assert row["count_a"] == rates.at["kremlin.ru", "count"] and row["count_b"] == rates.at["president.gov.ua", "count"]
    assert row["rate_ratio"] == pytest.approx(rates.at["kremlin.ru", "per_10k"] / rates.at["president.gov.ua", "per_10k"])
    assert row["rate_ratio_lo"] < row["rate_ratio"] < row["rate_ratio_hi"] < 1


# --- the plot and the figure kind ------------------------------------------------------------------
def test_plot_draws_both_intervals_on_a_log_axis_with_a_line_at_one(three):
    import matplotlib.pyplot as plt

    t = fr.compare_rates(three, ["war", "peace"], group_a="c", group_b="b", n_boot=200)
    ax = plot_rate_ratios(t)
    assert ax.get_xscale() == "log" and ax.get_title() == "c vs b"
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["war", "peace"]
    assert any(list(line.get_xdata()) == [1, 1] for line in ax.get_lines())
    bars = {c.get_label(): c.get_segments() for c in ax.collections if c.get_label() in
            ("exact conditional (Poisson)", "document bootstrap")}
    exact = [(seg[0][0], seg[1][0]) for seg in bars["exact conditional (Poisson)"]]
    assert exact[0] == pytest.approx((t.at[0, "rate_ratio_lo"], t.at[0, "rate_ratio_hi"]))
    left = ax.get_xlim()[0]
    assert exact[1][0] == pytest.approx(left)  # peace: count 0 in c, the lower bound 0 sits at the axis edge
    boot = [(seg[0][0], seg[1][0]) for seg in bars["document bootstrap"] if len(seg)]  # peace has none: NaN
    clipped = np.clip([t.at[0, "rate_ratio_boot_lo"], t.at[0, "rate_ratio_boot_hi"]], *ax.get_xlim())
    assert len(boot) == 1 and boot[0] == pytest.approx(tuple(clipped))  # 0 and ∞ (two documents in c) at the edges
    plt.close("all")


def test_plot_labels_rows_by_outlet_when_comparing_periods_and_refuses_other_tables(dated):
    import matplotlib.pyplot as plt

    t = fr.compare_rates(dated, "war", split="2022-02-24", n_boot=0)
    ax = plot_rate_ratios(t)
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["a: war", "b: war"]
    assert ax.get_title() == "from 2022-02-24 vs before 2022-02-24"
    assert "document bootstrap" not in [c.get_label() for c in ax.collections]  # n_boot=0: nothing to draw
    with pytest.raises(fr.ArgumentError, match=r"plot_rate_ratios needs the columns \['group_a', 'group_b'"):
        plot_rate_ratios(fr.term_rates(dated, "war", n_boot=0))
    plt.close("all")


FIGURE = """[defaults]
corpus = "docs.jsonl"
seed = 3
dpi = 50

[figures.sides]
kind = "rate_ratios"
patterns = {invasion = "invasion|вторгнення", aggression = "aggression|агрес*|agresij*"}
group_a = "news.example"
group_b = "rest"
n_boot = 50

[figures.after]
kind = "rate_ratios"
patterns = ["aggression|агрес*|agresij*"]
split = 2022-02-24
by = "language"
n_boot = 20
"""


def test_rate_ratios_figure_from_a_toml_config(tmp_path, multilingual, monkeypatch):
    from framing.figures import build

    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path / "cache"))
    multilingual.to_jsonl(tmp_path / "docs.jsonl")
    (tmp_path / "figs.toml").write_text(FIGURE, encoding="utf-8")
    report = build(tmp_path / "figs.toml", out=tmp_path / "out", log=None)
    assert {o.name: o.message or o.status for o in report.outcomes} == {"sides": "built", "after": "built"}
    assert (tmp_path / "out" / "sides.png").is_file()
    sides = pd.read_csv(tmp_path / "out" / "sides.csv")
    expected = fr.compare_rates(multilingual, {"invasion": "invasion|вторгнення",
                                               "aggression": "aggression|агрес*|agresij*"},
                                group_a="news.example", group_b="rest", n_boot=50, seed=3)
    assert list(sides.columns) == list(expected.columns)
    np.testing.assert_allclose(sides.select_dtypes("number").to_numpy(float),
                               expected.select_dtypes("number").to_numpy(float), rtol=1e-9)
    after = pd.read_csv(tmp_path / "out" / "after.csv")
    assert after["group_a"].unique().tolist() == ["from 2022-02-24"] and set(after["language"]) == {"en", "ru", "uk", "sr"}


@pytest.mark.parametrize(("fields", "message"), [
    ('patterns = ["war"]\ngroup_a = "x"\ngroup_b = "y"\nsplit = "2022-02-24"',
     "give either the two sides (group_a = \"kremlin.ru\", group_b = \"president.gov.ua\") or a split"),
    ('patterns = ["war"]', "give either the two sides"),
    ('patterns = ["war"]\ngroup_a = "x"', "give both group_a and group_b"),
])
def test_bad_rate_ratio_options(tmp_path, fields, message):
    from framing.figures import build

    (tmp_path / "figs.toml").write_text(f'[defaults]\ncorpus = "docs.jsonl"\n[figures.bad]\nkind = "rate_ratios"\n'
                                        f'{fields}\n', encoding="utf-8")
    report = build(tmp_path / "figs.toml", out=tmp_path / "out", log=None)
    assert message in report.outcomes[0].message


# --- the command line ---------------------------------------------------------------------------------
@pytest.fixture
def corpus_file(tmp_path):
    rows = [("k1", "kremlin.ru", "2022-02-10", "War is not our choice. The war in Donbas."),
            ("k2", "kremlin.ru", "2022-03-10", "The special military operation continues."),
            ("p1", "president.gov.ua", "2022-02-20", "Peace talks go on."),
            ("p2", "president.gov.ua", "2022-03-01", "The war of aggression against Ukraine. War crimes.")]
    path = tmp_path / "news.csv"
    pd.DataFrame(rows, columns=["doc_id", "outlet", "date", "text"]).to_csv(path, index=False)
    return path


def test_cli_compare_writes_what_compare_rates_computes(corpus_file, tmp_path, capsys):
    from framing.cli import main

    out = tmp_path / "ratios.csv"
    assert main(["compare", str(corpus_file), "war=war|aggression", "--group-a", "kremlin.ru", "--group-b",
                 "president.gov.ua", "--n-boot", "40", "--seed", "2", "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote 1 rows to {out}"
    written = pd.read_csv(out)
    expected = fr.compare_rates(fr.read(corpus_file), {"war": "war|aggression"}, group_a="kremlin.ru",
                                group_b="president.gov.ua", n_boot=40, seed=2)
    assert list(written.columns) == list(expected.columns)
    np.testing.assert_allclose(written.select_dtypes("number").to_numpy(float),
                               expected.select_dtypes("number").to_numpy(float), rtol=1e-9)
    assert main(["compare", str(corpus_file), "war", "--split", "2022-03-01:2022-03-31", "2022-02-01:2022-02-28",
                 "--n-boot", "0"]) == 0
    printed = capsys.readouterr().out
    assert "2022-03-01 – 2022-03-31" in printed and "kremlin.ru" in printed


def test_cli_compare_errors_are_one_line(corpus_file, capsys):
    from framing.cli import main

    assert main(["compare", str(corpus_file), "war", "--split", "2022-03-01:2022-03-31"]) == 2
    assert capsys.readouterr().err.strip() == ("error: --split takes a date (2022-02-24) or two periods "
                                               "START:END START:END, got 2022-03-01:2022-03-31")
    assert main(["compare", str(corpus_file), "war", "--group-a", "tass.ru", "--group-b", "rest"]) == 2
    assert capsys.readouterr().err.startswith("error: group_a='tass.ru' is not a group of by=['outlet']")
