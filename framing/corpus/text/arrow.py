"""Texts as one Arrow string array, the form every text kernel takes."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import pyarrow as pa


def as_arrow(texts: Sequence[str] | pd.Series) -> pa.Array:
    """The texts as one Arrow ``large_string`` array, nulls as ""; zero-copy for pandas' Arrow strings."""
    arr = pa.array(texts, from_pandas=True) if isinstance(texts, pd.Series) else \
        pa.array(list(texts), pa.large_string())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if arr.type != pa.large_string():
        arr = arr.cast(pa.large_string())
    return arr.fill_null("") if arr.null_count else arr
