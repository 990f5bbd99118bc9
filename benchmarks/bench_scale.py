"""The scale path on synthetic corpora of 10k, 100k and 1M documents, streamed from Parquet.

For each size: the document-term matrix read and built in batches
(:func:`framing.dtm.stream.stream_matrix` over :func:`framing.corpus.stream.read_batches`, stopwords
"en", ``min_df=5``: the matrix a topic model would use) with its peak memory against the
size of its CSR arrays; a term-rate query by outlet × month (median of repeated queries
after the first, which builds the column-major copy and the month codes); keyness of one
outlet against the rest; and a topic model fitted on a seeded sample of 20,000 documents
with topics then inferred for every document on two processes. Peers do not run at these
sizes (CountVectorizer on the same texts: ``bench_dtm``; at 1M it would hold 8 GB of
Python strings): the point is how time and memory grow.

    .venv/bin/python -m benchmarks.bench_scale --sizes 10k,100k,1M
    .venv/bin/python -m benchmarks.bench_scale --quick          # 2,000 documents (the tests)

Targets: term-rate query ≤ 20 ms at 100k and ≤ 200 ms at 1M documents; at 1M, peak memory
of the matrix build ≤ 2× its CSR arrays (smaller builds are dominated by one batch of text).
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Sequence

import framing as fr
from benchmarks.corpora import SIZES, parse_sizes, synthetic_path
from benchmarks.harness import MB, Row, measure, memory, report, row, within
from framing.corpus.stream import BATCH_SIZE, count_documents, read_batches
from framing.dtm.stream import stream_matrix
from framing.topics.inference import fit_on_sample, infer_topics

QUERY_TARGET = {100_000: 0.02, 1_000_000: 0.2}
"""Term-rate query targets (seconds) by corpus size."""

TOPICS, SAMPLE, PASSES = 20, 20_000, 2


def build(path, *, batch_size: int, progress: bool) -> fr.DocTermMatrix:
    """The streamed matrix of a Parquet corpus (stopwords "en", min_df=5)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fr.FramingWarning)  # resampling repeats texts on purpose
        return stream_matrix(read_batches(path, batch_size=batch_size), stopwords="en", min_df=5,
                             progress=count_documents(path) if progress else False)


def where_memory_goes(dtm: fr.DocTermMatrix) -> str:
    """A short account of the memory held by a matrix and what queries add to it."""
    m = dtm.matrix
    csr = (m.data.nbytes + m.indices.nbytes + m.indptr.nbytes) / MB
    docs = dtm.docs.memory_usage(deep=True).sum() / MB
    return (f"CSR {csr:,.0f} MiB (data int64 {m.data.nbytes / MB:,.0f}, indices int32 "
            f"{m.indices.nbytes / MB:,.0f}), metadata {docs:,.0f} MiB; term queries add a column-major "
            f"copy (+{csr - m.indptr.nbytes / MB:,.0f} MiB)")


def scale_rows(n: int, label: str, path, *, repeat: int, batch_size: int, progress: bool,
               sample: int = SAMPLE) -> list[Row]:
    """Rows for one corpus: matrix, term-rate query, keyness, topic fit and inference."""
    # one untimed build first where it is cheap, so that small sizes do not pay the imports
    m = measure(lambda: build(path, batch_size=batch_size, progress=progress), repeat=1,
                warmup=1 if n <= 100_000 else 0)
    dtm = m.ours_result
    csr = dtm.matrix.data.nbytes + dtm.matrix.indices.nbytes + dtm.matrix.indptr.nbytes
    rows = [row("matrix: streamed from Parquet", label, n, m, target=memory(2) if n >= 1_000_000 else None,
                csr_bytes=csr,
                note=f"{dtm.shape[1]:,} terms, {dtm.matrix.nnz:,} non-zeros; {where_memory_goes(dtm)}")]
    query = lambda: fr.term_rates(dtm, "invasion", by="outlet", period="M", n_boot=0)  # noqa: E731
    start = time.perf_counter()
    query()
    first = time.perf_counter() - start
    m = measure(query, repeat=max(repeat, 3), warmup=0)
    target = within(QUERY_TARGET[n]) if n in QUERY_TARGET else None
    rows.append(row("term rate by outlet × month", label, n, m, target=target,
                    note=f"first query {first:.2f} s (builds the column-major copy and month codes)"))
    m = measure(lambda: fr.keyness(dtm, by="outlet", target="kremlin.ru"), repeat=repeat, warmup=1)
    rows.append(row("keyness: one outlet vs rest", label, n, m, note=f"{len(m.ours_result):,} terms tested"))
    lda = fr.LdaOptions(passes=PASSES)
    fit = lambda: fit_on_sample(dtm, TOPICS, sample=sample, seed=1, options=lda, progress=progress)  # noqa: E731
    m = measure(fit, repeat=1, warmup=0)
    model = m.ours_result
    rows.append(row(f"topics: fit k={TOPICS} on a {min(sample, n):,}-doc sample", label, n, m,
                    note=f"{PASSES} passes, seed 1"))
    m = measure(lambda: infer_topics(model, dtm, processes=2, progress=progress), repeat=1, warmup=0)
    rows.append(row("topics: infer θ for all docs (2 processes)", label, n, m,
                    note=f"θ {m.ours_result.nbytes / MB:,.0f} MiB"))
    return rows


def run(sizes: Sequence[str] = ("10k", "100k", "1M"), *, repeat: int = 3, quick: bool = False,
        progress: bool = True) -> list[Row]:
    """Rows of every size (``"demo"`` is skipped: it is not a synthetic size); ``quick``: 2,000 documents."""
    if quick:
        return scale_rows(2000, "synthetic 2k", synthetic_path(2000), repeat=1, batch_size=500,
                          progress=False, sample=500)
    rows = []
    for size in sizes:
        if size in SIZES:
            rows += scale_rows(SIZES[size], f"synthetic {size}", synthetic_path(SIZES[size]), repeat=repeat,
                               batch_size=BATCH_SIZE, progress=progress)
    return rows


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10k,100k,1M", help="comma-separated: 10k, 100k, 1M")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the quick tasks (default 3)")
    parser.add_argument("--quick", action="store_true", help="2,000 documents, one round")
    args = parser.parse_args(argv)
    rows = run(parse_sizes(args.sizes), repeat=args.repeat, quick=args.quick, progress=not args.quick)
    report(rows, name="scale")
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
