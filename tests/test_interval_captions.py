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
from framing.viz.captions import interval_caption

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
    assert interval_caption(shares, ci=0.95) == "95% intervals: percentile bootstrap; Clopper–Pearson at share 0 or 1."
    assert interval_caption(shares.drop(columns="share_lo"), ci=0.95) == ""
