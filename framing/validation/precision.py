"""How often coders found the intruder: model precision and topic log odds (Chang et al. 2009).

For word intrusion, with ``ω_k`` the intruder of topic ``k``'s item and ``i_ks`` the word coder
``s`` picked among the ``S_k`` answers on ``k``'s items, the **model precision** of topic ``k``
is the share of answers that found the intruder,

    MP_k = (1/S_k) Σ_s 1(i_ks = ω_k),

and the model's is the mean of ``MP_k`` over its topics (Chang et al. 2009, eq. 1). For topic
intrusion, with ``θ_d`` the document's topic shares, ``j*_d`` the intruder topic and ``j_ds`` the
topic coder ``s`` picked, the **topic log odds** of document ``d`` is

    TLO_d = (1/S_d) Σ_s (log θ_d,j*_d − log θ_d,j_ds),

0 when every coder found the intruder and more negative the likelier the topic wrongly picked
(eq. 2); the model's is the mean over documents. Its ``precision`` is the share of answers that
found the intruder.

Intervals resample **items** (all answers on an item stay together) with the engine of
:mod:`framing.stats.bootstrap`: per topic, that topic's items (stream keyed ``word/<topic>``);
for the model, its topics with all their items (stream ``word/model``: replicate ``b`` is the
mean of ``MP_k`` over a draw of the topics with replacement, as MP is a mean over topics); for
topic intrusion, the documents (stream ``topic/model``). Percentile intervals at coverage ``ci``.
A topic with one item has no spread to resample and a zero-width interval: give
``word_intrusion_items`` an ``n_items`` of 3 or more for intervals per topic.

Chang, J., Boyd-Graber, J., Gerrish, S., Wang, C. & Blei, D. M. (2009). Reading tea leaves: how
humans interpret topic models. *NIPS 22*. The answers come from coders' answer files
(:func:`read_intrusion_answers`, written by :class:`framing.widgets.IntrusionCoder`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing._infra.errors import CodingError
from framing.stats.bootstrap import check_bootstrap, percentile_interval, resample_sums
from framing.validation.answers import read_rows
from framing.validation.intrusion import ITEM_COLUMNS

KEY = "item"
ANSWER = "answer"
ANSWER_COLUMNS = ["coder", "item", "answer"]
COLUMNS = ["task", "level", "topic", "items", "answers", "correct", "precision", "precision_lo", "precision_hi",
           "tlo", "tlo_lo", "tlo_hi"]


def _options(items: pd.DataFrame) -> dict[str, list[str]]:
    missing = [c for c in ITEM_COLUMNS if c not in items]
    if missing:
        raise CodingError(f"the items lack the column(s) {missing}; make them with word_intrusion_items or "
                          "topic_intrusion_items")
    if not items["item"].is_unique:
        raise CodingError(f"item ids must be unique; repeated: {items.loc[items['item'].duplicated(), 'item'].tolist()}")
    return {str(i): [str(o) for o in opts] for i, opts in zip(items["item"], items["options"])}


def read_intrusion_answers(paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], items: pd.DataFrame, *,
                           coder: str | None = None) -> pd.DataFrame:
    """The answers of one or more coders' intrusion answer files: ``coder, item, answer``.

    Raises:
        CodingError: a file is missing or lacks a column, belongs to another coder (``coder``),
            names an item that is not in ``items``, or an answer that the item did not offer (the
            message names the file, line and field).
    """
    options = _options(items)
    files = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    rows = []
    for path in files:
        for line, row in read_rows(path, key=KEY, fields=[ANSWER], coder=coder):
            where = f"{path}, line {line}"
            if row[KEY] not in options:
                raise CodingError(f"{where}, field {KEY!r}: {row[KEY]!r} is not one of the {len(options)} items "
                                  "(were the items made from another model or seed?)")
            if row[ANSWER] not in options[row[KEY]]:
                raise CodingError(f"{where}, field {ANSWER!r}: {row[ANSWER]!r} was not offered by item {row[KEY]!r}; "
                                  f"its options are {options[row[KEY]]}")
            rows.append((row["coder"], row[KEY], row[ANSWER]))
    return pd.DataFrame(rows, columns=ANSWER_COLUMNS)


def _item_values(answers: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Per answered item: ``answers``, ``correct`` and the summed log odds of the picks."""
    options = _options(items)
    missing = [c for c in ANSWER_COLUMNS if c not in answers]
    if missing:
        raise CodingError(f"the answers lack the column(s) {missing}; they need {ANSWER_COLUMNS}")
    unknown = sorted(set(answers["item"].astype(str)) - set(options))
    if unknown:
        raise CodingError(f"answers name items that are not in the items: {unknown[:5]}")
    indexed = items.assign(item=items["item"].astype(str)).set_index("item")
    a = answers.assign(item=answers["item"].astype(str), answer=answers["answer"].astype(str))
    intruder = indexed.loc[a["item"], "intruder"].astype(str).to_numpy()
    a["correct"] = (a["answer"].to_numpy() == intruder).astype(float)
    # log θ of each shown topic of a topic-intrusion item, by the topic's text (as answers give it)
    log_share: dict[str, dict[str, float]] = {
        str(item): {str(o): float(np.log(share)) for o, share in zip(opts, shares)}
        for item, task, opts, shares in zip(items["item"], items["task"], items["options"], items["shares"])
        if task == "topic"}
    a["log_odds"] = [log_share[i][j] - log_share[i][w] if i in log_share else 0.0
                     for i, j, w in zip(a["item"], intruder, a["answer"])]
    per_item = a.groupby("item", sort=False).agg(answers=("answer", "size"), correct=("correct", "sum"),
                                                  log_odds=("log_odds", "sum"))
    return per_item.join(indexed[["task", "topic"]]).reset_index()


