"""The one vocabulary of docs/conventions.md, checked on every public signature and on the tables.

The signature checks walk ``framing.__all__`` and the ``__all__`` of every subpackage, so a
new public function that names a parameter differently, defaults ``seed`` to 0 or takes an
option positionally fails here. The behaviour checks call the functions: ``period`` takes
exactly the one list, pairwise tables carry ``group_a``/``group_b``, intervals are
``{stat}_lo``/``{stat}_hi``, a bad argument is an :class:`~framing.ArgumentError`, and every
deprecated name warns and gives what the new name gives.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from topic_data import synthetic_corpus, synthetic_dtm

import framing as fr
from framing._infra.deprecation import renamed_keywords


def _public() -> dict[str, Any]:
    """Every public function and class (no exceptions or protocols), by qualified name, once each."""
    packages = ["framing"] + sorted(m.name for m in pkgutil.walk_packages(fr.__path__, "framing.") if m.ispkg)
    found: dict[str, Any] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        for package in packages:
            module = importlib.import_module(package)
            for attr in getattr(module, "__all__", ()):
                obj = getattr(module, attr)
                if inspect.isclass(obj) and (issubclass(obj, BaseException) or getattr(obj, "_is_protocol", False)):
                    continue
                if inspect.isfunction(obj) or inspect.isclass(obj):
                    found.setdefault(f"{obj.__module__}.{obj.__qualname__}", obj)
    return found


PUBLIC = _public()
SIGNATURES = {name: inspect.signature(obj) for name, obj in PUBLIC.items()}


def parameters(*names: str) -> list[tuple[str, inspect.Parameter]]:
    """``(callable, parameter)`` for every public parameter with one of these names."""
    return [(qual, p) for qual, sig in SIGNATURES.items() for p in sig.parameters.values() if p.name in names]


def test_the_walk_sees_the_public_api():
    expected = {"framing.terms.rates.term_rates", "framing.terms.keyness.keyness", "framing.terms.kwic.kwic",
                "framing.terms.collocates.compare_collocates", "framing.topics.model.fit_topics",
                "framing.topics.prevalence.topic_prevalence", "framing.topics.sweep.SweepOptions",
                "framing.dtm.documents.documents_per_period", "framing.widgets.terms.TermOptions",
                "framing.figures.runner.build", "framing.corpus.text.script.to_latin"}
    assert expected <= set(PUBLIC)
    assert len(PUBLIC) > 60


# --- parameter names, types and defaults ----------------------------------------------------------
FORBIDDEN = {
    "level": "ci", "conf": "ci", "confidence": "ci", "alpha": "ci", "conf_level": "ci",
    "random_state": "seed", "rng": "seed", "rng_seed": "seed", "random_seed": "seed",
    "n_bootstrap": "n_boot", "nboot": "n_boot", "n_resamples": "n_boot", "replicates": "n_boot",
    "group": "by", "groups": "by", "group_by": "by", "groupby": "by",
    "freq": "period", "frequency": "period", "interval": "period",
    "a": "group_a", "b": "group_b",
}
"""Synonyms that may appear only as deprecated keyword aliases (hidden from the signature)."""
ALPHA_IS_A_PRIOR = {"framing.topics.model.LdaOptions"}
"""Where ``alpha`` is LDA's document-topic Dirichlet prior, not an interval's coverage."""


def _is_record(qual: str) -> bool:
    """A dataclass that is not an options record: built from its fields (ReadReport, TopicModel, ...)."""
    obj = PUBLIC[qual]
    return inspect.isclass(obj) and dataclasses.is_dataclass(obj) and not qual.endswith("Options")


def _is_option(p: inspect.Parameter) -> bool:
    """An option, not a required positional input such as the two models of ``match_topics(a, b)``."""
    return p.kind is p.KEYWORD_ONLY or p.default is not p.empty


def test_no_public_option_uses_a_forbidden_synonym():
    offenders = [f"{qual}({p.name}=): use {FORBIDDEN[p.name]}" for qual, p in parameters(*FORBIDDEN)
                 if _is_option(p) and not _is_record(qual) and not (p.name == "alpha" and qual in ALPHA_IS_A_PRIOR)]
    assert offenders == []


DEPRECATED_KEYWORDS = {
    ("framing.terms.collocates.compare_collocates", "a", "group_a"),
    ("framing.terms.collocates.compare_collocates", "b", "group_b"),
    ("framing.topics.prevalence.topic_prevalence", "level", "ci"),
    ("framing.topics.prevalence.prevalence_differences", "level", "ci"),
}
"""Every deprecated keyword of the public API; each has a test below that it warns and agrees."""


def test_deprecated_keywords_are_declared_and_each_is_tested():
    declared = {(qual, old, new) for qual, obj in PUBLIC.items()
                for old, new in getattr(obj, "__deprecated_keywords__", {}).items()}
    assert declared == DEPRECATED_KEYWORDS
    for qual, old, new in declared:
        assert new in SIGNATURES[qual].parameters and old not in SIGNATURES[qual].parameters


def test_seed_defaults_to_one_everywhere():
    seeds = [(qual, p) for qual, sig in SIGNATURES.items() for p in sig.parameters.values()
             if p.name == "seed" or p.name.endswith("_seed")]
    assert len(seeds) >= 8
    wrong = [f"{qual}({p.name}={p.default!r})" for qual, p in seeds if p.default not in (p.empty, 1)
             or isinstance(p.default, bool)]
    assert wrong == []
    from framing.cli import build_parser
    from framing.figures.config import COMMON

    parser = build_parser()
    assert parser.parse_args(["terms", "c.csv", "x"]).seed == 1
    assert parser.parse_args(["kwic", "c.csv", "x"]).seed == 1
    assert parser.parse_args(["topics", "c.csv", "--k", "3"]).seed == 1
    assert COMMON["seed"] == 1


def test_by_is_a_column_several_or_none():
    found = parameters("by")
    assert len(found) >= 10
    wrong = [f"{qual}(by: {p.annotation})" for qual, p in found
             if str(p.annotation).replace(" ", "") != "str|Sequence[str]|None"]
    assert wrong == []


def test_interval_level_bootstrap_and_progress_defaults():
    assert {f"{q}(ci={p.default!r})" for q, p in parameters("ci") if p.default != 0.95} == set()
    assert len(parameters("ci")) >= 5
    n_boot = parameters("n_boot")
    assert [q for q, p in n_boot if not (isinstance(p.default, int) and p.default in (200, 1000))] == []
    assert [q for q, p in parameters("progress") if p.default is not True] == []


OPTIONAL_DATA = {("framing.topics.coherence.topic_coherence", "texts")}
"""Positional parameters with a default that are data, not options."""


def test_options_after_the_data_are_keyword_only():
    wrong = []
    for qual, sig in SIGNATURES.items():
        if _is_record(qual):
            continue  # a record (ReadReport, Pattern, TopicModel, ...) is built from its fields, not called
        options_record = dataclasses.is_dataclass(PUBLIC[qual])
        for p in sig.parameters.values():
            if options_record and p.kind is not p.KEYWORD_ONLY:
                wrong.append(f"{qual}.{p.name} (options records take keywords only)")
            elif p.default is not p.empty and p.kind is p.POSITIONAL_OR_KEYWORD and (qual, p.name) not in OPTIONAL_DATA:
                wrong.append(f"{qual}({p.name}=...) is positional")
    assert wrong == []


MATRIX_KEEPS_EVERY_TOKEN = {"framing.dtm.matrix.document_term_matrix", "framing.dtm.matrix.DTMOptions",
                            "framing.distributed.build.dask_document_term_matrix"}
"""The one stopwords default that is not "auto": a matrix counts every token (rates are per token), on one
machine or on a cluster."""


def test_stopwords_default_to_auto_in_functions_options_figures_and_commands():
    found = parameters("stopwords")
    assert {q for q, _ in found} >= MATRIX_KEEPS_EVERY_TOKEN
    wrong = [f"{q}(stopwords={p.default!r})" for q, p in found
             if p.default != ("auto" if q not in MATRIX_KEEPS_EVERY_TOKEN else None)]
    assert wrong == []
    from framing.cli import build_parser
    from framing.figures import KINDS

    parser = build_parser()
    assert parser.parse_args(["keyness", "c.csv"]).stopwords == "auto"
    assert parser.parse_args(["topics", "c.csv", "--k", "3"]).stopwords == "auto"
    kinds = {name: k.options["stopwords"].default for name, k in KINDS.items() if "stopwords" in k.options}
    assert kinds and set(kinds.values()) == {"auto"}


def test_figure_kinds_use_the_same_option_names():
    from framing.figures import KINDS

    for name, kind in KINDS.items():
        assert not set(kind.options) & (set(FORBIDDEN) - {"alpha"}), name
        if "n_boot" in kind.options:
            assert kind.options["ci"].default == 0.95, name
        if "seed" in kind.options:
            pytest.fail(f"kind {name!r} declares 'seed' itself; it is a common field")


# --- period: exactly the one list ------------------------------------------------------------------
@pytest.fixture(scope="module")
def corpus() -> fr.Corpus:
    return synthetic_corpus()


@pytest.fixture(scope="module")
def dtm(corpus) -> fr.DocTermMatrix:
    return synthetic_dtm(corpus)


@pytest.fixture(scope="module")
def model(dtm) -> fr.TopicModel:
    return fr.fit_topics(dtm, 3, seed=1, options=fr.LdaOptions(passes=2), progress=False)


def _period_picker(period: str) -> str:
    from framing.widgets import TopicOptions
    from framing.widgets.controls import period_picker

    return period_picker(TopicOptions(period=period).period).value


PERIOD_CALLS: dict[str, Callable[[Any, Any, Any, str], Any]] = {
    "framing.terms.rates.term_rates": lambda c, d, m, p: fr.term_rates(d, ["gas"], period=p, n_boot=0),
    "framing.terms.rates.term_share": lambda c, d, m, p: fr.term_share(d, ["gas", "oil"], period=p, n_boot=0),
    "framing.topics.prevalence.topic_prevalence": lambda c, d, m, p: fr.topic_prevalence(m, period=p, n_boot=0),
    "framing.topics.prevalence.prevalence_differences":
        lambda c, d, m, p: fr.prevalence_differences(m, period=p, n_boot=0),
    "framing.terms.dictionaries.term_audit": lambda c, d, m, p: fr.term_audit(d, ["gas"], period=p),
    "framing.dtm.grouping.group_keys": lambda c, d, m, p: fr.dtm.group_keys(d.docs, "outlet", p),
    "framing.dtm.documents.documents_per_period": lambda c, d, m, p: fr.documents_per_period(c, period=p),
    "framing.widgets.topics.TopicOptions": lambda c, d, m, p: _period_picker(p),
    "framing.dtm.grouping.period_code": lambda c, d, m, p: fr.dtm.period_code(p),
    "framing.validation.sampling.draw_coding_sample": lambda c, d, m, p: fr.draw_coding_sample(c, 1, period=p).df,
    "framing.topics.slices.topic_wording": lambda c, d, m, p: fr.topic_wording(m, period=p, n=2),
    "framing.embeddings.scaling.scale_documents":
        lambda c, d, m, p: fr.scale_documents(c, {"gas": 1, "oil": -1}, period=p, k=3, min_freq=1, n_boot=0).groups,
}
"""How to call each public callable that takes ``period``."""
FREQUENCY = {"D": "D", "W": "W-SUN", "M": "M", "Q": "Q", "Y": "Y"}  # pandas periods; weeks end on Sunday


PERIOD_ON_A_CLUSTER = {
    "framing.distributed.terms.dask_term_rates": "tests/test_distributed_terms.py::test_period_is_the_one_list",
    "framing.distributed.terms.dask_term_share": "tests/test_distributed_terms.py::test_period_is_the_one_list",
}
"""Callables with a ``period`` that need a Dask cluster: checked where the session's cluster is, as named."""


