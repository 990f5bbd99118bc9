"""The topic benchmark runs end to end on a tiny sample (no timings are asserted)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_topics.py"


def test_quick_benchmark_checks_equality_with_gensim(tmp_path, demo_topical, monkeypatch):
    from conftest import DEMO_DATA

    monkeypatch.setenv("FRAMING_DATA", str(DEMO_DATA))
    spec = importlib.util.spec_from_file_location("bench_topics", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    results = bench.main(["--quick", "--json", str(tmp_path / "r.json")])  # the demo corpus ukraine-2022
    assert results["corpus"] == "ukraine-2022"
    assert results["coherence"]["max_abs_difference"] <= 1e-6
    assert results["fit"]["identical"] is True
    assert results["sweep"]["ks"] == [2, 3]
    assert (tmp_path / "r.json").exists()
    assert results["documents"] == pytest.approx(150)
