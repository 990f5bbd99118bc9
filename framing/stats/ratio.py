"""Fieller's interval of a ratio of sums over documents, the documents as clusters.

A group has ``n`` documents; document ``d`` has ``x_d`` occurrences of one alternative among
``m_d`` mentions of all of them. The share ``p̂ = X / M`` with ``X = Σ x_d`` and ``M = Σ m_d`` is a
ratio estimator (Cochran 1977, *Sampling Techniques*, §6.4): documents, not mentions, are the
independent units, so its variance is the cluster-robust (sandwich, Liang & Zeger 1986) one,

    ``Var(X − p M) ≈ k · V(p)``, ``V(p) = Σ_d (x_d − p m_d)²``, ``k = n / (n − 1)``.

The interval is Fieller's (1954, *JRSS B* 16:175): every ``p`` whose statistic
``(X − p M) / √(k V(p))`` lies within ``±z``, ``z = Φ⁻¹((1 + ci)/2)`` — the variance taken at the
``p`` being tested, as Wilson's score interval takes ``p(1 − p)`` (with one mention per document
and ``x_d ∈ {0, 1}`` it is close to Wilson's). Squaring gives ``a p² + b p + c ≤ 0`` with

    ``a = M² − z²k Σm²``, ``b = −2(XM − z²k Σxm)``, ``c = X² − z²k Σx²``;

the bounds are its roots, clipped to ``[0, 1]``. When ``a ≤ 0`` (one document holds most of the
mentions) the set is unbounded on a side and that bound is 0 or 1. With bursty counts it covers
0.95–0.98 at 20 and 50 documents, where the percentile bootstrap covered 0.88–0.94
(``python -m benchmarks.coverage``, ``docs/validity.md``).

NaN where the interval is undefined: fewer than two documents, no mentions, or ``V(p̂) = 0`` (every
document with mentions has the same share, so the estimate of the variance is 0); the caller
substitutes the exact Clopper–Pearson interval there.

>>> x = np.array([[2.0], [0], [1], [3], [0], [1], [1], [0], [2], [1], [0], [1]])  # "invasion" per document
>>> m = np.array([3.0, 2, 1, 4, 1, 2, 1, 2, 2, 3, 1, 1])  # all mentions per document
>>> lo, hi = fieller_ratio_interval(x, m, ci=0.95)
>>> round(float(lo[0]), 3), round(float(x.sum() / m.sum()), 3), round(float(hi[0]), 3)
(0.221, 0.522, 0.786)
"""

from __future__ import annotations

import numpy as np
from scipy import stats


def fieller_ratio_interval(num: np.ndarray, den: np.ndarray, *, ci: float) -> tuple[np.ndarray, np.ndarray]:
    """Fieller interval of ``Σ num[:, j] / Σ den`` for each column ``j`` (module docstring).

    Args:
        num: documents × k numerators (a document's occurrences of each alternative).
        den: the documents' denominators (its mentions), ``n`` values.
        ci: interval level.
    """
    x = np.asarray(num, dtype=float)
    m = np.asarray(den, dtype=float)
    n, width = x.shape
    lo, hi = np.full(width, np.nan), np.full(width, np.nan)
    total = m.sum()
    if n < 2 or total <= 0:
        return lo, hi
    p = x.sum(axis=0) / total
    spread = ((x - p * m[:, None]) ** 2).sum(axis=0)
    ok = spread > 1e-12 * np.maximum((x * x).sum(axis=0), 1.0)
    zk = stats.norm.ppf((1 + ci) / 2) ** 2 * n / (n - 1)
    a = total ** 2 - zk * (m * m).sum()
    b = -2 * (x.sum(axis=0) * total - zk * (x * m[:, None]).sum(axis=0))
    c = x.sum(axis=0) ** 2 - zk * (x * x).sum(axis=0)
    # the quadratic is ≤ 0 at p̂, so its roots are real
    root = np.sqrt(np.maximum(b * b - 4 * a * c, 0))
    if a > 0:
        first, second = (-b - root) / (2 * a), (-b + root) / (2 * a)
        lo[ok], hi[ok] = np.clip(first[ok], 0, 1), np.clip(second[ok], 0, 1)
    elif a < 0:
        # ≤ 0 outside the roots r1 ≤ r2: p̂ lies at or below r1, or at or above r2
        r1, r2 = (-b + root) / (2 * a), (-b - root) / (2 * a)
        lo[ok] = np.where(r1[ok] >= 0, 0.0, np.clip(r2[ok], 0, 1))
        hi[ok] = np.where(r2[ok] <= 1, 1.0, np.clip(r1[ok], 0, 1))
    else:
        lo[ok], hi[ok] = 0.0, 1.0
    return lo, hi
