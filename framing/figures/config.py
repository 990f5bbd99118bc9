"""Figure-set configs: read a TOML or YAML file and check every figure entry.

A config has an optional ``title``, optional ``[defaults]`` (fields every figure
inherits) and one table per figure under ``[figures.NAME]``::

    title = "Framing the invasion"

    [defaults]
    corpus = "ukraine-2022"        # a named corpus, or a file path relative to this file
    seed = 2022
    width = "double"

    [figures.rates_by_outlet]
    kind = "documents"             # see `framing figures --kinds`
    caption = "Documents per outlet and month."
    period = "M"                   # an option of the kind

A folder or file whose columns need mapping is a table of its ``path`` and the reading options
of :func:`framing.read` (or give them once in the folder's ``corpus.toml``)::

    [defaults]
    corpus = {path = "scraped", files = "*.csv", outlet = "{stem}", date = "published"}

Fields every figure has (:data:`COMMON`): ``kind``, ``corpus``, ``caption``, ``seed``,
``width`` (``"single"``, ``"double"`` or inches), ``aspect`` (height / width), ``dpi`` (of
the PNG) and the corpus filter ``outlets``, ``start``, ``end``. Any other field is an
option of the figure's kind. Errors name the file and line.

A config is data, never code: it must be UTF-8 and at most :data:`MAX_BYTES`; YAML is read
by :mod:`framing._infra.safeyaml` (no Python tags, no alias bombs, no recursive values);
numeric options are checked against their range (``n_boot = -5`` fails at its line).

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "figs.toml"
>>> _ = path.write_text('[figures.volume]\\nkind = "documents"\\ncorpus = "a.csv"\\n')
>>> figset = load_config(path)
>>> spec = resolve(figset, figset.entries[0])
>>> spec.name, spec.kind.name, spec.options["period"], spec.width
('volume', 'documents', 'M', 'single')
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from framing._infra.deprecation import warn_deprecated
from framing._infra.errors import ConfigError
from framing._infra.hashing import sha256_file
from framing._infra.safeyaml import parse_yaml
from framing.figures.registry import REQUIRED, Kind, get_kind

COMMON: dict[str, Any] = {"kind": REQUIRED, "corpus": REQUIRED, "caption": "", "seed": 1,
                          "width": "single", "aspect": None, "dpi": 300,
                          "outlets": None, "start": None, "end": None}
"""Fields of every figure entry and their defaults (``aspect`` defaults to the kind's)."""
DEFAULTABLE = frozenset(COMMON) - {"kind", "caption"}
"""Fields that ``[defaults]`` may set."""
PLOT_FIELDS = frozenset({"caption", "width", "aspect", "dpi"})
"""Common fields that only change the drawing (or nothing drawn: the caption)."""
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
MAX_BYTES = 1_000_000
"""Largest figure config read (a YAML config's aliases may not expand it past this either)."""


@dataclasses.dataclass(frozen=True)
class Entry:
    """One figure's table as written in the config."""

    name: str
    fields: Mapping[str, Any]


@dataclasses.dataclass(frozen=True)
class FigureSet:
    """A parsed config: its file, title, defaults, figure entries and where keys are."""

    path: Path
    title: str
    defaults: Mapping[str, Any]
    entries: tuple[Entry, ...]
    lines: Mapping[tuple[str, ...], int]

    def where(self, *keys: str) -> str:
        """``file:line`` of the most specific of ``keys`` found (``file`` when none is)."""
        for n in range(len(keys), 0, -1):
            if keys[:n] in self.lines:
                return f"{self.path.name}:{self.lines[keys[:n]]}"
        return self.path.name

    def locate(self, entry: Entry, key: str | None = None) -> str:
        """``file:line`` of field ``key`` of a figure (of ``[defaults]`` when it came from there)."""
        if key and key not in entry.fields and key in self.defaults:
            return self.where("defaults", key)
        return self.where("figures", entry.name, *([key] if key else []))


@dataclasses.dataclass(frozen=True)
class FigureSpec:
    """A checked figure entry with defaults filled in.

    ``options`` are the kind's own options; ``subset`` the corpus filter
    (``outlets``/``start``/``end``; ``None`` = no filter); ``files`` the options that
    name a file (``Option(file=True)``) found relative to the config, by option;
    ``aspect_set`` whether the entry or ``[defaults]`` sets ``aspect`` (else it is the kind's).
    """

    name: str
    kind: Kind
    corpus: str | Mapping[str, Any]
    caption: str
    seed: int | None
    width: str | float
    aspect: float
    dpi: int
    subset: Mapping[str, Any]
    options: Mapping[str, Any]
    files: Mapping[str, Path] = dataclasses.field(default_factory=dict)
    aspect_set: bool = True

    def record(self) -> dict[str, Any]:
        """The resolved entry as JSON-able data, in a fixed order (goes into the manifest)."""
        return {"kind": self.kind.name, "corpus": self.corpus, "caption": self.caption,
                "seed": self.seed, "width": self.width, "aspect": self.aspect, "dpi": self.dpi,
                **{k: v for k, v in self.subset.items()}, "options": dict(self.options)}

    def inputs(self) -> dict[str, Any]:
        """What the figure depends on: the record without the caption (not drawn), plus
        the SHA-256 of each file an option names (an edited dictionary rebuilds)."""
        record = {k: v for k, v in self.record().items() if k != "caption"}
        return {**record, "files": {k: sha256_file(p) for k, p in self.files.items()}}

    def compute_inputs(self) -> dict[str, Any]:
        """What the table depends on: :meth:`inputs` without the drawing-only fields."""
        inputs = {k: v for k, v in self.inputs().items() if k not in PLOT_FIELDS}
        inputs["options"] = {k: v for k, v in self.options.items() if not self.kind.options[k].plot}
        return inputs

    def compute_options(self) -> dict[str, Any]:
        """Options handed to the kind's compute function: file options as absolute paths,
        ``seed`` added when the kind is seeded."""
        files = {k: str(p) for k, p in self.files.items()}
        return {**self.options, **files, **({"seed": self.seed} if self.kind.seeded else {})}

    def plot_options(self) -> dict[str, Any]:
        """Options handed to the kind's plot function: its own, the figure's date range ``start`` and
        ``end`` (a time axis is cut to them; ``None``: open) and ``aspect`` (``None`` when the config
        leaves it to the kind, which may then fit the figure's height to its table)."""
        return {**self.options, "start": self.subset.get("start"), "end": self.subset.get("end"),
                "aspect": self.aspect if self.aspect_set else None}


# --- reading ------------------------------------------------------------------------------
def load_config(path: str | Path) -> FigureSet:
    """Parse a ``.toml`` / ``.yaml`` / ``.yml`` config; :class:`ConfigError` names file and line."""
    path = Path(path)
    if not path.is_file():
        what = "is a folder, not a file" if path.is_dir() else "does not exist"
        raise ConfigError(f"figure config {path} {what}; pass a .toml or .yaml file")
    text = _read_text(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        data, lines = _parse_yaml(text, path)
    else:
        data, lines = _parse_toml(text, path)
    return _figure_set(path, _plain(data), lines)


def _parse_toml(text: str, path: Path) -> tuple[Any, dict[tuple[str, ...], int]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"at line (\d+)", str(exc))
        where = f"{path.name}:{line.group(1)}" if line else path.name
        raise ConfigError(f"{where}: cannot parse the TOML: {exc}") from None
    except RecursionError:  # tomllib recurses once per nested list or inline table
        raise ConfigError(f"{path.name}: cannot parse the TOML: lists or tables nest too deeply") from None
    return data, _toml_lines(text)


_DOTTED = re.compile(r"\"([^\"]*)\"|'([^']*)'|([^.\"'\s]+)")  # the parts of a dotted (maybe quoted) key


def _toml_lines(text: str) -> dict[tuple[str, ...], int]:
    """Line numbers of ``[section]`` headers and ``key =`` lines, keyed by their path."""
    header = re.compile(r"\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
    key = re.compile(r"\s*(\"[^\"]+\"|'[^']+'|[A-Za-z0-9_-]+)\s*=")
    lines: dict[tuple[str, ...], int] = {}
    section: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        if m := header.match(line):
            section = tuple("".join(parts) for parts in _DOTTED.findall(m.group(1)))
            lines.setdefault(section, number)
        elif m := key.match(line):
            lines.setdefault((*section, m.group(1).strip("\"'")), number)
    return lines


def _read_text(path: Path) -> str:
    """The config's text: UTF-8, at most :data:`MAX_BYTES`; :class:`ConfigError` otherwise."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ConfigError(f"{path.name}: the figure config is {size:,} bytes; a config is at most "
                              f"{MAX_BYTES:,} bytes (put long term lists in a dictionary file)")
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the figure config: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ConfigError(f"{path.name}:{line}: the figure config is not UTF-8 text (byte "
                          f"{data[exc.start:exc.start + 1]!r} at offset {exc.start}); save it as UTF-8") from None


def _parse_yaml(text: str, path: Path) -> tuple[Any, dict[tuple[str, ...], int]]:
    import yaml

    try:
        data, root = parse_yaml(text, max_chars=MAX_BYTES)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path.name}:{mark.line + 1}" if mark else path.name
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{where}: cannot parse the YAML: {problem}") from None
    except ValueError as exc:  # the YAML parses, but a date in it is no calendar day (2022-02-30)
        line = _bad_date_line(text)
        where = f"{path.name}:{line}" if line else path.name
        raise ConfigError(f"{where}: cannot parse the YAML: {exc}; write a real date such as 2022-02-24") from None
    lines: dict[tuple[str, ...], int] = {}
    _yaml_lines(root, (), lines)
    return data, lines


def _bad_date_line(text: str) -> int | None:
    """The first line holding a YYYY-MM-DD date that is no calendar day."""
    for number, line in enumerate(text.splitlines(), start=1):
        for m in re.finditer(r"\b(\d{4})-(\d\d?)-(\d\d?)\b", line):
            try:
                dt.date(*map(int, m.groups()))
            except ValueError:
                return number
    return None


def _yaml_lines(node: Any, prefix: tuple[str, ...], out: dict[tuple[str, ...], int]) -> None:
    import yaml

    if isinstance(node, yaml.MappingNode) and len(prefix) < 3:
        for key, value in node.value:
            path = (*prefix, str(key.value))
            out.setdefault(path, key.start_mark.line + 1)
            _yaml_lines(value, path, out)


def _plain(value: Any) -> Any:
    """TOML/YAML values as JSON-able data: dates become ISO strings, tuples lists."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value


def _figure_set(path: Path, data: Any, lines: dict[tuple[str, ...], int]) -> FigureSet:
    fail = lambda *keys, msg: ConfigError(f"{FigureSet(path, '', {}, (), lines).where(*keys)}: {msg}")  # noqa: E731
    if not isinstance(data, dict):
        raise fail(msg="a figure config is a table with [defaults] and [figures.NAME] sections")
    unknown = sorted(set(data) - {"title", "defaults", "figures"})
    if unknown:
        raise fail(unknown[0], msg=f"unknown top-level key {unknown[0]!r}; a config has only "
                                   "'title', [defaults] and [figures.NAME] tables")
    defaults, figures = data.get("defaults", {}), data.get("figures")
    if not isinstance(defaults, dict):
        raise fail("defaults", msg="'defaults' must be a table of fields")
    bad = sorted(set(defaults) - DEFAULTABLE)
    if bad:
        raise fail("defaults", bad[0], msg=f"[defaults] cannot set {bad[0]!r}; it may set "
                                           f"{', '.join(sorted(DEFAULTABLE))}")
    if not isinstance(figures, dict) or not figures:
        raise fail("figures", msg="the config defines no figure: add a [figures.NAME] table with a 'kind'")
    entries = []
    for name, fields in figures.items():
        if not NAME.fullmatch(name):
            raise fail("figures", name, msg=f"figure name {name!r} cannot be a file name: use letters, "
                                            "digits, '_', '-' and '.'")
        if not isinstance(fields, dict):
            raise fail("figures", name, msg=f"figure {name!r} must be a table of fields")
        entries.append(Entry(name, fields))
    return FigureSet(path=path, title=str(data.get("title", "")), defaults=defaults,
                     entries=tuple(entries), lines=lines)


def input_files(figset: FigureSet) -> dict[Path, str]:
    """Every file a build of ``figset`` reads, resolved → where: the config and each existing file
    that a field of ``[defaults]`` or of a figure names (a corpus file, a dictionary).

    The figure pipeline never writes or deletes these. A field is taken as a path when a
    file of that name exists (relative to the config's folder), whatever the field means.
    """
    inputs = {figset.path.resolve(): f"the figure config {figset.path.name}"}
    named: list[tuple[tuple[str, ...], Any]] = [(("defaults", k), v) for k, v in figset.defaults.items()]
    named += [(("figures", e.name, k), v) for e in figset.entries for k, v in e.fields.items()]
    named += [((*keys, k), v) for keys, table in list(named) if isinstance(table, dict) for k, v in table.items()]
    for keys, value in named:
        if not isinstance(value, str):
            continue
        try:
            path = Path(value).expanduser()
            path = (path if path.is_absolute() else figset.path.parent / path).resolve()
            if path.is_file():
                inputs.setdefault(path, f"an input of this build ({figset.where(*keys)} names it)")
        except (OSError, ValueError, RuntimeError):  # not a usable path (a NUL, a loop): not a file read
            continue
    return inputs


# --- checking one entry ---------------------------------------------------------------------
def resolve(figset: FigureSet, entry: Entry) -> FigureSpec:
    """Check one entry against its kind and fill in defaults; :class:`ConfigError` on any problem."""
    def fail(key: str | None, msg: str) -> ConfigError:
        return ConfigError(f"{figset.locate(entry, key)}: figure {entry.name!r}: {msg}")

    if "kind" not in entry.fields:
        raise fail(None, "no 'kind' given; see `framing figures --kinds` for the kinds")
    try:
        kind = get_kind(entry.fields["kind"])
    except ConfigError as exc:
        raise fail("kind", str(exc)) from None
    fields = {**COMMON, "aspect": kind.aspect, **figset.defaults, **entry.fields}
    common = {k: _check_common(k, fields[k], fail) for k in COMMON if k != "kind"}
    if not kind.seeded:
        if "seed" in entry.fields:
            raise fail("seed", f"kind {kind.name!r} draws no random numbers: remove 'seed'")
        common["seed"] = None
    options = _check_options(kind, {k: v for k, v in fields.items() if k not in COMMON}, fail)
    files = {k: figset.path.parent / v for k, v in options.items()
             if kind.options[k].file and isinstance(v, str) and (figset.path.parent / v).is_file()}
    return FigureSpec(name=entry.name, kind=kind, corpus=common["corpus"], caption=common["caption"],
                      seed=common["seed"], width=common["width"], aspect=common["aspect"],
                      dpi=common["dpi"], options=options, files=files,
                      subset={k: common[k] for k in ("outlets", "start", "end")},
                      aspect_set="aspect" in entry.fields or "aspect" in figset.defaults)


def _check_common(key: str, value: Any, fail: Any) -> Any:
    """The value of a common field, checked (and dates normalised to ``YYYY-MM-DD``)."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if value is REQUIRED:
        raise fail(None, f"no {key!r} given: name a corpus (e.g. \"ukraine-2022\") or a file, "
                         "here or in [defaults]")
    checks = {
        "corpus": (_is_corpus(value, fail), "a corpus name, a file path, or a table such as "
                   "{path = \"articles\", outlet = \"source\", date = \"published\"}"),
        "caption": (isinstance(value, str), "a string"),
        "seed": (isinstance(value, int) and not isinstance(value, bool) and value >= 0, "a whole number ≥ 0"),
        "width": (value in ("single", "double") or (number and 1 <= value <= 20),
                  "\"single\", \"double\" or a width in inches (1–20)"),
        "aspect": (number and 0.1 <= value <= 5, "a number between 0.1 and 5 (height / width)"),
        "dpi": (isinstance(value, int) and not isinstance(value, bool) and 50 <= value <= 1200,
                "a whole number between 50 and 1200"),
        "outlets": (value is None or isinstance(value, str)
                    or (isinstance(value, list) and all(isinstance(v, str) for v in value)),
                    "an outlet or a list of outlets"),
        "start": (value is None or _is_date(value), "a date such as 2022-02-24"),
        "end": (value is None or _is_date(value), "a date such as 2022-02-24"),
    }
    ok, expected = checks[key]
    if not ok:
        raise fail(key, f"{key} must be {expected}, got {value!r}")
    if key in ("start", "end") and value is not None:
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if key == "outlets" and isinstance(value, str):
        return [value]
    return value


def _is_corpus(value: Any, fail: Any) -> bool:
    """A name or path, or a table of a ``path`` and the reader options of :mod:`framing.corpus.mapping`."""
    if isinstance(value, str):
        return value.strip() != ""
    if not isinstance(value, dict) or not isinstance(value.get("path"), str) or not value["path"].strip():
        return False
    from framing._infra.errors import CorpusError
    from framing.corpus.mapping import check_options

    try:
        check_options({k: v for k, v in value.items() if k != "path"}, where="the corpus table")
    except CorpusError as exc:
        raise fail("corpus", f"{exc} A corpus table takes 'path' and these reading options.") from None
    return True


def _is_date(value: Any) -> bool:
    try:
        return isinstance(value, str) and not pd.isna(pd.Timestamp(value))
    except (ValueError, TypeError):
        return False


def _renamed(kind: Kind, given: dict[str, Any], fail: Any) -> dict[str, Any]:
    """``given`` with deprecated option names replaced by the new ones, each with a warning."""
    for old, new in kind.renamed.items():
        if old in given:
            if new in given:
                raise fail(old, f"{old!r} is the old name of option {new!r}: give only {new!r}")
            # the warning names the config line, which is where the user has to change it
            warn_deprecated(str(fail(old, f"option {old!r}")), f"{new!r}", stacklevel=5)
            given = {(new if k == old else k): v for k, v in given.items()}
    return given


def _check_options(kind: Kind, given: dict[str, Any], fail: Any) -> dict[str, Any]:
    given = _renamed(kind, given, fail)
    for key in given:
        if key not in kind.options:
            near = difflib.get_close_matches(key, [*kind.options, *COMMON], n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            takes = ", ".join(kind.options) or "no options"
            raise fail(key, f"unknown option {key!r} for kind {kind.name!r}{hint}; it takes: {takes}")
    options = {}
    for key, opt in kind.options.items():
        if key not in given and opt.default is REQUIRED:
            raise fail(None, f"kind {kind.name!r} needs option {key!r}: {opt.help}")
        value = given.get(key, opt.default)
        types = opt.accepted()
        if value is not None and types and (not isinstance(value, types) or
                                            (isinstance(value, bool) and bool not in types)):
            raise fail(key, f"option {key!r} must be {' or '.join(t.__name__ for t in types)}, "
                            f"got {value!r}: {opt.help}")
        if opt.choices and value not in opt.choices:
            raise fail(key, f"option {key!r} must be one of {', '.join(map(repr, opt.choices))}, got {value!r}")
        if problem := opt.out_of_range(value):
            raise fail(key, f"option {key!r} {problem}, got {value!r}: {opt.help}")
        options[key] = value
    if kind.check is not None:
        try:
            kind.check(options)
        except ConfigError as exc:
            raise fail(None, str(exc)) from None
    return options
