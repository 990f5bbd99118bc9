"""The matrix build on a Dask cluster: 1 and 2 workers against one machine, and a projection to a larger one.

The input is the realistic corpus (:func:`benchmarks.corpora.realistic_path`: a vocabulary that
keeps growing as Heaps' law says, 0.1 % junk tokens) of ``n`` documents, written first (not
timed) as :func:`parts_of` ``n`` Parquet files of consecutive documents
(``build/bench/corpora/realistic-<n>-seed0-<base>-parts<k>/part-00000.parquet`` …). Timed, each
as one "matrix build" figure from the files to the finished matrix (the unigram matrix with its
token stream, the defaults of both paths):

- (a) one machine: ``fr.read(<glob>)`` then ``fr.document_term_matrix(corpus, cache=False)``
  (the read is also reported alone);
- (b) ``read_dask(<glob>, client=...)`` then ``dask_document_term_matrix(corpus, progress=False)``
  on a ``LocalCluster`` of 1 worker process (1 thread), until every block is on its worker;
- (c) the same on 2 worker processes of 1 thread each.

The workers have no memory limit (:func:`clusters`: Dask's default would spill to disk at 1M
documents). The two clusters are started before the timing and stay up; each round runs (a), (b), (c) in a
rotated order (so load on a shared machine hits all three alike) after one untimed warm-up of
each on the first partition file (imports, worker start-up). ``--repeat`` rounds (default 3, 1 at
1M documents), medians reported. Before anything is reported, the matrices of the last round are
checked to be equal: vocabulary, CSR arrays, lengths, token stream and document ids of (b) and
(c) (gathered with ``.compute()``) hashed and compared with (a)'s.

Rows: the overhead of (b) against (a) (target ≤ 15 % at :data:`TARGET_SIZE`), the speed-up of (c)
over (b) (target ≥ 1.6× at :data:`TARGET_SIZE`), (c) against (a), the most 2 workers can gain on
the machine (:func:`ceiling`, measured after each round), and (a)'s read. Peak memory:
of the client process for (a) (resident-set growth, :func:`benchmarks.harness.peak_memory`); for
(b) and (c) the largest worker's peak resident set (``ru_maxrss``, the whole process).

A second table simulates a larger cluster (:func:`simulate`, :func:`project`): one partition's
work, one pairwise vocabulary merge and one partition's re-indexing are timed in this process on
the benchmark's own partitions, and the time for 100 M documents on 32 workers is projected from
them under stated assumptions (:class:`Assumptions`).

    .venv/bin/python -m benchmarks.bench_dask                       # 10k documents
    .venv/bin/python -m benchmarks.bench_dask --sizes 1M            # the issue's target size
    .venv/bin/python -m benchmarks.bench_dask --docs 20000          # any number of documents
    .venv/bin/python -m benchmarks.bench_dask --quick               # 2,000 documents (the tests)
    .venv/bin/python -m benchmarks --only dask --sizes 1M --merge   # into the committed results
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import math
import os
import resource
import shutil
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.corpora import SIZES, demo_corpus, parse_sizes, realistic_path
from benchmarks.harness import Measurement, Row, faster, overhead, peak_memory, report, row

QUICK_DOCS = 2_000
"""Documents of ``--quick`` (the tests)."""
PARTITION_DOCS = 50_000
"""Documents per partition file (at least :data:`MIN_PARTS` files)."""
MIN_PARTS = 4
"""Partitions at the least, so that 2 workers have two blocks each."""
TARGET_SIZE = 1_000_000
"""The issue's targets hold at this size."""
SPEEDUP_TARGET = faster(1.6)
OVERHEAD_TARGET = overhead(0.15)
ONE_MACHINE = "one machine: fr.read + document_term_matrix"
ONE_THREAD = "one machine on 1 thread (pyarrow.set_cpu_count(1)): fr.read + document_term_matrix"
CONFIGS = ("one machine", "one machine, 1 thread", "1 worker", "2 workers")
"""One machine uses up to two threads to tokenise (:func:`framing.corpus.text.tokenise.threads`); a Dask
worker of one thread uses one (Dask sets ``OMP_NUM_THREADS=1``), so the 1-worker overhead is measured
against one machine given the same single core, and against one machine as it runs by default."""


