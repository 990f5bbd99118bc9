"""Fitting, summaries and persistence of topic models (framing.topics, framing.topics.summaries)."""

from __future__ import annotations

import contextlib
import json

import numpy as np
import pandas as pd
import pytest
from scipy.stats import rankdata
from topic_data import synthetic_corpus, synthetic_dtm

import framing as fr
from framing.topics.model import META_FILE, matrix_digest
from framing.topics.summaries import exclusivity, frex_scores


@pytest.fixture(scope="module")
def corpus():
    return synthetic_corpus()


@pytest.fixture(scope="module")
def dtm(corpus):
    return synthetic_dtm(corpus)


@pytest.fixture(scope="module")
def model(dtm):
    return fr.fit_topics(dtm, 3, seed=1, options=fr.LdaOptions(passes=5), progress=False)


# --- fitting ---------------------------------------------------------------------------------
def test_same_seed_gives_identical_model_and_different_seed_does_not(dtm, model):
    again = fr.fit_topics(dtm, 3, seed=1, options=fr.LdaOptions(passes=5), progress=False)
    assert np.array_equal(again.topic_term_, model.topic_term_)
    assert np.array_equal(again.doc_topic_, model.doc_topic_)
    other = fr.fit_topics(dtm, 3, seed=2, options=fr.LdaOptions(passes=5), progress=False)
    assert not np.array_equal(other.topic_term_, model.topic_term_)


def test_fit_equals_raw_gensim_ldamodel_and_progress_bar_changes_nothing(dtm, model, capsys):
    from gensim.models import LdaModel

    dictionary, bow = dtm.to_gensim()
    raw = LdaModel(corpus=bow, id2word=dictionary, num_topics=3, random_state=1, passes=5, iterations=50,
                   alpha="symmetric", eta=None, chunksize=2000, eval_every=None)
    with_bar = fr.fit_topics(dtm, 3, seed=1, options=fr.LdaOptions(passes=5), progress=True)
    assert "fitting topics" in capsys.readouterr().err
    assert np.array_equal(raw.get_topics(), model.topic_term_)
    assert np.array_equal(with_bar.topic_term_, model.topic_term_)
    assert model.lda.num_topics == 3 and model.reproducible


def test_topics_are_recovered_and_keep_gensims_order(model):
    top = model.terms(n=5)
    themes = {"war": {"troops", "offensive", "soldiers", "aggression", "missiles", "tanks", "shelling",
                      "invasion", "frontline", "artillery"},
              "energy": {"gas", "oil", "prices", "pipeline", "sanctions", "inflation", "energy", "supply",
                         "market", "exports"}}
    found = {t: set(g["term"]) for t, g in top.groupby("topic")}
    assert any(terms <= themes["war"] for terms in found.values())
    assert any(terms <= themes["energy"] for terms in found.values())
    # topic ids are gensim's: topic t's top term is the argmax of lda.get_topics()[t]
    best = model.lda.get_topics().argmax(axis=1)
    assert top[top["rank"] == 1]["term"].tolist() == model.dtm.vocab[best].tolist()


def test_workers_use_ldamulticore_with_a_reproducibility_warning(dtm):
    from gensim.models import LdaMulticore

    with pytest.warns(fr.FramingWarning, match=r"workers=2.*LdaMulticore, which is not reproducible"):
        multi = fr.fit_topics(dtm, 3, seed=1, options=fr.LdaOptions(passes=1), workers=2, progress=False)
    assert isinstance(multi.lda, LdaMulticore) and not multi.reproducible


@pytest.mark.parametrize("k, message", [
    (1, r"k=1: a topic model needs a whole number of at least 2 topics"),
    (2.5, r"k=2\.5: a topic model needs a whole number"),
    (60, r"k=60 must be smaller than the number of documents \(60\)"),
])
def test_bad_number_of_topics(dtm, k, message):
    with pytest.raises(fr.ArgumentError, match=message):
        fr.fit_topics(dtm, k, progress=False)


