"""The named corpus ukraine-2022-ru-uk: the JavaScript literal reader, the js-records source, parallel texts.

The reader is checked on hand-written literals (each syntax item, each error with its line and
column); the build on a tiny hand-made mirror laid out like the real one (a 1tv.ru-like CSV, a
Ukrainian and an English records module), fetched through a recipe in ``$FRAMING_RECIPES``; the real
corpus is fetched from ``$FRAMING_MIRROR`` (or its public sources) and counted against the raw files
read here with pandas and a regular expression, independently of framing's parsers.
"""

from __future__ import annotations

import hashlib
import json
import re
import warnings
from pathlib import Path

import pandas as pd
import pytest
from conftest import demo_corpus, demo_environment

import framing as fr
from framing._infra.errors import CatalogError
from framing.cli import main
from framing.corpus import catalog
from framing.corpus.sources.jsliteral import read_literal, read_module
from framing.corpus.sources.jsrecords import unpaired

WHERE = "x.js"


# --- the literal reader ---------------------------------------------------------------------------
def test_reader_knows_every_syntax_item():
    text = r"""// a data module, as the resistinua files are written
const source = [
  {
    id: 'a1', "quoted": "double", 'single': 'it\'s', $dollar_1: 1, 42: 'numeric key',
    text: `
**Українці!**
line two with 'quotes', "quotes" and a \` backtick, a $ sign`,
    escapes: '\n\t\\\x41\u0416\u{1F600}\ud83d\ude00 con\
tinued',
    numbers: [0, -7, +3, 2.5, .5, 1e3, -1.5E-2, 0x1F, 0o17, 0b101,],
    flags: [true, false, null],  /* a block
    comment */
    nested: {deeper: [[], {}, [1, [2]]],},
  },
]

module.exports = source;
"""
    record = read_module(text, where=WHERE)[0]
    assert record == {
        "id": "a1", "quoted": "double", "single": "it's", "$dollar_1": 1, "42": "numeric key",
        "text": "\n**Українці!**\nline two with 'quotes', \"quotes\" and a ` backtick, a $ sign",
        "escapes": "\n\t\\AЖ\U0001F600\U0001F600 continued",
        "numbers": [0, -7, 3, 2.5, 0.5, 1000.0, -0.015, 31, 15, 5],
        "flags": [True, False, None],
        "nested": {"deeper": [[], {}, [1, [2]]]},
    }
    assert [type(n) for n in record["numbers"][:3]] == [int, int, int]


@pytest.mark.parametrize("text", [
    "[1, 'a']", "module.exports = [1, 'a']", "export default [1, 'a'];", "let s = [1, 'a']\nexport default s",
    "var s = [1, 'a'];", "\ufeff/* header */ const s = [1, 'a'] // trailing\n",
])
def test_reader_accepts_each_module_form(text):
    assert read_module(text, where=WHERE) == [1, "a"]


def test_template_line_ends_read_as_newlines():
    assert read_literal("`a\r\nb\rc`", where=WHERE) == "a\nb\nc"


