"""Old module names of framing 0.1, kept importable with a :class:`DeprecationWarning`.

framing 0.1 was twenty flat modules (``framing.rates``, ``framing.text``, ...); they now live
in layered subpackages. ``import framing.rates`` still works and gives the module at its new
place, :mod:`framing.terms.rates`, so user code and notebooks keep running while they move.

>>> import importlib, sys, warnings
>>> _ = sys.modules.pop("framing.rates", None)  # as in a fresh session
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     old = importlib.import_module("framing.rates")
>>> old is importlib.import_module("framing.terms.rates"), caught[0].category.__name__
(True, 'DeprecationWarning')
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings
from collections.abc import Sequence
from types import ModuleType

MOVED: dict[str, str] = {
    "framing.errors": "framing._infra.errors",
    "framing.atomic": "framing._infra.atomic",
    "framing.readers": "framing.corpus.readers",
    "framing.stream": "framing.dtm.stream",
    "framing.catalog": "framing.corpus.catalog",
    "framing.sources": "framing.corpus.sources",
    "framing.text": "framing.corpus.text",
    "framing.patterns": "framing.dtm.patterns",
    "framing.rates": "framing.terms.rates",
    "framing.keyness": "framing.terms.keyness",
    "framing.context": "framing.terms.kwic",
    "framing.collocates": "framing.terms.collocates",
    "framing.dictionaries": "framing.terms.dictionaries",
    "framing.topic_summaries": "framing.topics.summaries",
    "framing.coherence": "framing.topics.coherence",
    "framing.stability": "framing.topics.stability",
    "framing.prevalence": "framing.topics.prevalence",
    "framing.sweep": "framing.topics.sweep",
    "framing.inference": "framing.topics.inference",
    "framing.style": "framing.viz.style",
    "framing.plots": "framing.viz.plots",
    "framing.figures.render": "framing.viz.render",
}
"""Old module name → its new place (subpackages of an old name follow it)."""


def new_name(old: str) -> str | None:
    """The new place of an old module name, or None if it did not move.

    >>> new_name("framing.sources.fetch"), new_name("framing.terms")
    ('framing.corpus.sources.fetch', None)
    """
    for prefix in sorted(MOVED, key=len, reverse=True):
        if old == prefix or old.startswith(prefix + "."):
            return MOVED[prefix] + old[len(prefix):]
    return None


class _Alias(importlib.abc.Loader):
    """Loads an old name as the module at its new place, leaving that module untouched."""

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        warnings.warn(f"{self.old} has moved to {self.new}; import it from there "
                      "(the old name will be removed in framing 0.4)", DeprecationWarning, stacklevel=2)
        module = importlib.import_module(self.new)
        self.spec = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        module.__spec__ = self.spec  # the import system set the alias's spec; restore the real one


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        new = new_name(fullname)
        if new is None:
            return None
        return importlib.machinery.ModuleSpec(fullname, _Alias(fullname, new))


def install() -> None:
    """Make the old module names importable (idempotent)."""
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        # first, so that a submodule of a moved package (framing.sources.fetch) is not found again
        # by the path finder through the package's __path__ and loaded twice
        sys.meta_path.insert(0, _Finder())
