"""Open the corpora a figure config names: a named corpus or a file path.

A ``corpus`` field is first looked up as a file or folder relative to the config's
folder (or absolute); otherwise it is a named corpus of :mod:`framing.corpus.catalog`
(``fr.load_corpus``), fetched and cached on first use. Each corpus is opened once per
build, however many figures use it; a corpus that fails to open fails every figure
that uses it, with the same message.
"""

from __future__ import annotations

from pathlib import Path

from framing._infra.errors import ConfigError, FramingError
from framing.corpus.corpus import Corpus

SUFFIXES = (".csv", ".jsonl", ".json", ".parquet", ".gz", ".txt", ".md")


def open_corpus(spec: str, *, base: Path) -> Corpus:
    """The corpus named or located by ``spec`` (paths relative to ``base``)."""
    from framing.corpus.readers import read

    path = Path(spec).expanduser()
    path = path if path.is_absolute() else base / path
    if path.exists():
        return read(path)
    if "/" in spec or "\\" in spec or spec.lower().endswith(SUFFIXES):
        raise ConfigError(f"corpus file {path} does not exist")
    return _named(spec, path)


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

    def get(self, spec: str) -> Corpus:
        """The corpus for ``spec``, opened on first use; re-raises a remembered failure."""
        if spec not in self._seen:
            try:
                self._seen[spec] = open_corpus(spec, base=self.base)
            except FramingError as exc:
                self._seen[spec] = exc
        found = self._seen[spec]
        if isinstance(found, FramingError):
            raise found
        return found
