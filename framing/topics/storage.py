"""Topic model folders without pickle: gensim's LDA state as plain arrays and JSON, rebuilt on load.

A model folder holds two files of framing's, and may hold the user's own beside them:

- ``framing-topics.json`` — what the model is (``k``, ``seed``, options, the fingerprint and
  digest of the matrix it was fitted on, package versions), gensim's scalar settings
  (``"gensim"``: class, dtype, ``chunksize``, ``iterations``, ``gamma_threshold``, …, the random
  state's position) and the SHA-256 of ``lda.npz``;
- ``lda.npz`` — uncompressed numpy arrays, written without pickle and read with
  ``allow_pickle=False``: ``sstats`` (topics × terms sufficient statistics; the topic-word
  posterior is λ = ``state_eta`` + ``sstats``, gensim's ``state.get_lambda()``), ``expElogbeta``
  (exp E[log β] under q(β | λ), what inference uses), ``alpha`` (one prior per topic), ``eta``
  and ``state_eta`` (the topic-word prior, per term or per topic and term; the two differ once
  ``eta="auto"`` has learned), ``random_state`` (the 624 words of the Mersenne Twister state)
  and ``vocab`` (the terms, in column order).

Loading rebuilds gensim's ``LdaModel`` (or ``LdaMulticore``): a new, untrained model of the same
class and settings whose priors, state, topics and random state are then set to the saved ones,
so ``get_topics()``, ``inference()`` and every result built on them equal the fitted model's bit
for bit. **Loading never executes code from the folder**: the JSON is data checked field by
field, each array's name, dtype and shape are checked from its header before it is read (so a
forged header cannot make framing allocate more than the file holds), arrays of Python objects
are refused, and the values must be finite and non-negative. The SHA-256 catches damage; someone
who edits both a file and its checksum can give you wrong topics, never run code.

Models saved by framing 0.1 (format 1) are gensim's own pickles, and unpickling runs whatever the
file says: they load only with ``load_topics(path, dtm, trusted=True)``; saving such a model again
stores it in this format.

Saving writes both files into a hidden staging folder inside the model folder (``.framing-save-*``,
removed afterwards, or by the next save after a crash), then renames them over the previous ones,
the metadata last. Only framing's files are replaced or removed (the previous model's files, by
name and unchanged checksum): notes or tables the user keeps in the folder stay, and the folder
keeps its permissions.

>>> import framing as fr, numpy as np, pandas as pd, pathlib, tempfile
>>> corpus = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b", "a", "b"],
...     "date": ["2022-01-01"] * 4, "text": ["war tanks war", "gas prices gas",
...     "tanks shelling war", "prices inflation gas"]}))
>>> dtm = fr.document_term_matrix(corpus, cache=False)
>>> model = fr.fit_topics(dtm, 2, seed=1, options=fr.LdaOptions(passes=5), progress=False)
>>> folder = model.save(pathlib.Path(tempfile.mkdtemp()) / "k2")
>>> sorted(p.name for p in folder.iterdir())
['framing-topics.json', 'lda.npz']
>>> sorted(np.load(folder / ARRAYS_FILE, allow_pickle=False).files)
['alpha', 'eta', 'expElogbeta', 'random_state', 'sstats', 'state_eta', 'vocab']
>>> bool(np.array_equal(fr.load_topics(folder, dtm).doc_topic_, model.doc_topic_))
True
"""

from __future__ import annotations

import json
import math
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from framing._infra.errors import ModelError
from framing._infra.hashing import sha256_file
from framing.dtm.matrix import DocTermMatrix

FORMAT_VERSION = 2
"""Format of the folders :func:`write_model_folder` writes (1: gensim's pickles, framing 0.1)."""
LEGACY_FORMAT = 1
META_FILE = "framing-topics.json"
ARRAYS_FILE = "lda.npz"
LEGACY_FILE = "lda"
"""gensim's main pickle in a format-1 folder (beside it ``lda.state``, ``lda.id2word``, ``lda.*.npy``)."""
META_LIMIT = 1 << 20
"""Largest metadata file read (bytes); framing's own is a few kilobytes."""
STAGING_PREFIX = ".framing-save-"
CLASSES = ("LdaModel", "LdaMulticore")
DTYPES = ("float16", "float32", "float64")
FLOAT_ARRAYS = ("alpha", "eta", "state_eta", "sstats", "expElogbeta")
MT_WORDS = 624
"""Length of the Mersenne Twister state of ``numpy.random.RandomState``."""

