"""Lemmas of Russian, Ukrainian and Serbian/Montenegrin frame words: simplemma's accuracy and speed.

Accuracy: the share of the surface forms in ``tests/fixtures/languages/frame_word_forms.tsv``
— the frame words of the ``ukraine`` dictionary in all their cases and numbers, written out
by hand from the grammars — that the lemmatiser maps to their lemma, per language, for
simplemma alone and with framing's corrections (:mod:`framing.corpus.text.lemmas`). Forms
and lemmas are folded as the tokeniser folds tokens (lower case; Serbian Cyrillic in Latin),
so a Cyrillic Serbian form counts as right when its Latin transliteration maps to the
transliterated lemma. Target: ≥ 95 % in ru and uk.

Speed: tokens per second of (1) ``lemmatizer(language)`` called on every token of a text,
and (2) :func:`framing.corpus.text.tokenize_texts` with ``TextOptions(lemmatize=True)``
against the same call without lemmas (the pipeline lemmatises each distinct token once per
language). The text is the ``ukraine-2022-ru-uk`` corpus's documents of that language when
that corpus is fetched (``--corpus``), else the fixture's forms repeated.

    .venv/bin/python -m benchmarks.bench_lemmas            # accuracy, and speed on the fixture forms
    .venv/bin/python -m benchmarks.bench_lemmas --corpus   # speed on ukraine-2022-ru-uk
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # runnable as a script as well as -m

from framing.corpus.text import TextOptions, tokenize_texts  # noqa: E402
from framing.corpus.text.lemmas import lemma_code, lemmatizer  # noqa: E402
from framing.corpus.text.normalise import fold  # noqa: E402

FORMS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "languages" / "frame_word_forms.tsv"
LANGUAGES = ("ru", "uk", "sr")


def read_forms(path: Path = FORMS) -> pd.DataFrame:
    """The hand-written forms: ``language``, ``lemma``, ``form``, ``slots``."""
    return pd.read_csv(path, sep="\t", comment="#", dtype=str, keep_default_na=False)


def accuracy(forms: pd.DataFrame, *, corrected: bool) -> pd.DataFrame:
    """Per language: ``forms``, ``right`` and ``accuracy`` (share of forms mapped to their lemma), and the misses."""
    rows, misses = [], []
    for language, part in forms.groupby("language", sort=False):
        lemma = lemmatizer(str(language), corrected=corrected)
        assert lemma is not None, f"simplemma does not know {language}"
        got = [lemma(fold(f, str(language))) for f in part["form"]]
        want = [fold(x, str(language)) for x in part["lemma"]]
        right = [g == w for g, w in zip(got, want)]
        misses += [f"{language} {f} → {g} (not {w})" for f, g, w, ok in zip(part["form"], got, want, right) if not ok]
        rows.append({"language": language, "forms": len(part), "right": sum(right),
                     "accuracy": sum(right) / len(part)})
    return pd.DataFrame(rows).assign(misses="; ".join(misses) if misses else "")


def texts_of(language: str, forms: pd.DataFrame, use_corpus: bool) -> list[str]:
    """Texts to lemmatise: the corpus's documents of ``language``, or the fixture forms repeated."""
    if use_corpus:
        import framing as fr

        docs = fr.load_corpus("ukraine-2022-ru-uk").df
        return docs.loc[docs["language"] == language, "text"].astype(str).tolist()
    words = forms.loc[forms["language"] == language, "form"].tolist()
    return [" ".join(words)] * 2_000


def speed(language: str, texts: list[str]) -> dict[str, float]:
    """Tokens per second: the lemmatiser per token, and the tokeniser with and without lemmas."""
    plain = tokenize_texts(texts, languages=[language] * len(texts))
    tokens = plain.vocab[plain.ids[plain.ids >= 0]].tolist()
    lemma = lemmatizer(language)
    assert lemma is not None
    start = time.perf_counter()
    for token in tokens:
        lemma(token)
    per_token = time.perf_counter() - start
    timings = {}
    for lemmatize in (False, True):
        start = time.perf_counter()
        tokenize_texts(texts, languages=[language] * len(texts), options=TextOptions(lemmatize=lemmatize))
        timings[lemmatize] = time.perf_counter() - start
    return {"language": language, "tokens": len(tokens), "lemmatizer_tokens_per_s": len(tokens) / per_token,
            "tokenise_tokens_per_s": len(tokens) / timings[False],
            "tokenise_lemmas_tokens_per_s": len(tokens) / timings[True]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", action="store_true", help="time on the ukraine-2022-ru-uk corpus")
    args = parser.parse_args(argv)
    forms = read_forms()
    before, after = accuracy(forms, corrected=False), accuracy(forms, corrected=True)
    table = before[["language", "forms"]].assign(simplemma=before["accuracy"], corrected=after["accuracy"])
    print(f"Share of frame-word forms mapped to their lemma (simplemma {_version()}):")
    print(table.to_string(index=False, float_format=lambda x: f"{x:.1%}"))
    print("\nMissed by simplemma alone:", before["misses"].iloc[0] or "none")
    print("Missed with the corrections:", after["misses"].iloc[0] or "none")
    rows = []
    for language in (lang for lang in LANGUAGES if lemma_code(lang) != "en"):
        texts = texts_of(language, forms, args.corpus) if language != "sr" or not args.corpus else []
        if texts:
            rows.append(speed(language, texts))
    print("\nSpeed (tokens per second):")
    print(pd.DataFrame(rows).to_string(index=False, float_format=lambda x: f"{x:,.0f}"))


def _version() -> str:
    from importlib.metadata import version

    return version("simplemma")


if __name__ == "__main__":
    main()
