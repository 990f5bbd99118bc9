"""The figure pipeline: one command rebuilds every figure of a paper, byte for byte.

A figure set is a TOML or YAML config (:mod:`.config`): per figure its kind (a
registered pair of compute and plot functions, :mod:`.registry`, :mod:`.kinds`), its
corpus, options, seed and size. :func:`build` (:mod:`.runner`) writes, per figure,
``NAME.pdf``, ``NAME.svg``, ``NAME.png`` and ``NAME.csv`` (the plotted data, tidy), and
``manifest.json`` (:mod:`.manifest`) with each figure's config entry, corpus fingerprint,
seed, package versions and output hashes. Files are byte-identical across builds
(:mod:`framing.viz.render`); figures whose inputs did not change are not rebuilt, and
tables are cached by their inputs (namespace ``tables`` of :mod:`framing._infra.cache`).

    framing figures                      # the demo figure set into figures/
    framing figures paper.toml --out figures/ [--force] [--only NAME ...]

In Python: ``build(config, out=...)`` returns a :class:`BuildReport`;
``built_figures(out)`` lists the figures of a folder with their captions and files.

>>> from framing.figures import demo_config
>>> demo_config().name
'demo.toml'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from framing.figures import kinds  # noqa: F401  (registers the built-in kinds)
from framing.figures.config import FigureSet, FigureSpec, load_config, resolve
from framing.figures.manifest import built_figures
from framing.figures.registry import KINDS, Kind, Option, describe, get_kind, register
from framing.figures.runner import BuildReport, Outcome, build


def demo_config() -> Path:
    """The demo figure set shipped with the package (``framing/data/figures/demo.toml``)."""
    return Path(str(resources.files("framing") / "data" / "figures" / "demo.toml"))


__all__ = ["KINDS", "BuildReport", "FigureSet", "FigureSpec", "Kind", "Option", "Outcome", "build",
           "built_figures", "demo_config", "describe", "get_kind", "load_config", "register", "resolve"]
