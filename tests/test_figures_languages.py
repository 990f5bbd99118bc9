"""Figure kind ``translation_agreement``: its CSV is :func:`framing.dictionary_agreement` of the figure's
documents (rates checked by hand on a parallel fixture), ``scripts`` drops texts filed under the other
language, the caption names the pair bootstrap, and bad options are named with their line."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from test_figures_kinds import csv, run, same

import framing as fr

# Three addresses and their translations; p4's "Ukrainian" text is English (filed under the other language).
DOCS = [
    ("p1-uk", "uk", "Cyrl", "p1", "Агресія Росії. Війна триває."),               # 4 tokens, AGGRESSION 1
    ("p1-en", "en", "Latn", "p1", "Russia's aggression. The war goes on."),      # 6 tokens, 1
    ("p2-uk", "uk", "Cyrl", "p2", "Агресію зупинять. Агресора покарають."),      # 4 tokens, 2 (lemma, агресор*)
    ("p2-en", "en", "Latn", "p2", "The aggression will be stopped."),            # 5 tokens, 1
    ("p3-uk", "uk", "Cyrl", "p3", "Мир і спокій."),                              # 3 tokens, 0
    ("p3-en", "en", "Latn", "p3", "Peace and calm."),                            # 3 tokens, 0
    ("p4-uk", "uk", "Latn", "p4", "Aggression, aggression everywhere."),         # 3 tokens, 2 (English patterns)
    ("p4-en", "en", "Latn", "p4", "Aggression."),                                # 1 token, 1
    ("tv-1", "ru", "Cyrl", None, "Агрессия и война."),                           # another outlet, no pair
]
HEADER = '[defaults]\ncorpus = "docs.jsonl"\nseed = 4\ndpi = 50\n'
FIGURE = ('[figures.t]\nkind = "translation_agreement"\ndictionary = "ukraine"\nconcepts = ["AGGRESSION"]\n'
          'n_boot = 200\n')


def corpus() -> fr.Corpus:
    df = pd.DataFrame(DOCS, columns=["doc_id", "language", "script", "parallel_id", "text"])
    outlet = np.where(df["language"] == "ru", "tv.example", "officials.example")
    return fr.from_dataframe(df.assign(outlet=outlet, date="2022-03-01", title=df["doc_id"]))


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path / "cache"))
    corpus().to_jsonl(tmp_path / "docs.jsonl")
    return tmp_path


def aggression() -> tuple:
    patterns = fr.load_dictionary("ukraine").to_patterns()
    return tuple(p for p in patterns if p.name == "AGGRESSION")


def test_csv_is_the_agreement_of_the_documents_in_their_own_script(folder: Path):
    config = HEADER + FIGURE + 'scripts = {uk = "Cyrl", en = "Latn"}\ncaption = "Originals and translations."\n'
    assert run(folder, config) == {"t": "built"}
    table = csv(folder, "t")
    own = corpus().filter(doc_ids=[d[0] for d in DOCS if d[0] != "p4-uk"])
    same(table, fr.dictionary_agreement(own, aggression(), n_boot=200, seed=4))
    # By hand: pairs p1-p3 (p4 lost its original), counts 1+2+0 in 4+4+3 tokens and 1+1+0 in 6+5+3.
    row = table.iloc[0]
    assert (row["pairs"], row["count_a"], row["tokens_a"], row["count_b"], row["tokens_b"]) == (3, 3, 11, 2, 14)
    assert row["per_10k_a"] == pytest.approx(1e4 * 3 / 11) and row["per_10k_b"] == pytest.approx(1e4 * 2 / 14)
    assert row["retention"] == pytest.approx((2 / 14) / (3 / 11))
    assert row["correlation"] == pytest.approx(stats.pearsonr([1 / 4, 2 / 4, 0], [1 / 6, 1 / 5, 0])[0])
    assert row["per_10k_a_lo"] <= row["per_10k_a"] <= row["per_10k_a_hi"]
    manifest = json.loads((folder / "out" / "manifest.json").read_text())
    assert manifest["figures"]["t"]["caption"] == (
        "Originals and translations. 95% intervals: percentile bootstrap over the linked pairs (an original and "
        "its translation resampled together).")
    assert (folder / "out" / "t.png").read_bytes().startswith(b"\x89PNG")


def test_without_scripts_a_misfiled_text_is_a_pair(folder: Path):
    assert run(folder, HEADER + FIGURE) == {"t": "built"}
    row = csv(folder, "t").iloc[0]
    assert (row["pairs"], row["count_a"], row["tokens_a"], row["count_b"], row["tokens_b"]) == (4, 5, 14, 3, 15)


@pytest.mark.parametrize(("fields", "message"), [
    ('scripts = {ru = "Cyrl"}', "figs.toml:5: figure 't': 'scripts' names 'ru', which is neither group_a nor "
                                "group_b ['uk', 'en']"),
    ('group_b = "uk"', "figs.toml:5: figure 't': group_a and group_b are both 'uk': give the originals' and the "
                       "translations' language"),
    ('group_b = "de"', "figs.toml:5: figure 't': group_b='de' is not a value of the column 'language'; its values "
                       "are ['en', 'ru', 'uk']"),
    ('by = "pair"', "figs.toml:5: figure 't': dictionary_agreement needs the column(s) ['pair']: by='pair' links "
                    "an original to its translation"),
    ('outlets = ["tv.example"]', "figs.toml:5: figure 't': group_a='uk' is not a value of the column 'language'; "
                                 "its values are ['ru']"),
])
def test_bad_options_are_named(folder: Path, fields: str, message: str):
    result = run(folder, HEADER + FIGURE + fields + "\n")
    assert result["t"].startswith(message), result["t"]
    assert not list((folder / "out").glob("t.*"))


def test_scripts_are_detected_when_the_data_has_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path / "cache"))
    corpus().df.drop(columns="script").to_json(tmp_path / "docs.jsonl", orient="records", lines=True,
                                               force_ascii=False, date_format="iso")
    assert run(tmp_path, HEADER + FIGURE + 'scripts = {uk = "Cyrl", en = "Latn"}\n') == {"t": "built"}
    assert (csv(tmp_path, "t").iloc[0][["pairs", "count_a", "tokens_a"]] == [3, 3, 11]).all()
