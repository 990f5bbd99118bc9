"""The code that reproduces a view: what its "Copy code" button gives.

:func:`code_for` turns a view's state (schemas in :mod:`framing.widgets.recipe`) into a
script of framing calls that a user can paste into a notebook or a file:

1. load the documents (``fr.load_corpus(name)`` or ``fr.read(path, ...)``) and check their
   :attr:`~framing.Corpus.fingerprint`, so documents read otherwise fail loudly instead of
   giving other numbers (documents the view got from memory: the code expects them in
   ``corpus``);
2. select outlets and dates (``corpus.filter``) as the view's controls do;
3. compute each table the view shows, in a variable named as the view's output — ``rates``,
   ``over_time``, ``collocates`` (terms); ``keyness`` (keyness, its matrix with the spelling
   variants merged and the Leave out terms dropped when the view does so: ``variants``,
   :func:`framing.terms.variants.merge_variants`, :func:`framing.terms.stoplist.drop_terms`);
   ``terms``, ``prevalence``, ``over_time``, ``documents`` (topics) — equal to ``view.tables[name]``;
4. reproduce the concordance panel (:class:`~framing.widgets.context.ContextPanel`) of any view as
   it stands after the drill-downs: ``kwic``, every line it holds (outlets, dates, documents,
   the collocate ``near`` and the sort chosen; :func:`framing.terms.kwic.matrix_lines`,
   :func:`~framing.terms.kwic.lines_near`, :func:`~framing.terms.kwic.sort_lines`), equal to
   ``view.context.lines``; and the document opened: ``document`` (its row of the corpus) and
   ``marked`` (the ``(start, end)`` offsets of the matches marked, ``view.context.document.spans``);
5. draw each figure with :mod:`framing.viz.plots` in the journal style
   (:func:`framing.viz.render.clean_style`) and save it as a 300 dpi PDF named by
   :func:`framing.widgets.recipe.file_stem`.

Every value is written as a Python literal (``repr``, never formatted into the code as text), so
patterns, outlets, paths, variant pairs and Leave out lists in any script, with quotes,
backslashes, newlines or triple quotes, come out as the same strings.

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


def _head(plots: Sequence[str], *imports: str) -> list[str]:
    return ["import framing as fr", *sorted(imports), f"from framing.viz.plots import {', '.join(plots)}",
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


def _context(state: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """The import and the lines that reproduce the concordance panel: ``kwic``, every line it shows in its
    order, and ``document``, the row of the document opened, with ``marked``, the character offsets
    ``(start, end)`` of the matches it marks (as :class:`~framing.widgets.context.ContextPanel` finds them)."""
    from framing.widgets.context import NEAR_WINDOW

    lines, document = state.get("lines"), state.get("document")
    if not lines and not document:
        return [], []
    names = {"matrix_lines"} | ({"sort_lines"} if lines else set()) | \
        ({"lines_near"} if lines and lines.get("near") is not None else set())
    code = ["", "# the concordance panel: its lines are read from the documents that the matrix of every "
                "document says hold the pattern",
            "whole = fr.document_term_matrix(corpus)"]
    if lines:
        code += ["# every line the panel shows (its page is a part of them), in its order",
                 _filter("shown", "corpus", outlets=lines.get("outlets"), start=lines.get("start"),
                         end=lines.get("end"), doc_ids=lines.get("doc_ids")),
                 "rows = corpus.df['doc_id'].isin(shown.df['doc_id']).to_numpy().nonzero()[0]",
                 f"found = matrix_lines(corpus, whole, {dict(lines['pattern'])!r}, rows=rows, "
                 f"window={lines.get('window', 8)!r})"]
        if lines.get("near") is not None:
            code.append(f"found = lines_near(found, {lines['near']!r}, window={NEAR_WINDOW!r})  "
                        f"# the lines of a collocate: it is within {NEAR_WINDOW} words of the match")
        code.append(f"kwic = sort_lines(found, {lines.get('sort', 'document')!r})")
    if document:
        code += ["# the document opened: its row, and the matches marked in its text",
                 f"doc_id = {document['doc_id']!r}",
                 "document = corpus.df[corpus.df['doc_id'] == doc_id].reset_index(drop=True)"]
        if document.get("pattern"):
            code += [f"marked = matrix_lines(corpus, whole, {dict(document['pattern'])!r}, "
                     "rows=(corpus.df['doc_id'] == doc_id).to_numpy().nonzero()[0], window=0)",
                     "marked = sorted(set(zip(marked['start'].tolist(), marked['end'].tolist())))"]
    return [f"from framing.terms.kwic import {', '.join(sorted(names))}"], code


def _variants(state: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """The imports and the lines that merge the spelling variants and drop the Leave out terms from ``matrix``,
    as :meth:`framing.widgets.keyness.KeynessExplorer.matrix` does."""
    imports, code = [], []
    if state.get("variants"):
        pairs = state.get("variant_pairs") or ""
        typed = bool(pairs.strip())
        extra = f"extra=parse_variants({pairs!r}, source='Variants box')" if typed else ""
        imports.append("from framing.terms.variants import load_variants, merge_variants"
                       + (", parse_variants" if typed else ""))
        code += ["# spelling variants merged into one term: the shipped en-GB/en-US and transliteration tables"
                 + (", and the pairs typed in the Variants box" if typed else ""),
                 f"variants = load_variants({extra})",
                 "matrix = merge_variants(matrix, variants)"]
    leave = state.get("leave_out") or ""
    if leave.strip():
        imports.append("from framing.terms.stoplist import drop_terms, parse_term_list")
        code += ["# the terms of the Leave out box dropped (with the n-grams that start or end with one of its words)",
                 f"matrix = drop_terms(matrix, parse_term_list({leave!r}))"]
    return imports, code


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
    imports, context = _context(state)
    lines = [*_head(["plot_rates", "plot_rates_over_time"], *imports), *_load(state),
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
                  f"chosen = {chosen}",
                  "# its top collocates per outlet: logDice within 5 words, counted in the date range",
                  "collocates = fr.collocates(in_dates, chosen, by='outlet', window=5, measure='logdice')",
                  "collocates = collocates[collocates['outlet'].isin(selected.outlets)]",
                  f"collocates = collocates.groupby('outlet', sort=False).head({o.get('collocates', 8)!r})"
                  ".reset_index(drop=True)"]
        events = dict(o["events"]) if o.get("events") is not None else None
        figures.append(("double", 0.4, f"plot_rates_over_time(over_time, pattern={term!r}, measure={unit!r}, "
                                       f"events={events!r}, ax=fig.subplots())", file_stem("terms", "over_time", state)))
    return lines + context + _figures(figures)


def _keyness(state: Mapping[str, Any]) -> list[str]:
    o = state.get("options") or {}
    target, reference, sort = state.get("target"), state.get("reference", "rest"), state.get("sort")
    measure = state.get("measure", "log_odds")
    (context_imports, context), (edit_imports, edits) = _context(state), _variants(state)
    lines = [*_head(["plot_keyness"], *context_imports, *edit_imports), *_load(state),
             f"matrix = fr.document_term_matrix(corpus, ngrams={o.get('ngrams', 1)!r}, "
             f"stopwords={o.get('stopwords', 'auto')!r})", *edits,
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
    stat = {"log_odds": "log_odds_z"}.get(measure, measure)
    return lines + context + _figures([("single", 1.0, f"plot_keyness(result, n={state.get('n', 15)!r}, stat={stat!r}, "
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
    imports, context = _context(state)
    lines = [*_head(["plot_prevalence_time", "plot_rates", "plot_top_terms"], *imports), *_load(state),
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
    return lines + context + _figures([
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
