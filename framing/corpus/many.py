"""Read many files as one corpus: a list of paths or a glob, the outlet taken from each file's name.

Scrapers usually write one file per outlet (``scraped/vijesti.csv``, ``scraped/rts.csv``).
``framing.read("scraped/*.csv", outlet="{stem}")`` reads each with the same options and
joins them with :meth:`Corpus.concat`, which refuses ids that two files share
(``prefix_ids=True`` prefixes each id with its file's name instead).

``outlet`` (and any value of ``constants``) may be a template filled from each file's path:
``{stem}`` the file name without its suffixes (``vijesti`` for ``vijesti.csv.gz``), ``{name}``
the file name, ``{parent}`` the name of its folder. A template wins over an ``outlet``
column in the file.

>>> import framing as fr, pathlib, tempfile
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "vijesti.csv").write_text("date,text\\n2022-02-24,Rat.\\n")
>>> _ = (root / "rts.csv").write_text("date,text\\n2022-02-25,Mir.\\n2022-02-26,Rat.\\n")
>>> corpus = fr.read(str(root / "*.csv"), outlet="{stem}")
>>> corpus.df[["doc_id", "outlet"]].values.tolist()
[['rts-1', 'rts'], ['rts-2', 'rts'], ['vijesti-1', 'vijesti']]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from framing._infra.errors import CorpusError
from framing.corpus.corpus import Corpus
from framing.corpus.files import expand_glob, is_glob

FIELDS = ("stem", "name", "parent")
"""The names a template may use."""


def is_template(value: object) -> bool:
    """Whether ``value`` is a file-name template such as ``"{stem}"``."""
    return isinstance(value, str) and "{" in value


def fill(template: str, path: Path) -> str:
    """``template`` with ``{stem}``, ``{name}``, ``{parent}`` taken from ``path``.

    >>> fill("{stem}", Path("scraped/vijesti.csv.gz")), fill("{parent}: {name}", Path("rts/a.txt"))
    ('vijesti', 'rts: a.txt')
    """
    values = {"stem": path.name.split(".")[0], "name": path.name, "parent": path.parent.name}
    try:
        return template.format_map(values)
    except (KeyError, IndexError, ValueError) as exc:
        raise CorpusError(f"cannot fill the template {template!r} for {path}: use {{stem}}, {{name}} or "
                          f"{{parent}} ({exc!r})") from None


def paths_of(spec: str | Path | Sequence[str | Path]) -> list[Path]:
    """The files named by a list of paths and globs, or by one glob (in order, globs sorted)."""
    items = [spec] if isinstance(spec, (str, Path)) else list(spec)
    if not items:
        raise CorpusError("no files given: pass a list of paths or a glob such as 'scraped/*.csv'")
    out: list[Path] = []
    for item in items:
        text = str(item)
        out += expand_glob(text) if is_glob(text) and not Path(text).exists() else [Path(item)]
    return out


def read_many(spec: str | Path | Sequence[str | Path], read_one: Callable[..., Corpus], *, outlet: str | None = None,
              prefix_ids: bool = False, **options: Any) -> Corpus:
    """Read every file of ``spec`` (paths and globs) with the same options; one corpus.

    Args:
        spec: a list of files (globs allowed in it) or one glob (:mod:`framing.corpus.files`).
        read_one: the reader of one file, :func:`framing.read`.
        outlet: the outlet column, or a template such as ``"{stem}"`` filled from each file's name.
        prefix_ids: prefix each ``doc_id`` with its file's stem (see :meth:`Corpus.concat`).
        options: options of the reader of each file (:func:`framing.read`), e.g. ``text=``,
            ``date=``, ``dayfirst=``; a template in ``constants`` is filled per file too.

    Raises:
        CorpusError: a file cannot be read (the message names it), or ids clash between files.
    """
    corpora = [read_one_of_many(path, read_one, outlet=outlet, options=options) for path in paths_of(spec)]
    return Corpus.concat(corpora, prefix_ids=prefix_ids)


def read_one_of_many(path: Path, read_one: Callable[..., Corpus], *, outlet: str | None,
                     options: Mapping[str, Any]) -> Corpus:
    """One file of :func:`read_many`: ``outlet`` and the templates in ``constants`` filled from its path
    (``framing.read_dask`` calls it for each file, on a worker)."""
    per_file = dict(options)
    constants: Mapping[str, Any] = per_file.pop("constants", None) or {}
    constants = {k: fill(v, path) if is_template(v) else v for k, v in constants.items()}
    if is_template(outlet):
        name = fill(str(outlet), path)
        corpus = read_one(path, constants={**constants, "outlet": name}, **per_file)
        return corpus.with_columns(outlet=[name] * len(corpus)) if len(corpus) else corpus
    return read_one(path, outlet=outlet, constants=constants or None, **per_file)
