"""Which terms a ranking (keyness, collocates) leaves out as stopwords; the denominators keep every token.

A term is left out when it is a stopword, or an n-gram that starts or ends with one (the
rule of :func:`framing.document_term_matrix`, so "spheres of influence" stays). Only the
*ranking* drops them: token totals, rates and the keyness prior still count every token,
so a statistic of a kept term is the same with or without stopwords.

>>> import numpy as np
>>> vocab = np.array(["of", "spheres of influence", "the war", "war"], dtype=object)
>>> ranked_mask(vocab, "en", [None]).tolist()
[False, True, False, True]
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from framing.dtm.matrix import DocTermMatrix, resolve_stopwords

Stopwords = str | Iterable[str] | None
"""A ``stopwords=`` option: ``"auto"``, a language code, a list of words, or ``None``."""


def ranked_mask(vocab: np.ndarray, stopwords: Stopwords, languages: Iterable[str | None]) -> np.ndarray:
    """``True`` for the terms of ``vocab`` that are ranked, ``False`` for stopwords (see the module)."""
    stop = resolve_stopwords(stopwords, languages)
    if not stop:
        return np.ones(len(vocab), dtype=bool)
    return np.fromiter((t.split(" ", 1)[0] not in stop and t.rsplit(" ", 1)[-1] not in stop for t in vocab),
                       dtype=bool, count=len(vocab))


def document_languages(dtm: DocTermMatrix) -> list[str | None]:
    """The distinct languages of the matrix's documents (``[None]``, i.e. English, without a ``language`` column)."""
    if "language" not in dtm.docs:
        return [None]
    return [v if isinstance(v, str) and v else None for v in dtm.docs["language"].unique()]
