"""Benchmarks of framing's topic models against gensim, in the same run.

1. Coherence (u_mass + c_npmi, top 10 terms) of a 20-topic model: ours vs gensim's
   ``CoherenceModel`` (one process each), values asserted equal to 1e-6. Ours is timed
   from prepared token sequences (as gensim gets its ``texts``) and also including the
   tokenisation of the corpus.
2. ``fit_topics`` vs a raw gensim ``LdaModel`` with the same settings: the overhead,
   the topic-term matrices asserted identical. As wall times of two runs of the same
   gensim code differ by more than 10 % on a loaded machine, ``wrapper_s`` also reports
   the time ``fit_topics`` spends outside ``LdaModel(...)``.
3. ``sweep_topics`` with 1 and 2 processes: the speed-up, the tables asserted identical.

    python benchmarks/bench_topics.py                # the demo corpus ukraine-2022 (fetched on first use)
    python benchmarks/bench_topics.py --quick        # a tiny run (used by the tests)
    python benchmarks/bench_topics.py --corpus my.jsonl --json results.json

Timings are the best of ``--repeat`` runs; on a shared machine they are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # runnable as a script as well as -m

import framing as fr  # noqa: E402
from benchmarks.corpora import TOPICAL  # noqa: E402
from framing.corpus.text import stopword_set  # noqa: E402
from framing.dtm.matrix import corpus_tokens  # noqa: E402
from framing.topics.coherence import (  # noqa: E402
    c_npmi,
    document_counts,
    top_term_ids,
    topic_texts,
    u_mass,
    window_counts,
)
from framing.topics.model import LdaOptions  # noqa: E402


def open_corpus(name_or_path: str) -> fr.Corpus:
    """A named corpus (fetched on first use) or a corpus file."""
    if name_or_path in fr.known_corpora():
        return fr.load_corpus(name_or_path, progress=False)
    return fr.read(name_or_path)


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    """(shortest wall time in seconds, result of the last run)."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def bench_coherence(corpus: fr.Corpus, dtm: fr.DocTermMatrix, k: int, passes: int, repeat: int) -> dict:
    from gensim.models import CoherenceModel

    model = fr.fit_topics(dtm, k, seed=1, options=fr.LdaOptions(passes=passes), progress=False)
    tokens = corpus_tokens(corpus)
    stop = stopword_set(["en"])
    texts = [[w for w in tokens.doc(i) if w not in stop] for i in range(len(tokens))]
    dictionary, bow = dtm.to_gensim()
    bow = list(bow)

    def gensim_values() -> np.ndarray:
        return np.array([CoherenceModel(model=model.lda, dictionary=dictionary, coherence=m, topn=10,
                                        processes=1, **kw).get_coherence_per_topic()
                         for m, kw in [("u_mass", {"corpus": bow}), ("c_npmi", {"texts": texts})]])

    prepared = topic_texts(corpus, dtm)

    def ours_values(texts_: Any) -> np.ndarray:
        top = top_term_ids(model.topic_term_, 10)
        tt = texts_ if texts_ is not None else topic_texts(corpus, dtm)
        return np.array([u_mass(top, document_counts(dtm, top.ravel())),
                         c_npmi(top, window_counts(tt, top.ravel()))])

    t_gensim, theirs = best_of(repeat, gensim_values)
    t_ours, ours = best_of(repeat, lambda: ours_values(prepared))
    t_ours_tok, ours_tok = best_of(repeat, lambda: ours_values(None))
    diff = float(max(np.abs(ours - theirs).max(), np.abs(ours_tok - theirs).max()))
    assert diff <= 1e-6, f"coherence differs from gensim by {diff}"
    return {"k": k, "gensim_s": t_gensim, "ours_s": t_ours, "ours_with_tokenising_s": t_ours_tok,
            "speedup": t_gensim / t_ours, "speedup_with_tokenising": t_gensim / t_ours_tok,
            "max_abs_difference": diff, "u_mass": float(ours[0].mean()), "c_npmi": float(ours[1].mean())}


