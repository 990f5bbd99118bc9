"""Plain-text files, one document per file, metadata from the recipe (format ``"text"``).

Each file entry of the recipe carries its ``meta`` (for a UN General Debate speech:
``session``, ``iso3``, ``date``, ``country``, ``speaker``, ``post``). The source's options
are templates over those keys plus ``{stem}`` (file name without suffix) and ``{year}``
(of the date): ``id`` (e.g. ``"ungdc-{session}-{iso3}"``) and ``title``; ``url`` is a fixed
link (the corpus DOI); ``meta_columns`` copies meta keys into columns, e.g.
``{"country": "iso3", "speaker": "speaker"}``. The text keeps its lines (one paragraph a
line in the UN files) with white space tidied.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "UKR_77_2022.txt"
>>> _ = path.write_text("Greetings!\\nA crime has been committed.\\n")
>>> meta = {"session": 77, "iso3": "UKR", "date": "2022-09-20", "speaker": "V. Z."}
>>> df = parse([(RawFile("o/r", "c", "UKR_77_2022.txt", "", 0, meta), path)],
...            {"id": "ungdc-{session}-{iso3}", "title": "{iso3} {year} - {speaker}",
...             "url": "https://doi.org/10.7910/DVN/0TJX8Y", "meta_columns": {"speaker": "speaker"}})
>>> df.loc[0, ["doc_id", "title", "text", "speaker"]].tolist()
['ungdc-77-UKR', 'UKR 2022 - V. Z.', 'Greetings!\\nA crime has been committed.', 'V. Z.']
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from framing._infra.errors import CatalogError
from framing.corpus.sources.common import RawFile, calendar_day, format_id, read_text, tidy_text, tidy_title


def parse(files: Sequence[tuple[RawFile, Path]], options: dict) -> pd.DataFrame:
    """The raw table of a plain-text source (columns: see :mod:`framing.corpus.sources.common`)."""
    extra = dict(options.get("meta_columns", {}))
    rows = []
    for raw_file, path in files:
        where = raw_file.provenance
        meta = dict(raw_file.meta)
        if "date" not in meta:
            raise CatalogError(f"{where}: the recipe gives this file no 'date' in its meta.")
        values = {**meta, "stem": Path(raw_file.path).stem, "year": str(meta["date"])[:4]}
        rows.append({"doc_id": format_id(options["id"], values, where=where),
                     "date": str(meta["date"]),
                     "title": format_id(options["title"], values, where=where),
                     "text": read_text(path, where=where), "url": options["url"],
                     "source": raw_file.provenance,
                     **{column: meta.get(key) for column, key in extra.items()}})
    df = pd.DataFrame(rows)
    df["date"] = calendar_day(df["date"])
    df["title"] = tidy_title(df["title"])
    df["text"] = tidy_text(df["text"])
    return df
