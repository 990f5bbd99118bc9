"""Markdown files with YAML front matter (format ``"markdown-front-matter"``).

One document per file. The front matter (between ``---`` lines) gives the metadata,
mapped by the source's ``front_matter`` option, e.g.
``{"date": "date", "title": "title", "url": "source_url", "category": "tags"}``;
``id`` is a template over ``{stem}`` (the file name without ``.md``), e.g. ``"wh-{stem}"``.

The body becomes plain text by :func:`framing.corpus.text.markup.markdown_to_text`, which
:func:`framing.read_folder` also uses for users' Markdown files: backslash escapes are undone,
images, link targets and HTML tags are dropped (their words are kept), emphasis and heading
marks are removed, and the hard-wrapped lines of a paragraph are joined, so a term wrapped
as ``sphere of`` / ``influence`` reads ``sphere of influence`` again.

>>> split_front_matter("---\\ntitle: T\\n---\\nsphere of\\ninfluence", where="a.md")
({'title': 'T'}, 'sphere of\\ninfluence')
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import yaml

from framing._infra.errors import CatalogError
from framing._infra.safeyaml import FRONT_MATTER_CHARS, FRONT_MATTER_VALUES, YAMLRefused, load_yaml
from framing.corpus.sources.common import RawFile, calendar_day, format_id, read_text, tidy_title
from framing.corpus.text.markup import markdown_to_text


def split_front_matter(raw: str, *, where: str) -> tuple[dict, str]:
    """The YAML front matter (as a dict) and the body of a Markdown file.

    The front matter is read safely (:mod:`framing._infra.safeyaml`): at most 64 KiB, no
    Python tags, no aliases that expand past 10,000 values.
    """
    if not raw.startswith("---"):
        raise CatalogError(f"{where}: no YAML front matter (the file must start with '---').")
    head, sep, body = raw[3:].partition("\n---\n")
    if not sep:
        raise CatalogError(f"{where}: the YAML front matter is not closed by a '---' line.")
    try:
        meta = load_yaml(head, max_chars=FRONT_MATTER_CHARS, max_values=FRONT_MATTER_VALUES, fast=True) or {}
    except YAMLRefused as exc:
        raise CatalogError(f"{where}: the YAML front matter is not read: {exc}") from None
    except yaml.YAMLError as exc:
        raise CatalogError(f"{where}: the YAML front matter does not parse: {exc}") from exc
    return meta, body


def parse(files: Sequence[tuple[RawFile, Path]], options: dict) -> pd.DataFrame:
    """The raw table of a Markdown source (columns: see :mod:`framing.corpus.sources.common`)."""
    mapping = dict(options["front_matter"])
    rows = []
    for raw_file, path in files:
        where = raw_file.provenance
        meta, body = split_front_matter(read_text(path, where=where), where=where)
        missing = [key for key in mapping.values() if key not in meta]
        if missing:
            raise CatalogError(f"{where}: the front matter lacks {missing}; it has {sorted(meta)}.")
        stem = Path(raw_file.path).name.removesuffix(".md")
        row = {field: str(meta[key]) for field, key in mapping.items()}
        row.update(doc_id=format_id(options["id"], {"stem": stem}, where=where),
                   text=markdown_to_text(body), source=raw_file.provenance)
        rows.append(row)
    df = pd.DataFrame(rows)
    df["date"] = calendar_day(df["date"])
    df["title"] = tidy_title(df["title"])
    return df
