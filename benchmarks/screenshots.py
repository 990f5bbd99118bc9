"""Screenshots of the views in JupyterLab for the README and the guide: ``make screenshots``.

Runs a notebook (written into ``build/screenshots/``, never into ``notebooks/``) that shows the three
views of the demo corpus, drives them as a user would in Chromium, and writes one PNG per view
(and one of the way from a rates row to a document) into ``docs/screenshots/``:

- ``terms.png``: the rates by outlet, the rate over time, the collocates and the concordance;
- ``drill-down.png``: the lines of "special military operation" at kremlin.ru, one opened as a document;
- ``keyness.png`` and ``topics.png``.

    python -m benchmarks.screenshots            # needs Chromium and the demo corpus (make demo)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from benchmarks.lab_server import Lab, launch_chromium, missing_browser, write_notebook

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
WORK = ROOT / "build" / "screenshots"
VIEWPORT = {"width": 1600, "height": 4000}
"""Tall, so that a whole view fits in JupyterLab's notebook panel (a shot shows only what the panel shows)."""
RUN_TIMEOUT = 900_000
CELL = '''\
import framing as fr
from framing.widgets import KeynessExplorer, TermExplorer, TopicExplorer

corpus = fr.load_corpus("ukraine-2022")
terms = TermExplorer(corpus, patterns="invasion|invade*, aggression, special military operation")
display(terms)
keyness = KeynessExplorer(corpus, target="kremlin.ru")
display(keyness)
dtm = fr.document_term_matrix(corpus, stopwords="auto", min_df=5, max_df=0.5)
topics = TopicExplorer(fr.fit_topics(dtm, 8, seed=1, options=fr.LdaOptions(passes=5)), corpus=corpus)
display(topics)
'''


def shoot(page: Any, element: Any, path: Path) -> Path:
    """A PNG of the page where ``element`` is (scrolled to the top of the notebook panel first)."""
    element.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(500)
    box = element.bounding_box()
    if box is None:
        raise RuntimeError(f"{path.name}: the element is not on the page")
    page.screenshot(path=str(path), clip={"x": box["x"], "y": max(box["y"], 0), "width": box["width"],
                                          "height": min(box["height"], VIEWPORT["height"] - max(box["y"], 0))})
    return path


def take(out: Path = OUT) -> list[Path]:
    """Run the notebook in JupyterLab and write the screenshots into ``out``; returns the files."""
    from playwright.sync_api import sync_playwright

    path = write_notebook(WORK / "views.ipynb", CELL)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with Lab(WORK) as lab, sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
        page.set_default_timeout(120_000)
        page.goto(lab.url(path.name))
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=RUN_TIMEOUT)
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        page.wait_for_function("() => document.querySelectorAll('.framing-view').length >= 3", timeout=RUN_TIMEOUT)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=RUN_TIMEOUT)
        terms, keyness, topics = (page.locator(f".framing-view-{k}") for k in ("terms", "keyness", "topics"))
        for name, view in (("terms", terms), ("keyness", keyness), ("topics", topics)):
            written.append(shoot(page, view, out / f"{name}.png"))
        row = terms.locator(".framing-table-rates .framing-pick-row", has_text="kremlin.ru").filter(
            has_text="special military operation")
        row.locator("button.framing-pick").click()
        terms.locator(".framing-context-title", has_text="kremlin.ru").wait_for()
        terms.locator(".framing-kwic-line:visible button.framing-open-line").nth(2).click()
        terms.locator(".framing-document mark").first.wait_for()
        written.append(shoot(page, terms.locator(".framing-context"), out / "drill-down.png"))
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder of the PNG files (default docs/screenshots)")
    args = parser.parse_args(argv)
    if (reason := missing_browser()) is not None:
        print(f"no screenshots: {reason}", file=sys.stderr)
        return 1
    for path in take(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
