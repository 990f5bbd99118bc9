"""Parsers of the raw source formats (framing.corpus.sources.*): hand-made inputs and real files."""

from __future__ import annotations

import csv
import doctest
import importlib
import io
import sys

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from loopback import KREMLIN, PGU, UN, WH_IMAGE, WH_SPHERES, WH_TABLE, demo_mirror

from framing._infra.errors import CatalogError
from framing.corpus.sources import PARSERS, jsrecords, markdown, plaintext, table
from framing.corpus.sources.common import RawFile, calendar_day, first_sentence, tidy_text, tidy_title
from framing.corpus.sources.markdown import markdown_to_text, split_front_matter


def raw(path: str, meta: dict | None = None) -> RawFile:
    return RawFile("owner/repo", "c" * 40, path, "0" * 64, 0, meta or {})


# --- common ----------------------------------------------------------------------------
def test_tidy_text_keeps_paragraphs_and_drops_invisible_characters():
    texts = pd.Series(["  One\u00a0 two\u2003\r\nthree \r\n\r\n\r\n\r\nCOVID-\u206019\u200b ", None])
    assert tidy_text(texts).tolist() == ["One two\nthree\n\nCOVID-19", ""]
    assert tidy_title(pd.Series(["A\n  wrapped\u00a0title "])).tolist() == ["A wrapped title"]


def test_first_sentence_and_its_limit():
    assert first_sentence("No end mark here") == "No end mark here"
    assert first_sentence("Mr. Smith said. More.") == "Mr."  # a rule, not a parser of English
    long = "word " * 100 + "end."
    assert first_sentence(long, limit=20) == "word word word word…"


def test_calendar_day_ignores_time_and_offset():
    days = calendar_day(pd.Series(["2022-06-24T23:23:00Z", "2021-10-25T00:10:00+03:00", "2022-02-24"]))
    assert days.dt.strftime("%Y-%m-%d").tolist() == ["2022-06-24", "2021-10-25", "2022-02-24"]
    assert str(days.dtype) == "datetime64[ns]"


def test_raw_file_url_and_mirror_key_percent_encode_the_path():
    f = RawFile("o/r", "abc", "Session 76 - 2021/x%ef.txt", "0", 1)
    assert f.key == "github/o/r/abc/Session 76 - 2021/x%ef.txt"
    assert f.url("http://127.0.0.1:1/{repo}/{commit}/{path}") == \
        "http://127.0.0.1:1/o/r/abc/Session%2076%20-%202021/x%25ef.txt"
    assert f.provenance == "o/r@abc:Session 76 - 2021/x%ef.txt"


# --- Markdown --------------------------------------------------------------------------
@pytest.mark.parametrize("body, expected", [
    ("not spheres of\ninfluence.", "not spheres of influence."),
    ("First para\nwrapped.\n  \nSecond.", "First para wrapped.\n\nSecond."),
    (r"costs \$1,500 \- a \[sic\] \*note\* \#1 snake\_case", "costs $1,500 - a [sic] *note* #1 snake_case"),
    ("see [the fact sheet](https://x.gov/a) and <https://x.gov/b>.", "see the fact sheet and ."),
    ("Intro.\n\n![](https://img/x.png)\n\nAfter.", "Intro.\n\nAfter."),
    ("Rick Scott of <s>Wisconsin</s> \\[Florida\\], <u>under</u><sup>1</sup>",
     "Rick Scott of Wisconsin [Florida], under1"),
    ("**Bold\nwrapped** and *it* and _und_ but snake_case", "Bold wrapped and it and und but snake_case"),
    ("## A heading\n\n> quoted\n> lines", "A heading\n\nquoted lines"),
    ("Things:\n\n- one\n- two\n  wrapped\n* three", "Things:\n\none\ntwo wrapped\nthree"),
    ("reforms to Section\n230. That remains", "reforms to Section 230. That remains"),
    ("1. first\n2. second\nwrapped", "1. first\n2. second wrapped"),
    ("Text.\n\n\\###\n\n* * *\n\n\\[…\\]", "Text."),
    ("<table><tbody><tr><td>Program</td><td>Agency</td></tr>\n"
     "<tr><td>IHS\nplan</td><td>HHS</td></tr></tbody></table>", "Program Agency\n\nIHS plan HHS"),
    ("line one\\\nline two", "line one\nline two"),
    ("a\u00a0b COVID-\u206019\r\nnext", "a b COVID-19 next"),
])
def test_markdown_to_text(body, expected):
    assert markdown_to_text(body) == expected


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.from_regex(r"[A-Za-z]{1,8}", fullmatch=True), min_size=1, max_size=6),
                min_size=1, max_size=8),
       st.lists(st.sampled_from([" ", "\n", "  ", " \n"]), min_size=1, max_size=40))
