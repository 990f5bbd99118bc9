"""A TermExplorer in a real JupyterLab in Chromium, on a small messy corpus.

A notebook written by the test builds a corpus of a few documents per outlet (Serbian in both
scripts, English, HTML debris), shows a TermExplorer, and the test then drives it as a user:
the busy mark within 0.1 s of a change, the snapshot that a reopened notebook shows once its
kernel is stopped, a document's markup shown as text. The click paths (rates row and point,
lines, documents, sorting) are tested in JupyterLab and Voilà by tests/test_browser_clicks.py.
Screenshots go to build/test-output/browser/.
"""

from __future__ import annotations

import json
import re

import nbformat
import pytest
from test_browser import (  # noqa: F401 (fixtures)
    OUT,
    browser,
    demo_corpus,
    lab,
    notebook_dir,
    page,
    run_all_cells,
    server_env,
    shot,
    shown_errors,
)

from benchmarks.lab_server import write_notebook

pytestmark = pytest.mark.browser

SETUP = '''\
import pandas as pd
import framing as fr
from framing.widgets import TermExplorer, TermOptions

texts = {
    "daily.rs": ["Агресија на Украјину. Agresija je osuđena.", "The <b>invasion</b> began; invasion again."],
    "kyiv.ua": ["Russian aggression and the invasion of Kyiv region.", "**Invasion** news: aggression."],
    "moscow.ru": ["A special military operation, not an invasion.", "Aggression? No: operation."],
}
rows = [{"outlet": o, "date": f"2022-0{m + 1}-1{m}", "text": t} for o, ts in texts.items() for m, t in enumerate(ts)]
corpus = fr.from_dataframe(pd.DataFrame(rows))
view = TermExplorer(corpus, patterns="invasion, aggression", dictionary=None,
                    options=TermOptions(n_boot=50))
view
'''


@pytest.fixture(scope="module")
def views_notebook(notebook_dir):
    return write_notebook(notebook_dir / "views_clicks.ipynb", SETUP)


def open_and_run(lab, page, path, ready: str = ".framing-view-terms .framing-figure-rates svg.marks") -> None:
    """Open ``path`` alone (other kernels stopped), run all its cells, wait for the chart ``ready`` (a CSS selector)."""
    lab.close_sessions()
    page.goto(f"{lab.url}/lab/tree/{path.name}?token={lab.token}&reset")
    run_all_cells(page, path.stem)
    chart = page.locator(ready)
    chart.wait_for(state="attached")
    chart.scroll_into_view_if_needed()
    assert shown_errors(page) == []


def context_of(view, outlet: str):
    """The concordance title once it shows ``outlet`` alone (the first title lists every outlet)."""
    title = view.locator(".framing-context-title", has_text=re.compile(rf"\({re.escape(outlet)} from "))
    title.wait_for()
    return title


def save_notebook(page) -> None:
    """File ▸ Save Notebook, then wait until the tab no longer shows unsaved changes."""
    page.get_by_role("menuitem", name="File", exact=True).click()
    page.get_by_role("menuitem", name="Save Notebook", exact=False).first.click()
    page.wait_for_function("() => !document.querySelector('.jp-mod-current.jp-mod-dirty')")
    page.wait_for_timeout(500)


def busy_delay(page, action) -> float:
    """Seconds from ``action()`` (a user's change) to the view's busy mark, timed in the page."""
    page.evaluate("""() => {
        window.framingBusyAt = null;
        const view = document.querySelector('.framing-view-terms');
        new MutationObserver(() => {
            if (window.framingBusyAt === null && view.classList.contains('framing-busy')) {
                window.framingBusyAt = performance.now();
            }
        }).observe(view, {attributes: true, attributeFilter: ['class']});
    }""")
    start = page.evaluate("() => performance.now()")
    action()
    page.wait_for_function("() => window.framingBusyAt !== null")
    return (page.evaluate("() => window.framingBusyAt") - start) / 1000


def test_a_change_shows_the_busy_mark_within_a_tenth_of_a_second(lab, page, views_notebook):
    open_and_run(lab, page, views_notebook)
    box = page.locator(".framing-view-terms .framing-patterns input")
    box.fill("aggression, operation")
    delay = busy_delay(page, lambda: box.press("Enter"))
    page.wait_for_function("() => !document.querySelector('.framing-view-terms').classList.contains('framing-busy')")
    (OUT / "busy_delay.json").write_text(json.dumps({"seconds": delay}))
    assert delay <= 0.1, f"the busy mark came {delay:.3f} s after the change"
    assert page.locator(".framing-view-terms .framing-stale").count() == 0


def test_a_notebook_reopened_without_its_kernel_shows_the_last_state(lab, page, views_notebook):
    open_and_run(lab, page, views_notebook)
    snapshot = page.locator(".jp-OutputArea-child", has=page.locator(".framing-view-snapshot"))
    assert not snapshot.is_visible()                 # hidden while the view is live
    box = page.locator(".framing-view-terms .framing-patterns input")
    box.fill("operation")
    box.press("Enter")
    page.locator(".framing-view-terms .framing-table-rates", has_text="operation").wait_for()
    page.wait_for_function("""() => [...document.querySelectorAll('.framing-view-snapshot')]
        .some(e => e.textContent.includes('operation'))""")   # the snapshot follows a second after the last change
    save_notebook(page)
    saved = nbformat.read(views_notebook, as_version=4)
    html = "".join(o.get("data", {}).get("text/html", "") for o in saved.cells[0].outputs)
    assert "operation" in html and "framing-view-snapshot" in html
    pngs = [o for o in saved.cells[0].outputs if "image/png" in o.get("data", {})]
    assert len(pngs) == 2                            # the rates and the over-time figure
    lab.close_sessions()
    page.goto(f"{lab.url}/lab/tree/{views_notebook.name}?token={lab.token}&reset")
    page.locator(".jp-Notebook .framing-view-snapshot").wait_for()
    page.wait_for_timeout(3000)
    shot(page, "reopened-without-kernel")
    visible = page.locator(".jp-OutputArea-child", has=page.locator(".framing-view-snapshot"))
    assert visible.is_visible() and "operation" in visible.inner_text()
    images = page.locator(".jp-OutputArea-output[data-mime-type='image/png'] img")
    assert images.count() == 2 and all(images.nth(i).is_visible() for i in range(2))


def test_hostile_text_in_a_document_is_shown_as_text(lab, page, views_notebook):
    open_and_run(lab, page, views_notebook)
    view = page.locator(".framing-view-terms")
    row = view.locator(".framing-table-rates .framing-pick-row", has_text="daily.rs").filter(has_text="invasion")
    row.locator("button.framing-pick").click()
    context_of(view, "daily.rs")
    view.locator(".framing-kwic-line:visible button.framing-open-line").first.click()
    document = view.locator(".framing-document")
    document.locator("mark").first.wait_for()
    assert "<b>invasion</b>" in document.inner_text()         # the tags are text, not markup
    assert document.locator("b", has_text="invasion").count() == 0
