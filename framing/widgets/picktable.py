"""A table whose rows can be clicked: the way from a collocate or a document to its texts.

:class:`PickTable` shows the first rows of a DataFrame, each behind a small button (CSS class
``framing-pick``); clicking it calls the :meth:`PickTable.on_pick` callbacks with the row.
The row widgets are made once and refilled, so a new table costs no new widgets. Cells are
HTML-escaped (terms and titles come from the documents).

>>> import pandas as pd
>>> table = PickTable(rows=3, label="lines")
>>> picked = []
>>> table.on_pick(lambda row: picked.append(row["collocate"]))
>>> table.show(pd.DataFrame({"collocate": ["brutal", "<b>full</b>"], "logdice": [9.5, 8.25]}))
>>> table.pick(1); picked
['<b>full</b>']
>>> "&lt;b&gt;full&lt;/b&gt;" in table.rows[1].children[1].value
True
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets
import pandas as pd

from framing._infra.errors import ArgumentError

BUTTON_WIDTH = "56px"
"""Width of a row's button."""


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return "" if value is None or value is pd.NA else str(value)


class PickTable:
    """Up to ``rows`` rows of a table, each with a button that picks it.

    Args:
        rows: rows shown (the widgets made once).
        label: the buttons' text ("lines": show its concordance; "open": show the document).
        widths: CSS widths of the columns by name (the others share the rest).

    Attributes:
        table: the rows shown, as given to :meth:`show`.
        rows: the row widgets (class ``framing-pick-row``: a button ``framing-pick`` and the cells).
        widget: the component to display.
    """

    def __init__(self, *, rows: int = 30, label: str = "lines", widths: dict[str, str] | None = None) -> None:
        self.table = pd.DataFrame()
        self.widths = dict(widths or {})
        self._callbacks: list[Callable[[pd.Series], Any]] = []
        self.caption = widgets.HTML().add_class("framing-pick-caption")
        self.header = widgets.HTML()
        self.rows = [self._row(i, label) for i in range(rows)]
        self.widget = widgets.VBox([self.caption, self.header, *self.rows]).add_class("framing-pick-table")

    def _row(self, i: int, label: str) -> widgets.HBox:
        button = widgets.Button(description=label, tooltip=f"show the {label} of this row",
                                layout=widgets.Layout(width=BUTTON_WIDTH, flex="0 0 auto")).add_class("framing-pick")
        button.on_click(lambda _b: self.pick(i))
        cells = widgets.HTML(layout=widgets.Layout(flex="1 1 auto", min_width="0"))
        return widgets.HBox([button, cells], layout=widgets.Layout(display="none", width="100%")).add_class(
            "framing-pick-row")

    def on_pick(self, callback: Callable[[pd.Series], Any]) -> None:
        """Call ``callback(row)`` when a row's button is clicked."""
        self._callbacks.append(callback)

    def pick(self, i: int) -> None:
        """Pick row ``i`` of the rows shown (what a click does)."""
        if not 0 <= i < min(len(self.table), len(self.rows)):
            raise ArgumentError(f"there is no row {i}: the table shows {min(len(self.table), len(self.rows))}")
        row = self.table.iloc[i]
        for callback in self._callbacks:
            callback(row)

    def _line(self, values: Sequence[str], columns: Sequence[str], tag: str = "span", indent: str = "0") -> str:
        cells = "".join(
            f'<{tag} style="flex:{"0 0 " + self.widths[c] if c in self.widths else "1 1 0"};overflow:hidden;'
            f'text-overflow:ellipsis;white-space:nowrap;min-width:0;padding-right:0.5em">{html.escape(v)}</{tag}>'
            for v, c in zip(values, columns, strict=True))
        return f'<div style="display:flex;width:100%;padding-left:{indent}">{cells}</div>'

    def show(self, table: pd.DataFrame, *, columns: Sequence[str] | None = None, caption: str = "") -> None:
        """Show the first rows of ``table`` (only ``columns`` when given) under ``caption``."""
        self.table = table.reset_index(drop=True)
        shown = list(columns) if columns is not None else list(table.columns)
        more = f" (first {len(self.rows)} of {len(table):,})" if len(table) > len(self.rows) else ""
        self.caption.value = f"<b>{html.escape(caption)}</b>{html.escape(more)}" if caption or more else ""
        # the header starts where the cells do: after the button and the row's gap
        self.header.value = self._line(shown, shown, tag="b", indent=f"calc({BUTTON_WIDTH} + 4px)") \
            if len(table) else "<i>no rows</i>"
        for i, row in enumerate(self.rows):
            if i < len(self.table):
                row.children[1].value = self._line([_cell(self.table.at[i, c]) for c in shown], shown)
                row.layout.display = None
            else:
                row.children[1].value = ""
                row.layout.display = "none"

    def clear(self) -> None:
        """Show nothing (after an error: no stale rows)."""
        self.show(pd.DataFrame(), caption="")
        self.header.value = ""
