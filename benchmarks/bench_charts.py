"""Interactive-figure libraries measured in a real JupyterLab 4 in Chromium: which one the views should use.

The candidates (issue 17), each drawing the same two charts, and the views' current path as the peer:

- ``png`` — the baseline: a matplotlib figure rendered to a PNG in an ``ipywidgets.Image`` (what
  :meth:`framing.widgets.base.View.show_figure` did before issue 17, at 100 dpi);
- ``svg`` — the same figure as SVG in the ``ipywidgets.Image`` (the views' path after issue 17);
- ``altair`` — ``altair.JupyterChart`` (anywidget; Vega-Lite drawn as SVG; selections observable from Python);
- ``plotly`` — ``plotly.graph_objects.FigureWidget`` (anywidget; partial updates with ``batch_update``);
- ``bqplot`` — a bqplot ``Figure`` of ``Scatter``/``Lines`` marks (its own widget models);
- ``ipympl`` — a matplotlib figure on ipympl's canvas widget (the kernel renders, the page draws the PNG diff).

The charts: the views' *rates* plot (20 outlet × pattern points with interval bars, 3 outlets) and a
*time* plot (3 lines × 60 months with interval bands). Each chart sits in a panel with a text box; typing
a number and pressing Enter (as a user would) makes a kernel observer draw the data of that seed with the
title ``[update N]``. Measured in the page (``performance.now()``):

1. **update**: from the Enter key to the moment the chart's DOM shows the new data: the title text in the
   SVG, a new PNG decoded in the ``<img>``, or (ipympl) the canvas pixels changed by a ``drawImage``;
   the changes go round the candidates interleaved, so load on the shared machine hits all alike;
2. **first render**: from Shift+Enter on the panel's cell to the chart's DOM showing ``[update 0]``
   (the first round loads each library's JavaScript; later rounds are "warm");
3. **click → Python**: from the mouse-down on a point to an ``ipywidgets.HTML`` updated by the Python
   observer (Altair: a point selection observed on ``JupyterChart.selections``; plotly: ``on_click``;
   bqplot: ``on_element_click``; ipympl: ``mpl_connect("pick_event")``); the PNG has no click events,
   so its row is an ``ipywidgets.Button`` → HTML: the comm round trip every candidate pays;
4. **persistence**: the notebook is saved (widget state saved too: ``saveState``), its kernel shut down,
   and it is reopened in a new page: is a chart visible, or "Error displaying widget"? And which output
   types other than the widget view are in the file (what GitHub or nbviewer could show);
5. **HiDPI**: the page has ``devicePixelRatio`` 2: a chart is sharp when it is SVG, or a canvas/PNG with
   at least 2 device pixels per CSS pixel;
6. **payload**: bytes received on the page's websockets between the Enter key and the update (kernel
   status messages included).

    .venv/bin/python -m benchmarks.bench_charts                  # all candidates, 20 changes each
    .venv/bin/python benchmarks/bench_charts.py --candidates altair,plotly --changes 10
    .venv/bin/python benchmarks/bench_charts.py --quick --candidates altair   # 3 changes, one round

The notebook is written to ``build/bench/charts/charts.ipynb`` (never into ``notebooks/``), with its own
Jupyter config, data and runtime folders there; the JupyterLab log is ``build/bench/charts/jupyterlab.log``.
Ratios are the PNG baseline's median over the candidate's (> 1: the candidate is faster). Printed, never
asserted.
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import itertools
import json
import os
import random
import statistics
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # runnable as a script as well as -m

from benchmarks.harness import OUT, Measurement, Row, report, row  # noqa: E402
from benchmarks.lab_server import Lab  # noqa: E402

CANDIDATES = ("png", "svg", "altair", "plotly", "bqplot", "ipympl")
KINDS = ("rates", "time")
PACKAGES = {"png": ("matplotlib",), "svg": ("matplotlib",), "altair": ("altair", "anywidget", "vl_convert"), "plotly": ("plotly", "anywidget"),
            "bqplot": ("bqplot",), "ipympl": ("ipympl",)}
"""The modules each candidate needs in the kernel."""
FOLDER = OUT / "charts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
OUTLETS = ("kremlin.ru", "president.gov.ua", "un.org")
PATTERNS = ("invasion", "aggression", "special operation", "sanctions", "nato", "sovereignty", "genocide")
COLOURS = ("#0072B2", "#D55E00", "#009E73")
BASELINE_DPI = 100
"""The views' screen resolution before issue 17 (``SCREEN_DPI`` of framing.widgets.base at a44709e)."""
WIDTH, HEIGHT = 560, 360
"""CSS pixels of every chart (the PNG: its figure size at 100 dpi)."""
TIMEOUT = 60_000
"""ms for one update, click or render to show."""


# --- the data ---------------------------------------------------------------------------------

def rates_data(seed: int) -> pd.DataFrame:
    """20 outlet × pattern rates with an interval, as ``term_rates`` gives (seeded).

    >>> df = rates_data(1)
    >>> len(df), bool((df["lo"] <= df["rate"]).all() and (df["rate"] <= df["hi"]).all())
    (20, True)
    """
    rng = np.random.default_rng(seed)
    pairs = list(itertools.product(OUTLETS, PATTERNS))[:20]
    rate = rng.gamma(2.0, 3.0, len(pairs))
    half = rate * rng.uniform(0.1, 0.5, len(pairs))
    return pd.DataFrame({"outlet": [o for o, _ in pairs], "pattern": [p for _, p in pairs],
                         "label": [f"{p} · {o}" for o, p in pairs], "rate": rate, "lo": rate - half,
                         "hi": rate + half})