def test_every_callable_with_a_period_is_checked_here():
    assert {q for q, _ in parameters("period")} == set(PERIOD_CALLS) | set(PERIOD_ON_A_CLUSTER)


@pytest.mark.parametrize("qual", sorted(PERIOD_CALLS))
def test_period_accepts_exactly_the_one_list(qual, corpus, dtm, model):
    accepted = sorted(fr.dtm.PERIODS)
    assert set(accepted) == {"D", "W", "M", "Q", "Y", "day", "week", "month", "quarter", "year"}
    call = PERIOD_CALLS[qual]
    for period in accepted:
        code = fr.dtm.period_code(period)
        out = call(corpus, dtm, model, period)
        if isinstance(out, str):  # the vocabulary itself, and a view's period picker, give the code
            assert out == code
            continue
        dates = corpus.df["date"]
        starts = set(pd.period_range(dates.min(), dates.max(), freq=FREQUENCY[code]).start_time)
        assert set(out["period"]) and set(out["period"]) <= starts, (qual, period)
    for bad in ("fortnight", "m", "months", "2W"):
        with pytest.raises(fr.ArgumentError, match=rf"unknown period '{bad}'; use one of D \(day\), W \(week\)"):
            call(corpus, dtm, model, bad)


def test_period_choices_of_figures_commands_and_views_come_from_the_one_list():
    from framing.cli import build_parser
    from framing.figures import KINDS
    from framing.widgets.controls import period_picker

    codes, accepted = set(fr.dtm.PERIOD_CODES), set(fr.dtm.PERIODS)
    for name, kind in KINDS.items():
        if "period" in kind.options:
            assert codes <= set(kind.options["period"].choices) <= accepted, name
    parser = build_parser()
    for period in accepted:
        assert fr.dtm.period_code(parser.parse_args(["terms", "c.csv", "x", "--period", period]).period) in codes
    assert {value for _, value in period_picker().options} == codes


