"""MeaningExplorer: what a term means at each outlet, from the words around its uses.

Controls: the term (a pattern in :mod:`framing.dtm.patterns` syntax, e.g. ``aggression`` or
``invasion|invade*``), outlets, a date range, the context window (tokens on each side of a
use), the two outlets whose neighbours are compared, and a neighbour word.

Outputs: the nearest neighbours of the term's meaning per outlet, side by side, with bootstrap
intervals of the cosine (:func:`framing.term_neighbours`, :func:`framing.viz.plots.meaning.plot_neighbours`);
the neighbours ratio of the two chosen outlets (:func:`framing.neighbours_ratio`,
:func:`~framing.viz.plots.meaning.plot_neighbours_ratio`); the similarity of the term's meaning
between every pair of selected outlets (:func:`framing.meaning_similarity`); and, for the
neighbour word picked in the list, the concordance of the term at that outlet in the lines whose
context window holds the neighbour (:func:`framing.kwic`): why the word is near the term there.

Word vectors are trained once per corpus (:func:`framing.train_vectors`: a progress bar while
they train, then the on-disk cache) unless given. Every use of the term is embedded once per
term and window, with the à-la-carte transformation of the whole corpus; outlets and dates only
take rows of those uses, as conText estimates ``A`` once and subsets the uses.

>>> import framing as fr                                   # doctest: +SKIP
>>> view = MeaningExplorer(fr.load_corpus("ukraine-2022"))  # doctest: +SKIP
>>> view.term.value = "invasion"                           # doctest: +SKIP
>>> view.tables["neighbours"]                              # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import html
import time

import ipywidgets as widgets
import numpy as np
import pandas as pd

from framing._infra.errors import ArgumentError, CorpusError, PatternError
from framing.corpus.corpus import Corpus, require_documents
from framing.corpus.text import tokenize
from framing.embeddings.alacarte import TermUses, check_window, term_uses
from framing.embeddings.neighbours import uses_neighbours, uses_neighbours_ratio, uses_similarity
from framing.embeddings.tokens import JOINER
from framing.embeddings.vectors import VectorOptions, WordVectors, train_vectors
from framing.widgets.base import View
from framing.widgets.controls import Selection

KWIC_COLUMNS = ["outlet", "date", "left", "match", "right"]
MAX_WINDOW = 15
"""Largest context window the slider offers."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class MeaningOptions:
    """Options of :class:`MeaningExplorer`.

    Attributes:
        vectors: how the word vectors are trained when none are given (:class:`~framing.VectorOptions`).
        window: the context window at first (tokens on each side of a use).
        n: neighbours shown per outlet.
        n_boot: bootstrap replicates of the intervals (fewer = faster updates).
        ci: coverage of the intervals.
        n_perm: label permutations of the neighbours-ratio p-values (0: none).
        stopwords: words that are never neighbours (see :func:`framing.term_neighbours`).
        lines: concordance lines shown for a neighbour (``None``: all).
        seed: seed of the vectors, the bootstrap, the permutations and the sampled lines.
        progress: show a progress bar while the vectors are trained.
    """

    vectors: VectorOptions = VectorOptions()
    window: int = 6
    n: int = 8
    n_boot: int = 200
    ci: float = 0.95
    n_perm: int = 50
    stopwords: str | None = "auto"
    lines: int | None = 20
    seed: int = 1
    progress: bool = True