def time_data(seed: int) -> pd.DataFrame:
    """3 outlets × 60 months of rates with an interval band (seeded random walks).

    >>> df = time_data(1)
    >>> len(df), df["period"].nunique()
    (180, 60)
    """
    rng = np.random.default_rng(seed)
    periods = pd.date_range("2018-01-01", periods=60, freq="MS")
    frames = []
    for outlet in OUTLETS:
        rate = np.abs(5 + np.cumsum(rng.normal(0, 1, len(periods))))
        half = 0.2 * rate + 0.5
        frames.append(pd.DataFrame({"outlet": outlet, "period": periods, "rate": rate, "lo": rate - half,
                                    "hi": rate + half}))
    return pd.concat(frames, ignore_index=True)


DATA = {"rates": rates_data, "time": time_data}


def title(seed: int) -> str:
    """The marker the page waits for: unique per update."""
    return f"[update {seed}]"


# --- the candidates, in the kernel --------------------------------------------------------------
# Each builder returns (chart widget, update(df, title), on_click(report(str))).

Update = Callable[[pd.DataFrame, str], None]
OnClick = Callable[[Callable[[str], None]], None]


def _mpl_draw(ax: Any, kind: str, df: pd.DataFrame, text: str, *, picker: bool = False) -> dict[Any, str]:
    """The matplotlib drawing shared by the PNG baseline and ipympl; returns the outlet of each points' line."""
    lines = {}
    for outlet, colour in zip(OUTLETS, COLOURS):
        part = df[df["outlet"] == outlet]
        if kind == "rates":
            bars = ax.errorbar(part["rate"], part["label"], xerr=[part["rate"] - part["lo"], part["hi"] - part["rate"]],
                               fmt="o", color=colour, label=outlet, picker=5 if picker else None)
            lines[bars.lines[0]] = outlet
        else:
            ax.fill_between(part["period"], part["lo"], part["hi"], color=colour, alpha=0.2, linewidth=0)
            ax.plot(part["period"], part["rate"], color=colour, label=outlet)
    ax.set_title(text)
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1), frameon=False)
    return lines


def _image(fmt: str) -> Callable[[str], tuple[Any, Update, OnClick | None]]:
    """A matplotlib figure rendered to ``fmt`` ("png" or "svg") in an ``ipywidgets.Image``."""
    def build(kind: str) -> tuple[Any, Update, OnClick | None]:
        import ipywidgets as w

        from framing.viz.render import clean_style, figure_bytes, new_figure

        image = w.Image(format="svg+xml" if fmt == "svg" else fmt)

        def update(df: pd.DataFrame, text: str) -> None:
            with clean_style():
                fig = new_figure(width=WIDTH / BASELINE_DPI, aspect=HEIGHT / WIDTH)
                _mpl_draw(fig.subplots(), kind, df, text)
                image.value = figure_bytes(fig, fmt, dpi=BASELINE_DPI)

        return image, update, None
    return build


def _altair_spec(kind: str, df: pd.DataFrame, text: str) -> Any:
    import altair as alt

    colour = alt.Color("outlet:N", scale=alt.Scale(domain=list(OUTLETS), range=list(COLOURS)))
    if kind == "rates":
        pick = alt.selection_point(name="pick", fields=["outlet", "pattern"], on="click")
        base = alt.Chart(df).encode(y=alt.Y("label:N", sort=None, title=None), color=colour)
        chart = base.mark_rule().encode(x=alt.X("lo:Q", title="rate"), x2="hi:Q") + \
            base.mark_point(filled=True, size=60).encode(x="rate:Q", tooltip=["outlet", "pattern", "rate"]) \
            .add_params(pick)
    else:
        base = alt.Chart(df).encode(x=alt.X("period:T", title=None), color=colour)
        chart = base.mark_area(opacity=0.2).encode(y=alt.Y("lo:Q", title="rate"), y2="hi:Q") + \
            base.mark_line().encode(y="rate:Q")
    return chart.properties(title=text, width=WIDTH - 200, height=HEIGHT - 60)


def _altair(kind: str) -> tuple[Any, Update, OnClick | None]:
    import altair as alt

    chart = alt.JupyterChart(_altair_spec(kind, DATA[kind](0), title(0)),
                             embed_options={"renderer": "svg", "actions": False})
    observers: list[Callable[[Any], None]] = []

    def watch() -> None:  # a new chart brings a new `selections` object: observe it again
        for observer in observers:
            chart.selections.observe(observer, ["pick"])

    def update(df: pd.DataFrame, text: str) -> None:
        chart.chart = _altair_spec(kind, df, text)
        watch()

    def on_click(tell: Callable[[str], None]) -> None:
        observers.append(lambda change: tell(", ".join(f"{v['pattern']} · {v['outlet']}" for v in change.new.value)))
        watch()

    return chart, update, on_click if kind == "rates" else None