_INT, _NUMBER, _BOOL = "a whole number", "a number", "true or false"
SETTINGS: dict[str, str] = {
    "chunksize": _INT, "passes": _INT, "update_every": _INT, "decay": _NUMBER, "offset": _NUMBER,
    "eval_every": _INT, "iterations": _INT, "gamma_threshold": _NUMBER, "minimum_probability": _NUMBER,
    "minimum_phi_value": _NUMBER, "per_word_topics": _BOOL, "num_updates": _INT, "optimize_alpha": _BOOL,
    "optimize_eta": _BOOL,
}
"""gensim's scalar ``LdaModel`` attributes that are saved and restored, and what each must be."""
NULLABLE = frozenset({"eval_every"})
MAX_ITERATIONS = 100_000
"""Most inference iterations per document a loaded model may ask for (framing's default is 50)."""


# --- checks -----------------------------------------------------------------------------------
def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def field_error(meta_file: Path, field: str, value: Any, what: str) -> ModelError:
    """The error for a metadata field that does not hold what framing wrote there."""
    return ModelError(f"{meta_file}: field {field!r} must be {what}, not {_short(value)}; the file is damaged "
                      "or was edited — save the model again")


def _is(value: Any, what: str) -> bool:
    if what == _BOOL:
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    return isinstance(value, int) if what == _INT else isinstance(value, (int, float))


def _checked(meta_file: Path, data: Mapping[str, Any], field: str, what: str, *, nullable: bool = False,
            label: str | None = None) -> Any:
    """``data[field]`` if it is ``what`` (:data:`_INT`, :data:`_NUMBER`, :data:`_BOOL`), else a
    :class:`ModelError` naming the field as ``label`` (default ``field``)."""
    value = data.get(field)
    if (value is None and nullable) or _is(value, what):
        return value
    raise field_error(meta_file, label or field, value, what)


def _check_regular(f: Path, folder: Path) -> None:
    """Refuse a missing file, and anything but a regular file (a device or pipe would block the read)."""
    try:
        mode = f.stat().st_mode
    except FileNotFoundError:
        raise ModelError(f"model file {f} is missing; the folder {folder} is incomplete") from None
    if not stat.S_ISREG(mode):
        raise ModelError(f"model file {f} is not a regular file (a folder, device, pipe or socket); the folder "
                         f"{folder} is damaged — save the model again")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number framing writes")


def _read_json(meta_file: Path) -> Any:
    """The metadata file's JSON, at most :data:`META_LIMIT` bytes, parsed as data only."""
    _check_regular(meta_file, meta_file.parent)
    with open(meta_file, "rb") as fh:
        raw = fh.read(META_LIMIT + 1)
    if len(raw) > META_LIMIT:
        raise ModelError(f"{meta_file} is larger than {META_LIMIT:,} bytes, far more than a model's metadata; it is "
                         "damaged or not framing's — save the model again")
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except RecursionError:
        raise ModelError(f"{meta_file} is damaged (nested too deeply); save the model again") from None
    except ValueError as exc:  # also UnicodeDecodeError
        raise ModelError(f"{meta_file} is damaged ({exc}); save the model again") from exc


def _is_legacy_name(name: str) -> bool:
    """Whether ``name`` is one of gensim's files of a format-1 folder (``lda``, ``lda.state``, ...)."""
    return Path(name).name == name and "\\" not in name and (name == LEGACY_FILE or name.startswith(LEGACY_FILE + "."))


