"""A JupyterLab to measure notebooks in Chromium: loopback, a token, Jupyter's folders kept beside the notebooks.

Benchmarks run outside pytest, so the test suite's server fixture (``tests/test_browser.py``) is not theirs
to use; :class:`Lab` starts the same server the same way and raises instead of failing a test:
``python -m jupyterlab`` built by :func:`framing.cli.lab.lab_command` (this Python as the ``python3``
kernel through :func:`framing.cli.lab.jupyter_path`, ``--allow-root`` when root), on 127.0.0.1 and a
free port, with a random token, kernels over Unix sockets, and Jupyter's config, data and runtime
folders and IPython's under ``<folder>/jupyter`` (nothing is written to ``$HOME``). The server's log is
``<folder>/jupyterlab.log``. :func:`launch_chromium` starts Debian's Chromium as the tests do.

    with Lab(Path("build/bench/views-browser")) as lab:
        page.goto(lab.url("views.ipynb"))

>>> Lab(Path("/tmp/bench")).environment()["JUPYTER_RUNTIME_DIR"]
'/tmp/bench/jupyter/runtime'
>>> len(Lab(Path("/tmp", "deep" * 30)).environment()["JUPYTER_RUNTIME_DIR"]) < 50
True
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium (Playwright cannot download its own browsers here)."""
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}
"""JupyterLab user settings of the server: no news pop-up or update check (no network), and every cell
kept in the page (with windowing, a cell scrolled away is detached and an observer on it sees nothing)."""
SOCKET_PATH_MAX = 107
"""Longest path of a Unix socket (``sizeof(sockaddr_un.sun_path)`` − 1 on Linux): a kernel's channel is
``<runtime>/kernel-<uuid>-ipc-<n>``."""
FOLDERS = {"JUPYTER_CONFIG_DIR": "config", "JUPYTER_DATA_DIR": "data", "JUPYTER_RUNTIME_DIR": "runtime",
           "IPYTHONDIR": "ipython"}


def missing_browser() -> str | None:
    """Why no page can be driven here (``None`` when Playwright and Chromium are both installed)."""
    import importlib.util

    if importlib.util.find_spec("playwright") is None:
        return "playwright is missing: pip install -e '.[test]'"
    if not CHROMIUM.exists():
        return f"Chromium is not installed at {CHROMIUM}: `apt-get install -y chromium` as root (make test does)"
    return None


def launch_chromium(playwright: Any) -> Any:
    """Debian's Chromium, headless, started by a running ``sync_playwright()``."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


class Lab:
    """A JupyterLab server on the notebooks of ``folder``; a context manager that starts and stops it.

    Args:
        folder: the notebooks' folder (JupyterLab's root); Jupyter's own folders go to ``folder/jupyter``.
        timeout: seconds to wait for the server to answer.
        settings: JupyterLab settings by plugin, over :data:`SETTINGS`.
    """

    def __init__(self, folder: Path, *, timeout: float = 120, settings: dict[str, Any] | None = None) -> None:
        self.folder, self.timeout = folder, timeout
        self.settings = {**SETTINGS, **(settings or {})}
        self.token = secrets.token_hex(16)
        self.log = folder / "jupyterlab.log"
        self.base = ""
        self.proc: subprocess.Popen[bytes] | None = None
        self._runtime: tempfile.TemporaryDirectory[str] | None = None

    def environment(self) -> dict[str, str]:
        """The server's environment: Jupyter's and IPython's folders under ``folder/jupyter``.

        The runtime folder holds the kernels' Unix sockets, whose paths may not exceed
        :data:`SOCKET_PATH_MAX` bytes: under a deep ``folder`` it is a short temporary folder instead.
        """
        env = {**os.environ, **{var: str(self.folder / "jupyter" / sub) for var, sub in FOLDERS.items()}}
        if len(env["JUPYTER_RUNTIME_DIR"]) + len("/kernel--ipc-1") + 36 > SOCKET_PATH_MAX:
            if self._runtime is None:
                self._runtime = tempfile.TemporaryDirectory(prefix="lab-")
            env["JUPYTER_RUNTIME_DIR"] = self._runtime.name
        env.pop("MPLBACKEND", None)                  # kernels use their inline backend, as for users
        return env

    def __enter__(self) -> Lab:
        from framing.cli.lab import lab_command

        env = self.environment()
        for plugin, values in self.settings.items():
            path = Path(env["JUPYTER_CONFIG_DIR"], "lab", "user-settings", f"{plugin}.jupyterlab-settings")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values), encoding="utf-8")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        argv, lab_env = lab_command(self.folder, port=port, token=self.token, open_browser=False)
        env["JUPYTER_PATH"] = lab_env["JUPYTER_PATH"]
        self.base = f"http://127.0.0.1:{port}"
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen([*argv, "--KernelManager.transport=ipc"], env=env, stdout=log,
                                         stderr=subprocess.STDOUT)
        self._wait()
        return self

    def _wait(self) -> None:
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                self.api("/api/status")
                return
            except OSError:
                code = self.proc.poll() if self.proc else None
                if code is not None or time.monotonic() > deadline:
                    self.__exit__(None, None, None)
                    why = f"exited with {code}" if code is not None else f"did not answer within {self.timeout:g} s"
                    raise RuntimeError(f"JupyterLab {why}; see {self.log}") from None
                time.sleep(0.5)

    def url(self, notebook: str) -> str:
        """The address that opens ``notebook`` (a path in the folder) in a fresh workspace."""
        return f"{self.base}/lab/tree/{notebook}?token={self.token}&reset"

    def api(self, path: str, method: str = "GET") -> bytes:
        """Call the server's REST API with the token."""
        request = urllib.request.Request(f"{self.base}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:  # loopback only
            return response.read()

    def close_sessions(self) -> None:
        """Shut down every notebook's kernel."""
        for session in json.loads(self.api("/api/sessions")):
            self.api(f"/api/sessions/{session['id']}", method="DELETE")

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.proc is not None:
            proc, self.proc = self.proc, None
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self._runtime is not None:
            self._runtime.cleanup()
            self._runtime = None


def write_notebook(path: Path, *sources: str) -> Path:
    """A notebook at ``path`` with one code cell per source, for the ``python3`` kernel; returns ``path``."""
    import nbformat

    path.parent.mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path
