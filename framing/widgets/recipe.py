"""What a view shows, as a recipe: its state, the names of its files, its figure config entries.

A view that can be reproduced (terms, keyness, topics) describes what it shows with
``view.state()``: a dict of plain values, the schema of each view below. From a state this
module makes the names of saved files (:func:`file_stem`) and the entries that "Add to figures
config" appends for ``framing figures`` (:func:`figure_entries`, :func:`add_to_config`);
:mod:`framing.widgets.code` makes the code that "Copy code" gives.

**State schemas.** Every state has ``corpus``, where the documents came from, as a figure
config's ``corpus`` field names them: a named corpus (``"ukraine-2022"``), the absolute path of a
file or folder, a table ``{"path": ..., <reading options of fr.read>}``, or ``None`` for
documents made in memory (:func:`corpus_spec` finds it from a Corpus); ``fingerprint``, the
:attr:`~framing.Corpus.fingerprint` of those documents (the generated code checks it; ``None``:
no check); and ``options``, ``dataclasses.asdict`` of the view's options. Dates are
``"YYYY-MM-DD"`` strings, ``None`` for no bound; ``outlets`` is ``None`` when every outlet is
selected (:func:`selection_state` gives the three).

``terms`` (:class:`~framing.widgets.TermExplorer`)::

    {"corpus": "ukraine-2022", "fingerprint": "3f2a…",
     "patterns": {"invasion": "invasion|invade*", "aggression": "aggression"},
     "dictionary": None, "concept": None,  # "ukraine", "INVASION" when the concept picker is used
     "outlets": ["kremlin.ru"], "start": "2022-01-01", "end": "2022-04-30",
     "unit": "per_10k", "period": "M", "term": "invasion",
     "options": {"ngrams": 1, "n_boot": 200, "ci": 0.95, "seed": 1, "window": 8, "lines": 25,
                 "collocates": 8, "events": None},
     "lines": {"pattern": {"invasion": "invasion|invade*"}, "outlets": ["kremlin.ru"],
               "start": "2022-01-01", "end": "2022-04-30", "doc_ids": None, "near": "brutal",
               "sort": "1L", "window": 8},
     "document": {"doc_id": "kremlin.ru-68011", "pattern": {"invasion": "invasion|invade*"}}}

``patterns`` maps each pattern's name to its text (:func:`pattern_texts`); it is ``None`` when
a concept is chosen and the dictionary is known by name or file (``dictionary``); a dictionary
given as an object is recorded through the concept's ``patterns`` instead. ``term`` is the
pattern of "Context of" (``None`` when none is chosen).

Every view with a concordance panel adds what it shows
(:meth:`framing.widgets.context.ContextPanel.state`), after the drill-downs: ``lines``, the
selection of its lines (``None``: no lines) — ``pattern`` (name → text), ``outlets`` (``None``:
all), ``start``/``end``, ``doc_ids`` (``None``: all; the documents of a topic), ``near`` (the
collocate picked: lines with it within 5 words), ``sort`` (AntConc's order,
:data:`framing.terms.kwic.LINE_SORTS`) and ``window``; and ``document``, the document opened
(``doc_id`` and the ``pattern`` marked, ``None``: none), or ``None``.

``keyness`` (:class:`~framing.widgets.KeynessExplorer`)::

    {"corpus": ..., "fingerprint": ...,
     "target": "kremlin.ru", "reference": "rest", "measure": "log_odds", "n": 15, "min_freq": 5,
     "start": "2022-01-01", "end": "2022-04-30", "sort": None, "term": "nato",
     "options": {"ngrams": 1, "stopwords": "auto", "n": 15, "min_freq": 5, "window": 8,
                 "lines": 10, "seed": 1},
     "variants": True, "variant_pairs": "kiev, kyiv\\nпрограмма, програма", "leave_out": "said, also",
     "lines": {...}, "document": {...}}

``sort`` is the column of "Sort table" (``None``: by the measure), ``term`` that of "Context of";
``variants`` whether spelling variants are merged, ``variant_pairs`` and ``leave_out`` the text of
the Variants and Leave out boxes, as typed.

``topics`` (:class:`~framing.widgets.TopicExplorer`)::

    {"corpus": ..., "fingerprint": <model.dtm.fingerprint>, "model": model_state(model),
     "topic": 2, "label": "2: gas, oil, prices", "relevance": 0.6, "period": "M",
     "options": {"n_terms": 10, "n_docs": 8, "relevance": 0.6, "period": "M", "n_boot": 200,
                 "seed": 1},
     "lines": {...}, "document": {...}}

``corpus`` is the corpus the model's matrix was made from (a TopicExplorer gets only the
model, so it must be told where its documents came from); ``model`` how it was made
(:func:`model_state`).

**File names.** :func:`file_stem` names a saved output from the state, fields joined by ``_``::

    rates_invasion-aggression_kremlin.ru_2022-01..2022-04     terms: rates by outlet
    over_time_invasion_kremlin.ru_2022-01..2022-04_per-month  terms: the time plot
    kwic_invasion_…  collocates_invasion_…                    terms: the tables
    keyness_kremlin.ru-vs-rest_log_odds_2022-01..2022-04      keyness (and kwic_nato_kremlin.ru-vs-rest_…)
    terms_topic2-of-10_lambda0.6   prevalence_topic2-of-10   over_time_topic2-of-10_per-month

Outlets are left out when all are selected (more than three: ``5-outlets``); a date range
covering whole months is written ``2022-01..2022-04``, else ``2022-01-03..2022-04-11`` (one
bound: ``from-2022-02``, ``to-2022-04``); a unit other than per 10,000 tokens is added
(``doc-share``). Other views, and views without a state,
keep ``<view>-<output>`` (``meaning-neighbours``). Names hold only ``A-Z a-z 0-9 . _ -``:
Cyrillic is transliterated (``вторжение`` → ``vtorzhenie``), accents dropped, other characters
become ``-``, a part with no Latin letter left becomes ``x`` and 8 hex digits of its SHA-256,
leading dots and dashes go, and a name longer than :data:`MAX_STEM` is cut and ends in the hash
of the whole, so two states never share a name by being cut.

**Figure config entries.** Each figure of a view that a figure kind draws becomes one entry,
named by its file stem::

    [figures."rates_invasion_kremlin.ru_2022-01..2022-04"]
    kind = "rates"
    corpus = "ukraine-2022"
    caption = "Rates of invasion by outlet, 2022-01-01 to 2022-04-30 (from the terms view)."
    seed = 1
    outlets = ["kremlin.ru"]
    start = "2022-01-01"
    end = "2022-04-30"
    patterns = {invasion = "invasion|invade*"}
    n_boot = 200
    ci = 0.95
    measure = "per_10k"

terms: ``rates`` → kind ``rates``, ``over_time`` → ``rates_over_time`` (``show`` = the chosen
pattern); keyness: ``keyness`` → ``keyness`` (with ``variants``, ``variant_pairs`` and
``leave_out`` when the view merges variants or leaves terms out); topics: ``prevalence`` →
``topic_prevalence`` (a heatmap of every topic by outlet, labelled as the view labels topics).
No kind draws the concordance or a document (text, not a figure), the top logDice collocates of
each outlet (the ``collocates`` kind compares two outlets), a topic's top terms or its
prevalence over time (no kind draws one topic of a model): :func:`figure_entries` lists them,
each with its reason, as ``missing``, and "Add to figures config" says so; "Copy code" computes
them. Two differences from the view remain by the
kinds' design: a keyness figure makes its matrix from the documents of its dates (``"auto"``
stopwords then follow the languages of those documents, the view's those of the whole corpus),
and a ``topic_prevalence`` figure uses its one ``seed`` (the model's) for the fit and the
bootstrap of the intervals.

>>> file_stem("terms", "rates", {"patterns": {"вторжение": "вторжени*"}, "outlets": ["kremlin.ru"],
...                              "start": "2022-01-01", "end": "2022-04-30"})
'rates_vtorzhenie_kremlin.ru_2022-01..2022-04'
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from framing._infra import toml
from framing._infra.atomic import write_text
from framing._infra.errors import ArgumentError, ConfigError
from framing.corpus.text import TextOptions
from framing.dtm.grouping import PERIOD_NAMES

if TYPE_CHECKING:
    from framing.corpus.corpus import Corpus
    from framing.dtm.patterns import Pattern
    from framing.topics.model import TopicModel
    from framing.widgets.controls import Selection

VIEWS = ("terms", "keyness", "topics")
"""The views whose state this module (and :mod:`framing.widgets.code`) understands."""
VIEW_NAMES = "terms, keyness and topics"
""":data:`VIEWS` in a sentence."""
MAX_STEM = 120
"""Longest file stem, in characters (file systems allow 255 bytes; the suffixes need a few)."""
TITLE = "Figures added from the framing views"
"""Title of a figure config created by :func:`add_to_config`."""
UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
UKRAINIAN = re.compile("[ҐґЄєІіЇї]")
LETTERS = str.maketrans({"đ": "dj", "Đ": "Dj", "ß": "ss", "æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "ł": "l",
                         "Ł": "L", "œ": "oe", "Œ": "Oe", "ı": "i", "þ": "th", "Þ": "Th", "ð": "d", "'": "", "’": ""})
"""Latin letters that Unicode does not decompose into an ASCII letter and an accent; apostrophes dropped."""


# --- building a state (for the views' state()) -------------------------------------------------
def corpus_spec(corpus: Corpus) -> str | None:
    """Where ``corpus`` came from, as a figure config names it: the name of a named corpus, the
    absolute path of the file or folder read, or ``None`` (made in memory, or read from several
    files). Reading options are not recorded by a Corpus: the generated code checks the
    fingerprint, so documents read with other options fail loudly instead of differing."""
    from framing.corpus.catalog import known_corpora

    source = corpus.report.source
    if source.startswith("corpus ") and source.removeprefix("corpus ") in known_corpora():
        return source.removeprefix("corpus ")
    path = Path(source).expanduser()
    return str(path.resolve()) if source and not source.startswith("<") and path.exists() else None


def selection_state(selection: Selection) -> dict[str, Any]:
    """``outlets`` (``None`` when every outlet is selected), ``start`` and ``end`` of a selection."""
    chosen = list(selection.outlets.value)
    everyone = set(chosen) == set(selection.outlets.options)
    day = lambda value: None if value is None else value.isoformat()  # noqa: E731
    return {"outlets": None if everyone else chosen, "start": day(selection.start.value),
            "end": day(selection.end.value)}


def pattern_texts(patterns: Sequence[Pattern]) -> dict[str, str]:
    """Each pattern's name → its alternatives joined by a vertical bar (``lemma:`` kept), as typed.

    >>> from framing.dtm.patterns import compile_patterns
    >>> pattern_texts(compile_patterns({"invasion": "invasion|invade*", "SMO": "lemma:military operation"}))
    {'invasion': 'invasion|invade*', 'SMO': 'lemma:military operation'}
    """
    return {p.name: "|".join(("lemma:" if a.lemma else "") + a.text for a in p.alternatives) for p in patterns}


def model_state(model: TopicModel) -> dict[str, Any]:
    """How ``model`` was made: ``k``, ``seed``, its matrix options (``matrix``: ngrams, stopwords,
    min_df, max_df, ngram_min_df; ``text``: the tokenisation options), its gensim settings
    (``lda``), and whether it was ``seeded`` with frame words or not ``reproducible``."""
    options = model.dtm.options
    stopwords = list(options.stopwords) if isinstance(options.stopwords, tuple) else options.stopwords
    return {"k": model.k, "seed": model.seed,
            "matrix": {"ngrams": options.ngrams, "stopwords": stopwords, "min_df": options.min_df,
                       "max_df": options.max_df, "ngram_min_df": options.ngram_min_df},
            "text": dataclasses.asdict(options.text), "lda": dataclasses.asdict(model.options),
            "seeded": model.seeding is not None, "reproducible": model.reproducible}


# --- file names ---------------------------------------------------------------------------------
def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def ascii_name(text: str) -> str:
    """``text`` with only ASCII letters, digits, dots, underscores and hyphens: transliterated, others as ``-``.

    >>> ascii_name("Україна / Ђурђевдан"), ascii_name("../etc"), ascii_name("戦争")
    ('Ukrajina-Djurdjevdan', 'etc', 'x9558885f')
    """
    import cyrtranslit

    # Russian or Ukrainian rules first, then Serbian for the letters they lack (ђ, ћ, љ, њ, џ, ј).
    latin = cyrtranslit.to_latin(text, "ua" if UKRAINIAN.search(text) else "ru")
    latin = unicodedata.normalize("NFKD", cyrtranslit.to_latin(latin, "sr").translate(LETTERS))
    plain = "".join(c for c in latin if not unicodedata.combining(c))
    safe = UNSAFE.sub("-", plain).strip(".-")
    return safe or (f"x{_hash(text)}" if text.strip() else "")


def _months(start: str | None, end: str | None) -> str:
    """``2022-01..2022-04`` for whole months, else the days; ``from-…``/``to-…`` with one bound; ``""`` without."""
    if not start and not end:
        return ""
    try:
        first, last = (None if not d or pd.isna(t := pd.Timestamp(d)) else t for d in (start, end))
    except (ValueError, TypeError):
        return f"{ascii_name(str(start or ''))}..{ascii_name(str(end or ''))}"
    whole = (first is None or first.day == 1) and (last is None or last.is_month_end)
    fmt = "%Y-%m" if whole else "%Y-%m-%d"
    if first is None:
        return f"to-{last.strftime(fmt)}" if last is not None else ""
    return f"from-{first.strftime(fmt)}" if last is None else f"{first.strftime(fmt)}..{last.strftime(fmt)}"


def _outlets(outlets: Sequence[str] | None) -> str:
    if not outlets:
        return ""
    return "-".join(map(ascii_name, outlets)) if len(outlets) <= 3 else f"{len(outlets)}-outlets"


def _patterns(state: Mapping[str, Any]) -> str:
    if state.get("concept"):
        return ascii_name(str(state["concept"]))
    return "-".join(ascii_name(str(name)) for name in (state.get("patterns") or {}))


def _parts(view: str, key: str, state: Mapping[str, Any]) -> list[str]:
    """The fields of a file name, before they are made safe and joined."""
    where = [_outlets(state.get("outlets")), _months(state.get("start"), state.get("end"))]
    if view == "terms":
        unit = "doc-share" if state.get("unit") == "doc_share" else ""
        term = ascii_name(str(state.get("term") or ""))
        if key == "rates":
            return [key, _patterns(state), *where, unit]
        if key == "over_time":
            return [key, term, *where, f"per-{PERIOD_NAMES.get(state.get('period', ''), 'period')}", unit]
        return [key, term if key in ("kwic", "collocates") else _patterns(state), *where]
    if view == "keyness":
        pair = f"{ascii_name(str(state.get('target', '')))}-vs-{ascii_name(str(state.get('reference', 'rest')))}"
        dates = where[1]
        if key == "keyness":
            return [key, pair, ascii_name(str(state.get("measure", "log_odds"))), dates]
        return [key, ascii_name(str(state.get("term") or "")), pair, dates]
    model = state.get("model") or {}
    topic = f"topic{state.get('topic')}-of-{model.get('k', '')}".removesuffix("-of-")
    if key == "terms":
        return [key, topic, f"lambda{state.get('relevance', '')}"]
    if key == "over_time":
        return [key, topic, f"per-{PERIOD_NAMES.get(state.get('period', ''), 'period')}"]
    return [key, topic]


def file_stem(view: str, key: str, state: Mapping[str, Any]) -> str:
    """The name (without suffix) of output ``key`` of ``view`` saved in ``state``; see the module docstring.

    >>> file_stem("keyness", "keyness", {"target": "kremlin.ru", "reference": "rest", "measure": "g2"})
    'keyness_kremlin.ru-vs-rest_g2'
    >>> file_stem("line", "points", {})
    'line-points'
    """
    parts = _parts(view, key, state) if view in VIEWS and state else [f"{view}-{key}"]
    stem = "_".join(p for p in (UNSAFE.sub("-", part).strip(".-") for part in parts) if p) or "output"
    if not stem[0].isalnum():
        stem = f"x{stem}"
    if len(stem) > MAX_STEM:
        stem = f"{stem[:MAX_STEM - 9].rstrip('._-')}-{_hash(stem)}"
    return stem


# --- figure config entries ----------------------------------------------------------------------
CONCORDANCE = "the concordance (kwic) and the document opened: text, not a figure"
"""What "Add to figures config" says it cannot add of a view's concordance panel."""


