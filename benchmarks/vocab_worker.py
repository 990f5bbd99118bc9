"""One measurement of the ``vocab`` suite, in a process of its own: ``python -m benchmarks.vocab_worker``.

:mod:`benchmarks.bench_vocab` runs this module once per corpus and version of framing, with
that version's tree first on ``PYTHONPATH`` (the code before issue 15 is extracted from git),
so that the peak memory is the process's own and a build that would need more memory than
the machine has fails fast under the address-space limit ``--limit-gib`` (``RLIMIT_AS``)
instead of swapping. It writes one JSON record (``--out``): the build's time and peak
resident-set growth (``VmHWM`` above the resident set after the imports), the bytes of each
part of the matrix (``DocTermMatrix.nbytes`` where it exists; else the same parts counted
here), the size on disk, and the first and repeated phrase query; or, when it ran out of
memory, how much the failed allocation asked for.

Two ways to build (``--mode``):

- ``stream``: :func:`framing.dtm.stream.stream_matrix` over :func:`read_batches` of a Parquet
  corpus. Phrase-ready is ``tokens=True`` (the token stream kept) where framing has it, else
  ``ngrams=3`` (the full 1–3-gram matrix, the only way before). On disk: ``DocTermMatrix.save``
  where it exists, else the matrix as the old cache stored it (``.npz``, fixed-width
  ``<U…`` vocabulary).
- ``memory``: the matrix a phrase query builds for a corpus read into memory (cache on, as a
  user would call it): ``framing.document_term_matrix(corpus)`` with its token stream, or
  before, ``ngrams=3``; on disk: the cache entry it wrote.
  ``--long-token N`` first appends one base64-like token of ``N`` characters to the first text.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import re
import resource
import statistics
import time
import warnings
from pathlib import Path
from typing import Any

GIB = 1 << 30
ALLOCATION = re.compile(r"(?:allocate|size of|size) ([\d.]+) ?(GiB|MiB|KiB|B)?", re.I)


def status_bytes(field: str) -> int:
    """A ``kB`` field of ``/proc/self/status`` (``VmRSS``, ``VmHWM``) in bytes."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise OSError(f"no {field} in /proc/self/status")


def reset_peak() -> int:
    """Reset the high-water mark to the current resident set; return that resident set (bytes)."""
    Path("/proc/self/clear_refs").write_text("5")
    return status_bytes("VmRSS")


def folder_bytes(folder: Path) -> int:
    """Bytes of the files under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def needed_gib(message: str) -> float | None:
    """The size a failed allocation asked for, from NumPy's or Arrow's message (GiB), if it says."""
    m = ALLOCATION.search(message)
    if m is None:
        return None
    unit = {"gib": GIB, "mib": 1 << 20, "kib": 1 << 10}.get((m.group(2) or "b").lower(), 1)
    return float(m.group(1)) * unit / GIB


def array_parts(dtm: Any) -> dict[str, int]:
    """Bytes per part of a matrix: its own ``nbytes()`` where it has one, else the same parts counted here
    (the vocabulary as UTF-8 bytes and 8-byte offsets, as ``nbytes`` counts it)."""
    if hasattr(dtm, "nbytes"):
        return {k: int(v) for k, v in dtm.nbytes().items()}
    import pyarrow as pa
    import pyarrow.compute as pc

    m = dtm.matrix
    utf8 = pc.sum(pc.binary_length(pa.array(dtm.vocab, pa.large_string()))).as_py() or 0
    return {"data": m.data.nbytes, "indices": m.indices.nbytes, "indptr": m.indptr.nbytes,
            "vocab": int(utf8) + 8 * (len(dtm.vocab) + 1), "lengths": dtm.doc_lengths.nbytes, "tokens": 0,
            "docs": int(dtm.docs.memory_usage(deep=True).sum())}


def build(args: argparse.Namespace) -> tuple[Any, bool]:
    """The phrase-ready matrix, and whether it keeps a token stream (else it has every 1–3-gram)."""
    import framing as fr
    from framing.corpus.stream import read_batches
    from framing.dtm.stream import stream_matrix

    if args.mode == "memory":
        if "tokens" in inspect.signature(fr.document_term_matrix).parameters:
            return fr.document_term_matrix(args.corpus_obj), True
        return fr.document_term_matrix(args.corpus_obj, ngrams=3), False
    if "tokens" in inspect.signature(stream_matrix).parameters:
        return stream_matrix(read_batches(args.corpus), tokens=True, progress=False), True
    return stream_matrix(read_batches(args.corpus), ngrams=3, progress=False), False


def write(dtm: Any, folder: Path) -> None:
    """The matrix on disk: ``save`` where it exists, else the old cache entry's ``.npz``."""
    if hasattr(dtm, "save"):
        dtm.save(folder)
        return
    import numpy as np

    from framing._infra.cache import save_arrays

    folder.mkdir(parents=True)
    m = dtm.matrix
    save_arrays(folder / "matrix.npz", {"data": m.data, "indices": m.indices, "indptr": m.indptr,
                                        "shape": np.array(m.shape), "vocab": dtm.vocab.astype(str),
                                        "lengths": dtm.doc_lengths})


