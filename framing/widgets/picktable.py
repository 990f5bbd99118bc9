"""A table whose rows can be clicked, sorted, filtered and paged: the way from a number to its texts.

:class:`PickTable` shows a DataFrame a page at a time, each row behind a small button (CSS
class ``framing-pick``); clicking it calls the :meth:`PickTable.on_pick` callbacks with that
row. It does in plain ipywidgets what a data grid does (no JavaScript of its own, so it works
in JupyterLab and Voilà alike):

- **sort**: each column header is a button (``framing-pick-sort``, the column's name as its
  tooltip); a click sorts by that column, a second click reverses, and the header shows ▲ or ▼.
  Numbers and dates sort as such; text sorts by its shown form case-folded with Serbian
  Cyrillic read as Latin (:func:`framing.corpus.text.normalise.fold`, as the concordance's
  word sorts compare words), so "Агресија" sorts with "agresija". Empty cells come last in both
  directions, and equal keys keep the table's order (a stable sort).
- **filter** (a text box, ``framing-pick-filter``): ``war`` keeps the rows with "war" in any
  shown cell, folded the same way (``агресија`` finds "Agresija"); ``term:war`` looks in one
  column; ``logdice>9`` (also ``>=``, ``<``, ``<=``, ``=``) compares a column of numbers. A
  filter that cannot apply (a column of text compared with ``>``, a number that is not one)
  is said in the caption, and every row stays shown.
- **pages** over all the rows that pass the filter, with first/previous/next/last buttons and
  "rows 31–60 of 1,234" (:class:`~framing.widgets.pager.Pager`, CSS prefix ``framing-pick-page``).

Sorting and filtering are vectorised pandas operations over the whole table; the shown form and
the folded form of a column are computed once per table, when first needed (folding calls
``fold`` once per distinct non-ASCII cell; ASCII cells are lower-cased, which is the same). The
rows of a page are one :class:`~framing.widgets.rowbuttons.RowButtons` widget, so a table of 100,000
rows costs no more widgets than one of ten. Cells are HTML-escaped (terms and titles come from the documents).

>>> import pandas as pd
>>> table = PickTable(rows=3, label="lines")
>>> picked = []
>>> table.on_pick(lambda row: picked.append(row["collocate"]))
>>> table.show(pd.DataFrame({"collocate": ["brutal", "<b>full</b>", "Агресија"], "logdice": [9.5, 8.25, None]}))
>>> table.sort_by("collocate"); table.shown["collocate"].tolist()
['<b>full</b>', 'Агресија', 'brutal']
>>> table.sort_by("logdice", ascending=False); table.shown["logdice"].tolist()
[9.5, 8.25, nan]
>>> table.filter.value = "logdice<9"; table.pick(0); picked
['<b>full</b>']
>>> "&lt;b&gt;full&lt;/b&gt;" in table.rows.html[0]
True
"""

from __future__ import annotations

import html
import re
import traceback
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from framing._infra.errors import ArgumentError
from framing.corpus.text.normalise import fold
from framing.widgets.pager import Pager
from framing.widgets.rowbuttons import RowButtons

BUTTON_WIDTH = "56px"
"""Width of a row's button."""
STYLE = """<style>
.framing-pick-sort { text-align: left; background: transparent; font-weight: bold; }
.framing-pick-sort:hover { text-decoration: underline; }
</style>"""
"""Headers that read as column names (left-aligned, bold), underlined where a click sorts."""
FOLD_LANGUAGE = "sr"
"""The language given to :func:`~framing.corpus.text.normalise.fold`: Serbian, so that Cyrillic is read as Latin."""
_CONDITION = re.compile(r"^\s*(?P<column>[^:<>=]+?)\s*(?P<op>:|>=|<=|>|<|=)\s*(?P<value>.*?)\s*$", re.DOTALL)
_COMPARE: dict[str, Callable[[pd.Series, float], pd.Series]] = {
    ">": lambda s, v: s > v, ">=": lambda s, v: s >= v, "<": lambda s, v: s < v, "<=": lambda s, v: s <= v,
    "=": lambda s, v: s == v}


