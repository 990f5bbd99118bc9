"""Records in JavaScript data modules, one document per record (format ``"js-records"``).

Each file holds one array literal of objects (``const source = [ {...}, ... ]; module.exports =
source``), read as data by :func:`framing.corpus.sources.jsliteral.read_module` -- the file is never
executed. The source's options:

- ``fields``: the record keys of ``title``, ``date``, ``text`` and ``url``, e.g.
  ``{"title": "name", "date": "date", "text": "text", "url": "url"}``;
- ``columns``: further columns from record keys, e.g. ``{"speaker": "speaker"}``; a list value
  (several speakers) is joined with ``"; "``;
- ``markup``: ``"markdown"`` to make the text plain (:func:`~framing.corpus.text.markup.markdown_to_text`:
  ``**bold**`` marks, links and escapes undone), else white space is only tidied;
- ``parallel``: the record key that links a text with its translations (``"id"``), giving the
  ``parallel_id`` column, see below;
- ``id``: the doc_id template over ``{language}`` and ``{parallel_id}``, e.g. ``"ua-{language}-{parallel_id}"``.

Each file's ``meta`` in the recipe gives its ``language`` (``{"language": "en"}`` for a file of
translations), so one source holds the originals and their translations. Dates follow the rules
of :mod:`framing.corpus.dates` (an ISO timestamp keeps its local calendar day); a time written
with hour 24 (``2022-03-11T24:04:30``, as some scrapers write the hour after midnight) keeps the
written day and reads as hour 0.

**Parallel texts.** A record and its translation carry the same key (a record ``id``) in files of
different languages, and ``parallel_id`` is that key. Where a key occurs more than once in a
language -- sources reuse an id for another record -- the key alone cannot say which record is
which; for such keys (in any language) ``parallel_id`` is the key and the record's timestamp
(``KEY-YYYYMMDDHHMMSS``), and a second record of the same key and time in one language gets
``-2``. Records whose ``parallel_id`` occurs in one language only have no partner: see
:func:`unpaired`.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "uk.js").write_text("const s = [{id: 'a', name: 'Заголовок', date: '2022-03-01T23:10:00', "
...                                   "text: `**Війна**`, url: 'u', speaker: ['A', 'B']}]; module.exports = s")
>>> _ = (folder / "en.js").write_text("module.exports = [{id: 'a', name: 'Title', date: '2022-03-01T23:10:00', "
...                                   "text: `**War**`, url: 'u', speaker: ['A', 'B']}]")
>>> files = [(RawFile("o/r", "c", n, "", 0, {"language": n[:2]}), folder / n) for n in ("uk.js", "en.js")]
>>> options = {"fields": {"title": "name", "date": "date", "text": "text", "url": "url"},
...            "columns": {"speaker": "speaker"}, "markup": "markdown", "parallel": "id", "id": "x-{language}-{parallel_id}"}
>>> parse(files, options)[["doc_id", "language", "parallel_id", "date", "text", "speaker"]].to_dict("records")[1]
{'doc_id': 'x-en-a', 'language': 'en', 'parallel_id': 'a', 'date': Timestamp('2022-03-01 00:00:00'), 'text': 'War', 'speaker': 'A; B'}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from framing._infra.errors import CatalogError, CorpusError
from framing.corpus.dates import parse_dates
from framing.corpus.sources.common import RawFile, format_id, read_text, tidy, tidy_title
from framing.corpus.sources.jsliteral import read_module
from framing.corpus.text.markup import markdown_to_text
from framing.corpus.text.script import detect_script

_HOUR_24 = r"T24(?=:[0-5]\d)"
FIELDS = ("title", "date", "text", "url")
"""The fields every record must map (option ``fields``)."""


def _value(record: Mapping[str, Any], key: str, where: str, *, lists: bool) -> str:
    """A record's field as text: a string, or (``lists``) a list of strings joined with ``"; "``."""
    if key not in record:
        raise CatalogError(f"{where}: the record has no key {key!r} (it has {sorted(record)}); fix the "
                           "recipe's 'fields' or 'columns'.")
    value = record[key]
    if isinstance(value, str):
        return value
    if lists and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(v.strip() for v in value if v.strip())
    kind = "a string or a list of strings" if lists else "a string"
    raise CatalogError(f"{where}: the record's {key!r} must be {kind}, not {type(value).__name__} "
                       f"({str(value)[:60]!r}); fix the source or the recipe.")


