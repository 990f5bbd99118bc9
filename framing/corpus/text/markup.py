"""Markup removed from texts: Markdown and HTML become the plain text a reader sees.

Used by the demo corpus's Markdown parser (:mod:`framing.corpus.sources.markdown`) and by
:func:`framing.read_folder` for users' ``.md`` and ``.html`` files, so that link targets,
image names and tags never become words (``com``, ``https``, ``jpg``, ``img``).

- **Markdown** (:func:`markdown_to_text`): backslash escapes are undone, images, link targets
  and HTML tags are dropped (the words of a link or tag body are kept), emphasis and heading
  marks are removed, and the hard-wrapped lines of a paragraph are joined, so a term wrapped
  as ``sphere of`` / ``influence`` reads ``sphere of influence`` again.
- **HTML** (:func:`html_to_text`): scripts, styles and comments are dropped, block tags
  (``p``, ``div``, ``li``, ``br``, ``h1``…) end a paragraph, other tags are removed and
  entities (``&amp;``) decoded.

>>> markdown_to_text('[PASSED](https://x.com/a/status/1) <img src="a.jpg">')
'PASSED'
>>> html_to_text("<p>Sanctions &amp; <b>aid</b></p><script>x()</script><p>Next</p>")
'Sanctions & aid\\n\\nNext'
"""

from __future__ import annotations

import html
import re
from typing import Literal

from framing._infra.errors import ArgumentError

Markup = Literal["auto", "markdown", "html", "none"]
"""How :func:`to_plain_text` reads a text: by file suffix (``"auto"``), as Markdown, as HTML, or as it is."""
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")

# Characters that are not text: word joiner, zero-width space, BOM, object replacement.
_INVISIBLE = ("\u200b", "\u2060", "\ufeff", "\ufffc")
_SCRIPT = re.compile(r"(?is)<(script|style)\b.*?</\1\s*>")


def drop_invisible(text: str) -> str:
    """Remove word joiners, zero-width spaces, BOMs and U+FFFC; make line ends ``\\n``."""
    for char in _INVISIBLE:  # str.replace is fast; str.translate is slow on non-ASCII text
        text = text.replace(char, "")
    return text.replace("\r\n", "\n").replace("\r", "\n")


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

    >>> markdown_to_text("Russia's \\\\[claimed\\\\] sphere of\\ninfluence, see\\n"
    ...                  "[this](https://x.y).\\n\\n![](a.png)\\n\\\\###")
    "Russia's [claimed] sphere of influence, see this."
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


def html_to_text(text: str) -> str:
    """Plain text from HTML (see the module docstring); paragraphs separated by one blank line."""
    text = _SCRIPT.sub("", drop_invisible(text))
    text = _TAG.sub("", _CELL_TAG.sub(" ", _BLOCK_TAG.sub("\n\n", text)))
    paragraphs = (" ".join(html.unescape(p).split()) for p in _PARAGRAPHS.split("\n" + text))
    return "\n\n".join(p for p in paragraphs if p)


def to_plain_text(text: str, markup: Markup, *, suffix: str = "") -> str:
    """``text`` without its markup: ``markup="auto"`` reads ``.md`` files as Markdown, ``.html``/``.htm``
    as HTML and others as they are; ``"markdown"``, ``"html"`` and ``"none"`` say so for every file.

    >>> to_plain_text("*Mr.* Putin's [visit](https://x.y)", "auto", suffix=".md")
    "Mr. Putin's visit"
    """
    kind = markup
    if markup == "auto":
        lower = suffix.lower()
        kind = "markdown" if lower in MARKDOWN_SUFFIXES else "html" if lower in HTML_SUFFIXES else "none"
    if kind == "markdown":
        return markdown_to_text(text)
    if kind == "html":
        return html_to_text(text)
    if kind == "none":
        return text
    raise ArgumentError(f"markup must be 'auto', 'markdown', 'html' or 'none', got {markup!r}")
