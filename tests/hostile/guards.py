"""Shared checks of the hostile tests: a deadline for attacks that used to hang, and one-line CLI errors."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from framing.cli import main


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


def cli_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run the command line; assert status 2, one ``error:`` line and no traceback; return that line."""
    status = main(argv)
    out, err = capsys.readouterr()
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert status == 2, (status, out, err)
    assert len(errors) == 1, err
    assert "Traceback" not in out + err
    return errors[0]
