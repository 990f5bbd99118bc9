"""One coder's answers in a CSV file: written atomically after every answer, read back with checks.

An answer file belongs to one coder, whose name is on every line (column ``coder``), and holds
one line per unit answered — an intrusion item (``item``, ``answer``) or a coded document
(``doc_id``, ``frames``) — with the time of the answer (``answered_at``, UTC, ISO 8601)::

    coder,doc_id,frames,answered_at
    anna,kremlin.ru-0042,AGGRESSION;NATO_EXPANSION,2024-05-02T09:14:03+00:00
    anna,whitehouse.gov-0007,,2024-05-02T09:15:40+00:00

(``frames`` lists the frames marked, separated by ``;``; empty: none.) :class:`AnswerFile`
rewrites the whole file through a temporary file and a rename (:mod:`framing._infra.atomic`)
after each answer, so a crash leaves the previous answers intact, and reads it back when a
session starts again, so coding resumes where it stopped. Reading checks the header, the
coder's name and every line, and a :class:`~framing.CodingError` names the file, the line and
the field at fault.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "anna.csv"
>>> answers = AnswerFile(path, coder="anna", key="item", fields=["answer"])
>>> answers.record("word-0-0", answer="tanks")
>>> AnswerFile(path, coder="anna", key="item", fields=["answer"]).rows["word-0-0"]["answer"]
'tanks'
>>> AnswerFile(path, coder="ben", key="item", fields=["answer"])
Traceback (most recent call last):
...
framing._infra.errors.CodingError: .../anna.csv, line 2, field 'coder': the file holds the answers of 'anna', not 'ben': ...
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Sequence
from pathlib import Path

from framing._infra.atomic import write_text
from framing._infra.errors import CodingError

CODER = "coder"
TIME = "answered_at"


def check_coder(coder: str) -> str:
    """The coder's name, stripped; a :class:`CodingError` when it is empty or spans lines."""
    if not isinstance(coder, str) or not coder.strip() or any(c in coder for c in "\r\n"):
        raise CodingError(f"coder must be a non-empty name on one line (e.g. coder='anna'), got {coder!r}")
    return coder.strip()


class AnswerFile:
    """The answers of one coder in one CSV file, kept in memory and rewritten atomically.

    Attributes:
        path: the file.
        coder: the coder's name (every line of the file carries it).
        key: the column that names the unit answered (``item`` or ``doc_id``).
        fields: the answer columns.
        rows: ``{unit: {column: text}}`` of the answers so far, in the order first answered.
    """

    def __init__(self, path: str | os.PathLike[str], *, coder: str, key: str, fields: Sequence[str]) -> None:
        self.path = Path(path)
        self.coder = check_coder(coder)
        self.key = key
        self.fields = list(fields)
        self.rows: dict[str, dict[str, str]] = {}
        if self.path.exists():
            for _line, row in read_rows(self.path, key=key, fields=self.fields, coder=self.coder):
                self.rows[row[key]] = row

    @property
    def columns(self) -> list[str]:
        """The file's header."""
        return [CODER, self.key, *self.fields, TIME]

    def record(self, unit: str, **answer: str) -> None:
        """Keep ``answer`` (one text per field) for ``unit``, replacing an earlier one, and rewrite the file."""
        missing = [f for f in self.fields if f not in answer]
        extra = [f for f in answer if f not in self.fields]
        if missing or extra:
            raise CodingError(f"an answer in {self.path} has the fields {self.fields}; got {sorted(answer)}")
        row = {CODER: self.coder, self.key: str(unit), **{f: str(answer[f]) for f in self.fields},
               TIME: dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        self.rows[str(unit)] = row
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=self.columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.rows.values())
        write_text(self.path, buffer.getvalue())


def read_rows(path: str | os.PathLike[str], *, key: str, fields: Sequence[str], coder: str | None = None
              ) -> list[tuple[int, dict[str, str]]]:
    """``(line number, row)`` of every answer in ``path``, checked.

    Checks: the file exists and is UTF-8 CSV with the columns ``coder``, ``key`` and ``fields``
    (others are ignored); every line has the same non-empty coder, ``coder`` when given; every
    unit is named and answered once.

    Raises:
        CodingError: naming the file, the line and the field.
    """
    path = Path(path)
    if not path.is_file():
        raise CodingError(f"answer file {str(path)!r} does not exist")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CodingError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8 CSV") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in (CODER, key, *fields) if c not in header]
    if missing:
        raise CodingError(f"{path}, line 1: missing column(s) {missing}; an answer file has the columns "
                          f"{[CODER, key, *fields, TIME]} (found {header})")
    rows: list[tuple[int, dict[str, str]]] = []
    first: dict[str, int] = {}
    owner = coder
    for row in reader:
        line = reader.line_num
        if None in row or any(row.get(c) is None for c in (CODER, key, *fields)):
            raise CodingError(f"{path}, line {line}: {len(header)} fields expected, the line has a different number")
        name = (row[CODER] or "").strip()
        if not name:
            raise CodingError(f"{path}, line {line}, field {CODER!r}: empty; every line names its coder")
        if owner is None:
            owner = name
        elif name != owner and coder is not None:
            raise CodingError(f"{path}, line {line}, field {CODER!r}: the file holds the answers of {name!r}, not "
                              f"{coder!r}: open this coder's own file, or give coder={name!r}")
        elif name != owner:
            raise CodingError(f"{path}, line {line}, field {CODER!r}: {name!r}, but earlier lines are by {owner!r}: "
                              "keep one coder per file")
        unit = (row[key] or "").strip()
        if not unit:
            raise CodingError(f"{path}, line {line}, field {key!r}: empty; name the {key} answered")
        if unit in first:
            raise CodingError(f"{path}, line {line}, field {key!r}: {unit!r} is answered twice (first on line "
                              f"{first[unit]}); keep one answer per {key}")
        first[unit] = line
        rows.append((line, {CODER: name, key: unit, **{f: (row[f] or "").strip() for f in fields},
                            TIME: (row.get(TIME) or "").strip()}))
    return rows
