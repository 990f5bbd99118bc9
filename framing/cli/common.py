"""Helpers shared by the sub-commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from framing._infra.atomic import write_text
from framing._infra.errors import ConfigError
from framing.corpus.corpus import Corpus


def open_corpus(spec: str, **options: Any) -> Corpus:
    """A corpus from a named corpus (``ukraine-2022``) or a file or folder path.

    An existing path wins over a name. A bare word that is neither raises a
    :class:`~framing._infra.errors.CatalogError` listing the known corpus names; anything that
    looks like a path goes to :func:`framing.read`, whose errors name the file. Reader
    ``options`` apply to paths only.
    """
    from framing.corpus import catalog
    from framing.corpus.readers import read

    path = Path(spec)
    looks_like_path = bool(path.suffix) or len(path.parts) > 1
    if path.exists() or (looks_like_path and spec not in catalog.known_corpora()):
        return read(path, **options)
    return catalog.load_corpus(spec)


def print_table(df: pd.DataFrame) -> None:
    """Print a table in full, without the index."""
    with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 200):
        print(df.to_string(index=False))


def check_output(path: str | Path) -> Path:
    """Refuse an output file that is a folder, before the work that would fill it."""
    target = Path(path)
    if target.is_dir():
        raise ConfigError(f"cannot write {path}: it is a folder; give a file name such as {target / 'out.csv'}")
    return target


def write_output(path: str | Path, text: str) -> Path:
    """Write ``text`` to the output file ``path`` atomically; a folder or a place that cannot be
    written is a :class:`~framing._infra.errors.ConfigError` naming it."""
    target = check_output(path)
    try:
        return write_text(target, text)
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror or exc}; choose a place you can write to") from exc
