"""Helpers shared by the sub-commands."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pandas as pd

from framing._infra.atomic import write_text
from framing._infra.errors import ConfigError
from framing.corpus.corpus import Corpus


def open_corpus(spec: str, **options: Any) -> Corpus:
    """A corpus from a named corpus (``ukraine-2022``) or a file or folder path.

    An existing path wins over a name. A bare word that is neither raises a
    :class:`~framing._infra.errors.CatalogError` listing the known corpus names; anything that
    looks like a path (or a glob such as ``scraped/*.csv``) goes to :func:`framing.read`, whose
    errors name the file. Reader ``options`` (:func:`corpus_options`) apply to paths only.
    """
    from framing.corpus import catalog
    from framing.corpus.files import is_glob
    from framing.corpus.readers import read

    path = Path(spec)
    looks_like_path = bool(path.suffix) or len(path.parts) > 1 or is_glob(spec)
    if path.exists() or (looks_like_path and spec not in catalog.known_corpora()):
        return read(spec if is_glob(spec) and not path.exists() else path, **options)
    if options:
        raise ConfigError(f"{spec} is a named corpus; the reading options (--text, --outlet, --date, ...) apply "
                          "only to your own files and folders")
    return catalog.load_corpus(spec)


def add_corpus_options(parser: argparse.ArgumentParser) -> None:
    """The options that map a file's or folder's columns onto the corpus fields (those of :func:`framing.read`)."""
    group = parser.add_argument_group("reading your own file or folder (a folder's corpus.toml sets them too)")
    group.add_argument("--text", metavar="COLUMN", action="append",
                       help="the text column; repeat to join several (default: text)")
    for field, example in (("outlet", "source, or {stem} for the file name"), ("date", "published"),
                           ("title", "headline"), ("doc_id", "id")):
        group.add_argument(f"--{field.replace('_', '-')}", dest=f"read_{field}", metavar="COLUMN",
                           help=f"the {field} column (e.g. {example})")
    group.add_argument("--metadata", metavar="FILE", help="a table of metadata for a folder of texts, one row per "
                       "file (its 'file' column names the file)")
    group.add_argument("--date-format", metavar="FORMAT", help="how dates are written, e.g. '%%d/%%m/%%Y'")
    group.add_argument("--dayfirst", choices=("yes", "no"), help="01/02/2022 is 1 February (yes) or 2 January (no)")
    group.add_argument("--set", metavar="FIELD=VALUE", action="append", dest="read_set",
                       help="a fixed value for a field the data lacks, e.g. --set outlet=Vijesti; repeatable")


def corpus_options(args: argparse.Namespace) -> dict[str, Any]:
    """The reader options given by :func:`add_corpus_options`' arguments (only those given)."""
    options: dict[str, Any] = {}
    if getattr(args, "text", None):
        options["text"] = args.text[0] if len(args.text) == 1 else list(args.text)
    for field in ("outlet", "date", "title", "doc_id"):
        if getattr(args, f"read_{field}", None):
            options[field] = getattr(args, f"read_{field}")
    for key in ("metadata", "date_format"):
        if getattr(args, key, None):
            options[key] = getattr(args, key)
    if getattr(args, "dayfirst", None):
        options["dayfirst"] = args.dayfirst == "yes"
    constants = {}
    for item in getattr(args, "read_set", None) or []:
        field, sep, value = item.partition("=")
        if not sep or not field.strip():
            raise ConfigError(f"--set {item}: write FIELD=VALUE, e.g. --set outlet=Vijesti")
        constants[field.strip()] = value
    if constants:
        options["constants"] = constants
    return options


def print_table(df: pd.DataFrame) -> None:
    """Print a table in full, without the index."""
    with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 200):
        print(df.to_string(index=False))


def check_output(path: str | Path) -> Path:
    """Refuse an output file that is a folder, before the work that would fill it."""
    target = Path(path)
    if target.is_dir():
        raise ConfigError(f"cannot write {path}: it is a folder; give a file name such as {target / 'out.csv'}")
    return target


def write_output(path: str | Path, text: str) -> Path:
    """Write ``text`` to the output file ``path`` atomically; a folder or a place that cannot be
    written is a :class:`~framing._infra.errors.ConfigError` naming it."""
    target = check_output(path)
    try:
        return write_text(target, text)
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror or exc}; choose a place you can write to") from exc
