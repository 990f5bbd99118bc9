"""Term → topics: which topics of a model a term (or a pattern's terms) belongs to.

For the set ``W`` of vocabulary terms a pattern matches (:mod:`framing.dtm.patterns`: a word, a
glob, ``|`` alternatives, a phrase the model's matrix has as a column):

- ``prob`` — ``p(W | t) = Σ_{w ∈ W} φ[t, w]``, the topic's probability of producing one of
  the terms (the "prob" of :meth:`TopicModel.terms <framing.topics.TopicModel.terms>`, summed);
- ``prevalence`` — ``p(t)``, the topic's share of the modelled tokens
  (:func:`framing.topics.distance.marginal_prevalence`);
- ``share`` — ``p(t | W) = p(W | t) p(t) / Σ_s p(W | s) p(s)`` (Bayes' rule): the share of the
  terms' occurrences the model expects in each topic; it sums to 1 over the topics. This is
  the topic distribution of a term of Chuang, Manning & Heer (2012, "Termite"), which LDAvis
  builds its saliency on (pyLDAvis's code takes ``p(t)`` uniform there).

:meth:`TopicModel.term_topics <framing.topics.TopicModel.term_topics>` answers the same question
from the documents (each occurrence split by its document's θ) and per outlet; this lookup reads
the model alone, for a quick "where does this word live" in a view.

>>> import framing as fr, pandas as pd
>>> corpus = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b", "a", "b"], "date": ["2022-01-01"] * 4,
...     "text": ["war tanks war", "gas prices gas", "tanks shelling war", "prices inflation gas"]}))
>>> model = fr.fit_topics(fr.document_term_matrix(corpus, cache=False), 2, seed=1,
...                       options=fr.LdaOptions(passes=5), progress=False)
>>> table = topics_of_term(model, "tank*")
>>> table.columns.tolist(), table.attrs["terms"], round(float(table["share"].sum()), 12)
(['pattern', 'topic', 'label', 'prob', 'prevalence', 'share'], ['tanks'], 1.0)
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from framing._infra.errors import ArgumentError, PatternError
from framing.dtm.lemmas import document_languages
from framing.dtm.patterns import brief, parse_pattern, pattern_columns
from framing.topics.distance import marginal_prevalence
from framing.topics.model import TopicModel

COLUMNS = ["pattern", "topic", "label", "prob", "prevalence", "share"]
"""The columns of :func:`topics_of_term`."""


def topics_of_term(model: TopicModel, pattern: str, *, n: int | None = None) -> pd.DataFrame:
    """The topics of a term or pattern, most likely first: ``pattern, topic, label, prob, prevalence, share``.

    Args:
        model: a fitted topic model.
        pattern: a term or pattern (:mod:`framing.dtm.patterns` syntax), matched against the
            model's vocabulary; a phrase must be a column of the model's matrix (fit on
            n-grams to look up phrases).
        n: keep the ``n`` topics with the largest ``share`` (``None``: all).

    Returns:
        One row per topic, by ``share`` descending (ties by topic); formulas in the module
        docstring. ``attrs["terms"]`` lists the vocabulary terms the pattern matched.

    Raises:
        PatternError: a malformed pattern, a phrase longer than the model's terms, or a pattern
            that matches no term of the model (the message names near terms).
        ArgumentError: ``n`` is not a whole number ≥ 1.
    """
    if n is not None and (isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1):
        raise ArgumentError(f"n must be a whole number ≥ 1 (topics kept) or None, got {n!r}")
    compiled = dataclasses.replace(parse_pattern(pattern), required=True)
    dtm = model.dtm
    if compiled.max_words > dtm.options.ngrams:
        raise PatternError(f"pattern {brief(pattern)} has a {compiled.max_words}-word phrase, but the model's "
                           f"terms have at most {dtm.options.ngrams} word(s); fit the model on a matrix with "
                           f"ngrams={compiled.max_words} to look up phrases")
    columns = pattern_columns(dtm.vocab, compiled, transliterate=dtm.options.text.transliterate,
                              languages=document_languages(dtm.docs))
    prob = model.topic_term_[:, columns].sum(axis=1).astype(np.float64)
    prevalence = marginal_prevalence(model)
    joint = prob * prevalence
    order = np.lexsort((np.arange(model.k), -joint))[:n]
    table = pd.DataFrame({"pattern": compiled.name, "topic": order, "label": model.labels()["label"].to_numpy()[order],
                          "prob": prob[order], "prevalence": prevalence[order], "share": (joint / joint.sum())[order]},
                         columns=COLUMNS)
    table.attrs["terms"] = [str(t) for t in dtm.vocab[columns]]
    return table
