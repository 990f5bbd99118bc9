"""Hostile input and faults: the shared fixture that proves nothing outside the named folder changed.

Every test here is one attack (a bad file, a fault, a hostile config). It asserts the message the
user sees and, through :func:`sandbox`, that every file around the folder the user named is
byte-for-byte and mode-for-mode as it was: nothing outside was written, changed or deleted.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest


def tree_state(root: Path) -> dict[str, tuple[str, int]]:
    """Every path under ``root`` → (SHA-256 of its bytes, or 'dir'/'link:<target>', its mode)."""
    out: dict[str, tuple[str, int]] = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            kind = f"link:{os.readlink(path)}"
        elif path.is_dir():
            kind = "dir"
        else:
            kind = hashlib.sha256(path.read_bytes()).hexdigest()
        out[str(path.relative_to(root))] = (kind, stat.S_IMODE(info.st_mode))
    return out


@dataclass
class Sandbox:
    """``inside``: the folder the user names (outputs, data, cache). ``outside``: a user's other files."""

    inside: Path
    outside: Path

    def victims(self) -> list[Path]:
        """The user's files next to the named folder, which no attack may touch."""
        return sorted(p for p in self.outside.rglob("*") if p.is_file())


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    """A named folder, a folder of the user's own files beside it, and a check after the test.

    The working directory is ``inside``; ``FRAMING_CACHE`` and ``FRAMING_DATA`` point inside it.
    After the test, every file and folder of ``outside`` must be unchanged.
    """
    inside, outside = tmp_path / "inside", tmp_path / "outside"
    inside.mkdir()
    (outside / "notes").mkdir(parents=True)
    (outside / "notes.txt").write_text("my notes\n")
    (outside / "notes" / "thesis.md").write_text("# chapter 1\n")
    (outside / "corpus.csv").write_text("outlet,date,text\na,2022-02-24,war\n")
    monkeypatch.chdir(inside)
    monkeypatch.setenv("FRAMING_CACHE", str(inside / "cache"))
    monkeypatch.setenv("FRAMING_DATA", str(inside / "data"))
    before = tree_state(outside)
    yield Sandbox(inside=inside, outside=outside)
    assert tree_state(outside) == before, "a file outside the named folder was written, changed or deleted"
