"""``corpus.toml``: how a folder of documents is read, written once beside the documents.

A folder whose metadata needs mapping (a column ``published`` for the date, the outlet in the
file name) would need the same options on every call, command and figure config. A file named
``corpus.toml`` in the folder records them; :func:`framing.read` (and so ``framing corpus info
FOLDER`` and a figure config naming the folder) reads it first, and options given in the call
win over it::

    # scraped/corpus.toml
    files = "*.csv"            # read these files (a glob inside the folder), not the .txt/.md texts
    outlet = "{stem}"          # the outlet is the file name: vijesti.csv -> vijesti
    date = "published"
    text = ["lead", "body"]
    dayfirst = true

    [constants]
    language = "sr"

The keys are the reader options (:data:`KEYS`); paths (``files``, ``metadata``) are relative
to the folder and may not leave it. An unknown key or a value of the wrong type is a :class:`CorpusError` naming the
file and the key.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "corpus.toml").write_text('outlet = "{stem}"\\ndate = "published"\\n')
>>> folder_options(folder)
{'outlet': '{stem}', 'date': 'published'}
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from framing._infra.errors import CorpusError

FILE_NAME = "corpus.toml"
"""The name of the mapping file inside a folder."""
MAX_BYTES = 100_000
"""Largest mapping file read."""
_TEXT = (str,)
KEYS: dict[str, tuple[type, ...]] = {
    "files": (str, list), "text": (str, list), "outlet": _TEXT, "date": _TEXT, "title": _TEXT, "doc_id": _TEXT,
    "metadata": _TEXT, "on": _TEXT, "constants": (dict,), "date_format": _TEXT, "dayfirst": (bool,),
    "offsets": _TEXT, "on_bad_date": _TEXT, "dedupe": (bool,), "encoding": _TEXT, "sep": _TEXT,
    "prefix_ids": (bool,),
}
"""The keys a mapping may set and the TOML types each takes (the reader options of :func:`framing.read`)."""


def folder_options(folder: str | Path) -> dict[str, Any]:
    """The reader options recorded in ``folder/corpus.toml`` (``{}`` when there is none)."""
    path = Path(folder) / FILE_NAME
    if not path.is_file():
        return {}
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise CorpusError(f"{path}: {len(data):,} bytes; a mapping file has at most {MAX_BYTES:,}.")
    try:
        options = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CorpusError(f"{path}: not a readable TOML file ({exc}); write one 'key = value' per line, "
                          "e.g. date = \"published\".") from None
    options = check_options(options, where=str(path))
    for key in ("files", "metadata"):
        if key in options:
            options[key] = _inside(Path(folder), options[key], path, key)
    return options


def check_options(options: dict[str, Any], *, where: str) -> dict[str, Any]:
    """``options`` if every key is a reader option with a value of its type; else a :class:`CorpusError`."""
    for key, value in options.items():
        if key not in KEYS:
            raise CorpusError(f"{where}: unknown key {key!r}; the keys are {', '.join(KEYS)}.")
        if not isinstance(value, KEYS[key]) or (key in ("text", "files") and isinstance(value, list)
                                                and not all(isinstance(v, str) for v in value)):
            kinds = " or ".join({"str": "a string", "list": "a list of strings", "bool": "true or false",
                                 "dict": "a table"}[t.__name__] for t in KEYS[key])
            raise CorpusError(f"{where}: {key} must be {kinds}, got {value!r}.")
    constants = options.get("constants", {})
    bad = [k for k, v in constants.items() if not isinstance(v, str)]
    if bad:
        raise CorpusError(f"{where}: constants.{bad[0]} must be a string, got {constants[bad[0]]!r}.")
    return dict(options)


def _inside(folder: Path, value: str | list[str], path: Path, key: str) -> str | list[str]:
    """``value`` (a name or glob, or a list of them) as paths inside ``folder``; never outside it.

    A mapping travels with a folder someone else may have written: it may not make framing read
    files elsewhere (``../``, absolute paths).
    """
    items = [value] if isinstance(value, str) else value
    for item in items:
        if Path(item).is_absolute() or ".." in Path(item).parts:
            raise CorpusError(f"{path}: {key} = {item!r} leaves the folder; name files inside it, relative to it.")
    out = [str(folder / item) for item in items]
    return out[0] if isinstance(value, str) else out
