"""Matrices on disk (issue 15): variable-length vocabulary, a cache keyed by the texts, save and load."""

import base64
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing._infra.paths import cache_root
from framing.corpus import text as text_module
from framing.corpus.text import Tokens
from framing.dtm import matrix as matrix_module
from framing.dtm.storage import MatrixParts, StorageError, vocab_arrays, vocab_from_arrays, write_parts


def random_words(n: int, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    letters = rng.integers(0, 26, size=(n, 7))
    return ["".join(chr(97 + c) for c in row) for row in letters]


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def entry_with(name: str) -> list[Path]:
    return [p.parent for p in (cache_root() / "dtm").glob(f"*/{name}")]


def test_one_long_token_does_not_multiply_the_cache(tmp_path, monkeypatch):
    """The issue's reproduction: two documents of 25,000 random 7-letter words, one with a 600-character
    base64 string, ngrams=3; the cache must stay within 10% of the one without that string."""
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path))
    words = random_words(50_000, seed=1)
    blob = base64.b64encode(np.random.default_rng(2).bytes(450)).decode()
    assert len(blob) == 600
    plain = [" ".join(words[:25_000]), " ".join(words[25_000:])]
    with_blob = [plain[0], " ".join(words[25_000:25_100] + [blob] + words[25_100:])]
    sizes = []
    for texts in (plain, with_blob):
        corpus = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b"], "date": ["2022-03-01"] * 2, "text": texts}))
        fr.document_term_matrix(corpus, ngrams=3)
        entries = sorted(entry_with("data.npy"), key=os.path.getmtime)
        sizes.append(folder_bytes(entries[-1]))
    assert sizes[1] <= 1.1 * sizes[0], sizes


def test_a_long_term_costs_its_own_bytes_on_disk(tmp_path):
    """Without the junk rule too: the vocabulary is offsets and UTF-8 bytes, not a fixed-width array."""
    terms = np.array(sorted(random_words(1_000, seed=3) + ["z" * 5_000]), dtype=object)
    matrix = fr.document_term_matrix(fr.from_dataframe(pd.DataFrame(
        {"outlet": ["a"], "date": ["2022-03-01"], "text": ["x"]})), cache=False).matrix
    write_parts(tmp_path, MatrixParts(matrix=matrix[:, []].tocsr(), vocab=terms, lengths=np.array([1])))
    stored = (tmp_path / "vocab.utf8.npy").stat().st_size + (tmp_path / "vocab.offsets.npy").stat().st_size
    utf8 = sum(len(t.encode()) for t in terms)
    assert stored <= utf8 + 8 * (len(terms) + 1) + 2 * 128  # two .npy headers
    assert (tmp_path / "vocab.utf8.npy").stat().st_size < 4 * 5_000 * len(terms) / 100  # far below <U5000


def test_relabelling_outlets_does_not_tokenise_again(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path))
    corpus = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b", "a"], "date": ["2022-03-01"] * 3,
                                             "text": ["The invasion began.", "War and peace.", "An invasion."]}))
    calls = []
    real = matrix_module.tokenize_chunks

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(matrix_module, "tokenize_chunks", counting)
    first = fr.document_term_matrix(corpus)
    relabelled = corpus.with_columns(outlet=["x", "y", "y"], topic=["war", "war", "peace"])
    assert relabelled.fingerprint != corpus.fingerprint and relabelled.text_fingerprint == corpus.text_fingerprint
    again = fr.document_term_matrix(relabelled)
    assert len(calls) == 1
    assert (again.matrix != first.matrix).nnz == 0
    assert again.docs["outlet"].tolist() == ["x", "y", "y"] and again.docs["topic"].tolist() == ["war", "war", "peace"]
    assert again.fingerprint == relabelled.fingerprint  # models bound to a corpus still see the metadata change
    assert len(entry_with("data.npy")) == 1
    table = fr.term_rates(relabelled, "invasion", by="outlet", n_boot=0)
    assert table.set_index("outlet")["count"].to_dict() == {"x": 1, "y": 1}
    assert len(calls) == 1


def test_other_languages_are_other_texts(monkeypatch):
    """The language column decides tokenising (stopwords, transliteration): it is part of the key."""
    df = pd.DataFrame({"outlet": ["a"], "date": ["2022-03-01"], "text": ["Агресија и рат."]})
    plain = fr.from_dataframe(df)
    serbian = fr.from_dataframe(df.assign(language="sr"))
    assert plain.text_fingerprint != serbian.text_fingerprint
    assert "agresija" in set(fr.document_term_matrix(serbian).vocab)
    assert "agresija" not in set(fr.document_term_matrix(plain).vocab)


