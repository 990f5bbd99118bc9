"""A static copy of what a view shows, kept in the notebook beside the live widget.

A widget lives in the kernel: a notebook reopened without a running kernel, or shown on
GitHub, has only "model not found" where the view was. So when IPython displays a view,
:class:`Snapshot` displays after it one output per figure (a PNG image, shown by every
notebook front end, trusted or not) and one HTML output with the message and tables, each
with its own ``display_id``, and replaces them when the view changes (debounced by
:data:`DELAY` seconds, so a burst of changes costs one rendering).

While the widget is live, a style rule in it (:data:`STYLE`) hides those outputs: the
rule selects the output areas that follow the one holding the live view. Without a kernel
the view, and so the rule, is absent, and the snapshot shows what the view last showed.

>>> import ipywidgets as w, pandas as pd
>>> from framing.widgets.base import View
>>> class Hello(View):
...     name = "hello"
...     def __init__(self):
...         super().__init__()
...         self.arrange(w.Label("hello"))
...         self.keep_table("t", pd.DataFrame({"term": ["invasion", "<b>war</b>"]}))
>>> bundles = Snapshot(Hello()).bundles()
>>> [sorted(b) for b in bundles]
[['text/html', 'text/plain']]
>>> "<td>invasion</td>" in bundles[0]["text/html"], "&lt;b&gt;war&lt;/b&gt;" in bundles[0]["text/html"]
(True, True)
"""

from __future__ import annotations

import asyncio
import base64
import html
import uuid
from typing import Any, Protocol

import ipywidgets as widgets
import pandas as pd
from matplotlib.figure import Figure

from framing.viz.render import clean_style, figure_bytes


class View(Protocol):
    """What a snapshot copies of a view (:class:`framing.widgets.base.View` has it)."""

    @property
    def name(self) -> str: ...

    figures: dict[str, Figure]
    figure_keys: list[str]
    tables: dict[str, pd.DataFrame]
    message: widgets.HTML
    style: widgets.HTML
    widget: widgets.Box

DELAY = 1.0
"""Seconds after the last change before the snapshot is rendered again."""
SNAPSHOT_DPI = 150
"""Resolution of the snapshot's images (shown at 100 px per inch: sharp on HiDPI screens)."""
SNAPSHOT_ROWS = 30
"""Rows of each table in the snapshot (what "save table" writes has all)."""
NOTE = "A snapshot of this view as last shown: run the notebook to use its controls."
STYLE = """<style>
.framing-stale { opacity: 0.4; transition: opacity 0.1s; }
.framing-busy-indicator .framing-busy { color: #555; font-style: italic; padding-left: 1em; }
.framing-style { display: none; }
</style>"""
"""Style rules every view carries (stale outputs faded, the busy mark); :meth:`Snapshot.rule`
adds the one that hides the view's snapshot while the view is live."""


class Snapshot:
    """The static outputs that follow a displayed view: figures as PNG, tables as HTML.

    Args:
        view: the view whose figures (:attr:`View.figures`), message and tables it copies.
    """

    def __init__(self, view: View) -> None:
        self.view = view
        self.ids: list[str] = []
        self.note = NOTE
        self._timer: asyncio.TimerHandle | None = None

    def bundles(self) -> list[dict[str, Any]]:
        """One mime bundle per figure output (``image/png``), then one of the message and tables."""
        out: list[dict[str, Any]] = []
        for key in self.view.figure_keys:
            figure = self.view.figures.get(key)
            if figure is None:
                out.append({"text/plain": f"({key}: nothing shown)"})
                continue
            with clean_style():
                png = figure_bytes(figure, "png", dpi=SNAPSHOT_DPI)
            out.append({"image/png": base64.b64encode(png).decode("ascii"),
                        "text/plain": f"<{self.view.name} figure {key}>"})
        tables = "".join(
            f'<div class="framing-view-table"><b>{html.escape(key)}</b> ({len(table):,} rows'
            f'{f", the first {SNAPSHOT_ROWS}" if len(table) > SNAPSHOT_ROWS else ""})'
            f'{table.head(SNAPSHOT_ROWS).to_html(index=False, border=0, na_rep="", float_format=fmt_number)}</div>'
            for key, table in self.view.tables.items())
        body = (f'<div class="framing-view-snapshot"><p class="framing-view-note"><i>{html.escape(self.note)}</i></p>'
                f'{self.view.message.value}{tables}</div>')
        out.append({"text/html": body, "text/plain": f"<{self.view.name} view: {self.note}>"})
        return out

    def metadata(self) -> dict[str, Any]:
        """Show the 150-dpi images at 100 px per inch of the figure."""
        return {"image/png": {"width": round(max((f.get_figwidth() for f in self.view.figures.values()),
                                                  default=3.5) * 100)}}

    def rule(self) -> str:
        """The CSS rule that hides the snapshot's outputs, which follow the live view's output."""
        live = f".jp-OutputArea-child:has(.framing-snapshot-of-{self.view.widget.model_id})"
        chain = [live + " + .jp-OutputArea-child" * (i + 1) for i in range(len(self.view.figure_keys) + 1)]
        return f"<style>{', '.join(chain)} {{ display: none; }}</style>"

    def display(self) -> None:
        """Display the snapshot's outputs (called when IPython displays the view)."""
        from IPython.display import display

        self.view.widget.add_class(f"framing-snapshot-of-{self.view.widget.model_id}")
        self.view.style.value = STYLE + self.rule()
        self.ids = [f"framing-{uuid.uuid4().hex}" for _ in range(len(self.view.figure_keys) + 1)]
        for bundle, display_id in zip(self.bundles(), self.ids, strict=True):
            display(bundle, raw=True, metadata=self.metadata(), display_id=display_id)

    def refresh(self) -> None:
        """Render the snapshot again :data:`DELAY` seconds after the last change (at once without
        an event loop); nothing when the view was never displayed."""
        if not self.ids:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.update()
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer = loop.call_later(DELAY, self.update)

    def update(self) -> None:
        """Replace the displayed snapshot by the view's current state."""
        from IPython.display import update_display

        self._timer = None
        for bundle, display_id in zip(self.bundles(), self.ids, strict=True):
            update_display(bundle, raw=True, metadata=self.metadata(), display_id=display_id)


def fmt_number(value: float) -> str:
    """A number in a table shown on screen: three significant digits."""
    return f"{value:.3g}"
