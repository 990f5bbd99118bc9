"""Word vectors: trained on the corpus with gensim's Word2Vec, or the user's own, held as plain arrays.

:func:`train_vectors` trains gensim's ``Word2Vec`` on framing's tokens
(:func:`~framing.embeddings.tokens.token_stream`; one sentence per sentence of a document,
phrases joined by ``_``). Training is **reproducible bit for bit**: one worker thread
(``workers=1``; with several, the order in which threads update the vectors varies from
run to run) and a stable hash of the words for the initial vectors (gensim's default is
Python's ``hash``, which changes with every interpreter unless ``PYTHONHASHSEED`` is set).
One worker is slower than several; the demo corpus (3.1 million tokens) trains in under a minute
(``python -m benchmarks.bench_meaning``).

Trained vectors are cached on disk (namespace ``models`` of :mod:`framing._infra.cache`)
under the corpus fingerprint and the options, and remembered for the live corpus object,
so the functions of :mod:`framing.embeddings` that train when no vectors are given do so
once. A :class:`WordVectors` knows the fingerprint of the corpus it was trained on.

>>> import framing as fr, pandas as pd
>>> texts = [f"day {i}: the army attacked the city" for i in range(20)]
>>> c = fr.from_dataframe(pd.DataFrame({"outlet": "a", "date": "2022-03-01", "text": texts}))
>>> wv = train_vectors(c, options=VectorOptions(dim=8, min_count=2, epochs=2), progress=False)
>>> wv.dim, wv.words[:3].tolist(), "attacked" in wv, "19" in wv
(8, ['the', 'city', 'attacked'], True, False)
"""

from __future__ import annotations

import dataclasses
import json
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing._infra.cache import cached, derived, load_arrays, save_arrays
from framing._infra.errors import ArgumentError, ModelError
from framing.corpus.corpus import Corpus, require_documents
from framing.corpus.text import TextOptions
from framing.embeddings.tokens import JOINER, sentences, token_stream

