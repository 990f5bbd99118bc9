"""Build a figure set: every figure of a config, its data, and the manifest.

For each figure: check its entry, open its corpus, and compare its key (entry, corpus
fingerprint, package versions; see :mod:`framing.figures.manifest`) with the one
recorded in ``manifest.json``. When they match and the files are intact, the figure is
*up to date* and nothing is computed. Otherwise its table comes from the table cache
or the kind's compute function, is drawn, and ``NAME.pdf``, ``NAME.svg``, ``NAME.png``
and ``NAME.csv`` are written atomically — only after all four rendered, so a failure
leaves no partial file. A figure that fails is reported and the others still build;
its earlier files, which no longer match the config, are removed, as are the files of
figures no longer in the config: the folder holds what the manifest lists.

>>> import pathlib, tempfile, pandas as pd
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> pd.DataFrame({"outlet": ["a", "b"], "date": ["2022-01-03", "2022-02-07"],
...               "text": ["x", "y"]}).to_csv(folder / "docs.csv", index=False)
>>> _ = (folder / "figs.toml").write_text(
...     '[figures.volume]\\nkind = "documents"\\ncorpus = "docs.csv"\\n')
>>> report = build(folder / "figs.toml", out=folder / "out", log=None)
>>> [(o.name, o.status) for o in report.outcomes], report.exit_code
([('volume', 'built')], 0)
>>> sorted(p.name for p in (folder / "out").iterdir())
['manifest.json', 'volume.csv', 'volume.pdf', 'volume.png', 'volume.svg']
>>> build(folder / "figs.toml", out=folder / "out", log=None).outcomes[0].status
'up to date'
"""

from __future__ import annotations

import dataclasses
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from framing._infra.cache import cached_table
from framing._infra.errors import ConfigError, FramingError
from framing._infra.hashing import sha256_bytes
from framing.figures import manifest as mf
from framing.figures.config import Entry, FigureSet, FigureSpec, load_config, resolve
from framing.figures.registry import FigureData
from framing.figures.sources import Corpora
from framing.viz.render import (
    FORMATS,
    clean_style,
    csv_bytes,
    figure_bytes,
    font_files,
    freeze_layout,
    new_figure,
)