def test_markdown_without_markup_keeps_every_word_in_order(lines, breaks):
    """Re-joining hard-wrapped lines never loses, adds or reorders a word."""
    words = [w for line in lines for w in line]
    body = "".join(w + breaks[i % len(breaks)] for i, w in enumerate(words))
    assert markdown_to_text(body).split() == words


def test_front_matter_yaml_escapes_and_errors():
    meta, body = split_front_matter('---\ntitle: "Jen\\_Psaki, Leaders\\u2019\\_Summit"\n'
                                    "date: '2022-02-02'\n---\nBody\n", where="x.md")
    assert meta == {"title": "Jen\u00a0Psaki, Leaders\u2019\u00a0Summit", "date": "2022-02-02"}
    assert body == "Body\n"
    with pytest.raises(CatalogError,
                       match=r"^x\.md: no YAML front matter \(the file must start with '---'\)\.$"):
        split_front_matter("Body only", where="x.md")
    with pytest.raises(CatalogError, match=r"^x\.md: the YAML front matter is not closed"):
        split_front_matter("---\ntitle: a\n", where="x.md")
    with pytest.raises(CatalogError, match=r"^x\.md: the YAML front matter does not parse"):
        split_front_matter("---\ntitle: [a\n---\n", where="x.md")


def test_markdown_parse(tmp_path):
    path = tmp_path / "2022-02-02-briefing.md"
    path.write_text('---\ntags: press-briefings\ndate: \'2022-02-02\'\nsource_url: https://wh.gov/b/\n'
                    'title: "Press Briefing by Jen\\_Psaki"\n---\n \nThe sphere of\ninfluence.\n',
                    encoding="utf-8")
    options = {"id": "wh-{stem}", "front_matter": {"date": "date", "title": "title", "url": "source_url",
                                                   "category": "tags"}}
    df = markdown.parse([(raw("press-briefings/2022-02/2022-02-02-briefing.md"), path)], options)
    row = df.iloc[0]
    assert (row.doc_id, row.title, row.text, row.url, row.category) == (
        "wh-2022-02-02-briefing", "Press Briefing by Jen Psaki", "The sphere of influence.",
        "https://wh.gov/b/", "press-briefings")
    assert str(row.date) == "2022-02-02 00:00:00"
    assert row.source == "owner/repo@" + "c" * 40 + ":press-briefings/2022-02/2022-02-02-briefing.md"
    options["front_matter"]["url"] = "link"
    with pytest.raises(CatalogError, match=r"2022-02-02-briefing\.md: the front matter lacks \['link'\]; "
                                           r"it has \['date', 'source_url', 'tags', 'title'\]\."):
        markdown.parse([(raw("press-briefings/2022-02/2022-02-02-briefing.md"), path)], options)


# --- CSV -------------------------------------------------------------------------------
def test_csv_parse_huge_fields_quotes_and_newlines(tmp_path):
    huge = "x" * 200_000  # beyond the csv module's default limit of 131,072 characters
    rows = [["http://en.kremlin.ru/events/president/news/68700", "BRICS+ meeting", "2022-06-24T17:30:00Z",
             "Moscow", "He said \"hello\",\nthen left.", huge],
            ["http://en.kremlin.ru/events/president/news/7", "", "2021-10-24T11:00:00Z", "", "",
             "Body.  Two"]]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["link", "headline", "date", "location", "summary", "body"], *rows])
    path = tmp_path / "putin.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    options = {"id": "kremlin-{number}", "columns": {"url": "link", "title": "headline", "date": "date",
                                                     "text": ["summary", "body"]}}
    df = table.parse([(raw("press_release_data/putin.csv"), path)], options)
    assert df["doc_id"].tolist() == ["kremlin-68700", "kremlin-7"]
    assert df["text"].tolist() == ['He said "hello",\nthen left.\n\n' + huge, "Body. Two"]
    assert df["title"].tolist() == ["BRICS+ meeting", ""]  # empty titles are filled by the catalog
    assert df["source"].str.endswith(":press_release_data/putin.csv#row 1").tolist() == [True, False]
    options["columns"]["title"] = "title"
    with pytest.raises(CatalogError, match=r"putin\.csv: missing column\(s\) \['title'\]; the file has "
                                           r"\['link', 'headline', 'date', 'location', 'summary', 'body'\]"):
        table.parse([(raw("press_release_data/putin.csv"), path)], options)


# --- plain text ------------------------------------------------------------------------
UN_OPTIONS = {"id": "ungdc-{session}-{iso3}", "url": "https://doi.org/10.7910/DVN/0TJX8Y",
              "title": "{country} ({iso3}) - UNGA {session}th session ({year}) - {speaker}, {post}",
              "meta_columns": {"country": "iso3", "speaker": "speaker"}}


