"""The notebooks in a real JupyterLab and in Voilà, driven by Playwright with Debian's Chromium.

One JupyterLab server for the session (loopback, a free port, a token, ``--allow-root``
when root, Jupyter's config/data/runtime folders and IPYTHONDIR under build/ as set by
conftest.py, the kernel = this Python via :func:`framing.cli.lab.jupyter_path`). Each
notebook, parameterised to a small sample, is opened, run with Run ▸ Run All Cells, and
every view in it gets a control changed; the test asserts the rendered output changed
(the PNG bytes behind the image differ, the table text shows the new term) and that no
error is shown. Screenshots go to build/test-output/browser/.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CHROMIUM
from test_notebooks import NAMES, demo_corpus, write_parameterised  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser
PlaywrightTimeout = pytest.importorskip("playwright.sync_api",
                                        reason="playwright is missing: pip install -e '.[test]'").TimeoutError

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "test-output" / "browser"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
RUN_TIMEOUT = 300_000     # ms for "Run All Cells" to finish (loading, matrices, a small topic model)
UPDATE_TIMEOUT = 60_000   # ms for one control change to reach the page
USER_SETTINGS = {
    "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},  # no pop-up, no network
    "notebook-extension/tracker": {"windowingMode": "none"},  # every cell laid out, as the benchmarks have it
}
"""JupyterLab settings of the test server (in its build-local config folder)."""
IPC = ["--KernelManager.transport=ipc"]
"""Kernels talk over Unix sockets in the build-local runtime folder: no TCP port can be taken
by another process between choosing and binding it (seen as "Address already in use")."""


def _require_browser() -> None:
    if not CHROMIUM.exists():
        how = ("install it with `apt-get install -y chromium` (make test does this when root)" if IS_ROOT
               else "install it as root with `apt-get install -y chromium` (not possible without root)")
        pytest.skip(f"Chromium is not installed at {CHROMIUM}: {how}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A Jupyter server process on loopback with a token; its log goes to build/test-output."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], port: int, token: str) -> None:
        self.url, self.token, self.log = f"http://127.0.0.1:{port}", token, OUT / f"{name}.log"
        self.proc = subprocess.Popen(argv, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT)

    def wait(self, path: str | None, timeout: float = 120) -> None:
        """Wait until ``path`` answers (or, for ``None``, until the port accepts connections)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"server exited with {self.proc.returncode}; see {self.log}")
            try:
                if path is None:
                    socket.create_connection(("127.0.0.1", int(self.url.rsplit(":", 1)[1])), timeout=5).close()
                    return
                with urllib.request.urlopen(f"{self.url}{path}?token={self.token}", timeout=5):
                    return
            except OSError:
                time.sleep(0.5)
        pytest.fail(f"server did not answer {path or 'on its port'} within {timeout} s; see {self.log}")

    def api(self, path: str, method: str = "GET") -> bytes:
        """Call the server's REST API with the token."""
        request = urllib.request.Request(f"{self.url}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read()

    def close_sessions(self) -> None:
        """Shut down every notebook's kernel (one notebook's data is not kept while the next runs)."""
        for session in json.loads(self.api("/api/sessions")):
            self.api(f"/api/sessions/{session['id']}", method="DELETE")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@contextlib.contextmanager
def voila(name: str, notebook: Path, env: dict[str, str]) -> Iterator[Server]:
    """A Voilà server showing ``notebook`` (loopback, a free port, a token), answering; stopped on leaving."""
    token, port = secrets.token_hex(16), _free_port()
    argv = [sys.executable, "-m", "voila", str(notebook), "--no-browser", f"--port={port}",
            "--Voila.ip=127.0.0.1", f"--token={token}", "--show_tracebacks=True", *IPC]
    server = Server(name, argv, env, port, token)
    try:
        server.wait(None)           # GET / would run the notebook
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def server_env(tmp_path_factory) -> dict[str, str]:
    """Environment of the servers: build-local Jupyter folders, the session's corpus cache."""
    from framing.cli.lab import jupyter_path

    _require_browser()
    env = {**os.environ, "FRAMING_CACHE": str(tmp_path_factory.getbasetemp() / "cache")}
    env.pop("MPLBACKEND", None)                    # kernels use their inline backend, as for users
    with pytest.MonkeyPatch.context() as mp:       # the kernel spec goes into the session's cache
        mp.setenv("FRAMING_CACHE", env["FRAMING_CACHE"])
        env["JUPYTER_PATH"] = jupyter_path()
    settings = Path(env["JUPYTER_CONFIG_DIR"]) / "lab" / "user-settings" / "@jupyterlab"
    for plugin, values in USER_SETTINGS.items():
        path = settings / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    return env


@pytest.fixture(scope="session")
def notebook_dir(demo_corpus) -> Path:
    """Small-sample copies of the notebooks (the committed ones are never opened, so never autosaved)."""
    OUT.mkdir(parents=True, exist_ok=True)
    folder = OUT / "notebooks"
    write_parameterised(folder)
    return folder


@pytest.fixture(scope="session")
def lab(server_env, notebook_dir):
    from framing.cli.lab import lab_command

    token, port = secrets.token_hex(16), _free_port()
    argv, _ = lab_command(notebook_dir, port=port, token=token, open_browser=False)
    server = Server("jupyterlab", [*argv, *IPC], server_env, port, token)
    server.wait("/api/status")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(server_env, chromium):
    return chromium


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(UPDATE_TIMEOUT)
    yield page
    page.close()


# --- page helpers ---------------------------------------------------------------------------

def selected(select) -> str:
    """The label of the chosen option of a dropdown."""
    return select.evaluate("el => el.options[el.selectedIndex].text")


def shown_errors(scope) -> list[str]:
    """Texts of view error messages, of error outputs and of widgets that failed to display
    (JupyterLab's "Error displaying widget") within ``scope``."""
    views = scope.locator(".framing-error").all_inner_texts()
    views += [f"widget not displayed: {t}" for t in scope.locator(".jupyter-widgets-error-widget").all_inner_texts()]
    outputs = [t for t in scope.locator("[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
               if any(w in t for w in ("Traceback", "Error", "There was an error"))]
    return views + outputs


def shot(page, name: str) -> None:
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)


def accept_kernel_dialog(page) -> None:
    """Take JupyterLab's choice when it asks which kernel to start (it may, for the first notebook)."""
    dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
    if dialog.count() and dialog.is_visible():
        dialog.locator(".jp-mod-accept").click()


def run_all_cells(page, name: str) -> None:
    """Run ▸ Run All Cells, then wait until the kernel is idle and every code cell has run.

    A click that lands while a freshly opened notebook is still connecting to its kernel,
    or under a kernel dialog, runs nothing; then the dialog is accepted and the click
    repeated (at most three times).
    """
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=RUN_TIMEOUT)
    for _attempt in range(3):
        accept_kernel_dialog(page)
        try:
            page.get_by_role("menuitem", name="Run", exact=True).click(timeout=10_000)
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click(timeout=10_000)
            page.wait_for_function("""() =>
                [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
                .some(p => p.textContent.trim() !== '[ ]:')""", timeout=10_000)   # queued cells show [*] at once
            break
        except PlaywrightTimeout:
            shot(page, f"{name}-run-all-ignored")
            page.keyboard.press("Escape")            # close a menu left open
    else:
        pytest.fail(f"{name}: Run All Cells ran nothing, three times; see {OUT}/{name}-run-all-ignored.png")
    page.wait_for_function("""() => {
        const status = document.querySelector('.jp-Notebook-ExecutionIndicator');
        const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
            .map(p => p.textContent.trim());
        const failed = [...document.querySelectorAll("[data-mime-type='application/vnd.jupyter.stderr']")]
            .some(o => o.textContent.includes('Traceback'));
        return status && status.dataset.status === 'idle' && prompts.length > 0 && !prompts.includes('[*]:')
            && (failed || prompts.every(p => /^\\[\\d+\\]:$/.test(p)));
    }""", timeout=RUN_TIMEOUT)