def _plotly(kind: str, *, widget: bool = True) -> tuple[Any, Update, OnClick | None]:
    import plotly.graph_objects as go

    fig = (go.FigureWidget if widget else go.Figure)(layout={"width": WIDTH, "height": HEIGHT, "margin": {"l": 170, "r": 10, "t": 40, "b": 30},
                                  "showlegend": kind == "time"})
    for outlet, colour in zip(OUTLETS, COLOURS):
        if kind == "rates":
            fig.add_scatter(mode="markers", name=outlet, marker_color=colour)
        else:
            fig.add_scatter(mode="lines", line_width=0, showlegend=False, hoverinfo="skip")
            fig.add_scatter(mode="lines", line_width=0, fill="tonexty", fillcolor=colour, opacity=0.2,
                            showlegend=False, hoverinfo="skip")
            fig.add_scatter(mode="lines", name=outlet, line_color=colour)

    def update(df: pd.DataFrame, text: str) -> None:
        with fig.batch_update():
            for i, outlet in enumerate(OUTLETS):
                part = df[df["outlet"] == outlet]
                if kind == "rates":
                    fig.data[i].update(x=part["rate"], y=part["label"], error_x={
                        "type": "data", "symmetric": False, "array": part["hi"] - part["rate"],
                        "arrayminus": part["rate"] - part["lo"]})
                else:
                    lo, hi, line = fig.data[3 * i: 3 * i + 3]
                    lo.update(x=part["period"], y=part["lo"])
                    hi.update(x=part["period"], y=part["hi"])
                    line.update(x=part["period"], y=part["rate"])
            fig.layout.title.text = text

    def on_click(tell: Callable[[str], None]) -> None:
        def clicked(trace: Any, points: Any, _state: Any) -> None:
            if points.point_inds:
                tell(f"{trace.y[points.point_inds[0]]}")
        for trace in fig.data:
            trace.on_click(clicked)

    return fig, update, on_click if kind == "rates" else None


def _bqplot(kind: str) -> tuple[Any, Update, OnClick | None]:
    import bqplot as bq

    x = bq.LinearScale() if kind == "rates" else bq.DateScale()
    y = bq.OrdinalScale() if kind == "rates" else bq.LinearScale()
    marks: list[Any] = []
    for colour in COLOURS:
        if kind == "rates":
            marks += [bq.Lines(x=[[0, 0]], y=[["", ""]], scales={"x": x, "y": y}, colors=[colour]),
                      bq.Scatter(x=[0], y=[""], scales={"x": x, "y": y}, colors=[colour])]
        else:
            marks += [bq.Lines(x=[0], y=[[0], [0]], scales={"x": x, "y": y}, fill="between", colors=[colour],
                               fill_colors=[colour], fill_opacities=[0.2], stroke_width=0),
                      bq.Lines(x=[0], y=[0], scales={"x": x, "y": y}, colors=[colour])]
    fig = bq.Figure(marks=marks, axes=[bq.Axis(scale=x), bq.Axis(scale=y, orientation="vertical")],
                    fig_margin={"top": 40, "bottom": 30, "left": 170, "right": 10},
                    layout={"width": f"{WIDTH}px", "height": f"{HEIGHT}px"})

    def update(df: pd.DataFrame, text: str) -> None:
        with fig.hold_sync():
            for i, outlet in enumerate(OUTLETS):
                part = df[df["outlet"] == outlet]
                first, second = marks[2 * i: 2 * i + 2]
                if kind == "rates":
                    with first.hold_sync():
                        first.x, first.y = part[["lo", "hi"]].to_numpy(), np.repeat(part[["label"]].to_numpy(), 2, 1)
                    with second.hold_sync():
                        second.x, second.y = part["rate"].to_numpy(), part["label"].to_numpy()
                else:
                    days = part["period"].to_numpy()
                    with first.hold_sync():
                        first.x, first.y = days, part[["lo", "hi"]].to_numpy().T
                    with second.hold_sync():
                        second.x, second.y = days, part["rate"].to_numpy()
            fig.title = text

    def on_click(tell: Callable[[str], None]) -> None:
        for scatter in marks[1::2]:
            scatter.on_element_click(lambda mark, event: tell(str(mark.y[event["data"]["index"]])))

    return fig, update, on_click if kind == "rates" else None


def _ipympl(kind: str) -> tuple[Any, Update, OnClick | None]:
    import ipywidgets as w
    import matplotlib.pyplot as plt

    plt.switch_backend("module://ipympl.backend_nbagg")
    with plt.ioff():
        fig = plt.figure(figsize=(WIDTH / 100, HEIGHT / 100), dpi=100, layout="constrained")
    fig.canvas.header_visible = False
    fig.canvas.toolbar_visible = False
    where = w.HTML().add_class("bench-where")   # where the first two points are, for the page to click
    shown: dict[str, Any] = {}

    def update(df: pd.DataFrame, text: str) -> None:
        fig.clear()
        ax = fig.subplots()
        shown["lines"], shown["df"] = _mpl_draw(ax, kind, df, text, picker=True), df
        fig.draw_without_rendering()   # the layout, for the points' positions; the page asks for the image
        points = fig.transFigure.inverted().transform(ax.transData.transform(
            np.column_stack([df["rate"].to_numpy()[:2], [0, 1]]))) if kind == "rates" else []
        where.value = ";".join(f"{fx:.5f},{fy:.5f}" for fx, fy in points)
        fig.canvas.draw_idle()

    def on_click(tell: Callable[[str], None]) -> None:
        def picked(event: Any) -> None:
            outlet = shown["lines"][event.artist]
            part = shown["df"][shown["df"]["outlet"] == outlet]
            tell(str(part["label"].iloc[event.ind[0]]))
        fig.canvas.mpl_connect("pick_event", picked)

    return w.VBox([fig.canvas, where]), update, on_click if kind == "rates" else None


BUILDERS: dict[str, Callable[[str], tuple[Any, Update, OnClick | None]]] = {
    "png": _image("png"), "svg": _image("svg"), "altair": _altair, "plotly": _plotly, "bqplot": _bqplot, "ipympl": _ipympl}


