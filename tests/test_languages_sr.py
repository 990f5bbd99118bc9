"""Serbian/Montenegrin in both scripts, ekavian and ijekavian: the dictionary, lemmas and the audit.

tests/fixtures/languages/sr_me.csv holds four hand-written news paragraphs: Serbian ekavian in
Latin (dnevnik) and Cyrillic (rts), Montenegrin ijekavian in Latin (vijesti) and Cyrillic
(pobjeda). They use the frame words in their cases and numbers; every expected count below was
counted by hand in those paragraphs (the comments list the forms).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import framing as fr
from framing.terms.dictionaries import term_audit

FIXTURE = Path(__file__).parent / "fixtures" / "languages" / "sr_me.csv"
DOCS = ["sr-lat-ek", "sr-cyr-ek", "me-lat-ije", "me-cyr-ije"]


@pytest.fixture(scope="module")
def bcms() -> fr.Corpus:
    return fr.read_csv(FIXTURE)


def per_doc(corpus: fr.Corpus, patterns, **options) -> dict[str, list[int]]:
    dtm = fr.document_term_matrix(corpus, cache=False, **options)
    names, counts = fr.dtm.patterns.count_matrix(dtm, patterns)
    order = [dtm.docs["doc_id"].tolist().index(d) for d in DOCS]
    return {name: counts[order, j].astype(int).tolist() for j, name in enumerate(names)}


def test_the_shipped_dictionary_counts_every_script_and_variant(bcms):
    got = per_doc(bcms, fr.load_dictionary("ukraine"))
    assert got == {
        # dnevnik: agresija, agresije, agresiji ×2, agresiju, agresijom, agresije, agresija, agresora (not "agresivne");
        # vijesti: agresiju, agresije; pobjeda: агресија, агресију, агресије, агресору, агресори
        "AGGRESSION": [9, 0, 2, 5],
        "INVASION": [0, 5, 0, 0],  # инвазија, инвазије, инвазији, инвазију, инвазијом
        # специјалном војном операцијом, специјална војна операција, специјалне војне операције;
        # specijalna vojna operacija; специјалну војну операцију
        "SPECIAL_MILITARY_OPERATION": [0, 3, 1, 1],
        # сфери утицаја; sfere utjecaja, sfere uticaja, sferi uticaja, sferama uticaja; сферама утицаја
        "SPHERES_OF_INFLUENCE": [0, 1, 4, 1],
        "NATO_EXPANSION": [0, 1, 1, 0],  # ширењу НАТО-а; širenje NATO-a
    }


def test_lemma_patterns_in_both_scripts(bcms):
    got = per_doc(bcms, {"latin": "lemma:agresija", "cyrillic": fr.compile_patterns("lemma:агресија", language="sr")[0],
                         "spheres": "lemma:sfera uticaja", "ijekavian": "lemma:sfera utjecaja", "war": "lemma:rat"},
                  ngrams=2)
    assert got["latin"] == got["cyrillic"] == [8, 0, 2, 3]  # as AGGRESSION, without agresor and its forms
    assert got["spheres"] == [0, 1, 3, 1]  # sferi, sfere, sferi, sferama: simplemma alone misses these forms
    assert got["ijekavian"] == [0, 0, 1, 0]  # utjecaj is another lemma than uticaj
    assert got["war"] == [0, 0, 2, 0]  # hladni rat, je rat


def test_lemmas_without_transliteration_keep_the_cyrillic_forms(bcms):
    got = per_doc(bcms, {"agg": fr.compile_patterns("lemma:агресија", language="sr-Cyrl")[0]},
                  text=fr.TextOptions(transliterate="never"))
    assert got["agg"] == [8, 0, 2, 3]


def test_lemmatised_matrix_of_serbian_and_montenegrin(bcms):
    dtm = fr.document_term_matrix(bcms, text=fr.TextOptions(lemmatize=True), cache=False)
    assert dtm.count("sfera") == 6  # сфери; sfere ×2, sferi, sferama; сферама
    assert dtm.count("agresija") == 13  # the 8 + 2 + 3 forms of agresija


def test_audit_lists_forms_per_outlet_and_language(bcms):
    audit = term_audit(bcms, fr.load_dictionary("ukraine"), by=["outlet", "language"])
    assert audit.columns.tolist() == ["pattern", "term", "languages", "outlet", "language", "count", "docs", "share"]
    spheres = audit[(audit["pattern"] == "SPHERES_OF_INFLUENCE") & (audit["outlet"] == "vijesti.example")]
    assert sorted(spheres["term"]) == ["sferama uticaja", "sfere uticaja", "sfere utjecaja", "sferi uticaja"]
    assert spheres["share"].tolist() == [0.25] * 4 and set(spheres["language"]) == {"me"}
    assert set(spheres["languages"]) == {"sr-Cyrl,sr-Latn"}  # both scripts' patterns, transliterated, match
    lemma = term_audit(bcms, {"AGG": "lemma:agresija"}, by=["outlet", "language"])
    pobjeda = lemma[lemma["outlet"] == "pobjeda.example"].set_index("term")["count"].to_dict()
    assert pobjeda == {"agresija": 1, "agresije": 1, "agresiju": 1}
    assert lemma.groupby("outlet")["count"].sum().to_dict() == {"dnevnik.example": 8, "pobjeda.example": 3,
                                                                "vijesti.example": 2}
