"""Term queries on a 100,000-document matrix: rates by outlet × month, and keyness beside scattertext.

The corpus is the one of ``make bench`` (:func:`benchmarks.corpora.synthetic_path`): 100,000
documents drawn with replacement (seed 0) from the demo corpus ``ukraine-2022-window``
(fetched on first use). A document's counts depend only on its text, so its matrix is the
demo corpus's matrix with its rows drawn the same way; that is how it is built here
(``--quick`` checks the equivalence against a matrix built from the resampled texts). The
trigram matrix keeps terms in at least ``--min-df`` demo documents, as a user with 100,000
articles would, to bound memory.

1. ``term_rates`` of three patterns by outlet × month on the built matrix: point estimates
   and denominators (``n_boot=0``; target ≤ 20 ms median), then with 1,000 bootstrap
   replicates. The first query also builds the column index (a CSC copy), shown apart.
2. Full-vocabulary keyness, each of 4 outlets vs the rest, log-odds with informative
   Dirichlet prior: ``fr.keyness`` (all statistics, p, BH q, a tidy table) beside
   scattertext's ``LogOddsRatioInformativeDirichletPrior`` (z-scores only) on the same
   counts; the z-scores are asserted equal first. Also ``fr.keyness`` straight from the
   100,000-document unigram matrix (grouping included).

    .venv/bin/python benchmarks/bench_terms.py           # 100,000 documents
    .venv/bin/python benchmarks/bench_terms.py --quick   # 2,000 documents, a tiny run (the tests use it)
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # runnable as a script as well as -m

import framing as fr  # noqa: E402
from benchmarks.corpora import DEMO, ROW_GROUP, demo_corpus  # noqa: E402
from benchmarks.harness import Row, measure, report, row, within  # noqa: E402
from framing.dtm.matrix import DocTermMatrix  # noqa: E402
from framing.terms.keyness import log_odds  # noqa: E402

PATTERNS = {"invasion": "invasion*|invad*", "aggression": "aggression*|aggressor*",
            "SMO": "special military operation*"}


def resampled_rows(n_source: int, n: int, seed: int = 0) -> np.ndarray:
    """The rows :func:`benchmarks.corpora.synthetic_path` draws (same generator, same row groups)."""
    rng = np.random.default_rng(seed)
    return np.concatenate([rng.integers(0, n_source, size=min(ROW_GROUP, n - start))
                           for start in range(0, n, ROW_GROUP)])


def resample(dtm: DocTermMatrix, rows: np.ndarray) -> DocTermMatrix:
    """The matrix of the documents ``rows`` (repeats allowed), with fresh document ids."""
    docs = dtm.docs.iloc[rows].reset_index(drop=True)
    docs["doc_id"] = [f"{d}~{i}" for i, d in enumerate(docs["doc_id"])]
    return dataclasses.replace(dtm, matrix=dtm.matrix[rows], doc_lengths=dtm.doc_lengths[rows], docs=docs,
                               fingerprint=f"{dtm.fingerprint}-resampled-{len(rows)}")


def check_equivalence(corpus: fr.Corpus, rows: np.ndarray, resampled: DocTermMatrix) -> None:
    """The resampled matrix counts what a matrix of the resampled texts counts."""
    df = corpus.df.iloc[rows].reset_index(drop=True)
    df["doc_id"] = [f"{d}~{i}" for i, d in enumerate(df["doc_id"])]
    with warnings.catch_warnings():  # resampling repeats documents, as intended
        warnings.simplefilter("ignore", fr.FramingWarning)
        direct = fr.document_term_matrix(fr.from_dataframe(df), ngrams=3, cache=False)
    ours = fr.term_rates(resampled, PATTERNS, period="M", n_boot=0)
    theirs = fr.term_rates(direct, PATTERNS, period="M", n_boot=0)
    pd.testing.assert_frame_equal(ours, theirs)


def one_row_per_outlet(dtm: DocTermMatrix) -> DocTermMatrix:
    """A matrix whose documents are the outlets' summed counts (the counts scattertext gets)."""
    labels, counts, tokens = dtm.group_counts("outlet")
    docs = pd.DataFrame({"doc_id": labels["outlet"], "outlet": labels["outlet"], "date": pd.Timestamp("2022-01-01")})
    return dataclasses.replace(dtm, matrix=sp.csr_matrix(counts), doc_lengths=np.asarray(tokens, dtype=np.int64),
                               docs=docs)


def scattertext_z(grouped: DocTermMatrix) -> list[np.ndarray]:
    """scattertext's informative-prior z-scores of each outlet vs the rest (prior: all counts)."""
    from scattertext.termsignificance.LogOddsRatioInformativeDirichletPiror import LogOddsRatioInformativeDirichletPrior

    counts = grouped.matrix.toarray()
    total = counts.sum(axis=0)
    scorer = LogOddsRatioInformativeDirichletPrior(pd.Series(total), scale_type="none")
    with warnings.catch_warnings():  # its log of a zero count (a term absent from one side)
        warnings.simplefilter("ignore", RuntimeWarning)
        return [scorer.get_zeta_i_j_given_separate_counts(counts[i], total - counts[i]) for i in range(len(counts))]


