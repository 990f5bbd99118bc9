"""The views' latency where the user meets it: JupyterLab in Chromium, against the same changes headless.

A notebook (written to ``build/bench/views-browser/views.ipynb``, never into ``notebooks/``) loads the
demo corpus ``ukraine-2022`` and shows a ``TermExplorer``, a ``KeynessExplorer`` and a ``TopicExplorer``
(a model of :attr:`Spec.topics` topics fitted with :attr:`Spec.passes` passes, seed fixed), made as
``notebooks/00_quickstart.ipynb`` makes them. JupyterLab
runs it (:class:`benchmarks.lab_server.Lab`), Chromium opens it through Playwright, and each view gets
:attr:`Spec.changes` control changes made as a user makes them (after :attr:`Spec.warmup` untimed ones):

- terms: a pattern typed into the Patterns box and Enter, going through :data:`PATTERNS`;
- keyness: another target, measure or reference picked in the dropdown, in turn;
- topics: another topic picked, and λ moved with the keyboard on the slider (:data:`LAMBDA_KEYS`), in turn.

For each change the page itself measures, from the key press or the pick (``performance.now()`` in a
capturing listener) and with a ``MutationObserver`` on the view:

1. **busy mark** — the view's top widget gets the class ``framing-busy``;
2. **first figure** — the first of the view's figures (elements of class ``framing-figure-<key>``) to
   show its new content: an ``<img>`` once its new SVG has decoded (``img.decode()``), an interactive
   chart once Vega has drawn its new ``<svg>``. Content, not an attribute: ipywidgets' ``Image`` takes
   a new blob URL of the same bytes whenever its widget changes (the stale mark does that), and a
   chart is drawn anew after its spec arrives, possibly after idle. So every content a figure shows
   is recorded, and its update is the first moment it showed the content it ends with;
3. **idle** — the busy class is gone again: every output of the batch has arrived in the page.

Before the next change the page waits for the view's static snapshot (rendered by the kernel a second
after a batch), for the figures to be still, and :attr:`Spec.pause` seconds more, as a user reading
the result would.

The peer is the same change headless, in this process: the same notebook cells run here (so the views
are the same), the control's ``.value`` set, and the same three moments stamped by observers on the
view's classes, image widgets (new SVG bytes) and charts (new Vega-Lite spec); the batch ends when
``.value = ...`` returns. Browser and headless
take turns change by change (browser first on even changes), so load on the shared machine hits both
alike. The ratio is browser over headless: what the comm round trip, the page's rendering and the
kernel's event loop add.

    .venv/bin/python -m benchmarks --only views-browser      # as part of make bench's suites
    .venv/bin/python benchmarks/bench_views_browser.py       # the demo corpus, 20 changes per view
    .venv/bin/python benchmarks/bench_views_browser.py --quick   # 40 documents per outlet, 3 changes

Targets of issue 17 (printed, never asserted): the first figure ≤ 500 ms and the busy mark ≤ 100 ms
after a change. Rows go to ``build/bench/views-browser.json`` (:func:`benchmarks.harness.report`), every
change's measurements to ``build/bench/views-browser/changes.json``; :func:`summary` is the table that
``make readme-figures`` writes into the guide (:mod:`benchmarks.readme`).

>>> moved(0.6, "PageDown"), moved(0.1, "End"), moved(1.0, "PageDown"), moved(0.5, "Home")
(0.1, 1.0, 0.5, 0.0)
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import itertools
import json
import math
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # runnable as a script as well as -m

from benchmarks.harness import OUT, Measurement, Row, report, row, within  # noqa: E402
from benchmarks.lab_server import Lab, launch_chromium, missing_browser  # noqa: E402

FOLDER = OUT / "views-browser"
VIEWS = ("terms", "keyness", "topics")
MEASURES = {"busy": "change → busy mark", "figure": "change → first figure", "idle": "change → idle (all outputs)"}
STATS = ("median", "p90", "max")
TARGETS = {"busy": within(0.1), "figure": within(0.5)}
"""Issue 17's targets, measured in the browser."""
PEER = "the same changes headless (.value set)"
PATTERNS = ("invasion|invad*", "aggression", "sanction*", "nato", "referendum*", "special military operation",
            "genocide", "nazi*|denazif*", "sovereign*", "grain", "refugee*", "nuclear", "energy, gas, oil",
            "humanitarian corridor*", "war crime*", "terror*", "mobili*", "annex*", "negotiat*, peace talks",
            "donbas*")
