"""Embedding regression: does a covariate (outlet, period) change what a term means?

Rodriguez, Spirling & Stewart (2023, "Embedding Regression: Models for Context-Specific
Description and Inference", APSR; R package conText, ``conText()``): the à-la-carte embeddings
``Y`` (uses × dim) of a term's uses are regressed on dummy-coded covariates ``X`` (an intercept,
and one column per level of each covariate but its first, the reference level):

    B = (XᵀX)⁻¹ XᵀY

Row ``k`` of ``B`` is a vector: how uses at level ``k`` differ from uses at the reference level,
the other covariates held fixed; with one covariate it is the difference of the two levels'
mean embeddings. Its Euclidean norm ``‖B_k‖`` measures how much the meaning differs. A norm is
never negative, so even identical usage gives a norm above 0; whether it is larger than chance
is decided by permutation (conText's ``permute``): the rows of ``Y`` are shuffled relative to
``X`` ``n_perm`` times and the model refitted, and

    p_k = (1 + #{permuted norms ≥ ‖B_k‖}) / (1 + n_perm)

(Phipson & Smyth 2010: never 0; with 100 permutations the smallest p is 1/101 < 0.01). The
interval of each norm is the percentile bootstrap over uses: replicates reweight the uses with
multinomial counts (:mod:`framing.stats.bootstrap`, one stream per pattern) and solve the weighted
normal equations ``(XᵀWX) B = XᵀWY``; replicates in which a level has no use are left out.
Bootstrap norms are biased upwards like the norm itself; read the interval as the precision of
the norm, and the p-value as the test.

>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(0)
>>> y = np.vstack([rng.normal(0, 1, (40, 5)), rng.normal(0, 1, (40, 5)) + 2])  # level b shifted by 2
>>> covariates = pd.DataFrame({"outlet": ["a"] * 40 + ["b"] * 40})
>>> table = regress_embeddings(y, covariates, n_perm=199, n_boot=200, seed=1, progress=False)
>>> table[["covariate", "level", "reference"]].iloc[0].tolist(), int(table["n"].iloc[0]), float(table["p"].iloc[0])
(['outlet', 'b', 'a'], 40, 0.005)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from framing._infra.errors import ArgumentError, CorpusError
from framing.corpus.corpus import Corpus
from framing.dtm.patterns import PatternSpec
from framing.embeddings.alacarte import term_uses
from framing.embeddings.vectors import WordVectors
from framing.stats.bootstrap import check_bootstrap, percentile_interval, resample_sums


def check_permutations(n_perm: int) -> int:
    """``n_perm`` if it is a whole number ≥ 0, else an :class:`~framing.ArgumentError`."""
    if isinstance(n_perm, bool) or not isinstance(n_perm, (int, np.integer)) or n_perm < 0:
        raise ArgumentError(f"n_perm must be a whole number ≥ 0 (0 = no p-values), got {n_perm!r}")
    return int(n_perm)


def design_matrix(covariates: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Intercept and dummy columns (levels sorted, the first the reference), and one row per dummy:
    ``covariate``, ``level``, ``reference``, ``n``."""
    columns, rows = [np.ones(len(covariates))], []
    for name in covariates.columns:
        values = covariates[name].astype(str).to_numpy()
        if pd.isna(covariates[name]).any():
            raise CorpusError(f"covariate {name!r} is missing for some uses; fill it or filter those documents out")
        levels = np.unique(values)
        if len(levels) < 2:
            raise ArgumentError(f"covariate {name!r} has one level ({levels[0]!r}) among the uses: nothing to compare")
        for level in levels[1:]:
            columns.append((values == level).astype(float))
            rows.append({"covariate": name, "level": level, "reference": levels[0], "n": int((values == level).sum())})
    return np.column_stack(columns), pd.DataFrame(rows)


def _norms(coef: np.ndarray) -> np.ndarray:
    """Norms of the coefficient rows but the intercept (``... × p × dim`` → ``... × (p − 1)``)."""
    return np.linalg.norm(coef[..., 1:, :], axis=-1)


def _permutation_p(x: np.ndarray, y: np.ndarray, observed: np.ndarray, n_perm: int, seed: int,
                   progress: bool) -> np.ndarray:
    if n_perm == 0:
        return np.full(len(observed), np.nan)
    solve = np.linalg.pinv(x)
    rng = np.random.default_rng(np.random.SeedSequence([seed, 0x9E37]))
    exceed = np.zeros(len(observed))
    for _ in tqdm(range(n_perm), desc="permutations", disable=not progress):
        exceed += _norms(solve @ y[rng.permutation(len(y))]) >= observed
    return (1 + exceed) / (1 + n_perm)


def _bootstrap_norms(x: np.ndarray, y: np.ndarray, n_boot: int, seed: int, key: str) -> np.ndarray:
    p, dim = x.shape[1], y.shape[1]
    values = np.hstack([(x[:, :, None] * x[:, None, :]).reshape(len(x), p * p),
                        (x[:, :, None] * y[:, None, :]).reshape(len(x), p * dim)])
    sums = resample_sums(values, n_boot=n_boot, seed=seed, key=key)
    xtx, xty = sums[:, :p * p].reshape(-1, p, p), sums[:, p * p:].reshape(-1, p, dim)
    ok = (np.diagonal(xtx, axis1=1, axis2=2) > 0).all(axis=1) & (np.abs(np.linalg.det(xtx)) > 1e-9)
    out = np.full((n_boot, p - 1), np.nan)
    if ok.any():
        out[ok] = _norms(np.linalg.solve(xtx[ok], xty[ok]))
    return out