# --- tables: pairs, intervals ------------------------------------------------------------------------
def test_pairwise_tables_carry_group_a_and_group_b(dtm, corpus, model):
    rest = fr.keyness(dtm, target="alpha.example", min_freq=1)
    each = fr.keyness(dtm, reference="each", min_freq=1)
    named = fr.keyness(dtm, target=["alpha.example", "beta.example"], reference="gamma.example", min_freq=1)
    for table in (rest, each, named):
        assert list(table.columns[:3]) == ["group_a", "group_b", "term"]
        assert {"target", "reference", "a", "b"}.isdisjoint(table.columns)
        sides = [c for c in table.columns if c.endswith(("_a", "_b"))]
        assert sides == ["group_a", "group_b", "count_a", "count_b", "tokens_a", "tokens_b", "per_10k_a", "per_10k_b"]
    assert set(rest["group_b"]) == {"rest"}
    assert each[["group_a", "group_b"]].drop_duplicates().values.tolist() == [
        ["alpha.example", "beta.example"], ["alpha.example", "gamma.example"], ["beta.example", "gamma.example"]]
    assert set(named["group_a"]) == {"alpha.example + beta.example"} and set(named["group_b"]) == {"gamma.example"}
    coll = fr.compare_collocates(corpus, "gas", group_a="alpha.example", group_b="beta.example", min_freq=1)
    assert list(coll.columns[:4]) == ["group_a", "group_b", "node", "collocate"]
    assert set(coll["group_a"]) == {"alpha.example"} and set(coll["group_b"]) == {"beta.example"}
    diffs = fr.prevalence_differences(model, n_boot=20)
    assert list(diffs.columns) == ["group_a", "group_b", "topic", "difference", "difference_lo", "difference_hi"]
    by_month = fr.prevalence_differences(model, period="M", n_boot=0)
    assert list(by_month.columns) == ["group_a", "group_b", "period", "topic", "difference", "difference_lo",
                                      "difference_hi"]


