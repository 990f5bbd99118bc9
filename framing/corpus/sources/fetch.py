"""Fetch pinned raw files: in parallel, retried, bounded in time and size, resumable, each verified.

Each file is streamed into a temporary file beside its target (``.<name>.<random>.part``), its
size and SHA-256 compared with the recipe's ``bytes`` and ``sha256``, and only then renamed into
place, so a damaged, half-finished or oversized download is never kept. Files already present
with the right size and checksum are not fetched again: an interrupted fetch resumes file by
file. Failed downloads (no connection, a stall, a cut-off or corrupted transfer, HTTP 5xx or
429) are retried with a growing wait (1 s, 2 s, 3 s, ...); several files are fetched at once
(:data:`WORKERS`), with one progress bar (tqdm) for all.

What a server, or a recipe, can make a fetch do is bounded:

- **where files go**: every pin must pass :func:`~framing.corpus.sources.common.pin_problem`
  (``repo`` is ``owner/name``, ``commit`` 40 hex digits, ``path`` relative without ``..``), and
  each target, symbolic links resolved, must lie inside ``dest``; a folder standing where a file
  belongs is reported, never deleted;
- **size**: the size a server announces (``Content-Length``) must be the recipe's ``bytes``,
  checked before the body is read, and a server sending more than ``bytes`` is cut off there;
- **time** (:class:`Timeouts`, or ``$FRAMING_FETCH_TIMEOUTS`` such as ``"stall=30,total=7200"``):
  a download receiving nothing for ``stall`` seconds fails (and is retried), one file may take
  ``file`` seconds (its retries included), the whole fetch ``total`` seconds;
- **stopping**: Ctrl-C (:class:`KeyboardInterrupt`), a deadline or any failed file stops every
  download at once -- open connections are shut, partial files removed, verified files kept --
  and the interrupt or error is raised in the caller;
- **leftovers** of a run that was killed (``.*.part`` files, and ``tmp*`` files of versions that
  downloaded through pooch) are removed by the next fetch of the same files, once unchanged for
  longer than the stall timeout (a younger one may belong to a fetch still running).

With a *mirror* -- a local folder laid out as ``github/<owner>/<repo>/<commit>/<path>``,
like the ``raw/`` folder that fetching fills -- files are copied from it instead, through
the same checks, and the network is never touched.

>>> from framing.corpus.sources.common import RawFile
>>> import tempfile, pathlib, hashlib
>>> mirror, dest = (pathlib.Path(tempfile.mkdtemp()) for _ in range(2))
>>> raw = RawFile("o/r", "c0ffee" * 6 + "c0ff", "a.txt", hashlib.sha256(b"hi").hexdigest(), 2)
>>> (mirror / raw.key).parent.mkdir(parents=True)
>>> _ = (mirror / raw.key).write_bytes(b"hi")
>>> paths = fetch_files([raw], dest=dest, mirror=mirror, progress=False)
>>> paths[raw].read_bytes()
b'hi'
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import queue
import re
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3

from framing._infra.atomic import atomic_path
from framing._infra.errors import ArgumentError, CatalogError
from framing._infra.hashing import sha256_file
from framing._infra.paths import variable
from framing.corpus.sources.common import GITHUB_RAW, RawFile, check_url_template, pin_problem, shown

WORKERS = 8
"""Files fetched at once: enough to hide the latency of many small files."""
CHUNK = 1 << 16
"""Bytes read at a time; deadlines and Ctrl-C are checked between reads."""
TIMEOUTS_VARIABLE = "FRAMING_FETCH_TIMEOUTS"
GRACE = 1.0
"""Seconds the downloads get to stop and remove their partial files after Ctrl-C or an error."""
_POLL = 0.1
_PARTIAL = re.compile(r"\..+\.part|tmp[a-z0-9_]{8}")
_FORM = ("write comma-separated stall=SECONDS, file=SECONDS and total=SECONDS (positive numbers), e.g. "
         "'stall=30,total=7200'.")

MIRROR_HELP = ("Without network access, set FRAMING_MIRROR=DIR (or pass --mirror DIR on the "
               "command line, mirror=DIR in Python) to a folder laid out as "
               "github/<owner>/<repo>/<commit>/<path>, such as a copy of corpora/raw/ from a "
               "checkout that fetched them.")
_RESUME = "Files already fetched are kept: run the fetch again to resume"


@dataclasses.dataclass(frozen=True)
class Timeouts:
    """How long a fetch may take, in seconds.

    Attributes:
        stall: the longest wait for the next bytes (and for a connection and the reply's
            headers); a download stalled longer fails, and is retried.
        file: the longest time for one file, its retries and their waits included.
        total: the longest time for the whole fetch.

    >>> Timeouts.parse("stall=5, total=600")
    Timeouts(stall=5.0, file=900.0, total=600.0)
    """

    stall: float = 60.0
    file: float = 900.0
    total: float = 3600.0

    def __post_init__(self) -> None:
        for key, seconds in dataclasses.asdict(self).items():
            if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 < seconds < math.inf:
                raise ArgumentError(f"Timeouts({key}={seconds!r}): give a positive number of seconds")

    @classmethod
    def parse(cls, text: str, *, origin: str = TIMEOUTS_VARIABLE) -> Timeouts:
        """Timeouts from ``"stall=30,file=600,total=7200"`` (any of the three; the others default)."""
        values: dict[str, float] = {}
        for item in filter(None, (part.strip() for part in text.split(","))):
            key, sep, value = (part.strip() for part in item.partition("="))
            if not sep or key not in ("stall", "file", "total"):
                raise CatalogError(f"{origin}={shown(text)}: {shown(item)} is not stall=, file= or total=; {_FORM}")
            try:
                seconds = float(value)
            except ValueError:
                raise CatalogError(f"{origin}={shown(text)}: {shown(value)} is not a number of seconds; {_FORM}"
                                   ) from None
            if not math.isfinite(seconds) or seconds <= 0:
                raise CatalogError(f"{origin}={shown(text)}: {key} must be a positive number of seconds; {_FORM}")
            values[key] = seconds
        return cls(**values)

    @classmethod
    def from_environment(cls) -> Timeouts:
        """``$FRAMING_FETCH_TIMEOUTS`` (see :meth:`parse`), or the defaults when it is unset."""
        text = variable(TIMEOUTS_VARIABLE)
        return cls() if text is None else cls.parse(text)


class _Stopped(Exception):
    """The fetch was stopped (Ctrl-C, another file's failure, the overall deadline)."""


class _Transient(CatalogError):
    """A failure that another attempt may not meet (a stall, a cut-off or corrupted transfer)."""


class _Run:
    """One fetch in progress: its deadline, the stop flag, the responses being read, the partial files."""

    def __init__(self, timeouts: Timeouts) -> None:
        self.timeouts = timeouts
        self.deadline = time.monotonic() + timeouts.total
        self.stopped = threading.Event()
        self._lock = threading.Lock()
        self._reading: set[urllib3.HTTPResponse] = set()
        self._partial: set[Path] = set()

    def check(self, raw: RawFile, where: str, file_deadline: float) -> None:
        """Raise if the fetch was stopped, or the file's or the fetch's deadline passed."""
        now = time.monotonic()
        if self.stopped.is_set() or now > self.deadline:
            raise _Stopped
        if now > file_deadline:
            raise CatalogError(
                f"{where}: fetching {raw.provenance} took longer than {self.timeouts.file:g} s (the per-file "
                f"deadline); nothing of it was kept. {_RESUME}, or allow more time with {TIMEOUTS_VARIABLE}="
                "file=SECONDS, or copy the files from a mirror (FRAMING_MIRROR).")

    def pause(self, seconds: float, raw: RawFile, where: str, file_deadline: float) -> None:
        """Wait before another attempt; Ctrl-C and the deadlines cut the wait short."""
        until = min(time.monotonic() + seconds, file_deadline + 0.001, self.deadline + 0.001)
        if self.stopped.wait(max(0.0, until - time.monotonic())):
            raise _Stopped
        self.check(raw, where, file_deadline)

    def track(self, item: urllib3.HTTPResponse | Path, *, done: bool = False) -> None:
        """Note (or forget, with ``done``) a response being read or a partial file being written."""
        with self._lock:
            found: set[Any] = self._reading if isinstance(item, urllib3.HTTPResponse) else self._partial
            if done:
                found.discard(item)
            else:
                found.add(item)

    def stop(self, threads: Sequence[threading.Thread]) -> None:
        """Stop every download, give them :data:`GRACE` seconds to end, remove what they leave."""
        self.stopped.set()
        with self._lock:
            reading = list(self._reading)
        for response in reading:  # wakes a read blocked on a silent server
            try:
                response.shutdown()
            except (OSError, ValueError, RuntimeError):  # already closed, or back in the pool
                pass
        ends = time.monotonic() + GRACE
        for thread in threads:
            thread.join(max(0.0, ends - time.monotonic()))
        with self._lock:
            for path in self._partial:
                path.unlink(missing_ok=True)


# --- one file ---------------------------------------------------------------------------------------
def _verified(path: Path, raw: RawFile) -> bool:
    """Whether ``path`` is a file of the pinned size and SHA-256."""
    return path.is_file() and path.stat().st_size == raw.size and sha256_file(path) == raw.sha256.lower()


def _stream(read: Callable[[], bytes], out: Path, raw: RawFile, where: str, run: _Run,
            file_deadline: float) -> None:
    """Write what ``read`` returns to ``out``, at most ``raw.size`` bytes, then check size and SHA-256."""
    digest, size = hashlib.sha256(), 0
    with open(out, "wb") as handle:
        while True:
            run.check(raw, where, file_deadline)
            try:
                chunk = read()
            except urllib3.exceptions.ReadTimeoutError as exc:
                raise _stalled(where, raw, run) from exc
            except (urllib3.exceptions.ProtocolError, urllib3.exceptions.DecodeError) as exc:
                if run.stopped.is_set():
                    raise _Stopped from exc
                raise _Transient(f"{where}: the download was interrupted (the connection closed after {size} "
                                 f"of {raw.size} bytes). {_RESUME}.") from exc
            if not chunk:
                break
            size += len(chunk)
            if size > raw.size:
                raise CatalogError(f"{where}: the server sent more than the {raw.size} bytes the recipe states "
                                   f"for {raw.provenance} ('bytes'); the download was stopped and nothing of it "
                                   "was kept.")
            digest.update(chunk)
            handle.write(chunk)
    run.check(raw, where, file_deadline)
    if size < raw.size:
        raise _Transient(f"{where}: the download was interrupted (the connection closed after {size} of "
                         f"{raw.size} bytes). {_RESUME}.")
    if digest.hexdigest() != raw.sha256.lower():
        raise _Transient(f"{raw.provenance}: checksum mismatch for {where}: expected sha256 {raw.sha256}, got "
                         f"{digest.hexdigest()}. The file was not kept. The download was corrupted or the source "
                         "changed: fetch again, or check the file in the mirror.")


def _stalled(url: str, raw: RawFile, run: _Run) -> _Transient:
    return _Transient(f"{url}: no data arrived for {run.timeouts.stall:g} s while fetching {raw.provenance} (the "
                      f"stall timeout); nothing of it was kept. {_RESUME}, or allow longer pauses with "
                      f"{TIMEOUTS_VARIABLE}=stall=SECONDS.")


def _download(url: str, raw: RawFile, out: Path, run: _Run, file_deadline: float) -> None:
    """Stream ``url`` into ``out``; the announced size is checked before the body is read."""
    stall = run.timeouts.stall
    try:
        response = requests.get(url, stream=True, timeout=(min(10.0, stall), stall),
                                headers={"Accept-Encoding": "identity"})
    except requests.exceptions.ReadTimeout as exc:
        raise _stalled(url, raw, run) from exc
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise _Transient(f"cannot reach {urlsplit(url).netloc} to download {raw.path} ({type(exc).__name__}). "
                         f"{MIRROR_HELP}") from exc
    with response:
        if not response.ok:
            status = response.status_code
            error = _Transient if status >= 500 or status == 429 else CatalogError
            raise error(f"{url}: HTTP {status} while fetching {raw.provenance}. Check the recipe's repo, commit "
                        f"and path. {MIRROR_HELP}")
        announced = response.headers.get("Content-Length")
        encoded = response.headers.get("Content-Encoding", "identity").lower() != "identity"
        if announced is not None and not encoded and announced.strip() != str(raw.size):
            raise CatalogError(f"{url}: the server announces {announced.strip()} bytes for {raw.provenance}, but "
                               f"the recipe states 'bytes': {raw.size}; nothing was downloaded. The source changed "
                               "or the recipe is wrong: check the recipe's 'bytes' and 'sha256'.")
        run.track(response.raw)
        try:
            _stream(lambda: response.raw.read1(CHUNK, decode_content=True), out, raw, url, run, file_deadline)
        finally:
            run.track(response.raw, done=True)


def _copy(source: Path, mirror: Path, raw: RawFile, out: Path, run: _Run, file_deadline: float) -> None:
    """Copy ``source`` from the mirror into ``out``; its size is checked before copying."""
    if not source.is_file():
        raise CatalogError(f"{source}: missing from the mirror {mirror} (the recipe needs {raw.key}). Copy the "
                           "file there, or unset FRAMING_MIRROR to download it from GitHub.")
    size = source.stat().st_size
    if size != raw.size:
        raise CatalogError(f"{source}: the file has {size} bytes, but the recipe states 'bytes': {raw.size} for "
                           f"{raw.provenance}; nothing was copied. The recipe or the mirror is wrong: check the "
                           "recipe's 'bytes' and 'sha256'.")
    with open(source, "rb") as handle:
        _stream(lambda: handle.read(CHUNK), out, raw, str(source), run, file_deadline)


def _fetch_one(raw: RawFile, target: Path, *, mirror: Path | None, url_template: str, retries: int,
               run: _Run) -> Path:
    """Make ``target`` a verified copy of ``raw``: kept if it is one, else fetched (retried)."""
    if _verified(target, raw):
        return target
    where = str(mirror / raw.key) if mirror else raw.url(url_template)
    file_deadline = time.monotonic() + run.timeouts.file
    for attempt in range(retries + 1):
        try:
            with atomic_path(target) as out:
                run.track(out)
                try:
                    if mirror:
                        _copy(mirror / raw.key, mirror, raw, out, run, file_deadline)
                    else:
                        _download(where, raw, out, run, file_deadline)
                finally:
                    run.track(out, done=True)
            return target
        except _Transient:
            if attempt == retries:
                raise
        run.pause(attempt + 1, raw, where, file_deadline)
    raise AssertionError("unreachable: the last attempt returns or raises")


def _work(todo: queue.SimpleQueue[RawFile], done: queue.SimpleQueue[tuple[RawFile, Path | BaseException]],
          fetch: Callable[[RawFile], Path], run: _Run) -> None:
    """A download thread: fetch files from ``todo`` until it is empty or the fetch stops."""
    while not run.stopped.is_set():
        try:
            raw = todo.get_nowait()
        except queue.Empty:
            return
        try:
            done.put((raw, fetch(raw)))
        except BaseException as exc:  # handed to the caller's thread, which raises it
            done.put((raw, exc))


# --- all files --------------------------------------------------------------------------------------
def _targets(files: Sequence[RawFile], dest: Path) -> dict[RawFile, Path]:
    """Each file's path under ``dest``, after checking its pins and that it stays inside ``dest``."""
    inside = dest.resolve()
    targets: dict[RawFile, Path] = {}
    keys: dict[str, RawFile] = {}
    for raw in files:
        problem = pin_problem(raw)
        if problem:
            raise CatalogError(f"raw file {raw.provenance[:200]}: {problem}; fix the recipe.")
        if keys.setdefault(raw.key, raw) != raw:
            raise CatalogError(f"{raw.key}: listed twice with different checksums or sizes; fix the recipe.")
        target = dest / raw.key
        if not target.resolve().is_relative_to(inside):
            raise CatalogError(f"{target}: the raw file {raw.provenance} would be written outside the data folder "
                               f"{dest}, through a symbolic link; remove the link, or set FRAMING_DATA to the "
                               "folder you mean.")
        if target.exists() and not target.is_file():
            what = "a folder" if target.is_dir() else "something other than a file"
            raise CatalogError(f"{target}: {what} stands where framing keeps the raw file {raw.provenance}; "
                               "framing does not delete folders: move it away, then fetch again.")
        targets[raw] = target
    return targets


def _prepare(targets: dict[RawFile, Path], dest: Path, *, older_than: float) -> None:
    """Make the targets' folders; remove partial files left there by killed runs (``older_than`` s old)."""
    keep, now = set(targets.values()), time.time()
    for folder in sorted({t.parent for t in targets.values()}):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CatalogError(f"{folder}: cannot make this folder for raw files ({exc.strerror}); check the data "
                               f"folder {dest}.") from exc
        for item in folder.iterdir():
            if (_PARTIAL.fullmatch(item.name) and item not in keep and not item.is_symlink() and item.is_file()
                    and now - item.stat().st_mtime > older_than):
                item.unlink(missing_ok=True)


def _failure(exc: BaseException, raw: RawFile, where: str) -> BaseException:
    """What the caller raises for a file that failed: framing's error, or a readable one for the rest."""
    if isinstance(exc, (CatalogError, KeyboardInterrupt, SystemExit)):
        return exc
    if isinstance(exc, OSError):
        return CatalogError(f"{where}: could not fetch {raw.provenance}: {exc.strerror or exc}.")
    return CatalogError(f"{where}: could not fetch {raw.provenance}: {type(exc).__name__}: {exc}")


def fetch_files(files: Sequence[RawFile], *, dest: Path, mirror: Path | None = None,
                url_template: str = GITHUB_RAW, retries: int = 3, progress: bool = True,
                timeouts: Timeouts | None = None) -> dict[RawFile, Path]:
    """Make every file available, verified, under ``dest`` (at ``dest / file.key``).

    Args:
        files: the raw files, with their SHA-256 and size.
        dest: the local folder (created if needed).
        mirror: copy from this folder (layout ``github/<owner>/<repo>/<commit>/<path>``)
            and never use the network.
        url_template: the download URL, with ``{repo}``, ``{commit}`` and ``{path}``.
        retries: further attempts per file after a failed download (waiting 1 s, 2 s, ...).
        progress: show a progress bar (bytes of all files) on stderr.
        timeouts: the stall timeout and the deadlines (default :meth:`Timeouts.from_environment`).

    Returns:
        The local path of each file.

    Raises:
        CatalogError: a bad pin or a target outside ``dest``; a size or checksum mismatch (the
            file is not kept); an HTTP error; a stalled or interrupted download; a deadline;
            no network (the message explains ``FRAMING_MIRROR``); a file missing from the mirror.
        KeyboardInterrupt: raised again once every download has stopped and its partial file is gone.
    """
    from tqdm.auto import tqdm

    if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
        raise ArgumentError(f"retries={retries!r}: give a whole number ≥ 0 of further attempts per file")
    timeouts = timeouts or Timeouts.from_environment()
    if not mirror:
        check_url_template(url_template, "the raw-file URL")
    dest = Path(dest)
    unique = list(dict.fromkeys(files))
    targets = _targets(unique, dest)
    _prepare(targets, dest, older_than=timeouts.stall)
    run = _Run(timeouts)
    todo: queue.SimpleQueue[RawFile] = queue.SimpleQueue()
    done: queue.SimpleQueue[tuple[RawFile, Path | BaseException]] = queue.SimpleQueue()
    for raw in unique:
        todo.put(raw)

    def fetch(raw: RawFile) -> Path:
        return _fetch_one(raw, targets[raw], mirror=mirror, url_template=url_template,
                          retries=0 if mirror else retries, run=run)

    # Daemon threads: one blocked on a silent server must not keep the process alive after Ctrl-C.
    threads = [threading.Thread(target=_work, args=(todo, done, fetch, run), daemon=True, name=f"fetch-{i}")
               for i in range(min(WORKERS, len(unique)))]
    paths: dict[RawFile, Path] = {}
    bar = tqdm(total=sum(f.size for f in unique), unit="B", unit_scale=True, disable=not progress,
               desc=f"{'copying' if mirror else 'fetching'} {len(unique)} files")
    with bar:
        try:
            for thread in threads:
                thread.start()
            _collect(paths, unique, done, run, bar.update)
        except BaseException:
            run.stop(threads)
            raise
    return {raw: paths[raw] for raw in files}


def _collect(paths: dict[RawFile, Path], files: Sequence[RawFile],
             done: queue.SimpleQueue[tuple[RawFile, Path | BaseException]], run: _Run,
             advance: Callable[[int], object]) -> None:
    """Gather the downloads' outcomes into ``paths``; raise the first failure, or at the deadline."""
    while len(paths) < len(files):
        remaining = run.deadline - time.monotonic()
        try:
            raw, outcome = done.get(timeout=max(0.0, min(_POLL, remaining)))
        except queue.Empty:
            if remaining <= 0:
                raise _overall(run, len(paths), len(files)) from None
            continue
        if isinstance(outcome, _Stopped):  # a download met the overall deadline first
            raise _overall(run, len(paths), len(files))
        if isinstance(outcome, BaseException):
            failure = _failure(outcome, raw, raw.key)
            if failure is outcome:
                raise outcome
            raise failure from outcome
        paths[raw] = outcome
        advance(raw.size)


def _overall(run: _Run, fetched: int, files: int) -> CatalogError:
    return CatalogError(f"the fetch took longer than {run.timeouts.total:g} s (the overall deadline): {fetched} of "
                        f"{files} files are fetched and kept, partial downloads removed. Run the fetch again to "
                        f"resume, or allow more time with {TIMEOUTS_VARIABLE}=total=SECONDS.")
