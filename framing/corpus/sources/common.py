"""Helpers shared by the source parsers: tidy white space, titles from text, raw files.

Every parser returns the same *raw table*: one row per document with the columns
``doc_id``, ``date`` (datetime64, midnight), ``title``, ``text``, ``url`` and ``source``
(provenance: ``owner/repo@commit:path``, plus ``#row N`` for the Nth record after a
table's header), and any source-specific extras (``category``, ``speaker``, ``country``).
The catalog adds the outlet, language, country and licence of the source.

>>> tidy_text(pd.Series(["  A\\u00a0 b \\r\\n\\r\\n\\r\\n c\\u2060d  "])).tolist()
['A b\\n\\ncd']
>>> first_sentence("Russia should move away from ultimatums. We need a compromise.")
'Russia should move away from ultimatums.'
"""

from __future__ import annotations

import dataclasses
import re
import string
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pandas as pd

from framing._infra.errors import CatalogError
from framing.corpus.text.markup import drop_invisible

GITHUB_RAW = "https://raw.githubusercontent.com/{repo}/{commit}/{path}"
"""Where raw files come from; a recipe's ``raw_url`` or ``$FRAMING_RAW_URL`` replaces it."""
URL_FIELDS = ("repo", "commit", "path")
"""The fields a raw-file URL template may use."""

_REPO = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_COMMIT = re.compile(r"[0-9a-fA-F]{40}")
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\\]")

_BLANK_LINES = re.compile(r"\n{3,}")


@dataclasses.dataclass(frozen=True)
class RawFile:
    """One raw file of a source, pinned by repository, commit, path and checksum.

    Attributes:
        repo: GitHub ``owner/name``.
        commit: the 40-hex commit the file is taken from.
        path: the file's path inside the repository.
        sha256: its expected SHA-256 (hex).
        size: its size in bytes.
        meta: per-file metadata from the recipe (e.g. a UN speech's speaker and date).
    """

    repo: str
    commit: str
    path: str
    sha256: str
    size: int
    meta: Mapping[str, Any] = dataclasses.field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> str:
        """Its relative path in a mirror or data folder: ``github/<owner>/<repo>/<commit>/<path>``."""
        return f"github/{self.repo}/{self.commit}/{self.path}"

    @property
    def provenance(self) -> str:
        """``owner/repo@commit:path``, the value of the ``source`` column."""
        return f"{self.repo}@{self.commit}:{self.path}"

    def url(self, template: str) -> str:
        """The download URL from a template with ``{repo}``, ``{commit}`` and ``{path}``.

        The path is percent-encoded (spaces and ``%`` occur in the raw file names).

        >>> RawFile("o/r", "c0ffee", "Session 76/a%b.txt", "0", 1).url(
        ...     "https://raw.githubusercontent.com/{repo}/{commit}/{path}")
        'https://raw.githubusercontent.com/o/r/c0ffee/Session%2076/a%25b.txt'
        """
        return template.format(repo=self.repo, commit=self.commit, path=quote(self.path))


def shown(value: object, *, limit: int = 120) -> str:
    """``repr(value)`` cut to ``limit`` characters: how a message echoes what a user gave.

    >>> shown("a" * 200, limit=10)
    "'aaaaaaaa…"
    """
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def pin_problem(raw: RawFile) -> str | None:
    """What is wrong with a raw file's pins, naming the recipe key; ``None`` if nothing is.

    The pins decide where the file is written (:attr:`RawFile.key`), so they must keep it
    inside the folder: ``repo`` is ``owner/name``; ``commit`` a full commit id (40 hex
    digits); ``path`` a relative path whose parts are not empty, ``.`` or ``..``, without
    backslashes or control characters. ``sha256`` is 64 hex digits, ``size`` (the recipe's
    ``bytes``) a whole number ≥ 0.

    >>> pin_problem(RawFile("o/r", "0" * 40, "a/b.txt", "0" * 64, 3)) is None
    True
    >>> print(pin_problem(RawFile("o/r", "0" * 40, "a/../../b.txt", "0" * 64, 3)))
    'path' must be a relative path inside the repository, without '.' or '..' parts or a leading '/' (got 'a/../../b.txt')
    """
    repo, commit, path = raw.repo, raw.commit, raw.path
    if not isinstance(repo, str) or not _REPO.fullmatch(repo) or {".", ".."} & set(repo.split("/")):
        return ("'repo' must be a GitHub repository as owner/name, such as 'PeiYiZhuo/zelenskyy-putin' "
                f"(got {shown(repo)})")
    if not isinstance(commit, str) or not _COMMIT.fullmatch(commit):
        return f"'commit' must be a full commit id (40 hexadecimal digits) (got {shown(commit)})"
    if (not isinstance(path, str) or path.startswith("/") or _CONTROL.search(path)
            or {"", ".", ".."} & set(path.split("/"))):
        return ("'path' must be a relative path inside the repository, without '.' or '..' parts or a "
                f"leading '/' (got {shown(path)})")
    if not isinstance(raw.sha256, str) or not _SHA256.fullmatch(raw.sha256):
        return f"'sha256' must be 64 hexadecimal digits (got {shown(raw.sha256)})"
    if not isinstance(raw.size, int) or isinstance(raw.size, bool) or raw.size < 0:
        return f"'bytes' must be the file's size, a whole number ≥ 0 (got {shown(raw.size)})"
    return None


