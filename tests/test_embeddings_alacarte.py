"""À-la-carte embeddings against a hand-worked example: the transformation A and one embedding per use."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing.embeddings import WordVectors, alacarte_transform, fit_alacarte, term_uses
from framing.embeddings.tokens import sentences, token_stream

TEXTS = ["war tanks city war tanks peace", "city peace war. tanks city"]
VECTORS = {"war": [1.0, 0.0], "tanks": [0.5, 0.5], "city": [0.0, 1.0], "peace": [-1.0, 0.5]}


@pytest.fixture
def corpus():
    return fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b"], "date": "2022-03-01", "text": TEXTS}))


@pytest.fixture
def vectors():
    words = list(VECTORS)
    return WordVectors(words=np.array(words, dtype=object), vectors=np.array([VECTORS[w] for w in words], np.float32),
                       counts=np.zeros(len(words), np.int64))


def by_hand(window: int):
    """Context means, counts and A computed with Python loops from the raw token lists."""
    docs = [t.replace(".", " ").split() for t in TEXTS]
    sums = {w: np.zeros(2) for w in VECTORS}
    n_ctx = dict.fromkeys(VECTORS, 0)
    counts = dict.fromkeys(VECTORS, 0)
    for doc in docs:
        for i, w in enumerate(doc):
            counts[w] += 1
            for j in range(max(0, i - window), min(len(doc), i + window + 1)):
                if j != i:
                    sums[w] += VECTORS[doc[j]]
                    n_ctx[w] += 1
    words = list(VECTORS)
    u = np.array([sums[w] / n_ctx[w] for w in words])
    v = np.array([VECTORS[w] for w in words])
    c = np.array([counts[w] for w in words], float)
    weight = np.sqrt(np.log(c))[:, None]
    solution = np.linalg.lstsq(weight * u, weight * v, rcond=None)[0]
    return docs, u, c, solution.T


def test_transform_matches_a_weighted_least_squares_by_hand(corpus, vectors):
    _, u, c, a = by_hand(window=2)
    np.testing.assert_allclose(fit_alacarte(corpus, vectors=vectors, window=2).transform, a, atol=1e-10)
    np.testing.assert_allclose(alacarte_transform(u, np.array(list(VECTORS.values())), c), a, atol=1e-12)


def test_each_use_is_a_times_its_context_mean(corpus, vectors):
    docs, _, _, a = by_hand(window=2)
    uses = term_uses(corpus, "city", vectors=vectors, window=2)
    expected = []
    for doc in docs:
        for i, w in enumerate(doc):
            if w == "city":
                ctx = [doc[j] for j in range(max(0, i - 2), min(len(doc), i + 3)) if j != i]
                expected.append(a @ np.mean([VECTORS[x] for x in ctx], axis=0))
    np.testing.assert_allclose(uses.embeddings, np.array(expected), atol=1e-10)
    assert uses.uses["outlet"].tolist() == ["a", "b", "b"]
    assert uses.uses["context_words"].tolist() == [4, 2, 2]  # windows stop at the documents' ends


def test_a_phrase_use_is_embedded_from_the_words_around_the_whole_phrase(vectors):
    c = fr.from_dataframe(pd.DataFrame({"outlet": ["a"], "date": "2022-03-01",
                                        "text": ["war tanks city peace war tanks city peace tanks war"]}))
    alc = fit_alacarte(c, vectors=vectors, window=1)
    uses = term_uses(c, "tanks city", vectors=vectors, window=1)
    left_right = [("war", "peace"), ("war", "peace")]
    expected = [alc.transform @ np.mean([VECTORS[x] for x in pair], axis=0) for pair in left_right]
    np.testing.assert_allclose(uses.embeddings, expected, atol=1e-10)


def test_too_few_words_for_the_dimensions_is_a_clear_error():
    with pytest.raises(fr.ModelError, match="fewer than the 3 dimensions"):
        alacarte_transform(np.ones((2, 3)), np.ones((2, 3)), np.array([5, 5]))


def test_bad_window_and_absent_term(corpus, vectors):
    with pytest.raises(fr.ArgumentError, match="window must be a whole number"):
        term_uses(corpus, "city", vectors=vectors, window=0)
    with pytest.warns(fr.FramingWarning):
        with pytest.raises(fr.PatternError, match="occurs nowhere"):
            term_uses(corpus, "submarine", vectors=vectors, window=2)


def test_phrases_become_single_tokens_within_sentences_only():
    c = fr.from_dataframe(pd.DataFrame({"outlet": ["a"], "date": "2022-03-01",
                                        "text": ["The special military operation. Special military. Operation."]}))
    stream = token_stream(c, phrases=["special military operation"])
    assert sentences(stream) == [["the", "special_military_operation"], ["special", "military"], ["operation"]]
    with pytest.raises(fr.ArgumentError, match="not globs"):
        token_stream(c, phrases=["special mil*"])
