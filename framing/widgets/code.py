"""The code that reproduces a view: what its "Copy code" button gives.

:func:`code_for` turns a view's state (schemas in :mod:`framing.widgets.recipe`) into a
script of framing calls that a user can paste into a notebook or a file:

1. load the documents (``fr.load_corpus(name)`` or ``fr.read(path, ...)``) and check their
   :attr:`~framing.Corpus.fingerprint`, so documents read otherwise fail loudly instead of
   giving other numbers (documents the view got from memory: the code expects them in
   ``corpus``);
2. select outlets and dates (``corpus.filter``) as the view's controls do;
3. compute each table the view shows, in a variable named as the view's output — ``rates``,
   ``over_time``, ``kwic``, ``collocates`` (terms); ``keyness``, ``kwic`` (keyness); ``terms``,
   ``prevalence``, ``over_time``, ``documents`` (topics) — equal to ``view.tables[name]``;
   ``kwic`` holds every line of the chosen term in the selection (in the order of
   :func:`framing.kwic`), of which the view's lines — after a drill-down to one outlet or a
   collocate — are a part;
4. draw each figure with :mod:`framing.viz.plots` in the journal style
   (:func:`framing.viz.render.clean_style`) and save it as a 300 dpi PDF named by
   :func:`framing.widgets.recipe.file_stem`.

Every value is written as a Python literal (``repr``), so patterns, outlets and paths in any
script, with quotes or backslashes, come out as the same strings.

>>> print(code_for("keyness", {"corpus": "ukraine-2022", "target": "kremlin.ru", "n": 10}))
import framing as fr
from framing.viz.plots import plot_keyness
from framing.viz.render import clean_style, new_figure
<BLANKLINE>
corpus = fr.load_corpus('ukraine-2022')
matrix = fr.document_term_matrix(corpus, ngrams=1, stopwords='auto')
in_dates = corpus
result = fr.keyness(matrix, by='outlet', target='kremlin.ru', reference='rest', measure='log_odds', min_freq=5)
keyness = result
<BLANKLINE>
with clean_style():  # the journal style: fonts, sizes; saved at 300 dpi
    fig = new_figure(width='single', aspect=1.0)
    plot_keyness(result, n=10, stat='log_odds_z', ax=fig.subplots())
    fig.savefig('keyness_kremlin.ru-vs-rest_log_odds.pdf', dpi=300)
<BLANKLINE>
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from framing._infra.errors import ArgumentError
from framing.dtm.grouping import PERIOD_NAMES
from framing.widgets.recipe import VIEW_NAMES, file_stem

MATRIX_DEFAULTS = {"ngrams": 1, "stopwords": None, "min_df": 1, "max_df": 1.0, "ngram_min_df": 1}
"""Defaults of :func:`framing.document_term_matrix`: the code passes only the options that differ."""
ASCENDING = {"term", "q"}
"""Sort columns of the keyness table in ascending order (as :class:`~framing.widgets.KeynessExplorer`)."""


def _head(plots: Sequence[str]) -> list[str]:
    return ["import framing as fr", f"from framing.viz.plots import {', '.join(plots)}",
            "from framing.viz.render import clean_style, new_figure", ""]


def _load(state: Mapping[str, Any]) -> list[str]:
    """Lines that put the view's documents in ``corpus`` and check their fingerprint."""
    from framing.corpus.catalog import known_corpora

    spec = state.get("corpus")
    if spec is None:
        lines = ["# The view was given documents made in this session: put them in `corpus` first."]
    elif isinstance(spec, Mapping):
        options = {k: v for k, v in spec.items() if k != "path"}
        named = all(k.isidentifier() for k in options)
        args = "".join(f", {k}={v!r}" for k, v in options.items()) if named else f", **{options!r}"
        lines = [f"corpus = fr.read({spec['path']!r}{args})"]
    elif spec in known_corpora():
        lines = [f"corpus = fr.load_corpus({spec!r})"]
    else:
        lines = [f"corpus = fr.read({spec!r})"]
    if state.get("fingerprint"):
        lines += [f"if corpus.fingerprint != {state['fingerprint']!r}:",
                  "    raise fr.CorpusError('these are not the documents the view showed: read them as you did for the view')"]
    return lines


def _filter(name: str, source: str, **bounds: Any) -> str:
    args = ", ".join(f"{k}={v!r}" for k, v in bounds.items() if v is not None)
    return f"{name} = {source}.filter({args})" if args else f"{name} = {source}"


