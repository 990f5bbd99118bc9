"""Expand a glob such as ``scraped/*.csv`` or ``archive/**/*.jsonl.gz`` into sorted file paths.

Syntax: ``*`` is any characters within one folder or file name, ``?`` one character, and a
``**`` part any number of folders (none included); every other character is literal
(``[`` included). The part before the first wildcard is the folder searched.

A glob can come from a config file or a view served to others, so it is handled like the term
patterns of :mod:`framing.dtm.patterns`: it is matched by Arrow's RE2 engine, in time linear in
the length of the paths whatever the glob (a backtracking matcher such as :mod:`fnmatch` takes
exponential time on ``a*a*a*a*…b``); it has at most :data:`MAX_GLOB_CHARS` characters; the
search visits at most :data:`MAX_VISITED` entries and returns at most :data:`MAX_FILES` files.
Beyond a limit a :class:`CorpusError` says which and what to do.

>>> import pathlib, tempfile
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> for name in ("a.csv", "b.csv", "notes.txt", "2022/c.csv"):
...     (root / name).parent.mkdir(exist_ok=True); _ = (root / name).write_text("x")
>>> [p.relative_to(root).as_posix() for p in expand_glob(str(root / "*.csv"))]
['a.csv', 'b.csv']
>>> [p.relative_to(root).as_posix() for p in expand_glob(str(root / "**" / "*.csv"))]
['2022/c.csv', 'a.csv', 'b.csv']
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from framing._infra.errors import CorpusError

MAX_GLOB_CHARS = 1_000
"""Longest glob accepted."""
MAX_VISITED = 200_000
"""Most folder entries one glob may look at."""
MAX_FILES = 20_000
"""Most files one glob may name."""
WILDCARDS = ("*", "?")


def is_glob(spec: str) -> bool:
    """Whether ``spec`` holds a wildcard (``*`` or ``?``)."""
    return any(w in spec for w in WILDCARDS)


def glob_regex(parts: list[str]) -> str:
    """The RE2 expression matching relative paths (``/``-separated) against the glob's ``parts``.

    >>> glob_regex(["**", "*.csv"])
    '^(?:[^/]*/)*[^/]*\\\\.csv$'
    """
    out = []
    for i, part in enumerate(parts):
        if part == "**":
            out.append("(?:[^/]*/)*")
            continue
        word = "".join("[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c) for c in part)
        out.append(word + ("/" if i < len(parts) - 1 else ""))
    return "^" + "".join(out) + "$"


def expand_glob(spec: str) -> list[Path]:
    """The files matching the glob ``spec``, sorted by path; a :class:`CorpusError` when none does."""
    if len(spec) > MAX_GLOB_CHARS:
        raise CorpusError(f"the glob {spec[:60]!r}... has {len(spec):,} characters; at most {MAX_GLOB_CHARS:,} are "
                          "accepted: name the files in a list instead.")
    parts = Path(spec).expanduser().parts
    cut = next(i for i, p in enumerate(parts) if is_glob(p))
    base, rest = Path(*parts[:cut]) if cut else Path("."), list(parts[cut:])
    if not base.is_dir():
        raise CorpusError(f"{spec}: the folder {base} does not exist; check the path of the glob.")
    depth = None if "**" in rest else len(rest)
    names = _walk(base, depth, spec)
    hits = pc.match_substring_regex(pa.array(names, pa.large_string()), glob_regex(rest))
    found = [base / n for n, hit in zip(names, hits.to_pylist()) if hit]
    if not found:
        raise CorpusError(f"{spec}: no file matches the glob (searched {base}); check the pattern, e.g. "
                          f"'{base / '*.csv'}', or '{base / '**' / '*.csv'}' to include sub-folders.")
    if len(found) > MAX_FILES:
        raise CorpusError(f"{spec}: the glob matches {len(found):,} files; at most {MAX_FILES:,} are read at once: "
                          "narrow it, or combine the parts with framing.Corpus.concat.")
    return sorted(found)


def _walk(base: Path, depth: int | None, spec: str) -> list[str]:
    """Relative ``/`` paths of the files under ``base``, at most ``depth`` levels down (``None``: any)."""
    names: list[str] = []
    visited = 0
    for folder, dirs, files in os.walk(base):
        rel = Path(folder).relative_to(base)
        level = len(rel.parts)
        visited += len(dirs) + len(files)
        if visited > MAX_VISITED:
            raise CorpusError(f"{spec}: the search looked at more than {MAX_VISITED:,} files and folders under "
                              f"{base}; start the glob in a narrower folder.")
        dirs.sort()
        if depth is not None and level + 1 >= depth:
            dirs.clear()
        if depth is None or level + 1 == depth:
            names += [(rel / f).as_posix() if level else f for f in files]
    return names
