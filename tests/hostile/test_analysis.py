"""Hostile input and faults in analysis: patterns, keyness, the matrix cache, reading dates and texts.

Each test is one attack on the functions a user (or a Voilà visitor typing into a view) reaches
with their own input: a glob built to make a backtracking matcher take exponential time, a
pattern of 100,000 characters, keyness over all pairs of 200 outlets, a cache entry whose
counts were changed, dates and characters the readers cannot hold, and corpora with no
documents. The command line is run in-process through :func:`framing.cli.main` (or as a process
where memory is capped) and must print one ``error:`` line, exit with status 2 and show no
traceback.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing._infra.errors import ArgumentError, CorpusError, FramingWarning, PatternError
from framing.cli import main
from hostile.guards import cli_error, deadline

EVIL_12 = "a*" * 12 + "b"   # against 'aaaa…a' a backtracking matcher tries ~C(40, 12) splits
EVIL_14 = "a*" * 14 + "b"
LONG_A = "a" * 40






def news(texts: dict[str, list[str]]) -> pd.DataFrame:
    """A corpus table: outlet → its texts, one a day from 2022-02-01."""
    rows = [(outlet, f"2022-02-{i + 1:02d}", text) for outlet, items in texts.items() for i, text in enumerate(items)]
    return pd.DataFrame(rows, columns=["outlet", "date", "text"])


NEWS = news({"kremlin.ru": [f"The special military operation continues. {LONG_A} said.", "War is peace."],
             "whitehouse.gov": ["The invasion of Ukraine is a war.", "Allies condemn the invasion."]})


def many_outlets(n: int = 200, words: int = 50, seed: int = 0) -> fr.DocTermMatrix:
    """``n`` outlets with one document each of 40 words drawn from ``words`` words."""
    rng = np.random.default_rng(seed)
    vocab = [f"w{i}" for i in range(words)]
    df = pd.DataFrame({"outlet": [f"o{i:03d}" for i in range(n)], "date": "2022-01-01",
                       "text": [" ".join(rng.choice(vocab, 40)) for _ in range(n)]})
    return fr.document_term_matrix(fr.from_dataframe(df), cache=False)


def empty_corpus() -> fr.Corpus:
    return fr.from_dataframe(pd.DataFrame({"outlet": [], "date": [], "text": []}))


NO_DOCUMENTS = "the corpus has no documents"


# --- patterns: globs in linear time, bounded size ------------------------------------------------
def test_glob_with_twelve_stars_is_answered_at_once(sandbox):
    """[analysis] glob 'a*a*…a*b' (12 stars) against a 40-letter token → 'matches no term' within seconds"""
    vocab = np.array(sorted([LONG_A, "apple", "war"]), dtype=object)
    with deadline(10.0), pytest.warns(FramingWarning, match=r"matches no term in the vocabulary \(3 terms\)"):
        assert fr.match_terms(vocab, EVIL_12).empty


def test_glob_with_fourteen_stars_on_the_command_line(sandbox, capsys):
    """[analysis] `framing terms` with a 14-star glob → zero counts and one warning line at once, no hang"""
    NEWS.to_csv("news.csv", index=False)
    with deadline(20.0):
        assert main(["terms", "news.csv", EVIL_14, "--n-boot", "0"]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"warning: pattern '{EVIL_14}' matches no term in the vocabulary") and "Traceback" not in err


def test_glob_on_a_large_vocabulary_slice(sandbox):
    """[analysis] 14-star glob against 20,000 terms starting with 'a' → answered within seconds"""
    vocab = np.array(sorted({LONG_A[:20 + i % 20] + f"{i:05d}" for i in range(20_000)}), dtype=object)
    with deadline(10.0), pytest.warns(FramingWarning, match="matches no term"):
        fr.match_terms(vocab, EVIL_14)


def test_glob_typed_into_a_view(sandbox):
    """[analysis] a 14-star glob typed into TermExplorer (as a Voilà visitor may) → answered at once (0), still usable"""
    from framing.widgets import TermExplorer, TermOptions

    view = TermExplorer(fr.from_dataframe(NEWS), patterns="war", dictionary=None, options=TermOptions(n_boot=10))
    with deadline(15.0):
        view.patterns.value = EVIL_14
    assert not view.errors and view.tables["rates"]["count"].tolist() == [0, 0]
    assert view.notes["rates"][0].startswith(f"pattern '{EVIL_14}' matches no term in the vocabulary")
    view.patterns.value = "invasion"
    assert not view.errors
    assert view.tables["rates"]["count"].tolist() == [0, 2]


def test_pattern_of_100000_characters(sandbox):
    """[analysis] a 100,000-character pattern → refused by its length; the message shows only its start"""
    vocab = np.array(["apple", "war"], dtype=object)
    with deadline(10.0), pytest.raises(PatternError) as caught:
        fr.match_terms(vocab, "a" * 100_000)
    message = str(caught.value)
    assert message.startswith("pattern 'aaaaaaaa")
    assert "is 100,000 characters long; at most 1,000 are accepted" in message
    assert len(message) < 400


def test_pattern_with_twenty_thousand_alternatives(sandbox):
    """[analysis] a pattern of 20,000 '|' alternatives → refused, naming the limit, not echoed whole"""
    vocab = np.array(["apple", "war"], dtype=object)
    pattern = "|".join(f"w{i}*" for i in range(20_000))
    with deadline(10.0), pytest.raises(PatternError) as caught:
        fr.match_terms(vocab, pattern)
    message = str(caught.value)
    assert "at most 1,000 are accepted" in message or "at most 200 alternatives" in message
    assert len(message) < 400


def test_many_patterns_in_one_call(sandbox):
    """[analysis] 5,000 comma-separated globs in one query → refused, naming the limit on alternatives"""
    vocab = np.array(["apple", "war"], dtype=object)
    with deadline(10.0), pytest.raises(PatternError, match=r"5,000 alternatives in all; at most 2,000"):
        fr.match_terms(vocab, [f"*w{i}" for i in range(5_000)])


def test_regex_syntax_in_a_pattern(sandbox):
    """[analysis] regex syntax '(a+)+$' as a pattern → refused as characters no token holds; nothing compiled"""
    vocab = np.array(["apple", "war"], dtype=object)
    with pytest.raises(PatternError, match=r"word '\(a\+\)\+\$' has the characters '\$\(\)\+', which never occur"):
        fr.match_terms(vocab, "(a+)+$")


# --- keyness over many groups -----------------------------------------------------------------------
def test_keyness_each_over_200_groups_keeps_top_per_pair(sandbox):
    """[analysis] keyness(reference='each') over 200 groups with top=3 → 19,900 pairs × 3 rows, as each pair alone"""
    dtm = many_outlets()
    with deadline(30.0):
        table = fr.keyness(dtm, reference="each", min_freq=1, top=3)
    assert len(table) == 19_900 * 3
    assert table.groupby(["group_a", "group_b"]).size().eq(3).all()
    pair = table[(table["group_a"] == "o017") & (table["group_b"] == "o164")].reset_index(drop=True)
    alone = fr.keyness(dtm, target="o017", reference="o164", min_freq=1).head(3)
    pd.testing.assert_frame_equal(pair, alone)   # q is adjusted over all terms of the pair, not the top 3


def test_keyness_each_beyond_max_rows(sandbox):
    """[analysis] keyness 'each' whose result exceeds max_rows → refused early, saying what to narrow"""
    dtm = many_outlets()
    with deadline(30.0), pytest.raises(ArgumentError) as caught:
        fr.keyness(dtm, reference="each", min_freq=1, max_rows=100_000)
    message = str(caught.value)
    assert message.startswith("keyness of 19,900 comparisons would return more than 100,000 rows")
    for advice in ("top=N", "--top N", "min_freq", "target", "max_rows=None"):
        assert advice in message
    with deadline(10.0), pytest.raises(ArgumentError, match=r"^keyness of all pairs of 200 groups makes 19,900 "
                                                            r"comparisons, more than max_rows=10,000; narrow it"):
        fr.keyness(dtm, reference="each", min_freq=1, max_rows=10_000)


def test_keyness_command_line_each_with_top(sandbox, capsys):
    """[analysis] `framing keyness --reference each --top 2` over 200 outlets → 2 rows per pair written"""
    rng = np.random.default_rng(1)
    vocab = [f"w{i}" for i in range(30)]
    pd.DataFrame({"outlet": [f"o{i:03d}" for i in range(200)], "date": "2022-01-01",
                  "text": [" ".join(rng.choice(vocab, 30)) for _ in range(200)]}).to_csv("many.csv", index=False)
    with deadline(60.0):
        assert main(["keyness", "many.csv", "--reference", "each", "--top", "2", "--min-freq", "1",
                     "--stopwords", "none", "-o", "out.csv"]) == 0
    assert capsys.readouterr().out.strip() == "wrote 39,800 rows to out.csv"
    written = pd.read_csv("out.csv")
    assert len(written) == 19_900 * 2
    assert written.groupby(["group_a", "group_b"]).size().eq(2).all()


def test_keyness_command_line_over_max_rows(sandbox, capsys):
    """[analysis] `framing keyness --reference each --max-rows 5000` over 200 outlets → one error line: what to narrow"""
    rng = np.random.default_rng(2)
    vocab = [f"w{i}" for i in range(30)]
    pd.DataFrame({"outlet": [f"o{i:03d}" for i in range(200)], "date": "2022-01-01",
                  "text": [" ".join(rng.choice(vocab, 30)) for _ in range(200)]}).to_csv("many.csv", index=False)
    line = cli_error(["keyness", "many.csv", "--reference", "each", "--max-rows", "5000", "-o", "out.csv"], capsys)
    assert line.startswith("error: keyness of all pairs of 200 groups makes 19,900 comparisons, more than "
                           "max_rows=5,000; narrow it: pass top=N (--top N on the command line)")
    assert line.endswith("or pass max_rows=None (--max-rows 0) to lift the limit")
    assert not Path("out.csv").exists()


def test_keyness_out_of_memory(sandbox):
    """[analysis] keyness 'each' with memory capped (a process limit) → one error line saying what to narrow"""
    script = textwrap.dedent("""
        import resource, sys
        import numpy as np, pandas as pd
        from framing.cli import main

        rng = np.random.default_rng(0)
        vocab = [f"w{i}" for i in range(400)]
        pd.DataFrame({"outlet": [f"o{i:03d}" for i in range(200)], "date": "2022-01-01",
                      "text": [" ".join(rng.choice(vocab, 600)) for _ in range(200)]}).to_csv("c.csv", index=False)
        argv = ["keyness", "c.csv", "--reference", "each", "--min-freq", "1", "--stopwords", "none"]
        assert main([*argv, "--top", "1", "-o", "warm.csv"]) == 0   # the matrix is cached
        size = int(open("/proc/self/statm").read().split()[0]) * resource.getpagesize()
        resource.setrlimit(resource.RLIMIT_AS, (size + 400 * 2**20, resource.RLIM_INFINITY))
        sys.exit(main([*argv, "-o", "out.csv"]))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                          cwd=sandbox.inside)
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert len(errors) == 1
    assert errors[0].startswith("error: keyness of 19,900 comparisons ran out of memory")
    assert "--top N" in errors[0] and "min_freq" in errors[0]
    assert not Path(sandbox.inside, "out.csv").exists()


