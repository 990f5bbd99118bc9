"""The rows a diverging chart draws: the terms most distinctive of each side of a comparison.

A keyness or collocate comparison scores every term with a signed statistic (positive:
distinctive of ``group_a``, negative: of ``group_b``). :func:`most_distinctive` keeps the
``n`` rows with the largest positive score and the ``n`` with the most negative, in
descending order of the score — what :func:`framing.viz.plots.plot_keyness` and
:func:`framing.viz.plots.plot_collocates` draw and what a figure's CSV keeps. Rows scoring
exactly 0 belong to neither side; ties keep the table's order.

>>> import pandas as pd
>>> table = pd.DataFrame({"term": ["a", "b", "c", "d", "e"], "z": [2.0, -1.0, 0.5, -3.0, 0.0]})
>>> most_distinctive(table, column="z", n=1)
  term    z
0    a  2.0
1    d -3.0
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing._infra.errors import ArgumentError


def most_distinctive(table: pd.DataFrame, *, column: str, n: int = 10) -> pd.DataFrame:
    """The ``n`` rows with the largest positive and the ``n`` with the most negative ``column``.

    Args:
        table: one comparison (e.g. :func:`framing.keyness` output for one pair of groups).
        column: the signed statistic, e.g. ``"log_odds_z"`` or ``"g2"``.
        n: rows kept on each side (fewer when a side has fewer).

    Returns:
        Those rows, positive side first, sorted by ``column`` descending, index reset.
    """
    if column not in table:
        raise ArgumentError(f"most_distinctive: column={column!r} is not in the table; it has {list(table.columns)}")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ArgumentError(f"most_distinctive: n must be a whole number ≥ 0, got {n!r}")
    ordered = table.sort_values(column, ascending=False, kind="stable")
    rows = pd.concat([ordered[ordered[column] > 0].head(n), ordered[ordered[column] < 0].tail(n)])
    return rows.reset_index(drop=True)
