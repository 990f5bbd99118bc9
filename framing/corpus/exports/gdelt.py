"""GDELT DOC 2.0 article lists: ``mode=ArtList`` answers saved as JSON, or as CSV.

The DOC 2.0 API (``api.gdeltproject.org/api/v2/doc/doc?mode=ArtList&format=json``) answers
``{"articles": [{"url", "url_mobile", "title", "seendate", "socialimage", "domain", "language",
"sourcecountry"}, …]}``; ``seendate`` is when GDELT first saw the article, in UTC, written
``20220224T013000Z``. A CSV holds the same fields, one column each (as the ``gdeltdoc`` client's
DataFrame is written, or the API's ``format=csv`` with ``URL``, ``MobileURL``, ``Date``,
``Title``, …): column names are matched without regard to case, ``date`` standing for
``seendate`` and ``mobileurl`` for ``url_mobile``.

=================  ==========================================================================
corpus             GDELT
=================  ==========================================================================
``doc_id``         ``url`` (GDELT lists have no other id; a URL listed twice is read once)
``outlet``         ``domain`` (the URL's host when it is missing)
``date``           ``seendate`` (UTC)
``title``/``url``  ``title``, ``url``
``language``       ISO 639-1 code of ``language`` (``English`` → ``en``); the name is kept
                   in ``gdelt_language``
``text``           empty (GDELT lists no text), or the title with ``text="title"``
=================  ==========================================================================

``sourcecountry``, ``socialimage`` and ``url_mobile`` are kept as columns.

>>> import framing as fr, json, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "artlist.json"
>>> _ = path.write_text(json.dumps({"articles": [{"url": "https://tass.ru/1", "title": "Заявление МИД",
...     "seendate": "20220224T013000Z", "domain": "tass.ru", "language": "Russian",
...     "sourcecountry": "Russia"}]}))
>>> corpus = fr.read_gdelt(path, text="title")
>>> corpus.df.loc[0, ["outlet", "date", "language", "text"]].astype(str).tolist()
['tass.ru', '2022-02-24 01:30:00', 'ru', 'Заявление МИД']
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import pandas as pd

from framing._infra.errors import ArgumentError, CorpusError
from framing.corpus.corpus import Corpus
from framing.corpus.exports.common import (
    Paths,
    build_corpus,
    drop_repeated_ids,
    export_files,
    language_code,
    no_text_warning,
)
from framing.corpus.readers import read_file_text

ALIASES = {"date": "seendate", "mobileurl": "url_mobile", "sharingimage": "socialimage"}
"""CSV column names (lower-cased) that stand for an ArtList field."""
FIELDS = ("url", "url_mobile", "title", "seendate", "socialimage", "domain", "language", "sourcecountry")


def read_gdelt(path: Paths, *, text: Literal["title"] | None = None, encoding: str = "utf-8",
               **options: Any) -> Corpus:
    """Read GDELT DOC 2.0 article lists (``.json`` or ``.csv`` files, a folder of them, or a list).

    Args:
        path: the saved answers.
        text: ``"title"`` uses each article's title as its text; ``None`` leaves texts empty (with a
            warning), as GDELT lists no article text.
        encoding: of the files (GDELT writes UTF-8).
        options: those of :func:`framing.from_dataframe` (``constants=``, ``on_bad_date=``, ``dedupe=``).

    Each row carries ``source_format="gdelt"``, ``source_file`` and ``source_record`` (its place
    in the ``articles`` list, or its CSV row, from 1).

    Raises:
        CorpusError: a file is not an ArtList answer (the message says what it found), an article
            lacks ``url`` or ``seendate``, or a ``seendate`` is not ``YYYYMMDDTHHMMSSZ``.
    """
    if text not in (None, "title"):
        raise ArgumentError(f"text must be None or 'title' for a GDELT article list, got {text!r}")
    files = export_files(path, (".json", ".json.gz", ".csv", ".csv.gz"), "GDELT article-list")
    records: list[dict[str, Any]] = []
    labels: list[str] = []
    for file in files:
        raw = read_file_text(file, encoding)
        is_json = file.name.lower().removesuffix(".gz").endswith(".json")
        articles = _json_articles(raw, file) if is_json else _csv_articles(raw, file)
        for number, article in enumerate(articles, start=1):
            records.append(_record(article, file, number, is_json))
            labels.append(f"{file.name} {'article' if is_json else 'record'} {number}")
    source = str(files[0]) if len(files) == 1 else f"{files[0].parent} ({len(files)} GDELT files)"
    records, labels = drop_repeated_ids(records, labels, source, "url")
    for record in records:
        record["text"] = record["title"] if text == "title" else ""
    if text is None:
        no_text_warning(source, "GDELT article-list")
    return build_corpus(records, labels, fmt="GDELT", source=source, **options)


def _json_articles(raw: str, file: Path) -> list[Any]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{file}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); "
                          "save the API's answer unchanged (format=json).") from exc
    if isinstance(data, dict) and not data:  # GDELT answers {} when nothing matched
        return []
    if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
        found = f"keys {sorted(data)[:5]}" if isinstance(data, dict) else f"a JSON {type(data).__name__}"
        raise CorpusError(f"{file}: a GDELT ArtList answer is an object with a list 'articles'; found {found}. "
                          "Query with mode=ArtList&format=json.")
    return data["articles"]


def _csv_articles(raw: str, file: Path) -> list[dict[str, str]]:
    reader = csv.reader(io.StringIO(raw, newline=""))
    try:
        header = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in next(reader)]
        lines = list(reader)
    except csv.Error as exc:
        raise CorpusError(f"{file}: not a well-formed CSV file ({exc}); check its quoting.") from exc
    for name in ("url", "seendate"):
        if name not in header:
            raise CorpusError(f"{file}: a GDELT article list needs a column {name!r} (or 'date'); the file has "
                              f"{header}. Is it a GDELT ArtList export?")
    out = []
    for number, line in enumerate(lines, start=1):
        if len(line) != len(header):
            raise CorpusError(f"{file}: record {number} (row {number + 1}, counting the header as row 1) has "
                              f"{len(line)} fields, the header {len(header)}: {','.join(line)[:80]!r}")
        out.append(dict(zip(header, line)))
    return out


def _record(article: Any, file: Path, number: int, is_json: bool) -> dict[str, Any]:
    where = f"{file}: {'article' if is_json else 'record'} {number}"
    if not isinstance(article, dict):
        raise CorpusError(f"{where} is a JSON {type(article).__name__}, not an object with url, title, seendate.")
    url, seen = str(article.get("url") or "").strip(), str(article.get("seendate") or "").strip()
    if not url:
        raise CorpusError(f"{where} has no 'url'; every GDELT article has one — is the file complete?")
    stamp = pd.to_datetime(seen, format="%Y%m%dT%H%M%SZ", errors="coerce")
    if pd.isna(stamp):
        stamp = pd.to_datetime(seen, format="ISO8601", errors="coerce", utc=True)
    if pd.isna(stamp):
        raise CorpusError(f"{where} ({url}): seendate {seen!r} is not a GDELT date such as '20220224T013000Z'; "
                          "fix the value.")
    name = str(article.get("language") or "")
    record: dict[str, Any] = {k: str(article.get(k) or "") for k in FIELDS if k not in ("url", "seendate", "language")}
    record.update(doc_id=url, url=url, outlet=record.pop("domain") or urlsplit(url).hostname or "",
                  date=stamp.tz_localize(None).isoformat() if stamp.tzinfo else stamp.isoformat(),
                  language=language_code(name), gdelt_language=name,
                  source_format="gdelt", source_file=str(file), source_record=number)
    return record
