"""Term rates, shares, keyness, KWIC and collocates on a 2-process LocalCluster equal one machine's exactly.

The corpus is the messy one-file-per-outlet fixture of ``tests/fixtures/distributed`` (English,
Russian, Ukrainian and Serbian in both scripts; Markdown and HTML debris, junk tokens over 40
characters, mixed date formats, an empty text). Each table is computed on one machine from the
same in-memory matrix or corpus, independently of the blocks, and compared with
``assert_frame_equal(check_exact=True)``: counts, float statistics and intervals alike (the
distributed path adds whole numbers and then runs the single-machine statistics on them, so
there is no tolerance to state), for partitionings into 1, 2 and 3 blocks and an uneven one
with empty blocks.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing.distributed import (
    DaskCorpus,
    DaskMatrix,
    dask_collocates,
    dask_keyness,
    dask_kwic,
    dask_term_rates,
    dask_term_share,
)
from framing.stats.bootstrap import partial_resample_sums, resample_sums

CSV = str(Path(__file__).parent / "fixtures" / "distributed" / "csv" / "*.csv")
UNEVEN = (0, 4, 0, 1, 15)
"""Empty first and middle blocks, a block of one document."""
PARTITIONINGS = [1, 2, 3, UNEVEN]
PATTERNS = {
    "invasion": "invasion|invad*",  # a word and a glob
    "SMO": "special military operation",  # a phrase longer than the unigram matrix's n-grams
    "спецоперация": "специальн* военн* операци*",  # Cyrillic globs in a phrase
    "agresija": "agresij*|агресиј*",  # Serbian in both scripts
    "агресія": "агресі*",  # Ukrainian
    "spheres": "sfer* uticaja|spheres * influence",  # a phrase with any word in it
    "агрессия": "lemma:агрессия",  # every form of a Russian lemma
    "сфера влияния": "lemma:сфера влияния",  # a lemma phrase, from the token stream
}


def equal(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert a.attrs == b.attrs


@pytest.fixture(scope="module")
def messy() -> fr.Corpus:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fr.FramingWarning)  # the fixture's empty text, on purpose
        return fr.read(CSV, outlet="{stem}")


@pytest.fixture(scope="module")
def dtm(messy) -> fr.DocTermMatrix:
    return fr.document_term_matrix(messy, cache=False)


@pytest.fixture(scope="module")
def blocks(dask_client, dtm) -> dict:
    """The matrix cut into each partitioning once."""
    return {p: DaskMatrix.scatter(dtm, dask_client, partitions=p) for p in PARTITIONINGS}


@pytest.fixture(scope="module")
def parts(dask_client, messy) -> dict:
    """The corpus cut into each partitioning once."""
    return {p: DaskCorpus.scatter(messy, dask_client, partitions=p) for p in PARTITIONINGS}


# --- the bootstrap's replicate sums are sums over blocks ----------------------------------------
@pytest.mark.parametrize("cuts", [[0, 7], [0, 1, 2, 7], [0, 0, 3, 3, 7]])
def test_partial_replicate_sums_add_up_to_the_whole_groups(cuts):
    x = np.array([[2, 100], [0, 80], [5, 120], [1, 90], [0, 70], [3, 60], [9, 300]], dtype=float)
    parts = [partial_resample_sums(x[a:b], n=7, first=a, n_boot=300, seed=4, key="outlet=a")
             for a, b in zip(cuts[:-1], cuts[1:])]
    assert np.array_equal(np.sum(parts, axis=0), resample_sums(x, n_boot=300, seed=4, key="outlet=a"))


# --- rates and shares ---------------------------------------------------------------------------
RATES = [
    {"n_boot": 0},
    {"n_boot": 200, "ci_method": "percentile"},
    {"n_boot": 200, "ci_method": "profile", "period": "M"},
    {"n_boot": 200, "ci_method": "percentile", "by": ["outlet", "language"], "period": "M"},
]


@pytest.mark.parametrize("partitions", PARTITIONINGS)
def test_term_rates_equal_one_machine(blocks, dtm, partitions):
    for options in RATES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", fr.FramingWarning)
            single = fr.term_rates(dtm, PATTERNS, **options)
        equal(dask_term_rates(blocks[partitions], PATTERNS, progress=False, **options), single)


def test_term_rates_hand_counts_and_finite_intervals(blocks):
    table = dask_term_rates(blocks[UNEVEN], {"invasion": "invasion", "SMO": "special military operation"},
                            n_boot=200, ci_method="percentile", progress=False).set_index(["outlet", "pattern"])
    # kyiv: "invasion" twice in the first text, once in the third and the fifth; the phrase in the first three
    assert table.loc[("kyiv", "invasion"), ["count", "docs_matched", "docs"]].tolist() == [4, 3, 5]
    assert table.loc[("kyiv", "SMO"), "count"] == 3
    lo, hi, rate = table.loc[("kyiv", "invasion"), ["per_10k_lo", "per_10k_hi", "per_10k"]]
    assert 0 < lo < rate < hi


@pytest.mark.parametrize("partitions", PARTITIONINGS)
@pytest.mark.parametrize("ci_method", ["fieller", "percentile"])
def test_term_share_equals_one_machine(blocks, dtm, partitions, ci_method):
    choice = {"invasion": "invasion|инвазиј*|invazij*", "SMO": "special military operation|specijaln* vojn* operacij*",
              "aggression": "aggression|agresij*|агресиј*"}
    single = fr.term_share(dtm, choice, n_boot=200, ci_method=ci_method)
    equal(dask_term_share(blocks[partitions], choice, n_boot=200, ci_method=ci_method, progress=False), single)


def test_term_rates_of_a_distributed_corpus_equal_those_of_the_corpus(parts, messy):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fr.FramingWarning)
        single = fr.term_rates(messy, PATTERNS, n_boot=100, by=None, ci_method="percentile")
    equal(dask_term_rates(parts[UNEVEN], PATTERNS, n_boot=100, by=None, ci_method="percentile", progress=False),
          single)


@pytest.mark.parametrize("share", [False, True])
def test_period_is_the_one_list(blocks, dtm, share):
    """``period`` takes exactly :data:`framing.dtm.PERIODS`, as on one machine (``tests/test_conventions.py``)."""
    one, dist = (fr.term_share, dask_term_share) if share else (fr.term_rates, dask_term_rates)
    patterns = ["invasion", "aggression"]
    assert set(fr.dtm.PERIODS) == {"D", "W", "M", "Q", "Y", "day", "week", "month", "quarter", "year"}
    for period in fr.dtm.PERIODS:
        equal(dist(blocks[UNEVEN], patterns, period=period, n_boot=0, progress=False),
              one(dtm, patterns, period=period, n_boot=0))
    for bad in ("fortnight", "m"):
        with pytest.raises(fr.ArgumentError, match=rf"unknown period '{bad}'; use one of D \(day\), W \(week\)"):
            dist(blocks[UNEVEN], patterns, period=bad, n_boot=0, progress=False)


def _warned(fn, *args, **kwargs) -> tuple[object, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = fn(*args, **kwargs)
    return out, [str(w.message) for w in caught if issubclass(w.category, fr.FramingWarning)]


def test_a_pattern_that_matches_nothing_warns_once_as_on_one_machine(blocks, parts, dtm, messy):
    typos = ["invasoin", "special militray operation"]
    single, said = _warned(fr.term_rates, dtm, typos, n_boot=0)
    assert len(said) == 2 and "Did you mean 'invasion', 'invaziji', 'invazija'?" in said[0]
    table, told = _warned(dask_term_rates, blocks[3], typos, n_boot=0, progress=False)
    assert told == said
    equal(table, single)
    # a partition sees only its own vocabulary: the message names the whole one (one machine's kwic says it twice)
    for pattern in (typos, "invasoin"):
        single, said = _warned(fr.kwic, messy, pattern)
        lines, told = _warned(dask_kwic, parts[UNEVEN], pattern, progress=False)
        assert told == said[:len(told)] and said == told * 2
        equal(lines, single)


def test_errors_are_those_of_one_machine(blocks, dtm):
    dist = blocks[2]
    for call, arguments in [((dtm, "inva(sion"), {}), ((dtm, "invasion"), {"by": "publisher"}),
                            ((dtm, "invasion"), {"ci_method": "fieller"})]:
        with pytest.raises(fr.FramingError) as one:
            fr.term_rates(*call, **arguments)
        with pytest.raises(type(one.value), match="^" + re.escape(str(one.value)) + "$"):
            dask_term_rates(dist, *call[1:], progress=False, **arguments)
    with pytest.raises(fr.FramingError, match="term_share compares alternatives: give at least two patterns"):
        dask_term_share(dist, "invasion", progress=False)


# --- keyness ------------------------------------------------------------------------------------
KEYNESS = [
    {"min_freq": 1},
    {"min_freq": 2, "reference": "each", "measure": "g2", "top": 5},
    {"target": "kyiv", "reference": ["ria", "pravda"], "measure": "log_ratio", "prior": "pair", "stopwords": None},
]


@pytest.mark.parametrize("partitions", PARTITIONINGS)
def test_keyness_equals_one_machine(blocks, dtm, partitions):
    for options in KEYNESS:
        equal(dask_keyness(blocks[partitions], progress=False, **options), fr.keyness(dtm, **options))


def test_keyness_errors_are_those_of_one_machine(blocks, dtm):
    with pytest.raises(fr.ArgumentError, match="target \\['tass'\\] is not a group"):
        fr.keyness(dtm, target="tass")
    with pytest.raises(fr.ArgumentError, match="target \\['tass'\\] is not a group"):
        dask_keyness(blocks[3], target="tass", progress=False)


# --- KWIC ---------------------------------------------------------------------------------------
KWIC = [
    ({"SMO": "special military operation", "спецоперация": "специальн* военн* операци*"}, {"window": 4}),
    (["agresij*|агресиј*", "invasion"], {"n": 3, "by": "outlet", "seed": 7}),
    ("agresij*|агресиј*|aggression|агресі*", {"sort": "left", "window": 2}),
    ("agresij*|агресиј*|aggression|агресі*", {"sort": "right", "n": 4, "seed": 3}),
]


@pytest.mark.parametrize("partitions", PARTITIONINGS)
def test_kwic_equals_one_machine(parts, messy, partitions):
    for pattern, options in KWIC:
        single = fr.kwic(messy, pattern, **options)
        assert len(single) >= 3
        equal(dask_kwic(parts[partitions], pattern, progress=False, **options), single)


def test_kwic_and_collocates_of_files_read_on_the_workers(dask_client, messy):
    """One partition per file, read by :func:`framing.read_dask`: the lines and collocates of ``framing.read``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fr.FramingWarning)
        files = fr.read_dask(CSV, client=dask_client, outlet="{stem}", progress=False)
    pattern, options = KWIC[1]
    equal(dask_kwic(files, pattern, progress=False, **options), fr.kwic(messy, pattern, **options))
    pattern, options = COLLOCATES[0]
    equal(dask_collocates(files, pattern, progress=False, **options), fr.collocates(messy, pattern, **options))


