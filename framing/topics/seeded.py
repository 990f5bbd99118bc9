"""Seeded topics: frame dictionaries as a prior on LDA's topic-word distributions.

The idea is keyATM's (Eshima, Imai & Sasaki 2024) and that of seeded LDA (Jagarlamudi, Daumé &
Udupa 2012): a researcher names a few words of each frame, and the model finds a topic around
them, next to free topics it finds on its own. On gensim this is done through the topic-word
prior η (``LdaModel(eta=...)`` with one row per topic): frame ``j`` of the dictionary becomes
topic ``j`` (in the dictionary's order; topics ``m … k − 1`` stay free) and

``η[j, w] = η₀ + s · n_w``  for every vocabulary term ``w`` a pattern of frame ``j`` matches,
``η[t, w] = η₀``            everywhere else,

with ``η₀`` the symmetric prior (gensim's default ``1/k``, or ``LdaOptions.eta`` when it is a
number), ``n_w`` the term's count in the matrix and ``s`` the ``seed_strength``. The pseudo-count
is thus a multiple of the word's own frequency: ``s = 1`` weighs the prior as much as every
occurrence of the word assigned to the frame's topic once more, whatever the corpus size, so the
same ``s`` means the same pull on a small and a large corpus. Variational Bayes then adds the
expected counts, ``λ = η + E[counts]``, so a seeded topic is free to gather the words that
co-occur with its seeds — or to drift away from them if the data do not support the frame.

:func:`seed_report` says how far each seeded topic moved from its seeds: the share of its top
``n`` terms that are seeds, the probability mass it puts on them (1 would be a topic of seeds
only) and the median rank of the seeds among all its terms.

>>> import framing as fr, pandas as pd
>>> corpus = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b", "a", "b"],
...     "date": ["2022-01-01"] * 4, "text": ["war tanks war", "gas prices gas",
...     "tanks shelling war", "prices inflation gas"]}))
>>> dtm = fr.document_term_matrix(corpus, cache=False)
>>> list(dtm.vocab), dtm.count("gas")
(['gas', 'inflation', 'prices', 'shelling', 'tanks', 'war'], 3)
>>> prior, seeding = seed_prior(dtm, 2, {"ENERGY": "gas|prices"}, strength=1.0)
>>> prior.tolist()
[[3.5, 0.5, 2.5, 0.5, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]]
>>> model = fr.fit_topics(dtm, 2, seed_words={"ENERGY": "gas|prices"}, options=fr.LdaOptions(passes=5),
...                       progress=False)
>>> model.seeding.frames, model.seeding.terms
(('ENERGY',), (('gas', 'prices'),))
>>> list(model.seed_report(n=3).columns)
['topic', 'frame', 'seeds', 'seeds_in_top', 'seed_share_top', 'seed_prob', 'median_seed_rank', 'top_terms']

On four documents the seeds are as strong as the data, and the fit can land in a poor local
optimum; on real corpora (and the planted simulation in ``tests/test_topics_seeded.py``)
``s`` between 0.5 and 1 recovered the planted topics best.
"""

from __future__ import annotations

import dataclasses
import warnings
from typing import Protocol

import numpy as np
import pandas as pd

from framing._infra.errors import ArgumentError, FramingWarning, PatternError
from framing.dtm.lemmas import document_languages
from framing.dtm.matrix import DocTermMatrix
from framing.dtm.patterns import PatternSpec, compile_patterns, pattern_columns

DEFAULT_STRENGTH = 1.0
"""``seed_strength`` of :func:`framing.fit_topics`: each seed word's prior pseudo-count equals its count."""


@dataclasses.dataclass(frozen=True)
class Seeding:
    """How a model's first topics were seeded.

    Attributes:
        frames: the frame names of topics ``0 … len(frames) − 1`` (the later topics are free).
        terms: per seeded topic, the vocabulary terms its patterns matched (sorted).
        strength: ``seed_strength`` ``s`` of the prior ``η₀ + s · n_w``.
    """

    frames: tuple[str, ...]
    terms: tuple[tuple[str, ...], ...]
    strength: float

    def to_json(self) -> dict[str, object]:
        """The seeding as JSON data (stored in a model folder's metadata)."""
        return {"frames": list(self.frames), "terms": [list(t) for t in self.terms], "strength": self.strength}


def base_eta(eta: object, k: int) -> float:
    """η₀: gensim's symmetric default ``1/k``, or the number given in ``LdaOptions.eta``."""
    if eta is None or eta == "symmetric":
        return 1.0 / k
    if isinstance(eta, (int, float)) and not isinstance(eta, bool) and eta > 0:
        return float(eta)
    raise ArgumentError(f"LdaOptions(eta={eta!r}) cannot be combined with seed_words: the seeds set η per topic; "
                        "use eta=None (symmetric 1/k) or a positive number as the prior of the other words")