# --- the input: the realistic corpus as partition files -------------------------------------
def parts_of(n: int) -> int:
    """Partition files for ``n`` documents: one per :data:`PARTITION_DOCS`, at least :data:`MIN_PARTS`, even."""
    k = max(MIN_PARTS, math.ceil(n / PARTITION_DOCS))
    return k + k % 2


def partition_files(n: int, parts: int | None = None, *, seed: int = 0) -> list[Path]:
    """The realistic corpus of ``n`` documents as ``parts`` Parquet files of consecutive documents (written once)."""
    import pyarrow.parquet as pq

    source = realistic_path(n, seed=seed)
    parts = parts or parts_of(n)
    folder = source.with_name(source.stem + f"-parts{parts}")
    names = [folder / f"part-{i:05d}.parquet" for i in range(parts)]
    if all(p.is_file() for p in names):
        return names
    bounds = np.linspace(0, n, parts + 1).round().astype(int)
    tmp = folder.with_name(folder.name + f".tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    file = pq.ParquetFile(source)
    batches, pending = file.iter_batches(batch_size=10_000), None
    for i, name in enumerate(names):
        writer, need = pq.ParquetWriter(tmp / name.name, file.schema_arrow, compression="zstd"), bounds[i + 1] - bounds[i]
        while need:
            pending = pending if pending is not None and pending.num_rows else next(batches)
            take = pending.slice(0, need)
            writer.write_batch(take)
            pending, need = pending.slice(take.num_rows), need - take.num_rows
        writer.close()
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)
    return names


# --- the three ways to build the matrix -----------------------------------------------------
def glob_of(files: Sequence[Path]) -> str:
    """The glob that names the partition files (the same on every path)."""
    return str(files[0].parent / "part-*.parquet")


def one_machine(files: Sequence[Path], threads: int | None = None) -> tuple[Any, float]:
    """(a): the matrix read and built in this process (Arrow, hence the tokeniser, on ``threads`` CPUs when
    given), and the seconds the read took."""
    import pyarrow as pa

    import framing as fr

    if threads is not None:
        default = pa.cpu_count()
        pa.set_cpu_count(threads)
        try:
            return one_machine(files)
        finally:
            pa.set_cpu_count(default)
    start = time.perf_counter()
    corpus = fr.read(glob_of(files)) if len(files) > 1 else fr.read(files[0])
    read_s = time.perf_counter() - start
    return fr.document_term_matrix(corpus, cache=False), read_s


def on_cluster(files: Sequence[Path], client: Any) -> Any:
    """(b), (c): the distributed matrix, returned when every block is on its worker."""
    from distributed import wait

    from framing.distributed.build import dask_document_term_matrix
    from framing.distributed.corpus import read_dask

    corpus = read_dask(glob_of(files) if len(files) > 1 else str(files[0]), client=client, progress=False)
    dist = dask_document_term_matrix(corpus, progress=False)
    wait(list(dist.blocks))
    return dist


def block_fields(block: Any, vocab: np.ndarray) -> list[bytes]:
    """What makes a block of rows equal to another, as bytes in a fixed order: CSR values, column ids and
    row sizes, lengths, every token as its term's column in ``vocab`` (a matrix's token vocabulary is its own,
    a block's is the partition's), tokens per document, document ids. Run on the worker holding the block."""
    import pandas as pd

    m, tokens = block.matrix, block.tokens
    fields = [m.data.astype(np.int64), m.indices.astype(np.int64), np.diff(m.indptr).astype(np.int64),
              np.asarray(block.lengths, dtype=np.int64)]
    if tokens is not None:
        column = pd.Index(vocab, dtype=object).get_indexer(tokens.vocab).astype(np.int64)
        ids = tokens.ids.astype(np.int64)
        fields += [np.where(ids >= 0, column[np.maximum(ids, 0)] if len(column) else ids, -1),
                   np.diff(tokens.offsets).astype(np.int64)]
    out = [np.ascontiguousarray(f).tobytes() for f in fields]
    return [*out, "".join(f"{d}\n" for d in block.docs["doc_id"]).encode()]


