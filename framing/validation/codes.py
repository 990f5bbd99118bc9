"""Coders' frame codes: read from their answer files into one tidy table, checked against the codebook.

A coding answer file (:mod:`framing.validation.answers`) has one line per coded document: the
coder, the ``doc_id`` and the frames marked, separated by ``;`` (an empty field: none of the
codebook's frames). :func:`read_codes` reads one file per coder into the long table that
:func:`framing.validation.coder_agreement` and :func:`framing.validation.compare_codes` take —
``coder, doc_id, frame, present`` with a row for every frame of the codebook and every coded
document (``present`` 1 or 0), since not marking a frame is a code too.

>>> import tempfile, pathlib
>>> from framing.validation.codebook import Codebook
>>> book = Codebook("demo", {"WAR": "The text calls it a war.", "PEACE": "It calls for peace."})
>>> path = pathlib.Path(tempfile.mkdtemp()) / "anna.csv"
>>> _ = path.write_text("coder,doc_id,frames\\nanna,d1,WAR;PEACE\\nanna,d2,\\n")
>>> read_codes(path, book)
  coder doc_id  frame  present
0  anna     d1    WAR        1
1  anna     d1  PEACE        1
2  anna     d2    WAR        0
3  anna     d2  PEACE        0
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

import pandas as pd

from framing._infra.errors import CodingError
from framing.validation.answers import read_rows
from framing.validation.codebook import Codebook

KEY = "doc_id"
FRAMES = "frames"
SEPARATOR = ";"
CODE_COLUMNS = ["coder", "doc_id", "frame", "present"]
"""Columns of a codes table."""

Paths = str | os.PathLike[str] | Sequence[str | os.PathLike[str]]


def frames_text(frames: Iterable[str]) -> str:
    """The ``frames`` field of an answer: the frame names joined by ``;``."""
    return SEPARATOR.join(frames)


def parse_frames(text: str, codebook: Codebook, *, where: str) -> list[str]:
    """The frames named in a ``frames`` field, each checked against the codebook."""
    names = [f.strip() for f in text.split(SEPARATOR) if f.strip()]
    for name in names:
        if name not in codebook.definitions:
            raise CodingError(f"{where}, field {FRAMES!r}: {name!r} is not a frame of codebook {codebook.name!r}; "
                              f"its frames are {codebook.frame_names} (separate several with ';')")
    if len(set(names)) < len(names):
        raise CodingError(f"{where}, field {FRAMES!r}: a frame is named twice in {text!r}")
    return names


def _paths(paths: Paths) -> list[str | os.PathLike[str]]:
    return [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)


def read_codes(paths: Paths, codebook: Codebook, *, coder: str | None = None) -> pd.DataFrame:
    """The codes of one or more coders' answer files: ``coder, doc_id, frame, present``.

    Args:
        paths: one answer file, or several (one per coder).
        codebook: the frames a coder may mark.
        coder: with one file, the coder it must belong to.

    Raises:
        CodingError: a file is missing, lacks a column, names a frame the codebook does not
            have, belongs to another coder, or two files belong to the same coder (the
            message names the file, line and field).
    """
    files = _paths(paths)
    if coder is not None and len(files) != 1:
        raise CodingError(f"coder={coder!r} checks one file; got {len(files)} (leave coder out to read several)")
    rows: list[tuple[str, str, str, int]] = []
    owners: dict[str, str | os.PathLike[str]] = {}
    for path in files:
        lines = read_rows(path, key=KEY, fields=[FRAMES], coder=coder)
        for line, row in lines:
            marked = set(parse_frames(row[FRAMES], codebook, where=f"{path}, line {line}"))
            rows += [(row["coder"], row[KEY], frame, int(frame in marked)) for frame in codebook.frame_names]
        if lines:
            name = lines[0][1]["coder"]
            if name in owners:
                raise CodingError(f"{path} and {owners[name]} both hold the answers of coder {name!r}: "
                                  "keep one file per coder")
            owners[name] = path
    return pd.DataFrame(rows, columns=CODE_COLUMNS).astype({"present": "int64"})


def check_codes(codes: pd.DataFrame, *, what: str = "codes") -> pd.DataFrame:
    """``codes`` with the columns of :data:`CODE_COLUMNS`, ``present`` 0 or 1; a :class:`CodingError` otherwise."""
    missing = [c for c in CODE_COLUMNS if c not in codes]
    if missing:
        raise CodingError(f"{what} lacks the column(s) {missing}; it needs {CODE_COLUMNS} (see read_codes)")
    present = pd.to_numeric(codes["present"], errors="coerce")
    if not present.isin([0, 1]).all():
        bad = codes.loc[~present.isin([0, 1]), "present"].head(3).tolist()
        raise CodingError(f"{what}: 'present' must be 0 or 1, got {bad}")
    if codes.duplicated(["coder", "doc_id", "frame"]).any():
        raise CodingError(f"{what}: a (coder, doc_id, frame) appears twice; keep one code each")
    out = codes[CODE_COLUMNS].copy()
    out["present"] = present.astype("int64")
    return out
