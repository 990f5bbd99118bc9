"""Plot of cross-lingual agreement: each concept's rate in the originals and in their translations.

Draws :func:`framing.dictionary_agreement` output: one row per pattern or dictionary concept, its
rate per 10,000 tokens in the originals (``group_a``, filled circle) and in their translations
(``group_b``, hollow square, just below), each with its interval (the pair bootstrap's; an
interval whose columns are NaN, as with ``n_boot=0``, is not drawn). The right-hand axis gives
each concept's retention, ``per_10k_b / per_10k_a`` ("–" when the originals never use it): 1 means
the translations name the concept as often as the originals.

>>> import pandas as pd
>>> table = pd.DataFrame({"group_a": ["uk"] * 2, "group_b": ["en"] * 2, "pattern": ["AGGRESSION", "INVASION"],
...     "per_10k_a": [9.0, 11.9], "per_10k_a_lo": [7.0, 9.9], "per_10k_a_hi": [11.5, 14.1],
...     "per_10k_b": [7.9, 18.7], "per_10k_b_lo": [6.1, 15.9], "per_10k_b_hi": [10.0, 21.9],
...     "retention": [0.87, 1.57]})
>>> ax = plot_agreement(table)
>>> [t.get_text() for t in ax.get_legend().get_texts()]
['originals (uk)', 'translations (en)']
>>> [t.get_text() for t in ax.get_yticklabels()]
['AGGRESSION', 'INVASION']
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from framing._infra.errors import ArgumentError
from framing.viz.plots.labels import LABEL_CHARS, pattern_labels
from framing.viz.plots.layout import interval_entry, label_chars, legend_outside, own_axes, rates_aspect
from framing.viz.style import OKABE_ITO

SIDES = (("a", "originals", "o", OKABE_ITO[4], -0.13), ("b", "translations", "s", OKABE_ITO[5], 0.13))
"""Per side of the comparison: column suffix, legend label, marker, colour, offset from the row."""
NEEDED = ["group_a", "group_b", "pattern"] + [f"per_10k_{s}{e}" for s in "ab" for e in ("", "_lo", "_hi")]
"""The columns :func:`plot_agreement` draws."""


def _retention_labels(table: pd.DataFrame) -> list[str]:
    """``×0.87`` per row (``–`` where the originals never use the concept)."""
    return ["–" if not np.isfinite(r) else f"×{r:.2f}" for r in table["retention"].to_numpy(float)]


def plot_agreement(agreement: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Rates of each concept in originals and translations, with intervals (:func:`framing.dictionary_agreement`).

    ``agreement`` needs ``group_a``, ``group_b``, ``pattern`` and ``per_10k_a``/``per_10k_b`` with
    their ``_lo``/``_hi`` columns, for one comparison (one pair of sides); with a ``retention``
    column the right-hand axis labels each row with it. Rows keep the table's order, first at top.
    """
    missing = [c for c in NEEDED if c not in agreement]
    if missing:
        raise ArgumentError(f"plot_agreement needs the columns {missing} (dictionary_agreement output); "
                            f"the table has {list(agreement.columns)}")
    if agreement.empty:
        raise ArgumentError("plot_agreement: the table has no rows")
    sides = agreement[["group_a", "group_b"]].drop_duplicates()
    if len(sides) > 1:
        raise ArgumentError(f"plot_agreement draws one comparison; the table has {len(sides)} pairs of sides — "
                            "filter it, e.g. table[table.group_b == 'en']")
    ax = own_axes(ax, aspect=rates_aspect(len(agreement), 2, width=None))
    table = agreement.reset_index(drop=True)
    y = np.arange(len(table), dtype=float)
    for side, label, marker, color, offset in SIDES:
        rate, lo, hi = (table[f"per_10k_{side}{e}"].to_numpy(float) for e in ("", "_lo", "_hi"))
        shown = np.isfinite(lo) & np.isfinite(hi)
        ax.hlines(y[shown] + offset, lo[shown], hi[shown], color=color, linewidth=1.4)
        ax.scatter(rate, y + offset, marker=marker, s=22, zorder=3, color=color, clip_on=False,  # 0 stays whole
                   facecolors=color if side == "a" else "white", label=f"{label} ({sides[f'group_{side}'].iat[0]})")
    ax.set_yticks(y, pattern_labels(table["pattern"].astype(str), min(LABEL_CHARS, label_chars(ax))))
    ax.set_ylim(len(table) - 0.5, -0.5)
    ax.set_xlim(left=0)
    ax.set_xlabel("per 10,000 tokens")
    ax.grid(axis="y", visible=False)
    if "retention" in table:
        right = ax.secondary_yaxis("right")
        right.set_yticks(y, _retention_labels(table))
        right.set_ylabel("retention")
    legend_outside(ax, interval_entry(agreement, "per_10k_a"), where="above", ncols=2)  # the right has retention
    return ax
