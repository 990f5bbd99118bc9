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

from benchmarks import bench_dtm, bench_scale, bench_vocab, suite  # noqa: E402
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
                                 "target", "met", "runs", "csr_mb", "note", "suite", "size_mb"]
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


# --- the realistic corpus and the vocab suite (issue 15) ----------------------------------------
def _meta():
    import pyarrow as pa

    return pa.table({"outlet": ["a", "b", "c"], "date": pa.array([0, 40 * 86400, 80 * 86400], pa.timestamp("s")),
                     "language": ["en"] * 3})


def test_words_are_unique_syllable_strings_short_for_frequent_ranks():
    from benchmarks.corpora import words

    spelt = words(np.arange(1, 10_200)).to_pylist()
    assert len(set(spelt)) == len(spelt) == 10_199
    assert {len(w) for w in spelt[:100]} == {2} and {len(w) for w in spelt[100:10_100]} == {4}
    assert spelt[:3] == ["ba", "be", "bi"] and spelt[100] == "baba" and spelt[10_100] == "bababa"


def test_realistic_corpus_is_seeded_and_follows_heaps_and_zipf(tmp_path):
    import framing as fr
    from benchmarks.corpora import HEAPS_BETA, JUNK_SHARE, PHRASE, PHRASE_RATE, write_realistic

    n = 10_000
    a = pq.read_table(write_realistic(tmp_path / "a.parquet", n, _meta(), seed=3))
    assert a.equals(pq.read_table(write_realistic(tmp_path / "b.parquet", n, _meta(), seed=3)))
    assert not a.column("text").equals(pq.read_table(write_realistic(tmp_path / "c.parquet", 50, _meta(),
                                                                      seed=4)).column("text").slice(0, 50))
    df = a.to_pandas()
    assert df["doc_id"].is_unique and set(df["outlet"]) == {"a", "b", "c"}
    chunks = df["text"].str.split()
    lengths = chunks.str.len().to_numpy()
    assert abs(lengths.mean() / 380 - 1) < 0.05
    flat = pd.Series([c for doc in chunks for c in doc])
    junk = flat.str.startswith("https://") | (flat.str.len() >= 200) | flat.str.fullmatch(r"\d{12,}\.?")
    assert abs(junk.mean() / JUNK_SHARE - 1) < 0.15  # 3,800 junk tokens expected, ±1.6 % one sd
    assert abs(flat.str.endswith(".").mean() - (1 / 20 + 1 / 380)) < 0.005  # sentence ends and document ends

    dtm = fr.document_term_matrix(fr.from_dataframe(df), cache=False)
    # Heaps: the distinct words of the first quarter of the tokens vs all of them, 4^β = 2^(2β)
    quarter = int(np.searchsorted(np.cumsum(lengths), lengths.sum() / 4))
    distinct_quarter = int((dtm.matrix[:quarter].sum(axis=0).A1 > 0).sum())
    assert abs(dtm.shape[1] / distinct_quarter / 2 ** (2 * HEAPS_BETA) - 1) < 0.08
    # Zipf: slope of log frequency on log rank over the 1,000 most frequent words, by least squares
    freq = np.sort(dtm.matrix.sum(axis=0).A1)[::-1][:1000]
    slope = np.polyfit(np.log(np.arange(1, 1001)), np.log(freq), 1)[0]
    assert -1.1 < slope < -0.9
    planted = df["text"].str.contains(rf"(?:^| ){PHRASE}[ .]").sum()
    assert abs(planted / (PHRASE_RATE * n) - 1) < 0.1


def test_peak_and_size_targets():
    from benchmarks.harness import Target

    m = Measurement([1.0], [], 3 << 20)
    assert row("t", "c", 1, m, target=Target("peak ≤ 3 MiB", "peak", 3)).met is True
    assert row("t", "c", 1, m, target=Target("peak ≤ 2 MiB", "peak", 2)).met is False
    disk = Target("disk ≤ 1.2×", "size", 1.2)
    assert row("t", "c", 1, m, target=disk, csr_bytes=10 << 20, size_bytes=12 << 20).met is True
    assert row("t", "c", 1, m, target=disk, csr_bytes=10 << 20, size_bytes=13 << 20).met is False
    assert row("t", "c", 1, m, target=disk, csr_bytes=10 << 20).met is None


