"""Hostile input and faults in fetching named corpora: recipes, downloads, data and cache folders.

Each test is one attack on ``framing corpus fetch`` / ``framing corpus list`` (run in-process through
:func:`framing.cli.main`, or as a process where a signal is sent) or on the folders they write. The
recipes are hand-made (one plain-text source, files of a few bytes) in a ``$FRAMING_RECIPES`` folder
inside the sandbox; the raw files come from a mirror folder there, or from :class:`Server`, a loopback
HTTP server that misbehaves on purpose (announces a wrong size, stalls, trickles, never ends).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest

import framing as fr
from framing.cli import main

ZERO = "0" * 40
TEXT = b"The invasion began on 24 February. War.\n"
UP = "../"


# --- a misbehaving loopback server ----------------------------------------------------------------
class Server:
    """A loopback HTTP server: ``routes`` maps a file name to ``reply(handler, stop)``.

    ``url`` is the raw-file URL template; ``requests`` lists the paths asked for. Replies that
    wait check ``stop`` (set by :meth:`close`), so no test waits on a reply after it ended.
    """

    def __init__(self) -> None:
        self.routes: dict[str, Callable[[BaseHTTPRequestHandler, threading.Event], None]] = {}
        self.requests: list[str] = []
        self.stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append(self.path)
                reply = server.routes.get(self.path.rsplit("/", 1)[-1])
                try:
                    if reply is None:
                        self.send_error(404)
                    else:
                        reply(self, server.stop)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up: as it should
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/{{repo}}/{{commit}}/{{path}}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def send(data: bytes, *, length: int | None = None) -> Callable:
    """Reply with ``data``, announcing ``length`` bytes (default: the true length)."""
    def reply(h: BaseHTTPRequestHandler, stop: threading.Event) -> None:
        h.send_response(200)
        h.send_header("Content-Length", str(len(data) if length is None else length))
        h.end_headers()
        if length is not None and length != len(data):
            stop.wait(8)  # a client that checks the announced size has given up by now
        h.wfile.write(data)
    return reply


def stall(data: bytes, *, pause: float = 8) -> Callable:
    """Send half of ``data``, then nothing for ``pause`` seconds, then the rest."""
    def reply(h: BaseHTTPRequestHandler, stop: threading.Event) -> None:
        h.send_response(200)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data[: len(data) // 2])
        h.wfile.flush()
        stop.wait(pause)
        h.wfile.write(data[len(data) // 2:])
    return reply


def trickle(data: bytes, *, every: float = 0.25) -> Callable:
    """Send ``data`` one byte every ``every`` seconds: never a pause long enough to stall."""
    def reply(h: BaseHTTPRequestHandler, stop: threading.Event) -> None:
        h.send_response(200)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        for i in range(len(data)):
            if stop.wait(every):
                return
            h.wfile.write(data[i:i + 1])
            h.wfile.flush()
    return reply


def endless(h: BaseHTTPRequestHandler, stop: threading.Event) -> None:
    """Send 64 kB blocks without announcing a length, up to 50 MB or until the client hangs up."""
    h.send_response(200)
    h.send_header("Connection", "close")
    h.end_headers()
    block = b"war " * 16384
    for _ in range(800):
        if stop.is_set():
            return
        h.wfile.write(block)


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server()
    yield running
    running.close()


# --- hand-made recipes ----------------------------------------------------------------------------
@pytest.fixture
def env(sandbox, monkeypatch):
    """The sandbox, with ``$FRAMING_RECIPES`` inside it and no mirror, URL or timeouts from outside."""
    for var in ("FRAMING_MIRROR", "FRAMING_RAW_URL", "FRAMING_FETCH_TIMEOUTS"):
        monkeypatch.delenv(var, raising=False)
    (sandbox.inside / "recipes").mkdir()
    monkeypatch.setenv("FRAMING_RECIPES", str(sandbox.inside / "recipes"))
    return sandbox


def pin(path: str, data: bytes = TEXT) -> dict:
    """A recipe's file entry for ``data`` at ``path``."""
    return {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data),
            "meta": {"date": "2022-02-24"}}


def recipe(name: str, files: list[dict], *, repo: str = "o/r", commit: str = ZERO, **extra) -> dict:
    """A recipe of one plain-text source (one document per file)."""
    return {"name": name, "title": f"Hand-made {name}", **extra, "sources": [{
        "outlet": "a.example", "language": "en", "format": "text", "repo": repo, "commit": commit,
        "id": "doc-{stem}", "title": "{stem}", "url": "https://a.example/", "license": "CC0", "files": files}]}


