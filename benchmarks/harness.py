"""The shared benchmark harness: warm-up, interleaved repeats, medians, peak memory, one table.

A benchmark measures our function and a peer's on the same input with :func:`measure`
(warm-up runs first, then ``repeat`` rounds that alternate which of the two goes first, so
that load on a shared machine hits both alike) and turns the timings into a :class:`Row`
with :func:`row`. :func:`report` prints the rows as one table and writes them to
``build/bench/results.csv`` and ``results.json``.

Peak memory is the growth of the process's resident set during one run of our function:
the kernel's high-water mark (``VmHWM``) is reset through ``/proc/self/clear_refs`` before
the run and read after it, so it counts NumPy, Arrow and C++ allocations alike. Where
``/proc`` is missing, ``tracemalloc`` (Python and NumPy allocations only) is used.

>>> m = measure(lambda: sum(range(1000)), lambda: sum(list(range(1000))), repeat=3, warmup=1)
>>> r = row("sum", "toy", 1000, m, peer="list", target=faster(0.01))
>>> (r.task, r.docs, len(m.ours), r.met)
('sum', 1000, 3, True)
"""

from __future__ import annotations

import dataclasses
import gc
import json
import math
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "bench"
MB = 1 << 20


@dataclasses.dataclass(frozen=True)
class Target:
    """A goal printed beside a measurement.

    Attributes:
        text: how the table shows it, e.g. ``"≥ 3× faster"``.
        kind: ``"ratio"`` (peer time / our time ≥ value), ``"overhead"`` (our time / peer
            time − 1 ≤ value), ``"seconds"`` (our median ≤ value), ``"memory"`` (our peak
            ≤ value × the row's ``csr_mb``), ``"peak"`` (our peak ≤ value MiB) or ``"size"``
            (the row's ``size_mb`` ≤ value × its ``csr_mb``).
        value: the threshold.
    """

    text: str
    kind: str
    value: float

    def met(self, r: Row) -> bool | None:
        """Whether the row meets the target (``None`` when the row lacks the numbers)."""
        if self.kind == "ratio":
            return None if r.ratio is None else r.ratio >= self.value
        if self.kind == "overhead":
            return None if not r.peer_s else r.ours_s / r.peer_s - 1 <= self.value
        if self.kind == "seconds":
            return r.ours_s <= self.value
        if self.kind == "memory":
            return None if r.csr_mb is None else r.peak_mb <= self.value * r.csr_mb
        if self.kind == "peak":
            return r.peak_mb <= self.value
        if self.kind == "size":
            return None if r.size_mb is None or r.csr_mb is None else r.size_mb <= self.value * r.csr_mb
        raise ValueError(f"unknown target kind {self.kind!r}")


def faster(times: float) -> Target:
    """Our median at least ``times`` × faster than the peer's."""
    return Target(f"≥ {times:g}× faster", "ratio", times)


def overhead(share: float) -> Target:
    """Our median at most ``share`` (e.g. 0.1 = 10 %) slower than the peer's."""
    return Target(f"overhead ≤ {share:.0%}", "overhead", share)


def within(seconds: float) -> Target:
    """Our median at most ``seconds``."""
    return Target(f"≤ {seconds * 1000:g} ms" if seconds < 1 else f"≤ {seconds:g} s", "seconds", seconds)


def memory(times: float) -> Target:
    """Our peak memory at most ``times`` × the size of the result's CSR arrays."""
    return Target(f"peak ≤ {times:g}× CSR", "memory", times)


@dataclasses.dataclass(frozen=True)
class Measurement:
    """Wall times in seconds of each timed run, our peak memory (bytes), and the last results."""

    ours: list[float]
    peer: list[float]
    peak_bytes: int
    ours_result: Any = None
    peer_result: Any = None


@dataclasses.dataclass(frozen=True)
class Row:
    """One line of the benchmark table (medians in seconds, memory in MiB)."""

    task: str
    corpus: str
    docs: int
    ours_s: float
    peer: str
    peer_s: float | None
    ratio: float | None
    peak_mb: float
    target: str
    met: bool | None
    runs: int
    csr_mb: float | None = None
    note: str = ""
    suite: str = ""
    """The suite of ``make bench`` that measured it (``dtm``, ``terms``, ``topics``, ``widgets``, ``scale``, ``vocab``,
    ``dask``)."""
    size_mb: float | None = None
    """A size the row measured besides peak memory (MiB), e.g. the matrix on disk."""


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise OSError(f"no {field} in /proc/self/status")


