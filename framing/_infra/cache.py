"""The one cache: content-addressed, checksummed entries on disk, and a bounded memo in memory.

**On disk.** The cache root is ``$FRAMING_CACHE`` (default ``~/.cache/framing``, see
:mod:`framing._infra.paths`). Each kind of entry has a *namespace*, a folder of the root
(:data:`NAMESPACES`: ``dtm``, ``tables``, ``models``). An entry is a folder named by its
key, the first 32 hex digits of the SHA-256 of what it was computed from::

    key = sha256(canonical JSON of {"cache": FORMAT, "namespace": ..., "inputs": ...})[:32]

(e.g. a matrix's inputs are the corpus fingerprint, the options and the matrix format
version), so equal inputs find the entry and changed inputs never do. Beside its files an
entry holds ``entry.json`` with the SHA-256 and size of each; the files are checked on
every read, and an entry that fails the check, or cannot be read, is dropped with a
:class:`~framing._infra.errors.FramingWarning` and recomputed — never loaded. Entries are
written in a temporary folder and renamed into place (:func:`~framing._infra.atomic.atomic_folder`):
a crash leaves the previous entry or none, never half of one.

Nothing in the cache is a pickle, so reading an entry never runs code: arrays are
``.npz`` read with ``allow_pickle=False`` (:func:`save_arrays`), tables Parquet
(:func:`cached_table`), metadata JSON, and topic models (namespace ``models``) JSON and
arrays too (:mod:`framing.topics.storage`).

:func:`info` reports entries and bytes per namespace; :func:`clear` deletes entries, only
inside the cache root: it never follows a symbolic link, and leaves links in place.

**In memory.** :func:`derived` remembers values computed from a live object (a matrix,
its vocabulary, a document table) until the object is garbage-collected, at most
:data:`OWNER_SIZE` per object; :class:`Memo` is the bounded memo behind it, also used by
the widgets.

>>> import os, tempfile, pandas as pd
>>> os.environ["FRAMING_CACHE"] = tempfile.mkdtemp()  # the cache root: here a new folder
>>> calls = []
>>> def compute():
...     calls.append(1)
...     return pd.DataFrame({"x": [1, 2]})
>>> cached_table("tables", {"example": 1}, compute)["x"].tolist()
[1, 2]
>>> cached_table("tables", {"example": 1}, compute)["x"].tolist(), len(calls)
([1, 2], 1)
>>> info()[["namespace", "entries"]].to_records(index=False).tolist()
[('dtm', 0), ('models', 0), ('tables', 1)]
>>> clear("tables").entries
1
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import stat
import threading
import warnings
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from pathlib import Path
from typing import Any, TypeVar, cast

import numpy as np
import pandas as pd

from framing._infra.atomic import atomic_folder
from framing._infra.errors import FramingError, FramingWarning
from framing._infra.hashing import sha256_file, sha256_json
from framing._infra.paths import CACHE_VARIABLE, DATA_VARIABLE, cache_root

T = TypeVar("T")

FORMAT = 1
"""Layout of an entry; part of every key, so a new layout starts afresh."""
NAMESPACES: dict[str, str] = {
    "dtm": "document-term matrices",
    "tables": "figure tables",
    "models": "topic models fitted for figures",
}
"""The namespaces and what they hold."""
NOT_CACHE: dict[str, str] = {
    "corpora": f"built named corpora, which are data, not cache (see ${DATA_VARIABLE}); delete a corpus "
               "folder by hand to rebuild it",
    "jupyter": "the kernel spec of `framing lab`, rewritten each time it starts",
}
"""Other folders that may sit in the cache root, and why :func:`clear` leaves them."""
ENTRY_FILE = "entry.json"
TABLE_FILE = "table.parquet"
KEY_LENGTH = 32
OWNER_SIZE = 512
"""Values :func:`derived` keeps per owner object (the least recently used go first)."""


# --- keys and entries --------------------------------------------------------------------------
def check_namespace(namespace: str) -> str:
    """``namespace`` if it is one of :data:`NAMESPACES`; else a :class:`FramingError` saying what to use."""
    if namespace in NAMESPACES:
        return namespace
    if namespace in NOT_CACHE:
        raise FramingError(f"{namespace}/ in the cache folder is not a cache namespace: it holds "
                           f"{NOT_CACHE[namespace]}")
    raise FramingError(f"unknown cache namespace {namespace!r}; the namespaces are {', '.join(sorted(NAMESPACES))}")


def cache_key(namespace: str, inputs: Any) -> str:
    """The key of the entry computed from ``inputs`` (JSON-able data) in ``namespace``."""
    return sha256_json({"cache": FORMAT, "namespace": namespace, "inputs": inputs})[:KEY_LENGTH]


def entry_folder(namespace: str, inputs: Any) -> Path:
    """The folder of the entry computed from ``inputs`` (it may not exist).

    A file standing where the namespace's folder belongs raises a :class:`FramingError`
    saying what to do (the cache never deletes what is not an entry).
    """
    folder = cache_root() / check_namespace(namespace)
    if (folder.exists() or folder.is_symlink()) and not folder.is_dir():
        raise FramingError(f"{folder}: a file stands where the cache keeps its {NAMESPACES[namespace]}; move or "
                           f"delete it, or set {CACHE_VARIABLE} to another folder.")
    return folder / cache_key(namespace, inputs)


def _problem(folder: Path) -> str | None:
    """Why the entry in ``folder`` may not be read (``None`` if its files match ``entry.json``)."""
    try:
        meta = json.loads((folder / ENTRY_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return f"it has no {ENTRY_FILE}"
    except (OSError, ValueError):
        return f"its {ENTRY_FILE} is damaged"
    if not isinstance(meta, dict) or meta.get("format") != FORMAT or not isinstance(meta.get("files"), dict):
        return f"its {ENTRY_FILE} is damaged or of another cache format"
    for name, record in meta["files"].items():
        path = folder / name
        if not path.exists():
            return f"{name} is missing"
        if path.is_symlink() or not path.is_file():
            return f"{name} is not a file"
        if not isinstance(record, dict) or sha256_file(path) != record.get("sha256"):
            return f"{name} does not match the SHA-256 in {ENTRY_FILE}"
    return None


def _drop(folder: Path, reason: str) -> None:
    warnings.warn(f"cache entry {folder} is not used: {reason}; it is deleted and recomputed",
                  FramingWarning, stacklevel=4)
    _delete_tree(folder, cache_root(), [])


def load_entry(folder: Path, read: Callable[[Path], T]) -> T | None:
    """``read(folder)`` if the entry exists and its checksums match, else ``None``.

    A damaged entry, or one that ``read`` fails on, is deleted with a warning.
    """
    if not folder.is_dir():
        return None
    problem = _problem(folder)
    if problem is None:
        try:
            return read(folder)
        except Exception as exc:  # whatever the reader raises, the entry is unusable
            problem = f"it cannot be read ({type(exc).__name__}: {exc})"
    _drop(folder, problem)
    return None


def _files(folder: Path) -> list[Path]:
    return sorted(Path(d, f) for d, _, names in os.walk(folder) for f in names if Path(d, f).is_file()
                  and not Path(d, f).is_symlink())


def store_entry(folder: Path, write: Callable[[Path], object]) -> Path:
    """Write an entry atomically: ``write(tmp)`` fills a temporary folder, checksums go to
    ``entry.json``, and the folder is renamed to ``folder`` (replacing an older entry)."""
    if folder.exists() or folder.is_symlink():
        _delete_tree(folder, cache_root(), [])
    with atomic_folder(folder) as tmp:
        write(tmp)
        files = {p.relative_to(tmp).as_posix(): {"sha256": sha256_file(p), "bytes": p.stat().st_size}
                 for p in _files(tmp)}
        (tmp / ENTRY_FILE).write_text(json.dumps({"format": FORMAT, "files": files}, indent=1, sort_keys=True)
                                      + "\n", encoding="utf-8")
    return folder


def cached(namespace: str, inputs: Any, compute: Callable[[], T], *, write: Callable[[Path, T], object],
           read: Callable[[Path], T], refresh: bool = False) -> T:
    """The value computed from ``inputs``: read from its entry, or computed by ``compute()`` and stored.

    Args:
        namespace: one of :data:`NAMESPACES`.
        inputs: JSON-able data that decides the value (the key is its hash).
        compute: makes the value when there is no valid entry.
        write: ``write(folder, value)`` saves the value's files into an empty folder (what it
            returns is ignored).
        read: ``read(folder)`` loads them (it may raise on content it rejects: the entry is
            then dropped with a warning).
        refresh: compute and store even if an entry exists.
    """
    folder = entry_folder(namespace, inputs)
    if not refresh:
        hit = load_entry(folder, read)
        if hit is not None:
            return hit
    value = compute()
    store_entry(folder, lambda tmp: write(tmp, value))
    return value


# --- typed entries -------------------------------------------------------------------------------
def save_arrays(path: Path, arrays: Mapping[str, np.ndarray]) -> None:
    """Save arrays to an ``.npz`` file; arrays of Python objects are refused (they would be pickled)."""
    objects = [name for name, a in arrays.items() if a.dtype.hasobject]
    if objects:
        raise TypeError(f"the arrays {objects} hold Python objects, which .npz stores only as pickles; "
                        "convert them first (e.g. .astype(str))")
    with open(path, "wb") as handle:
        np.savez(handle, **cast(dict[str, Any], arrays))


def load_arrays(path: Path) -> dict[str, np.ndarray]:
    """The arrays of an ``.npz`` file, read with ``allow_pickle=False``."""
    with np.load(path, allow_pickle=False) as z:
        return {name: z[name] for name in z.files}


def cached_table(namespace: str, inputs: Any, compute: Callable[[], pd.DataFrame], *,
                 refresh: bool = False) -> pd.DataFrame:
    """The table computed from ``inputs``, kept as Parquet; see :func:`cached`.

    A fresh table is returned as it reads back from the entry, so a cached and a fresh
    run give the same table. A table Parquet cannot hold (a column of Python objects) is
    returned uncached.
    """
    folder = entry_folder(namespace, inputs)
    if not refresh:
        hit = load_entry(folder, lambda f: pd.read_parquet(f / TABLE_FILE))
        if hit is not None:
            return hit
    table = compute()
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"a table cached in {namespace!r} must be a DataFrame, got {type(table).__name__}")
    try:
        store_entry(folder, lambda tmp: table.to_parquet(tmp / TABLE_FILE, index=False))
    except (TypeError, ValueError, NotImplementedError):  # pyarrow's errors for what it cannot store
        return table
    return pd.read_parquet(folder / TABLE_FILE)


# --- size and clearing ---------------------------------------------------------------------------
def _usage(folder: Path) -> tuple[int, int]:
    """(entries, bytes) of a namespace folder: entries are its visible items; bytes count every
    regular file below it (links are not followed, so nothing outside is counted)."""
    if folder.is_symlink() or not folder.is_dir():
        return 0, 0
    entries = sum(1 for p in folder.iterdir() if not p.name.startswith(".") and not p.is_symlink())
    size = 0
    for parent, _, names in os.walk(folder):
        for name in names:
            st = os.lstat(os.path.join(parent, name))
            if stat.S_ISREG(st.st_mode):
                size += st.st_size
    return entries, size


def info() -> pd.DataFrame:
    """Entries and bytes per namespace: columns ``namespace``, ``holds``, ``entries``, ``bytes``.

    The root is :func:`framing._infra.paths.cache_root`; every namespace is listed, empty or not.
    """
    root = cache_root()
    rows = [{"namespace": ns, "holds": holds, **dict(zip(("entries", "bytes"), _usage(root / ns)))}
            for ns, holds in sorted(NAMESPACES.items())]
    return pd.DataFrame(rows, columns=["namespace", "holds", "entries", "bytes"])


@dataclasses.dataclass(frozen=True)
class Cleared:
    """What :func:`clear` deleted: ``entries`` and ``bytes``, and the links it ``kept``."""

    entries: int
    bytes: int
    kept: tuple[Path, ...] = ()


def _delete_tree(folder: Path, root: Path, kept: list[Path]) -> None:
    """Delete ``folder`` and what it holds, never following a link; links are kept (in ``kept``)."""
    if folder.is_symlink():
        kept.append(folder)
        return
    if not folder.resolve().is_relative_to(root.resolve()):
        raise FramingError(f"refusing to delete {folder}: it is outside the cache folder {root}")
    if not folder.is_dir():
        folder.unlink(missing_ok=True)
        return
    with os.scandir(folder) as items:
        for item in items:
            path = Path(item.path)
            if item.is_symlink():
                kept.append(path)
            elif item.is_dir(follow_symlinks=False):
                _delete_tree(path, root, kept)
            else:
                path.unlink(missing_ok=True)
    try:
        folder.rmdir()
    except OSError:  # it still holds a kept link
        pass


def clear(namespace: str | None = None) -> Cleared:
    """Delete the entries of one namespace, or of all (``None``), and say what went.

    Only the namespace folders inside the cache root are touched: built corpora and other
    files there stay, and a symbolic link is neither followed nor removed.
    """
    root = cache_root()
    names = sorted(NAMESPACES) if namespace is None else [check_namespace(namespace)]
    entries = size = 0
    kept: list[Path] = []
    for name in names:
        before = _usage(root / name)
        if (root / name).is_symlink():
            kept.append(root / name)
        elif (root / name).is_dir():
            _delete_tree(root / name, root, kept)
        after = _usage(root / name)
        entries, size = entries + before[0] - after[0], size + before[1] - after[1]
    return Cleared(entries=entries, bytes=size, kept=tuple(kept))


# --- in memory -----------------------------------------------------------------------------------
class Memo:
    """The last ``size`` values computed by key; the least recently used is forgotten first.

    >>> memo = Memo(size=1)
    >>> memo.get("a", lambda: 1), memo.get("a", lambda: 2), memo.get("b", lambda: 3), memo.get("a", lambda: 4)
    (1, 1, 3, 4)
    """

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError(f"a memo keeps at least one value, got size={size}")
        self.size = size
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.RLock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value remembered for ``key``, or ``compute()`` (then remembered)."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = compute()
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def keys(self) -> list[Hashable]:
        """The remembered keys, least recently used first."""
        with self._lock:
            return list(self._values)

    def __len__(self) -> int:
        return len(self._values)


_OWNERS: dict[int, tuple[weakref.ref[Any], Memo]] = {}
_OWNERS_LOCK = threading.RLock()  # re-entrant: a collection inside memo_of runs _forget


def _forget(ident: int, ref: weakref.ref[Any], owners: dict[int, tuple[weakref.ref[Any], Memo]] = _OWNERS,
            lock: threading.RLock = _OWNERS_LOCK) -> None:
    # the table and lock are bound at definition: at interpreter exit the module globals may
    # already be None when the last owners are collected
    with lock:
        if ident in owners and owners[ident][0] is ref:  # not a newer object at the same address
            gone = owners.pop(ident)
        else:
            return
    # freed outside the lock: its values may own memos themselves (a corpus's matrix), whose
    # callbacks take the lock again
    del gone


def memo_of(owner: object) -> Memo:
    """The memo of values derived from ``owner``, which lives as long as ``owner`` does.

    Found through a weak reference to ``owner`` itself, so an object that later takes
    the address (``id``) of a collected one never sees the collected one's values.
    """
    ident = id(owner)
    with _OWNERS_LOCK:
        found = _OWNERS.get(ident)
        if found is not None and found[0]() is owner:
            return found[1]
        ref = weakref.ref(owner, functools.partial(_forget, ident))
        memo = Memo(OWNER_SIZE)
        _OWNERS[ident] = (ref, memo)
        return memo


def derived(owner: object, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, run once per live ``owner`` object and ``key``, then remembered.

    For what queries derive from an immutable object — a matrix's column-major copy, the
    columns a pattern matches in a vocabulary, the group codes of a document table — so
    that repeated queries cost only their own arithmetic. The values go when ``owner``
    is garbage-collected, and beyond :data:`OWNER_SIZE` per owner the least recently used go.

    >>> import numpy as np
    >>> vocab = np.array(["invasion", "war"])
    >>> derived(vocab, "n", lambda: len(vocab)), derived(vocab, "n", lambda: -1)
    (2, 2)
    """
    return memo_of(owner).get(key, compute)