def test_empty_matrix_names_the_filter_that_emptied_it(corpus):
    by_min_df = synthetic_dtm(corpus, min_df=60)
    with pytest.raises(fr.ModelError, match=r"60 documents has no terms: the filter min_df=60 "):
        fr.fit_topics(by_min_df, 2, progress=False)
    only_stopwords = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b", "c"], "date": ["2022-01-01"] * 3,
                                                     "text": ["the of and", "a in to", "is the a"]}))
    with pytest.raises(fr.ModelError, match=r"the filter stopwords='en' left no term of the 9 tokens; relax it"):
        fr.fit_topics(synthetic_dtm(only_stopwords), 2, progress=False)
    nothing = synthetic_dtm(corpus).subset(np.zeros(60, dtype=bool))
    with pytest.raises(fr.ModelError, match=r"has no documents: the corpus \(or its filter\) left none"):
        fr.fit_topics(nothing, 2, progress=False)


# --- summaries -------------------------------------------------------------------------------
def test_terms_table_scores_match_the_formulas(model, dtm):
    terms = model.terms(n=4, relevance=0.6)
    assert list(terms.columns) == ["topic", "rank", "term", "prob", "relevance", "frex", "overall"]
    assert len(terms) == 12 and terms["rank"].tolist() == [1, 2, 3, 4] * 3
    phi = model.lda.get_topics().astype(np.float64)
    share = np.asarray(dtm.matrix.sum(axis=0)).ravel() / dtm.matrix.sum()
    row = terms.iloc[5]
    w = dtm.term_index(row["term"])
    assert row["prob"] == pytest.approx(phi[row["topic"], w])
    expected = 0.6 * np.log(phi[row["topic"], w]) + 0.4 * np.log(phi[row["topic"], w] / share[w])
    assert row["relevance"] == pytest.approx(expected, rel=1e-6)
    for topic, group in terms.groupby("topic"):  # ranked by relevance, highest first
        assert group["relevance"].is_monotonic_decreasing
    by_prob = model.terms(n=4)  # λ = 1 ranks by probability
    for topic, group in by_prob.groupby("topic"):
        assert group["prob"].is_monotonic_decreasing
        assert group["term"].tolist() == dtm.vocab[np.argsort(-phi[topic])[:4]].tolist()


def test_overall_is_the_terms_count_over_the_topics_expected_tokens(model, dtm):
    """pyLDAvis (Sievert & Shirley 2014) draws a topic's estimated term count φ[k,w]·T[k], with
    T[k] = Σ_d θ[d,k]·N[d], over the term's corpus count n[w]; ``overall`` is n[w] / T[k]."""
    terms = model.terms(n=5)
    tokens = {}  # N[d] and n[w], counted document by document from the documents' bags of words
    counts: dict[str, int] = {}
    for d, doc_id in enumerate(dtm.docs["doc_id"]):
        row = dtm.matrix.getrow(d)
        tokens[doc_id] = int(row.sum())
        for w, c in zip(row.indices, row.data):
            counts[str(dtm.vocab[w])] = counts.get(str(dtm.vocab[w]), 0) + int(c)
    shares = model.document_topics()
    expected_tokens = (shares["share"] * shares["doc_id"].map(tokens)).groupby(shares["topic"]).sum()
    want = [counts[t] / expected_tokens[k] for k, t in zip(terms["topic"], terms["term"])]
    assert terms["overall"].to_numpy() == pytest.approx(want, rel=1e-9)
    # the topic's estimated count of a term never much exceeds its corpus count (θ and φ are fitted together)
    assert (terms["prob"] <= 1.5 * terms["overall"]).all()
    assert expected_tokens.sum() == pytest.approx(sum(tokens.values()), rel=1e-9)


def test_frex_against_stm_definition_computed_by_hand():
    phi = np.array([[0.5, 0.3, 0.2], [0.2, 0.2, 0.6]])
    excl = phi / phi.sum(axis=0)            # column-normalised: [[5/7, 3/5, 1/4], [2/7, 2/5, 3/4]]
    e_rank = np.array([[3, 2, 1], [1, 2, 3]]) / 3
    f_rank = np.array([[3, 2, 1], [1.5, 1.5, 3]]) / 3   # ties share the average rank
    assert np.allclose(rankdata(excl, axis=1) / 3, e_rank)
    expected = 1 / (0.5 / e_rank + 0.5 / f_rank)
    assert np.allclose(frex_scores(phi, weight=0.5), expected)
    # stm's exclusivity: sum of FREX (ω = 0.7) over the top terms by probability
    frex7 = 1 / (0.7 / e_rank + 0.3 / f_rank)
    assert np.allclose(exclusivity(phi, topn=2, weight=0.7), [frex7[0, 0] + frex7[0, 1], frex7[1, 2] + frex7[1, 0]])


