"""SHA-256, the one hash of framing: of bytes, text, files, JSON-able data, or fed piece by piece.

Corpus fingerprints, cache keys, cache checksums, model checksums, figure keys and the
hashes in manifests all come from here, so they agree on the algorithm and on how
data becomes bytes (UTF-8; JSON with sorted keys, no spaces, non-ASCII kept).

>>> sha256_text("invasion") == sha256_bytes("invasion".encode("utf-8"))
True
>>> sha256_json({"b": 1, "a": "ä"}) == sha256_text('{"a":"ä","b":1}')
True
>>> h = new_sha256()
>>> h.update(b"inva"); h.update(b"sion")
>>> h.hexdigest() == sha256_text("invasion")
True
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

BLOCK = 1 << 20
"""Bytes read at a time when hashing a file (large files are never read whole)."""


def new_sha256() -> Any:
    """An empty SHA-256 hasher (``update(bytes)``, then ``hexdigest()``) for data fed in pieces."""
    return hashlib.sha256()


def sha256_bytes(data: bytes | bytearray | memoryview) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def sha256_text(text: str) -> str:
    """Hex SHA-256 of ``text`` encoded as UTF-8."""
    return sha256_bytes(text.encode("utf-8"))


def canonical_json(data: Any) -> str:
    """``data`` as JSON with keys sorted and no spaces, so equal data gives equal text.

    Raises :class:`TypeError` for values JSON cannot hold (sets, arrays, paths): convert
    them first, so that a key never depends on a ``repr``.
    """
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def sha256_json(data: Any) -> str:
    """Hex SHA-256 of :func:`canonical_json` of ``data`` (dict order does not matter)."""
    return sha256_text(canonical_json(data))


def sha256_file(path: str | os.PathLike[str]) -> str:
    """Hex SHA-256 of a file's bytes, read in blocks of :data:`BLOCK`."""
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(BLOCK), b""):
            h.update(block)
    return h.hexdigest()
