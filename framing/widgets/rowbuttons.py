"""Rows of HTML, each behind a button, as one widget: the rows of the views' clickable tables and concordances.

A table of 30 rows made of ipywidgets (a box, a button and an HTML per row, each with its layout and style)
costs about 240 widget models, and a view holds several such tables: a view of 1,200 models sends 1,200
``comm_open`` messages at once. ZeroMQ's publish socket between the kernel and the notebook server drops
messages above its high-water mark (1,000 by default), so on a loaded machine some models never reached the
page and the view stayed blank ("widget model not found" in the browser's console). :class:`RowButtons` is one
anywidget model whatever the number of rows: Python sends the rows' HTML (escaped by the caller, as for an
``HTML`` widget) and the page draws them, each with its button; a click comes back to Python as a message.

Class names, for styles and browser tests: the rows ``row_class``, their buttons ``button_class``, their
HTML ``text_class``.

Headless (tests, scripts), :meth:`RowButtons.click` does what a click does.

>>> rows = RowButtons(label="open", row_class="framing-kwic-line", button_class="framing-open-line",
...                   text_class="framing-kwic-text")
>>> clicked = []
>>> rows.on_click(clicked.append)
>>> rows.show(["<mark>invasion</mark> began", "an invasion"])
>>> rows.click(1); clicked
[1]
>>> rows.html
['<mark>invasion</mark> began', 'an invasion']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import anywidget
import traitlets

from framing._infra.errors import ArgumentError

ESM = """
function render({ model, el }) {
  el.classList.add("framing-row-buttons");
  const draw = () => {
    const rows = model.get("html").map((html, i) => {
      const row = document.createElement("div");
      row.className = model.get("row_class");
      const button = document.createElement("button");
      button.className = `jupyter-button widget-button ${model.get("button_class")}`;
      button.textContent = model.get("label");
      button.title = model.get("hint");
      button.addEventListener("click", () => model.send({ event: "click", index: i }));
      const text = document.createElement("div");
      text.className = model.get("text_class");
      text.innerHTML = html;
      row.append(button, text);
      return row;
    });
    el.replaceChildren(...rows);
  };
  model.on("change:html", draw);
  draw();
  return () => model.off("change:html", draw);
}
export default { render };
"""
CSS = """
.framing-row-buttons { display: flex; flex-direction: column; width: 100%; gap: 2px; }
.framing-row-buttons > div { display: flex; align-items: baseline; width: 100%; gap: 6px; }
.framing-row-buttons > div > button { flex: 0 0 56px; width: 56px; padding: 0 2px; }
.framing-row-buttons > div > div { flex: 1 1 auto; min-width: 0; }
"""


class RowButtons(anywidget.AnyWidget):
    """Rows of HTML, each behind a button ``label``; :meth:`on_click` callbacks get the row's index.

    Attributes:
        html: the rows shown, as HTML (the caller escapes text from the documents).
        hint: the buttons' tooltip (not ``tooltip``: ipywidgets' own, which the page reads with a
            ``description`` this widget has not).
    """

    _esm = ESM
    _css = CSS
    html = traitlets.List(traitlets.Unicode()).tag(sync=True)
    label = traitlets.Unicode("lines").tag(sync=True)
    hint = traitlets.Unicode("").tag(sync=True)
    row_class = traitlets.Unicode("framing-pick-row").tag(sync=True)
    button_class = traitlets.Unicode("framing-pick").tag(sync=True)
    text_class = traitlets.Unicode("framing-pick-text").tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._callbacks: list[Callable[[int], Any]] = []
        self.on_msg(self._message)

    def show(self, html: Sequence[str]) -> None:
        """Show these rows (``[]``: none)."""
        self.html = list(html)

    def on_click(self, callback: Callable[[int], Any]) -> None:
        """Call ``callback(i)`` when the button of row ``i`` is clicked."""
        self._callbacks.append(callback)

    def click(self, i: int) -> None:
        """What a click on the button of row ``i`` does."""
        if not 0 <= i < len(self.html):
            raise ArgumentError(f"there is no row {i}: {len(self.html)} rows are shown")
        for callback in self._callbacks:
            callback(i)

    def _message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("event") == "click" and isinstance(content.get("index"), int) \
                and 0 <= content["index"] < len(self.html):
            self.click(content["index"])
