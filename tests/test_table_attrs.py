"""Tables with intervals say how they were made (issue 17): ``attrs`` ``ci_method``, ``ci``, ``n_boot``,
``period``, which plot legends quote; by period they carry the mean ``date`` of each group's documents,
where a time plot draws the period (framing.terms.rates, framing.topics.prevalence, framing.dtm.dates)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from topic_data import synthetic_corpus, synthetic_dtm

import framing as fr
from framing.viz import plots

# An annual debate in September, monthly statements, a Serbian outlet in both scripts; HTML debris,
# a long junk token and dates given in mixed formats.
DOCS = [
    ("un.org", "2021-09-21", "Aggression against Ukraine must end. <b>Aggression</b> is condemned."),
    ("un.org", "2021-09-25", "The <p>invasion</p> and the aggression; sovereignty matters."),
    ("un.org", "22 September 2022", "Агрессия и вторжение: the aggression continues."),
    ("un.org", "2022-09-24T10:30:00", "No war here, only peace talks xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx."),
    ("vijesti.example", "2022-02-24", "Руска агресија на Украјину. Aggression, агресија."),
    ("vijesti.example", "2022-03-01", "Ruska agresija na Ukrajinu; aggression and invasion."),
    ("vijesti.example", "2022-03-30", "Росія почала вторгнення. Це агресія; aggression again."),
    ("vijesti.example", "2022-03-10", "**Markdown** debris, [link](http://x.example) and nothing else."),
]


@pytest.fixture(scope="module")
def corpus() -> fr.Corpus:
    frame = pd.DataFrame(DOCS, columns=["outlet", "date", "text"])
    return fr.from_dataframe(frame)


def legend_texts(ax) -> list[str]:
    return [t.get_text().replace("\n", " ") for t in ax.get_legend().get_texts()]


# --- attrs --------------------------------------------------------------------------------------
def test_rates_and_shares_record_level_replicates_method_and_period(corpus) -> None:
    rates = fr.term_rates(corpus, {"aggression": "aggression|агресија"}, n_boot=300, ci=0.9, seed=2,
                          ci_method="percentile")
    assert rates.attrs == {"ci_method": {"per_10k": "percentile bootstrap; Garwood exact at count 0",
                                         "doc_share": "percentile bootstrap; Clopper–Pearson at 0 or all documents"},
                           "ci": 0.9, "n_boot": 300, "period": None}
    monthly = fr.term_rates(corpus, ["aggression"], period="month", n_boot=0)
    assert monthly.attrs["period"] == "M" and monthly.attrs["n_boot"] == 0 and monthly.attrs["ci"] == 0.95
    assert monthly.attrs["ci_method"]["per_10k"].startswith("negative-binomial profile likelihood")
    shares = fr.term_share(corpus, ["aggression", "invasion"], period="Y", n_boot=50)
    assert shares.attrs == {"ci_method": {"share": "Fieller ratio-of-sums interval, documents as clusters; "
                                                   "Clopper–Pearson at share 0 or 1"},
                            "ci": 0.95, "n_boot": 50, "period": "Y"}


def test_prevalence_records_its_bootstrap() -> None:
    model = fr.fit_topics(synthetic_dtm(synthetic_corpus()), 3, seed=1, options=fr.LdaOptions(passes=2),
                          progress=False)
    prev = fr.topic_prevalence(model, n_boot=40, ci=0.8, ci_method="percentile")
    assert prev.attrs == {"ci_method": {"prevalence": "percentile bootstrap"}, "ci": 0.8, "n_boot": 40, "period": None}
    assert fr.topic_prevalence(model, period="quarter", n_boot=0).attrs["period"] == "Q"


def test_attrs_survive_what_views_and_the_figure_cache_do(corpus, tmp_path) -> None:
    rates = fr.term_rates(corpus, ["aggression", "invasion"], period="M", n_boot=30, ci_method="percentile")
    expected = dict(rates.attrs)
    steps = {
        "boolean filter": rates[rates["pattern"] == "aggression"],
        "reset_index": rates[rates["outlet"] == "un.org"].reset_index(drop=True),
        "assign": rates.assign(pattern="label"),
        "sort": rates.sort_values("per_10k"),
        "columns": rates[["outlet", "period", "per_10k", "per_10k_lo", "per_10k_hi"]],
        "query": rates.query("count > 0"),
        "copy": rates.copy(),
    }
    for name, table in steps.items():
        assert table.attrs == expected, name
    rates.to_parquet(tmp_path / "t.parquet")  # the figure pipeline caches tables as Parquet
    assert pd.read_parquet(tmp_path / "t.parquet").attrs == expected
    # a merge with a table without attrs drops them (pandas): the topic_prevalence kind restores them
    assert rates.merge(pd.DataFrame({"outlet": ["un.org"], "label": ["UN"]}), on="outlet").attrs == {}


# --- legends ------------------------------------------------------------------------------------
def test_legends_name_level_method_and_replicates_of_real_tables(corpus) -> None:
    rates = fr.term_rates(corpus, {"aggression": "aggression|агресија|агрессия"}, n_boot=200, ci=0.9,
                          ci_method="percentile")
    assert legend_texts(plots.plot_rates(rates))[-1] == "90% interval: percentile bootstrap, 200 replicates"
    profile = fr.term_rates(corpus, ["aggression"], n_boot=1)  # the profile interval has no replicates
    assert legend_texts(plots.plot_rates(profile))[-1] == "95% interval: negative-binomial profile likelihood"
    monthly = fr.term_rates(corpus, ["aggression"], by="outlet", period="M", n_boot=120, ci=0.8,
                            ci_method="percentile")
    shown = monthly[monthly["outlet"] == "vijesti.example"].reset_index(drop=True)  # as a view narrows it
    assert "80% interval: percentile bootstrap, 120 replicates" in legend_texts(plots.plot_rates_over_time(shown))
    model = fr.fit_topics(synthetic_dtm(synthetic_corpus()), 3, seed=1, options=fr.LdaOptions(passes=2),
                          progress=False)
    prev = fr.topic_prevalence(model, period="M", n_boot=60, ci=0.9)
    assert legend_texts(plots.plot_prevalence_time(prev, topic=1))[-1] == (
        "90% interval: studentized bootstrap, 60 replicates")
    plt.close("all")


# --- the mean date ------------------------------------------------------------------------------
def test_rates_by_period_carry_the_mean_date_of_their_documents(corpus) -> None:
    yearly = fr.term_rates(corpus, ["aggression", "invasion"], period="Y", n_boot=0)
    assert list(yearly.columns[:4]) == ["outlet", "period", "date", "pattern"]
    docs = corpus.df.assign(period=corpus.df["date"].dt.to_period("Y").dt.start_time)
    want = docs.groupby(["outlet", "period"])["date"].mean()  # pandas' own mean of the dates
    got = yearly.drop_duplicates(["outlet", "period"]).set_index(["outlet", "period"])["date"]
    assert ((got - want.reindex(got.index)).abs() < pd.Timedelta(seconds=1)).all()
    un = got.loc["un.org"]
    assert [d.month for d in un] == [9, 9]  # annual debates: September, not 1 January or midyear
    assert un.iloc[1] == pd.Timestamp("2022-09-23 05:15:00")  # 22 Sep and 24 Sep 10:30
    assert "date" not in fr.term_rates(corpus, ["aggression"], n_boot=0)  # not by period: no date
    shares = fr.term_share(corpus, ["aggression", "invasion"], period="Y", n_boot=0)
    assert shares.drop_duplicates(["outlet", "period"])["date"].tolist() == got.tolist()


def test_grouped_by_date_itself_keeps_that_column(corpus) -> None:
    table = fr.term_rates(corpus, ["aggression"], by=["date"], period="Y", n_boot=0)
    assert list(table.columns[:3]) == ["date", "period", "pattern"]
    assert (table["date"].dt.year == table["period"].dt.year).all()


def test_a_sparse_series_is_drawn_at_its_documents_dates(corpus) -> None:
    yearly = fr.term_rates(corpus, ["aggression"], period="Y", n_boot=0)
    un = yearly[yearly["outlet"] == "un.org"]
    ax = plots.plot_rates_over_time(un)
    line = ax.get_lines()[0]
    drawn = pd.to_datetime(pd.Series(line.get_xdata()))
    assert drawn.tolist() == un["date"].tolist()  # at September, not at 1 January or midyear
    assert [d.strftime("%Y-%m") for d in mdates.num2date(ax.get_xlim())] == ["2021-01", "2023-01"]
    plt.close("all")
