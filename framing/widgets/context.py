"""Drill-down components: every concordance line of a term, and a whole document.

:class:`ContextPanel` shows *all* the KWIC lines of a pattern in a selection of documents
(outlets, a date range, or given documents), a page at a time, in one of AntConc's orders
(document order, by the 1st, 2nd or 3rd word left or right of the match, by the match), the
match highlighted and the left contexts right-aligned so that the matches line up. Each line
has an "open" button that shows its document below in a :class:`DocumentPanel`: the metadata
and the whole text with every match highlighted. Both are components that a view embeds
(``panel.widget``), not views: each has its own message line, where a bad pattern or an
unknown outlet is shown; a call never raises.

Lines are those of :func:`framing.kwic` (:func:`framing.terms.kwic.matrix_lines`), and the
highlighted spans of a document come from the same matching code
(:func:`framing.terms.kwic.match_spans`). Only the documents that the matrix says contain
the pattern are read; the matrix narrowed to a pattern is kept for the matrix object, and the
lines of the last selection for the panel, so paging and sorting do not recompute.
All text is HTML-escaped.

>>> import framing as fr, pandas as pd
>>> c = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b"], "date": ["2022-03-01", "2022-03-02"],
...     "text": ["The <b>invasion</b> began.", "An Invasion, they said; the invasion went on."]}))
>>> panel = ContextPanel(c, window=3, page_size=2)
>>> panel.show("invasion", outlets=["b"])
>>> panel.lines[["outlet", "left", "match", "right"]]
  outlet            left     match             right
0      b              An  Invasion  , they said; the
1      b  they said; the  invasion           went on
>>> panel.sort.value = "2L"          # the 2nd word left: "said", none (last)
>>> panel.lines["left"].tolist()
['they said; the', 'An']
>>> panel.open(1)
>>> panel.document.text.value.count("<mark")
2
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import re
import traceback
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from framing._infra.cache import Memo, derived
from framing._infra.errors import ArgumentError, CorpusError, FramingError, FramingWarning
from framing.corpus.corpus import Corpus
from framing.corpus.text import normalize_term
from framing.dtm.matrix import DocTermMatrix
from framing.dtm.patterns import Pattern, compile_patterns, corpus_matrix, narrow
from framing.terms.kwic import (
    LINE_COLUMNS,
    LINE_SORTS,
    Wanted,
    check_options,
    lines_near,
    match_spans,
    matrix_lines,
    pattern_terms,
    sort_lines,
)
from framing.widgets.pager import Pager
from framing.widgets.rowbuttons import RowButtons

_ORDINALS = {"1": "1st", "2": "2nd", "3": "3rd"}
SORT_CHOICES = tuple(("document order (outlet, date)" if by == "document" else "match" if by == "match" else
                      f"{_ORDINALS[by[0]]} word {'left' if by[1] == 'L' else 'right'} ({by})", by) for by in LINE_SORTS)
"""Sort dropdown entries: label, order of :func:`framing.terms.kwic.sort_lines` (:data:`~framing.terms.kwic.LINE_SORTS`)."""
MAX_CHARS = 200_000
"""Characters of a document shown at most (a 2 MB scrape would stall the browser)."""
NEAR_WINDOW = 5
"""Words each side of the match searched for ``near`` (the window of the views' collocates)."""
_SPACE = re.compile(r"\s")


# --- what both panels share --------------------------------------------------------------------
class _Matcher:
    """The corpus's matrix and, per pattern, the matrix narrowed to the terms it matches.

    The narrowed matrix and the warnings of narrowing it (a pattern that matches nothing names near
    terms) are kept for the matrix object, so the two panels and repeated queries narrow once.
    """

    def __init__(self, corpus: Corpus, dtm: DocTermMatrix | None) -> None:
        if not isinstance(corpus, Corpus):
            raise ArgumentError(f"corpus must be a Corpus (the texts are shown), got {type(corpus).__name__}")
        if dtm is not None and not (isinstance(dtm, DocTermMatrix) and dtm.shape[0] == len(corpus)
                                    and np.array_equal(dtm.docs["doc_id"].to_numpy(), corpus.df["doc_id"].to_numpy())):
            raise ArgumentError("dtm must be the matrix of this corpus (its documents in the same order): "
                                "pass document_term_matrix(corpus), or None")
        self.corpus, self._dtm = corpus, dtm

    def matrix(self) -> DocTermMatrix:
        """The matrix given, else the corpus's (disk-cached, :func:`framing.dtm.patterns.corpus_matrix`)."""
        return self._dtm if self._dtm is not None else corpus_matrix(self.corpus, 1)

    def narrowed(self, patterns: tuple[Pattern, ...]) -> tuple[DocTermMatrix, Wanted, tuple[str, ...]]:
        """The matrix narrowed to ``patterns`` (:func:`framing.dtm.patterns.narrow`), the terms each matches
        (:func:`framing.terms.kwic.pattern_terms`) and the warnings of matching them in the whole vocabulary."""
        base = self.matrix()

        def compute() -> tuple[DocTermMatrix, Wanted, tuple[str, ...]]:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", FramingWarning)
                small = narrow(base, patterns)
            with _quiet():
                wanted = pattern_terms(small, patterns)
            return small, wanted, tuple(dict.fromkeys(str(w.message) for w in caught
                                                      if issubclass(w.category, FramingWarning)))

        return derived(base.matrix, ("context-panel", patterns), compute)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Without the :class:`FramingWarning` of matching again in a narrowed vocabulary: :meth:`_Matcher.narrowed`
    keeps those of the whole one, which name near terms."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FramingWarning)
        yield


class Panel:
    """An embeddable component with its own message line: an action that fails with a
    :class:`~framing._infra.errors.FramingError` (or a bug) shows the message there, clears what
    the component showed, and raises nothing.

    Attributes:
        message: the message line (an HTML widget).
        error: the message of the last action's error (``None``: it succeeded).
        notes: findings to read, such as "no lines of X in …" (not errors).
        last_traceback: the traceback of the last bug, kept rather than printed.
    """

    def __init__(self, css: str) -> None:
        self.message = widgets.HTML().add_class(f"framing-{css}-message")
        self.error: str | None = None
        self.notes: list[str] = []
        self.last_traceback: str | None = None

    def _guard(self, action: Callable[[], None], *, fresh: bool = False) -> None:
        """Run ``action``; a ``fresh`` one (showing something new) first forgets the last error, others
        (paging, sorting) leave it on screen."""
        if fresh:
            self.error = None
        try:
            action()
        except FramingError as exc:
            self._failed(str(exc))
        except Exception as exc:  # a callback must never leave a traceback in the notebook
            self.last_traceback = traceback.format_exc()
            self._failed(f"unexpected {type(exc).__name__}: {exc} (a bug: please report it with panel.last_traceback)")
        self.message.value = (
            (f'<div class="framing-error" style="color:#B00020">&#9888; {html.escape(self.error)}</div>'
             if self.error else "")
            + "".join(f'<div class="framing-note" style="color:#8A5A00">{html.escape(n)}</div>' for n in self.notes))

    def _failed(self, message: str) -> None:
        self.error, self.notes = message, []
        self.clear()

    def clear(self) -> None:
        """Show nothing (after an error: nothing stale stays on screen)."""


def _compiled(pattern: str | Pattern) -> tuple[Pattern, ...]:
    if not isinstance(pattern, (str, Pattern)):
        raise ArgumentError(f"pattern must be a string or a Pattern, got {type(pattern).__name__}")
    return compile_patterns(pattern if isinstance(pattern, str) else [pattern])


def _day(value: Any) -> str:
    return f"{value:%Y-%m-%d}" if isinstance(value, (pd.Timestamp, dt.date)) and not pd.isna(value) else str(value)


# --- a whole document -------------------------------------------------------------------------
class DocumentPanel(Panel):
    """One whole document: its metadata and its text, every match of a pattern highlighted.

    Args:
        corpus: the documents.
        dtm: the corpus's matrix (its documents in the same order), whose vocabulary and
            tokenisation options say what a pattern matches; ``None``: the corpus's own (cached).
        max_chars: characters of a text shown at most; a longer text is cut at a space before
            them, with a note.

    Attributes:
        doc_id: the document shown (``None`` before :meth:`show` or after an error).
        spans: character offsets ``(start, end)`` of the matches highlighted.
        meta, text: the HTML widgets of the metadata and of the text (CSS classes
            ``framing-document-meta`` and ``framing-document``, a box that scrolls).
        widget: the component to display.
    """

    def __init__(self, corpus: Corpus, *, dtm: DocTermMatrix | None = None, max_chars: int = MAX_CHARS) -> None:
        super().__init__("document")
        if not isinstance(max_chars, (int, np.integer)) or max_chars < 1:
            raise ArgumentError(f"max_chars must be a positive number of characters, got {max_chars!r}")
        self._matcher, self.max_chars = _Matcher(corpus, dtm), int(max_chars)
        self._ids = pd.Index(corpus.df["doc_id"])
        self.doc_id: str | None = None
        self.pattern: tuple[Pattern, ...] = ()
        self.spans: list[tuple[int, int]] = []
        self.meta = widgets.HTML().add_class("framing-document-meta")
        self.text = widgets.HTML(layout=widgets.Layout(max_height="480px", overflow="auto")).add_class(
            "framing-document")
        self.widget = widgets.VBox([self.message, self.meta, self.text]).add_class("framing-document-panel")

    def show(self, doc_id: str, pattern: str | Pattern | None = None, *, at: int | None = None) -> None:
        """Show document ``doc_id`` with every match of ``pattern`` highlighted (``<mark>``); the match
        starting at character ``at`` (the line opened) is marked ``framing-current``."""
        self._guard(lambda: self._show(doc_id, pattern, at), fresh=True)

    def clear(self) -> None:
        """Show no document."""
        self.doc_id, self.pattern, self.spans = None, (), []
        self.meta.value = self.text.value = ""

    def state(self) -> dict[str, Any] | None:
        """The document shown, as plain values: ``doc_id`` and ``pattern``, the patterns marked (name → text,
        :func:`framing.widgets.recipe.pattern_texts`; ``None``: none); ``None`` when no document is shown."""
        from framing.widgets.recipe import pattern_texts

        if self.doc_id is None:
            return None
        return {"doc_id": self.doc_id, "pattern": pattern_texts(self.pattern) if self.pattern else None}

    def _show(self, doc_id: str, pattern: str | Pattern | None, at: int | None) -> None:
        corpus = self._matcher.corpus
        where = self._ids.get_indexer([doc_id])[0] if isinstance(doc_id, str) else -1
        if where < 0:
            raise CorpusError(f"no document with doc_id {doc_id!r}; the first ids are "
                              f"{corpus.df['doc_id'].head(3).tolist()}")
        doc = corpus.df.iloc[where]
        text = str(doc["text"])
        cut = _cut(text, self.max_chars)
        base = self._matcher.matrix()
        self.spans, self.notes, self.pattern = [], [], ()
        if pattern is not None:
            compiled = self.pattern = _compiled(pattern)
            _, wanted, notes = self._matcher.narrowed(compiled)
            lang = doc.get("language")
            self.spans = match_spans(text[:cut], wanted,
                                     language=lang if isinstance(lang, str) and lang else None,
                                     transliterate=base.options.text.transliterate)
            names = ", ".join(p.name for p in compiled)
            self.notes = [*notes, f"{len(self.spans):,} {'match' if len(self.spans) == 1 else 'matches'} of {names} highlighted"]
        if cut < len(text):
            self.notes.append(f"the first {cut:,} of {len(text):,} characters are shown")
        self.doc_id = doc_id
        self.meta.value = _meta_html(doc, int(base.doc_lengths[where]))
        self.text.value = f'<div dir="auto" style="line-height:1.5">{_marked(text[:cut], self.spans, at)}</div>'


def _cut(text: str, limit: int) -> int:
    """Where to cut ``text`` to at most ``limit`` characters: at a white space, so no word is cut short
    (a cut "invasions" would match "invasion"), unless there is none in the last half."""
    if len(text) <= limit:
        return len(text)
    last = max((m.start() for m in _SPACE.finditer(text, limit // 2, limit + 1)), default=-1)
    return last if last > 0 else limit


def _marked(text: str, spans: Sequence[tuple[int, int]], at: int | None) -> str:
    """``text`` escaped, ``spans`` (overlapping ones merged) in ``<mark>``, line breaks as ``<br>``."""
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, pos = [], 0
    for start, end in merged:
        current = ' class="framing-current" style="background:#FFB74D"' if at is not None and start <= at < end else ""
        out += [html.escape(text[pos:start]), f"<mark{current}>{html.escape(text[start:end])}</mark>"]
        pos = end
    out.append(html.escape(text[pos:]))
    return re.sub(r"\r\n|\r|\n", "<br>", "".join(out))


def _meta_html(doc: pd.Series, tokens: int) -> str:
    """The metadata of a document as a small table; a URL is a link only when it is http(s)."""
    rows = [("document", doc["doc_id"]), ("outlet", doc["outlet"]), ("date", _day(doc["date"]))]
    rows += [(c, doc[c]) for c in ("title", "language") if isinstance(doc.get(c), str) and doc[c]]
    rows.append(("length", f"{tokens:,} tokens, {len(str(doc['text'])):,} characters"))
    cells = [f"<tr><th style='text-align:left;padding-right:1em'>{k}</th><td>{html.escape(str(v))}</td></tr>"
             for k, v in rows]
    url = doc.get("url")
    if isinstance(url, str) and url:
        shown = html.escape(url)
        link = (f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">{shown}</a>'
                if re.match(r"https?://", url, re.IGNORECASE) else shown)
        cells.append(f"<tr><th style='text-align:left;padding-right:1em'>url</th><td>{link}</td></tr>")
    return f"<table class='framing-document-table'>{''.join(cells)}</table>"


# --- all the lines of a selection -------------------------------------------------------------
class ContextPanel(Panel):
    """All the concordance lines of a pattern in a selection, paged and sorted; a line opens its document.

    Args:
        corpus: the documents.
        window: words shown each side of a match.
        page_size: lines shown at a time.
        dtm: the corpus's matrix (its documents in the same order; a view passes its own),
            which says which documents contain the pattern; ``None``: the corpus's own (cached).

    Attributes:
        lines: every line of the selection in the order chosen (:data:`framing.terms.kwic.LINE_COLUMNS`:
            ``doc_id``, ``outlet``, ``date``, ``pattern``, ``left``, ``match``, ``right``, ``term``,
            ``start``, ``end``); what "save" writes. The panel shows one page of them.
        pager: the page buttons and the "lines a–b of n" label (:class:`~framing.widgets.pager.Pager`;
            also as ``buttons`` and ``label``).
        sort: the order dropdown (CSS class ``framing-sort``).
        rows: the lines of the page, one :class:`~framing.widgets.rowbuttons.RowButtons` widget
            (``framing-kwic-line``: an "open" button ``framing-open-line`` and the line's HTML).
        document: the :class:`DocumentPanel` below the lines.
        widget: the component to display.
    """

    def __init__(self, corpus: Corpus, *, window: int = 8, page_size: int = 25,
                 dtm: DocTermMatrix | None = None) -> None:
        super().__init__("context")
        check_options(sort=None, window=window)
        if not isinstance(page_size, (int, np.integer)) or page_size < 1:
            raise ArgumentError(f"page_size must be a positive number of lines, got {page_size!r}")
        self.window, self.page_size = int(window), int(page_size)
        self._matcher = _Matcher(corpus, dtm)
        self.document = DocumentPanel(corpus, dtm=dtm)
        self.lines = pd.DataFrame(columns=LINE_COLUMNS)
        self._found = pd.DataFrame()
        self._pattern: tuple[Pattern, ...] = ()
        self._query: tuple = ()
        self._memo = Memo(size=1)
        self._sorted = Memo(size=len(LINE_SORTS))
        self._callbacks: list[Callable[[pd.Series], Any]] = []
        self.title = widgets.HTML().add_class("framing-context-title")
        self.sort = widgets.Dropdown(options=SORT_CHOICES, value="document", description="Sort",
                                     layout=widgets.Layout(width="300px")).add_class("framing-sort")
        self.sort.observe(lambda _change: self._guard(self._arrange), names="value")
        self.pager = Pager(self.page_size, noun="lines", on_go=lambda page: self._guard(lambda: self.go(page)))
        self.label, self.buttons = self.pager.label, self.pager.buttons
        self.rows = RowButtons(label="open", hint="show the whole document", row_class="framing-kwic-line",
                               button_class="framing-open-line", text_class="framing-kwic-text")
        self.rows.on_click(lambda i: self.open(self.pager.first + i))
        self.widget = widgets.VBox([
            self.title, widgets.HBox([self.sort, *self.pager.controls]),
            self.message, self.rows, self.document.widget]).add_class("framing-context")
        self._render()

    @property
    def page(self) -> int:
        """The page shown (0 first)."""
        return self.pager.page

    # --- public --------------------------------------------------------------------------
    def show(self, pattern: str | Pattern, *, outlets: Sequence[str] | None = None,
             start: dt.date | str | None = None, end: dt.date | str | None = None,
             doc_ids: Sequence[str] | None = None, near: str | None = None, title: str = "") -> None:
        """Show every line of ``pattern`` in the documents of ``outlets`` (all when ``None``) dated from
        ``start`` to ``end`` (the end day included whole), among ``doc_ids`` when given; with ``near``,
        only the lines with that word within :data:`NEAR_WINDOW` words of the match (a collocate).

        A selection without a line shows a note, a bad pattern or outlet an error; neither raises.
        """
        self._guard(lambda: self._show(pattern, outlets, start, end, doc_ids, near, title), fresh=True)

    def go(self, page: int) -> None:
        """Show page ``page`` (0 first; clipped to the pages there are)."""
        self.pager.clip(page, len(self.lines))
        self._render()

    def open(self, i: int) -> None:
        """Open line ``i`` of :attr:`lines` in the document panel, then call the :meth:`on_open` callbacks."""
        self._guard(lambda: self._open(i), fresh=True)

    def on_open(self, callback: Callable[[pd.Series], Any]) -> None:
        """Call ``callback(line)`` (a row of :attr:`lines`) when a line is opened."""
        self._callbacks.append(callback)

    def on_sorted(self, callback: Callable[[pd.DataFrame], Any]) -> None:
        """Call ``callback(lines)`` when the Sort dropdown re-orders the lines shown (what "save table" then writes)."""
        self.sort.observe(lambda _change: None if self.error else callback(self.lines), names="value")

    def state(self) -> dict[str, Any]:
        """What the panel shows, as plain values (for a view's ``state()``, :mod:`framing.widgets.recipe`):
        ``lines``, the selection of the lines shown (``None``: none) — ``pattern`` (name → text,
        :func:`framing.widgets.recipe.pattern_texts`), ``outlets`` (``None``: all), ``start`` and ``end``
        (``"YYYY-MM-DD"`` or ``None``), ``doc_ids`` (``None``: all), ``near`` (the collocate, normalised, or
        ``None``), ``sort`` (:data:`~framing.terms.kwic.LINE_SORTS`) and ``window``; and ``document``, the
        document opened (:meth:`DocumentPanel.state`)."""
        from framing.widgets.recipe import pattern_texts

        lines = None
        if self._query:
            compiled, outlets, start, end, ids, near = self._query
            lines = {"pattern": pattern_texts(compiled), "outlets": None if outlets is None else list(outlets),
                     "start": _iso(start), "end": _iso(end), "doc_ids": None if ids is None else list(ids),
                     "near": near, "sort": self.sort.value, "window": self.window}
        return {"lines": lines, "document": self.document.state()}

    def clear(self) -> None:
        """Show no lines (after an error: a stale table is neither shown nor saved)."""
        self.lines, self._found, self._query = pd.DataFrame(columns=LINE_COLUMNS), pd.DataFrame(), ()
        self.title.value = ""
        self.document.clear()
        self.go(0)

    # --- steps ---------------------------------------------------------------------------
    def _show(self, pattern: str | Pattern, outlets: Sequence[str] | None, start: dt.date | str | None,
              end: dt.date | str | None, doc_ids: Sequence[str] | None, near: str | None, title: str) -> None:
        compiled = _compiled(pattern)
        chosen = None if outlets is None else [outlets] if isinstance(outlets, str) else list(outlets)
        ids = None if doc_ids is None else [doc_ids] if isinstance(doc_ids, str) else list(doc_ids)
        word = None if near is None else normalize_term(str(near))
        query = (compiled, None if chosen is None else tuple(chosen), start, end, None if ids is None else tuple(ids),
                 word)
        found, notes = self._memo.get(query, lambda: self._find(compiled, chosen, start, end, ids, word))
        self._found, self._pattern, self._query, self.notes = found, compiled, query, list(notes)
        names = ", ".join(p.name for p in compiled)
        where = _where(chosen, start, end, ids) + (f", with {word!r} within {NEAR_WINDOW} words" if word else "")
        if not len(found):
            self.notes.append(f"no lines of {names} in {where}")
        n_docs = found["doc_id"].nunique() if len(found) else 0
        self.title.value = (f"<b>{html.escape(title or names)}</b> — {_count(len(found), 'line')} in "
                            f"{_count(n_docs, 'document')} ({html.escape(where)})")
        self.document.clear()
        self._arrange()

    def _find(self, compiled: tuple[Pattern, ...], outlets: list[str] | None, start: dt.date | str | None,
              end: dt.date | str | None, doc_ids: list[str] | None, near: str | None
              ) -> tuple[pd.DataFrame, tuple[str, ...]]:
        """The lines of the selection (:func:`framing.terms.kwic.matrix_lines`) and the notes of the pattern."""
        corpus = self._matcher.corpus
        if near is not None and (not near.strip() or self.window < NEAR_WINDOW):
            raise ArgumentError(f"near must be a word such as 'brutal' (got {near!r}), searched within {NEAR_WINDOW} "
                                f"words: the panel's window ({self.window}) must be at least as wide")
        chosen = corpus.filter(outlets=outlets, start=start, end=end, doc_ids=doc_ids).df["doc_id"]
        if start is not None and end is not None and pd.Timestamp(start) > pd.Timestamp(end):
            raise CorpusError(f"the date range is empty: start ({_day(start)}) is after end ({_day(end)})")
        rows = np.flatnonzero(corpus.df["doc_id"].isin(chosen).to_numpy())
        small, _, notes = self._matcher.narrowed(compiled)
        with _quiet():
            found = matrix_lines(corpus, small, compiled, rows=rows, window=self.window)
        if near is not None:
            found = lines_near(found, near, window=NEAR_WINDOW)
        return found, notes

    def _arrange(self) -> None:
        """Sort the lines found as the dropdown says (memoised per query and order), from the first page."""
        order = self.sort.value
        self.lines = self._sorted.get((self._query, order), lambda: sort_lines(self._found, order)) \
            if len(self._found) else pd.DataFrame(columns=LINE_COLUMNS)
        self.go(0)

    def _open(self, i: int) -> None:
        if not 0 <= i < len(self.lines):
            raise ArgumentError(f"there is no line {i}: the panel has {len(self.lines):,} lines")
        line = self.lines.iloc[i]
        pattern = next((p for p in self._pattern if p.name == line["pattern"]), self._pattern[0])
        self.document.show(line["doc_id"], pattern, at=int(line["start"]))
        for callback in self._callbacks:
            callback(line)

    # --- drawing -------------------------------------------------------------------------
    def _render(self) -> None:
        """Fill the line widgets with the page (rows beyond the lines hidden) and the label."""
        first = self.pager.first
        shown = self.lines.iloc[first:first + self.page_size]
        self.rows.show([line_html(shown.iloc[k]) for k in range(len(shown))])
        self.pager.update()


def _iso(value: Any) -> str | None:
    """A date bound as ``"YYYY-MM-DD"`` (``None`` stays): a date, a timestamp at midnight or text such as the
    panel was given (text is kept as it was, for :meth:`framing.Corpus.filter` to read the same way)."""
    if value is None or isinstance(value, str):
        return value
    stamp = pd.Timestamp(value)
    return stamp.isoformat() if stamp != stamp.normalize() else f"{stamp:%Y-%m-%d}"


def _count(n: int, noun: str) -> str:
    """``n`` and the noun, plural unless one: "1 line", "2,345 lines"."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _where(outlets: list[str] | None, start: Any, end: Any, doc_ids: list[str] | None) -> str:
    """The selection in words: "kremlin.ru, from 2022-03-01 to 2022-03-31"."""
    parts = ["all outlets" if outlets is None else ", ".join(outlets) or "no outlet"]
    parts += [f"from {_day(start)}"] if start is not None else []
    parts += [f"to {_day(end)}"] if end is not None else []
    parts += [f"in {len(doc_ids):,} chosen documents"] if doc_ids is not None else []
    return " ".join(parts)


def line_html(line: pd.Series) -> str:
    """One concordance line as HTML: outlet and date, the left context right-aligned (clipped on its
    left when long), the match in ``<mark>``, the right context; all text escaped."""
    cell = "overflow:hidden;white-space:nowrap;min-width:0"
    return (f'<div style="display:flex;align-items:baseline;width:100%">'
            f'<span class="framing-kwic-meta" style="flex:0 0 12em;{cell};text-overflow:ellipsis;color:#666;'
            f'font-size:85%">{html.escape(str(line["outlet"]))} {html.escape(_day(line["date"]))}</span>'
            f'<span class="framing-kwic-left" style="flex:0 0 42%;{cell};display:flex;justify-content:flex-end">'
            f'<bdi>{html.escape(str(line["left"]))}</bdi></span>'
            f'<mark style="flex:0 0 auto;margin:0 0.3em;white-space:nowrap">{html.escape(str(line["match"]))}</mark>'
            f'<span class="framing-kwic-right" style="flex:1 1 0;{cell}"><bdi>{html.escape(str(line["right"]))}</bdi>'
            f'</span></div>')