@dataclasses.dataclass(frozen=True)
class Entries:
    """The figure config entries of a view, each a name and its fields, and the outputs no kind draws,
    each said with the reason ("the collocates, a table: ...")."""

    entries: tuple[tuple[str, dict[str, Any]], ...]
    missing: tuple[str, ...]


def _common(view: str, key: str, state: Mapping[str, Any], kind: str, caption: str,
            seed: int | None) -> tuple[str, dict[str, Any]]:
    if state.get("corpus") is None:
        raise ArgumentError("the view was given documents made in memory, which a figure config cannot name: "
                            "load them with fr.load_corpus(name) or fr.read(path) and open the view on those")
    dates = f", {state.get('start') or 'the start'} to {state.get('end') or 'the end'}" \
        if state.get("start") or state.get("end") else ""
    fields = {"kind": kind, "corpus": state["corpus"], "caption": f"{caption}{dates} (from the {view} view).",
              "seed": seed, "outlets": state.get("outlets"), "start": state.get("start"), "end": state.get("end")}
    return file_stem(view, key, state), fields


def _terms_entries(state: Mapping[str, Any]) -> Entries:
    o = state.get("options") or {}
    terms = {"dictionary": state.get("dictionary"), "concepts": [state["concept"]]} if state.get("concept") \
        and state.get("dictionary") else {"patterns": dict(state.get("patterns") or {})}
    boot = {"n_boot": o.get("n_boot", 200), "ci": o.get("ci", 0.95), "measure": state.get("unit", "per_10k")}
    names = ", ".join(state.get("patterns") or {}) or str(state.get("concept"))
    name, fields = _common("terms", "rates", state, "rates", f"Rates of {names} by outlet", o.get("seed", 1))
    entries = [(name, {**fields, **terms, **boot})]
    if state.get("term"):
        name, fields = _common("terms", "over_time", state, "rates_over_time",
                               f"Rate of {state['term']} per {PERIOD_NAMES.get(state.get('period', 'M'), 'period')}",
                               o.get("seed", 1))
        entries.append((name, {**fields, **terms, **boot, "period": state.get("period", "M"),
                               "events": o.get("events"), "show": [state["term"]]}))
    return Entries(tuple(entries), (CONCORDANCE, "the collocates, a table: the collocates kind draws two outlets "
                                                 "compared by G², not the top logDice collocates of each"))