def _records(raw_file: RawFile, path: Path) -> list[dict[str, Any]]:
    where = raw_file.provenance
    data = read_module(read_text(path, where=where), where=where)
    if not isinstance(data, list):
        raise CatalogError(f"{where}: the module holds {type(data).__name__}, not an array of records ([{{...}}, ...]).")
    for number, record in enumerate(data, 1):
        if not isinstance(record, dict):
            raise CatalogError(f"{where}#record {number}: a record must be an object ({{...}}), not "
                               f"{type(record).__name__}.")
    return data


def _parallel_ids(df: pd.DataFrame) -> pd.Series:
    """The ``parallel_id`` of each row from its ``_key``, ``_stamp`` and ``language`` (see the module docstring)."""
    per_language = df.groupby(["_key", "language"], sort=False)["_key"].transform("size")
    ambiguous = set(df.loc[per_language > 1, "_key"])
    stamped = df["_key"] + "-" + df["_stamp"].str.replace(r"\D", "", regex=True)
    keys = df["_key"].where(~df["_key"].isin(ambiguous), stamped)
    repeat = keys.groupby([keys, df["language"]], sort=False).cumcount()
    return keys.where(repeat == 0, keys + "-" + (repeat + 1).astype(str))


def parse(files: Sequence[tuple[RawFile, Path]], options: dict) -> pd.DataFrame:
    """The raw table of a JavaScript records source (columns: :mod:`framing.corpus.sources.common`,
    plus ``language``, ``script``, ``parallel_id`` and the ``columns`` of the options)."""
    fields = dict(options["fields"])
    missing = [f for f in FIELDS if f not in fields]
    if missing:
        raise CatalogError(f"the 'fields' of a js-records source must map {list(FIELDS)}; it lacks {missing}.")
    extra = dict(options.get("columns", {}))
    rows = []
    for raw_file, path in files:
        language = str(raw_file.meta.get("language", ""))
        for number, record in enumerate(_records(raw_file, path), 1):
            where = f"{raw_file.provenance}#record {number}"
            row = {field: _value(record, key, where, lists=False) for field, key in fields.items()}
            row.update({column: _value(record, key, where, lists=True) for column, key in extra.items()})
            if "parallel" in options:
                row["_key"] = _value(record, options["parallel"], where, lists=False).strip()
            rows.append({**row, "language": language, "source": where})
    df = pd.DataFrame(rows)
    try:
        written = df["date"].str.replace(_HOUR_24, "T00", regex=True)
        dates, _ = parse_dates(written, df["source"].tolist(), source="the records", column=fields["date"])
    except CorpusError as exc:
        raise CatalogError(str(exc)) from exc
    df["_stamp"] = dates.dt.strftime("%Y-%m-%dT%H:%M:%S")
    df["date"] = dates.dt.normalize().astype("datetime64[ns]")
    df["title"] = tidy_title(df["title"])
    convert = markdown_to_text if options.get("markup") == "markdown" else tidy
    df["text"] = [convert(t) for t in df["text"]]
    df["url"] = df["url"].str.strip()
    df["script"] = detect_script(df["text"])  # per record: a file may hold texts in either script
    if "parallel" in options:
        df["parallel_id"] = _parallel_ids(df)
    values = [{str(k): x for k, x in row.items()} for row in df.to_dict("records")]
    df["doc_id"] = [format_id(options["id"], v, where=v["source"]) for v in values]
    return df.drop(columns=[c for c in ("_key", "_stamp") if c in df])


def unpaired(df: pd.DataFrame) -> pd.DataFrame:
    """The rows whose ``parallel_id`` occurs in no other language (texts without a translation, or the reverse).

    >>> unpaired(pd.DataFrame({"parallel_id": ["a", "a", "b"], "language": ["uk", "en", "uk"]}))
      parallel_id language
    2           b       uk
    """
    languages = df.groupby("parallel_id")["language"].transform("nunique")
    return df.loc[df["parallel_id"].notna() & (languages < 2)]
