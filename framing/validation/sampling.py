"""A stratified random sample of documents for human coding.

:func:`draw_coding_sample` draws ``n`` documents without replacement from each stratum — each
value of the ``by`` columns, crossed with ``period`` when given — and keeps a stratum smaller
than ``n`` whole. Stratifying by outlet and period makes sure every outlet and every stretch
of time is coded, however unevenly the corpus is spread (Riffe, Lacy & Fico 2014, *Analyzing
Media Messages*, ch. 5). The sample's documents have two or three more columns:

- ``period``: with ``period``, the first day of the document's period (as in every table of framing);
- ``stratum``: the stratum's name (its values joined by ``" / "``, periods as their first day);
- ``weight``: ``N_h / n_h``, the documents of the stratum in the corpus over those drawn, so
  that an estimate for the whole corpus can weight each coded document by the documents it
  stands for (Horvitz–Thompson).

The documents come in a random order — the order a coder sees them in — so that fatigue or
learning during a session is not confounded with outlet or period. Strata are visited in
sorted order and every draw comes from ``numpy.random.default_rng(seed)``: the same corpus and
seed give the same sample.

>>> import framing as fr, pandas as pd
>>> c = fr.from_dataframe(pd.DataFrame({"outlet": ["a"] * 4 + ["b"] * 2,
...     "date": ["2022-01-05", "2022-01-20", "2022-02-03", "2022-02-10", "2022-01-07", "2022-02-08"],
...     "text": ["one", "two", "three", "four", "five", "six"]}))
>>> sample = draw_coding_sample(c, 1, by="outlet", period="M", seed=1)
>>> sorted(sample.df["stratum"]), sorted(sample.df["weight"])
(['a / 2022-01-01', 'a / 2022-02-01', 'b / 2022-01-01', 'b / 2022-02-01'], [1.0, 1.0, 2.0, 2.0])
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from framing._infra.errors import ArgumentError
from framing.corpus.corpus import Corpus, require_documents
from framing.dtm.grouping import group_keys, group_names


def draw_coding_sample(corpus: Corpus, n: int, *, by: str | Sequence[str] | None = "outlet",
                       period: str | None = "M", seed: int = 1) -> Corpus:
    """``n`` random documents from each stratum of ``by`` × ``period``, in a random order.

    Args:
        corpus: the documents to draw from.
        n: documents per stratum (a smaller stratum is kept whole).
        by: the metadata column(s) whose values are strata; ``None``: no column.
        period: also stratify by time (a key of :data:`framing.dtm.PERIODS`); ``None``: not.
        seed: the seed of the draw.

    Returns:
        A corpus of the drawn documents with the columns ``stratum``, ``weight`` and (with
        ``period``) ``period`` added (see the module docstring).

    Raises:
        ArgumentError: ``n`` below 1, a bad ``seed``, a ``by`` column the corpus lacks or an
            unknown ``period``.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ArgumentError(f"n (documents per stratum) must be a whole number ≥ 1, got {n!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ArgumentError(f"seed must be a whole number ≥ 0, got {seed!r}")
    require_documents(len(corpus))
    docs = corpus.df
    keys = group_keys(docs, by, period)
    if period is not None:
        docs = docs.assign(period=keys["period"].to_numpy())
        keys["period"] = keys["period"].dt.strftime("%Y-%m-%d")  # a period is named by its first day
    names = np.asarray(group_names(keys), dtype=object) if len(keys.columns) else np.full(len(docs), "all", object)
    rng = np.random.default_rng(seed)
    taken, weights = [], []
    for name in sorted(set(names)):
        rows = np.flatnonzero(names == name)
        pick = rng.choice(rows, size=min(n, len(rows)), replace=False)
        taken.append(pick)
        weights.append(np.full(len(pick), len(rows) / len(pick)))
    rows, weight = np.concatenate(taken), np.concatenate(weights)
    order = rng.permutation(len(rows))
    sample = docs.iloc[rows[order]].assign(stratum=names[rows[order]], weight=weight[order])
    return Corpus(sample, report=corpus.report)
