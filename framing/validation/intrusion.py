"""Intrusion items: can people tell a topic's words, or a document's topics, from an intruder?

Chang, Boyd-Graber, Gerrish, Wang & Blei (2009), "Reading tea leaves: how humans interpret topic
models" (NIPS), and R's ``oolong`` (Chan & Sältzer 2020):

- **Word intrusion** (:func:`word_intrusion_items`): the ``n_words`` most probable words of topic
  ``k`` plus one *intruder*, shuffled. The intruder has high probability in another topic (it is
  among that topic's ``n_words`` most probable words, so it is not rejected merely for being
  rare) and low probability in ``k``: of all such words not among ``k``'s own top words, those
  whose ``p(w | k)`` is at or below their median. (Chang et al. ask for "low probability in the
  current topic"; oolong takes the lower percentiles of the whole vocabulary, which a model's top
  words — frequent everywhere — rarely reach; the median of the other topics' top words always
  leaves candidates, as far from ``k`` as those words allow.) The intruder is drawn at random
  among the candidates. A coder who knows the topic picks the intruder.
- **Topic intrusion** (:func:`topic_intrusion_items`): a document with its ``n_topics`` largest
  topics (by θ) plus one intruder topic drawn at random from its low-probability topics (those
  ranked at ``max(n_topics, ⌈k/2⌉)`` or lower, 0-based), each shown by its top words.

Every random draw comes from ``numpy.random.default_rng(seed)``: the same model and seed give
the same items, so a coder can resume a session days later. Item ids (``word-3-0``: topic 3,
first item; ``topic-<doc_id>``) are what answer files refer to
(:func:`framing.validation.read_intrusion_answers`).

>>> import numpy as np, pandas as pd
>>> from types import SimpleNamespace
>>> phi = np.array([[.30, .25, .20, .15, .05, .03, .01, .01],   # topic 0: words a b c d
...                 [.01, .01, .03, .05, .15, .20, .25, .30]])  # topic 1: words h g f e
>>> dtm = SimpleNamespace(vocab=np.array(list("abcdefgh")), docs=pd.DataFrame({"doc_id": ["d1"]}))
>>> model = SimpleNamespace(topic_term_=phi, doc_topic_=np.array([[.9, .1]]), dtm=dtm, k=2)
>>> items = word_intrusion_items(model, n_words=3, seed=1)
>>> print(items.loc[0, "item"], items.loc[0, "topic"], items.loc[0, "intruder"])
word-0-0 0 g
>>> sorted(items.loc[0, "options"])
['a', 'b', 'c', 'g']
"""

from __future__ import annotations

import math
from typing import Protocol

import numpy as np
import pandas as pd

from framing._infra.errors import ArgumentError

ITEM_COLUMNS = ["item", "task", "topic", "doc_id", "options", "intruder", "intruder_topic", "labels", "shares"]
"""Columns of an item table; ``options`` (what the coder sees, shuffled), ``labels`` and ``shares`` are tuples."""


class Documents(Protocol):
    """What the items read of a document-term matrix."""

    @property
    def vocab(self) -> np.ndarray: ...

    @property
    def docs(self) -> pd.DataFrame: ...


class FittedTopics(Protocol):
    """What the items read of a fitted topic model (:class:`framing.TopicModel`)."""

    @property
    def topic_term_(self) -> np.ndarray: ...

    @property
    def doc_topic_(self) -> np.ndarray: ...

    @property
    def dtm(self) -> Documents: ...


def _check_count(name: str, value: int, low: int) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ArgumentError(f"{name} must be a whole number ≥ {low}, got {value!r}")


def _check_seed(seed: int) -> None:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ArgumentError(f"seed must be a whole number ≥ 0, got {seed!r}")


def word_candidates(phi: np.ndarray, topic: int, n_words: int) -> list[tuple[int, int]]:
    """Possible intruders of ``topic``: ``(term column, topic it is top in)`` pairs, by column.

    The pool is the ``n_words`` most probable terms of every other topic (ties in vocabulary
    order) that are not among ``topic``'s own; a term of the pool qualifies when its probability
    in ``topic`` is at or below the pool's median (the first other topic that has it is named).
    """
    order = np.argsort(-phi, axis=1, kind="stable")
    own = set(order[topic, :n_words].tolist())
    pool: dict[int, int] = {}
    for other in range(phi.shape[0]):
        if other != topic:
            for col in order[other, :n_words].tolist():
                if col not in own:
                    pool.setdefault(col, other)
    if not pool:
        return []
    cols = np.array(sorted(pool))
    low = phi[topic, cols] <= np.median(phi[topic, cols])
    return [(int(c), pool[int(c)]) for c in cols[low]]


