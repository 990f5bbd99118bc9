"""Vocabularies that keep growing: the phrase-ready matrix on the resampled and the realistic corpus, before and after.

The resampled corpus (:func:`benchmarks.corpora.synthetic_path`) repeats the demo corpus's
~56,000 words; the realistic one (:func:`benchmarks.corpora.realistic_path`) meets new words
as real text does (Heaps' law, ~1.8 M distinct words in 100,000 documents) and holds 0.1 %
junk tokens (URLs, base64-like strings of 200–700 characters, long digit runs). On each, at
100k and 1M documents, a matrix that can count any three-word phrase is built, written to
disk and queried for the planted phrase :data:`~benchmarks.corpora.PHRASE` by outlet × month
(``n_boot=0``):

- after issue 15: ``stream_matrix(read_batches(path), tokens=True)``, the unigram matrix and
  its token stream; on disk ``DocTermMatrix.save``;
- before (framing 0.1, commit :data:`OLD_COMMIT`, extracted from git into
  ``build/bench/framing-<commit>``): ``stream_matrix(..., ngrams=3)``, the full 1–3-gram
  matrix; on disk the ``.npz`` of its cache entry, vocabulary a fixed-width ``<U…`` array.

Each measurement runs in a process of its own (:mod:`benchmarks.vocab_worker`) under an
address-space limit (``--limit-gib``, default 16), so that a build that needs more memory
than the machine has fails at once and is reported as "fails: out of memory (needs N GiB)";
a measurement that exceeds ``--timeout`` is stopped and reported as such. When the code
before fails on a corpus at 100k, it is not run at 1M. Also measured: the issue's 12 M-token
case on a realistic corpus of 32,000 documents (~12 M tokens) with one extra 668-character
base64-like token: what a phrase query on a corpus in memory builds (before: the 1–3-gram
matrix, ``document_term_matrix(corpus, ngrams=3)``; after: the unigram matrix with its token
stream) and the query itself, before and after.

Rows per corpus, size and version: build (time; target ≤ 10 min), peak memory of the build
(target ≤ 2× the CSR arrays + vocabulary bytes), the matrix on disk (target ≤ 1.2× those
arrays), first phrase query (target ≤ 5 s) and repeated query (median of 5; target ≤ 200 ms);
targets on the realistic 1M corpus, as in the issue. Rows of the code before name
``framing 0.1 (before)`` as their peer.

    .venv/bin/python -m benchmarks.bench_vocab --sizes 100k,1M
    .venv/bin/python -m benchmarks.bench_vocab --quick        # 300 documents (the tests)
    .venv/bin/python -m benchmarks --only vocab --merge       # into build/bench/results.json with the other suites
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.corpora import PHRASE, SIZES, parse_sizes, realistic_path, synthetic_path
from benchmarks.harness import MB, OUT, ROOT, Measurement, Row, Target, report, row, within

OLD_COMMIT = "50e73b1"
"""The last commit before issue 15."""
BEFORE = "framing 0.1 (before)"
"""The peer named by rows of the code before."""
PHRASES = {"resampled": "special military operation", "realistic": PHRASE}
"""The phrase queried in each corpus: one of the demo corpus's, and the realistic corpus's planted one."""
QUICK_DOCS = 300
"""Documents of ``--quick`` (the tests); the code before writes ~3 KB per 1–3-gram of the realistic corpus."""
CASE_DOCS, CASE_TOKEN = 32_000, 668
"""The 12 M-token case: realistic documents, and the length of the one extra long token."""
BUILD_TARGET = within(600)
PEAK_TARGET = Target("peak ≤ 2× (CSR + vocabulary)", "memory", 2)
DISK_TARGET = Target("disk ≤ 1.2× (CSR + vocabulary)", "size", 1.2)
FIRST_TARGET, REPEAT_TARGET = within(5), within(0.2)
CASE_TARGET = Target("peak ≤ 3 GB", "peak", 3e9 / MB)
TARGET_SIZE = 1_000_000
"""The issue's targets hold on the realistic corpus of this size."""