"""What a researcher types into the terms view's Patterns box, one after the other."""
LAMBDA_KEYS = ("PageDown", "End", "PageDown", "Home", "PageUp", "End")
"""Keys pressed on the λ slider in turn (noUiSlider: PageUp/PageDown move 5 steps, Home/End to the ends);
from λ = 0.6 they give 0.1, 1.0, 0.5, 0.0, 0.5, 1.0: far enough apart to re-rank the top terms."""
TIMEOUT_MS = 300_000
"""Longest wait for the notebook to run, or for one change to reach idle."""
SNAPSHOT_MS = 10_000
"""Longest wait for a view's snapshot after a change (it follows a second after the batch)."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class Spec:
    """What to measure.

    Attributes:
        load: Python source of the corpus in the notebook, with ``framing`` imported as ``fr``.
        label: the corpus's name in the table.
        changes: timed control changes per view.
        warmup: untimed changes per view before them.
        topics: topics of the model of the topics view.
        passes: passes of its fit (seed :attr:`seed`).
        seed: seed of the topic model.
        min_df: minimum document frequency of the topic model's matrix.
        patterns: what is typed into the Patterns box, in turn.
        pause: seconds between a view's snapshot and the next change.
    """

    load: str = 'fr.load_corpus("ukraine-2022", progress=False)'
    label: str = "ukraine-2022"
    changes: int = 20
    warmup: int = 1
    topics: int = 10
    passes: int = 2
    seed: int = 1
    min_df: int = 5
    patterns: tuple[str, ...] = PATTERNS
    pause: float = 0.5


def cells(spec: Spec) -> list[str]:
    """The notebook's code cells: the corpus, then one view per cell."""
    return ["import framing as fr\nfrom framing.widgets import KeynessExplorer, TermExplorer, TopicExplorer\n\n"
            f"corpus = {spec.load}",
            "terms = TermExplorer(corpus)\nterms",
            "keyness = KeynessExplorer(corpus)\nkeyness",
            f"dtm = fr.document_term_matrix(corpus, stopwords='auto', min_df={spec.min_df}, max_df=0.5)\n"
            f"model = fr.fit_topics(dtm, {spec.topics}, seed={spec.seed}, options=fr.LdaOptions(passes={spec.passes}), "
            "progress=False)\ntopics = TopicExplorer(model, corpus=corpus)\ntopics"]


def write_notebook(folder: Path, spec: Spec) -> Path:
    """``views.ipynb`` in ``folder`` with :func:`cells`."""
    import nbformat

    from framing._infra.atomic import write_text

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells(spec)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return write_text(folder / "views.ipynb", nbformat.writes(nb))


def headless_views(spec: Spec) -> dict[str, Any]:
    """The notebook's cells run in this process: the same corpus and views as in the kernel (and ``corpus``)."""
    names: dict[str, Any] = {}
    for i, source in enumerate(cells(spec)):
        exec(compile(source, f"<views.ipynb cell {i + 1}>", "exec"), names)
    return {k: names[k] for k in (*VIEWS, "corpus")}


# --- the changes ---------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Change:
    """One control change: the view's attribute ``control`` gets ``value``; in the page, by ``action``
    (``"type"``: text + Enter; ``"select"``: the option at index ``arg``; ``"key"``: key ``arg`` on the slider)
    on the widget whose description is ``description``."""

    view: str
    control: str
    value: Any
    action: str
    arg: Any
    description: str

    def __str__(self) -> str:
        return f"{self.control} = {self.value!r}"


def _values(dropdown: Any) -> list[Any]:
    return [o[1] if isinstance(o, tuple) else o for o in dropdown.options]


def moved(value: float, key: str, *, low: float = 0.0, high: float = 1.0, step: float = 0.1) -> float:
    """Where a noUiSlider handle at ``value`` goes when ``key`` is pressed on it."""
    goes = {"PageDown": value - 5 * step, "PageUp": value + 5 * step, "Home": low, "End": high,
            "ArrowLeft": value - step, "ArrowRight": value + step}[key]
    return round(min(max(goes, low), high), 6)


