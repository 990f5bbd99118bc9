"""Readers for news-archive exports: Media Cloud CSV, GDELT DOC 2.0 article lists, Nexis .txt and Nexis Uni .docx.

The fixtures in tests/fixtures/exports/ are written by hand in each archive's documented layout
(LexisNexisTools' lnt_read for Nexis, the search tool's and the legacy Explorer's columns for Media
Cloud, the ArtList fields for GDELT); the expected values below are read off those files.
"""

from __future__ import annotations

import shutil
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import framing as fr
from framing.corpus.exports import nexis

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
PROVENANCE = ["source_format", "source_file", "source_record"]


def quiet(read, *args, **kwargs):
    """Call a reader, keeping the warnings it gives."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = read(*args, **kwargs)
    return corpus, [str(w.message) for w in caught]


def make_docx(folder: Path, name: str = "nexis-uni.docx", xml: bytes | None = None) -> Path:
    """A .docx holding the hand-written word/document.xml of the fixtures (or ``xml``)."""
    path = folder / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"/>')
        archive.writestr("word/document.xml", xml if xml is not None else
                         (FIXTURES / "nexis-uni-document.xml").read_bytes())
    return path


# --- Media Cloud ---------------------------------------------------------------------------------
def test_mediacloud_search_csv_maps_onto_the_schema_with_provenance():
    corpus, messages = quiet(fr.read_mediacloud, FIXTURES / "mediacloud-stories.csv")
    df = corpus.df
    assert df["doc_id"].tolist() == ["c0a1f3e2b7d94f1e8a55", "5b2e9d0c41aa4d7c93f0", "e91c44b0d6f24b0b8c12",
                                     "77d0aa5c9e1b4e3f8a61"]
    assert df["outlet"].tolist() == ["bbc.co.uk", "ria.ru", "pravda.com.ua", "vijesti.me"]
    assert df["title"][1] == "Путин объявил о начале специальной военной операции, заявил Кремль"  # quoted comma
    assert df["language"].tolist() == ["en", "ru", "uk", "sr"]
    assert df["url"][3] == "https://www.vijesti.me/svijet/evropa/596001"
    assert df["date"].dt.strftime("%Y-%m-%d %H:%M").tolist() == ["2022-02-24 05:58", "2022-02-24 06:40",
                                                                 "2022-02-25 10:21", "2022-03-01 11:45"]
    # pravda.com.ua has no publish_date: its indexed_date stands in, and the row says so
    assert df["date_from"].tolist() == ["publish_date", "publish_date", "indexed_date", "publish_date"]
    assert df[PROVENANCE].values.tolist() == [["mediacloud", str(FIXTURES / "mediacloud-stories.csv"), i]
                                              for i in (1, 2, 3, 4)]
    assert df["media_url"][0] == "https://www.bbc.co.uk"  # other columns are kept
    assert df["text"].eq("").all()
    assert any("hold titles and URLs but no article text" in m and "text='title'" in m for m in messages)


def test_mediacloud_titles_as_text_and_the_legacy_explorer_columns():
    corpus, _ = quiet(fr.read_mediacloud, FIXTURES / "mediacloud-explorer.csv", text="title")
    df = corpus.df
    assert df["doc_id"].tolist() == ["2139406522", "2139411800"]
    assert df["outlet"].tolist() == ["New York Times", "The Guardian"]
    assert df["text"].tolist() == ["Biden condemns 'unprovoked and unjustified' attack",
                                   "Russia's invasion of Ukraine: what we know"]
    assert df["ap_syndicated"].tolist() == ["False", "True"]


def test_mediacloud_story_in_two_files_is_read_once(tmp_path):
    shutil.copy(FIXTURES / "mediacloud-stories.csv", tmp_path / "a.csv")
    shutil.copy(FIXTURES / "mediacloud-stories.csv", tmp_path / "b.csv")
    corpus, messages = quiet(fr.read_mediacloud, tmp_path, text="title")
    assert len(corpus) == 4
    assert corpus.df["source_file"].eq(str(tmp_path / "a.csv")).all()
    assert any("4 records repeat the story id of an earlier one and were read once: b.csv row 2 "
               "(counting the header as row 1) = a.csv row 2" in m for m in messages)


def test_mediacloud_cut_row_names_file_and_record():
    with pytest.raises(fr.CorpusError, match=r"mediacloud-cut.csv: record 2 \(row 3, counting the header as row 1\) "
                                             r"has 7 fields, the header 8; the row is cut"):
        fr.read_mediacloud(FIXTURES / "mediacloud-cut.csv")


def test_mediacloud_refuses_another_csv_listing_its_columns(tmp_path):
    path = tmp_path / "articles.csv"
    path.write_text("source,published,body\nx,2022-02-24,war\n")
    with pytest.raises(fr.CorpusError, match=r"articles.csv: a Media Cloud story list needs a column 'id' or "
                                             r"'stories_id'; the file has \['source', 'published', 'body'\]"):
        fr.read_mediacloud(path)


def test_mediacloud_story_without_any_date(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("id,indexed_date,language,media_name,media_url,publish_date,title,url\n"
                    "a1,,en,bbc.co.uk,https://www.bbc.co.uk,,Title,https://www.bbc.co.uk/1\n")
    with pytest.raises(fr.CorpusError, match=r"s.csv: record 1 \(row 2, story 'a1'\) has no publish_date"):
        fr.read_mediacloud(path)


# --- GDELT ---------------------------------------------------------------------------------------
def test_gdelt_json_artlist_maps_onto_the_schema():
    corpus, messages = quiet(fr.read_gdelt, FIXTURES / "gdelt-artlist.json")
    df = corpus.df
    assert df["doc_id"].tolist() == df["url"].tolist()
    assert df["outlet"].tolist() == ["tass.ru", "rferl.org", "rts.rs"]
    assert df["date"].astype(str).tolist() == ["2022-02-24 03:15:00", "2022-02-24 04:15:00", "2022-02-24 06:45:00"]
    assert df["language"].tolist() == ["ru", "en", "sr"]
    assert df["gdelt_language"].tolist() == ["Russian", "English", "Serbian"]
    assert df["sourcecountry"].tolist() == ["Russia", "Czech Republic", "Serbia"]
    assert df["title"][2] == "Русија покренула војну операцију у Украјини"
    assert df["source_format"].eq("gdelt").all() and df["source_record"].tolist() == [1, 2, 3]
    assert any("GDELT article-list exports hold titles and URLs" in m for m in messages)


def test_gdelt_csv_and_json_together_read_a_repeated_url_once():
    corpus, messages = quiet(fr.read_gdelt, [FIXTURES / "gdelt-artlist.json", FIXTURES / "gdelt-artlist.csv"],
                             text="title")
    df = corpus.df
    assert len(df) == 4  # the rferl.org article is in both files
    assert df["outlet"].tolist() == ["tass.ru", "rferl.org", "rts.rs", "unian.ua"]
    assert df.loc[3, ["text", "language", "source_record"]].tolist() == ["Війна в Україні: головне за добу", "uk", 1]
    assert df.loc[3, "source_file"] == str(FIXTURES / "gdelt-artlist.csv")
    assert any("1 records repeat the url of an earlier one and were read once: gdelt-artlist.csv record 2 = "
               "gdelt-artlist.json article 2" in m for m in messages)


def test_gdelt_bad_seendate_names_file_and_article():
    with pytest.raises(fr.CorpusError, match=r"gdelt-bad-date.json: article 2 "
                                             r"\(https://www.rferl.org/a/31720011.html\): seendate '24.02.2022' is not "
                                             r"a GDELT date such as '20220224T013000Z'"):
        fr.read_gdelt(FIXTURES / "gdelt-bad-date.json", text="title")


def test_gdelt_answer_that_is_not_an_artlist(tmp_path):
    path = tmp_path / "timeline.json"
    path.write_text('{"query_details": {}, "timeline": []}')
    with pytest.raises(fr.CorpusError, match=r"timeline.json: a GDELT ArtList answer is an object with a list "
                                             r"'articles'; found keys \['query_details', 'timeline'\]"):
        fr.read_gdelt(path)


# --- Nexis .txt ----------------------------------------------------------------------------------
def test_nexis_txt_download_as_lexisnexistools_reads_it():
    corpus, _ = quiet(fr.read_nexis, FIXTURES / "nexis-download.txt")
    df = corpus.df
    assert df["doc_id"].tolist() == ["nexis-download-1", "nexis-download-2", "nexis-download-3"]
    assert df["outlet"].tolist() == ["The Guardian (London)", "Kommersant", "Vijesti"]
    assert df["date"].astype(str).tolist() == ["2022-02-24", "2022-02-25", "2022-03-01"]
    assert df["title"].tolist() == ["Russia invades Ukraine as Putin orders attack",
                                    "Спецоперация на Украине: первый день",
                                    "Агресија на Украјину: Подгорица уводи санкције"]
    assert df["edition"].tolist() == ["Edition 1; National", "", ""]
    assert df["byline"].tolist() == ["Luke Harding in Kyiv", "Андрей Колесников", ""]
    assert df["section"].tolist() == ["WORLD NEWS; Pg. 1", "ПОЛИТИКА; С. 1", ""]
    assert df["length"].tolist() == ["96 words", "41 words", "25 words"]
    assert df["language"].tolist() == ["en", "ru", "sr"]
    # wrapped lines re-joined, paragraphs kept, LOAD-DATE and the copyright left out
    assert df["text"][1] == ("Президент России объявил о начале специальной военной операции. В Кремле заявили, что "
                             "цели операции будут достигнуты.\n\nЗападные страны объявили о новых санкциях.")
    assert df["text"][0].startswith("Russian forces launched a full-scale invasion of Ukraine before dawn on Thursday,")
    assert df["text"][0].endswith("promised the harshest sanctions yet.")
    assert not df["text"].str.contains("LOAD-DATE|Copyright|PUBLICATION-TYPE").any()
    assert df[PROVENANCE].values.tolist() == [["nexis-txt", str(FIXTURES / "nexis-download.txt"), i] for i in (1, 2, 3)]


def test_nexis_txt_article_without_length_line_names_file_and_record():
    with pytest.raises(fr.CorpusError, match=r"nexis-cut.txt: record 2 \(line 15, '2 of 2 DOCUMENTS'\): no "
                                             r"'LENGTH: … words' line ends the article's metadata"):
        fr.read_nexis(FIXTURES / "nexis-cut.txt")


def test_nexis_txt_that_is_not_a_download(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Some notes about the war.\n")
    with pytest.raises(fr.CorpusError, match=r"notes.txt: no line 'N of M DOCUMENTS' starts an article"):
        fr.read_nexis(path)


def test_nexis_date_in_another_language_is_a_clear_error():
    lines = ["1 of 1 DOCUMENT", "Le Monde", "24 février 2022 jeudi", "Titre", "LENGTH: 3 words", "Texte.",
             "LANGUAGE: FRENCH"]
    with pytest.raises(fr.CorpusError, match=r"x.txt: record 1 .*cannot read the date '24 février 2022 jeudi'"):
        nexis.parse_txt(lines, "x.txt")


# --- Nexis Uni .docx -----------------------------------------------------------------------------
def test_nexis_uni_docx_skips_the_cover_page_and_reads_each_article(tmp_path):
    path = make_docx(tmp_path)
    corpus, _ = quiet(fr.read_nexis, path)
    df = corpus.df
    assert df["title"].tolist() == ["Russia launches attack on Ukraine", "Звернення Президента до українців"]
    assert df["outlet"].tolist() == ["The Washington Post", "Ukrainska Pravda"]
    assert df["date"].astype(str).tolist() == ["2022-02-24", "2022-02-26"]
    assert df["byline"].tolist() == ["Isabelle Khurshudyan", ""]
    assert df["section"].tolist() == ["A-SECTION; Pg. A1", ""]
    assert df["length"].tolist() == ["38 words", "16 words"]
    assert df["language"].tolist() == ["en", ""]
    assert df["text"].tolist() == [
        "Russian forces attacked Ukraine from three directions early Thursday, striking airports and military "
        "headquarters.\n\nThe Kremlin called it a special military operation.\nKyiv called it an invasion.",
        "Ми тут. Ми в Києві. Ми захищаємо Україну.\n\nЗброю ми не складемо, бо наша зброя – це наша правда."]
    assert df[PROVENANCE].values.tolist() == [["nexis-docx", str(path), 1], ["nexis-docx", str(path), 2]]
    assert df["doc_id"].tolist() == ["nexis-uni-1", "nexis-uni-2"]


def test_nexis_folder_of_txt_and_docx(tmp_path):
    shutil.copy(FIXTURES / "nexis-download.txt", tmp_path / "a.txt")
    make_docx(tmp_path, "b.docx")
    (tmp_path / "~$b.docx").write_bytes(b"lock")  # Word's lock file is skipped
    corpus, _ = quiet(fr.read_nexis, tmp_path)
    assert corpus.df["source_format"].tolist() == ["nexis-txt"] * 3 + ["nexis-docx"] * 2
    assert corpus.df["doc_id"].tolist() == ["a-1", "a-2", "a-3", "b-1", "b-2"]


def test_nexis_uni_article_without_body_names_the_record(tmp_path):
    xml = (FIXTURES / "nexis-uni-document.xml").read_text(encoding="utf-8")
    second = xml.index("Звернення Президента до українців</w:t></w:r></w:p>\n<w:p><w:r><w:t>Ukrainska")
    xml = xml[:second] + xml[second:].replace("<w:t>Body</w:t>", "<w:t>Text follows</w:t>", 1)
    path = make_docx(tmp_path, xml=xml.encode("utf-8"))
    with pytest.raises(fr.CorpusError, match=r"nexis-uni.docx: record 2 \(paragraph 34\): no paragraph 'Body' "
                                             r"separates the metadata from the text"):
        fr.read_nexis(path)


def test_docx_that_is_not_a_zip(tmp_path):
    path = tmp_path / "x.docx"
    path.write_bytes(b"not a zip archive")
    with pytest.raises(fr.CorpusError, match=r"x.docx: not a readable .docx file"):
        fr.read_nexis(path)


def test_export_readers_pass_reader_options():
    corpus, _ = quiet(fr.read_nexis, FIXTURES / "nexis-download.txt", constants={"country": "various"})
    assert corpus.df["country"].eq("various").all()
    assert isinstance(corpus.df["date"].dtype, type(pd.Series(pd.to_datetime(["2022-01-01"])).dtype))
