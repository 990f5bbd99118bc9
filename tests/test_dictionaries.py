"""Frame dictionaries: the shipped Ukraine dictionary, file formats, errors, the audit table."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

import framing as fr
from framing._infra.errors import PatternError
from framing.terms.dictionaries import FrameDictionary, available_dictionaries, load_dictionary, term_audit

CONCEPTS = ["AGGRESSION", "INVASION", "SPECIAL_MILITARY_OPERATION", "SPHERES_OF_INFLUENCE", "NATO_EXPANSION"]


def test_shipped_ukraine_dictionary_covers_every_concept_in_every_language():
    assert "ukraine" in available_dictionaries()
    d = load_dictionary("ukraine")
    assert d.name == "ukraine" and d.concept_names == CONCEPTS
    assert d.languages == ["en", "ru", "sr-Cyrl", "sr-Latn", "uk"]
    for concept, langs in d.concepts.items():
        assert sorted(langs) == d.languages, concept
        assert d.descriptions[concept]
    table = d.table()
    assert table.columns.tolist() == ["concept", "language", "pattern"]
    assert table["pattern"].str.split().str.len().max() <= 3  # a trigram matrix suffices
    cyr = table[table["language"] == "sr-Cyrl"]["pattern"]
    lat = table[table["language"] == "sr-Latn"]["pattern"]
    assert cyr.str.contains("[а-яј]", regex=True).all() and lat.str.contains("^[a-zčćšžđ* -]+$").all()


def _matched(dtm, patterns) -> dict[str, set[str]]:
    names, counts = fr.patterns.count_matrix(dtm, patterns)
    docs = dtm.docs["doc_id"].to_numpy()
    return {n: set(docs[np.flatnonzero(counts[:, j])]) for j, n in enumerate(names)}


def test_ukraine_dictionary_on_the_multilingual_documents(multilingual):
    dtm = fr.document_term_matrix(multilingual, ngrams=3, cache=False)
    found = _matched(dtm, load_dictionary("ukraine"))
    assert found["AGGRESSION"] == {"en-2", "uk-1", "sr-cyr", "sr-lat"}
    assert found["INVASION"] == {"en-1", "en-2", "uk-1"}
    assert found["SPECIAL_MILITARY_OPERATION"] == {"en-2", "ru-1", "ru-2"}
    assert found["SPHERES_OF_INFLUENCE"] == {"ru-1", "sr-cyr", "sr-lat"}
    assert found["NATO_EXPANSION"] == {"en-1"}


def test_both_serbian_scripts_match_without_transliteration(multilingual):
    dtm = fr.document_term_matrix(multilingual, ngrams=2, text=fr.TextOptions(transliterate="never"), cache=False)
    d = load_dictionary("ukraine")
    with pytest.warns(fr.FramingWarning) as record:
        cyrillic = _matched(dtm, d.to_patterns(["sr-Cyrl"]))
    expected = r"pattern 'INVASION' matches no term in the vocabulary \(\d+ terms\)\. .*It counts 0\.$"
    assert any(re.match(expected, str(w.message)) for w in record)
    assert cyrillic["AGGRESSION"] == {"sr-cyr"} and cyrillic["INVASION"] == set()
    with pytest.warns(fr.FramingWarning):
        assert _matched(dtm, d.to_patterns(["sr-Latn"]))["AGGRESSION"] == {"sr-lat"}


def test_yaml_toml_json_files_give_the_same_dictionary(tmp_path):
    data = {"name": "mini", "description": "test", "concepts": {
        "INV": {"description": "invasion", "en": ["invasion", "invad*"], "sr-Latn": ["invazij*"]}}}
    (tmp_path / "d.json").write_text(json.dumps(data))
    (tmp_path / "d.yaml").write_text("name: mini\ndescription: test\nconcepts:\n  INV:\n    description: invasion\n"
                                     "    en: [invasion, 'invad*']\n    sr-Latn: ['invazij*']\n")
    (tmp_path / "d.toml").write_text('name = "mini"\ndescription = "test"\n[concepts.INV]\n'
                                     'description = "invasion"\nen = ["invasion", "invad*"]\n"sr-Latn" = ["invazij*"]\n')
    loaded = [load_dictionary(tmp_path / f"d.{s}") for s in ("json", "yaml", "toml")]
    assert loaded[0] == loaded[1] == loaded[2] == FrameDictionary.from_dict(data)
    assert loaded[0].concepts == {"INV": {"en": ("invasion", "invad*"), "sr-Latn": ("invazij*",)}}
    assert loaded[0].descriptions == {"INV": "invasion"}


def test_built_in_python_and_language_selection():
    d = FrameDictionary("demo", {"SMO": {"en": ["special military operation"], "ru": "спецоперац*"}})
    assert d.concepts["SMO"]["ru"] == ("спецоперац*",)
    assert [a.language for a in d.to_patterns()[0].alternatives] == ["en", "ru"]
    assert [a.text for a in d.to_patterns(["ru"])[0].alternatives] == ["спецоперац*"]
    with pytest.raises(PatternError, match=r"frame dictionary 'demo' has no patterns in \['de'\]; its languages"):
        d.to_patterns(["de"])


@pytest.mark.parametrize("concepts, message", [
    ({}, "frame dictionary 'bad' has no concepts"),
    ({"X": {}}, r"concept 'X': give patterns per language"),
    ({"X": {"english": ["war"]}}, r"concept 'X': 'english' is not a language key such as 'en'"),
    ({"X": {"en": []}}, r"concept 'X', language 'en': give a non-empty list of patterns"),
    ({"X": {"en": ["war||peace"]}}, r"concept 'X', language 'en': pattern 'war\|\|peace' has an empty alternative"),
])
def test_dictionary_errors_name_the_concept_and_language(concepts, message):
    with pytest.raises(PatternError, match=message):
        FrameDictionary("bad", concepts)


def test_file_errors(tmp_path):
    with pytest.raises(PatternError, match=r"no frame dictionary 'nonesuch': shipped ones are \['ukraine'"):
        load_dictionary("nonesuch")
    with pytest.raises(PatternError, match=r"frame dictionary file '.*missing.yaml' does not exist"):
        load_dictionary(tmp_path / "missing.yaml")
    (tmp_path / "broken.yaml").write_text("concepts: [unclosed\n")
    with pytest.raises(PatternError, match=r"broken.yaml: not valid YAML"):
        load_dictionary(tmp_path / "broken.yaml")
    (tmp_path / "flat.json").write_text('{"name": "x"}')
    with pytest.raises(PatternError, match=r"flat.json: a frame dictionary needs a 'concepts' mapping"):
        load_dictionary(tmp_path / "flat.json")
    (tmp_path / "lang.yaml").write_text("concepts:\n  X:\n    EN: [war]\n")
    with pytest.raises(PatternError, match=r"lang.yaml: frame dictionary 'lang', concept 'X': 'EN' is not"):
        load_dictionary(tmp_path / "lang.yaml")


def test_audit_shows_surface_forms_per_outlet(multilingual):
    audit = term_audit(multilingual, load_dictionary("ukraine"), by="outlet")
    assert audit.columns.tolist() == ["pattern", "term", "languages", "outlet", "count", "docs", "share"]
    agg = audit[audit["pattern"] == "AGGRESSION"].set_index(["term", "outlet"])
    assert agg.loc[("agresija", "vijesti.example"), ["count", "docs"]].tolist() == [2, 2]
    assert agg.loc[("agresija", "vijesti.example"), "languages"] == "sr-Cyrl,sr-Latn"
    assert agg.loc[("агресія", "pravda.example"), "languages"] == "uk"
    assert agg.loc[("aggression", "news.example"), "languages"] == "en"
    sums = audit.groupby(["pattern", "outlet"])["share"].sum()
    assert np.allclose(sums, 1.0)
    # the audit's counts add up to the rates' counts
    rates = fr.term_rates(multilingual, load_dictionary("ukraine"), n_boot=0)
    totals = audit.groupby(["outlet", "pattern"])["count"].sum()
    nonzero = rates[rates["count"] > 0].set_index(["outlet", "pattern"])["count"]
    assert totals.sort_index().to_dict() == nonzero.sort_index().to_dict()


def test_audit_of_plain_patterns_without_groups(multilingual):
    audit = term_audit(multilingual, {"NATO": "nato"}, by=None)
    assert audit.to_dict("list") == {"pattern": ["NATO"], "term": ["nato"], "languages": [""], "count": [1],
                                     "docs": [1], "share": [1.0]}
    with pytest.warns(fr.FramingWarning, match="pattern 'peace' matches no term"):
        assert term_audit(multilingual, "peace").empty