# --- the matrix cache -------------------------------------------------------------------------------
def _entry(kind: str = "dtm") -> Path:
    """The one entry of a namespace (for ``dtm``, the one holding a matrix: token counts have their own)."""
    entries = [p for p in (Path.cwd() / "cache" / kind).iterdir() if p.is_dir()
               and (kind != "dtm" or (p / "data.npy").exists())]
    assert len(entries) == 1
    return entries[0]


def test_tampered_matrix_cache_entry(sandbox):
    """[analysis] a cached matrix whose counts were multiplied by 10 → checksum mismatch: warned, rebuilt, true counts"""
    corpus = fr.from_dataframe(NEWS)
    assert fr.document_term_matrix(corpus).count("war") == 2
    data = _entry() / "data.npy"
    np.save(data, np.load(data, allow_pickle=False) * 10)
    with pytest.warns(FramingWarning, match="data.npy does not match the SHA-256 in entry.json"):
        dtm = fr.document_term_matrix(corpus)
    assert dtm.count("war") == 2


def test_cached_matrix_holding_a_pickle(sandbox):
    """[analysis] a cached vocab.utf8.npy holding a pickled object array (checksum updated) → not unpickled; rebuilt"""
    corpus = fr.from_dataframe(NEWS)
    fr.document_term_matrix(corpus)
    entry = _entry()
    marker = sandbox.inside / "pwned"

    class Payload:
        def __reduce__(self) -> tuple:
            return (Path.write_text, (marker, "code ran"))

    vocab = entry / "vocab.utf8.npy"
    np.save(vocab, np.array([Payload()], dtype=object), allow_pickle=True)
    meta = json.loads((entry / "entry.json").read_text())
    meta["files"]["vocab.utf8.npy"] = {"sha256": hashlib.sha256(vocab.read_bytes()).hexdigest(),
                                       "bytes": vocab.stat().st_size}
    (entry / "entry.json").write_text(json.dumps(meta))
    with pytest.warns(FramingWarning, match="cannot be read .*allow_pickle=False"):
        dtm = fr.document_term_matrix(corpus)
    assert not marker.exists()
    assert dtm.count("war") == 2


