"""Inflected languages: simplemma's accuracy on the frame words, the corrections, lemma patterns (``lemma:``).

The forms are written out by hand from the grammars (tests/fixtures/languages/frame_word_forms.tsv),
and the sentences below use every case and number of the frame words; the expected counts are
the occurrences counted by hand in these sentences.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing._infra.errors import PatternError
from framing.corpus.text.lemmas import CORRECTIONS_FILE, corrections, lemmatizer
from framing.corpus.text.normalise import fold
from framing.dtm.patterns import count_matrix, parse_pattern

FORMS = Path(__file__).parent / "fixtures" / "languages" / "frame_word_forms.tsv"
CODES = {"ru": "ru", "uk": "uk", "sr": "hbs"}

# Every case of агрессия (10 occurrences) and one "агрессивная" (aggressive), which is not the concept.
RUSSIAN = ("Агрессия началась утром. Мир осудил агрессию. После агрессии начались санкции. Европа противостоит "
           "агрессии. Агрессией это назвали все. Об агрессии пишут газеты. История знает много агрессий. "
           "Агрессиям нет оправдания. Агрессиями прошлого века полны учебники. В агрессиях гибнут люди. "
           "Это агрессивная риторика. Сферы влияния делят, о сфере влияния спорят, за сферу влияния воюют.")
# Every case of війна (10 occurrences, the genitive plural воєн among them) and of агресія (5), and "агресивна".
UKRAINIAN = ("Війна почалася вранці. Світ засудив війну. Після війни настане мир. Україна не хотіла цієї війни. "
             "Ми живемо у війні. Росія прийшла з війною. Історія знає багато воєн. Війнам треба покласти край. "
             "Між війнами були роки миру. У війнах гинуть люди. Агресія, агресії, агресію, агресією, агресій. "
             "Це агресивна риторика.")


def read_forms() -> pd.DataFrame:
    return pd.read_csv(FORMS, sep="\t", comment="#", dtype=str, keep_default_na=False)


def share_right(language: str, *, corrected: bool) -> float:
    forms = read_forms()
    part = forms[forms["language"] == language]
    lemma = lemmatizer(language, corrected=corrected)
    assert lemma is not None
    return float(np.mean([lemma(fold(f, language)) == fold(x, language) for f, x in zip(part["form"], part["lemma"])]))


def corpus(*docs: tuple[str, str]) -> fr.Corpus:
    return fr.from_dataframe(pd.DataFrame({"outlet": [f"o{i}" for i in range(len(docs))],
                                           "date": ["2022-03-01"] * len(docs),
                                           "language": [lang for lang, _ in docs], "text": [t for _, t in docs]}))


def test_the_hand_written_forms_cover_every_case_of_each_word():
    forms = read_forms()
    assert set(forms["language"]) == {"ru", "uk", "sr"}
    assert not forms.duplicated(["language", "lemma", "form"]).any()
    # a noun's paradigm has its six (ru) or seven (uk, sr) cases in both numbers
    slots = forms[forms["lemma"] == "агрессия"]["slots"].str.split().explode()
    assert {s.split(".")[0] for s in slots} == {"nom", "gen", "dat", "acc", "ins", "loc"}
    assert {s.split(".")[1] for s in slots} == {"sg", "pl"}
    uk = forms[forms["lemma"] == "війна"]["slots"].str.split().explode()
    assert {s.split(".")[0] for s in uk} == {"nom", "gen", "dat", "acc", "ins", "loc", "voc"}


@pytest.mark.parametrize("language", ["ru", "uk", "sr"])
def test_lemma_accuracy_on_the_frame_words_is_at_least_95_percent(language):
    assert share_right(language, corrected=True) >= 0.95


def test_the_corrections_raise_serbian_accuracy_and_each_one_is_needed():
    assert share_right("sr", corrected=False) < 0.90 <= 0.99 < share_right("sr", corrected=True)
    plain = lemmatizer("sr", corrected=False)
    assert plain is not None
    table = corrections("hbs")
    assert table["sferama"] == "sfera" and table["denacifikaciju"] == "denacifikacija"
    assert [form for form, lemma in table.items() if plain(form) == lemma] == []  # none repeats simplemma
    assert corrections("de") == {}
    text = (Path(fr.__file__).parent / "data" / "lemmas" / CORRECTIONS_FILE).read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    assert rows[0] == ["language", "form", "lemma", "note"] and all(len(r) in (3, 4) for r in rows)


def test_lemmatised_matrix_gives_one_term_per_word():
    c = corpus(("sr", "Sfere uticaja, sferi uticaja, sferama uticaja. Сфером утицаја!"))
    dtm = fr.document_term_matrix(c, text=fr.TextOptions(lemmatize=True), cache=False)
    assert dtm.count("sfera") == 4 and dtm.count("uticaj") == 4
    assert dtm.term_index("sferama") == -1


def test_lemma_pattern_counts_every_case_and_not_the_adjective():
    c = corpus(("ru", RUSSIAN), ("uk", UKRAINIAN))
    dtm = fr.document_term_matrix(c, ngrams=2, cache=False)
    names, counts = count_matrix(dtm, {"lemma": "lemma:агрессия", "glob": "агресси*", "form": "lemma:агрессиями",
                                       "war": "lemma:війна", "war_glob": "війн*", "uk": "lemma:агресія",
                                       "spheres": "lemma:сфера влияния"})
    got = dict(zip(names, counts.sum(axis=0).tolist()))
    assert got == {"lemma": 10, "glob": 11, "form": 10, "war": 10, "war_glob": 9, "uk": 5, "spheres": 3}
    assert counts[:, names.index("lemma")].tolist() == [10, 0]


def test_lemma_pattern_language_comes_from_the_pattern_then_the_documents():
    c = corpus(("ru", "сферы и сферу"), ("sr", "sfere i sferu"))
    dtm = fr.document_term_matrix(c, cache=False)
    # no language of its own: the documents' (ru and sr) — both spellings' forms have the lemma
    both = fr.match_terms(dtm, "lemma:sfera|lemma:сфера")["term"].tolist()
    assert both == ["sfere", "sferu", "сферу", "сферы"]
    only_ru = fr.match_terms(dtm, {"s": parse_pattern("lemma:сфера", language="ru")})["term"].tolist()
    assert only_ru == ["сферу", "сферы"]
    # a plain vocabulary (no documents): the language its letters suggest
    vocab = np.array(sorted(["війна", "війни", "воєн", "мир"]), dtype=object)
    assert fr.match_terms(vocab, "lemma:війна")["term"].tolist() == ["воєн", "війна", "війни"]


def test_lemma_glob_and_errors():
    c = corpus(("ru", "спецоперация, спецоперации, спецоперацией; операция"))
    dtm = fr.document_term_matrix(c, ngrams=2, cache=False)
    assert fr.match_terms(dtm, "lemma:спецопер*")["term"].tolist() == ["спецоперацией", "спецоперации",
                                                                       "спецоперация"]
    with pytest.raises(PatternError, match=r"the lemma phrase '\* операция' starts with '\*': start it with a word"):
        count_matrix(dtm, "lemma:* операция")
    with pytest.raises(PatternError, match=r"word 'lemma:война' has the characters ':'"):
        parse_pattern("война lemma:война")
    assert parse_pattern("lemma:война|вторжени*").alternatives[1].lemma is False


def test_shipped_dictionary_counts_aggression_by_lemma_in_russian_and_ukrainian():
    c = corpus(("ru", RUSSIAN), ("uk", UKRAINIAN))
    rates = fr.term_rates(c, fr.load_dictionary("ukraine"), n_boot=0, by="language")
    aggression = rates[rates["pattern"] == "AGGRESSION"].set_index("language")["count"]
    assert aggression.to_dict() == {"ru": 10, "uk": 5}  # "агрессивная", "агресивна" are not counted
    spheres = rates[rates["pattern"] == "SPHERES_OF_INFLUENCE"].set_index("language")["count"]
    assert spheres.to_dict() == {"ru": 3, "uk": 0}
