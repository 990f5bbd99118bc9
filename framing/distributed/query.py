"""What the distributed term analyses share: a function on every block, the groups of the whole
corpus from each block's, the patterns resolved once against the whole vocabulary, and sums.

The analyses of :mod:`framing.distributed.terms` and :mod:`framing.distributed.concordance` run
single-machine code on the workers, one block (of a :class:`~framing.distributed.DaskMatrix`) or
partition (of a :class:`~framing.distributed.DaskCorpus`) at a time, and add up what it returns:

- **Blocks.** :class:`Parts` runs a function on each block as a single-machine
  :class:`~framing.DocTermMatrix`: the block's rows over the global vocabulary, or a partition's own
  unigram matrix (:func:`framing.dtm.patterns.corpus_matrix`, as a query on a corpus uses; an
  empty partition gets an empty one).
- **Groups.** Each block groups its own documents (:meth:`Grouping.of <framing.dtm.grouping.Grouping.of>`);
  the client groups the blocks' group labels again, which gives the labels, in the order, one
  machine gives (sorted; missing values last), and each block's map from its groups to them
  (:func:`whole_groups`).
- **Patterns.** The patterns are resolved once, on the client, against the vocabulary one machine
  resolves them against — the matrix's; with phrases longer than its n-grams, the union of the
  blocks' narrowed vocabularies (:func:`framing.dtm.patterns.with_phrases`, which each block makes
  from its own token stream); for partitions, the union of the terms matched in each. A pattern
  that matches nothing warns once, naming near entries of the whole vocabulary, as on one machine
  (:func:`resolve_query`). Each block then counts the matched terms it holds (:func:`pattern_counts`).
- **Sums** of whole numbers are exact in any order: :meth:`Parts.total` adds the blocks' results
  on the workers, pair by pair (:func:`framing.distributed.reduce.tree_reduce`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from framing._infra.cache import derived
from framing.corpus.corpus import Corpus, require_documents
from framing.corpus.text import Tokens
from framing.distributed.corpus import DaskCorpus
from framing.distributed.matrix import DaskMatrix, MatrixBlock
from framing.distributed.reduce import settle, tree_reduce
from framing.dtm.grouping import Grouping
from framing.dtm.lemmas import document_languages
from framing.dtm.matrix import DocTermMatrix, DTMOptions
from framing.dtm.patterns import (
    Pattern,
    PatternSpec,
    alternative_columns,
    column_major,
    compile_patterns,
    corpus_matrix,
    pattern_columns,
    with_phrases,
)
from framing.terms import stoplist

BlockFunction = Callable[..., Any]
"""``fn(matrix, corpus, *args)``: a block as a DocTermMatrix, its partition's Corpus (``None`` for a matrix block)."""


def partition_matrix(part: Corpus) -> DocTermMatrix:
    """The unigram matrix a query on the partition ``part`` reads (:func:`framing.dtm.patterns.corpus_matrix`);
    empty for an empty partition (which :func:`framing.document_term_matrix` refuses)."""
    if len(part):
        return corpus_matrix(part, 1)
    empty = np.zeros(0, dtype=object)
    return DocTermMatrix(matrix=sp.csr_matrix((0, 0), dtype=np.int64), vocab=empty, doc_lengths=np.zeros(0, np.int64),
                         docs=part.df.drop(columns=["text"]), options=DTMOptions(), fingerprint=part.fingerprint,
                         tokens=Tokens(ids=np.zeros(0, np.int32), offsets=np.zeros(1, np.int64), vocab=empty))


def _run(part: MatrixBlock | Corpus, vocab: Any, options: Any, fingerprint: str, fn: BlockFunction,
         args: tuple[Any, ...]) -> Any:
    if isinstance(part, MatrixBlock):  # vocab and options are the matrix's
        return fn(part.local(vocab, options, fingerprint), None, *args)
    return fn(partition_matrix(part), part, *args)


def add(a: Any, b: Any) -> Any:
    """``a + b`` of numbers, arrays or sparse matrices; element by element in tuples, key by key in dicts.

    >>> add(({0: 1.0}, 2), ({0: 2.0, 3: 1.0}, 5))
    ({0: 3.0, 3: 1.0}, 7)
    """
    if isinstance(a, dict):
        return {k: add(a[k], b[k]) if k in a and k in b else a.get(k, b.get(k)) for k in {**a, **b}}
    if isinstance(a, tuple):
        return tuple(add(x, y) for x, y in zip(a, b))
    return a + b


