"""Raw sources of named corpora: fetching pinned files and parsing each format.

- :mod:`framing.corpus.sources.fetch` downloads raw files (or copies them from a mirror
  folder) in parallel and verifies each against its SHA-256.
- One parser per format, each ``parse(files, options) -> DataFrame`` returning the raw
  table described in :mod:`framing.corpus.sources.common`:
  ``"csv"`` (:mod:`~framing.corpus.sources.table`), ``"js-records"``
  (:mod:`~framing.corpus.sources.jsrecords`, JavaScript data modules read by
  :mod:`~framing.corpus.sources.jsliteral`, never executed), ``"markdown-front-matter"``
  (:mod:`~framing.corpus.sources.markdown`) and ``"text"`` (:mod:`~framing.corpus.sources.plaintext`).

>>> sorted(PARSERS)
['csv', 'js-records', 'markdown-front-matter', 'text']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from framing.corpus.sources import jsrecords, markdown, plaintext, table
from framing.corpus.sources.common import RawFile

Parser = Callable[[Sequence[tuple[RawFile, Path]], dict], pd.DataFrame]

PARSERS: dict[str, Parser] = {
    "csv": table.parse,
    "js-records": jsrecords.parse,
    "markdown-front-matter": markdown.parse,
    "text": plaintext.parse,
}
"""Parser of each source format, by the ``format`` name a recipe uses."""

__all__ = ["PARSERS", "Parser", "RawFile"]
