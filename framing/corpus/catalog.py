"""Named corpora: recipes, fetching with checksums, a deterministic build, and a local cache.

A *recipe* (JSON, shipped in the package under ``framing/data/corpora/`` and linked from
the repository's ``corpora/`` folder) names every raw file of a corpus by repository,
commit, path, SHA-256 and size, says how each source format maps onto the corpus schema,
which licence and citation apply, and what the reference build counted. A recipe either
lists ``sources`` or derives from a ``base`` recipe through a topical ``filter``.

:func:`load_corpus` returns the built :class:`~framing.corpus.Corpus`, fetching and
building it on first use:

1. fetch the raw files (:func:`framing.corpus.sources.fetch.fetch_files`: parallel, retried,
   resumable, SHA-256-verified; from ``$FRAMING_MIRROR`` or ``mirror=`` without network);
2. parse each source with the parser of its format (:mod:`framing.corpus.sources`);
3. keep each source's date window; give a document with an empty title the first
   sentence of its text; add ``outlet``, ``language``, ``country`` and ``license``;
4. drop duplicates within each outlet -- same URL, or same text ignoring white space --
   keeping the earliest (by date, then by order in the sources);
5. sort by date, outlet and doc_id; for a derived recipe, keep the documents whose title
   or text matches the filter's regular expression.

The result is cached in ``<data>/<name>/corpus.parquet`` with a JSON stamp (recipe
digest, build version, Parquet SHA-256, fingerprint, build report); a cache whose stamp
or checksum does not match is rebuilt, never loaded. ``<data>`` is ``$FRAMING_DATA``, else
``corpora/`` of a source checkout, else ``$FRAMING_CACHE/corpora``; raw files are kept in
``<data>/raw/`` in the mirror's layout. The build is deterministic: the same recipe gives
the same :attr:`Corpus.fingerprint` on any machine, and the recipe pins it.

>>> from framing.corpus import catalog
>>> sorted(catalog.known_corpora())
['ukraine-2022', 'ukraine-2022-ru-uk', 'ukraine-2022-window']
>>> catalog.get_recipe("ukraine-2022").base
'ukraine-2022-window'
>>> # corpus = framing.load_corpus("ukraine-2022")   # fetches ~41 MB on first use
"""

from __future__ import annotations

import dataclasses
import json
import re
import warnings
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from framing._infra.atomic import write_text
from framing._infra.errors import CatalogError, FramingWarning
from framing._infra.hashing import sha256_bytes, sha256_file
from framing._infra.paths import (
    MIRROR_VARIABLE,
    RAW_URL_VARIABLE,
    RECIPES_VARIABLE,
    data_root,
    raw_url,
    recipes_dir,
    variable,
)
from framing.corpus.corpus import Corpus, ReadReport
from framing.corpus.readers import from_dataframe
from framing.corpus.sources import PARSERS
from framing.corpus.sources.common import (
    GITHUB_RAW,
    RawFile,
    check_url_template,
    first_sentence,
    pin_problem,
    shown,
)

if TYPE_CHECKING:
    from framing.corpus.sources.fetch import Timeouts  # imports requests: only when fetching

BUILD_VERSION = 1
"""Bumped whenever a parser's output changes; caches built by another version are rebuilt."""

_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


# --- recipes ---------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Source:
    """One source of a recipe: an outlet's raw files in one format.

    Attributes:
        outlet, language, script, country: constant columns of its documents (``country``
            may instead come from a per-file column, as for the UN speeches; without a
            ``script``, it is detected per document).
        format: the parser (a key of :data:`framing.corpus.sources.PARSERS`).
        license, citation, notes: provenance, shown by ``framing corpus info``.
        window: inclusive ``(first, last)`` dates to keep, or ``None`` for all.
        dedupe: what marks a repeated document: ``"url"`` (same URL) and/or ``"text"``
            (same words), or ``"url+text"`` (both the same); a source whose URL is one fixed
            link (the UN corpus DOI) uses ``["text"]`` only, one whose distinct records may share
            a URL or a stock text (a video's original and translation, briefings that repeat
            their title) ``["url+text"]``.
        options: the format's own options (``columns``, ``front_matter``, ``id``, ...).
        files: the pinned raw files.
    """

    outlet: str
    language: str
    script: str | None
    country: str | None
    format: str
    license: str
    citation: str
    notes: str
    window: tuple[str, str] | None
    dedupe: tuple[str, ...]
    options: Mapping[str, Any]
    files: tuple[RawFile, ...]