def save(sandbox, data: dict | str, name: str | None = None) -> Path:
    """Write a recipe (a dict, or raw text) into the ``$FRAMING_RECIPES`` folder."""
    path = sandbox.inside / "recipes" / f"{name or data['name']}.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def mirror(sandbox, files: dict[str, bytes], *, repo: str = "o/r", commit: str = ZERO) -> Path:
    """A mirror folder holding ``files`` (path → bytes) of one repository commit."""
    root = sandbox.inside / "mirror"
    for path, data in files.items():
        target = root / "github" / repo / commit / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root


def raw_folder(sandbox, repo: str = "o/r", commit: str = ZERO) -> Path:
    return sandbox.inside / "data" / "raw" / "github" / repo / commit


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def refused(capsys, *argv: str) -> str:
    """The one ``error:`` line of a command that must fail with status 2 and no traceback."""
    status, _, err = run(capsys, *argv)
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert status == 2 and len(errors) == 1, err
    return errors[0].removeprefix("error: ")


def leftovers(folder: Path) -> list[str]:
    """Partial downloads under ``folder``: framing's ``.part`` files and pooch's ``tmp*`` files."""
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".part") or re.fullmatch(r"tmp\w{8}", p.name))


# --- recipes that point outside the data folder (item 1) ------------------------------------------
def test_recipe_path_climbing_out_is_refused(env, server, monkeypatch, capsys):
    """[fetch] recipe file 'path' '../../…/outside/notes.txt' → refused before any download, names the field"""
    payload = b"overwritten by a recipe\n"
    server.routes["notes.txt"] = send(payload)
    monkeypatch.setenv("FRAMING_RAW_URL", server.url)
    path = save(env, recipe("climb", [pin(UP * 7 + "outside/notes.txt", payload)]))
    message = refused(capsys, "corpus", "fetch", "climb", "--retries", "0")
    assert message == (f"{path}, source 'a.example', file 1: 'path' must be a relative path inside the "
                       f"repository, without '.' or '..' parts or a leading '/' (got '{UP * 7}outside/notes.txt'); "
                       "fix the recipe.")
    assert server.requests == []


def test_recipe_repo_climbing_out_is_refused(env, server, monkeypatch, capsys):
    """[fetch] recipe 'repo' '../../../../outside/notes' → refused: 'repo' must be owner/name"""
    server.routes["thesis.md"] = send(TEXT)
    monkeypatch.setenv("FRAMING_RAW_URL", server.url)
    path = save(env, recipe("climb", [pin("thesis.md")], repo=UP * 4 + "outside/notes"))
    message = refused(capsys, "corpus", "fetch", "climb", "--retries", "0")
    assert message == (f"{path}, source 'a.example', file 1: 'repo' must be a GitHub repository as "
                       f"owner/name, such as 'PeiYiZhuo/zelenskyy-putin' (got '{UP * 4}outside/notes'); fix the recipe.")
    assert server.requests == []


def test_recipe_commit_climbing_out_is_refused(env, server, monkeypatch, capsys):
    """[fetch] recipe 'commit' '../../../../../../outside/notes' → refused: a 40-hex commit id"""
    server.routes["thesis.md"] = send(TEXT)
    monkeypatch.setenv("FRAMING_RAW_URL", server.url)
    path = save(env, recipe("climb", [pin("thesis.md")], commit=UP * 6 + "outside/notes"))
    message = refused(capsys, "corpus", "fetch", "climb", "--retries", "0")
    assert message == (f"{path}, source 'a.example', file 1: 'commit' must be a full commit id (40 "
                       f"hexadecimal digits) (got '{UP * 6}outside/notes'); fix the recipe.")
    assert server.requests == []


def test_recipe_absolute_path_is_refused(env, capsys):
    """[fetch] recipe file 'path' absolute ('/…/outside/notes.txt') → refused, names the field"""
    target = str(env.outside / "notes.txt")
    path = save(env, recipe("absolute", [pin(target)]))
    message = refused(capsys, "corpus", "fetch", "absolute")
    assert message.startswith(f"{path}, source 'a.example', file 1: 'path' must be a relative path inside the "
                              f"repository, without '.' or '..' parts or a leading '/' (got '{target}')")


