"""``framing cache``: what the cache holds, and clearing it.

    framing cache info                 entries and size per namespace, and the cache folder
    framing cache clear                delete every cache entry (asks first)
    framing cache clear dtm --yes      delete the document-term matrices, without asking

The cache folder is ``$FRAMING_CACHE`` (default ``~/.cache/framing``). Clearing deletes
only cache entries inside it: built corpora, the Jupyter kernel spec and anything a
symbolic link points to stay.
"""

from __future__ import annotations

import argparse
import math
import sys

import pandas as pd

from framing.cli.common import print_table

UNITS = ("B", "kB", "MB", "GB", "TB")


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``framing cache ...`` to the parser."""
    parser = sub.add_parser("cache", help="show or clear the cache (matrices, figure tables, topic models)",
                            description=(__doc__ or "").replace("``", ""),
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    info = actions.add_parser("info", help="entries and size per namespace, and the cache folder")
    info.set_defaults(run=_info)
    clear = actions.add_parser("clear", help="delete cache entries (all, or one namespace)")
    clear.add_argument("namespace", nargs="?", metavar="NAMESPACE",
                       help="only this namespace (see `framing cache info`); default: all")
    clear.add_argument("--yes", action="store_true", help="do not ask before deleting")
    clear.set_defaults(run=_clear)


def size(n: int) -> str:
    """A byte count for people: ``0 B``, ``999 B``, ``1.5 kB``, ``12.0 MB`` (powers of 1000).

    >>> size(0), size(999), size(1500), size(12_000_000)
    ('0 B', '999 B', '1.5 kB', '12.0 MB')
    """
    power = 0 if n < 1000 else min(int(math.log10(n)) // 3, len(UNITS) - 1)
    return f"{n} B" if power == 0 else f"{n / 1000 ** power:.1f} {UNITS[power]}"


def _info(_args: argparse.Namespace) -> int:
    from framing._infra.cache import info
    from framing._infra.paths import cache_root

    table = info()
    shown = pd.DataFrame({"namespace": table["namespace"], "entries": table["entries"],
                          "size": [size(int(n)) for n in table["bytes"]], "holds": table["holds"]})
    print_table(shown)
    print(f"\ncache folder: {cache_root()}  (set FRAMING_CACHE to change it); "
          f"total {size(int(table['bytes'].sum()))}")
    return 0


def _confirm(question: str) -> bool:
    print(f"{question} [y/N] ", end="", flush=True)
    try:
        answer = sys.stdin.readline()
    except (OSError, ValueError):  # no usable stdin: do not delete
        return False
    return answer.strip().lower() in ("y", "yes")


def _clear(args: argparse.Namespace) -> int:
    from framing._infra.cache import check_namespace, clear, info
    from framing._infra.paths import cache_root

    where = "all namespaces" if args.namespace is None else f"namespace {check_namespace(args.namespace)!r}"
    table = info()
    if args.namespace is not None:
        table = table[table["namespace"] == args.namespace]
    entries, held = int(table["entries"].sum()), int(table["bytes"].sum())
    if not entries and not held:
        print(f"nothing to clear in {where} of {cache_root()}")
        return 0
    if not args.yes and not _confirm(f"delete {entries} entries ({size(held)}) in {where} of {cache_root()}?"):
        print("cancelled; nothing deleted")
        return 1
    done = clear(args.namespace)
    print(f"deleted {done.entries} entries ({size(done.bytes)}) in {where} of {cache_root()}")
    for link in done.kept:
        print(f"kept the symbolic link {link} (links are never followed or removed)")
    return 0