def _cell(value: Any) -> str:
    """A cell as shown: numbers to three significant digits, days as YYYY-MM-DD, missing values empty."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    if isinstance(value, (float, np.floating)):
        return f"{value:.3g}"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


def shown_text(values: pd.Series) -> pd.Series:
    """Each cell of a column as the table shows it (numbers to three significant digits, days as YYYY-MM-DD,
    missing values empty), computed column-wise.

    >>> shown_text(pd.Series([0.123456, None, 12345.0])).tolist()
    ['0.123', '', '1.23e+04']
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.strftime("%Y-%m-%d").astype(object).where(values.notna(), "")
    if pd.api.types.is_float_dtype(values):
        return pd.Series([_cell(v) for v in values.tolist()], index=values.index, dtype=object)
    if pd.api.types.is_integer_dtype(values) and not values.hasnans:
        return values.astype(str).astype(object)
    return values.map(_cell).astype(object)


def folded(text: pd.Series) -> pd.Series:
    """Shown cells as compared: :func:`~framing.corpus.text.normalise.fold` (NFKC, case fold, Serbian
    Cyrillic to Latin) of each distinct non-ASCII cell; ASCII cells lower-cased, which is their fold.

    >>> folded(pd.Series(["Агресија", "NATO", "Straße"])).tolist()
    ['agresija', 'nato', 'strasse']
    """
    text = text.astype(str)
    out = text.str.lower().astype(object)
    other = ~text.str.isascii().to_numpy(dtype=bool)
    if other.any():
        distinct = pd.unique(text[other])
        out[other] = text[other].map(dict(zip(distinct, (fold(v, FOLD_LANGUAGE) for v in distinct), strict=True)))
    return out


