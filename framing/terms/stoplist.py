"""Which terms a ranking (keyness, collocates) leaves out as stopwords; the denominators keep every token.

A term is left out when it is a stopword, or an n-gram that starts or ends with one (the
rule of :func:`framing.document_term_matrix`, so "spheres of influence" stays). Only the
*ranking* drops them: token totals, rates and the keyness prior still count every token,
so a statistic of a kept term is the same with or without stopwords.

>>> import numpy as np
>>> vocab = np.array(["of", "spheres of influence", "the war", "war"], dtype=object)
>>> ranked_mask(vocab, "en", [None]).tolist()
[False, True, False, True]

A user's own stoplist (a view's text box) is read by :func:`parse_term_list` and taken out of a
matrix by :func:`drop_terms`, by the same rule.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from framing._infra.errors import ArgumentError
from framing.corpus.text import normalize_term
from framing.dtm.matrix import DocTermMatrix, resolve_stopwords
from framing.dtm.patterns import FOLD_PUNCTUATION, TOKEN_SHAPE, arrow_vocab

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


def parse_term_list(text: str) -> list[str]:
    """The terms of a comma- or line-separated list, normalised like the vocabulary, in order, each once.

    Blank entries and lines starting with ``#`` are skipped; a term may be a phrase (an n-gram).

    >>> parse_term_list("Said, told\\nsaid\\n# reporting verbs\\nPrime   Minister")
    ['said', 'told', 'prime minister']

    Raises:
        ArgumentError: an entry has a word that is not a token (it names the line and the entry).
    """
    terms: dict[str, None] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        for entry in filter(None, (e.strip() for e in line.split(","))):
            words = entry.translate(FOLD_PUNCTUATION).split()
            bad = [w for w in words if not TOKEN_SHAPE.fullmatch(w)]
            if bad:
                raise ArgumentError(f"stoplist line {number}: {entry!r} has {bad[0]!r}, which is not a word; "
                                    "give words or phrases separated by commas or new lines, without quotes "
                                    "or punctuation")
            terms[normalize_term(" ".join(words), transliterate="never")] = None
    return list(terms)


def drop_terms(dtm: DocTermMatrix, terms: Iterable[str]) -> DocTermMatrix:
    """``dtm`` without the columns of ``terms``: each term itself, and the n-grams that start or end
    with a one-word term (the stopword rule, so dropping "of" keeps "spheres of influence").

    Documents, lengths and the token stream stay, so the statistics of a kept term do not change
    (keyness's ``q`` does: fewer terms are tested). Terms are normalised like the vocabulary.

    >>> import framing as fr, pandas as pd
    >>> c = fr.from_dataframe(pd.DataFrame({"outlet": ["a"], "date": ["2022-03-01"],
    ...     "text": ["He said that the war began, officials said."]}))
    >>> dtm = fr.document_term_matrix(c, ngrams=2, cache=False)
    >>> kept = drop_terms(dtm, parse_term_list("said, the war"))
    >>> [t for t in dtm.vocab if t not in set(kept.vocab)], kept.doc_lengths.tolist()
    (['he said', 'officials said', 'said', 'said that', 'the war'], [8])
    """
    latin = dtm.options.text.transliterate == "always"
    dropped = {normalize_term(t, transliterate="always" if latin else "never") for t in terms} - {""}
    if not dropped:
        return dtm
    listed = pc.is_in(arrow_vocab(dtm.vocab), value_set=pa.array(sorted(dropped), pa.large_string()))
    keep = ranked_mask(dtm.vocab, [t for t in dropped if " " not in t], [None]) & ~listed.to_numpy(zero_copy_only=False)
    if keep.all():
        return dtm
    columns = np.flatnonzero(keep)
    matrix = dtm.matrix[:, columns].tocsr()
    matrix.sort_indices()
    return dataclasses.replace(dtm, matrix=matrix, vocab=dtm.vocab[columns])
