"""Choosing the number of topics: fit every ``k`` with several seeds and score each fit.

:func:`sweep_topics` fits ``ks × seeds`` LDA models (reproducible ``LdaModel`` fits, see
:func:`framing.fit_topics`) in parallel processes with a progress bar, and returns one
row per fit with

- ``u_mass`` and ``c_npmi``: mean topic coherence over all documents of the matrix
  (:mod:`framing.topics.coherence`; c_npmi needs ``texts``). The counts are gathered once, for
  the union of the top terms of every fit, and reused for all of them.
- ``perplexity``: document-completion perplexity on held-out documents (a seeded random
  ``holdout`` share of the documents, the same for every fit, left out of fitting): each
  held-out document's topic shares are inferred from a random half of its words and the
  other half is scored, ``exp(−Σ ln p(w) / tokens scored)``
  (:mod:`framing.topics.heldout`; Wallach et al. 2009). It scores the documents only, so
  it does not rise with ``k`` by construction as gensim's ``log_perplexity`` bound does
  (that bound adds the topic-word term of the whole model). Lower is better.
- ``exclusivity``: mean over topics of stm's exclusivity
  (:func:`framing.topics.summaries.exclusivity`).
- ``stability``: mean matched topic similarity (:mod:`framing.topics.stability`, cosine) to the
  fits of the same ``k`` with the other seeds.

Good values of ``k`` have high coherence and stability with acceptable perplexity;
plot them with :func:`framing.viz.plots.plot_sweep`.

>>> import framing as fr, pandas as pd
>>> corpus = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b"] * 3, "date": ["2022-01-01"] * 6,
...     "text": ["war tanks war", "gas prices gas", "tanks shelling war", "prices inflation gas",
...              "shelling war tanks", "gas inflation prices"]}))
>>> dtm = fr.document_term_matrix(corpus, cache=False)
>>> options = SweepOptions(holdout=0.2, progress=False, lda=fr.LdaOptions(passes=2))
>>> sweep = sweep_topics(dtm, ks=[2, 3], seeds=[1, 2], texts=corpus, processes=1, options=options)
>>> sweep[["k", "seed"]].values.tolist()
[[2, 1], [2, 2], [3, 1], [3, 2]]
"""

from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import multiprocessing as mp
import os
import sys
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from framing._infra.errors import ArgumentError
from framing.dtm.matrix import DocTermMatrix
from framing.topics import coherence as coh
from framing.topics.heldout import completion_perplexity
from framing.topics.model import LdaOptions, check_input, train_lda
from framing.topics.stability import mean_matched_similarity
from framing.topics.summaries import exclusivity

COLUMNS = ["k", "seed", "u_mass", "c_npmi", "perplexity", "exclusivity", "stability"]


@dataclasses.dataclass(frozen=True, kw_only=True)
class SweepOptions:
    """Settings of :func:`sweep_topics`.

    Attributes:
        holdout: share of documents held out for perplexity (0 turns perplexity off).
        holdout_seed: seed of the held-out draw and of the halves of each held-out document
            (the same documents and halves for every fit).
        topn: top terms per topic for coherence and exclusivity.
        window: sliding-window size for c_npmi.
        progress: show a progress bar over the fits.
        lda: gensim settings of every fit.
    """

    holdout: float = 0.1
    holdout_seed: int = 1
    topn: int = 10
    window: int = 10
    progress: bool = True
    lda: LdaOptions = LdaOptions()


@dataclasses.dataclass(frozen=True)
class _Fit:
    k: int
    seed: int
    phi: np.ndarray
    perplexity: float


