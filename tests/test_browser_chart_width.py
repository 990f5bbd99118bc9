"""Interactive charts as wide as their container, in a real JupyterLab and in Voilà, in Chromium.

A notebook written by the test shows three :class:`~framing.widgets.charts.ChartOutput` boxes of
:func:`~framing.viz.charts.rates_chart` (width ``"container"``): one drawn when the cell's output is
built (before it is laid out), one capped at 500 pixels, and one left empty until a text box's
observer puts a chart into it (a chart drawn into a box already on the page); the same observer
redraws the first chart in place. For each box the test reads, in the page, the box's width and
the width of the SVG that Vega drew, and waits until every SVG is as wide as its box — at least
:data:`~framing.widgets.charts.MIN_WIDTH`, at most the box's maximum — after: the first render;
opening or closing JupyterLab's left side bar (the notebook panel changes width, the window does
not, so no ``resize`` event comes from the browser); a smaller window; the redraws. In Voilà: a
wide window, then one narrower than the minimum. Each wait is for that state and a box width
other than the one before, so a state reached before the action cannot satisfy it.
"""

from __future__ import annotations

import pytest
from test_browser import (  # noqa: F401 (fixtures)
    RUN_TIMEOUT,
    UPDATE_TIMEOUT,
    PlaywrightTimeout,
    browser,
    demo_corpus,
    lab,
    notebook_dir,
    page,
    run_all_cells,
    server_env,
    shot,
    shown_errors,
    voila,
)

from benchmarks.lab_server import write_notebook

pytestmark = pytest.mark.browser
pytest.importorskip("altair", reason="interactive charts need altair: pip install altair anywidget vl-convert-python")

from framing.widgets.charts import MAX_WIDTH, MIN_WIDTH  # noqa: E402

CAP = 500
"""The capped chart's ``max_width``."""
SETUP = f'''\
import ipywidgets as w
import pandas as pd
from framing.viz.charts import rates_chart
from framing.widgets.charts import ChartOutput

def chart(title, scale=1.0):
    table = pd.DataFrame({{"outlet": ["kremlin.ru", "president.gov.ua", "novosti.rs"],
                          "pattern": ["агресија", "invasion|invad*", "agresija"],
                          "per_10k": [3.0 * scale, 1.0, 2.0], "count": [7, 2, 4]}})
    return rates_chart(table).properties(title=title)

first, capped, later = ChartOutput(), ChartOutput(), ChartOutput()
for name, output in (("first", first), ("capped", capped), ("later", later)):
    output.widget.add_class(f"chart-{{name}}")
first.show(chart("first 1"))
capped.show(chart("capped 1"), max_width={CAP})
redraw = w.Text(value="1", continuous_update=False).add_class("chart-redraw")
def redrawn(change):
    first.show(chart(f"first {{change.new}}", float(change.new)))
    later.clear()
    later.show(chart(f"later {{change.new}}", float(change.new)))
redraw.observe(redrawn, names="value")
w.VBox([redraw, first.widget, capped.widget, later.widget])
'''
MEASURE = """(names) => names.map((name) => {
    const box = document.querySelector(`.chart-${name}`);
    const svg = box && box.querySelector('.vega-embed svg.marks');
    const title = svg && svg.querySelector('.role-title-text');
    return {name, box: box ? box.clientWidth : 0, svg: svg ? svg.getBoundingClientRect().width : 0,
            title: title ? title.textContent : ''};
})"""
FITS = "([names, widest, least, tolerance, titles, before]) => {const measured = (" + MEASURE + """)(names);
    window.framingMeasured = measured;
    return measured.every((m, i) => m.box > 0 && m.title === titles[i] && m.box !== before[i]
        && Math.abs(m.svg - Math.min(Math.max(m.box, least), widest[i])) <= tolerance);
}"""
TOLERANCE = 2
"""Pixels the SVG may differ from its container (Vega rounds the width it measures)."""


def fitted(page, charts: dict[str, str], before: dict[str, int] | None = None) -> dict[str, int]:
    """Wait until each chart (name → its title) is drawn as wide as its box and the box's width
    differs from ``before``; return the boxes' widths."""
    names = list(charts)
    widest = [CAP if name == "capped" else MAX_WIDTH for name in names]
    previous = [(before or {}).get(name, -1) for name in names]
    try:
        page.wait_for_function(FITS, arg=[names, widest, MIN_WIDTH, TOLERANCE, list(charts.values()), previous])
    except PlaywrightTimeout:
        pytest.fail(f"charts not as wide as their boxes: {page.evaluate('window.framingMeasured')}")
    return {m["name"]: m["box"] for m in page.evaluate(MEASURE, names)}


def redraw(page, scale: str) -> None:
    """Type ``scale`` into the notebook's text box: the first chart is redrawn in place, the last shown anew."""
    box = page.locator(".chart-redraw input")
    box.fill(scale)
    box.press("Enter")


@pytest.fixture(scope="module")
def width_notebook(notebook_dir):
    return write_notebook(notebook_dir / "chart_width.ipynb", SETUP)


def test_charts_follow_their_container_in_jupyterlab(lab, page, width_notebook):
    lab.close_sessions()
    page.goto(f"{lab.url}/lab/tree/{width_notebook.name}?token={lab.token}&reset")
    run_all_cells(page, width_notebook.stem)
    shown = {"first": "first 1", "capped": "capped 1"}
    widths = fitted(page, shown)
    assert widths["capped"] > CAP and shown_errors(page) == []     # the cap, not the box, limits it
    page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id='filebrowser']").click()
    widths = fitted(page, shown, widths)                            # the panel changed, not the window
    shot(page, "chart-width-side-bar")
    page.set_viewport_size({"width": 900, "height": 1000})
    widths = fitted(page, shown, widths)
    redraw(page, "0.5")
    fitted(page, {"first": "first 0.5", "capped": "capped 1", "later": "later 0.5"})
    redraw(page, "2")                                               # cleared, shown again, redrawn in place
    fitted(page, {"first": "first 2", "capped": "capped 1", "later": "later 2"})
    shot(page, "chart-width-lab")
    assert shown_errors(page) == []


def test_charts_follow_their_container_in_voila(server_env, width_notebook, browser):
    with voila("voila-chart-width", width_notebook, server_env) as server:
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.set_default_timeout(UPDATE_TIMEOUT)
        page.goto(f"{server.url}/?token={server.token}", timeout=RUN_TIMEOUT)
        page.locator(".chart-first svg.marks").wait_for(timeout=RUN_TIMEOUT)
        shown = {"first": "first 1", "capped": "capped 1"}
        widths = fitted(page, shown)
        page.set_viewport_size({"width": MIN_WIDTH - 40, "height": 900})
        widths = fitted(page, shown, widths)
        assert widths["first"] < MIN_WIDTH                          # the box is narrower; the chart keeps its minimum
        redraw(page, "0.5")
        fitted(page, {"first": "first 0.5", "capped": "capped 1", "later": "later 0.5"})
        shot(page, "voila-chart-width")
        page.close()
