"""Near-duplicates and syndicated copy: the same story carried by several outlets or re-published.

:func:`near_duplicates` finds documents whose texts share most of their word shingles, within a
few days of each other: an agency story run by three outlets under new headlines, a joint
statement published by two offices, a press release posted again the next day. Candidates come
from MinHash signatures and LSH (:mod:`framing.corpus.minhash`); each candidate pair is then
checked on its **exact** Jaccard similarity, so the MinHash error never decides, only whether a
pair is looked at. Linked pairs form clusters (connected components); each cluster's earliest
document (ties: the first in the corpus) is the one :func:`drop_near_duplicates` keeps.

Titles are not compared (a new headline is the typical change); texts are tokenised as in the
document-term matrix (:func:`framing.corpus.text.tokenize_texts`).

>>> import framing as fr, pandas as pd
>>> wire = "Talks between the two delegations will resume on Monday in Istanbul, officials said. " * 3
>>> corpus = fr.from_dataframe(pd.DataFrame({
...     "doc_id": ["a", "b", "c"], "outlet": ["Agency", "Daily", "Weekly"],
...     "date": ["2022-03-01", "2022-03-02", "2022-03-20"],
...     "text": [wire, wire + "Read more.", wire + "From the archive."]}))
>>> report = fr.near_duplicates(corpus, progress=False)
>>> report[["cluster", "doc_id", "kept", "days_after"]].values.tolist()
[[1, 'a', True, 0], [1, 'b', False, 1]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from framing._infra.errors import ArgumentError
from framing.corpus.corpus import Corpus
from framing.corpus.minhash import ShingleSets, candidate_pairs, lsh_bands, signatures

COLUMNS = ["cluster", "doc_id", "outlet", "date", "title", "kept", "days_after", "jaccard", "jaccard_estimate"]
"""The columns of :func:`near_duplicates`' report."""


