"""Topic prevalence regressed on document covariates, with the method of composition (stm's ``estimateEffect``).

For each topic ``k`` the model is the linear regression ``θ[d,k] = x_dᵀ β_k + ε`` of the
documents' topic shares on a design row ``x_d`` built from their covariates
(:class:`Design`):

- a **categorical** column (``outlet``): treatment dummies ``outlet[b]``, ``outlet[c]``, …
  against the first level in sorted order;
- a **date** column: a cubic B-spline basis of the date in days (``df`` columns; ``df − 3``
  interior knots at quantiles of the dates; the first basis function is dropped because the
  basis sums to one, like the intercept) — ``date[s1]`` … ``date[s{df}]``;
- any other **numeric** column: the value itself;
- with ``interaction=True``: every dummy times every spline or numeric column
  (``outlet[b]:date[s1]``), so each outlet gets its own smooth trend.

θ is not observed: LDA gives each document a variational posterior ``q(θ_d) = Dirichlet(γ_d)``
(gensim's ``inference``). The uncertainty of θ and of the regression are combined by the
**method of composition** (Tanner 1996, §3.3; Roberts, Stewart & Tingley 2019, stm's
``estimateEffect``): for ``m = 1 … n_draws``

1. draw ``θ^(m)_d ~ Dirichlet(γ_d)`` for every document;
2. fit ordinary least squares on them, ``β̂^(m) = (XᵀX)⁻¹ Xᵀ θ^(m)`` (numpy's QR, ``X = QR``),
   with the usual covariance ``σ̂²_k (XᵀX)⁻¹``, ``σ̂²_k = ‖θ^(m)_k − X β̂^(m)_k‖² / (n − p)``;
3. draw ``β^(m)_k ~ Normal(β̂^(m)_k, σ̂²_k (XᵀX)⁻¹)`` (as ``β̂ + σ̂ R⁻¹ z``).

The draws ``β^(1…M)`` represent the uncertainty of both steps; an estimate is their mean and
its interval the ``(1 − ci)/2`` and ``(1 + ci)/2`` quantiles. Any quantity linear in β — an
expected topic share at given covariates, a difference between outlets — is computed per draw
and summarised the same way (:meth:`EffectEstimate.differences`, :meth:`EffectEstimate.trend`).
Differences between outlets are **average** differences: each document's predicted share with
the outlet set to ``a`` minus set to ``b``, averaged over all documents at their own dates.
Trends hold covariates other than the date and ``by`` at their most common level (categorical)
or median (numeric), as stm's plots do.

>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(1)
>>> docs = pd.DataFrame({"outlet": np.repeat(["a", "b"], 200),
...                      "date": pd.Timestamp("2022-01-01") + pd.to_timedelta(np.tile(np.arange(200), 2), "D")})
>>> theta = rng.dirichlet([4, 6], size=200).tolist() + rng.dirichlet([6, 4], size=200).tolist()
>>> effect = effect_from_gamma(100 * np.array(theta), docs, covariates=["outlet"], n_draws=200, seed=1)
>>> diff = effect.differences("outlet")
>>> diff.loc[diff["topic"] == 0, ["group_a", "group_b"]].values.tolist()
[['a', 'b']]
>>> bool(abs(diff.loc[diff["topic"] == 0, "difference"].item() + 0.2) < 0.05)
True
"""

from __future__ import annotations

import dataclasses
import itertools
import sys
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy.interpolate import BSpline

from framing._infra.errors import ArgumentError, ModelError
from framing.stats.bootstrap import check_bootstrap
from framing.topics.model import TopicModel, infer_gamma

DEGREE = 3
"""Cubic B-splines."""


def _kind(values: pd.Series) -> str:
    if pd.api.types.is_datetime64_any_dtype(values):
        return "date"
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return "numeric"
    return "categorical"


def _days(values: pd.Series) -> np.ndarray:
    """Days since 1970-01-01 (fractional)."""
    return np.asarray(values, dtype="datetime64[ns]").astype(np.int64) / 86_400e9


