"""Writing TOML: plain data (strings, numbers, booleans, lists, tables) as TOML text.

Python reads TOML (:mod:`tomllib`) but does not write it. This module writes the small
subset a figure config needs: a ``[section]`` of ``key = value`` lines whose values are
strings, whole numbers, finite floats, booleans, lists of those and inline tables.
``None`` has no TOML form: a field whose value is ``None`` is left out of a section, and
``None`` inside a list or table is an error. Keys that are not bare (letters, digits,
``_``, ``-``) are quoted, so ``kremlin.ru`` stays one key instead of two nested ones.

Strings are TOML basic strings: the characters TOML forbids raw (quote, backslash, the
control characters and U+007F) are escaped, everything else (Cyrillic, emoji) is kept, so
``tomllib.loads(table(...))`` gives the data back.

>>> print(table(("figures", "rates_kremlin.ru"), {"kind": "rates", "n_boot": 200, "skip": None,
...                                                "patterns": {"вторжение": "вторжени*"}}))
[figures."rates_kremlin.ru"]
kind = "rates"
n_boot = 200
patterns = {"вторжение" = "вторжени*"}
<BLANKLINE>
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from framing._infra.errors import ArgumentError

BARE = re.compile(r"[A-Za-z0-9_-]+")
"""A TOML bare key."""
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def string(text: str) -> str:
    """``text`` as a TOML basic string.

    >>> string('say "hi"\\n\\x00')
    '"say \\\\"hi\\\\"\\\\n\\\\u0000"'
    """
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def key(name: str) -> str:
    """``name`` as a TOML key: bare when it can be, quoted otherwise.

    >>> key("n_boot"), key("kremlin.ru"), key("")
    ('n_boot', '"kremlin.ru"', '""')
    """
    return name if BARE.fullmatch(name) else string(name)


def value(data: Any) -> str:
    """``data`` as a TOML value; :class:`ArgumentError` for ``None``, NaN, infinities and other types.

    >>> value([1, 2.5, True, "x"]), value({"a b": 1})
    ('[1, 2.5, true, "x"]', '{"a b" = 1}')
    """
    if isinstance(data, bool):
        return "true" if data else "false"
    if isinstance(data, int):
        return str(data)
    if isinstance(data, float):
        if not math.isfinite(data):
            raise ArgumentError(f"{data!r} cannot be written to a figure config: give a finite number")
        return repr(data)
    if isinstance(data, str):
        return string(data)
    if isinstance(data, Mapping):
        return "{" + ", ".join(f"{key(str(k))} = {value(v)}" for k, v in data.items()) + "}"
    if isinstance(data, Sequence):
        return "[" + ", ".join(value(v) for v in data) + "]"
    raise ArgumentError(f"{data!r} ({type(data).__name__}) cannot be written to a figure config: "
                        "use text, numbers, true/false, lists or tables")


def table(header: Sequence[str], fields: Mapping[str, Any]) -> str:
    """A ``[header]`` section of ``key = value`` lines (``None`` values left out), ending in a newline."""
    lines = ["[" + ".".join(key(part) for part in header) + "]"]
    lines += [f"{key(name)} = {value(v)}" for name, v in fields.items() if v is not None]
    return "\n".join(lines) + "\n"