def old_tree(commit: str = OLD_COMMIT) -> Path:
    """The ``framing`` package of ``commit``, extracted once (read-only ``git archive``) into ``build/bench``."""
    folder = OUT / f"framing-{commit}"
    if not (folder / "framing" / "__init__.py").is_file():
        folder.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "framing"], capture_output=True,
                                 check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def run_worker(corpus: Path, phrase: str, *, tree: Path, mode: str = "stream", long_token: int = 0,
               repeat: int = 5, limit_gib: float = 16.0, timeout: float = 3600.0) -> dict[str, Any]:
    """One :mod:`benchmarks.vocab_worker` run with ``tree`` first on ``PYTHONPATH``: its record.

    A fresh temporary folder holds the matrix and the cache, and is the working directory (so
    that the checkout does not shadow ``tree``). A run killed by the system or past ``timeout``
    seconds gives a record with an ``error``.
    """
    with tempfile.TemporaryDirectory(prefix="bench-vocab-", dir=OUT) as tmp:
        out = Path(tmp) / "record.json"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(dict.fromkeys([str(tree), str(ROOT)])),
               "FRAMING_CACHE": str(Path(tmp) / "cache")}
        command = [sys.executable, "-m", "benchmarks.vocab_worker", "--corpus", str(corpus), "--mode", mode,
                   "--phrase", phrase, "--folder", str(Path(tmp) / "matrix"), "--out", str(out),
                   "--repeat", str(repeat), "--limit-gib", str(limit_gib), "--long-token", str(long_token)]
        try:
            done = subprocess.run(command, cwd=tmp, env=env, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"error": f"not done in {timeout / 60:.0f} min"}
        if out.is_file():
            return json.loads(out.read_text(encoding="utf-8"))
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        killed = done.returncode < 0 or "MemoryError" in done.stderr or "bad_alloc" in done.stderr
        return {"error": "out of memory" if killed else f"exit code {done.returncode}", "message": " / ".join(tail)}


def failure(record: dict[str, Any]) -> str:
    """How a run failed, as the table says it."""
    needs = record.get("needs_gib")
    if record["error"] == "out of memory":
        return f"fails: out of memory (needs {needs:,.1f} GiB)" if needs else "fails: out of memory"
    return f"fails: {record['error']}" + (f" ({record['message']})" if record.get("message") else "")


def _gib(n: float) -> str:
    return f"{n / (1 << 30):,.2f} GiB"


def record_rows(record: dict[str, Any], corpus: str, docs: int, *, before: bool, targets: bool) -> list[Row]:
    """The five rows of one run: build, its peak, on disk, first and repeated phrase query."""
    peer = BEFORE if before else ""
    nan = [math.nan]
    parts = record.get("parts", {})
    arrays = sum(parts.get(k, 0) for k in ("data", "indices", "indptr", "vocab")) if parts else None
    failed = failure(record) if "error" in record else ""
    step = record.get("step", "build")

    def note(this: str, text: str) -> str:
        if failed and step == this:
            return failed
        return "not reached" if failed and ["build", "disk", "query"].index(this) > \
            ["build", "disk", "query"].index(step) else text

    how = "token stream kept" if record.get("tokens_kept") else "every 1–3-gram counted"
    detail = "" if "build_s" not in record else (
        f"{how}; {record['terms']:,} terms, {record['nnz']:,} non-zeros, {record['n_tokens']:,} tokens; in memory "
        + ", ".join(f"{k} {_gib(v)}" for k, v in parts.items()))
    peak = record.get("peak_bytes")
    build_m = Measurement([record.get("build_s", math.nan)], [], peak if peak is not None else 0)
    rows = [
        row("phrase-ready matrix: build", corpus, docs, build_m, peer=peer, target=BUILD_TARGET if targets else None,
            csr_bytes=arrays, size_bytes=sum(v for k, v in parts.items() if k != "docs") if parts else None,
            note=note("build", detail)),
        row("phrase-ready matrix: peak memory of the build", corpus, docs, build_m, peer=peer,
            target=PEAK_TARGET if targets else None, csr_bytes=arrays,
            note=note("build", "peak resident-set growth; CSR + vocabulary bytes in brackets")),
        row("phrase-ready matrix on disk", corpus, docs, Measurement([record.get("write_s", math.nan)], [], 0),
            peer=peer, target=DISK_TARGET if targets else None, csr_bytes=arrays, size_bytes=record.get("disk_bytes"),
            note=note("disk", f"{_gib(record.get('disk_bytes', 0))} on disk; time: writing it")),
        row("three-word phrase by outlet × month, first query", corpus, docs,
            Measurement([record.get("first_s", math.nan)], [], 0), peer=peer,
            target=FIRST_TARGET if targets else None,
            note=note("query", f"{record.get('phrase', '')!r}: {record.get('phrase_count', 0):,} occurrences in "
                               f"{record.get('groups', 0)} outlet-months; n_boot=0")),
        row("three-word phrase by outlet × month, repeated", corpus, docs,
            Measurement(nan if "repeat_s" not in record else [record["repeat_s"]], [], 0), peer=peer,
            target=REPEAT_TARGET if targets else None, note=note("query", "median of 5 queries")),
    ]
    return rows if peak is not None else [dataclasses.replace(r, peak_mb=math.nan) for r in rows]


