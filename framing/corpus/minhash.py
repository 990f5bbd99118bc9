"""MinHash signatures of word shingles and locality-sensitive hashing (LSH), vectorised over a corpus.

A document is the set :math:`S` of its word *shingles* (runs of ``size`` consecutive tokens,
Broder 1997). For a random hash function :math:`h`, :math:`P[\\min h(S_a) = \\min h(S_b)] =
J(S_a, S_b) = |S_a \\cap S_b| / |S_a \\cup S_b|` (the Jaccard similarity), so the share of equal
entries of two signatures of ``num_perm`` minima estimates :math:`J` with standard error
:math:`\\sqrt{J(1-J)/\\text{num\\_perm}}` (Broder 1997; Leskovec, Rajaraman & Ullman,
*Mining of Massive Datasets*, ch. 3). The hash functions are :math:`h_k(x) = f(x \\oplus s_k)`
on 32-bit shingle hashes :math:`x`, :math:`f` the finaliser of MurmurHash3 (Appleby; a bijection
of 32-bit words in which every input bit changes each output bit with probability about ½) and
:math:`s_k` 32-bit keys drawn from the seed; 32-bit words halve the memory traffic of the
``num_perm ×`` shingles values, the hot loop. (The textbook :math:`(a x + b) \\bmod p` needs 128-bit products to mix
well; with 64-bit products and small :math:`a` its minimum follows the smallest :math:`x`, and
the estimates' spread grows several-fold — the tests check the spread.)

LSH cuts each signature into ``bands`` bands of ``rows`` rows; two documents become candidates
when any band is identical, with probability :math:`1-(1-J^r)^b`. :func:`lsh_bands` picks
:math:`(b, r)` so that a pair at the threshold is found with probability at least :data:`RECALL`.

Everything is numpy over the whole corpus (shingles of all documents in one array, minima by
``np.minimum.reduceat`` in blocks); a per-document MinHash object (``datasketch``) would loop in
Python over 10⁴–10⁶ documents.

>>> import numpy as np
>>> shingles = ShingleSets.from_token_ids(np.array([1, 2, 3, 4, 5, 1, 2, 3, 4, 9]), np.array([0, 5, 10]), size=3)
>>> shingles.jaccard(0, 1)  # {123, 234, 345} vs {123, 234, 349}: 2 shared of 4
0.5
>>> lsh_bands(0.8, 128)  # a pair at J = 0.8 shares one of 18 bands of 6 rows with probability 0.9957
(18, 6)
"""

from __future__ import annotations

import dataclasses

import numpy as np
from tqdm.auto import tqdm

BLOCK = 1 << 14
"""Shingles hashed at once (a block of ``num_perm × BLOCK`` 32-bit values, 8 MiB at 128 permutations)."""
HASH_BITS = 40
"""Bits of a shingle's hash (the other 24 of a 64-bit sort key number the document: up to 16.7 M documents)."""
RECALL = 0.995
"""The least probability that LSH makes a pair at exactly the threshold a candidate (higher above it)."""
_EMPTY = np.iinfo(np.uint32).max


