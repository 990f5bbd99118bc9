"""Caption sentences that name how a table's intervals were computed.

Tables with intervals (:func:`framing.term_rates`, :func:`framing.term_share`,
:func:`framing.topic_prevalence`) describe each interval column's method in
``attrs["ci_method"]`` (``{"per_10k": "negative-binomial profile likelihood; …"}``);
:func:`interval_caption` turns that into the sentence a figure's caption ends with, naming only
the statistics whose ``<stat>_lo`` column holds an interval.

>>> import pandas as pd
>>> table = pd.DataFrame({"share": [0.2], "share_lo": [0.1], "share_hi": [0.3]})
>>> table.attrs["ci_method"] = {"share": "Fieller ratio-of-sums interval"}
>>> interval_caption(table, ci=0.95)
'95% intervals: Fieller ratio-of-sums interval.'
"""

from __future__ import annotations

import pandas as pd


def interval_caption(table: pd.DataFrame, *, ci: float) -> str:
    """``"95% intervals: <method>."`` for ``table`` (``""`` when it has no interval to describe).

    One statistic with intervals (or several computed the same way) gives ``"<level> intervals:
    <method>."``; several computed differently give ``"<level> intervals of <stat>: <method>."`` for
    each, in the order of ``attrs["ci_method"]``.
    A statistic whose ``<stat>_lo`` column is missing or all NaN (``n_boot=0``) is left out.
    """
    methods = table.attrs.get("ci_method") or {}
    shown = {stat: text for stat, text in methods.items()
             if f"{stat}_lo" in table.columns and table[f"{stat}_lo"].notna().any()}
    level = f"{100 * ci:.10g}% intervals"
    if len(set(shown.values())) == 1:
        return f"{level}: {next(iter(shown.values()))}."
    return " ".join(f"{level} of {stat}: {text}." for stat, text in shown.items())
