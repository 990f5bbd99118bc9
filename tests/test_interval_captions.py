"""Figure captions name the interval method of the table they draw (issue 13).

The sentence comes from the table's ``attrs["ci_method"]``; a built figure's manifest records it
in ``caption`` (after the config's caption) and on its own in ``intervals``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import framing as fr
from framing.figures import build
from framing.viz.captions import interval_caption, interval_label

TEXTS = [("a", "The invasion. The operation, the invasion."), ("a", "An operation and an operation."),
         ("a", "The invasion again, invasion."), ("a", "Operation here, invasion there."),
         ("b", "The operation."), ("b", "The invasion, the operation, the operation."), ("b", "Nothing.")]

CONFIG = """\
[defaults]
corpus = "docs.jsonl"

[figures.choice]
kind = "term_share"
caption = "Invasion or operation."
patterns = ["invasion", "operation"]
n_boot = 50

[figures.rates]
kind = "rates"
caption = "Rates."
patterns = ["invasion"]
n_boot = 50
ci = 0.9

[figures.bare]
kind = "rates"
caption = "Rates without intervals."
patterns = ["invasion"]
n_boot = 0
"""


@pytest.fixture
def manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path / "cache"))
    frame = pd.DataFrame(TEXTS, columns=["outlet", "text"])
    fr.from_dataframe(frame.assign(date="2022-03-01")).to_jsonl(tmp_path / "docs.jsonl")
    (tmp_path / "figs.toml").write_text(CONFIG, encoding="utf-8")
    assert build(tmp_path / "figs.toml", out=tmp_path / "out", log=None).exit_code == 0
    return json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["figures"]


def test_built_figures_name_their_interval_method_in_the_caption(manifest: dict) -> None:
    choice = manifest["choice"]
    assert choice["intervals"] == ("95% intervals: Fieller ratio-of-sums interval, documents as clusters; "
                                   "Clopper–Pearson at share 0 or 1.")
    assert choice["caption"] == "Invasion or operation. " + choice["intervals"]
    assert manifest["rates"]["caption"] == (
        "Rates. 90% intervals of per_10k: negative-binomial profile likelihood; Garwood exact at count 0. "
        "90% intervals of doc_share: Wilson score; Clopper–Pearson at 0 or all documents.")


def test_a_figure_without_intervals_keeps_its_caption(manifest: dict) -> None:
    assert manifest["bare"]["caption"] == "Rates without intervals." and manifest["bare"]["intervals"] == ""


def test_the_sentence_follows_the_method_asked_for() -> None:
    dtm = fr.from_dataframe(pd.DataFrame(TEXTS, columns=["outlet", "text"]).assign(date="2022-03-01"))
    shares = fr.term_share(dtm, ["invasion", "operation"], n_boot=50, ci_method="percentile")
    assert interval_caption(shares) == ("95% intervals: percentile bootstrap, 50 replicates; Clopper–Pearson at "
                                        "share 0 or 1.")
    assert interval_caption(shares.drop(columns="share_lo"), ci=0.95) == ""


# --- the same method in the plots' legends (issue 17) ------------------------------------------
def legend_texts(ax) -> list[str]:
    return [t.get_text().replace("\n", " ") for t in ax.get_legend().get_texts()]


def test_the_legend_label_is_the_main_method_with_level_and_replicates() -> None:
    table = pd.DataFrame({"per_10k": [2.0], "per_10k_lo": [1.0], "per_10k_hi": [3.0]})
    table.attrs["ci_method"] = {"per_10k": "percentile bootstrap; Garwood exact at count 0"}
    assert interval_label(table, "per_10k") == "interval: percentile bootstrap"  # no level given or recorded
    assert interval_label(table, "per_10k", ci=0.9) == "90% interval: percentile bootstrap"
    table.attrs.update(ci=0.95, n_boot=200)
    assert interval_label(table, "per_10k") == "95% interval: percentile bootstrap, 200 replicates"
    assert interval_caption(table) == "95% intervals: percentile bootstrap, 200 replicates; Garwood exact at count 0."
    table.attrs["ci_method"] = {"per_10k": "negative-binomial profile likelihood; Garwood exact at count 0"}
    assert interval_label(table, "per_10k") == "95% interval: negative-binomial profile likelihood"  # no replicates
    assert interval_label(table, "doc_share") == "" and interval_label(table.assign(per_10k_lo=float("nan")),
                                                                        "per_10k") == ""
    del table.attrs["ci"]
    assert interval_caption(table).startswith("Intervals: negative-binomial")
    table.attrs["ci_method"] = {"per_10k": "percentile bootstrap over the linked pairs (an original and its "
                                           "translation resampled together)"}
    assert interval_label(table, "per_10k") == "interval: percentile bootstrap over the linked pairs, 200 replicates"


def test_plots_with_intervals_name_their_method() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from framing.viz import plots

    dtm = fr.from_dataframe(pd.DataFrame(TEXTS, columns=["outlet", "text"]).assign(
        date=["2022-01-03", "2022-01-20", "2022-02-07", "2022-02-21", "2022-01-04", "2022-02-08", "2022-02-09"]))
    rates = fr.term_rates(dtm, {"invasion": "invasion"}, n_boot=50)  # the table records its level (issue 17)
    assert legend_texts(plots.plot_rates(rates))[-1] == "95% interval: negative-binomial profile likelihood"
    assert legend_texts(plots.plot_rates(rates, measure="doc_share"))[-1] == "95% interval: Wilson score"
    assert legend_texts(plots.plot_rates(fr.term_rates(dtm, ["invasion"], n_boot=0))) == ["a", "b"]  # none: no entry
    shares = fr.term_share(dtm, ["invasion", "operation"], period="M", n_boot=50)
    assert legend_texts(plots.plot_term_share(shares, pattern="invasion"))[-1] == (
        "95% interval: Fieller ratio-of-sums interval, documents as clusters")
    monthly = fr.term_rates(dtm, ["operation"], period="M", n_boot=50, ci=0.9, ci_method="percentile")
    assert legend_texts(plots.plot_rates_over_time(monthly))[-1] == "90% interval: percentile bootstrap, 50 replicates"
    plt.close("all")


def test_topic_prevalence_over_time_names_its_bootstrap() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from topic_data import synthetic_corpus, synthetic_dtm

    from framing.viz import plots

    model = fr.fit_topics(synthetic_dtm(synthetic_corpus()), 3, seed=1, options=fr.LdaOptions(passes=2), progress=False)
    ax = plots.plot_prevalence_time(fr.topic_prevalence(model, period="M", n_boot=20), topic=0)
    assert legend_texts(ax)[-1] == "95% interval: studentized bootstrap, 20 replicates"
    plt.close("all")