@dataclasses.dataclass(frozen=True)
class Design:
    """How documents' covariates become regression columns (see the module docstring).

    Attributes:
        covariates: the columns, in order.
        kinds: per covariate ``"categorical"``, ``"date"`` or ``"numeric"``.
        levels: per categorical covariate, its levels (the first is the reference).
        knots: per date covariate, the full knot vector of its B-spline basis (days).
        interaction: whether dummies are multiplied with the spline and numeric columns.
    """

    covariates: tuple[str, ...]
    kinds: dict[str, str]
    levels: dict[str, tuple[Any, ...]]
    knots: dict[str, np.ndarray]
    interaction: bool

    @classmethod
    def of(cls, docs: pd.DataFrame, covariates: Sequence[str], *, df: int = 4, interaction: bool = True) -> Design:
        """The design of ``covariates`` over the documents ``docs``."""
        if isinstance(df, bool) or not isinstance(df, int) or df < DEGREE:
            raise ArgumentError(f"df={df!r}: a cubic spline of time needs at least {DEGREE} degrees of freedom")
        missing = [c for c in covariates if c not in docs]
        if missing or not covariates:
            raise ArgumentError(f"covariates={list(covariates)!r}: name document columns, e.g. ['outlet', 'date']; "
                                f"the documents have {list(docs.columns)}")
        kinds, levels, knots = {}, {}, {}
        for c in covariates:
            if docs[c].isna().any():
                raise ArgumentError(f"covariate {c!r} is missing for {int(docs[c].isna().sum()):,} documents; "
                                    "fill it or drop those documents")
            kinds[c] = _kind(docs[c])
            if kinds[c] == "categorical":
                levels[c] = tuple(sorted(docs[c].unique(), key=str))
                if len(levels[c]) < 2:
                    raise ArgumentError(f"covariate {c!r} has one value ({levels[c][0]!r}); nothing to compare")
            elif kinds[c] == "date":
                days = _days(docs[c])
                inner = np.quantile(days, np.linspace(0, 1, df - DEGREE + 2)[1:-1])
                if days.max() <= days.min():
                    raise ArgumentError(f"covariate {c!r} has one date; a time trend needs several")
                knots[c] = np.r_[[days.min()] * (DEGREE + 1), inner, [days.max()] * (DEGREE + 1)]
        return cls(tuple(covariates), kinds, levels, knots, bool(interaction))

    def _blocks(self, docs: pd.DataFrame) -> tuple[list[tuple[str, np.ndarray]], list[tuple[str, np.ndarray]]]:
        """(dummy columns, continuous columns) as (name, values) pairs."""
        dummies, smooth = [], []
        for c in self.covariates:
            kind = self.kinds[c]
            if kind == "categorical":
                values = docs[c].to_numpy()
                dummies += [(f"{c}[{lev}]", (values == lev).astype(np.float64)) for lev in self.levels[c][1:]]
            elif kind == "date":
                t = self.knots[c]
                days = np.clip(_days(docs[c]), t[0], t[-1])
                basis = BSpline.design_matrix(days, t, DEGREE).toarray()[:, 1:]
                smooth += [(f"{c}[s{i + 1}]", basis[:, i]) for i in range(basis.shape[1])]
            else:
                smooth.append((c, docs[c].to_numpy(dtype=np.float64)))
        return dummies, smooth

    def matrix(self, docs: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
        """The design matrix of ``docs`` (intercept first) and its column names."""
        dummies, smooth = self._blocks(docs)
        cols = [("(intercept)", np.ones(len(docs)))] + dummies + smooth
        if self.interaction:
            cols += [(f"{a}:{b}", x * y) for (a, x), (b, y) in itertools.product(dummies, smooth)]
        return np.column_stack([v for _, v in cols]), [n for n, _ in cols]

    def typical(self, docs: pd.DataFrame) -> dict[str, Any]:
        """Each covariate's most common level (categorical) or median (date, numeric)."""
        out: dict[str, Any] = {}
        for c in self.covariates:
            if self.kinds[c] == "categorical":
                out[c] = docs[c].value_counts(sort=True).index[0]
            elif self.kinds[c] == "date":
                out[c] = pd.Timestamp("1970-01-01") + pd.Timedelta(days=float(np.median(_days(docs[c]))))
            else:
                out[c] = float(docs[c].median())
        return out


@dataclasses.dataclass(frozen=True)
class EffectEstimate:
    """Draws of the regression coefficients of topic shares on covariates (:func:`estimate_effect`).

    Attributes:
        draws: ``n_draws × p × topics`` coefficient draws β^(m) (method of composition).
        terms: the ``p`` design column names.
        topics: the topics regressed.
        design: the :class:`Design` that maps covariates to columns.
        docs: the documents' covariates (for average differences and typical values).
        ci: coverage of the intervals.
    """

    draws: np.ndarray
    terms: tuple[str, ...]
    topics: tuple[int, ...]
    design: Design
    docs: pd.DataFrame
    ci: float = 0.95

    def _summary(self, values: np.ndarray, stat: str) -> dict[str, np.ndarray]:
        """Mean and quantile interval over the draws (axis 0)."""
        lo, hi = np.quantile(values, [(1 - self.ci) / 2, (1 + self.ci) / 2], axis=0)
        return {stat: values.mean(axis=0), f"{stat}_lo": lo, f"{stat}_hi": hi}

    def coefficients(self) -> pd.DataFrame:
        """``topic, term, estimate, estimate_lo, estimate_hi, std_error`` (std_error: sd of the draws)."""
        p, k = self.draws.shape[1:]
        stats = self._summary(self.draws, "estimate")
        out = pd.DataFrame({"topic": np.tile(self.topics, p), "term": np.repeat(self.terms, k),
                            **{name: v.ravel() for name, v in stats.items()},
                            "std_error": self.draws.std(axis=0, ddof=1).ravel()})
        return out.sort_values(["topic"], kind="stable").reset_index(drop=True)

    def _mean_row(self, docs: pd.DataFrame) -> np.ndarray:
        return self.design.matrix(docs)[0].mean(axis=0)

    def differences(self, covariate: str = "outlet") -> pd.DataFrame:
        """Average differences in expected topic share between every pair of levels of ``covariate``.

        ``group_a, group_b, topic, difference, difference_lo, difference_hi``: for a pair
        ``(a, b)``, ``difference = mean_d x_d(a)ᵀβ − mean_d x_d(b)ᵀβ`` with ``x_d(a)`` document
        ``d``'s design row with ``covariate`` set to ``a`` (its other covariates as observed).
        """
        levels = self._levels(covariate)
        rows = {lev: self._mean_row(self.docs.assign(**{covariate: lev})) for lev in levels}
        frames = []
        for a, b in itertools.combinations(levels, 2):
            values = np.einsum("p,mpk->mk", rows[a] - rows[b], self.draws)
            frames.append(pd.DataFrame({"group_a": str(a), "group_b": str(b), "topic": self.topics,
                                        **self._summary(values, "difference")}))
        return pd.concat(frames, ignore_index=True)

    def _levels(self, covariate: str) -> tuple[Any, ...]:
        if self.design.kinds.get(covariate) != "categorical":
            cats = [c for c, kind in self.design.kinds.items() if kind == "categorical"]
            raise ArgumentError(f"covariate={covariate!r}: differences compare the levels of a categorical "
                                f"covariate of the regression ({cats})")
        return self.design.levels[covariate]

    def trend(self, covariate: str = "date", *, by: str | None = "outlet", n_points: int = 50) -> pd.DataFrame:
        """Expected topic share along a date (or numeric) covariate, per level of ``by``.

        ``<by>, <covariate>, topic, prevalence, prevalence_lo, prevalence_hi`` on ``n_points``
        evenly spaced values over the observed range; other covariates at their typical value.
        ``by=None`` (or a ``by`` that is not a covariate) holds it at its typical value too.
        """
        if self.design.kinds.get(covariate) not in ("date", "numeric"):
            cont = [c for c, kind in self.design.kinds.items() if kind != "categorical"]
            raise ArgumentError(f"covariate={covariate!r}: a trend follows a date or numeric covariate of the "
                                f"regression ({cont})")
        values = self.docs[covariate]
        grid: Any = (pd.date_range(values.min(), values.max(), periods=n_points) if self.design.kinds[covariate] == "date"
                     else np.linspace(values.min(), values.max(), n_points))
        groups = self._levels(by) if by is not None and by in self.design.covariates else (None,)
        typical = self.design.typical(self.docs)
        frames = []
        for level in groups:
            fixed = dict(typical)
            if by is not None and level is not None:
                fixed[by] = level
            grid_docs = pd.DataFrame({**{c: [v] * len(grid) for c, v in fixed.items()}, covariate: grid})
            x = self.design.matrix(grid_docs)[0]
            pred = np.einsum("gp,mpk->mgk", x, self.draws)
            stats = self._summary(pred, "prevalence")
            frame = pd.DataFrame({covariate: np.repeat(np.asarray(grid), len(self.topics)),
                                  "topic": np.tile(self.topics, len(grid)),
                                  **{name: v.ravel() for name, v in stats.items()}})
            if level is not None:
                frame.insert(0, str(by), str(level))
            frames.append(frame)
        return pd.concat(frames, ignore_index=True)


def _dirichlet(rng: np.random.Generator, gamma: np.ndarray) -> np.ndarray:
    """One draw of θ_d ~ Dirichlet(γ_d) per row (normalised gamma variates)."""
    g = rng.standard_gamma(gamma)
    return g / g.sum(axis=1, keepdims=True)


def effect_from_gamma(gamma: np.ndarray, docs: pd.DataFrame, *, covariates: Sequence[str] = ("outlet", "date"),
                      topics: Sequence[int] | None = None, df: int = 4, interaction: bool = True,
                      n_draws: int = 200, ci: float = 0.95, seed: int = 1, progress: bool = False
                      ) -> EffectEstimate:
    """The method of composition on variational Dirichlet parameters ``gamma`` (documents × topics).

    ``docs`` holds the documents' covariates, row for row. See :func:`estimate_effect`.
    """
    gamma = np.asarray(gamma, dtype=np.float64)
    if gamma.ndim != 2 or len(gamma) != len(docs) or not (np.isfinite(gamma).all() and (gamma > 0).all()):
        raise ArgumentError(f"gamma must be documents × topics positive Dirichlet parameters, one row per document "
                            f"({len(docs):,}); got shape {gamma.shape}")
    if isinstance(n_draws, bool) or not isinstance(n_draws, int) or n_draws < 2:
        raise ArgumentError(f"n_draws={n_draws!r}: give a whole number of at least 2 (stm uses 25; 200 gives "
                            "steadier interval ends)")
    check_bootstrap(n_draws, ci, seed)
    k = gamma.shape[1]
    chosen = tuple(range(k)) if topics is None else tuple(int(t) for t in topics)
    if not chosen or any(not 0 <= t < k for t in chosen):
        raise ArgumentError(f"topics={topics!r}: the model has topics 0 to {k - 1}")
    design = Design.of(docs, covariates, df=df, interaction=interaction)
    docs = docs[list(covariates)].reset_index(drop=True)
    x, names = design.matrix(docs)
    n, p = x.shape
    q, r = np.linalg.qr(x)
    if n <= p or np.abs(np.diag(r)).min() < 1e-10 * np.abs(np.diag(r)).max():
        raise ArgumentError(f"the regression on {list(covariates)} has {p} columns and cannot be estimated from "
                            f"{n:,} documents (too few, or a level that never meets a date range): use fewer "
                            "covariates, a smaller df, or interaction=False")
    r_inv = np.linalg.inv(r)
    rng = np.random.default_rng(seed)
    draws = np.empty((n_draws, p, len(chosen)))
    from tqdm.auto import tqdm

    for m in tqdm(range(n_draws), desc="method of composition", unit="draw", file=sys.stderr, disable=not progress):
        y = _dirichlet(rng, gamma)[:, chosen]
        beta = r_inv @ (q.T @ y)
        sigma = np.sqrt(((y - x @ beta) ** 2).sum(axis=0) / (n - p))
        draws[m] = beta + (r_inv @ rng.standard_normal((p, len(chosen)))) * sigma
    return EffectEstimate(draws=draws, terms=tuple(names), topics=chosen, design=design, docs=docs, ci=ci)


def estimate_effect(model: TopicModel, *, covariates: Sequence[str] = ("outlet", "date"),
                    topics: Sequence[int] | None = None, df: int = 4, interaction: bool = True,
                    n_draws: int = 200, ci: float = 0.95, seed: int = 1, progress: bool = True) -> EffectEstimate:
    """Regress topic shares on document covariates (stm's ``estimateEffect``; see the module docstring).

    Args:
        model: a fitted topic model; its documents' columns are the covariates.
        covariates: document columns: categorical (``"outlet"``), a date (``"date"``, as a
            B-spline) or numeric.
        topics: the topics to regress (default all).
        df: degrees of freedom of each date's spline.
        interaction: multiply the categorical dummies with the date spline (a trend per outlet).
        n_draws: draws of the method of composition.
        ci: coverage of the intervals.
        seed: seed of the θ and β draws (γ is inferred with the model's own ``seed``).
        progress: show a progress bar over the draws.

    Returns:
        An :class:`EffectEstimate`: ``.coefficients()``, ``.differences("outlet")``,
        ``.trend("date")`` give tidy tables; :func:`framing.viz.plots.frames.plot_effect` draws them.
    """
    gamma = infer_gamma(model.lda, model.dtm, seed=model.seed)
    if not (gamma > 0).all():
        raise ModelError("the model's variational parameters γ include zeros; refit with a positive alpha")
    return effect_from_gamma(gamma, model.dtm.docs, covariates=covariates, topics=topics, df=df,
                             interaction=interaction, n_draws=n_draws, ci=ci, seed=seed, progress=progress)
