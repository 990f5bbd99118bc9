"""``dask_document_term_matrix`` on a 2-process LocalCluster equals ``document_term_matrix`` on one machine.

Exactly: the matrix (its CSR arrays, int64), the vocabulary, the document lengths, the documents'
metadata and every document's tokens, for partitionings into 1, 2 and 3 blocks and an uneven one
with empty blocks (5 blocks: the tree reduction carries an odd one over), and for n-grams,
stopwords (none, ``"auto"`` over five languages, ``"en"``, a list), ``min_df``, ``max_df``,
``ngram_min_df`` and lemmas. The corpus is the messy one-file-per-outlet fixture of
``tests/fixtures/distributed`` (see ``test_distributed_corpus.py``); the single-machine matrix is
built independently, without the cache.
"""

from __future__ import annotations

import operator
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing._infra.paths import cache_root
from framing.distributed import DaskCorpus, dask_document_term_matrix
from framing.distributed.reduce import tree_reduce

FIXTURES = Path(__file__).parent / "fixtures" / "distributed"
CSV = str(FIXTURES / "csv" / "*.csv")
UNEVEN = (0, 4, 0, 1, 15)
"""Empty first and middle blocks, a block of one document; 5 blocks, so a merge round has an odd one out."""


@pytest.fixture(autouse=True)
def _quiet_readers():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fr.FramingWarning)  # the fixture's empty text, on purpose
        yield


@pytest.fixture(scope="module")
def messy() -> fr.Corpus:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fr.FramingWarning)
        return fr.read(CSV, outlet="{stem}")


@pytest.fixture(scope="module")
def scattered(dask_client, messy) -> dict:
    """The corpus cut into each partitioning once (sent to the workers once per module)."""
    return {p: DaskCorpus.scatter(messy, dask_client, partitions=p) for p in (1, 2, 3, UNEVEN)}


def assert_same_matrix(dist, single: fr.DocTermMatrix) -> None:
    """The gathered distributed matrix equals the single-machine one in every part; blocks are consistent."""
    got = dist.compute()
    assert got.matrix.dtype == np.int64 and single.matrix.dtype == np.int64
    assert got.shape == single.shape == dist.shape
    for part in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(got.matrix, part), getattr(single.matrix, part)), part
    assert got.vocab.tolist() == single.vocab.tolist() == dist.vocab.tolist()
    assert got.doc_lengths.dtype == np.int64 and np.array_equal(got.doc_lengths, single.doc_lengths)
    pd.testing.assert_frame_equal(got.docs, single.docs)
    assert got.options == single.options
    if single.tokens is None:
        assert got.tokens is None
    else:
        assert len(got.tokens) == len(single.tokens)
        assert [got.tokens.doc(i) for i in range(len(single.tokens))] == \
               [single.tokens.doc(i) for i in range(len(single.tokens))]
    blocks = dist.gather(dist.blocks)
    assert [b.start for b in blocks] == np.concatenate([[0], np.cumsum(dist.n_docs)[:-1]]).tolist()
    assert all(b.matrix.shape == (n, len(dist.vocab)) and b.matrix.has_sorted_indices
               for b, n in zip(blocks, dist.n_docs))


OPTIONS = [
    {},
    {"ngrams": 3},
    {"stopwords": "auto"},
    {"stopwords": "en", "ngrams": 2},
    {"min_df": 2},
    {"max_df": 0.9},
    {"max_df": 5, "ngrams": 2},
    {"ngrams": 3, "ngram_min_df": 2, "stopwords": "auto"},
    {"ngrams": 3, "min_df": 2, "max_df": 0.25, "tokens": False},
    {"stopwords": ["the", "Агресија", "i"], "min_df": 0.1},
]


@pytest.mark.parametrize("partitions", [1, 2, 3, UNEVEN], ids=["1", "2", "3", "uneven"])
@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(f"{k}={v}" for k, v in o.items()) or "default")
def test_matrix_equals_one_machine(scattered, messy, partitions, options):
    corpus = scattered[partitions]
    dist = dask_document_term_matrix(corpus, progress=False, **options)
    assert dist.n_docs == corpus.n_docs
    assert_same_matrix(dist, fr.document_term_matrix(messy, cache=False, **options))