def regress_embeddings(embeddings: np.ndarray, covariates: pd.DataFrame, *, n_perm: int = 100, n_boot: int = 1000,
                       ci: float = 0.95, seed: int = 1, progress: bool = True) -> pd.DataFrame:
    """Embedding regression of ``embeddings`` (uses × dim) on the categorical ``covariates`` (one row per use).

    Returns one row per covariate level but the reference: ``covariate``, ``level``, ``reference``,
    ``n`` (uses at that level), ``norm`` (‖B_k‖), ``norm_lo``, ``norm_hi`` (percentile bootstrap,
    ``attrs["ci_method"]``) and ``p`` (permutation p-value); see the module docstring.
    """
    check_bootstrap(n_boot, ci, seed)
    n_perm = check_permutations(n_perm)
    y = np.asarray(embeddings, dtype=np.float64)
    if len(y) != len(covariates):
        raise ArgumentError(f"{len(y)} embeddings but {len(covariates)} rows of covariates; give one row per use")
    x, table = design_matrix(covariates)
    if np.linalg.matrix_rank(x) < x.shape[1]:
        raise ArgumentError(f"the covariates {list(covariates.columns)} are collinear among the uses (a level of one "
                            "always goes with a level of another); drop one covariate")
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    observed = _norms(coef)
    table["norm"] = observed
    key = "embedding_regression: " + ", ".join(covariates.columns)
    table["norm_lo"], table["norm_hi"] = percentile_interval(_bootstrap_norms(x, y, n_boot, seed, key), ci)
    table["p"] = _permutation_p(x, y, observed, n_perm, seed, progress)
    table.attrs["ci_method"] = {"norm": "percentile bootstrap over uses"}
    return table


def embedding_regression(corpus: Corpus, pattern: PatternSpec, *, covariates: Sequence[str] = ("outlet",),
                         vectors: WordVectors | None = None, window: int = 6, n_perm: int = 100,
                         n_boot: int = 1000, ci: float = 0.95, seed: int = 1, progress: bool = True) -> pd.DataFrame:
    """Does the meaning of ``pattern`` differ by outlet (or period, or any metadata column)?

    The à-la-carte embedding of every use (:func:`~framing.embeddings.alacarte.term_uses`) is
    regressed on the ``covariates`` (see the module docstring for the model and the inference).

    Args:
        corpus: the documents.
        pattern: the term (a pattern; several patterns are pooled).
        covariates: metadata columns of the documents (categorical; ``"period"`` is the month).
        vectors: word vectors; ``None`` trains them on the corpus (cached).
        window: tokens on each side of a use that make its context.
        n_perm: permutations for the p-values (0: none).
        n_boot, ci, seed: bootstrap replicates, coverage, seed.
        progress: show progress bars.

    Returns:
        ``pattern``, ``covariate``, ``level``, ``reference``, ``n``, ``norm``, ``norm_lo``,
        ``norm_hi``, ``p``: one row per covariate level but the reference.

    >>> import framing as fr, pandas as pd
    >>> texts = [f"in report {i} the army attacked the city" for i in range(30)]
    >>> texts += [f"in report {i} the city celebrated a festival" for i in range(30)]
    >>> c = fr.from_dataframe(pd.DataFrame({"outlet": ["a"] * 30 + ["b"] * 30, "date": "2022-03-01",
    ...                                     "text": texts}))
    >>> wv = fr.train_vectors(c, options=fr.VectorOptions(dim=5, min_count=2, epochs=3), progress=False)
    >>> table = embedding_regression(c, "city", vectors=wv, window=3, n_perm=50, n_boot=50, progress=False)
    >>> table[["covariate", "level", "reference"]].iloc[0].tolist(), int(table["n"].iloc[0])
    (['outlet', 'b', 'a'], 30)
    >>> bool(table["p"].iloc[0] < 0.05)
    True
    """
    if isinstance(covariates, str):
        covariates = [covariates]
    uses = term_uses(corpus, pattern, vectors=vectors, window=window, progress=progress)
    frame = uses.uses.copy()
    if "period" in covariates and "period" not in frame.columns:
        frame["period"] = pd.to_datetime(frame["date"]).dt.to_period("M").dt.start_time
    missing = [c for c in covariates if c not in frame.columns]
    if missing:
        raise ArgumentError(f"covariates {missing} are not columns of the documents; choose among "
                            f"{[c for c in frame.columns if c not in ('pattern', 'term', 'context_words')]}")
    table = regress_embeddings(uses.embeddings, frame[list(covariates)], n_perm=n_perm, n_boot=n_boot, ci=ci,
                               seed=seed, progress=progress)
    names = frame["pattern"].unique()
    table.insert(0, "pattern", " + ".join(map(str, names)))
    return table