# --- exercising each kind of view -----------------------------------------------------------

def chart_svg(view, key: str) -> str:
    """The SVG of a view's interactive chart (Vega draws it in the page)."""
    svg = view.locator(f".framing-figure-{key} svg.marks")
    svg.wait_for(state="attached")
    svg.scroll_into_view_if_needed()
    return svg.evaluate("el => el.outerHTML")


def changed_chart(view, key: str, before: str) -> None:
    """Wait until a view's chart shows other marks than ``before``."""
    view.page.wait_for_function("([el, before]) => { const svg = el.querySelector('svg.marks');"
                                " return svg && svg.outerHTML !== before; }",
                                arg=[view.locator(f".framing-figure-{key}").element_handle(), before])


def exercise_terms(view) -> str:
    """Type a new pattern: the rates chart changes and the KWIC lines show the new term."""
    before = chart_svg(view, "rates")
    box = view.locator(".framing-patterns input")
    box.fill("sanction*")
    box.press("Enter")
    changed_chart(view, "rates", before)
    view.locator(".framing-context", has_text="sanction").wait_for()
    assert "sanction" in chart_svg(view, "rates")
    return "sanction*"


def exercise_keyness(view) -> str:
    """Pick another target: the keyness chart changes; the KWIC lines show the chosen term."""
    before = chart_svg(view, "keyness")
    target = view.locator(".framing-target select")
    new = next(o for o in target.locator("option").all_inner_texts() if o != selected(target))
    target.select_option(label=new)
    changed_chart(view, "keyness", before)
    view.locator(".framing-table-keyness", has_text=f"{new} vs rest").wait_for()
    term = view.locator(".framing-term input").input_value()
    view.locator(".framing-context-title", has_text=term).wait_for()
    return new


