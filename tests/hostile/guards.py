"""A deadline for attacks that used to hang: the block fails instead of running on."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


class Overtime(BaseException):
    """Raised in a block that runs past its deadline (not an Exception, so no handler swallows it)."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail with :class:`Overtime` if the block runs longer than ``seconds`` (Python checks signals between bytecodes)."""
    def expire(_signum: int, _frame: object) -> None:
        raise Overtime(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