def test_terms_sorted_by_frex_and_bad_options(model):
    frex = model.terms(n=3, sort="frex")
    for _, group in frex.groupby("topic"):
        assert group["frex"].is_monotonic_decreasing
    with pytest.raises(fr.ArgumentError, match=r"sort='freq': use one of \('relevance', 'prob', 'frex'\)"):
        model.terms(sort="freq")
    with pytest.raises(fr.ArgumentError, match=r"relevance λ must be between 0 and 1, got 1\.5"):
        model.terms(relevance=1.5)


def test_documents_are_the_largest_shares_with_metadata(model, dtm):
    docs = model.documents(topic=1, n=3)
    assert list(docs.columns) == ["topic", "rank", "doc_id", "outlet", "date", "title", "share"]
    best = np.argsort(-model.doc_topic_[:, 1], kind="stable")[:3]
    assert docs["doc_id"].tolist() == dtm.docs["doc_id"].iloc[best].tolist()
    assert docs["share"].tolist() == pytest.approx(model.doc_topic_[best, 1].tolist())
    assert len(model.documents(n=2)) == 6
    with pytest.raises(fr.ArgumentError, match=r"topic=7 does not exist: the model has topics 0 to 2"):
        model.documents(topic=7)


def test_document_topics_is_long_and_sums_to_one(model, dtm):
    table = model.document_topics()
    assert list(table.columns) == ["doc_id", "outlet", "date", "topic", "share"]
    assert len(table) == 60 * 3
    assert np.allclose(table.groupby("doc_id")["share"].sum(), 1.0)
    first = table[table["doc_id"] == dtm.docs["doc_id"][0]]["share"].to_numpy()
    assert np.allclose(first, model.doc_topic_[0])
    assert (model.document_topics(min_share=0.5)["share"] >= 0.5).all()


def test_term_topics_splits_each_occurrence_over_topics(model, dtm):
    table = model.term_topics("invasion|aggression")
    assert list(table.columns) == ["pattern", "outlet", "topic", "count", "share"]
    cols = [dtm.term_index("invasion"), dtm.term_index("aggression")]
    for outlet, group in table.groupby("outlet"):
        rows = (dtm.docs["outlet"] == outlet).to_numpy()
        assert group["count"].sum() == pytest.approx(dtm.matrix[rows][:, cols].sum())
        assert group["share"].sum() == pytest.approx(1.0)
    # the war topic (the one with 'invasion' most probable) carries most of these words
    war = int(np.argmax(model.topic_term_[:, cols[0]]))
    overall = model.term_topics(["invasion", "aggression"], by=None)
    assert overall.groupby("topic")["count"].sum().idxmax() == war
    with pytest.warns(fr.FramingWarning, match=r"pattern 'blitzkrieg' matches no term in the vocabulary"):
        assert (model.term_topics("blitzkrieg")["count"] == 0).all()


def test_labels(model):
    labels = model.labels(n=2)
    assert labels["topic"].tolist() == [0, 1, 2]
    first = model.terms(n=2).query("topic == 0")["term"].tolist()
    assert labels["label"][0] == f"0: {first[0]}, {first[1]}"


# --- persistence -----------------------------------------------------------------------------
def test_save_load_round_trip_is_exact(model, dtm, tmp_path):
    folder = model.save(tmp_path / "models" / "k3")
    loaded = fr.load_topics(folder, dtm)
    assert np.array_equal(loaded.topic_term_, model.topic_term_)
    assert np.array_equal(loaded.doc_topic_, model.doc_topic_)
    assert (loaded.k, loaded.seed, loaded.options, loaded.reproducible) == (3, 1, model.options, True)
    meta = json.loads((folder / META_FILE).read_text())
    assert meta["fingerprint"] == dtm.fingerprint and meta["matrix_digest"] == matrix_digest(dtm)
    assert meta["options"]["passes"] == 5 and meta["seed"] == 1
    assert set(meta["versions"]) == {"framing", "gensim", "numpy", "scipy", "python"}
    assert set(meta["files"]) == {p.name for p in folder.iterdir()} - {META_FILE}
    model.save(folder)  # saving again replaces the model
    assert fr.load_topics(folder, dtm).k == 3