def panel(candidate: str, kind: str) -> Any:
    """What a benchmark cell shows: a text box (a seed), the chart, the click report, a button (the floor).

    Enter in the text box draws ``DATA[kind](seed)`` titled :func:`title`; a click on a point (or on the
    button) writes ``clicked <what> #<n>`` into the report.
    """
    import ipywidgets as w

    chart, update, on_click = BUILDERS[candidate](kind)
    box = w.Text(value="0", continuous_update=False).add_class("bench-input")
    clicked = w.HTML("no click").add_class("bench-clicked")
    count = itertools.count(1)

    def tell(what: str) -> None:
        clicked.value = f"clicked {what or '(none)'} #{next(count)}"

    box.observe(lambda change: update(DATA[kind](int(change.new)), title(int(change.new))), names="value")
    update(DATA[kind](0), title(0))
    children = [box, w.Box([chart]).add_class("bench-chart"), clicked]
    if on_click is not None:
        on_click(tell)
    elif candidate in ("png", "svg") and kind == "rates":
        button = w.Button(description="click").add_class("bench-button")
        button.on_click(lambda _b: tell("button"))
        children.append(button)
    return w.VBox(children).add_class(f"bench-panel-{candidate}-{kind}")


def static(candidate: str) -> Any:
    """The candidate's static rendering of the rates chart (what a notebook keeps without widget state).

    Altair: a PNG (2 pixels per CSS pixel) from vl-convert (its default, HTML, loads Vega from a CDN; JupyterLab
    renders the Vega-Lite mimebundle only up to v5; an SVG output is not shown once the notebook is untrusted); plotly: the figure's mimebundle (``application/vnd.plotly.v1+json``,
    drawn by the jupyterlab-plotly extension); the PNG/SVG baselines: the image itself.
    """
    from IPython.display import SVG, Image

    df, text = rates_data(0), title(0)
    if candidate == "altair":
        import altair as alt

        with alt.renderers.enable("png", scale_factor=2):   # SVG would not show in an untrusted notebook
            bundle = _altair_spec("rates", df, text)._repr_mimebundle_()
        png = (bundle[0] if isinstance(bundle, tuple) else bundle)["image/png"]
        return Image(base64.b64decode(png) if isinstance(png, str) else png, width=WIDTH)
    if candidate == "plotly":
        chart, update, _ = _plotly("rates", widget=False)
        update(df, text)
        return chart
    from framing.viz.render import clean_style, figure_bytes, new_figure

    with clean_style():
        fig = new_figure(width=WIDTH / BASELINE_DPI, aspect=HEIGHT / WIDTH)
        _mpl_draw(fig.subplots(), "rates", df, text)
        data = figure_bytes(fig, "svg" if candidate == "svg" else "png", dpi=BASELINE_DPI)
    return SVG(data) if candidate == "svg" else Image(data)


STATIC = ("png", "svg", "altair", "plotly")
"""Candidates with a static rendering of their own (bqplot has none; ipympl's is the PNG baseline's)."""


def warm(candidates: Sequence[str]) -> None:
    """Import the candidates' Python packages (so that first render times the chart, not the import)."""
    import importlib

    for name in candidates:
        for module in PACKAGES[name]:
            importlib.import_module(module)
    importlib.import_module("framing.viz.render")
    if "ipympl" in candidates:
        importlib.import_module("ipympl.backend_nbagg")
    if "altair" in candidates:   # vega-embed bundled by vl-convert: by default the page imports it from esm.sh
        importlib.import_module("altair").JupyterChart.enable_offline()


# --- the notebook and the server ---------------------------------------------------------------

def missing(candidates: Sequence[str]) -> dict[str, str]:
    """Candidates whose packages are not importable here, with the reason."""
    import importlib.util

    return {c: f"{c} needs {', '.join(m for m in PACKAGES[c] if importlib.util.find_spec(m) is None)}"
            for c in candidates if any(importlib.util.find_spec(m) is None for m in PACKAGES[c])}


def write_notebook(folder: Path, panels: Sequence[tuple[str, str]]) -> Path:
    """``charts.ipynb`` in ``folder``: a setup cell, one cell per panel, one per static rendering (:func:`static`)."""
    import nbformat

    from framing._infra.atomic import write_text

    candidates = sorted({c for c, _ in panels})
    setup = (f"import sys\nsys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})\n"
             "import ipywidgets\nfrom benchmarks.bench_charts import panel, static, warm\n"
             f"warm({candidates!r})\nipywidgets.Label('ready').add_class('bench-ready')")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(setup)] + [
        nbformat.v4.new_code_cell(f"panel({c!r}, {k!r})") for c, k in panels] + [
        nbformat.v4.new_code_cell(f"static({c!r})") for c in dict.fromkeys(c for c, _ in panels) if c in STATIC])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "charts.ipynb"
    write_text(path, nbformat.writes(nb))
    return path


SETTINGS = {"@jupyter-widgets/jupyterlab-manager/plugin": {"saveState": True}}
"""Over :data:`benchmarks.lab_server.SETTINGS`: widget state is saved, so reopening can be compared with it."""


# --- measuring in the page ----------------------------------------------------------------------