def check_url_template(template: object, origin: str) -> str:
    """``template`` if it is a usable raw-file URL template; else a :class:`CatalogError`.

    A template is an ``http://`` or ``https://`` URL using ``{path}`` and perhaps ``{repo}``
    and ``{commit}`` -- no other field, attribute, index, conversion or format (so filling it
    in never reaches further than the three strings). ``origin`` names where it came from.

    >>> check_url_template(GITHUB_RAW, "raw_url") == GITHUB_RAW
    True
    """
    problem = None
    if not isinstance(template, str):
        problem = "it must be a string"
    else:
        try:
            parts = list(string.Formatter().parse(template))
        except ValueError as exc:
            parts, problem = [], f"it is not a valid template ({exc})"
        for _, field, spec, conversion in parts:
            if problem is None and field is not None and (field not in URL_FIELDS or spec or conversion):
                written = field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
                problem = f"unknown field {{{written}}}"
        if problem is None and "path" not in {field for _, field, _, _ in parts}:
            problem = "it must contain {path}"
        if problem is None and urlsplit(template).scheme not in ("http", "https"):
            problem = "it must start with http:// or https://"
    if problem is None:
        return str(template)
    raise CatalogError(f"{origin}={shown(template)}: {problem}; a raw-file URL template may use only {{repo}}, "
                       f"{{commit}} and {{path}}, e.g. {GITHUB_RAW}.")


def tidy(text: str) -> str:
    """Normalise the white space of one text, keeping paragraphs (see :func:`tidy_text`)."""
    text = "\n".join(" ".join(line.split()) for line in drop_invisible(text).split("\n"))
    return (_BLANK_LINES.sub("\n\n", text) if "\n\n\n" in text else text).strip()


def tidy_text(texts: pd.Series) -> pd.Series:
    """Normalise white space, keeping paragraphs.

    Line ends become ``\\n``; invisible characters (word joiner, zero-width space, BOM,
    U+FFFC) are removed; runs of other white space (no-break spaces included) become
    one space; spaces around line ends are dropped; three or more line ends become two
    (one blank line between paragraphs); the text is stripped.
    """
    return pd.Series([tidy(t) for t in texts.fillna("").astype(str)], index=texts.index, dtype=object)


def tidy_title(titles: pd.Series) -> pd.Series:
    """Titles on one line: :func:`tidy_text`, then line ends become spaces."""
    return pd.Series([" ".join(tidy(t).split()) for t in titles.fillna("").astype(str)],
                     index=titles.index, dtype=object)


def first_sentence(text: str, *, limit: int = 200) -> str:
    """The text's first sentence (up to ``.``, ``!`` or ``?`` before a space), at most ``limit`` chars.

    Used as the title of a document whose headline is empty. A sentence longer than
    ``limit`` is cut at the last space before it and ends in ``…``.
    """
    flat = " ".join(text.split())
    match = re.search(r"[.!?](?=\s|$)", flat)
    sentence = flat[: match.end()] if match else flat
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0] + "…"


def calendar_day(values: pd.Series) -> pd.Series:
    """The date part (``YYYY-MM-DD``) of ISO timestamps, as datetime64 at midnight.

    Time and offset are ignored on purpose: the scraped sources stamp local publication
    times with a ``Z`` (Kyiv's evening addresses at ``23:23Z``), so converting them would
    move documents to the wrong day.
    """
    return pd.to_datetime(values.astype(str).str.slice(0, 10), format="%Y-%m-%d").astype("datetime64[ns]")


def format_id(template: str, values: Mapping[str, Any], *, where: str) -> str:
    """Fill an id or title template such as ``"ungdc-{session}-{iso3}"`` from ``values``."""
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError) as exc:
        raise CatalogError(f"{where}: the template {template!r} needs {exc}, which is not among "
                           f"{sorted(values)}; fix the recipe.") from exc


def read_text(path: Path, *, where: str) -> str:
    """A raw file as UTF-8 text (the checksum was verified when it was fetched)."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogError(f"{where}: not valid UTF-8 at byte {exc.start}; the recipe's "
                           "sources must be UTF-8 files.") from exc