def case_rows(records: dict[str, dict[str, Any]], docs: int) -> list[Row]:
    """The 12 M-token case, before and after: one row each (the whole call's peak; the cache on disk in the note)."""
    rows = []
    for version, record in records.items():
        before = version == "before"
        label = f"realistic {docs:,} + one {CASE_TOKEN}-char token"
        if "error" in record and "build_s" not in record:
            rows.append(row("12M-token case: phrase-ready matrix and a phrase query", label, docs,
                            Measurement([math.nan], [], 0), peer=BEFORE if before else "", target=CASE_TARGET,
                            note=failure(record)))
            rows[-1] = dataclasses.replace(rows[-1], peak_mb=math.nan, met=False)
            continue
        peak = record.get("total_peak_bytes", record["peak_bytes"])
        note = (f"{record['n_tokens']:,} tokens, {record['terms']:,} terms; cache entry "
                f"{_gib(record.get('disk_bytes', 0))}" + (f"; then {failure(record)}" if "error" in record else ""))
        rows.append(row("12M-token case: phrase-ready matrix and a phrase query", label, docs,
                        Measurement([record["build_s"]], [], peak), peer=BEFORE if before else "",
                        target=CASE_TARGET, size_bytes=record.get("disk_bytes"), note=note))
    return rows


def run(sizes: Sequence[str] = ("100k", "1M"), *, quick: bool = False, before: bool = True,
        limit_gib: float = 16.0, timeout: float = 1200.0) -> list[Row]:
    """Rows of both corpora at ``sizes`` (``quick``: :data:`QUICK_DOCS` documents), and of the 12 M-token case."""
    trees = {"after": ROOT, **({"before": old_tree()} if before else {})}
    sizes = [s for s in sizes if s in SIZES and SIZES[s] >= 100_000] if not quick else ["quick"]
    docs_of = {**SIZES, "quick": QUICK_DOCS}
    rows: list[Row] = []
    failed_before: set[str] = set()
    for kind, path_of in (("realistic", realistic_path), ("resampled", synthetic_path)):
        for size in sizes:
            n = docs_of[size]
            path = path_of(n)
            for version, tree in trees.items():
                label = f"{kind} {size if size in SIZES else n}"
                if version == "before" and kind in failed_before:
                    rows += record_rows({"error": "not run", "message": "it failed on the smaller size"}, label, n,
                                        before=True, targets=kind == "realistic" and n == TARGET_SIZE)
                    continue
                print(f"vocab: {label}, {version} …", file=sys.stderr, flush=True)
                record = run_worker(path, PHRASES[kind], tree=tree, repeat=1 if quick else 5, limit_gib=limit_gib,
                                    timeout=timeout)
                print(f"  {json.dumps(record)}", file=sys.stderr, flush=True)
                if version == "before" and "error" in record:
                    failed_before.add(kind)
                rows += record_rows(record, label, n, before=version == "before",
                                    targets=kind == "realistic" and n == TARGET_SIZE)
    n = QUICK_DOCS if quick else CASE_DOCS
    case = realistic_path(n)
    records = {}
    for version, tree in trees.items():
        print(f"vocab: 12M-token case, {version} …", file=sys.stderr, flush=True)
        records[version] = run_worker(case, PHRASE, tree=tree, mode="memory", long_token=CASE_TOKEN, repeat=1,
                                      limit_gib=limit_gib, timeout=timeout)
    return rows + case_rows(records, n)


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100k,1M", help="comma-separated: 100k, 1M (smaller sizes are skipped)")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_DOCS} documents, one query repeat")
    parser.add_argument("--no-before", action="store_true", help=f"do not measure the code of {OLD_COMMIT}")
    parser.add_argument("--limit-gib", type=float, default=16.0, help="address-space limit of each run (GiB)")
    parser.add_argument("--timeout", type=float, default=20.0, help="minutes a run may take")
    args = parser.parse_args(argv)
    rows = run(parse_sizes(args.sizes), quick=args.quick, before=not args.no_before, limit_gib=args.limit_gib,
               timeout=args.timeout * 60)
    report(rows, name="vocab-quick" if args.quick else "vocab")
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
