"""The browser benchmark of the views (benchmarks/bench_views_browser.py) runs end to end, quickly.

A small messy corpus built here (English, Russian, Ukrainian, Serbian in both scripts, HTML debris,
long junk tokens, dates in three formats) is read by the benchmark's notebook in a real JupyterLab in
Chromium; each view gets 3 changes in the page and the same 3 headless. Asserted: every change
replaced the view's first figure (its digest differs: an image's SVG bytes, a chart's markup), the
page's images are the very SVGs the headless views drew, and every moment is finite and positive.
No time is compared with a target.
Without Chromium (or Playwright) the tests skip with the reason (conftest's ``chromium`` fixture).
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from types import SimpleNamespace

import ipywidgets as widgets
import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the benchmarks folder is a package beside framing/, not installed

from benchmarks import bench_views_browser as bench  # noqa: E402
from benchmarks import readme  # noqa: E402

pytestmark = pytest.mark.browser

FOLDER = ROOT / "build" / "test-output" / "bench-views-browser"
WORDS = {
    "kyiv.example": ["invasion", "invaded", "aggression", "sanctions", "Київ", "вторгнення", "агресія", "occupiers",
                     "grain", "refugees", "shelling", "<b>invasion</b>"],
    "moscow.example": ["operation", "special", "military", "denazification", "НАТО", "спецоперация", "sanctions",
                       "west", "donbas", "referendum", "provocation", "&nbsp;operation"],
    "beograd.example": ["агресија", "agresija", "neutralnost", "неутралност", "sankcije", "санкције", "invasion",
                        "energy", "gas", "pregovori", "Šid", '<a href="https://x.example/?q=1&amp;r=2">link</a>'],
}
COMMON = ["the", "government", "said", "war", "peace", "talks", "president", "people", "city", "week", "report"]
JUNK = ["x" * 80, "QWxhZGRpbjpvcGVuIHNlc2FtZQQWxhZGRpbjpvcGVuIHNlc2FtZQ==", "**Bold**", "#hashtag_2022"]
DATES = ["2022-03-{d:02d}", "{d} April 2022", "2022-05-{d:02d}T10:00:00Z"]


def messy_corpus(per_outlet: int = 20, seed: int = 7):
    """Documents of three outlets, each mostly common words and a third its own words, with debris."""
    import framing as fr

    rng = np.random.default_rng(seed)
    rows = []
    for outlet, own in WORDS.items():
        for i in range(per_outlet):
            words = [str(w) for w in rng.choice(COMMON, 20)] + [str(w) for w in rng.choice(own, 12)]
            words.insert(int(rng.integers(len(words))), JUNK[i % len(JUNK)])
            text = " ".join(words[:16]) + ". " + " ".join(words[16:]) + "."
            rows.append({"outlet": outlet, "date": DATES[i % 3].format(d=1 + i), "title": f"{outlet} {i}",
                         "text": text})
    return fr.from_dataframe(pd.DataFrame(rows))


@pytest.fixture(scope="module")
def measured(chromium):
    """The quick benchmark, run once: its rows and its record."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    corpus = messy_corpus()
    path = corpus.to_parquet(FOLDER / "corpus.parquet")
    spec = bench.Spec(load=f"fr.read_parquet({str(path)!r})", label="messy", changes=3, warmup=0, topics=3,
                      passes=1, min_df=2, patterns=("invasion|invad*", "агресија|agresija", "sanction*"), pause=0)
    rows, record = bench.run(spec, browser=chromium, folder=FOLDER)
    return rows, record, len(corpus)


def changes(record):
    return [(kind, c) for kind in bench.VIEWS for c in record["changes"][kind]]


def test_each_change_replaces_the_first_figure_in_the_page_and_headless(measured):
    _, record, _ = measured
    assert {kind: len(record["changes"][kind]) for kind in bench.VIEWS} == {"terms": 3, "keyness": 3, "topics": 3}
    for kind, c in changes(record):
        for who in ("browser", "headless"):
            side = c[who]
            assert side["first"] in side["figures"], (kind, c["change"], who)
            assert side["before"][side["first"]] != side["after"][side["first"]], (kind, c["change"], who)
            assert side["changed"] is True


def test_the_page_shows_the_figures_the_headless_views_drew(measured):
    """The kernel ran the same cells and changes: the page shows the figures the headless views drew, and an
    image figure is byte for byte the headless one (a chart is drawn by Vega in the page: its markup cannot be
    compared with the headless spec; the views' figures are all charts now)."""
    _, record, _ = measured
    assert set(record["figures"]) == set(bench.VIEWS)
    for kind, c in changes(record):
        assert set(c["browser"]["after"]) == set(c["headless"]["after"]) == set(record["figures"][kind])
        for key, shown in record["figures"][kind].items():
            assert shown in {"image", "chart"}, (kind, key, shown)
            if shown == "image":
                assert c["browser"]["after"][key] == c["headless"]["after"][key], (kind, c["change"], key)


