"""Intervals of a binomial proportion ``x / n``: Wilson's score interval and Clopper–Pearson's exact one.

**Wilson** (1927; recommended by Brown, Cai & DasGupta 2001, *Statistical Science* 16:101) —
the ``p`` for which the score test does not reject,
``(x + z²/2) / (n + z²) ± z √(n) / (n + z²) · √(p̂(1 − p̂) + z²/(4n))``, with ``p̂ = x / n`` and
``z = Φ⁻¹((1 + ci)/2)``. Its coverage stays close to ``ci`` even with a few dozen trials,
where the Wald interval and the percentile bootstrap fall short.

**Clopper–Pearson** (1934) — the exact interval from the beta quantiles,
``[B⁻¹((1 − ci)/2; x, n − x + 1), B⁻¹((1 + ci)/2; x + 1, n − x)]``, 0 when ``x = 0`` and 1 when
``x = n``. It is what ``scipy.stats.binomtest(x, n).proportion_ci(ci, method="exact")`` gives;
framing uses it where a proportion is 0 or 1, the cases in which a bootstrap of the
proportion degenerates to the single point ``[0, 0]`` or ``[1, 1]``.

Both are vectorised over arrays; ``n = 0`` gives NaN.

>>> lo, hi = clopper_pearson_interval([0], [20], ci=0.95)
>>> float(lo[0]), round(float(hi[0]), 4)
(0.0, 0.1684)
>>> lo, hi = wilson_interval([3], [20], ci=0.95)
>>> round(float(lo[0]), 4), round(float(hi[0]), 4)
(0.0524, 0.3604)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats


def _arrays(x: ArrayLike, n: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    a, b = np.broadcast_arrays(np.atleast_1d(np.asarray(x, dtype=float)), np.atleast_1d(np.asarray(n, dtype=float)))
    return a, b


def clopper_pearson_interval(x: ArrayLike, n: ArrayLike, *, ci: float) -> tuple[np.ndarray, np.ndarray]:
    """Clopper–Pearson exact interval of ``x / n`` (module docstring); NaN where ``n = 0``."""
    x, n = _arrays(x, n)
    tail = (1 - ci) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        lo = np.where(x == 0, 0.0, stats.beta.ppf(tail, x, n - x + 1))
        hi = np.where(x == n, 1.0, stats.beta.ppf(1 - tail, x + 1, n - x))
    empty = n == 0
    return np.where(empty, np.nan, lo), np.where(empty, np.nan, hi)


def wilson_interval(x: ArrayLike, n: ArrayLike, *, ci: float) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of ``x / n`` (module docstring); NaN where ``n = 0``."""
    x, n = _arrays(x, n)
    z = stats.norm.ppf((1 + ci) / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / n
        centre = (x + z * z / 2) / (n + z * z)
        half = z * np.sqrt(n) / (n + z * z) * np.sqrt(p * (1 - p) + z * z / (4 * n))
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
