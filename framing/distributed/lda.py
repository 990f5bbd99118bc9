"""Batch variational Bayes for LDA over row blocks: E-step per block, M-step on the client.

The pattern of gensim PR #2035 (Dask workers for distributed LDA), on gensim's own classes:
the client holds an ``LdaModel``; each pass sends its ``expElogbeta`` to the blocks, each
block runs ``LdaModel.do_estep`` on its bag-of-words chunks into an ``LdaState``, the states
are added up pairwise in a fixed tree over the blocks (block order), and the client runs
``LdaModel.do_mstep`` once per pass with gensim's batch learning rate
``ρ = (offset + pass + updates / chunksize)^(−decay)`` — exactly what ``LdaModel.update`` does
with ``update_every=0`` (so the first pass replaces the random topics: ``ρ = 1``).

What makes it reproducible: gensim's inference starts each document's γ from
``random_state.gamma(100, 1/100)``, drawn in corpus order. Here the start of document ``d``
(global row) in pass ``p`` is row ``d mod 1024`` of the draws of a NumPy ``Generator`` seeded
with ``SeedSequence([seed, 0, p, d // 1024])`` (:func:`initial_gamma`; θ after fitting uses
``[seed, 1, 0, tile]``), handed to ``inference`` by a stand-in random state. Each document's
E-step therefore depends only on the model, the seed, the pass and its global row — not on the
partitioning. Chunks are cut at global multiples of ``chunksize`` (as gensim cuts them). What
the partitioning changes is only the floating-point order of the sufficient-statistics sums
(inside a chunk a block boundary splits, and across blocks), so:

- the same seed and partitioning give the identical topics (``np.array_equal``), on any
  cluster, as the sums run in a fixed order whatever worker finishes first;
- different partitionings agree to rounding (float64: ~1e-15 relative after a few passes);
- one block without Dask (:class:`LocalBlocks`) is gensim's own ``LdaModel(update_every=0)``
  bit for bit when its random state hands out the same γ starts (tested).

>>> initial_gamma(1, (0, 0), 1020, 1030, 3).shape  # rows 1020..1029 span tiles 0 and 1
(10, 3)
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np

from framing.distributed.matrix import DaskMatrix, MatrixBlock

TILE = 1024
"""Documents per γ-start tile: a tile's draws come from one seeded stream."""
TRAIN, INFER = 0, 1
"""First word of the stream key: training passes ``(TRAIN, pass)``, θ of a fitted model ``(INFER, 0)``."""


def initial_gamma(seed: int, key: tuple[int, ...], start: int, stop: int, k: int) -> np.ndarray:
    """γ starts of global rows ``start … stop − 1``: ``Gamma(100, 1/100)`` draws, ``k`` per row.

    Row ``d`` is row ``d mod TILE`` of ``Generator(PCG64(SeedSequence([seed, *key, d // TILE])))
    .gamma(100, 1/100, (TILE, k))``, so it depends on ``(seed, key, d)`` only; a block that
    starts or ends inside a tile draws that whole tile and keeps its rows.
    """
    if stop <= start:
        return np.zeros((0, k))
    parts = []
    for tile in range(start // TILE, (stop - 1) // TILE + 1):
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, *key, tile])))
        draws = rng.gamma(100.0, 1.0 / 100.0, size=(TILE, k))
        base = tile * TILE
        parts.append(draws[max(start, base) - base:min(stop, base + TILE) - base])
    return np.concatenate(parts)


class GammaRows:
    """Stands in for gensim's ``random_state`` in ``inference``: hands out given γ starts in order."""

    def __init__(self, rows: np.ndarray) -> None:
        self.rows = rows
        self.used = 0

    def gamma(self, shape: float, scale: float, size: tuple[int, int]) -> np.ndarray:
        n = size[0]
        if (shape, scale) != (100.0, 1.0 / 100.0) or size[1] != self.rows.shape[1] or self.used + n > len(self.rows):
            raise RuntimeError(f"gensim asked for γ starts {size} of Gamma({shape}, {scale}); this gensim version "
                               "draws them differently than framing.distributed expects")
        out = self.rows[self.used:self.used + n]
        self.used += n
        return out


