"""Near-duplicates and wire copy: MinHash estimates against exact Jaccard, clusters, windows, dedupe="near".

The fixture tests/fixtures/exports/wire-copy.jsonl is hand-made: an agency story carried by two
outlets under new headlines (one adds a closing sentence, one drops the last), re-published a week
later by a fourth (outside a 3-day window), a story that shares only its first three sentences,
two unrelated stories, and a Russian agency report carried by a second paper. Exact Jaccard values
are computed here independently, from Python sets of word 5-tuples.
"""

from __future__ import annotations

import itertools
import json
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing.corpus.minhash import RECALL, ShingleSets, candidate_pairs, lsh_bands, signatures

WIRE = Path(__file__).parent / "fixtures" / "exports" / "wire-copy.jsonl"


def shingles(text: str, size: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())  # the fixture has no apostrophes, hyphens or numbers
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b)


@pytest.fixture(scope="module")
def wire():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # weekly-0315 repeats agency-0307 exactly, which the reader reports
        corpus = fr.read_jsonl(WIRE)
    rows = [json.loads(line) for line in WIRE.read_text(encoding="utf-8").splitlines()]
    return corpus, {r["doc_id"]: shingles(r["text"]) for r in rows}


def test_wire_story_clusters_within_three_days_keeping_the_earliest(wire):
    corpus, sets = wire
    report = fr.near_duplicates(corpus, threshold=0.8, within_days=3, progress=False)
    assert report.columns.tolist() == ["cluster", "doc_id", "outlet", "date", "title", "kept", "days_after",
                                       "jaccard", "jaccard_estimate"]
    assert report[["cluster", "doc_id", "kept", "days_after"]].values.tolist() == [
        [1, "agency-0307", True, 0], [1, "herald-0307", False, 0], [1, "post-0308", False, 1],
        [2, "tass-0310", True, 0], [2, "rg-0311", False, 1]]
    # the exact similarities to the kept document, against sets computed here
    for row in report.itertuples():
        kept = report.loc[(report["cluster"] == row.cluster) & report["kept"], "doc_id"].item()
        assert row.jaccard == pytest.approx(jaccard(sets[kept], sets[row.doc_id]), abs=1e-12)
    assert report["outlet"].tolist() == ["Wire Agency", "Daily Herald", "Evening Post", "ТАСС", "Российская газета"]
    assert report["title"][1] == "Negotiators agree to work on humanitarian corridors"  # a new headline does not matter


def test_minhash_estimates_agree_with_exact_jaccard(wire):
    corpus, sets = wire
    report = fr.near_duplicates(corpus, within_days=None, progress=False)
    for row in report.itertuples():
        kept = report.loc[(report["cluster"] == row.cluster) & report["kept"], "doc_id"].item()
        exact = jaccard(sets[kept], sets[row.doc_id])
        se = np.sqrt(exact * (1 - exact) / 128)
        assert abs(row.jaccard_estimate - exact) <= max(4 * se, 1e-12), (row.doc_id, exact, row.jaccard_estimate)


def test_republication_outside_the_window_joins_without_one(wire):
    corpus, _ = wire
    report = fr.near_duplicates(corpus, within_days=None, progress=False)
    cluster = report.loc[report["cluster"] == 1, ["doc_id", "days_after", "jaccard"]]
    assert cluster["doc_id"].tolist() == ["agency-0307", "herald-0307", "post-0308", "weekly-0315"]
    assert cluster[["days_after", "jaccard"]].values[-1].tolist() == [8, 1.0]


def test_pairs_below_the_threshold_stay_apart(wire):
    corpus, sets = wire
    # the story that shares three sentences: its similarity to the wire story is far below 0.8
    assert jaccard(sets["agency-0307"], sets["mixed-0307"]) < 0.5
    report = fr.near_duplicates(corpus, threshold=0.8, within_days=3, progress=False)
    assert "mixed-0307" not in set(report["doc_id"])
    # post-0308 is 0.867 from the agency and 0.797 from herald by hand: at 0.9 it has no link left
    assert jaccard(sets["agency-0307"], sets["post-0308"]) == pytest.approx(0.867, abs=1e-3)
    assert jaccard(sets["herald-0307"], sets["post-0308"]) == pytest.approx(0.797, abs=1e-3)
    strict = fr.near_duplicates(corpus, threshold=0.9, within_days=3, progress=False)
    assert "post-0308" not in set(strict["doc_id"])
    assert (strict.loc[~strict["kept"], "jaccard"] >= 0.9).all()


