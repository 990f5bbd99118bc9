"""Coverage of framing's 95% intervals on simulated corpora: ``python -m benchmarks.coverage``.

Each setting simulates ``groups`` independent groups (an outlet × month cell) of ``docs``
documents and counts how often each interval method's interval contains the true value,
and on which side it misses (``low``: the whole interval lies below the truth).

- **Rates** (``per_10k``) and **document shares** (``doc_share``): document lengths are
  log-normal (median 500 tokens, σ = 0.8, rounded, at least 1); a document's rate is
  ``λ_d ~ Gamma(shape κ, mean r)`` and its count ``Poisson(λ_d · t_d / 10,000)`` — bursty use
  for small κ. Truth: ``per_10k = r``; ``doc_share = 1 − E_t[(1 + r t / (10,000 κ))^(−κ)]``
  (the gamma–Poisson probability of a zero), the expectation over 10⁶ simulated lengths.
- **Term shares** (``share``): two alternatives with rates 5 and 20 per 10k, each gamma–Poisson
  as above; truth ``share = 5 / 25 = 0.2`` for the first. Methods: ``fieller`` (the default) and
  ``percentile``.
- **Topic prevalence**: each document's topic shares ``θ_d ~ Dirichlet(α, …, α)`` over 10
  topics; truth ``prevalence = 0.1``.

The methods are those of :mod:`framing.stats.intervals`, called exactly as ``term_rates``,
``term_share`` and ``topic_prevalence`` call them. Everything is seeded (``--seed``); the
tables are printed and written to ``build/coverage/<statistic>.json``.

>>> rows = rate_coverage(Setting(docs=20, shape=1.0, rate=20.0), groups=3, n_boot=50, seed=1)
>>> sorted({r["method"] for r in rows}), sorted({r["statistic"] for r in rows})
(['percentile', 'profile'], ['doc_share', 'per_10k'])
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from framing.stats.intervals import mean_intervals, proportion_intervals, rate_intervals, share_intervals

PER = 10_000
MEDIAN_TOKENS, LENGTH_SIGMA = 500, 0.8
DOCS, SHAPES, RATES = (20, 50, 200), (0.2, 1.0, 5.0), (5.0, 20.0)
ALPHAS, TOPICS, PREVALENCE_DOCS = (0.1, 0.5), 10, (20, 40, 50, 200)
SHARE_RATES = (5.0, 20.0)
CI = 0.95


@dataclasses.dataclass(frozen=True)
class Setting:
    """One simulated setting: documents per group, the gamma shape κ (or Dirichlet α) and the rate per 10k."""

    docs: int
    shape: float
    rate: float = 0.0

    def key(self, statistic: str) -> str:
        return f"{statistic}/n={self.docs}/shape={self.shape}/rate={self.rate}"


def lengths(rng: np.random.Generator, n: int) -> np.ndarray:
    """Log-normal document lengths, median ``MEDIAN_TOKENS``, σ ``LENGTH_SIGMA``, at least one token."""
    return np.maximum(1.0, np.round(np.exp(rng.normal(np.log(MEDIAN_TOKENS), LENGTH_SIGMA, n))))


def bursty_counts(rng: np.random.Generator, tokens: np.ndarray, shape: float, rate: float) -> np.ndarray:
    """Gamma–Poisson counts: ``λ_d ~ Gamma(shape, mean rate)``, ``c_d ~ Poisson(λ_d t_d / 10,000)``."""
    return rng.poisson(rng.gamma(shape, rate / shape, len(tokens)) * tokens / PER).astype(float)


def true_doc_share(shape: float, rate: float, seed: int) -> float:
    """``1 − E_t[(1 + rate·t/(10,000·shape))^(−shape)]`` over 10⁶ simulated lengths."""
    t = lengths(np.random.default_rng([seed, 999]), 1_000_000)
    return float(1 - np.mean((1 + rate * t / (PER * shape)) ** (-shape)))


def _rng(seed: int, setting: Setting, statistic: str) -> np.random.Generator:
    return np.random.default_rng([seed, setting.docs, int(setting.shape * 100), int(setting.rate * 100),
                                  sum(statistic.encode())])


def _tally(rows: list[dict[str, Any]], truth: float, lo: float, hi: float) -> None:
    rows.append({"low": hi < truth, "high": lo > truth, "width": hi - lo})


def _summary(statistic: str, method: str, setting: Setting, truth: float,
             tallies: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(tallies)
    low = sum(t["low"] for t in tallies) / n
    high = sum(t["high"] for t in tallies) / n
    return {"statistic": statistic, "method": method, "docs": setting.docs, "shape": setting.shape,
            "rate": setting.rate, "truth": truth, "groups": n, "coverage": 1 - low - high,
            "miss_low": low, "miss_high": high, "median_width": float(np.median([t["width"] for t in tallies]))}


def rate_coverage(setting: Setting, *, groups: int, n_boot: int, seed: int) -> list[dict[str, Any]]:
    """Coverage of ``per_10k`` and ``doc_share`` intervals, both methods, in one setting."""
    rng = _rng(seed, setting, "rates")
    share_truth = true_doc_share(setting.shape, setting.rate, seed)
    tallies: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for g in range(groups):
        t = lengths(rng, setting.docs)
        c = bursty_counts(rng, t, setting.shape, setting.rate)[:, None]
        for method in ("profile", "percentile"):
            key = f"{setting.key('r')}/{g}"
            lo, hi = rate_intervals(c, t, ci_method=method, n_boot=n_boot, ci=CI, seed=seed, key=key)
            _tally(tallies.setdefault(("per_10k", method), []), setting.rate, PER * lo[0], PER * hi[0])
            lo, hi = proportion_intervals(c > 0, ci_method=method, n_boot=n_boot, ci=CI, seed=seed, key=key)
            _tally(tallies.setdefault(("doc_share", method), []), share_truth, lo[0], hi[0])
    truths = {"per_10k": setting.rate, "doc_share": share_truth}
    return [_summary(stat, method, setting, truths[stat], rows) for (stat, method), rows in tallies.items()]


def share_coverage(setting: Setting, *, groups: int, n_boot: int, seed: int) -> list[dict[str, Any]]:
    """Coverage of the first of two alternatives' ``share`` intervals (rates ``SHARE_RATES``)."""
    rng = _rng(seed, setting, "share")
    truth = SHARE_RATES[0] / sum(SHARE_RATES)
    tallies: dict[str, list[dict[str, Any]]] = {}
    for g in range(groups):
        t = lengths(rng, setting.docs)
        c = np.column_stack([bursty_counts(rng, t, setting.shape, r) for r in SHARE_RATES])
        for method in ("fieller", "percentile"):
            lo, hi = share_intervals(c, ci_method=method, n_boot=n_boot, ci=CI, seed=seed,
                                     key=f"{setting.key('s')}/{g}")
            _tally(tallies.setdefault(method, []), truth, lo[0], hi[0])
    return [_summary("share", method, setting, truth, rows) for method, rows in tallies.items()]


