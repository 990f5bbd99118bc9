"""Seeded topics (framing.topics.seeded): the η prior, labels, storage, the report, and a planted simulation."""

from __future__ import annotations

import types

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linear_sum_assignment

import framing as fr
from framing.topics.seeded import Seeding, seed_prior, seed_report


def planted(seed: int, k: int = 4, n_terms: int = 60, n_docs: int = 150, length: int = 40):
    """Documents drawn from k known topics; each topic's three most probable words are its seeds."""
    rng = np.random.default_rng(seed)
    vocab = [f"w{i:03d}" for i in range(n_terms)]
    phi = rng.dirichlet(np.full(n_terms, 0.05), size=k)
    theta = rng.dirichlet(np.full(k, 0.3), size=n_docs)
    texts = []
    for d in range(n_docs):
        z = rng.choice(k, size=length, p=theta[d])
        texts.append(" ".join(vocab[rng.choice(n_terms, p=phi[t])] for t in z))
    frame = pd.DataFrame({"doc_id": [f"d{d}" for d in range(n_docs)], "outlet": "a", "date": "2022-01-01",
                          "text": texts})
    seeds = {f"T{j}": "|".join(vocab[w] for w in np.argsort(-phi[j])[:3]) for j in range(k)}
    return frame, phi, vocab, seeds


def cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return a @ b.T


def test_seeded_topics_recover_the_planted_topics_better_than_unseeded():
    seeded_scores, free_scores = [], []
    for seed in (0, 1, 4):
        frame, phi, vocab, seeds = planted(seed)
        dtm = fr.document_term_matrix(fr.from_dataframe(frame), cache=False)
        truth = phi[:, [vocab.index(t) for t in dtm.vocab]]
        options = fr.LdaOptions(passes=10)
        seeded = fr.fit_topics(dtm, 4, seed=seed, options=options, progress=False, seed_words=seeds)
        free = fr.fit_topics(dtm, 4, seed=seed, options=options, progress=False)
        sim = cosine(truth, seeded.topic_term_)
        rows, cols = linear_sum_assignment(-sim)
        assert cols.tolist() == [0, 1, 2, 3]  # seeded topic j is planted topic j: the labels are right
        seeded_scores.append(sim[rows, cols].mean())
        free_sim = cosine(truth, free.topic_term_)
        rows, cols = linear_sum_assignment(-free_sim)
        free_scores.append(free_sim[rows, cols].mean())
        assert seeded.seeding.frames == ("T0", "T1", "T2", "T3")
    assert min(seeded_scores) > 0.9
    assert np.mean(seeded_scores) > np.mean(free_scores) + 0.05


@pytest.fixture(scope="module")
def small_dtm() -> fr.DocTermMatrix:
    corpus = fr.from_dataframe(pd.DataFrame({
        "outlet": ["a", "b"] * 4, "date": "2022-01-01",
        "text": ["war tanks war", "gas prices gas", "tanks shelling war", "prices inflation gas",
                 "invasion war tanks", "gas market prices", "shelling invasion", "inflation market"]}))
    return fr.document_term_matrix(corpus, cache=False)


def test_the_prior_is_base_plus_strength_times_count(small_dtm):
    vocab = list(small_dtm.vocab)
    counts = dict(zip(vocab, np.asarray(small_dtm.matrix.sum(axis=0)).ravel()))
    prior, seeding = seed_prior(small_dtm, 3, {"WAR": ["invasion", "shell*"], "ENERGY": "gas"}, strength=0.5)
    expected = np.full((3, len(vocab)), 1 / 3)
    for topic, words in enumerate([["invasion", "shelling"], ["gas"]]):
        for w in words:
            expected[topic, vocab.index(w)] += 0.5 * counts[w]
    np.testing.assert_allclose(prior, expected)
    assert seeding == Seeding(frames=("WAR", "ENERGY"), terms=(("invasion", "shelling"), ("gas",)), strength=0.5)
    numeric, _ = seed_prior(small_dtm, 3, {"ENERGY": "gas"}, strength=1.0, eta=0.2)
    assert numeric[1, 0] == 0.2 and numeric[0, vocab.index("gas")] == 0.2 + counts["gas"]


