"""Batched reading and the streamed matrix: same documents and counts as reading everything at once."""

from __future__ import annotations

import gzip
import json

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

import framing as fr
from framing._infra.errors import CorpusError, FramingError
from framing.corpus.stream import count_documents, read_batches
from framing.dtm.stream import _keep_columns_inplace, stream_matrix


def same_matrix(a: fr.DocTermMatrix, b: fr.DocTermMatrix) -> None:
    assert a.vocab.tolist() == b.vocab.tolist()
    assert a.matrix.shape == b.matrix.shape and (a.matrix != b.matrix).nnz == 0
    assert a.matrix.has_canonical_format and a.matrix.dtype == np.int64
    assert a.doc_lengths.tolist() == b.doc_lengths.tolist()
    assert a.docs["doc_id"].tolist() == b.docs["doc_id"].tolist()


@pytest.fixture
def files(multilingual, tmp_path):
    """The multilingual corpus as Parquet, gzipped JSON Lines and CSV, without doc ids."""
    df = multilingual.df.drop(columns=["doc_id", "script"])
    df.to_parquet(tmp_path / "docs.parquet")
    lines = [json.dumps({**r, "date": r["date"].strftime("%Y-%m-%d")}, ensure_ascii=False)
             for r in df.to_dict("records")]
    (tmp_path / "docs.jsonl.gz").write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    df.assign(date=df["date"].dt.strftime("%Y-%m-%d")).to_csv(tmp_path / "docs.csv", index=False)
    return tmp_path


@pytest.mark.parametrize("name", ["docs.parquet", "docs.jsonl.gz", "docs.csv"])
def test_batches_are_the_whole_file_in_order(files, name):
    whole = fr.read(files / name)
    batches = list(read_batches(files / name, batch_size=3))
    assert [len(b) for b in batches] == [3, 3, 1]
    joined = pd.concat([b.df for b in batches], ignore_index=True)
    assert joined["doc_id"].tolist() == [f"docs-{i}" for i in range(1, 8)] == whole.df["doc_id"].tolist()
    assert joined["text"].tolist() == whole.texts.tolist()
    assert joined["date"].tolist() == whole.df["date"].tolist()


def test_count_documents_reads_parquet_metadata_only(files):
    assert count_documents(files / "docs.parquet") == 7
    assert count_documents(files / "docs.csv") is None


@pytest.mark.parametrize("options", [dict(), dict(ngrams=2), dict(ngrams=3, stopwords="auto"),
                                     dict(stopwords=["and", "і"], min_df=2), dict(max_df=0.3)])
def test_streamed_matrix_equals_whole_corpus_matrix(files, options):
    whole = fr.document_term_matrix(fr.read(files / "docs.parquet"), cache=False, **options)
    streamed = stream_matrix(read_batches(files / "docs.parquet", batch_size=2), progress=False, **options)
    same_matrix(streamed, whole)
    assert streamed.options == whole.options


def test_auto_stopwords_use_the_languages_of_all_batches(files):
    # batches of two: the first holds only English, yet Russian stopwords go everywhere
    streamed = stream_matrix(read_batches(files / "docs.parquet", batch_size=2), stopwords="auto",
                             progress=False)
    assert "и" not in set(streamed.vocab) and "the" not in set(streamed.vocab)
    assert "invasion" in set(streamed.vocab)


@pytest.mark.filterwarnings("ignore::framing.FramingWarning")
def test_malformed_line_in_a_later_batch_names_its_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    good = json.dumps({"outlet": "a", "date": "2022-01-01", "text": "x"})
    path.write_text("\n".join([good] * 4 + ['{"outlet": "a", "date": ']) + "\n")
    with pytest.raises(CorpusError, match=r"bad.jsonl: line 5 is not valid JSON"):
        list(read_batches(path, batch_size=2))


@pytest.mark.filterwarnings("ignore::framing.FramingWarning")
def test_bad_date_row_number_counts_across_batches(tmp_path):
    path = tmp_path / "dates.csv"
    path.write_text("outlet,date,text\n" + "a,2022-01-01,x\n" * 3 + "a,someday,y\n")
    with pytest.raises(CorpusError, match=r"at row 5 \(counting the header as row 1\): 'someday'"):
        list(read_batches(path, batch_size=2))


def test_doc_ids_must_be_unique_across_batches(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("doc_id,outlet,date,text\n1,a,2022-01-01,x\n2,a,2022-01-01,y\n1,a,2022-01-02,z\n")
    with pytest.raises(CorpusError, match=r"doc_id values must be unique across batches; repeated: \['1'\]"):
        stream_matrix(read_batches(path, batch_size=2), progress=False)


def test_bad_inputs(tmp_path):
    with pytest.raises(CorpusError, match="no such file"):
        list(read_batches(tmp_path / "missing.parquet"))
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(CorpusError, match=r"notes.txt: cannot read this file in batches; use .parquet"):
        list(read_batches(tmp_path / "notes.txt"))
    with pytest.raises(FramingError, match="batch_size must be at least 1, got 0"):
        list(read_batches(tmp_path / "notes.txt", batch_size=0))
    with pytest.raises(FramingError, match="min_df=3 keeps fewer documents than max_df=2"):
        stream_matrix([], min_df=3, max_df=2, progress=False)


def test_empty_stream_is_refused():
    with pytest.raises(CorpusError, match="stream_matrix got no batches of documents"):
        stream_matrix([], progress=False)


def test_keep_columns_in_place_equals_column_selection():
    rng = np.random.default_rng(0)
    m = sp.random(40, 30, density=0.3, format="csr", random_state=1, dtype=np.float64)
    m.data = rng.integers(1, 9, m.nnz).astype(np.int64)
    m.sort_indices()
    keep = rng.random(30) > 0.4
    data, indices = m.data.copy(), m.indices.astype(np.int32)
    indptr = _keep_columns_inplace(data, indices, m.indptr.astype(np.int64), keep, block=7)
    got = sp.csr_matrix((data, indices, indptr), shape=(40, int(keep.sum())))
    assert (got != m[:, np.flatnonzero(keep)]).nnz == 0 and len(data) == got.nnz


def test_fingerprint_is_stable_and_follows_content(files, tmp_path):
    def fingerprint(path, size):
        return stream_matrix(read_batches(path, batch_size=size), progress=False).fingerprint

    assert fingerprint(files / "docs.parquet", 3) == fingerprint(files / "docs.parquet", 3)
    changed = pd.read_parquet(files / "docs.parquet")
    changed.loc[6, "text"] = changed.loc[6, "text"] + " Again."
    changed.to_parquet(tmp_path / "changed.parquet")
    assert fingerprint(tmp_path / "changed.parquet", 3) != fingerprint(files / "docs.parquet", 3)


def test_block_storage_keeps_order_across_blocks():
    from framing.dtm.stream import _Blocks

    store = _Blocks(np.int32, block=4)
    for part in (np.arange(3), np.arange(3, 10), np.arange(0), np.arange(10, 13)):
        store.extend(part.astype(np.int32))
    assert store.size == 13 and len(store.blocks) == 4
    assert store.finish(lambda x: x * 2).tolist() == [2 * i for i in range(13)]
    assert store.blocks == [] and store.size == 0