def _check(threshold: float, within_days: int | None, shingle: int, num_perm: int, seed: int) -> None:
    if not 0 < threshold <= 1:
        raise ArgumentError(f"threshold must be a Jaccard similarity in (0, 1], got {threshold!r}")
    if within_days is not None and (isinstance(within_days, bool) or not isinstance(within_days, int)
                                    or within_days < 0):
        raise ArgumentError(f"within_days must be a whole number of days ≥ 0, or None for any distance; "
                            f"got {within_days!r}")
    if isinstance(shingle, bool) or not isinstance(shingle, int) or shingle < 1:
        raise ArgumentError(f"shingle must be a number of words ≥ 1, got {shingle!r}")
    if isinstance(num_perm, bool) or not isinstance(num_perm, int) or num_perm < 2:
        raise ArgumentError(f"num_perm must be a whole number ≥ 2, got {num_perm!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ArgumentError(f"seed must be a whole number ≥ 0, got {seed!r}")


def near_duplicates(corpus: Corpus, *, threshold: float = 0.8, within_days: int | None = 3, shingle: int = 5,
                    num_perm: int = 128, seed: int = 1, progress: bool = True) -> pd.DataFrame:
    """Clusters of documents whose texts are near-duplicates, one row per document in a cluster.

    Two documents are linked when the exact Jaccard similarity of their sets of ``shingle``-word
    shingles, :math:`J = |S_a \\cap S_b| / |S_a \\cup S_b|`, is at least ``threshold`` and their
    calendar dates are at most ``within_days`` apart; clusters are the connected components of
    these links (so a chain of re-publications can span more than ``within_days``). Pairs are found
    by MinHash + LSH (Broder 1997; Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*,
    ch. 3): a pair of similarity :math:`J` is missed with probability :math:`(1-J^r)^b`, ``(b, r)``
    from :func:`framing.corpus.minhash.lsh_bands` — with the defaults (18 bands of 6 rows) at most
    0.005 at :math:`J=0.8` and 10⁻⁶ at :math:`J=0.9`.

    Args:
        corpus: the documents.
        threshold: the least Jaccard similarity of a near-duplicate pair.
        within_days: the most calendar days between the two; ``None``: any distance.
        shingle: words per shingle (short documents are one shingle).
        num_perm: MinHash permutations (more: a finer estimate, slower).
        seed: the seed of the MinHash permutations.
        progress: show a progress bar while hashing.

    Returns:
        Columns ``cluster`` (1, 2, … in order of the clusters' first dates), ``doc_id``, ``outlet``,
        ``date``, ``title``, ``kept`` (the cluster's earliest document), ``days_after`` (calendar days
        after it), ``jaccard`` (exact similarity to it) and ``jaccard_estimate`` (the MinHash
        estimate of the same, standard error :math:`\\sqrt{J(1-J)/\\text{num\\_perm}}`). Sorted by
        cluster, date and corpus order; empty when nothing repeats.

    Raises:
        ArgumentError: a value out of range (the message names it).
    """
    _check(threshold, within_days, shingle, num_perm, seed)
    df = corpus.df
    if len(df) < 2:
        return pd.DataFrame(columns=COLUMNS)
    from framing.corpus.text import tokenize_texts

    tokens = tokenize_texts(df["text"])
    real = tokens.ids >= 0  # sentence boundaries do not part a copied text
    doc_of = np.repeat(np.arange(len(df)), np.diff(tokens.offsets))[real]
    offsets = np.concatenate([[0], np.cumsum(np.bincount(doc_of, minlength=len(df)))])
    shingles = ShingleSets.from_token_ids(tokens.ids[real], offsets, size=shingle)
    signature = signatures(shingles, num_perm=num_perm, seed=seed, progress=progress)
    bands, rows = lsh_bands(threshold, num_perm)
    pairs = candidate_pairs(signature, bands=bands, rows=rows)
    stamp = df["date"].to_numpy().astype("datetime64[s]").astype(np.int64)
    day = df["date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    if within_days is not None and len(pairs):
        pairs = pairs[np.abs(day[pairs[:, 0]] - day[pairs[:, 1]]) <= within_days]
    linked = [p for p in pairs if shingles.jaccard(int(p[0]), int(p[1])) >= threshold]
    if not linked:
        return pd.DataFrame(columns=COLUMNS)
    edges = np.array(linked)
    graph = sp.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(len(df), len(df)))
    _, label = connected_components(graph, directed=False)
    members = np.unique(edges)
    order = members[np.lexsort((members, stamp[members], label[members]))]
    first_of: dict[int, int] = {}
    for i in order:  # by time within a cluster (ties: corpus order), so the first seen is the earliest
        first_of.setdefault(int(label[i]), int(i))
    first = np.array([first_of[int(label[i])] for i in order])
    firsts = np.unique(first)
    number = {int(f): k + 1 for k, f in enumerate(firsts[np.lexsort((firsts, stamp[firsts]))])}
    out = df.loc[order, ["doc_id", "outlet", "date", "title"]].reset_index(drop=True)
    out.insert(0, "cluster", [number[int(f)] for f in first])
    out["kept"] = order == first
    out["days_after"] = (day[order] - day[first]).astype(int)
    out["jaccard"] = [1.0 if i == f else shingles.jaccard(int(f), int(i)) for i, f in zip(order, first)]
    out["jaccard_estimate"] = (signature[order] == signature[first]).mean(axis=1)
    return out.sort_values("cluster", kind="stable").reset_index(drop=True)[COLUMNS]


def drop_near_duplicates(corpus: Corpus, *, threshold: float = 0.8, within_days: int | None = 3,
                         seed: int = 1, progress: bool = True) -> tuple[Corpus, pd.DataFrame]:
    """The corpus without the later members of each near-duplicate cluster, and the report.

    Keeps each cluster's earliest document (see :func:`near_duplicates`, whose report is
    returned as well); the corpus keeps its ``report``.

    >>> # kept, report = drop_near_duplicates(corpus, threshold=0.8, within_days=3)
    """
    report = near_duplicates(corpus, threshold=threshold, within_days=within_days, seed=seed, progress=progress)
    dropped = set(report.loc[~report["kept"], "doc_id"]) if len(report) else set()
    df = corpus.df
    return Corpus(df.loc[~df["doc_id"].isin(dropped)], report=corpus.report), report


def drop_near_duplicate_rows(df: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """A reader's validated table without its near-duplicates (defaults of :func:`near_duplicates`).

    Returns the remaining rows and ``(kept doc_id, dropped doc_id)`` pairs, for ``dedupe="near"``.
    """
    kept, report = drop_near_duplicates(Corpus(df), progress=False)
    if not len(report):
        return df, []
    first = report.loc[report["kept"]].set_index("cluster")["doc_id"]
    later = report.loc[~report["kept"]]
    return kept.df, list(zip(later["cluster"].map(first), later["doc_id"]))
