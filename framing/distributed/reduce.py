"""Waiting for futures and combining their results on the workers: the two patterns every distributed step uses.

:func:`settle` waits for a step's futures with a progress bar and, when one failed, raises the
error of the first failed partition (in partition order, so the same input gives the same message)
as framing raised it on the worker — a :class:`~framing.FramingError` naming the file, without
the worker's traceback. :func:`tree_reduce` combines partition results pairwise, round after
round (``⌈log₂ P⌉`` rounds for ``P`` partitions), so no single task ever holds the results of all
partitions at once; the pairing is fixed by partition order, so the reduction is the same on
every run.

>>> from framing.distributed.reduce import tree_reduce
>>> futures = client.scatter([{1}, {2}, {3}])  # doctest: +SKIP
>>> root, _ = tree_reduce(client, futures, set.union)  # doctest: +SKIP
>>> root.result()  # doctest: +SKIP
{1, 2, 3}
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from framing._infra.errors import ArgumentError, FramingError
from framing.distributed.cluster import progress


def settle(futures: Sequence[Any], *, desc: str, enabled: bool = True) -> None:
    """Wait for ``futures`` (a progress bar when ``enabled``); raise the first failed one's error.

    A :class:`~framing.FramingError` raised on a worker (a bad file, a bad option) is raised
    again here as a new exception of the same class and message, so the user reads the
    message framing wrote rather than a traceback through Dask; other errors are raised as
    Dask delivers them.
    """
    progress(futures, desc=desc, enabled=enabled)
    for future in futures:
        if future.status == "error":
            raise_clean(future.exception())


def raise_clean(exc: BaseException) -> None:
    """Raise ``exc``; a :class:`~framing.FramingError` as a fresh one of its class (no remote traceback)."""
    if isinstance(exc, FramingError):
        try:
            fresh = type(exc)(*exc.args)
        except TypeError:  # a subclass with another signature: raise it as it came
            raise exc from None
        raise fresh from None
    raise exc


def tree_reduce(client: Any, futures: Sequence[Any], fn: Callable[..., Any], *args: Any) -> tuple[Any, list[Any]]:
    """Combine ``futures`` pairwise with ``fn(a, b, *args)`` on the workers, in rounds.

    Round ``r`` merges neighbours ``(0, 1), (2, 3), ...`` of the previous round's results (an
    odd one out waits for the next round), so ``fn`` must be associative; it need not be
    commutative, as the left operand always comes from earlier partitions. Returns the future
    of the root and the futures of every merge (for a progress bar); one future is its own root.
    """
    level = list(futures)
    if not level:
        raise ArgumentError("tree_reduce needs at least one future")
    merges: list[Any] = []
    while len(level) > 1:
        merged = [client.submit(fn, a, b, *args, pure=False) for a, b in zip(level[0::2], level[1::2])]
        merges += merged
        level = merged + level[len(merged) * 2:]
    return level[0], merges