def _check_files(meta_file: Path, files: Any, fmt: int) -> dict[str, str]:
    if not isinstance(files, dict) or not all(isinstance(d, str) for d in files.values()):
        raise field_error(meta_file, "files", files, "a mapping of file names to SHA-256 digests")
    expected = [ARRAYS_FILE] if fmt == FORMAT_VERSION else [LEGACY_FILE, f"{LEGACY_FILE}.*"]
    for name in files:
        if not (name == ARRAYS_FILE if fmt == FORMAT_VERSION else _is_legacy_name(name)):
            raise ModelError(f"{meta_file}: 'files' lists {_short(name)}, which is not a file of a framing topic "
                             f"model ({', '.join(expected)}); the folder was edited or damaged — save the model again")
    required = ARRAYS_FILE if fmt == FORMAT_VERSION else LEGACY_FILE
    if required not in files:
        raise ModelError(f"{meta_file}: 'files' does not list {required}; the folder was edited or damaged — "
                         "save the model again")
    return files


def _legacy_refusal(path: Path) -> ModelError:
    """The error for a format-1 (pickle) folder loaded without ``trusted=True``."""
    return ModelError(f"{path} holds a topic model saved by an older framing as Python pickles, and loading a pickle "
                      "can run any code: framing loads it only if you trust it. If you or someone you trust saved "
                      "it, load it with load_topics(path, dtm, trusted=True), then save it again (model.save(path)) "
                      "to store it without pickle")


def read_meta(path: Path, *, trusted: bool = False) -> dict[str, Any]:
    """The checked metadata of the model folder ``path``, after verifying the SHA-256 of its files.

    A format-1 (pickle) folder is refused unless ``trusted``, before any of its files is read.
    """
    if not path.exists():
        raise ModelError(f"no topic model at {path}: the folder does not exist; save one with model.save(path)")
    meta_file = path / META_FILE
    if not meta_file.exists():
        raise ModelError(f"{path} is not a framing topic model folder: {META_FILE} is missing")
    meta = _read_json(meta_file)
    needed = {"format", "k", "seed", "options", "fingerprint", "matrix_digest", "files"}
    if not isinstance(meta, dict) or not needed <= meta.keys():
        lacking = sorted(needed - set(meta)) if isinstance(meta, dict) else sorted(needed)
        raise ModelError(f"{meta_file} is damaged (it lacks {lacking}); save the model again")
    fmt = _checked(meta_file, meta, "format", _INT)
    if fmt == LEGACY_FORMAT and not trusted:
        raise _legacy_refusal(path)
    if fmt not in (LEGACY_FORMAT, FORMAT_VERSION):
        raise ModelError(f"{meta_file} has format {fmt}, which this framing cannot read (it reads 1 and "
                         f"{FORMAT_VERSION}); upgrade framing, or save the model again")
    if not (_is(meta["k"], _INT) and meta["k"] >= 2):
        raise field_error(meta_file, "k", meta["k"], "a whole number of at least 2")
    _checked(meta_file, meta, "seed", _INT)
    _checked(meta_file, meta, "reproducible", _BOOL, nullable=True)
    for field in ("fingerprint", "matrix_digest"):
        if not isinstance(meta[field], str):
            raise field_error(meta_file, field, meta[field], "a hexadecimal digest")
    if not isinstance(meta["options"], dict):
        raise field_error(meta_file, "options", meta["options"], "a mapping of LdaOptions fields")
    for name, digest in _check_files(meta_file, meta["files"], fmt).items():
        f = path / name
        _check_regular(f, path)
        if sha256_file(f) != digest:
            raise ModelError(f"model file {f} is truncated or damaged (its SHA-256 does not match {META_FILE}); "
                             "save the model again")
    return meta