def word_intrusion_items(model: FittedTopics, *, n_words: int = 5, n_items: int = 1, seed: int = 1) -> pd.DataFrame:
    """Word-intrusion items: per topic, ``n_items`` sets of its top ``n_words`` words plus an intruder.

    Returns the columns of :data:`ITEM_COLUMNS`, one row per item (``task`` is ``"word"``,
    ``doc_id``, ``labels`` and ``shares`` are empty). The intruders of one topic's items are
    drawn without replacement. See the module docstring for the rules.

    Raises:
        ArgumentError: a count below 1, or a topic without any possible intruder (too few
            topics or terms: fit more topics, or show fewer words).
    """
    _check_count("n_words", n_words, 1)
    _check_count("n_items", n_items, 1)
    _check_seed(seed)
    phi = np.asarray(model.topic_term_, dtype=float)
    vocab = np.asarray(model.dtm.vocab).astype(str)
    if phi.shape[0] < 2:
        raise ArgumentError("word intrusion needs a model with at least 2 topics (intruders come from other topics)")
    rng = np.random.default_rng(seed)
    top = np.argsort(-phi, axis=1, kind="stable")[:, :n_words]
    rows = []
    for topic in range(phi.shape[0]):
        pool = word_candidates(phi, topic, n_words)
        if len(pool) < n_items:
            raise ArgumentError(f"topic {topic} has {len(pool)} possible intruder(s) for n_items={n_items}: an "
                                "intruder must be a top word of another topic and rare in this one; fit more "
                                "topics, lower n_items or raise n_words")
        for j, pick in enumerate(rng.choice(len(pool), size=n_items, replace=False)):
            col, other = pool[int(pick)]
            words = [str(w) for w in vocab[top[topic]]] + [str(vocab[col])]
            shown = tuple(words[i] for i in rng.permutation(len(words)))
            rows.append((f"word-{topic}-{j}", "word", topic, "", shown, str(vocab[col]), other, (), ()))
    return pd.DataFrame(rows, columns=ITEM_COLUMNS)


def topic_label(phi: np.ndarray, vocab: np.ndarray, topic: int, n: int = 5) -> str:
    """``"3: war, tanks, troops"``: a topic's id and its ``n`` most probable words."""
    words = vocab[np.argsort(-phi[topic], kind="stable")[:n]]
    return f"{topic}: " + ", ".join(map(str, words))


def topic_intrusion_items(model: FittedTopics, *, n_docs: int = 20, n_topics: int = 3, seed: int = 1
                          ) -> pd.DataFrame:
    """Topic-intrusion items: ``n_docs`` random documents, each with its top ``n_topics`` topics plus an intruder.

    Returns the columns of :data:`ITEM_COLUMNS`, one row per document (``task`` is
    ``"topic"``, ``topic`` is the document's largest topic): ``options`` are topic ids in
    shown (shuffled) order, ``labels`` their top words, ``shares`` the document's θ of each —
    what :func:`framing.validation.intrusion_precision` needs for the topic log odds.

    Raises:
        ArgumentError: a count below 1, or a model with no more than ``n_topics`` topics.
    """
    _check_count("n_docs", n_docs, 1)
    _check_count("n_topics", n_topics, 1)
    _check_seed(seed)
    theta = np.asarray(model.doc_topic_, dtype=float)
    phi = np.asarray(model.topic_term_, dtype=float)
    vocab = np.asarray(model.dtm.vocab).astype(str)
    k = theta.shape[1]
    if k <= n_topics:
        raise ArgumentError(f"topic intrusion with n_topics={n_topics} needs a model with more than {n_topics} "
                            f"topics; this one has {k}: lower n_topics")
    rng = np.random.default_rng(seed)
    ids = model.dtm.docs["doc_id"].astype(str).to_numpy()
    low_from = max(n_topics, math.ceil(k / 2))
    rows = []
    for d in np.sort(rng.choice(len(theta), size=min(n_docs, len(theta)), replace=False)):
        order = np.argsort(-theta[d], kind="stable")
        intruder = int(order[low_from + rng.integers(k - low_from)])
        topics = [int(t) for t in order[:n_topics]] + [intruder]
        shown = tuple(topics[i] for i in rng.permutation(len(topics)))
        rows.append((f"topic-{ids[d]}", "topic", int(order[0]), str(ids[d]), shown, intruder, intruder,
                     tuple(topic_label(phi, vocab, t) for t in shown), tuple(float(theta[d, t]) for t in shown)))
    return pd.DataFrame(rows, columns=ITEM_COLUMNS)
