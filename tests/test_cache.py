"""The one cache (framing._infra.cache), its folders (framing._infra.paths) and hashes (framing._infra.hashing)."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import weakref
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing._infra import cache, paths
from framing._infra.cache import (
    Memo,
    cache_key,
    cached,
    cached_table,
    check_namespace,
    clear,
    derived,
    entry_folder,
    info,
    load_arrays,
    memo_of,
    save_arrays,
)
from framing._infra.errors import FramingError, FramingWarning
from framing._infra.hashing import sha256_file, sha256_json


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("FRAMING_CACHE", str(folder))
    return folder


class Counted:
    """A computation that counts its calls and returns arrays."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> dict[str, np.ndarray]:
        self.calls += 1
        return {"counts": np.arange(6, dtype=np.int64).reshape(2, 3), "terms": np.array(["invasion", "war"])}


def arrays(inputs: object, compute: Counted, **kw) -> dict[str, np.ndarray]:
    return cached("dtm", inputs, compute, write=lambda folder, value: save_arrays(folder / "a.npz", value),
                  read=lambda folder: load_arrays(folder / "a.npz"), **kw)


def same(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> None:
    assert a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


# --- keys -------------------------------------------------------------------------------------
def test_key_is_the_hash_of_the_canonical_inputs():
    inputs = {"fingerprint": "abc", "options": {"ngrams": 2, "stopwords": "ru"}}
    text = json.dumps({"cache": cache.FORMAT, "namespace": "dtm", "inputs": inputs}, sort_keys=True,
                      separators=(",", ":"), ensure_ascii=False)
    assert cache_key("dtm", inputs) == hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
    assert cache_key("dtm", {"options": {"stopwords": "ru", "ngrams": 2}, "fingerprint": "abc"}) == \
        cache_key("dtm", inputs)
    assert cache_key("dtm", {**inputs, "fingerprint": "abd"}) != cache_key("dtm", inputs)
    assert cache_key("tables", inputs) != cache_key("dtm", inputs)


def test_hash_helpers_agree_with_hashlib(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(os.urandom(3 << 20))  # several read blocks
    assert sha256_file(path) == hashlib.sha256(path.read_bytes()).hexdigest()
    assert sha256_json({"b": [1, "ä"], "a": None}) == hashlib.sha256('{"a":null,"b":[1,"ä"]}'.encode()).hexdigest()


# --- round trip, damage, atomic writes ---------------------------------------------------------
def test_round_trip_computes_once_and_checksums_every_file(root):
    compute = Counted()
    first = arrays({"x": 1}, compute)
    again = arrays({"x": 1}, compute)
    same(first, again)
    assert compute.calls == 1
    folder = entry_folder("dtm", {"x": 1})
    assert folder == root / "dtm" / cache_key("dtm", {"x": 1})
    meta = json.loads((folder / "entry.json").read_text())
    data = (folder / "a.npz").read_bytes()
    assert meta["files"] == {"a.npz": {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}}
    arrays({"x": 2}, compute)
    assert compute.calls == 2


def test_refresh_recomputes_and_replaces(root):
    compute = Counted()
    arrays({"x": 1}, compute)
    arrays({"x": 1}, compute, refresh=True)
    assert compute.calls == 2
    assert [p.name for p in (root / "dtm").iterdir()] == [cache_key("dtm", {"x": 1})]


def test_a_flipped_byte_is_detected_warned_and_recomputed(root):
    compute = Counted()
    expected = arrays({"x": 1}, compute)
    target = entry_folder("dtm", {"x": 1}) / "a.npz"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    with pytest.warns(FramingWarning, match=r"cache entry .* is not used: a\.npz does not match the SHA-256 in "
                                            r"entry\.json; it is deleted and recomputed"):
        same(arrays({"x": 1}, compute), expected)
    assert compute.calls == 2
    assert sha256_file(target) == json.loads((target.parent / "entry.json").read_text())["files"]["a.npz"]["sha256"]


@pytest.mark.parametrize(("damage", "reason"), [
    (lambda f: (f / "entry.json").unlink(), "it has no entry.json"),
    (lambda f: (f / "entry.json").write_text("{"), "its entry.json is damaged"),
    (lambda f: (f / "a.npz").unlink(), "a.npz is missing"),
])
def test_an_incomplete_entry_is_never_loaded(root, damage, reason):
    compute = Counted()
    arrays({"x": 1}, compute)
    damage(entry_folder("dtm", {"x": 1}))
    with pytest.warns(FramingWarning, match=reason):
        arrays({"x": 1}, compute)
    assert compute.calls == 2


def test_loading_never_unpickles(root, tmp_path):
    """An entry whose checksums match but whose .npz holds a pickle is refused, and the pickle never runs."""
    marker = tmp_path / "ran"
    folder = entry_folder("dtm", {"x": 1})
    folder.mkdir(parents=True)
    np.savez(folder / "a.npz", evil=np.array([Exploit(marker)], dtype=object))
    record = {"sha256": sha256_file(folder / "a.npz"), "bytes": (folder / "a.npz").stat().st_size}
    (folder / "entry.json").write_text(json.dumps({"format": cache.FORMAT, "files": {"a.npz": record}}))
    with pytest.warns(FramingWarning, match="it cannot be read .*allow_pickle=False"):
        result = arrays({"x": 1}, Counted())
    assert not marker.exists()
    assert result["terms"].tolist() == ["invasion", "war"]


class Exploit:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (str(self.marker),))


def test_object_arrays_are_refused_rather_than_pickled(tmp_path):
    with pytest.raises(TypeError, match=r"the arrays \['vocab'\] hold Python objects, which \.npz stores only "
                                        r"as pickles; convert them first \(e\.g\. \.astype\(str\)\)"):
        save_arrays(tmp_path / "a.npz", {"vocab": np.array(["a", "b"], dtype=object), "n": np.arange(2)})
    assert not (tmp_path / "a.npz").exists()


def test_a_writer_that_raises_leaves_no_partial_entry(root):
    def write(folder: Path, value: object) -> None:
        (folder / "a.npz").write_bytes(b"half of it")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        cached("dtm", {"x": 1}, lambda: 1, write=write, read=lambda f: 1)
    assert list((root / "dtm").iterdir()) == []
    assert info().set_index("namespace").loc["dtm", "bytes"] == 0


def test_a_failed_write_keeps_no_older_damaged_entry_either(root):
    compute = Counted()
    arrays({"x": 1}, compute)
    (entry_folder("dtm", {"x": 1}) / "a.npz").write_bytes(b"junk")

    def write(folder: Path, value: object) -> None:
        raise OSError("disk full")

    with pytest.warns(FramingWarning), pytest.raises(OSError):
        cached("dtm", {"x": 1}, lambda: 1, write=write, read=lambda f: load_arrays(f / "a.npz"))
    assert list((root / "dtm").iterdir()) == []


def test_tables_round_trip_as_parquet(root):
    calls = []

    def compute() -> pd.DataFrame:
        calls.append(1)
        return pd.DataFrame({"outlet": ["kremlin.ru", "whitehouse.gov"], "rate": [1.5, 0.25]})

    first = cached_table("tables", {"t": 1}, compute)
    pd.testing.assert_frame_equal(cached_table("tables", {"t": 1}, compute), first)
    assert len(calls) == 1
    stored = pd.read_parquet(entry_folder("tables", {"t": 1}) / "table.parquet")
    pd.testing.assert_frame_equal(stored, compute())


def test_a_table_parquet_cannot_hold_is_returned_uncached(root):
    table = pd.DataFrame({"x": [object(), object()]})
    assert cached_table("tables", {"t": 2}, lambda: table) is table
    assert not entry_folder("tables", {"t": 2}).exists()
    assert not (root / "tables").exists() or list((root / "tables").iterdir()) == []


def test_a_table_computation_must_return_a_table(root):
    with pytest.raises(TypeError, match="a table cached in 'tables' must be a DataFrame, got list"):
        cached_table("tables", {"t": 3}, lambda: [1, 2])


# --- where: the environment variable -----------------------------------------------------------
def test_the_environment_variable_moves_the_root(tmp_path, monkeypatch):
    compute = Counted()
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path / "a"))
    arrays({"x": 1}, compute)
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path / "b"))
    arrays({"x": 1}, compute)
    assert compute.calls == 2
    key = cache_key("dtm", {"x": 1})
    assert (tmp_path / "a" / "dtm" / key / "a.npz").is_file() and (tmp_path / "b" / "dtm" / key / "a.npz").is_file()


