"""Helpers shared by the sub-commands."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from framing.corpus import Corpus


def open_corpus(spec: str, **options) -> Corpus:
    """A corpus from a file or folder path (any format :func:`framing.read` knows)."""
    from framing.readers import read

    return read(Path(spec), **options)


def print_table(df: pd.DataFrame) -> None:
    """Print a table in full, without the index."""
    with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 200):
        print(df.to_string(index=False))