def digest(vocab: np.ndarray, blocks: Iterator[list[bytes]]) -> str:
    """SHA-256 of the vocabulary and of each field of :func:`block_fields` over all blocks in order.

    Each field has its own hash, fed block after block, so the digest is that of the whole arrays
    whatever the blocks' sizes; one block is in memory at a time (the client never holds a second
    copy of a 1M-document matrix).
    """
    fields: list[Any] = []
    for block in blocks:
        fields = fields or [hashlib.sha256() for _ in block]
        for h, data in zip(fields, block):
            h.update(data)
    whole = hashlib.sha256("\n".join(map(str, vocab)).encode())
    for h in fields:
        whole.update(h.digest())
    return whole.hexdigest()


def matrix_digest(dtm: Any, rows: int = 50_000) -> str:
    """:func:`digest` of an in-memory matrix, read in blocks of ``rows`` rows."""
    from framing.distributed.matrix import MatrixBlock

    def blocks() -> Iterator[list[bytes]]:
        for a in range(0, dtm.shape[0], rows):
            b = min(a + rows, dtm.shape[0])
            part = dtm.subset(np.arange(a, b))
            yield block_fields(MatrixBlock(matrix=part.matrix, lengths=part.doc_lengths, docs=part.docs,
                                           tokens=part.tokens, start=a), dtm.vocab)

    return digest(dtm.vocab, blocks())


def cluster_digest(dist: Any) -> str:
    """:func:`digest` of a distributed matrix, each block's fields computed on its worker and fetched in turn."""
    return digest(dist.vocab, (dist.client.submit(block_fields, block, dist.vocab_future, pure=False).result()
                               for block in dist.blocks))


def worker_peak(client: Any) -> int:
    """The largest peak resident set of the cluster's worker processes (bytes; ``ru_maxrss``, Linux KiB)."""
    usage = client.run(resource.getrusage, resource.RUSAGE_SELF)
    return max(u.ru_maxrss for u in usage.values()) * 1024


@contextlib.contextmanager
def clusters(memory_limit: str | int = 0) -> Iterator[dict[str, Any]]:
    """The 1-worker and 2-worker ``LocalCluster`` clients (worker processes, 1 thread each), up for the run.

    ``memory_limit=0``: no limit. Dask's ``"auto"`` gives a 1-thread worker its share of the cores'
    memory (half of it here) and spills to disk from 60 % of that, so at 1M documents the single
    worker would time its disk, not the build.
    """
    from framing.distributed import local_client

    # dashboard=True: on a free port (":0"); dashboard=False would still bind 8787 for the scheduler's HTTP routes
    with local_client(n_workers=1, threads_per_worker=1, memory_limit=memory_limit) as one, \
            local_client(n_workers=2, threads_per_worker=1, memory_limit=memory_limit) as two:
        yield {"1 worker": one, "2 workers": two}


@dataclasses.dataclass
class Timings:
    """Seconds of each timed run per configuration, (a)'s read, the peaks (bytes) and the results' digests."""

    seconds: dict[str, list[float]] = dataclasses.field(default_factory=lambda: {c: [] for c in CONFIGS})
    read: list[float] = dataclasses.field(default_factory=list)
    peaks: dict[str, int] = dataclasses.field(default_factory=dict)
    digests: dict[str, str] = dataclasses.field(default_factory=dict)
    shape: tuple[int, int] = (0, 0)
    nnz: int = 0
    tokens: int = 0
    vocab: np.ndarray | None = None
    alone: list[float] = dataclasses.field(default_factory=list)
    together: list[float] = dataclasses.field(default_factory=list)


