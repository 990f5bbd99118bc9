"""Media Cloud story lists: the CSV that search.mediacloud.org downloads (and the legacy Explorer's).

The current search tool writes one row per story with the columns ``id``, ``indexed_date``,
``language``, ``media_name``, ``media_url``, ``publish_date``, ``title``, ``url`` (and ``text``
when the full text was requested through the API's ``expanded`` story lists); the legacy
Explorer (API v2) wrote ``stories_id``, ``publish_date``, ``title``, ``url``, ``language``,
``ap_syndicated``, ``themes``, ``media_id``, ``media_name``, ``media_url``. Both map onto the
corpus schema:

=================  ==========================================================================
corpus             Media Cloud
=================  ==========================================================================
``doc_id``         ``id`` (legacy: ``stories_id``)
``outlet``         ``media_name`` (``media_url`` when the name is empty)
``date``           ``publish_date``; when it is empty (Media Cloud could not find one),
                   ``indexed_date``, and the column ``date_from`` says which was used
``title``/``url``  ``title``, ``url``
``language``       ``language`` (already ISO 639-1)
``text``           ``text`` if present; else empty, or the title with ``text="title"``
=================  ==========================================================================

Other columns (``media_url``, ``indexed_date``, ``ap_syndicated``, …) are kept as they are.

>>> import framing as fr, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "stories.csv"
>>> _ = path.write_text("id,indexed_date,language,media_name,media_url,publish_date,title,url\\n"
...     "a1,2022-02-24 09:00:00,en,BBC,bbc.co.uk,2022-02-24 08:12:00,Russia attacks Ukraine,"
...     "https://www.bbc.co.uk/news/1\\n")
>>> corpus = fr.read_mediacloud(path, text="title")
>>> corpus.df.loc[0, ["doc_id", "outlet", "text", "source_format", "source_record"]].astype(str).tolist()
['a1', 'BBC', 'Russia attacks Ukraine', 'mediacloud', '1']
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any, Literal

from framing._infra.errors import ArgumentError, CorpusError
from framing.corpus.corpus import Corpus
from framing.corpus.exports.common import (
    Paths,
    build_corpus,
    drop_repeated_ids,
    export_files,
    no_text_warning,
)
from framing.corpus.readers import read_file_text

REQUIRED_ANY = (("id", "stories_id"), ("media_name", "media_url"), ("publish_date",), ("title",), ("url",))
"""Column alternatives a Media Cloud story list must have (one of each)."""


def read_mediacloud(path: Paths, *, text: Literal["text", "title"] | None = None, encoding: str = "utf-8",
                    **options: Any) -> Corpus:
    """Read Media Cloud story-list CSV files (a file, a folder of ``.csv``/``.csv.gz`` files, or a list).

    Args:
        path: the export(s).
        text: ``"title"`` uses each story's title as its text; ``None`` (default) takes the
            ``text`` column when the export has one and otherwise leaves texts empty (with a warning).
        encoding: of the files (Media Cloud writes UTF-8).
        options: those of :func:`framing.from_dataframe` (``constants=``, ``on_bad_date=``, ``dedupe=``).

    The same story in several files (overlapping queries) is read once, with a warning. Each row
    carries ``source_format="mediacloud"``, ``source_file`` and ``source_record`` (its row, from 1).

    Raises:
        CorpusError: a file lacks a Media Cloud column (the message lists those present), a row
            has a different number of fields than the header, or a story has neither a publish
            nor an indexed date.
    """
    if text not in (None, "text", "title"):
        raise ArgumentError(f"text must be None, 'text' or 'title' for a Media Cloud export, got {text!r}")
    files = export_files(path, (".csv", ".csv.gz"), "Media Cloud CSV")
    records: list[dict[str, Any]] = []
    labels: list[str] = []
    has_text = False
    for file in files:
        rows, header = _rows(file, encoding)
        has_text = has_text or "text" in header
        for number, row in enumerate(rows, start=1):
            records.append(_record(row, file, number))
            labels.append(f"{file.name} row {number + 1} (counting the header as row 1)")
    source = str(files[0]) if len(files) == 1 else f"{files[0].parent} ({len(files)} Media Cloud files)"
    records, labels = drop_repeated_ids(records, labels, source, "story id")
    for record in records:
        if text == "title":
            record["text"] = record["title"]
        record.setdefault("text", "")
    if text is None and not has_text:
        no_text_warning(source, "Media Cloud story-list")
    return build_corpus(records, labels, fmt="Media Cloud", source=source, **options)


def _rows(file: Path, encoding: str) -> tuple[list[dict[str, str]], list[str]]:
    reader = csv.reader(io.StringIO(read_file_text(file, encoding), newline=""))
    try:
        header = [h.strip() for h in next(reader)]
        lines = list(reader)
    except csv.Error as exc:
        raise CorpusError(f"{file}: not a well-formed CSV file ({exc}); check its quoting.") from exc
    for names in REQUIRED_ANY:
        if not any(n in header for n in names):
            raise CorpusError(f"{file}: a Media Cloud story list needs a column {' or '.join(map(repr, names))}; "
                              f"the file has {header}. Is it a Media Cloud export? Other CSV files are read "
                              "with framing.read_csv().")
    rows = []
    for number, line in enumerate(lines, start=1):
        if not any(cell.strip() for cell in line):
            continue
        if len(line) != len(header):
            raise CorpusError(f"{file}: record {number} (row {number + 1}, counting the header as row 1) has "
                              f"{len(line)} fields, the header {len(header)}; the row is cut or has an unquoted "
                              f"comma: {','.join(line)[:80]!r}")
        rows.append(dict(zip(header, line)))
    return rows, header


def _record(row: dict[str, str], file: Path, number: int) -> dict[str, Any]:
    record: dict[str, Any] = {k: v for k, v in row.items() if k not in ("id", "stories_id", "media_name")}
    record["doc_id"] = row.get("id") or row.get("stories_id") or ""
    record["outlet"] = row.get("media_name") or row.get("media_url") or ""
    published, indexed = row.get("publish_date", "").strip(), row.get("indexed_date", "").strip()
    if not published and not indexed:
        raise CorpusError(f"{file}: record {number} (row {number + 1}, story {record['doc_id']!r}) has no "
                          "publish_date (and no indexed_date); fill it in or remove the row.")
    record["date"] = published or indexed
    record["date_from"] = "publish_date" if published else "indexed_date"
    if not record["doc_id"]:
        raise CorpusError(f"{file}: record {number} (row {number + 1}) has no story id; fill in the id column.")
    record.update(source_format="mediacloud", source_file=str(file), source_record=number)
    return record
