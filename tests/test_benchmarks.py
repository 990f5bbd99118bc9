"""The benchmarks run end to end on their smallest size (no timing is asserted), and the harness adds up.

bench_terms.py and bench_topics.py are run by tests/test_rates.py and tests/test_bench_topics.py;
here the suite's conversion of their results into table rows is checked.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the benchmarks folder is a package beside framing/, not installed

from benchmarks import bench_dtm, bench_scale, suite  # noqa: E402
from benchmarks.harness import Measurement, faster, measure, memory, overhead, report, row, within  # noqa: E402


@pytest.fixture
def demo(demo_window, monkeypatch):
    """The benchmarks' input, the demo corpus, fetched into the tests' data folder (conftest: or skip)."""
    from conftest import DEMO_DATA

    monkeypatch.setenv("FRAMING_DATA", str(DEMO_DATA))


def test_targets_and_rows_from_hand_made_measurements(tmp_path):
    m = Measurement(ours=[1.0, 3.0, 2.0], peer=[9.0, 6.0, 7.0], peak_bytes=3 << 20)
    r = row("task", "toy", 10, m, peer="p", target=faster(3), csr_bytes=2 << 20, note="n")
    assert (r.ours_s, r.peer_s, r.ratio, r.peak_mb, r.csr_mb, r.met, r.runs) == (2.0, 7.0, 3.5, 3.0, 2.0, True, 3)
    assert row("t", "toy", 1, m, target=faster(4)).met is False
    assert row("t", "toy", 1, m, target=overhead(0.1)).met is True
    assert row("t", "toy", 1, m, target=within(1.5)).met is False
    assert row("t", "toy", 1, m, target=memory(2), csr_bytes=1 << 20).met is False
    assert row("t", "toy", 1, Measurement([1.0], [], 0), target=faster(3)).met is None
    raw = report([r], tmp_path, name="t")
    assert list(raw.columns) == ["task", "corpus", "docs", "ours_s", "peer", "peer_s", "ratio", "peak_mb",
                                 "target", "met", "runs", "csr_mb", "note", "suite"]
    assert pd.read_csv(tmp_path / "t.csv")["ratio"].tolist() == [3.5]
    assert json.loads((tmp_path / "t.json").read_text())[0]["target"] == "≥ 3× faster"


def test_measure_alternates_and_records_peak_memory():
    calls = []
    m = measure(lambda: calls.append("o") or np.ones(8 << 20), lambda: calls.append("p"), repeat=2, warmup=1)
    assert calls == ["o", "p", "o", "p", "p", "o"]
    assert len(m.ours) == len(m.peer) == 2 and m.peak_bytes >= 32 << 20  # 64 MiB written


def test_agreeing_text_applies_the_tokenisers_normalisation():
    assert bench_dtm.agreeing_text("see http://x.org, russia’s ﬁnal mail@x.org") == "see   russia's final  "


def test_dtm_benchmark_asserts_same_counts_on_a_sample(demo):
    rows = bench_dtm.run(["demo"], repeat=1, quick=True)
    assert [r.peer for r in rows] == ["sklearn CountVectorizer", "gensim Dictionary + doc2bow"]
    assert rows[0].docs == 300 and rows[0].target == "≥ 3× faster" and rows[0].ratio > 0
    assert "same counts asserted" in rows[0].note


def test_scale_benchmark_runs_the_whole_path_on_2000_documents(demo):
    rows = bench_scale.run(quick=True)
    assert [r.task for r in rows] == ["matrix: streamed from Parquet", "term rate by outlet × month",
                                      "keyness: one outlet vs rest", "topics: fit k=20 on a 500-doc sample",
                                      "topics: infer θ for all docs (2 processes)"]
    assert all(r.docs == 2000 and r.ours_s > 0 for r in rows)


def test_synthetic_corpus_keeps_outlet_date_and_text(demo, demo_window):
    from benchmarks.corpora import synthetic_path

    path = synthetic_path(2000)
    assert path.name == f"synthetic-2000-seed0-{demo_window.fingerprint[:12]}.parquet"
    table = pq.read_table(path).to_pandas()
    ref = demo_window.df.set_index("doc_id")
    original = table["doc_id"].str.rsplit("~", n=1).str[0]
    assert table["doc_id"].is_unique and len(table) == 2000
    for col in ["outlet", "date", "text"]:
        assert (ref.loc[original, col].to_numpy() == table[col].to_numpy()).all()


def test_suite_turns_the_topic_benchmark_into_rows():
    results = {"documents": 150, "coherence": {"k": 5, "gensim_s": 2.0, "ours_s": 0.1,
                                               "ours_with_tokenising_s": 0.3, "max_abs_difference": 0.0},
               "fit": {"k": 5, "passes": 1, "gensim_ldamodel_s": 1.0, "fit_topics_s": 1.2},
               "sweep": {"ks": [2, 3], "seeds": [1, 2], "one_process_s": 4.0, "two_processes_s": 2.5}}
    rows = suite.topics_rows(results, 1 << 20)
    assert [(r.ratio, r.met) for r in rows] == [(20.0, True), (1.0 / 1.2, False), (4.0 / 2.5, None)]
    assert rows[1].target == "overhead ≤ 10%"


def test_suite_prints_one_table(demo, capsys):
    rows = suite.main(["--quick", "--only", "dtm"])
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["task", "corpus", "docs", "ours", "(median)", "peer", "peer",
                                           "(median)", "ratio", "our", "peak", "MiB", "target", "met?"]
    assert len(rows) == 2 and "sklearn CountVectorizer" in out
    assert json.loads((ROOT / "build" / "bench" / "results-quick.json").read_text())[0]["docs"] == 300
    assert {r.suite for r in rows} == {"dtm"}
    machine = json.loads((ROOT / "build" / "bench" / "machine-quick.json").read_text())
    assert machine["sizes"] == ["demo", "10k", "100k", "1M"] and list(machine["suite_seconds"]) == ["dtm"]
    assert machine["corpus"] == "ukraine-2022-window" and machine["cpus"] >= 1