@pytest.mark.parametrize("partitions", [2, UNEVEN], ids=["2", "uneven"])
def test_lemmas_and_transliteration_equal_one_machine(scattered, messy, partitions):
    for text in (fr.TextOptions(lemmatize=True), fr.TextOptions(transliterate="always", lemmatize=True)):
        dist = dask_document_term_matrix(scattered[partitions], ngrams=2, text=text, progress=False)
        single = fr.document_term_matrix(messy, ngrams=2, text=text, cache=False)
        assert_same_matrix(dist, single)
    lemmas = set(fr.document_term_matrix(messy, text=fr.TextOptions(lemmatize=True), cache=False).vocab.tolist())
    assert {"операция", "сфера", "sfera", "agresija"} <= lemmas  # Russian and Serbian (Cyrillic and Latin) lemmas


def test_read_dask_then_matrix_equals_read_then_matrix(dask_client, messy):
    corpus = fr.read_dask(CSV, client=dask_client, outlet="{stem}", partition_rows=3, progress=False)
    dist = dask_document_term_matrix(corpus, ngrams=3, stopwords="auto", min_df=2, progress=True)
    assert_same_matrix(dist, fr.document_term_matrix(messy, ngrams=3, stopwords="auto", min_df=2, cache=False))
    single_jsonl = fr.read(str(FIXTURES / "jsonl" / "*.jsonl"), outlet="{stem}", prefix_ids=True)
    corpus = fr.read_dask(str(FIXTURES / "jsonl" / "*.jsonl"), client=dask_client, outlet="{stem}", prefix_ids=True,
                          progress=False)
    dist = dask_document_term_matrix(corpus, ngrams=3, stopwords="auto", max_df=0.9, progress=False)
    assert_same_matrix(dist, fr.document_term_matrix(single_jsonl, ngrams=3, stopwords="auto", max_df=0.9,
                                                     cache=False))


def test_the_fixture_is_messy(messy):
    """What the equality above covers: five languages, both scripts, debris, junk, n-grams across partitions."""
    single = fr.document_term_matrix(messy, ngrams=3, cache=False)
    vocab = single.vocab.tolist()
    assert {"agresija", "агрессия", "агресія", "aggression"} <= set(vocab)
    assert "агресија" not in vocab  # Serbian Cyrillic is transliterated by default
    assert {"div", "class", "script", "span"} <= set(vocab)  # HTML debris is tokenised as words
    assert not any(len(w) > 40 for t in vocab for w in t.split())  # the junk tokens and the base64 run are dropped
    assert {"special military operation", "specijalna vojna operacija", "спеціальна військова операція",
            "специальная военная операция"} <= set(vocab)
    assert set(messy.df["language"]) == {"en", "uk", "sr", "me", "ru"}
    assert set(messy.df["script"]) == {"Latn", "Cyrl", ""}
    docs = single.term_frequencies().set_index("term")["docs"]
    assert docs.max() == 6 and (docs == 6).sum() == 4 and len(messy) == 20  # max_df=0.25 and max_df=5 drop terms
    assert (docs >= 2).sum() < len(docs) / 2  # min_df=2 and ngram_min_df=2 drop most n-grams


def test_no_documents_and_impossible_bounds_are_refused_as_on_one_machine(dask_client, messy, scattered):
    with pytest.raises(fr.FramingError) as single:
        fr.document_term_matrix(messy, min_df=5, max_df=2, cache=False)
    with pytest.raises(fr.FramingError) as dist:
        dask_document_term_matrix(scattered[2], min_df=5, max_df=2, progress=False)
    assert str(dist.value) == str(single.value) == ("min_df=5 keeps fewer documents than max_df=2 allows: no term can "
                                                    "pass both")
    empty = DaskCorpus.scatter(messy.filter(mask=np.zeros(len(messy), bool)), dask_client, partitions=1)
    with pytest.raises(fr.CorpusError, match="the corpus has no documents"):
        dask_document_term_matrix(empty, progress=False)
    with pytest.raises(fr.FramingError, match=r"ngrams must be a whole number ≥ 1, got 0"):
        dask_document_term_matrix(scattered[2], ngrams=0, progress=False)


def test_workers_never_touch_the_cache(dask_client, scattered):
    roots = {Path(p) for p in dask_client.run(cache_root).values()}

    def files() -> set[Path]:
        return {f for root in roots if root.exists() for f in root.rglob("*")}

    before = files()
    dask_document_term_matrix(scattered[3], ngrams=2, stopwords="auto", progress=False).compute()
    assert files() == before


def test_tree_reduce_keeps_partition_order(dask_client):
    futures = dask_client.scatter([[i] for i in range(5)])
    root, merges = tree_reduce(dask_client, futures, operator.add)
    assert root.result() == [0, 1, 2, 3, 4]
    assert len(merges) == 4  # rounds of 2 + 1 + 1 merges
