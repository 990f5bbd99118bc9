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

What the build writes and deletes, whatever the config and the old manifest say:

- it writes only ``NAME.pdf``/``.svg``/``.png``/``.csv`` and ``manifest.json`` inside ``out``,
  and never a file the build reads (the config, a corpus file, a dictionary: a figure whose
  output would overwrite one fails, naming it, before anything is computed);
- it deletes only files inside ``out`` that the manifest lists as a figure's outputs, that are
  not inputs of the build, and whose SHA-256 is still the one recorded: an edited manifest
  cannot make it delete other files, and an output edited by hand is left in place;
- when ``out`` cannot be made or written (a file, read-only, under ``/proc``), every figure
  fails with that reason and nothing is computed; the exit status counts the failures.

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
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from framing._infra.cache import cached_table
from framing._infra.errors import ConfigError, FramingError
from framing._infra.hashing import sha256_bytes, sha256_file
from framing.figures import manifest as mf
from framing.figures.config import Entry, FigureSet, FigureSpec, input_files, load_config, resolve
from framing.figures.registry import FigureData
from framing.figures.sources import Corpora
from framing.viz.captions import interval_caption
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
    manifest_error: str = ""
    """Why ``manifest.json`` could not be written ("" when it was)."""

    @property
    def failed(self) -> list[Outcome]:
        """The figures that failed."""
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def exit_code(self) -> int:
        """The number of failed figures, capped at :data:`MAX_EXIT` (0 = all built); at least 1
        when the manifest could not be written."""
        return min(max(len(self.failed), int(bool(self.manifest_error))), MAX_EXIT)

    def summary(self) -> str:
        """One line: how many figures were built, up to date and failed."""
        counts = {s: sum(o.status == s for o in self.outcomes) for s in ("built", "up to date", "failed")}
        manifest = f"manifest not written: {self.manifest_error}" if self.manifest_error else \
            f"manifest {self.out / mf.NAME}"
        return (f"{len(self.outcomes)} figures: {counts['built']} built, {counts['up to date']} up to date, "
                f"{counts['failed']} failed; {manifest}")