def run_once(config: str, files: Sequence[Path], clients: dict[str, Any], timings: Timings, *, check: bool) -> None:
    """One timed build of ``config``; with ``check``, the result's digest (and (a)'s peak memory) recorded."""
    import gc

    gc.collect()
    start = time.perf_counter()
    if config.startswith("one machine"):
        threads = 1 if config == "one machine, 1 thread" else None
        (dtm, read_s), peak = (peak_memory(lambda: one_machine(files, threads)) if check
                               else (one_machine(files, threads), 0))
        timings.seconds[config].append(time.perf_counter() - start)
        print(f"  {config}: {timings.seconds[config][-1]:.2f} s (read {read_s:.2f} s)", file=sys.stderr, flush=True)
        if threads is not None:
            return
        timings.read.append(read_s)
        if check:
            timings.peaks[config], timings.digests[config] = peak, matrix_digest(dtm)
            timings.shape, timings.nnz, timings.vocab = dtm.shape, int(dtm.matrix.nnz), dtm.vocab
            timings.tokens = int(dtm.doc_lengths.sum())
        return
    dist = on_cluster(files, clients[config])
    timings.seconds[config].append(time.perf_counter() - start)
    print(f"  {config}: {timings.seconds[config][-1]:.2f} s", file=sys.stderr, flush=True)
    if check:
        timings.digests[config] = cluster_digest(dist)
        timings.peaks[config] = worker_peak(clients[config])


def ceiling(files: Sequence[Path], client: Any) -> tuple[float, float]:
    """Seconds to read and count one partition on one worker alone, and two at once on two workers.

    The same single-machine steps as the build's first step, with nothing to wait for between
    workers: ``2 × alone / together`` is the most the machine lets 2 workers gain over 1 (cores
    that share caches, memory bandwidth or a host's time slices gain less than 2×).
    """
    from distributed import wait

    import framing as fr
    from framing.distributed.build import count_partition
    from framing.dtm.matrix import matrix_options

    options = matrix_options(ngrams=1, stopwords=None, min_df=1, max_df=1.0, ngram_min_df=1, text=None)
    workers = sorted(client.scheduler_info()["workers"])

    def count(path: Path, worker: str) -> Any:
        part = client.submit(fr.read, path, workers=[worker], pure=False)
        return client.submit(count_partition, part, options, frozenset(), True, workers=[worker], pure=False)

    seconds = []
    for pairs in ([(files[0], workers[0])], list(zip(files[:2], workers))):
        start = time.perf_counter()
        wait([count(path, worker) for path, worker in pairs])
        seconds.append(time.perf_counter() - start)
    return seconds[0], seconds[1]


def measure_builds(files: Sequence[Path], repeat: int) -> Timings:
    """Warm-up on the first file, then ``repeat`` rounds of (a), (b), (c) in rotated order; digests checked."""
    timings = Timings()
    with clusters() as clients, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Dask's notes on large graphs and the corpus's on repeated texts
        warm = Timings()
        for config in CONFIGS:
            run_once(config, files[:1], clients, warm, check=False)
        for i in range(repeat):
            for config in CONFIGS[i % len(CONFIGS):] + CONFIGS[:i % len(CONFIGS)]:
                print(f"dask: round {i + 1}/{repeat}, {config} …", file=sys.stderr, flush=True)
                run_once(config, files, clients, timings, check=i == repeat - 1)
            alone, together = ceiling(files, clients["2 workers"])
            timings.alone.append(alone)
            timings.together.append(together)
    differ = [c for c in ("1 worker", "2 workers") if timings.digests[c] != timings.digests["one machine"]]
    if differ:
        raise AssertionError(f"the distributed matrix on {' and '.join(differ)} differs from one machine's")
    return timings


