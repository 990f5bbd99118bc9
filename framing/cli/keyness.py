"""``framing keyness``: the terms most distinctive of an outlet (or several) against others.

    framing keyness articles.jsonl --target kremlin.ru -o keyness.csv
    framing keyness articles.jsonl --reference each --measure g2 --top 20

Without ``--target`` every outlet is compared with the rest (``--reference rest``) or
with each other outlet (``--reference each``: all pairs). ``--top N`` keeps the N
highest-ranked terms of each comparison, as each is computed (many pairs need it: a
result of more than 20 million rows is refused). Without ``-o`` the table is printed.
"""

from __future__ import annotations

import argparse

from framing.cli.common import add_corpus_options, corpus_options, open_corpus
from framing.cli.terms import grouping, write_or_print


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``framing keyness CORPUS ...`` to the parser."""
    parser = sub.add_parser("keyness", help="distinctive terms of outlets: G², χ², Log Ratio, log-odds, BH q",
                            description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", help="a corpus file or folder")
    add_corpus_options(parser)
    parser.add_argument("--target", nargs="+", help="target group(s) (pooled); default: each in turn")
    parser.add_argument("--reference", nargs="+", default=["rest"],
                        help="'rest' (default), 'each', or reference group(s)")
    parser.add_argument("--by", default="outlet",
                        help="the column(s) whose values are the groups, comma-separated (default outlet)")
    parser.add_argument("--measure", default="log_odds", choices=["log_odds", "g2", "chi2", "log_ratio"],
                        help="decides p, q and the order (default log_odds)")
    parser.add_argument("--min-freq", type=int, default=5, help="test terms seen at least this often (5)")
    parser.add_argument("--ngrams", type=int, default=1, help="longest n-gram counted (default 1)")
    parser.add_argument("--stopwords", default="auto",
                        help="drop stopwords: auto (default: the documents' languages), a code, or none")
    parser.add_argument("--top", type=int, help="keep the N top terms of each comparison")
    parser.add_argument("--max-rows", type=int,
                        help="refuse a result of more rows (default 20,000,000; 0 for no limit)")
    parser.add_argument("-o", "--output", help="CSV file to write")
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from framing.dtm.matrix import document_term_matrix
    from framing.terms.keyness import MAX_ROWS, keyness

    corpus = open_corpus(args.corpus, **corpus_options(args))
    stop = None if args.stopwords.lower() == "none" else args.stopwords
    dtm = document_term_matrix(corpus, ngrams=args.ngrams, stopwords=stop)
    reference = args.reference[0] if len(args.reference) == 1 else args.reference
    target = args.target[0] if args.target and len(args.target) == 1 else args.target
    max_rows = MAX_ROWS if args.max_rows is None else args.max_rows or None
    table = keyness(dtm, by=grouping(args.by), target=target, reference=reference, measure=args.measure,
                    min_freq=args.min_freq, top=args.top, max_rows=max_rows)
    write_or_print(table, args.output)
    return 0