@dataclasses.dataclass(frozen=True)
class Recipe:
    """A named corpus: how to fetch and build it, and what the reference build counted.

    Attributes:
        name, title, description: what it is.
        path: the recipe file; ``digest`` is its SHA-256 (a changed recipe means a rebuild).
        sources: the raw sources (empty for a derived recipe).
        base, filter: a derived recipe's base corpus name and its filter
            (``{"description": ..., "pattern": <an RE2 regular expression>}``), which keeps
            the documents whose title or text it matches.
        reference: documents per outlet in the reference build.
        differences: deliberate differences from the reference, in words.
        fingerprint: the pinned fingerprint of the built corpus (``None`` if not pinned).
        raw_url: the download URL template (``$FRAMING_RAW_URL`` overrides it).
        info: further text fields shown by ``framing corpus info`` (``dates``, ``duplicates``,
            ``parallel``).
    """

    name: str
    title: str
    description: str
    path: Path
    digest: str
    sources: tuple[Source, ...] = ()
    base: str | None = None
    filter: Mapping[str, str] | None = None
    reference: Mapping[str, int] = dataclasses.field(default_factory=dict)
    differences: tuple[str, ...] = ()
    fingerprint: str | None = None
    raw_url: str = GITHUB_RAW
    info: Mapping[str, str] = dataclasses.field(default_factory=dict)

    @property
    def files(self) -> tuple[RawFile, ...]:
        """All raw files of all sources."""
        return tuple(f for s in self.sources for f in s.files)


_JSON_KINDS = {dict: "an object ({...})", list: "a list", str: "a string", int: "a whole number"}


def _typed(value: Any, key: str, where: str, kind: type) -> Any:
    """``value`` if it is of ``kind`` (JSON's: dict, list, str, int); else an error naming ``key``."""
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    raise CatalogError(f"{where}: {key!r} must be {_JSON_KINDS[kind]} (got {shown(value)}); fix the recipe.")


def _require(data: Mapping[str, Any], key: str, where: str, kind: type | None = None) -> Any:
    if key not in data:
        raise CatalogError(f"{where}: the recipe lacks the key {key!r} (it has {sorted(data)}).")
    return data[key] if kind is None else _typed(data[key], key, where, kind)


def _raw_file(data: Any, source: Mapping[str, Any], number: int, where: str) -> RawFile:
    """File ``number`` (from 1) of a source, its pins checked by :func:`pin_problem`."""
    entry = _typed(data, f"file {number}", where, dict)
    raw = RawFile(source["repo"], source["commit"], _require(entry, "path", where), _require(entry, "sha256", where),
                  _require(entry, "bytes", where), _typed(entry.get("meta", {}), "meta", where, dict))
    problem = pin_problem(raw)
    if problem:
        raise CatalogError(f"{where}, file {number}: {problem}; fix the recipe.")
    return raw


def _window(data: Mapping[str, Any], where: str) -> tuple[str, str] | None:
    window = data.get("window")
    if window is None:
        return None
    try:
        if isinstance(window, list) and len(window) == 2 and all(isinstance(d, str) for d in window):
            first, last = (pd.Timestamp(d) for d in window)
            if first <= last:
                return window[0], window[1]
    except ValueError:
        pass
    raise CatalogError(f"{where}: 'window' must be [first, last] dates such as ['2021-09-01', '2022-09-30'] "
                       f"(got {shown(window)}); fix the recipe.")