def build_rows(timings: Timings, label: str, n: int, parts: int) -> list[Row]:
    """The measured rows: 1 worker vs one machine, 2 vs 1 worker, 2 workers vs one machine, the machine's
    ceiling for 2 workers (:func:`ceiling`), and the read."""
    s, targets, peaks = timings.seconds, n >= TARGET_SIZE, timings.peaks
    gib = {c: f"{peaks.get(c, 0) / (1 << 30):,.2f} GiB" for c in CONFIGS}
    what = (f"{parts} partition files; {timings.shape[1]:,} terms, {timings.nnz:,} non-zeros, {timings.tokens:,} "
            f"tokens; equal matrices asserted (vocabulary, CSR, lengths, token stream, ids); peak memory: one machine "
            f"+{gib['one machine']} (growth of the process), the largest worker {gib['1 worker']} on 1 worker and "
            f"{gib['2 workers']} on 2 (the whole process)")
    threads = f"worker processes of 1 thread on a {os.cpu_count()}-core machine"

    def m(ours: str, peer: str | None = None) -> Measurement:
        return Measurement(s[ours], s[peer] if peer else [], peaks.get(ours, 0))

    return [
        row("matrix build (read + count): 1 worker vs one machine on 1 thread", label, n,
            m("1 worker", "one machine, 1 thread"), peer=ONE_THREAD, target=OVERHEAD_TARGET if targets else None,
            note="the same single core: one machine tokenises on up to 2 threads by default, a worker of 1 thread on 1"),
        row("matrix build (read + count): 1 worker vs one machine", label, n, m("1 worker", "one machine"),
            peer=ONE_MACHINE, note=what),
        row("matrix build (read + count): 2 workers vs 1 worker", label, n, m("2 workers", "1 worker"),
            peer="the same on 1 worker", target=SPEEDUP_TARGET if targets else None, note=threads),
        row("matrix build (read + count): 2 workers vs one machine", label, n, m("2 workers", "one machine"),
            peer=ONE_MACHINE, note=threads),
        row("matrix build (read + count): the machine's ceiling for 2 workers", label, n,
            Measurement(timings.together, [2 * a for a in timings.alone], 0),
            peer="one partition at a time on 1 worker",
            note="the first step alone (read and count one partition, as the build does) on 2 workers at once "
                 "against one after the other: the most 2 workers can gain on this machine"),
        row("matrix build, one machine: of which reading the files", label, n,
            Measurement(timings.read, [], peaks.get("one machine", 0)),
            note=f"fr.read of the {parts} files, part of the one-machine figure"),
    ]


def run(sizes: Sequence[str] = ("10k",), *, docs: Sequence[int] = (), quick: bool = False,
        repeat: int | None = None, simulate_projection: bool = True) -> list[Row]:
    """Rows for each size (names of :data:`~benchmarks.corpora.SIZES`) and each number in ``docs``."""
    counts = [QUICK_DOCS] if quick else [SIZES[s] for s in sizes if s in SIZES] + list(docs)
    rows: list[Row] = []
    for n in counts:
        demo_corpus()  # the realistic corpus draws outlets and dates from it
        parts = parts_of(n)
        files = partition_files(n, parts)
        label = f"realistic {next((k for k, v in SIZES.items() if v == n), f'{n:,}')}"
        rounds = repeat or (1 if quick or n >= TARGET_SIZE else 3)
        print(f"dask: {label} in {parts} partitions, {rounds} round(s) …", file=sys.stderr, flush=True)
        timings = measure_builds(files, rounds)
        rows += build_rows(timings, label, n, parts)
        if simulate_projection and timings.vocab is not None:
            print(f"dask: {label}, simulating a larger cluster …", file=sys.stderr, flush=True)
            rows += projection_rows(simulate(files, timings.vocab, timings.tokens, n), label)
    return rows


# --- a larger cluster, simulated ---------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Assumptions:
    """What the projection to a larger cluster assumes (the defaults: the issue's 100 M documents on 32 workers).

    Attributes:
        docs: documents of the projected corpus.
        workers: worker processes (one thread each), each on its own core.
        partition_docs: documents per partition (file).
        bandwidth: bytes per second between two machines (10 Gbit/s Ethernet: 1.25 GB/s).
        latency: seconds per transfer and per task (network round trip plus the scheduler's work).
    """

    docs: int = 100_000_000
    workers: int = 32
    partition_docs: int = PARTITION_DOCS
    bandwidth: float = 1.25e9
    latency: float = 0.002


SIM_PARTS = 4
"""Partitions counted in this process for the simulation (their merges give tree levels 1 and 2)."""


