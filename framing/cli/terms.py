"""``framing terms``: rates (or term-choice shares) of patterns per outlet and period.

    framing terms articles.jsonl "invasion|invad*" "SMO=special military operation" --period M -o rates.csv
    framing terms articles.jsonl --dictionary ukraine --by outlet --share

PATTERN is a word, a glob (``invad*``) or a phrase, with ``|`` between alternatives;
``NAME=PATTERN`` names it. ``--dictionary`` counts the concepts of a frame dictionary
(a shipped name such as ``ukraine`` or a YAML/TOML/JSON file). Without ``-o`` the table
is printed; with ``-o`` it is written as CSV.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

import pandas as pd

from framing._infra.atomic import write_text
from framing._infra.errors import PatternError
from framing.cli.common import add_corpus_options, corpus_options, open_corpus, print_table
from framing.dtm.grouping import PERIODS

if TYPE_CHECKING:
    from framing.dtm.patterns import PatternSpec


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``framing terms CORPUS PATTERN...`` to the parser."""
    parser = sub.add_parser("terms", help="rates of terms per outlet and period, with intervals",
                            description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", help="a corpus file or folder")
    add_corpus_options(parser)
    parser.add_argument("patterns", nargs="*", metavar="PATTERN", help="pattern or NAME=PATTERN")
    parser.add_argument("--dictionary", help="a frame dictionary: shipped name or file")
    parser.add_argument("--language", help="language of the patterns, e.g. sr (decides transliteration)")
    add_grouping(parser)
    parser.add_argument("--share", action="store_true",
                        help="term-choice share among the patterns instead of rates")
    parser.add_argument("--n-boot", type=int, default=1000, help="bootstrap replicates (0: no intervals)")
    parser.add_argument("--ci", type=float, default=0.95, help="interval level (default 0.95)")
    parser.add_argument("--seed", type=int, default=1, help="bootstrap seed (default 1)")
    parser.add_argument("-o", "--output", help="CSV file to write")
    parser.set_defaults(run=_run)


def add_grouping(parser: argparse.ArgumentParser) -> None:
    """``--by`` and ``--period`` options."""
    parser.add_argument("--by", default="outlet",
                        help="group column(s), comma-separated, or 'none' (default outlet)")
    parser.add_argument("--period", choices=list(PERIODS), help="also group by day/week/month/... (D, W, M, Q, Y)")


def grouping(spec: str) -> list[str] | None:
    """``--by`` value → list of columns, or None for 'none'."""
    return None if spec.lower() == "none" else [c.strip() for c in spec.split(",") if c.strip()]


def pattern_spec(args: argparse.Namespace) -> PatternSpec:
    """The patterns of the command line: a frame dictionary or ``{name: pattern}``."""
    from framing.dtm.patterns import compile_patterns
    from framing.terms.dictionaries import load_dictionary

    if args.dictionary and args.patterns:
        raise PatternError("give patterns or --dictionary, not both")
    if args.dictionary:
        return load_dictionary(args.dictionary)
    if not args.patterns:
        raise PatternError("give at least one PATTERN (e.g. 'invasion|invad*') or --dictionary NAME")
    named = {}
    for item in args.patterns:
        name, sep, text = item.partition("=")
        named[name.strip() if sep else item] = text if sep else item
    return compile_patterns(named, language=args.language)


def write_or_print(table: pd.DataFrame, output: str | None) -> None:
    """Write CSV atomically, or print the table."""
    if output:
        write_text(output, table.to_csv(index=False))
        print(f"wrote {len(table):,} rows to {output}")
    else:
        print_table(table)


def _run(args: argparse.Namespace) -> int:
    from framing.terms.rates import term_rates, term_share

    patterns = pattern_spec(args)
    corpus = open_corpus(args.corpus, **corpus_options(args))
    compute = term_share if args.share else term_rates
    table = compute(corpus, patterns, by=grouping(args.by), period=args.period, n_boot=args.n_boot,
                    ci=args.ci, seed=args.seed)
    write_or_print(table, args.output)
    return 0
