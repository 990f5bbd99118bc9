"""Word vectors: reproducible training, framing's folders, word2vec/fastText files, and hostile files."""

from __future__ import annotations

import struct

import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing.embeddings import VectorOptions, WordVectors, load_vectors, save_vectors, train_vectors

WORDS = ["war", "peace", "сфера"]
VALUES = np.array([[1.0, 0.5, -2.0], [0.0, 1.25, 3.0], [-1.5, 0.0, 0.125]], np.float32)


def text_file(path, header="3 3"):
    lines = [header] + [" ".join([w, *map(str, v)]) for w, v in zip(WORDS, VALUES.tolist())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def binary_file(path, header=b"3 3\n", cut=0):
    body = b"".join(w.encode() + b" " + struct.pack("<3f", *v) + b"\n" for w, v in zip(WORDS, VALUES.tolist()))
    data = header + body
    path.write_bytes(data[:len(data) - cut])
    return path


@pytest.fixture
def corpus():
    texts = [f"report {i}: the army shelled the city and the special military operation went on" for i in range(30)]
    return fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b"] * 15, "date": "2022-03-01", "text": texts}))


@pytest.mark.parametrize("name", ["v.txt", "v.vec"])
def test_text_and_fasttext_files(tmp_path, name):
    wv = load_vectors(text_file(tmp_path / name))
    assert wv.words.tolist() == WORDS
    np.testing.assert_array_equal(wv.vectors, VALUES)
    assert wv.fingerprint is None


def test_binary_files(tmp_path):
    wv = load_vectors(binary_file(tmp_path / "v.bin"))
    assert wv.words.tolist() == WORDS
    np.testing.assert_array_equal(wv.vectors, VALUES)


def test_gensim_writes_what_framing_reads(tmp_path):
    from gensim.models import KeyedVectors

    kv = KeyedVectors(3)
    kv.add_vectors(WORDS, VALUES)
    kv.save_word2vec_format(str(tmp_path / "g.bin"), binary=True)
    kv.save_word2vec_format(str(tmp_path / "g.txt"), binary=False)
    for name in ("g.bin", "g.txt"):
        wv = load_vectors(tmp_path / name)
        assert wv.words.tolist() == WORDS
        np.testing.assert_allclose(wv.vectors, VALUES, rtol=1e-6)
    np.testing.assert_array_equal(WordVectors.from_gensim(kv).vectors, VALUES)


def test_gensim_pickles_are_refused_before_reading(tmp_path):
    path = tmp_path / "model.kv"
    path.write_bytes(b"\x80\x04not read")
    with pytest.raises(fr.ModelError, match="pickle.*save_word2vec_format"):
        load_vectors(path)


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: binary_file(p / "t.bin", cut=7), "truncated in the vector of word 3"),
    (lambda p: binary_file(p / "h.bin", header=b"99999999999 300\n"), "more than the file's"),
    (lambda p: binary_file(p / "d.bin", header=b"3 100000\n"), "1 to 10,000 dimensions"),
    (lambda p: text_file(p / "w.vec", header="3 4"), "line 2: expected a word and 4 numbers, got 3"),
    (lambda p: text_file(p / "n.vec", header="4 3"), "declares 4 words but the file holds 3"),
    (lambda p: text_file(p / "x.vec", header="three 3"), "line 1: expected a header"),
])
def test_hostile_files_are_refused_with_the_line(tmp_path, make, message):
    with pytest.raises(fr.ModelError, match=message):
        load_vectors(make(tmp_path))


def test_a_nan_value_is_refused(tmp_path):
    path = tmp_path / "nan.vec"
    path.write_text("1 2\nwar nan 1\n")
    with pytest.raises(fr.ModelError, match="NaN or infinite"):
        load_vectors(path)


def test_training_is_reproducible_and_phrases_are_tokens(corpus):
    options = VectorOptions(dim=6, min_count=2, epochs=3, phrases=("special military operation",))
    one = train_vectors(corpus, options=options, seed=3, progress=False, cache=False)
    two = train_vectors(corpus.filter(outlets=["a", "b"]), options=options, seed=3, progress=False, cache=False)
    assert one is not two
    np.testing.assert_array_equal(one.vectors, two.vectors)
    assert "special_military_operation" in one and "operation" not in one
    assert one.fingerprint == corpus.fingerprint
    other = train_vectors(corpus, options=options, seed=4, progress=False, cache=False)
    assert not np.array_equal(one.vectors, other.vectors)


def test_saved_vectors_load_bound_to_their_corpus(tmp_path, corpus):
    wv = train_vectors(corpus, options=VectorOptions(dim=4, min_count=2, epochs=1), progress=False)
    folder = save_vectors(wv, tmp_path / "vectors")
    back = load_vectors(folder, corpus=corpus)
    np.testing.assert_array_equal(back.vectors, wv.vectors)
    assert back.words.tolist() == wv.words.tolist() and back.counts.tolist() == wv.counts.tolist()
    other = fr.from_dataframe(pd.DataFrame({"outlet": ["a"], "date": "2022-03-01", "text": ["something else"]}))
    with pytest.raises(fr.ModelError, match="trained on another corpus"):
        load_vectors(folder, corpus=other)
    (folder / "vectors.npy").write_bytes((folder / "vectors.npy").read_bytes()[:-4])
    with pytest.raises(fr.ModelError, match="truncated or damaged"):
        load_vectors(folder)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("mine")
    with pytest.raises(fr.ModelError, match="not a framing word-vectors folder"):
        save_vectors(wv, tmp_path / "notes")


def test_bad_options_are_named():
    with pytest.raises(fr.ArgumentError, match=r"VectorOptions\(dim=\) must be a whole number"):
        VectorOptions(dim=0)