@dataclasses.dataclass(frozen=True)
class Simulated:
    """What the simulation measured in this process.

    Attributes:
        part_docs: documents of a measured partition; ``part_s``: seconds to read and count one (median).
        tokens_per_doc: tokens per document of the measured corpus.
        merges: (terms in, terms out, seconds, documents covered) of each pairwise vocabulary merge measured.
        heaps: points (tokens, distinct terms) of the merged vocabularies and the whole corpus.
        select_s_per_term: seconds per term to select the kept terms (``min_df``/``max_df``).
        bytes_per_term: the vocabulary's pickled size per term (what goes over the network).
        reindex_local_s, reindex_global_s: re-indexing one partition against its own vocabulary and
            against the corpus's (``global_terms`` terms): the difference is the hash set of the larger one.
    """

    part_docs: int
    part_s: float
    tokens_per_doc: float
    merges: list[tuple[int, int, float, int]]
    heaps: list[tuple[float, float]]
    select_s_per_term: float
    bytes_per_term: float
    reindex_local_s: float
    reindex_global_s: float
    global_terms: int


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    import gc

    gc.collect()
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def simulate(files: Sequence[Path], global_vocab: np.ndarray, n_tokens: int, n_docs: int) -> Simulated:
    """Time the steps of the distributed build in this process, as a worker runs them (:mod:`framing.distributed.build`).

    The first :data:`SIM_PARTS` partitions are read and counted (``count_partition`` +
    ``partition_terms``, as step 1 does on a worker), their vocabularies merged pairwise as the
    tree does (``merge_terms``: levels 1 and 2), the kept terms selected from the last merge
    (``select_terms``), and the first partition re-indexed (``to_global``) against its own
    vocabulary and against ``global_vocab``, the whole corpus's.
    """
    import pickle

    import framing as fr
    from framing.distributed.build import count_partition, merge_terms, partition_terms, select_terms, to_global
    from framing.dtm.matrix import matrix_options, resolve_stopwords

    options = matrix_options(ngrams=1, stopwords=None, min_df=1, max_df=1.0, ngram_min_df=1, text=None)
    stop = resolve_stopwords(None, [None])
    counted, part_s, level, heaps = [], [], [], []
    tokens_per_doc = n_tokens / n_docs
    for file in files[:SIM_PARTS]:
        seconds, (counts, terms) = _timed(lambda: (lambda c: (c, partition_terms(c)))(
            count_partition(fr.read(file), options, stop, True)))
        counted.append(counts)
        part_s.append(seconds)
        level.append(terms)
    part_docs = int(statistics.median(len(c.docs) for c in counted))
    # Heaps' points from the start of the corpus: the first partition, the first two, the first four, all
    heaps.append((tokens_per_doc * part_docs, float(len(level[0][0]))))
    merges = []
    while len(level) > 1:
        nxt = []
        for a, b in zip(level[0::2], level[1::2]):
            seconds, merged = _timed(lambda: merge_terms(a, b))
            merges.append((len(a[0]) + len(b[0]), len(merged[0]), seconds, part_docs * 2 ** (len(heaps))))
            nxt.append(merged)
        level = nxt + level[len(nxt) * 2:]
        heaps.append((tokens_per_doc * part_docs * 2 ** (len(heaps)), float(len(nxt[0][0]))))
    heaps.append((float(n_tokens), float(len(global_vocab))))
    root = level[0]
    select_s, _ = _timed(lambda: select_terms(root, n_docs, options))
    bytes_per_term = len(pickle.dumps(root[0], protocol=5)) / max(len(root[0]), 1)
    # medians of 3: the difference of the two is what the projection extrapolates
    local_s = statistics.median(_timed(lambda: to_global(counted[0], counted[0].parts.vocab, 0))[0] for _ in range(3))
    global_s = statistics.median(_timed(lambda: to_global(counted[0], global_vocab, 0))[0] for _ in range(3))
    return Simulated(part_docs=part_docs, part_s=float(statistics.median(part_s)), tokens_per_doc=tokens_per_doc,
                     merges=merges, heaps=heaps, select_s_per_term=select_s / max(len(root[0]), 1),
                     bytes_per_term=bytes_per_term, reindex_local_s=local_s, reindex_global_s=global_s,
                     global_terms=len(global_vocab))


