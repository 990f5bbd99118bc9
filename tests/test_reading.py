"""Reading users' data (issue 12, "Reading"): dates, values that are not text, front matter,
encodings, many files, and mapped folders from the command line and figure configs.

Every fixture is written by hand here; expected values are worked out from the fixture (the
calendar, the file names), not taken from the code's output.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pandas as pd
import pytest

import framing as fr
from framing import CorpusError, FramingWarning
from framing.cli import main
from framing.corpus.corpus import Corpus
from framing.corpus.files import MAX_GLOB_CHARS, expand_glob
from framing.dtm.grouping import period_start


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def days(corpus: Corpus) -> list[str]:
    return corpus.df["date"].dt.strftime("%Y-%m-%d").tolist()


# --- dates -------------------------------------------------------------------------------
def test_ambiguous_day_month_order_is_refused_with_the_row(tmp_path):
    path = write(tmp_path / "a.csv", "outlet,date,text\nx,13/01/2022,a\nx,01/02/2022,b\n")
    with pytest.raises(CorpusError) as err:
        fr.read_csv(path)
    message = str(err.value)
    assert "day/month order" in message and "row 3 (counting the header as row 1) '01/02/2022'" in message
    assert "1 February 2022 read day first, 2 January 2022 read month first" in message
    assert "'13/01/2022' can only be day first, so dayfirst=True is likely" in message
    assert days(fr.read_csv(path, dayfirst=True)) == ["2022-01-13", "2022-02-01"]
    assert days(fr.read_csv(path, date_format="%d/%m/%Y")) == ["2022-01-13", "2022-02-01"]
    with pytest.raises(CorpusError, match=r"cannot parse the date .* row 2 .*'13/01/2022'"):
        fr.read_csv(path, dayfirst=False)  # there is no 13th month


def test_unambiguous_order_is_read_and_mixed_orders_are_refused(tmp_path):
    us = write(tmp_path / "us.csv", "outlet,date,text\nx,02/13/2022,a\nx,12/25/21,b\n")
    assert days(fr.read_csv(us)) == ["2022-02-13", "2021-12-25"]
    mixed = write(tmp_path / "mixed.csv", "outlet,date,text\nx,13/02/2022,a\nx,02/13/2022,b\n")
    with pytest.raises(CorpusError, match=r"mixes day-first dates \(row 2 .*'13/02/2022'\) and month-first "
                                          r"dates \(row 3 .*'02/13/2022'\)"):
        fr.read_csv(mixed)


def test_offsets_keep_the_local_calendar_day_unless_utc_is_asked(tmp_path):
    path = write(tmp_path / "a.csv", "outlet,date,text\nx,2022-02-24T01:30+02:00,a\nx,2022-02-24T23:30:00-0500,b\n"
                                     "x,2022-02-24,c\n")
    local = fr.read_csv(path).df["date"].tolist()
    assert local == [pd.Timestamp("2022-02-24 01:30"), pd.Timestamp("2022-02-24 23:30"), pd.Timestamp("2022-02-24")]
    utc = fr.read_csv(path, offsets="utc").df["date"].tolist()
    assert utc == [pd.Timestamp("2022-02-23 23:30"), pd.Timestamp("2022-02-25 04:30"), pd.Timestamp("2022-02-24")]


def test_dates_before_1677_read_group_round_trip_and_fingerprint(tmp_path):
    path = write(tmp_path / "old.csv", "outlet,date,text\ngazette,1600-01-05,Old news.\n"
                                       "gazette,1600-03-30,More old news.\nun,1946-10-24,Debate.\n")
    corpus = fr.read_csv(path)
    assert days(corpus) == ["1600-01-05", "1600-03-30", "1946-10-24"]
    assert str(corpus.df["date"].dtype) == "datetime64[us]"
    months = period_start(corpus.df["date"], "M").dt.strftime("%Y-%m-%d").tolist()
    assert months == ["1600-01-01", "1600-03-01", "1946-10-01"]
    quarters = period_start(corpus.df["date"], "Q").dt.strftime("%Y-%m-%d").tolist()
    assert quarters == ["1600-01-01", "1600-01-01", "1946-10-01"]
    corpus.to_parquet(tmp_path / "old.parquet")
    assert fr.read_parquet(tmp_path / "old.parquet").fingerprint == corpus.fingerprint
    corpus.to_jsonl(tmp_path / "old.jsonl")
    lines = [json.loads(line) for line in (tmp_path / "old.jsonl").read_text().splitlines()]
    assert [r["date"] for r in lines] == ["1600-01-05", "1600-03-30", "1946-10-24"]
    assert fr.read_jsonl(tmp_path / "old.jsonl").fingerprint == corpus.fingerprint
    per_month = fr.documents_per_period(corpus, period="Y")
    assert per_month["documents"].sum() == 3
    assert len(corpus.filter(end="1700-01-01")) == 2


# --- values that are not text ----------------------------------------------------------------
def test_nested_text_is_refused_naming_the_lines(tmp_path):
    rows = [{"outlet": "x", "date": "2022-01-01", "text": "fine"},
            {"outlet": "x", "date": "2022-01-01", "text": {"body": "nested text"}},
            {"outlet": "x", "date": "2022-01-01", "text": ["a", "b"]}]
    path = write(tmp_path / "a.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n")
    with pytest.raises(CorpusError, match=r"a\.jsonl: column 'text' holds a JSON object instead of text at line 2, "
                                          r"line 3 \(2 rows\).*json_normalize"):
        fr.read_jsonl(path)


def test_null_and_empty_outlets_are_reported_with_their_rows(tmp_path):
    rows = [{"outlet": None, "date": "2022-01-01", "text": "a"}, {"outlet": "x", "date": "2022-01-01", "text": "b"},
            {"outlet": " ", "date": "2022-01-01", "text": "c"}]
    path = write(tmp_path / "a.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n")
    with pytest.warns(FramingWarning, match=r"2 documents have no outlet \(kept with the outlet ''\): line 1, line 3"):
        corpus = fr.read_jsonl(path)
    assert corpus.report.empty_outlets == ("line 1", "line 3")


def test_two_columns_with_one_name_are_refused(tmp_path):
    path = write(tmp_path / "a.csv", "outlet,date,text,title,text\nx,2022-01-01,one,t,two\n")
    with pytest.raises(CorpusError, match=r"a\.csv: the header's columns 3 and 5 are both named 'text'"):
        fr.read_csv(path)
    jsonl = write(tmp_path / "b.jsonl", '{"outlet": "x", "date": "2022-01-01", "text": "one"}\n'
                                        '{"outlet": "x", "date": "2022-01-01", "text": "one", "text": "two"}\n')
    with pytest.raises(CorpusError, match=r"b\.jsonl: line 2 has the key 'text' twice"):
        fr.read_jsonl(jsonl)


# --- front matter and encodings --------------------------------------------------------------
def test_front_matter_dates_and_lists_round_trip(tmp_path):
    write(tmp_path / "texts" / "a.md", "---\noutlet: x\ndate: 2022-02-24\nupdated: 2022-03-01\ntags: [war, peace]\n"
                                       "---\nBody text.\n")
    corpus = fr.read_folder(tmp_path / "texts")
    assert corpus.df.loc[0, "updated"] == "2022-03-01" and json.loads(corpus.df.loc[0, "tags"]) == ["war", "peace"]
    corpus.to_jsonl(tmp_path / "out.jsonl")
    assert json.loads((tmp_path / "out.jsonl").read_text())["updated"] == "2022-03-01"
    corpus.to_parquet(tmp_path / "out.parquet")
    assert fr.read_parquet(tmp_path / "out.parquet").fingerprint == corpus.fingerprint


def test_utf16_files_are_read_or_get_advice_that_helps(tmp_path):
    body = "outlet,date,text\nvijesti,2022-01-01,Рат\n"
    (tmp_path / "bom.csv").write_bytes(body.encode("utf-16"))  # with a byte-order mark
    assert fr.read_csv(tmp_path / "bom.csv").df.loc[0, ["outlet", "text"]].tolist() == ["vijesti", "Рат"]
    (tmp_path / "le.csv").write_bytes(body.encode("utf-16-le"))
    with pytest.raises(CorpusError, match=r"looks like UTF-16 .* encoding='utf-16-le'"):
        fr.read_csv(tmp_path / "le.csv")
    assert fr.read_csv(tmp_path / "le.csv", encoding="utf-16-le").df.loc[0, "text"] == "Рат"


# --- many files --------------------------------------------------------------------------
@pytest.fixture
def scraped(tmp_path: Path) -> Path:
    """One CSV per outlet, each numbering its rows from 1, dates written day first."""
    write(tmp_path / "scraped" / "vijesti.csv", "id,published,body\n1,24.02.2022,Rat počinje.\n2,25.02.2022,Mir.\n")
    write(tmp_path / "scraped" / "rts.csv", "id,published,body\n1,24.02.2022,Рат.\n")
    write(tmp_path / "scraped" / "notes.txt", "not a corpus file")
    return tmp_path / "scraped"


def test_read_a_glob_with_the_outlet_from_the_file_name(scraped):
    corpus = fr.read(str(scraped / "*.csv"), outlet="{stem}", text="body", date="published", prefix_ids=True)
    df = corpus.df
    assert df["doc_id"].tolist() == ["rts/1", "vijesti/1", "vijesti/2"]  # files in sorted order
    assert df["outlet"].tolist() == ["rts", "vijesti", "vijesti"]
    assert days(corpus) == ["2022-02-24", "2022-02-24", "2022-02-25"]
    listed = fr.read([scraped / "vijesti.csv", scraped / "rts.csv"], outlet="{stem}", text="body",
                     date="published", prefix_ids=True)
    assert listed.df["doc_id"].tolist() == ["vijesti/1", "vijesti/2", "rts/1"]


def test_ids_that_clash_between_files_are_refused(scraped):
    with pytest.raises(CorpusError, match=r"doc_id '1' is in both .*rts\.csv and .*vijesti\.csv \(1 ids of "
                                          r".*vijesti\.csv are taken by an earlier corpus\).*prefix_ids=True"):
        fr.read(str(scraped / "*.csv"), outlet="{stem}", text="body", date="published")


def test_corpus_concat_keeps_columns_and_checks_ids():
    a = fr.from_dataframe(pd.DataFrame({"doc_id": ["a1"], "outlet": ["x"], "date": ["2022-02-24"], "text": ["war"],
                                        "section": ["world"]}), source="a.csv")
    b = fr.from_dataframe(pd.DataFrame({"doc_id": ["b1", "a1"], "outlet": ["y", "y"], "date": ["1650-01-01"] * 2,
                                        "text": ["peace", "talks"]}), source="b.csv")
    with pytest.raises(CorpusError, match=r"doc_id 'a1' is in both a\.csv and b\.csv \(1 ids of b\.csv"):
        Corpus.concat([a, b])
    joined = Corpus.concat([a, b.filter(doc_ids=["b1"])])
    assert joined.df["doc_id"].tolist() == ["a1", "b1"]
    assert joined.df["section"].isna().tolist() == [False, True]
    assert days(joined) == ["2022-02-24", "1650-01-01"]
    assert joined.report.rows_read == 3


def test_globs_are_capped_and_say_when_nothing_matches(tmp_path, scraped):
    with pytest.raises(CorpusError, match=f"at most {MAX_GLOB_CHARS:,} are accepted"):
        expand_glob(str(scraped) + "/" + "a*" * MAX_GLOB_CHARS)
    with pytest.raises(CorpusError, match=r"no file matches the glob"):
        fr.read(str(scraped / "*.jsonl"))
    write(scraped / "2023" / "deep.csv", "x")
    assert [p.name for p in expand_glob(str(scraped / "**" / "*.csv"))] == ["deep.csv", "rts.csv", "vijesti.csv"]
    assert [p.name for p in expand_glob(str(scraped / "*.csv"))] == ["rts.csv", "vijesti.csv"]


# --- mapped folders: corpus.toml, the command line, figure configs -----------------------------
def test_corpus_toml_records_a_folders_mapping(scraped):
    write(scraped / "corpus.toml", 'files = "*.csv"\noutlet = "{stem}"\ntext = "body"\ndate = "published"\n'
                                   "prefix_ids = true\n[constants]\nlanguage = \"sr\"\n")
    corpus = fr.read(scraped)
    assert corpus.df[["doc_id", "outlet", "language"]].values.tolist() == [
        ["rts/1", "rts", "sr"], ["vijesti/1", "vijesti", "sr"], ["vijesti/2", "vijesti", "sr"]]
    write(scraped / "corpus.toml", 'files = "../*.csv"\n')
    with pytest.raises(CorpusError, match=r"corpus\.toml: files = '\.\./\*\.csv' leaves the folder"):
        fr.read(scraped)
    write(scraped / "corpus.toml", 'date_column = "published"\n')
    with pytest.raises(CorpusError, match=r"corpus\.toml: unknown key 'date_column'"):
        fr.read(scraped)


def test_cli_corpus_info_reads_a_mapped_folder(tmp_path, capsys):
    texts = tmp_path / "texts"
    write(texts / "a.txt", "One two three.")
    write(texts / "b.txt", "Four five.")
    write(tmp_path / "meta.csv", "file,source,published\na.txt,Vijesti,24/02/2022\nb.txt,RTS,25/02/2022\n")
    argv = ["corpus", "info", str(texts), "--metadata", str(tmp_path / "meta.csv"), "--outlet", "source",
            "--date", "published", "--dayfirst", "yes", "--set", "language=sr"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.strip().startswith(("Vij", "RTS"))}
    assert rows == {"Vijesti": ["1", "3", "2022-02-24", "2022-02-24"], "RTS": ["1", "2", "2022-02-25", "2022-02-25"]}
    assert main(["corpus", "info", str(texts)]) == 2  # without the mapping there is no outlet
    assert "missing required column 'outlet'" in capsys.readouterr().err
    write(texts / "corpus.toml", 'metadata = "../meta.csv"\n')
    assert main(["corpus", "info", str(texts)]) == 2  # a mapping may not reach outside its folder
    write(texts / "meta.csv", "file,source,published\na.txt,Vijesti,24/02/2022\nb.txt,RTS,25/02/2022\n")
    write(texts / "corpus.toml", 'metadata = "meta.csv"\noutlet = "source"\ndate = "published"\ndayfirst = true\n')
    capsys.readouterr()
    assert main(["corpus", "info", str(texts)]) == 0
    assert "Vijesti" in capsys.readouterr().out


def test_cli_topics_reads_a_mapped_file(tmp_path, capsys):
    words = ["army tank border shell", "gas price market trade", "army border shell troops", "price trade gas bank"]
    rows = [f"{i},{'Vijesti' if i % 2 else 'RTS'},0{1 + i % 9}/03/2022,{words[i % 4]} {words[(i + 2) % 4]}"
            for i in range(24)]
    data = write(tmp_path / "scrape.csv", "nr,source,published,body\n" + "\n".join(rows) + "\n")
    argv = ["topics", str(data), "--k", "2", "--passes", "2", "--quiet", "--min-df", "1", "--stopwords", "none",
            "--text", "body", "--outlet", "source", "--date", "published", "--dayfirst", "yes", "--doc-id", "nr"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "army" in out and "price" in out
    assert main(argv[:-10]) == 2  # without the mapping the file has no outlet column
    assert "missing required column 'outlet'" in capsys.readouterr().err


def test_a_figure_config_reads_a_mapped_folder(scraped, monkeypatch):
    from framing.figures import build

    monkeypatch.setenv("FRAMING_CACHE", str(scraped.parent / "cache"))
    config = write(scraped.parent / "figs.toml",
                   '[defaults]\ncorpus = {path = "scraped", files = "*.csv", outlet = "{stem}", text = "body", '
                   'date = "published", prefix_ids = true}\n\n[figures.volume]\nkind = "documents"\nperiod = "D"\n')
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FramingWarning)
        report = build(config, out=scraped.parent / "out", log=None)
    assert [o.status for o in report.outcomes] == ["built"]
    table = pd.read_csv(scraped.parent / "out" / "volume.csv").query("documents > 0")
    assert sorted(zip(table["outlet"], table["period"], table["documents"])) == [
        ("rts", "2022-02-24", 1), ("vijesti", "2022-02-24", 1), ("vijesti", "2022-02-25", 1)]
    bad = write(scraped.parent / "bad.toml", '[figures.v]\nkind = "documents"\ncorpus = {path = "scraped", '
                                             'outlett = "{stem}"}\n')
    report = build(bad, out=scraped.parent / "out2", log=None)
    assert "bad.toml:3: figure 'v': the corpus table: unknown key 'outlett'" in report.outcomes[0].message
