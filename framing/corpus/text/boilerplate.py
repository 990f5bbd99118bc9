"""Removing news-page furniture: view counters, photo credits, translation notices, video tails."""

from __future__ import annotations

import re

BOILERPLATE = (
    r"^\s*[\d.,]+\s+(?:views?|pregleda|прегледа|просмотр\w*)\b.*$",
    r"^\s*\d+\s+(?:comment\(s\)|comments?|komentar\w*|коментар\w*)\s*$",
    r"^.{0,80}(?:photo|foto|фото)\s*:\s*[\w .,/-]{0,40}$",
    r"^\s*disclaimer:\s*the translations? .*$",
)
"""Line patterns (case-insensitive) of news-page furniture removed by :func:`clean_boilerplate`."""
_BOILERPLATE_RE = re.compile("|".join(f"(?:{p})" for p in BOILERPLATE), re.IGNORECASE)
_TAIL_RE = re.compile(r"^\s*(?:bonus video|бонус видео)\s*:", re.IGNORECASE)


def clean_boilerplate(text: str) -> str:
    """Remove view counters, photo credits, AI-translation notices and the "Bonus video:" tail.

    Lines matching :data:`BOILERPLATE` are dropped; a "Bonus video:" line ends the
    article (what follows is the embedded video block); a line that repeats the kept
    line just before it (a doubled caption) is dropped; runs of blank lines shrink to one.

    >>> clean_boilerplate("Title\\n\\n6070 views 4 comment(s)\\nBlinken, Photo: Reuters\\nBody.\\n\\nBonus video:")
    'Title\\n\\nBody.'
    """
    kept: list[str] = []
    for line in text.split("\n"):
        if _TAIL_RE.match(line):
            break
        stripped = line.strip()
        if _BOILERPLATE_RE.match(line) or (stripped and kept and stripped == kept[-1].strip()):
            continue
        if not stripped and (not kept or not kept[-1].strip()):
            continue
        kept.append(line)
    return "\n".join(kept).strip()