@dataclasses.dataclass
class _Build:
    """State shared by the figures of one build."""

    figset: FigureSet
    out: Path
    force: bool
    manifest: dict[str, Any]
    previous: dict[str, Any]
    corpora: Corpora
    inputs: dict[Path, str]
    """Every file the build reads (resolved) → where the config names it."""
    out_error: str = ""
    """Why nothing can be written into ``out`` ("" when it can)."""
    manifest_error: str = ""


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
        ConfigError: the config cannot be read or parsed, ``only`` names an unknown figure,
            or ``out`` is the config's own folder and the config is named ``manifest.json``.
    """
    figset = load_config(config)
    names = [e.name for e in figset.entries]
    only = list(only) if only else None
    unknown = sorted(set(only or []) - set(names))
    if unknown:
        raise ConfigError(f"{figset.path.name} has no figure {unknown[0]!r}; its figures are: {', '.join(names)}")
    out = Path(out)
    inputs = input_files(figset)
    if (source := inputs.get(_resolved(out / mf.NAME))) is not None:
        raise ConfigError(f"--out {out}: writing {mf.NAME} there would overwrite {source}; choose another --out")
    previous = mf.read(out)
    state = _Build(figset=figset, out=out, force=force, previous=previous.get("figures", {}),
                   manifest=mf.empty(figset.path.name, figset.title), corpora=Corpora(figset.path.parent),
                   inputs=inputs, out_error=writable_folder(out))
    say = log or (lambda line: None)
    say(f"building {len(names)} figures of {figset.path.name} into {out}/")
    outcomes = []
    for entry in figset.entries:
        if only is not None and entry.name not in only:
            _keep(state, entry.name, previous)
            continue
        outcome = _build_one(state, entry)
        outcomes.append(outcome)
        _write_manifest(state)
        say(_line(outcome))
    for name in sorted(set(state.previous) - set(names)):  # renamed or deleted from the config
        if not state.out_error:
            left = _remove(state, state.previous[name])
            say(f"  {name}: removed (no longer in {figset.path.name})"
                + (f"; left {', '.join(left)}: changed since it was built" if left else ""))
    _write_manifest(state)
    report = BuildReport(out=out, outcomes=tuple(outcomes), manifest_error=state.manifest_error)
    say(report.summary())
    return report


def writable_folder(out: Path) -> str:
    """Why figures cannot be written into ``out`` ("" when they can); makes ``out`` if missing.

    A probe file (unnamed where the system allows) is created and removed, so a read-only
    folder or file system is found before anything is computed.
    """
    advice = "choose a folder you can write to with --out"
    try:
        out.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        return f"the output folder {out} is a file (or lies under one), not a folder; {advice}"
    except OSError as exc:
        return f"cannot make the output folder {out} ({exc.strerror or exc}); {advice}"
    try:
        with tempfile.TemporaryFile(dir=out, prefix=".framing-probe-"):
            pass
    except OSError as exc:
        return f"cannot write into the output folder {out} ({exc.strerror or exc}); {advice}"
    return ""


def _write_manifest(state: _Build) -> None:
    if state.out_error:
        state.manifest_error = state.out_error
        return
    try:
        mf.write(state.out, state.manifest)
        state.manifest_error = ""
    except OSError as exc:
        state.manifest_error = f"cannot write {state.out / mf.NAME} ({exc.strerror or exc})"


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: not any input's path
        return path.absolute()


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
    if state.out_error:
        return Outcome(entry.name, "failed", state.out_error)
    try:
        spec = resolve(state.figset, entry)
        _check_outputs(state, entry)
        corpus = _corpus(state, entry, spec)
        key = mf.figure_key(spec.inputs(), corpus.fingerprint, mf.package_versions())
        old = state.previous.get(spec.name)
        if not state.force and old and old.get("key") == key and mf.intact(state.out, mf.outputs_of(old)):
            state.manifest["figures"][spec.name] = {**old, "caption": _caption(spec.caption, old.get("intervals", "")),
                                                    "config": spec.record()}
            return Outcome(spec.name, "up to date")
        subset = _subset(state, entry, spec, corpus)
        inputs = {"kind": spec.kind.name, **spec.compute_inputs(), "corpus": corpus.fingerprint,
                  "packages": mf.package_versions()}
        data = FigureData(corpus=subset, whole=corpus)
        try:
            table = cached_table("tables", inputs, lambda: spec.kind.compute(data, spec.compute_options()),
                                 refresh=state.force)
            files = render(spec, table)
        except FramingError as exc:  # bad input the config checks could not see: say which figure
            raise ConfigError(f"{state.figset.locate(entry)}: figure {spec.name!r}: {exc}") from None
        _write(state, spec.name, files)
        intervals = interval_caption(table, ci=spec.options.get("ci", 0.95))
        state.manifest["figures"][spec.name] = _record(spec, corpus.fingerprint, len(subset), key, files, intervals)
        return Outcome(spec.name, "built", seconds=time.perf_counter() - start)
    except Exception as exc:  # one figure's failure, whatever it is, must not stop the others
        _remove(state, state.previous.get(entry.name))
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
        spec.kind.plot(table, spec.plot_options(), fig)
        freeze_layout(fig)
        files = {f"{spec.name}.{fmt}": figure_bytes(fig, fmt, dpi=spec.dpi) for fmt in FORMATS}
    files[f"{spec.name}.csv"] = csv_bytes(table)
    return dict(sorted(files.items()))


def _check_outputs(state: _Build, entry: Entry) -> None:
    """Fail a figure whose output files would overwrite a file the build reads."""
    for ext in (*FORMATS, "csv"):
        path = state.out / f"{entry.name}.{ext}"
        if (source := state.inputs.get(_resolved(path))) is not None:
            raise ConfigError(f"{state.figset.locate(entry)}: figure {entry.name!r} would write {path}, which is "
                              f"{source}; rename the figure or choose another --out")


def _write(state: _Build, name: str, files: dict[str, bytes]) -> None:
    """Write a figure's files; on a write error remove those already written and say which failed."""
    from framing._infra.atomic import write_bytes

    old = mf.outputs_of(state.previous.get(name))
    _remove(state, {"outputs": {f: s for f, s in old.items() if f not in files}})
    written = []
    for filename, data in files.items():
        try:
            written.append(write_bytes(state.out / filename, data))
        except OSError as exc:
            for path in written:
                path.unlink(missing_ok=True)
            raise ConfigError(f"cannot write {state.out / filename} ({exc.strerror or exc}); "
                              "choose a folder you can write to with --out") from None


def _remove(state: _Build, record: Any) -> list[str]:
    """Delete the outputs a manifest record lists, when it is safe; the names left in place.

    Only figure files inside ``out`` (:data:`framing.figures.manifest.OUTPUT`) that are not
    inputs of the build and still have their recorded SHA-256 are deleted: the manifest
    may have been edited, and a file changed since it was built is the user's now.
    """
    left = []
    for filename, sha in mf.outputs_of(record).items():
        path = state.out / filename
        if not path.is_file() and not path.is_symlink():
            continue
        if _resolved(path) in state.inputs or not path.is_file() or sha256_file(path) != sha:
            left.append(filename)
            continue
        path.unlink()
    return left


def _caption(caption: str, intervals: str) -> str:
    """The config's caption followed by the sentence naming the interval method (if any)."""
    return " ".join(part for part in (caption.strip(), intervals) if part)


def _record(spec: FigureSpec, fingerprint: str, documents: int, key: str,
            files: dict[str, bytes], intervals: str) -> dict[str, Any]:
    return {"kind": spec.kind.name, "caption": _caption(spec.caption, intervals), "intervals": intervals,
            "config": spec.record(),
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
