"""``framing cache info`` and ``framing cache clear``."""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing._infra.cache import cached, cached_table, load_arrays, save_arrays
from framing.cli import main
from framing.cli.cache import size


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("FRAMING_CACHE", str(folder))
    for i in range(2):
        cached("dtm", {"i": i}, lambda: {"a": np.arange(1000)}, write=lambda f, v: save_arrays(f / "a.npz", v),
               read=lambda f: load_arrays(f / "a.npz"))
    cached_table("tables", {"t": 1}, lambda: pd.DataFrame({"x": range(10)}))
    return folder


def stat_bytes(folder: Path) -> int:
    return sum(os.stat(os.path.join(d, f)).st_size for d, _, names in os.walk(folder) for f in names)


def rows(out: str) -> dict[str, list[str]]:
    return {line.split()[0]: line.split()[1:] for line in out.splitlines()
            if line.split() and line.split()[0] in ("dtm", "models", "tables")}


def test_info_lists_namespaces_entries_sizes_and_the_folder(root, capsys):
    assert main(["cache", "info"]) == 0
    out = capsys.readouterr().out
    dtm, tables = stat_bytes(root / "dtm"), stat_bytes(root / "tables")
    table = rows(out)
    assert table["dtm"][:3] == ["2", *size(dtm).split()]
    assert table["tables"][:3] == ["1", *size(tables).split()]
    assert table["models"][:3] == ["0", "0", "B"]
    assert f"cache folder: {root}  (set FRAMING_CACHE to change it); total {size(dtm + tables)}" in out


def test_clear_with_yes_deletes_one_namespace(root, capsys):
    dtm = stat_bytes(root / "dtm")
    assert main(["cache", "clear", "dtm", "--yes"]) == 0
    assert capsys.readouterr().out == f"deleted 2 entries ({size(dtm)}) in namespace 'dtm' of {root}\n"
    assert not (root / "dtm").exists() and (root / "tables").exists()


def test_clear_asks_first(root, capsys, monkeypatch):
    total = stat_bytes(root / "dtm") + stat_bytes(root / "tables")
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    assert main(["cache", "clear"]) == 1
    assert capsys.readouterr().out == (f"delete 3 entries ({size(total)}) in all namespaces of {root}? [y/N] "
                                       "cancelled; nothing deleted\n")
    assert (root / "dtm").exists()
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert main(["cache", "clear"]) == 0
    assert capsys.readouterr().out.endswith(f"deleted 3 entries ({size(total)}) in all namespaces of {root}\n")
    assert not (root / "dtm").exists() and not (root / "tables").exists()
    assert main(["cache", "clear"]) == 0
    assert capsys.readouterr().out == f"nothing to clear in all namespaces of {root}\n"


def test_clear_reports_kept_links(root, tmp_path, capsys):
    outside = tmp_path / "keep.txt"
    outside.write_text("mine")
    link = next((root / "tables").iterdir()) / "link"
    link.symlink_to(outside)
    assert main(["cache", "clear", "tables", "--yes"]) == 0
    out = capsys.readouterr().out
    assert f"kept the symbolic link {link} (links are never followed or removed)" in out
    assert outside.read_text() == "mine" and link.is_symlink()


@pytest.mark.parametrize(("namespace", "message"), [
    ("figures", "error: unknown cache namespace 'figures'; the namespaces are dtm, models, tables\n"),
    ("corpora", "error: corpora/ in the cache folder is not a cache namespace: it holds built named corpora, "
                "which are data, not cache (see $FRAMING_DATA); delete a corpus folder by hand to rebuild it\n"),
])
def test_bad_namespace_is_one_error_line(root, capsys, namespace, message):
    assert main(["cache", "clear", namespace, "--yes"]) == 2
    captured = capsys.readouterr()
    assert captured.err == message and captured.out == ""
    assert (root / "dtm").exists()


def test_size_is_for_people():
    assert [size(n) for n in (0, 999, 1000, 1_500, 2_340_000, 7 * 10**9, 3 * 10**15)] == \
        ["0 B", "999 B", "1.0 kB", "1.5 kB", "2.3 MB", "7.0 GB", "3000.0 TB"]