def heaps_fit(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """(K, β) of V = K · T^β fitted by least squares on log V against log T."""
    x, y = np.log([p[0] for p in points]), np.log([p[1] for p in points])
    beta, log_k = np.polyfit(x, y, 1)
    return float(np.exp(log_k)), float(beta)


@dataclasses.dataclass(frozen=True)
class Projection:
    """Projected seconds of each step for :class:`Assumptions`, and the quantities they rest on."""

    partitions: int
    rounds: int
    depth: int
    count_s: float
    merge_s: float
    broadcast_s: float
    reindex_s: float
    terms: float
    vocab_bytes: float
    heaps: tuple[float, float]
    merge_cost: float
    reindex_per_term: float

    @property
    def total_s(self) -> float:
        """The four steps one after another (each waits for the one before)."""
        return self.count_s + self.merge_s + self.broadcast_s + self.reindex_s


def project(sim: Simulated, a: Assumptions = Assumptions()) -> Projection:
    """The time of the distributed build of ``a.docs`` documents on ``a.workers`` workers, from ``sim``.

    - partitions ``P = ⌈docs / partition_docs⌉``, ``R = ⌈P / workers⌉`` rounds of work per step;
    - count: ``R`` × one partition's read + count, scaled linearly from the measured partition to
      ``partition_docs`` documents (tokenising is linear in the text);
    - merge: the tree of ``D = ⌈log₂ P⌉`` levels; level ``l`` merges ``⌊P_(l-1) / 2⌋`` pairs in
      ``⌈pairs / workers⌉`` rounds; a merge of ``n`` input terms takes ``c · n · log₂ n`` (``c``
      fitted on the largest measured merge: hashing plus sorting) plus one operand's transfer
      (``terms × bytes per term / bandwidth + latency``); the vocabulary of ``m`` partitions has
      ``V = K · (m · partition_docs · tokens per document)^β`` terms (Heaps' law fitted on the
      measured merges and the whole measured corpus);
    - broadcast: the kept vocabulary selected (measured seconds per term), sent to the client and
      from the client to every worker, one after another (``(1 + workers) × bytes / bandwidth``);
    - re-index: ``R`` × one partition's re-indexing, which builds a hash set of the global
      vocabulary: measured against the partition's own vocabulary and against the corpus's, and
      extrapolated linearly in the global vocabulary's size;
    - plus ``latency`` per task of each step (the scheduler's work), spread over the workers.
    """
    parts = math.ceil(a.docs / a.partition_docs)
    rounds = math.ceil(parts / a.workers)
    depth = math.ceil(math.log2(parts)) if parts > 1 else 0
    k, beta = heaps_fit(sim.heaps)
    tokens_per_part = a.partition_docs * sim.tokens_per_doc

    def vocab(m: float) -> float:
        return k * (m * tokens_per_part) ** beta

    n_in, _, seconds, _ = max(sim.merges, key=lambda m: m[0])
    cost = seconds / (n_in * math.log2(n_in))
    merge_s, width = 0.0, parts
    for level in range(1, depth + 1):
        pairs = width // 2
        operand = vocab(2 ** (level - 1))
        n = 2 * operand
        merge_s += math.ceil(pairs / a.workers) * (cost * n * math.log2(n) + operand * sim.bytes_per_term / a.bandwidth
                                                    + a.latency)
        width -= pairs
    terms = vocab(parts)
    vocab_bytes = terms * sim.bytes_per_term
    broadcast_s = terms * sim.select_s_per_term + (1 + a.workers) * (vocab_bytes / a.bandwidth + a.latency)
    measured_local = sim.heaps[0][1]
    per_term = max(sim.reindex_global_s - sim.reindex_local_s, 0.0) / max(sim.global_terms - measured_local, 1.0)
    scale = a.partition_docs / sim.part_docs
    reindex_one = sim.reindex_local_s * scale + per_term * max(terms - vocab(1), 0.0)
    return Projection(partitions=parts, rounds=rounds, depth=depth,
                      count_s=rounds * (sim.part_s * scale + a.latency),
                      merge_s=merge_s, broadcast_s=broadcast_s, reindex_s=rounds * (reindex_one + a.latency),
                      terms=terms, vocab_bytes=vocab_bytes, heaps=(k, beta), merge_cost=cost,
                      reindex_per_term=per_term)


def projection_rows(sim: Simulated, label: str, a: Assumptions = Assumptions()) -> list[Row]:
    """The simulated-cluster rows: each step as measured here (docs: a partition's) and as projected."""
    p = project(sim, a)
    k, beta = p.heaps
    top_in, top_out, top_s, top_docs = max(sim.merges, key=lambda m: m[0])
    where = f"projected from {label}"
    big = f"{a.docs / 1e6:,.0f} M documents on {a.workers} workers"
    per_part = f"{p.partitions:,} partitions of {a.partition_docs:,} documents, {p.rounds} per worker"

    def one(task: str, seconds: float, docs: int, corpus: str, note: str) -> Row:
        return row(task, corpus, docs, Measurement([seconds], [], 0), note=note)

    return [
        one("simulated (count): read and count one partition", sim.part_s, sim.part_docs, label,
            f"median of {SIM_PARTS} partitions (fr.read + count_partition + partition_terms, in one process); "
            f"{sim.tokens_per_doc:,.0f} tokens per document"),
        one("simulated (merge): one pairwise vocabulary merge", top_s, top_docs, label,
            f"merge_terms: {top_in:,} terms in, {top_out:,} out; fitted cost {p.merge_cost * 1e9:,.1f} ns × n log₂ n"),
        one("simulated (re-index): re-index one partition", sim.reindex_global_s, sim.part_docs, label,
            f"to_global against the corpus's {sim.global_terms:,} terms ({sim.reindex_local_s:.2f} s against the "
            f"partition's own): +{p.reindex_per_term * 1e6:,.2f} s per million terms of the global vocabulary"),
        one(f"projected (count): {big}", p.count_s, a.docs, where,
            f"{per_part}; one partition's read + count scaled linearly to {a.partition_docs:,} documents"),
        one(f"projected (merge): {big}", p.merge_s, a.docs, where,
            f"a tree of {p.depth} levels (⌈log₂ {p.partitions:,}⌉); vocabularies by Heaps' law fitted on the "
            f"measured merges, V = {k:,.1f} · T^{beta:.2f} (T tokens): {p.terms / 1e6:,.1f} M terms at the root; "
            f"each merge also fetches one operand at {a.bandwidth / 1e9:g} GB/s"),
        one(f"projected (broadcast): {big}", p.broadcast_s, a.docs, where,
            f"the kept vocabulary ({p.vocab_bytes / 1e9:,.2f} GB pickled, {sim.bytes_per_term:.1f} bytes a term) "
            f"selected, then sent to the client and from it to each of the {a.workers} workers in turn"),
        one(f"projected (re-index): {big}", p.reindex_s, a.docs, where,
            f"{p.rounds} partitions per worker; each builds the hash set of the {p.terms / 1e6:,.1f} M-term vocabulary"),
        one(f"projected (total): {big}", p.total_s, a.docs, where,
            f"the steps one after another; {a.latency * 1e3:g} ms per task and transfer; not modelled: stragglers, "
            f"a shared file system slower than a local disk, memory (each worker holds 1/{a.workers} of the "
            "matrix and token stream and the whole vocabulary)"),
    ]


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=None, help="comma-separated: 10k, 100k, 1M (default 10k unless --docs)")
    parser.add_argument("--docs", default="", help="comma-separated numbers of documents besides --sizes")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_DOCS} documents, one round")
    parser.add_argument("--repeat", type=int, default=None, help="timed rounds (default 3; 1 at 1M documents)")
    parser.add_argument("--no-projection", action="store_true", help="skip the simulated larger cluster")
    args = parser.parse_args(argv)
    docs = [int(d) for d in args.docs.split(",") if d.strip()]
    sizes = parse_sizes(args.sizes) if args.sizes else [] if docs else ["10k"]
    rows = run(sizes, docs=docs, quick=args.quick, repeat=args.repeat,
               simulate_projection=not args.no_projection)
    report(rows, name="dask-quick" if args.quick else "dask")
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