def _figures(figures: Sequence[tuple[str, float, str, str]]) -> list[str]:
    """Draw and save each ``(width, aspect, drawing call, file stem)`` in the journal style."""
    lines = ["", "with clean_style():  # the journal style: fonts, sizes; saved at 300 dpi"]
    for width, aspect, call, stem in figures:
        lines += [f"    fig = new_figure(width={width!r}, aspect={aspect!r})", f"    {call}",
                  f"    fig.savefig({stem + '.pdf'!r}, dpi=300)"]
    return lines


def _terms(state: Mapping[str, Any]) -> list[str]:
    o = state.get("options") or {}
    term, unit, period = state.get("term"), state.get("unit", "per_10k"), state.get("period", "M")
    boot = f"n_boot={o.get('n_boot', 200)!r}, ci={o.get('ci', 0.95)!r}, seed={o.get('seed', 1)!r}"
    lines = [*_head(["plot_rates", "plot_rates_over_time"]), *_load(state),
             _filter("in_dates", "corpus", start=state.get("start"), end=state.get("end")),
             _filter("selected", "in_dates", outlets=state.get("outlets"))]
    if state.get("concept") and state.get("dictionary"):
        lines.append(f"patterns = [p for p in fr.load_dictionary({state['dictionary']!r}).to_patterns() "
                     f"if p.name == {state['concept']!r}]")
        chosen = "patterns"
    else:
        lines.append(f"patterns = {dict(state.get('patterns') or {})!r}")
        chosen = f"{{{term!r}: patterns[{term!r}]}}"
    ngrams = o.get("ngrams", 1)
    counted = "selected" if ngrams == 1 else f"fr.document_term_matrix(selected, ngrams={ngrams!r})"
    lines += ["", "# rates by outlet: per 10,000 tokens and share of documents, with intervals",
              f"rates = fr.term_rates({counted}, patterns, by='outlet', {boot})"]
    figures = [("single", 0.62, f"plot_rates(rates, measure={unit!r}, ax=fig.subplots())",
                file_stem("terms", "rates", state))]
    if term:
        lines += [f"# rates per {PERIOD_NAMES.get(period, period)} of every pattern (the time plot draws {term!r})",
                  f"over_time = fr.term_rates({counted}, patterns, by='outlet', period={period!r}, {boot})",
                  f"chosen = {chosen}", f"# every concordance line of {term!r} in the selection",
                  f"kwic = fr.kwic(selected, chosen, window={o.get('window', 8)!r}, by='outlet')",
                  "# its top collocates per outlet: logDice within 5 words, counted in the date range",
                  "collocates = fr.collocates(in_dates, chosen, by='outlet', window=5, measure='logdice')",
                  "collocates = collocates[collocates['outlet'].isin(selected.outlets)]",
                  f"collocates = collocates.groupby('outlet', sort=False).head({o.get('collocates', 8)!r})"
                  ".reset_index(drop=True)"]
        events = dict(o["events"]) if o.get("events") is not None else None
        figures.append(("double", 0.4, f"plot_rates_over_time(over_time, pattern={term!r}, measure={unit!r}, "
                                       f"events={events!r}, ax=fig.subplots())", file_stem("terms", "over_time", state)))
    return lines + _figures(figures)


def _keyness(state: Mapping[str, Any]) -> list[str]:
    o = state.get("options") or {}
    target, reference, sort, term = state.get("target"), state.get("reference", "rest"), state.get("sort"), state.get("term")
    measure = state.get("measure", "log_odds")
    lines = [*_head(["plot_keyness"]), *_load(state),
             f"matrix = fr.document_term_matrix(corpus, ngrams={o.get('ngrams', 1)!r}, "
             f"stopwords={o.get('stopwords', 'auto')!r})",
             _filter("in_dates", "corpus", start=state.get("start"), end=state.get("end"))]
    if state.get("start") or state.get("end"):
        lines += ["# the matrix of every document cut to the dates, as the view does ('auto' stopwords follow "
                  "the languages of the whole corpus)",
                  "matrix = matrix.subset(matrix.docs['doc_id'].isin(in_dates.df['doc_id']).to_numpy())"]
    lines.append(f"result = fr.keyness(matrix, by='outlet', target={target!r}, reference={reference!r}, "
                 f"measure={measure!r}, min_freq={state.get('min_freq', 5)!r})")
    if sort is None:
        lines.append("keyness = result")
    else:  # q ties at 0 once p underflows: log10_p orders those, as in the view
        by = [sort, "log10_p"] if sort == "q" else [sort]
        lines.append(f"keyness = result.sort_values({by!r}, ascending={sort in ASCENDING}, kind='stable', "
                     "ignore_index=True)")
    if term:
        compared = "in_dates" if reference == "rest" else f"in_dates.filter(outlets={[target, reference]!r})"
        lines += [f"# the concordance of {term!r} in the compared outlets: every line",
                  f"kwic = fr.kwic({compared}, [{term!r}], window={o.get('window', 8)!r}, by='outlet')"]
    stat = {"log_odds": "log_odds_z"}.get(measure, measure)
    return lines + _figures([("single", 1.0, f"plot_keyness(result, n={state.get('n', 15)!r}, stat={stat!r}, "
                                             "ax=fig.subplots())", file_stem("keyness", "keyness", state))])


