"""The save panel in a real JupyterLab and in Voilà (Chromium driven by Playwright): "Copy code"
fills the read-only box and the clipboard, saved files come back byte for byte through their
download links, "Add to figures config" writes the config, and Voilà offers downloads only.

The notebook opens a TermExplorer on the messy corpus of ``test_widgets_save`` written to a
CSV file. The notebook gives the view a fixed state (the schema of :mod:`framing.widgets.recipe`),
so the expected code and file names are computed here from the same state.
"""

from __future__ import annotations

import secrets
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from test_browser import (  # noqa: F401  (server_env is a fixture)
    IPC,
    OUT,
    RUN_TIMEOUT,
    UPDATE_TIMEOUT,
    Server,
    _free_port,
    run_all_cells,
    server_env,
    shot,
)
from test_widgets_save import messy_frame

from framing.widgets.code import code_for
from framing.widgets.recipe import file_stem

pytestmark = pytest.mark.browser


def write_notebook(folder: Path) -> dict:
    """The corpus file and a notebook showing a terms view on it (in a new ``folder``); returns the
    state it gives the view."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    messy_frame().to_csv(folder / "docs.csv", index=False)
    state = {"corpus": str((folder / "docs.csv").resolve()), "fingerprint": None,
             "patterns": {"invasion|invade*": "invasion|invade*", "aggression": "aggression"},
             "outlets": None, "start": None, "end": None, "unit": "per_10k", "period": "M",
             "term": "invasion|invade*", "options": {"n_boot": 20}}
    source = f"""import framing as fr
from framing.widgets import TermExplorer, TermOptions

class Terms(TermExplorer):  # the state the test expects
    def state(self):
        return {state!r}

view = Terms(fr.read("docs.csv"), patterns="invasion|invade*, aggression", options=TermOptions(n_boot=20))
view.save.folder.value = "out"
view"""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, folder / "save.ipynb")
    return state


def download(page, link) -> tuple[str, bytes]:
    """Click a download link; the file name the browser suggests and the bytes it saves."""
    with page.expect_download() as started:
        link.click()
    got = started.value
    return got.suggested_filename, Path(got.path()).read_bytes()


def test_copy_code_save_download_and_config_in_jupyterlab(server_env, chromium, tmp_path):
    from framing.cli.lab import lab_command

    folder = OUT / "save-lab"
    state = write_notebook(folder)
    token, port = secrets.token_hex(16), _free_port()
    argv, _ = lab_command(folder, port=port, token=token, open_browser=False)
    server = Server("save-lab", [*argv, *IPC], server_env, port, token)
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    try:
        server.wait("/api/status")
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
        page = context.new_page()
        page.set_default_timeout(UPDATE_TIMEOUT)
        page.goto(f"{server.url}/lab/tree/save.ipynb?token={token}&reset")
        run_all_cells(page, "save-lab")
        view = page.locator(".framing-view").first
        view.locator("button.framing-copy").click()
        box = view.locator("textarea.framing-code")
        box.wait_for(state="visible")
        view.locator(".framing-copy-note", has_text="copied to the clipboard").wait_for()
        assert box.input_value() == code_for("terms", state)
        assert box.get_attribute("readonly") is not None
        assert page.evaluate("navigator.clipboard.readText()") == code_for("terms", state)

        view.get_by_role("button", name="Save figure").click()
        links = view.locator("a.framing-download")
        links.first.wait_for()
        assert links.count() == 2
        for i in range(2):
            name, data = download(page, links.nth(i))
            assert data == (folder / "out" / name).read_bytes() and data.startswith(b"\x89PNG")
        assert {file_stem("terms", k, state) + ".png" for k in ("rates", "over_time")} == \
            {p.name for p in (folder / "out").iterdir()}

        view.get_by_role("button", name="Add to figures config").click()
        view.locator(".framing-saved", has_text="added [figures.").wait_for()
        assert "\n[figures.rates_invasion-invade-aggression]\nkind = \"rates\"\n" in \
            (folder / "out" / "figures.toml").read_text(encoding="utf-8")
        shot(page, "save-lab")
    finally:
        context.close()
        server.stop()


def test_voila_offers_downloads_and_writes_no_file(server_env, chromium):
    folder = OUT / "save-voila"
    state = write_notebook(folder)
    token, port = secrets.token_hex(16), _free_port()
    argv = [sys.executable, "-m", "voila", str(folder / "save.ipynb"), "--no-browser", f"--port={port}",
            "--Voila.ip=127.0.0.1", f"--token={token}", "--show_tracebacks=True", *IPC]
    server = Server("save-voila", argv, server_env, port, token)
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    try:
        server.wait(None)
        page = context.new_page()
        page.set_default_timeout(UPDATE_TIMEOUT)
        page.goto(f"{server.url}/?token={token}", timeout=RUN_TIMEOUT)
        view = page.locator(".framing-view").first
        view.wait_for(timeout=RUN_TIMEOUT)
        assert view.get_by_role("button", name="Save figure").count() == 0
        view.get_by_role("button", name="Download figure").click()
        link = view.locator("a.framing-download", has_text="rates_")
        link.wait_for()
        name, data = download(page, link)
        assert name == file_stem("terms", "rates", state) + ".png" and data.startswith(b"\x89PNG")
        view.locator(".framing-saved", has_text="ready to download").wait_for()
        shot(page, "save-voila")
        assert not (folder / "out").exists()
    finally:
        context.close()
        server.stop()
