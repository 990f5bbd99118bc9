"""Corpora larger than memory, read a batch of documents at a time.

:func:`read_batches` reads Parquet, JSON Lines or CSV (optionally gzip-compressed) a batch
of documents at a time, each batch validated by :func:`framing.from_dataframe` with the
same column mapping as the readers (``text=``, ``outlet=``, ``date=``, ``constants=`` ...);
line and row numbers in messages are those of the file, and generated ``doc_id``\\ s run
on across batches. :func:`framing.dtm.stream.stream_matrix` turns the batches into one
document-term matrix.

>>> import pandas as pd, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "articles.jsonl"
>>> pd.DataFrame({"outlet": ["a", "b", "a"], "date": ["2022-02-24"] * 3,
...               "text": ["War began.", "Peace.", "The war."]}).to_json(path, orient="records", lines=True)
>>> [len(batch) for batch in read_batches(path, batch_size=2)]
[2, 1]
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from framing._infra.errors import CorpusError, FramingError
from framing.corpus.corpus import Corpus
from framing.corpus.readers import from_dataframe, parse_json_line, records_frame

BATCH_SIZE = 20_000
"""Documents per batch: about 160 MB of news text, a few seconds of tokenising, and a
working memory of a few times the text (chunk ids, the sparse product)."""


# --- reading -----------------------------------------------------------------------------
def _kind(path: Path) -> str:
    name = path.name.removesuffix(".gz")
    for suffix, kind in ((".parquet", "parquet"), (".jsonl", "jsonl"), (".ndjson", "jsonl"),
                         (".csv", "csv"), (".tsv", "tsv")):
        if name.endswith(suffix):
            return kind
    raise CorpusError(f"{path}: cannot read this file in batches; use .parquet, .jsonl or .csv/.tsv "
                      "(optionally .gz)")


def count_documents(path: str | Path) -> int | None:
    """Documents in a Parquet file from its metadata (``None`` for other formats: they must be read)."""
    import pyarrow.parquet as pq

    path = Path(path)
    return pq.ParquetFile(path).metadata.num_rows if _kind(path) == "parquet" else None


def _jsonl_frames(path: Path, batch_size: int, encoding: str) -> Iterator[tuple[pd.DataFrame, list[str]]]:
    opener = gzip.open if path.suffix == ".gz" else open
    records, labels = [], []
    with opener(path, "rt", encoding=encoding) as fh:
        number = 0
        try:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                records.append(parse_json_line(line, number, path))
                labels.append(f"line {number}")
                if len(records) == batch_size:
                    yield records_frame(records), labels
                    records, labels = [], []
        except UnicodeDecodeError as exc:
            raise CorpusError(f"{path}: not valid {encoding} after line {number}; pass the file's "
                              "encoding, e.g. encoding='cp1251'.") from exc
    if records:
        yield records_frame(records), labels


def _frames(path: Path, batch_size: int, encoding: str) -> Iterator[tuple[pd.DataFrame, list[str]]]:
    """Raw batches of a file with the label of each row, as the readers name rows."""
    kind = _kind(path)
    if kind == "parquet":
        import pyarrow.parquet as pq

        start = 0
        # without pre-buffering, the reader does not keep every row group's bytes until the end
        reader = pq.ParquetFile(path, pre_buffer=False, buffer_size=1 << 20)
        for batch in reader.iter_batches(batch_size=batch_size):
            yield batch.to_pandas(), [f"row {start + i + 1}" for i in range(batch.num_rows)]
            start += batch.num_rows
    elif kind == "jsonl":
        yield from _jsonl_frames(path, batch_size, encoding)
    else:
        start = 0
        reader = pd.read_csv(path, sep="\t" if kind == "tsv" else ",", dtype=str, keep_default_na=False,
                             chunksize=batch_size, encoding=encoding)
        for df in reader:
            yield df, [f"row {start + i + 2} (counting the header as row 1)" for i in range(len(df))]
            start += len(df)


def read_batches(path: str | Path, *, batch_size: int = BATCH_SIZE, encoding: str = "utf-8",
                 **options: Any) -> Iterator[Corpus]:
    """Read a large corpus file as a sequence of :class:`Corpus` batches.

    Args:
        path: a ``.parquet``, ``.jsonl``/``.ndjson`` or ``.csv``/``.tsv`` file (text
            formats may end in ``.gz``).
        batch_size: documents per batch.
        encoding: of text formats.
        **options: column mapping and checks of :func:`framing.from_dataframe`
            (``text=``, ``outlet=``, ``date=``, ``doc_id=``, ``constants=``, ``on_bad_date=``, ...).

    Duplicate texts are reported (and ``dedupe=True`` drops them) within a batch only;
    :func:`stream_matrix` checks that ``doc_id``\\ s are unique across batches.
    """
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"{path}: no such file (looked in {path.resolve().parent}).")
    if batch_size < 1:
        raise FramingError(f"batch_size must be at least 1, got {batch_size}")
    stem, done = path.name.split(".")[0], 0
    for df, labels in _frames(path, batch_size, encoding):
        if not options.get("doc_id") and "doc_id" not in df and "id" not in df:
            df = df.assign(doc_id=[f"{stem}-{done + i + 1}" for i in range(len(df))])
        done += len(df)
        yield from_dataframe(df, source=str(path), row_labels=labels, **options)