def test_vocab_failures_name_the_memory_asked_for():
    from benchmarks import bench_vocab, vocab_worker

    numpy_message = "Unable to allocate 86.8 GiB for an array with shape (38000000,) and data type <U609"
    assert vocab_worker.needed_gib(numpy_message) == pytest.approx(86.8)
    assert vocab_worker.needed_gib("malloc of size 2147483648 failed") == pytest.approx(2.0)
    assert vocab_worker.needed_gib("no number here") is None
    record = {"error": "out of memory", "needs_gib": 86.8, "step": "disk", "build_s": 12.0, "peak_bytes": 3 << 30,
              "write_s": 1.0, "terms": 5, "nnz": 7, "n_tokens": 9, "tokens_kept": False,
              "parts": {"data": 1 << 20, "indices": 1 << 20, "indptr": 0, "vocab": 1 << 20, "tokens": 0}}
    rows = bench_vocab.record_rows(record, "realistic 1M", 10, before=True, targets=True)
    assert [r.note for r in rows[2:]] == ["fails: out of memory (needs 86.8 GiB)", "not reached", "not reached"]
    assert rows[0].ours_s == 12.0 and rows[0].csr_mb == 3.0 and rows[0].peer == "framing 0.1 (before)"
    assert rows[1].met is False  # 3 GiB peak > 2 × 3 MiB
    assert rows[0].note.startswith("every 1–3-gram counted; 5 terms, 7 non-zeros, 9 tokens")


def test_suite_merges_one_suites_rows_into_the_committed_results():
    import dataclasses

    def r(task, suite):
        return dataclasses.replace(row(task, "c", 1, Measurement([1.0], [], 0)), suite=suite)

    committed = [r("old vocab", "vocab"), r("matrix", "dtm"), r("streamed", "scale")]
    machine = {"date": "2026-01-01", "sizes": ["demo"], "suite_seconds": {"dtm": 60.0, "scale": 120.0, "vocab": 5.0}}
    rows, record = suite.merge([r("new vocab", "vocab")], {"date": "2026-02-02", "suite_seconds": {"vocab": 600.0}},
                               committed, machine)
    assert [x.task for x in rows] == ["matrix", "streamed", "new vocab"]
    assert record["suite_seconds"] == {"dtm": 60.0, "scale": 120.0, "vocab": 600.0}
    assert record["suite_dates"] == {"vocab": "2026-02-02"} and record["date"] == "2026-01-01"
    from benchmarks import readme

    machine_line = readme.benchmark_machine(rows, {**record, "cpus": 2, "memory_gib": 24, "system": "Linux",
                                                   "python": "3.11", "framing": "0.1.0"})
    assert machine_line.endswith("which took 3 minutes. The vocab suite was run again on 2026-02-02 "
                                 "(10 minutes, `python -m benchmarks --only vocab --merge`).")


def test_readme_vocab_table_puts_before_beside_after():
    import dataclasses

    from benchmarks import bench_vocab, readme

    done = {"step": "done", "build_s": 30.0, "peak_bytes": 2 << 30, "write_s": 1.0, "disk_bytes": 1 << 29,
            "first_s": 2.0, "repeat_s": 0.1, "terms": 5, "nnz": 7, "n_tokens": 9, "tokens_kept": True,
            "phrase": "bi ci bu", "phrase_count": 3, "groups": 4,
            "parts": {"data": 1 << 29, "indices": 1 << 28, "indptr": 0, "vocab": 1 << 28, "tokens": 1 << 30}}
    rows = bench_vocab.record_rows(done, "realistic 1M", 10, before=False, targets=True)
    rows += bench_vocab.record_rows({"error": "out of memory", "needs_gib": 86.8}, "realistic 1M", 10, before=True,
                                    targets=True)
    rows = [dataclasses.replace(x, suite="vocab") for x in rows]
    text = readme.vocab_table(rows, {})
    lines = text.splitlines()
    assert lines[0].startswith("Targets on realistic 1M (marked met / NOT met): disk ≤ 1.2× (CSR + vocabulary); ")
    assert lines[2] == ("| corpus | code | build | peak memory | CSR + vocabulary / all arrays | on disk | "
                        "first phrase query | repeated query |")
    # 2 GiB peak ≤ 2 × 1 GiB arrays; 0.5 GiB on disk ≤ 1.2 × 1 GiB
    assert lines[4] == ("| realistic 1M | after | 30.00 s (met) | 2.00 GiB (met) | 1.00 GiB / 2.00 GiB | "
                        "0.50 GiB (met) | 2.00 s (met) | 100.0 ms (met) |")
    assert lines[5].startswith("| realistic 1M | before | fails: out of memory (needs 86.8 GiB) | fails: out of")
    assert readme.benchmark_table(rows, {}).count("\n") == 1  # the vocab rows are not in the big table