def _keyness_entries(state: Mapping[str, Any]) -> Entries:
    o = state.get("options") or {}
    name, fields = _common("keyness", "keyness", state, "keyness",
                           f"Terms distinctive of {state.get('target')} against {state.get('reference')}", None)
    fields = {**fields, "outlets": None, "target": state.get("target"), "reference": state.get("reference", "rest"),
              "measure": state.get("measure", "log_odds"), "min_freq": state.get("min_freq", 5),
              "n": state.get("n", 15), "ngrams": o.get("ngrams", 1), "stopwords": o.get("stopwords") or ""}
    if state.get("variants"):
        pairs = state.get("variant_pairs") or ""
        fields = {**fields, "variants": True, **({"variant_pairs": pairs} if pairs.strip() else {})}
    if (state.get("leave_out") or "").strip():
        fields["leave_out"] = state["leave_out"]
    return Entries(((name, fields),), (CONCORDANCE,))


def _topics_entries(state: Mapping[str, Any]) -> Entries:
    o, model = state.get("options") or {}, state.get("model") or {}
    matrix, lda = model.get("matrix", {}), model.get("lda", {})
    defaults = {"ngrams": 1, "ngram_min_df": 1, "alpha": "symmetric", "eta": None, "chunksize": 2000}
    unlike = [f"{k}={v!r}" for k, v in {**matrix, **lda}.items() if k in defaults and v != defaults[k]]
    plain = dataclasses.asdict(TextOptions())
    unlike += [f"text {k}={v!r}" for k, v in model.get("text", {}).items() if v != plain.get(k)]
    unlike += ["seed words"] * bool(model.get("seeded")) + ["several workers"] * (not model.get("reproducible", True))
    if not isinstance(matrix.get("stopwords"), (str, type(None))):
        unlike.append("a list of stopwords")
    if unlike:
        raise ArgumentError(f"the topic_prevalence figure kind fits its model with default settings, but this "
                            f"model was fitted with {', '.join(unlike)}: no config entry can rebuild it")
    name, fields = _common("topics", "prevalence", state, "topic_prevalence",
                           f"Mean topic share by outlet, {model.get('k')} topics", model.get("seed", 1))
    fields = {**fields, "k": model.get("k"), "n_boot": o.get("n_boot", 200), "label_terms": 3,
              "label_relevance": 1.0, "stopwords": matrix.get("stopwords") or "", "min_df": matrix.get("min_df"),
              "max_df": matrix.get("max_df"), "passes": lda.get("passes"), "iterations": lda.get("iterations")}
    return Entries(((name, fields),), (
        "the top terms and the prevalence over time of one topic: no figure kind draws one topic of a model",
        "the representative documents and the concordance: text, not a figure"))