def term_changes(view: Any, spec: Spec, n: int) -> list[Change]:
    """Each of :attr:`Spec.patterns` typed in turn."""
    return [Change("terms", "patterns", text, "type", text, view.patterns.description)
            for text in itertools.islice(itertools.cycle(spec.patterns), n)]


def keyness_changes(view: Any, spec: Spec, n: int) -> list[Change]:
    """Target, measure and reference in turn, each to its next option; never a reference equal to the target (a
    control that has no other option then is passed over)."""
    state = {name: getattr(view, name).value for name in ("target", "measure", "reference")}
    names, out = itertools.cycle(("target", "measure", "reference")), []
    for _ in range(n):
        for name in names:
            options = _values(getattr(view, name))
            other = {"target": state["reference"], "reference": state["target"]}.get(name)
            at = options.index(state[name])
            free = [j % len(options) for j in range(at + 1, at + len(options)) if options[j % len(options)] != other]
            if free:
                break
        state[name] = options[free[0]]
        out.append(Change("keyness", name, state[name], "select", free[0], getattr(view, name).description))
    return out


def topic_changes(view: Any, spec: Spec, n: int) -> list[Change]:
    """The next topic and a move of λ (:data:`LAMBDA_KEYS`) in turn."""
    topics, keys = _values(view.topic), itertools.cycle(LAMBDA_KEYS)
    topic, lam, out = topics.index(view.topic.value), view.relevance.value, []
    for i in range(n):
        if i % 2 == 0:
            topic = (topic + 1) % len(topics)
            out.append(Change("topics", "topic", topics[topic], "select", topic, view.topic.description))
        else:
            key = next(keys)
            lam = moved(lam, key, low=view.relevance.min, high=view.relevance.max, step=view.relevance.step)
            out.append(Change("topics", "relevance", lam, "key", key, view.relevance.description))
    return out


CHANGES: dict[str, Callable[[Any, Spec, int], list[Change]]] = {
    "terms": term_changes, "keyness": keyness_changes, "topics": topic_changes}


# --- headless -------------------------------------------------------------------------------------

class Probe:
    """Stamps the moments of a headless change on a view: busy class added, each figure replaced (an image
    widget's SVG, or an interactive chart's Vega-Lite spec)."""

    def __init__(self, view: Any) -> None:
        self.view, self.busy, self.figures = view, math.nan, {}
        view.widget.observe(self._classes, names="_dom_classes")
        for key, (widget, trait) in self._outputs().items():
            widget.observe(lambda _c, key=key: self.figures.setdefault(key, time.perf_counter()), names=trait)

    def _outputs(self) -> dict[str, tuple[Any, str]]:
        charts = {k: (c.jupyter_chart, "spec") for k, c in getattr(self.view, "charts", {}).items()
                  if c.jupyter_chart is not None}
        return {**{k: (image, "value") for k, image in self.view.images.items()}, **charts}

    def _classes(self, change: dict[str, Any]) -> None:
        if "framing-busy" in change["new"] and math.isnan(self.busy):
            self.busy = time.perf_counter()

    def digests(self) -> dict[str, str]:
        """SHA-256 of each figure: the image's bytes, or the chart's spec as sorted JSON."""
        return {key: hashlib.sha256(getattr(widget, trait) if trait == "value" else
                                    json.dumps(getattr(widget, trait), sort_keys=True, default=str).encode()).hexdigest()
                for key, (widget, trait) in self._outputs().items()}

    def change(self, change: Change) -> dict[str, Any]:
        """Set the control; the three moments in seconds after it, and which figure came first."""
        before, self.busy, self.figures = self.digests(), math.nan, {}
        start = time.perf_counter()
        getattr(self.view, change.control).value = change.value
        idle = time.perf_counter() - start
        return _moments(self.busy - start, {k: t - start for k, t in self.figures.items()}, idle, before,
                        self.digests())


def _moments(busy: float, figures: dict[str, float], idle: float, before: dict[str, Any],
             after: dict[str, Any]) -> dict[str, Any]:
    """One side's record of a change: seconds to the busy mark, to the first new figure (its key ``first``; every
    figure's in ``figures``) and to idle; the figures' SHA-256 ``before`` and ``after``, and whether the first
    one ``changed``."""
    first = min(figures, key=figures.__getitem__) if figures else None
    return {"busy": busy, "figure": figures[first] if first else math.nan, "first": first, "idle": idle,
            "figures": figures, "changed": bool(first) and before.get(first) != after.get(first),
            "before": before, "after": after}


