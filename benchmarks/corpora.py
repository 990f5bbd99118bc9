"""Benchmark corpora: the demo corpus, and synthetic corpora of any size resampled from it.

Every benchmark starts from the demo corpus :data:`DEMO` (``ukraine-2022-window``, 4,297
documents; its topical part :data:`TOPICAL` for the topic models), fetched from its public
sources on first use like any named corpus (``fr.load_corpus``: from ``$FRAMING_MIRROR``
when set, into ``corpora/`` of the checkout unless ``$FRAMING_DATA`` says otherwise).

A synthetic corpus of ``n`` documents draws ``n`` documents of the demo corpus with
replacement (``numpy.random.default_rng(seed)``), keeping each one's outlet, date, title,
text, url and language, with a new unique ``doc_id`` (``<original id>~<row>``). It is
written once, in row groups of :data:`ROW_GROUP` documents (so a million documents never
sit in memory at once), to ``build/bench/corpora/synthetic-<n>-seed<seed>-<base>.parquet``,
``<base>`` being the start of the demo corpus's fingerprint (another build, another file).

Resampling keeps the word statistics of real news and official texts, but its vocabulary
stops growing at the demo corpus's (about 56,000 terms), where a real corpus of a million
articles keeps meeting new words; the 1M figures are therefore a lower bound on vocabulary
size and on the cost of tokenising distinct chunks.

>>> SIZES["100k"]
100000
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa

from benchmarks.harness import OUT

DEMO = "ukraine-2022-window"
"""The named corpus the benchmarks start from (size ``demo``, and the base of the synthetic sizes)."""
TOPICAL = "ukraine-2022"
"""Its topical part (2,118 documents): the input of the topic-model benchmark."""
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
"""The synthetic sizes of ``make bench`` (``SIZES=demo,10k,100k,1M``)."""

ROW_GROUP = 50_000
COLUMNS = ["doc_id", "outlet", "date", "title", "text", "url", "language"]


def demo_corpus(name: str = DEMO):
    """A demo corpus (:func:`framing.load_corpus`: fetched and built on first use, then cached)."""
    import framing as fr

    return fr.load_corpus(name, progress=False)


def demo_table() -> pa.Table:
    """The demo corpus :data:`DEMO` as an Arrow table of :data:`COLUMNS`."""
    return pa.Table.from_pandas(demo_corpus().df[COLUMNS], preserve_index=False)


def parse_sizes(spec: str) -> list[str]:
    """``"demo,10k"`` → ``["demo", "10k"]``, checked against :data:`SIZES` (plus ``"demo"``)."""
    names = [s.strip() for s in spec.split(",") if s.strip()]
    unknown = [s for s in names if s not in SIZES and s != "demo"]
    if unknown:
        raise ValueError(f"unknown size(s) {unknown}; use some of {['demo', *SIZES]}")
    return names


def synthetic_path(n: int, *, seed: int = 0) -> Path:
    """A Parquet corpus of ``n`` documents resampled from the demo corpus (written on first use)."""
    base = demo_corpus()
    path = OUT / "corpora" / f"synthetic-{n}-seed{seed}-{base.fingerprint[:12]}.parquet"
    if path.exists():
        return path
    import pyarrow.parquet as pq

    from framing._infra.atomic import atomic_path

    source = pa.Table.from_pandas(base.df[COLUMNS], preserve_index=False)
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
