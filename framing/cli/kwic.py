"""``framing kwic``: concordance lines of a pattern, on the text as published.

    framing kwic articles.jsonl "sphere* of influence" --window 12 --n 5 --by outlet --sort left

Without ``-o`` the lines are printed; with ``-o`` they are written as CSV.
"""

from __future__ import annotations

import argparse

from framing.cli.common import add_corpus_options, corpus_options, open_corpus
from framing.cli.terms import grouping, write_or_print


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``framing kwic CORPUS PATTERN`` to the parser."""
    parser = sub.add_parser("kwic", help="concordance (keyword in context) lines of a pattern",
                            description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", help="a corpus file or folder")
    add_corpus_options(parser)
    parser.add_argument("pattern", help="a word, glob or phrase; '|' between alternatives")
    parser.add_argument("--window", type=int, default=10, help="words on each side (default 10)")
    parser.add_argument("--n", type=int, help="sample this many lines per --by group (seeded)")
    parser.add_argument("--by", default="none", help="group column(s) for --n, e.g. outlet (default none)")
    parser.add_argument("--seed", type=int, default=1, help="sampling seed (default 1)")
    parser.add_argument("--sort", choices=["left", "right", "match"], help="sort by context")
    parser.add_argument("-o", "--output", help="CSV file to write")
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from framing.terms.kwic import kwic

    lines = kwic(open_corpus(args.corpus, **corpus_options(args)), args.pattern, window=args.window, n=args.n,
                 by=grouping(args.by), seed=args.seed, sort=args.sort)
    columns = ["doc_id", "outlet", "date", "left", "match", "right"] if not args.output else list(lines.columns)
    write_or_print(lines[columns], args.output)
    return 0