def test_link_in_the_data_folder_is_not_followed_out(env, capsys):
    """[fetch] a symbolic link in the raw-data folder pointing outside → refused, nothing written through it"""
    save(env, recipe("linked", [pin("a.txt")]))
    link = env.inside / "data" / "raw" / "github" / "o"
    link.parent.mkdir(parents=True)
    link.symlink_to(env.outside / "notes", target_is_directory=True)
    message = refused(capsys, "corpus", "fetch", "linked", "--mirror", str(mirror(env, {"a.txt": TEXT})))
    assert message == (f"{link / 'r' / ZERO / 'a.txt'}: the raw file o/r@{ZERO}:a.txt would be written outside the "
                       f"data folder {env.inside / 'data' / 'raw'}, through a symbolic link; remove the link, or "
                       "set FRAMING_DATA to the folder you mean.")


# --- sizes, stalls, deadlines, Ctrl-C (items 8 and 11) --------------------------------------------
def test_recipe_bytes_checked_before_copying_from_a_mirror(env, capsys):
    """[fetch] recipe 'bytes' (7) differs from the mirror file's size → refused before copying, names 'bytes'"""
    save(env, recipe("sized", [{**pin("a.txt"), "bytes": 7}]))
    source = mirror(env, {"a.txt": TEXT})
    message = refused(capsys, "corpus", "fetch", "sized", "--mirror", str(source))
    assert message == (f"{source / 'github/o/r' / ZERO / 'a.txt'}: the file has {len(TEXT)} bytes, but the recipe "
                       f"states 'bytes': 7 for o/r@{ZERO}:a.txt; nothing was copied. The recipe or the mirror is "
                       "wrong: check the recipe's 'bytes' and 'sha256'.")
    assert not raw_folder(env).exists() or leftovers(raw_folder(env)) == []


def test_announced_size_checked_before_the_body_is_read(env, server, monkeypatch, capsys):
    """[fetch] server announces 1,000,000 bytes, the recipe 'bytes' says 40 → refused before the body is read"""
    server.routes["a.txt"] = send(TEXT, length=1_000_000)
    monkeypatch.setenv("FRAMING_RAW_URL", server.url)
    save(env, recipe("sized", [pin("a.txt")]))
    started = time.monotonic()
    message = refused(capsys, "corpus", "fetch", "sized", "--retries", "0")
    assert time.monotonic() - started < 5  # the server sends its body only after 8 s
    assert message == (f"{server.url.format(repo='o/r', commit=ZERO, path='a.txt')}: the server announces 1000000 "
                       f"bytes for o/r@{ZERO}:a.txt, but the recipe states 'bytes': {len(TEXT)}; nothing was "
                       "downloaded. The source changed or the recipe is wrong: check the recipe's 'bytes' and "
                       "'sha256'.")


def test_endless_response_is_cut_at_the_recipe_size(env, server, monkeypatch, capsys):
    """[fetch] a server sending endless data without a length → stopped after the recipe's 'bytes', not kept"""
    server.routes["a.txt"] = endless
    monkeypatch.setenv("FRAMING_RAW_URL", server.url)
    save(env, recipe("endless", [pin("a.txt")]))
    message = refused(capsys, "corpus", "fetch", "endless", "--retries", "0")
    assert message == (f"{server.url.format(repo='o/r', commit=ZERO, path='a.txt')}: the server sent more than the "
                       f"{len(TEXT)} bytes the recipe states for o/r@{ZERO}:a.txt ('bytes'); the download was "
                       "stopped and nothing of it was kept.")
    assert list(raw_folder(env).iterdir()) == []


def test_stalled_download_times_out(env, server, monkeypatch, capsys):
    """[fetch] a server that stops sending half-way → stall timeout (FRAMING_FETCH_TIMEOUTS stall=1), nothing kept"""
    server.routes["a.txt"] = stall(TEXT)
    monkeypatch.setenv("FRAMING_RAW_URL", server.url)
    monkeypatch.setenv("FRAMING_FETCH_TIMEOUTS", "stall=1")
    save(env, recipe("stalled", [pin("a.txt")]))
    started = time.monotonic()
    message = refused(capsys, "corpus", "fetch", "stalled", "--retries", "0")
    assert time.monotonic() - started < 5
    assert message == (f"{server.url.format(repo='o/r', commit=ZERO, path='a.txt')}: no data arrived for 1 s while "
                       f"fetching o/r@{ZERO}:a.txt (the stall timeout); nothing of it was kept. Files already "
                       "fetched are kept: run the fetch again to resume, or allow longer pauses with "
                       "FRAMING_FETCH_TIMEOUTS=stall=SECONDS.")
    assert list(raw_folder(env).iterdir()) == []


