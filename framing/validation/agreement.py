"""Krippendorff's α between coders, per frame, with a bootstrap interval over documents.

Each frame is one nominal variable — marked (1) or not (0) — coded by several coders on the
same documents (Krippendorff 2004, *Content Analysis*, ch. 11; 2011, "Computing Krippendorff's
alpha-reliability"). A document coded by ``m_u ≥ 2`` coders, ``n_1u`` of whom marked the frame
and ``n_0u`` not, adds to the coincidence matrix ``o_cc' = Σ_u n_cu·(n_c'u − [c = c']) / (m_u − 1)``;
documents coded by one coder are not pairable and are left out. With ``n_c = Σ_u n_cu`` and
``n = n_0 + n_1`` the pairable values,

    α = 1 − D_o / D_e = 1 − (n − 1) · o_01 / (n_0 · n_1),

the nominal α for two values: 1 is perfect agreement, 0 what chance gives, below 0 systematic
disagreement; undefined (NaN) when every value is the same. ``alpha`` is computed by the
``krippendorff`` package (Castro 2017); ``agreement`` is the observed share of agreeing pairs,
``1 − 2·o_01 / n``.

The interval resamples documents (Efron & Tibshirani 1993, ch. 13) with the engine of
:mod:`framing.stats.bootstrap` — per frame its own stream, keyed by the frame's name: replicate
``b`` draws the pairable documents with replacement, sums their ``o_01u``, ``n_0u``, ``n_1u``
and applies the formula; replicates where α is undefined are left out. (Hayes & Krippendorff
2007 bootstrap the pairable values instead; resampling whole documents keeps a document's codes
together, as the coding design does.) Krippendorff (2004, p. 241) asks for α ≥ 0.8, and accepts
α ≥ 0.667 for tentative conclusions.

>>> codes = pd.DataFrame({"coder": ["a"] * 4 + ["b"] * 4, "doc_id": ["d1", "d2", "d3", "d4"] * 2,
...                       "frame": "WAR", "present": [1, 1, 0, 0, 1, 0, 0, 0]})
>>> coder_agreement(codes, n_boot=0)[["frame", "docs", "coders", "alpha"]]
  frame  docs  coders     alpha
0   WAR     4       2  0.533333
"""

from __future__ import annotations

import warnings

import krippendorff
import numpy as np
import pandas as pd

from framing.stats.bootstrap import check_bootstrap, percentile_interval, resample_sums
from framing.validation.codes import check_codes

COLUMNS = ["frame", "docs", "coders", "values", "agreement", "alpha", "alpha_lo", "alpha_hi"]


def coincidences(table: np.ndarray) -> np.ndarray:
    """Per pairable document (a row of ``table``: coders' 0/1 codes, NaN where not coded): ``o_01u, n_0u, n_1u``.

    >>> coincidences(np.array([[1.0, 0.0, 1.0], [1.0, np.nan, np.nan]]))
    array([[1., 1., 2.]])
    """
    coded = ~np.isnan(table)
    m = coded.sum(axis=1)
    keep = m >= 2
    ones = np.nansum(table, axis=1)[keep]
    zeros = m[keep] - ones
    return np.column_stack([zeros * ones / (m[keep] - 1), zeros, ones])


def alpha_from_sums(sums: np.ndarray) -> np.ndarray:
    """Nominal α of each row ``(o_01, n_0, n_1)`` of summed coincidences; NaN where ``n_0·n_1 = 0``."""
    o01, n0, n1 = sums[:, 0], sums[:, 1], sums[:, 2]
    expected = n0 * n1
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(expected > 0, 1.0 - (n0 + n1 - 1.0) * o01 / expected, np.nan)


def _library_alpha(table: np.ndarray) -> float:
    if not np.isfinite(table).any():
        return float("nan")
    with warnings.catch_warnings():  # a frame nobody (or everybody) marked: 0/0, reported as NaN
        warnings.simplefilter("ignore", RuntimeWarning)
        return float(krippendorff.alpha(reliability_data=table.T, value_domain=[0, 1],
                                        level_of_measurement="nominal"))


def coder_agreement(codes: pd.DataFrame, *, n_boot: int = 1000, ci: float = 0.95, seed: int = 1) -> pd.DataFrame:
    """Krippendorff's α between coders for each frame, with a bootstrap interval over documents.

    Args:
        codes: ``coder, doc_id, frame, present`` (:func:`framing.validation.read_codes`).
        n_boot: bootstrap replicates (0: no interval).
        ci: coverage of the interval.
        seed: the seed of the bootstrap.

    Returns:
        One row per frame (in the order of ``codes``): ``frame``, ``docs`` (documents coded by
        two or more coders), ``coders``, ``values`` (pairable codes, ``n``), ``agreement``,
        ``alpha``, ``alpha_lo``, ``alpha_hi``.
    """
    check_bootstrap(n_boot, ci, seed)
    codes = check_codes(codes)
    rows = []
    for frame, part in codes.groupby("frame", sort=False):
        table = part.pivot(index="doc_id", columns="coder", values="present").to_numpy(dtype=float)
        values = coincidences(table)
        n = values[:, 1:].sum()
        agreement = 1.0 - 2.0 * values[:, 0].sum() / n if n else np.nan
        lo = hi = np.nan
        if n_boot and len(values):
            replicates = alpha_from_sums(resample_sums(values, n_boot=n_boot, seed=seed, key=f"alpha/{frame}"))
            lo, hi = (float(v[0]) for v in percentile_interval(replicates[:, None], ci))
        rows.append((frame, len(values), part["coder"].nunique(), int(n), agreement,
                     _library_alpha(table) if len(values) else np.nan, lo, hi))
    return pd.DataFrame(rows, columns=COLUMNS)