def chunks(start: int, n: int, chunksize: int) -> list[tuple[int, int]]:
    """Local row ranges of a block of ``n`` rows from global row ``start``, cut at global multiples of ``chunksize``."""
    cuts = [start, *range((start // chunksize + 1) * chunksize, start + n, chunksize), start + n]
    return [(a - start, b - start) for a, b in zip(cuts[:-1], cuts[1:]) if b > a]


def _bow(rows: Any) -> list[Any]:
    from gensim.matutils import Sparse2Corpus

    return list(Sparse2Corpus(rows, documents_columns=False))


def _worker_model(template: Any, exp_elogbeta: np.ndarray, starts: np.ndarray) -> Any:
    model = copy.copy(template)  # the template stays as the worker holds it
    model.expElogbeta = exp_elogbeta
    model.random_state = GammaRows(starts)
    return model


def estep(block: MatrixBlock, template: Any, exp_elogbeta: np.ndarray, seed: int, pass_: int, chunksize: int) -> Any:
    """One block's E-step of a pass: an ``LdaState`` with its sufficient statistics and document count."""
    from gensim.models.ldamodel import LdaState

    n, k = block.matrix.shape[0], template.num_topics
    model = _worker_model(template, exp_elogbeta, initial_gamma(seed, (TRAIN, pass_), block.start, block.start + n, k))
    state = LdaState(template.eta, exp_elogbeta.shape, dtype=template.dtype)
    for a, b in chunks(block.start, n, chunksize):
        model.do_estep(_bow(block.matrix[a:b]), state)
    return state


def block_gamma(block: MatrixBlock, template: Any, exp_elogbeta: np.ndarray, seed: int, chunksize: int) -> np.ndarray:
    """γ of a block's documents under a fitted model (starts from the ``(INFER, 0)`` stream)."""
    n, k = block.matrix.shape[0], template.num_topics
    model = _worker_model(template, exp_elogbeta, initial_gamma(seed, (INFER, 0), block.start, block.start + n, k))
    out = np.empty((n, k), dtype=np.float64)
    for a, b in chunks(block.start, n, chunksize):
        out[a:b] = model.inference(_bow(block.matrix[a:b]))[0]
    return out


def merged(a: Any, b: Any) -> Any:
    """A new ``LdaState``: ``a`` merged with ``b`` (gensim's ``LdaState.merge``; the inputs are left as they are)."""
    out = copy.deepcopy(a)
    out.merge(b)
    return out


def tree_sum(items: Sequence[Any], add: Callable[[Any, Any], Any]) -> Any:
    """``items`` added pairwise, level by level, in a fixed order: ((0+1)+(2+3))+4 for five blocks."""
    level = list(items)
    while len(level) > 1:
        level = [add(level[i], level[i + 1]) if i + 1 < len(level) else level[i] for i in range(0, len(level), 2)]
    return level[0]


class Blocks(Protocol):
    """Where the blocks live: one machine (:class:`LocalBlocks`) or a Dask cluster (:class:`DaskBlocks`)."""

    def map(self, fn: Callable[..., Any], *args: Any) -> list[Any]: ...
    def put(self, value: Any) -> Any: ...
    def add(self, fn: Callable[[Any, Any], Any], a: Any, b: Any) -> Any: ...
    def get(self, handles: Sequence[Any]) -> list[Any]: ...


class LocalBlocks:
    """Row blocks in this process: every step runs here, in block order."""

    def __init__(self, blocks: Sequence[MatrixBlock]) -> None:
        self.blocks = list(blocks)

    def map(self, fn: Callable[..., Any], *args: Any) -> list[Any]:
        return [fn(block, *args) for block in self.blocks]

    def put(self, value: Any) -> Any:
        return value

    def add(self, fn: Callable[[Any, Any], Any], a: Any, b: Any) -> Any:
        return fn(a, b)

    def get(self, handles: Sequence[Any]) -> list[Any]:
        return list(handles)


class DaskBlocks:
    """The blocks of a :class:`~framing.distributed.DaskMatrix`: steps are tasks on their workers."""

    def __init__(self, dist: DaskMatrix) -> None:
        self.dist = dist

    def map(self, fn: Callable[..., Any], *args: Any) -> list[Any]:
        return self.dist.map_raw(fn, *args)

    def put(self, value: Any) -> Any:
        return self.dist.client.scatter(value, broadcast=True, hash=False)

    def add(self, fn: Callable[[Any, Any], Any], a: Any, b: Any) -> Any:
        return self.dist.client.submit(fn, a, b, pure=False)

    def get(self, handles: Sequence[Any]) -> list[Any]:
        return self.dist.gather(handles)


def worker_template(lda: Any) -> Any:
    """A light copy of the client's model for the workers: no vocabulary, no topics (sent each pass)."""
    template = copy.copy(lda)
    template.id2word, template.state, template.expElogbeta, template.random_state = None, None, None, None
    template.dispatcher, template.callbacks = None, None
    return template


def run_batch_vb(blocks: Blocks, lda: Any, *, n_docs: int, seed: int, passes: int, bar: Any = None) -> None:
    """Train ``lda`` (an untrained ``LdaModel``) in place: ``passes`` batch-VB passes over ``blocks``.

    Follows ``LdaModel.update(corpus, update_every=0)``: the state counts the documents once,
    each pass collects every block's statistics, then one ``do_mstep``; see the module docstring.
    """
    template = blocks.put(worker_template(lda))
    chunksize = min(n_docs, lda.chunksize)  # as update() does when chunksize is not given
    lda.state.numdocs += n_docs
    for pass_ in range(passes):
        exp_elogbeta = blocks.put(lda.expElogbeta)
        states = blocks.map(estep, template, exp_elogbeta, seed, pass_, chunksize)
        other = blocks.get([tree_sum(states, lambda a, b: blocks.add(merged, a, b))])[0]
        rho = pow(lda.offset + pass_ + (lda.num_updates / chunksize), -lda.decay)
        lda.do_mstep(rho, other, pass_ > 0)
        if bar is not None:
            bar.update(1)


def infer_blocks(blocks: Blocks, lda: Any, *, seed: int) -> list[Any]:
    """Handles of each block's γ under the fitted ``lda`` (futures on a cluster), in block order."""
    template = blocks.put(worker_template(lda))
    return blocks.map(block_gamma, template, blocks.put(lda.expElogbeta), seed, max(1, lda.chunksize))
