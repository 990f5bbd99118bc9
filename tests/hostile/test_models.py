"""Hostile input and faults — topic model folders: saving beside a user's files, loading without running code.

A model folder is ``framing-topics.json`` (metadata, SHA-256 of each file) and ``lda.npz`` (gensim's LDA
state as plain arrays). The attacks below edit those files *and* update the checksums, as an attacker
would: the checksums catch damage, the format and its checks catch the rest.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import pickle
import stat
import warnings
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from topic_data import synthetic_dtm, synthetic_frame

import framing as fr
from framing.cli import main
from framing.topics.model import matrix_digest
from hostile.guards import deadline

META = "framing-topics.json"
ARRAYS = "lda.npz"


@pytest.fixture(scope="module")
def dtm() -> fr.DocTermMatrix:
    return synthetic_dtm()


@pytest.fixture(scope="module")
def model(dtm: fr.DocTermMatrix) -> fr.TopicModel:
    return fr.fit_topics(dtm, 3, seed=1, options=fr.LdaOptions(passes=3), progress=False)


class Payload:
    """Unpickling this writes ``marker``: proof that loading ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return exec, (f"open({self.marker!r}, 'w').write('pwned')",)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def legacy_folder(model: fr.TopicModel, folder: Path) -> Path:
    """A model folder as framing 0.1 wrote it: gensim's pickles and format-1 metadata."""
    folder.mkdir(parents=True)
    model.lda.save(str(folder / "lda"))
    dtm = model.dtm
    meta = {"format": 1, "k": model.k, "seed": model.seed, "options": dataclasses.asdict(model.options),
            "reproducible": True, "fingerprint": dtm.fingerprint, "matrix_digest": matrix_digest(dtm),
            "matrix_options": dtm.options.key(), "shape": list(dtm.shape), "versions": {},
            "files": {f.name: sha256(f) for f in sorted(folder.iterdir())}}
    (folder / META).write_text(json.dumps(meta))
    return folder


def payload_folder(model: fr.TopicModel, folder: Path, marker: Path) -> Path:
    """A format-1 folder whose main pickle is a payload, its checksum updated."""
    legacy_folder(model, folder)
    (folder / "lda").write_bytes(pickle.dumps(Payload(marker)))
    edit_meta(folder, lambda meta: meta["files"].__setitem__("lda", sha256(folder / "lda")))
    return folder


def edit_meta(folder: Path, change: Any) -> None:
    meta = json.loads((folder / META).read_text())
    change(meta)
    (folder / META).write_text(json.dumps(meta))


def rewrite_arrays(folder: Path, **changes: Any) -> None:
    """Replace arrays of ``lda.npz`` (pickling allowed: that is the attack) and update its checksum."""
    with np.load(folder / ARRAYS, allow_pickle=False) as z:
        arrays = {name: z[name] for name in z.files}
    arrays.update(changes)
    with open(folder / ARRAYS, "wb") as fh:
        np.savez(fh, **arrays)
    edit_meta(folder, lambda meta: meta["files"].__setitem__(ARRAYS, sha256(folder / ARRAYS)))


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_error(status: int, err: str, *parts: str) -> None:
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert status == 2 and len(lines) == 1 and "Traceback" not in err, err
    for part in parts:
        assert part in lines[0], lines[0]


def corpus_file(folder: Path) -> Path:
    path = folder / "corpus.csv"
    synthetic_frame(n_per_outlet=10).to_csv(path, index=False)
    return path


# --- saving: only framing's files, in place ------------------------------------------------------
def test_save_keeps_the_users_other_files(sandbox, model, dtm):
    """[models] save into a model folder that also holds notes.txt → notes.txt kept, only framing's files replaced"""
    folder = model.save(sandbox.inside / "k3")
    (folder / "notes.txt").write_text("why k=3\n")
    (folder / "terms.csv").write_text("mine\n")
    model.save(folder)
    assert (folder / "notes.txt").read_text() == "why k=3\n"
    assert (folder / "terms.csv").read_text() == "mine\n"
    assert sorted(p.name for p in folder.iterdir()) == sorted([META, ARRAYS, "notes.txt", "terms.csv"])
    assert fr.load_topics(folder, dtm).k == 3


