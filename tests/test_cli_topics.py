"""The ``framing topics`` command (framing.cli.topics)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from topic_data import synthetic_frame

import framing as fr
from framing.cli import main
from framing.cli.topics import parse_ks


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "articles.csv"
    synthetic_frame().to_csv(path, index=False)
    return path


def test_fit_prints_labels_and_saves_a_loadable_model(corpus_file, tmp_path, capsys):
    out = tmp_path / "model"
    status = main(["topics", str(corpus_file), "--k", "3", "--seed", "2", "--passes", "3", "--stopwords", "en",
                   "--min-df", "2", "-o", str(out), "--quiet"])
    printed = capsys.readouterr().out
    assert status == 0
    assert "TopicModel(k=3, seed=2, 60 documents" in printed and f"saved the model to {out}" in printed
    corpus = fr.read(corpus_file)
    dtm = fr.document_term_matrix(corpus, stopwords="en", min_df=2)
    model = fr.load_topics(out, dtm)
    again = fr.fit_topics(dtm, 3, seed=2, options=fr.LdaOptions(passes=3), progress=False)
    assert np.array_equal(model.topic_term_, again.topic_term_)
    terms = pd.read_csv(out / "terms.csv")
    assert list(terms.columns) == ["topic", "rank", "term", "prob", "relevance", "frex", "overall"]
    assert terms.query("topic == 0")["term"].tolist() == again.terms(n=8).query("topic == 0")["term"].tolist()
    for label in again.labels(n=8)["label"]:
        assert label in printed


def test_sweep_prints_and_writes_the_table(corpus_file, tmp_path, capsys):
    out = tmp_path / "sweep.csv"
    status = main(["topics", "sweep", str(corpus_file), "--ks", "2:3", "--seeds", "1,2", "--passes", "1",
                   "--processes", "1", "-o", str(out), "--quiet"])
    assert status == 0
    table = pd.read_csv(out)
    assert list(table.columns) == ["k", "seed", "u_mass", "c_npmi", "perplexity", "exclusivity", "stability"]
    assert table[["k", "seed"]].values.tolist() == [[2, 1], [2, 2], [3, 1], [3, 2]]
    assert table[["u_mass", "c_npmi", "stability"]].notna().all().all()
    assert f"wrote {out}" in capsys.readouterr().out


def test_parse_ks():
    assert parse_ks("5:40:5") == [5, 10, 15, 20, 25, 30, 35, 40]
    assert parse_ks("2:4") == [2, 3, 4]
    assert parse_ks("5,10,20") == [5, 10, 20]
    for bad in ("5:x", "5:40:0", "1:2:3:4", "five"):
        with pytest.raises(fr.ConfigError, match=r"--ks .*: use START:STOP:STEP \(e.g. 5:40:5\) or a list"):
            parse_ks(bad)


@pytest.mark.parametrize("argv, message", [
    (["{corpus}"], "error: --k is required: the number of topics to fit (or use 'framing topics sweep')"),
    (["sweep", "{corpus}"], "error: 'framing topics sweep' needs --ks, e.g. --ks 5:40:5"),
    (["sweep", "{corpus}", "--ks", "2:3", "--seeds", "1,x"], "error: --seeds '1,x': use whole numbers"),
    (["a", "b", "c"], "error: expected CORPUS or 'sweep CORPUS', got 'a b c'"),
    (["{corpus}", "--k", "1"], "error: k=1: a topic model needs a whole number of at least 2 topics"),
    (["sweep", "{corpus}", "--ks", "2", "--seeds", "1", "--quiet"], None),
])
def test_errors_are_one_readable_line(corpus_file, argv, message, capsys):
    argv = [a.format(corpus=corpus_file) for a in argv]
    status = main(["topics", *argv, "--passes", "1"])
    err = capsys.readouterr().err
    if message is None:  # one seed: the sweep runs without stability
        assert status == 0
        return
    assert status == 2 and err.startswith(message) and "Traceback" not in err
