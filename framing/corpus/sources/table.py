"""CSV tables, one document per row (format ``"csv"``).

The source's ``columns`` option maps fields to CSV columns, e.g. for the Kremlin scrape
``{"url": "link", "title": "headline", "date": "date", "text": ["summary", "body"]}``:
a list of text columns is joined with a blank line (text = summary + body). ``id`` is a
template over ``{number}`` (the trailing digits of the URL, e.g. the Kremlin's news
number, or the one group of the regular expression ``number``, e.g. ``"/news/[^/]+/(\\d+)-"``
for 1tv.ru's ``/news/2022-01-01/418953-vypusk...``) and ``{row}`` (1-based data row), e.g.
``"kremlin-{number}"``.

Fields may hold newlines, quotes and more than 128 KiB (the limit of Python's ``csv``
module): the table is read with pandas' C parser, which has no field-size limit.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
>>> _ = path.write_text('link,headline,date,body\\n'
...                     'http://x/news/7,"A ""B"" C",2022-02-24T23:00:00Z,"one\\ntwo"\\n')
>>> df = parse([(RawFile("o/r", "c", "t.csv", "", 0), path)],
...            {"columns": {"url": "link", "title": "headline", "date": "date", "text": ["body"]},
...             "id": "x-{number}"})
>>> df.loc[0, ["doc_id", "title", "text"]].tolist(), str(df.loc[0, "date"].date())
(['x-7', 'A "B" C', 'one\\ntwo'], '2022-02-24')
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from framing._infra.errors import CatalogError
from framing.corpus.sources.common import RawFile, calendar_day, format_id, read_text, tidy_text, tidy_title

NUMBER = r"(\d+)/?$"
"""The default option ``number``: the trailing digits of the URL (the Kremlin's news number)."""


def _read(raw_file: RawFile, path: Path, columns: dict[str, str], text_columns: list[str]) -> pd.DataFrame:
    where = raw_file.provenance
    try:
        df = pd.read_csv(io.StringIO(read_text(path, where=where)), dtype=str,
                         keep_default_na=False, engine="c")
    except pd.errors.ParserError as exc:
        raise CatalogError(f"{where}: not a well-formed CSV file ({exc}).") from exc
    wanted = [columns["url"], columns["title"], columns["date"], *text_columns]
    missing = [c for c in wanted if c not in df.columns]
    if missing:
        raise CatalogError(f"{where}: missing column(s) {missing}; the file has {list(df.columns)}. "
                           "Fix the recipe's 'columns' mapping.")
    return df


def _number_pattern(options: dict) -> re.Pattern[str]:
    """The option ``number``: a regular expression whose one group is ``{number}`` in the URL."""
    try:
        pattern = re.compile(options.get("number", NUMBER))
    except (re.error, TypeError) as exc:
        raise CatalogError(f"the source's 'number' {options.get('number')!r} is not a regular expression ({exc}); "
                           "fix the recipe.") from exc
    if pattern.groups != 1:
        raise CatalogError(f"the source's 'number' {pattern.pattern!r} must have exactly one group (...), the "
                           "part of the URL that is {number}; fix the recipe.")
    return pattern


def parse(files: Sequence[tuple[RawFile, Path]], options: dict) -> pd.DataFrame:
    """The raw table of a CSV source (columns: see :mod:`framing.corpus.sources.common`)."""
    columns: dict[str, str] = {k: v for k, v in options["columns"].items() if k != "text"}
    text_columns = options["columns"]["text"]
    text_columns = [text_columns] if isinstance(text_columns, str) else list(text_columns)
    number_pattern = _number_pattern(options)
    parts = []
    for raw_file, path in files:
        df = _read(raw_file, path, columns, text_columns)
        rows = pd.RangeIndex(1, len(df) + 1).astype(str)
        texts = [tidy_text(df[c]) for c in text_columns]
        text = texts[0]
        for more in texts[1:]:
            text = (text + "\n\n" + more).str.strip()
        number = df[columns["url"]].str.extract(number_pattern, expand=False).fillna("")
        ids = [format_id(options["id"], {"number": n, "row": r}, where=raw_file.provenance)
               for n, r in zip(number, rows)]
        parts.append(pd.DataFrame({
            "doc_id": ids, "date": calendar_day(df[columns["date"]]),
            "title": tidy_title(df[columns["title"]]), "text": text,
            "url": df[columns["url"]].str.strip(),
            "source": raw_file.provenance + "#row " + rows}))
    return pd.concat(parts, ignore_index=True)
