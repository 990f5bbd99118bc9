"""``framing compare``: rate ratios and differences of patterns between two outlets, or before and after a date.

    framing compare articles.jsonl "war|aggression" --group-a kremlin.ru --group-b president.gov.ua
    framing compare articles.jsonl "war|aggression" --split 2022-02-24 -o ratios.csv
    framing compare articles.jsonl "war" --split 2022-02-24:2022-05-31 2021-12-01:2022-02-23

Each row gives both sides' counts and tokens, the rate ratio and the difference per 10,000
tokens, each with its exact interval (as R's ``poisson.test``) and its document-bootstrap
interval, the exact test's p, log10 p and the Benjamini–Hochberg q over the patterns.
``--split DATE`` compares, within each group of ``--by``, the documents from that day on
with those before it; ``--split START:END START:END`` compares two periods. PATTERN and
``--dictionary`` are as in ``framing terms``. Without ``-o`` the table is printed.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from framing._infra.errors import ConfigError
from framing.cli.common import add_corpus_options, corpus_options, open_corpus
from framing.cli.terms import grouping, pattern_spec, write_or_print

if TYPE_CHECKING:
    from framing.terms.compare import Split


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``framing compare`` to the parser: ``CORPUS PATTERN [PATTERN ...]``, two groups or ``--split``."""
    parser = sub.add_parser("compare", help="rate ratios of terms between outlets or before/after a date",
                            description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", help="a corpus file or folder, or a named corpus")
    parser.add_argument("patterns", nargs="*", metavar="PATTERN", help="pattern or NAME=PATTERN")
    add_corpus_options(parser)
    parser.add_argument("--dictionary", help="a frame dictionary: shipped name or file")
    parser.add_argument("--language", help="language of the patterns, e.g. sr (decides transliteration)")
    parser.add_argument("--by", default="outlet",
                        help="group column(s), comma-separated, or 'none' (default outlet)")
    parser.add_argument("--group-a", nargs="+", help="first side: group(s) of --by (several are pooled)")
    parser.add_argument("--group-b", nargs="+", help="second side: group(s) of --by, or 'rest'")
    parser.add_argument("--split", nargs="+", metavar="DATE",
                        help="a date (from it vs before it), or two periods START:END START:END")
    parser.add_argument("--n-boot", type=int, default=1000, help="bootstrap replicates (0: no bootstrap intervals)")
    parser.add_argument("--ci", type=float, default=0.95, help="interval level (default 0.95)")
    parser.add_argument("--seed", type=int, default=1, help="bootstrap seed (default 1)")
    parser.add_argument("-o", "--output", help="CSV file to write")
    parser.set_defaults(run=_run)


def split_spec(values: list[str] | None) -> Split:
    """``--split`` values → a date or two ``(start, end)`` periods.

    >>> split_spec(["2022-02-24"]), split_spec(["2022-03-01:2022-03-31", "2022-01-01:2022-01-31"])
    ('2022-02-24', [('2022-03-01', '2022-03-31'), ('2022-01-01', '2022-01-31')])
    """
    if not values:
        return None
    if len(values) == 1 and ":" not in values[0]:
        return values[0]
    periods = [tuple(v.split(":")) for v in values]
    if len(periods) != 2 or any(len(p) != 2 for p in periods):
        raise ConfigError(f"--split takes a date (2022-02-24) or two periods START:END START:END, got "
                          f"{' '.join(values)}")
    return [(p[0], p[1]) for p in periods]


def _side(values: list[str] | None) -> str | list[str] | None:
    if values is None:
        return None
    return values[0] if len(values) == 1 else values


def _run(args: argparse.Namespace) -> int:
    from framing.terms.compare import compare_rates

    patterns = pattern_spec(args)
    split = split_spec(args.split)
    corpus = open_corpus(args.corpus, **corpus_options(args))
    table = compare_rates(corpus, patterns, by=grouping(args.by), group_a=_side(args.group_a),
                          group_b=_side(args.group_b), split=split, n_boot=args.n_boot, ci=args.ci, seed=args.seed)
    write_or_print(table, args.output)
    return 0
