"""``framing corpus``: list, fetch and inspect corpora.

Usage::

    framing corpus list                               named corpora and whether they are built
    framing corpus fetch ukraine-2022 [--mirror DIR]  download, verify and build a named corpus
    framing corpus info ukraine-2022                  sources, licences, counts, fingerprint
    framing corpus info articles.csv                  the same summary for your own file
    framing corpus info scraped/ --outlet '{stem}' --date published --dayfirst yes
                                                      ... and folder, mapped (or by its corpus.toml)
"""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from framing.cli.common import add_corpus_options, corpus_options, open_corpus, print_table

if TYPE_CHECKING:
    from framing.corpus.catalog import Recipe
    from framing.corpus.corpus import Corpus


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``framing corpus ...`` to the parser."""
    parser = sub.add_parser("corpus", help="list, fetch and inspect corpora")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="named corpora, their size and whether they are built")
    listing.set_defaults(run=_list)
    fetch = actions.add_parser("fetch", help="download (or copy from a mirror), verify and build a "
                                             "named corpus")
    fetch.add_argument("name", help="a named corpus, e.g. ukraine-2022 (see `framing corpus list`)")
    fetch.add_argument("--mirror", metavar="DIR", help="take the raw files from this folder "
                       "(layout github/<owner>/<repo>/<commit>/<path>) instead of the network; "
                       "default $FRAMING_MIRROR")
    fetch.add_argument("--refresh", action="store_true", help="rebuild even if a valid cache exists")
    fetch.add_argument("--retries", type=int, default=3, metavar="N",
                       help="further attempts per file after a failed download (default 3)")
    fetch.set_defaults(run=_fetch)
    info = actions.add_parser("info", help="documents, tokens and dates per outlet; for a named "
                                           "corpus also sources, licences and the fingerprint")
    info.add_argument("path", metavar="NAME|PATH", help="a named corpus, a .csv/.jsonl/.parquet "
                      "file (optionally .gz) or a folder")
    info.add_argument("--mirror", metavar="DIR", help="as for `fetch`, if the corpus must be built")
    add_corpus_options(info)
    info.set_defaults(run=_info)


def _list(_args: argparse.Namespace) -> int:
    """The table of named corpora; a broken recipe is a row marked ``broken``, its error below."""
    from framing._infra.errors import CatalogError
    from framing.corpus import catalog

    rows: list[dict[str, object]] = []
    broken: list[str] = []
    for name, recipe in catalog.survey():
        built = None
        if not isinstance(recipe, CatalogError):
            try:
                built = catalog.cached_documents(name)
            except CatalogError as exc:
                recipe = exc
        if isinstance(recipe, CatalogError):
            broken.append(f"- {name}: {recipe}")
            rows.append({"name": name, "built": "broken", "documents": None, "reference": None,
                         "title": "(see below)"})
            continue
        rows.append({"name": name, "built": "no" if built is None else "yes",
                     "documents": built, "reference": sum(recipe.reference.values()) or None,
                     "title": recipe.title})
    print_table(pd.DataFrame(rows).astype({"documents": "Int64", "reference": "Int64"}))
    print(f"\ndata folder: {catalog.data_dir()}  (set FRAMING_DATA to change it)")
    if broken:
        print("\nrecipes that cannot be used (fix or remove them):", *broken, sep="\n")
    return 0


def _say_mirror(given: str | None) -> None:
    """Name the mirror in use, and how a relative one was resolved."""
    from framing._infra.paths import MIRROR_VARIABLE, variable
    from framing.corpus import catalog

    folder = catalog.mirror_folder(given)
    if folder is None:
        return
    value = given if given is not None else variable(MIRROR_VARIABLE)
    origin = "--mirror" if given is not None else MIRROR_VARIABLE
    relative = "" if Path(str(value)).expanduser().is_absolute() else ", relative to the current folder"
    print(f"mirror: {folder} ({origin} {value}{relative}); the network is not used")


def _fetch(args: argparse.Namespace) -> int:
    from framing.corpus import catalog

    _say_mirror(args.mirror)
    corpus = catalog.load_corpus(args.name, mirror=args.mirror, refresh=args.refresh,
                                 retries=args.retries)
    print(f"{args.name}: {corpus!r}")
    print(f"fingerprint: {corpus.fingerprint}{_pin_note(args.name, corpus.fingerprint)}")
    print(f"stored in {catalog.data_dir() / args.name}")
    return 0


def _pin_note(name: str, fingerprint: str) -> str:
    from framing.corpus import catalog

    pinned = catalog.get_recipe(name).fingerprint
    if not pinned:
        return " (the recipe pins none)"
    return " (as pinned in the recipe)" if pinned == fingerprint else f" (the recipe pins {pinned}!)"


def _summary_table(corpus: Corpus, reference: dict[str, int] | None = None) -> pd.DataFrame:
    table = corpus.summary().assign(first_date=lambda d: d["first_date"].dt.strftime("%Y-%m-%d"),
                                    last_date=lambda d: d["last_date"].dt.strftime("%Y-%m-%d"))
    if reference:
        ref = table["outlet"].map(reference)
        table.insert(2, "reference", ref.astype("Int64"))
        table.insert(3, "difference", (table["documents"] - ref).astype("Int64"))
    return table


def _wrapped(label: str, text: str) -> None:
    print(textwrap.fill(text, width=100, initial_indent=f"  {label}: ",
                        subsequent_indent=" " * (len(label) + 4)))


def _info(args: argparse.Namespace) -> int:
    from framing.corpus import catalog

    options = corpus_options(args)
    if args.path not in catalog.known_corpora() or options:
        corpus = open_corpus(args.path, **options)
        print(f"{args.path}: {corpus!r}")
        print(f"fingerprint: {corpus.fingerprint}")
        print_table(_summary_table(corpus))
        return 0
    recipe = catalog.get_recipe(args.path)
    corpus = catalog.load_corpus(args.path, mirror=args.mirror)
    print(f"{recipe.name}: {recipe.title}\n{corpus!r}")
    print(f"fingerprint: {corpus.fingerprint}{_pin_note(recipe.name, corpus.fingerprint)}")
    print(f"stored in {catalog.data_dir() / recipe.name}\n")
    print("documents per outlet (reference: the counts of an independent build, recorded in the recipe):")
    print_table(_summary_table(corpus, dict(recipe.reference)))
    chain = [recipe] + ([catalog.get_recipe(recipe.base)] if recipe.base else [])
    if recipe.filter:
        print(f"\nfilter (from {recipe.base}): "
              f"{recipe.filter.get('description') or recipe.filter.get('pattern')}")
    _print_sources(chain[-1])
    print("\nbuild report:")
    lines = catalog.build_report(args.path, mirror=args.mirror).lines()
    print("\n".join(f"  {line}" for line in lines) or "  nothing dropped or changed")
    differences = [d for r in chain for d in r.differences]
    if differences:
        print("\ndeliberate differences from the reference build:")
        for text in differences:
            print(textwrap.fill(text, width=100, initial_indent="- ", subsequent_indent="  "))
    return 0


def _print_sources(recipe: Recipe) -> None:
    """Each source's repository, files, licence, citation and notes; then dates and duplicates."""
    print("\nsources, licences and citations:")
    for source in recipe.sources:
        size = sum(f.size for f in source.files) / 1e6
        print(f"- {source.outlet}: {source.files[0].repo}@{source.files[0].commit[:7]}, "
              f"{len(source.files)} file(s), {size:.1f} MB, format {source.format}")
        for label, text in (("licence", source.license), ("cite", source.citation),
                            ("notes", source.notes)):
            if text:
                _wrapped(label, text)
    for key, text in recipe.info.items():
        print(f"\n{key}:")
        print(textwrap.fill(text, width=100, initial_indent="  ", subsequent_indent="  "))