# --- reading: dates, characters, front matter, metadata ---------------------------------------------
def test_date_before_1677(sandbox):
    """[analysis] a date in 1600 → read as it is (dates are datetime64[us], issue 12); year 10000 → 'outside the
    dates framing can hold (0001-01-01 to 9999-12-31)', names the row"""
    Path("old.csv").write_text("outlet,date,text\na,2022-02-24,war\nb,1600-05-01,peace\n")
    assert fr.read_csv("old.csv").df["date"].dt.strftime("%Y-%m-%d").tolist() == ["2022-02-24", "1600-05-01"]
    Path("far.csv").write_text("outlet,date,text\na,2022-02-24,war\nb,10000-05-01,peace\n")
    with pytest.raises(CorpusError) as caught:
        fr.read_csv("far.csv")
    assert str(caught.value) == (
        "far.csv: the date in column 'date' at row 3 (counting the header as row 1), '10000-05-01', is outside "
        "the dates framing can hold (0001-01-01 to 9999-12-31); fix the value, or pass on_bad_date='drop' to "
        "skip such rows.")


def test_date_beyond_9999_dropped(sandbox):
    """[analysis] a date in the year 10000 with on_bad_date='drop' → the row is dropped and reported"""
    Path("far.csv").write_text("outlet,date,text\na,2022-02-24,war\nb,10000-05-01,peace\n")
    with pytest.warns(FramingWarning, match=r"dropped 1 rows with unparseable dates: row 3 .*'10000-05-01'"):
        corpus = fr.read_csv("far.csv", on_bad_date="drop")
    assert corpus.df["outlet"].tolist() == ["a"]