def test_default_root_is_in_the_home_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("FRAMING_CACHE")
    assert paths.cache_root() == tmp_path / ".cache" / "framing"
    monkeypatch.setenv("FRAMING_CACHE", "")  # empty counts as unset
    assert paths.cache_root() == tmp_path / ".cache" / "framing"
    monkeypatch.setenv("FRAMING_CACHE", "~/elsewhere")
    assert paths.cache_root() == tmp_path / "elsewhere"
    assert paths.jupyter_dir() == tmp_path / "elsewhere" / "jupyter"


def test_data_root_follows_its_variable_then_the_checkout_then_the_cache(tmp_path, monkeypatch):
    assert paths.data_root(environ={"FRAMING_DATA": str(tmp_path / "d")}) == tmp_path / "d"
    checkout = paths.checkout_root()
    assert checkout is not None and paths.data_root(environ={}) == checkout / "corpora"
    monkeypatch.setattr(paths, "checkout_root", lambda: None)
    assert paths.data_root(environ={"FRAMING_CACHE": str(tmp_path / "c")}) == tmp_path / "c" / "corpora"


def test_catalog_and_lab_take_their_folders_from_paths(tmp_path, monkeypatch):
    from framing.cli.lab import jupyter_path
    from framing.corpus import catalog

    monkeypatch.setenv("FRAMING_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path / "cache"))
    assert catalog.data_dir() == tmp_path / "data"
    assert jupyter_path().split(os.pathsep)[0] == str(tmp_path / "cache" / "jupyter")


# --- info and clear ---------------------------------------------------------------------------
def fill(root: Path) -> None:
    arrays({"x": 1}, Counted())
    arrays({"x": 2}, Counted())
    cached_table("tables", {"t": 1}, lambda: pd.DataFrame({"a": range(100)}))


def stat_bytes(folder: Path) -> int:
    return sum(os.stat(os.path.join(d, f)).st_size for d, _, names in os.walk(folder) for f in names)


def test_info_counts_entries_and_bytes(root):
    fill(root)
    (root / "dtm" / ".leftover.part").mkdir()
    (root / "dtm" / ".leftover.part" / "x").write_bytes(b"12345")
    table = info().set_index("namespace")
    assert table.index.tolist() == ["dtm", "models", "tables"]
    assert table["entries"].to_dict() == {"dtm": 2, "models": 0, "tables": 1}
    assert table.loc["dtm", "bytes"] == stat_bytes(root / "dtm") > 5
    assert table.loc["tables", "bytes"] == stat_bytes(root / "tables") > 0
    assert table.loc["models", "bytes"] == 0


def test_clear_one_namespace(root):
    fill(root)
    tables = stat_bytes(root / "tables")
    done = clear("tables")
    assert (done.entries, done.bytes, done.kept) == (1, tables, ())
    assert info().set_index("namespace")["entries"].to_dict() == {"dtm": 2, "models": 0, "tables": 0}


def test_clear_deletes_only_inside_the_root(root, tmp_path):
    fill(root)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("mine")
    (outside / "sub").mkdir()
    (outside / "sub" / "keep.txt").write_text("mine too")
    entry = entry_folder("dtm", {"x": 1})
    (entry / "to-file").symlink_to(outside / "keep.txt")
    (entry / "to-dir").symlink_to(outside / "sub", target_is_directory=True)
    (root / "tables-link").symlink_to(outside, target_is_directory=True)
    (root / "corpora" / "mini").mkdir(parents=True)
    (root / "corpora" / "mini" / "corpus.parquet").write_bytes(b"data, not cache")
    (root / "notes.txt").write_text("not a namespace")

    done = clear()

    assert (outside / "keep.txt").read_text() == "mine" and (outside / "sub" / "keep.txt").read_text() == "mine too"
    assert (entry / "to-file").is_symlink() and (entry / "to-dir").is_symlink()
    assert set(done.kept) == {entry / "to-file", entry / "to-dir"}
    assert (root / "corpora" / "mini" / "corpus.parquet").read_bytes() == b"data, not cache"
    assert (root / "notes.txt").exists() and (root / "tables-link").is_symlink()
    assert done.entries == 2  # the entry holding the links stays, with only the links
    assert sorted(p.name for p in entry.iterdir()) == ["to-dir", "to-file"]
    assert not (root / "tables").exists()


def test_a_namespace_that_is_a_link_is_neither_followed_nor_removed(root, tmp_path):
    outside = tmp_path / "big-disk"
    (outside / "entry").mkdir(parents=True)
    (outside / "entry" / "table.parquet").write_bytes(b"x" * 10)
    root.mkdir()
    (root / "tables").symlink_to(outside, target_is_directory=True)
    assert info().set_index("namespace").loc["tables", "bytes"] == 0
    done = clear("tables")
    assert done.kept == (root / "tables",) and (outside / "entry" / "table.parquet").exists()


def test_namespaces_are_checked_with_a_clear_message():
    assert check_namespace("dtm") == "dtm"
    with pytest.raises(FramingError, match=r"^unknown cache namespace 'figures'; the namespaces are dtm, models, "
                                           r"tables$"):
        clear("figures")
    with pytest.raises(FramingError, match=r"^corpora/ in the cache folder is not a cache namespace: it holds "
                                           r"built named corpora, which are data, not cache"):
        check_namespace("corpora")


# --- the memo in memory -----------------------------------------------------------------------
def test_memo_keeps_the_most_recently_used():
    memo, calls = Memo(size=2), []

    def value(key: str):
        return lambda: calls.append(key) or key.upper()

    assert [memo.get(k, value(k)) for k in ["a", "b", "a", "c", "a", "b"]] == ["A", "B", "A", "C", "A", "B"]
    assert calls == ["a", "b", "c", "b"]  # "b" was the least recently used when "c" came
    assert memo.keys() == ["a", "b"] and len(memo) == 2
    with pytest.raises(ValueError, match="a memo keeps at least one value, got size=0"):
        Memo(size=0)


def test_derived_values_live_as_long_as_their_owner():
    owner = np.zeros(3)

    class Value:
        pass

    ref = weakref.ref(derived(owner, "k", Value))
    assert derived(owner, "k", Value) is ref()
    gc.collect()
    assert ref() is not None  # kept for the owner
    del owner
    gc.collect()
    assert ref() is None  # released with it


def test_derived_is_bounded_per_owner(monkeypatch):
    monkeypatch.setattr(cache, "OWNER_SIZE", 3)
    owner = np.zeros(1)
    for i in range(5):
        derived(owner, i, lambda i=i: i)
    assert memo_of(owner).keys() == [2, 3, 4]


def test_a_new_object_at_a_collected_objects_address_gets_a_fresh_memo():
    owner, stranger = np.zeros(1), np.zeros(1)
    derived(stranger, "k", lambda: "the stranger's")
    # As if ``stranger`` had lived at ``owner``'s address: the registry entry names the wrong object.
    cache._OWNERS[id(owner)] = cache._OWNERS[id(stranger)]
    assert derived(owner, "k", lambda: "its own") == "its own"
    assert derived(stranger, "k", lambda: "recomputed") == "the stranger's"