def _intervals_are_named_for_their_statistic(table: pd.DataFrame) -> list[str]:
    """The statistics that have an interval; fails on a bare lo/hi or a half interval."""
    assert not {"lo", "hi"} & set(table.columns)
    stats = [c[:-3] for c in table.columns if c.endswith("_lo")]
    for stat in stats:
        assert stat in table and f"{stat}_hi" in table, stat
        assert list(table.columns).index(f"{stat}_lo") == list(table.columns).index(stat) + 1
    assert len([c for c in table.columns if c.endswith("_hi")]) == len(stats)
    return stats


def test_interval_columns_are_stat_lo_and_stat_hi(dtm, model):
    assert _intervals_are_named_for_their_statistic(fr.term_rates(dtm, ["gas"], n_boot=20)) == ["per_10k", "doc_share"]
    assert _intervals_are_named_for_their_statistic(fr.term_share(dtm, ["gas", "oil"], n_boot=20)) == ["share"]
    assert _intervals_are_named_for_their_statistic(fr.topic_prevalence(model, n_boot=20)) == ["prevalence"]
    assert _intervals_are_named_for_their_statistic(fr.prevalence_differences(model, n_boot=20)) == ["difference"]


# --- errors -------------------------------------------------------------------------------------------
BOOTSTRAPPED = {
    "term_rates": lambda d, m, **kw: fr.term_rates(d, ["gas"], **kw),
    "term_share": lambda d, m, **kw: fr.term_share(d, ["gas", "oil"], **kw),
    "topic_prevalence": lambda d, m, **kw: fr.topic_prevalence(m, **kw),
    "prevalence_differences": lambda d, m, **kw: fr.prevalence_differences(m, **kw),
}