def exercise_topics(view) -> str:
    """Pick another topic: the top-terms chart changes to the new topic's, and the tables name it."""
    before = chart_svg(view, "terms")
    topic = view.locator(".framing-topic select")
    topic.select_option(index=1)
    changed_chart(view, "terms", before)
    view.locator(".framing-figure-terms", has_text="topic 1: top terms").wait_for()
    view.locator(".framing-table-terms", has_text="top terms of topic 1 ").wait_for()
    return "topic 1"


def record_one(view, answer) -> str:
    """Give one answer with ``answer(view)``, click "Record and next": one more unit is answered."""
    progress = view.locator(".framing-progress")
    done = re.search(r"(\d+) of (\d+) answered", progress.inner_text())
    answer(view)
    view.locator("button.framing-record").click()
    if done:
        n, total = int(done.group(1)) + 1, int(done.group(2))
        view.locator(".framing-progress", has_text=f"{n} of {total} answered" if n < total else "all answered").wait_for()
    return progress.inner_text()


def exercise_intrusion(view) -> str:
    """Pick the first option of the item shown and record it."""
    return record_one(view, lambda v: v.locator(".framing-choice input[type='radio']").first.check())


def exercise_coding(view) -> str:
    """Tick the first frame of the document shown and record it."""
    return record_one(view, lambda v: v.locator(".framing-frames input[type='checkbox']").first.check())


def exercise_meaning(view) -> str:
    """The view shows its neighbours figure and table after the notebook ran (changing the term is tested
    headless in tests/test_widgets_meaning.py: in the browser a new term's uses take minutes on 2 cores)."""
    view.locator("img.framing-figure-neighbours").wait_for()
    view.locator(".framing-table-neighbours", has_text="nearest neighbours of").wait_for()
    return "shown"


EXERCISE = {"terms": exercise_terms, "keyness": exercise_keyness, "topics": exercise_topics,
            "intrusion": exercise_intrusion, "coding": exercise_coding, "meaning": exercise_meaning}


def exercise_views(page, name: str) -> list[str]:
    """Change a control in every view on the page; returns the kinds of view exercised."""
    views = page.locator(".framing-view")
    kinds = []
    for i in range(views.count()):
        view = views.nth(i)
        view.scroll_into_view_if_needed()
        kind = next(k for k in EXERCISE if f"framing-view-{k}" in view.get_attribute("class"))
        try:
            EXERCISE[kind](view)
        except Exception:
            shot(page, f"{name}-{i}-{kind}-failed")
            raise
        if page.locator(".jp-Notebook-ExecutionIndicator").count():   # JupyterLab: let every output settle
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']")
        view.scroll_into_view_if_needed()
        shot(page, f"{name}-{i}-{kind}")
        assert shown_errors(view) == [], f"{kind} view shows an error"
        kinds.append(kind)
    return kinds


@pytest.mark.parametrize("name", NAMES)
def test_notebook_in_jupyterlab(lab, page, name):
    lab.close_sessions()
    page.goto(f"{lab.url}/lab/tree/{name}?token={lab.token}&reset")
    stem = name.removesuffix(".ipynb")
    run_all_cells(page, stem)
    shot(page, f"{stem}-ran")
    assert shown_errors(page) == []
    kinds = exercise_views(page, stem)
    assert kinds, "the notebook shows no view"
    assert shown_errors(page) == []


def test_quickstart_in_voila(server_env, notebook_dir, browser):
    token, port = secrets.token_hex(16), _free_port()
    argv = [sys.executable, "-m", "voila", str(notebook_dir / "00_quickstart.ipynb"), "--no-browser",
            f"--port={port}", "--Voila.ip=127.0.0.1", f"--token={token}", "--show_tracebacks=True", *IPC]
    server = Server("voila", argv, server_env, port, token)
    try:
        server.wait(None)           # GET / would run the notebook
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(UPDATE_TIMEOUT)
        page.goto(f"{server.url}/?token={token}", timeout=RUN_TIMEOUT)
        page.locator(".framing-view").first.wait_for(timeout=RUN_TIMEOUT)
        page.wait_for_function("() => document.querySelectorAll('.framing-view').length >= 3",
                               timeout=RUN_TIMEOUT)
        shot(page, "voila-ran")
        assert shown_errors(page) == []
        assert exercise_views(page, "voila") == ["terms", "keyness", "topics"]
        page.close()
    finally:
        server.stop()
