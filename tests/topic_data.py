"""Small synthetic corpora for the topic-model tests (fast to fit, known structure).

Three themes (war, energy, diplomacy) with their own words; three outlets that favour
different themes; documents spread over three months. Texts are drawn with a fixed seed,
so the corpus is the same on every run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import framing as fr

THEMES = {
    "war": "tanks shelling troops invasion aggression frontline artillery missiles soldiers offensive",
    "energy": "gas oil prices pipeline sanctions inflation energy supply market exports",
    "diplomacy": "talks negotiations summit ministers treaty security nato agreement dialogue envoy",
}
OUTLETS = {"alpha.example": [0.7, 0.2, 0.1], "beta.example": [0.1, 0.7, 0.2], "gamma.example": [0.2, 0.1, 0.7]}
FILLER = "the of and a in to is".split()


def synthetic_frame(n_per_outlet: int = 20, words: int = 40, seed: int = 0) -> pd.DataFrame:
    """One row per document: doc_id, outlet, date, title, text."""
    rng = np.random.default_rng(seed)
    vocab = {name: text.split() for name, text in THEMES.items()}
    rows = []
    for outlet, weights in OUTLETS.items():
        for i in range(n_per_outlet):
            mix = rng.dirichlet(np.array(weights) * 5)
            themes = rng.choice(list(vocab), size=words, p=mix)
            tokens = [str(rng.choice(vocab[t])) for t in themes]
            for pos in rng.choice(words, size=words // 5, replace=False):
                tokens[pos] = str(rng.choice(FILLER))
            text = " ".join(tokens[:words // 2]) + ". " + " ".join(tokens[words // 2:]) + "."
            date = pd.Timestamp("2022-01-05") + pd.Timedelta(days=int(i * 80 / n_per_outlet))
            rows.append((f"{outlet[:1]}-{i:03d}", outlet, date, f"{outlet} {i}", text))
    return pd.DataFrame(rows, columns=["doc_id", "outlet", "date", "title", "text"])


def synthetic_corpus(n_per_outlet: int = 20, words: int = 40, seed: int = 0) -> fr.Corpus:
    """The synthetic corpus (60 documents by default)."""
    return fr.from_dataframe(synthetic_frame(n_per_outlet, words, seed))


def synthetic_dtm(corpus: fr.Corpus | None = None, **options) -> fr.DocTermMatrix:
    """Its matrix with English stopwords removed."""
    options = {"stopwords": "en", "cache": False, **options}
    return fr.document_term_matrix(corpus or synthetic_corpus(), **options)