@pytest.mark.parametrize("name", sorted(BOOTSTRAPPED))
def test_a_bad_bootstrap_argument_is_the_same_error_everywhere(name, dtm, model):
    call = BOOTSTRAPPED[name]
    with pytest.raises(fr.ArgumentError, match=r"n_boot must be a whole number ≥ 0 \(0 = no intervals\), got -1"):
        call(dtm, model, n_boot=-1)
    with pytest.raises(fr.ArgumentError, match=r"ci must be between 0 and 1 \(e\.g\. 0\.95\), got 95"):
        call(dtm, model, ci=95)


def test_bad_argument_values_are_argument_errors(dtm, corpus):
    with pytest.raises(fr.ArgumentError, match=r"unknown keyness measure 'tfidf'"):
        fr.keyness(dtm, measure="tfidf")
    with pytest.raises(fr.ArgumentError, match=r"unknown collocation measure 'mi'"):
        fr.collocates(corpus, "gas", measure="mi")
    with pytest.raises(fr.ArgumentError, match=r"k=1: a topic model needs a whole number of at least 2 topics"):
        fr.fit_topics(dtm, 1, progress=False)
    with pytest.raises(fr.ArgumentError, match=r"sort must be one of"):
        fr.kwic(corpus, "gas", sort="middle")
    assert issubclass(fr.ArgumentError, fr.FramingError) and issubclass(fr.ArgumentError, ValueError)


