"""Charts as wide as their container, also when they were drawn before they were on the page.

A Vega-Lite chart with ``width: "container"`` takes the width of the element it is embedded in
(Vega's ``containerSize()``: the element's ``clientWidth``) when it is first drawn, and again on
each ``resize`` event of the window — and at no other time. Altair's ``JupyterChart`` often draws
its chart before the widget is attached to the page (a cell's output built before its layout, a
chart put back into its box after :meth:`~framing.widgets.charts.ChartOutput.clear`): the element
then measures 0 pixels and the chart stays 0 pixels wide. Resizing a notebook panel (opening
JupyterLab's side bar) changes the container's width without a window ``resize`` at all.

:class:`FitWidth` is an invisible widget placed in the chart's box. Its page side watches the box:
a ``ResizeObserver`` on its own element (as wide as the box) and a ``MutationObserver`` on the
box's children. When the box gets or changes a non-zero width, or a chart element is put into it,
it dispatches one window ``resize`` event (debounced by :attr:`FitWidth.wait` milliseconds), on
which every Vega view on the page measures its container again; a view whose width did not change
does not redraw. Widths only, never heights, so a chart that grows taller does not start a loop.

>>> FitWidth().wait
50
"""

from __future__ import annotations

import anywidget
import traitlets

ESM = """
function render({ model, el }) {
  el.classList.add("framing-fit-width");
  let timer = 0, box = null, width = 0;
  const nudge = () => {
    clearTimeout(timer);
    timer = setTimeout(() => window.dispatchEvent(new Event("resize")), model.get("wait"));
  };
  const children = new MutationObserver(nudge);
  const sizes = new ResizeObserver(([entry]) => {
    if (el.parentElement && el.parentElement !== box) {
      box = el.parentElement;
      children.disconnect();
      children.observe(box, { childList: true });
    }
    const now = Math.round(entry.contentRect.width);
    if (now > 0 && now !== width) nudge();
    width = now;
  });
  sizes.observe(el);
  return () => {
    clearTimeout(timer);
    sizes.disconnect();
    children.disconnect();
  };
}
export default { render };
"""
CSS = """
.framing-fit-width { width: 100%; height: 0; margin: 0; padding: 0; overflow: hidden; }
"""


class FitWidth(anywidget.AnyWidget):
    """An invisible widget that makes the Vega charts beside it re-measure their container (module docstring).

    Attributes:
        wait: milliseconds without a further change before the page gets its ``resize`` event.
    """

    _esm = ESM
    _css = CSS
    wait = traitlets.Int(50).tag(sync=True)
