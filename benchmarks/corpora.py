"""Benchmark corpora: the reference build, and synthetic corpora of any size resampled from it.

A synthetic corpus of ``n`` documents draws ``n`` documents of the reference build with
replacement (``numpy.random.default_rng(seed)``), keeping each one's outlet, date, title,
text, url and language, with a new unique ``doc_id`` (``<original id>~<row>``). It is
written once, in row groups of :data:`ROW_GROUP` documents (so a million documents never
sit in memory at once), to ``build/bench/corpora/synthetic-<n>-seed<seed>.parquet``.

Resampling keeps the word statistics of real news and official texts, but its vocabulary
stops growing at the reference's (about 56,000 terms), where a real corpus of a million
articles keeps meeting new words; the 1M figures are therefore a lower bound on vocabulary
size and on the cost of tokenising distinct chunks.

>>> SIZES["100k"]
100000
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from benchmarks.harness import OUT

SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
"""The sizes of ``make bench`` (``SIZES=10k,100k,1M``)."""

ROW_GROUP = 50_000
COLUMNS = ["doc_id", "outlet", "date", "title", "text", "url", "language"]


def reference_path(name: str = "ukraine-2022-window.jsonl.gz") -> Path:
    """A file of the reference build: ``$FRAMING_REFERENCE/<name>`` (default ``../shared/corpora/reference``)."""
    folder = os.environ.get("FRAMING_REFERENCE") or Path(__file__).resolve().parents[2] / "shared/corpora/reference"
    path = Path(folder) / name
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: set FRAMING_REFERENCE to the folder of the "
                                "reference build (shared/corpora/reference)")
    return path


def reference_table() -> pa.Table:
    """The reference build as an Arrow table of :data:`COLUMNS`, cached as Parquet under build/bench."""
    cached = OUT / "corpora" / "reference.parquet"
    if not cached.exists():
        import framing as fr

        corpus = fr.read_jsonl(reference_path())
        cached.parent.mkdir(parents=True, exist_ok=True)
        corpus.to_parquet(cached)
    return pq.read_table(cached, columns=COLUMNS)


def parse_sizes(spec: str) -> list[str]:
    """``"10k,100k"`` → ``["10k", "100k"]``, checked against :data:`SIZES` (plus ``"ref"``)."""
    names = [s.strip() for s in spec.split(",") if s.strip()]
    unknown = [s for s in names if s not in SIZES and s != "ref"]
    if unknown:
        raise ValueError(f"unknown size(s) {unknown}; use some of {['ref', *SIZES]}")
    return names


def synthetic_path(n: int, *, seed: int = 0) -> Path:
    """A Parquet corpus of ``n`` documents resampled from the reference build (written on first use)."""
    path = OUT / "corpora" / f"synthetic-{n}-seed{seed}.parquet"
    if path.exists():
        return path
    from framing._infra.atomic import atomic_path

    source = reference_table()
    rng = np.random.default_rng(seed)
    with atomic_path(path) as tmp:
        writer = pq.ParquetWriter(tmp, source.schema, compression="zstd")
        for start in range(0, n, ROW_GROUP):
            rows = rng.integers(0, source.num_rows, size=min(ROW_GROUP, n - start))
            part = source.take(pa.array(rows))
            ids = [f"{d}~{start + i}" for i, d in enumerate(part.column("doc_id").to_pylist())]
            part = part.set_column(0, "doc_id", pa.array(ids, part.schema.field("doc_id").type))
            writer.write_table(part, row_group_size=ROW_GROUP)
        writer.close()
    return path
