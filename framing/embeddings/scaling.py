"""Latent Semantic Scaling: documents placed on an axis defined by seed words.

Watanabe (2021, "Latent Semantic Scaling: A Semisupervised Text Analysis Technique for New
Domains and Languages", Communication Methods and Measures 15(2); R package LSX,
``textmodel_lss``), as LSX computes it for a document-feature matrix:

1. The documents × terms count matrix ``X`` (stopwords and terms in fewer than ``min_freq``
   documents removed; multi-word seeds joined into single tokens) is factorised by truncated SVD,
   ``X ≈ U_k Σ_k V_kᵀ`` with ``k`` = 300 or fewer (``scipy.sparse.linalg.svds`` with the PROPACK
   solver, Larsen 1998, started from a seeded random vector: the same singular vectors in every run,
   about five times faster than ARPACK at ``k`` = 300); a term's embedding is its row of ``V_k``
   (LSX: ``t(svd$v)``). The sign of a singular vector is arbitrary, but cosines between rows of
   ``V_k`` do not depend on it.
2. Seeds are weighted so that each end of the scale weighs the same: a seed with polarity
   ``s = ±1`` weighs ``s / (number of seeds of its sign)``, shared equally among the terms its
   pattern matches (LSX's ``weight_seeds``).
3. A term's polarity is ``β_f = Σ_s w_s cos(v_f, v_s)`` (LSX's ``get_beta``).
4. A document's score is the frequency-weighted mean polarity of its terms,
   ``Σ_f n_df β_f / Σ_f n_df``, then standardised over the documents (mean 0, sd 1; LSX's
   ``predict(rescaling = TRUE)``). A document without any term of the model has no score.

Group scores (``by`` and ``period``) are the mean document score with a percentile bootstrap
interval over documents (:mod:`framing.stats.bootstrap`).

Seed sets for the demo frames ship with the frame dictionaries (:func:`load_seeds`).

>>> import framing as fr, pandas as pd
>>> good = [f"note {i}: peace and calm and joy" for i in range(20)]
>>> bad = [f"note {i}: war and fear and grief" for i in range(20)]
>>> c = fr.from_dataframe(pd.DataFrame({"outlet": ["a"] * 20 + ["b"] * 20, "date": "2022-03-01",
...                                     "text": good + bad}))
>>> lss = scale_documents(c, {"peace": 1, "war": -1}, k=5, min_freq=1, n_boot=50)
>>> lss.groups[["outlet", "docs"]].values.tolist(), bool(lss.groups["score"].iloc[0] > 0 > lss.groups["score"].iloc[1])
([['a', 20], ['b', 20]], True)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.linalg import svds

from framing._infra.errors import ArgumentError, ModelError, PatternError
from framing._infra.safeyaml import load_yaml
from framing.corpus.corpus import Corpus, require_documents
from framing.dtm.grouping import Grouping
from framing.dtm.matrix import resolve_stopwords
from framing.dtm.patterns import match_terms
from framing.embeddings.tokens import JOINER, phrase_words, token_stream
from framing.stats.bootstrap import check_bootstrap, percentile_interval, resample_sums

MAX_SEED_CHARS = 100_000
"""Largest seed file read."""


@dataclasses.dataclass(frozen=True)
class LatentScaling:
    """The result of :func:`scale_documents`.

    Attributes:
        documents: one row per document: its metadata and ``score`` (standardised; NaN without model terms).
        groups: the ``by`` columns, ``period``, ``docs`` (with a score), ``score``, ``score_lo``, ``score_hi``.
        terms: ``term``, ``polarity`` (β), ``count`` (in the corpus), ``seed`` (its weight, 0 for non-seeds),
            sorted by polarity, highest first: the words that load most on the axis are its two ends.
    """

    documents: pd.DataFrame
    groups: pd.DataFrame
    terms: pd.DataFrame


def load_seeds(source: str, *, axis: str = "war") -> dict[str, float]:
    """A seed set: an axis of a shipped seed file (``"ukraine"``: axes ``war`` and ``security``).

    >>> seeds = load_seeds("ukraine", axis="war")
    >>> seeds["invasion"], seeds["special military operation"]
    (1, -1)
    """
    folder = resources.files("framing") / "data" / "dictionaries" / "seeds"
    shipped = sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))
    if source not in shipped:
        raise ArgumentError(f"no seed set {source!r}: shipped ones are {shipped}")
    data = load_yaml((folder / f"{source}.yaml").read_text("utf-8"), max_chars=MAX_SEED_CHARS)
    axes = data.get("axes", {}) if isinstance(data, dict) else {}
    if axis not in axes:
        raise ArgumentError(f"seed set {source!r} has no axis {axis!r}; choose among {sorted(axes)}")
    return dict(axes[axis]["seeds"])


def _check_seeds(seeds: Mapping[str, float]) -> dict[str, float]:
    if not isinstance(seeds, Mapping) or not seeds:
        raise ArgumentError("seeds must be a mapping of seed words to +1 or -1, e.g. {'invasion': 1, "
                            "'special military operation': -1}")
    out = {}
    for word, value in seeds.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value) or value == 0:
            raise ArgumentError(f"seed {word!r} has polarity {value!r}; give a positive or negative number")
        out[str(word)] = float(value)
    return out


def _matrix(corpus: Corpus, seeds: Mapping[str, float], stopwords: str | Iterable[str] | None, min_freq: int
            ) -> tuple[sp.csr_matrix, np.ndarray]:
    """Documents × terms counts of the token stream with multi-word seeds joined, filtered."""
    phrases = [s for s in seeds if len(s.split()) > 1]
    stream = token_stream(corpus, phrases=phrases)
    real = stream.ids >= 0
    doc = np.repeat(np.arange(len(stream)), np.diff(stream.offsets))[real]
    counts = sp.csr_matrix((np.ones(int(real.sum())), (doc, stream.ids[real])),
                           shape=(len(stream), len(stream.vocab)))
    counts.sum_duplicates()
    langs = corpus.df["language"].dropna().unique().tolist() if "language" in corpus.columns else [None]
    stop = resolve_stopwords(stopwords, langs or [None])
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    keep = (df >= min_freq) & np.array([w not in stop for w in stream.vocab.tolist()])
    return counts[:, np.flatnonzero(keep)].tocsr(), stream.vocab[keep]


def seed_weights(seeds: Mapping[str, float], vocab: np.ndarray) -> np.ndarray:
    """LSX's seed weights over ``vocab``: ``s / n_sign`` per seed, shared among the terms it matches."""
    weights = np.zeros(len(vocab))
    n_pos, n_neg = sum(v > 0 for v in seeds.values()), sum(v < 0 for v in seeds.values())
    index = {w: i for i, w in enumerate(vocab.tolist())}
    found = 0
    for seed, value in seeds.items():
        if len(seed.split()) > 1:
            cols = [index[JOINER.join(w)] for w in phrase_words([seed]) if JOINER.join(w) in index]
        else:
            with np.errstate(all="ignore"):
                import warnings
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    cols = match_terms(vocab, {seed: seed})["column"].tolist()
        if cols:
            found += 1
            weights[cols] += value / (n_pos if value > 0 else n_neg) / len(cols)
    if not found:
        raise PatternError(f"no seed word occurs in the corpus (after removing stopwords and rare terms): "
                           f"{sorted(seeds)}")
    return weights