# --- in the page ----------------------------------------------------------------------------------

FIGURES = """
  // A figure is an <img> (an SVG in a blob URL) or a chart (Vega's <svg> inside the element); its content is
  // the SHA-256 of the image's bytes, or a hash of the chart's markup (FNV-1a and the length).
  const figures = (root) => [...root.querySelectorAll("[class*='framing-figure-']")];
  const keyOf = (el) => [...el.classList].find((c) => c.startsWith('framing-figure-')).slice(15);
  const isImage = (el) => el.tagName === 'IMG';
  const markup = (el) => {
    const svg = el.querySelector('svg');
    if (!svg) return null;
    const text = svg.outerHTML;
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193); }
    return `${text.length}:${(h >>> 0).toString(16)}`;
  };
  const bytes = async (src) => Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256',
    await (await fetch(src)).arrayBuffer()))).map((b) => b.toString(16).padStart(2, '0')).join('');
"""
ARM = """(kind) => {""" + FIGURES + """
  // Stamp the next change of view `kind`: t0 at the first key, input or change event inside it (a capturing
  // listener, before the widget's own); busy when its top element gets framing-busy; idle when that class is
  // gone; each figure's content each time it changes (an image once decoded, a chart once drawn), so that its
  // update is the first moment it shows its final content (an image gets a new blob URL of the same bytes on
  // any change of its widget, e.g. the stale mark; a chart is drawn anew after its spec arrives, maybe after
  // idle); then the snapshot outputs beside the view (outside it).
  const root = document.querySelector(`.framing-view-${kind}`);
  const area = root.closest('.jp-OutputArea') || root.parentElement;
  const s = {t0: null, busy: null, idle: null, snapshot: null, drawn: null, pending: 0, shown: {}};
  const seen = new Map(figures(root).map((el) => [keyOf(el), isImage(el) ? el.getAttribute('src') : markup(el)]));
  const events = ['keydown', 'input', 'change'];
  let done = null;
  const start = (e) => { if (s.t0 === null && root.contains(e.target)) s.t0 = performance.now(); };
  const show = (k, t, content) => { (s.shown[k] = s.shown[k] || []).push([t, content]); };
  const look = (el, now) => {
    const k = keyOf(el), current = isImage(el) ? el.getAttribute('src') : markup(el);
    if (!current || current === seen.get(k)) return;
    seen.set(k, current);
    if (!isImage(el)) { show(k, now, current); s.drawn = now; return; }
    s.pending += 1;
    Promise.all([el.decode().then(() => performance.now()), bytes(current)])
      .then(([decoded, content]) => show(k, decoded, content), () => {})  // revoked by a newer update: seen too
      .finally(() => { s.pending -= 1; });
  };
  const watch = (records) => {
    const now = performance.now();
    if (s.t0 === null) return;
    const was = records.some((r) => r.target === root && /(^|\\s)framing-busy(\\s|$)/.test(r.oldValue || ''));
    const is = root.classList.contains('framing-busy');
    if (s.busy === null && (is || was)) s.busy = now;
    figures(root).forEach((el) => look(el, now));
    if (s.busy !== null && !is && s.idle === null) { s.idle = now; done(s); }
  };
  const view = new MutationObserver(watch);
  view.observe(root, {subtree: true, childList: true, characterData: true, attributes: true, attributeOldValue: true});
  const snap = new MutationObserver((records) => {
    if (s.idle !== null && records.some((r) => !root.contains(r.target))) s.snapshot = performance.now();
  });
  snap.observe(area, {subtree: true, childList: true, attributes: true, characterData: true});
  events.forEach((e) => document.addEventListener(e, start, true));
  window.__viewsBench = {state: s, done: new Promise((resolve) => { done = resolve; }),
    stop: () => { view.disconnect(); snap.disconnect(); events.forEach((e) => document.removeEventListener(e, start, true)); }};
}"""
WAIT = """(ms) => Promise.race([window.__viewsBench.done,
  new Promise((_, no) => setTimeout(() => no(new Error(`the view was not idle again within ${ms} ms`)), ms))])"""