def test_fit_uses_the_prior_labels_the_topics_and_storage_keeps_them(small_dtm, tmp_path):
    words = {"WAR": "war|tanks", "ENERGY": "gas|prices"}
    model = fr.fit_topics(small_dtm, 3, seed=2, options=fr.LdaOptions(passes=5), progress=False,
                          seed_words=words, seed_strength=2.0)
    prior, _ = seed_prior(small_dtm, 3, words, strength=2.0)
    np.testing.assert_allclose(model.lda.eta, prior, rtol=1e-6)
    labels = model.labels(n=2)["label"].tolist()
    assert labels[0].startswith("0 WAR: ") and labels[1].startswith("1 ENERGY: ") and labels[2].startswith("2: ")
    loaded = fr.load_topics(model.save(tmp_path / "m"), small_dtm)
    assert loaded.seeding == model.seeding
    assert np.array_equal(loaded.doc_topic_, model.doc_topic_)
    pd.testing.assert_frame_equal(loaded.seed_report(), model.seed_report())
    unseeded = fr.fit_topics(small_dtm, 2, options=fr.LdaOptions(passes=1), progress=False)
    assert fr.load_topics(unseeded.save(tmp_path / "u"), small_dtm).seeding is None


def test_a_damaged_seeding_field_is_named(small_dtm, tmp_path):
    import json

    model = fr.fit_topics(small_dtm, 2, options=fr.LdaOptions(passes=1), progress=False, seed_words={"E": "gas"})
    folder = model.save(tmp_path / "m")
    meta = json.loads((folder / "framing-topics.json").read_text())
    meta["seeding"]["terms"] = "gas"
    (folder / "framing-topics.json").write_text(json.dumps(meta))
    with pytest.raises(fr.ModelError, match="field 'seeding.terms' must be one list of terms per frame"):
        fr.load_topics(folder, small_dtm, trusted=True)


def test_seed_report_against_a_hand_made_topic():
    vocab = np.array(["a", "b", "c", "d", "e"])
    phi = np.array([[0.4, 0.3, 0.15, 0.1, 0.05], [0.05, 0.1, 0.15, 0.3, 0.4]])
    model = types.SimpleNamespace(seeding=Seeding(("F",), (("b", "e"),), 1.0), topic_term_=phi,
                                  dtm=types.SimpleNamespace(vocab=vocab))
    row = seed_report(model, n=2).iloc[0]
    # topic 0 ranks a, b, c, d, e: b is 2nd, e 5th; the top 2 are a, b
    assert (row["topic"], row["frame"], row["seeds"], row["seeds_in_top"]) == (0, "F", 2, 1)
    assert row["seed_share_top"] == 0.5 and row["seed_prob"] == pytest.approx(0.35)
    assert row["median_seed_rank"] == 3.5 and row["top_terms"] == "a, b*"


def test_bad_seeds_give_clear_errors(small_dtm):
    with pytest.raises(fr.ArgumentError, match="seed_words has 3 frames that match terms of the matrix but k=2"):
        seed_prior(small_dtm, 2, {"A": "war", "B": "gas", "C": "tanks"})
    with pytest.raises(fr.PatternError, match="no frame matches a term of the matrix"), pytest.warns(fr.FramingWarning):
        seed_prior(small_dtm, 2, {"A": "peace*"})
    with pytest.warns(fr.FramingWarning, match=r"the frames \['PEACE'\] match no term"):
        _, seeding = seed_prior(small_dtm, 3, {"PEACE": "peace*", "WAR": "war"})
    assert seeding.frames == ("WAR",)
    with pytest.raises(fr.ArgumentError, match="seed_strength=0: give a positive number"):
        seed_prior(small_dtm, 2, {"A": "war"}, strength=0)
    with pytest.raises(fr.ArgumentError, match="cannot be combined with seed_words"):
        fr.fit_topics(small_dtm, 2, options=fr.LdaOptions(eta="auto"), seed_words={"A": "war"}, progress=False)
    model = fr.fit_topics(small_dtm, 2, options=fr.LdaOptions(passes=1), progress=False)
    with pytest.raises(fr.ArgumentError, match="fitted without seed_words"):
        model.seed_report()


def test_the_ukraine_dictionary_seeds_the_frames_it_finds():
    corpus = fr.from_dataframe(pd.DataFrame({
        "outlet": ["a", "b"] * 3, "date": "2022-01-01",
        "text": ["the aggression of the aggressor", "a full invasion", "aggression again",
                 "invaded the country", "gas prices", "invasion and aggression"]}))
    dtm = fr.document_term_matrix(corpus, cache=False)
    with pytest.warns(fr.FramingWarning, match="SPECIAL_MILITARY_OPERATION"):
        _, seeding = seed_prior(dtm, 4, fr.load_dictionary("ukraine"))
    assert seeding.frames == ("AGGRESSION", "INVASION")
    assert seeding.terms == (("aggression", "aggressor"), ("invaded", "invasion"))
