"""Term figure kinds: ``rates``, ``rates_over_time``, ``term_share``, ``keyness``, ``collocates``.

Terms are given as ``patterns`` (a list, or a table of name → pattern, in the syntax of
:mod:`framing.dtm.patterns`) or as a frame ``dictionary`` (a shipped name such as
``"ukraine"`` or a file beside the config) with an optional list of ``concepts``.
Keyness and collocate figures keep in their CSV exactly the rows they draw: the ``n``
terms most distinctive of each side (:func:`framing.terms.distinctive.most_distinctive`); a keyness
figure merges spelling variants (``variants``, ``variant_pairs``) and leaves terms out
(``leave_out``) as the keyness view does.
Time plots are cut to the figure's ``start``/``end`` (:func:`span_of`: periods cut by them are
drawn hollow); a ``rates`` figure without a configured ``aspect`` is as tall as its rows need
(:func:`framing.viz.plots.layout.rates_aspect`).

>>> from framing.figures.registry import get_kind
>>> get_kind("collocates").required()
['pattern', 'group_a', 'group_b']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from framing._infra.errors import ConfigError
from framing.dtm.grouping import PERIOD_CODES
from framing.figures.registry import FigureData, Kind, Option, register

PATTERNS = {
    "patterns": Option("terms or patterns: a list [\"invasion\", \"special military operation\"] or a table "
                       "{invasion = \"invasion|invade*\"}", None, types=(list, dict)),
    "dictionary": Option("instead of patterns, a frame dictionary: \"ukraine\" (shipped) or a file", None,
                         types=(str,), file=True),
    "concepts": Option("concepts of the dictionary to use, e.g. [\"INVASION\"] (default: all)", None,
                       types=(list,)),
}
"""Options that choose the terms, shared by the rate kinds."""
BOOTSTRAP = {
    "by": Option("metadata column to compare, e.g. \"outlet\"", "outlet"),
    "n_boot": Option("bootstrap replicates over documents for the intervals (0 = none)", 1000, types=(int,),
                     low=0, high=100_000),
    "ci": Option("coverage of the intervals", 0.95),
}
EVENTS = Option("dates to mark with a dotted line: {\"invasion\" = 2022-02-24} or a list of dates", None,
                plot=True, types=(dict, list))
STATS = {"log_odds": "log_odds_z", "g2": "g2", "chi2": "chi2", "log_ratio": "log_ratio"}
"""The column a keyness figure draws for each measure."""


def check_patterns(options: Mapping[str, Any]) -> None:
    """Exactly one of ``patterns`` and ``dictionary``; ``concepts`` only with a dictionary."""
    if (options["patterns"] is None) == (options["dictionary"] is None):
        raise ConfigError("give either 'patterns' (a list or table of terms) or 'dictionary' (e.g. \"ukraine\"), "
                          "not both and not neither")
    if options["concepts"] is not None and options["dictionary"] is None:
        raise ConfigError("'concepts' selects from a 'dictionary'; with 'patterns', list only the ones you want")
    if options["patterns"] is not None and not options["patterns"]:
        raise ConfigError("'patterns' is empty: list at least one term")


def patterns_of(options: Mapping[str, Any]) -> Any:
    """The pattern spec a figure's options describe (a dictionary's patterns, maybe a subset)."""
    if options["dictionary"] is None:
        return options["patterns"]
    from framing.terms.dictionaries import load_dictionary

    patterns = load_dictionary(options["dictionary"]).to_patterns()
    wanted = options["concepts"]
    if wanted is None:
        return patterns
    names = [p.name for p in patterns]
    unknown = [c for c in wanted if c not in names]
    if unknown:
        raise ConfigError(f"the dictionary {options['dictionary']!r} has no concept {unknown[0]!r}; "
                          f"its concepts are: {', '.join(names)}")
    return tuple(p for c in wanted for p in patterns if p.name == c)


def _panels(table: pd.DataFrame, options: Mapping[str, Any], fig: Figure) -> list[tuple[Any, str]]:
    """One axes per pattern drawn (``show``, or every pattern), stacked, sharing the time axis."""
    names = options.get("show") or list(dict.fromkeys(table["pattern"].astype(str)))
    missing = [n for n in names if n not in set(table["pattern"].astype(str))]
    if missing:
        raise ConfigError(f"'show' names {missing[0]!r}, which is not one of the patterns "
                          f"{list(dict.fromkeys(table['pattern'].astype(str)))}")
    axes = fig.subplots(len(names), 1, sharex=True, squeeze=False)[:, 0]
    return list(zip(axes, names))


def span_of(options: Mapping[str, Any]) -> tuple[Any, Any] | None:
    """The figure's date range ``(start, end)`` as a time plot's ``span`` (``None`` when neither is set):
    periods it cuts are drawn hollow, and the axis does not reach beyond it
    (:mod:`framing.viz.plots.timeaxis`).

    >>> span_of({"start": "2022-01-03", "end": None}), span_of({"measure": "per_10k"})
    (('2022-01-03', None), None)
    """
    start, end = options.get("start"), options.get("end")
    return None if start is None and end is None else (start, end)


def _only_first_legend(panels: list[tuple[Any, str]]) -> None:
    for ax, _ in panels[1:]:
        if ax.get_legend() is not None:
            ax.get_legend().remove()


# --- rates -------------------------------------------------------------------------------------
def term_matrix(data: FigureData, patterns: Any) -> Any:
    """The figure's term counts, cut from the whole corpus's unigram matrix (what
    :func:`framing.terms.rates.term_rates` uses for a corpus); its token stream counts ``patterns``'
    phrases (:mod:`framing.dtm.phrases`)."""
    return data.matrix()


def _rates(data: FigureData, options: Mapping[str, Any]) -> pd.DataFrame:
    from framing.terms.rates import term_rates

    patterns = patterns_of(options)
    return term_rates(term_matrix(data, patterns), patterns, by=options["by"], period=options.get("period"),
                      n_boot=options["n_boot"], ci=options["ci"], seed=options["seed"])


def _plot_rates(table: pd.DataFrame, options: Mapping[str, Any], fig: Figure) -> None:
    """Without a configured ``aspect`` the figure is as tall as its rows need
    (:func:`framing.viz.plots.layout.rates_aspect`)."""
    from framing.viz.plots.layout import rates_aspect
    from framing.viz.plots.terms import plot_rates

    if options.get("aspect") is None:
        width = fig.get_figwidth()
        rows, groups = table["pattern"].nunique(), table[options["by"]].nunique()
        fig.set_size_inches(width, width * rates_aspect(rows, groups, width=width))
    plot_rates(table, measure=options["measure"], by=options["by"], ax=fig.add_subplot())


def _plot_rates_over_time(table: pd.DataFrame, options: Mapping[str, Any], fig: Figure) -> None:
    from framing.viz.plots.terms import plot_rates_over_time

    panels = _panels(table, options, fig)
    for ax, name in panels:
        plot_rates_over_time(table, pattern=name, measure=options["measure"], by=options["by"],
                             events=options["events"], span=span_of(options), ax=ax)
    _only_first_legend(panels)


MEASURE = Option("what to draw: \"per_10k\" (per 10,000 tokens) or \"doc_share\" (share of documents)",
                 "per_10k", plot=True, choices=("per_10k", "doc_share"))
SHOW = Option("patterns to draw, one panel each (default: all)", None, plot=True, types=(list,))

register(Kind(
    name="rates", summary="rates of terms by outlet with bootstrap intervals",
    compute=_rates, plot=_plot_rates, seeded=True, check=check_patterns, aspect=0.55,
    options={**PATTERNS, **BOOTSTRAP, "measure": MEASURE},
))
register(Kind(
    name="rates_over_time", summary="rates of terms per period, a line per outlet, events marked",
    compute=_rates, plot=_plot_rates_over_time, seeded=True, check=check_patterns, aspect=0.7,
    options={**PATTERNS, **BOOTSTRAP, "period": Option("days, weeks, months, quarters or years", "W",
                                                       choices=PERIOD_CODES),
             "measure": MEASURE, "events": EVENTS, "show": SHOW},
))


# --- term choice -------------------------------------------------------------------------------
def _share(data: FigureData, options: Mapping[str, Any]) -> pd.DataFrame:
    from framing.terms.rates import term_share

    patterns = patterns_of(options)
    return term_share(term_matrix(data, patterns), patterns, by=options["by"], period=options["period"],
                      n_boot=options["n_boot"], ci=options["ci"], seed=options["seed"])


def _plot_share(table: pd.DataFrame, options: Mapping[str, Any], fig: Figure) -> None:
    from framing.viz.plots.terms import plot_term_share

    panels = _panels(table, options, fig)
    for ax, name in panels:
        plot_term_share(table, pattern=name, by=options["by"], events=options["events"], span=span_of(options),
                        ax=ax)
    _only_first_legend(panels)


register(Kind(
    name="term_share", summary="term choice: each alternative's share of all their mentions, per period and outlet",
    compute=_share, plot=_plot_share, seeded=True, check=check_patterns, aspect=0.8,
    options={**PATTERNS, **BOOTSTRAP, "period": Option("days, weeks, months, quarters or years", "M",
                                                       choices=PERIOD_CODES),
             "events": EVENTS, "show": SHOW},
))


# --- keyness -----------------------------------------------------------------------------------
def _keyness(data: FigureData, options: Mapping[str, Any]) -> pd.DataFrame:
    from framing.dtm.matrix import document_term_matrix
    from framing.terms.distinctive import most_distinctive
    from framing.terms.keyness import keyness

    # Its own matrix: "auto" stopwords follow the languages of the figure's documents.
    dtm = _edited(document_term_matrix(data.corpus, ngrams=options["ngrams"], stopwords=options["stopwords"] or None),
                  options)
    table = keyness(dtm, by=options["by"], target=options["target"], reference=options["reference"],
                    measure=options["measure"], min_freq=options["min_freq"])
    return most_distinctive(table, column=STATS[options["measure"]], n=options["n"])


def _edited(dtm: Any, options: Mapping[str, Any]) -> Any:
    """``dtm`` with the spelling variants merged (``variants``, plus the ``variant_pairs``) and the ``leave_out``
    terms dropped, as the keyness view does (:func:`framing.terms.variants.merge_variants`,
    :func:`framing.terms.stoplist.drop_terms`)."""
    from framing.terms.stoplist import drop_terms, parse_term_list
    from framing.terms.variants import load_variants, merge_variants, parse_variants

    pairs = options["variant_pairs"]
    if options["variants"]:
        dtm = merge_variants(dtm, load_variants(extra=parse_variants(pairs, source="variant_pairs")
                                                if pairs.strip() else None))
    return drop_terms(dtm, parse_term_list(options["leave_out"]))


def _check_keyness(options: Mapping[str, Any]) -> None:
    if options["variant_pairs"].strip() and not options["variants"]:
        raise ConfigError("variant_pairs are merged only with variants = true: set it, or remove variant_pairs")


def _plot_keyness(table: pd.DataFrame, options: Mapping[str, Any], fig: Figure) -> None:
    from framing.viz.plots.terms import plot_keyness

    plot_keyness(table, n=options["n"], stat=STATS[options["measure"]], ax=fig.add_subplot())


register(Kind(
    name="keyness", summary="the terms most distinctive of one outlet against another (diverging bars)",
    compute=_keyness, plot=_plot_keyness, aspect=0.9, check=_check_keyness,
    options={
        "target": Option("the outlet (a value of 'by') whose distinctive terms are on the right", types=(str,)),
        "reference": Option("the outlet to compare with, or \"rest\" for all others", "rest", types=(str,)),
        "by": Option("metadata column of the groups", "outlet"),
        "measure": Option("keyness statistic", "log_odds", choices=tuple(STATS)),
        "min_freq": Option("test only terms seen at least this often in both groups together", 5, types=(int,),
                           low=0),
        "ngrams": Option("longest n-gram counted as a term", 1, types=(int,), low=1, high=10),
        "stopwords": Option("stopwords left out: \"auto\", a language code, or none (\"\")", "auto"),
        "n": Option("terms drawn (and kept in the CSV) on each side", 15, types=(int,), low=1, high=1000),
        "variants": Option("merge spelling variants into one term (Kiev/Kyiv, defence/defense): the shipped "
                           "en-GB/en-US and transliteration tables", False),
        "variant_pairs": Option("more variant pairs, one per line: \"kiev, kyiv\\nprogramme, program\" "
                                "(with variants = true)", ""),
        "leave_out": Option("terms left out of the ranking, comma- or line-separated: \"said, also\"", ""),
    },
))


# --- collocates --------------------------------------------------------------------------------
def _collocates(data: FigureData, options: Mapping[str, Any]) -> pd.DataFrame:
    from framing.terms.collocates import compare_collocates
    from framing.terms.distinctive import most_distinctive

    table = compare_collocates(data.corpus, options["pattern"], group_a=options["group_a"],
                               group_b=options["group_b"], by=options["by"], window=options["window"],
                               min_freq=options["min_freq"])
    return most_distinctive(table, column="g2", n=options["n"])


def _plot_collocates(table: pd.DataFrame, options: Mapping[str, Any], fig: Figure) -> None:
    from framing.viz.plots.terms import plot_collocates

    plot_collocates(table, n=options["n"], ax=fig.add_subplot())


register(Kind(
    name="collocates", summary="collocates of a term compared between two outlets (logDice, by signed G²)",
    compute=_collocates, plot=_plot_collocates, aspect=0.9,
    options={
        "pattern": Option("the node term or pattern, e.g. \"nato\"", types=(str,)),
        "group_a": Option("first outlet (a value of 'by')", types=(str,)),
        "group_b": Option("second outlet", types=(str,)),
        "by": Option("metadata column of the groups", "outlet"),
        "window": Option("tokens on each side of the node", 5, types=(int,), low=1, high=1000),
        "min_freq": Option("keep collocates seen at least this often in both outlets together", 3, types=(int,),
                           low=0),
        "n": Option("collocates drawn (and kept in the CSV) for each outlet", 10, types=(int,), low=1, high=1000),
    },
    renamed={"a": "group_a", "b": "group_b"},
))