ARM = """([selector, key, mode, marker]) => {
  // Resolve window.__bench with {t0, t1, ...} once the chart in `selector` shows the change that follows
  // the next `key` (a key name, or 'mousedown'); t0 is stamped by a capturing listener on the document.
  const root = document.querySelector(selector);
  const img = root.querySelector('img');
  const canvases = () => [...root.querySelectorAll('canvas')];
  const digest = (c) => { try { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let h = 0; for (let i = 0; i < d.length; i += 4) h = (Math.imul(h, 31) + d[i] + 3 * d[i + 1] + 7 * d[i + 2]) | 0;
      return h; } catch (e) { return null; } };
  const before = {text: root.textContent, src: img && img.src, pixels: canvases().map(digest).join()};
  const state = {t0: null, t1: null};
  const start = (e) => { if (state.t0 === null && (key === 'mousedown' ? e.type === 'mousedown' : e.key === key))
      state.t0 = performance.now(); };
  document.addEventListener('keydown', start, true);
  document.addEventListener('mousedown', start, true);
  window.__bench = new Promise((resolve) => {
    let done = false;
    const finish = (extra) => { if (done || state.t0 === null) return; done = true; state.t1 = performance.now();
      document.removeEventListener('keydown', start, true); document.removeEventListener('mousedown', start, true);
      observer.disconnect(); resolve({...state, ...extra}); };
    const check = () => {
      if (mode === 'text' && root.textContent.includes(marker)) finish({changed: true});
      if (mode === 'changed' && root.textContent !== before.text) finish({text: root.textContent.slice(0, 300)});
      const now = root.querySelector('img');
      if (mode === 'img' && now && now.src !== before.src)
        now.decode().then(() => finish({changed: true})).catch(() => {});
      if (mode === 'canvas') { const p = canvases().map(digest).join(); if (p !== before.pixels) finish({changed: true}); }
    };
    const observer = new MutationObserver(check);
    observer.observe(root, {subtree: true, childList: true, characterData: true, attributes: true});
    if (mode === 'canvas') {   // a canvas changes without a DOM mutation: check after each draw on it
      const proto = CanvasRenderingContext2D.prototype;
      for (const name of ['drawImage', 'putImageData']) {
        const original = proto[name];
        if (original.__bench) continue;
        proto[name] = function (...args) { const r = original.apply(this, args);
          if (window.__benchCheck) window.__benchCheck(this.canvas); return r; };
        proto[name].__bench = true;
      }
      window.__benchCheck = (c) => { if (root.contains(c)) check(); };
    }
  });
}"""

RENDER = {"png": "img", "svg": "img", "ipympl": "canvas"}
"""How the page sees an update of each candidate (the others: the title text in their SVG)."""


@dataclasses.dataclass
class Bytes:
    """Bytes received on the page's websockets since the last :meth:`take`."""

    received: int = 0

    def take(self) -> int:
        value, self.received = self.received, 0
        return value


def _wait(page: Any) -> dict[str, Any]:
    try:
        result = page.evaluate(f"() => Promise.race([window.__bench, new Promise((_, no) => setTimeout("
                               f"() => no(new Error('no change within {TIMEOUT} ms')), {TIMEOUT}))])")
    except Exception:
        page.screenshot(path=str(FOLDER / "failed.png"), full_page=True)
        raise
    return {**result, "seconds": (result["t1"] - result["t0"]) / 1000}


def _arm(page: Any, candidate: str, kind: str, key: str, marker: str, *, mode: str | None = None) -> None:
    page.evaluate(ARM, [f".bench-panel-{candidate}-{kind} .bench-chart" if mode != "changed"
                        else f".bench-panel-{candidate}-{kind} .bench-clicked",
                        key, mode or RENDER.get(candidate, "text"), marker])


def setup(page: Any, folder: Path) -> None:
    """Run the setup cell once the kernel is connected (a key pressed before that runs nothing: pressed again)."""
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=180_000)
    for _attempt in range(6):
        dialog = page.locator(".jp-Dialog .jp-mod-accept")
        if dialog.count():
            dialog.first.click()
        page.locator(".jp-Notebook .jp-CodeCell .jp-InputPrompt").first.click()
        page.keyboard.press("Shift+Enter")
        try:
            page.wait_for_selector(".bench-ready", timeout=30_000)
            return
        except Exception:  # noqa: BLE001 (Playwright's timeout: try again)
            page.screenshot(path=str(folder / "setup-failed.png"))
    raise RuntimeError(f"the setup cell did not run; see {folder / 'setup-failed.png'} and jupyterlab.log")


def first_render(page: Any, cell: int, candidate: str, kind: str) -> dict[str, Any]:
    """Run code cell ``cell`` with Shift+Enter; time until its chart shows ``[update 0]``."""
    cells = page.locator(".jp-Notebook .jp-CodeCell")
    prompt = cells.nth(cell).locator(".jp-InputPrompt")
    prompt.scroll_into_view_if_needed()
    prompt.click()
    page.evaluate("""([cell, mode]) => {
      const state = {t0: null};
      const old = document.querySelectorAll('.jp-Notebook .jp-CodeCell')[cell].querySelectorAll('.bench-chart');
      old.forEach(c => { c.dataset.benchOld = '1'; });     // the previous run's chart does not count
      const start = (e) => { if (e.key === 'Enter' && state.t0 === null) state.t0 = performance.now(); };
      document.addEventListener('keydown', start, true);
      window.__bench = new Promise((resolve) => {
        const tick = () => {
          const out = document.querySelectorAll('.jp-Notebook .jp-CodeCell')[cell];
          const chart = out && [...out.querySelectorAll('.bench-chart')].find(c => !c.dataset.benchOld);
          const ready = chart && (mode === 'text' ? chart.textContent.includes('[update 0]')
              : mode === 'img' ? [...chart.querySelectorAll('img')].some(i => i.complete && i.naturalWidth > 0)
              : [...chart.querySelectorAll('canvas')].some(c => c.width > 0 && c.getContext('2d')
                   .getImageData(0, 0, c.width, c.height).data.some(v => v !== 0)));
          if (ready && state.t0 !== null) {
            document.removeEventListener('keydown', start, true);
            resolve({t0: state.t0, t1: performance.now()});
          } else setTimeout(tick, 5);
        };
        tick();
      });
    }""", [cell, RENDER.get(candidate, "text")])
    page.keyboard.press("Shift+Enter")
    return _wait(page)


