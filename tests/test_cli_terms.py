"""``framing terms``, ``framing keyness`` and ``framing kwic`` write what the functions compute."""

from __future__ import annotations

import pandas as pd
import pytest

import framing as fr
from framing.cli import main

ROWS = [
    ("k1", "kremlin.ru", "2022-02-24", "The special military operation began. NATO expansion threatens us."),
    ("k2", "kremlin.ru", "2022-03-10", "The special military operation continues as planned."),
    ("w1", "whitehouse.gov", "2022-02-24", "Russia's invasion of Ukraine is unprovoked aggression."),
    ("w2", "whitehouse.gov", "2022-03-15", "The invasion goes on; NATO allies respond to the invasion."),
]


@pytest.fixture
def corpus_file(tmp_path):
    path = tmp_path / "news.csv"
    pd.DataFrame(ROWS, columns=["doc_id", "outlet", "date", "text"]).to_csv(path, index=False)
    return path


def _read(path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def test_terms_writes_the_rates_table(corpus_file, tmp_path, capsys):
    out = tmp_path / "rates.csv"
    assert main(["terms", str(corpus_file), "invasion|invad*", "SMO=special military operation", "--period", "M",
                 "--n-boot", "50", "--seed", "3", "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote 8 rows to {out}"
    written = _read(out)
    expected = fr.term_rates(fr.read(corpus_file), {"invasion|invad*": "invasion|invad*",
                                                    "SMO": "special military operation"},
                             period="M", n_boot=50, seed=3)
    assert written.columns.tolist() == expected.columns.tolist()
    assert written["pattern"].tolist() == expected["pattern"].tolist()
    assert written["count"].tolist() == expected["count"].tolist()
    assert written["per_10k_hi"].round(6).tolist() == expected["per_10k_hi"].round(6).tolist()


def test_terms_share_dictionary_and_printing(corpus_file, capsys):
    assert main(["terms", str(corpus_file), "invasion", "SMO=special military operation", "--share",
                 "--by", "none", "--n-boot", "0"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].split() == ["pattern", "count", "mentions", "docs", "share", "share_lo", "share_hi"]
    assert printed[1].split()[:4] == ["invasion", "3", "5", "4"]
    assert main(["terms", str(corpus_file), "--dictionary", "ukraine", "--n-boot", "0"]) == 0
    table = capsys.readouterr().out
    assert "SPECIAL_MILITARY_OPERATION" in table and "NATO_EXPANSION" in table


@pytest.mark.parametrize("argv, message", [
    ([], "error: give at least one PATTERN"),
    (["war", "--dictionary", "ukraine"], "error: give patterns or --dictionary, not both"),
    (["war|", "--n-boot", "0"], "error: pattern 'war|' has an empty alternative"),
])
def test_terms_errors_exit_2_with_one_line(corpus_file, capsys, argv, message):
    assert main(["terms", str(corpus_file), *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and "Traceback" not in err


def test_keyness_writes_the_keyness_table(corpus_file, tmp_path, capsys):
    out = tmp_path / "keyness.csv"
    assert main(["keyness", str(corpus_file), "--target", "kremlin.ru", "--min-freq", "2", "-o", str(out)]) == 0
    written = _read(out)
    corpus = fr.read(corpus_file)  # stopwords "auto" by default, as everywhere
    expected = fr.keyness(fr.document_term_matrix(corpus, stopwords="auto"), target="kremlin.ru", min_freq=2)
    assert written["term"].tolist() == expected["term"].tolist()
    assert not {"the", "of", "and"} & set(written["term"])
    assert written["log_odds_z"].round(9).tolist() == expected["log_odds_z"].round(9).tolist()
    assert set(written["group_a"]) == {"kremlin.ru"} and set(written["group_b"]) == {"rest"}


def test_keyness_pairs_top_and_ngrams(corpus_file, capsys):
    assert main(["keyness", str(corpus_file), "--reference", "each", "--ngrams", "3", "--min-freq", "2",
                 "--top", "2", "--measure", "g2", "--stopwords", "none"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 + 2 and lines[0].split()[:3] == ["group_a", "group_b", "term"]
    assert [line.split()[:3] for line in lines[1:]] == [["kremlin.ru", "whitehouse.gov", "military"],
                                                        ["kremlin.ru", "whitehouse.gov", "military"]]
    assert lines[2].split()[3] == "operation"  # the trigram's parts tie; ties keep vocabulary order
    assert main(["keyness", str(corpus_file), "--target", "tass.ru"]) == 2
    assert "error: target ['tass.ru'] is not a group" in capsys.readouterr().err


def test_kwic_prints_and_writes_lines(corpus_file, tmp_path, capsys):
    assert main(["kwic", str(corpus_file), "invasion", "--window", "2"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].split() == ["doc_id", "outlet", "date", "left", "match", "right"]
    assert len(printed) == 1 + 3
    out = tmp_path / "lines.csv"
    assert main(["kwic", str(corpus_file), "NATO", "--n", "1", "--by", "outlet", "--sort", "right",
                 "-o", str(out)]) == 0
    lines = _read(out)
    # sorted by the right context: "allies respond ..." before "expansion threatens ..."
    assert lines["match"].tolist() == ["NATO", "NATO"]
    assert lines["outlet"].tolist() == ["whitehouse.gov", "kremlin.ru"]