def prevalence_coverage(setting: Setting, *, groups: int, n_boot: int, seed: int) -> list[dict[str, Any]]:
    """Coverage of one topic's ``prevalence`` interval, θ ~ Dirichlet(α = ``setting.shape``) over ``TOPICS``."""
    rng = _rng(seed, setting, "prevalence")
    tallies: dict[str, list[dict[str, Any]]] = {}
    for g in range(groups):
        theta = rng.dirichlet([setting.shape] * TOPICS, setting.docs)[:, :1]
        for method in ("studentized", "percentile"):
            lo, hi = mean_intervals(theta, ci_method=method, n_boot=n_boot, ci=CI, seed=seed,
                                    key=f"{setting.key('p')}/{g}")
            _tally(tallies.setdefault(method, []), 1 / TOPICS, lo[0], hi[0])
    return [_summary("prevalence", method, setting, 1 / TOPICS, rows) for method, rows in tallies.items()]


Simulation = Callable[..., list[dict[str, Any]]]


SIMULATIONS: dict[str, Simulation] = {"rates": rate_coverage, "share": share_coverage,
                                      "prevalence": prevalence_coverage}
"""The simulations ``--only`` can pick."""


def plan() -> Iterator[tuple[Simulation, Setting]]:
    """Every (simulation, setting) of the full run."""
    for docs in DOCS:
        for shape in SHAPES:
            for rate in RATES:
                yield rate_coverage, Setting(docs, shape, rate)
    for docs in DOCS:
        for shape in SHAPES:
            yield share_coverage, Setting(docs, shape)
    for docs in PREVALENCE_DOCS:
        for alpha in ALPHAS:
            yield prevalence_coverage, Setting(docs, alpha)


def table(rows: list[dict[str, Any]]) -> str:
    """A Markdown table: one line per setting, one ``coverage (low/high misses)`` column per method."""
    methods = list(dict.fromkeys(r["method"] for r in rows))
    settings = list(dict.fromkeys((r["docs"], r["shape"], r["rate"]) for r in rows))
    out = ["| docs | shape | rate | " + " | ".join(methods) + " |", "|---" * (3 + len(methods)) + "|"]
    for docs, shape, rate in settings:
        cells = []
        for m in methods:
            r = next(r for r in rows if r["method"] == m and (r["docs"], r["shape"], r["rate"]) == (docs, shape, rate))
            cells.append(f"{r['coverage']:.3f} ({r['miss_low']:.3f}/{r['miss_high']:.3f})")
        out.append(f"| {docs} | {shape:g} | {rate:g} | " + " | ".join(cells) + " |")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Run every setting, print one table per statistic and write ``<out>/<statistic>.json``."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.coverage", description=__doc__.split("\n")[0])
    parser.add_argument("--groups", type=int, default=400, help="groups per setting (default 400)")
    parser.add_argument("--n-boot", type=int, default=1000, help="bootstrap replicates (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the simulation and the bootstrap (default 1)")
    parser.add_argument("--out", type=Path, default=Path("build/coverage"), help="folder of the JSON tables")
    parser.add_argument("--only", choices=sorted(SIMULATIONS), action="append",
                        help="run only these simulations (repeatable; default all)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    results: dict[str, list[dict[str, Any]]] = {}
    chosen = {SIMULATIONS[name] for name in args.only or SIMULATIONS}
    steps = [(simulate, setting) for simulate, setting in plan() if simulate in chosen]
    for simulate, setting in tqdm(steps, desc="coverage", unit="setting"):
        for row in simulate(setting, groups=args.groups, n_boot=args.n_boot, seed=args.seed):
            results.setdefault(row["statistic"], []).append(row)
    args.out.mkdir(parents=True, exist_ok=True)
    for statistic, rows in results.items():
        (args.out / f"{statistic}.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
        print(f"\n{statistic}: coverage of 95% intervals, {args.groups} groups per setting "
              f"(misses low/high)\n{table(rows)}")
    print(f"\n{len(steps)} settings in {time.perf_counter() - start:.0f} s")
    return results


if __name__ == "__main__":
    main()