@pytest.mark.parametrize("text, message", [
    ("[1, 2", "line 1, column 6: expected ',' or ']' after an item of the array, found the end of the file."),
    ("{a: 1,\n  b 2}", "line 2, column 5: expected ':' after the key 'b', found '2'."),
    ("[\n  `a ${x}`]", "line 2, column 6: a template substitution '${' is code, not data; framing reads the literal "
                       "without running it. Write the value out in full (or escape it as '\\${')."),
    ("['abc\n']", "line 1, column 2: this string is not closed before the end of its line: expected ' (a string on "
                  "several lines needs backticks, or \\n for the line ends)."),
    ("[`never closed", "line 1, column 2: this string is not closed: expected ` before the end of the file."),
    ("[1,,2]", "line 1, column 4: expected a value (a string, number, true, false, null, '[' or '{'), found ','."),
    ("{a: 1, a: 2}", "line 1, column 8: the key 'a' appears twice in this object; keep one."),
    ("{[k]: 1}", "line 1, column 2: expected a key (a name, a quoted string or a number) or '}', found '['."),
    ("[undefined]", "line 1, column 2: expected a value (a string, number, true, false, null, '[' or '{'), found "
                    "the name 'undefined': names, calls and expressions are code, not data."),
    ("[1, /* open", "line 1, column 5: this comment is not closed: expected '*/' before the end of the file."),
    ("['\\1']", "line 1, column 3: the octal escape '\\1' is not allowed; write the character, or \\xHH."),
    ('["\\xZZ"]', "line 1, column 3: expected 2 hexadecimal digits in the escape '\\x', found 'ZZ'."),
    ("['\\ud83d']", "line 1, column 2: this string holds half of a UTF-16 surrogate pair (an escape such as \\ud83d "
                    "without its partner); it is not text."),
    ("[0123]", "line 1, column 2: the number '0123' has a leading zero (a legacy octal literal); write it without "
               "the zero, or as 0o... for octal."),
    ("[12n]", "line 1, column 4: expected a separator after the number '12', found 'n' (BigInt, numeric separators "
              "and names are not data)."),
    ("[-]", "line 1, column 2: expected a number, found '-'."),
    ("const s = [1]; module.exports = t", "line 1, column 33: expected the name 's' (the module exports the "
                                         "constant it defines), found 't'."),
    ("const s = [1];\nalert(1)", "line 2, column 1: expected the end of the file, or 'module.exports = s', "
                                 "found 'alert'."),
    ("[1] [2]", "line 1, column 5: expected the end of the file (a data module holds one literal), found '['."),
    ("", "line 1, column 1: expected a value (a string, number, true, false, null, '[' or '{'), found the end of "
         "the file."),
])
def test_reader_errors_name_line_column_and_what_was_expected(text, message):
    with pytest.raises(CatalogError) as caught:
        read_module(text, where=WHERE)
    assert str(caught.value) == f"{WHERE}, {message}"


# --- a tiny mirror laid out like the real one -----------------------------------------------------
ZERO = "0" * 40
TV_CSV = (
    "url,title,date_extracted,content,category\n"
    "https://www.1tv.ru/news/2022-02-24/421700-specoperaciya,Специальная военная операция,2022-02-24,"
    "\"Началась специальная военная операция.\",\n"
    "https://www.1tv.ru/news/2022-02-25/421800-vypusk_ot_25_02_2022,Выпуск от 25.02.2022,2022-02-25,"
    "\"Смотрите в выпуске: спецоперация продолжается.\",\n"
)
UK_JS = """const source = [
  {
    id: 'pair1', name: 'Звернення Президента', translated: false, russianTimestamp: '',
    speaker: ['Володимир Зеленський', 'Денис Шмигаль'], date: '2022-02-24T23:48:46',
    topics: [], cities: ['Київ'], text: `
**Українці!**

Це агресія і вторгнення.
    `, description: 'опис', url: 'https://www.youtube.com/watch?v=pair1'
  },
  {id: 'reused', name: 'Брифінг', speaker: ['Ірина Верещук'], date: '2022-03-11T24:04:30',
   text: 'Брифінг Ірини Верещук', url: 'https://www.youtube.com/watch?v=reused'},
  {id: 'reused', name: 'Брифінг', speaker: ['Ірина Верещук'], date: '2022-03-11T24:04:30',
   text: 'Брифінг Ірини Верещук', url: 'https://www.youtube.com/watch?v=reused'},
  {id: 'reused', name: 'Другий брифінг', speaker: ['Олексій Арестович'], date: '2022-03-12T10:00:00',
   text: 'Ситуація щодо вторгнення', url: 'https://www.youtube.com/watch?v=reused2'},
  {id: 'alone', name: 'Без перекладу', speaker: [], date: '2022-03-01T09:00:00',
   text: 'Текст без перекладу', url: 'https://www.youtube.com/watch?v=alone'},
]

module.exports = source
"""
EN_JS = """const source = [
  {id: 'pair1', name: 'Address by the President', speaker: ['Володимир Зеленський', 'Денис Шмигаль'],
   date: '2022-02-24T23:48:46', text: `**Ukrainians!**\n\nThis is aggression and invasion.`,
   url: 'https://www.youtube.com/watch?v=pair1'},
  {id: 'reused', name: 'Second briefing', speaker: ['Олексій Арестович'], date: '2022-03-12T10:00:00',
   text: 'The situation regarding the invasion', url: 'https://www.youtube.com/watch?v=reused2'},
]
module.exports = source
"""
FILES = {("o/tv", "chunks/chunk_2022.csv"): TV_CSV.encode(), ("o/ua", "content/messages.js"): UK_JS.encode(),
         ("o/ua", "content/messages-en.js"): EN_JS.encode()}


