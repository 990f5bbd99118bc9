"""Fetch pinned raw files: in parallel, with retries, resumable, each verified by SHA-256.

Downloads go through `pooch <https://www.fatiando.org/pooch>`_: each file is streamed to
a temporary file beside its target, its SHA-256 compared with the recipe's, and only then
renamed into place, so a damaged or half-finished download is never kept. Failed
downloads are retried with a growing wait (1 s, 2 s, 3 s, ...). Files already present
with the right checksum are not downloaded again, so an interrupted fetch resumes where it
stopped when run again (file by file: a file cut off half-way is fetched again whole).
Files are fetched by several threads at once, with one progress bar (tqdm) for all.

With a *mirror* -- a local folder laid out as ``github/<owner>/<repo>/<commit>/<path>``,
like the ``raw/`` folder that fetching fills -- files are copied from it instead, through
the same verification, and the network is never touched.

>>> from framing.corpus.sources.common import RawFile
>>> import tempfile, pathlib, hashlib
>>> mirror, dest = (pathlib.Path(tempfile.mkdtemp()) for _ in range(2))
>>> raw = RawFile("o/r", "c0ffee", "a.txt", hashlib.sha256(b"hi").hexdigest(), 2)
>>> (mirror / raw.key).parent.mkdir(parents=True)
>>> _ = (mirror / raw.key).write_bytes(b"hi")
>>> paths = fetch_files([raw], dest=dest, mirror=mirror, progress=False)
>>> paths[raw].read_bytes()
b'hi'
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from urllib.parse import urlsplit

import pooch
import requests

from framing._infra.errors import CatalogError
from framing.corpus.sources.common import GITHUB_RAW, RawFile

WORKERS = 8
"""Files fetched at once: enough to hide the latency of many small files."""

MIRROR_HELP = ("Without network access, set FRAMING_MIRROR=DIR (or pass --mirror DIR on the "
               "command line, mirror=DIR in Python) to a folder laid out as "
               "github/<owner>/<repo>/<commit>/<path>, such as a copy of corpora/raw/ from a "
               "checkout that fetched them.")


class _MirrorCopy:
    """A pooch downloader that copies a file from a mirror folder instead of the network."""

    def __init__(self, mirror: Path) -> None:
        self.mirror = mirror

    def __call__(self, url: str, output_file: str, _pooch: pooch.Pooch) -> None:
        source = Path(url)
        if not source.is_file():
            key = source.relative_to(self.mirror).as_posix()
            raise CatalogError(f"{source}: missing from the mirror {self.mirror} (the recipe needs "
                               f"{key}). Copy the file there, or unset FRAMING_MIRROR to "
                               "download it from GitHub.")
        shutil.copyfile(source, output_file)


@contextlib.contextmanager
def _quiet_pooch() -> Iterator[None]:
    """Silence pooch's one log line per file; the progress bar says enough."""
    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _explain(exc: Exception, raw: RawFile, url: str) -> CatalogError:
    """A readable error, naming the file and what to do, for a failed download."""
    if isinstance(exc, CatalogError):
        return exc
    if isinstance(exc, ValueError) and "hash" in str(exc):
        got = re.search(r"got '?([0-9a-fA-F]{64})", str(exc))
        return CatalogError(
            f"{raw.provenance}: checksum mismatch for {url}: expected sha256 {raw.sha256}, got "
            f"{got.group(1) if got else 'another'}. The file was not kept. The download was "
            "corrupted or the source changed: fetch again, or check the file in the mirror.")
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        return CatalogError(f"{url}: HTTP {exc.response.status_code} while fetching "
                            f"{raw.provenance}. Check the recipe's repo, commit and path. {MIRROR_HELP}")
    if isinstance(exc, (requests.exceptions.ChunkedEncodingError,
                        requests.exceptions.ContentDecodingError)):
        return CatalogError(f"{url}: the download was interrupted ({type(exc).__name__}). Files "
                            "already fetched are kept: run the fetch again to resume.")
    if isinstance(exc, (requests.ConnectionError, requests.Timeout)):
        host = urlsplit(url).netloc
        return CatalogError(f"cannot reach {host} to download {raw.path} ({type(exc).__name__}). "
                            f"{MIRROR_HELP}")
    return CatalogError(f"{url}: could not fetch {raw.provenance}: {exc}")


def _registry(files: Sequence[RawFile], *, dest: Path, mirror: Path | None, url_template: str,
              retries: int) -> pooch.Pooch:
    urls = {f.key: str(mirror / f.key) if mirror else f.url(url_template) for f in files}
    return pooch.Pooch(path=dest, base_url="", registry={f.key: f"sha256:{f.sha256}" for f in files},
                       urls=urls, retry_if_failed=0 if mirror else retries)


def fetch_files(files: Sequence[RawFile], *, dest: Path, mirror: Path | None = None,
                url_template: str = GITHUB_RAW, retries: int = 3,
                progress: bool = True) -> dict[RawFile, Path]:
    """Make every file available, verified, under ``dest`` (at ``dest / file.key``).

    Args:
        files: the raw files, with their SHA-256 and size.
        dest: the local folder (created if needed).
        mirror: copy from this folder (layout ``github/<owner>/<repo>/<commit>/<path>``)
            and never use the network.
        url_template: the download URL, with ``{repo}``, ``{commit}`` and ``{path}``.
        retries: further attempts per file after a failed download (waiting 1 s, 2 s, ...).
        progress: show a progress bar (bytes of all files) on stderr.

    Returns:
        The local path of each file.

    Raises:
        CatalogError: a checksum mismatch (the file is not kept), an HTTP error, an
            interrupted download, no network (the message explains ``FRAMING_MIRROR``),
            or a file missing from the mirror (the message gives its path).
    """
    from tqdm.auto import tqdm

    dest = Path(dest)
    registry = _registry(files, dest=dest, mirror=mirror, url_template=url_template, retries=retries)
    for parent in {(dest / f.key).parent for f in files}:  # pooch's own makedirs races in threads
        parent.mkdir(parents=True, exist_ok=True)
    downloader = (_MirrorCopy(mirror) if mirror else  # timeouts: (connect, read) in seconds
                  pooch.HTTPDownloader(progressbar=False, timeout=(10, 60)))
    paths: dict[RawFile, Path] = {}
    bar = tqdm(total=sum(f.size for f in files), unit="B", unit_scale=True, disable=not progress,
               desc=f"{'copying' if mirror else 'fetching'} {len(files)} files")
    with _quiet_pooch(), bar, ThreadPoolExecutor(max_workers=WORKERS) as pool:
        jobs = {pool.submit(registry.fetch, f.key, downloader=downloader): f for f in files}
        for job in as_completed(jobs):
            raw = jobs[job]
            try:
                paths[raw] = Path(job.result())
            except Exception as exc:  # pooch raises ValueError, requests errors and OSError
                pool.shutdown(wait=True, cancel_futures=True)
                _discard(dest / raw.key, raw)
                raise _explain(exc, raw, registry.get_url(raw.key)) from exc
            bar.update(raw.size)
    return paths


def _discard(path: Path, raw: RawFile) -> None:
    """Remove a local copy that failed verification (pooch keeps an outdated file in place)."""
    if path.exists() and pooch.file_hash(str(path)) != raw.sha256:
        path.unlink()