FORMAT_VERSION = 1
"""Version of the cached vectors and of the folders :func:`~framing.embeddings.files.save_vectors` writes."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class VectorOptions:
    """How :func:`train_vectors` trains (gensim ``Word2Vec``'s parameters of the same meaning).

    Attributes:
        dim: length of the vectors (``vector_size``).
        window: words on each side that count as context.
        min_count: words seen fewer times get no vector.
        epochs: passes over the corpus.
        skipgram: skip-gram (``sg=1``: often better for rare words, about four times slower on one
            worker) rather than CBOW (gensim's default, ``sg=0``).
        sample: downsampling of frequent words (Mikolov et al. 2013): a word of corpus share ``f``
            is kept with probability ``(√(f / sample) + 1) · sample / f``; 0 keeps every token.
            10⁻⁴ (gensim: 10⁻³) skips most occurrences of "the", "of", "and" (which say little about
            a word's neighbours) and trains the demo corpus about 2.4 times faster.
        phrases: phrases to train as single tokens (``"special military operation"`` →
            ``special_military_operation``; alternatives with ``|``).
        text: tokenisation options.
    """

    dim: int = 100
    window: int = 5
    min_count: int = 5
    epochs: int = 5
    skipgram: bool = False
    sample: float = 1e-4
    phrases: tuple[str, ...] = ()
    text: TextOptions = TextOptions()

    def __post_init__(self) -> None:
        for name in ("dim", "window", "min_count", "epochs"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ArgumentError(f"VectorOptions({name}=) must be a whole number ≥ 1, got {value!r}")
        if isinstance(self.sample, bool) or not isinstance(self.sample, (int, float)) or not 0 <= self.sample < 1:
            raise ArgumentError(f"VectorOptions(sample=) must be a number in [0, 1) (0: no downsampling), "
                                f"got {self.sample!r}")
        if isinstance(self.phrases, str):
            object.__setattr__(self, "phrases", (self.phrases,))

    def key(self) -> dict[str, Any]:
        """The options as JSON-able data (cache keys, saved metadata)."""
        return json.loads(json.dumps(dataclasses.asdict(self), default=list))


@dataclasses.dataclass(frozen=True, eq=False)
class WordVectors:
    """Word vectors as plain arrays.

    Attributes:
        words: the words (phrases joined by ``_``), in row order.
        vectors: words × dim, float32.
        counts: each word's frequency in the training corpus (0 when unknown, as for loaded vectors).
        fingerprint: the fingerprint of the corpus they were trained on (``None``: the user's vectors).
        meta: how they were made (options, seed, source file).
    """

    words: np.ndarray
    vectors: np.ndarray
    counts: np.ndarray
    fingerprint: str | None = None
    meta: dict[str, Any] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.vectors.ndim != 2 or len(self.words) != len(self.vectors) or len(self.counts) != len(self.words):
            raise ModelError(f"word vectors need one row per word: {len(self.words)} words, vectors of shape "
                             f"{self.vectors.shape}, {len(self.counts)} counts")

    def __len__(self) -> int:
        return len(self.words)

    def __repr__(self) -> str:
        return f"WordVectors({len(self):,} words × {self.dim})"

    def __contains__(self, word: object) -> bool:
        return word in self.index

    @property
    def dim(self) -> int:
        """Length of a vector."""
        return int(self.vectors.shape[1])

    @property
    def index(self) -> dict[str, int]:
        """Row of each word."""
        return derived(self, "index", lambda: {w: i for i, w in enumerate(self.words.tolist())})

    @property
    def unit(self) -> np.ndarray:
        """The vectors scaled to length 1 (zero vectors stay zero), for cosine similarities."""
        def compute() -> np.ndarray:
            norms = np.linalg.norm(self.vectors, axis=1, keepdims=True)
            return (self.vectors / np.where(norms > 0, norms, 1)).astype(np.float64)
        return derived(self, "unit", compute)

    def vector(self, word: str) -> np.ndarray:
        """The vector of ``word`` (a phrase's words may be separated by spaces or ``_``)."""
        key = word.replace(" ", JOINER)
        if key not in self.index:
            raise ArgumentError(f"{word!r} has no vector (it is rarer than min_count, or not in the vectors); "
                                "check the spelling or lower min_count")
        return self.vectors[self.index[key]]

    def most_similar(self, vector: np.ndarray, *, n: int = 10, exclude: Sequence[str] = ()) -> pd.DataFrame:
        """The ``n`` words whose vectors have the highest cosine similarity with ``vector``: ``term``, ``cosine``."""
        v = np.asarray(vector, dtype=np.float64)
        norm = np.linalg.norm(v)
        cos = self.unit @ (v / norm) if norm > 0 else np.zeros(len(self))
        if exclude:
            cos[[self.index[w] for w in exclude if w in self.index]] = -np.inf
        top = np.argsort(-cos, kind="stable")[:n]
        top = top[np.isfinite(cos[top])]
        return pd.DataFrame({"term": self.words[top].astype(object), "cosine": cos[top]})

    @classmethod
    def from_gensim(cls, keyed: Any) -> WordVectors:
        """Vectors from a gensim ``KeyedVectors`` (or a model's ``.wv``) already in memory."""
        kv = getattr(keyed, "wv", keyed)
        words = np.array(kv.index_to_key, dtype=object)
        counts = np.array([kv.get_vecattr(w, "count") if "count" in kv.expandos else 0 for w in kv.index_to_key],
                          dtype=np.int64)
        return cls(words=words, vectors=np.asarray(kv.vectors, dtype=np.float32), counts=counts)


def stable_hash(text: str) -> int:
    """CRC-32 of the UTF-8 text: the same number in every Python process (unlike ``hash``)."""
    return zlib.crc32(text.encode("utf-8"))


def _train(corpus: Corpus, options: VectorOptions, seed: int, progress: bool) -> WordVectors:
    from gensim.models import Word2Vec
    from gensim.models.callbacks import CallbackAny2Vec
    from tqdm.auto import tqdm

    texts = sentences(token_stream(corpus, phrases=options.phrases, text=options.text))
    if not texts:
        raise ModelError("the corpus has no tokens to train word vectors on")
    bar = tqdm(total=options.epochs, desc="word vectors", unit="epoch", disable=not progress)

    class Tick(CallbackAny2Vec):  # gensim's callback hook: one tick per epoch
        def on_epoch_end(self, model: Any) -> None:
            bar.update(1)

    try:
        model = Word2Vec(sentences=texts, vector_size=options.dim, window=options.window,
                         min_count=options.min_count, epochs=options.epochs, sg=int(options.skipgram),
                         sample=options.sample,
                         seed=seed, workers=1, hashfxn=stable_hash, callbacks=[Tick()])
    except RuntimeError as exc:  # gensim: "you must first build vocabulary before training the model"
        raise ModelError(f"no word occurs at least min_count={options.min_count} times; lower "
                         f"VectorOptions(min_count=) ({exc})") from exc
    finally:
        bar.close()
    wv = model.wv
    counts = np.array([wv.get_vecattr(w, "count") for w in wv.index_to_key], dtype=np.int64)
    return WordVectors(words=np.array(wv.index_to_key, dtype=object), vectors=np.array(wv.vectors, np.float32),
                       counts=counts, fingerprint=corpus.fingerprint,
                       meta={"options": options.key(), "seed": seed, "trained": "gensim Word2Vec"})


def _write(folder: Path, wv: WordVectors) -> None:
    save_arrays(folder / "vectors.npz", {"words": wv.words.astype(str), "vectors": wv.vectors, "counts": wv.counts})
    (folder / "meta.json").write_text(json.dumps(wv.meta, sort_keys=True), encoding="utf-8")


def _read(folder: Path, fingerprint: str) -> WordVectors:
    z = load_arrays(folder / "vectors.npz")
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    return WordVectors(words=z["words"].astype(object), vectors=z["vectors"], counts=z["counts"],
                       fingerprint=fingerprint, meta=meta)


def train_vectors(corpus: Corpus, *, options: VectorOptions | None = None, seed: int = 1,
                  progress: bool = True, cache: bool = True) -> WordVectors:
    """Train word vectors on the corpus (gensim ``Word2Vec``, one worker, seeded: reproducible).

    Args:
        corpus: the documents.
        options: dimensions, window, minimum count, epochs, phrases (:class:`VectorOptions`).
        seed: the seed of the initial vectors and of negative sampling.
        progress: show a progress bar over the epochs.
        cache: read and write the on-disk cache (namespace ``models``).

    Raises:
        ModelError: no word is frequent enough to get a vector.
    """
    options = options or VectorOptions()
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ArgumentError(f"seed must be a whole number ≥ 0, got {seed!r}")
    require_documents(len(corpus))

    def compute() -> WordVectors:
        if not cache:
            return _train(corpus, options, seed, progress)
        inputs = {"kind": "word2vec", "format": FORMAT_VERSION, "fingerprint": corpus.fingerprint,
                  "options": options.key(), "seed": seed}
        return cached("models", inputs, lambda: _train(corpus, options, seed, progress), write=_write,
                      read=lambda folder: _read(folder, corpus.fingerprint))

    return derived(corpus, ("word2vec", json.dumps(options.key(), sort_keys=True), seed, cache), compute)