MAX_EXIT = 100
"""Exit codes count failed figures up to this cap (shells reserve codes above 125)."""


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What happened to one figure: ``status`` is "built", "up to date" or "failed"."""

    name: str
    status: str
    message: str = ""
    seconds: float = 0.0


@dataclasses.dataclass(frozen=True)
class BuildReport:
    """The outcome of every figure of a build, in config order, and the output folder."""

    out: Path
    outcomes: tuple[Outcome, ...]

    @property
    def failed(self) -> list[Outcome]:
        """The figures that failed."""
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def exit_code(self) -> int:
        """The number of failed figures, capped at :data:`MAX_EXIT` (0 = all built)."""
        return min(len(self.failed), MAX_EXIT)

    def summary(self) -> str:
        """One line: how many figures were built, up to date and failed."""
        counts = {s: sum(o.status == s for o in self.outcomes) for s in ("built", "up to date", "failed")}
        return (f"{len(self.outcomes)} figures: {counts['built']} built, {counts['up to date']} up to date, "
                f"{counts['failed']} failed; manifest {self.out / mf.NAME}")


@dataclasses.dataclass
class _Build:
    """State shared by the figures of one build."""

    figset: FigureSet
    out: Path
    force: bool
    manifest: dict[str, Any]
    previous: dict[str, Any]
    corpora: Corpora


def build(config: str | Path, *, out: str | Path = "figures", force: bool = False,
          only: Iterable[str] | None = None, log: Callable[[str], None] | None = print) -> BuildReport:
    """Build the figures of ``config`` into ``out``; see the module docstring.

    Args:
        config: a ``.toml`` or ``.yaml`` figure config (:mod:`framing.figures.config`).
        out: the output folder (created if missing).
        force: rebuild every figure even when it is up to date, recomputing its table
            (matrices and topic models stay cached by their inputs).
        only: names of the figures to build; the others keep their files and records.
        log: called with one line per figure; ``None`` for silence.

    Raises:
        ConfigError: the config cannot be read or parsed, or ``only`` names an unknown figure.
    """
    figset = load_config(config)
    names = [e.name for e in figset.entries]
    only = list(only) if only else None
    unknown = sorted(set(only or []) - set(names))
    if unknown:
        raise ConfigError(f"{figset.path.name} has no figure {unknown[0]!r}; its figures are: {', '.join(names)}")
    out = Path(out)
    previous = mf.read(out)
    state = _Build(figset=figset, out=out, force=force, previous=previous.get("figures", {}),
                   manifest=mf.empty(figset.path.name, figset.title), corpora=Corpora(figset.path.parent))
    say = log or (lambda line: None)
    say(f"building {len(names)} figures of {figset.path.name} into {out}/")
    outcomes = []
    for entry in figset.entries:
        if only is not None and entry.name not in only:
            _keep(state, entry.name, previous)
            continue
        outcome = _build_one(state, entry)
        outcomes.append(outcome)
        mf.write(out, state.manifest)
        say(_line(outcome))
    for name in sorted(set(state.previous) - set(names)):  # renamed or deleted from the config
        _remove(out, state.previous[name].get("outputs", {}))
        say(f"  {name}: removed (no longer in {figset.path.name})")
    report = BuildReport(out=out, outcomes=tuple(outcomes))
    mf.write(out, state.manifest)
    say(report.summary())
    return report


def _line(outcome: Outcome) -> str:
    if outcome.status == "built":
        return f"  {outcome.name}: built in {outcome.seconds:.1f} s"
    if outcome.status == "up to date":
        return f"  {outcome.name}: up to date (inputs unchanged; --force rebuilds it)"
    return f"  {outcome.name}: FAILED: {outcome.message}"


def _keep(state: _Build, name: str, previous: dict[str, Any]) -> None:
    """Carry a figure that is not being built over into the new manifest unchanged."""
    if name in previous.get("figures", {}):
        state.manifest["figures"][name] = previous["figures"][name]
    if name in previous.get("failed", {}):
        state.manifest["failed"][name] = previous["failed"][name]


def _build_one(state: _Build, entry: Entry) -> Outcome:
    start = time.perf_counter()
    try:
        spec = resolve(state.figset, entry)
        corpus = _corpus(state, entry, spec)
        key = mf.figure_key(spec.inputs(), corpus.fingerprint, mf.package_versions())
        old = state.previous.get(spec.name)
        if not state.force and old and old.get("key") == key and mf.intact(state.out, old["outputs"]):
            state.manifest["figures"][spec.name] = {**old, "caption": spec.caption, "config": spec.record()}
            return Outcome(spec.name, "up to date")
        subset = _subset(state, entry, spec, corpus)
        inputs = {"kind": spec.kind.name, **spec.compute_inputs(), "corpus": corpus.fingerprint,
                  "packages": mf.package_versions()}
        data = FigureData(corpus=subset, whole=corpus)
        table = cached_table("tables", inputs, lambda: spec.kind.compute(data, spec.compute_options()),
                             refresh=state.force)
        files = render(spec, table)
        _write(state, spec.name, files)
        state.manifest["figures"][spec.name] = _record(spec, corpus.fingerprint, len(subset), key, files)
        return Outcome(spec.name, "built", seconds=time.perf_counter() - start)
    except Exception as exc:  # one figure's failure, whatever it is, must not stop the others
        _remove(state.out, state.previous.get(entry.name, {}).get("outputs", {}))
        message = _message(exc)
        state.manifest["failed"][entry.name] = message
        return Outcome(entry.name, "failed", message, time.perf_counter() - start)


def _corpus(state: _Build, entry: Entry, spec: FigureSpec) -> Any:
    try:
        return state.corpora.get(spec.corpus)
    except FramingError as exc:
        raise ConfigError(f"{state.figset.locate(entry, 'corpus')}: figure {spec.name!r}: {exc}") from None


def _subset(state: _Build, entry: Entry, spec: FigureSpec, corpus: Any) -> Any:
    """The figure's documents: the corpus filtered by ``outlets``, ``start`` and ``end``."""
    given = {k: v for k, v in spec.subset.items() if v is not None}
    if not given:
        return corpus
    where = state.figset.locate(entry, next(iter(given)))
    try:
        subset = corpus.filter(**spec.subset)
    except FramingError as exc:
        raise ConfigError(f"{where}: figure {spec.name!r}: {exc}") from None
    if not len(subset):
        raise ConfigError(f"{where}: figure {spec.name!r}: the filter {given} leaves no document of "
                          f"corpus {spec.corpus!r}")
    return subset


def render(spec: FigureSpec, table: pd.DataFrame) -> dict[str, bytes]:
    """Draw ``table`` as ``spec`` says; the four output files by name (not yet written)."""
    with clean_style():
        fig = new_figure(width=spec.width, aspect=spec.aspect)
        spec.kind.plot(table, spec.options, fig)
        freeze_layout(fig)
        files = {f"{spec.name}.{fmt}": figure_bytes(fig, fmt, dpi=spec.dpi) for fmt in FORMATS}
    files[f"{spec.name}.csv"] = csv_bytes(table)
    return dict(sorted(files.items()))


def _write(state: _Build, name: str, files: dict[str, bytes]) -> None:
    from framing._infra.atomic import write_bytes

    old = state.previous.get(name, {}).get("outputs", {})
    _remove(state.out, {f: s for f, s in old.items() if f not in files})
    for filename, data in files.items():
        write_bytes(state.out / filename, data)


def _remove(folder: Path, outputs: dict[str, str]) -> None:
    for filename in outputs:
        (folder / filename).unlink(missing_ok=True)


def _record(spec: FigureSpec, fingerprint: str, documents: int, key: str,
            files: dict[str, bytes]) -> dict[str, Any]:
    return {"kind": spec.kind.name, "caption": spec.caption, "config": spec.record(),
            "corpus": {"name": spec.corpus, "fingerprint": fingerprint, "documents": documents},
            "seed": spec.seed, "packages": mf.package_versions(), "fonts": font_files(), "key": key,
            "outputs": {name: sha256_bytes(data) for name, data in files.items()}}


def _message(exc: BaseException) -> str:
    """A one-line message: the error's own text for bad input, type and place for a bug."""
    if isinstance(exc, FramingError):
        return str(exc)
    frame = traceback.extract_tb(exc.__traceback__)[-1]
    return (f"{type(exc).__name__}: {exc} (at {Path(frame.filename).name}:{frame.lineno}; "
            "this looks like a bug: please report it)")
