"""``framing figures``: build a figure set from a config (the demo set when none is given).

    framing figures                          # the demo figures into figures/
    framing figures paper.toml --out out/    # your own config
    framing figures paper.toml --force       # rebuild even what is up to date
    framing figures paper.toml --only fig2   # one figure (repeat --only for more)
    framing figures --kinds                  # the figure kinds and their options

The exit status is the number of figures that failed (at most 100): 0 means every
figure was built or already up to date. A config that cannot be read fails as a whole
(status 2, with the file and line). When --out cannot be made or written (a file, a
read-only folder), every figure fails with that reason. The build writes only figure
files and manifest.json inside --out, never over a file it reads, and deletes only files
that manifest.json lists and that are unchanged since they were built.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``framing figures`` to the parser."""
    parser = sub.add_parser("figures", help="build the figures, data and manifest of a figure config",
                            description=(__doc__ or "").replace("``", ""),
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("config", nargs="?", help="a .toml or .yaml figure config (default: the demo set)")
    parser.add_argument("--out", default="figures", help="output folder (default: figures/)")
    parser.add_argument("--force", action="store_true", help="rebuild every figure, even if up to date")
    parser.add_argument("--only", action="append", metavar="NAME",
                        help="build only this figure (repeat for several)")
    parser.add_argument("--kinds", action="store_true", help="list the figure kinds and their options")
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from framing.figures import build, demo_config, describe

    if args.kinds:
        print(describe())
        return 0
    report = build(args.config or demo_config(), out=args.out, force=args.force, only=args.only)
    return report.exit_code
