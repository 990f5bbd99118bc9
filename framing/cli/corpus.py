"""``framing corpus``: look at a corpus."""

from __future__ import annotations

import argparse

from framing.cli.common import open_corpus, print_table


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``framing corpus ...`` to the parser."""
    parser = sub.add_parser("corpus", help="inspect corpora")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    info = actions.add_parser("info", help="documents, tokens and dates per outlet")
    info.add_argument("path", help="a .csv/.jsonl/.parquet file (optionally .gz) or a folder")
    info.set_defaults(run=_info)


def _info(args: argparse.Namespace) -> int:
    corpus = open_corpus(args.path)
    print(f"{args.path}: {corpus!r}")
    print(f"fingerprint: {corpus.fingerprint}")
    print_table(corpus.summary().assign(first_date=lambda d: d["first_date"].dt.strftime("%Y-%m-%d"),
                                        last_date=lambda d: d["last_date"].dt.strftime("%Y-%m-%d")))
    return 0
