"""Figure kind ``translation_agreement``: do translations keep the frame words?

The table is :func:`framing.dictionary_agreement` output — per concept, its rate in the originals
(``group_a``) and in their translations (``group_b``), linked in pairs by ``by``, with
pair-bootstrap intervals, the retention and the per-pair correlation; the figure is
:func:`framing.viz.plots.languages.plot_agreement`. ``scripts`` keeps, per side, only the
documents written in the script expected of that language (texts filed under the other
language are dropped)::

    [figures.translations]
    kind = "translation_agreement"
    corpus = "ukraine-2022-ru-uk"
    outlets = ["resistinua (Ukrainian officials)"]
    dictionary = "ukraine"
    scripts = { uk = "Cyrl", en = "Latn" }
    caption = "Ukrainian addresses and their English translations: rates of each frame concept."

>>> from framing.figures.registry import get_kind
>>> kind = get_kind("translation_agreement")
>>> kind.options["by"].default, kind.options["group_a"].default, kind.options["group_b"].default
('parallel_id', 'uk', 'en')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from framing._infra.errors import ConfigError
from framing.figures.kinds.terms import BOOTSTRAP, PATTERNS, check_patterns, patterns_of, term_matrix
from framing.figures.registry import FigureData, Kind, Option, register


def _check(options: Mapping[str, Any]) -> None:
    check_patterns(options)
    if options["group_a"] == options["group_b"]:
        raise ConfigError(f"group_a and group_b are both {options['group_a']!r}: give the originals' and the "
                          f"translations' {options['side']}")
    scripts = options["scripts"] or {}
    sides = (options["group_a"], options["group_b"])
    unknown = [value for value in scripts if value not in sides]
    if unknown:
        raise ConfigError(f"'scripts' names {unknown[0]!r}, which is neither group_a nor group_b {list(sides)}")


def _written_as_expected(docs: pd.DataFrame, side: str, scripts: Mapping[str, str]) -> np.ndarray:
    """Per document: False where its ``side`` value has an expected script and it is written in another.

    Every corpus has a ``script`` column: framing's readers detect it from the text when the data has none.
    """
    values = docs[side].astype("string") if side in docs else pd.Series(pd.NA, index=docs.index, dtype="string")
    keep = np.ones(len(docs), dtype=bool)
    for value, script in scripts.items():
        keep &= ~((values == value).fillna(False) & (docs["script"].astype("string") != script).fillna(True)
                  ).to_numpy()
    return keep


def _compute(data: FigureData, options: Mapping[str, Any]) -> pd.DataFrame:
    from framing.terms.agreement import dictionary_agreement

    patterns = patterns_of(options)
    dtm = term_matrix(data, patterns)
    if options["scripts"]:
        dtm = dtm.subset(_written_as_expected(dtm.docs, options["side"], options["scripts"]))
    return dictionary_agreement(dtm, patterns, by=options["by"], side=options["side"], group_a=options["group_a"],
                                group_b=options["group_b"], n_boot=options["n_boot"], ci=options["ci"],
                                seed=options["seed"])


def _plot(table: pd.DataFrame, options: Mapping[str, Any], fig: Figure) -> None:
    from framing.viz.plots.languages import plot_agreement

    plot_agreement(table, ax=fig.add_subplot())


register(Kind(
    name="translation_agreement",
    summary="per concept, its rate in originals and in their translations (pair-bootstrap intervals)",
    compute=_compute, plot=_plot, seeded=True, check=_check, aspect=0.5,
    options={
        **PATTERNS,
        "n_boot": Option("bootstrap replicates over the linked pairs for the intervals (0 = none)", 1000,
                         types=(int,), low=0, high=100_000),
        "ci": BOOTSTRAP["ci"],
        "by": Option("column linking an original and its translation (equal values: one pair)", "parallel_id",
                     types=(str, list)),
        "side": Option("column telling originals and translations apart", "language", types=(str,)),
        "group_a": Option("the originals' value of 'side', e.g. \"uk\"", "uk", types=(str,)),
        "group_b": Option("the translations' value of 'side', e.g. \"en\"", "en", types=(str,)),
        "scripts": Option("keep, per value of 'side', only documents in this script (the 'script' column): "
                          "{uk = \"Cyrl\", en = \"Latn\"} drops texts filed under the other language", None,
                          types=(dict,)),
    },
))