class MeaningExplorer(View):
    """Neighbours of a term per outlet, their ratio between two outlets, similarities, and concordances.

    Args:
        corpus: the documents.
        term: the first content of the term box.
        vectors: word vectors (``None``: trained on the corpus once, then read from the cache).
        options: see :class:`MeaningOptions`.
    """

    name = "meaning"

    def __init__(self, corpus: Corpus, *, term: str = "aggression", vectors: WordVectors | None = None,
                 options: MeaningOptions = MeaningOptions()) -> None:
        super().__init__()
        require_documents(len(corpus))
        check_window(options.window)
        self.corpus, self.options = corpus, options
        self.status = widgets.HTML().add_class("framing-status")
        started = time.perf_counter()
        self.vectors = vectors if vectors is not None else train_vectors(
            corpus, options=options.vectors, seed=options.seed, progress=options.progress)
        source = "given" if vectors is not None else f"trained on this corpus or read from the cache in " \
                                                     f"{time.perf_counter() - started:.1f} s"
        self.status.value = f"word vectors: {len(self.vectors):,} words × {self.vectors.dim} ({html.escape(source)})"
        self.term = widgets.Text(value=term, description="Term", continuous_update=False,
                                 placeholder="aggression", layout=widgets.Layout(width="50%")).add_class(
                                     "framing-meaning-term")
        self.window = widgets.IntSlider(value=options.window, min=1, max=max(MAX_WINDOW, options.window),
                                        description="Window", continuous_update=False)
        self.selection = Selection(corpus.df)
        self.group_a = widgets.Dropdown(description="Ratio of").add_class("framing-group-a")
        self.group_b = widgets.Dropdown(description="to").add_class("framing-group-b")
        self.contexts: dict[str, tuple[str, str]] = {}
        self.neighbour = widgets.Select(description="Context of", rows=8,
                                        layout=widgets.Layout(width="420px")).add_class("framing-neighbour")
        spec, where = (self.term, self.window), self.selection.controls
        self.bind(self.neighbours, *spec, *where)
        self.bind(self.ratio, *spec, *where, self.group_a, self.group_b)
        self.bind(self.similarity, *spec, *where)
        self.bind(self.concordance, *spec, *where, self.neighbour)
        self.arrange(self.status, widgets.HBox([self.term, self.window]),
                     widgets.HBox([self.selection.widget, widgets.VBox([self.group_a, self.group_b]),
                                   self.neighbour]),
                     figures=["neighbours", "ratio"], tables=["kwic", "neighbours", "ratio", "similarity"])
        self.refresh()

    # --- shared, memoised computations -------------------------------------------------
    def _key(self) -> tuple:
        return self.term.value.strip(), self.window.value, self.selection.key()

    def uses(self) -> TermUses:
        """Every use of the term in the corpus, embedded (once per term and window)."""
        pattern = self.term.value.strip()
        if not pattern:
            raise PatternError("the Term box is empty: type a term such as aggression or invasion|invade*")
        return self.memo("uses", (pattern, self.window.value), lambda: term_uses(
            self.corpus, pattern, vectors=self.vectors, window=self.window.value, progress=False))

    def selected(self) -> TermUses:
        """The uses in the selected outlets and dates."""
        uses = self.uses()

        def take() -> TermUses:
            ids = self.corpus.df["doc_id"].to_numpy()[self.selection.rows()]
            chosen = uses.take(uses.uses["doc_id"].isin(ids).to_numpy())
            if not len(chosen):
                outlets = ", ".join(self.selection.outlets.value)
                raise CorpusError(f"{self.term.value.strip()!r} is not used in {outlets} between the chosen dates: "
                                  "widen the date range or pick other outlets")
            return chosen

        return self.memo("selected", self._key(), take)

    def _neighbours(self) -> pd.DataFrame:
        o = self.options
        return self.memo("neighbours", self._key(), lambda: uses_neighbours(
            self.selected(), by="outlet", n=o.n, stopwords=o.stopwords, n_boot=o.n_boot, ci=o.ci, seed=o.seed))

    # --- steps -------------------------------------------------------------------------
    def neighbours(self) -> None:
        """Nearest neighbours per outlet, side by side; offers the outlets and the neighbour words."""
        from framing.viz.plots.meaning import plot_neighbours

        table = self._neighbours()
        outlets = table["outlet"].astype(str).unique().tolist()
        figure = self.new_figure(width="double", aspect=0.3 + 0.035 * self.options.n)
        plot_neighbours(table, fig=figure)
        self.show_figure("neighbours", figure)
        self.show_table("neighbours", table, rows=4 * self.options.n,
                        columns=["outlet", "rank", "term", "cosine", "cosine_lo", "cosine_hi", "uses"],
                        caption=f"nearest neighbours of {self.term.value.strip()} per outlet")
        self.contexts = {f"{outlet}: {word}": (outlet, word) for outlet, word in
                         zip(table["outlet"].astype(str), table["term"].astype(str))}
        self.offer(self.neighbour, list(self.contexts))
        self.offer(self.group_a, outlets)
        self.offer(self.group_b, outlets)
        if self.group_b.value == self.group_a.value and len(outlets) > 1:   # a ratio needs two outlets
            self.group_b.value = next(o for o in outlets if o != self.group_a.value)

    def ratio(self) -> None:
        """Neighbours ratio of the two chosen outlets."""
        from framing.viz.plots.meaning import plot_neighbours_ratio

        a, b, o = self.group_a.value, self.group_b.value, self.options
        if a is None or b is None or a == b:
            raise ArgumentError("choose two different outlets with uses of the term in 'Ratio of' and 'to' "
                                "(select at least two outlets)")
        uses = self.selected()
        table = self.memo("ratio", (self._key(), a, b), lambda: uses_neighbours_ratio(
            uses, group_a=a, group_b=b, by="outlet", n=o.n, stopwords=o.stopwords, n_perm=o.n_perm,
            n_boot=o.n_boot, ci=o.ci, seed=o.seed))
        figure = self.new_figure(aspect=0.3 + 0.04 * len(table))
        plot_neighbours_ratio(table, ax=figure.subplots())
        self.show_figure("ratio", figure)
        self.show_table("ratio", table, columns=["term", "side", "cosine_a", "cosine_b", "ratio", "ratio_lo",
                                                 "ratio_hi", "p"],
                        caption=f"neighbours ratio: {a} / {b}")

    def similarity(self) -> None:
        """Cosine of the term's meaning between every pair of selected outlets with uses."""
        uses, o = self.selected(), self.options
        if uses.uses["outlet"].nunique() < 2:
            raise ArgumentError("the similarity needs two outlets with uses of the term: select more outlets "
                                "or widen the dates")
        table = self.memo("similarity", self._key(), lambda: uses_similarity(
            uses, by="outlet", n_boot=o.n_boot, ci=o.ci, seed=o.seed))
        self.show_table("similarity", table, caption=f"similarity of the meaning of {self.term.value.strip()} "
                                                     "between outlets (cosine)")

    def concordance(self) -> None:
        """Lines of the term at the chosen neighbour's outlet whose context window holds the neighbour."""
        uses = self.selected()
        if self.neighbour.value not in self.contexts:
            raise PatternError("pick a neighbour word in 'Context of'")
        outlet, word = self.contexts[self.neighbour.value]
        table = self.memo("kwic", (self._key(), outlet, word), lambda: self._lines(uses, outlet, word))
        self.show_table("kwic", table, columns=KWIC_COLUMNS, right=["left"], rows=40,
                        caption=f"{self.term.value.strip()} with {word.replace(JOINER, ' ')} "
                                f"within {self.window.value} words at {outlet}: {len(table)} lines")

    def _lines(self, uses: TermUses, outlet: str, word: str) -> pd.DataFrame:
        from framing.terms.kwic import kwic

        window, o = self.window.value, self.options
        ids = uses.uses.loc[uses.uses["outlet"].astype(str) == outlet, "doc_id"].unique().tolist()
        lines = kwic(self.corpus.filter(doc_ids=ids), self.term.value.strip(), window=window)
        wanted = word.split(JOINER)
        near = np.array([_contains(tokenize(left), wanted) or _contains(tokenize(right), wanted)
                         for left, right in zip(lines["left"], lines["right"])], dtype=bool)
        found = lines[near] if len(lines) else lines
        if o.lines is not None and len(found) > o.lines:
            found = found.sample(o.lines, random_state=np.random.default_rng(o.seed)).sort_index()
        return found.reset_index(drop=True)


def _contains(tokens: list[str], words: list[str]) -> bool:
    """Whether ``words`` occur in ``tokens`` one after the other."""
    k = len(words)
    return any(tokens[i:i + k] == words for i in range(len(tokens) - k + 1))
