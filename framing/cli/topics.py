"""``framing topics``: fit a topic model, or sweep the number of topics.

    framing topics articles.jsonl --k 20 --seed 1 -o models/k20
    framing topics sweep articles.jsonl --ks 5:40:5 --seeds 1,2,3 -o sweep.csv

Both build the document-term matrix with ``--stopwords`` (default ``auto``) and
``--min-df`` (default 2). A fit prints one label per topic; with ``-o`` it saves the
model folder (reload it with ``framing.load_topics(folder, dtm)`` on a matrix built with
the same options) and writes ``terms.csv`` there; saving again into that folder replaces
only the model's files (JSON and plain arrays, no pickle), never other files kept in it.
A sweep prints one row per fit (coherence, perplexity, exclusivity, stability) and writes
it as CSV with ``-o``.
"""

from __future__ import annotations

import argparse

import pandas as pd

from framing._infra.errors import ConfigError
from framing.cli.common import add_corpus_options, check_output, corpus_options, open_corpus, print_table, write_output
from framing.corpus.corpus import Corpus
from framing.dtm.matrix import DocTermMatrix


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``framing topics [sweep] CORPUS ...`` to the parser."""
    parser = sub.add_parser("topics", help="fit topic models (LDA) or sweep the number of topics",
                            usage="framing topics CORPUS --k K [options]\n"
                                  "       framing topics sweep CORPUS --ks KS [options]",
                            description=(__doc__ or "").replace("``", ""),
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("words", nargs="+", metavar="[sweep] CORPUS",
                        help="a corpus file or folder; 'sweep CORPUS' to compare numbers of topics")
    parser.add_argument("--k", type=int, help="number of topics of a fit (required without 'sweep')")
    parser.add_argument("--seed", type=int, default=1, help="random seed of a fit (default 1)")
    parser.add_argument("--ks", help="sweep: numbers of topics, START:STOP:STEP (STOP included) or 5,10,20")
    parser.add_argument("--seeds", default="1,2,3", help="sweep: seeds, comma-separated (default 1,2,3)")
    parser.add_argument("--processes", type=int, help="sweep: worker processes (default: one per CPU)")
    parser.add_argument("--passes", type=int, default=10, help="passes over the corpus (default 10)")
    parser.add_argument("--iterations", type=int, default=50, help="inference iterations (default 50)")
    parser.add_argument("--stopwords", default="auto", help="stopwords: auto, a language code or none")
    parser.add_argument("--min-df", type=int, default=2, help="keep terms in ≥ this many documents (2)")
    parser.add_argument("--top", type=int, default=8, help="terms per topic in the output (default 8)")
    parser.add_argument("-o", "--output", help="fit: model folder to write; sweep: CSV file to write")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    add_corpus_options(parser)
    parser.set_defaults(run=_run)


def parse_ks(spec: str) -> list[int]:
    """``"5:40:5"`` → 5, 10, …, 40 (stop included); ``"5,10,20"`` → those."""
    try:
        if ":" in spec:
            parts = [int(p) for p in spec.split(":")]
            if len(parts) == 2:
                parts.append(1)
            if len(parts) != 3 or parts[2] < 1:
                raise ValueError
            start, stop, step = parts
            return list(range(start, stop + 1, step))
        return [int(p) for p in spec.split(",") if p.strip()]
    except ValueError:
        raise ConfigError(f"--ks {spec!r}: use START:STOP:STEP (e.g. 5:40:5) "
                          "or a list such as 5,10,20") from None


def _matrix(args: argparse.Namespace) -> tuple[Corpus, DocTermMatrix]:
    from framing.dtm.matrix import document_term_matrix

    corpus = open_corpus(args.words[-1], **corpus_options(args))
    stopwords = None if args.stopwords.lower() == "none" else args.stopwords
    return corpus, document_term_matrix(corpus, stopwords=stopwords, min_df=args.min_df)


def _run(args: argparse.Namespace) -> int:
    if args.words[0] == "sweep" and len(args.words) == 2:
        return _sweep(args)
    if len(args.words) != 1:
        raise ConfigError(f"expected CORPUS or 'sweep CORPUS', got {' '.join(args.words)!r}")
    if args.k is None:
        raise ConfigError("--k is required: the number of topics to fit (or use 'framing topics sweep')")
    return _fit(args)


def _fit(args: argparse.Namespace) -> int:
    from framing.topics.model import LdaOptions, fit_topics

    _, dtm = _matrix(args)
    model = fit_topics(dtm, args.k, seed=args.seed, options=LdaOptions(passes=args.passes, iterations=args.iterations),
                       progress=not args.quiet)
    print(f"{model!r}")
    print_table(model.labels(n=args.top))
    if args.output:
        folder = model.save(args.output)
        terms = model.terms(n=args.top)
        write_output(folder / "terms.csv", terms.to_csv(index=False, float_format="%.6g"))
        print(f"saved the model to {folder} (and its top terms to {folder / 'terms.csv'})")
    return 0


def _sweep(args: argparse.Namespace) -> int:
    from framing.topics.model import LdaOptions
    from framing.topics.sweep import SweepOptions, sweep_topics

    if args.ks is None:
        raise ConfigError("'framing topics sweep' needs --ks, e.g. --ks 5:40:5")
    try:
        seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    except ValueError:
        raise ConfigError(f"--seeds {args.seeds!r}: use whole numbers separated by commas, "
                          "e.g. 1,2,3") from None
    if args.output:
        check_output(args.output)
    corpus, dtm = _matrix(args)
    lda = LdaOptions(passes=args.passes, iterations=args.iterations)
    options = SweepOptions(progress=not args.quiet, lda=lda)
    table = sweep_topics(dtm, ks=parse_ks(args.ks), seeds=seeds, texts=corpus, stability=len(seeds) > 1,
                         processes=args.processes, options=options)
    with pd.option_context("display.float_format", "{:.4g}".format):
        print_table(table)
    if args.output:
        write_output(args.output, table.to_csv(index=False, float_format="%.6g"))
        print(f"wrote {args.output}")
    return 0
