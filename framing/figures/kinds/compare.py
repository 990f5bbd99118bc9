"""Figure kind ``rate_ratios``: rate ratios of terms between two outlets, or before and after a date.

The table is :func:`framing.compare_rates` output (exact conditional and document-bootstrap
intervals side by side); the figure is :func:`framing.viz.plots.compare.plot_rate_ratios`.
A config names either the two sides (``group_a``, ``group_b``) or a ``split``::

    [figures.war_ratio]
    kind = "rate_ratios"
    corpus = "ukraine-2022"
    caption = "Rate ratio kremlin.ru / president.gov.ua; exact conditional and document-bootstrap 95% intervals."
    patterns = {war = "war|aggression", invasion = "invasion|invad*"}
    group_a = "kremlin.ru"
    group_b = "president.gov.ua"

>>> from framing.figures.registry import get_kind
>>> sorted(get_kind("rate_ratios").options)[:4]
['by', 'ci', 'concepts', 'dictionary']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from framing._infra.errors import ConfigError
from framing.figures.kinds.terms import BOOTSTRAP, PATTERNS, check_patterns, patterns_of, term_matrix
from framing.figures.registry import FigureData, Kind, Option, register


def _check(options: Mapping[str, Any]) -> None:
    check_patterns(options)
    sides = options["group_a"] is not None or options["group_b"] is not None
    if sides == (options["split"] is not None):
        raise ConfigError("give either the two sides (group_a = \"kremlin.ru\", group_b = \"president.gov.ua\") "
                          "or a split (split = \"2022-02-24\"), not both and not neither")
    if sides and (options["group_a"] is None or options["group_b"] is None):
        raise ConfigError("give both group_a and group_b (group_b may be \"rest\")")


def _compute(data: FigureData, options: Mapping[str, Any]) -> pd.DataFrame:
    from framing.terms.compare import compare_rates

    patterns = patterns_of(options)
    split = options["split"]
    if isinstance(split, list):
        split = [tuple(period) for period in split]
    return compare_rates(term_matrix(data, patterns), patterns, by=options["by"], group_a=options["group_a"],
                         group_b=options["group_b"], split=split, n_boot=options["n_boot"], ci=options["ci"],
                         seed=options["seed"])


def _plot(table: pd.DataFrame, options: Mapping[str, Any], fig: Figure) -> None:
    from framing.viz.plots.compare import plot_rate_ratios

    plot_rate_ratios(table, ax=fig.add_subplot())


register(Kind(
    name="rate_ratios",
    summary="rate ratios of terms between two outlets or before/after a date (exact and bootstrap intervals)",
    compute=_compute, plot=_plot, seeded=True, check=_check, aspect=0.6,
    options={
        **PATTERNS, **BOOTSTRAP,
        "group_a": Option("first side: an outlet (a value of 'by'), or a list pooled", None, types=(str, list)),
        "group_b": Option("second side: an outlet, a list pooled, or \"rest\"", None, types=(str, list)),
        "split": Option("instead of sides, a date (\"2022-02-24\": from that day vs before, per outlet) or two "
                        "periods [[\"2022-02-24\", \"2022-05-31\"], [\"2021-12-01\", \"2022-02-23\"]]", None,
                        types=(str, list)),
    },
))
