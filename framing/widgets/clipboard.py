"""A "Copy code" button: shows a text in a read-only box and copies it to the clipboard.

Python cannot reach the browser's clipboard, so the button is a small anywidget (an ES module
run in the page). A click asks Python for the text (a custom message); Python computes it,
sets :attr:`Clipboard.text` and raises :attr:`Clipboard.requests`; the page then shows the
text in a read-only ``<textarea class="framing-code">``, selects it and copies it with
``navigator.clipboard.writeText`` — or, where the page is not a secure context (a notebook
served over plain HTTP from another host), with the selection's ``copy`` command. The page
reports the result in :attr:`Clipboard.outcome` ("copied", or why not: then the selected
text waits for Ctrl+C).

Headless (tests, scripts): :meth:`Clipboard.copy` does what a click does on the Python side.

>>> box = Clipboard(lambda: "import framing as fr")
>>> box.copy(), box.requests
('import framing as fr', 1)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anywidget
import traitlets

ESM = """
function render({ model, el }) {
  el.classList.add("framing-clipboard");
  const button = document.createElement("button");
  button.className = "jupyter-button widget-button framing-copy";
  button.textContent = model.get("label");
  const note = document.createElement("span");
  note.className = "framing-copy-note";
  const area = document.createElement("textarea");
  area.className = "framing-code";
  area.readOnly = true;
  area.rows = 14;
  area.spellcheck = false;
  const show = () => {
    area.value = model.get("text");
    area.style.display = area.value ? "block" : "none";
  };
  const copy = async () => {
    show();
    area.focus();
    area.select();
    let outcome = "copied";
    try {
      await navigator.clipboard.writeText(area.value);
    } catch (error) {
      if (!document.execCommand("copy")) {
        outcome = `not copied (${error.name}): the code is selected, press Ctrl+C`;
      }
    }
    note.textContent = outcome === "copied" ? " copied to the clipboard" : ` ${outcome}`;
    model.set("outcome", outcome);
    model.save_changes();
  };
  button.addEventListener("click", () => model.send({ event: "copy" }));
  model.on("change:text", show);
  model.on("change:requests", copy);
  show();
  el.append(button, note, area);
  return () => {
    model.off("change:text", show);
    model.off("change:requests", copy);
  };
}
export default { render };
"""
CSS = """
.framing-clipboard .framing-code { width: 100%; box-sizing: border-box; font-family: monospace;
  font-size: 12px; white-space: pre; margin-top: 4px; }
.framing-clipboard .framing-copy-note { margin-left: 6px; color: #555; }
"""


class Clipboard(anywidget.AnyWidget):
    """A button that copies the text ``provide()`` returns (``None``: nothing to copy).

    Attributes:
        text: the text last provided, shown in the page's read-only box.
        requests: raised once per provided text; the page copies on each change.
        outcome: set by the page: ``"copied"`` or why the text was not copied.
    """

    _esm = ESM
    _css = CSS
    label = traitlets.Unicode("Copy code").tag(sync=True)
    text = traitlets.Unicode("").tag(sync=True)
    requests = traitlets.Int(0).tag(sync=True)
    outcome = traitlets.Unicode("").tag(sync=True)

    def __init__(self, provide: Callable[[], str | None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._provide = provide
        self.on_msg(self._message)

    def _message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("event") == "copy":
            self.copy()

    def copy(self) -> str | None:
        """What a click does in Python: get the text and, when there is one, have the page show and copy it."""
        text = self._provide()
        if text is not None:
            self.text = text
            self.requests += 1
        return text