@pytest.mark.slow  # six processes, two of them the code before writing its <U… vocabulary: ~1 min alone, 2 when shared
def test_vocab_benchmark_quick_measures_before_and_after(demo):
    rows = bench_vocab.main(["--quick"])
    versions = {(r.corpus, r.peer) for r in rows if r.task == "phrase-ready matrix: build"}
    assert versions == {("resampled 300", ""), ("resampled 300", "framing 0.1 (before)"),
                        ("realistic 300", ""), ("realistic 300", "framing 0.1 (before)")}
    first = {r.peer: r.note for r in rows if r.corpus == "realistic 300" and r.task.endswith("first query")}
    assert first[""].split(" occurrences")[0] == first["framing 0.1 (before)"].split(" occurrences")[0]  # same count
    assert first[""].startswith("'bi ci bu': ")
    case = [r for r in rows if r.task.startswith("12M-token case")]
    assert [(r.peer, r.target) for r in case] == [("", "peak ≤ 3 GB"), ("framing 0.1 (before)", "peak ≤ 3 GB")]
    assert json.loads((ROOT / "build" / "bench" / "vocab-quick.json").read_text())[0]["suite"] == ""


# --- the dask suite (issue 16) ------------------------------------------------------------------
def _simulated():
    from benchmarks.bench_dask import Simulated

    # V = 2 · T^0.5 exactly at both points; merges cost 1e-6 s × n log₂ n; re-indexing 1 ms per extra global term
    local = 2 * 1000 ** 0.5
    return Simulated(part_docs=100, part_s=1.0, tokens_per_doc=10.0,
                     merges=[(1024, 600, 1e-6 * 1024 * 10, 400)], heaps=[(1000.0, local), (4000.0, 2 * 4000 ** 0.5)],
                     select_s_per_term=0.0, bytes_per_term=10.0, reindex_local_s=0.5,
                     reindex_global_s=0.5 + 1e-3 * (1063 - local), global_terms=1063)


def test_dask_projection_by_hand():
    import math

    from benchmarks.bench_dask import Assumptions, heaps_fit, project

    assert heaps_fit([(1e3, 2 * 1e3 ** 0.5), (1e5, 2 * 1e5 ** 0.5), (1e7, 2 * 1e7 ** 0.5)]) == pytest.approx((2, 0.5))
    p = project(_simulated(), Assumptions(docs=400, workers=2, partition_docs=100, bandwidth=1e9, latency=0.0))
    assert (p.partitions, p.rounds, p.depth) == (4, 2, 2)  # 4 partitions, 2 per worker, ⌈log₂ 4⌉ levels
    assert p.count_s == pytest.approx(2 * 1.0)
    vocab = [2 * math.sqrt(1000 * m) for m in (1, 2, 4)]  # the vocabularies of 1, 2 and 4 partitions
    level1 = 1e-6 * (2 * vocab[0]) * math.log2(2 * vocab[0]) + vocab[0] * 10 / 1e9  # 2 merges on 2 workers: 1 round
    level2 = 1e-6 * (2 * vocab[1]) * math.log2(2 * vocab[1]) + vocab[1] * 10 / 1e9
    assert p.merge_s == pytest.approx(level1 + level2)
    assert p.terms == pytest.approx(vocab[2]) and p.broadcast_s == pytest.approx(3 * vocab[2] * 10 / 1e9)
    assert p.reindex_s == pytest.approx(2 * (0.5 + 1e-3 * (vocab[2] - vocab[0])))
    assert p.total_s == pytest.approx(p.count_s + p.merge_s + p.broadcast_s + p.reindex_s)


