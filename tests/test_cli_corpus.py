"""``framing corpus info`` on a user's file."""

from __future__ import annotations

from framing.cli import main


def test_corpus_info_prints_per_outlet_summary(tmp_path, capsys):
    path = tmp_path / "a.csv"
    path.write_text("outlet,date,text\nkremlin.ru,2022-02-24,One two three.\n"
                    "kremlin.ru,2022-03-01,Four.\npresident.gov.ua,2022-02-25,Five six\n")
    assert main(["corpus", "info", str(path)]) == 0
    out = capsys.readouterr().out
    lines = {line.split()[0]: line.split()[1:] for line in out.splitlines()
             if line.strip().startswith(("kremlin", "president"))}
    assert lines["kremlin.ru"] == ["2", "4", "2022-02-24", "2022-03-01"]
    assert lines["president.gov.ua"] == ["1", "2", "2022-02-25", "2022-02-25"]
    import framing as fr

    assert f"fingerprint: {fr.read_csv(path).fingerprint}" in out


def test_corpus_info_bad_path_is_one_line(tmp_path, capsys):
    assert main(["corpus", "info", str(tmp_path / "missing.csv")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "missing.csv: no such file" in err and "Traceback" not in err
