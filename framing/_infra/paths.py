"""Every folder framing reads or writes unasked, decided here and nowhere else.

===================  ==============================================  =====================================
variable             what lives there                                default
===================  ==============================================  =====================================
``FRAMING_CACHE``    the cache (:mod:`framing._infra.cache`:         ``~/.cache/framing``
                     matrices, figure tables, topic models) and
                     the Jupyter kernel spec of ``framing lab``
``FRAMING_DATA``     fetched raw files and built named corpora       ``corpora/`` of a source checkout,
                     (data, not cache: ``framing cache clear``       else ``$FRAMING_CACHE/corpora``
                     never touches them)
``FRAMING_MIRROR``   a local copy of the raw files, read instead     none: download
                     of the network (a relative path is taken from
                     the current folder)
``FRAMING_RECIPES``  further corpus recipes (``*.json``)             none
``FRAMING_RAW_URL``  the URL template raw files are downloaded from  the recipe's ``raw_url``
===================  ==============================================  =====================================

An empty variable counts as unset, and ``~`` is expanded. A folder that is missing is created
when first written; one that is a file (or lies below a file) raises a
:class:`~framing._infra.errors.ConfigError` naming the variable. Each function takes an optional
``environ=`` mapping (default :data:`os.environ`), so a caller or a test can ask "where
would it be with these settings" without changing the process environment.

Outputs the user names (a figure folder, a widget's save folder) default to folders in
the working directory: :data:`FIGURES_FOLDER` and :data:`SAVE_FOLDER`.

>>> cache_root(environ={"FRAMING_CACHE": "/srv/framing"}).as_posix()
'/srv/framing'
>>> cache_root(environ={}) == Path.home() / ".cache" / "framing"
True
>>> data_root(environ={"FRAMING_DATA": "/srv/corpora"}).as_posix()
'/srv/corpora'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from framing._infra.errors import ConfigError

CACHE_VARIABLE = "FRAMING_CACHE"
DATA_VARIABLE = "FRAMING_DATA"
MIRROR_VARIABLE = "FRAMING_MIRROR"
RECIPES_VARIABLE = "FRAMING_RECIPES"
RAW_URL_VARIABLE = "FRAMING_RAW_URL"
DEFAULT_CACHE = Path("~") / ".cache" / "framing"
"""The cache root when ``$FRAMING_CACHE`` is not set (expanded per user)."""
FIGURES_FOLDER = "figures"
"""Where ``framing figures`` writes when no ``--out`` is given (relative to the working directory)."""
SAVE_FOLDER = "framing-output"
"""The folder a view's save panel proposes (relative to the working directory)."""


def variable(name: str, *, environ: Mapping[str, str] | None = None) -> str | None:
    """The value of an environment variable, ``None`` when it is unset or empty."""
    value = (os.environ if environ is None else environ).get(name, "")
    return value or None


def _folder(name: str, *, environ: Mapping[str, str] | None) -> Path | None:
    value = variable(name, environ=environ)
    return Path(value).expanduser() if value else None


def usable_folder(path: Path, origin: str, advice: str) -> Path:
    """``path`` if it is a folder or can be made one; else a :class:`ConfigError`.

    A folder can be made unless ``path``, or the nearest of its parents that exists, is not
    a folder. The message starts with ``origin`` (such as ``FRAMING_CACHE=/srv/x``) and ends
    with ``advice``.

    >>> usable_folder(Path("/no/such/folder"), "here", "") == Path("/no/such/folder")
    True
    """
    for existing in (path, *path.parents):
        if existing.is_dir():
            return path
        if existing.exists() or existing.is_symlink():
            what = "a file, not a folder" if existing.is_file() else "not a folder"
            raise ConfigError(f"{origin}: {existing} is {what}; {advice}")
    return path


def _variable_folder(name: str, *, environ: Mapping[str, str] | None) -> Path | None:
    """The folder an environment variable names, checked by :func:`usable_folder`."""
    path = _folder(name, environ=environ)
    if path is None:
        return None
    return usable_folder(path, f"{name}={variable(name, environ=environ)}",
                         f"point {name} at a folder (it is created if missing), or unset it.")


def cache_root(*, environ: Mapping[str, str] | None = None) -> Path:
    """The cache root: ``$FRAMING_CACHE``, else ``~/.cache/framing``."""
    chosen = _variable_folder(CACHE_VARIABLE, environ=environ)
    if chosen is not None:
        return chosen
    default = DEFAULT_CACHE.expanduser()
    return usable_folder(default, f"the cache folder {default}",
                         f"set {CACHE_VARIABLE} to a folder, or move the file away.")


def checkout_root() -> Path | None:
    """The source checkout this package runs from (``None`` for an installed package).

    A checkout is recognised by its ``pyproject.toml`` beside the ``framing`` folder.
    """
    root = Path(__file__).resolve().parents[2]
    return root if (root / "pyproject.toml").is_file() and (root / "framing").is_dir() else None


def data_root(*, environ: Mapping[str, str] | None = None) -> Path:
    """Where fetched raw files and built named corpora live.

    ``$FRAMING_DATA`` when set; else ``corpora/`` of the source checkout this package
    runs from (git-ignored there); else ``corpora/`` in the cache root.
    """
    chosen = _variable_folder(DATA_VARIABLE, environ=environ)
    if chosen is not None:
        return chosen
    checkout = checkout_root()
    if checkout is not None and (checkout / "corpora").is_dir():
        return checkout / "corpora"
    default = cache_root(environ=environ) / "corpora"
    return usable_folder(default, f"the data folder {default}",
                         f"set {DATA_VARIABLE} to a folder, or move the file away.")


def jupyter_dir(*, environ: Mapping[str, str] | None = None) -> Path:
    """Where ``framing lab`` installs its kernel spec: ``jupyter/`` in the cache root."""
    return cache_root(environ=environ) / "jupyter"


def recipes_dir(*, environ: Mapping[str, str] | None = None) -> Path | None:
    """``$FRAMING_RECIPES`` (a folder of further corpus recipes), or ``None``."""
    return _folder(RECIPES_VARIABLE, environ=environ)


def raw_url(*, environ: Mapping[str, str] | None = None) -> str | None:
    """``$FRAMING_RAW_URL`` (the download URL template of raw files), or ``None``."""
    return variable(RAW_URL_VARIABLE, environ=environ)