def figure_entries(view: str, state: Mapping[str, Any]) -> Entries:
    """The figure config entries of ``view`` in ``state`` (see the module docstring).

    Raises:
        ArgumentError: an unknown view; documents made in memory (a config names a corpus or a
            file); a topic model fitted with settings the ``topic_prevalence`` kind cannot set.
    """
    builders = {"terms": _terms_entries, "keyness": _keyness_entries, "topics": _topics_entries}
    if view not in builders:
        raise ArgumentError(f"no figure config entry for the {view} view: only the {VIEW_NAMES} views have one")
    return builders[view](state)


def _relative(corpus: Any, folder: Path) -> Any:
    """A corpus path written relative to the config's folder (the runner reads it from there)."""
    if isinstance(corpus, Mapping):
        return {**corpus, "path": _relative(corpus["path"], folder)}
    path = Path(corpus)
    if not path.is_absolute() or not path.exists():
        return corpus
    try:
        return os.path.relpath(path, folder.resolve())
    except ValueError:  # another drive (Windows): keep the absolute path
        return corpus


def append_entries(text: str, entries: Sequence[tuple[str, Mapping[str, Any]]], *, folder: Path,
                   where: str = "the figure config") -> tuple[str, list[tuple[str, bool]]]:
    """The config ``text`` with ``entries`` appended (corpus paths made relative to ``folder``).

    An entry equal to one already there is not added again; a name already taken gets ``-2``,
    ``-3``, ... Returns the new text and ``(name, added)`` per entry: the name it has in the
    config, and whether it was added now. :class:`ConfigError` (naming ``where``) when ``text``
    is not TOML or would not be after appending (a ``figures`` key written as an inline table).
    """
    figures = _figures(text, where)
    found, sections = [], []
    for name, fields in entries:
        kept = {k: v for k, v in {**fields, "corpus": _relative(fields["corpus"], folder)}.items() if v is not None}
        same = next((n for n, f in figures.items() if f == kept), None)
        if same is not None:
            found.append((same, False))
            continue
        unique, n = name, 1
        while unique in figures:
            n += 1
            unique = f"{name}-{n}"
        figures[unique] = kept
        sections.append(toml.table(("figures", unique), kept))
        found.append((unique, True))
    if sections:
        text = "\n".join([text.rstrip("\n") + "\n", *sections])
        if set(_figures(text, where)) != set(figures):
            raise ConfigError(f"{where}: the new entries would not be read back as figures: check its [figures] tables")
    return text, found