def _source(data: Mapping[str, Any], where: str) -> Source:
    where = f"{where}, source {shown(data.get('outlet', '?'))}"
    fmt = _require(data, "format", where)
    if fmt not in PARSERS:
        raise CatalogError(f"{where}: unknown format {shown(fmt)}; known formats are {sorted(PARSERS)}.")
    for key in ("repo", "commit"):
        _require(data, key, where)
    files = tuple(_raw_file(f, data, i, where) for i, f in enumerate(_require(data, "files", where, list), 1))
    if not files:
        raise CatalogError(f"{where}: the source lists no files.")
    dedupe = _typed(data.get("dedupe", ["url", "text"]), "dedupe", where, list)
    if not set(dedupe) <= {"url", "text", "url+text"}:
        raise CatalogError(f"{where}: 'dedupe' may list only 'url', 'text' and 'url+text' (got {shown(dedupe)}); "
                           "fix the recipe.")
    fixed = {"outlet", "language", "script", "country", "format", "license", "citation", "notes",
             "window", "dedupe", "repo", "commit", "files"}
    return Source(outlet=_require(data, "outlet", where, str), language=data.get("language", ""),
                  script=data.get("script"), country=data.get("country"), format=fmt,
                  license=_require(data, "license", where, str),
                  citation=data.get("citation", ""), notes=data.get("notes", ""),
                  window=_window(data, where), dedupe=tuple(dedupe),
                  options={k: v for k, v in data.items() if k not in fixed}, files=files)


