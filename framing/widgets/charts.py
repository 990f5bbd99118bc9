"""An interactive chart in a view: Altair's ``JupyterChart`` drawn as SVG, clicks delivered to Python.

:class:`ChartOutput` holds one chart place in a view's layout (:attr:`ChartOutput.widget`, a box
that exists before the first chart). :meth:`~ChartOutput.show` draws a chart of
:mod:`framing.viz.charts`, updating the same ``JupyterChart`` in place; a click on a mark calls each
:meth:`~ChartOutput.on_pick` callback with the picked rows' fields (the chart's ``"pick"``
selection, e.g. ``[{"outlet": "kremlin.ru", "pattern": "invasion"}]``). A new chart replaces the
``JupyterChart``'s ``selections`` object, so the selection is observed again after each one.

A chart whose width is ``"container"`` (every builder's) is as wide as the box, at least
:data:`MIN_WIDTH` (narrower, labels and points crowd: the box scrolls) and at most ``max_width``
pixels (wider, a line is hard to follow); a :class:`~framing.widgets.fit.FitWidth` in the box has
Vega measure the box again when it is laid out or resized.

The page gets Vega's JavaScript from the kernel, not from a CDN: :func:`enable_offline` bundles it
with vl-convert once per process (a few seconds, the first time), so charts draw offline and behind
firewalls. :func:`static_png` renders a chart to PNG in the kernel (no browser) for snapshots that
a notebook reopened without its kernel still shows.

>>> import pandas as pd
>>> from framing.viz.charts import rates_chart
>>> table = pd.DataFrame({"outlet": ["kremlin.ru"], "pattern": ["invasion"], "per_10k": [3.5]})
>>> static_png(rates_chart(table))[:8]
b'\\x89PNG\\r\\n\\x1a\\n'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from framing._infra.errors import FramingError
from framing.viz.charts import INSTALL, PICK, require_altair
from framing.widgets.fit import FitWidth

Pick = list[dict[str, Any]]
"""The fields of the picked marks, one dict per mark."""
STATIC_WIDTH = 640
"""Width in CSS pixels of a static rendering of a chart whose width follows its container."""
MIN_WIDTH = 360
"""Narrowest width in CSS pixels of a chart that follows its container (axes, labels and legend included)."""
MAX_WIDTH = 1200
"""Widest width in CSS pixels of a chart that follows its container, unless :meth:`ChartOutput.show` says otherwise."""
_OFFLINE: dict[str, bool] = {"done": False}


def _vl_convert() -> Any:
    try:
        import vl_convert
    except ImportError as error:
        raise FramingError(f"{INSTALL} ({error})") from None
    return vl_convert


def enable_offline() -> None:
    """Serve Vega's JavaScript from the kernel (bundled by vl-convert) instead of a CDN; once per process."""
    if _OFFLINE["done"]:
        return
    alt = require_altair()
    _vl_convert()
    try:
        import anywidget  # noqa: F401 (JupyterChart needs it; say so before Altair's own message)
    except ImportError as error:
        raise FramingError(f"{INSTALL} ({error})") from None
    alt.JupyterChart.enable_offline()
    _OFFLINE["done"] = True


def _spec(chart: Any, width: int) -> dict[str, Any]:
    """The chart's Vega-Lite spec with a fixed width where it follows its container (no container here)."""
    spec: dict[str, Any] = chart.to_dict()
    if spec.get("width") == "container":
        spec["width"] = width
    return spec


def static_png(chart: Any, *, scale: float = 2, width: int = STATIC_WIDTH) -> bytes:
    """``chart`` rendered to PNG by vl-convert, ``scale`` pixels per CSS pixel (2: sharp on HiDPI).

    A PNG, not an SVG: JupyterLab does not show SVG outputs of an untrusted (reopened) notebook.
    """
    from altair.utils._importers import vl_version_for_vl_convert

    vlc = _vl_convert()
    return bytes(vlc.vegalite_to_png(_spec(chart, width), vl_version=vl_version_for_vl_convert(), scale=scale))


class ChartOutput:
    """A place for an interactive chart in a view (module docstring).

    >>> out = ChartOutput()
    >>> out.widget.children == (out.fit,)
    True
    """

    def __init__(self) -> None:
        self.fit = FitWidth()
        self.widget = w.VBox([self.fit], layout=w.Layout(width="100%", overflow="auto")).add_class("framing-chart")
        self.jupyter_chart: Any = None
        self._callbacks: list[Callable[[Pick], None]] = []

    def show(self, chart: Any, *, max_width: int = MAX_WIDTH) -> None:
        """Draw ``chart`` (updating the shown one in place) and observe its ``"pick"`` selection;
        a chart as wide as its container is at most ``max_width`` pixels wide."""
        if self.jupyter_chart is None:
            enable_offline()
            alt = require_altair()
            self.jupyter_chart = alt.JupyterChart(chart, embed_options={"renderer": "svg", "actions": False})
            self.jupyter_chart.layout.width = "100%"
            self.jupyter_chart.layout.min_width = f"{MIN_WIDTH}px"
        else:
            self.jupyter_chart.chart = chart
        self.jupyter_chart.layout.max_width = f"{max_width}px"
        self.jupyter_chart.selections.observe(self._picked, [PICK])
        self.widget.children = (self.fit, self.jupyter_chart)

    def clear(self) -> None:
        """Show no chart (the ``JupyterChart`` is kept, and the next :meth:`show` updates it)."""
        self.widget.children = (self.fit,)

    def on_pick(self, callback: Callable[[Pick], None]) -> None:
        """Call ``callback(picked)`` after each click that picks marks (a click on empty space picks none)."""
        self._callbacks.append(callback)

    @property
    def picked(self) -> Pick:
        """The fields of the marks picked now (``[]`` before a click, or with no chart)."""
        if self.jupyter_chart is None or not hasattr(self.jupyter_chart.selections, PICK):
            return []
        return [dict(v) for v in getattr(self.jupyter_chart.selections, PICK).value]

    def _picked(self, change: Any) -> None:
        picked = [dict(v) for v in change.new.value]
        if picked:
            for callback in self._callbacks:
                callback(picked)