def _numeric(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


class PickTable:
    """A table shown a page of ``rows`` rows at a time, each with a button that picks it; sortable and filterable.

    Args:
        rows: rows shown at a time.
        label: the buttons' text ("lines": show its concordance; "open": show the document).
        widths: CSS widths of the columns by name (the others share the rest).

    Attributes:
        table: the whole table, as given to :meth:`show` (numbered from 0, column names as text).
        columns: the columns shown.
        order: positions in :attr:`table` of the rows that pass the filter, in the order shown.
        sort_column: the column sorted by a header (``None``: the table's own order), and
            ``ascending`` its direction.
        filter_error: why the filter does not apply (``None``: it does, or there is none).
        caption: the caption (class ``framing-pick-caption``); a filter's count or error is said here.
        filter: the filter box (class ``framing-pick-filter``).
        pager: the page buttons and the "rows a–b of n" label (:class:`~framing.widgets.pager.Pager`).
        sorters: the header buttons (class ``framing-pick-sort``), one per column shown.
        rows: the rows of the page, one :class:`~framing.widgets.rowbuttons.RowButtons` widget (class
            ``framing-pick-row``: a button ``framing-pick`` and the cells).
        widget: the component to display.
    """

    def __init__(self, *, rows: int = 30, label: str = "lines", widths: dict[str, str] | None = None) -> None:
        self.table = pd.DataFrame()
        self.columns: list[str] = []
        self.order = np.zeros(0, dtype=np.int64)
        self.widths = dict(widths or {})
        self.sort_column: str | None = None
        self.ascending = True
        self.filter_error: str | None = None
        self._given: tuple[str, bool] | None = None
        self._title = ""
        self._cache: dict[tuple[str, str], pd.Series] = {}
        self._callbacks: list[Callable[[pd.Series], Any]] = []
        self.last_traceback: str | None = None
        self.caption = widgets.HTML().add_class("framing-pick-caption")
        self.filter = widgets.Text(placeholder="filter: war, term:war, logdice>9",
                                   layout=widgets.Layout(width="16em")).add_class("framing-pick-filter")
        self.filter.observe(lambda _change: self._safely(self._arrange), names="value")
        self.pager = Pager(rows, noun="rows", css="framing-pick-page", on_go=lambda page: self._safely(lambda: self.go(page)))
        self.bar = widgets.HBox([self.filter, *self.pager.controls], layout=widgets.Layout(display="none"))
        self.sorters: list[widgets.Button] = []
        self.header = widgets.HBox(layout=widgets.Layout(width="100%", padding=f"0 2px 0 calc({BUTTON_WIDTH} + 6px)"))
        self.size = int(rows)
        self.rows = RowButtons(label=label, hint=f"show the {label} of this row", row_class="framing-pick-row",
                               button_class="framing-pick", text_class="framing-pick-text")
        self.rows.on_click(lambda i: self._safely(lambda: self.pick(i)))
        style = widgets.HTML(STYLE, layout=widgets.Layout(display="none"))
        self.widget = widgets.VBox([style, self.caption, self.bar, self.header, self.rows]).add_class(
            "framing-pick-table")

    # --- public --------------------------------------------------------------------------
    @property
    def shown(self) -> pd.DataFrame:
        """The rows that pass the filter, in the order shown (all pages), indexed by their position in :attr:`table`."""
        return self.table.iloc[self.order]

    def on_pick(self, callback: Callable[[pd.Series], Any]) -> None:
        """Call ``callback(row)`` when a row's button is clicked."""
        self._callbacks.append(callback)

    def pick(self, i: int) -> None:
        """Pick row ``i`` of the page shown (what a click does): the row there after sorting and filtering."""
        on_page = min(len(self.order) - self.pager.first, self.size)
        if not 0 <= i < on_page:
            raise ArgumentError(f"there is no row {i}: the page shows {max(on_page, 0)}")
        row = self.table.iloc[int(self.order[self.pager.first + i])]
        for callback in self._callbacks:
            callback(row)

    def show(self, table: pd.DataFrame, *, columns: Sequence[str] | None = None, caption: str = "",
             order: tuple[str, bool] | None = None) -> None:
        """Show ``table`` (only ``columns`` when given) under ``caption``, from its first page.

        ``order`` says how the table is already sorted (a column and whether ascending), for the
        header to mark it. A header sort chosen before stays while its column is shown, and so
        does the filter.
        """
        self.table = table.reset_index(drop=True).rename(columns=str)   # headers and filters name columns as text
        self.columns = [str(c) for c in (columns if columns is not None else table.columns)]
        self._title, self._given, self._cache = caption, order, {}
        if self.sort_column not in self.columns:
            self.sort_column = None
        self._arrange()

    def sort_by(self, column: str | None, *, ascending: bool = True) -> None:
        """Sort the rows by ``column`` (``None``: the table's own order), from the first page."""
        if column is not None and column not in self.columns:
            raise ArgumentError(f"there is no column {column!r} to sort by: the table shows {self.columns}")
        self.sort_column, self.ascending = column, bool(ascending)
        self._arrange()

    def go(self, page: int) -> None:
        """Show page ``page`` (0 first; clipped to the pages there are)."""
        self.pager.clip(page, len(self.order))
        self._render()

    def clear(self) -> None:
        """Show nothing (after an error: no stale rows)."""
        self.show(pd.DataFrame(), caption="")

    # --- steps ---------------------------------------------------------------------------
    def _safely(self, action: Callable[[], None]) -> None:
        """Run a click's or a keystroke's ``action``; a bug is said in the caption (its traceback kept in
        ``last_traceback``), never raised into the notebook."""
        try:
            action()
        except Exception as exc:  # a callback must never leave a traceback in the notebook
            self.last_traceback = traceback.format_exc()
            self.caption.value += (f'<div class="framing-error" style="color:#B00020">&#9888; unexpected '
                                   f'{html.escape(f"{type(exc).__name__}: {exc}")} (a bug: please report it with '
                                   f'the table\'s last_traceback)</div>')

    def _column(self, kind: str, column: str) -> pd.Series:
        """The ``"shown"`` or ``"folded"`` form of a column (computed once per table)."""
        if (kind, column) not in self._cache:
            shown = self._cache.setdefault(("shown", column), shown_text(self.table[column]))
            if kind == "folded":
                self._cache[(kind, column)] = folded(shown)
        return self._cache[(kind, column)]

    def _arrange(self) -> None:
        """Filter, then sort, then show the first page."""
        self.filter_error = None
        try:
            keep = self._mask(self.filter.value)
        except ArgumentError as exc:
            self.filter_error, keep = str(exc), None
        order = self._sorted()
        self.order = order if keep is None else order[keep[order]]
        self._draw_header()
        self.go(0)

    def _sorted(self) -> np.ndarray:
        """Positions of all the rows in the order chosen: stable, empty cells last."""
        column = self.sort_column
        if column is None:
            return np.arange(len(self.table), dtype=np.int64)
        values = self.table[column]
        if not (_numeric(values) or pd.api.types.is_datetime64_any_dtype(values)):
            values = self._column("folded", column).where(self._column("shown", column) != "")
        return values.sort_values(ascending=self.ascending, kind="stable", na_position="last").index.to_numpy(np.int64)

    def _mask(self, text: str) -> np.ndarray | None:
        """The rows that pass the filter ``text`` (``None``: no filter); an :class:`ArgumentError` says why
        a filter cannot apply."""
        if not text.strip() or not self.columns:
            return None
        match = _CONDITION.match(text)
        names = {fold(c, FOLD_LANGUAGE): c for c in self.columns}
        column = names.get(fold(match["column"], FOLD_LANGUAGE)) if match else None
        if match is None or column is None:
            needle = fold(text, FOLD_LANGUAGE)
            hits = [self._column("folded", c).str.contains(needle, regex=False).to_numpy(bool) for c in self.columns]
            return np.logical_or.reduce(hits)
        op, value = match["op"], match["value"]
        if op == ":":
            return self._column("folded", column).str.contains(fold(value, FOLD_LANGUAGE), regex=False).to_numpy(bool)
        if not _numeric(self.table[column]):
            raise ArgumentError(f"{column} is not a column of numbers, so {op} cannot compare it: "
                                f"write {column}:{value or 'text'} for the rows whose {column} contains the text")
        try:
            number = float(value)
        except ValueError:
            raise ArgumentError(f"{column}{op} needs a number after {op}, such as {column}{op}3 or {column}{op}0.5"
                                f"{f' (got {value!r})' if value else ''}") from None
        return _COMPARE[op](self.table[column].astype(float), number).to_numpy(dtype=bool, na_value=False)

    # --- drawing -------------------------------------------------------------------------
    def _draw_header(self) -> None:
        """One sort button per column (more made only when a table has more columns than any before)."""
        self.sorters += [self._sorter(k) for k in range(len(self.sorters), len(self.columns))]
        marked = (self.sort_column, self.ascending) if self.sort_column is not None else self._given
        for button, column in zip(self.sorters, self.columns, strict=False):
            arrow = (" ▲" if marked[1] else " ▼") if marked and marked[0] == column else ""
            button.description, button.tooltip = column + arrow, f"sort by {column}"
            button.layout.flex = f"0 0 {self.widths[column]}" if column in self.widths else "1 1 0"
        self.header.children = self.sorters[:len(self.columns)] if len(self.table) else []

    def _sorter(self, k: int) -> widgets.Button:
        """The header button of the ``k``-th column shown."""
        button = widgets.Button(layout=widgets.Layout(width="auto", min_width="0", margin="0", padding="0 0.5em 0 0"))
        button.on_click(lambda _b: self._safely(lambda: self._clicked(self.columns[k])))
        return button.add_class("framing-pick-sort")

    def _clicked(self, column: str) -> None:
        """A header click: sort by ``column``, or reverse when the rows are sorted by it already."""
        current = (self.sort_column, self.ascending) if self.sort_column is not None else self._given
        self.sort_by(column, ascending=not current[1] if current and current[0] == column else True)

    def _line(self, values: Sequence[str]) -> str:
        cells = "".join(
            f'<span style="flex:{"0 0 " + self.widths[c] if c in self.widths else "1 1 0"};overflow:hidden;'
            f'text-overflow:ellipsis;white-space:nowrap;min-width:0;padding-right:0.5em;box-sizing:border-box">{html.escape(v)}</span>'
            for v, c in zip(values, self.columns, strict=True))
        return f'<div style="display:flex;width:100%">{cells}</div>'

    def _render(self) -> None:
        """Fill the row widgets with the page (rows beyond it hidden), the caption and the page label."""
        first = self.pager.first
        page = self.table.iloc[self.order[first:first + self.size]]
        self.rows.show([self._line([_cell(v) for v in values]) for values in page[self.columns].itertuples(index=False)])
        self.pager.update()
        self.bar.layout.display = None if self.columns else "none"
        caption = f"<b>{html.escape(self._title)}</b>" if self._title else ""
        if self.filter_error:
            caption += (f'<div class="framing-pick-filter-error" style="color:#B00020">&#9888; filter: '
                        f'{html.escape(self.filter_error)}; all rows are shown</div>')
        elif self.filter.value.strip() and self.columns:
            caption += (f'<div class="framing-pick-filter-count">{len(self.order):,} of {len(self.table):,} rows '
                        f'match {html.escape(repr(self.filter.value))}</div>')
        self.caption.value = caption
