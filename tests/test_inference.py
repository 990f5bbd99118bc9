"""Topic inference for large matrices: the same θ as framing.topics, on any number of processes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing._infra.errors import ModelError
from framing.topics.inference import fit_on_sample, infer_topics, sample_rows
from framing.topics.model import infer_doc_topics

TEXTS = ["war tanks shelling war front", "gas prices inflation gas energy", "tanks front war shelling",
         "prices energy inflation market", "war front tanks", "gas market prices", "shelling war tanks front",
         "energy gas inflation prices", "front war", "market energy gas"] * 3


@pytest.fixture(scope="module")
def dtm():
    df = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(TEXTS))], "outlet": ["a", "b"] * 15,
                       "date": "2022-03-01", "text": TEXTS})
    with pytest.warns(fr.FramingWarning):  # the texts repeat on purpose
        corpus = fr.from_dataframe(df)
    return fr.document_term_matrix(corpus, cache=False)


def test_sample_rows_are_seeded_sorted_and_distinct():
    rows = sample_rows(100, 10, seed=3)
    assert len(rows) == 10 == len(set(rows)) and rows.tolist() == sorted(rows)
    assert rows.tolist() == sample_rows(100, 10, seed=3).tolist() != sample_rows(100, 10, seed=4).tolist()
    assert sample_rows(5, 10, seed=0).tolist() == [0, 1, 2, 3, 4]


def test_fit_on_sample_fits_the_sample_reproducibly(dtm):
    a = fit_on_sample(dtm, 2, sample=12, seed=5, options=fr.LdaOptions(passes=3), progress=False)
    b = fit_on_sample(dtm, 2, sample=12, seed=5, options=fr.LdaOptions(passes=3), progress=False)
    assert a.dtm.shape == (12, dtm.shape[1]) and a.dtm.docs["doc_id"].tolist() == \
        dtm.docs["doc_id"].iloc[sample_rows(30, 12, seed=5)].tolist()
    assert np.array_equal(a.topic_term_, b.topic_term_)


@pytest.mark.parametrize("processes, chunksize", [(1, 4), (1, 30), (2, 7)])
def test_inferred_shares_equal_gensim_inference_on_one_stream(dtm, processes, chunksize):
    model = fit_on_sample(dtm, 2, sample=12, seed=5, options=fr.LdaOptions(passes=3), progress=False)
    theta = infer_topics(model, dtm, processes=processes, chunksize=chunksize, progress=False)
    assert np.array_equal(theta, infer_doc_topics(model.lda, dtm, seed=5))
    assert np.allclose(theta.sum(axis=1), 1)
    assert np.array_equal(infer_topics(model, model.dtm, progress=False, processes=1), model.doc_topic_)


def test_inference_refuses_another_vocabulary(dtm):
    model = fit_on_sample(dtm, 2, sample=12, seed=5, options=fr.LdaOptions(passes=1), progress=False)
    other = fr.document_term_matrix(fr.from_dataframe(pd.DataFrame(
        {"outlet": ["a"] * 3, "date": "2022-01-01", "text": ["one war", "two gas", "three"]})), cache=False)
    with pytest.raises(ModelError, match=r"fitted on a matrix of 9 terms, not on this matrix's 5"):
        infer_topics(model, other, progress=False)
