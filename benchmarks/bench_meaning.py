"""Runtime of framing.embeddings on the demo corpus: word vectors, one embedding regression, LSS.

Targets (issue 18): word vectors ≤ 60 s and one regression with 100 permutations ≤ 30 s on 2 cores.
Word2Vec runs on one worker (reproducible bit for bit), so the second core does not help it.
The regression includes the à-la-carte transformation of the corpus (fitted once per vectors).

    python -m benchmarks.bench_meaning              # the demo corpus ukraine-2022 (fetched on first use)
    python -m benchmarks.bench_meaning --json out.json

Timings are wall-clock seconds of one run (training is cached, so it is run with cache=False);
on a shared machine they are noisy.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # runnable as a script as well as -m

import framing as fr  # noqa: E402
from framing.embeddings import load_seeds  # noqa: E402


def run(corpus: fr.Corpus) -> dict[str, float]:
    """Seconds for the vectors, one regression (100 permutations, 200 bootstrap replicates) and LSS."""
    out: dict[str, float] = {}
    start = time.perf_counter()
    wv = fr.train_vectors(corpus, options=fr.VectorOptions(), progress=False, cache=False)
    out["word_vectors_s"] = time.perf_counter() - start
    start = time.perf_counter()
    fr.embedding_regression(corpus, "aggression*", vectors=wv, n_perm=100, n_boot=200, progress=False)
    out["regression_100_perm_s"] = time.perf_counter() - start
    start = time.perf_counter()
    fr.scale_documents(corpus, load_seeds("ukraine", axis="war"), n_boot=200)
    out["scale_documents_s"] = time.perf_counter() - start
    out.update(documents=len(corpus), words_with_vectors=len(wv))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="ukraine-2022", help="a named corpus or a file framing can read")
    parser.add_argument("--json", type=Path, help="write the numbers here")
    args = parser.parse_args(argv)
    known = args.corpus in fr.known_corpora()
    corpus = fr.load_corpus(args.corpus, progress=False) if known else fr.read(args.corpus)
    result = run(corpus)
    for name, value in result.items():
        print(f"{name:>24}: {value:,.1f}" if isinstance(value, float) else f"{name:>24}: {value:,}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
