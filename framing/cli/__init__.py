"""The ``framing`` command.

Each sub-command lives in its own module of this package, which provides
``register(subparsers)``; :data:`COMMANDS` lists them. Errors from bad input print one
readable line (no traceback) and exit with status 2.

    framing --help
    framing corpus info articles.csv
"""

from __future__ import annotations

import argparse
import importlib
import sys
import warnings
from collections.abc import Sequence
from typing import TextIO

from framing._infra.errors import FramingError

COMMANDS = ("corpus", "lab", "figures", "topics", "terms", "compare", "keyness", "kwic", "cache")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered."""
    from framing._infra.version import __version__

    parser = argparse.ArgumentParser(prog="framing", description="Media-framing research toolkit.")
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"framing.cli.{name}").register(sub)
    return parser


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,  # noqa: ARG001
                  file: TextIO | None = None, line: str | None = None) -> None:
    print(f"warning: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default")
            warnings.showwarning = _show_warning
            return int(args.run(args) or 0)
    except FramingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