def test_plaintext_parse_uses_the_recipe_meta(tmp_path):
    path = tmp_path / "EU_76_2021.txt"
    path.write_text("Madam President,\u2003\nwe meet again.\n\n", encoding="utf-8")
    meta = {"session": 76, "iso3": "EU", "date": "2021-09-21", "country": "European Union",
            "speaker": "Charles Michel", "post": "President"}
    df = plaintext.parse([(raw("TXT/Session 76 - 2021/EU_76_2021.txt", meta), path)], UN_OPTIONS)
    assert df.iloc[0][["doc_id", "title", "text", "country", "speaker", "url"]].tolist() == [
        "ungdc-76-EU", "European Union (EU) - UNGA 76th session (2021) - Charles Michel, President",
        "Madam President,\nwe meet again.", "EU", "Charles Michel", "https://doi.org/10.7910/DVN/0TJX8Y"]
    assert str(df.iloc[0]["date"].date()) == "2021-09-21"
    with pytest.raises(CatalogError, match=r"EU_76_2021\.txt: the template '\{nope\}' needs 'nope', "
                                           r"which is not among \['country', 'date'"):
        plaintext.parse([(raw("EU_76_2021.txt", meta), path)], {**UN_OPTIONS, "id": "{nope}"})
    with pytest.raises(CatalogError, match=r"EU_76_2021\.txt: the recipe gives this file no 'date'"):
        plaintext.parse([(raw("EU_76_2021.txt", {"iso3": "EU"}), path)], UN_OPTIONS)


def test_parsers_are_registered_by_format():
    assert PARSERS == {"csv": table.parse, "js-records": jsrecords.parse, "markdown-front-matter": markdown.parse,
                       "text": plaintext.parse}


# --- the real raw files ----------------------------------------------------------------
def _mirror_path(repo_commit: str, path: str):
    return demo_mirror() / "github" / repo_commit / path


WH = "brian14708/wh-briefings/737ca03a271adc205c67766074ec8d0070f7ad95"
PYZ = "PeiYiZhuo/zelenskyy-putin/134450b5183c05bcbaac31d87e0e0ed65d54986e"


def test_white_house_files_become_clean_text():
    spheres = _mirror_path(WH, WH_SPHERES).read_text(encoding="utf-8")
    assert "not spheres of\ninfluence." in spheres
    assert "not coercion, not aggression, not spheres of influence." in markdown_to_text(spheres)
    image = markdown_to_text(split_front_matter(_mirror_path(WH, WH_IMAGE).read_text(encoding="utf-8"),
                                                where=WH_IMAGE)[1])
    assert "Americans are applying to start new businesses at a record rate, up about 30 percent" in image
    assert not any(mark in image for mark in ("![", "](", "mcusercontent", "**", "\\"))
    tribal = markdown_to_text(_mirror_path(WH, WH_TABLE).read_text(encoding="utf-8"))
    assert "IHS Sanitation Facilities Construction Program HHS $3.5 B" in tribal
    assert "<td>" not in tribal and "<strong>" not in tribal


def test_real_csv_files_match_the_csv_module():
    """pandas' C parser and Python's csv module (limit raised) read the same fields."""
    csv.field_size_limit(sys.maxsize)
    for path, text_columns in ((PGU, ["body"]), (KREMLIN, ["summary", "body"])):
        file = _mirror_path(PYZ, path)
        with file.open(encoding="utf-8", newline="") as handle:
            records = list(csv.DictReader(handle))
        options = {"id": "x-{row}", "columns": {"url": "link", "title": "headline", "date": "date",
                                                "text": text_columns}}
        df = table.parse([(raw(path), file)], options)
        assert len(df) == len(records)
        invisible = {ord(c): None for c in "\u200b\u2060\ufeff\ufffc"}
        expected = [" ".join(" ".join(r[c] for c in text_columns).translate(invisible).split())
                    for r in records]
        assert [" ".join(t.split()) for t in df["text"]] == expected
        assert max(len(r["body"]) for r in records) > 131_072 or path == PGU


def test_real_un_file_keeps_its_lines():
    file = _mirror_path("SarahFranzen/Emotions_in_the_United_Nations_General_Debates/"
                        "3b277c419f85fd6e1f14f69a5fd29a3a6b59fc96", UN[0])
    meta = {"session": 77, "iso3": "UKR", "date": "2022-09-20", "country": "Ukraine",
            "speaker": "Volodymyr Zelensky", "post": "President"}
    df = plaintext.parse([(raw(UN[0], meta), file)], UN_OPTIONS)
    lines = [" ".join(line.split()) for line in file.read_text(encoding="utf-8").splitlines()]
    assert df.loc[0, "text"].split("\n") == [line for line in lines if line]
    assert df.loc[0, "text"].startswith("Greetings to all people of the world")


@pytest.mark.parametrize("module", ["framing.corpus.sources", "framing.corpus.sources.common", "framing.corpus.sources.fetch",
                                    "framing.corpus.sources.markdown", "framing.corpus.sources.plaintext",
                                    "framing.corpus.sources.table", "framing.corpus.catalog"])
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0