def _mix(x: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser: a bijection of uint64 that spreads every input bit over the output."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


@dataclasses.dataclass(frozen=True)
class ShingleSets:
    """The set of shingle hashes of each document, stored flat.

    Attributes:
        hashes: 40-bit hashes (:data:`HASH_BITS`), sorted and unique within each document, documents one
            after another; two of a document's ``m`` shingles collide with probability about ``m²/2⁴¹``.
        offsets: document ``i`` is ``hashes[offsets[i]:offsets[i + 1]]``.
    """

    hashes: np.ndarray
    offsets: np.ndarray

    @classmethod
    def from_token_ids(cls, ids: np.ndarray, offsets: np.ndarray, *, size: int) -> ShingleSets:
        """Shingles of ``size`` consecutive token ids per document (``ids[offsets[i]:offsets[i+1]]``).

        A document shorter than ``size`` tokens is one shingle of all its tokens; an empty one has none.
        """
        ids = ids.astype(np.uint64)
        lengths = np.diff(offsets).astype(np.int64)
        counts = np.where(lengths >= size, lengths - size + 1, np.minimum(lengths, 1))
        doc = np.repeat(np.arange(len(lengths)), counts)
        within = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        starts = offsets[:-1][doc] + within
        width = np.minimum(lengths[doc], size)
        last = max(len(ids) - 1, 0)
        acc = np.zeros(len(starts), dtype=np.uint64)
        for j in range(size):
            inside = j < width  # positions past a short document's end hash as "no token", not as a token
            token = np.where(inside, ids[np.minimum(starts + j, last)] + np.uint64(1), np.uint64(0))
            acc = _mix(acc * np.uint64(0x100000001B3) + token)
        # one sort of (document, 40-bit hash) packed in 64 bits orders each document's shingles
        key = np.sort((doc.astype(np.uint64) << np.uint64(HASH_BITS)) | (acc >> np.uint64(64 - HASH_BITS)))
        keep = np.r_[True, key[1:] != key[:-1]] if len(key) else np.zeros(0, dtype=bool)
        key = key[keep]
        per_doc = np.bincount((key >> np.uint64(HASH_BITS)).astype(np.int64), minlength=len(lengths))
        offsets = np.concatenate([[0], np.cumsum(per_doc)]).astype(np.int64)
        return cls(hashes=key & np.uint64((1 << HASH_BITS) - 1), offsets=offsets)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def sizes(self) -> np.ndarray:
        """Number of distinct shingles per document."""
        return np.diff(self.offsets)

    def jaccard(self, i: int, j: int) -> float:
        """The exact Jaccard similarity of the shingle sets of documents ``i`` and ``j`` (0 when both are empty)."""
        a = self.hashes[self.offsets[i]:self.offsets[i + 1]]
        b = self.hashes[self.offsets[j]:self.offsets[j + 1]]
        shared = len(np.intersect1d(a, b, assume_unique=True))
        union = len(a) + len(b) - shared
        return shared / union if union else 0.0


def signatures(shingles: ShingleSets, *, num_perm: int = 128, seed: int = 1, progress: bool = False) -> np.ndarray:
    """MinHash signatures, ``(n_docs, num_perm)`` uint32; a document without shingles gets all ``2³²-1``.

    Row ``i`` holds :math:`\\min_{x \\in S_i} h_k(x)` for each permutation ``k`` (see the module
    docstring), computed in place on blocks of ``num_perm × BLOCK`` values.
    """
    keys = np.random.default_rng(seed).integers(0, 1 << 32, size=num_perm, dtype=np.uint32)[:, None]
    out = np.full((num_perm, len(shingles)), _EMPTY, dtype=np.uint32)
    values = (shingles.hashes >> np.uint64(HASH_BITS - 32)).astype(np.uint32)
    doc = np.repeat(np.arange(len(shingles)), shingles.sizes())
    for start in tqdm(range(0, len(values), BLOCK), desc="MinHash", unit="block", disable=not progress):
        block, docs = values[start:start + BLOCK], doc[start:start + BLOCK]
        cuts = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])
        hashed = keys ^ block  # murmur3's finaliser of x XOR k, in place
        hashed ^= hashed >> np.uint32(16)
        hashed *= np.uint32(0x85EBCA6B)
        hashed ^= hashed >> np.uint32(13)
        hashed *= np.uint32(0xC2B2AE35)
        hashed ^= hashed >> np.uint32(16)
        minima = np.minimum.reduceat(hashed, cuts, axis=1)
        out[:, docs[cuts]] = np.minimum(out[:, docs[cuts]], minima)
    return np.ascontiguousarray(out.T)


def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """``(bands, rows)``, ``bands × rows ≤ num_perm``: the least false-positive area at :data:`RECALL`.

    A pair of similarity ``s`` shares a band with probability :math:`1-(1-s^r)^b`. Among the
    ``(b, r)`` that find a pair at ``threshold`` with probability at least :data:`RECALL`, this
    picks the one whose false-positive area :math:`\\int_0^{t} 1-(1-s^r)^b\\,ds` is least.
    (``datasketch`` weighs both errors equally, which misses one pair in five at :math:`J=0.87`
    for a threshold of 0.8; here every candidate's exact similarity is computed anyway, so a
    false positive costs one set intersection and a false negative a missed duplicate.)
    """
    best, best_area = (num_perm, 1), np.inf
    low = np.linspace(0.0, threshold, 201)
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            if 1 - (1 - threshold ** rows) ** bands < RECALL:
                continue
            area = np.trapezoid(1 - (1 - low ** rows) ** bands, low)
            if area < best_area - 1e-12:
                best, best_area = (bands, rows), area
    return best


def candidate_pairs(signature: np.ndarray, *, bands: int, rows: int) -> np.ndarray:
    """Pairs ``(i, j)``, ``i < j``, of documents that share at least one band, as an ``(n, 2)`` int64 array.

    Documents without shingles (all entries ``2³²-1``) are never candidates.
    """
    present = np.flatnonzero((signature != _EMPTY).any(axis=1))
    found: list[np.ndarray] = []
    for band in range(bands):
        keys = np.ascontiguousarray(signature[present, band * rows:(band + 1) * rows])
        _, inverse, counts = np.unique(keys.view(np.dtype((np.void, keys.dtype.itemsize * rows))).ravel(),
                                       return_inverse=True, return_counts=True)
        shared = counts[inverse] > 1
        if not shared.any():
            continue
        members, bucket = present[shared], inverse[shared]
        order = np.argsort(bucket, kind="stable")
        members, bucket = members[order], bucket[order]
        starts = np.flatnonzero(np.r_[True, bucket[1:] != bucket[:-1]])
        for group in np.split(members, starts[1:]):
            i, j = np.triu_indices(len(group), k=1)
            found.append(np.stack([group[i], group[j]], axis=1))
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.sort(np.concatenate(found), axis=1).astype(np.int64)
    return np.unique(pairs, axis=0)