# --- gensim's model <-> arrays and settings -----------------------------------------------------
def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def lda_state(lda: Any, vocab: np.ndarray) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The arrays (for ``lda.npz``) and JSON settings (``"gensim"``) that rebuild ``lda`` exactly."""
    name = type(lda).__name__
    if name not in CLASSES:
        raise ModelError(f"cannot save a gensim {name}: framing saves {' and '.join(CLASSES)} models")
    _, keys, pos, has_gauss, cached_gaussian = lda.random_state.get_state()
    arrays = {"alpha": lda.alpha, "eta": lda.eta, "state_eta": lda.state.eta, "sstats": lda.state.sstats,
              "expElogbeta": lda.expElogbeta, "random_state": keys, "vocab": np.asarray(vocab).astype(str)}
    settings: dict[str, Any] = {field: _plain(getattr(lda, field)) for field in SETTINGS}
    settings.update({"class": name, "dtype": np.dtype(lda.dtype).name, "state_numdocs": _plain(lda.state.numdocs),
                     "random_state": {"pos": int(pos), "has_gauss": int(has_gauss),
                                      "cached_gaussian": float(cached_gaussian)}})
    if name == "LdaMulticore":
        settings.update({"workers": _plain(lda.workers), "batch": bool(lda.batch)})
    return arrays, settings


def _settings(meta_file: Path, meta: Mapping[str, Any]) -> dict[str, Any]:
    """The ``"gensim"`` settings of format-2 metadata, each checked."""
    settings = meta.get("gensim")
    if not isinstance(settings, dict):
        raise field_error(meta_file, "gensim", settings, "a mapping of gensim settings")
    if settings.get("class") not in CLASSES:
        raise field_error(meta_file, "gensim.class", settings.get("class"), " or ".join(CLASSES))
    if settings.get("dtype") not in DTYPES:
        raise field_error(meta_file, "gensim.dtype", settings.get("dtype"), " or ".join(DTYPES))
    for field, what in SETTINGS.items():
        _checked(meta_file, settings, field, what, nullable=field in NULLABLE, label=f"gensim.{field}")
    if not 1 <= settings["iterations"] <= MAX_ITERATIONS:  # each document's inference loops this often
        raise field_error(meta_file, "gensim.iterations", settings["iterations"], f"between 1 and {MAX_ITERATIONS:,}")
    _checked(meta_file, settings, "state_numdocs", _INT, label="gensim.state_numdocs")
    rs = settings.get("random_state")
    if not (isinstance(rs, dict) and _is(rs.get("pos"), _INT) and 0 <= rs["pos"] <= MT_WORDS
            and rs.get("has_gauss") in (0, 1) and _is(rs.get("cached_gaussian"), _NUMBER)):
        raise field_error(meta_file, "gensim.random_state", rs, "{pos: 0..624, has_gauss: 0 or 1, cached_gaussian}")
    if settings["class"] == "LdaMulticore":
        _checked(meta_file, settings, "workers", _INT, nullable=True, label="gensim.workers")
        _checked(meta_file, settings, "batch", _BOOL, label="gensim.batch")
    return settings


def _header(member: Any) -> tuple[tuple[int, ...], bool, np.dtype]:
    version = np.lib.format.read_magic(member)
    if version == (1, 0):
        return np.lib.format.read_array_header_1_0(member)
    if version == (2, 0):
        return np.lib.format.read_array_header_2_0(member)
    raise ValueError(f"unsupported .npy version {version}")


def read_arrays(path: Path, expected: Mapping[str, tuple[list[tuple[int, ...]], np.dtype | None]]
                ) -> dict[str, np.ndarray]:
    """The arrays of the uncompressed ``.npz`` file ``path``, each checked before it is read.

    ``expected`` maps each array's name to its allowed shapes and dtype (``None``: any
    string dtype). The file must hold exactly these arrays, stored (not compressed), each
    of an allowed shape and dtype and no larger than its data; nothing is unpickled.
    """
    def damaged(detail: str) -> ModelError:
        return ModelError(f"{path} is damaged ({detail}); save the model again")

    def wrong(name: str, detail: str) -> ModelError:
        return ModelError(f"{path}: array {name!r} {detail}; the file is damaged or was edited — save the model again")

    out: dict[str, np.ndarray] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = [info.filename for info in infos]
            if sorted(names) != sorted(f"{name}.npy" for name in expected):
                raise damaged(f"it holds {_short(names)}, not the arrays {sorted(expected)}")
            for info in infos:
                name = info.filename[:-len(".npy")]
                shapes, dtype = expected[name]
                if info.compress_type != zipfile.ZIP_STORED:
                    raise damaged(f"array {name!r} is compressed; framing writes arrays uncompressed")
                with zf.open(info) as member:
                    shape, _, found = _header(member)
                    offset = member.tell()
                if found.hasobject:
                    raise wrong(name, f"holds Python objects (dtype {found}), which framing never loads because "
                                      "reading them would run code")
                if (found != dtype) if dtype is not None else found.kind != "U":
                    raise wrong(name, f"has dtype {found}, expected {dtype or 'text'}")
                if shape not in shapes:
                    raise wrong(name, f"has shape {shape}, expected {' or '.join(map(str, shapes))}")
                size = math.prod(shape) * found.itemsize
                if offset + size != info.file_size:
                    raise wrong(name, f"holds {info.file_size:,} bytes, not the {offset:,}-byte header and "
                                      f"{size:,} bytes of its shape")
                with zf.open(info) as member:
                    out[name] = np.lib.format.read_array(member, allow_pickle=False)
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, OSError) as exc:
        raise damaged(f"{type(exc).__name__}: {exc}") from exc
    return out


def read_lda(path: Path, meta: Mapping[str, Any], dtm: DocTermMatrix) -> Any:
    """The gensim model of a folder checked by :func:`read_meta`, for its matrix ``dtm``."""
    if meta["format"] == LEGACY_FORMAT:
        return _read_legacy(path)
    meta_file = path / META_FILE
    settings = _settings(meta_file, meta)
    k, n_terms = int(meta["k"]), dtm.shape[1]
    dtype = np.dtype(settings["dtype"])
    prior = [(n_terms,), (k, n_terms)]
    expected: dict[str, tuple[list[tuple[int, ...]], np.dtype | None]] = {
        "alpha": ([(k,)], dtype), "eta": (prior, dtype), "state_eta": (prior, dtype), "sstats": ([(k, n_terms)], dtype),
        "expElogbeta": ([(k, n_terms)], dtype), "random_state": ([(MT_WORDS,)], np.dtype(np.uint32)),
        "vocab": ([(n_terms,)], None)}
    arrays = read_arrays(path / ARRAYS_FILE, expected)
    for name in FLOAT_ARRAYS:
        values = arrays[name]
        if not (np.isfinite(values).all() and (values >= 0).all()):
            raise ModelError(f"{path / ARRAYS_FILE}: array {name!r} holds NaN, infinite or negative values; the file "
                             "is damaged or was edited — save the model again")
    if not np.array_equal(arrays["vocab"], np.asarray(dtm.vocab).astype(str)):
        raise ModelError(f"{path / ARRAYS_FILE}: the model's vocabulary differs from the matrix's, although "
                         f"{META_FILE} names this matrix; the folder was edited — save the model again")
    return rebuild_lda(arrays, settings, dtm, k)


def rebuild_lda(arrays: Mapping[str, np.ndarray], settings: Mapping[str, Any], dtm: DocTermMatrix, k: int) -> Any:
    """A gensim model of ``settings["class"]`` whose state is ``arrays``: the saved model, exactly."""
    from gensim.models import LdaModel, LdaMulticore

    dictionary, _ = dtm.to_gensim()
    common = {"num_topics": k, "id2word": dictionary, "alpha": arrays["alpha"], "eta": arrays["eta"],
              "dtype": np.dtype(settings["dtype"]), "random_state": 0}
    if settings["class"] == "LdaMulticore":
        lda = LdaMulticore(workers=settings["workers"], batch=settings["batch"], **common)
    else:
        lda = LdaModel(**common)
    for field in SETTINGS:
        setattr(lda, field, settings[field])
    # the constructor drew random topics; the saved state replaces them
    lda.alpha, lda.eta, lda.expElogbeta = arrays["alpha"], arrays["eta"], arrays["expElogbeta"]
    lda.state.sstats, lda.state.eta, lda.state.numdocs = arrays["sstats"], arrays["state_eta"], settings["state_numdocs"]
    rs = settings["random_state"]
    lda.random_state.set_state(("MT19937", arrays["random_state"], rs["pos"], rs["has_gauss"], rs["cached_gaussian"]))
    return lda


def _read_legacy(path: Path) -> Any:
    """gensim's pickled model of a format-1 folder (only ever called with ``trusted=True``)."""
    from gensim.models import LdaModel

    try:
        return LdaModel.load(str(path / LEGACY_FILE))
    except Exception as exc:  # unpickling fails in many ways; all mean the same to the user
        raise ModelError(f"cannot read the gensim model in {path}: {exc}") from exc