def test_trickling_download_meets_the_per_file_deadline(env, server, monkeypatch, capsys):
    """[fetch] a server trickling 1 byte every 0.25 s → per-file deadline (file=1.5), nothing kept"""
    server.routes["a.txt"] = trickle(TEXT)
    monkeypatch.setenv("FRAMING_RAW_URL", server.url)
    monkeypatch.setenv("FRAMING_FETCH_TIMEOUTS", "stall=1,file=1.5")
    save(env, recipe("slow", [pin("a.txt")]))
    started = time.monotonic()
    message = refused(capsys, "corpus", "fetch", "slow", "--retries", "0")
    assert time.monotonic() - started < 5  # the whole file would take 10 s
    assert message == (f"{server.url.format(repo='o/r', commit=ZERO, path='a.txt')}: fetching o/r@{ZERO}:a.txt took "
                       "longer than 1.5 s (the per-file deadline); nothing of it was kept. Files already fetched are "
                       "kept: run the fetch again to resume, or allow more time with FRAMING_FETCH_TIMEOUTS="
                       "file=SECONDS, or copy the files from a mirror (FRAMING_MIRROR).")
    assert list(raw_folder(env).iterdir()) == []


def test_slow_fetch_meets_the_overall_deadline(env, server, monkeypatch, capsys):
    """[fetch] one fast and three trickling files → overall deadline (total=1.5); the fast file is kept"""
    files = {name: f"{name}: {TEXT.decode()}".encode() for name in ("a.txt", "b.txt", "c.txt", "fast.txt")}
    for name, data in files.items():
        server.routes[name] = send(data) if name == "fast.txt" else trickle(data)
    monkeypatch.setenv("FRAMING_RAW_URL", server.url)
    monkeypatch.setenv("FRAMING_FETCH_TIMEOUTS", "stall=1,total=1.5")
    save(env, recipe("slow", [pin(name, data) for name, data in files.items()]))
    started = time.monotonic()
    message = refused(capsys, "corpus", "fetch", "slow", "--retries", "0")
    assert time.monotonic() - started < 5
    assert message == ("the fetch took longer than 1.5 s (the overall deadline): 1 of 4 files are fetched and kept, "
                       "partial downloads removed. Run the fetch again to resume, or allow more time with "
                       "FRAMING_FETCH_TIMEOUTS=total=SECONDS.")
    assert sorted(p.name for p in raw_folder(env).iterdir()) == ["fast.txt"]


