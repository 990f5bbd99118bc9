"""KeynessExplorer: the words that set one outlet apart from another (or from the rest).

Controls: target and reference (an outlet, or "rest" = every other outlet), the measure
(log-odds with informative Dirichlet prior, G², χ², Log Ratio; :func:`framing.terms.keyness`),
the number of terms plotted, the minimum frequency, a date range, the order of the table
(the order it is saved in, and its header's mark), and a term whose KWIC lines are shown.

Outputs: the diverging keyness plot (:func:`framing.viz.plots.plot_keyness`), the table of all
tested terms (a :class:`~framing.widgets.picktable.PickTable`: a header click re-orders the rows
shown, the filter box narrows them, "lines" on a row shows that term's concordance), and
every concordance line of the chosen term in the target and reference outlets, paged and
sortable (:class:`~framing.widgets.context.ContextPanel`). "Context of" takes any term or
pattern; it offers the plotted ones.

Spelling variants (Kiev/Kyiv, defence/defense, programme/program) are merged into one term on
request (:func:`framing.terms.variants.merge_variants` with the shipped en-GB/en-US and
transliteration tables, plus the pairs typed in the Variants box, one per line: ``kiev, kyiv``);
the Leave out box is a stoplist of terms to drop (:func:`framing.terms.stoplist.drop_terms`).

The document-term matrix is built once. Keyness is recomputed only when the comparison
(target, reference, measure, minimum frequency, dates) changes; changing ``n`` re-draws
and changing the sort re-sorts the table from the same result.

>>> import framing as fr                                     # doctest: +SKIP
>>> view = KeynessExplorer(fr.load_corpus("ukraine-2022"))  # doctest: +SKIP
>>> view.target.value = "kremlin.ru"                        # doctest: +SKIP
>>> view.tables["keyness"].head()                           # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
from typing import Any

import ipywidgets as widgets
import pandas as pd

from framing._infra.errors import CorpusError, PatternError
from framing.corpus.corpus import Corpus
from framing.dtm.matrix import DocTermMatrix, document_term_matrix
from framing.widgets.base import View
from framing.widgets.context import ContextPanel
from framing.widgets.controls import Selection
from framing.widgets.picktable import PickTable

MEASURES = (("log-odds z (Monroe et al.)", "log_odds"), ("G² log-likelihood", "g2"),
            ("χ²", "chi2"), ("Log Ratio (Hardie)", "log_ratio"))
"""Measure dropdown entries: label, ``measure`` of :func:`framing.terms.keyness`."""
SORTS = (("by the measure", "measure"), ("term", "term"), ("count in target", "count_a"),
         ("count in reference", "count_b"), ("G²", "g2"), ("χ²", "chi2"),
         ("Log Ratio", "log_ratio"), ("log-odds z", "log_odds_z"), ("q (BH)", "q"))
"""Sort dropdown entries: label, column (``"measure"`` keeps the order by the chosen measure; a
dropdown shows a ``None`` value as blank)."""
ASCENDING = {"term", "q"}


@dataclasses.dataclass(frozen=True, kw_only=True)
class KeynessOptions:
    """Options of :class:`KeynessExplorer`.

    Attributes:
        ngrams: longest n-gram counted as a term.
        stopwords: stopwords left out of the matrix (see :func:`framing.document_term_matrix`).
        n: terms plotted on each side at first.
        min_freq: minimum frequency (target + reference) at first.
        window: words each side of a KWIC line.
        lines: KWIC lines shown per page (all lines are found, and saved).
    """

    ngrams: int = 1
    stopwords: str | None = "auto"
    n: int = 15
    min_freq: int = 5
    window: int = 8
    lines: int = 25


class KeynessExplorer(View):
    """Keyness of a target outlet against a reference, with the table and KWIC of a term.

    Args:
        corpus: the documents.
        target: the outlet compared at first (default: the first in sorted order).
        options: see :class:`KeynessOptions`.
    """

    name = "keyness"

    def __init__(self, corpus: Corpus, *, target: str | None = None,
                 options: KeynessOptions = KeynessOptions()) -> None:
        super().__init__()
        self.corpus, self.options = corpus, options
        self.begin("document-term matrix")
        self.dtm = document_term_matrix(corpus, ngrams=options.ngrams, stopwords=options.stopwords)
        self.phase("drawing")
        outlets = corpus.outlets
        if len(outlets) < 2:
            raise CorpusError(f"keyness compares outlets, but the corpus has only {outlets}")
        self.target = widgets.Dropdown(options=outlets, value=target or outlets[0],
                                       description="Target").add_class("framing-target")
        self.reference = widgets.Dropdown(options=["rest", *outlets], value="rest", description="Reference")
        self.measure = widgets.Dropdown(options=MEASURES, description="Measure")
        self.n = widgets.IntSlider(value=options.n, min=5, max=40, step=1, description="Terms",
                                   continuous_update=False)
        self.min_freq = widgets.BoundedIntText(value=options.min_freq, min=1, max=10_000,
                                               description="Min. freq.", layout=widgets.Layout(width="200px"))
        self.sort = widgets.Dropdown(options=SORTS, description="Sort table")
        self.term = widgets.Combobox(description="Context of", placeholder="any term or pattern",
                                     ensure_option=False, continuous_update=False,
                                     layout=widgets.Layout(width="360px")).add_class("framing-term")
        self.context = ContextPanel(corpus, dtm=self.dtm if options.stopwords is None else None,
                                    window=options.window, page_size=options.lines)
        self.follow_lines(self.context)
        terms = PickTable(rows=30, label="lines", widths={"term": "14em"})
        terms.on_pick(lambda row: setattr(self.term, "value", row["term"]))
        # the dropdown orders the table (and what is saved); a header click only re-orders what is shown,
        # so choosing an order in the dropdown drops the header's
        self.sort.observe(lambda _change: terms.sort_by(None), names="value")
        self.selection = Selection(self.dtm.docs, outlets=False)
        self.variants = widgets.Checkbox(value=False, description="Merge spelling variants",
                                         indent=False).add_class("framing-variants")
        self.variant_rows = widgets.Textarea(placeholder="more pairs, one per line: kiev, kyiv",
                                             description="Variants", continuous_update=False,
                                             rows=2).add_class("framing-variant-rows")
        self.leave_out = widgets.Textarea(placeholder="terms to leave out: said, also", description="Leave out",
                                          continuous_update=False, rows=2).add_class("framing-leave-out")
        edits = (self.variants, self.variant_rows, self.leave_out)
        comparison = (self.target, self.reference, self.measure, self.min_freq, *self.selection.controls, *edits)
        self.bind(self.plot, *comparison, self.n)
        self.bind(self.table, *comparison, self.sort)
        self.bind(self.concordance, *comparison, self.term)
        self.arrange(widgets.HBox([widgets.VBox([self.target, self.reference, self.measure]),
                                   widgets.VBox([self.n, self.min_freq, self.sort]),
                                   widgets.VBox([*self.selection.widget.children, self.term])]),
                     widgets.HBox([self.variants, self.variant_rows, self.leave_out]),
                     figures=["keyness"], picks={"keyness": terms}, panels=[self.context.widget],
                     charts=["keyness"])
        self.charts["keyness"].on_pick(lambda picked: setattr(self.term, "value", picked[0]["term"]))
        self.refresh()

    def _outlets(self) -> list[str]:
        if self.reference.value == self.target.value:
            raise CorpusError(f"target and reference are both {self.target.value}: "
                              "pick another reference, or 'rest' for all other outlets")
        return [self.target.value] + ([self.reference.value] if self.reference.value != "rest" else [])

    def state(self) -> dict[str, Any]:
        """What the view shows, as plain values (schema: :mod:`framing.widgets.recipe`), merged
        variants, the Leave out list and the concordance panel included."""
        from framing.widgets.recipe import corpus_spec, selection_state

        dates = selection_state(self.selection)
        return {"corpus": corpus_spec(self.corpus), "fingerprint": self.corpus.fingerprint,
                "target": self.target.value, "reference": self.reference.value, "measure": self.measure.value,
                "n": self.n.value, "min_freq": self.min_freq.value, "start": dates["start"], "end": dates["end"],
                "sort": None if self.sort.value == "measure" else self.sort.value,
                "term": self.term.value.strip() or None, "options": dataclasses.asdict(self.options),
                "variants": self.variants.value, "variant_pairs": self.variant_rows.value,
                "leave_out": self.leave_out.value, **self.context.state()}

    def variant_table(self) -> pd.DataFrame | None:
        """The variants merged (shipped tables and the Variants box), ``None`` when not merging."""
        from framing.terms.variants import load_variants, parse_variants

        if not self.variants.value:
            return None
        typed = self.variant_rows.value
        return self.memo("variants", typed, lambda: load_variants(
            extra=parse_variants(typed, source="Variants box") if typed.strip() else None))

    def matrix(self) -> DocTermMatrix:
        """The view's matrix with variants merged and the Leave out terms dropped, as asked."""
        from framing.terms.stoplist import drop_terms, parse_term_list
        from framing.terms.variants import merge_variants

        table, words = self.variant_table(), parse_term_list(self.leave_out.value)

        def compute() -> DocTermMatrix:
            dtm = self.dtm if table is None else merge_variants(self.dtm, table)
            return drop_terms(dtm, words) if words else dtm

        return self.memo("matrix", (self.variant_rows.value if table is not None else None, tuple(words)), compute)

    def result(self) -> pd.DataFrame:
        """The keyness table of the current comparison (computed once per comparison)."""
        from framing.terms.keyness import keyness

        rows, outlets = self.selection.rows(), self._outlets()
        key = (self.target.value, self.reference.value, self.measure.value, self.min_freq.value,
               self.selection.key(), self.variants.value, self.variant_rows.value, self.leave_out.value)

        def compute() -> pd.DataFrame:
            table = keyness(self.matrix().subset(rows), by="outlet", target=self.target.value,
                            reference=self.reference.value, measure=self.measure.value,
                            min_freq=self.min_freq.value)
            if table.empty:
                raise CorpusError(f"no term occurs {self.min_freq.value} times or more in "
                                  f"{' and '.join(outlets)} in these dates: lower Min. freq.")
            return table

        return self.memo("keyness", key, compute)

    def plot(self) -> None:
        """The n most distinctive terms on each side, and the terms offered for KWIC."""
        from framing.viz.charts import keyness_chart
        from framing.viz.plots import plot_keyness

        table, n = self.result(), self.n.value
        column = {"log_odds": "log_odds_z"}.get(self.measure.value, self.measure.value)
        self.show_chart("keyness", keyness_chart(table, n=n, stat=column))
        self.draw("keyness", lambda ax: plot_keyness(table, n=n, stat=column, ax=ax), aspect=1.0)
        ordered = table.sort_values(column, ascending=False, kind="stable")["term"].tolist()
        offered = list(dict.fromkeys(ordered[:n] + ordered[::-1][:n]))
        self.term.options = offered
        if self.term.value not in table["term"].to_numpy():   # a term typed by the user stays while it is tested
            self.term.value = offered[0]

    def table(self) -> None:
        """All tested terms, in the chosen order."""
        from framing.terms.keyness import MEASURES

        table, column = self.result(), self.sort.value
        order = (MEASURES[self.measure.value], False) if column == "measure" else (column, column in ASCENDING)
        if column != "measure":
            # q ties at 0 once p underflows: log10_p orders those
            by = [column, "log10_p"] if column == "q" else [column]
            table = table.sort_values(by, ascending=column in ASCENDING, kind="stable", ignore_index=True)
        self.show_picks("keyness", table, columns=[
            "term", "count_a", "count_b", "per_10k_a", "per_10k_b",
            "g2", "log_ratio", "log_odds_z", "q"],
            caption=f"{self.target.value} vs {self.reference.value}: {len(table):,} terms tested", order=order)

    def concordance(self) -> None:
        """Every KWIC line of the chosen term (or pattern) in the target and reference outlets, with
        its merged spellings when variants are merged."""
        from framing.terms.variants import term_variants

        term, outlets = self.term.value.strip(), self._outlets()
        if not term:
            raise PatternError("type a term or pattern in 'Context of', or pick one of the list")
        self.selection.rows()
        compared = outlets if self.reference.value != "rest" else None
        table = self.variant_table()
        pattern = term if table is None or " " in term else "|".join(term_variants(term, table))
        self.context.show(pattern, outlets=compared, start=self.selection.start.value, end=self.selection.end.value,
                          title=f"{term} in {' and '.join(outlets) if compared else 'all outlets'}")
        if self.context.error:
            self.tables.pop("kwic", None)
        else:
            self.tables["kwic"] = self.context.lines