def test_lone_surrogate_in_json_lines(sandbox, capsys):
    """[analysis] JSON Lines text with a lone surrogate '\\ud800' → replaced by U+FFFD with a warning naming the line"""
    Path("s.jsonl").write_text('{"outlet": "a", "date": "2022-01-01", "text": "war \\ud800 peace \\ud83d\\ude00"}\n'
                               '{"outlet": "b", "date": "2022-01-02", "text": "war"}\n')
    assert main(["terms", "s.jsonl", "war", "--n-boot", "0"]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert ("warning: s.jsonl: 1 values held a lone surrogate (half of a UTF-16 pair that UTF-8 cannot store), "
            "replaced by U+FFFD: line 1 (text)") in err
    with pytest.warns(FramingWarning, match="lone surrogate"):
        corpus = fr.read_jsonl("s.jsonl")
    assert corpus.df.loc[0, "text"] == "war \ufffd peace \U0001f600"


def test_lone_surrogate_in_a_dataframe(sandbox):
    """[analysis] a DataFrame whose outlet and doc_id hold lone surrogates → repaired and reported; the caller's frame unchanged"""
    df = pd.DataFrame({"doc_id": ["d\udc801", "d2"], "outlet": ["tass\ud800", "rt"], "date": ["2022-01-01"] * 2,
                       "text": ["war", "peace"]}, dtype=object)
    with pytest.warns(FramingWarning, match=r"2 values held a lone surrogate .*: row 1 \(doc_id\), row 1 \(outlet\)"):
        corpus = fr.from_dataframe(df)
    assert corpus.outlets == ["rt", "tass\ufffd"]
    assert corpus.report.surrogates_replaced == ("row 1 (doc_id)", "row 1 (outlet)")
    assert df.loc[0, "outlet"] == "tass\ud800"
    assert fr.document_term_matrix(corpus).count("war") == 1


def test_front_matter_that_is_a_list(sandbox):
    """[analysis] front matter that is a YAML list → error naming the file, asking for key: value lines"""
    Path("notes").mkdir()
    Path("notes/a.md").write_text("---\n- outlet\n- date\n---\nThe war.\n")
    with pytest.raises(CorpusError, match=r"^notes/a\.md: the YAML front matter is a list, not a mapping of "
                                          r"keys to values \(outlet: \.\.\., date: \.\.\.\)"):
        fr.read_folder("notes")


def test_front_matter_with_february_30(sandbox):
    """[analysis] front matter 'date: 2022-02-30' → error naming the file, the line and the value"""
    Path("notes").mkdir()
    Path("notes/a.md").write_text("---\noutlet: x\ndate: 2022-02-30\n---\nThe war.\n")
    with pytest.raises(CorpusError) as caught:
        fr.read_folder("notes")
    message = str(caught.value)
    assert message.startswith("notes/a.md: the YAML front matter does not parse")
    assert "line 3" in message and "2022-02-30" in message and "day is out of range for month" in message


def test_metadata_listing_a_file_twice(sandbox):
    """[analysis] a metadata table listing a file twice → error naming the file and both rows, no bogus advice"""
    Path("texts").mkdir()
    Path("texts/a.txt").write_text("war one")
    Path("texts/b.txt").write_text("war two")
    Path("meta.csv").write_text("file,outlet,date\na.txt,x,2022-01-01\nb.txt,y,2022-01-01\na.txt,x,2022-01-02\n")
    with pytest.raises(CorpusError) as caught:
        fr.read_folder("texts", metadata="meta.csv")
    assert str(caught.value) == ("meta.csv: each file must have one row, but 'a.txt' has 2 (rows 2 and 4, counting "
                                 "the header as row 1); remove the extra rows.")


# --- corpora with no documents ------------------------------------------------------------------------
def test_empty_corpus_to_the_matrix(sandbox):
    """[analysis] a 0-document corpus → document_term_matrix says 'the corpus has no documents', not min_df"""
    with pytest.raises(CorpusError, match=f"^{NO_DOCUMENTS}"):
        fr.document_term_matrix(empty_corpus())


def test_empty_corpus_to_rates(sandbox):
    """[analysis] a 0-document corpus or matrix → term_rates and term_share say 'the corpus has no documents'"""
    dtm = fr.document_term_matrix(fr.from_dataframe(NEWS), cache=False).subset([])
    for data in (empty_corpus(), dtm):
        with pytest.raises(CorpusError, match=f"^{NO_DOCUMENTS}"):
            fr.term_rates(data, "war")
        with pytest.raises(CorpusError, match=f"^{NO_DOCUMENTS}"):
            fr.term_share(data, ["war", "peace"])


def test_empty_corpus_to_keyness(sandbox):
    """[analysis] a 0-document corpus or matrix → keyness says 'the corpus has no documents'"""
    dtm = fr.document_term_matrix(fr.from_dataframe(NEWS), cache=False).subset([])
    for data in (empty_corpus(), dtm):
        with pytest.raises(CorpusError, match=f"^{NO_DOCUMENTS}"):
            fr.keyness(data)


def test_empty_corpus_to_kwic_and_collocates(sandbox):
    """[analysis] a 0-document corpus → kwic and collocates say 'the corpus has no documents'"""
    with pytest.raises(CorpusError, match=f"^{NO_DOCUMENTS}"):
        fr.kwic(empty_corpus(), "war")
    with pytest.raises(CorpusError, match=f"^{NO_DOCUMENTS}"):
        fr.collocates(empty_corpus(), "war")


def test_empty_corpus_file_on_the_command_line(sandbox, capsys):
    """[analysis] a CSV with only its header → `framing terms`/`keyness`/`kwic` print 'the corpus has no documents'"""
    Path("empty.csv").write_text("outlet,date,text\n")
    for argv in (["terms", "empty.csv", "war"], ["keyness", "empty.csv"], ["kwic", "empty.csv", "war"]):
        assert cli_error(argv, capsys).startswith(f"error: {NO_DOCUMENTS}")


def test_empty_file_streamed_in_batches(sandbox):
    """[analysis] a header-only CSV streamed (stream_matrix(read_batches(...))) → 'the corpus has no documents'"""
    from framing.corpus.stream import read_batches
    from framing.dtm.stream import stream_matrix

    Path("empty.csv").write_text("outlet,date,text\n")
    with pytest.raises(CorpusError, match=f"^{NO_DOCUMENTS}"):
        stream_matrix(read_batches("empty.csv"), progress=False)


def test_streamed_batch_left_empty_by_bad_dates(sandbox):
    """[analysis] a streamed batch whose rows all have bad dates (on_bad_date='drop') → skipped; the rest counted"""
    from framing.corpus.stream import read_batches
    from framing.dtm.stream import stream_matrix

    Path("news.csv").write_text("outlet,date,text\na,2022-02-24,war\nb,someday,war\nc,2022-02-25,war peace\n")
    with pytest.warns(FramingWarning, match="dropped 1 rows with unparseable dates"):
        dtm = stream_matrix(read_batches("news.csv", batch_size=1, on_bad_date="drop"), progress=False)
    assert dtm.docs["outlet"].tolist() == ["a", "c"]
    assert dtm.count("war") == 2 and dtm.count("peace") == 1


def test_empty_corpus_to_the_views(sandbox):
    """[analysis] a 0-document corpus given to TermExplorer or KeynessExplorer → CorpusError 'the corpus has no documents'"""
    from framing.widgets import KeynessExplorer, TermExplorer

    for view in (TermExplorer, KeynessExplorer):
        with pytest.raises(CorpusError, match=f"^{NO_DOCUMENTS}"):
            view(empty_corpus())


def test_view_selection_with_no_documents(sandbox):
    """[analysis] a view's dates selecting no documents → message in the view; widening the dates recovers"""
    import datetime as dt

    from framing.widgets import TermExplorer, TermOptions

    view = TermExplorer(fr.from_dataframe(NEWS), patterns="war", dictionary=None, options=TermOptions(n_boot=10))
    view.selection.start.value = dt.date(2023, 1, 1)
    view.selection.end.value = dt.date(2023, 2, 1)
    assert view.errors["rates"].startswith("no documents from kremlin.ru, whitehouse.gov between 2023-01-01 "
                                           "and 2023-02-01: widen the date range")
    assert "rates" not in view.tables
    view.selection.start.value = dt.date(2022, 1, 1)
    view.selection.end.value = dt.date(2022, 12, 31)
    assert not view.errors
    assert view.tables["rates"]["count"].tolist() == [1, 1]


def test_kwic_window_that_is_not_a_number(sandbox):
    """[analysis] kwic(window=-1) and sort='random' → ArgumentError naming the argument and accepted values"""
    corpus = fr.from_dataframe(NEWS)
    with pytest.raises(ArgumentError, match=r"window must be a whole number of words ≥ 0, got -1"):
        fr.kwic(corpus, "war", window=-1)
    with pytest.raises(ArgumentError, match=r"sort must be one of \(None, 'left', 'right', 'match'\), got 'random'"):
        fr.kwic(corpus, "war", sort="random")


def test_keyness_unknown_group_names(sandbox):
    """[analysis] keyness with a target that is not a group → ArgumentError listing the groups"""
    corpus = fr.from_dataframe(NEWS)
    with pytest.raises(ArgumentError, match=r"target \['rt.com'\] is not a group; the groups are "
                                            r"\['kremlin.ru', 'whitehouse.gov'\]"):
        fr.keyness(corpus, target="rt.com")