@dataclasses.dataclass(frozen=True)
class Parts:
    """The blocks of a :class:`DaskMatrix` or the partitions of a :class:`DaskCorpus`, as analyses use them.

    Attributes:
        client: the ``distributed.Client``.
        futures: one future per block (a :class:`MatrixBlock` or a :class:`~framing.Corpus`).
        vocab: the global vocabulary of a matrix (``None`` for partitions, which have their own).
        vocab_future: the vocabulary on the workers (``None`` for partitions).
        options: the matrix's options (``None`` for partitions: those of :func:`partition_matrix`).
        fingerprint: the matrix's corpus fingerprint (``""`` for partitions).
        n_docs: documents per block.
    """

    client: Any
    futures: tuple[Any, ...]
    vocab: np.ndarray | None
    vocab_future: Any
    options: DTMOptions | None
    fingerprint: str
    n_docs: tuple[int, ...]

    @classmethod
    def of(cls, data: DaskMatrix | DaskCorpus) -> Parts:
        """The blocks of a distributed matrix or corpus."""
        if isinstance(data, DaskMatrix):
            return cls(data.client, data.blocks, data.vocab, data.vocab_future, data.options, data.fingerprint,
                       data.n_docs)
        return cls(data.client, data.parts, None, None, None, "", data.n_docs)

    def submit(self, fn: BlockFunction, *args: Any, each: Sequence[Any] | None = None) -> list[Any]:
        """Futures of ``fn(matrix, corpus, [each[i],] *args)`` on each block ``i`` (``fn`` module-level)."""
        return [self.client.submit(_run, part, self.vocab_future, self.options, self.fingerprint, fn,
                                   args if each is None else (each[i], *args), pure=False)
                for i, part in enumerate(self.futures)]

    def run(self, fn: BlockFunction, *args: Any, each: Sequence[Any] | None = None, desc: str | None = None,
            progress: bool = False) -> list[Any]:
        """The results of :meth:`submit`, in block order; a progress bar named ``desc`` while they come, and
        a block's :class:`~framing.FramingError` raised as framing wrote it (:func:`settle`)."""
        futures = self.submit(fn, *args, each=each)
        settle(futures, desc=desc or fn.__name__, enabled=progress and desc is not None)
        return list(self.client.gather(futures))

    def total(self, fn: BlockFunction, *args: Any, each: Sequence[Any] | None = None, desc: str | None = None,
              progress: bool = False) -> Any:
        """The sum of ``fn``'s results over the blocks, added pair by pair on the workers (:func:`tree_reduce`;
        the sums of whole numbers — counts, tokens, replicate sums — are exact in any order), gathered."""
        futures = self.submit(fn, *args, each=each)
        settle(futures, desc=desc or fn.__name__, enabled=progress and desc is not None)
        return self.client.gather(tree_reduce(self.client, futures, add)[0])


# --- groups -------------------------------------------------------------------------------------
def _local_groups(dtm: DocTermMatrix, corpus: Corpus | None, by: Any, period: str | None) -> tuple[pd.DataFrame, np.ndarray]:
    grouping = Grouping.of(dtm.docs, by, period)
    return grouping.labels, grouping.sizes


@dataclasses.dataclass(frozen=True)
class WholeGroups:
    """The groups of all the blocks' documents.

    Attributes:
        grouping: the labels (as one machine sorts them; ``codes`` empty: they stay on the workers).
        maps: per block, the number of the whole's group of each of the block's own groups.
        sizes: blocks × groups, the documents of each group in each block.
    """

    grouping: Grouping
    maps: list[np.ndarray]
    sizes: np.ndarray

    @property
    def n_groups(self) -> int:
        """Number of groups."""
        return self.grouping.n_groups

    def offsets(self) -> np.ndarray:
        """Blocks × groups: the position, within its group, of each block's first document of the group."""
        return np.cumsum(self.sizes, axis=0) - self.sizes


def whole_groups(parts: Parts, by: Any, period: str | None) -> WholeGroups:
    """Group each block's documents on its worker, and the blocks' labels on the client (module docstring)."""
    local = parts.run(_local_groups, by, period)
    frames = [labels for labels, _ in local]
    bounds = np.cumsum([0, *map(len, frames)])
    if len(frames[0].columns):
        whole = Grouping.of(pd.concat(frames, ignore_index=True), list(frames[0].columns))
        labels, codes = whole.labels, whole.codes
    else:  # one group of all documents (each block has that one group)
        labels, codes = pd.DataFrame(index=[0]), np.zeros(bounds[-1], dtype=np.int64)
    maps = [codes[a:b] for a, b in zip(bounds[:-1], bounds[1:])]
    sizes = np.zeros((len(frames), len(labels)), dtype=np.int64)
    for i, (mapping, (_, counts)) in enumerate(zip(maps, local)):
        np.add.at(sizes[i], mapping, counts)
    return WholeGroups(Grouping(labels, np.zeros(0, dtype=np.int64)), maps, sizes)


def block_codes(dtm: DocTermMatrix, by: Any, period: str | None, mapping: np.ndarray) -> np.ndarray:
    """Each of the block's documents' number among the whole's groups (:attr:`WholeGroups.maps`)."""
    return mapping[Grouping.of(dtm.docs, by, period).codes].astype(np.int64)


# --- languages ----------------------------------------------------------------------------------
def _languages(dtm: DocTermMatrix, corpus: Corpus | None) -> tuple[tuple[str, ...], list[str | None], str]:
    return document_languages(dtm.docs), stoplist.document_languages(dtm), dtm.options.text.transliterate