def test_same_seed_same_estimates_other_seed_other_estimates(wire):
    corpus, _ = wire
    one = fr.near_duplicates(corpus, seed=7, progress=False)
    again = fr.near_duplicates(corpus, seed=7, progress=False)
    other = fr.near_duplicates(corpus, seed=8, progress=False)
    pd.testing.assert_frame_equal(one, again)
    assert one["jaccard"].tolist() == other["jaccard"].tolist()
    assert one["jaccard_estimate"].tolist() != other["jaccard_estimate"].tolist()


def test_estimator_is_unbiased_with_the_binomial_spread():
    """Over 300 seeds the estimate's mean is J and its standard deviation sqrt(J(1-J)/k) (within 15%)."""
    rng = np.random.default_rng(5)
    for cut in (100, 60):
        errors, exact = [], 0.0
        for seed in range(300):
            a = rng.integers(0, 10**6, 120)
            b = a.copy()
            b[cut:] = rng.integers(0, 10**6, 120 - cut)
            sets = ShingleSets.from_token_ids(np.concatenate([a, b]), np.array([0, 120, 240]), size=5)
            exact = jaccard({tuple(a[i:i + 5]) for i in range(116)}, {tuple(b[i:i + 5]) for i in range(116)})
            assert sets.jaccard(0, 1) == pytest.approx(exact, abs=1e-12)
            sig = signatures(sets, num_perm=128, seed=seed)
            errors.append((sig[0] == sig[1]).mean() - exact)
        se = np.sqrt(exact * (1 - exact) / 128)
        assert abs(np.mean(errors)) < 3 * se / np.sqrt(300)
        assert np.std(errors) == pytest.approx(se, rel=0.15)


def test_lsh_finds_pairs_at_the_threshold_and_says_how_often():
    bands, rows = lsh_bands(0.8, 128)
    assert bands * rows <= 128
    assert 1 - (1 - 0.8 ** rows) ** bands >= RECALL
    # 200 pairs of similarity 0.8 exactly (40 shared of 50 shingles each side): found at least 98% of the time
    rng = np.random.default_rng(3)
    found = 0
    for seed in range(200):
        shared = rng.integers(0, 2**40, 40).astype(np.uint64)
        a = np.sort(np.concatenate([shared, rng.integers(0, 2**40, 5).astype(np.uint64)]))
        b = np.sort(np.concatenate([shared, rng.integers(0, 2**40, 5).astype(np.uint64)]))
        sets = ShingleSets(hashes=np.concatenate([a, b]), offsets=np.array([0, 45, 90]))
        assert sets.jaccard(0, 1) == pytest.approx(40 / 50)
        found += len(candidate_pairs(signatures(sets, seed=seed), bands=bands, rows=rows)) == 1
    assert found >= 196


def test_short_and_empty_documents():
    df = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "outlet": ["x", "y", "z", "w"], "date": ["2022-03-01"] * 4,
                       "text": ["Ceasefire now", "ceasefire now!", "", "Peace talks"]})
    with pytest.warns(fr.FramingWarning, match=r"1 documents have empty text: c"):
        corpus = fr.from_dataframe(df)
    report = fr.near_duplicates(corpus, progress=False)
    assert report["doc_id"].tolist() == ["a", "b"]  # two words are one shingle; the empty text matches nothing