def update(page: Any, candidate: str, kind: str, seed: int, traffic: Bytes) -> dict[str, Any]:
    """Type ``seed`` into the panel's text box and press Enter; time until the chart shows it."""
    box = page.locator(f".bench-panel-{candidate}-{kind} .bench-input input")
    page.locator(f".bench-panel-{candidate}-{kind}").scroll_into_view_if_needed()
    box.fill(str(seed))
    _arm(page, candidate, kind, "Enter", title(seed))
    traffic.take()
    box.press("Enter")
    result = _wait(page)
    page.wait_for_timeout(30)   # let the last frames of the message arrive
    return {**result, "bytes": traffic.take(), "shows": bool(result.get("changed"))}


def _targets(page: Any, candidate: str) -> list[tuple[float, float]]:
    """Page coordinates of the first two points of the rates chart (the PNG: its button)."""
    scope = page.locator(f".bench-panel-{candidate}-rates")
    if candidate in ("png", "svg"):
        box = scope.locator(".bench-button").bounding_box()
        return [(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)] * 2
    if candidate == "ipympl":
        canvas = scope.locator("canvas").first.bounding_box()
        pairs = [p.split(",") for p in scope.locator(".bench-where").inner_text().split(";")]
        return [(canvas["x"] + float(fx) * canvas["width"], canvas["y"] + (1 - float(fy)) * canvas["height"])
                for fx, fy in pairs]
    selector = {"altair": ".mark-symbol path", "plotly": ".scatterlayer .points path.point",
                "bqplot": "path.dot"}[candidate]
    points = scope.locator(selector)
    boxes = [points.nth(i).bounding_box() for i in range(2)]
    return [(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2) for b in boxes]


def click(page: Any, candidate: str, i: int, traffic: Bytes) -> dict[str, Any]:
    """Click point ``i % 2`` of the rates chart; time until the Python observer's report changes."""
    page.locator(f".bench-panel-{candidate}-rates").scroll_into_view_if_needed()
    x, y = _targets(page, candidate)[i % 2]
    page.mouse.move(x, y)
    page.wait_for_timeout(150)     # hover first, as a hand does (plotly picks the point on hover)
    _arm(page, candidate, "rates", "mousedown", "", mode="changed")
    traffic.take()
    page.mouse.click(x, y)
    result = _wait(page)
    return {**result, "bytes": traffic.take()}


def sharpness(page: Any, candidate: str, kind: str) -> str:
    """How the chart is drawn, and whether it is sharp at the page's devicePixelRatio."""
    return page.evaluate("""async (selector) => {
      const root = document.querySelector(selector);
      const dpr = window.devicePixelRatio;
      const canvas = [...root.querySelectorAll('canvas')].find(c => c.getBoundingClientRect().width > 0);
      const img = root.querySelector('img');
      const ratio = (px, css) => (px / css).toFixed(2);
      if (canvas) { const r = ratio(canvas.width, canvas.getBoundingClientRect().width);
        return `canvas ${r} px/css px (dpr ${dpr}): ${r >= dpr ? 'sharp' : 'blurry'}`; }
      if (img && (await (await fetch(img.src)).blob()).type.includes('svg')) return 'SVG image (vector): sharp';
      if (img) { const r = ratio(img.naturalWidth, img.getBoundingClientRect().width);
        return `PNG ${r} px/css px (dpr ${dpr}): ${r >= dpr ? 'sharp' : 'blurry'}`; }
      return root.querySelector('svg') ? 'SVG (vector): sharp' : 'nothing drawn';
    }""", f".bench-panel-{candidate}-{kind} .bench-chart")


