"""Removing news-page furniture: view counters, photo credits, translation notices, video tails.

Off by default. Turn it on where the pages are news outlets' pages: when reading
(``fr.read_csv(..., boilerplate=True)``, or ``boilerplate=["Vijesti", ...]`` for those outlets
only; the corpus's ``report`` lists what was removed per document) or when counting
(``TextOptions(clean=True)``, which warns how many lines it removed). :func:`find_boilerplate`
lists the lines either would remove.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing._infra.errors import ArgumentError

BOILERPLATE = (
    r"^\s*[\d.,]+\s+(?:views?|pregleda|прегледа|просмотр\w*)\b.*$",
    r"^\s*\d+\s+(?:comment\(s\)|comments?|komentar\w*|коментар\w*)\s*$",
    r"^.{0,80}(?:photo|foto|фото)\s*:\s*[\w .,/-]{0,40}$",
    r"^\s*disclaimer:\s*the translations? .*$",
)
"""Line patterns (case-insensitive) of news-page furniture removed by :func:`clean_boilerplate`."""
_BOILERPLATE_RE = re.compile("|".join(f"(?:{p})" for p in BOILERPLATE), re.IGNORECASE)
_TAIL_RE = re.compile(r"^\s*(?:bonus video|бонус видео)\s*:", re.IGNORECASE)


def strip_boilerplate(text: str) -> tuple[str, tuple[str, ...]]:
    """The text without news-page furniture (:func:`clean_boilerplate`) and the non-blank lines removed.

    >>> strip_boilerplate("Body.\\n1.234 pregleda\\nBonus video:\\nclip")
    ('Body.', ('1.234 pregleda', 'Bonus video:', 'clip'))
    """
    kept: list[str] = []
    removed: list[str] = []
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _TAIL_RE.match(line):
            removed += [rest.strip() for rest in lines[i:] if rest.strip()]
            break
        stripped = line.strip()
        if _BOILERPLATE_RE.match(line) or (stripped and kept and stripped == kept[-1].strip()):
            removed.append(stripped)
            continue
        if not stripped and (not kept or not kept[-1].strip()):
            continue
        kept.append(line)
    return "\n".join(kept).strip(), tuple(removed)


def clean_boilerplate(text: str) -> str:
    """Remove view counters, photo credits, AI-translation notices and the "Bonus video:" tail.

    Lines matching :data:`BOILERPLATE` are dropped; a "Bonus video:" line ends the
    article (what follows is the embedded video block); a line that repeats the kept
    line just before it (a doubled caption) is dropped; runs of blank lines shrink to one.

    >>> clean_boilerplate("Title\\n\\n6070 views 4 comment(s)\\nBlinken, Photo: Reuters\\nBody.\\n\\nBonus video:")
    'Title\\n\\nBody.'
    """
    return strip_boilerplate(text)[0]


def find_boilerplate(texts: Sequence[str] | pd.Series) -> pd.DataFrame:
    """The lines :func:`clean_boilerplate` would remove: columns ``doc`` (the text's index label,
    or its position in a list) and ``line``, in text order.

    >>> find_boilerplate(["Body.\\n6070 views", "Clean text."]).to_dict("records")
    [{'doc': 0, 'line': '6070 views'}]
    """
    labels = texts.index.tolist() if isinstance(texts, pd.Series) else list(range(len(texts)))
    rows = [(label, line) for label, text in zip(labels, list(texts)) for line in strip_boilerplate(str(text))[1]]
    return pd.DataFrame(rows, columns=["doc", "line"])


def boilerplate_summary(removed: Sequence[tuple[str, Sequence[str]]], *, of: int) -> str:
    """One sentence on what cleaning removed: ``removed`` holds ``(document, lines removed)`` pairs.

    >>> boilerplate_summary([("a-1", ("6070 views", "Photo: Reuters"))], of=3)
    "removed 2 lines of news-page furniture from 1 of 3 documents, e.g. a-1: '6070 views', 'Photo: Reuters'"
    """
    hit = [(doc, lines) for doc, lines in removed if lines]
    total = sum(len(lines) for _, lines in hit)
    if not hit:
        return f"removed no news-page furniture from {of:,} documents"
    doc, lines = hit[0]
    shown = ", ".join(repr(line[:60]) for line in lines[:3]) + (", ..." if len(lines) > 3 else "")
    return (f"removed {total:,} lines of news-page furniture from {len(hit):,} of {of:,} documents, "
            f"e.g. {doc}: {shown}")


def clean_pages(docs: pd.DataFrame, which: bool | Sequence[str]) -> tuple[pd.Series, tuple[tuple[str, tuple[str, ...]], ...]]:
    """The ``text`` column of ``docs`` cleaned where ``which`` says, and what was removed.

    Args:
        docs: documents with ``doc_id``, ``outlet`` and ``text``.
        which: ``True`` cleans every document, ``False`` none, a list of outlet names the
            documents of those outlets (the news outlets' pages among other sources).

    Returns:
        The texts, and ``(doc_id, lines removed)`` of each document that lost a line.

    >>> docs = pd.DataFrame({"doc_id": ["v-1", "k-1"], "outlet": ["Vijesti", "kremlin.ru"],
    ...                      "text": ["Tekst.\\n1.234 pregleda", "Text.\\n12 views"]})
    >>> texts, removed = clean_pages(docs, ["Vijesti"])
    >>> texts.tolist(), removed
    (['Tekst.', 'Text.\\n12 views'], (('v-1', ('1.234 pregleda',)),))
    """
    if isinstance(which, bool):
        chosen = pd.Series(which, index=docs.index)
    elif isinstance(which, Sequence) and not isinstance(which, str) and all(isinstance(o, str) for o in which):
        unknown = sorted(set(which) - set(docs["outlet"]))
        if unknown:
            raise ArgumentError(f"boilerplate names outlets that have no documents: {unknown}; the outlets are "
                                f"{sorted(set(docs['outlet']))[:20]}")
        chosen = docs["outlet"].isin(list(which))
    else:
        raise ArgumentError(f"boilerplate must be True, False or a list of outlet names, got {which!r}")
    texts = docs["text"].copy()
    removed = []
    for i in np.flatnonzero(chosen.to_numpy()):
        texts.iat[i], lines = strip_boilerplate(str(texts.iat[i]))
        if lines:
            removed.append((str(docs["doc_id"].iat[i]), lines))
    return texts, tuple(removed)