def test_nothing_repeats_gives_an_empty_table_with_the_columns():
    corpus = fr.from_dataframe(pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["x", "y"], "date": ["2022-03-01"] * 2,
                                             "text": ["The talks resumed on Monday.", "Farmers fear a poor harvest."]}))
    report = fr.near_duplicates(corpus, progress=False)
    assert report.empty and report.columns.tolist()[:2] == ["cluster", "doc_id"]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"threshold": 0}, r"threshold must be a Jaccard similarity in \(0, 1\], got 0"),
    ({"threshold": 1.5}, r"threshold must be a Jaccard similarity in \(0, 1\], got 1.5"),
    ({"within_days": -1}, r"within_days must be a whole number of days ≥ 0, or None"),
    ({"shingle": 0}, r"shingle must be a number of words ≥ 1, got 0"),
    ({"num_perm": 1}, r"num_perm must be a whole number ≥ 2, got 1"),
    ({"seed": -3}, r"seed must be a whole number ≥ 0, got -3"),
])
def test_bad_arguments(wire, kwargs, message):
    with pytest.raises(fr.ArgumentError, match=message):
        fr.near_duplicates(wire[0], progress=False, **kwargs)


def test_dedupe_near_keeps_the_earliest_and_reports_the_rest():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = fr.read_jsonl(WIRE, dedupe="near")
    assert corpus.df["doc_id"].tolist() == ["agency-0307", "council-0308", "farm-0308", "mixed-0307", "tass-0310"]
    # weekly-0315 is an exact copy (dropped as such), the others near-duplicates within 3 days
    assert corpus.report.duplicate_texts == (("agency-0307", "weekly-0315"),)
    assert corpus.report.near_duplicates == (("agency-0307", "herald-0307"), ("agency-0307", "post-0308"),
                                             ("tass-0310", "rg-0311"))
    assert any("3 documents are near-duplicates of an earlier one (dedupe='near'), dropped: herald-0307 ≈ "
               "agency-0307, post-0308 ≈ agency-0307, rg-0311 ≈ tass-0310" in str(w.message) for w in caught)


def test_dedupe_near_keeps_the_earliest_even_when_it_comes_last():
    rows = [json.loads(line) for line in WIRE.read_text(encoding="utf-8").splitlines()]
    df = pd.DataFrame(rows[:3][::-1])  # post-0308, herald-0307, agency-0307
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = fr.from_dataframe(df, dedupe="near")
    assert corpus.df["doc_id"].tolist() == ["herald-0307"]  # 03-07, and before agency-0307 in the table


def test_dedupe_accepts_only_its_values():
    df = pd.DataFrame({"doc_id": ["a"], "outlet": ["x"], "date": ["2022-03-01"], "text": ["t"]})
    with pytest.raises(fr.ArgumentError, match=r"dedupe must be False, True or 'near', got 'fuzzy'"):
        fr.from_dataframe(df, dedupe="fuzzy")


def test_drop_near_duplicates_on_a_loaded_corpus(wire):
    corpus, _ = wire
    kept, report = fr.drop_near_duplicates(corpus, progress=False)
    dropped = set(report.loc[~report["kept"], "doc_id"])
    assert dropped == {"herald-0307", "post-0308", "rg-0311"}
    assert set(kept.df["doc_id"]) == set(corpus.df["doc_id"]) - dropped


def test_every_pair_of_the_fixture_above_the_threshold_is_found(wire):
    """LSH misses no pair: every pair the hand computation puts at ≥ 0.8 within 3 days shares a cluster."""
    corpus, sets = wire
    report = fr.near_duplicates(corpus, progress=False)
    cluster = dict(zip(report["doc_id"], report["cluster"]))
    dates = dict(zip(corpus.df["doc_id"], corpus.df["date"]))
    for a, b in itertools.combinations(sets, 2):
        if jaccard(sets[a], sets[b]) >= 0.8 and abs((dates[a] - dates[b]).days) <= 3:
            assert cluster.get(a) is not None and cluster.get(a) == cluster.get(b), (a, b)


def test_near_duplicates_dropped_per_file_survive_concat(tmp_path):
    rows = [json.loads(line) for line in WIRE.read_text(encoding="utf-8").splitlines()]
    pd.DataFrame(rows[:2]).to_csv(tmp_path / "a.csv", index=False)
    pd.DataFrame(rows[7:]).to_csv(tmp_path / "b.csv", index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parts = [fr.read_csv(tmp_path / name, dedupe="near") for name in ("a.csv", "b.csv")]
    joined = fr.Corpus.concat(parts)
    assert joined.report.near_duplicates == (("agency-0307", "herald-0307"), ("tass-0310", "rg-0311"))