def test_kwic_needs_the_texts(blocks):
    with pytest.raises(fr.ArgumentError, match="dask_kwic needs the texts: pass a DaskCorpus, not a matrix"):
        dask_kwic(blocks[2], "invasion", progress=False)


# --- collocates ---------------------------------------------------------------------------------
COLLOCATES = [
    ("invasion|agresij*|агресиј*", {"by": "outlet", "window": 3, "min_freq": 1}),
    ("special military operation|специјалн* војн* операциј*", {"window": 2, "min_freq": 1, "measure": "pmi",
                                                              "stopwords": None}),
]


@pytest.mark.parametrize("partitions", PARTITIONINGS)
def test_collocates_equal_one_machine(parts, blocks, messy, partitions):
    for pattern, options in COLLOCATES:
        single = fr.collocates(messy, pattern, **options)
        assert len(single) >= 5
        equal(dask_collocates(parts[partitions], pattern, progress=False, **options), single)
        equal(dask_collocates(blocks[partitions], pattern, progress=False, **options), single)


def test_collocates_refuse_a_matrix_without_every_token(dask_client, messy):
    stopped = DaskMatrix.scatter(fr.document_term_matrix(messy, stopwords="auto", cache=False), dask_client,
                                 partitions=2)
    with pytest.raises(fr.ArgumentError, match="counts collocate frequencies over every token"):
        dask_collocates(stopped, "invasion", progress=False)