def new_config() -> str:
    """The text of a new figure config: its title."""
    return f"title = {toml.string(TITLE)}\n"


def add_to_config(path: str | Path, entries: Sequence[tuple[str, Mapping[str, Any]]]) -> list[tuple[str, bool]]:
    """Append ``entries`` to the TOML figure config ``path`` (made, with a title, if absent), atomically.

    Returns ``(name, added)`` per entry, as :func:`append_entries`; the file is unchanged when
    nothing is added or on error.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "figures.toml"
    >>> entry = ("volume", {"kind": "documents", "corpus": "ukraine-2022"})
    >>> add_to_config(path, [entry]), add_to_config(path, [entry, ("volume", {**entry[1], "period": "W"})])
    ([('volume', True)], [('volume', False), ('volume-2', True)])
    """
    path = Path(path)
    if path.suffix.lower() != ".toml":
        raise ConfigError(f"{path}: figure entries are appended to a .toml config; name a file ending in .toml")
    try:
        old = path.read_text(encoding="utf-8") if path.exists() else new_config()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the figure config ({exc}); name another file") from None
    text, found = append_entries(old, entries, folder=path.parent, where=str(path))
    if text != old or not path.exists():
        write_text(path, text)
    return found


def _figures(text: str, where: str) -> dict[str, Any]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: cannot add figures: it is not valid TOML ({exc}); fix it or name "
                          "another config") from None
    figures = data.get("figures", {})
    if not isinstance(figures, dict):
        raise ConfigError(f"{where}: 'figures' is not a table of [figures.NAME] entries; name another config")
    return figures
