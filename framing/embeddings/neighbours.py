"""What a term means in each group: nearest neighbours, the neighbours ratio, similarity between groups.

A group's embedding of a term is the mean of the à-la-carte embeddings of its uses there
(:func:`~framing.embeddings.alacarte.term_uses`), ``ē_g``; its **nearest neighbours** are the
words ``w`` whose vectors have the highest cosine similarity ``cos(ē_g, v_w)`` (conText's
``get_nns``). The pattern's own words and, by default, stopwords are not candidates.

Intervals are percentile bootstraps over the group's uses (:mod:`framing.stats.bootstrap`, one
stream per group and pattern): each replicate recomputes ``ē_g`` from resampled uses, then the
statistic. The neighbours themselves are those of the full sample.

The **neighbours ratio** of two groups (conText's ``get_nns_ratio``) takes the union of both
groups' ``n`` nearest neighbours and reports, per word, ``ratio = cos(ē_a, v_w) / cos(ē_b, v_w)``:
above 1 the word is closer to the term's meaning in ``group_a``. A ratio means this only when
both cosines are positive (as they are for words near the term in both groups); the table is
therefore ordered, and tested, by the difference ``d = cos(ē_a, v_w) − cos(ē_b, v_w)``, which is
always defined. The p-value permutes the group labels of the two groups' uses ``n_perm`` times:
``p = (1 + #{|d*| ≥ |d|}) / (1 + n_perm)``; under the null of one meaning the two are exchangeable.

The **similarity** of the term's meaning between two groups is ``cos(ē_a, ē_b)``; each group is
resampled on its own stream.

>>> import framing as fr, pandas as pd
>>> war = [f"report {i}: the city was shelled, bombed and attacked" for i in range(30)]
>>> fete = [f"report {i}: the city celebrated, danced and feasted" for i in range(30)]
>>> c = fr.from_dataframe(pd.DataFrame({"outlet": ["a"] * 30 + ["b"] * 30, "date": "2022-03-01",
...                                     "text": war + fete}))
>>> wv = fr.train_vectors(c, options=fr.VectorOptions(dim=10, min_count=2, epochs=20), progress=False)
>>> top = term_neighbours(c, "city", vectors=wv, window=4, n=3, n_boot=50, progress=False)
>>> list(top.columns)
['outlet', 'pattern', 'rank', 'term', 'cosine', 'cosine_lo', 'cosine_hi', 'uses']
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from framing._infra.errors import ArgumentError
from framing.corpus.corpus import Corpus
from framing.corpus.text import normalize_term
from framing.dtm.grouping import Grouping
from framing.dtm.matrix import resolve_stopwords
from framing.dtm.patterns import PatternSpec
from framing.embeddings.alacarte import TermUses, term_uses
from framing.embeddings.regression import check_permutations
from framing.embeddings.tokens import JOINER
from framing.embeddings.vectors import WordVectors
from framing.stats.bootstrap import check_bootstrap, percentile_interval, resample_sums


def _groups(uses: TermUses, by: str | Sequence[str] | None) -> Grouping:
    frame = uses.uses
    if "period" in ([by] if isinstance(by, str) else list(by or [])) and "period" not in frame.columns:
        raise ArgumentError("by='period' is not a column; group by period with the period= of other functions, "
                            "or add a period column to the corpus")
    return Grouping.of(frame, by, None)


def _excluded(uses: TermUses, stopwords: str | Iterable[str] | None) -> np.ndarray:
    """Rows of the vectors that may not be neighbours: the pattern's words, its joined forms, stopwords."""
    wv = uses.alacarte.vectors
    terms = uses.uses["term"].astype(str).unique().tolist()
    own = set(terms) | {t.replace(" ", JOINER) for t in terms} | {w for t in terms for w in t.split(" ")}
    langs = uses.uses["language"].dropna().unique().tolist() if "language" in uses.uses.columns else [None]
    stop = resolve_stopwords(stopwords, langs or [None])
    mask = np.zeros(len(wv), bool)
    for i, w in enumerate(wv.words.tolist()):
        if w in own or w in stop or normalize_term(w) in stop:
            mask[i] = True
    return mask


