"""Figure kinds of topics as frames (framing.figures.kinds.frames): each CSV is what the package function
returns for the same options, computed here independently, and bad options are named."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from topic_data import synthetic_corpus

import framing as fr
from framing.figures import build
from framing.figures.kinds.topics import topic_matrix


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("frames") / "docs.jsonl"
    synthetic_corpus().to_jsonl(path)
    return path


def run(folder: Path, config: str) -> dict[str, str]:
    (folder / "figs.toml").write_text(config, encoding="utf-8")
    report = build(folder / "figs.toml", out=folder / "out", log=None)
    return {o.name: o.message or o.status for o in report.outcomes}


def test_the_three_kinds_build_the_tables_of_the_package(tmp_path, corpus_file, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path / "cache"))
    config = f"""
[defaults]
corpus = "{corpus_file}"
seed = 2
dpi = 50

[figures.effect]
kind = "topic_effect"
k = 3
passes = 2
n_draws = 20

[figures.trend]
kind = "topic_effect"
k = 3
passes = 2
n_draws = 20
covariate = "date"
topic = 1

[figures.net]
kind = "frame_network"
k = 3
passes = 2
by = "outlet"

[figures.words]
kind = "topic_wording"
k = 3
passes = 2
topic = 0
n = 4
"""
    assert run(tmp_path, config) == {"effect": "built", "trend": "built", "net": "built", "words": "built"}
    corpus = fr.read_jsonl(corpus_file)
    dtm = topic_matrix(corpus, {"stopwords": "auto", "min_df": 5, "max_df": 0.5})
    model = fr.fit_topics(dtm, 3, seed=2, options=fr.LdaOptions(passes=2), progress=False)
    effect = fr.estimate_effect(model, n_draws=20, seed=2, progress=False)
    out = tmp_path / "out"
    pd.testing.assert_frame_equal(pd.read_csv(out / "effect.csv"), effect.differences("outlet"), check_dtype=False)
    trend = pd.read_csv(out / "trend.csv", parse_dates=["date"])
    expected = effect.trend("date", by="outlet")
    np.testing.assert_allclose(trend["prevalence"], expected["prevalence"])
    assert trend["outlet"].tolist() == expected["outlet"].tolist()
    net = fr.frame_network(model, by="outlet", seed=2)
    table = pd.read_csv(out / "net.csv")
    nodes = table[table["element"] == "node"]
    assert nodes["community"].astype(int).tolist() == net.nodes["community"].tolist()
    np.testing.assert_allclose(table.loc[table["element"] == "edge", "weight"], net.edges["weight"])
    words = pd.read_csv(out / "words.csv")
    pd.testing.assert_frame_equal(words, fr.topic_wording(model, n=4, topics=[0]), check_dtype=False)
    for name in ("effect", "trend", "net", "words"):
        assert (out / f"{name}.png").stat().st_size > 1000


@pytest.mark.parametrize(("fields", "message"), [
    ('kind = "topic_effect"\nk = 3\ncovariate = "source"',
     "covariate 'source' must be one of covariates ['outlet', 'date']"),
    ('kind = "topic_wording"\nk = 3\ntopic = 7', "topic 7 does not exist: the model has topics 0 to 2"),
    ('kind = "frame_network"\nk = 3\nmeasure = "jaccard"', "measure"),
])
def test_bad_options_are_named(tmp_path, corpus_file, monkeypatch, fields, message):
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path / "cache"))
    config = f'[defaults]\ncorpus = "{corpus_file}"\n\n[figures.f]\npasses = 1\n{fields}\n'
    outcome = run(tmp_path, config)["f"]
    assert message in outcome
