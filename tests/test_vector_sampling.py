"""VectorOptions(sample=): the downsampling of frequent words reaches gensim, and bad values are refused."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from gensim.models import Word2Vec

import framing as fr
from framing.embeddings import VectorOptions, train_vectors
from framing.embeddings.tokens import sentences, token_stream
from framing.embeddings.vectors import stable_hash


@pytest.fixture(scope="module")
def corpus() -> fr.Corpus:
    rng = np.random.default_rng(5)
    words = ["the", "the", "the", "of", "and", "army", "city", "shelled", "peace", "talks", "grain", "port"]
    texts = [" ".join(rng.choice(words, 12)) + "." for _ in range(60)]
    return fr.from_dataframe(pd.DataFrame({"outlet": "a", "date": "2022-03-01", "text": texts}))


@pytest.mark.parametrize("sample", [1e-4, 0.0])
def test_vectors_equal_gensim_trained_with_the_same_downsampling(corpus, sample):
    options = VectorOptions(dim=6, min_count=2, epochs=2, sample=sample)
    ours = train_vectors(corpus, options=options, seed=2, progress=False, cache=False)
    theirs = Word2Vec(sentences=sentences(token_stream(corpus)), vector_size=6, window=5, min_count=2, epochs=2,
                      sg=0, sample=sample, seed=2, workers=1, hashfxn=stable_hash)
    assert ours.words.tolist() == theirs.wv.index_to_key
    np.testing.assert_array_equal(ours.vectors, theirs.wv.vectors)


def test_the_default_downsamples_more_than_gensim(corpus):
    assert VectorOptions().sample == 1e-4
    ours = train_vectors(corpus, options=VectorOptions(dim=6, min_count=2, epochs=2), seed=2, progress=False,
                         cache=False)
    gensims = train_vectors(corpus, options=VectorOptions(dim=6, min_count=2, epochs=2, sample=1e-3), seed=2,
                            progress=False, cache=False)
    assert not np.array_equal(ours.vectors, gensims.vectors)


@pytest.mark.parametrize("bad", [-0.1, 1, True, "1e-4"])
def test_bad_sample_values_are_refused(bad):
    with pytest.raises(fr.ArgumentError, match=r"VectorOptions\(sample=\) must be a number in \[0, 1\)"):
        VectorOptions(sample=bad)
