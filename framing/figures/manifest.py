"""The provenance manifest of a figure folder, and the keys that decide what to rebuild.

``manifest.json`` holds, per figure: its resolved config entry, the corpus (name and
fingerprint), the seed, the versions of Python and of the packages that computed and
drew it, the font files, the input key, and the SHA-256 of every output file. It holds
no time stamps and no absolute paths, so two builds from scratch write the same bytes.

A figure's *key* is the SHA-256 of its inputs: the config entry (caption excluded: it is
not drawn), the corpus fingerprint and the package versions. A figure whose key is
unchanged and whose files still match their recorded hashes is not rebuilt.

The manifest is read as untrusted data: a record that is not a table is dropped, and only
plain file names of figure outputs (``NAME.pdf``, ``.svg``, ``.png``, ``.csv``; see
:data:`OUTPUT`) count as outputs, so an edited manifest cannot point the build at files
outside its folder.

>>> key = figure_key({"kind": "documents"}, "abc", {"framing": "0.1.0"})
>>> len(key), key == figure_key({"kind": "documents"}, "abc", {"framing": "0.1.0"})
(64, True)
"""

from __future__ import annotations

import json
import platform
import re
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from framing._infra.atomic import write_text
from framing._infra.hashing import sha256_file, sha256_json

FORMAT = 1
"""Version of the manifest layout (part of every key: a new layout rebuilds everything)."""
PACKAGES = ("framing", "numpy", "scipy", "pandas", "pyarrow", "matplotlib", "gensim")
"""Packages whose versions are recorded and keyed."""
NAME = "manifest.json"
OUTPUT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\.(?:pdf|svg|png|csv)")
"""The file names a figure may have as outputs: a figure name (no folder) and a format."""


@cache
def package_versions() -> dict[str, str]:
    """Python's version and the installed version of each of :data:`PACKAGES`."""
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def figure_key(inputs: dict[str, Any], fingerprint: str, versions: dict[str, str]) -> str:
    """The key of a figure: its inputs, corpus fingerprint and package versions, hashed."""
    return sha256_json({"manifest": FORMAT, "inputs": inputs, "corpus": fingerprint, "packages": versions})


def empty(config: str, title: str) -> dict[str, Any]:
    """A manifest with no figure yet."""
    return {"manifest": FORMAT, "config": config, "title": title, "figures": {}, "failed": {}}


def read(folder: Path) -> dict[str, Any]:
    """The manifest in ``folder``, or ``{}`` when there is none or it cannot be read.

    An unreadable manifest only means that every figure is rebuilt.
    """
    try:
        data = json.loads((folder / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("manifest") != FORMAT:
        return {}
    figures, failed = data.get("figures"), data.get("failed")
    figures = {k: v for k, v in figures.items() if isinstance(v, dict)} if isinstance(figures, dict) else {}
    return {**data, "figures": figures, "failed": failed if isinstance(failed, dict) else {}}


def outputs_of(record: Any) -> dict[str, str]:
    """The outputs a manifest record lists (file name → SHA-256), leaving out anything but figure files.

    >>> outputs_of({"outputs": {"a.png": "ab12", "../../notes.txt": "cd34", "b.csv": 7}})
    {'a.png': 'ab12'}
    """
    outputs = record.get("outputs") if isinstance(record, dict) else None
    if not isinstance(outputs, dict):
        return {}
    return {k: v for k, v in outputs.items() if isinstance(k, str) and OUTPUT.fullmatch(k) and isinstance(v, str)}


def write(folder: Path, manifest: dict[str, Any]) -> Path:
    """Write ``manifest`` to ``folder/manifest.json`` atomically (figures in config order)."""
    return write_text(folder / NAME, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def built_figures(folder: str | Path) -> pd.DataFrame:
    """The figures recorded in ``folder/manifest.json``, one row each, in config order.

    Columns: ``name``, ``kind``, ``caption``, ``corpus``, ``fingerprint``, ``seed``,
    ``png``, ``pdf``, ``svg``, ``csv`` (paths of the files). Empty when there is no manifest.

    >>> built_figures("no/such/folder").columns.tolist()[:3]
    ['name', 'kind', 'caption']
    """
    folder = Path(folder)
    rows = []
    for name, r in read(folder).get("figures", {}).items():
        corpus = r.get("corpus") if isinstance(r.get("corpus"), dict) else {}
        if not OUTPUT.fullmatch(f"{name}.png"):  # an edited manifest: not a figure this folder can hold
            continue
        rows.append({"name": name, "kind": r.get("kind"), "caption": r.get("caption"), "corpus": corpus.get("name"),
                     "fingerprint": corpus.get("fingerprint"), "seed": r.get("seed"),
                     **{ext: folder / f"{name}.{ext}" for ext in ("png", "pdf", "svg", "csv")}})
    columns = ["name", "kind", "caption", "corpus", "fingerprint", "seed", "png", "pdf", "svg", "csv"]
    return pd.DataFrame(rows, columns=columns)


def intact(folder: Path, outputs: dict[str, str]) -> bool:
    """True when every recorded output exists in ``folder`` with its recorded SHA-256."""
    if outputs_of({"outputs": outputs}) != outputs:
        return False
    for name, sha in outputs.items():
        path = folder / name
        if not path.is_file() or sha256_file(path) != sha:
            return False
    return bool(outputs)