def test_summary_reads_token_counts_from_the_cache(monkeypatch):
    corpus = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b"], "date": ["2022-03-01", "2022-03-02"],
                                             "text": ["One two three.", "Four five."]}))
    fr.document_term_matrix(corpus)

    def boom(*args, **kwargs):
        raise AssertionError("tokenised again")

    monkeypatch.setattr(text_module, "count_tokens", boom)
    assert corpus.summary().set_index("outlet")["tokens"].to_dict() == {"a": 3, "b": 2}


def test_summary_counts_once_then_reads(monkeypatch):
    corpus = fr.from_dataframe(pd.DataFrame({"outlet": ["a"], "date": ["2022-03-01"], "text": ["One two three."]}))
    calls = []
    real = text_module.count_tokens

    def counting(texts):
        calls.append(1)
        return real(texts)

    monkeypatch.setattr(text_module, "count_tokens", counting)
    assert corpus.summary()["tokens"].tolist() == [3]
    assert corpus.with_columns(outlet=["b"]).summary()["tokens"].tolist() == [3]
    assert len(calls) == 1


def test_save_and_load_round_trip(tmp_path):
    corpus = fr.from_dataframe(pd.DataFrame({
        "outlet": ["a", "b"], "date": ["2022-03-01", "2022-03-02"], "language": ["en", "sr"],
        "text": ["The special military operation; Russia's war.", "Агресија и специјална војна операција."]}))
    dtm = fr.document_term_matrix(corpus, stopwords="auto", cache=False)
    folder = dtm.save(tmp_path / "m")
    back = fr.load_matrix(folder)
    assert (back.matrix != dtm.matrix).nnz == 0 and back.matrix.dtype == np.int64
    assert back.vocab.tolist() == dtm.vocab.tolist() and back.doc_lengths.tolist() == dtm.doc_lengths.tolist()
    pd.testing.assert_frame_equal(back.docs, dtm.docs, check_dtype=False)
    assert back.options == dtm.options and back.fingerprint == dtm.fingerprint
    assert back.tokens.ids.tolist() == dtm.tokens.ids.tolist()
    assert back.tokens.vocab.tolist() == dtm.tokens.vocab.tolist()
    assert fr.term_rates(back, "special military operation", by="outlet", n_boot=0)["count"].tolist() == [1, 0]
    with pytest.raises(fr.FramingError, match="exists; pass overwrite=True"):
        dtm.save(folder)
    dtm.save(folder, overwrite=True)
    other = tmp_path / "notes"
    other.mkdir()
    (other / "mine.txt").write_text("keep me")
    with pytest.raises(fr.FramingError, match="it is not a stored matrix"):
        dtm.save(other, overwrite=True)
    assert (other / "mine.txt").read_text() == "keep me"


def test_counts_are_stored_in_the_smallest_type(tmp_path):
    corpus = fr.from_dataframe(pd.DataFrame({"outlet": ["a"], "date": ["2022-03-01"], "text": ["war " * 300]}))
    folder = fr.document_term_matrix(corpus, cache=False).save(tmp_path / "m")
    assert np.load(folder / "data.npy").dtype == np.uint16
    assert fr.load_matrix(folder).count("war") == 300


@pytest.fixture
def stored(tmp_path) -> Path:
    corpus = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b"], "date": ["2022-03-01"] * 2,
                                             "text": ["War and peace.", "Peace talks."]}))
    return fr.document_term_matrix(corpus, cache=False).save(tmp_path / "m")


@pytest.mark.parametrize(("file", "values", "message"), [
    ("vocab.offsets.npy", np.array([0, 5, 3, 9, 14, 19], dtype=np.int64), "offsets do not run from 0"),
    ("vocab.utf8.npy", np.frombuffer(b"a\xff\xfepeacetalkswar", dtype=np.uint8), "not valid UTF-8"),
    ("vocab.utf8.npy", np.frombuffer(b"warpeacetalksand", dtype=np.uint8), "not sorted and distinct"),
    ("indices.npy", np.array([0, 1, 9, 2, 3], dtype=np.int32), "CSR arrays do not fit"),
    ("tokens.npy", np.array([7, 0, 1, -1, 1, 2, -1], dtype=np.int32), "token stream does not fit"),
    ("data.npy", np.array(["1"] * 5), "wrong types"),
])
def test_damaged_files_are_refused_with_their_name(stored, file, values, message):
    np.save(stored / file, values)
    with pytest.raises(fr.FramingError, match=message) as caught:
        fr.load_matrix(stored)
    assert str(stored) in str(caught.value)