def _pin(repo: str, path: str, **meta: str) -> dict:
    data = FILES[repo, path]
    return {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), **({"meta": meta} if meta else {})}


def _recipe() -> dict:
    """The shipped recipe's two sources, pointed at the hand-made files."""
    shipped = json.loads(catalog.get_recipe("ukraine-2022-ru-uk").path.read_text(encoding="utf-8"))
    tv, ua = (dict(s, commit=ZERO) for s in shipped["sources"])
    tv.update(repo="o/tv", files=[_pin("o/tv", "chunks/chunk_2022.csv")])
    ua.update(repo="o/ua", files=[_pin("o/ua", "content/messages.js", language="uk"),
                                  _pin("o/ua", "content/messages-en.js", language="en")])
    return {**{k: v for k, v in shipped.items() if k not in ("fingerprint", "reference", "differences")},
            "name": "mini-ru-uk", "sources": [tv, ua]}


@pytest.fixture
def mini(tmp_path, monkeypatch):
    """A recipe ``mini-ru-uk`` in ``$FRAMING_RECIPES`` and a mirror folder holding its files; returns the mirror."""
    for var in ("FRAMING_MIRROR", "FRAMING_RAW_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("FRAMING_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("FRAMING_RECIPES", str(tmp_path / "recipes"))
    (tmp_path / "recipes").mkdir()
    (tmp_path / "recipes" / "mini-ru-uk.json").write_text(json.dumps(_recipe(), ensure_ascii=False), encoding="utf-8")
    for (repo, path), data in FILES.items():
        target = tmp_path / "mirror" / "github" / repo / ZERO / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return tmp_path / "mirror"


@pytest.fixture
def mini_corpus(mini):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a clean build warns about nothing
        return fr.load_corpus("mini-ru-uk", mirror=mini, progress=False)


def test_mini_build_documents_languages_and_columns(mini_corpus):
    df = mini_corpus.df.set_index("doc_id")
    assert sorted(df.index) == ["1tv-421700", "1tv-421800", "ua-en-pair1", "ua-en-reused-20220312100000",
                                "ua-uk-alone", "ua-uk-pair1", "ua-uk-reused-20220311000430",
                                "ua-uk-reused-20220312100000"]
    assert df.groupby(["outlet", "language"]).size().to_dict() == {
        ("1tv.ru", "ru"): 2, ("resistinua (Ukrainian officials)", "en"): 2,
        ("resistinua (Ukrainian officials)", "uk"): 4}
    tv = df.loc["1tv-421700"]
    assert (tv["title"], tv["text"], tv["script"], str(tv["date"].date())) == (
        "Специальная военная операция", "Специальная военная операция\n\nНачалась специальная военная операция.",
        "Cyrl", "2022-02-24")
    assert pd.isna(tv["parallel_id"]) and pd.isna(tv["speaker"])
    uk = df.loc["ua-uk-pair1"]
    assert (uk["title"], uk["text"], uk["speaker"], uk["url"], uk["script"], str(uk["date"].date())) == (
        "Звернення Президента", "Українці!\n\nЦе агресія і вторгнення.", "Володимир Зеленський; Денис Шмигаль",
        "https://www.youtube.com/watch?v=pair1", "Cyrl", "2022-02-24")
    assert df.loc["ua-en-pair1", "text"] == "Ukrainians!\n\nThis is aggression and invasion."
    assert df.loc["ua-en-pair1", "script"] == "Latn"
    assert df.loc["ua-uk-alone", "speaker"] == ""
    assert str(df.loc["ua-uk-reused-20220311000430", "date"].date()) == "2022-03-11"  # hour 24 keeps its day


def test_mini_parallel_ids_link_originals_and_translations(mini_corpus):
    df = mini_corpus.df
    ua = df[df["outlet"] != "1tv.ru"]
    pairs = ua.groupby("parallel_id")["language"].apply(sorted).to_dict()
    # 'reused' names three Ukrainian records: each gets its timestamp, and the English one of 12 March pairs
    assert pairs == {"pair1": ["en", "uk"], "reused-20220312100000": ["en", "uk"],
                     "reused-20220311000430": ["uk"], "alone": ["uk"]}
    assert sorted(unpaired(df)["doc_id"]) == ["ua-uk-alone", "ua-uk-reused-20220311000430"]


def test_mini_drops_the_exact_repeat_and_reports_it(mini):
    fr.load_corpus("mini-ru-uk", mirror=mini, progress=False)
    report = catalog.build_report("mini-ru-uk", mirror=mini)
    assert [(d["outlet"], d["reason"], d["dropped"], d["kept"]) for d in report.duplicates] == [
        ("resistinua (Ukrainian officials)", "same URL and text", "ua-uk-reused-20220311000430-2",
         "ua-uk-reused-20220311000430")]
    assert report.duplicates[0]["dropped_file"] == "content/messages.js#record 3"


def test_cli_fetch_and_info_show_licences_and_the_parallel_note(mini, capsys):
    assert main(["corpus", "fetch", "mini-ru-uk", "--mirror", str(mini)]) == 0
    assert "Corpus(8 documents, 2 outlets" in capsys.readouterr().out
    assert main(["corpus", "info", "mini-ru-uk", "--mirror", str(mini)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "licence: None stated for these files" in out
    assert "fetch for research use, do not redistribute the texts." in out
    assert "licence: CC0 1.0 (repository LICENSE)" in out
    assert "format js-records" in out
    assert "parallel: resistinua documents have a parallel_id" in out


def test_record_without_a_mapped_field_is_named_and_nothing_is_kept(mini, tmp_path):
    bad = b"module.exports = [{id: 'a', name: 'n', date: '2022-02-24', url: 'u'}]"
    recipe = _recipe()
    recipe["sources"][1]["files"][0].update(sha256=hashlib.sha256(bad).hexdigest(), bytes=len(bad))
    (tmp_path / "recipes" / "mini-ru-uk.json").write_text(json.dumps(recipe), encoding="utf-8")
    (mini / "github" / "o/ua" / ZERO / "content/messages.js").write_bytes(bad)
    with pytest.raises(CatalogError) as caught:
        fr.load_corpus("mini-ru-uk", mirror=mini, progress=False)
    assert str(caught.value) == (f"o/ua@{ZERO}:content/messages.js#record 1: the record has no key 'text' (it has "
                                 "['date', 'id', 'name', 'url']); fix the recipe's 'fields' or 'columns'.")
    assert not (tmp_path / "data" / "mini-ru-uk").exists()


@pytest.mark.parametrize("number, message", [
    ("(\\d+", "is not a regular expression"), ("\\d+", "must have exactly one group"),
])
def test_bad_number_pattern_of_a_table_source(mini, tmp_path, number, message):
    recipe = _recipe()
    recipe["sources"][0]["number"] = number
    (tmp_path / "recipes" / "mini-ru-uk.json").write_text(json.dumps(recipe), encoding="utf-8")
    with pytest.raises(CatalogError, match=f"^the source's 'number' .* {message}"):
        fr.load_corpus("mini-ru-uk", mirror=mini, progress=False)


# --- the real corpus ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def real():
    """The corpus fetched from $FRAMING_MIRROR (or its public sources), and the folder of its raw files."""
    corpus = demo_corpus("ukraine-2022-ru-uk")
    with demo_environment():
        return corpus, catalog.data_dir() / "raw", catalog.build_report("ukraine-2022-ru-uk")


def test_real_corpus_counts_per_outlet_and_language(real):
    corpus, raw, report = real
    recipe = catalog.get_recipe("ukraine-2022-ru-uk")
    tv, ua = recipe.sources
    rows = {Path(f.path).stem: len(pd.read_csv(raw / f.key, dtype=str)) for f in tv.files}
    assert rows == {"chunk_2021": 5460, "chunk_2022": 5437, "chunk_2023": 5445}  # shared/corpora/README.md
    records = {lang: sum(len(re.findall(r"(?m)^    id: ", (raw / f.key).read_text(encoding="utf-8")))
                         for f in ua.files if f.meta["language"] == lang) for lang in ("uk", "en")}
    assert records == {"uk": 360, "en": 364}
    dropped = pd.Series([d["dropped"][3:5] for d in report.duplicates]).value_counts().to_dict()
    counts = corpus.df.groupby(["outlet", "language"]).size().to_dict()
    assert counts == {("1tv.ru", "ru"): sum(rows.values()),
                      (ua.outlet, "uk"): records["uk"] - dropped.get("uk", 0),
                      (ua.outlet, "en"): records["en"] - dropped.get("en", 0)}
    assert dict(recipe.reference) == {"1tv.ru": 16342, ua.outlet: 724}
    assert corpus.fingerprint == recipe.fingerprint


def test_real_corpus_pairs_and_licences(real):
    corpus, _, _ = real
    df = corpus.df
    ua = df[df["outlet"] != "1tv.ru"]
    languages = ua.groupby("parallel_id")["language"].nunique()
    assert (languages == 2).sum() == 343 and len(unpaired(df)) == 32  # as the recipe's differences say
    assert df.loc[df["outlet"] == "1tv.ru", "parallel_id"].isna().all()
    assert ua["parallel_id"].notna().all()
    licences = df.groupby("outlet")["license"].unique().to_dict()
    assert [len(v) for v in licences.values()] == [1, 1]
    assert "do not redistribute the texts" in licences["1tv.ru"][0]


@pytest.mark.reference
def test_recipe_carries_the_facts_of_the_source_manifest():
    from conftest import reference_path

    manifest = json.loads(reference_path("../ukraine-2022-ru-uk.sources.json").read_text(encoding="utf-8"))
    recipe = catalog.get_recipe("ukraine-2022-ru-uk")
    assert [s.outlet for s in recipe.sources] == [s["outlet"] for s in manifest["sources"]]
    for ours, theirs in zip(recipe.sources, manifest["sources"]):
        assert ours.language == theirs["language"]
        assert [(f.repo, f.commit, f.path, f.sha256, f.size) for f in ours.files] == [
            (theirs["repo"], theirs["commit"], f["path"], f["sha256"], f["bytes"]) for f in theirs["files"]]
    assert recipe.sources[0].options["columns"] == manifest["sources"][0]["columns"]
    assert "do not redistribute the texts" in recipe.sources[0].license
    assert recipe.sources[1].license == manifest["sources"][1]["license"]
    assert {f.path: f.meta["language"] for f in recipe.sources[1].files} == {
        f["path"]: "en" if f["path"].endswith("-en.js") else "uk" for f in manifest["sources"][1]["files"]}