def test_dask_rows_and_their_table():
    import dataclasses

    from benchmarks import readme
    from benchmarks.bench_dask import Timings, build_rows, projection_rows

    t = Timings(seconds={"one machine": [10.0, 10.0, 10.0], "one machine, 1 thread": [12.0, 12.0, 13.0],
                         "1 worker": [11.0, 11.5, 11.0], "2 workers": [6.0] * 3},
                read=[1.0, 1.0, 1.0], peaks={"one machine": 1 << 30, "1 worker": 2 << 30, "2 workers": 1 << 30},
                shape=(1_000_000, 5), nnz=7, tokens=9, alone=[4.0, 4.0, 4.0], together=[5.0, 5.0, 5.0])
    rows = build_rows(t, "realistic 1M", 1_000_000, 20) + projection_rows(_simulated(), "realistic 1M")
    rows = [dataclasses.replace(r, suite="dask") for r in rows]
    assert [(r.target, r.met) for r in rows[:4]] == [("overhead ≤ 15%", True), ("", None), ("≥ 1.6× faster", True),
                                                     ("", None)]
    assert rows[4].ratio == pytest.approx(2 * 4.0 / 5.0)  # two partitions at once vs one after the other
    lines = readme.dask_table(rows, {}).splitlines()
    assert lines[0] == ("| corpus | docs | one machine | one machine, 1 thread | of which reading | 1 worker | 2 workers "
                        "| 2 workers vs 1 worker | at most (the machine) | 1 worker vs one machine, 1 thread "
                        "| 1 worker vs one machine | 2 workers vs one machine |")
    # 11 / 6 = 1.83× faster on 2 workers (the machine allows 1.60×); 11 / 12 − 1 = −8 % against one thread,
    # 11 / 10 − 1 = +10 % against one machine's default threads; 10 / 6 = 1.67×
    assert lines[2] == ("| realistic 1M | 1,000,000 | 10.00 s | 12.00 s | 1.00 s | 11.00 s | 6.00 s | 1.83× (met) "
                        "| 1.60× | -8 % (met) | +10 % | 1.67× |")
    assert lines[4].startswith("realistic 1M: 20 partition files; 5 terms, 7 non-zeros, 9 tokens; equal matrices")
    # 2,000 partitions of 50,000 documents on 32 workers: 63 rounds × (1 s × 500 + 2 ms)
    assert "| read and count the partitions | 1.00 s (a partition of 100 documents) | 31,500 s (8.8 h) |" in lines
    assert lines[-5].startswith("- read and count the partitions: median of 4 partitions")
    assert lines[-1].startswith("- the matrix build: the steps one after another; 2 ms per task")
    assert readme.benchmark_table(rows, {}).count("\n") == 1  # the dask rows are not in the big table


def test_dask_benchmark_quick_checks_equal_matrices(demo):
    from benchmarks import bench_dask

    rows = bench_dask.main(["--quick"])
    assert [r.task for r in rows[:6]] == ["matrix build (read + count): 1 worker vs one machine on 1 thread",
                                          "matrix build (read + count): 1 worker vs one machine",
                                          "matrix build (read + count): 2 workers vs 1 worker",
                                          "matrix build (read + count): 2 workers vs one machine",
                                          "matrix build (read + count): the machine's ceiling for 2 workers",
                                          "matrix build, one machine: of which reading the files"]
    assert all(r.docs == 2000 and r.ours_s > 0 and r.corpus == "realistic 2,000" for r in rows[:6])
    assert "equal matrices asserted" in rows[1].note and rows[2].peer_s == rows[0].ours_s == rows[1].ours_s
    assert rows[0].peer_s != rows[1].peer_s  # one machine timed on 1 thread and on its default threads
    projected = [r for r in rows if r.task.startswith("projected")]
    assert [r.task.split(":")[0] for r in projected] == ["projected (count)", "projected (merge)",
                                                          "projected (broadcast)", "projected (re-index)",
                                                          "projected (total)"]
    assert all(r.docs == 100_000_000 and r.ours_s > 0 for r in projected)
    assert projected[-1].ours_s == pytest.approx(sum(r.ours_s for r in projected[:-1]))
