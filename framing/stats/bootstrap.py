"""The bootstrap engine: documents resampled within a group, one random stream per group.

A group (an outlet, an outlet-month) has ``n`` documents with per-document values
``x_d`` (a row of ``k`` numbers: a term's count, the document's tokens, its topic
shares, ...). Replicate ``b`` draws ``n`` of the group's documents with replacement,
i.e. weights ``w_b ~ Multinomial(n; 1/n, …, 1/n)``, and sums them:
``S_b = Σ_d w_bd · x_d``. The caller turns sums into its statistic (a ratio of sums such
as ``Σ count / Σ tokens``, or a mean ``S_b / n``), and :func:`percentile_interval` gives
the percentile interval ``[Q((1 − ci)/2), Q((1 + ci)/2)]`` of the replicate statistics
(Efron & Tibshirani 1993, *An Introduction to the Bootstrap*, ch. 13; quantiles by
linear interpolation, replicates whose statistic is undefined left out).

Resampling documents rather than tokens respects that words in one article are not
independent draws. Replicates are computed as multinomial weight matrices times the
values, in chunks of at most ``CHUNK`` weights — no Python loop over replicates.

Each group draws from its own stream, ``SeedSequence([seed, *words])`` with ``words`` the
SHA-256 of the group's key read as eight 32-bit numbers (:func:`group_stream`). A group's
replicates therefore depend only on its documents, ``seed`` and its key — never on its
position among the groups or on which other groups exist — and any two computations
that resample the same group with the same seed share replicates.

>>> import numpy as np
>>> x = np.array([[2.0, 100.0], [0.0, 80.0], [5.0, 120.0], [1.0, 90.0]])  # count, tokens
>>> sums = resample_sums(x, n_boot=2000, seed=1, key="outlet=a")
>>> sums.shape
(2000, 2)
>>> lo, hi = percentile_interval(sums[:, :1] / sums[:, 1:], ci=0.95)
>>> bool(lo[0] < x[:, 0].sum() / x[:, 1].sum() < hi[0])
True
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from framing._infra.errors import ArgumentError
from framing._infra.hashing import sha256_text

CHUNK = 1 << 22
"""Resampling weights (replicates × documents) held in memory at once."""


def check_bootstrap(n_boot: int, ci: float, seed: int) -> None:
    """Raise :class:`~framing.ArgumentError` naming the argument when ``n_boot``, ``ci`` or ``seed`` is unusable.

    >>> check_bootstrap(1000, 0.95, 1)
    >>> check_bootstrap(1000, 95, 1)
    Traceback (most recent call last):
    ...
    framing._infra.errors.ArgumentError: ci must be between 0 and 1 (e.g. 0.95), got 95
    """
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 0:
        raise ArgumentError(f"n_boot must be a whole number ≥ 0 (0 = no intervals), got {n_boot!r}")
    if isinstance(ci, bool) or not isinstance(ci, (int, float, np.number)) or not 0 < ci < 1:
        raise ArgumentError(f"ci must be between 0 and 1 (e.g. 0.95), got {ci!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ArgumentError(f"seed must be a whole number ≥ 0, got {seed!r}")


def group_stream(seed: int, key: str) -> np.random.Generator:
    """The random generator of one group: ``SeedSequence([seed, w1, …, w8])``.

    ``w1 … w8`` are the SHA-256 hex digest of ``key`` (UTF-8) read as eight 32-bit numbers,
    eight hex digits each.

    >>> a, b = group_stream(1, "outlet=a"), group_stream(1, "outlet=a")
    >>> bool(a.integers(1 << 30) == b.integers(1 << 30))
    True
    """
    digest = sha256_text(key)
    words = [int(digest[i:i + 8], 16) for i in range(0, len(digest), 8)]
    return np.random.default_rng(np.random.SeedSequence([int(seed), *words]))


def resample_weights(n: int, *, n_boot: int, seed: int, key: str) -> Iterator[tuple[int, np.ndarray]]:
    """The resampling weights of a group of ``n`` documents, in chunks: ``(first replicate, weights)``.

    ``weights[i, d]`` is how often replicate ``first + i`` draws document ``d`` (an ``int64``
    ``b × n`` array, ``b`` replicates at a time, at most :data:`CHUNK` weights). The draws are
    ``rng.integers(0, n, (b, n))`` from the group's stream (:func:`group_stream`), chunk after
    chunk: they depend on ``n``, ``seed`` and ``key`` only, so anyone who knows them — a worker
    holding some of the group's documents — regenerates the same weights.

    >>> [w.sum(axis=1).tolist() for _, w in resample_weights(3, n_boot=2, seed=1, key="a")]
    [[3, 3]]
    """
    rng = group_stream(seed, key)
    step = max(1, CHUNK // max(n, 1))
    for start in range(0, n_boot, step):
        b = min(step, n_boot - start)
        # row i of the draws picks documents of replicate i; offsetting by i·n lets one
        # bincount count every replicate's picks at once
        draws = rng.integers(0, n, size=(b, n)) + (np.arange(b) * n)[:, None]
        yield start, np.bincount(draws.ravel(), minlength=b * n).reshape(b, n)


def partial_resample_sums(values: np.ndarray, *, n: int, first: int, n_boot: int, seed: int, key: str) -> np.ndarray:
    """The share of documents ``first … first + len(values) − 1`` of a group of ``n`` in its replicate sums.

    ``Σ_d w_bd · values[d − first]`` over those documents only, with the weights of the whole
    group (:func:`resample_weights`): adding the parts of consecutive runs of documents that
    cover the group gives :func:`resample_sums` of all its documents — exactly when the values
    are whole numbers (sums of whole numbers below 2⁵³ are exact in floating point, in any
    order), as the counts and lengths of :func:`framing.term_rates` are. A cluster's blocks
    each add their own documents' part (:mod:`framing.distributed.terms`).

    >>> x = np.array([[2.0], [0.0], [5.0], [1.0]])
    >>> parts = [partial_resample_sums(x[a:b], n=4, first=a, n_boot=3, seed=1, key="g") for a, b in [(0, 1), (1, 4)]]
    >>> bool(np.array_equal(parts[0] + parts[1], resample_sums(x, n_boot=3, seed=1, key="g")))
    True
    """
    x = np.asarray(values, dtype=float)
    x = x[:, None] if x.ndim == 1 else x
    out = np.zeros((n_boot, x.shape[1]))
    for start, weights in resample_weights(n, n_boot=n_boot, seed=seed, key=key):
        out[start:start + len(weights)] = weights[:, first:first + len(x)] @ x
    return out


def resample_sums(values: np.ndarray, *, n_boot: int, seed: int, key: str) -> np.ndarray:
    """Bootstrap sums of one group's documents: ``n_boot × k`` rows ``S_b = Σ_d w_bd · values[d]``.

    Args:
        values: documents × k per-document quantities of the group (a 1-D array is one column).
        n_boot: replicates.
        seed, key: the group's stream (:func:`group_stream`).

    Returns:
        The replicate sums, ``n_boot × k`` (``n_boot × 0`` values give ``n_boot × 0``); an
        empty group has no replicates and gives NaN.
    """
    x = np.asarray(values, dtype=float)
    x = x[:, None] if x.ndim == 1 else x
    n = len(x)
    if n == 0 or n_boot == 0:
        return np.full((n_boot, x.shape[1]), np.nan)
    return partial_resample_sums(x, n=n, first=0, n_boot=n_boot, seed=seed, key=key)


def percentile_interval(replicates: np.ndarray, ci: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of each column: the ``(1 − ci)/2`` and ``(1 + ci)/2`` quantiles.

    NaN replicates (a statistic undefined in that replicate, e.g. a ratio over zero
    tokens) are left out; a column without any finite replicate gives NaN.

    >>> lo, hi = percentile_interval(np.arange(101.0)[:, None], ci=0.5)
    >>> float(lo[0]), float(hi[0])
    (25.0, 75.0)
    """
    reps = np.asarray(replicates, dtype=float)
    lo = np.full(reps.shape[1], np.nan)
    hi = np.full(reps.shape[1], np.nan)
    if len(reps) == 0:
        return lo, hi
    q = [(1 - ci) / 2, (1 + ci) / 2]
    missing = np.isnan(reps)
    if not missing.any():
        lo[:], hi[:] = np.quantile(reps, q, axis=0)
        return lo, hi
    ok = ~missing.all(axis=0)
    if ok.any():
        lo[ok], hi[ok] = np.nanquantile(reps[:, ok], q, axis=0)
    return lo, hi