def _row(task: str, level: str, topic: object, part: pd.DataFrame, precision: float, bounds: tuple[float, float],
         tlo: tuple[float, float, float]) -> tuple:
    return (task, level, topic, len(part), int(part["answers"].sum()), int(part["correct"].sum()),
            precision, *bounds, *tlo)


def _word_rows(values: pd.DataFrame, n_boot: int, ci: float, seed: int) -> list[tuple]:
    rows = []
    nan3 = (np.nan, np.nan, np.nan)
    for topic, part in values.groupby("topic", sort=True):
        sums = resample_sums(part[["correct", "answers"]].to_numpy(float), n_boot=n_boot, seed=seed,
                             key=f"word/{topic}")
        lo, hi = percentile_interval((sums[:, 0] / sums[:, 1])[:, None], ci)
        rows.append(_row("word", "topic", topic, part, part["correct"].sum() / part["answers"].sum(),
                         (float(lo[0]), float(hi[0])), nan3))
    if rows:
        precisions = np.array([r[6] for r in rows], dtype=float)
        sums = resample_sums(np.column_stack([precisions, np.ones(len(precisions))]), n_boot=n_boot, seed=seed,
                             key="word/model")
        lo, hi = percentile_interval((sums[:, 0] / sums[:, 1])[:, None], ci)
        rows.append(_row("word", "model", pd.NA, values, float(precisions.mean()), (float(lo[0]), float(hi[0])), nan3))
    return rows


def _topic_rows(values: pd.DataFrame, n_boot: int, ci: float, seed: int) -> list[tuple]:
    if not len(values):
        return []
    per_doc = values.assign(tlo=values["log_odds"] / values["answers"], one=1.0)
    sums = resample_sums(per_doc[["correct", "answers", "tlo", "one"]].to_numpy(float), n_boot=n_boot, seed=seed,
                         key="topic/model")
    lo, hi = percentile_interval(np.column_stack([sums[:, 0] / sums[:, 1], sums[:, 2] / sums[:, 3]]), ci)
    tlo = (float(per_doc["tlo"].mean()), float(lo[1]), float(hi[1]))
    return [_row("topic", "model", pd.NA, values, values["correct"].sum() / values["answers"].sum(),
                 (float(lo[0]), float(hi[0])), tlo)]


def intrusion_precision(answers: pd.DataFrame, items: pd.DataFrame, *, n_boot: int = 1000, ci: float = 0.95,
                        seed: int = 1) -> pd.DataFrame:
    """Model precision per topic and per model (word intrusion); precision and TLO per model (topic intrusion).

    Args:
        answers: ``coder, item, answer`` (:func:`read_intrusion_answers`).
        items: the items answered (:func:`framing.validation.word_intrusion_items`,
            :func:`framing.validation.topic_intrusion_items`, or both concatenated).
        n_boot, ci, seed: the item bootstrap (see the module docstring).

    Returns:
        Columns ``task`` (``word``/``topic``), ``level`` (``topic``/``model``), ``topic`` (NA at
        the model level), ``items``, ``answers``, ``correct``, ``precision`` with
        ``precision_lo``/``_hi``, and for topic intrusion ``tlo`` with ``tlo_lo``/``_hi`` (NaN
        for word intrusion). Items nobody answered are left out.

    >>> items = pd.DataFrame({"item": ["word-0-0", "word-1-0"], "task": "word", "topic": [0, 1], "doc_id": "",
    ...     "options": [("war", "tank", "gas"), ("gas", "oil", "tank")], "intruder": ["gas", "tank"],
    ...     "intruder_topic": [1, 0], "labels": [(), ()], "shares": [(), ()]})
    >>> answers = pd.DataFrame({"coder": ["a", "a", "b", "b"], "item": ["word-0-0", "word-1-0"] * 2,
    ...                         "answer": ["gas", "tank", "war", "tank"]})
    >>> intrusion_precision(answers, items, n_boot=0)[["level", "topic", "answers", "correct", "precision"]]
       level  topic  answers  correct  precision
    0  topic      0        2        1       0.50
    1  topic      1        2        2       1.00
    2  model   <NA>        4        3       0.75
    """
    check_bootstrap(n_boot, ci, seed)
    values = _item_values(answers, items)
    rows = _word_rows(values[values["task"] == "word"], n_boot, ci, seed) + \
        _topic_rows(values[values["task"] == "topic"], n_boot, ci, seed)
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["topic"] = out["topic"].astype("Int64")
    return out
