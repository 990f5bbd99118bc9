"""Readers: column mapping, formats, and every bad-input message."""

from __future__ import annotations

import gzip
import json
import warnings

import pandas as pd
import pytest

import framing as fr
from framing._infra.errors import CorpusError, FramingWarning


def write(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_read_csv_maps_columns_and_keeps_user_columns(tmp_path):
    path = write(tmp_path / "articles.csv",
                 "source,published,headline,body,section\n"
                 'kremlin.ru,2022-02-24,"Address","Line one,\nline ""two""",world\n'
                 "president.gov.ua,2022-02-25,Appeal,Text,home\n")
    corpus = fr.read_csv(path, text="body", outlet="source", date="published", title="headline")
    df = corpus.df
    assert df["doc_id"].tolist() == ["articles-1", "articles-2"]
    assert df.loc[0, "text"] == 'Line one,\nline "two"'
    assert df["section"].tolist() == ["world", "home"]
    assert df["date"].tolist() == [pd.Timestamp("2022-02-24"), pd.Timestamp("2022-02-25")]
    assert "source" not in df and "body" not in df


def test_read_csv_huge_field_and_joined_text_columns(tmp_path):
    body = "word " * 60_000  # 300 KB, beyond Python csv's default 128 KiB field limit
    path = write(tmp_path / "big.csv", f"outlet,date,summary,body\nx,2022-01-01,Lead.,{body}\n")
    corpus = fr.read_csv(path, text=["summary", "body"])
    assert corpus.texts[0] == "Lead.\n\n" + body.strip()


def test_read_jsonl_gzip_and_ids(tmp_path):
    rows = [{"id": "a", "outlet": "o", "date": "2022-01-01", "title": "t", "text": "x"},
            {"id": "b", "outlet": "o", "date": "2022-01-02T10:00:00+02:00", "title": "t", "text": "y"}]
    path = tmp_path / "c.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join(json.dumps(r) for r in rows).encode()))
    corpus = fr.read_jsonl(path)
    assert corpus.df["doc_id"].tolist() == ["a", "b"]
    assert corpus.df.loc[1, "date"] == pd.Timestamp("2022-01-02 10:00:00")  # the local time is kept (issue 12)


def test_read_folder_front_matter_and_metadata(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    write(folder / "one.md", "---\ntitle: First\ndate: 2022-02-24\noutlet: vijesti.me\n---\nBody one.\n")
    write(folder / "two.txt", "Body two.")
    write(tmp_path / "meta.csv", "file,outlet,date,title\ntwo.txt,cdm.me,2022-03-01,Second\n"
                                 "one,vijesti.me,2022-02-24,First\n")
    corpus = fr.read_folder(folder, metadata=tmp_path / "meta.csv")
    df = corpus.df.set_index("doc_id")
    assert df.loc["two", "outlet"] == "cdm.me" and df.loc["two", "text"] == "Body two."
    assert df.loc["one", "title"] == "First" and df.loc["one", "text"] == "Body one."


def test_read_parquet_round_trip(tmp_path, multilingual):
    path = multilingual.to_parquet(tmp_path / "c.parquet")
    again = fr.read_parquet(path)
    assert again.fingerprint == multilingual.fingerprint


def test_jsonl_round_trip_is_atomic_and_exact(tmp_path, multilingual):
    path = multilingual.to_jsonl(tmp_path / "c.jsonl.gz")
    assert [p.name for p in tmp_path.iterdir()] == ["c.jsonl.gz"]
    assert fr.read_jsonl(path).fingerprint == multilingual.fingerprint


def test_missing_column_lists_columns(tmp_path):
    path = write(tmp_path / "a.csv", "source,published,body\nx,2022-01-01,t\n")
    with pytest.raises(CorpusError, match=r"a\.csv: missing required column 'outlet'.*"
                                          r"\['source', 'published', 'body'\].*outlet='<your column>'"):
        fr.read_csv(path, text="body", date="published")


def test_bad_date_names_file_row_and_value(tmp_path):
    path = write(tmp_path / "a.csv", "outlet,date,text\nx,2022-01-01,a\nx,31/31/2022,b\nx,,c\n")
    with pytest.raises(CorpusError, match=r"a\.csv: cannot parse the date in column 'date' at row 3 "
                                          r"\(counting the header as row 1\): '31/31/2022' \(and 1 more rows\)"):
        fr.read_csv(path)
    with pytest.warns(FramingWarning, match="dropped 2 rows with unparseable dates"):
        corpus = fr.read_csv(path, on_bad_date="drop")
    assert corpus.texts.tolist() == ["a"]
    assert corpus.report.bad_dates_dropped[0] == ("row 3 (counting the header as row 1)", "31/31/2022")


def test_duplicate_ids_are_listed(tmp_path):
    path = write(tmp_path / "a.csv", "doc_id,outlet,date,text\n1,x,2022-01-01,a\n1,x,2022-01-01,b\n2,x,2022-01-01,c\n2,x,2022-01-01,d\n")
    with pytest.raises(CorpusError, match=r"2 ids repeat, first \['1', '2'\]"):
        fr.read_csv(path)


def test_duplicate_texts_reported_and_deduped(tmp_path):
    path = write(tmp_path / "a.csv", "doc_id,outlet,date,text\n1,x,2022-01-01,same\n2,y,2022-01-02,same\n3,x,2022-01-01,other\n")
    with pytest.warns(FramingWarning, match=r"1 documents repeat the exact text of an earlier one, "
                                            r"kept \(pass dedupe=True to drop\): 2 = 1"):
        kept = fr.read_csv(path)
    assert len(kept) == 3 and kept.report.duplicate_texts == (("1", "2"),)
    with pytest.warns(FramingWarning, match="dropped: 2 = 1"):
        deduped = fr.read_csv(path, dedupe=True)
    assert deduped.df["doc_id"].tolist() == ["1", "3"]


def test_empty_texts_counted(tmp_path):
    path = write(tmp_path / "a.csv", "doc_id,outlet,date,text\n1,x,2022-01-01,\n2,x,2022-01-01,  \n3,x,2022-01-01,t\n")
    with pytest.warns(FramingWarning, match=r"2 documents have empty text: 1, 2"):
        corpus = fr.read_csv(path)
    assert corpus.report.empty_texts == ("1", "2")


def test_malformed_jsonl_line_number(tmp_path):
    path = write(tmp_path / "a.jsonl", '{"outlet": "x", "date": "2022-01-01", "text": "a"}\n\n{"outlet": x}\n')
    with pytest.raises(CorpusError, match=r"a\.jsonl: line 3 is not valid JSON"):
        fr.read_jsonl(path)
    write(tmp_path / "b.jsonl", "[1, 2]\n")
    with pytest.raises(CorpusError, match=r"line 1 is a JSON list, not an object"):
        fr.read_jsonl(tmp_path / "b.jsonl")


def test_non_utf8_gives_offset_and_hint(tmp_path):
    prefix = "outlet,date,text\nx,2022-01-01,"
    path = write(tmp_path / "a.csv", prefix + "агресија\n", encoding="cp1251")
    offset = len(prefix.encode("cp1251"))
    with pytest.raises(CorpusError, match=rf"a\.csv: not valid utf-8 at byte offset {offset} .*encoding='cp1251'"):
        fr.read_csv(path)
    assert fr.read_csv(path, encoding="cp1251").texts[0] == "агресија"


def test_empty_file_and_missing_path(tmp_path):
    write(tmp_path / "empty.csv", "  \n")
    with pytest.raises(CorpusError, match=r"empty\.csv: the file is empty"):
        fr.read_csv(tmp_path / "empty.csv")
    with pytest.raises(CorpusError, match=r"nope\.jsonl: no such file"):
        fr.read_jsonl(tmp_path / "nope.jsonl")
    with pytest.raises(CorpusError, match=r"no such folder"):
        fr.read_folder(tmp_path / "nope")
    with pytest.raises(CorpusError, match=r"unknown file type"):
        fr.read(write(tmp_path / "a.xlsx", "x"))


def test_input_files_are_never_modified(tmp_path):
    path = write(tmp_path / "a.csv", "outlet,date,text\nx,2022-01-01,a\n")
    before = path.read_bytes(), path.stat().st_mtime_ns
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fr.read_csv(path).to_parquet(tmp_path / "out.parquet")
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_constants_fill_missing_fields(tmp_path):
    path = write(tmp_path / "a.csv", "date,text\n2022-01-01,Агресија\n")
    corpus = fr.read_csv(path, constants={"outlet": "Vijesti", "language": "sr"})
    assert corpus.df.loc[0, ["outlet", "language", "script"]].tolist() == ["Vijesti", "sr", "Cyrl"]


@pytest.mark.reference
def test_reference_build_reads(reference_window):
    assert len(reference_window) == 4295
    counts = reference_window.df["outlet"].value_counts().to_dict()
    assert counts == {"whitehouse.gov": 1921, "president.gov.ua": 979, "kremlin.ru": 816,
                      "UN General Debate": 579}
    assert set(reference_window.df["language"]) == {"en"}


def test_written_files_get_default_permissions(tmp_path, multilingual):
    import os
    import stat

    umask = os.umask(0o022)
    try:
        path = multilingual.to_parquet(tmp_path / "c.parquet")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
