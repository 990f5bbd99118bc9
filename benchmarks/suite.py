"""Every benchmark in one run and one table: what ``make bench`` calls (``python -m benchmarks``).

Every input comes from the demo corpus (:mod:`benchmarks.corpora`: ``ukraine-2022-window``,
fetched from its public sources on first use, or from ``$FRAMING_MIRROR``). The suites, in
this order:

- ``dtm`` — :mod:`benchmarks.bench_dtm`: the matrix vs CountVectorizer and gensim (demo, 10k, 100k);
- ``terms`` — ``benchmarks/bench_terms.py``: rate queries and keyness vs scattertext
  (100k, or the largest size asked below it; the demo corpus's size when only ``demo``);
- ``topics`` — ``benchmarks/bench_topics.py``: coherence vs gensim's CoherenceModel,
  ``fit_topics`` vs LdaModel, the sweep on two processes (the topical demo corpus ``ukraine-2022``);
- ``widgets`` — ``benchmarks/bench_widgets.py``: a control change to the updated view (``ukraine-2022``);
- ``views-browser`` — :mod:`benchmarks.bench_views_browser`: the same views in JupyterLab in Chromium, 20
  changes each, against the same changes headless (``ukraine-2022``; without Chromium and Playwright it
  says so and gives no rows);
- ``scale`` — :mod:`benchmarks.bench_scale`: streamed matrix, queries, keyness and topics (10k, 100k, 1M);
- ``vocab`` — :mod:`benchmarks.bench_vocab`: the phrase-ready matrix on the resampled and the realistic
  corpus (100k, 1M), before and after issue 15, and the 12 M-token case;
- ``dask`` — :mod:`benchmarks.bench_dask`: the matrix build on a local Dask cluster of 1 and 2 workers
  against one machine, on the realistic corpus (10k, 100k, 1M), and a larger cluster simulated.

Each suite's own output goes to ``build/bench/<suite>.log``; the table of all rows is
printed at the end and written to ``build/bench/results.csv`` and ``results.json``, and
``build/bench/machine.json`` records the machine, the versions, the sizes and each suite's
duration (``make readme-figures`` turns these into the guide's tables: :mod:`benchmarks.readme`).

    .venv/bin/python -m benchmarks                          # demo,10k,100k,1M
    .venv/bin/python -m benchmarks --sizes demo,10k --only dtm,topics
    .venv/bin/python -m benchmarks --quick                  # each suite once on a tiny corpus
    .venv/bin/python -m benchmarks --only vocab --merge     # one suite, merged into the committed results

``--merge`` writes ``build/bench/results.json`` and ``machine.json`` as the committed
``benchmarks/results/`` with the rows of the suites just run replaced (:func:`merge`), so
that ``make readme-figures`` can take one suite's new rows without rerunning the others.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from benchmarks import bench_dask, bench_dtm, bench_scale, bench_vocab
from benchmarks.corpora import DEMO, SIZES, TOPICAL, demo_corpus, parse_sizes
from benchmarks.harness import OUT, Measurement, Row, faster, overhead, peak_memory, report, row

SUITES = ("dtm", "terms", "topics", "widgets", "views-browser", "scale", "vocab", "dask")


def topics_rows(results: dict, peak: int) -> list[Row]:
    """Rows from ``bench_topics.main``'s results (times are its best of ``--repeat`` runs)."""
    label, docs = TOPICAL, int(results["documents"])
    coh, fit, sweep = results["coherence"], results["fit"], results["sweep"]
    shared = "best of runs (bench_topics.py); peak is of the whole topics suite, peers included"
    return [
        row("coherence u_mass + c_npmi", label, docs, Measurement([coh["ours_s"]], [coh["gensim_s"]], peak),
            peer="gensim CoherenceModel", target=faster(10),
            note=f"k={coh['k']}; values equal (max diff {coh['max_abs_difference']:.1e}); with tokenising "
                 f"{coh['ours_with_tokenising_s']:.2f} s; {shared}"),
        row("LDA: fit_topics vs LdaModel", label, docs,
            Measurement([fit["fit_topics_s"]], [fit["gensim_ldamodel_s"]], peak), peer="gensim LdaModel",
            target=overhead(0.10), note=f"k={fit['k']}, {fit['passes']} passes; identical topics; {shared}"),
        row("topic sweep on 2 processes", label, docs,
            Measurement([sweep["two_processes_s"]], [sweep["one_process_s"]], peak), peer="the sweep on 1 process",
            note=f"k in {sweep['ks']}, seeds {sweep['seeds']}; identical tables; {shared}"),
    ]


def _run_topics(quick: bool, repeat: int) -> list[Row]:
    from benchmarks import bench_topics

    args = ["--quick"] if quick else ["--repeat", str(repeat)]
    results, peak = peak_memory(lambda: bench_topics.main([*args, "--json", str(OUT / "topics.json")]))
    return topics_rows(results, peak)


def _run_terms(sizes: Sequence[str], quick: bool) -> list[Row]:
    from benchmarks import bench_terms

    below = [SIZES[s] for s in sizes if s in SIZES and SIZES[s] <= 100_000] + \
        [len(demo_corpus(DEMO)) for s in sizes if s == "demo"]
    if not quick and not below:
        return []
    bench_terms.main(["--quick"] if quick else ["--docs", str(max(below))])
    with open(OUT / ("terms-quick.json" if quick else "terms.json"), encoding="utf-8") as fh:
        return [Row(**r) for r in json.load(fh)]