def _arguments(values: Mapping[str, Any], defaults: Mapping[str, Any]) -> str:
    return "".join(f", {k}={v!r}" for k, v in values.items() if k in defaults and v != defaults[k])


def _topics(state: Mapping[str, Any]) -> list[str]:
    from framing.corpus.text import TextOptions
    from framing.topics.model import LdaOptions

    o, model = state.get("options") or {}, state.get("model") or {}
    if model.get("seeded"):
        raise ArgumentError("the topic model was fitted with seed words (fit_topics(seed_words=...)), which Copy "
                            "code cannot rebuild: save it with model.save(folder) and load it with "
                            "fr.load_topics(folder, matrix)")
    text = _arguments(model.get("text", {}), dataclasses.asdict(TextOptions()))
    lda = _arguments(model.get("lda", {}), dataclasses.asdict(LdaOptions()))
    boot = f"n_boot={o.get('n_boot', 200)!r}, seed={o.get('seed', 1)!r}"
    lines = [*_head(["plot_prevalence_time", "plot_rates", "plot_top_terms"]), *_load(state),
             f"matrix = fr.document_term_matrix(corpus{_arguments(model.get('matrix', {}), MATRIX_DEFAULTS)}"
             + (f", text=fr.TextOptions({text.removeprefix(', ')})" if text else "") + ")"]
    if not model.get("reproducible", True):
        lines.append("# the view's model was fitted by several workers (LdaMulticore), which no seed reproduces: "
                     "this fit (one worker) differs from it")
    lines += [f"model = fr.fit_topics(matrix, {model.get('k')!r}, seed={model.get('seed', 1)!r}"
              + (f", options=fr.LdaOptions({lda.removeprefix(', ')})" if lda else "") + ", progress=False)",
              f"topic = {state.get('topic')!r}",
              "label = model.labels(n=3).set_index('topic').loc[topic, 'label']",
              f"ranked = model.terms({o.get('n_terms', 10)!r}, relevance={state.get('relevance', 0.6)!r})",
              "terms = ranked[ranked['topic'] == topic].reset_index(drop=True)",
              f"by_outlet = fr.topic_prevalence(model, by='outlet', {boot})",
              "prevalence = by_outlet[by_outlet['topic'] == topic].reset_index(drop=True)",
              f"over_time = fr.topic_prevalence(model, by='outlet', period={state.get('period', 'M')!r}, {boot})",
              "over_time = over_time[over_time['topic'] == topic].reset_index(drop=True)",
              f"documents = model.documents(topic, n={o.get('n_docs', 8)!r}).drop(columns=['topic'])"]
    return lines + _figures([
        ("single", 0.9, "plot_top_terms(terms, value='prob', topics=[topic], ncols=1, fig=fig)",
         file_stem("topics", "terms", state)),
        ("single", 0.45, "plot_rates(prevalence.assign(pattern=label), measure='prevalence', ax=fig.subplots())",
         file_stem("topics", "prevalence", state)),
        ("double", 0.4, "plot_prevalence_time(over_time, topic=topic, ax=fig.subplots())",
         file_stem("topics", "over_time", state))])


def code_for(view: str, state: Mapping[str, Any]) -> str:
    """Python code of framing calls that computes and draws what ``view`` shows in ``state``.

    Raises:
        ArgumentError: a view other than terms, keyness and topics; a topic model fitted with
            seed words (the code cannot rebuild those).
    """
    builders = {"terms": _terms, "keyness": _keyness, "topics": _topics}
    if view not in builders:
        raise ArgumentError(f"Copy code knows the {VIEW_NAMES} views, not {view!r}")
    return "\n".join(builders[view](state)) + "\n"
