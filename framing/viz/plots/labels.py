"""Readable labels for axes and legends: pattern names without their syntax, long terms shortened.

A table of :func:`framing.term_rates` names each pattern as the user did (``{"invasion":
"invasion|invad*"}`` → ``"invasion"``); a pattern given without a name is named by its text, the
raw syntax of :mod:`framing.dtm.patterns`. :func:`pattern_label` makes such a name readable:

- alternatives (``|``): the first alternative and how many others, ``"invasion (+1)"``;
- ``lemma:`` (the lemma prefix): dropped, the lemma itself is the readable word;
- globs (``*``, ``?``) are kept: ``sphere* of influence`` is the familiar corpus notation, and
  dropping the star would claim an exact word;
- anything longer than ``limit`` characters ends in ``…``.

:func:`pattern_labels` shortens a list and keeps labels distinct: two names that would shorten to the
same label keep their full text.

>>> pattern_label("invasion|invad*"), pattern_label("lemma:агрессия"), pattern_label("invasion")
('invasion (+1)', 'агрессия', 'invasion')
>>> pattern_labels(["invasion|invad*", "invasion|invader*", "war"])
['invasion|invad*', 'invasion|invader*', 'war']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from framing.dtm.patterns import LEMMA_PREFIX

LABEL_CHARS = 40
"""Longest pattern label drawn; longer ones end in ``…``."""
TERM_CHARS = 28
"""Longest term drawn as a tick label (a junk token or a URL must not squeeze the bars away)."""


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the last one ``…`` when cut.

    >>> shorten("denazification", 8), shorten("war", 8)
    ('denazif…', 'war')
    """
    return text if len(text) <= limit else text[:max(limit - 1, 0)] + "…"


def pattern_label(name: str, limit: int = LABEL_CHARS) -> str:
    """A pattern's name as an axis or legend label (module docstring)."""
    alternatives = [a.strip() for a in str(name).split("|")]
    first = alternatives[0]
    first = first[len(LEMMA_PREFIX):].strip() if first.startswith(LEMMA_PREFIX) else first
    more = f" (+{len(alternatives) - 1})" if len(alternatives) > 1 else ""
    return shorten(first, max(limit - len(more), 1)) + more


def pattern_labels(names: Iterable[str], limit: int = LABEL_CHARS) -> list[str]:
    """:func:`pattern_label` of each name; names whose labels would coincide keep their full text."""
    names = [str(n) for n in names]
    labels = [pattern_label(n, limit) for n in names]
    counts = Counter(labels)
    return [label if counts[label] == 1 else name for name, label in zip(names, labels)]