def measure(args: argparse.Namespace, record: dict[str, Any]) -> None:
    """Fill ``record`` step by step (so that a step that runs out of memory leaves the earlier ones)."""
    import framing as fr

    record["step"] = "build"
    base = reset_peak()
    start = time.perf_counter()
    dtm, kept_tokens = build(args)
    record.update(build_s=time.perf_counter() - start, peak_bytes=status_bytes("VmHWM") - base,
                  tokens_kept=kept_tokens, terms=int(dtm.shape[1]), nnz=int(dtm.matrix.nnz),
                  n_tokens=int(dtm.doc_lengths.sum()), parts=array_parts(dtm))
    record["step"] = "disk"
    start = time.perf_counter()
    if args.mode == "memory":
        record["disk_bytes"] = folder_bytes(Path(os.environ["FRAMING_CACHE"]))
    else:
        write(dtm, args.folder)
        record["disk_bytes"] = folder_bytes(args.folder)
    record["write_s"] = time.perf_counter() - start
    record["step"] = "query"
    query = lambda: fr.term_rates(dtm, args.phrase, by="outlet", period="M", n_boot=0)  # noqa: E731
    start = time.perf_counter()
    first = query()
    record.update(first_s=time.perf_counter() - start, phrase_count=int(first["count"].sum()), groups=len(first))
    repeats = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        query()
        repeats.append(time.perf_counter() - start)
    record.update(repeat_s=statistics.median(repeats), total_peak_bytes=status_bytes("VmHWM") - base)
    record["step"] = "done"


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.vocab_worker", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, required=True, help="a Parquet corpus")
    parser.add_argument("--mode", choices=["stream", "memory"], default="stream")
    parser.add_argument("--phrase", required=True, help="the three-word phrase to query")
    parser.add_argument("--folder", type=Path, required=True, help="where the matrix is written (must not exist)")
    parser.add_argument("--out", type=Path, required=True, help="the JSON record")
    parser.add_argument("--repeat", type=int, default=5, help="repeated queries (median)")
    parser.add_argument("--limit-gib", type=float, default=16.0, help="address-space limit (RLIMIT_AS)")
    parser.add_argument("--long-token", type=int, default=0, help="memory mode: append one token this long")
    args = parser.parse_args(argv)
    limit = int(args.limit_gib * GIB)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    import framing as fr

    record: dict[str, Any] = {"framing": str(Path(fr.__file__).parent), "limit_gib": args.limit_gib,
                              "phrase": args.phrase}
    warnings.simplefilter("ignore", fr.FramingWarning)  # resampling repeats texts on purpose
    if args.mode == "memory":
        import numpy as np

        corpus = fr.read_parquet(args.corpus)
        if args.long_token:
            alphabet = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", np.uint8)
            token = alphabet[np.random.default_rng(668).integers(0, 62, args.long_token)].tobytes().decode()
            df = corpus.df.copy()
            df.at[df.index[0], "text"] = str(df["text"].iloc[0]) + " " + token
            corpus = fr.from_dataframe(df)
        args.corpus_obj = corpus
    try:
        measure(args, record)
    except MemoryError as exc:  # NumPy's MemoryError and Arrow's ArrowMemoryError (a subclass)
        record.update(error="out of memory", message=str(exc)[:300], needs_gib=needed_gib(str(exc)))
    args.out.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return record


if __name__ == "__main__":
    main()