SETTLED = """() => { const s = window.__viewsBench.state, now = performance.now();
  return s.snapshot !== null && now - s.snapshot > 300 && s.pending === 0 && (s.drawn === null || now - s.drawn > 300); }"""
DIGESTS = """async (root) => {""" + FIGURES + """
  const out = {};
  for (const el of figures(root)) {
    const src = isImage(el) ? el.getAttribute('src') : null;
    out[keyOf(el)] = isImage(el) ? (src ? await bytes(src) : null) : markup(el);
  }
  return out;
}"""
KINDS = """(root) => Object.fromEntries([...root.querySelectorAll("[class*='framing-figure-']")].map((el) =>
  [[...el.classList].find((c) => c.startsWith('framing-figure-')).slice(15), el.tagName === 'IMG' ? 'image' : 'chart']))"""
READY = """(kinds) => kinds.every((kind) => {
  const root = document.querySelector(`.framing-view-${kind}`);
  if (!root || root.classList.contains('framing-busy')) return false;
  if (root.querySelector(':scope > .framing-message .framing-error')) return true;
  const shown = [...root.querySelectorAll("[class*='framing-figure-']")]
    .filter((el) => (el.tagName === 'IMG' ? el.getAttribute('src') : el.querySelector('svg')));
  return shown.length > 0;
})"""
RAN = """() => {
  const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')].map((p) => p.textContent.trim());
  const failed = [...document.querySelectorAll("[data-mime-type='application/vnd.jupyter.stderr']")]
    .some((o) => o.textContent.includes('Traceback'));
  const idle = document.querySelector(".jp-Notebook-ExecutionIndicator[data-status='idle']");
  return failed || (idle && prompts.length > 0 && prompts.every((p) => /^\\[\\d+\\]:$/.test(p)));
}"""


def widget(root: Any, change: Change) -> Any:
    """The element a user operates for ``change``: the text box, the dropdown or the slider's handle."""
    label = root.page.locator("label.widget-label", has_text=re.compile(f"^{re.escape(change.description)}$"))
    box = root.locator(".widget-inline-hbox", has=label)
    return box.locator({"type": "input", "select": "select", "key": ".noUi-handle"}[change.action])


def check_view(root: Any, kind: str, after: str) -> None:
    """Raise when the view's message line shows an error: its figures are blank, there is no update to time."""
    errors = root.locator(":scope > .framing-message .framing-error").all_inner_texts()
    if errors:
        raise RuntimeError(f"the {kind} view shows an error after {after}: {' '.join(errors)}")


def browser_change(root: Any, change: Change, pause: float) -> dict[str, Any]:
    """Make ``change`` in the page as a user; the three moments in seconds after the key press or pick.

    A figure's moment is the first time it showed the content it shows once the view has settled
    (:func:`settle`); a figure whose content did not change has none.
    """
    page, target = root.page, widget(root, change)
    if change.action == "type":
        target.fill(change.arg)                       # the box syncs on Enter only (continuous_update=False)
    before = root.evaluate(DIGESTS)
    page.evaluate(ARM, change.view)
    if change.action == "type":
        target.press("Enter")
    elif change.action == "select":
        target.select_option(index=change.arg)
    else:
        target.press(change.arg)
    page.evaluate(WAIT, TIMEOUT_MS)
    came = settle(page, pause)
    after, s = root.evaluate(DIGESTS), page.evaluate("() => window.__viewsBench.state")
    if s["t0"] is None:
        raise RuntimeError(f"{change.view}: {change} reached no control of the view")
    check_view(root, change.view, str(change))
    figures = {k: (min(t for t, content in shown if content == after.get(k)) - s["t0"]) / 1000
               for k, shown in s["shown"].items() if after.get(k) != before.get(k) and
               any(content == after.get(k) for _, content in shown)}
    moments = _moments((s["busy"] - s["t0"]) / 1000, figures, (s["idle"] - s["t0"]) / 1000, before, after)
    return {**moments, "snapshot": came}


