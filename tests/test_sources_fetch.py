"""Fetching raw files over real HTTP from a loopback server, and from a mirror folder.

Every download goes through framing.corpus.sources.fetch.fetch_files -- the function that
framing.load_corpus uses -- against Python's http.server on 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from loopback import (
    PGU,
    SUBSET,
    UN,
    WH_IMAGE,
    closed_port,
    copy_subset,
    demo_mirror,
    server,  # noqa: F401 (server is a fixture)
)

from framing._infra.errors import CatalogError
from framing.corpus import catalog
from framing.corpus.sources.common import RawFile
from framing.corpus.sources.fetch import fetch_files


def subset_files() -> list[RawFile]:
    return [f for f in catalog.get_recipe("ukraine-2022-window").files if f.path in SUBSET]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_fetch_over_http_verifies_every_file_and_shows_progress(server, tmp_path, capfd):
    files = subset_files()
    paths = fetch_files(files, dest=tmp_path, url_template=server.url)
    assert {f: p for f, p in paths.items()} == {f: tmp_path / f.key for f in files}
    assert all(sha256(p) == f.sha256 and p.stat().st_size == f.size for f, p in paths.items())
    assert sorted(server.requests) == sorted("/" + f.key for f in files)
    assert f"fetching {len(files)} files: 100%" in capfd.readouterr().err
    # A second fetch finds every file in place, verified: nothing is downloaded again.
    server.requests.clear()
    assert fetch_files(files, dest=tmp_path, url_template=server.url, progress=False) == paths
    assert server.requests == []


def test_checksum_mismatch_is_reported_and_the_file_not_kept(server, tmp_path):
    target = next(f for f in subset_files() if f.path == WH_IMAGE)
    server.fault(Path(WH_IMAGE).name, "corrupt")
    with pytest.raises(CatalogError, match=(
            r"^brian14708/wh-briefings@737ca03a271adc205c67766074ec8d0070f7ad95:"
            rf"{re.escape(WH_IMAGE)}: checksum mismatch for http://127\.0\.0\.1:\d+/github/.+\.md: "
            rf"expected sha256 {target.sha256}, "
            r"got [0-9a-f]{64}\. The file was not kept\. The download was corrupted or the source "
            r"changed: fetch again, or check the file in the mirror\.$")):
        fetch_files([target], dest=tmp_path, url_template=server.url, retries=0, progress=False)
    assert list((tmp_path / target.key).parent.iterdir()) == []  # neither the file nor a temporary


def test_interrupted_download_is_resumed_by_a_second_fetch(server, tmp_path):
    files = subset_files()
    server.fault(Path(PGU).name, "truncate")
    with pytest.raises(CatalogError, match=r"^http://127\.0\.0\.1:\d+/github/PeiYiZhuo/zelenskyy-putin/"
                                           r"\w+/press_release_data/zelenskyy\.csv: the download was "
                                           r"interrupted \(the connection closed after \d+ of 3496318 bytes\)\. "
                                           r"Files already fetched are kept: run the fetch again to resume\.$"):
        fetch_files(files, dest=tmp_path, url_template=server.url, retries=0, progress=False)
    kept = {f for f in files if (tmp_path / f.key).exists()}
    assert all(sha256(tmp_path / f.key) == f.sha256 for f in kept)
    assert not (tmp_path / next(f for f in files if f.path == PGU).key).exists()
    server.requests.clear()
    paths = fetch_files(files, dest=tmp_path, url_template=server.url, retries=0, progress=False)
    assert sorted(server.requests) == sorted("/" + f.key for f in files if f not in kept)
    assert all(sha256(p) == f.sha256 for f, p in paths.items())


def test_a_broken_download_is_retried(server, tmp_path):
    target = next(f for f in subset_files() if f.path == UN[0])
    server.fault(Path(UN[0]).name, "truncate", times=1)
    paths = fetch_files([target], dest=tmp_path, url_template=server.url, retries=1, progress=False)
    assert sha256(paths[target]) == target.sha256
    assert server.requests == ["/" + target.key] * 2


def test_http_error_names_the_url(server, tmp_path):
    missing = RawFile("owner/repo", "c" * 40, "no/such/file.txt", "0" * 64, 1)
    with pytest.raises(CatalogError, match=r"^http://127\.0\.0\.1:\d+/github/owner/repo/c{40}/no/such/"
                                           r"file\.txt: HTTP 404 while fetching owner/repo@c{40}:no/such/"
                                           r"file\.txt\. Check the recipe's repo, commit and path\."):
        fetch_files([missing], dest=tmp_path, url_template=server.url, retries=0, progress=False)


def test_no_network_explains_framing_mirror(tmp_path):
    port = closed_port()
    with pytest.raises(CatalogError, match=(
            rf"^cannot reach 127\.0\.0\.1:{port} to download {re.escape(PGU)} \(ConnectionError\)\. "
            r"Without network access, set FRAMING_MIRROR=DIR \(or pass --mirror DIR on the command line, "
            r"mirror=DIR in Python\) to a folder laid out as github/<owner>/<repo>/<commit>/<path>, such as a copy "
            r"of corpora/raw/ from a checkout that fetched them\.$")):
        fetch_files([next(f for f in subset_files() if f.path == PGU)], dest=tmp_path, retries=0,
                    url_template=f"http://127.0.0.1:{port}/{{repo}}/{{commit}}/{{path}}", progress=False)


def test_mirror_copies_without_touching_the_network(server, tmp_path):
    mirror = copy_subset(demo_mirror(), tmp_path / "mirror")
    files = subset_files()
    paths = fetch_files(files, dest=tmp_path / "data", mirror=mirror, url_template=server.url,
                        progress=False)
    assert all(sha256(p) == f.sha256 for f, p in paths.items())
    assert server.requests == []


def test_file_missing_from_the_mirror_is_named(tmp_path):
    mirror = copy_subset(demo_mirror(), tmp_path / "mirror", skip=frozenset({UN[1]}))
    key = next(f for f in subset_files() if f.path == UN[1]).key
    with pytest.raises(CatalogError, match=(
            rf"^{re.escape(str(mirror / key))}: missing from the mirror {re.escape(str(mirror))} \(the "
            rf"recipe needs {re.escape(key)}\)\. Copy the file there, or unset FRAMING_MIRROR to "
            r"download it from GitHub\.$")):
        fetch_files(subset_files(), dest=tmp_path / "data", mirror=mirror, progress=False)


def test_corrupt_file_in_the_mirror_is_not_kept(tmp_path):
    mirror = copy_subset(demo_mirror(), tmp_path / "mirror")
    target = next(f for f in subset_files() if f.path == UN[2])
    tampered = bytearray((mirror / target.key).read_bytes())
    tampered[100] ^= 1  # the right size, one bit flipped: only the checksum can tell
    (mirror / target.key).write_bytes(tampered)
    with pytest.raises(CatalogError, match=(
            rf"EU_76_2021\.txt: checksum mismatch for {re.escape(str(mirror / target.key))}: expected "
            rf"sha256 {target.sha256}, got {hashlib.sha256(tampered).hexdigest()}")):
        fetch_files([target], dest=tmp_path / "data", mirror=mirror, progress=False)
    assert not (tmp_path / "data" / target.key).exists()
