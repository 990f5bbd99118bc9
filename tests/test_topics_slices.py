"""A topic's wording per outlet and period (framing.topics.slices): a topic worded differently by two outlets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing.topics.slices import slice_counts, topic_wording

WAR = {"a": "war troops invasion aggression occupiers", "b": "war troops operation liberation denazification"}
ENERGY = "gas prices pipeline market exports"


def two_wordings(seed: int = 1) -> fr.Corpus:
    """Two outlets writing about war and energy; outlet a words the war as invasion, b as an operation."""
    rng = np.random.default_rng(seed)
    rows = []
    for outlet in ("a", "b"):
        for i in range(30):
            war_share = rng.choice([0.9, 0.1])
            words = [str(rng.choice(WAR[outlet].split() if rng.random() < war_share else ENERGY.split()))
                     for _ in range(30)]
            date = pd.Timestamp("2022-01-01") + pd.Timedelta(days=3 * i)
            rows.append((f"{outlet}{i}", outlet, date, " ".join(words)))
    return fr.from_dataframe(pd.DataFrame(rows, columns=["doc_id", "outlet", "date", "text"]))


@pytest.fixture(scope="module")
def model() -> fr.TopicModel:
    dtm = fr.document_term_matrix(two_wordings(), cache=False)
    return fr.fit_topics(dtm, 2, seed=1, options=fr.LdaOptions(passes=20), progress=False)


def test_each_outlet_words_the_war_topic_its_own_way(model):
    war = int(np.argmax(model.topic_term_[:, list(model.dtm.vocab).index("troops")]))
    table = topic_wording(model, by="outlet", n=5, topics=[war])
    assert list(table.columns) == ["outlet", "topic", "rank", "term", "prob", "frex", "overall_rank", "n_docs"]
    terms = table.groupby("outlet")["term"].apply(set).to_dict()
    assert {"invasion", "aggression", "occupiers"} <= terms["a"]
    assert not {"operation", "liberation", "denazification"} & terms["a"]
    assert {"operation", "liberation", "denazification"} <= terms["b"]
    assert not {"invasion", "aggression", "occupiers"} & terms["b"]
    assert table["n_docs"].tolist() == [30] * 10
    # the whole corpus ranks the shared words first; each outlet's own words rank lower there
    shared = table[table["term"].isin(["war", "troops"])]
    own = table[table["term"].isin(["invasion", "operation"])]
    assert shared["overall_rank"].max() < own["overall_rank"].min()
    by_prob = topic_wording(model, by="outlet", n=3, topics=[war], sort="prob")
    assert (by_prob.groupby("outlet")["prob"].apply(lambda p: p.is_monotonic_decreasing)).all()


def test_slice_counts_split_each_token_by_its_topic_posterior(model):
    rows = np.flatnonzero((model.dtm.docs["outlet"] == "a").to_numpy())
    theta, phi = model.doc_topic_[rows], model.topic_term_.astype(float)
    matrix = model.dtm.matrix[rows].toarray()
    expected = np.zeros_like(phi)
    for d in range(len(rows)):  # the definition, one document and term at a time
        for w in np.flatnonzero(matrix[d]):
            post = theta[d] * phi[:, w]
            expected[:, w] += matrix[d, w] * post / post.sum()
    np.testing.assert_allclose(slice_counts(theta, phi, model.dtm.matrix[rows].tocsr()), expected, rtol=1e-10)
    assert expected.sum() == pytest.approx(matrix.sum())


def test_periods_and_errors(model):
    table = topic_wording(model, by=None, period="M", n=2)
    assert list(table.columns[:2]) == ["period", "topic"]
    assert table["period"].nunique() == 3
    assert table.groupby("period")["n_docs"].first().sum() == 60
    with pytest.raises(fr.ArgumentError, match="give by"):
        topic_wording(model, by=None)
    with pytest.raises(fr.ArgumentError, match="sort='relevance': use one of"):
        topic_wording(model, sort="relevance")
    with pytest.raises(fr.ArgumentError, match="topics=\\[5\\]: the model has topics 0 to 1"):
        topic_wording(model, topics=[5])
