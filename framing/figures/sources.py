"""Open the corpora a figure config names: a named corpus, a file path, or a table of a path and options.

A ``corpus`` field is first looked up as a file or folder relative to the config's
folder (or absolute); otherwise it is a named corpus of :mod:`framing.corpus.catalog`
(``fr.load_corpus``), fetched and cached on first use. A table ``{path = "scraped", outlet =
"{stem}", date = "published"}`` reads ``path`` (relative to the config's folder) with those
reading options (:func:`framing.read`), ``files`` and ``metadata`` relative to ``path`` as in
a ``corpus.toml`` (:mod:`framing.corpus.mapping`). Each corpus is opened once per
build, however many figures use it; a corpus that fails to open fails every figure
that uses it, with the same message.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from framing._infra.errors import ConfigError, FramingError
from framing.corpus.corpus import Corpus

SUFFIXES = (".csv", ".jsonl", ".json", ".parquet", ".gz", ".txt", ".md")


def open_corpus(spec: str | Mapping[str, Any], *, base: Path) -> Corpus:
    """The corpus named or located by ``spec`` (paths relative to ``base``)."""
    from framing.corpus.readers import read

    if isinstance(spec, Mapping):
        return _mapped(spec, base)
    path = Path(spec).expanduser()
    path = path if path.is_absolute() else base / path
    if path.exists():
        return read(path)
    if "/" in spec or "\\" in spec or spec.lower().endswith(SUFFIXES):
        raise ConfigError(f"corpus file {path} does not exist")
    return _named(spec, path)


def _mapped(spec: Mapping[str, Any], base: Path) -> Corpus:
    """A corpus table: ``path`` read with the other keys as reading options."""
    from framing.corpus.readers import read

    options = {k: v for k, v in spec.items() if k != "path"}
    path = base / Path(spec["path"]).expanduser()
    if not path.exists():
        raise ConfigError(f"corpus path {path} does not exist")
    for key in ("metadata", "files"):
        if key in options:
            items = [options[key]] if isinstance(options[key], str) else options[key]
            joined = [str(path / Path(item).expanduser()) for item in items]
            options[key] = joined[0] if isinstance(options[key], str) else joined
    return read(path, **options)


def _named(name: str, path: Path) -> Corpus:
    from framing.corpus import catalog

    known = catalog.known_corpora()
    if name not in known:
        raise ConfigError(f"unknown corpus {name!r}: it is neither a named corpus "
                          f"({', '.join(known) or 'none known'}) nor a file ({path} does not exist)")
    return catalog.load_corpus(name)


class Corpora:
    """Corpora opened so far in one build (failures remembered too)."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self._seen: dict[str, Corpus | FramingError] = {}

    def get(self, spec: str | Mapping[str, Any]) -> Corpus:
        """The corpus for ``spec``, opened on first use; re-raises a remembered failure."""
        key = spec if isinstance(spec, str) else json.dumps(spec, sort_keys=True)
        if key not in self._seen:
            try:
                self._seen[key] = open_corpus(spec, base=self.base)
            except FramingError as exc:
                self._seen[key] = exc
        found = self._seen[key]
        if isinstance(found, FramingError):
            raise found
        return found