def settle(page: Any, pause: float) -> bool:
    """Wait for the view's snapshot after a change, then ``pause`` seconds; whether the snapshot came."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(SETTLED, timeout=SNAPSHOT_MS)
        came = True
    except PlaywrightTimeout:
        came = False
    page.evaluate("() => window.__viewsBench.stop()")
    page.wait_for_timeout(pause * 1000)
    return came


def run_notebook(page: Any, lab: Lab, notebook: str) -> None:
    """Open ``notebook``, Run ▸ Run All Cells, wait until every view shows its figures; raise on a traceback."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(lab.url(notebook))
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=TIMEOUT_MS)
    for _attempt in range(3):       # a click while the kernel still connects, or under its dialog, runs nothing
        dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
        if dialog.count() and dialog.is_visible():
            dialog.locator(".jp-mod-accept").click()
        try:
            page.get_by_role("menuitem", name="Run", exact=True).click(timeout=10_000)
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click(timeout=10_000)
            page.locator(".jp-Notebook .jp-InputPrompt", has_text="[*]").first.wait_for(timeout=10_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    page.wait_for_function(RAN, timeout=TIMEOUT_MS)
    errors = page.locator("[data-mime-type='application/vnd.jupyter.stderr']", has_text="Traceback").all_inner_texts()
    if errors:
        raise RuntimeError(f"the notebook failed in the kernel:\n{errors[0][-3000:]}")
    page.wait_for_function(READY, arg=list(VIEWS), timeout=TIMEOUT_MS)
    for kind in VIEWS:
        check_view(page.locator(f".framing-view-{kind}"), kind, "the notebook ran")


# --- one run --------------------------------------------------------------------------------------

def measure_all(browser: Any, spec: Spec, folder: Path = FOLDER) -> dict[str, Any]:
    """Every view's changes in the browser and headless, taking turns; the record of :func:`run`."""
    folder.mkdir(parents=True, exist_ok=True)
    views = headless_views(spec)
    plans = {kind: CHANGES[kind](views[kind], spec, spec.warmup + spec.changes) for kind in VIEWS}
    notebook = write_notebook(folder, spec)
    record: dict[str, Any] = {"spec": dataclasses.asdict(spec), "docs": len(views["corpus"]),
                              "cpus": os.cpu_count(), "load_before": os.getloadavg()[0], "figures": {}, "changes": {}}
    with Lab(folder) as lab:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        try:
            run_notebook(page, lab, notebook.name)
            for kind in VIEWS:
                root, probe = page.locator(f".framing-view-{kind}"), Probe(views[kind])
                root.scroll_into_view_if_needed()
                record["figures"][kind] = root.evaluate(KINDS)
                record["changes"][kind] = [_one(root, probe, change, i, spec) for i, change in enumerate(plans[kind])]
        finally:
            page.screenshot(path=str(folder / "views.png"))
            page.close()
            lab.close_sessions()
    record["load_after"] = os.getloadavg()[0]
    return record


def _one(root: Any, probe: Probe, change: Change, i: int, spec: Spec) -> dict[str, Any]:
    """Change ``i`` in the page and headless (the page first when ``i`` is even)."""
    out: dict[str, Any] = {"change": str(change), "warmup": i < spec.warmup}
    for who in (("browser", "headless") if i % 2 == 0 else ("headless", "browser")):
        out[who] = browser_change(root, change, spec.pause) if who == "browser" else probe.change(change)
    return out


def values(record: dict[str, Any], kind: str, who: str, measure: str) -> list[float]:
    """The timed (not warm-up) changes' ``measure`` of ``kind`` in the browser or headless, in seconds."""
    return [c[who][measure] for c in record["changes"][kind] if not c["warmup"]]


def distribution(xs: Sequence[float]) -> dict[str, float]:
    """Median, 90th percentile (linear interpolation) and maximum, ignoring NaN (a change that showed no figure)."""
    a = np.asarray(xs, dtype=float)
    if np.isnan(a).all():
        return dict.fromkeys(STATS, math.nan)
    return {"median": float(np.nanmedian(a)), "p90": float(np.nanpercentile(a, 90)), "max": float(np.nanmax(a))}


HOW = {"terms": "a pattern typed + Enter", "keyness": "target, measure, reference picked in turn",
       "topics": "topic picked, λ moved by keyboard, in turn"}


def rows(record: dict[str, Any]) -> list[Row]:
    """One row per view, measure and statistic: the browser's value against the headless one."""
    out, spec = [], record["spec"]
    for kind, measure in itertools.product(VIEWS, MEASURES):
        browser, headless = (values(record, kind, who, measure) for who in ("browser", "headless"))
        missing = sum(math.isnan(x) for x in browser)
        b, h = distribution(browser), distribution(headless)
        for stat in STATS:
            note = "; ".join([HOW[kind], *([f"after {spec['warmup']} untimed"] if spec["warmup"] else []),
                              *([f"{missing} changes showed no new figure"] if missing else [])]) \
                if stat == "median" else ""
            r = row(f"{kind}: {MEASURES[measure]} ({stat})", spec["label"], record["docs"],
                    Measurement([b[stat]], [h[stat]], 0), peer=PEER, target=TARGETS.get(measure), note=note)
            out.append(dataclasses.replace(r, runs=len(browser), suite="views-browser"))
    return out


def _ms(seconds: float | None) -> str:
    if seconds is None or math.isnan(seconds):
        return ""
    return f"{seconds * 1000:.2f} ms" if seconds < 0.01 else f"{seconds * 1000:,.0f} ms"


def _times(ratio: float) -> str:
    return f"{ratio:,.0f}×" if ratio >= 100 else f"{ratio:.1f}×"


def summary(chosen: Sequence[Row]) -> pd.DataFrame:
    """Per view and measure: browser and headless median, p90, max; browser / headless; the target, met or not."""
    lines: dict[tuple[str, str], dict[str, str]] = {}
    met: dict[tuple[str, str], list[str]] = {}
    for r in chosen:
        view, rest = r.task.split(": ", 1)
        measure, stat = rest[:-1].rsplit(" (", 1)
        line = lines.setdefault((view, measure), {"view": view, "measure": measure, "target": r.target})
        line[f"browser {stat}"], line[f"headless {stat}"] = _ms(r.ours_s), _ms(r.peer_s)
        if stat == "median":
            line["browser / headless"] = _times(r.ours_s / r.peer_s) if r.peer_s else ""
        met.setdefault((view, measure), []).append({True: "yes", False: "NO", None: ""}[r.met])
    for key, line in lines.items():
        line["met (median / p90 / max)"] = " / ".join(met[key]) if line["target"] else ""
    order = ["view", "measure", *(f"{w} {s}" for w in ("browser", "headless") for s in STATS), "browser / headless",
             "target", "met (median / p90 / max)"]
    return pd.DataFrame(list(lines.values()))[order]


def run(spec: Spec, *, browser: Any = None, folder: Path = FOLDER) -> tuple[list[Row], dict[str, Any]]:
    """Measure ``spec`` in ``browser`` (a Playwright browser; a new Chromium when ``None``); rows and record.

    The record (every change's moments in the page and headless, figure digests before and after) is
    written to ``folder/changes.json``.
    """
    from framing._infra.atomic import write_text

    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            own = launch_chromium(pw)
            try:
                record = measure_all(own, spec, folder)
            finally:
                own.close()
    else:
        record = measure_all(browser, spec, folder)
    write_text(folder / "changes.json", json.dumps(record, indent=1, ensure_ascii=False, default=str) + "\n")
    return rows(record), record


def main(argv: Sequence[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="40 documents per outlet, 3 changes per view, "
                        "4 topics of 1 pass")
    parser.add_argument("--changes", type=int, default=20, help="timed changes per view (default 20)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed changes per view first (default 1)")
    parser.add_argument("--topics", type=int, default=10, help="topics of the model (default 10)")
    parser.add_argument("--passes", type=int, default=2, help="passes of its fit (default 2)")
    args = parser.parse_args(argv)
    why = missing_browser()
    if why:
        print(f"views-browser: not measured: {why}", file=sys.stderr, flush=True)
        return []
    spec = Spec(changes=args.changes, warmup=args.warmup, topics=args.topics, passes=args.passes)
    if args.quick:
        spec = dataclasses.replace(spec, load=f"{spec.load}.sample(40, by='outlet')", label="ukraine-2022, 40 per outlet",
                                   changes=3, warmup=0, topics=4, passes=1)
    print(f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}", file=sys.stderr, flush=True)
    result, record = run(spec)
    with pd.option_context("display.width", 250, "display.max_columns", 20):
        print(summary(result).to_string(index=False), flush=True)
    print(f"load average {record['load_before']:.1f} before, {record['load_after']:.1f} after", flush=True)
    report(result, name="views-browser-quick" if args.quick else "views-browser")
    return result


if __name__ == "__main__":
    main()