def saved_outputs(path: Path, labels: Sequence[str]) -> dict[str, list[str]]:
    """The output types each cell after the setup has in the saved notebook, other than the widget view."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if c["cell_type"] == "code"][1:]
    return {p: sorted({t for out in c.get("outputs", []) for t in out.get("data", {})
                       if t != "application/vnd.jupyter.widget-view+json"}) for p, c in zip(labels, cells)}


def strip_state(path: Path) -> dict[str, float]:
    """Remove the saved widget state from the notebook (as JupyterLab saves it by default); return its size
    in KiB per widget module (an anywidget's state holds its JavaScript)."""
    from framing._infra.atomic import write_text

    nb = json.loads(path.read_text(encoding="utf-8"))
    saved = nb.get("metadata", {}).pop("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    sizes: dict[str, float] = {}
    for model in saved.get("state", {}).values():
        module = model.get("state", {}).get("_anywidget_id") or model.get("model_module", "?")
        sizes[module] = sizes.get(module, 0) + len(json.dumps(model)) / 1024
    write_text(path, json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    return {m: round(v, 1) for m, v in sorted(sizes.items())}


def reopened(page: Any, labels: Sequence[str]) -> dict[str, str]:
    """What each cell after the setup shows in a page opened on the saved notebook after its kernel was shut down."""
    page.wait_for_selector(".jp-Notebook .jp-CodeCell")
    page.wait_for_timeout(8000)     # the widget manager restores the saved state, if any
    shown = page.evaluate("""() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')].slice(1).map(cell => {
      const out = cell.querySelector('.jp-OutputArea');
      const text = out ? out.textContent : '';
      if (/Error displaying widget|model not found/i.test(text)) return 'Error displaying widget';
      const big = (scope) => scope && [...scope.querySelectorAll('svg, canvas, img')]
          .some(e => e.getBoundingClientRect().width > 150 && e.getBoundingClientRect().height > 100);
      if (big(out && out.querySelector('.bench-chart'))) return 'the chart (saved widget state)';
      if (big(out)) return 'a static chart';
      return text.trim() ? `text: ${text.trim().slice(0, 40)}` : 'nothing';
    })""")
    return dict(zip(labels, shown))


# --- the run -------------------------------------------------------------------------------------

def _stats(values: Sequence[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"median": statistics.median(ordered), "p90": ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))],
            "max": ordered[-1], "n": len(ordered)}


def measure_all(browser: Any, candidates: Sequence[str], *, changes: int, rounds: int, clicks: int,
                folder: Path = FOLDER, seed: int = 0, dpr: float = 2) -> dict[str, Any]:
    """Every measurement of the module docstring, for ``candidates`` (the PNG baseline is always added).

    Returns a JSON-ready record: per candidate and chart the update, first-render and click times (s),
    the bytes, the saved output types, what a reopened notebook shows, and the sharpness.
    """
    candidates = ["png", *[c for c in candidates if c != "png"]]
    panels = [(c, k) for c in candidates for k in KINDS]
    labels = [f"{c}/{k}" for c, k in panels] + [f"{c}/static" for c in candidates if c in STATIC]
    folder.mkdir(parents=True, exist_ok=True)
    path = write_notebook(folder, panels)
    rng = random.Random(seed)
    record: dict[str, Any] = {"candidates": candidates, "changes": changes, "rounds": rounds, "dpr": dpr,
                              "cpus": os.cpu_count(), "load": os.getloadavg()[0]}
    updates: dict[str, list[dict[str, Any]]] = {f"{c}/{k}": [] for c, k in panels}
    renders: dict[str, list[float]] = {f"{c}/{k}": [] for c, k in panels}
    clicked: dict[str, list[dict[str, Any]]] = {c: [] for c in candidates}
    with Lab(folder, settings=SETTINGS) as lab:
        url, api = lab.url("charts.ipynb"), lab.api
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, device_scale_factor=dpr)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        traffic = Bytes()

        def listen(ws: Any) -> None:
            def got(payload: Any) -> None:
                traffic.received += len(payload)
            ws.on("framereceived", got)
        page.on("websocket", listen)
        page.goto(url)
        setup(page, folder)
        for r in range(rounds):                 # round 0: cold (each library's JavaScript loads)
            order = list(enumerate(panels, start=1))
            if r:
                rng.shuffle(order)
            for cell, (c, k) in order:
                renders[f"{c}/{k}"].append(first_render(page, cell, c, k)["seconds"])
        cells = page.locator(".jp-Notebook .jp-CodeCell")
        for cell in range(len(panels) + 1, len(labels) + 1):    # the static renderings
            cells.nth(cell).locator(".jp-InputPrompt").click()
            page.keyboard.press("Shift+Enter")
            page.wait_for_function("(i) => /\\[\\d+\\]/.test(document.querySelectorAll('.jp-Notebook .jp-CodeCell')[i]"
                                   ".querySelector('.jp-InputPrompt').textContent)", arg=cell)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']")
        for i in range(changes):                # interleaved: every panel once per round, in a new order
            order = list(panels)
            rng.shuffle(order)
            for c, k in order:
                updates[f"{c}/{k}"].append(update(page, c, k, 1000 + i, traffic))
        for i in range(clicks):
            order = list(candidates)
            rng.shuffle(order)
            for c in order:
                clicked[c].append(click(page, c, i, traffic))
        record["sharpness"] = {f"{c}/{k}": sharpness(page, c, k) for c, k in panels}
        page.keyboard.press("Escape")
        page.locator(".jp-Notebook").first.click(position={"x": 5, "y": 5})
        page.keyboard.press("Control+s")
        page.wait_for_function("() => !document.querySelector('.jp-mod-dirty')", timeout=60_000)
        page.wait_for_timeout(1000)
        record["saved_bytes"] = path.stat().st_size
        record["saved_outputs"] = saved_outputs(path, labels)
        for session in json.loads(api("/api/sessions", "GET")):
            api(f"/api/sessions/{session['id']}", "DELETE")
        page.close()
        page = context.new_page()
        page.goto(url)
        record["reopened"] = reopened(page, labels)
        page.screenshot(path=str(folder / "reopened.png"), full_page=True)
        record["state_kib"] = strip_state(path)
        for session in json.loads(api("/api/sessions", "GET")):
            api(f"/api/sessions/{session['id']}", "DELETE")
        page.close()
        page = context.new_page()
        page.goto(url)
        record["reopened_without_state"] = reopened(page, labels)
        page.screenshot(path=str(folder / "reopened-without-state.png"), full_page=True)
        context.close()
    record["updates"] = updates
    record["renders"] = renders
    record["clicks"] = clicked
    return record