def test_a_pickle_in_a_stored_matrix_is_never_loaded(stored, tmp_path):
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (Path.write_text, (marker, "code ran"))

    np.save(stored / "vocab.utf8.npy", np.array([Payload()], dtype=object), allow_pickle=True)
    with pytest.raises(fr.FramingError, match="vocab.utf8.npy: not a readable NumPy array"):
        fr.load_matrix(stored)
    assert not marker.exists()


def test_folders_that_are_not_matrices(tmp_path, stored):
    with pytest.raises(fr.FramingError, match="not a stored matrix"):
        fr.load_matrix(tmp_path)
    (stored / "matrix.json").write_text("{")
    with pytest.raises(fr.FramingError, match="matrix.json: damaged"):
        fr.load_matrix(stored)
    (stored / "matrix.json").write_text(json.dumps({"fingerprint": "x", "options": {"ngrams": "many"}}))
    with pytest.raises(fr.FramingError, match="options cannot be read"):
        fr.load_matrix(stored)


def test_vocabulary_arrays_round_trip_any_script():
    vocab = np.array(sorted(["war", "війна", "агресија", "agresija", "戦争", "x" * 700, ""]), dtype=object)
    offsets, utf8 = vocab_arrays(vocab)
    assert utf8.nbytes == sum(len(t.encode()) for t in vocab)
    assert vocab_from_arrays(offsets, utf8, "v").tolist() == vocab.tolist()
    with pytest.raises(StorageError, match="v: the vocabulary arrays have the wrong type"):
        vocab_from_arrays(offsets.astype(np.int32), utf8, "v")


def test_streamed_matrix_keeps_the_same_token_stream(tmp_path):
    df = pd.DataFrame({"outlet": ["a", "b", "a", "c"], "date": ["2022-03-01"] * 4,
                       "text": ["The special military operation.", "Spheres of influence; war.",
                                "A special operation. Military operation.", "War, war and the operation."]})
    path = tmp_path / "c.parquet"
    df.to_parquet(path)
    whole = fr.document_term_matrix(fr.from_dataframe(df), cache=False)
    from framing.dtm.stream import read_batches, stream_matrix

    streamed = stream_matrix(read_batches(path, batch_size=2), progress=False)
    assert streamed.tokens.vocab.tolist() == whole.tokens.vocab.tolist()
    assert streamed.tokens.ids.tolist() == whole.tokens.ids.tolist()
    assert streamed.tokens.offsets.tolist() == whole.tokens.offsets.tolist()
    assert streamed.vocab is streamed.tokens.vocab  # one vocabulary when the matrix has every word
    filtered = stream_matrix(read_batches(path, batch_size=3), stopwords="en", min_df=2, progress=False)
    assert "of" in set(filtered.tokens.vocab) and "of" not in set(filtered.vocab)
    assert fr.term_rates(filtered, "sphere* of influence", n_boot=0)["count"].sum() == 1
    assert filtered.nbytes()["tokens"] > 4 * len(filtered.tokens.ids)  # its own vocabulary counted too


def test_tokens_follow_a_subset():
    corpus = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b", "c"], "date": ["2022-03-01"] * 3,
                                             "text": ["special military operation", "war", "the operation"]}))
    dtm = fr.document_term_matrix(corpus, cache=False)
    sub = dtm.subset([2, 0])
    assert [sub.tokens.doc(i) for i in range(2)] == [["the", "operation"], ["special", "military", "operation"]]
    assert isinstance(sub.tokens, Tokens)
    assert fr.term_rates(sub, "special military operation", by="outlet", n_boot=0)["count"].tolist() == [1, 0]


def test_a_lemmatised_matrix_is_keyed_by_its_corrections_table():
    import hashlib
    from importlib import resources
    from importlib.metadata import version

    from framing.corpus.text import TextOptions
    from framing.dtm.matrix import DTMOptions

    table = (resources.files("framing") / "data" / "lemmas" / "corrections.tsv").read_bytes()
    key = DTMOptions(text=TextOptions(lemmatize=True)).key()
    assert key["lemmas"] == f"simplemma {version('simplemma')}; corrections {hashlib.sha256(table).hexdigest()[:16]}"
    assert "lemmas" not in DTMOptions().key()  # matrices without lemmas keep their keys