# --- deprecated names warn and agree ------------------------------------------------------------------
def _warns_and_returns(message: str, call: Callable[[], Any]) -> Any:
    """``call()``, which must warn ``message`` (a regex); every warning it gives is a dated DeprecationWarning."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = call()
    assert caught and all(w.category is DeprecationWarning and "framing 0.4" in str(w.message) for w in caught)
    assert any(re.search(message, str(w.message)) for w in caught), [str(w.message) for w in caught]
    return result


def test_compare_collocates_a_and_b_are_group_a_and_group_b(corpus):
    new = fr.compare_collocates(corpus, "gas", group_a="alpha.example", group_b="beta.example", min_freq=1)
    old = _warns_and_returns(r"compare_collocates\(a=\.\.\.\) is deprecated: use compare_collocates\(group_a=",
                             lambda: fr.compare_collocates(corpus, "gas", a="alpha.example", b="beta.example",
                                                           min_freq=1))
    pd.testing.assert_frame_equal(old, new)
    with pytest.raises(TypeError, match=r"got a= and group_a=; a is the deprecated name of group_a"):
        fr.compare_collocates(corpus, "gas", a="alpha.example", group_a="alpha.example", group_b="beta.example")


@pytest.mark.parametrize("name", ["topic_prevalence", "prevalence_differences"])
def test_level_is_ci(name, model):
    call = getattr(fr, name)
    new = call(model, n_boot=50, ci=0.9)
    old = _warns_and_returns(rf"{name}\(level=\.\.\.\) is deprecated: use {name}\(ci=\.\.\.\)",
                             lambda: call(model, n_boot=50, level=0.9))
    pd.testing.assert_frame_equal(old, new)
    assert not new.equals(call(model, n_boot=50, ci=0.5))  # the level reached the intervals


def test_fit_topics_loose_settings_are_lda_options(dtm):
    new = fr.fit_topics(dtm, 2, seed=3, options=fr.LdaOptions(passes=2, iterations=20), progress=False)
    old = _warns_and_returns(r"fit_topics\(passes=2, iterations=20\) is deprecated: use "
                             r"fit_topics\(\.\.\., options=LdaOptions\(passes=2, iterations=20\)\)",
                             lambda: fr.fit_topics(dtm, 2, seed=3, passes=2, iterations=20, progress=False))
    assert np.array_equal(old.topic_term_, new.topic_term_) and old.options == new.options
    with pytest.raises(fr.ArgumentError, match=r"give the gensim settings in options=LdaOptions\(\.\.\.\) only"):
        fr.fit_topics(dtm, 2, options=fr.LdaOptions(), passes=2, progress=False)
    with pytest.raises(TypeError, match=r"fit_topics\(\) got an unexpected keyword argument 'pases'"):
        fr.fit_topics(dtm, 2, pases=2, progress=False)


def test_fit_on_sample_loose_settings_are_lda_options(dtm):
    from framing.topics.inference import fit_on_sample

    new = fit_on_sample(dtm, 2, sample=30, seed=2, options=fr.LdaOptions(passes=1), progress=False)
    old = _warns_and_returns(r"fit_on_sample\(passes=1\) is deprecated",
                             lambda: fit_on_sample(dtm, 2, sample=30, seed=2, passes=1, progress=False))
    assert np.array_equal(old.topic_term_, new.topic_term_)


def test_which_topics_is_term_topics(model):
    new = model.term_topics(["gas", "tank*"])
    old = _warns_and_returns(r"TopicModel\.which_topics is deprecated: use TopicModel\.term_topics",
                             lambda: model.which_topics(["gas", "tank*"]))
    pd.testing.assert_frame_equal(old, new)


def test_options_that_became_keyword_only_still_work_by_position(corpus):
    from framing.corpus.text import TextOptions, to_latin
    from framing.dtm import corpus_tokens

    old_latin = _warns_and_returns(r"passing language to to_latin\(\) by position is deprecated: use "
                                   r"to_latin\(\.\.\., language=\.\.\.\)", lambda: to_latin("С́утра", "me"))
    assert old_latin == to_latin("С́утра", language="me") == "Śutra"
    options = TextOptions(transliterate="never")
    old = _warns_and_returns(r"passing options to corpus_tokens\(\) by position",
                             lambda: corpus_tokens(corpus, options))
    new = corpus_tokens(corpus, options=options)
    assert np.array_equal(old.ids, new.ids) and np.array_equal(old.offsets, new.offsets)
    with pytest.raises(TypeError, match=r"to_latin\(\) takes 1 positional arguments but 3 were given"):
        to_latin("x", "sr", "extra")


@pytest.mark.parametrize(("kind", "old", "new"), [
    ('kind = "collocates"\npattern = "gas"\n', 'a = "x"\nb = "y"\n', 'group_a = "x"\ngroup_b = "y"\n'),
    ('kind = "topic_prevalence"\nk = 3\n', "level = 0.9\n", "ci = 0.9\n"),
])
def test_figure_options_keep_their_old_names_with_a_warning(tmp_path: Path, kind: str, old: str, new: str):
    from framing.figures import load_config, resolve

    def spec(fields: str) -> Any:
        path = tmp_path / "figs.toml"
        path.write_text(f'[figures.f]\ncorpus = "c.csv"\n{kind}{fields}', encoding="utf-8")
        figset = load_config(path)
        return resolve(figset, figset.entries[0])

    first = old.split(" =")[0]
    renamed = _warns_and_returns(rf"figs\.toml:\d+: figure 'f': option '{first}' is deprecated: use '",
                                 lambda: spec(old))
    assert renamed.options == spec(new).options
    with pytest.raises(fr.ConfigError, match=rf"'{first}' is the old name of option"):
        spec(old + new)


def test_renamed_keywords_refuses_a_target_that_does_not_exist():
    with pytest.raises(TypeError, match=r"has no parameter 'ci' to rename to"):
        renamed_keywords(level="ci")(lambda *, coverage=0.95: coverage)
