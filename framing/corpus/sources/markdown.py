"""Markdown files with YAML front matter (format ``"markdown-front-matter"``).

One document per file. The front matter (between ``---`` lines) gives the metadata,
mapped by the source's ``front_matter`` option, e.g.
``{"date": "date", "title": "title", "url": "source_url", "category": "tags"}``;
``id`` is a template over ``{stem}`` (the file name without ``.md``), e.g. ``"wh-{stem}"``.

The body becomes plain text (:func:`markdown_to_text`): backslash escapes are undone,
images, link targets and HTML tags are dropped (their words are kept), emphasis and
heading marks are removed, and the hard-wrapped lines of a paragraph are joined, so a
term wrapped as ``sphere of`` / ``influence`` reads ``sphere of influence`` again.

>>> markdown_to_text("Russia's \\\\[claimed\\\\] sphere of\\ninfluence, see\\n"
...                  "[this](https://x.y).\\n\\n![](a.png)\\n\\\\###")
"Russia's [claimed] sphere of influence, see this."
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import yaml

from framing._infra.errors import CatalogError
from framing._infra.safeyaml import FRONT_MATTER_CHARS, FRONT_MATTER_VALUES, YAMLRefused, load_yaml
from framing.corpus.sources.common import RawFile, calendar_day, drop_invisible, format_id, read_text, tidy_title

# CommonMark lets any ASCII punctuation character be escaped with a backslash.
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_SHIELD = 0xE000  # escaped characters wait in the private-use area while markup is removed
_SHIELDED = re.compile(r"[\ue000-\ue07f]")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)\n]*\)")
_BLOCK_TAG = re.compile(r"(?i)</?(?:table|thead|tbody|tr|p|div|figure|figcaption|br|li|ul|ol|"
                        r"h[1-6]|blockquote|hr)\b[^>]*>")
_CELL_TAG = re.compile(r"(?i)</?t[dh]\b[^>]*>")
_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][^>]*>", re.S)
_UNDERSCORES = re.compile(r"(?<![^\W_])_+|_+(?![^\W_])")  # _emphasis_, not snake_case
# Line-start patterns begin with "\n" (the text gets one in front): a literal first
# character lets the regex engine skip ahead, several times faster than "^" with re.M.
_MARKS = re.compile(r"\n[^\S\n]*(?:(?:#{1,6}(?=\s)|>)[^\S\n]*)+")  # heading and quote marks
_BULLET = re.compile(r"\n[^\S\n]*[-*+][^\S\n]+")
_ORDERED = re.compile(r"\n[^\S\n]*\d{1,9}[.)][^\S\n]")
_ORDERED_LINE = re.compile(r"[^\S\n]*(\d{1,9})[.)][^\S\n]")
_HARD_BREAK = re.compile(r"\\[^\S\n]*\n")
_PARAGRAPHS = re.compile(r"\n(?:[^\S\n]*\n)+")
_HAS_WORD = re.compile(r"[^\W_]")  # shielded characters are not word characters
_NEWLINE = "\x00"  # a line end that survives the joining of wrapped lines


def _shield(match: re.Match[str]) -> str:
    return chr(_SHIELD + ord(match.group(1)))


def _unshield(match: re.Match[str]) -> str:
    return chr(ord(match.group()) - _SHIELD)


def _mark_items(paragraph: str) -> str:
    """Start a new line at each numbered list item of a paragraph, as CommonMark would.

    A numbered line starts an item when it opens the paragraph, is numbered 1, or
    follows an item -- so a wrapped sentence whose next line happens to begin with
    "230. That ..." is not split. (Bullets always start items; they are marked before.)
    """
    lines = paragraph.split("\n")
    in_list = lines[0].startswith(_NEWLINE)
    for i, line in enumerate(lines):
        item = _ORDERED_LINE.match(line)
        if item and (i == 0 or in_list or item.group(1) == "1"):
            lines[i] = _NEWLINE + line.lstrip()
        in_list = in_list or lines[i].startswith(_NEWLINE)
    return "\n".join(lines)


def _remove_markup(text: str) -> str:
    """Undo escapes (shielded), drop images, link targets, HTML tags and line marks."""
    if "\\" in text:
        text = _HARD_BREAK.sub(_NEWLINE, _ESCAPE.sub(_shield, text))
    if "](" in text:
        text = _LINK.sub(r"\1", _IMAGE.sub("", text))
    if "<" in text:
        text = _TAG.sub("", _CELL_TAG.sub(" ", _BLOCK_TAG.sub("\n\n", text)))
    text = _BULLET.sub("\n" + _NEWLINE, _MARKS.sub("\n", text)).replace("*", "")
    return _UNDERSCORES.sub("", text) if "_" in text else text


def markdown_to_text(body: str) -> str:
    """Plain text from a Markdown body (see the module docstring for the rules).

    Paragraphs are separated by one blank line; within a paragraph, wrapped lines are
    joined with a space, while list items and explicit hard breaks (a line ending in
    ``\\``) stay on their own lines. Lines without a word (``###``, ``* * *``) are dropped.
    White space is tidied as by :func:`framing.corpus.sources.common.tidy`.
    """
    text = _remove_markup("\n" + drop_invisible(body).replace(_NEWLINE, ""))
    numbered = _ORDERED.search(text) is not None
    paragraphs = []
    for paragraph in _PARAGRAPHS.split(text):
        paragraph = _mark_items(paragraph) if numbered else paragraph
        lines = " ".join(paragraph.split("\n")).split(_NEWLINE)
        kept = [" ".join(line.split()) for line in lines if _HAS_WORD.search(line)]
        if kept:
            paragraphs.append("\n".join(kept))
    return _SHIELDED.sub(_unshield, "\n\n".join(paragraphs))


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
