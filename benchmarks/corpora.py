"""Benchmark corpora: the demo corpus, and synthetic corpora of any size resampled from it.

Every benchmark starts from the demo corpus :data:`DEMO` (``ukraine-2022-window``, 4,297
documents; its topical part :data:`TOPICAL` for the topic models), fetched from its public
sources on first use like any named corpus (``fr.load_corpus``: from ``$FRAMING_MIRROR``
when set, into ``corpora/`` of the checkout unless ``$FRAMING_DATA`` says otherwise).

A synthetic corpus of ``n`` documents draws ``n`` documents of the demo corpus with
replacement (``numpy.random.default_rng(seed)``), keeping each one's outlet, date, title,
text, url and language, with a new unique ``doc_id`` (``<original id>~<row>``). It is
written once, in row groups of :data:`ROW_GROUP` documents (so a million documents never
sit in memory at once), to ``build/bench/corpora/synthetic-<n>-seed<seed>-<base>.parquet``,
``<base>`` being the start of the demo corpus's fingerprint (another build, another file).

Resampling keeps the word statistics of real news and official texts, but its vocabulary
stops growing at the demo corpus's (about 56,000 terms), where a real corpus of a million
articles keeps meeting new words; the 1M figures are therefore a lower bound on vocabulary
size and on the cost of tokenising distinct chunks.

>>> SIZES["100k"]
100000
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from benchmarks.harness import OUT

DEMO = "ukraine-2022-window"
"""The named corpus the benchmarks start from (size ``demo``, and the base of the synthetic sizes)."""
TOPICAL = "ukraine-2022"
"""Its topical part (2,118 documents): the input of the topic-model benchmark."""
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
"""The synthetic sizes of ``make bench`` (``SIZES=demo,10k,100k,1M``)."""

ROW_GROUP = 50_000
COLUMNS = ["doc_id", "outlet", "date", "title", "text", "url", "language"]


def demo_corpus(name: str = DEMO):
    """A demo corpus (:func:`framing.load_corpus`: fetched and built on first use, then cached)."""
    import framing as fr

    return fr.load_corpus(name, progress=False)


def demo_table() -> pa.Table:
    """The demo corpus :data:`DEMO` as an Arrow table of :data:`COLUMNS`."""
    return pa.Table.from_pandas(demo_corpus().df[COLUMNS], preserve_index=False)


def parse_sizes(spec: str) -> list[str]:
    """``"demo,10k"`` → ``["demo", "10k"]``, checked against :data:`SIZES` (plus ``"demo"``)."""
    names = [s.strip() for s in spec.split(",") if s.strip()]
    unknown = [s for s in names if s not in SIZES and s != "demo"]
    if unknown:
        raise ValueError(f"unknown size(s) {unknown}; use some of {['demo', *SIZES]}")
    return names


def synthetic_path(n: int, *, seed: int = 0) -> Path:
    """A Parquet corpus of ``n`` documents resampled from the demo corpus (written on first use)."""
    base = demo_corpus()
    path = OUT / "corpora" / f"synthetic-{n}-seed{seed}-{base.fingerprint[:12]}.parquet"
    if path.exists():
        return path
    import pyarrow.parquet as pq

    from framing._infra.atomic import atomic_path

    source = pa.Table.from_pandas(base.df[COLUMNS], preserve_index=False)
    rng = np.random.default_rng(seed)
    with atomic_path(path) as tmp:
        writer = pq.ParquetWriter(tmp, source.schema, compression="zstd")
        for start in range(0, n, ROW_GROUP):
            rows = rng.integers(0, source.num_rows, size=min(ROW_GROUP, n - start))
            part = source.take(pa.array(rows))
            ids = [f"{d}~{start + i}" for i, d in enumerate(part.column("doc_id").to_pylist())]
            part = part.set_column(0, "doc_id", pa.array(ids, part.schema.field("doc_id").type))
            writer.write_table(part, row_group_size=ROW_GROUP)
        writer.close()
    return path


# --- a corpus whose vocabulary keeps growing ------------------------------------------------
HEAPS_K = 290.0
"""Heaps' constant K of the realistic corpus, calibrated so that 100,000 documents (~38 M tokens)
hold ~1.8 M distinct words by the tokeniser (the issue's synthetic corpus)."""
HEAPS_BETA = 0.5
"""Heaps' exponent β: the vocabulary at token ``n`` is V(n) = K · (n + n₀)^β."""
HEAPS_START = (HEAPS_BETA * HEAPS_K) ** 2
"""n₀ = (βK)²: where V'(n) = 1, so that the vocabulary grows by at most one word per token (the corpus
starts with the ~K²β words of a language that existed before its first document)."""
MEAN_LENGTH = 380
"""Mean document length in tokens (log-normal, σ = :data:`LENGTH_SIGMA`)."""
LENGTH_SIGMA = 0.6
SENTENCE_WORDS = 20
"""Mean words per sentence: each word ends a sentence (". ") with probability 1/20."""
JUNK_SHARE = 0.001
"""Share of tokens that are junk: a URL, a base64-like run of 200–700 characters, or a 12–40-digit run."""
PHRASE_RANKS = (3, 8, 5)
"""Ranks of the three frequent words planted as a phrase (:data:`PHRASE`)."""
PHRASE_RATE = 0.2
"""Share of documents in which :data:`PHRASE` is planted once (at a uniformly drawn position)."""
REALISTIC_CHUNK = 10_000
"""Documents generated (and written as one Parquet row group) at a time."""
CONSONANTS, VOWELS = "bcdfghjklmnpqrstvwxz", "aeiou"
_SYLLABLES = np.array([[ord(c), ord(v)] for c in CONSONANTS for v in VOWELS], dtype=np.uint8)  # 100 × 2 bytes
_ALNUM = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", dtype=np.uint8)


def words(ranks: np.ndarray) -> pa.Array:
    """The word of each rank (1 = most frequent): its bijective base-100 digits spelt as syllables.

    A digit is a consonant–vowel syllable (100 of them), so the 100 most frequent words have
    two letters, the next 10,000 four, the next million six; every rank has its own word, and
    no word is an abbreviation, a number or a stopword-like single letter.

    >>> words(np.array([1, 2, 100, 101, 10_101])).to_pylist()
    ['ba', 'be', 'zu', 'baba', 'bababa']
    """
    ranks = np.asarray(ranks, dtype=np.int64)
    out = pa.array([""] * len(ranks), pa.string())
    start, size, n_syll = 1, 100, 1
    while len(ranks) and start <= ranks.max():
        mask = (ranks >= start) & (ranks < start + size)
        if mask.any():
            idx = ranks[mask] - start
            digits = (idx[:, None] // 100 ** np.arange(n_syll - 1, -1, -1)) % 100
            chars = _SYLLABLES[digits].reshape(len(idx), 2 * n_syll)
            offsets = np.arange(len(idx) + 1, dtype=np.int32) * 2 * n_syll
            spelt = pa.StringArray.from_buffers(len(idx), pa.py_buffer(offsets), pa.py_buffer(chars.tobytes()))
            out = pc.replace_with_mask(out, pa.array(mask), spelt)
        start, size, n_syll = start + size, size * 100, n_syll + 1
    return out


PHRASE = " ".join(words(np.array(PHRASE_RANKS)).to_pylist())
"""The planted three-word phrase (the words of :data:`PHRASE_RANKS`): what the phrase queries look for."""


def _random_strings(rng: np.random.Generator, lengths: np.ndarray, alphabet: np.ndarray) -> pa.Array:
    """Strings of the given lengths, characters drawn uniformly from ``alphabet`` (bytes)."""
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
    chars = alphabet[rng.integers(0, len(alphabet), size=int(offsets[-1]))]
    return pa.StringArray.from_buffers(len(lengths), pa.py_buffer(offsets), pa.py_buffer(chars.tobytes()))


def junk_tokens(rng: np.random.Generator, n: int) -> pa.Array:
    """``n`` junk tokens, a third each (in a random order): URLs, base64-like runs, long digit runs.

    The base64-like runs are 200–700 letters and digits (no ``+``/``/``, so that each is one
    token, as the 609- and 668-character strings of the issue were); digit runs have 12–40
    digits; URLs are ``https://www.<word>.com/<path>`` with a random path of 8–40 characters.
    """
    kind = rng.integers(0, 3, size=n)
    b64 = _random_strings(rng, rng.integers(200, 701, size=int((kind == 0).sum())), _ALNUM)
    digits = _random_strings(rng, rng.integers(12, 41, size=int((kind == 1).sum())), _ALNUM[-10:])
    n_url = int((kind == 2).sum())
    host = words(rng.integers(1, 10_000, size=n_url))
    path = _random_strings(rng, rng.integers(8, 41, size=n_url), _ALNUM[26:])
    urls = pc.binary_join_element_wise("https://www.", host, ".com/", path, "")
    order = np.argsort(np.argsort(kind, kind="stable"), kind="stable")  # position of each token among its kind's
    return pa.concat_arrays([b64, digits, urls.cast(pa.string())]).take(pa.array(order))


def _chunk_texts(rng: np.random.Generator, lengths: np.ndarray, first_token: int, vocab: pa.Array) -> pa.Array:
    """The texts of documents of ``lengths`` tokens whose first token is number ``first_token`` of the corpus."""
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    total = int(offsets[-1])
    position = np.arange(first_token - 1, first_token + total, dtype=np.float64) + HEAPS_START
    cap = np.floor(HEAPS_K * position ** HEAPS_BETA).astype(np.int64)  # V(n - 1), V(n), ...
    # floor(V^u), u uniform: Zipf(1) truncated at V(n), P(rank = r) = ln((r + 1) / r) / ln V(n);
    # where V(n) grows, token n is the new word of rank V(n)
    ranks = np.floor(np.exp(rng.random(total) * np.log(cap[1:]))).astype(np.int64)
    new = cap[1:] > cap[:-1]
    ranks[new] = cap[1:][new]
    ends = rng.random(total) < 1 / SENTENCE_WORDS
    ends[offsets[1:] - 1] = True  # every document ends a sentence
    junk = rng.random(total) < JUNK_SHARE
    planted = np.flatnonzero(rng.random(len(lengths)) < PHRASE_RATE)
    at = offsets[planted] + np.floor(rng.random(len(planted)) * (lengths[planted] - 2)).astype(np.int64)
    for k, rank in enumerate(PHRASE_RANKS):
        ranks[at + k] = rank
        junk[at + k] = False
    ends[at] = ends[at + 1] = False
    tokens = vocab.take(pa.array(ranks - 1))
    if junk.any():
        tokens = pc.replace_with_mask(tokens, pa.array(junk), junk_tokens(rng, int(junk.sum())))
    tokens = pc.binary_join_element_wise(tokens, pa.array(["", "."]).take(pa.array(ends.astype(np.int8))), "")
    return pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), tokens), " ")