def test_ctrl_c_stops_the_fetch_at_once(env, server, monkeypatch):
    """[fetch] Ctrl-C while a server trickles → 'interrupted', exit 130 at once, no partial file left"""
    long_text = TEXT * 4
    for name in ("a.txt", "b.txt"):
        server.routes[name] = trickle(long_text, every=0.1)
    monkeypatch.setenv("FRAMING_RAW_URL", server.url)
    save(env, recipe("slow", [pin(name, long_text) for name in ("a.txt", "b.txt")]))
    # faulthandler: if the fetch ever hangs, SIGABRT makes it print where every thread is. SIGINT is
    # reset to its default for the child as in a terminal: a test run started in the background by a
    # non-interactive shell ignores SIGINT, which a child would inherit (Python then never raises Ctrl-C).
    process = subprocess.Popen([sys.executable, "-X", "faulthandler", "-m", "framing.cli", "corpus", "fetch", "slow"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 60
        while len(server.requests) < 2 or not leftovers(raw_folder(env)):
            assert process.poll() is None and time.monotonic() < deadline, "the fetch did not start"
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        sent = time.monotonic()
        try:
            _, err = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)
            pytest.fail(f"the fetch did not stop within 10 s of Ctrl-C:\n{process.communicate(timeout=10)[1]}")
        assert time.monotonic() - sent < 2
    finally:
        process.kill()
    assert process.returncode == 130
    assert "Traceback" not in err and err.splitlines()[-1] == "interrupted"
    assert leftovers(env.inside / "data") == [] and list(raw_folder(env).iterdir()) == []


def test_leftover_partial_files_are_cleaned_by_the_next_fetch(env, capsys):
    """[fetch] tmp*/.part files left by a killed fetch → removed by the next fetch; other files stay"""
    save(env, recipe("resumed", [pin("a.txt")]))
    folder = raw_folder(env)
    folder.mkdir(parents=True)
    stale = [folder / ".a.txt.x1y2z3.part", folder / "tmpab12_xyz"]
    for path in stale:
        path.write_bytes(b"half a download")
        os.utime(path, (time.time() - 3600, time.time() - 3600))
    live = folder / ".a.txt.k9k9k9.part"  # another fetch may be writing this one right now
    live.write_bytes(b"being written")
    (folder / "README.md").write_text("my notes on this source\n")
    status, out, _ = run(capsys, "corpus", "fetch", "resumed", "--mirror", str(mirror(env, {"a.txt": TEXT})))
    assert status == 0 and "resumed: Corpus(1 documents" in out
    assert sorted(p.name for p in folder.iterdir()) == [live.name, "README.md", "a.txt"]


def test_bad_timeouts_variable_is_named(env, monkeypatch, capsys):
    """[fetch] FRAMING_FETCH_TIMEOUTS='stall=soon' → error naming the variable and the form it takes"""
    save(env, recipe("timed", [pin("a.txt")]))
    monkeypatch.setenv("FRAMING_FETCH_TIMEOUTS", "stall=soon")
    message = refused(capsys, "corpus", "fetch", "timed", "--mirror", str(mirror(env, {"a.txt": TEXT})))
    assert message == ("FRAMING_FETCH_TIMEOUTS='stall=soon': 'soon' is not a number of seconds; write "
                       "comma-separated stall=SECONDS, file=SECONDS and total=SECONDS (positive numbers), e.g. "
                       "'stall=30,total=7200'.")


# --- variables and folders (item 13) --------------------------------------------------------------
def test_raw_url_variable_with_unknown_field(env, monkeypatch, capsys):
    """[fetch] FRAMING_RAW_URL with an unknown '{branch}' field → error naming the variable and the fields"""
    save(env, recipe("url", [pin("a.txt")]))
    monkeypatch.setenv("FRAMING_RAW_URL", "https://example.org/{repo}/{branch}/{path}")
    message = refused(capsys, "corpus", "fetch", "url")
    assert message == ("FRAMING_RAW_URL='https://example.org/{repo}/{branch}/{path}': unknown field {branch}; a "
                       "raw-file URL template may use only {repo}, {commit} and {path}, e.g. "
                       "https://raw.githubusercontent.com/{repo}/{commit}/{path}.")


def test_recipe_raw_url_with_unknown_field(env, capsys):
    """[fetch] recipe 'raw_url' with '{token.__class__}' → refused, names the recipe field"""
    path = save(env, recipe("url", [pin("a.txt")], raw_url="https://example.org/{token.__class__}/{path}"))
    message = refused(capsys, "corpus", "fetch", "url")
    assert message == (f"{path}: 'raw_url'='https://example.org/{{token.__class__}}/{{path}}': unknown field "
                       "{token.__class__}; a raw-file URL template may use only {repo}, {commit} and {path}, e.g. "
                       "https://raw.githubusercontent.com/{repo}/{commit}/{path}.")


def test_cache_variable_pointing_at_a_file(env, monkeypatch, capsys):
    """[fetch] FRAMING_CACHE pointing at a file → one error line naming the variable, the file untouched"""
    (env.inside / "articles.csv").write_text("outlet,date,text\na,2022-02-24,war\nb,2022-02-25,peace\n")
    cache = env.inside / "cache-file"
    cache.write_text("not a folder\n")
    monkeypatch.setenv("FRAMING_CACHE", str(cache))
    for argv in (["cache", "info"], ["terms", "articles.csv", "war"]):
        assert refused(capsys, *argv) == (f"FRAMING_CACHE={cache}: {cache} is a file, not a folder; point "
                                          "FRAMING_CACHE at a folder (it is created if missing), or unset it.")
    assert cache.read_text() == "not a folder\n"


def test_data_variable_pointing_at_a_file(env, monkeypatch, capsys):
    """[fetch] FRAMING_DATA pointing at a file → one error line naming the variable, the file untouched"""
    save(env, recipe("data", [pin("a.txt")]))
    data = env.inside / "data-file"
    data.write_text("not a folder\n")
    monkeypatch.setenv("FRAMING_DATA", str(data / "corpora"))
    for argv in (["corpus", "list"], ["corpus", "fetch", "data", "--mirror", str(mirror(env, {"a.txt": TEXT}))]):
        assert refused(capsys, *argv) == (f"FRAMING_DATA={data / 'corpora'}: {data} is a file, not a folder; point "
                                          "FRAMING_DATA at a folder (it is created if missing), or unset it.")
    assert data.read_text() == "not a folder\n"


def test_built_corpus_replaced_by_a_folder(env, capsys):
    """[fetch] a built corpus's corpus.parquet replaced by a folder → error naming it, the folder kept"""
    save(env, recipe("built", [pin("a.txt")]))
    source = mirror(env, {"a.txt": TEXT})
    assert run(capsys, "corpus", "fetch", "built", "--mirror", str(source))[0] == 0
    parquet = env.inside / "data" / "built" / "corpus.parquet"
    parquet.unlink()
    (parquet / "mine").mkdir(parents=True)
    message = refused(capsys, "corpus", "fetch", "built", "--mirror", str(source))
    assert message == (f"{parquet}: a folder stands where framing keeps the built corpus 'built'; framing does "
                       "not delete folders: move it away, then fetch again.")
    assert (parquet / "mine").is_dir()


def test_raw_file_replaced_by_a_folder(env, capsys):
    """[fetch] a fetched raw file replaced by a folder → error naming it, the folder kept"""
    save(env, recipe("fetched", [pin("a.txt")]))
    target = raw_folder(env) / "a.txt"
    (target / "mine").mkdir(parents=True)
    message = refused(capsys, "corpus", "fetch", "fetched", "--mirror", str(mirror(env, {"a.txt": TEXT})))
    assert message == (f"{target}: a folder stands where framing keeps the raw file o/r@{ZERO}:a.txt; framing does "
                       "not delete folders: move it away, then fetch again.")
    assert (target / "mine").is_dir()


def test_cache_entry_file_replaced_by_a_folder(env, capsys):
    """[fetch] a file of a matrix cache entry replaced by a folder → the entry is dropped with a warning, recomputed"""
    (env.inside / "articles.csv").write_text("outlet,date,text\na,2022-02-24,war\nb,2022-02-25,war and peace\n")
    status, first, _ = run(capsys, "terms", "articles.csv", "war")
    assert status == 0
    entry = next((env.inside / "cache" / "dtm").iterdir())
    victim = next(p for p in sorted(entry.iterdir()) if p.name != "entry.json")
    victim.unlink()
    victim.mkdir()
    status, again, err = run(capsys, "terms", "articles.csv", "war")
    assert status == 0 and again == first
    assert f"warning: cache entry {entry} is not used: {victim.name} is not a file; it is deleted and recomputed" in err
    assert victim.is_file()


def test_cache_namespace_replaced_by_a_file(env, capsys):
    """[fetch] the cache's dtm/ folder replaced by a file → one error line naming it and what to do"""
    (env.inside / "articles.csv").write_text("outlet,date,text\na,2022-02-24,war\nb,2022-02-25,war and peace\n")
    (env.inside / "cache").mkdir()
    (env.inside / "cache" / "dtm").write_text("in the way\n")
    message = refused(capsys, "terms", "articles.csv", "war")
    assert message == (f"{env.inside / 'cache' / 'dtm'}: a file stands where the cache keeps its document-term "
                       "matrices; move or delete it, or set FRAMING_CACHE to another folder.")


# --- broken recipes (item 13) ---------------------------------------------------------------------
def test_one_broken_recipe_does_not_break_the_list(env, capsys):
    """[fetch] one broken recipe in FRAMING_RECIPES → `corpus list` lists the others and the broken one with its error"""
    save(env, recipe("good", [pin("a.txt")]))
    bad = save(env, '{"name": "bad", "sources": [', name="bad")
    status, out, err = run(capsys, "corpus", "list")
    assert status == 0 and "Traceback" not in err
    for row in (r"bad\s+broken", r"good\s+no", r"ukraine-2022\s+(yes|no)", r"ukraine-2022-window\s+(yes|no)"):
        assert re.search(rf"^\s*{row}\s", out, re.M), row
    assert (f"recipes that cannot be used (fix or remove them):\n- bad: {bad}: not valid JSON (Expecting value at "
            "line 1).\n") in out
    assert run(capsys, "corpus", "fetch", "good", "--mirror", str(mirror(env, {"a.txt": TEXT})))[0] == 0


def test_recipe_named_like_a_shipped_corpus(env, capsys):
    """[fetch] a recipe named 'ukraine-2022' in FRAMING_RECIPES → the others work; list and fetch name the clash"""
    save(env, recipe("good", [pin("a.txt")]))
    clash = save(env, recipe("ukraine-2022", [pin("a.txt")]))
    assert run(capsys, "corpus", "fetch", "good", "--mirror", str(mirror(env, {"a.txt": TEXT})))[0] == 0
    message = refused(capsys, "corpus", "fetch", "ukraine-2022")
    assert re.fullmatch(rf"{re.escape(str(clash))}: the corpus name 'ukraine-2022' is already taken by \S+"
                        r"/framing/data/corpora/ukraine-2022\.json; rename the recipe\.", message)
    status, out, _ = run(capsys, "corpus", "list")
    assert status == 0 and f"- ukraine-2022: {message}\n" in out


def test_recipes_deriving_from_each_other(env, capsys):
    """[fetch] two recipes whose 'base' names each other → refused naming the cycle, no RecursionError"""
    first = save(env, {"name": "first", "base": "second", "filter": {"pattern": "war"}})
    save(env, {"name": "second", "base": "first", "filter": {"pattern": "war"}})
    message = refused(capsys, "corpus", "fetch", "first")
    assert message == (f"{first}: the recipes derive from themselves through 'base': first → second → first; fix "
                       "the 'base' of one of them.")
    status, out, _ = run(capsys, "corpus", "list")
    assert status == 0 and re.search(r"^\s*first\s+broken\s", out, re.M)


def test_recipe_field_of_the_wrong_type(env, capsys):
    """[fetch] recipe file entry with 'bytes': 'many' → refused, names the source, file and field"""
    path = save(env, recipe("typed", [{**pin("a.txt"), "bytes": "many"}]))
    message = refused(capsys, "corpus", "fetch", "typed", "--mirror", str(mirror(env, {"a.txt": TEXT})))
    assert message == (f"{path}, source 'a.example', file 1: 'bytes' must be the file's size, a whole number "
                       "≥ 0 (got 'many'); fix the recipe.")


def test_recipe_that_is_not_an_object(env, capsys):
    """[fetch] a recipe whose JSON is a list → refused: a recipe is a JSON object"""
    path = save(env, '["name", "sources"]', name="listed")
    message = refused(capsys, "corpus", "fetch", "listed")
    assert message == f"{path}: a recipe is a JSON object ({{\"name\": ..., ...}}), not a list; fix the recipe."


def test_recipe_that_is_not_utf8(env, capsys):
    """[fetch] a recipe file in Latin-1 → refused: not UTF-8, names the byte"""
    path = env.inside / "recipes" / "latin.json"
    path.write_bytes('{"name": "latin", "title": "Café"}'.encode("latin-1"))
    message = refused(capsys, "corpus", "fetch", "latin")
    assert message == f"{path}: not valid UTF-8 at byte 31; save the recipe as UTF-8."


# --- attacks answered well before issue 14 (kept passing) -----------------------------------------
def test_checksum_mismatch_from_the_server(env, server, monkeypatch, capsys):
    """[fetch] server sends other content of the right size → checksum mismatch, file not kept"""
    forged = TEXT.replace(b"War.", b"Tea.")
    server.routes["a.txt"] = send(forged)
    monkeypatch.setenv("FRAMING_RAW_URL", server.url)
    save(env, recipe("forged", [pin("a.txt")]))
    message = refused(capsys, "corpus", "fetch", "forged", "--retries", "0")
    assert message.startswith(f"o/r@{ZERO}:a.txt: checksum mismatch for "
                              f"{server.url.format(repo='o/r', commit=ZERO, path='a.txt')}: expected sha256 "
                              f"{hashlib.sha256(TEXT).hexdigest()}, got {hashlib.sha256(forged).hexdigest()}. "
                              "The file was not kept.")
    assert list(raw_folder(env).iterdir()) == []


def test_file_missing_from_the_mirror(env, capsys):
    """[fetch] a file missing from the mirror → error naming the file and the mirror"""
    save(env, recipe("partial", [pin("a.txt"), pin("b.txt")]))
    source = mirror(env, {"a.txt": TEXT})
    message = refused(capsys, "corpus", "fetch", "partial", "--mirror", str(source))
    assert message.startswith(f"{source / 'github/o/r' / ZERO / 'b.txt'}: missing from the mirror {source} "
                              f"(the recipe needs github/o/r/{ZERO}/b.txt).")


def test_mirror_variable_naming_no_folder(env, monkeypatch, capsys):
    """[fetch] FRAMING_MIRROR naming a missing folder → error naming the variable"""
    save(env, recipe("mirrored", [pin("a.txt")]))
    monkeypatch.setenv("FRAMING_MIRROR", str(env.inside / "nowhere"))
    message = refused(capsys, "corpus", "fetch", "mirrored")
    assert message.startswith(f"FRAMING_MIRROR={env.inside / 'nowhere'}: no such folder")


def test_unknown_corpus_name(env, capsys):
    """[fetch] `corpus fetch` of an unknown name → error listing the known corpora"""
    assert refused(capsys, "corpus", "fetch", "../../outside") == (
        "unknown corpus '../../outside'; known corpora: ukraine-2022, ukraine-2022-ru-uk, ukraine-2022-window. "
        "See `framing corpus list`.")


def test_recipe_that_is_not_json(env, capsys):
    """[fetch] a recipe that is not valid JSON → error naming the file and the line"""
    path = save(env, '{"name": "broken",\n "sources": ]', name="broken")
    assert refused(capsys, "corpus", "fetch", "broken") == f"{path}: not valid JSON (Expecting value at line 2)."


def test_recipe_missing_a_key(env, capsys):
    """[fetch] a recipe file entry without 'sha256' → error naming the source and the key"""
    entry = pin("a.txt")
    del entry["sha256"]
    path = save(env, recipe("unpinned", [entry]))
    assert refused(capsys, "corpus", "fetch", "unpinned").startswith(
        f"{path}, source 'a.example': the recipe lacks the key 'sha256'")


def test_tampered_built_corpus_is_rebuilt(env, capsys):
    """[fetch] a built corpus.parquet replaced by another valid file → not loaded: warning, rebuilt from raw files"""
    save(env, recipe("built", [pin("a.txt")]))
    source = mirror(env, {"a.txt": TEXT})
    assert run(capsys, "corpus", "fetch", "built", "--mirror", str(source))[0] == 0
    parquet = env.inside / "data" / "built" / "corpus.parquet"
    fr.from_dataframe(pd.DataFrame({"outlet": ["x"], "date": ["2022-01-01"], "text": ["peace"]})).to_parquet(parquet)
    status, out, err = run(capsys, "corpus", "fetch", "built", "--mirror", str(source))
    assert status == 0 and "built: Corpus(1 documents" in out
    assert ("corpus.parquet does not match the checksum in stamp.json (corrupt or half-written); rebuilding it."
            in err)


def test_http_error_names_the_url(env, server, monkeypatch, capsys):
    """[fetch] the server answers 404 → error naming the URL and the recipe fields to check"""
    monkeypatch.setenv("FRAMING_RAW_URL", server.url)
    save(env, recipe("gone", [pin("a.txt")]))
    assert refused(capsys, "corpus", "fetch", "gone", "--retries", "0").startswith(
        f"{server.url.format(repo='o/r', commit=ZERO, path='a.txt')}: HTTP 404 while fetching o/r@{ZERO}:a.txt. "
        "Check the recipe's repo, commit and path.")


def test_no_server_listening(env, monkeypatch, capsys):
    """[fetch] nothing listens at the download address → error explaining FRAMING_MIRROR"""
    from loopback import closed_port

    port = closed_port()
    monkeypatch.setenv("FRAMING_RAW_URL", f"http://127.0.0.1:{port}/{{repo}}/{{commit}}/{{path}}")
    save(env, recipe("offline", [pin("a.txt")]))
    assert refused(capsys, "corpus", "fetch", "offline", "--retries", "0").startswith(
        f"cannot reach 127.0.0.1:{port} to download a.txt (ConnectionError). Without network access, set "
        "FRAMING_MIRROR=DIR")
