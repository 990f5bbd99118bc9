"""``framing.read_dask``: files read on the workers of a 2-process LocalCluster equal ``framing.read`` of them.

The fixtures (``tests/fixtures/distributed``) are one file per outlet, messy on purpose: Serbian
and Montenegrin in Cyrillic and Latin, Russian, Ukrainian and English; Markdown and HTML debris;
junk tokens of 50-60 characters and a base64 run; dates written seven ways; fields with newlines; an empty
text. The single-machine result is computed independently by ``framing.read`` on the same files.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

import framing as fr
from framing._infra.hashing import sha256_text

FIXTURES = Path(__file__).parent / "fixtures" / "distributed"
CSV = FIXTURES / "csv"
JSONL = FIXTURES / "jsonl"


@pytest.fixture(autouse=True)
def _quiet_readers():
    """The fixtures hold an empty text on purpose; its FramingWarning is asserted where it matters."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fr.FramingWarning)
        yield


@pytest.fixture(scope="module")
def parquet_dir(tmp_path_factory) -> Path:
    """One Parquet file per outlet, made from the CSV fixtures, with an id column and an integer column."""
    folder = tmp_path_factory.mktemp("parquet")
    for path in sorted(CSV.glob("*.csv")):
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        df.insert(0, "doc_id", [f"{path.stem}:{i}" for i in range(len(df))])
        df["words"] = df["text"].str.split().str.len().astype("int64")
        df.to_parquet(folder / f"{path.stem}.parquet", index=False)
    return folder


def both(spec, client, partition_rows=None, **options) -> tuple[fr.Corpus, fr.Corpus, object]:
    """``(read_dask(...).compute(), framing.read(...), the DaskCorpus)`` of the same files and options."""
    dist = fr.read_dask(spec, client=client, partition_rows=partition_rows, progress=False, **options)
    return dist.compute(), fr.read(spec, **options), dist


@pytest.mark.parametrize("kind", ["csv", "jsonl", "parquet"])
def test_one_file_per_outlet_equals_framing_read(dask_client, parquet_dir, kind):
    folder, options = {"csv": (CSV, {}), "jsonl": (JSONL, {"prefix_ids": True}),
                       "parquet": (parquet_dir, {})}[kind]
    spec = str(folder / f"*.{kind}")
    gathered, single, dist = both(spec, dask_client, outlet="{stem}", **options)
    pd.testing.assert_frame_equal(gathered.df, single.df)
    files = sorted(folder.glob(f"*.{kind}"))
    assert dist.sources == tuple(str(f) for f in files)
    expected_sizes = single.df.groupby("outlet", sort=False).size()
    assert dist.n_docs == tuple(int(expected_sizes[f.stem]) for f in files)
    assert dist.columns == tuple(single.columns)
    assert sorted(single.outlets) == [f.stem for f in files]


def test_partition_fingerprints_and_generated_ids(dask_client):
    gathered, single, dist = both(str(CSV / "*.csv"), dask_client, outlet="{stem}")
    files = sorted(CSV.glob("*.csv"))
    one_by_one = [fr.read([f], outlet="{stem}").fingerprint for f in files]
    assert dist.fingerprint == sha256_text("\n".join(one_by_one))
    assert gathered.df["doc_id"].tolist()[:6] == ["kyiv-1", "kyiv-2", "kyiv-3", "kyiv-4", "kyiv-5", "pravda-1"]
    assert set(single.df["script"]) == {"Latn", "Cyrl", ""}  # both scripts, and the empty text


def test_partition_rows_cuts_files_in_order(dask_client):
    gathered, single, dist = both(str(CSV / "*.csv"), dask_client, outlet="{stem}", partition_rows=2)
    pd.testing.assert_frame_equal(gathered.df, single.df)
    assert dist.n_docs == (2, 2, 1, 2, 1, 2, 1, 2, 2, 1, 2, 2)  # kyiv 5, pravda 3, ria 3, rts 5, vijesti 4
    assert dist.sources[:3] == tuple(f"{CSV / 'kyiv.csv'} (documents {a}–{b})" for a, b in [(1, 2), (3, 4), (5, 5)])
    parts = dist.gather(dist.parts)
    assert [p.df["doc_id"].tolist() for p in parts[:2]] == [["kyiv-1", "kyiv-2"], ["kyiv-3", "kyiv-4"]]


def test_a_list_of_gzip_tsv_and_csv_files_keeps_its_order(dask_client, tmp_path):
    (tmp_path / "rts.csv.gz").write_bytes(gzip.compress((CSV / "rts.csv").read_bytes(), mtime=0))
    raw = pd.read_csv(CSV / "vijesti.csv", dtype=str, keep_default_na=False)
    raw.to_csv(tmp_path / "vijesti.tsv", sep="\t", index=False)
    shutil.copy(CSV / "pravda.csv", tmp_path / "pravda.csv")
    spec = [tmp_path / "vijesti.tsv", tmp_path / "rts.csv.gz", tmp_path / "pravda.csv"]
    gathered, single, dist = both(spec, dask_client, outlet="{stem}")
    pd.testing.assert_frame_equal(gathered.df, single.df)
    assert list(dict.fromkeys(gathered.df["outlet"])) == ["vijesti", "rts", "pravda"]
    assert dist.n_docs == (4, 5, 3)


