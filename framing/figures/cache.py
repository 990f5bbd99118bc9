"""A disk cache of figure tables, keyed by what they were computed from.

A figure's table (the CSV it writes) depends on its kind, its compute options, its
corpus filter and seed, the corpus fingerprint and the package versions — not on its
width, aspect, DPI or caption. Caching the table under those inputs means that
restyling a figure re-draws it in a moment, and that two figures with the same
computation share it. Tables live in ``$FRAMING_CACHE/figures/`` as Parquet; a file
that cannot be read is recomputed. (Document-term matrices have their own cache in
:mod:`framing.dtm`.)

>>> import pandas as pd
>>> table = cached_table({"example": 1}, lambda: pd.DataFrame({"x": [1, 2]}))
>>> table["x"].tolist()
[1, 2]
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from framing._infra.atomic import atomic_path
from framing.dtm.matrix import cache_dir
from framing.figures.manifest import digest


def table_path(inputs: dict[str, Any]) -> Path:
    """Where the table computed from ``inputs`` is cached."""
    return cache_dir() / "figures" / f"{digest(inputs)[:32]}.parquet"


def cached_table(inputs: dict[str, Any], compute: Callable[[], pd.DataFrame], *,
                 refresh: bool = False) -> pd.DataFrame:
    """The cached table for ``inputs``, or ``compute()`` (then cached); ``refresh`` recomputes."""
    path = table_path(inputs)
    if path.is_file() and not refresh:
        try:
            return pd.read_parquet(path)
        except Exception:  # a damaged or foreign file: recompute and replace it
            path.unlink(missing_ok=True)
    table = compute()
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"a figure's compute function must return a DataFrame, got {type(table).__name__}")
    try:
        with atomic_path(path) as tmp:
            table.to_parquet(tmp, index=False)
    except (TypeError, ValueError, NotImplementedError):  # not storable as Parquet: use it uncached
        return table
    # Return what a later run will read, so a cached and a fresh build draw the same table.
    return pd.read_parquet(path)