@dataclasses.dataclass(frozen=True)
class Languages:
    """The documents' languages: for ``lemma:`` patterns (:func:`framing.dtm.lemmas.document_languages`)
    and for stopword lists (:func:`framing.terms.stoplist.document_languages`), and the transliteration
    of the blocks' matrices."""

    lemmas: tuple[str, ...]
    stopwords: list[str | None]
    transliterate: str


def languages(parts: Parts) -> Languages:
    """The languages of all the blocks' documents (sets: the union of the blocks')."""
    found = parts.run(_languages)
    lemmas = tuple(sorted({lang for f in found for lang in f[0]}))
    return Languages(lemmas, list(dict.fromkeys(lang for f in found for lang in f[1])), found[0][2])


# --- patterns -----------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Query:
    """Patterns resolved against the whole vocabulary.

    Attributes:
        patterns: the compiled patterns.
        terms: per pattern, the terms it matches (sorted strings).
        phrases: whether each block counts phrases from its token stream
            (:func:`framing.dtm.patterns.with_phrases`).
        languages: the documents' languages, for ``lemma:`` patterns.
    """

    patterns: tuple[Pattern, ...]
    terms: list[np.ndarray]
    phrases: bool
    languages: tuple[str, ...]

    @property
    def names(self) -> list[str]:
        """The patterns' names."""
        return [p.name for p in self.patterns]


def _ngrams(parts: Parts) -> int:
    return parts.options.ngrams if parts.options is not None else 1


def _narrowed(dtm: DocTermMatrix, corpus: Corpus | None, patterns: tuple[Pattern, ...], langs: tuple[str, ...],
              phrases: bool) -> np.ndarray:
    """The block's terms the patterns may match: its narrowed vocabulary, or (unigrams) the terms matched."""
    if phrases:
        return with_phrases(dtm, patterns, languages=langs).vocab
    translit = dtm.options.text.transliterate
    found = [alternative_columns(dtm.vocab, alt, translit, langs) for p in patterns for alt in p.alternatives]
    return dtm.vocab[np.unique(np.concatenate([np.zeros(0, np.int64), *found]))]


def _vocab(dtm: DocTermMatrix, corpus: Corpus | None) -> np.ndarray:
    return dtm.vocab


def _whole_vocab(parts: Parts) -> np.ndarray:
    """The vocabulary of all the blocks (gathered from partitions only when a message needs it)."""
    if parts.vocab is not None:
        return parts.vocab
    found = parts.run(_vocab)
    return np.unique(np.concatenate([np.zeros(0, dtype=object), *found])).astype(object)


def resolve_query(parts: Parts, patterns: PatternSpec, langs: Languages) -> Query:
    """The patterns, checked, and the terms each matches in the whole corpus (module docstring).

    Errors and warnings are those of one machine (:func:`framing.dtm.patterns.pattern_columns`),
    raised once, on the client.
    """
    compiled = compile_patterns(patterns)
    require_documents(sum(parts.n_docs))
    phrases = _ngrams(parts) < max(p.max_words for p in compiled)
    if parts.vocab is not None and not phrases:
        vocab = parts.vocab
    else:
        vocab = np.unique(np.concatenate([np.zeros(0, dtype=object),
                                          *parts.run(_narrowed, compiled, langs.lemmas, phrases)])).astype(object)
        translit = langs.transliterate
        if any(not any(len(alternative_columns(vocab, alt, translit, langs.lemmas)) for alt in p.alternatives)
               for p in compiled):
            # a pattern that matches nothing is compared with the whole vocabulary, as on one machine
            whole = _whole_vocab(parts)
            derived(vocab, "suggestions", lambda: whole)
    terms = [vocab[pattern_columns(vocab, p, transliterate=langs.transliterate, languages=langs.lemmas)]
             for p in compiled]
    return Query(compiled, terms, phrases, langs.lemmas)


def columns_of(vocab: np.ndarray, terms: np.ndarray) -> np.ndarray:
    """The columns of the sorted ``vocab`` holding ``terms`` (those it has)."""
    if not len(vocab) or not len(terms):
        return np.zeros(0, dtype=np.int64)
    at = np.searchsorted(vocab, terms)
    ok = (at < len(vocab)) & (vocab[np.minimum(at, len(vocab) - 1)] == terms)
    return at[ok].astype(np.int64)


def pattern_counts(dtm: DocTermMatrix, query: Query) -> sp.csc_matrix:
    """Per document of the block and pattern, the summed counts of the pattern's terms (documents × patterns,
    int64), as :func:`framing.dtm.patterns.pattern_matrix` counts them on one machine."""
    narrowed = with_phrases(dtm, query.patterns, languages=query.languages) if query.phrases else dtm
    csc = column_major(narrowed.matrix)
    columns = [np.asarray(csc[:, columns_of(narrowed.vocab, terms)].sum(axis=1), dtype=np.int64).ravel()
               for terms in query.terms]
    dense = np.column_stack(columns) if columns else np.zeros((dtm.shape[0], 0), np.int64)
    return sp.csc_matrix(dense)