def seed_prior(dtm: DocTermMatrix, k: int, seed_words: PatternSpec, *, strength: float = DEFAULT_STRENGTH,
               eta: object = None) -> tuple[np.ndarray, Seeding]:
    """The ``k × V`` prior η of a seeded fit and the :class:`Seeding` it encodes (formula: module docstring).

    ``seed_words`` is anything :func:`framing.compile_patterns` takes: a
    :class:`~framing.FrameDictionary` (one frame per concept), a dict ``name → pattern(s)``, or
    patterns. Frames none of whose patterns match a term of the matrix are left out with a
    :class:`~framing.FramingWarning` (a phrase needs a matrix with ``ngrams`` ≥ its words).

    Raises:
        ArgumentError: ``strength`` is not a positive number, or more frames match than ``k``.
        PatternError: no frame matches any term.
    """
    if isinstance(strength, bool) or not isinstance(strength, (int, float)) or not strength > 0:
        raise ArgumentError(f"seed_strength={strength!r}: give a positive number (1 = each seed word's prior "
                            "pseudo-count equals its count in the matrix)")
    patterns = compile_patterns(seed_words)
    languages = document_languages(dtm.docs)
    found: list[tuple[str, np.ndarray]] = []
    missing: list[str] = []
    for pattern in patterns:
        with warnings.catch_warnings():  # "matches no term" is reported below, for all frames at once
            warnings.simplefilter("ignore", FramingWarning)
            cols = pattern_columns(dtm.vocab, pattern, transliterate=dtm.options.text.transliterate,
                                   languages=languages)
        if len(cols):
            found.append((pattern.name, cols))
        else:
            missing.append(pattern.name)
    if missing:
        warnings.warn(f"seed_words: the frames {missing} match no term of the matrix and are left out (a phrase "
                      "needs a matrix built with ngrams of at least its length)", FramingWarning, stacklevel=3)
    if not found:
        raise PatternError(f"seed_words: no frame matches a term of the matrix ({dtm.shape[1]:,} terms); check the "
                           "patterns with fr.match_terms(dtm, seed_words)")
    if len(found) > k:
        raise ArgumentError(f"seed_words has {len(found)} frames that match terms of the matrix but k={k}: k must be "
                            "at least the number of frames (the topics beyond them are free)")
    counts = np.asarray(dtm.matrix.sum(axis=0), dtype=np.float64).ravel()
    prior = np.full((k, dtm.shape[1]), base_eta(eta, k))
    for topic, (_, cols) in enumerate(found):
        prior[topic, cols] += float(strength) * counts[cols]
    terms = tuple(tuple(sorted(str(t) for t in dtm.vocab[cols])) for _, cols in found)
    return prior, Seeding(frames=tuple(name for name, _ in found), terms=terms, strength=float(strength))


class SeededModel(Protocol):
    """What :func:`seed_report` needs of a model (:class:`framing.TopicModel` has it)."""

    @property
    def seeding(self) -> Seeding | None: ...

    @property
    def dtm(self) -> DocTermMatrix: ...

    @property
    def topic_term_(self) -> np.ndarray: ...


def seed_report(model: SeededModel, *, n: int = 10) -> pd.DataFrame:
    """How far each seeded topic moved from its seeds: one row per seeded topic.

    Columns: ``topic, frame, seeds`` (seed terms in the vocabulary), ``seeds_in_top`` (how many of
    the topic's ``n`` most probable terms are seeds), ``seed_share_top`` (that over ``n``),
    ``seed_prob`` (``Σ_{w ∈ seeds} φ[topic, w]``, the topic's mass on its seeds),
    ``median_seed_rank`` (median rank of the seeds among all terms of the topic, 1 = most
    probable) and ``top_terms`` (the ``n`` most probable terms, seeds marked ``*``).

    Raises:
        ArgumentError: the model was fitted without ``seed_words``.
    """
    seeding = model.seeding
    if seeding is None:
        raise ArgumentError("seed_report: the model was fitted without seed_words; fit one with "
                            "fr.fit_topics(dtm, k, seed_words=...)")
    phi = model.topic_term_
    vocab = np.asarray(model.dtm.vocab).astype(str)
    n = min(int(n), phi.shape[1])
    rows = []
    for topic, (frame, terms) in enumerate(zip(seeding.frames, seeding.terms)):
        order = np.argsort(-phi[topic], kind="stable")
        ranks = np.empty(len(order), dtype=np.int64)
        ranks[order] = np.arange(1, len(order) + 1)
        cols = np.flatnonzero(np.isin(vocab, terms))
        top = vocab[order[:n]]
        is_seed = np.isin(top, terms)
        rows.append({"topic": topic, "frame": frame, "seeds": len(cols), "seeds_in_top": int(is_seed.sum()),
                     "seed_share_top": float(is_seed.mean()), "seed_prob": float(phi[topic, cols].sum()),
                     "median_seed_rank": float(np.median(ranks[cols])),
                     "top_terms": ", ".join(t + "*" * bool(s) for t, s in zip(top, is_seed))})
    return pd.DataFrame(rows)
