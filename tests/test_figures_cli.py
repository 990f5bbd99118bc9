"""``framing figures``: exit codes, messages, --force, --only, --kinds, the default config."""

from __future__ import annotations

from pathlib import Path

import pytest

import framing.figures
from framing.cli import main

CONFIG = """\
[defaults]
corpus = "docs.jsonl"
dpi = 72

[figures.volume]
kind = "documents"

[figures.typo]
kind = "documentz"

[figures.gone]
kind = "documents"
corpus = "missing.csv"
"""


@pytest.fixture
def project(tmp_path: Path, multilingual, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path / "cache"))
    multilingual.to_jsonl(tmp_path / "docs.jsonl")
    (tmp_path / "figs.toml").write_text(CONFIG)
    return tmp_path


def test_exit_code_is_the_number_of_failed_figures(project: Path, capsys) -> None:
    assert main(["figures", "figs.toml", "--out", "out"]) == 2
    out = capsys.readouterr().out
    assert "building 3 figures of figs.toml into out/" in out
    assert "  volume: built in" in out
    assert ("  typo: FAILED: figs.toml:9: figure 'typo': unknown figure kind 'documentz' "
            "(did you mean 'documents'?)") in out
    assert f"  gone: FAILED: figs.toml:13: figure 'gone': corpus file {Path('missing.csv')} does not exist" in out
    assert "3 figures: 1 built, 0 up to date, 2 failed; manifest out/manifest.json" in out
    assert sorted(p.name for p in (project / "out").iterdir()) == [
        "manifest.json", "volume.csv", "volume.pdf", "volume.png", "volume.svg"]


def test_second_run_says_up_to_date_and_force_rebuilds(project: Path, capsys) -> None:
    assert main(["figures", "figs.toml", "--out", "out", "--only", "volume"]) == 0
    capsys.readouterr()
    assert main(["figures", "figs.toml", "--out", "out", "--only", "volume"]) == 0
    assert "volume: up to date (inputs unchanged; --force rebuilds it)" in capsys.readouterr().out
    assert main(["figures", "figs.toml", "--out", "out", "--only", "volume", "--force"]) == 0
    assert "volume: built in" in capsys.readouterr().out


def test_a_config_that_does_not_parse_fails_as_a_whole(project: Path, capsys) -> None:
    (project / "broken.toml").write_text('[figures.a]\nkind = "documents"\ncorpus = "docs.jsonl\n')
    assert main(["figures", "broken.toml"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: broken.toml:3: cannot parse the TOML: ")
    assert not (project / "figures").exists()


def test_unknown_only_name_is_an_error(project: Path, capsys) -> None:
    assert main(["figures", "figs.toml", "--only", "volumes"]) == 2
    assert ("error: figs.toml has no figure 'volumes'; its figures are: volume, typo, gone"
            in capsys.readouterr().err)


def test_kinds_lists_the_kinds(capsys) -> None:
    assert main(["figures", "--kinds"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("collocates: collocates of a term compared between two outlets")
    assert "\ndocuments: documents per outlet and period (the corpus's make-up over time)\n" in out
    assert "topic_sweep: " in out and "    ks (required): numbers of topics to fit" in out


def test_without_a_config_the_demo_set_is_built(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen = {}

    def fake_build(config, **options):
        seen.update(config=config, **options)
        return framing.figures.BuildReport(out=Path(options["out"]), outcomes=())

    monkeypatch.setattr(framing.figures, "build", fake_build)
    assert main(["figures", "--out", str(tmp_path)]) == 0
    assert seen == {"config": framing.figures.demo_config(), "out": str(tmp_path), "force": False, "only": None}
    assert seen["config"].is_file()