def realistic_tables(n: int, meta: pa.Table, *, seed: int = 0) -> Iterator[pa.Table]:
    """The realistic corpus of ``n`` documents, :data:`REALISTIC_CHUNK` documents at a time.

    Document lengths are log-normal (mean :data:`MEAN_LENGTH`, at least 3 tokens). Token
    ``n`` of the corpus (counting across documents) is the word of rank ``floor(V(n)^u)``
    with ``u`` uniform on [0, 1) and ``V(n) = floor(K · (n + n₀)^β)`` (:data:`HEAPS_K`,
    :data:`HEAPS_BETA`, :data:`HEAPS_START`), except that where ``V(n) > V(n - 1)`` it is the
    new word of rank ``V(n)``: word frequencies follow Zipf's law with exponent 1 truncated at
    a vocabulary that grows as Heaps' law says (Heaps 1978; Baayen 2001, ch. 1), so the
    distinct words of the first ``N`` tokens are about ``K · N^β``. Words are spelt from
    their rank (:func:`words`). A word ends a sentence with probability 1 /
    :data:`SENTENCE_WORDS`; :data:`JUNK_SHARE` of the tokens are junk (:func:`junk_tokens`);
    :data:`PHRASE` is planted in :data:`PHRASE_RATE` of the documents. Each document takes
    the outlet, date and language of a row of ``meta`` drawn with replacement. Everything
    is drawn from ``numpy.random.default_rng(seed)``: the same seed gives the same corpus.

    >>> meta = pa.table({"outlet": ["a", "b"], "date": pa.array([0, 86400], pa.timestamp("s")),
    ...                  "language": ["en", "en"]})
    >>> table = next(realistic_tables(3, meta, seed=1))
    >>> table.column_names, table.num_rows
    (['doc_id', 'outlet', 'date', 'text', 'language'], 3)
    """
    rng = np.random.default_rng(seed)
    mu = np.log(MEAN_LENGTH) - LENGTH_SIGMA ** 2 / 2
    lengths = np.maximum(np.round(rng.lognormal(mu, LENGTH_SIGMA, size=n)), 3).astype(np.int64)
    rows = rng.integers(0, meta.num_rows, size=n)
    total = int(lengths.sum())
    vocab = words(np.arange(1, int(HEAPS_K * (total + HEAPS_START) ** HEAPS_BETA) + 2))
    first = np.concatenate([[0], np.cumsum(lengths)])
    for start in range(0, n, REALISTIC_CHUNK):
        stop = min(start + REALISTIC_CHUNK, n)
        texts = _chunk_texts(rng, lengths[start:stop], int(first[start]), vocab)
        ids = pc.binary_join_element_wise(
            "realistic-", pc.utf8_lpad(pa.array(np.arange(start, stop)).cast(pa.string()), width=7, padding="0"), "")
        part = meta.select(["outlet", "date", "language"]).take(pa.array(rows[start:stop]))
        yield pa.table({"doc_id": ids, "outlet": part.column("outlet"), "date": part.column("date"),
                        "text": texts, "language": part.column("language")})


