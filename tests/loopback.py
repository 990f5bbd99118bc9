"""Test helpers for named corpora: a mirror subset, a loopback HTTP server, a mini recipe.

The real raw files come from the demo corpus's own fetch (:func:`conftest.demo_mirror`: its
public sources, or ``$FRAMING_MIRROR``). The server is Python's ``http.server`` on 127.0.0.1
(a free port), serving a folder in the mirror layout ``github/<owner>/<repo>/<commit>/<path>``;
it records every request path and can misbehave on purpose for chosen files: cut a response
off half-way (``"truncate"``) or flip a byte (``"corrupt"``). Nothing here contacts any other address.
"""

from __future__ import annotations

import functools
import json
import shutil
import socket
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import demo_mirror

ROOT = Path(__file__).resolve().parents[1]

PGU, KREMLIN = "press_release_data/zelenskyy.csv", "press_release_data/putin.csv"
WH_SPHERES = "press-briefings/2022-06/2022-06-22-background-press-call-by-senior-administration-officials-previewing-the-g7-and-nato-summit.md"
WH_IMAGE = "statements-releases/2022-01/2022-01-25-fact-sheet-the-new-small-business-boom-under-the-biden-harris-administration.md"
WH_TABLE = "statements-releases/2022-05/2022-05-31-fact-sheet-biden-harris-administration-releases-tribal-playbook-announces-massive-new-tribal-funding-from-bipartisan-infrastructure-law.md"
WH_VETERANS = "speeches-remarks/2022-06/2022-06-07-remarks-by-president-biden-at-signing-of-nine-bipartisan-bills-that-honor-and-improve-care-for-veterans.md"
WH_VETERANS_COPY = "statements-releases/2022-06/2022-06-07-remarks-by-president-biden-at-signing-of-nine-bipartisan-bills-that-honor-and-improve-care-for-veterans.md"
WH_CHIPS = "statements-releases/2022-01/2022-01-20-fact-sheet-biden-harris-administration-bringing-semiconductor-manufacturing-back-to-america.md"
WH_CHIPS_COPY = "statements-releases/2022-01/2022-01-21-fact-sheet-biden-harris-administration-bringing-semiconductor-manufacturing-back-to-america-2.md"
UN = ("data/data_original/TXT/Session 77 - 2022/UKR_77_2022.txt",
      "data/data_original/TXT/Session 77 - 2022/RUS_77_2022.txt",
      "data/data_original/TXT/Session 76 - 2021/EU_76_2021.txt")
SUBSET = {PGU, WH_SPHERES, WH_IMAGE, WH_TABLE, WH_VETERANS, WH_VETERANS_COPY, WH_CHIPS,
          WH_CHIPS_COPY, *UN}


def shipped_recipe(name: str) -> dict:
    """A recipe as shipped with the package, as a dict."""
    from framing.corpus import catalog

    return json.loads(catalog.recipe_files()[name].read_text(encoding="utf-8"))


def mini_recipes(folder: Path) -> dict:
    """Write ``mini.json`` (the window recipe cut to :data:`SUBSET`) and ``mini-topical.json``."""
    recipe = shipped_recipe("ukraine-2022-window")
    recipe.update(name="mini", fingerprint=None, reference={}, differences=[])
    for source in recipe["sources"]:
        source["files"] = [f for f in source["files"] if f["path"] in SUBSET]
    recipe["sources"] = [s for s in recipe["sources"] if s["files"]]
    topical = shipped_recipe("ukraine-2022")
    topical.update(name="mini-topical", base="mini", fingerprint=None, reference={})
    folder.mkdir(parents=True, exist_ok=True)
    for data in (recipe, topical):
        (folder / f"{data['name']}.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
    return recipe


def copy_subset(mirror: Path, target: Path, *, skip: frozenset[str] = frozenset()) -> Path:
    """Copy the files of :data:`SUBSET` (minus ``skip``) from the mirror, keeping the layout."""
    for source in shipped_recipe("ukraine-2022-window")["sources"]:
        for f in source["files"]:
            if f["path"] in SUBSET - skip:
                rel = Path("github", source["repo"], source["commit"], f["path"])
                (target / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(mirror / rel, target / rel)
    return target


def closed_port() -> int:
    """A loopback port that nothing listens on (connections to it are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Handler(SimpleHTTPRequestHandler):
    """Serves files; records paths; misbehaves for files named in ``server.faults``."""

    def log_message(self, *_args) -> None:  # keep the test output clean
        pass

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        self.server.requests.append(path)
        fault = self.server.faults.get(path.rsplit("/", 1)[-1])
        if fault and fault["times"] > 0:
            fault["times"] -= 1
            return self._misbehave(path, fault["kind"])
        super().do_GET()

    def _misbehave(self, path: str, kind: str) -> None:
        data = Path(self.directory, path.lstrip("/")).read_bytes()
        if kind == "corrupt":
            data = data[:100] + bytes([data[100] ^ 1]) + data[101:]
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data if kind == "corrupt" else data[: len(data) // 2])
        self.close_connection = True


class LoopbackServer:
    """A running server: ``url`` is the raw-file URL template, ``requests`` the paths asked."""

    def __init__(self, folder: Path) -> None:
        handler = functools.partial(_Handler, directory=str(folder))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.requests = []
        self.httpd.faults = {}
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/github/{{repo}}/{{commit}}/{{path}}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def requests(self) -> list[str]:
        return self.httpd.requests

    def fault(self, file_name: str, kind: str, *, times: int = 1) -> None:
        """Misbehave (``"truncate"`` or ``"corrupt"``) for the next ``times`` requests of a file."""
        self.httpd.faults[file_name] = {"kind": kind, "times": times}

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LoopbackServer]:
    """A loopback HTTP server over a fresh copy of the mirror subset."""
    folder = copy_subset(demo_mirror(), tmp_path_factory.mktemp("served"))
    running = LoopbackServer(folder)
    yield running
    running.close()