def _run_widgets(quick: bool, repeat: int) -> list[Row]:
    from benchmarks import bench_widgets

    return bench_widgets.main(["--quick"] if quick else ["--repeat", str(max(repeat, 5))])


def _run_views_browser(quick: bool) -> list[Row]:
    from benchmarks import bench_views_browser

    return bench_views_browser.main(["--quick"] if quick else [])


def _quietly(name: str, run: Callable[[], list[Row]], durations: dict[str, float]) -> list[Row]:
    """Run a suite with its printed output sent to ``build/bench/<name>.log`` (progress bars stay)."""
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"running {name} …", file=sys.stderr, flush=True)
    start = time.perf_counter()
    with open(OUT / f"{name}.log", "w", encoding="utf-8") as log, contextlib.redirect_stdout(log):
        rows = run()
    durations[name] = time.perf_counter() - start
    print(f"  {name}: {len(rows)} rows in {durations[name]:.0f} s (log: {OUT / name}.log)",
          file=sys.stderr, flush=True)
    return [dataclasses.replace(r, suite=name) for r in rows]


def run_all(sizes: Sequence[str], *, only: Sequence[str] = SUITES, repeat: int = 3, quick: bool = False,
            durations: dict[str, float] | None = None) -> list[Row]:
    """The rows of the chosen suites on the chosen sizes (``durations``: filled with seconds per suite)."""
    runs: dict[str, Callable[[], list[Row]]] = {
        "dtm": lambda: bench_dtm.run(["demo"] if quick else [s for s in sizes if s in ("demo", "10k", "100k")],
                                     repeat=1 if quick else repeat, quick=quick),
        "terms": lambda: _run_terms(sizes, quick),
        "topics": lambda: _run_topics(quick, repeat),
        "widgets": lambda: _run_widgets(quick, repeat),
        "views-browser": lambda: _run_views_browser(quick),
        "scale": lambda: bench_scale.run([s for s in sizes if s in SIZES], repeat=repeat, quick=quick),
        "vocab": lambda: bench_vocab.run(sizes, quick=quick),
        "dask": lambda: bench_dask.run([s for s in sizes if s in SIZES], quick=quick),
    }
    rows: list[Row] = []
    durations = {} if durations is None else durations
    for name in SUITES:
        if name in only:
            rows += _quietly(name, runs[name], durations)
    return rows


def machine(sizes: Sequence[str], durations: dict[str, float]) -> dict[str, Any]:
    """Where and how the rows were measured: the record beside ``results.json``."""
    import framing as fr

    try:
        with open("/proc/meminfo") as fh:
            memory_gib = round(int(fh.readline().split()[1]) / (1 << 20))
    except OSError:
        memory_gib = None
    return {"date": dt.date.today().isoformat(), "cpus": os.cpu_count(), "memory_gib": memory_gib,
            "system": f"{platform.system()} {platform.machine()}", "python": platform.python_version(),
            "framing": fr.__version__, "sizes": list(sizes), "corpus": DEMO,
            "suite_seconds": {k: round(v, 1) for k, v in durations.items()}}


def merge(rows: Sequence[Row], machine_record: dict[str, Any], committed: Sequence[Row],
          committed_machine: dict[str, Any]) -> tuple[list[Row], dict[str, Any]]:
    """The committed rows with those of the suites in ``rows`` replaced, in :data:`SUITES` order, and the
    committed machine record with those suites' durations and dates (``suite_dates``) updated."""
    fresh = {r.suite for r in rows}
    merged = [r for r in committed if r.suite not in fresh] + list(rows)
    merged.sort(key=lambda r: SUITES.index(r.suite) if r.suite in SUITES else len(SUITES))
    record = dict(committed_machine)
    record["suite_seconds"] = {**committed_machine.get("suite_seconds", {}), **machine_record["suite_seconds"]}
    record["suite_dates"] = {**committed_machine.get("suite_dates", {}),
                             **{name: machine_record["date"] for name in machine_record["suite_seconds"]}}
    return merged, record


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="demo,10k,100k,1M", help="comma-separated: demo, 10k, 100k, 1M")
    parser.add_argument("--only", default=",".join(SUITES), help=f"comma-separated suites of {list(SUITES)}")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds per measurement (default 3)")
    parser.add_argument("--quick", action="store_true", help="each suite once on a tiny corpus")
    parser.add_argument("--merge", action="store_true",
                        help="write these suites' rows into the committed results (benchmarks/results) instead of "
                             "alone, for `make readme-figures`")
    args = parser.parse_args(argv)
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = sorted(set(only) - set(SUITES))
    if unknown:
        parser.error(f"unknown suite(s) {unknown}; choose from {list(SUITES)}")
    sizes, durations = parse_sizes(args.sizes), {}
    rows = run_all(sizes, only=only, repeat=args.repeat, quick=args.quick, durations=durations)
    name = "results-quick" if args.quick else "results"
    record = machine(sizes, durations)
    if args.merge:
        from benchmarks.readme import load

        rows, record = merge(rows, record, *load())
    report(rows, name=name)
    from framing._infra.atomic import write_text

    write_text(OUT / f"{name.replace('results', 'machine')}.json", json.dumps(record, indent=1) + "\n")
    return rows
