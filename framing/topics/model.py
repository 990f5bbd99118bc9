"""Topic models: reproducible LDA fits on a document-term matrix, with gensim underneath.

:func:`fit_topics` wraps gensim's ``LdaModel``, which is deterministic for a seed: the
same matrix, ``k`` and ``seed`` give the identical topic-term matrix (``np.array_equal``),
also after :meth:`TopicModel.save` and :func:`load_topics`. ``workers > 1`` uses
``LdaMulticore`` instead, which is faster on big corpora but *not* reproducible (its
workers finish chunks in a varying order); it warns and marks the model
``reproducible=False``. Topic ids are gensim's (0-based) and are never reordered.

The :class:`TopicModel` keeps its matrix, so summaries come with document metadata:
:meth:`~TopicModel.terms` (probability, relevance, FREX), :meth:`~TopicModel.documents`,
:meth:`~TopicModel.document_topics` and :meth:`~TopicModel.term_topics` (see
:mod:`framing.topics.summaries`). Coherence needs the token sequences too:
:func:`framing.topics.coherence.topic_coherence`.

A saved model is JSON and plain numpy arrays (:mod:`framing.topics.storage`), not a pickle:
loading one never runs code from the folder. Folders saved by framing 0.1 hold gensim's
pickles and load only with ``load_topics(path, dtm, trusted=True)``.

>>> import framing as fr, pandas as pd
>>> corpus = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b", "a", "b"],
...     "date": ["2022-01-01"] * 4, "text": ["war tanks war", "gas prices gas",
...     "tanks shelling war", "prices inflation gas"]}))
>>> dtm = fr.document_term_matrix(corpus, cache=False)
>>> model = fr.fit_topics(dtm, 2, seed=1, options=fr.LdaOptions(passes=5), progress=False)
>>> model.terms(n=2)["rank"].tolist()
[1, 2, 1, 2]
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import sys
import warnings
from collections.abc import Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing._infra.deprecation import warn_deprecated
from framing._infra.errors import ArgumentError, FramingWarning, ModelError
from framing._infra.hashing import new_sha256
from framing.dtm.matrix import DocTermMatrix
from framing.dtm.patterns import PatternSpec
from framing.topics import summaries
from framing.topics.seeded import DEFAULT_STRENGTH, Seeding, seed_prior, seed_report
from framing.topics.storage import (
    FORMAT_VERSION,
    META_FILE,
    field_error,
    lda_state,
    read_lda,
    read_meta,
    write_model_folder,
)


@dataclasses.dataclass(frozen=True, kw_only=True)
class LdaOptions:
    """gensim ``LdaModel`` settings (see gensim's documentation for their meaning).

    ``passes`` over the corpus; ``iterations`` of inference per document; ``alpha`` and
    ``eta`` the Dirichlet priors on document-topic and topic-term distributions (gensim's
    values: ``"symmetric"``, ``"asymmetric"``, ``"auto"`` or numbers); ``chunksize``
    documents per training chunk. ``eval_every`` is always off: gensim's periodic
    perplexity estimate costs a pass and draws from the model's random state.
    """

    passes: int = 10
    iterations: int = 50
    alpha: str | float | tuple[float, ...] = "symmetric"
    eta: str | float | None = None
    chunksize: int = 2000

    def gensim_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``LdaModel`` / ``LdaMulticore``."""
        alpha = list(self.alpha) if isinstance(self.alpha, tuple) else self.alpha
        return {"passes": self.passes, "iterations": self.iterations, "alpha": alpha, "eta": self.eta,
                "chunksize": self.chunksize, "eval_every": None}


@dataclasses.dataclass(frozen=True, eq=False)
class TopicModel:
    """A fitted LDA model together with the matrix it was fitted on.

    Attributes:
        lda: the gensim model (``LdaModel``, or ``LdaMulticore`` when not reproducible).
        dtm: the document-term matrix (its ``docs`` give outlet and date of each document).
        k: number of topics.
        seed: the random seed of the fit.
        options: the gensim settings.
        reproducible: ``False`` for ``LdaMulticore`` fits.
        seeding: the frames that seeded topics ``0, 1, …`` (:mod:`framing.topics.seeded`), or
            ``None`` for a model fitted without ``seed_words``.
    """

    lda: Any
    dtm: DocTermMatrix
    k: int
    seed: int
    options: LdaOptions
    reproducible: bool = True
    seeding: Seeding | None = None

    def __repr__(self) -> str:
        return (f"TopicModel(k={self.k}, seed={self.seed}, {self.dtm.shape[0]:,} documents × "
                f"{self.dtm.shape[1]:,} terms, reproducible={self.reproducible})")

    @cached_property
    def topic_term_(self) -> np.ndarray:
        """Topics × terms: p(term | topic), rows sum to 1 (gensim's ``get_topics()``)."""
        return self.lda.get_topics()

    @cached_property
    def doc_topic_(self) -> np.ndarray:
        """Documents × topics: each document's topic shares θ, rows sum to 1.

        gensim's variational ``gamma`` normalised by row; inferred with the model's random
        state reset to ``seed``, so it is the same every time and after loading.
        """
        return infer_doc_topics(self.lda, self.dtm, seed=self.seed)

    def terms(self, n: int = 10, *, relevance: float = 1.0, frex_weight: float = 0.5,
              sort: str = "relevance") -> pd.DataFrame:
        """Top terms per topic: ``topic, rank, term, prob, relevance, frex, overall``.

        ``overall`` is the term's count in the matrix over the topic's expected tokens
        (``Σ_d θ[d,topic]·N[d]``), in the units of ``prob``: the light bar behind each term in
        :func:`framing.viz.plots.plot_top_terms`, as in LDAvis. See
        :func:`framing.topics.summaries.top_terms` for the formulas.
        """
        return summaries.top_terms(self.topic_term_, self.dtm, n=n, relevance=relevance,
                                   frex_weight=frex_weight, sort=sort, theta=self.doc_topic_)

    def documents(self, topic: int | None = None, n: int = 5) -> pd.DataFrame:
        """The ``n`` documents with the largest share of ``topic`` (of each topic when ``None``)."""
        return summaries.top_documents(self.doc_topic_, self.dtm.docs, topic=topic, n=n)

    def document_topics(self, *, min_share: float = 0.0) -> pd.DataFrame:
        """Tidy document-topic table: ``doc_id, outlet, date, topic, share``."""
        return summaries.document_topics(self.doc_topic_, self.dtm.docs, min_share=min_share)

    def term_topics(self, patterns: PatternSpec, *, by: str | Sequence[str] | None = "outlet"
                    ) -> pd.DataFrame:
        """Which topics carry the terms of each pattern, per group: ``pattern, <by>, topic, count, share``.

        See :func:`framing.topics.summaries.term_topics`.
        """
        return summaries.term_topics(self, patterns, by=by)

    def which_topics(self, patterns: PatternSpec, *, by: str | Sequence[str] | None = "outlet") -> pd.DataFrame:
        """Deprecated name of :meth:`term_topics` (removed in framing 0.4)."""
        warn_deprecated("TopicModel.which_topics", "TopicModel.term_topics")
        return self.term_topics(patterns, by=by)

    def labels(self, n: int = 3) -> pd.DataFrame:
        """A short label per topic, its ``n`` most probable terms: ``topic, label``.

        A seeded topic's label starts with its frame's name (``"0 AGGRESSION: aggression, …"``).
        """
        top = self.terms(n=n)
        joined = top.groupby("topic", sort=True)["term"].agg(", ".join)
        frames = self.seeding.frames if self.seeding is not None else ()
        names = [f"{t} {frames[t]}" if t < len(frames) else f"{t}" for t in joined.index]
        return pd.DataFrame({"topic": joined.index, "label": [f"{name}: {s}" for name, s in zip(names, joined)]})

    def seed_report(self, *, n: int = 10) -> pd.DataFrame:
        """How far each seeded topic moved from its seeds; see :func:`framing.topics.seeded.seed_report`."""
        return seed_report(self, n=n)

    def save(self, path: str | Path) -> Path:
        """Write the model to the folder ``path``; returns it.

        The folder gets ``lda.npz`` (gensim's LDA state as plain arrays, no pickle) and
        ``framing-topics.json`` (corpus fingerprint, matrix digest, options, seed, gensim's
        settings, package versions, the SHA-256 of ``lda.npz``); see
        :mod:`framing.topics.storage`. ``path`` may be new, empty, or hold a model: then only
        framing's files are replaced, other files in it stay and it keeps its permissions.

        Raises:
            ModelError: ``path`` is a file or a folder of other files, or cannot be written.
        """
        return _save(self, Path(path))


def check_input(dtm: DocTermMatrix, k: int) -> None:
    """Refuse an empty matrix or a number of topics outside [2, documents)."""
    n_docs, n_terms = dtm.shape
    if n_docs == 0:
        raise ModelError("the document-term matrix has no documents: the corpus (or its filter) "
                         "left none; widen the filter")
    if n_terms == 0 or dtm.matrix.nnz == 0:
        raise ModelError(f"the document-term matrix of {n_docs:,} documents has no terms: "
                         f"{_emptying_filter(dtm)}")
    check_k(k, n_docs)


def check_k(k: int, n_docs: int) -> None:
    """Refuse a number of topics that is not a whole number in [2, n_docs)."""
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 2:
        raise ArgumentError(f"k={k!r}: a topic model needs a whole number of at least 2 topics")
    if k >= n_docs:
        raise ArgumentError(f"k={k} must be smaller than the number of documents ({n_docs:,}); "
                            "use fewer topics or more documents")


def _emptying_filter(dtm: DocTermMatrix) -> str:
    """Name the option of the matrix that removed every term."""
    opt = dtm.options
    if int(dtm.doc_lengths.sum()) == 0:
        return "the documents contain no tokens at all (are the texts empty?)"
    active = []
    if opt.min_df != 1:
        active.append(f"min_df={opt.min_df!r} (terms in at least that many documents)")
    if opt.max_df != 1.0:
        active.append(f"max_df={opt.max_df!r} (terms in at most that many documents)")
    if opt.stopwords is not None:
        active.append(f"stopwords={opt.stopwords!r}")
    if not active:
        return "no document contains any term; check the texts"
    return ("the filter " + " and ".join(active) + f" left no term of the {int(dtm.doc_lengths.sum()):,} "
            "tokens; relax it in document_term_matrix(...)")


LOOSE_OPTIONS = ("passes", "iterations", "alpha", "eta", "chunksize")
"""The :class:`LdaOptions` fields that :func:`fit_topics` still accepts one by one (deprecated)."""


def lda_options(options: LdaOptions | None, loose: dict[str, Any], *, caller: str) -> LdaOptions:
    """``options`` (default :class:`LdaOptions`), or the deprecated loose settings as LdaOptions.

    Loose settings (``passes=5``) warn with a :class:`DeprecationWarning` pointing to
    ``options=LdaOptions(passes=5)``; giving both forms is an :class:`ArgumentError`.
    """
    unknown = sorted(set(loose) - set(LOOSE_OPTIONS))
    if unknown:
        raise TypeError(f"{caller}() got an unexpected keyword argument {unknown[0]!r}")
    if not loose:
        return options if options is not None else LdaOptions()
    given = ", ".join(f"{name}={value!r}" for name, value in loose.items())
    if options is not None:
        raise ArgumentError(f"{caller}: give the gensim settings in options=LdaOptions(...) only, "
                            f"not also as {given}")
    warn_deprecated(f"{caller}({given})", f"{caller}(..., options=LdaOptions({given}))", stacklevel=4)
    alpha = loose.get("alpha")
    if isinstance(alpha, (list, tuple, np.ndarray)):
        loose = {**loose, "alpha": tuple(alpha)}
    return LdaOptions(**loose)


def fit_topics(dtm: DocTermMatrix, k: int, *, seed: int = 1, options: LdaOptions | None = None,
               workers: int = 1, progress: bool = True, seed_words: PatternSpec | None = None,
               seed_strength: float = DEFAULT_STRENGTH, **loose: Any) -> TopicModel:
    """Fit an LDA topic model (Blei, Ng & Jordan 2003; online variational Bayes, Hoffman et al. 2010).

    Args:
        dtm: the document-term matrix (:func:`framing.document_term_matrix`).
        k: number of topics, at least 2 and fewer than the documents.
        seed: random seed; the same seed gives the identical model.
        options: gensim settings (:class:`LdaOptions`: passes, iterations, priors, chunk
            size), as for :func:`framing.sweep_topics`. Giving them one by one
            (``passes=5``) still works but is deprecated.
        workers: ``1`` fits ``LdaModel`` (reproducible); more uses ``LdaMulticore`` with
            that many worker processes, which is **not** reproducible (a warning says so).
        progress: show a progress bar (tqdm) over passes × documents.
        seed_words: frames whose words seed the first topics (:mod:`framing.topics.seeded`): a
            :class:`~framing.FrameDictionary` (``fr.load_dictionary("ukraine")``), a dict
            ``frame → pattern(s)``, or patterns. Topic ``j`` gets frame ``j``'s name
            (``model.seeding``, ``model.labels()``); the other ``k − frames`` topics are free.
        seed_strength: ``s`` in the prior ``η[j, w] = η₀ + s · n_w`` of frame ``j``'s seed words
            (``n_w``: the word's count in the matrix).

    See the module docstring for an example; :meth:`TopicModel.seed_report` tells how far the
    seeded topics moved from their seeds.
    """
    options = lda_options(options, loose, caller="fit_topics")
    check_input(dtm, k)
    if workers > 1:
        warnings.warn(f"fit_topics(workers={workers}) uses gensim's LdaMulticore, which is not "
                      "reproducible: the same seed can give different topics; use workers=1 "
                      "for results you publish", FramingWarning, stacklevel=2)
    prior, seeding = (seed_prior(dtm, int(k), seed_words, strength=seed_strength, eta=options.eta)
                      if seed_words is not None else (None, None))
    lda = train_lda(dtm, int(k), seed=seed, options=options, workers=workers, progress=progress, eta=prior)
    return TopicModel(lda=lda, dtm=dtm, k=int(k), seed=seed, options=options, reproducible=workers <= 1,
                      seeding=seeding)


def train_lda(dtm: DocTermMatrix, k: int, *, seed: int, options: LdaOptions, workers: int = 1,
              progress: bool = False, eta: np.ndarray | None = None) -> Any:
    """The bare gensim model (no input checks): ``LdaModel``, or ``LdaMulticore`` if ``workers > 1``.

    ``eta``, a ``k × V`` prior (seeded topics), replaces ``options.eta``.
    """
    from gensim.models import LdaModel, LdaMulticore

    dictionary, bow = dtm.to_gensim()
    kwargs = dict(corpus=bow, id2word=dictionary, num_topics=k, random_state=seed, **options.gensim_kwargs())
    if eta is not None:
        kwargs["eta"] = eta
    with _progress_bar(dtm.shape[0] * options.passes, enabled=progress):
        if workers > 1:
            return LdaMulticore(workers=workers, **kwargs)
        return LdaModel(**kwargs)


class _ProgressHandler(logging.Handler):
    """Moves a tqdm bar from gensim's ``PROGRESS: pass p, ... #n/total`` log lines."""

    def __init__(self, bar: Any) -> None:
        super().__init__(logging.INFO)
        self.bar = bar

    def emit(self, record: logging.LogRecord) -> None:
        if not str(record.msg).startswith("PROGRESS: pass") or not record.args:
            return
        args: tuple[Any, ...] = tuple(record.args)
        if len(args) == 3:  # LdaModel: (pass, documents so far, total)
            pass_, docs, total = args
        elif len(args) == 5:  # LdaMulticore: (pass, chunk, documents so far, total, queue size)
            pass_, _, docs, total, _ = args
        else:
            return
        done = min(pass_ * total + docs, self.bar.total)
        self.bar.update(max(0, done - self.bar.n))


@contextlib.contextmanager
def _progress_bar(total: int, *, enabled: bool) -> Iterator[None]:
    if not enabled:
        yield
        return
    from tqdm.auto import tqdm

    loggers = [logging.getLogger(n) for n in ("gensim.models.ldamodel", "gensim.models.ldamulticore")]
    saved = [(lg.level, lg.propagate) for lg in loggers]
    with tqdm(total=total, desc="fitting topics", unit="doc", file=sys.stderr) as bar:
        handler = _ProgressHandler(bar)
        for lg in loggers:
            if lg.getEffectiveLevel() > logging.INFO:  # the user did not ask for gensim's INFO lines
                lg.setLevel(logging.INFO)
                lg.propagate = False
            lg.addHandler(handler)
        try:
            yield
            bar.update(total - bar.n)
        finally:
            for lg, (level, propagate) in zip(loggers, saved):
                lg.removeHandler(handler)
                lg.setLevel(level)
                lg.propagate = propagate


def infer_gamma(lda: Any, dtm: DocTermMatrix, *, seed: int) -> np.ndarray:
    """γ for every document of ``dtm``: the parameters of its variational Dirichlet q(θ_d | γ_d).

    gensim's ``inference`` with its random state set to ``seed``; the model's own random state
    is restored afterwards, so the model is unchanged.
    """
    from gensim.matutils import Sparse2Corpus

    saved = lda.random_state
    lda.random_state = np.random.RandomState(seed)
    try:
        out = np.empty((dtm.shape[0], lda.num_topics), dtype=np.float64)
        step = max(1, lda.chunksize)
        for start in range(0, dtm.shape[0], step):
            rows = dtm.matrix[start:start + step]
            gamma, _ = lda.inference(list(Sparse2Corpus(rows, documents_columns=False)))
            out[start:start + len(gamma)] = gamma.astype(np.float64)
    finally:
        lda.random_state = saved
    return out


def infer_doc_topics(lda: Any, dtm: DocTermMatrix, *, seed: int) -> np.ndarray:
    """θ for every document of ``dtm``: γ (:func:`infer_gamma`) normalised by row."""
    gamma = infer_gamma(lda, dtm, seed=seed)
    return gamma / gamma.sum(axis=1, keepdims=True)


# --- persistence -----------------------------------------------------------------------------
def matrix_digest(dtm: DocTermMatrix) -> str:
    """SHA-256 of everything that identifies a matrix: fingerprint, options, documents, counts."""
    h = new_sha256()
    head = {"fp": dtm.fingerprint, "opt": dtm.options.key(), "shape": list(dtm.shape)}
    h.update(json.dumps(head, sort_keys=True).encode())
    h.update("\x00".join(map(str, dtm.vocab)).encode())
    h.update("\x00".join(map(str, dtm.docs["doc_id"])).encode())
    m = dtm.matrix
    for arr in (m.indptr, m.indices, m.data):
        h.update(np.ascontiguousarray(arr, dtype=np.int64).tobytes())
    return h.hexdigest()


def _versions() -> dict[str, str]:
    import gensim
    import scipy

    from framing._infra.version import __version__

    return {"framing": __version__, "gensim": gensim.__version__, "numpy": np.__version__,
            "scipy": scipy.__version__, "python": sys.version.split()[0]}


def _save(model: TopicModel, path: Path) -> Path:
    arrays, settings = lda_state(model.lda, model.dtm.vocab)
    meta = {"format": FORMAT_VERSION, "k": model.k, "seed": model.seed,
            "options": dataclasses.asdict(model.options), "reproducible": model.reproducible,
            "fingerprint": model.dtm.fingerprint, "matrix_digest": matrix_digest(model.dtm),
            "matrix_options": model.dtm.options.key(), "shape": list(model.dtm.shape),
            "versions": _versions(), "gensim": settings}
    if model.seeding is not None:
        meta["seeding"] = model.seeding.to_json()
    return write_model_folder(path, arrays, meta)


def _seeding(meta_file: Path, data: Any, k: int) -> Seeding | None:
    """The :class:`Seeding` saved in a model's metadata (``None`` if absent), each field checked."""
    if data is None:
        return None
    if not isinstance(data, dict):
        raise field_error(meta_file, "seeding", data, "a mapping with frames, terms and strength")
    frames, terms, strength = data.get("frames"), data.get("terms"), data.get("strength")
    if not (isinstance(frames, list) and 0 < len(frames) <= k and all(isinstance(f, str) for f in frames)):
        raise field_error(meta_file, "seeding.frames", frames, f"a list of 1 to {k} frame names")
    if not (isinstance(terms, list) and len(terms) == len(frames)
            and all(isinstance(t, list) and all(isinstance(w, str) for w in t) for t in terms)):
        raise field_error(meta_file, "seeding.terms", terms, "one list of terms per frame")
    if isinstance(strength, bool) or not isinstance(strength, (int, float)) or not strength > 0:
        raise field_error(meta_file, "seeding.strength", strength, "a positive number")
    return Seeding(frames=tuple(frames), terms=tuple(tuple(t) for t in terms), strength=float(strength))


def _options(meta_file: Path, data: dict[str, Any]) -> LdaOptions:
    """The :class:`LdaOptions` saved in a model's metadata, each field checked."""
    fields = {f.name for f in dataclasses.fields(LdaOptions)}
    unknown = sorted(set(data) - fields)
    if unknown:
        raise field_error(meta_file, f"options.{unknown[0]}", data[unknown[0]], f"absent (LdaOptions has "
                          f"{', '.join(sorted(fields))})")
    for name in ("passes", "iterations", "chunksize"):
        value = data.get(name, 1)
        if isinstance(value, bool) or not isinstance(value, int):
            raise field_error(meta_file, f"options.{name}", value, "a whole number")
    alpha = data.get("alpha")
    if isinstance(alpha, list):
        if not all(isinstance(a, (int, float)) and not isinstance(a, bool) for a in alpha):
            raise field_error(meta_file, "options.alpha", alpha, "a list of numbers")
        data = {**data, "alpha": tuple(alpha)}
    for name in ("alpha", "eta"):
        value = data.get(name)
        if not (value is None or isinstance(value, (str, int, float, tuple))) or isinstance(value, bool):
            raise field_error(meta_file, f"options.{name}", value, "a gensim prior: a name, a number or a list")
    return LdaOptions(**data)


def load_topics(path: str | Path, dtm: DocTermMatrix, *, trusted: bool = False) -> TopicModel:
    """Load a model saved with :meth:`TopicModel.save`, checking it belongs to ``dtm``.

    Loading never runs code from the folder: the model is rebuilt from JSON and plain
    arrays, each checked (:mod:`framing.topics.storage`), and its topics, ``doc_topic_``
    and inference equal the saved model's bit for bit. Files are checked against their
    SHA-256 (catches truncation and damage, not a deliberate edit), and a model fitted on
    another corpus or another matrix of the same corpus is refused.

    Args:
        path: the model folder.
        dtm: the matrix the model was fitted on (built with the same options).
        trusted: load a folder saved by framing 0.1, which holds gensim's **pickles**: unpickling
            runs whatever the file says, so pass ``True`` only for a folder you or someone you
            trust saved. Saving the loaded model again converts the folder to the safe format.

    Raises:
        ModelError: the folder is missing, damaged, edited, of another matrix, or an old
            pickle folder without ``trusted=True`` (the message says what to do).
    """
    path = Path(path)
    meta = read_meta(path, trusted=trusted)
    meta_file = path / META_FILE
    if meta["fingerprint"] != dtm.fingerprint:
        raise ModelError(f"the model at {path} was fitted on another corpus (fingerprint "
                         f"{meta['fingerprint'][:12]}…), not this matrix's corpus "
                         f"({dtm.fingerprint[:12]}…)")
    if meta["matrix_digest"] != matrix_digest(dtm):
        raise ModelError(f"the model at {path} was fitted on a different matrix of this corpus "
                         f"(options {meta.get('matrix_options')}, shape {meta.get('shape')}); rebuild the matrix "
                         f"with those options (this one: {dtm.options.key()}, shape {list(dtm.shape)})")
    options = _options(meta_file, meta["options"])
    seeding = _seeding(meta_file, meta.get("seeding"), int(meta["k"]))
    lda = read_lda(path, meta, dtm)
    return TopicModel(lda=lda, dtm=dtm, k=int(meta["k"]), seed=int(meta["seed"]), options=options,
                      reproducible=bool(meta.get("reproducible", True)), seeding=seeding)
