"""The chart benchmark (benchmarks/bench_charts.py) runs in JupyterLab in Chromium: quick mode, Altair + the PNG peer.

Timings are not asserted; the test checks that every timed update really reached the page (the new title in
the chart's SVG, a new PNG decoded in the image), that a click on a point reached the Python observer with
that point, and what the saved notebook shows when reopened without its widget state.
"""

from __future__ import annotations

import itertools
import math
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the benchmarks folder is a package beside framing/

from benchmarks import bench_charts  # noqa: E402

pytestmark = pytest.mark.browser
CHANGES = 3


@pytest.fixture(scope="module")
def bench():
    absent = bench_charts.missing(["png", "altair"])
    if absent:
        pytest.skip("; ".join(absent.values()) + " (pip install altair anywidget vl-convert-python)")
    return bench_charts


@pytest.fixture(scope="module")
def measured(bench, chromium, tmp_path_factory):
    return bench.run(["altair"], changes=CHANGES, rounds=1, clicks=2, browser=chromium,
                     folder=tmp_path_factory.mktemp("charts"))


def test_every_update_is_timed_and_shown(bench, measured):
    rows, record = measured
    assert record["candidates"] == ["png", "altair"]
    for panel in ("png/rates", "png/time", "altair/rates", "altair/time"):
        updates = record["updates"][panel]
        assert len(updates) == CHANGES, panel
        assert all(u["shows"] for u in updates), f"{panel}: an update did not change the chart"
        assert all(math.isfinite(u["seconds"]) and u["seconds"] > 0 for u in updates), panel
        assert all(u["bytes"] > 0 for u in updates), f"{panel}: nothing came over the websocket"
    tasks = {r.task for r in rows}
    assert {"charts: altair rates: type → chart shows it", "charts: altair time: type → chart shows it",
            "charts: altair rates: click → Python → HTML"} <= tasks
    for r in rows:
        assert math.isfinite(r.ours_s) and r.ours_s > 0, r.task
        assert r.peer_s and r.peer_s > 0 and r.ratio == pytest.approx(r.peer_s / r.ours_s), r.task


def test_first_render_and_sharpness(measured):
    _rows, record = measured
    assert all(len(v) == 1 and v[0] > 0 for v in record["renders"].values())
    assert record["sharpness"]["altair/rates"].startswith("SVG (vector)")
    assert "PNG 1.00 px/css px (dpr 2): blurry" == record["sharpness"]["png/rates"]


def test_click_reaches_python_with_the_point(bench, measured):
    _rows, record = measured
    first_two = [f"{p} · {o}" for o, p in itertools.islice(itertools.product(bench.OUTLETS, bench.PATTERNS), 2)]
    texts = [c["text"] for c in record["clicks"]["altair"]]
    assert [f"clicked {first_two[0]} #1", f"clicked {first_two[1]} #2"] == [t.strip() for t in texts]
    assert [t.strip() for t in (c["text"] for c in record["clicks"]["png"])] == \
        ["clicked button #1", "clicked button #2"]


def test_reopened_notebook(measured):
    _rows, record = measured
    assert record["reopened"]["altair/rates"] == "the chart (saved widget state)"
    assert record["reopened_without_state"]["altair/rates"].startswith("text: ")     # the widget's repr only
    assert record["saved_outputs"]["altair/static"] == ["image/png", "text/plain"]
    assert record["reopened_without_state"]["altair/static"] == "a static chart"
    assert "altair.jupyter.jupyter_chart.JupyterChart" in record["state_kib"]
