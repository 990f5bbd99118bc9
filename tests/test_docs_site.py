"""The documentation site (``make docs`` → build/docs/): its generators, and the built pages in Chromium.

The browser tests open pages of the built site from disk (``file://``, no server), as a
reader would after downloading CI's artifact folder: the index, the API page of
``term_rates`` and a rendered notebook. On each, every ``<a href>`` to a local file must
lead to a file that exists (and to an element with the link's ``#fragment``), and every
``<img>`` must have loaded. ``make test`` builds the site before running the tests; without a
built site these tests are skipped with the reason (and fail under CI, which skips nothing).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "build" / "docs"
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import framing_docs_api as api  # noqa: E402
import framing_docs_gallery as gallery  # noqa: E402
import framing_docs_notebooks as notebooks  # noqa: E402


# --- what the build generates ---------------------------------------------------------------
def test_config_entries_are_the_tables_as_written():
    text = ('title = "t"\n\n[defaults]\nseed = 2\n\n[figures.a]\nkind = "rates"\ncaption = """x\n[not a table]\n"""\n'
            "\n[figures.b]\nkind = 'keyness'\n")
    entries = gallery.config_entries(text)
    assert list(entries) == ["defaults", "figures.a", "figures.b"]
    assert entries["figures.a"] == '[figures.a]\nkind = "rates"\ncaption = """x\n[not a table]\n"""\n'
    assert entries["figures.b"] == "[figures.b]\nkind = 'keyness'\n"


def test_gallery_page_shows_each_figure_with_caption_and_entry(tmp_path):
    manifest = {"title": "Demo", "failed": {}, "figures": {
        "rates": {"caption": "Rates by outlet.", "kind": "rates", "config": {"seed": 7}}}}
    page = gallery.gallery_page(manifest, {"defaults": "[defaults]\nseed = 7\n",
                                           "figures.rates": '[figures.rates]\nkind = "rates"\n'})
    assert "## rates\n\n![rates](rates.png)\n\nRates by outlet.\n" in page
    assert '```toml\n[figures.rates]\nkind = "rates"\n```' in page and "```toml\n[defaults]\nseed = 7\n```" in page


def test_gallery_says_how_to_build_missing_figures(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"manifest\.json is missing: .*framing figures --out"):
        gallery.write_gallery(tmp_path / "docs", tmp_path / "nowhere")


def notebook(path: Path, cells: list) -> Path:
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    return path


def test_notebooks_for_the_site_set_their_own_parameters_and_show_views_as_snapshots(tmp_path):
    path = notebook(tmp_path / "x.ipynb", [
        nbformat.v4.new_markdown_cell("# X"),
        nbformat.v4.new_code_cell("SAMPLE = None\nCORPUS = 'ukraine-2022'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("print(SAMPLE)")])
    cells = notebooks.for_the_site(path, {"SAMPLE": 3, "TOPICS": 4}).cells
    assert cells[0].source == notebooks.SNAPSHOT and cells[0].metadata.tags == ["remove-cell"]
    assert [c.source for c in cells[1:3]] == ["# X", "SAMPLE = None\nCORPUS = 'ukraine-2022'"]
    assert cells[3].source.endswith("\nSAMPLE = 3") and "TOPICS" not in cells[3].source
    assert cells[4].source == "print(SAMPLE)"


def test_a_notebook_without_one_parameters_cell_is_refused(tmp_path):
    path = notebook(tmp_path / "y.ipynb", [nbformat.v4.new_code_cell("x = 1")])
    with pytest.raises(ValueError, match=r"y\.ipynb: expected one cell tagged 'parameters', found 0"):
        notebooks.for_the_site(path, {})


def test_the_view_snapshot_shows_what_the_view_shows():
    """The hidden cell, run here: a view displays as its figures (PNG) and tables (HTML), without the widget."""
    import base64

    import ipywidgets as w
    import numpy as np
    import pandas as pd
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.display import display

    from framing.widgets.base import View

    shell, original = InteractiveShell.instance(), View._ipython_display_
    shell.run_cell(notebooks.SNAPSHOT, silent=True).raise_error()
    shown: list[tuple[dict, dict]] = []
    shell.display_pub.publish = lambda data, metadata=None, **kw: shown.append((data, metadata or {}))

    class Two(View):
        name = "two"

        def __init__(self) -> None:
            super().__init__()
            self.term = w.Text(value="a")
            self.arrange(self.term, figures=["f"], tables=["t"])
            self.draw("f", lambda ax: ax.plot([0, 1], [1, 0]))
            self.keep_table("t", pd.DataFrame({"term": ["invasion"]}))

    try:
        display(Two())
    finally:
        View._ipython_display_ = original
    assert [sorted(d) for d, _ in shown] == [["image/png", "text/plain"], ["text/html", "text/plain"]]
    png = base64.b64decode(shown[0][0]["image/png"])
    assert png.startswith(b"\x89PNG") and np.isfinite(shown[0][1]["image/png"]["width"])
    html = shown[1][0]["text/html"]
    assert "<td>invasion</td>" in html and "make lab" in html and "application/vnd.jupyter.widget-view+json" \
        not in {k for d, _ in shown for k in d}


def test_every_notebook_is_an_example_page(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "notebooks").symlink_to(ROOT / "notebooks")
    written = notebooks.write_examples(tmp_path / "docs", sample=5, figures=str(tmp_path / "figs"))
    assert [p.name for p in written] == sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    figures = nbformat.read(tmp_path / "docs" / "examples" / "05_paper_figures.ipynb", as_version=4)
    assert "OUT = '../../figs'" in figures.cells[2 + 1].source  # relative: no machine path on the page
    before = {p: p.stat().st_mtime_ns for p in written}
    notebooks.write_examples(tmp_path / "docs", sample=5, figures=str(tmp_path / "figs"))
    assert {p: p.stat().st_mtime_ns for p in written} == before, "unchanged notebooks are not rewritten"


def test_a_module_page_is_read_again_when_its_source_changes():
    """Sphinx rereads a page when its file changes; a module's page must follow the module's source."""
    def changed_at(path: str) -> int:
        return (ROOT / "framing" / path).stat().st_mtime_ns // 1000

    class Env:  # the times at which Sphinx read each page (µs): before and at the last change of the source
        all_docs = {"api/generated/framing.terms.rates": changed_at("terms/rates.py") - 1,
                    "api/generated/framing.corpus": changed_at("corpus/__init__.py"), "guide/terms": 0}

    assert api.stale_module_pages(None, Env(), set(), set(), set()) == ["api/index", "api/generated/framing.terms.rates"]


def test_a_name_is_resolved_to_the_module_that_defines_it():
    class Domain:
        objects = {"framing.terms.rates.term_rates": None, "framing.dtm.grouping.PERIODS": None,
                   "framing.topics.model.TopicModel": None, "framing.topics.summaries.TopicModel": None}

    class Env:
        def get_domain(self, name):
            return Domain()

    env = Env()
    assert api.candidates(env, "framing.term_rates", None) == ["framing.terms.rates.term_rates"]
    assert api.candidates(env, "framing.dtm.PERIODS", None) == ["framing.dtm.grouping.PERIODS"]  # data: no __module__
    assert api.candidates(env, "TopicModel", "framing.topics.summaries") == ["framing.topics.summaries.TopicModel"]
    assert api.candidates(env, "TopicModel", "framing.terms.rates") == []  # two of them: left to nitpicky
    assert api.candidates(env, "framing.dtm.nowhere", None) == []


# --- the built site in Chromium --------------------------------------------------------------
def built(page: str) -> Path:
    path = SITE / page
    if not path.is_file():
        pytest.skip(f"{path} is missing: build the site with `make docs` (make test does it first)")
    return path


@pytest.fixture
def page(chromium):
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(30_000)
    yield page
    page.close()


def has_anchor(path: Path, fragment: str) -> bool:
    text = path.read_text(encoding="utf-8", errors="replace")
    return re.search(rf'\b(?:id|name)="{re.escape(fragment)}"', text) is not None


def broken_links_and_images(page) -> list[str]:
    """Local links to missing files or anchors, and images that did not load, on the open page."""
    page.wait_for_load_state("load")
    links = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
    images = page.eval_on_selector_all(
        "img", "els => els.map(i => [i.currentSrc || i.src, i.complete && i.naturalWidth > 0])")
    broken = []
    for href in links:
        url = urlsplit(href)
        if url.scheme != "file":
            continue  # other sites (doi.org, ...) cannot be checked offline; javascript: none here
        target = Path(unquote(url.path))
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            broken.append(f"link to a missing file: {href}")
        elif url.fragment and target.suffix == ".html" and not has_anchor(target, unquote(url.fragment)):
            broken.append(f"link to a missing anchor: {href}")
    broken += [f"image not loaded: {src[:120]}" for src, loaded in images if not loaded]
    return broken


@pytest.mark.browser
def test_the_index_has_no_broken_link_or_image(page):
    page.goto(built("index.html").as_uri())
    assert "framing" in page.title()
    assert broken_links_and_images(page) == []
    nav = page.eval_on_selector_all("a[href]", "els => els.map(a => a.textContent.trim())")
    assert {"Getting started", "User guide", "API reference", "Changelog"} <= set(nav)


@pytest.mark.browser
def test_the_api_page_of_term_rates(page):
    """From the list of framing's names, the link of term_rates leads to its documentation."""
    page.goto(built("api/index.html").as_uri())
    page.get_by_role("link", name="term_rates", exact=True).first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("#framing.terms.rates.term_rates")
    entry = page.locator("dl.py.function").filter(has=page.locator('[id="framing.terms.rates.term_rates"]'))
    text = entry.inner_text()
    assert "per_10k" in text and "Returns" in text and "seed" in text
    assert broken_links_and_images(page) == []


@pytest.mark.browser
def test_a_rendered_notebook_has_its_figures_and_no_broken_link(page):
    page.goto(built("examples/01_term_frequencies.html").as_uri())
    assert broken_links_and_images(page) == []
    outputs = page.locator(".cell_output img")
    assert outputs.count() >= 3  # two plots and the view's snapshot
    assert page.locator(".framing-view-snapshot").count() == 1
    assert page.locator(".cell_output .output.error, .cell_output .traceback").count() == 0


@pytest.mark.browser
def test_math_renders_and_search_works_from_disk(page):
    page.goto(built("api/generated/framing.corpus.duplicates.html").as_uri())
    page.wait_for_selector("mjx-container", state="attached")  # MathJax is in the site, not on a CDN
    page.goto(built("search.html").as_uri() + "?q=term_rates")
    page.wait_for_selector("#search-results li a", state="attached", timeout=60_000)
    assert "term_rates" in page.locator("#search-results").inner_text()