def write_realistic(path: Path, n: int, meta: pa.Table, *, seed: int = 0) -> Path:
    """Write :func:`realistic_tables` to a Parquet file at ``path`` (atomically, one row group per chunk)."""
    import pyarrow.parquet as pq

    from framing._infra.atomic import atomic_path

    with atomic_path(path) as tmp:
        writer = None
        for table in realistic_tables(n, meta, seed=seed):
            writer = writer or pq.ParquetWriter(tmp, table.schema, compression="zstd")
            writer.write_table(table, row_group_size=REALISTIC_CHUNK)
        if writer is not None:
            writer.close()
    return path


def realistic_path(n: int, *, seed: int = 0) -> Path:
    """A Parquet corpus of ``n`` documents with a growing vocabulary (:func:`realistic_tables`), written on first use.

    Outlets, dates and languages are drawn from the demo corpus's documents, as in
    :func:`synthetic_path`; the file is ``build/bench/corpora/realistic-<n>-seed<seed>-<base>.parquet``.
    """
    base = demo_corpus()
    path = OUT / "corpora" / f"realistic-{n}-seed{seed}-{base.fingerprint[:12]}.parquet"
    if not path.exists():
        meta = pa.Table.from_pandas(base.df[["outlet", "date", "language"]], preserve_index=False)
        write_realistic(path, n, meta, seed=seed)
    return path