def test_a_bad_row_raises_the_readers_message_naming_the_file(dask_client):
    spec = str(FIXTURES / "bad" / "*.csv")
    with pytest.raises(fr.CorpusError) as single:
        fr.read(spec, outlet="{stem}")
    with pytest.raises(fr.CorpusError) as dist:
        fr.read_dask(spec, client=dask_client, outlet="{stem}", progress=False)
    assert str(dist.value) == str(single.value)
    assert str(dist.value) == (f"{FIXTURES / 'bad' / 'b_broken.csv'}: cannot parse the date in column 'date' at row 3 "
                               "(counting the header as row 1): 'not a date'. Fix the value, or pass "
                               "on_bad_date='drop' to skip such rows.")
    assert dist.value.__cause__ is None and dist.value.__suppress_context__
    assert [Path(str(entry.path)).name for entry in dist.traceback] == ["test_distributed_corpus.py", "corpus.py",
                                                                        "corpus.py", "reduce.py"]  # no Dask frames


def test_a_missing_column_is_named_as_one_machine_names_it(dask_client):
    spec = str(FIXTURES / "bad" / "*.csv")
    with pytest.raises(fr.CorpusError) as single:
        fr.read(spec)
    with pytest.raises(fr.CorpusError) as dist:
        fr.read_dask(spec, client=dask_client, progress=False)
    assert str(dist.value) == str(single.value)
    assert str(dist.value).startswith(f"{FIXTURES / 'bad' / 'a_fine.csv'}: missing required column 'outlet'")


@pytest.mark.parametrize("partition_rows", [None, 1])
def test_ids_repeated_across_files_are_refused_as_on_one_machine(dask_client, partition_rows):
    spec = str(JSONL / "*.jsonl")
    with pytest.raises(fr.CorpusError) as single:
        fr.read(spec, outlet="{stem}")
    with pytest.raises(fr.CorpusError) as dist:
        fr.read_dask(spec, client=dask_client, outlet="{stem}", partition_rows=partition_rows, progress=False)
    assert str(dist.value) == str(single.value)
    assert str(dist.value).startswith(f"doc_id '1' is in both {JSONL / 'guardian.jsonl'} and {JSONL / 'n1.jsonl'} "
                                      f"(2 ids of {JSONL / 'n1.jsonl'} are taken by an earlier corpus)")


def test_no_file_matching_names_the_pattern(dask_client, tmp_path):
    with pytest.raises(fr.CorpusError, match="no file matches the glob") as err:
        fr.read_dask(str(tmp_path / "*.jsonl"), client=dask_client, progress=False)
    assert str(err.value).startswith(f"{tmp_path / '*.jsonl'}: no file matches the glob (searched {tmp_path})")


def test_files_with_other_columns_are_named(dask_client, tmp_path):
    (tmp_path / "a.csv").write_text("date,url,text\n2022-02-24,https://a,Rat.\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("date,text,section\n2022-02-25,Мир.,world\n", encoding="utf-8")
    with pytest.raises(fr.CorpusError) as err:
        fr.read_dask(str(tmp_path / "*.csv"), client=dask_client, outlet="{stem}", progress=False)
    assert str(err.value).startswith(f"{tmp_path / 'b.csv'}: its columns differ from those of {tmp_path / 'a.csv'} "
                                     "(missing ['url'], extra ['section']); read_dask needs the same columns")


def test_columns_in_another_order_are_put_in_the_first_files_order(dask_client, tmp_path):
    (tmp_path / "a.csv").write_text("date,section,topic,text\n2022-02-24,war,ru,Rat.\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("topic,text,date,section\nua,Мир.,2022-02-25,peace\n", encoding="utf-8")
    gathered, single, dist = both(str(tmp_path / "*.csv"), dask_client, outlet="{stem}")
    pd.testing.assert_frame_equal(gathered.df, single.df)
    assert [p.columns for p in dist.gather(dist.parts)] == [list(dist.columns)] * 2
    assert dist.columns == ("doc_id", "outlet", "date", "title", "text", "script", "section", "topic")


def test_an_empty_file_is_an_empty_partition(dask_client, tmp_path):
    (tmp_path / "a.csv").write_text("date,text\n2022-02-24,Агресија на Украјину.\n2022-02-25,Aggression.\n",
                                    encoding="utf-8")
    (tmp_path / "b.csv").write_text("date,text\n", encoding="utf-8")
    gathered, single, dist = both(str(tmp_path / "*.csv"), dask_client, outlet="{stem}")
    pd.testing.assert_frame_equal(gathered.df, single.df)
    assert dist.n_docs == (2, 0)


def test_reader_warnings_are_issued_on_the_client(dask_client, tmp_path):
    (tmp_path / "a.csv").write_text("date,text\n2022-02-24,Rat.\n2022-02-25,Rat.\n2022-02-26,\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as single:
        warnings.simplefilter("always")
        fr.read(str(tmp_path / "*.csv"), outlet="{stem}")
    with warnings.catch_warnings(record=True) as dist:
        warnings.simplefilter("always")
        fr.read_dask(str(tmp_path / "*.csv"), client=dask_client, outlet="{stem}", progress=False)
    messages = [str(w.message) for w in dist if issubclass(w.category, fr.FramingWarning)]
    assert messages == [str(w.message) for w in single if issubclass(w.category, fr.FramingWarning)]
    assert messages == [f"{tmp_path / 'a.csv'}: 1 documents repeat the exact text of an earlier one, kept (pass "
                        "dedupe=True to drop): a-2 = a-1", f"{tmp_path / 'a.csv'}: 1 documents have empty text: a-3"]
    assert all(w.filename == __file__ for w in dist if issubclass(w.category, fr.FramingWarning))


def test_partition_rows_must_be_a_positive_whole_number(dask_client):
    with pytest.raises(fr.ArgumentError, match=r"partition_rows must be a whole number ≥ 1 or None, got 0"):
        fr.read_dask(str(CSV / "*.csv"), client=dask_client, partition_rows=0)


def test_import_framing_does_not_import_dask():
    code = ("import sys, framing; assert not {'dask', 'distributed', 'framing.distributed'} & set(sys.modules); "
            "framing.read_dask; assert 'framing.distributed' in sys.modules; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"
