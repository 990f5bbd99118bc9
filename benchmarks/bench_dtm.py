"""Document-term matrix: framing vs scikit-learn's CountVectorizer and gensim's Dictionary + doc2bow.

All three count unigrams (no stopwords) of the same texts with the same token definition,
and the counts are asserted identical (same vocabulary, same matrix once the peers'
columns are put in our sorted order) before any timing is reported.

The texts. framing's tokeniser lower-cases, removes URLs and
e-mail addresses (to the end of their white-space chunk), applies NFKC, unifies apostrophes (’ ʼ ` ´ → ') and hyphens, and case-folds
before matching its token pattern. The peers get the texts *after* exactly these steps,
so that their own plain lower-casing gives the same tokens: the comparison is the same
texts, the same token pattern and the same counts, with the peers doing the least work
they can. (On the raw texts CountVectorizer needs a preprocessor doing these steps,
which makes it slower still: ``--raw`` adds that row.) Our timing is
``framing.document_term_matrix(corpus, cache=False)`` on a corpus of those texts, its
fingerprint computed beforehand (it is computed once per corpus and kept).

    .venv/bin/python -m benchmarks.bench_dtm                    # the demo corpus, 5 rounds
    .venv/bin/python -m benchmarks.bench_dtm --sizes demo,10k,100k --raw
    .venv/bin/python -m benchmarks.bench_dtm --quick            # tiny run (the tests use it)

Target: ≥ 3× faster than CountVectorizer.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
import warnings
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

import framing as fr
from benchmarks.corpora import DEMO, SIZES, demo_table, parse_sizes, synthetic_path
from benchmarks.harness import Row, faster, measure, report, row
from framing.corpus.text.rules import MAX_CHUNK_CHARS, TOKEN, UNIFY, is_junk
from framing.corpus.text.tokenise import URL

TOKEN_PATTERN = TOKEN
"""framing's token pattern (:data:`framing.corpus.text.rules.TOKEN`), given to the peers."""


_BLOB = re.compile(rf"[^\t\n\v\f\r ]{{{MAX_CHUNK_CHARS + 1},}}")  # a white-space chunk that is junk
_TOKEN = re.compile(TOKEN)


def _drop_junk(text: str) -> str:
    """Junk tokens blanked (framing's rule, :func:`framing.corpus.text.rules.is_junk`)."""
    return _TOKEN.sub(lambda m: " " if is_junk(m.group()) else m.group(), text)


def agreeing_text(lowered: str) -> str:
    """A lower-cased text after framing's normalisation steps (junk chunks and URL/e-mail chunks blanked,
    NFKC, apostrophes, case fold, junk tokens blanked)."""
    text = unicodedata.normalize("NFKC", URL.sub(" ", _BLOB.sub(" ", lowered)))
    for old, new in UNIFY:
        text = text.replace(old, new)
    return _drop_junk(text.casefold())


def agreeing_texts(texts: Sequence[str]) -> list[str]:
    """:func:`agreeing_text` of each text, lower-cased by Arrow as framing does."""
    return [agreeing_text(t) for t in pc.utf8_lower(pa.array(list(texts), pa.large_string())).to_pylist()]


def raw_preprocessor(text: str) -> str:
    """What CountVectorizer needs on raw texts to count as framing does (the ``--raw`` row)."""
    lowered = _BLOB.sub(" ", text.lower().replace("i̇", "i"))  # Python lower-cases İ to i + dot; Arrow to i
    if "@" in lowered or "://" in lowered or "www." in lowered:
        lowered = URL.sub(" ", lowered)
    if not unicodedata.is_normalized("NFKC", lowered):
        lowered = unicodedata.normalize("NFKC", lowered)
    for old, new in UNIFY:
        lowered = lowered.replace(old, new)
    return _drop_junk(lowered.casefold())


def count_vectorizer(texts: Sequence[str], preprocessor=None) -> tuple[sp.csr_matrix, np.ndarray]:
    """scikit-learn's counts and vocabulary (lower-casing only, unless a preprocessor is given)."""
    from sklearn.feature_extraction.text import CountVectorizer

    cv = CountVectorizer(token_pattern=TOKEN_PATTERN, preprocessor=preprocessor, dtype=np.int64)
    return cv.fit_transform(texts), cv.get_feature_names_out()


def gensim_bow(texts: Sequence[str]) -> tuple[sp.csr_matrix, np.ndarray]:
    """gensim's way: tokens by the same regex, ``Dictionary``, then ``doc2bow`` per document."""
    from gensim.corpora import Dictionary

    token_re = re.compile(TOKEN_PATTERN)
    docs = [token_re.findall(t.lower()) for t in texts]
    dictionary = Dictionary(docs, prune_at=None)
    bows = [dictionary.doc2bow(d) for d in docs]
    indptr = np.cumsum([0] + [len(b) for b in bows])
    pairs = np.array([p for b in bows for p in b], dtype=np.int64).reshape(-1, 2)
    matrix = sp.csr_matrix((pairs[:, 1], pairs[:, 0], indptr), shape=(len(docs), len(dictionary)))
    vocab = np.empty(len(dictionary), dtype=object)
    for term, i in dictionary.token2id.items():
        vocab[i] = term
    return matrix, vocab