def polarity(embeddings: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``β_f = Σ_s w_s cos(v_f, v_s)`` for term embeddings (terms × k) and seed weights (0 for non-seeds)."""
    norms = np.linalg.norm(embeddings, axis=1, keepdims=True)
    unit = embeddings / np.where(norms > 0, norms, 1)
    seeds = np.flatnonzero(weights)
    return (unit @ unit[seeds].T) @ weights[seeds]


def document_scores(counts: sp.csr_matrix, beta: np.ndarray) -> np.ndarray:
    """Standardised frequency-weighted mean polarity of each document (NaN without terms)."""
    total = np.asarray(counts.sum(axis=1)).ravel()
    with np.errstate(invalid="ignore", divide="ignore"):
        raw = (counts @ beta) / total
    ok = np.isfinite(raw)
    if ok.sum() < 2:
        raise ModelError("fewer than two documents contain a term of the model; nothing to scale")
    return (raw - raw[ok].mean()) / raw[ok].std(ddof=1)


def scale_documents(corpus: Corpus, seeds: Mapping[str, float], *, by: str | Sequence[str] | None = "outlet",
                    period: str | None = None, k: int = 300, min_freq: int = 5,
                    stopwords: str | Iterable[str] | None = "auto", n_boot: int = 1000, ci: float = 0.95,
                    seed: int = 1) -> LatentScaling:
    """Latent Semantic Scaling of the documents on the axis the ``seeds`` define (see the module docstring).

    Args:
        corpus: the documents.
        seeds: seed patterns and their polarity (+1 / −1), e.g. :func:`load_seeds`.
        by, period: the groups whose mean score is reported.
        k: singular vectors kept (at most one less than the smaller side of the matrix).
        min_freq: terms in fewer documents are left out of the model.
        stopwords: words left out of the model (``"auto"``: the documents' languages).
        n_boot, ci, seed: bootstrap of the group means; ``seed`` also seeds PROPACK's start vector.
    """
    check_bootstrap(n_boot, ci, seed)
    require_documents(len(corpus))
    seeds = _check_seeds(seeds)
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ArgumentError(f"k must be a whole number ≥ 1 (singular vectors), got {k!r}")
    counts, vocab = _matrix(corpus, seeds, stopwords, min_freq)
    rank = min(k, min(counts.shape) - 1)
    if rank < 1:
        raise ModelError(f"the matrix has {counts.shape[0]} documents and {counts.shape[1]} terms after filtering; "
                         "too few for an SVD — lower min_freq or add documents")
    # PROPACK (scipy >= 1.12 without SCIPY_USE_PROPACK): Lanczos bidiagonalisation, far fewer
    # restarts than ARPACK's eigenproblem of XᵀX for many singular values
    _, _, vt = svds(counts.astype(np.float64), k=rank, solver="propack", random_state=np.random.default_rng(seed))
    beta = polarity(vt.T, seed_weights(seeds, vocab))
    docs = corpus.df.drop(columns=["text"]).assign(score=document_scores(counts, beta))
    scored = docs[docs["score"].notna()].reset_index(drop=True)
    grouping = Grouping.of(scored, by, period)
    frames = []
    for g, members in enumerate(grouping.members):
        values = scored["score"].to_numpy()[members]
        reps = resample_sums(values, n_boot=n_boot, seed=seed, key=grouping.keys[g]) / len(values)
        lo, hi = percentile_interval(reps, ci)
        frames.append({"docs": len(values), "score": values.mean(), "score_lo": lo[0], "score_hi": hi[0]})
    groups = pd.concat([grouping.labels.reset_index(drop=True), pd.DataFrame(frames)], axis=1)
    groups.attrs["ci_method"] = {"score": "percentile bootstrap over documents"}
    weights = seed_weights(seeds, vocab)
    terms = pd.DataFrame({"term": vocab.astype(object), "polarity": beta,
                          "count": np.asarray(counts.sum(axis=0)).ravel().astype(np.int64), "seed": weights})
    terms = terms.sort_values("polarity", ascending=False, kind="stable").reset_index(drop=True)
    return LatentScaling(documents=docs, groups=groups, terms=terms)