def test_every_moment_is_finite_and_positive_and_in_order(measured):
    _, record, _ = measured
    for kind, c in changes(record):
        for who in ("browser", "headless"):
            side = c[who]
            moments = [side["busy"], side["figure"], side["idle"], *side["figures"].values()]
            assert all(math.isfinite(t) and t > 0 for t in moments), (kind, c["change"], who, moments)
            assert side["busy"] < side["idle"], (kind, c["change"], who)   # the mark comes before its removal


def test_the_changes_are_those_a_user_makes(measured):
    _, record, _ = measured
    said = {kind: [c["change"] for c in record["changes"][kind]] for kind in bench.VIEWS}
    assert said["terms"] == ["patterns = 'invasion|invad*'", "patterns = 'агресија|agresija'", "patterns = 'sanction*'"]
    assert [s.split(" = ")[0] for s in said["keyness"]] == ["target", "measure", "reference"]
    assert [s.split(" = ")[0] for s in said["topics"]] == ["topic", "relevance", "topic"]
    assert said["topics"][1] == "relevance = 0.1"          # λ 0.6 and PageDown: 5 steps of 0.1 down


def test_rows_summary_and_files(measured):
    rows, record, docs = measured
    assert len(rows) == len(bench.VIEWS) * len(bench.MEASURES) * len(bench.STATS)
    assert {(r.corpus, r.docs, r.runs, r.suite) for r in rows} == {("messy", docs, 3, "views-browser")}
    figure = next(r for r in rows if r.task == "keyness: change → first figure (median)")
    in_page = [c["browser"]["figure"] for c in record["changes"]["keyness"]]
    headless = [c["headless"]["figure"] for c in record["changes"]["keyness"]]
    assert (figure.ours_s, figure.peer_s) == (pytest.approx(sorted(in_page)[1]), pytest.approx(sorted(headless)[1]))
    assert figure.target == "≤ 500 ms" and figure.met is (sorted(in_page)[1] <= 0.5)
    top = next(r for r in rows if r.task == "topics: change → idle (all outputs) (max)")
    assert top.ours_s == pytest.approx(max(c["browser"]["idle"] for c in record["changes"]["topics"]))
    shown = bench.summary(rows)
    assert shown[["view", "measure"]].values.tolist() == [[k, m] for k in bench.VIEWS for m in bench.MEASURES.values()]
    line = shown[(shown["view"] == "keyness") & (shown["measure"] == "change → first figure")].iloc[0]
    assert line["browser / headless"] == f"{sorted(in_page)[1] / sorted(headless)[1]:.1f}×"
    assert line["met (median / p90 / max)"].count("/") == 2
    saved = json.loads((FOLDER / "changes.json").read_text(encoding="utf-8"))
    assert saved["changes"]["terms"][0]["change"] == record["changes"]["terms"][0]["change"]
    assert (FOLDER / "views.ipynb").is_file() and not (ROOT / "notebooks" / "views.ipynb").exists()


def test_the_guide_block_renders_the_rows(measured):
    rows, _, docs = measured
    block = readme.views_browser(rows, {})
    assert block.startswith(f"On `messy` ({docs:,} documents), 3 changes per view")
    assert block.count("\n| terms |") == 3 and "| browser median |" in block
    assert readme.views_browser([], {}) == "(`make bench` was run without the views-browser suite.)"


def test_keyness_changes_never_compare_an_outlet_with_itself():
    outlets = ["a.example", "b.example"]
    view = SimpleNamespace(target=widgets.Dropdown(options=outlets, value="a.example", description="Target"),
                           reference=widgets.Dropdown(options=["rest", *outlets], value="b.example",
                                                      description="Reference"),
                           measure=widgets.Dropdown(options=[("log-odds", "log_odds"), ("G²", "g2")],
                                                    description="Measure"))
    plan = bench.keyness_changes(view, bench.Spec(), 6)
    state = {"target": "a.example", "reference": "b.example", "measure": "log_odds"}
    for change in plan:
        state[change.control] = change.value
        assert state["target"] != state["reference"], plan
        options = [o[1] if isinstance(o, tuple) else o for o in getattr(view, change.control).options]
        assert options[change.arg] == change.value
    # the target cannot move while b is the reference: the measure goes first, then the reference frees b
    assert [(c.control, c.value) for c in plan[:3]] == [("measure", "g2"), ("reference", "rest"), ("target", "b.example")]


def test_an_error_in_the_views_message_line_stops_the_benchmark(chromium):
    page = chromium.new_page()
    try:
        page.set_content('<div class="framing-view-terms"><div class="framing-message">'
                         '<div class="framing-error">⚠ unexpected TypeError in rates</div></div>'
                         '<div class="framing-context"><div class="framing-message"><div class="framing-error">'
                         '⚠ no lines of sanction* in kremlin.ru</div></div></div></div>')
        with pytest.raises(RuntimeError, match=r"^the terms view shows an error after patterns = 'x': "
                                               r"⚠ unexpected TypeError in rates$"):
            bench.check_view(page.locator(".framing-view-terms"), "terms", "patterns = 'x'")
        page.locator(".framing-view-terms > .framing-message").evaluate("el => el.remove()")
        bench.check_view(page.locator(".framing-view-terms"), "terms", "patterns = 'x'")   # a panel's own error is not the view's
    finally:
        page.close()
