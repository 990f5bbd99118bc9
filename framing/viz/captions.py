"""Caption sentences and legend labels that name how a table's intervals were computed.

Tables with intervals (:func:`framing.term_rates`, :func:`framing.term_share`,
:func:`framing.topic_prevalence`) describe each interval column's method in
``attrs["ci_method"]`` (``{"per_10k": "negative-binomial profile likelihood; …"}``);
:func:`interval_caption` turns that into the sentence a figure's caption ends with, naming only
the statistics whose ``<stat>_lo`` column holds an interval, and :func:`interval_label` into the
short label a plot's legend gives its interval glyph (the method before its first ``;`` or
parenthesis, the exact fall-backs at the edges left to the caption).

The level is the ``ci`` given, else the table's ``attrs["ci"]``; without either the text says
"intervals" with no level rather than guess one. A bootstrap method also names its replicates
when the table records ``attrs["n_boot"]``.

>>> import pandas as pd
>>> table = pd.DataFrame({"share": [0.2], "share_lo": [0.1], "share_hi": [0.3]})
>>> table.attrs["ci_method"] = {"share": "Fieller ratio-of-sums interval"}
>>> interval_caption(table, ci=0.95)
'95% intervals: Fieller ratio-of-sums interval.'
>>> table.attrs.update(ci_method={"share": "percentile bootstrap; Clopper–Pearson at 0 or 1"}, n_boot=200, ci=0.9)
>>> interval_label(table, "share")
'90% interval: percentile bootstrap, 200 replicates'
"""

from __future__ import annotations

import pandas as pd


def _methods(table: pd.DataFrame) -> dict[str, str]:
    """``attrs["ci_method"]`` restricted to the statistics whose ``<stat>_lo`` column holds a value."""
    methods = table.attrs.get("ci_method") or {}
    return {stat: text for stat, text in methods.items()
            if f"{stat}_lo" in table.columns and table[f"{stat}_lo"].notna().any()}


def _level(table: pd.DataFrame, ci: float | None, noun: str) -> str:
    """``"95% intervals"`` (``noun`` after the level; just the noun when no level is known)."""
    level = ci if ci is not None else table.attrs.get("ci")
    return f"{100 * float(level):.10g}% {noun}" if level is not None else noun


def _replicates(method: str, table: pd.DataFrame) -> str:
    """``method`` with the number of bootstrap replicates after its main part (before any ``;``), when known."""
    n_boot = table.attrs.get("n_boot")
    if not n_boot or "bootstrap" not in method.split(";")[0]:
        return method
    head, *rest = method.split(";", 1)
    return ";".join([f"{head}, {int(n_boot):,} replicates", *rest])


def interval_caption(table: pd.DataFrame, *, ci: float | None = None) -> str:
    """``"95% intervals: <method>."`` for ``table`` (``""`` when it has no interval to describe).

    One statistic with intervals (or several computed the same way) gives ``"<level> intervals:
    <method>."``; several computed differently give ``"<level> intervals of <stat>: <method>."`` for
    each, in the order of ``attrs["ci_method"]``.
    A statistic whose ``<stat>_lo`` column is missing or all NaN (``n_boot=0``) is left out.
    """
    shown = {stat: _replicates(text, table) for stat, text in _methods(table).items()}
    level = _level(table, ci, "intervals")
    level = level[:1].upper() + level[1:]
    if len(set(shown.values())) == 1:
        return f"{level}: {next(iter(shown.values()))}."
    return " ".join(f"{level} of {stat}: {text}." for stat, text in shown.items())


def interval_label(table: pd.DataFrame, stat: str, *, ci: float | None = None) -> str:
    """A legend label for the intervals of ``stat``: ``"95% interval: <main method>"`` (``""`` without one).

    The main method is the text of ``attrs["ci_method"][stat]`` before its first ``;`` and any
    parenthesis (``"negative-binomial profile likelihood"``); the caption (:func:`interval_caption`)
    gives the rest.
    """
    method = _methods(table).get(stat)
    if method is None:
        return ""
    main = method.split(";")[0].split(" (")[0].strip()
    return f"{_level(table, ci, 'interval')}: {_replicates(main, table)}"