def bench_fit(dtm: fr.DocTermMatrix, k: int, passes: int, repeat: int) -> dict:
    from gensim.models import LdaModel

    opts = LdaOptions(passes=passes)

    def raw() -> np.ndarray:
        dictionary, bow = dtm.to_gensim()
        return LdaModel(corpus=bow, id2word=dictionary, num_topics=k, random_state=1,
                        **opts.gensim_kwargs()).get_topics()

    def ours() -> np.ndarray:
        return fr.fit_topics(dtm, k, seed=1, options=fr.LdaOptions(passes=passes), progress=False).topic_term_

    times = {"raw": [], "ours": []}
    results = {}
    for _ in range(repeat):  # alternate, so that load on the machine hits both alike
        for name, fn in (("raw", raw), ("ours", ours)):
            t, results[name] = best_of(1, fn)
            times[name].append(t)
    assert np.array_equal(results["raw"], results["ours"]), "fit_topics differs from LdaModel"
    t_raw, t_ours = min(times["raw"]), min(times["ours"])
    return {"k": k, "passes": passes, "gensim_ldamodel_s": t_raw, "fit_topics_s": t_ours,
            "overhead": t_ours / t_raw - 1, "wrapper_s": wrapper_time(ours), "identical": True}


def wrapper_time(fit: Callable[[], Any]) -> float:
    """Seconds of ``fit`` outside gensim's ``LdaModel(...)`` (matrix conversion included)."""
    import gensim.models

    original, inside = gensim.models.LdaModel, []

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        model = original(*args, **kwargs)
        inside.append(time.perf_counter() - start)
        return model

    gensim.models.LdaModel = timed  # fit_topics imports it at call time
    try:
        total, _ = best_of(1, fit)
    finally:
        gensim.models.LdaModel = original
    return total - sum(inside)


def bench_sweep(dtm: fr.DocTermMatrix, corpus: fr.Corpus, ks: list[int], passes: int) -> dict:
    options = fr.SweepOptions(progress=False, lda=LdaOptions(passes=passes))
    run = {p: best_of(1, lambda p=p: fr.sweep_topics(dtm, ks=ks, seeds=[1, 2], texts=corpus, processes=p,
                                                     options=options)) for p in (1, 2)}
    pd.testing.assert_frame_equal(run[1][1], run[2][1])
    return {"ks": ks, "seeds": [1, 2], "passes": passes, "one_process_s": run[1][0],
            "two_processes_s": run[2][0], "speedup": run[1][0] / run[2][0], "cpus": os.cpu_count()}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=TOPICAL, help=f"a named corpus or a corpus file (default: {TOPICAL})")
    parser.add_argument("--quick", action="store_true", help="tiny run: 150 documents, small k, 1 pass")
    parser.add_argument("--repeat", type=int, default=3, help="timing repeats (default 3; 1 with --quick)")
    parser.add_argument("--parts", default="coherence,fit,sweep", help="which benchmarks to run (default: all)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args(argv)
    corpus = open_corpus(args.corpus)
    if args.quick:
        corpus = corpus.sample(150, seed=1)
    k, passes, repeat = (5, 1, 1) if args.quick else (20, 5, args.repeat)
    dtm = fr.document_term_matrix(corpus, stopwords="en", min_df=2 if args.quick else 5, cache=False)
    print(f"corpus: {args.corpus}, {dtm!r}", flush=True)
    ks = [2, 3] if args.quick else [5, 10, 15, 20]
    runs = {"coherence": lambda: bench_coherence(corpus, dtm, k, passes, repeat),
            "fit": lambda: bench_fit(dtm, k, passes, repeat),
            "sweep": lambda: bench_sweep(dtm, corpus, ks, 1 if args.quick else 2)}
    results: dict[str, Any] = {"corpus": args.corpus, "documents": dtm.shape[0], "terms": dtm.shape[1]}
    for part in args.parts.split(","):
        results[part] = runs[part]()
        print(f"{part}: {json.dumps(results[part])}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    return results


if __name__ == "__main__":
    main(sys.argv[1:])