def _json_object(path: Path) -> tuple[dict[str, Any], bytes]:
    """The JSON object in a recipe file, and the file's bytes; anything else raises, naming the file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"{path}: cannot read the recipe ({exc.strerror}).") from exc
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise CatalogError(f"{path}: not valid UTF-8 at byte {exc.start}; save the recipe as UTF-8.") from exc
    except json.JSONDecodeError as exc:
        raise CatalogError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}).") from exc
    except RecursionError as exc:
        raise CatalogError(f"{path}: nested too deeply to be a recipe.") from exc
    if not isinstance(data, dict):
        kind = {list: "list", str: "string", bool: "boolean", type(None): "null"}.get(type(data), "number")
        raise CatalogError(f'{path}: a recipe is a JSON object ({{"name": ..., ...}}), not a {kind}; fix the recipe.')
    return data, raw


def read_recipe(path: str | Path) -> Recipe:
    """Read and check a recipe file (see the module docstring for its parts).

    Every field is checked before anything is fetched: its type, each raw file's pins
    (:func:`~framing.corpus.sources.common.pin_problem`: no ``..``, no absolute path, a 40-hex
    commit, ``owner/name`` repository), the ``raw_url`` template
    (:func:`~framing.corpus.sources.common.check_url_template`); errors name the file, the
    source, the file's number and the key.
    """
    path = Path(path)
    data, raw = _json_object(path)
    where = str(path)
    name = _require(data, "name", where)
    if not isinstance(name, str) or not _NAME.match(name) or name == "raw" or path.stem != name:
        raise CatalogError(f"{where}: the name {shown(name)} must match the file name, use lower-case "
                           "letters, digits, '.', '_' or '-', and not be 'raw'.")
    if ("sources" in data) == ("base" in data):
        raise CatalogError(f"{where}: a recipe has either 'sources' or a 'base' (with a 'filter').")
    if "base" in data:
        _typed(data["base"], "base", where, str)
        _typed(_require(data, "filter", where, dict).get("pattern"), "filter.pattern", where, str)
    reference = _typed(_typed(data.get("reference", {}), "reference", where, dict).get("documents", {}),
                       "reference.documents", where, dict)
    sources = _typed(data.get("sources", []), "sources", where, list)
    return Recipe(name=name, title=_typed(data.get("title", name), "title", where, str),
                  description=_typed(data.get("description", ""), "description", where, str),
                  path=path, digest=sha256_bytes(raw),
                  sources=tuple(_source(_typed(s, "sources", where, dict), where) for s in sources),
                  base=data.get("base"), filter=data.get("filter") if "base" in data else None,
                  reference=dict(reference),
                  differences=tuple(_typed(data.get("differences", []), "differences", where, list)),
                  fingerprint=data.get("fingerprint"),
                  raw_url=check_url_template(data.get("raw_url", GITHUB_RAW), f"{where}: 'raw_url'"),
                  info={k: data[k] for k in ("dates", "duplicates", "parallel") if k in data})


def _recipe_files() -> tuple[dict[str, Path], dict[str, CatalogError]]:
    """The recipe file of each usable name, and why each name in ``$FRAMING_RECIPES`` that clashes is not."""
    folder = Path(str(resources.files("framing") / "data" / "corpora"))
    found = {p.stem: p for p in sorted(folder.glob("*.json"))}
    clashes: dict[str, CatalogError] = {}
    extra = recipes_dir()
    if extra is not None and not extra.is_dir():
        raise CatalogError(f"{RECIPES_VARIABLE}={extra}: no such folder; point it at a folder of recipe files "
                           "(*.json), or unset it.")
    for path in sorted(extra.glob("*.json")) if extra else ():
        if path.stem in found:
            clashes[path.stem] = CatalogError(f"{path}: the corpus name {path.stem!r} is already taken by "
                                              f"{found[path.stem]}; rename the recipe.")
        else:
            found[path.stem] = path
    return found, clashes


def recipe_files() -> dict[str, Path]:
    """Recipe file of each known corpus: the package's, plus ``*.json`` in ``$FRAMING_RECIPES``.

    A recipe there named like one of the package's is not used (:func:`get_recipe` of that name
    raises, saying so; :func:`survey` lists it).
    """
    return _recipe_files()[0]


def known_corpora() -> list[str]:
    """Names of the known corpora, sorted."""
    return sorted(recipe_files())


def get_recipe(name: str) -> Recipe:
    """The recipe of a named corpus; an unknown name raises and lists the known ones."""
    files, clashes = _recipe_files()
    if name in clashes:
        raise clashes[name]
    if name not in files:
        raise CatalogError(f"unknown corpus {shown(name)}; known corpora: {', '.join(sorted(files))}. "
                           "See `framing corpus list`.")
    return read_recipe(files[name])


def recipe_chain(recipe: Recipe) -> list[Recipe]:
    """The recipe, then the recipes it derives from through ``base``, in order.

    A ``base`` that is unknown or broken, or a chain that comes back to a recipe already in
    it, raises a :class:`CatalogError` naming the recipe (and the cycle).
    """
    chain = [recipe]
    while chain[-1].base:
        base, names = chain[-1].base, [r.name for r in chain]
        if base in names:
            cycle = " → ".join([*names[names.index(base):], base])
            raise CatalogError(f"{recipe.path}: the recipes derive from themselves through 'base': {cycle}; fix "
                               "the 'base' of one of them.")
        try:
            chain.append(get_recipe(base))
        except CatalogError as exc:
            raise CatalogError(f"{chain[-1].path}: its 'base' {base!r} cannot be used: {exc}") from exc
    return chain


def survey() -> list[tuple[str, Recipe | CatalogError]]:
    """Every corpus name found, sorted, with its recipe or the error that makes it unusable.

    A broken recipe (not JSON, a bad field, a name clash, a ``base`` that is missing or
    cycles) is listed with its error and does not hide the others.
    """
    files, clashes = _recipe_files()
    found: list[tuple[str, Recipe | CatalogError]] = []
    for name in sorted(set(files) | set(clashes)):
        try:
            recipe = get_recipe(name)
            recipe_chain(recipe)
        except CatalogError as exc:
            found.append((name, exc))
        else:
            found.append((name, recipe))
    return found


# --- where data lives ------------------------------------------------------------------
def data_dir() -> Path:
    """Where fetched and built corpora live (:func:`framing._infra.paths.data_root`).

    ``$FRAMING_DATA`` when set; else ``corpora/`` of the source checkout this package runs
    from (it is git-ignored there); else ``corpora/`` in the cache root (``~/.cache/framing``).
    """
    return data_root()


def mirror_folder(mirror: str | Path | None = None) -> Path | None:
    """The mirror to copy raw files from: ``mirror``, else ``$FRAMING_MIRROR``, else ``None``.

    A relative path is taken from the current folder (as any path on a command line) and
    returned absolute; a missing folder raises :class:`CatalogError` naming both.

    >>> import os
    >>> mirror_folder(".") == Path(os.getcwd())
    True
    """
    value = mirror if mirror is not None else variable(MIRROR_VARIABLE)
    if value is None:
        return None
    path = Path(value).expanduser().resolve()
    if not path.is_dir():
        origin = MIRROR_VARIABLE if mirror is None else "mirror"
        where = "" if Path(value).expanduser().is_absolute() else f", taken from the current folder {Path.cwd()}"
        raise CatalogError(f"{origin}={value}: no such folder ({path}{where}); point it at a folder laid "
                           "out as github/<owner>/<repo>/<commit>/<path>.")
    return path


# --- the build -------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class BuildReport:
    """What a build found and did, shown by ``framing corpus info``.

    Attributes:
        documents_read: documents parsed per outlet, before any were dropped.
        outside_window: documents dropped per outlet for a date outside the source's window.
        duplicates: one dict per dropped duplicate: ``outlet``, ``reason`` (``"same URL"``
            or ``"same text"``), the ``dropped`` and ``kept`` doc_ids and their raw files
            (``dropped_file``, ``kept_file``: path, and ``#row N`` for a table row).
        titles_filled: ``(doc_id, title)`` of documents whose empty title became the first
            sentence of their text.
        base: the base corpus of a derived recipe; ``filtered_out`` documents of it did not
            match the filter.
    """

    documents_read: Mapping[str, int] = dataclasses.field(default_factory=dict)
    outside_window: Mapping[str, int] = dataclasses.field(default_factory=dict)
    duplicates: tuple[Mapping[str, str], ...] = ()
    titles_filled: tuple[tuple[str, str], ...] = ()
    base: str | None = None
    filtered_out: int = 0

    def lines(self) -> list[str]:
        """Human-readable lines: duplicates (how many and which), filled titles, filtering."""
        out = []
        groups: dict[tuple[str, str], list[Mapping[str, str]]] = {}
        for dup in self.duplicates:
            groups.setdefault((dup["outlet"], dup["reason"]), []).append(dup)
        for (outlet, reason), dups in sorted(groups.items()):
            out.append(f"{outlet}: dropped {len(dups)} duplicate(s) ({reason}):")
            for d in dups:
                out += [f"  - dropped {d['dropped']} ({d['dropped_file']})",
                        f"    kept    {d['kept']} ({d['kept_file']})"]
        for outlet, n in sorted(self.outside_window.items()):
            if n:
                out.append(f"{outlet}: dropped {n} document(s) dated outside the window")
        out += [f"empty title of {doc_id} replaced by its first sentence: {title!r}"
                for doc_id, title in self.titles_filled]
        if self.base:
            out.append(f"derived from {self.base}: {self.filtered_out} document(s) did not match "
                       "the filter")
        return out

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the inverse of ``BuildReport(**d)`` after :meth:`from_dict`)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BuildReport:
        """Read a report stored by :meth:`to_dict`."""
        return cls(**{**data, "duplicates": tuple(data.get("duplicates", ())),
                      "titles_filled": tuple(tuple(t) for t in data.get("titles_filled", ()))})


def _parse_source(source: Source, paths: Mapping[RawFile, Path]) -> tuple[pd.DataFrame, int]:
    """One source's documents with the constant columns, inside its window."""
    df = PARSERS[source.format]([(f, paths[f]) for f in source.files], dict(source.options))
    # a parser may set the language per document (a file of translations); the source's is the default
    language = df["language"].replace("", None).fillna(source.language) if "language" in df else source.language
    df = df.assign(outlet=source.outlet, language=language, license=source.license)
    if source.script is not None:
        df["script"] = source.script
    if source.country is not None:
        df["country"] = df["country"].fillna(source.country) if "country" in df else source.country
    if source.window is None:
        return df, 0
    first, last = (pd.Timestamp(d) for d in source.window)
    inside = df["date"].between(first, last)
    return df.loc[inside], int((~inside).sum())


def _fill_titles(df: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    empty = df["title"].str.strip() == ""
    titles = [first_sentence(t) for t in df.loc[empty, "text"]]
    df = df.copy()
    df.loc[empty, "title"] = titles
    return df, list(zip(df.loc[empty, "doc_id"], titles))


def _drop_duplicates(df: pd.DataFrame, rules: Mapping[str, tuple[str, ...]]
                     ) -> tuple[pd.DataFrame, list[dict[str, str]]]:
    """Drop repeats within each outlet; ``df`` must be ordered by outlet, date, source order.

    ``rules[outlet]`` lists the keys that mark a repeat: ``"url"`` (the same URL),
    ``"text"`` (the same words: the tidy text with its line ends made spaces) and ``"url+text"``
    (the same URL and the same words).
    """
    df = df.assign(_text=[t.replace("\n\n", "\n").replace("\n", " ") for t in df["text"]],
                   _file=df["source"].str.split(":", n=1).str[1])
    df["_url_text"] = (df["url"].fillna("") + "\n" + df["_text"]).where(df["_text"] != "", "")
    found: list[dict[str, str]] = []
    for rule, column, reason in (("url", "url", "same URL"), ("text", "_text", "same text"),
                                 ("url+text", "_url_text", "same URL and text")):
        eligible = df["outlet"].map(lambda o, rule=rule: rule in rules[o]) & (df[column].fillna("") != "")
        sub = df.loc[eligible]
        repeat = sub.duplicated(["outlet", column], keep="first")
        first = sub.groupby(["outlet", column], sort=False)["doc_id"].transform("first")
        kept_file = sub.groupby(["outlet", column], sort=False)["_file"].transform("first")
        found += [{"outlet": o, "reason": reason, "dropped": d, "dropped_file": df_, "kept": k,
                   "kept_file": kf} for o, d, df_, k, kf in zip(
                      sub["outlet"][repeat], sub["doc_id"][repeat], sub["_file"][repeat],
                      first[repeat], kept_file[repeat])]
        df = df.drop(index=sub.index[repeat])
    return df.drop(columns=["_text", "_file", "_url_text"]), found


def _build_sources(recipe: Recipe, paths: Mapping[RawFile, Path]) -> tuple[Corpus, BuildReport]:
    """Parse, clean, de-duplicate and validate the documents of a recipe's sources."""
    parts: list[pd.DataFrame] = []
    read: dict[str, int] = {}
    outside: dict[str, int] = {}
    for source in recipe.sources:
        df, n_outside = _parse_source(source, paths)
        read[source.outlet] = read.get(source.outlet, 0) + len(df) + n_outside
        outside[source.outlet] = outside.get(source.outlet, 0) + n_outside
        parts.append(df)
    df = pd.concat(parts, ignore_index=True)
    df, filled = _fill_titles(df)
    rules = {s.outlet: s.dedupe for s in recipe.sources}
    df = df.assign(_order=np.arange(len(df))).sort_values(["outlet", "date", "_order"], kind="stable")
    df, duplicates = _drop_duplicates(df, rules)
    df = df.drop(columns="_order").sort_values(["date", "outlet", "doc_id"], kind="stable")
    df = df.astype({c: "str" for c in df.columns if c != "date"})  # as read back from Parquet
    report = BuildReport(documents_read=read, outside_window=outside, duplicates=tuple(duplicates),
                         titles_filled=tuple(filled))
    with warnings.catch_warnings():  # the same text in two outlets is kept on purpose (see above)
        warnings.filterwarnings("ignore", "corpus .* repeat the exact text", FramingWarning)
        corpus = from_dataframe(df.reset_index(drop=True), source=f"corpus {recipe.name}")
    return Corpus(corpus.df, report=_report_of(recipe.name, report)), report


def _topical(recipe: Recipe, base: Corpus, base_report: BuildReport) -> tuple[Corpus, BuildReport]:
    """The documents of ``base`` whose title or text matches the recipe's filter pattern.

    The pattern is an RE2 regular expression (the syntax of Python's ``re`` for the usual
    constructs: ``(?i)``, ``\\b``, ``\\w``, alternation), matched by Arrow in C.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    pattern = _require(recipe.filter or {}, "pattern", str(recipe.path))
    df = base.df
    try:
        hits = [pc.match_substring_regex(pa.array(df[c].tolist(), pa.large_string()), pattern)
                for c in ("title", "text")]
    except pa.ArrowInvalid as exc:
        raise CatalogError(f"{recipe.path}: the filter pattern {pattern!r} is not a valid "
                           f"regular expression ({exc}).") from exc
    mask = pc.or_(*hits).to_numpy(zero_copy_only=False)
    corpus = base.filter(mask=mask)
    report = dataclasses.replace(base_report, base=recipe.base, filtered_out=len(base) - len(corpus))
    return Corpus(corpus.df, report=_report_of(recipe.name, report)), report


# --- the cache -------------------------------------------------------------------------
def _cache(name: str) -> tuple[Path, Path]:
    folder = data_dir() / name
    return folder / "corpus.parquet", folder / "stamp.json"


def _digests(recipe: Recipe) -> dict[str, str]:
    """SHA-256 of the recipe and of every recipe it derives from: a change means a rebuild."""
    return {r.name: r.digest for r in recipe_chain(recipe)}


def _check_cache_files(name: str) -> None:
    """Raise if something framing did not make stands where a built corpus's files belong."""
    folder = data_dir() / name
    if folder.exists() and not folder.is_dir():
        raise CatalogError(f"{folder}: a file stands where framing keeps the built corpus {name!r}; move it "
                           "away, then fetch again.")
    for path in _cache(name):
        if path.exists() and not path.is_file():
            raise CatalogError(f"{path}: a folder stands where framing keeps the built corpus {name!r}; framing "
                               "does not delete folders: move it away, then fetch again.")


def _cache_problem(recipe: Recipe, parquet: Path, stamp_path: Path) -> tuple[str | None, dict]:
    """Why the cache may not be loaded (``None`` if it may), and its stamp."""
    _check_cache_files(recipe.name)
    if not stamp_path.exists():
        return "it has no stamp.json (an interrupted build?)", {}
    try:
        stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return "its stamp.json is damaged", {}
    if not isinstance(stamp, dict):
        return "its stamp.json is damaged", {}
    if not parquet.exists():
        return "corpus.parquet is missing", stamp
    if stamp.get("build_version") != BUILD_VERSION:
        return "it was built by another version of framing's build", stamp
    if stamp.get("recipes") != _digests(recipe):
        return "the recipe changed since it was built", stamp
    if stamp.get("parquet_sha256") != sha256_file(parquet):
        return "corpus.parquet does not match the checksum in stamp.json (corrupt or half-written)", stamp
    return None, stamp


def _report_of(name: str, build: BuildReport) -> ReadReport:
    """``Corpus.report`` of a built corpus: documents read, repeated texts dropped."""
    pairs = tuple((d["kept"], d["dropped"]) for d in build.duplicates if d["reason"] == "same text")
    return ReadReport(source=f"corpus {name}", rows_read=sum(build.documents_read.values()),
                      duplicate_texts=pairs, duplicates_dropped=True)


def _load_cached(recipe: Recipe) -> tuple[Corpus, BuildReport] | None:
    """The cached corpus, or ``None`` (with a warning saying why, unless there is none)."""
    parquet, stamp_path = _cache(recipe.name)
    if not parquet.exists() and not stamp_path.exists():
        return None
    problem, stamp = _cache_problem(recipe, parquet, stamp_path)
    if problem is None:
        try:
            df = pd.read_parquet(parquet)
        except Exception as exc:  # pyarrow raises several types for damaged files
            problem = f"corpus.parquet cannot be read ({exc})"
    if problem is not None:
        warnings.warn(f"{parquet.parent}: the cached corpus {recipe.name!r} is not used: {problem}; "
                      "rebuilding it.", FramingWarning, stacklevel=3)
        return None
    report = BuildReport.from_dict(stamp.get("report", {}))
    return Corpus(df, report=_report_of(recipe.name, report)), report


def _save(recipe: Recipe, corpus: Corpus, report: BuildReport) -> None:
    """Write corpus.parquet, then stamp.json, each atomically; no stamp means no valid cache."""
    parquet, stamp_path = _cache(recipe.name)
    stamp_path.unlink(missing_ok=True)
    corpus.to_parquet(parquet)
    stamp = {"name": recipe.name, "build_version": BUILD_VERSION, "recipes": _digests(recipe),
             "documents": len(corpus), "fingerprint": corpus.fingerprint,
             "parquet_sha256": sha256_file(parquet), "report": report.to_dict()}
    write_text(stamp_path, json.dumps(stamp, indent=2, ensure_ascii=False) + "\n")


# --- public entry points ---------------------------------------------------------------
def _load(recipe: Recipe, *, mirror: Path | None, refresh: bool, retries: int,
          progress: bool, timeouts: Timeouts | None = None) -> tuple[Corpus, BuildReport]:
    recipe_chain(recipe)  # a 'base' that is missing, broken or cycles stops here
    _check_cache_files(recipe.name)
    cached = None if refresh else _load_cached(recipe)
    if cached is not None:
        return cached
    if recipe.base:
        base, base_report = _load(get_recipe(recipe.base), mirror=mirror, refresh=refresh,
                                  retries=retries, progress=progress, timeouts=timeouts)
        corpus, report = _topical(recipe, base, base_report)
    else:
        from framing.corpus.sources.fetch import fetch_files  # imports requests: only when fetching

        variable_url = raw_url() if mirror is None else None
        url = check_url_template(variable_url, RAW_URL_VARIABLE) if variable_url else recipe.raw_url
        paths = fetch_files(recipe.files, dest=data_dir() / "raw", mirror=mirror, url_template=url,
                            retries=retries, progress=progress, timeouts=timeouts)
        corpus, report = _build_sources(recipe, paths)
    if recipe.fingerprint and corpus.fingerprint != recipe.fingerprint:
        warnings.warn(f"corpus {recipe.name!r}: the build's fingerprint {corpus.fingerprint} differs "
                      f"from the one pinned in {recipe.path.name} ({recipe.fingerprint}); it is not "
                      "the corpus the recipe describes.", FramingWarning, stacklevel=3)
    _save(recipe, corpus, report)
    return corpus, report


def load_corpus(name: str, *, mirror: str | Path | None = None, refresh: bool = False,
                retries: int = 3, progress: bool = True, timeouts: Timeouts | None = None) -> Corpus:
    """A named corpus, fetched and built on first use, then loaded from the local cache.

    Args:
        name: a known corpus (:func:`known_corpora`), e.g. ``"ukraine-2022"``.
        mirror: take the raw files from this folder (default ``$FRAMING_MIRROR``) instead
            of downloading them; the network is then not used.
        refresh: rebuild from the (verified) raw files even if a valid cache exists.
        retries: further attempts per file after a failed download, waiting 1 s, 2 s, ...
        progress: show a progress bar while fetching.
        timeouts: the stall timeout and the per-file and overall deadlines of the fetch
            (:class:`~framing.corpus.sources.fetch.Timeouts`; default ``$FRAMING_FETCH_TIMEOUTS``,
            else 60 s, 15 min and 1 h).

    Raises:
        CatalogError: an unknown name (the message lists the known ones), a recipe that fails
            its checks, a failed, corrupted, oversized or too slow download, a file missing from
            the mirror, no network and no mirror, or something not made by framing where it keeps
            a raw file or a built corpus (framing never deletes it).
        KeyboardInterrupt: after Ctrl-C, once every download has stopped and its partial file
            is removed; files already verified are kept, and the next call resumes.

    >>> # fr.load_corpus("ukraine-2022").summary()
    """
    corpus, _ = _load(get_recipe(name), mirror=mirror_folder(mirror), refresh=refresh, retries=retries,
                      progress=progress, timeouts=timeouts)
    return corpus


def build_report(name: str, *, mirror: str | Path | None = None) -> BuildReport:
    """What the build of a named corpus dropped and changed (building it if needed)."""
    return _load(get_recipe(name), mirror=mirror_folder(mirror), refresh=False, retries=3, progress=True)[1]


def cached_documents(name: str) -> int | None:
    """Documents in the valid cached build of a corpus, or ``None`` if it is not built.

    Nothing is fetched or built; the cache is checked as :func:`load_corpus` would.
    """
    recipe = get_recipe(name)
    recipe_chain(recipe)
    problem, stamp = _cache_problem(recipe, *_cache(recipe.name))
    return None if problem else stamp.get("documents")
