"""TermExplorer: how often outlets use some terms, over time, in context and with what words.

Controls: a patterns box (comma-separated patterns in :mod:`framing.dtm.patterns` syntax, e.g.
``invasion|invade*, aggression, special military operation``) or a concept of a frame
dictionary, outlets, a date range, the period of the time plot, the unit (rate per 10,000
tokens or share of documents) and the pattern whose concordance and collocates are shown.

Outputs: rates by outlet with bootstrap intervals (:func:`framing.term_rates`,
:func:`framing.viz.plots.plot_rates`), the rate over time of the chosen pattern
(:func:`framing.viz.plots.plot_rates_over_time`), its top collocates per outlet by logDice
(:func:`framing.terms.collocates`), and every concordance line of it in the selection, paged
and sortable (:class:`~framing.widgets.context.ContextPanel`).

From every number to the texts: the "lines" button of a row of the rates table shows the
lines of that pattern at that outlet; of a collocate, the lines of the pattern with that
collocate near; "open" on a line shows the whole document with every match marked.

The document-term matrix is built once (disk-cached). A pattern change narrows it to the
matched columns once; outlet and date changes only take rows of that narrow matrix, so the
rates of a new selection cost a bootstrap over a handful of columns, not a pass over the
vocabulary. Changing the unit re-draws without recomputing.

>>> import framing as fr                                  # doctest: +SKIP
>>> view = TermExplorer(fr.load_corpus("ukraine-2022"))  # doctest: +SKIP
>>> view.patterns.value = "invasion|invade*"             # doctest: +SKIP
>>> view.tables["rates"]                                 # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import pandas as pd

from framing._infra.errors import FramingError, FramingWarning, PatternError
from framing.corpus.corpus import Corpus
from framing.dtm.grouping import PERIODS
from framing.dtm.matrix import DocTermMatrix, document_term_matrix
from framing.widgets.base import View
from framing.widgets.context import ContextPanel
from framing.widgets.controls import Selection, period_picker
from framing.widgets.picktable import PickTable

if TYPE_CHECKING:
    from framing.dtm.patterns import Pattern
    from framing.terms.dictionaries import FrameDictionary

UNITS = (("per 10,000 tokens", "per_10k"), ("share of documents", "doc_share"))
"""Unit dropdown entries: label, column of :func:`framing.term_rates`."""
DEFAULT_PATTERNS = "invasion|invade*, aggression, special military operation"


@dataclasses.dataclass(frozen=True, kw_only=True)
class TermOptions:
    """Options of :class:`TermExplorer`.

    Attributes:
        ngrams: longest n-gram the view's matrix holds as a column. Phrases of any length are
            counted from its token stream (:mod:`framing.dtm.phrases`), so 1 suffices; more
            columns cost memory and time.
        n_boot: bootstrap replicates of the rate intervals (fewer = faster updates).
        ci: coverage of the intervals.
        seed: seed of the bootstrap and of the sampled KWIC lines.
        window: words each side of a KWIC line; collocates are counted within 5 words.
        lines: KWIC lines shown per page (all lines are found, and saved).
        collocates: collocates shown per outlet.
        events: dates marked on the time plot, e.g. ``{"24 Feb": "2022-02-24"}``.
    """

    ngrams: int = 1
    n_boot: int = 200
    ci: float = 0.95
    seed: int = 1
    window: int = 8
    lines: int = 25
    collocates: int = 8
    events: Mapping[str, str] | None = None


class TermExplorer(View):
    """Rates, rates over time, concordance and collocates of terms, by outlet.

    Args:
        corpus: the documents.
        patterns: the first content of the patterns box.
        dictionary: a frame dictionary (name such as ``"ukraine"``, path, or
            :class:`~framing.FrameDictionary`) whose concepts the concept picker offers;
            ``None`` for no picker.
        options: see :class:`TermOptions`.
    """

    name = "terms"

    def __init__(self, corpus: Corpus, *, patterns: str = DEFAULT_PATTERNS,
                 dictionary: str | Path | FrameDictionary | None = "ukraine",
                 options: TermOptions = TermOptions()) -> None:
        from framing.terms.dictionaries import FrameDictionary, load_dictionary

        super().__init__()
        self.corpus, self.options = corpus, options
        self.begin("document-term matrix")
        self.dtm = document_term_matrix(corpus, ngrams=options.ngrams)
        self.phase("drawing")
        self.dictionary = dictionary if dictionary is None or isinstance(dictionary, FrameDictionary) \
            else load_dictionary(dictionary)
        self.dictionary_source = None if dictionary is None or isinstance(dictionary, FrameDictionary) \
            else str(dictionary)
        concepts = self.dictionary.concept_names if self.dictionary is not None else []
        self.patterns = widgets.Text(value=patterns, description="Patterns", continuous_update=False,
                                     placeholder="invasion|invade*, aggression",
                                     layout=widgets.Layout(width="60%")).add_class("framing-patterns")
        self.concept = widgets.Dropdown(options=[("(patterns box)", ""), *((c, c) for c in concepts)],
                                        description="Concept", disabled=not concepts)
        self.selection = Selection(self.dtm.docs)
        self.period = period_picker()
        self.unit = widgets.Dropdown(options=UNITS, description="Unit", layout=widgets.Layout(width="260px"))
        self.term = widgets.Dropdown(description="Context of",
                                     layout=widgets.Layout(width="360px")).add_class("framing-term")
        self.context = ContextPanel(corpus, dtm=self.dtm, window=options.window, page_size=options.lines)
        self.follow_lines(self.context)
        picks = {"rates": PickTable(rows=40, label="lines", widths={"outlet": "12em", "pattern": "12em"}),
                 "collocates": PickTable(rows=60, label="lines", widths={"outlet": "12em"})}
        picks["rates"].on_pick(lambda row: self.act(lambda: self.drill(row["pattern"], outlet=row["outlet"])))
        picks["collocates"].on_pick(lambda row: self.act(lambda: self.drill(
            self.term.value, outlet=row["outlet"], near=row["collocate"])))
        spec, where = (self.patterns, self.concept), self.selection.controls
        self.bind(self.rates, *spec, *where, self.unit)     # first: the figure the user waits for
        self.bind(self.match, *spec)
        self.bind(self.over_time, *spec, *where, self.unit, self.period, self.term)
        self.bind(self.concordance, *spec, *where, self.term)
        self.bind(self.neighbours, *spec, *where, self.term)
        self.arrange(widgets.HBox([self.patterns, self.concept]),
                     widgets.HBox([self.selection.widget, widgets.VBox([self.unit, self.period, self.term])]),
                     figures=["rates", "over_time"], picks=picks, panels=[self.context.widget],
                     charts=["rates", "over_time"])
        self.charts["rates"].on_pick(lambda picked: self.act(lambda: self.drill(
            picked[0]["pattern"], outlet=picked[0]["outlet"])))
        self.charts["over_time"].on_pick(lambda picked: self.act(lambda: self.drill_period(
            picked[0]["outlet"], picked[0]["period"])))
        self.refresh()

    def state(self) -> dict[str, Any]:
        """What the view shows, as plain values (schema: :mod:`framing.widgets.recipe`): the
        names of saved files, "Copy code" and "Add to figures config" are made from it."""
        from framing.widgets.recipe import corpus_spec, pattern_texts, selection_state

        concept = self.concept.value or None
        try:
            patterns: dict[str, str] | None = pattern_texts(self.compiled())
        except FramingError:
            patterns = {}
        if concept and self.dictionary_source is not None:
            patterns = None
        return {"corpus": corpus_spec(self.corpus), "fingerprint": self.corpus.fingerprint, "patterns": patterns,
                "dictionary": self.dictionary_source if concept else None, "concept": concept,
                **selection_state(self.selection), "unit": self.unit.value, "period": self.period.value,
                "term": self.term.value or None, "options": dataclasses.asdict(self.options), **self.context.state()}

    # --- shared, memoised computations -------------------------------------------------
    def _key(self) -> tuple:
        return self.concept.value, self.patterns.value

    def compiled(self) -> tuple[Pattern, ...]:
        """The patterns of the concept picker, else the valid ones of the patterns box."""
        return self.memo("patterns", self._key(), self._compile)[0]

    def rejected(self) -> dict[str, str]:
        """The patterns of the box that do not parse, each with its error message."""
        return self.memo("patterns", self._key(), self._compile)[1]

    def _compile(self) -> tuple[tuple[Pattern, ...], dict[str, str]]:
        from framing.dtm.patterns import compile_patterns

        concept = self.concept.value
        self.patterns.disabled = bool(concept)
        if concept and self.dictionary is not None:  # the picker offers concepts only with a dictionary
            return tuple(p for p in self.dictionary.to_patterns() if p.name == concept), {}
        parts = [p.strip() for p in self.patterns.value.split(",") if p.strip()]
        if not parts:
            raise PatternError("the Patterns box is empty: type a pattern such as invasion|invade*")
        good: list[Pattern] = []
        bad: dict[str, str] = {}
        for part in parts:  # one malformed pattern is marked alone; the others are still shown
            try:
                good += compile_patterns([part])
            except PatternError as exc:
                bad[part] = str(exc)
        if not good:
            raise PatternError(" ".join(bad.values()))
        return compile_patterns({p.name: p for p in good}), bad

    def matrix(self) -> DocTermMatrix:
        """The matrix narrowed to the columns the current patterns match (:func:`framing.dtm.patterns.narrow`)."""
        from framing.dtm.patterns import narrow

        return self.memo("matrix", self._key(), lambda: narrow(self.dtm, self.compiled()))

    def _rates(self, period: str | None) -> pd.DataFrame:
        from framing.terms.rates import term_rates

        rows, o = self.selection.rows(), self.options
        return self.memo(f"rates-{period}", (self._key(), self.selection.key()), lambda: term_rates(
            self.matrix().subset(rows), self.compiled(), by="outlet", period=period,
            n_boot=o.n_boot, ci=o.ci, seed=o.seed))

    def _chosen(self) -> Pattern:
        self.matrix()                      # a pattern that matches nothing is the error to show
        patterns = {p.name: p for p in self.compiled()}
        if self.term.value not in patterns:
            raise PatternError("choose a pattern in 'Context of'")
        return patterns[self.term.value]

    # --- steps -------------------------------------------------------------------------
    def match(self) -> None:
        """Resolve the patterns, offer them in the 'Context of' picker, and warn of those that
        do not parse (each by name; the others are drawn)."""
        self.matrix()
        for part, message in self.rejected().items():
            warnings.warn(f"pattern {part!r} left out: {message}", FramingWarning, stacklevel=2)
        self.offer(self.term, [p.name for p in self.compiled()])

    def rates(self) -> None:
        """Rates by outlet with intervals, plotted in the chosen unit."""
        from framing.viz.charts import rates_chart
        from framing.viz.plots import plot_rates, rates_aspect

        table, unit = self._rates(None), self.unit.value
        self.show_chart("rates", rates_chart(table, measure=unit))
        aspect = rates_aspect(table["pattern"].nunique(), table["outlet"].nunique())
        self.draw("rates", lambda ax: plot_rates(table, measure=unit, ax=ax), aspect=aspect)
        self.show_picks("rates", table, columns=["outlet", "pattern", unit, f"{unit}_lo", f"{unit}_hi", "count"],
                        caption="rates by outlet: 'lines' shows the concordance")

    def over_time(self) -> None:
        """The chosen pattern's rate per period and outlet."""
        from framing.viz.charts import time_chart
        from framing.viz.plots import plot_rates_over_time

        pattern, table = self._chosen(), self._rates(self.period.value)
        span = (self.selection.start.value, self.selection.end.value)
        self.show_chart("over_time", time_chart(table, pattern=pattern.name, measure=self.unit.value, span=span))
        self.draw("over_time", lambda ax: plot_rates_over_time(
            table, pattern=pattern.name, measure=self.unit.value, events=self.options.events, span=span, ax=ax),
            width="double", aspect=0.4)
        self.keep_table("over_time", table)

    def concordance(self) -> None:
        """Every KWIC line of the chosen pattern in the selection."""
        self.drill(self._chosen().name)

    def drill(self, name: str, *, outlet: str | None = None, near: str | None = None,
              dates: tuple[dt.date | None, dt.date | None] | None = None) -> None:
        """Show the lines of pattern ``name`` in the selected dates (or ``dates``, first and last
        day), at ``outlet`` (else the selected outlets), with ``near`` within 5 words when given;
        "save table" then writes all of them."""
        patterns = {p.name: p for p in self.compiled()}
        if name not in patterns:
            raise PatternError(f"{name!r} is not one of the patterns: type it in the Patterns box")
        self.selection.rows()
        outlets = [outlet] if outlet is not None else list(self.selection.outlets.value)
        start, end = dates or (self.selection.start.value, self.selection.end.value)
        self.context.show(patterns[name], outlets=outlets, start=start, end=end, near=near)
        if self.context.error:
            self.tables.pop("kwic", None)
        else:
            self.tables["kwic"] = self.context.lines

    def drill_period(self, outlet: str, period: str) -> None:
        """The lines of the chosen pattern at ``outlet`` in the period starting ``period``
        (a point of the time plot), within the selected dates."""
        span = pd.Period(period, freq=PERIODS[self.period.value])
        first, last = span.start_time.date(), span.end_time.date()
        start, end = self.selection.start.value, self.selection.end.value
        self.drill(self._chosen().name, outlet=outlet,
                   dates=(max(first, start) if start else first, min(last, end) if end else last))

    def neighbours(self) -> None:
        """Top collocates (logDice, 5-word window) of the chosen pattern per selected outlet.

        Collocates are counted per outlet, so they are computed once per pattern and date
        range for all outlets; choosing outlets only picks rows.
        """
        from framing.terms.collocates import collocates

        pattern, start, end = self._chosen(), self.selection.start.value, self.selection.end.value
        self.selection.rows()
        table = self.memo("collocates", (self._key(), pattern.name, start, end), lambda: collocates(
            self.corpus.filter(start=start, end=end), (pattern,), by="outlet", window=5, measure="logdice"))
        table = table[table["outlet"].isin(self.selection.outlets.value)]
        top = table.groupby("outlet", sort=False).head(self.options.collocates).reset_index(drop=True)
        self.show_picks("collocates", top, columns=["outlet", "collocate", "freq", "logdice"],
                        caption=f"top collocates of {pattern.name} per outlet (logDice)")
