"""The topic benchmark runs end to end on a tiny sample (no timings are asserted)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_topics.py"


def test_quick_benchmark_checks_equality_with_gensim(tmp_path):
    from conftest import reference_path

    corpus = reference_path("ukraine-2022-topical.jsonl.gz")
    spec = importlib.util.spec_from_file_location("bench_topics", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    results = bench.main(["--quick", "--corpus", str(corpus), "--json", str(tmp_path / "r.json")])
    assert results["coherence"]["max_abs_difference"] <= 1e-6
    assert results["fit"]["identical"] is True
    assert results["sweep"]["ks"] == [2, 3]
    assert (tmp_path / "r.json").exists()
    assert results["documents"] == pytest.approx(150)