def _check_n(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ArgumentError(f"n must be a whole number ≥ 1 (neighbours per group), got {n!r}")


def _cosines(means: np.ndarray, unit: np.ndarray) -> np.ndarray:
    """Cosine of each row of ``means`` with each (unit) word vector: rows × words."""
    norms = np.linalg.norm(means, axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (means / norms) @ unit.T


def _replicate_means(embeddings: np.ndarray, n_boot: int, seed: int, key: str) -> np.ndarray:
    """Bootstrap means of the uses' embeddings (``n_boot × dim``)."""
    return resample_sums(embeddings, n_boot=n_boot, seed=seed, key=key) / len(embeddings)


def term_neighbours(corpus: Corpus, pattern: PatternSpec, *, by: str | Sequence[str] | None = "outlet", n: int = 10,
                    vectors: WordVectors | None = None, window: int = 6, stopwords: str | Iterable[str] | None = "auto",
                    n_boot: int = 1000, ci: float = 0.95, seed: int = 1, progress: bool = True) -> pd.DataFrame:
    """The ``n`` nearest neighbours of the term's meaning in each group, with bootstrap intervals of the cosine.

    Args:
        corpus: the documents.
        pattern: the term (several patterns are pooled).
        by: metadata column(s) whose values are the groups (``None``: all uses together).
        n: neighbours per group.
        vectors: word vectors; ``None`` trains them on the corpus (cached).
        window: tokens on each side of a use that make its context.
        stopwords: words that are not candidates (see ``docs/conventions.md``; ``None``: all words are).
        n_boot, ci, seed: bootstrap replicates, coverage and seed.
        progress: show a progress bar while vectors are trained.

    Returns:
        The ``by`` columns, ``pattern``, ``rank``, ``term`` (the neighbour), ``cosine``,
        ``cosine_lo``, ``cosine_hi`` and ``uses`` (the group's uses of the pattern).
    """
    check_bootstrap(n_boot, ci, seed)
    _check_n(n)
    uses = term_uses(corpus, pattern, vectors=vectors, window=window, progress=progress)
    return uses_neighbours(uses, by=by, n=n, stopwords=stopwords, n_boot=n_boot, ci=ci, seed=seed)


def uses_neighbours(uses: TermUses, *, by: str | Sequence[str] | None = "outlet", n: int = 10,
                    stopwords: str | Iterable[str] | None = "auto", n_boot: int = 1000, ci: float = 0.95,
                    seed: int = 1) -> pd.DataFrame:
    """:func:`term_neighbours` of uses already embedded (a view takes a subset of them per selection)."""
    check_bootstrap(n_boot, ci, seed)
    _check_n(n)
    wv = uses.alacarte.vectors
    unit = wv.unit
    banned = _excluded(uses, stopwords)
    groups = _groups(uses, by)
    name = " + ".join(map(str, uses.uses["pattern"].unique()))
    frames = []
    for g, members in enumerate(groups.members):
        emb = uses.embeddings[members]
        cos = _cosines(emb.mean(axis=0, keepdims=True), unit)[0]
        cos[banned] = -np.inf
        top = np.argsort(-cos, kind="stable")[:n]
        reps = _cosines(_replicate_means(emb, n_boot, seed, f"{groups.keys[g]}; pattern={name}"), unit[top])
        lo, hi = percentile_interval(reps, ci)
        frame = groups.labels.iloc[[g] * len(top)].reset_index(drop=True)
        frames.append(frame.assign(pattern=name, rank=np.arange(1, len(top) + 1), term=wv.words[top].astype(object),
                                   cosine=cos[top], cosine_lo=lo, cosine_hi=hi, uses=len(members)))
    table = pd.concat(frames, ignore_index=True)
    table.attrs["ci_method"] = {"cosine": "percentile bootstrap over uses"}
    return table


def _side_uses(uses: TermUses, by: str | Sequence[str] | None, group_a: str, group_b: str
               ) -> tuple[np.ndarray, np.ndarray]:
    groups = _groups(uses, by)
    names = groups.names
    for arg, value in (("group_a", group_a), ("group_b", group_b)):
        if value not in names:
            raise ArgumentError(f"{arg}={value!r} is not a group with uses of the pattern; choose among {names}")
    if group_a == group_b:
        raise ArgumentError("group_a and group_b must differ")
    return groups.members[names.index(group_a)], groups.members[names.index(group_b)]


def neighbours_ratio(corpus: Corpus, pattern: PatternSpec, *, group_a: str, group_b: str,
                     by: str | Sequence[str] | None = "outlet", n: int = 10, vectors: WordVectors | None = None,
                     window: int = 6, stopwords: str | Iterable[str] | None = "auto", n_perm: int = 100,
                     n_boot: int = 1000, ci: float = 0.95, seed: int = 1, progress: bool = True) -> pd.DataFrame:
    """Which neighbours are closer to the term's meaning in ``group_a`` than in ``group_b`` (conText's ``get_nns_ratio``).

    Arguments as :func:`term_neighbours`, and ``group_a``/``group_b`` (group names) and
    ``n_perm`` (label permutations for the p-values; 0: none).

    Returns:
        ``group_a``, ``group_b``, ``pattern``, ``term``, ``side`` (``"group_a"``, ``"group_b"``
        or ``"shared"``: whose top ``n`` the word is in), ``cosine_a``, ``cosine_b``, ``ratio``,
        ``ratio_lo``, ``ratio_hi`` and ``p``; sorted by ``ratio``, highest first.
    """
    check_bootstrap(n_boot, ci, seed)
    check_permutations(n_perm)
    uses = term_uses(corpus, pattern, vectors=vectors, window=window, progress=progress)
    return uses_neighbours_ratio(uses, group_a=group_a, group_b=group_b, by=by, n=n, stopwords=stopwords,
                                 n_perm=n_perm, n_boot=n_boot, ci=ci, seed=seed)


def uses_neighbours_ratio(uses: TermUses, *, group_a: str, group_b: str, by: str | Sequence[str] | None = "outlet",
                          n: int = 10, stopwords: str | Iterable[str] | None = "auto", n_perm: int = 100,
                          n_boot: int = 1000, ci: float = 0.95, seed: int = 1) -> pd.DataFrame:
    """:func:`neighbours_ratio` of uses already embedded."""
    check_bootstrap(n_boot, ci, seed)
    n_perm = check_permutations(n_perm)
    unit = uses.alacarte.vectors.unit
    rows_a, rows_b = _side_uses(uses, by, group_a, group_b)
    emb_a, emb_b = uses.embeddings[rows_a], uses.embeddings[rows_b]
    cos = _cosines(np.vstack([emb_a.mean(axis=0), emb_b.mean(axis=0)]), unit)
    cos[:, _excluded(uses, stopwords)] = -np.inf
    top_a, top_b = (set(np.argsort(-c, kind="stable")[:n].tolist()) for c in cos)
    words = np.array(sorted(top_a | top_b))
    ca, cb = cos[0, words], cos[1, words]
    ratio = ca / cb
    name = " + ".join(map(str, uses.uses["pattern"].unique()))
    reps_a = _cosines(_replicate_means(emb_a, n_boot, seed, f"{group_a}; pattern={name}"), unit[words])
    reps_b = _cosines(_replicate_means(emb_b, n_boot, seed, f"{group_b}; pattern={name}"), unit[words])
    d_lo, d_hi = percentile_interval(reps_a - reps_b, ci)
    with np.errstate(invalid="ignore", divide="ignore"):
        lo, hi = percentile_interval(reps_a / reps_b, ci)
    table = pd.DataFrame({"group_a": group_a, "group_b": group_b, "pattern": name,
                          "term": uses.alacarte.vectors.words[words].astype(object),
                          "side": ["shared" if w in top_a and w in top_b else "group_a" if w in top_a else "group_b"
                                   for w in words.tolist()],
                          "cosine_a": ca, "cosine_b": cb, "difference": ca - cb, "difference_lo": d_lo,
                          "difference_hi": d_hi, "ratio": ratio, "ratio_lo": lo, "ratio_hi": hi})
    table["p"] = _difference_p(np.vstack([emb_a, emb_b]), len(emb_a), unit[words], ca - cb, n_perm, seed)
    table.attrs["ci_method"] = {"difference": "percentile bootstrap over uses", "ratio": "percentile bootstrap over uses"}
    return table.sort_values("difference", ascending=False, kind="stable").reset_index(drop=True)


def _difference_p(pooled: np.ndarray, n_a: int, unit: np.ndarray, difference: np.ndarray, n_perm: int,
                  seed: int) -> np.ndarray:
    if n_perm == 0:
        return np.full(len(difference), np.nan)
    rng = np.random.default_rng(np.random.SeedSequence([seed, 0x7A71]))
    exceed = np.zeros(len(difference))
    for _ in range(n_perm):
        order = rng.permutation(len(pooled))
        cos = _cosines(np.vstack([pooled[order[:n_a]].mean(axis=0), pooled[order[n_a:]].mean(axis=0)]), unit)
        exceed += np.abs(cos[0] - cos[1]) >= np.abs(difference)
    return (1 + exceed) / (1 + n_perm)


def meaning_similarity(corpus: Corpus, pattern: PatternSpec, *, by: str | Sequence[str] | None = "outlet",
                       vectors: WordVectors | None = None, window: int = 6, n_boot: int = 1000, ci: float = 0.95,
                       seed: int = 1, progress: bool = True) -> pd.DataFrame:
    """Cosine similarity of the term's meaning (mean à-la-carte embedding) between every pair of groups.

    Returns:
        ``group_a``, ``group_b``, ``pattern``, ``uses_a``, ``uses_b``, ``cosine``, ``cosine_lo``,
        ``cosine_hi`` (percentile bootstrap, each group resampled on its own stream).
    """
    check_bootstrap(n_boot, ci, seed)
    uses = term_uses(corpus, pattern, vectors=vectors, window=window, progress=progress)
    return uses_similarity(uses, by=by, n_boot=n_boot, ci=ci, seed=seed)


def uses_similarity(uses: TermUses, *, by: str | Sequence[str] | None = "outlet", n_boot: int = 1000,
                    ci: float = 0.95, seed: int = 1) -> pd.DataFrame:
    """:func:`meaning_similarity` of uses already embedded."""
    check_bootstrap(n_boot, ci, seed)
    groups = _groups(uses, by)
    if groups.n_groups < 2:
        raise ArgumentError(f"by={by!r} gives one group of uses; there is no pair to compare")
    name = " + ".join(map(str, uses.uses["pattern"].unique()))
    means, reps = [], []
    for g, members in enumerate(groups.members):
        emb = uses.embeddings[members]
        means.append(emb.mean(axis=0))
        reps.append(_replicate_means(emb, n_boot, seed, f"{groups.keys[g]}; pattern={name}"))
    rows = []
    for i, j in itertools.combinations(range(groups.n_groups), 2):
        point = float(_cosines(means[i][None], (means[j] / np.linalg.norm(means[j]))[None])[0, 0])
        norms = np.linalg.norm(reps[i], axis=1) * np.linalg.norm(reps[j], axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            rep = (reps[i] * reps[j]).sum(axis=1) / norms
        lo, hi = percentile_interval(rep[:, None], ci)
        rows.append({"group_a": groups.names[i], "group_b": groups.names[j], "pattern": name,
                     "uses_a": len(groups.members[i]), "uses_b": len(groups.members[j]), "cosine": point,
                     "cosine_lo": lo[0], "cosine_hi": hi[0]})
    table = pd.DataFrame(rows)
    table.attrs["ci_method"] = {"cosine": "percentile bootstrap over uses"}
    return table