def peak_memory(fn: Callable[[], Any]) -> tuple[Any, int]:
    """Run ``fn`` once; return its result and how far the resident set grew above its start (bytes)."""
    gc.collect()
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
        base = _status_kb("VmRSS")
    except OSError:
        tracemalloc.start()
        try:
            result = fn()
            return result, tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    result = fn()
    return result, max(_status_kb("VmHWM") - base, 0)


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def measure(ours: Callable[[], Any], peer: Callable[[], Any] | None = None, *, repeat: int = 5,
            warmup: int = 1) -> Measurement:
    """Time ``ours`` and ``peer`` alternately after ``warmup`` untimed runs of each.

    Round ``i`` runs ours first when ``i`` is even and the peer first when it is odd;
    our first timed run also records peak memory (:func:`peak_memory`).
    """
    for _ in range(warmup):
        ours()
        if peer is not None:
            peer()
    ours_t: list[float] = []
    peer_t: list[float] = []
    peak, ours_result, peer_result = 0, None, None
    for i in range(repeat):
        order = ["ours", "peer"] if i % 2 == 0 else ["peer", "ours"]
        for who in order:
            if who == "peer" and peer is not None:
                t, peer_result = _timed(peer)
                peer_t.append(t)
            elif who == "ours" and not ours_t:
                start = time.perf_counter()
                ours_result, peak = peak_memory(ours)
                ours_t.append(time.perf_counter() - start)
            elif who == "ours":
                t, ours_result = _timed(ours)
                ours_t.append(t)
    return Measurement(ours_t, peer_t, peak, ours_result, peer_result)


def row(task: str, corpus: str, docs: int, m: Measurement, *, peer: str = "", target: Target | None = None,
        csr_bytes: int | None = None, note: str = "", size_bytes: int | None = None) -> Row:
    """A table row from a :class:`Measurement`: medians, ratio (peer / ours), the target's verdict."""
    ours_s = statistics.median(m.ours)
    peer_s = statistics.median(m.peer) if m.peer else None
    draft = Row(task=task, corpus=corpus, docs=docs, ours_s=ours_s, peer=peer, peer_s=peer_s,
                ratio=peer_s / ours_s if peer_s and ours_s else None, peak_mb=m.peak_bytes / MB,
                target=target.text if target else "", met=None, runs=len(m.ours),
                csr_mb=csr_bytes / MB if csr_bytes is not None else None, note=note,
                size_mb=size_bytes / MB if size_bytes is not None else None)
    return dataclasses.replace(draft, met=target.met(draft) if target else None)


def _seconds(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def table(rows: Sequence[Row]) -> pd.DataFrame:
    """The rows as the printed table (formatted strings)."""
    return pd.DataFrame({
        "task": [r.task for r in rows],
        "corpus": [r.corpus for r in rows],
        "docs": [f"{r.docs:,}" for r in rows],
        "ours (median)": [_seconds(r.ours_s) for r in rows],
        "peer": [r.peer for r in rows],
        "peer (median)": [_seconds(r.peer_s) for r in rows],
        "ratio": [f"{r.ratio:.2f}×" if r.ratio else "" for r in rows],
        "our peak MiB": [f"{r.peak_mb:,.0f}" + (f" (CSR {r.csr_mb:,.0f})" if r.csr_mb else "") for r in rows],
        "target": [r.target for r in rows],
        "met?": [{True: "yes", False: "NO", None: ""}[r.met] for r in rows],
    })


def report(rows: Sequence[Row], folder: Path = OUT, *, name: str = "results") -> pd.DataFrame:
    """Print the rows as one table and write ``<folder>/<name>.csv`` and ``.json``; return the raw table."""
    from framing._infra.atomic import write_text

    shown = table(rows)
    print(shown.to_string(index=False), flush=True)
    notes = [f"  [{i + 1}] {r.task} ({r.corpus}): {r.note}" for i, r in enumerate(rows) if r.note]
    if notes:
        print("notes:\n" + "\n".join(notes), flush=True)
    raw = pd.DataFrame([dataclasses.asdict(r) for r in rows])
    folder.mkdir(parents=True, exist_ok=True)
    write_text(folder / f"{name}.csv", raw.to_csv(index=False))
    write_text(folder / f"{name}.json", json.dumps([dataclasses.asdict(r) for r in rows], indent=1,
                                                   ensure_ascii=False) + "\n")
    return raw
