"""The registry of figure kinds: a kind name → a compute function and a plot function.

A :class:`Kind` pairs a function that turns a corpus and options into a tidy table
(the figure's CSV) with a function that draws that table on a matplotlib figure. Both
are thin adapters over the package's own functions (:mod:`framing.terms.rates`,
:mod:`framing.topics`, :mod:`framing.viz.plots`, ...), so a figure in a paper is exactly
what a user gets by calling those functions in a notebook.

Each option declares its help text, its default (or :data:`REQUIRED`) and whether it
only changes the drawing (``plot=True``): changing such an option re-draws the figure
from the cached table without recomputing it.

>>> from framing.figures.registry import get_kind
>>> get_kind("documents").options["period"].default
'M'
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from framing._infra.errors import ConfigError
from framing.corpus.corpus import Corpus

REQUIRED: Any = type("Required", (), {"__repr__": lambda self: "REQUIRED"})()
"""Marks an option without a default: the config must set it."""



@dataclasses.dataclass(frozen=True)
class FigureData:
    """The documents of one figure: its (filtered) corpus and the whole corpus it came from.

    Attributes:
        corpus: the figure's documents (the config's ``outlets``/``start``/``end`` applied).
        whole: the corpus the config names.
    """

    corpus: Corpus
    whole: Corpus

    def matrix(self, *, ngrams: int = 1) -> Any:
        """Term counts of the figure's documents (all tokens, no stopwords, ``min_df=1``).

        Cut from the whole corpus's matrix, which is built once and cached on disk: figures
        that filter one corpus differently do not tokenise it again. With no stopwords
        and no frequency limits the counts are those of the filtered corpus's own matrix.
        """
        from framing.dtm.matrix import document_term_matrix

        dtm = document_term_matrix(self.whole, ngrams=ngrams)
        if len(self.corpus) == len(self.whole):
            return dtm
        return dtm.subset(self.whole.df["doc_id"].isin(self.corpus.df["doc_id"]).to_numpy())


Compute = Callable[[FigureData, Mapping[str, Any]], pd.DataFrame]
Plot = Callable[[pd.DataFrame, Mapping[str, Any], Figure], None]


@dataclasses.dataclass(frozen=True)
class Option:
    """One option of a figure kind.

    Attributes:
        help: what it means, with an example value (shown by ``framing figures --kinds``).
        default: the value used when the config does not set it, or :data:`REQUIRED`.
        plot: True when the option only changes the drawing, not the table.
        types: accepted Python types of the value (from TOML/YAML); inferred from the
            default when empty.
        choices: the allowed values, when there is a fixed set.
        file: the value may name a file relative to the config (a dictionary, say): the
            compute function gets its absolute path, and the file's content is keyed.
        low, high: the smallest and largest number accepted (inclusive; ``None`` = no limit),
            checked with the config's file and line before anything is computed.
    """

    help: str
    default: Any = REQUIRED
    plot: bool = False
    types: tuple[type, ...] = ()
    choices: tuple[Any, ...] = ()
    file: bool = False
    low: float | None = None
    high: float | None = None

    def out_of_range(self, value: Any) -> str:
        """What is wrong with a number outside ``low``..``high`` ("" when it is within, or not a number).

        >>> Option("replicates", 1000, low=0).out_of_range(-5)
        'must be at least 0'
        """
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return ""
        too_low = self.low is not None and value < self.low
        if not too_low and (self.high is None or value <= self.high):
            return ""
        if self.low is not None and self.high is not None:
            return f"must be between {self.low:g} and {self.high:g}"
        return f"must be at least {self.low:g}" if too_low else f"must be at most {self.high:g}"

    def accepted(self) -> tuple[type, ...]:
        """The Python types a value of this option may have (empty: anything)."""
        if self.types:
            return self.types
        if self.default is REQUIRED or self.default is None:
            return ()
        if isinstance(self.default, bool):
            return (bool,)
        if isinstance(self.default, (int, float)):
            return (int, float)
        return (type(self.default),)


@dataclasses.dataclass(frozen=True)
class Kind:
    """A figure kind: how to compute its table and how to draw it.

    Attributes:
        name: the ``kind = "..."`` value in a config.
        summary: one line on what the figure shows.
        compute: ``(data, options) -> tidy DataFrame`` with ``data`` a :class:`FigureData`;
            options include ``seed`` when ``seeded``.
        plot: ``(table, options, figure) -> None``; draws on an empty figure. Its options are the
            kind's and the figure's ``start``, ``end`` and ``aspect``
            (:meth:`framing.figures.config.FigureSpec.plot_options`).
        options: the kind's own options by name.
        aspect: default height / width.
        seeded: True when the computation draws random numbers (the figure's ``seed``
            is then passed on and recorded).
        check: optional ``(options) -> None`` that raises :class:`ConfigError` for
            combinations of options one option alone cannot check.
        renamed: old option name → its new name; a config may still use the old name
            (a :class:`DeprecationWarning` names the new one) until framing 0.4.
    """

    name: str
    summary: str
    compute: Compute
    plot: Plot
    options: Mapping[str, Option]
    aspect: float = 0.62
    seeded: bool = False
    check: Callable[[Mapping[str, Any]], None] | None = None
    renamed: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def required(self) -> list[str]:
        """Names of the options a config must set."""
        return [k for k, o in self.options.items() if o.default is REQUIRED]


KINDS: dict[str, Kind] = {}
"""Every registered kind by name (the built-in kinds register when :mod:`framing.figures` is imported)."""


def register(kind: Kind) -> Kind:
    """Add ``kind`` to :data:`KINDS`; a name may not be taken by two modules.

    Re-registering from the same module (a reloaded module) replaces the kind.
    """
    old = KINDS.get(kind.name)
    if old is not None and old.compute.__module__ != kind.compute.__module__:
        raise ValueError(f"figure kind {kind.name!r} is registered by {old.compute.__module__} "
                         f"and {kind.compute.__module__}")
    KINDS[kind.name] = kind
    return kind


def get_kind(name: str) -> Kind:
    """The kind called ``name``; a :class:`ConfigError` suggests near names when unknown."""
    if name in KINDS:
        return KINDS[name]
    near = difflib.get_close_matches(str(name), KINDS, n=1)
    hint = f" (did you mean {near[0]!r}?)" if near else ""
    raise ConfigError(f"unknown figure kind {name!r}{hint}; the kinds are: {', '.join(sorted(KINDS))}")


def describe() -> str:
    """A plain-text list of every kind and its options (for ``framing figures --kinds``)."""
    lines = []
    for kind in sorted(KINDS.values(), key=lambda k: k.name):
        lines.append(f"{kind.name}: {kind.summary}" + (" [seeded]" if kind.seeded else ""))
        for name, opt in kind.options.items():
            default = "required" if opt.default is REQUIRED else f"default {opt.default!r}"
            lines.append(f"    {name} ({default}): {opt.help}")
    return "\n".join(lines)