@pytest.mark.parametrize("options, workers", [
    (fr.LdaOptions(passes=3, alpha="auto", eta="auto"), 1),
    (fr.LdaOptions(passes=3, alpha="asymmetric", eta=0.05, chunksize=25), 1),
    (fr.LdaOptions(passes=2), 2),
])
def test_reloaded_model_is_the_fitted_model_bit_for_bit(dtm, tmp_path, options, workers):
    """Rebuilt from arrays and JSON (no pickle), the gensim model equals the fitted one: priors, λ,
    E[log β], settings and random state, hence topics, θ and inference on documents it never saw."""
    with pytest.warns(fr.FramingWarning, match="not reproducible") if workers > 1 else contextlib.nullcontext():
        model = fr.fit_topics(dtm, 3, seed=4, options=options, workers=workers, progress=False)
    loaded = fr.load_topics(model.save(tmp_path / "m"), dtm)
    fitted, rebuilt = model.lda, loaded.lda
    assert type(rebuilt) is type(fitted) and rebuilt.dtype == fitted.dtype
    for name in ("alpha", "eta", "expElogbeta"):
        assert getattr(rebuilt, name).dtype == getattr(fitted, name).dtype
        assert np.array_equal(getattr(rebuilt, name), getattr(fitted, name)), name
    assert np.array_equal(rebuilt.state.get_lambda(), fitted.state.get_lambda())
    assert rebuilt.state.numdocs == fitted.state.numdocs
    for name in ("chunksize", "iterations", "gamma_threshold", "decay", "offset", "num_updates", "optimize_alpha",
                 "optimize_eta", "minimum_probability", "minimum_phi_value", "per_word_topics"):
        assert getattr(rebuilt, name) == getattr(fitted, name), name
    state_a, state_b = fitted.random_state.get_state(), rebuilt.random_state.get_state()
    assert np.array_equal(state_a[1], state_b[1]) and state_a[2:] == state_b[2:]
    assert np.array_equal(loaded.topic_term_, model.topic_term_)
    assert np.array_equal(loaded.doc_topic_, model.doc_topic_)
    rng = np.random.default_rng(7)
    unseen = [[(int(j), int(rng.integers(1, 4))) for j in sorted(rng.choice(dtm.shape[1], 6, replace=False))]
              for _ in range(5)]
    assert ([fitted.get_document_topics(d, minimum_probability=0) for d in unseen]
            == [rebuilt.get_document_topics(d, minimum_probability=0) for d in unseen])


def test_load_refuses_missing_damaged_and_foreign_models(model, dtm, corpus, tmp_path):
    with pytest.raises(fr.ModelError, match=r"no topic model at .*nowhere: the folder does not exist"):
        fr.load_topics(tmp_path / "nowhere", dtm)
    (tmp_path / "empty").mkdir()
    with pytest.raises(fr.ModelError, match=r"is not a framing topic model folder: framing-topics.json is missing"):
        fr.load_topics(tmp_path / "empty", dtm)
    folder = model.save(tmp_path / "k3")
    arrays = folder / "lda.npz"
    arrays.write_bytes(arrays.read_bytes()[:100])
    with pytest.raises(fr.ModelError, match=r"lda.npz is truncated or damaged"):
        fr.load_topics(folder, dtm)
    folder = model.save(tmp_path / "k3")
    (folder / "lda.npz").unlink()
    with pytest.raises(fr.ModelError, match=r"model file .*lda.npz is missing; the folder .* is incomplete"):
        fr.load_topics(folder, dtm)
    folder = model.save(tmp_path / "k3")
    other = synthetic_dtm(synthetic_corpus(seed=5))
    with pytest.raises(fr.ModelError, match=r"was fitted on another corpus"):
        fr.load_topics(folder, other)
    with pytest.raises(fr.ModelError, match=r"was fitted on a different matrix of this corpus \(options"):
        fr.load_topics(folder, synthetic_dtm(corpus, min_df=2))
    (folder / META_FILE).write_text("{not json")
    with pytest.raises(fr.ModelError, match=r"framing-topics.json is damaged"):
        fr.load_topics(folder, dtm)


def test_save_refuses_to_overwrite_a_foreign_folder(model, tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "readme.txt").write_text("mine")
    with pytest.raises(fr.ModelError, match=r"notes exists and is not a framing topic model folder"):
        model.save(tmp_path / "notes")
    with pytest.raises(fr.ModelError, match=r"readme.txt exists and is not a framing topic model folder"):
        model.save(tmp_path / "notes" / "readme.txt")
    assert (tmp_path / "notes" / "readme.txt").read_text() == "mine"