def assert_same_counts(dtm: fr.DocTermMatrix, matrix: sp.csr_matrix, vocab: np.ndarray, peer: str) -> None:
    """The peer's counts equal ours: same vocabulary, same matrix after aligning columns."""
    order = np.argsort(vocab.astype(str), kind="stable")
    if vocab[order].tolist() != dtm.vocab.tolist():
        ours, theirs = set(dtm.vocab), set(vocab)
        raise AssertionError(f"{peer}: vocabularies differ; only ours {sorted(ours - theirs)[:5]}, "
                             f"only {peer} {sorted(theirs - ours)[:5]}")
    diff = (sp.csr_matrix(matrix)[:, order] != dtm.matrix).nnz
    if diff:
        raise AssertionError(f"{peer}: {diff} cells of the matrix differ")


def corpus_for(size: str, *, sample: int | None = None) -> tuple[fr.Corpus, str]:
    """The corpus of a size name (``"demo"`` or a :data:`SIZES` key) with agreeing texts, and its label.

    ``sample``: only that many documents (seeded), for a quick run.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fr.FramingWarning)  # resampling repeats texts on purpose
        if size == "demo":
            df, label = demo_table().to_pandas(), DEMO
        else:
            df, label = fr.read_parquet(synthetic_path(SIZES[size])).df, f"synthetic {size}"
        if sample is not None:
            df, label = df.sample(sample, random_state=0), f"{label} ({sample}-doc sample)"
        df["text"] = agreeing_texts(df["text"].tolist())
        corpus = fr.from_dataframe(df)
    _ = corpus.fingerprint  # computed once per corpus and kept; not part of a rebuild
    return corpus, label


def run(sizes: Sequence[str] = ("demo",), *, repeat: int = 5, raw: bool = False, gensim: bool = True,
        quick: bool = False) -> list[Row]:
    """Benchmark rows for each size: CountVectorizer (the target) and gensim; ``quick``: 300 documents, 1 round."""
    rows = []
    for size in sizes:
        corpus, label = corpus_for(size, sample=300 if quick else None)
        texts = corpus.texts.tolist()
        ours = lambda: fr.document_term_matrix(corpus, cache=False)  # noqa: E731
        m = measure(ours, lambda: count_vectorizer(texts), repeat=repeat, warmup=0 if quick else 1)
        assert_same_counts(m.ours_result, *m.peer_result, "CountVectorizer")
        dtm = m.ours_result
        csr = dtm.matrix.data.nbytes + dtm.matrix.indices.nbytes + dtm.matrix.indptr.nbytes
        note = f"{dtm.shape[1]:,} terms, {dtm.matrix.nnz:,} non-zeros; same counts asserted"
        rows.append(row("matrix: unigrams", label, len(corpus), m, peer="sklearn CountVectorizer",
                        target=faster(3), csr_bytes=csr, note=note))
        if raw:
            raw_texts = demo_table().column("text").to_pylist() if size == "demo" else None
            if raw_texts is not None and not quick:
                m = measure(ours, lambda: count_vectorizer(raw_texts, raw_preprocessor), repeat=repeat)
                assert_same_counts(m.ours_result, *m.peer_result, "CountVectorizer (raw texts)")
                rows.append(row("matrix: unigrams", label, len(corpus), m,
                                peer="CountVectorizer + preprocessor, raw texts", target=faster(3),
                                note="the peer normalises raw texts itself"))
        if gensim:
            g_repeat = repeat if len(corpus) <= 20_000 else 1
            m = measure(ours, lambda: gensim_bow(texts), repeat=g_repeat, warmup=0 if g_repeat == 1 else 1)
            assert_same_counts(m.ours_result, *m.peer_result, "gensim")
            rows.append(row("matrix: unigrams", label, len(corpus), m, peer="gensim Dictionary + doc2bow",
                            note="same counts asserted"))
    return rows


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="demo", help="comma-separated: demo, 10k, 100k (default demo)")
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds (default 5)")
    parser.add_argument("--raw", action="store_true", help="add CountVectorizer with a preprocessor on raw texts")
    parser.add_argument("--no-gensim", action="store_true", help="leave out the gensim peer")
    parser.add_argument("--quick", action="store_true", help="300 documents, one round")
    args = parser.parse_args(argv)
    rows = run(parse_sizes(args.sizes), repeat=1 if args.quick else args.repeat, raw=args.raw,
               gensim=not args.no_gensim, quick=args.quick)
    report(rows, name="dtm")
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
