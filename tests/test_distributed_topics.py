"""Topics on a Dask cluster (framing.distributed.topics, .lda, .coherence) against one machine.

A messy corpus of 300 short documents (English, Russian, Ukrainian and Serbian in both scripts,
HTML/Markdown debris, junk tokens over 40 characters, mixed date formats, three outlets) mixing
three themes. Contracts: the same seed and partitioning give the identical topics; other
partitionings (1, 2, 3, uneven with an empty block) agree to < 1e-12 (measured 3e-17); one
block without Dask equals gensim's own batch ``LdaModel.update`` bit for bit; θ is identical for
every partitioning; coherence counts are exactly the single-machine counts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing._infra.errors import ArgumentError, ModelError
from framing.distributed import (
    DaskMatrix,
    batch_doc_topics,
    batch_fit_topics,
    dask_coherence_counts,
    dask_doc_topics,
    dask_fit_topics,
    dask_topic_coherence,
    dask_window_counts,
)
from framing.distributed.lda import TILE, TRAIN, GammaRows, initial_gamma
from framing.topics.coherence import document_counts, top_term_ids, topic_texts, window_counts
from framing.topics.model import infer_doc_topics

THEMES = {
    "war": "tanks shelling troops invasion aggression frontline artillery missiles soldiers offensive",
    "energy": "газ нефть цены трубопровод санкции инфляция энергия поставки рынок экспорт",
    "talks": "pregovori samit ministri ugovor bezbjednost переговори самміт міністри угода діалог",
}
LANGUAGE = {"war": "en", "energy": "ru", "talks": "sr"}
DEBRIS = ["<p>", "</div>", "**", "[link](http://x.example/a?b=c)", "&nbsp;", "# Heading",
          "xqzv" * 12, "https://cdn.example/" + "a1" * 25]
FILLER = "the of and и в на і та je na".split()  # stopwords of the languages: c_npmi windows drop them
DATES = ["2022-03-{:02d}", "{:02d}.03.2022", "March {}, 2022"]
K, SEED = 3, 1
OPTIONS = fr.LdaOptions(passes=5, chunksize=64)
PARTITIONINGS = [1, 2, 3, [37, 0, 150, 113]]
TOLERANCE = 1e-12
"""Max abs difference of topic-term matrices between partitionings (measured 3e-17, relative 6e-16)."""


def messy_frame(n: int = 300, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    words = {name: text.split() for name, text in THEMES.items()}
    outlets = {"kyiv.example": [0.6, 0.1, 0.3], "moskva.example": [0.1, 0.7, 0.2], "vijesti.example": [0.2, 0.2, 0.6]}
    rows = []
    for i in range(n):
        outlet = list(outlets)[i % 3]
        mix = rng.dirichlet(np.array(outlets[outlet]) * 4)
        themes = rng.choice(list(words), size=int(rng.integers(8, 25)), p=mix)
        tokens = [str(rng.choice(words[t])) for t in themes]
        for _ in range(int(rng.integers(0, 3))):
            tokens.insert(int(rng.integers(0, len(tokens) + 1)), str(rng.choice(DEBRIS)))
        for _ in range(int(rng.integers(1, 5))):
            tokens.insert(int(rng.integers(0, len(tokens) + 1)), str(rng.choice(FILLER)))
        main = max(set(themes.tolist()), key=themes.tolist().count)
        text = " ".join(tokens[:len(tokens) // 2]).capitalize() + ". " + " ".join(tokens[len(tokens) // 2:]) + "!"
        date = DATES[i % 3].format(13 + i % 17)
        rows.append((f"{outlet[:4]}-{i:03d}", outlet, date, LANGUAGE[main], text))
    return pd.DataFrame(rows, columns=["doc_id", "outlet", "date", "language", "text"])


@pytest.fixture(scope="module")
def corpus():
    return fr.from_dataframe(messy_frame())


@pytest.fixture(scope="module")
def dtm(corpus):
    return fr.document_term_matrix(corpus, stopwords="auto", cache=False)


@pytest.fixture(scope="module")
def local(dtm):
    """The batch fit on one machine, one block."""
    return batch_fit_topics(dtm, K, seed=SEED, options=OPTIONS, progress=False)


@pytest.fixture(scope="module")
def fits(dtm, dask_client):
    """Distributed fits per partitioning (and each partitioning's DaskMatrix)."""
    out = {}
    for parts in PARTITIONINGS:
        dist = DaskMatrix.scatter(dtm, dask_client, partitions=parts)
        out[str(parts)] = dist, dask_fit_topics(dist, K, seed=SEED, options=OPTIONS, progress=False)
    return out


def test_corpus_is_messy(corpus, dtm):
    assert dtm.shape[0] == 300 and corpus.df["date"].notna().all()
    assert corpus.df["text"].str.contains("xqzv" * 12).any()  # junk over 40 characters: the tokeniser drops it
    assert max(len(str(t)) for t in dtm.vocab) <= 40
    assert {"газ", "переговори", "pregovori", "tanks"} <= set(dtm.vocab)


# --- reproducibility -----------------------------------------------------------------------
def test_same_seed_and_partitioning_give_identical_topics(dtm, dask_client, fits):
    dist, first = fits["2"]
    again = dask_fit_topics(dist, K, seed=SEED, options=OPTIONS, progress=False)
    assert np.array_equal(first.topic_term_, again.topic_term_)
    # the same blocks without Dask: the same code, the same sums in the same order
    assert np.array_equal(first.topic_term_, batch_fit_topics(dtm, K, seed=SEED, options=OPTIONS, partitions=2,
                                                              progress=False).topic_term_)
    other_seed = dask_fit_topics(dist, K, seed=SEED + 1, options=OPTIONS, progress=False)
    assert np.abs(other_seed.topic_term_ - first.topic_term_).max() > 1e-3


@pytest.mark.parametrize("parts", PARTITIONINGS, ids=str)
def test_partitionings_agree_within_tolerance(local, fits, parts):
    _, model = fits[str(parts)]
    assert model.topic_term_.shape == local.topic_term_.shape
    assert np.abs(model.topic_term_ - local.topic_term_).max() < TOLERANCE
    if parts == 1:  # one block: the distributed fit is the local one, bit for bit
        assert np.array_equal(model.topic_term_, local.topic_term_)


def test_one_block_equals_gensims_own_batch_update(dtm, local):
    """gensim's LdaModel.update(update_every=0), given the same γ starts, is our local path exactly."""
    from gensim.models import LdaModel

    n = dtm.shape[0]

    class SameStarts:  # gensim's random state: initial topics from RandomState(seed), γ starts by global row
        def __init__(self):
            self.rs, self.row, self.pass_ = np.random.RandomState(SEED), 0, 0

        def gamma(self, shape, scale, size):
            rows = initial_gamma(SEED, (TRAIN, self.pass_), self.row, self.row + size[0], K)
            self.row += size[0]
            if self.row == n:
                self.row, self.pass_ = 0, self.pass_ + 1
            return rows

        def rand(self, size):
            return self.rs.rand(size)

    dictionary, bow = dtm.to_gensim()
    gensim_batch = LdaModel(id2word=dictionary, num_topics=K, random_state=SEED, dtype=np.float64, update_every=0,
                            **OPTIONS.gensim_kwargs())
    assert np.array_equal(gensim_batch.state.sstats, np.random.RandomState(SEED).gamma(100, 0.01, (K, dtm.shape[1])))
    gensim_batch.random_state = SameStarts()
    gensim_batch.update(bow)
    assert np.array_equal(gensim_batch.get_topics(), local.topic_term_)
    assert local.lda.update_every == 0 and local.lda.dtype == np.float64


def test_close_to_online_fit_topics(dtm, local):
    """Batch VB (ours) and gensim's online VB (fit_topics) find the same themes, not the same numbers."""
    online = fr.fit_topics(dtm, K, seed=SEED, options=OPTIONS, progress=False)
    matched = fr.match_topics(online, local.topic_term_)
    assert matched["similarity"].min() >= 0.9  # measured 0.96 (5 passes; k = 3)
    assert not np.allclose(online.topic_term_, local.topic_term_, atol=1e-6)


def test_to_topic_model_gives_the_framing_summaries(dtm, local, tmp_path):
    model = local.to_topic_model(dtm)
    assert np.array_equal(model.topic_term_, local.topic_term_)
    back = fr.load_topics(model.save(tmp_path / "batch"), dtm)  # float64, update_every=0: saved and loaded as is
    assert np.array_equal(back.topic_term_, local.topic_term_) and back.lda.update_every == 0
    top = model.terms(n=3)
    assert len(top) == 3 * K and set(top["topic"]) == set(range(K))
    terms = [set(top.loc[top["topic"] == topic, "term"]) for topic in range(K)]
    assert any(t <= set(THEMES["war"].split()) for t in terms), terms  # the English theme is one topic
    assert len(set.union(*terms)) == 3 * K  # no term tops two topics


# --- θ ---------------------------------------------------------------------------------------
def test_doc_topics_are_identical_for_every_partitioning(dtm, local, fits):
    expected = batch_doc_topics(local, dtm, seed=SEED)
    assert expected.shape == (dtm.shape[0], K) and np.allclose(expected.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    for parts in PARTITIONINGS:
        dist, _ = fits[str(parts)]
        assert np.array_equal(dask_doc_topics(local, dist, seed=SEED), expected), parts
    assert np.array_equal(batch_doc_topics(local, dtm, seed=SEED, partitions=[37, 0, 150, 113]), expected)


def test_doc_topics_differ_from_infer_doc_topics_only_by_their_starts(dtm, local):
    ours = batch_doc_topics(local, dtm, seed=SEED)
    gensim_order = infer_doc_topics(local.lda, dtm, seed=SEED)  # γ starts from RandomState(seed), in corpus order
    diff = np.abs(ours - gensim_order).max()
    assert 0 < diff < 1e-2  # measured 7e-4: gensim stops iterating when γ changes < 1e-3 on average
    assert (ours.argmax(axis=1) == gensim_order.argmax(axis=1)).mean() > 0.97  # measured 1.0


# --- coherence counts ------------------------------------------------------------------------
def test_coherence_counts_equal_single_machine_counts(corpus, dtm, local, fits):
    terms = np.unique(top_term_ids(local.topic_term_, 10))
    docs, wins = document_counts(dtm, terms), window_counts(topic_texts(corpus, dtm), terms)
    for parts in PARTITIONINGS:
        dist, _ = fits[str(parts)]
        for ours, theirs in [(dask_coherence_counts(dist, terms), docs), (dask_window_counts(dist, terms), wins)]:
            assert ours.kind == theirs.kind and ours.n_units == theirs.n_units, parts
            assert np.array_equal(ours.terms, theirs.terms) and np.array_equal(ours.occurrences, theirs.occurrences)
            assert np.array_equal(ours.pairs.toarray(), theirs.pairs.toarray())
            assert ours.occurrences.dtype == np.int64


def test_coherence_values_equal_topic_coherence(corpus, dtm, local, fits):
    expected = fr.topic_coherence(local.to_topic_model(dtm), corpus, measures=["u_mass", "c_npmi"])
    dist, _ = fits[str([37, 0, 150, 113])]
    ours = dask_topic_coherence(local, dist, measures=["u_mass", "c_npmi"])
    pd.testing.assert_frame_equal(ours, expected, check_exact=True)


# --- errors and the γ starts -----------------------------------------------------------------
def test_initial_gamma_depends_on_the_global_row_only():
    whole = initial_gamma(SEED, (TRAIN, 2), 0, 3 * TILE, 4)
    assert whole.shape == (3 * TILE, 4) and np.array_equal(whole[:TILE], initial_gamma(SEED, (TRAIN, 2), 0, TILE, 4))
    for a, b in [(5, 9), (TILE - 3, TILE + 2), (100, 2 * TILE + 7), (2 * TILE, 2 * TILE)]:
        assert np.array_equal(initial_gamma(SEED, (TRAIN, 2), a, b, 4), whole[a:b])
    assert not np.array_equal(initial_gamma(SEED, (TRAIN, 3), 0, 10, 4), whole[:10])


def test_gamma_rows_refuses_a_draw_it_was_not_made_for():
    rows = GammaRows(np.ones((4, 3)))
    assert rows.gamma(100.0, 1.0 / 100.0, (3, 3)).shape == (3, 3)
    with pytest.raises(RuntimeError, match=r"gensim asked for γ starts \(2, 3\) of Gamma\(100.0, 0.01\)"):
        rows.gamma(100.0, 1.0 / 100.0, (2, 3))


def test_errors_name_the_problem(corpus, dtm, local, fits, dask_client):
    dist, _ = fits["2"]
    with pytest.raises(ArgumentError, match="alpha='auto' learns α from every chunk's γ on one machine"):
        dask_fit_topics(dist, K, options=fr.LdaOptions(alpha="auto"), progress=False)
    with pytest.raises(ArgumentError, match=r"k=300 must be smaller than the number of documents \(300\)"):
        dask_fit_topics(dist, 300, progress=False)
    smaller = fr.document_term_matrix(corpus.filter(outlets=["kyiv.example"]), cache=False)
    with pytest.raises(ModelError, match=r"the model has [\d,]+ terms, the matrix [\d,]+: infer θ on the matrix"):
        batch_doc_topics(local, smaller)
    with pytest.raises(ModelError, match="not on this matrix .100 × "):
        local.to_topic_model(smaller)
    no_tokens = DaskMatrix.scatter(fr.document_term_matrix(corpus, stopwords="auto", tokens=False, cache=False),
                                   dask_client, partitions=2)
    with pytest.raises(ArgumentError, match=r"partition 0 \(150 documents from doc_id 'kyiv-000'\) has no token "
                       r"stream; build the distributed matrix with its tokens kept"):
        dask_window_counts(no_tokens, np.arange(3))
    with pytest.raises(ArgumentError, match=r"partition sizes must be ≥ 0 and sum to the 300 documents, got \[1, 2\]"):
        batch_fit_topics(dtm, K, partitions=[1, 2], progress=False)