# --- writing ----------------------------------------------------------------------------------
def _replaced_files(path: Path) -> set[str]:
    """framing's files of the model now in ``path``: listed in its metadata, by a name framing
    uses, and unchanged since (a user's file is never among them, whatever the metadata says)."""
    try:
        files = _read_json(path / META_FILE).get("files")
    except (ModelError, AttributeError, OSError):
        return set()
    own = set()
    for name, digest in (files.items() if isinstance(files, dict) else []):
        f = path / name
        if (isinstance(name, str) and (name == ARRAYS_FILE or _is_legacy_name(name)) and f.is_file()
                and not f.is_symlink() and sha256_file(f) == digest):
            own.add(name)
    return own


def _remove_leftovers(path: Path) -> None:
    """Staging folders of saves that were killed before they finished."""
    for child in path.iterdir():
        if child.name.startswith(STAGING_PREFIX) and child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)


def _write(path: Path, arrays: Mapping[str, np.ndarray], meta: Mapping[str, Any]) -> Path:
    if path.is_dir():
        _remove_leftovers(path)
    if path.exists() and (not path.is_dir() or (not (path / META_FILE).exists() and any(path.iterdir()))):
        raise ModelError(f"{path} exists and is not a framing topic model folder; choose another path")
    for name, role in ((ARRAYS_FILE, "arrays"), (META_FILE, "metadata")):
        target = path / name
        if target.is_dir() and not target.is_symlink():
            raise ModelError(f"{target} is a folder, where the model keeps its {role}; move it away and save again")
    path.mkdir(parents=True, exist_ok=True)
    previous = _replaced_files(path)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=path))
    try:
        with zipfile.ZipFile(staging / ARRAYS_FILE, "w", zipfile.ZIP_STORED) as zf:  # numpy's .npz layout
            for name, values in arrays.items():
                with zf.open(f"{name}.npy", "w", force_zip64=True) as member:
                    np.lib.format.write_array(member, np.asarray(values), allow_pickle=False)
        full = {**meta, "files": {ARRAYS_FILE: sha256_file(staging / ARRAYS_FILE)}}
        (staging / META_FILE).write_text(json.dumps(full, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        # metadata last: in between, the old checksum refuses the new arrays instead of mixing two models
        for name in (ARRAYS_FILE, META_FILE):
            os.replace(staging / name, path / name)
        for name in previous - {ARRAYS_FILE, META_FILE}:
            (path / name).unlink(missing_ok=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return path


def write_model_folder(path: Path, arrays: Mapping[str, np.ndarray], meta: Mapping[str, Any]) -> Path:
    """Write ``arrays`` (``lda.npz``) and ``meta`` (with ``files`` added) into the folder ``path``.

    The folder is created if needed; an existing one must be a model folder (or empty). Only
    framing's files are replaced; see the module docstring. Returns ``path``.
    """
    objects = sorted(name for name, values in arrays.items() if values.dtype.hasobject)
    if objects:
        raise ModelError(f"the arrays {objects} hold Python objects, which framing does not store (they would be "
                         "pickled)")
    try:
        return _write(path, arrays, meta)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename and Path(exc.filename) != path else ""
        raise ModelError(f"cannot save the topic model to {path}: {exc.strerror or exc}{where}; choose a folder "
                         "you can write to") from exc