def test_save_keeps_the_folders_mode(sandbox, model):
    """[models] save into an existing model folder of mode 0750 → the folder keeps mode 0750 (not 0700)"""
    folder = model.save(sandbox.inside / "k3")
    folder.chmod(0o750)
    model.save(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o750
    new = model.save(sandbox.inside / "fresh")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o777 & ~umask


def test_save_does_not_delete_a_user_file_listed_in_the_metadata(sandbox, model):
    """[models] metadata 'files' edited to list the user's notes.txt (right hash) → saving again keeps notes.txt"""
    folder = model.save(sandbox.inside / "k3")
    (folder / "notes.txt").write_text("mine\n")
    edit_meta(folder, lambda meta: meta["files"].__setitem__("notes.txt", sha256(folder / "notes.txt")))
    model.save(folder)
    assert (folder / "notes.txt").read_text() == "mine\n"


def test_save_refuses_when_a_model_file_is_a_users_folder(sandbox, model):
    """[models] the model's lda.npz replaced by a folder of the user's → save refused, names it, folder kept"""
    folder = model.save(sandbox.inside / "k3")
    (folder / ARRAYS).unlink()
    (folder / ARRAYS).mkdir()
    (folder / ARRAYS / "draft.txt").write_text("mine\n")
    with pytest.raises(fr.ModelError, match=r"lda.npz is a folder, where the model keeps its arrays; move it"):
        model.save(folder)
    assert (folder / ARRAYS / "draft.txt").read_text() == "mine\n"


def test_save_refuses_a_file_path(sandbox, model):
    """[models] save to a path that is an existing file → refused, the file unchanged"""
    (sandbox.inside / "readme.txt").write_text("mine")
    with pytest.raises(fr.ModelError, match=r"readme.txt exists and is not a framing topic model folder"):
        model.save(sandbox.inside / "readme.txt")
    assert (sandbox.inside / "readme.txt").read_text() == "mine"


def test_save_refuses_a_foreign_folder(sandbox, model):
    """[models] save into a non-empty folder that holds no model → refused, nothing in it touched"""
    (sandbox.inside / "thesis").mkdir()
    (sandbox.inside / "thesis" / "ch1.md").write_text("# 1\n")
    with pytest.raises(fr.ModelError, match=r"thesis exists and is not a framing topic model folder; choose another"):
        model.save(sandbox.inside / "thesis")
    assert [p.name for p in (sandbox.inside / "thesis").iterdir()] == ["ch1.md"]


def test_save_where_nothing_can_be_written(sandbox, model):
    """[models] save under /proc (cannot be written, even by root) → ModelError naming the folder, no OSError"""
    with pytest.raises(fr.ModelError, match=r"cannot save the topic model to /proc/framing-model: "):
        model.save("/proc/framing-model")


# --- loading: never unpickles unless trusted ------------------------------------------------------
def test_saved_model_holds_no_pickle_and_reloads_exactly(sandbox, model, dtm):
    """[models] a saved model → JSON and plain arrays only (no pickle); reloaded topics and θ identical bit for bit"""
    folder = model.save(sandbox.inside / "k3")
    assert sorted(p.name for p in folder.iterdir()) == [META, ARRAYS]
    with np.load(folder / ARRAYS, allow_pickle=False) as z:
        assert not any(z[name].dtype.hasobject for name in z.files)
    loaded = fr.load_topics(folder, dtm)
    assert np.array_equal(loaded.topic_term_, model.topic_term_)
    assert np.array_equal(loaded.doc_topic_, model.doc_topic_)


def test_payload_with_updated_checksum_is_not_run(sandbox, model, dtm):
    """[models] old-format folder, pickle replaced by a payload, checksum updated → refused, says trusted=True; not run"""
    marker = sandbox.inside / "pwned.txt"
    folder = payload_folder(model, sandbox.inside / "k3", marker)
    with pytest.raises(fr.ModelError, match=r"saved by an older framing as Python pickles.*trusted=True"):
        fr.load_topics(folder, dtm)
    assert not marker.exists(), "loading the model ran the payload"


def test_payload_with_empty_files_list_is_not_run(sandbox, model, dtm):
    """[models] old-format folder with a payload and 'files' emptied → refused, says trusted=True; not run"""
    marker = sandbox.inside / "pwned.txt"
    folder = payload_folder(model, sandbox.inside / "k3", marker)
    edit_meta(folder, lambda meta: meta.__setitem__("files", {}))
    with pytest.raises(fr.ModelError, match=r"as Python pickles.*trusted=True"):
        fr.load_topics(folder, dtm)
    assert not marker.exists(), "loading the model ran the payload"


def test_payload_with_its_checksum_entry_deleted_is_not_run(sandbox, model, dtm):
    """[models] old-format folder with a payload, its 'files' entry deleted → refused, says trusted=True; not run"""
    marker = sandbox.inside / "pwned.txt"
    folder = payload_folder(model, sandbox.inside / "k3", marker)
    edit_meta(folder, lambda meta: meta["files"].pop("lda"))
    with pytest.raises(fr.ModelError, match=r"as Python pickles.*trusted=True"):
        fr.load_topics(folder, dtm)
    assert not marker.exists(), "loading the model ran the payload"


def test_old_pickle_folder_loads_when_trusted(sandbox, model, dtm):
    """[models] old-format (pickle) folder with trusted=True → loads, identical topics; saving it converts it"""
    folder = legacy_folder(model, sandbox.inside / "old")
    loaded = fr.load_topics(folder, dtm, trusted=True)
    assert np.array_equal(loaded.topic_term_, model.topic_term_)
    assert np.array_equal(loaded.doc_topic_, model.doc_topic_)
    (folder / "notes.txt").write_text("mine\n")
    loaded.save(folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted([META, ARRAYS, "notes.txt"])
    assert np.array_equal(fr.load_topics(folder, dtm).topic_term_, model.topic_term_)


def test_object_array_in_the_arrays_file_is_not_unpickled(sandbox, model, dtm):
    """[models] lda.npz with a pickled object array (checksum updated) → refused as Python objects; not run"""
    marker = sandbox.inside / "pwned.txt"
    folder = model.save(sandbox.inside / "k3")
    rewrite_arrays(folder, sstats=np.array([Payload(marker)], dtype=object))
    with pytest.raises(fr.ModelError, match=r"array 'sstats' holds Python objects .* which framing never loads"):
        fr.load_topics(folder, dtm)
    assert not marker.exists(), "loading the model ran the payload"


def test_files_entry_pointing_outside_the_folder(sandbox, model, dtm):
    """[models] metadata 'files' names ../../outside/notes.txt → refused, names the field; nothing outside read"""
    folder = model.save(sandbox.inside / "k3")
    victim = "../../outside/notes.txt"
    edit_meta(folder, lambda meta: meta["files"].__setitem__(victim, sha256(folder / victim)))
    with pytest.raises(fr.ModelError, match=r"'files' lists '\.\./\.\./outside/notes\.txt', which is not a file of"):
        fr.load_topics(folder, dtm)


def test_files_entry_naming_a_device(sandbox, model, dtm):
    """[models] metadata 'files' names /dev/zero → refused at once (no endless read), names the field"""
    folder = model.save(sandbox.inside / "k3")
    edit_meta(folder, lambda meta: meta["files"].__setitem__("/dev/zero", "0" * 64))
    with deadline(20), pytest.raises(fr.ModelError, match=r"'files' lists '/dev/zero', which is not a file of"):
        fr.load_topics(folder, dtm)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_model_file_replaced_by_a_named_pipe(sandbox, model, dtm):
    """[models] lda.npz replaced by a named pipe → refused as not a regular file, no hang"""
    folder = model.save(sandbox.inside / "k3")
    (folder / ARRAYS).unlink()
    os.mkfifo(folder / ARRAYS)
    with deadline(20), pytest.raises(fr.ModelError, match=r"lda.npz is not a regular file"):
        fr.load_topics(folder, dtm)


def test_metadata_nested_too_deep(sandbox, model, dtm):
    """[models] framing-topics.json nested 100,000 lists deep → 'damaged' message, no RecursionError"""
    folder = model.save(sandbox.inside / "k3")
    (folder / META).write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(fr.ModelError, match=r"framing-topics.json is damaged \(nested too deeply\); save the model"):
        fr.load_topics(folder, dtm)


def test_metadata_field_of_the_wrong_type(sandbox, model, dtm):
    """[models] framing-topics.json with "k": "three" → refused, names the field 'k' and what it must be"""
    folder = model.save(sandbox.inside / "k3")
    edit_meta(folder, lambda meta: meta.__setitem__("k", "three"))
    with pytest.raises(fr.ModelError, match=r"framing-topics.json: field 'k' must be a whole number of at least 2, "
                                            r"not 'three'"):
        fr.load_topics(folder, dtm)


def test_array_of_the_wrong_shape(sandbox, model, dtm):
    """[models] lda.npz whose topic-word statistics have 2 rows for k=3 (checksum updated) → refused, names array"""
    folder = model.save(sandbox.inside / "k3")
    rewrite_arrays(folder, sstats=np.ones((2, dtm.shape[1]), dtype=np.float32))
    with pytest.raises(fr.ModelError, match=rf"array 'sstats' has shape \(2, {dtm.shape[1]}\), expected "
                                            rf"\(3, {dtm.shape[1]}\)"):
        fr.load_topics(folder, dtm)


def test_array_declaring_a_huge_shape(sandbox, model, dtm):
    """[models] lda.npz member whose header declares 10¹² floats (checksum updated) → refused from the header"""
    folder = model.save(sandbox.inside / "k3")
    with np.load(folder / ARRAYS, allow_pickle=False) as z:
        arrays = {name: z[name] for name in z.files}
    forged = io.BytesIO()
    np.lib.format.write_array_header_1_0(forged, {"descr": "<f4", "fortran_order": False, "shape": (10**6, 10**6)})
    forged.write(b"\0" * 16)
    with zipfile.ZipFile(folder / ARRAYS, "w") as zf:
        for name, array in arrays.items():
            member = io.BytesIO()
            np.save(member, array)
            zf.writestr(f"{name}.npy", forged.getvalue() if name == "expElogbeta" else member.getvalue())
    edit_meta(folder, lambda meta: meta["files"].__setitem__(ARRAYS, sha256(folder / ARRAYS)))
    with pytest.raises(fr.ModelError, match=r"array 'expElogbeta' has shape \(1000000, 1000000\), expected \(3, "):
        fr.load_topics(folder, dtm)


def test_array_with_nan(sandbox, model, dtm):
    """[models] lda.npz topic-word values set to NaN (checksum updated) → refused, not silently NaN topics"""
    folder = model.save(sandbox.inside / "k3")
    with np.load(folder / ARRAYS, allow_pickle=False) as z:
        bad = z["expElogbeta"].copy()
    bad[0, 0] = np.nan
    rewrite_arrays(folder, expElogbeta=bad)
    with pytest.raises(fr.ModelError, match=r"array 'expElogbeta' holds NaN, infinite or negative values"):
        fr.load_topics(folder, dtm)


def test_cached_figure_model_replaced_by_a_payload(sandbox, dtm):
    """[models] a cached figure model swapped for a pickle payload (all checksums updated) → never unpickled, refitted"""
    from framing.figures.kinds.topics import cached_model

    first = cached_model(dtm, 2, seed=1, passes=1, iterations=5)
    entries = [p for p in (sandbox.inside / "cache" / "models").iterdir() if not p.name.startswith(".")]
    assert len(entries) == 1
    entry = entries[0]
    marker = sandbox.inside / "pwned.txt"
    for f in (entry / "model").iterdir():
        f.unlink()
    (entry / "model").rmdir()
    payload_folder(first, entry / "model", marker)
    record = json.loads((entry / "entry.json").read_text())
    record["files"] = {f"model/{f.name}": {"sha256": sha256(f), "bytes": f.stat().st_size}
                       for f in (entry / "model").iterdir()}
    (entry / "entry.json").write_text(json.dumps(record))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        again = cached_model(dtm, 2, seed=1, passes=1, iterations=5)
    assert not marker.exists(), "reading the cache ran the payload"
    assert np.array_equal(again.topic_term_, first.topic_term_)
    assert any("as Python pickles" in str(w.message) for w in caught), [str(w.message) for w in caught]


# --- the command line -------------------------------------------------------------------------------
def test_cli_saves_into_a_model_folder_beside_the_users_notes(sandbox, capsys):
    """[models] `framing topics -o FOLDER` again on a model folder holding notes.txt → exit 0, notes.txt kept"""
    corpus = corpus_file(sandbox.inside)
    args = ["topics", str(corpus), "--k", "2", "--passes", "1", "--quiet", "-o", "model"]
    assert run_cli(args, capsys)[0] == 0
    (sandbox.inside / "model" / "notes.txt").write_text("mine\n")
    status, out, err = run_cli(args, capsys)
    assert status == 0 and "saved the model to model" in out, err
    assert (sandbox.inside / "model" / "notes.txt").read_text() == "mine\n"


def test_cli_output_is_an_existing_file(sandbox, capsys):
    """[models] `framing topics -o notes.txt` (an existing file) → one error line, exit 2, the file kept"""
    corpus = corpus_file(sandbox.inside)
    (sandbox.inside / "notes.txt").write_text("mine\n")
    status, _, err = run_cli(["topics", str(corpus), "--k", "2", "--passes", "1", "--quiet", "-o", "notes.txt"],
                             capsys)
    assert_one_error(status, err, "notes.txt exists and is not a framing topic model folder")
    assert (sandbox.inside / "notes.txt").read_text() == "mine\n"


def test_cli_sweep_output_is_a_folder(sandbox, capsys):
    """[models] `framing topics sweep -o results` where results is a folder → one error line, exit 2"""
    corpus = corpus_file(sandbox.inside)
    (sandbox.inside / "results").mkdir()
    status, _, err = run_cli(["topics", "sweep", str(corpus), "--ks", "2", "--seeds", "1", "--processes", "1",
                              "--passes", "1", "--quiet", "-o", "results"], capsys)
    assert_one_error(status, err, "cannot write results", "is a folder")