def bench_rates(big: DocTermMatrix, label: str, repeat: int) -> list[Row]:
    first = measure(lambda: fr.term_rates(big, PATTERNS, period="M", n_boot=0), repeat=1, warmup=0)
    point = measure(lambda: fr.term_rates(big, PATTERNS, period="M", n_boot=0), repeat=repeat)
    boot = measure(lambda: fr.term_rates(big, PATTERNS, period="M", n_boot=1000, seed=1),
                   repeat=max(1, repeat // 5), warmup=0)
    groups = len(point.ours_result) // len(PATTERNS)
    return [
        row("rates by outlet × month, 3 patterns, first query", label, big.shape[0], first,
            note="includes building the column-major copy of the matrix once"),
        row("rates by outlet × month, 3 patterns", label, big.shape[0], point, target=within(0.02),
            note=f"{groups} outlet-months; counts, denominators, per 10k, share of documents; n_boot=0"),
        row("  … with 1,000 bootstrap replicates", label, big.shape[0], boot,
            note="documents resampled within each of the outlet-months"),
    ]


def bench_keyness(unigrams: DocTermMatrix, label: str, repeat: int) -> list[Row]:
    grouped = one_row_per_outlet(unigrams)
    key = fr.keyness(grouped, measure="log_odds", min_freq=1)
    peer_z = scattertext_z(grouped)
    for i, outlet in enumerate(grouped.docs["outlet"]):
        part = key[key["group_a"] == outlet].set_index("term")["log_odds_z"].reindex(grouped.vocab)
        tested = part.notna().to_numpy()
        assert np.allclose(part.to_numpy()[tested], peer_z[i][tested], rtol=1e-9), outlet
    same = measure(lambda: fr.keyness(grouped, measure="log_odds", min_freq=1), lambda: scattertext_z(grouped),
                   repeat=repeat)
    counts = grouped.matrix.toarray().astype(float)
    total, tokens = counts.sum(axis=0), grouped.doc_lengths.astype(float)

    def z_only() -> list[np.ndarray]:
        return [log_odds(counts[i], total - counts[i], tokens[i], tokens.sum() - tokens[i], total, tokens.sum())[1]
                for i in range(len(counts))]

    kernel = measure(z_only, lambda: scattertext_z(grouped), repeat=repeat)
    full = measure(lambda: fr.keyness(unigrams, measure="log_odds", min_freq=1), repeat=max(1, repeat // 2))
    v = unigrams.shape[1]
    return [
        row("keyness, 4 outlets vs rest, same counts", label, unigrams.shape[0], same,
            peer="scattertext LogOddsRatioInformativeDirichletPrior",
            note=f"{v:,} terms; ours: G², χ², Log Ratio, log-odds δ and z, p, BH q, tidy table; "
                 "scattertext: z only; z-scores equal"),
        row("  log-odds z only (framing.terms.keyness.log_odds)", label, unigrams.shape[0], kernel,
            peer="scattertext LogOddsRatioInformativeDirichletPrior", note="the same computation on both sides"),
        row("keyness, 4 outlets vs rest, from the matrix", label, unigrams.shape[0], full,
            note="grouping the document rows included"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 documents, few repeats")
    parser.add_argument("--docs", type=int, default=100_000, help="documents in the resampled corpus")
    parser.add_argument("--min-df", type=int, default=10, help="trigram matrix: keep terms in ≥ this many "
                                                              "demo documents (default 10)")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs of the rate query (default 15)")
    args = parser.parse_args(argv)
    n, repeat = (2_000, 3) if args.quick else (args.docs, args.repeat)
    corpus = demo_corpus()
    if args.quick:
        corpus = corpus.sample(300, seed=1)
    rows = resampled_rows(len(corpus), n)
    label = f"{DEMO} resampled ×{n / len(corpus):.0f}"
    trigrams = fr.document_term_matrix(corpus, ngrams=3, min_df=min(args.min_df, 2 if args.quick else args.min_df),
                                       cache=False)
    big = resample(trigrams, rows)
    if args.quick:
        check_equivalence(corpus, rows, resample(fr.document_term_matrix(corpus, ngrams=3, cache=False), rows))
    print(f"matrix: {big!r}", flush=True)
    results = bench_rates(big, label, repeat)
    del big, trigrams
    results += bench_keyness(resample(fr.document_term_matrix(corpus, cache=False), rows), label, repeat)
    report(results, name="terms-quick" if args.quick else "terms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
