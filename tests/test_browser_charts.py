"""The interactive chart component (framing.widgets.charts) in a real JupyterLab and in Voilà, in Chromium.

A notebook written by the test shows a :class:`~framing.widgets.charts.ChartOutput` of
:func:`~framing.viz.charts.rates_chart` on a small table (Serbian Cyrillic, a markup pattern), an
``ipywidgets.HTML`` that its ``on_pick`` callback fills, and a text box whose observer redraws the
chart from Python. The test clicks the SVG point of a known outlet and pattern (found by the
``aria-label`` that Vega writes on each mark) and waits for the HTML to name them; then redraws the
chart and clicks again (the selection is observed again after each new chart). The server has no
internet: a chart that shows at all was drawn with Vega served by the kernel, not a CDN.
"""

from __future__ import annotations

import pytest
from test_browser import (  # noqa: F401 (fixtures)
    RUN_TIMEOUT,
    UPDATE_TIMEOUT,
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

SETUP = '''\
import html
import ipywidgets as w
import pandas as pd
from framing.viz.charts import rates_chart
from framing.widgets.charts import ChartOutput

def table(scale):
    return pd.DataFrame({"outlet": ["kremlin.ru", "president.gov.ua", "kremlin.ru", "president.gov.ua"],
                         "pattern": ["invasion|invad*", "invasion|invad*", "агресија", "агресија"],
                         "per_10k": [3.0 * scale, 1.0, 2.0, 4.0 * scale], "per_10k_lo": [1.0 * scale, 0.5, 1.5, 3.0 * scale],
                         "per_10k_hi": [5.0 * scale, 2.0, 2.5, 5.0 * scale], "count": [7, 2, 3, 9]})

output = ChartOutput()
said = w.HTML("no click").add_class("chart-picked")
clicks = []
def tell(picked):
    clicks.append(picked)
    said.value = f"#{len(clicks)} " + "; ".join(html.escape(f"{p['outlet']} / {p['pattern']}") for p in picked)
output.on_pick(tell)
scale = w.Text(value="1", continuous_update=False).add_class("chart-scale")
scale.observe(lambda change: output.show(rates_chart(table(float(change.new))).properties(
    title=f"scale {change.new}")), names="value")
output.show(rates_chart(table(1.0)).properties(title="scale 1"))
w.VBox([scale, output.widget, said])
'''


def point(scope, outlet: str, label: str):
    """The SVG symbol Vega drew for ``outlet`` and pattern ``label`` (its aria-label lists both)."""
    return scope.locator(f".framing-chart .mark-symbol path[aria-label*='{outlet}'][aria-label*='{label}']")


@pytest.fixture(scope="module")
def charts_notebook(notebook_dir):
    return write_notebook(notebook_dir / "chart_clicks.ipynb", SETUP)


def click_and_hear(page, outlet: str, label: str, pattern: str, n: int) -> None:
    target = point(page, outlet, label)
    target.first.click()
    page.locator(".chart-picked", has_text=f"#{n} {outlet} / {pattern}").wait_for()


def test_a_click_on_a_point_reaches_python_and_survives_a_redraw(lab, page, charts_notebook):
    lab.close_sessions()
    page.goto(f"{lab.url}/lab/tree/{charts_notebook.name}?token={lab.token}&reset")
    run_all_cells(page, charts_notebook.stem)
    page.locator(".framing-chart svg .mark-symbol path").first.wait_for()
    shot(page, "chart-drawn")
    assert shown_errors(page) == []
    assert page.locator(".framing-chart svg text", has_text="агресија").count() == 1   # the readable label
    click_and_hear(page, "kremlin.ru", "invasion (+1)", "invasion|invad*", 1)
    box = page.locator(".chart-scale input")
    box.fill("0.5")
    box.press("Enter")
    page.locator(".framing-chart svg text", has_text="scale 0.5").wait_for()
    click_and_hear(page, "president.gov.ua", "агресија", "агресија", 2)
    shot(page, "chart-clicked")


def test_the_chart_draws_and_clicks_in_voila(server_env, charts_notebook, browser):
    with voila("voila-charts", charts_notebook, server_env) as server:
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.set_default_timeout(UPDATE_TIMEOUT)
        page.goto(f"{server.url}/?token={server.token}", timeout=RUN_TIMEOUT)
        page.locator(".framing-chart svg .mark-symbol path").first.wait_for(timeout=RUN_TIMEOUT)
        shot(page, "voila-chart")
        click_and_hear(page, "president.gov.ua", "invasion (+1)", "invasion|invad*", 1)
        page.close()