def rows(record: dict[str, Any]) -> list[Row]:
    """Table rows: each candidate's median against the PNG baseline's, measured in the same run."""
    out = []
    label = "synthetic: rates 20 points, time 3 × 60"
    for c in record["candidates"]:
        for k in KINDS:
            ours = [u["seconds"] for u in record["updates"][f"{c}/{k}"]]
            peer = [u["seconds"] for u in record["updates"][f"png/{k}"]]
            s = _stats(ours)
            kb = statistics.median(u["bytes"] for u in record["updates"][f"{c}/{k}"]) / 1024
            out.append(row(f"charts: {c} {k}: type → chart shows it", label, 20 if k == "rates" else 180,
                           Measurement(ours, peer, 0), peer="PNG in ipywidgets.Image",
                           note=f"p90 {s['p90'] * 1000:.0f} ms, max {s['max'] * 1000:.0f} ms; "
                                f"{kb:.1f} KiB received per update; {record['sharpness'][f'{c}/{k}']}"))
            renders = record["renders"][f"{c}/{k}"]
            out.append(row(f"charts: {c} {k}: first render (cold)", label, 20 if k == "rates" else 180,
                           Measurement(renders[:1], record["renders"][f"png/{k}"][:1], 0),
                           peer="PNG in ipywidgets.Image",
                           note=f"warm: {_seconds_list(renders[1:])}; reopened: {record['reopened'][f'{c}/{k}']}; "
                                f"saved static types: {record['saved_outputs'][f'{c}/{k}'] or 'none'}"))
        clicks = [x["seconds"] for x in record["clicks"][c]]
        if clicks:
            out.append(row(f"charts: {c} rates: click → Python → HTML", label, 20,
                           Measurement(clicks, [x["seconds"] for x in record["clicks"]["png"]], 0),
                           peer="ipywidgets.Button → HTML (PNG has no click)",
                           note="; ".join(x["text"][:60] for x in record["clicks"][c][:2])))
    return out


def _seconds_list(values: Sequence[float]) -> str:
    return ", ".join(f"{v * 1000:.0f} ms" for v in values) or "-"


def summary(record: dict[str, Any]) -> pd.DataFrame:
    """The distribution table: per candidate and chart, update median/p90/max, first render, click, ratio."""
    lines = []
    for c in record["candidates"]:
        for k in KINDS:
            s, base = (_stats([u["seconds"] for u in record["updates"][f"{x}/{k}"]]) for x in (c, "png"))
            clicks = [x["seconds"] for x in record["clicks"][c]] if k == "rates" else []
            lines.append({
                "candidate": c, "chart": k, "update median ms": round(s["median"] * 1000),
                "p90 ms": round(s["p90"] * 1000), "max ms": round(s["max"] * 1000),
                "PNG ÷ this (median)": round(base["median"] / s["median"], 2),
                "first render cold ms": round(record["renders"][f"{c}/{k}"][0] * 1000),
                "warm ms": round(statistics.median(record["renders"][f"{c}/{k}"][1:] or
                                                   record["renders"][f"{c}/{k}"]) * 1000),
                "click → Python ms": round(statistics.median(clicks) * 1000) if clicks else None,
                "KiB/update": round(statistics.median(u["bytes"] for u in record["updates"][f"{c}/{k}"]) / 1024, 1),
                "all updates shown": all(u["shows"] for u in record["updates"][f"{c}/{k}"]),
                "HiDPI": record["sharpness"][f"{c}/{k}"], "reopened": record["reopened"][f"{c}/{k}"],
                "reopened, no state": record["reopened_without_state"][f"{c}/{k}"],
                "static in file": ", ".join(record["saved_outputs"][f"{c}/{k}"]) or "none"})
    return pd.DataFrame(lines)


def run(candidates: Sequence[str], *, changes: int = 20, rounds: int = 3, clicks: int = 10, browser: Any = None,
        folder: Path = FOLDER, seed: int = 0) -> tuple[list[Row], dict[str, Any]]:
    """Measure ``candidates`` (+ the PNG baseline) in the given Playwright ``browser`` (or a new Chromium)."""
    absent = missing(["png", *candidates])
    if absent:
        raise RuntimeError("; ".join(absent.values()) + ": pip install them into this Python")
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            own = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                record = measure_all(own, candidates, changes=changes, rounds=rounds, clicks=clicks, folder=folder,
                                     seed=seed)
            finally:
                own.close()
    else:
        record = measure_all(browser, candidates, changes=changes, rounds=rounds, clicks=clicks, folder=folder,
                             seed=seed)
    from framing._infra.atomic import write_text

    write_text(folder / "charts.json", json.dumps(record, indent=1, default=str) + "\n")
    return rows(record), record


def main(argv: Sequence[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--candidates", default=",".join(CANDIDATES[1:]), help="comma-separated, of "
                        f"{list(CANDIDATES[1:])} (the PNG baseline is always measured)")
    parser.add_argument("--changes", type=int, default=20, help="updates per chart (default 20)")
    parser.add_argument("--quick", action="store_true", help="3 updates, 2 clicks, one render round")
    parser.add_argument("--seed", type=int, default=0, help="seed of the interleaving order")
    args = parser.parse_args(argv)
    candidates = [c.strip() for c in args.candidates.split(",") if c.strip()]
    unknown = sorted(set(candidates) - set(CANDIDATES))
    if unknown:
        parser.error(f"unknown candidate(s) {unknown}; choose from {list(CANDIDATES)}")
    quick = {"changes": 3, "rounds": 1, "clicks": 2} if args.quick else {"changes": args.changes, "rounds": 3,
                                                                          "clicks": 10}
    result, record = run(candidates, seed=args.seed, **quick)
    with pd.option_context("display.width", 250, "display.max_columns", 20, "display.max_colwidth", 60):
        print(summary(record).to_string(index=False), flush=True)
    print(f"saved notebook: {record['saved_bytes'] / 1024:.0f} KiB; widget state per module (KiB): "
          f"{record['state_kib']}", flush=True)
    for label in (k for k in record["reopened"] if k.endswith("/static")):
        print(f"{label}: saved as {', '.join(record['saved_outputs'][label])}; reopened without widget state and "
              f"kernel: {record['reopened_without_state'][label]}", flush=True)
    report(result, name="charts-quick" if args.quick else "charts")
    return result


if __name__ == "__main__":
    main()
