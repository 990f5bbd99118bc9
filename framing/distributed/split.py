"""Cutting documents into consecutive partitions: near-equal sizes, or sizes given.

>>> partition_sizes(10, 3), partition_sizes(4, [0, 3, 1])
([4, 3, 3], [0, 3, 1])
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from framing._infra.errors import ArgumentError


def partition_sizes(n: int, partitions: int | Sequence[int]) -> list[int]:
    """Sizes of the partitions of ``n`` documents: ``partitions`` near-equal ones (no more than ``n``, one at
    least), or the sizes given, which must be ≥ 0 and sum to ``n``."""
    if isinstance(partitions, (int, np.integer)):
        if partitions < 1:
            raise ArgumentError(f"partitions must be a whole number ≥ 1, got {partitions!r}")
        return [len(part) for part in np.array_split(np.arange(n), min(int(partitions), max(n, 1)))]
    sizes = [int(s) for s in partitions]
    if sum(sizes) != n or any(s < 0 for s in sizes):
        raise ArgumentError(f"partition sizes must be ≥ 0 and sum to the {n:,} documents, got {sizes}")
    return sizes


def bounds(sizes: Sequence[int]) -> list[tuple[int, int]]:
    """``(first row, row after the last)`` of each partition of consecutive ``sizes``.

    >>> bounds([2, 0, 3])
    [(0, 2), (2, 2), (2, 5)]
    """
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
    return [(int(a), int(b)) for a, b in zip(starts[:-1], starts[1:])]
