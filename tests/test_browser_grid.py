"""The pick tables as data grids in a real JupyterLab in Chromium: a header click sorts, the filter box
narrows the rows, and a row's button still drills down to the lines of the row shown there.

The notebook is the messy TermExplorer notebook of ``test_browser_views`` (Serbian in both scripts,
English, HTML debris), written under its own name. Every wait is for the final state the action
must bring (a row order, a label), never one the page already shows before it. Screenshots go to
build/test-output/browser/.
"""

from __future__ import annotations

import pytest
from test_browser import (  # noqa: F401 (fixtures)
    browser,
    demo_corpus,
    lab,
    notebook_dir,
    page,
    server_env,
    shot,
    shown_errors,
)
from test_browser_views import SETUP, context_of, open_and_run

from benchmarks.lab_server import write_notebook

pytestmark = pytest.mark.browser
OUTLETS = ("daily.rs", "kyiv.ua", "moscow.ru")
"""The outlets of SETUP's corpus; the rates table has a row per outlet and pattern (invasion, aggression)."""


@pytest.fixture(scope="module")
def grid_notebook(notebook_dir):
    return write_notebook(notebook_dir / "views_grid.ipynb", SETUP)


def wait_first_cells(page, table, expected: list[str]) -> None:
    """Wait until the visible rows of ``table`` start with the cells ``expected``, in that order."""
    page.wait_for_function("""([table, expected]) => {
        const rows = [...table.querySelectorAll('.framing-pick-row')].filter(r => r.offsetParent !== null);
        const cells = rows.map(r => r.querySelector('.framing-pick-text span').textContent);
        return JSON.stringify(cells) === JSON.stringify(expected);
    }""", arg=[table.element_handle(), expected])


def test_a_header_sorts_the_filter_narrows_and_a_pick_drills_down_to_the_row_shown(lab, page, grid_notebook):
    open_and_run(lab, page, grid_notebook)
    view = page.locator(".framing-view-terms")
    rates = view.locator(".framing-table-rates")
    outlet = rates.locator("button.framing-pick-sort[title='sort by outlet']")
    outlet.click()
    rates.locator("button.framing-pick-sort", has_text="outlet ▲").wait_for()
    outlet.click()
    descending = [o for o in sorted(OUTLETS, reverse=True) for _pattern in range(2)]
    wait_first_cells(page, rates, descending)
    assert rates.locator("button.framing-pick-sort", has_text="outlet ▼").count() == 1

    rates.locator(".framing-pick-filter input").fill("KYIV")
    rates.locator(".framing-pick-page-label", has_text="rows 1–2 of 2").wait_for()
    wait_first_cells(page, rates, ["kyiv.ua", "kyiv.ua"])
    assert "2 of 6 rows match" in rates.locator(".framing-pick-caption").inner_text()
    shot(page, "grid-sorted-filtered")

    # the second row shown is kyiv.ua's aggression; the table's own second row is daily.rs's
    rows = rates.locator(".framing-pick-row:visible")
    assert "aggression" in rows.nth(1).inner_text()
    rows.nth(1).locator("button.framing-pick").click()
    title = context_of(view, "kyiv.ua").inner_text()
    assert "aggression" in title and "2 lines in 2 documents" in title

    rates.locator(".framing-pick-filter input").fill("count>many")
    rates.locator(".framing-pick-filter-error", has_text="count> needs a number").wait_for()
    rates.locator(".framing-pick-page-label", has_text="rows 1–6 of 6").wait_for()
    wait_first_cells(page, rates, descending)
    assert shown_errors(page) == []