def heldout_split(n_docs: int, share: float, *, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``(training rows, held-out rows)``, sorted; a seeded random ``share`` held out."""
    if not 0.0 <= share < 1.0:
        raise ArgumentError(f"holdout={share!r}: use a share of documents in [0, 1)")
    n_held = 0 if share == 0 else max(1, int(round(share * n_docs)))
    held = np.sort(np.random.default_rng(seed).choice(n_docs, size=n_held, replace=False))
    return np.setdiff1d(np.arange(n_docs), held), held


def heldout_perplexity(lda: Any, held: DocTermMatrix, *, seed: int) -> float:
    """Document-completion perplexity of held-out documents (:func:`framing.topics.heldout.completion_perplexity`).

    ``seed`` draws the halves of each document and starts gensim's inference; the sweep passes
    ``holdout_seed``, so every fit is scored on the same halves.
    """
    if held.shape[0] == 0:
        return float("nan")
    return completion_perplexity(lda, held.matrix, seed=seed)


_WORK: dict[str, Any] = {}  # per worker process: the matrices and options, sent once


def _init_worker(train: DocTermMatrix, held: DocTermMatrix, options: LdaOptions, held_seed: int) -> None:
    _WORK.update(train=train, held=held, options=options, held_seed=held_seed)


def _fit_one(k: int, seed: int) -> _Fit:
    lda = train_lda(_WORK["train"], k, seed=seed, options=_WORK["options"])
    return _Fit(k=k, seed=seed, phi=lda.get_topics(),
                perplexity=heldout_perplexity(lda, _WORK["held"], seed=_WORK["held_seed"]))


def _run_fits(tasks: list[tuple[int, int]], train: DocTermMatrix, held: DocTermMatrix,
              options: SweepOptions, processes: int) -> list[_Fit]:
    from tqdm.auto import tqdm

    bar = tqdm(total=len(tasks), desc="topic sweep", unit="fit", disable=not options.progress,
               file=sys.stderr)
    with bar:
        if processes <= 1:
            _init_worker(train, held, options.lda, options.holdout_seed)
            fits = []
            for k, seed in tasks:
                fits.append(_fit_one(k, seed))
                bar.update()
            return fits
        # fork keeps user scripts without a __main__ guard working; elsewhere the default
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        with cf.ProcessPoolExecutor(processes, mp_context=ctx, initializer=_init_worker,
                                    initargs=(train, held, options.lda, options.holdout_seed)) as pool:
            futures = [pool.submit(_fit_one, k, seed) for k, seed in tasks]
            for _ in cf.as_completed(futures):
                bar.update()
            return [f.result() for f in futures]


def _check(dtm: DocTermMatrix, ks: list[int], seeds: list[int], stability: bool, n_train: int) -> None:
    if not ks or not seeds:
        raise ArgumentError(f"a sweep needs at least one k and one seed (got ks={ks}, seeds={seeds})")
    if len(set(seeds)) != len(seeds):
        raise ArgumentError(f"seeds={seeds} repeats a seed; fits with the same seed are identical")
    if stability and len(seeds) < 2:
        raise ArgumentError(f"stability across seeds needs at least two seeds (got seeds={seeds}); "
                            "pass e.g. seeds=[1, 2, 3], or stability=False")
    for k in ks:
        check_input(dtm, k)
        if k >= n_train:
            raise ArgumentError(f"k={k} must be smaller than the {n_train:,} training documents left "
                                "after the holdout; use fewer topics or a smaller holdout")


def sweep_topics(dtm: DocTermMatrix, *, ks: Iterable[int], seeds: Sequence[int],
                 texts: coh.Texts | None = None, stability: bool = True,
                 processes: int | None = None, options: SweepOptions | None = None) -> pd.DataFrame:
    """Fit and score every ``k`` of ``ks`` with every seed: one row per fit.

    Args:
        dtm: the document-term matrix.
        ks: numbers of topics, e.g. ``range(5, 41, 5)``.
        seeds: random seeds; at least two when ``stability`` is on.
        texts: the corpus (or token lists) for c_npmi; without it c_npmi is NaN.
        stability: score stability across seeds (NaN when off).
        processes: worker processes (default: one per CPU, at most one per fit);
            1 fits in this process. Results do not depend on it.
        options: :class:`SweepOptions` (holdout, topn, window, gensim settings).

    Returns:
        Columns ``k, seed, u_mass, c_npmi, perplexity, exclusivity, stability``, sorted by
        ``k`` and ``seed``.
    """
    options = options or SweepOptions()
    ks, seeds = sorted({int(k) for k in ks}), sorted(int(s) for s in seeds)
    train_rows, held_rows = heldout_split(dtm.shape[0], options.holdout, seed=options.holdout_seed)
    _check(dtm, ks, seeds, stability, len(train_rows))
    topic_texts = coh.topic_texts(texts, dtm) if texts is not None else None
    tasks = [(k, s) for k in ks for s in seeds]
    processes = min(processes or os.cpu_count() or 1, len(tasks))
    fits = _run_fits(tasks, dtm.subset(train_rows), dtm.subset(held_rows), options, processes)
    tops = [coh.top_term_ids(f.phi, options.topn) for f in fits]
    union = np.unique(np.concatenate([t.ravel() for t in tops]))
    doc_counts = coh.document_counts(dtm, union)
    if topic_texts is not None:
        coh.check_unigrams(dtm, union)
        win_counts = coh.window_counts(topic_texts, union, window=options.window)
    rows = []
    for f, top in zip(fits, tops):
        c_npmi = coh.c_npmi(top, win_counts).mean() if topic_texts is not None else np.nan
        stab = _stability(f, fits) if stability else np.nan
        rows.append((f.k, f.seed, coh.u_mass(top, doc_counts).mean(), c_npmi, f.perplexity,
                     exclusivity(f.phi, topn=options.topn).mean(), stab))
    return pd.DataFrame(rows, columns=COLUMNS)


def _stability(fit: _Fit, fits: list[_Fit]) -> float:
    """Mean matched similarity of ``fit`` to the fits of the same k with other seeds."""
    others = [o for o in fits if o.k == fit.k and o.seed != fit.seed]
    return float(np.mean([mean_matched_similarity(fit.phi, o.phi) for o in others]))
