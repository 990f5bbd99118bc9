"""The figure pipeline end to end on a small corpus: outputs, byte identity, manifest,
incremental rebuilds, the table cache and failures."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

import framing.figures.kinds  # noqa: F401  (the built-in kinds)
from framing.figures import build
from framing.figures.registry import KINDS, Kind, Option
from framing.figures.runner import MAX_EXIT, BuildReport, Outcome

ROOT = Path(__file__).resolve().parents[1]
FILES = ("csv", "pdf", "png", "svg")

CONFIG = """\
title = "Small figure set"

[defaults]
corpus = "docs.jsonl"
seed = 7
dpi = 72  # small PNGs keep the tests fast

[figures.volume]
kind = "documents"
caption = "Documents per outlet and month."
width = "double"

[figures.weekly]
kind = "documents"
caption = "Documents per outlet and week, from 24 February 2022."
period = "W"
start = 2022-02-24

[figures.counted]
kind = "counted"
caption = "A seeded test figure."
bars = 3
"""


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Register test kinds: ``counted`` (seeded; counts its computations) and ``broken``."""
    counter: Counter = Counter()

    def compute(data, options):
        counter["counted"] += 1
        outlets = sorted(data.corpus.outlets)[: options["bars"]]
        return pd.DataFrame({"outlet": outlets, "value": [options["seed"] + i / 3 for i in range(len(outlets))]})

    def plot(table, options, fig):
        ax = fig.add_subplot()
        ax.bar(table["outlet"], table["value"], color=options["color"])
        ax.set_title("Ünïcode — Росія")

    def fail_plot(table, options, fig):
        fig.add_subplot().plot([1, 2], [3, 4])
        raise ValueError("the plot broke half-way")

    counted = Kind("counted", "test kind", compute, plot, aspect=0.5, seeded=True,
                   options={"bars": Option("how many bars"), "color": Option("bar colour", "#0072B2", plot=True)})
    monkeypatch.setitem(KINDS, "counted", counted)
    monkeypatch.setitem(KINDS, "broken", Kind("broken", "test kind", compute, fail_plot, options={
        "bars": Option("how many bars", 2)}, seeded=True))
    return counter


@pytest.fixture
def project(tmp_path: Path, multilingual, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with the seven-document corpus, the small config and an empty cache."""
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path / "cache"))
    multilingual.to_jsonl(tmp_path / "docs.jsonl")
    (tmp_path / "figs.toml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def statuses(report: BuildReport) -> dict[str, str]:
    return {o.name: o.status for o in report.outcomes}


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_each_figure_writes_four_files_and_the_manifest(project: Path, calls: Counter) -> None:
    report = build(project / "figs.toml", out=project / "out", log=None)
    assert statuses(report) == {"volume": "built", "weekly": "built", "counted": "built"}
    assert report.exit_code == 0
    expected = {f"{n}.{ext}" for n in ("volume", "weekly", "counted") for ext in FILES} | {"manifest.json"}
    assert set(files(project / "out")) == expected
    volume = pd.read_csv(project / "out" / "volume.csv")
    assert list(volume.columns) == ["outlet", "period", "documents"]
    assert volume["documents"].sum() == 7
    weekly = pd.read_csv(project / "out" / "weekly.csv")
    assert weekly["documents"].sum() == 6  # en-1 (20 February) is left out
    counted = pd.read_csv(project / "out" / "counted.csv")
    assert counted["value"].round(6).tolist() == [7.0, 7.333333, 7.666667]  # the seed reached compute


def test_manifest_records_entries_corpus_versions_seeds_and_hashes(project: Path, calls: Counter, multilingual) -> None:
    build(project / "figs.toml", out=project / "out", log=None)
    manifest = json.loads((project / "out" / "manifest.json").read_text())
    assert manifest["config"] == "figs.toml" and manifest["title"] == "Small figure set"
    assert list(manifest["figures"]) == ["volume", "weekly", "counted"]
    weekly = manifest["figures"]["weekly"]
    assert weekly["config"]["start"] == "2022-02-24" and weekly["config"]["options"] == {"by": "outlet", "period": "W"}
    assert weekly["corpus"] == {"name": "docs.jsonl", "fingerprint": multilingual.fingerprint, "documents": 6}
    assert weekly["seed"] is None and manifest["figures"]["counted"]["seed"] == 7
    assert set(weekly["packages"]) >= {"python", "framing", "matplotlib", "pandas", "numpy"}
    assert weekly["fonts"]["DejaVu Sans"].startswith("matplotlib:fonts/ttf/DejaVuSans.ttf sha256:")
    for figure, record in manifest["figures"].items():
        assert list(record["outputs"]) == [f"{figure}.{ext}" for ext in FILES]
        for name, sha in record["outputs"].items():
            assert hashlib.sha256((project / "out" / name).read_bytes()).hexdigest() == sha
    assert sum(len(r["outputs"]) for r in manifest["figures"].values()) == 12
    assert str(project) not in (project / "out" / "manifest.json").read_text()  # no absolute paths


def test_two_builds_from_scratch_are_byte_identical(project: Path, calls: Counter, tmp_path_factory) -> None:
    """One build here, one in a fresh process with its own cache and hash seed: same bytes."""
    build(project / "figs.toml", out=project / "a", log=None)
    env = {**os.environ, "FRAMING_CACHE": str(tmp_path_factory.mktemp("other-cache")),
           "PYTHONHASHSEED": "12345", "MPLCONFIGDIR": str(tmp_path_factory.mktemp("mpl"))}
    # The test kinds live in this process only, so the second process builds the built-in kinds.
    script = ("import sys; from framing.figures import build; "
              "sys.exit(build(sys.argv[1], out=sys.argv[2], only=['volume', 'weekly'], log=None).exit_code)")
    subprocess.run([sys.executable, "-c", script, str(project / "figs.toml"), str(project / "b")],
                   check=True, env=env, cwd=ROOT)
    a, b = files(project / "a"), files(project / "b")
    for name in [n for n in b if n != "manifest.json"]:
        assert a[name] == b[name], f"{name} differs between two builds"
    manifest_a = json.loads(a["manifest.json"])
    manifest_b = json.loads(b["manifest.json"])
    for name in ("volume", "weekly"):
        assert manifest_a["figures"][name] == manifest_b["figures"][name]
    assert b"CreationDate" not in a["volume.pdf"] and b"<dc:date>" not in a["volume.svg"]
    assert b"Matplotlib v" not in a["volume.png"] and b"framing" in a["volume.png"]


def test_manifest_itself_is_byte_identical_across_fresh_builds(project: Path, calls: Counter, tmp_path_factory,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    build(project / "figs.toml", out=project / "a", log=None)
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path_factory.mktemp("fresh-cache")))
    build(project / "figs.toml", out=project / "b", log=None)
    assert files(project / "a") == files(project / "b")
    assert calls["counted"] == 2  # the second build had an empty cache and computed again


def test_second_run_recomputes_nothing(project: Path, calls: Counter, capsys) -> None:
    build(project / "figs.toml", out=project / "out", log=None)
    before = files(project / "out")
    report = build(project / "figs.toml", out=project / "out")
    assert set(statuses(report).values()) == {"up to date"}
    assert calls["counted"] == 1
    assert files(project / "out") == before
    out = capsys.readouterr().out
    assert "counted: up to date (inputs unchanged; --force rebuilds it)" in out
    assert "3 figures: 0 built, 3 up to date, 0 failed" in out


def test_changing_one_option_rebuilds_exactly_that_figure(project: Path, calls: Counter) -> None:
    build(project / "figs.toml", out=project / "out", log=None)
    before = files(project / "out")
    config = (project / "figs.toml").read_text().replace('period = "W"', 'period = "D"')
    (project / "figs.toml").write_text(config)
    report = build(project / "figs.toml", out=project / "out", log=None)
    assert statuses(report) == {"volume": "up to date", "weekly": "built", "counted": "up to date"}
    after = files(project / "out")
    changed = {n for n in after if after[n] != before.get(n)}
    assert changed == {"weekly.csv", "weekly.pdf", "weekly.png", "weekly.svg", "manifest.json"}


def test_force_rebuilds_everything_to_the_same_bytes(project: Path, calls: Counter) -> None:
    build(project / "figs.toml", out=project / "out", log=None)
    before = files(project / "out")
    report = build(project / "figs.toml", out=project / "out", force=True, log=None)
    assert set(statuses(report).values()) == {"built"}
    assert calls["counted"] == 2  # --force recomputes the table too
    assert files(project / "out") == before


def test_caption_change_updates_the_manifest_without_redrawing(project: Path, calls: Counter) -> None:
    build(project / "figs.toml", out=project / "out", log=None)
    config = (project / "figs.toml").read_text().replace("A seeded test figure.", "New caption.")
    (project / "figs.toml").write_text(config)
    report = build(project / "figs.toml", out=project / "out", log=None)
    assert statuses(report)["counted"] == "up to date"
    manifest = json.loads((project / "out" / "manifest.json").read_text())
    assert manifest["figures"]["counted"]["caption"] == "New caption."
    assert manifest["figures"]["counted"]["config"]["caption"] == "New caption."


def test_drawing_option_redraws_from_the_cached_table(project: Path, calls: Counter) -> None:
    build(project / "figs.toml", out=project / "out", log=None)
    before = files(project / "out")
    config = (project / "figs.toml").read_text().replace("bars = 3", 'bars = 3\ncolor = "#D55E00"\nwidth = 5')
    (project / "figs.toml").write_text(config)
    report = build(project / "figs.toml", out=project / "out", log=None)
    assert statuses(report)["counted"] == "built"
    assert calls["counted"] == 1  # not recomputed: only the drawing changed
    after = files(project / "out")
    assert after["counted.csv"] == before["counted.csv"] and after["counted.png"] != before["counted.png"]


def test_seed_change_recomputes(project: Path, calls: Counter) -> None:
    build(project / "figs.toml", out=project / "out", log=None)
    (project / "figs.toml").write_text((project / "figs.toml").read_text().replace("seed = 7", "seed = 8"))
    report = build(project / "figs.toml", out=project / "out", log=None)
    # Only the seeded figure depends on the seed.
    assert statuses(report) == {"volume": "up to date", "weekly": "up to date", "counted": "built"}
    assert calls["counted"] == 2


def test_a_deleted_or_edited_output_is_rebuilt(project: Path, calls: Counter) -> None:
    build(project / "figs.toml", out=project / "out", log=None)
    (project / "out" / "volume.svg").unlink()
    (project / "out" / "weekly.csv").write_text("edited by hand\n")
    report = build(project / "figs.toml", out=project / "out", log=None)
    assert statuses(report) == {"volume": "built", "weekly": "built", "counted": "up to date"}
    assert (project / "out" / "volume.svg").exists()
    assert not (project / "out" / "weekly.csv").read_text().startswith("edited")


def test_a_rebuild_from_the_table_cache_is_byte_identical(project: Path, calls: Counter) -> None:
    build(project / "figs.toml", out=project / "a", log=None)
    build(project / "figs.toml", out=project / "b", log=None)  # new folder, warm table cache
    assert calls["counted"] == 1
    assert files(project / "a") == files(project / "b")


def test_a_failed_figure_leaves_no_file_and_the_others_build(project: Path, calls: Counter, capsys) -> None:
    config = (project / "figs.toml").read_text() + '\n[figures.bad]\nkind = "broken"\n'
    (project / "figs.toml").write_text(config)
    report = build(project / "figs.toml", out=project / "out")
    assert statuses(report) == {"volume": "built", "weekly": "built", "counted": "built", "bad": "failed"}
    assert report.exit_code == 1
    names = set(files(project / "out"))
    assert not {n for n in names if n.startswith("bad") or ".part" in n}
    manifest = json.loads((project / "out" / "manifest.json").read_text())
    assert "bad" not in manifest["figures"]
    assert manifest["failed"]["bad"].startswith("ValueError: the plot broke half-way (at test_figures_runner.py:")
    assert "bad: FAILED: ValueError: the plot broke half-way" in capsys.readouterr().out


def test_a_figure_that_starts_failing_loses_its_old_files(project: Path, calls: Counter) -> None:
    build(project / "figs.toml", out=project / "out", log=None)
    config = (project / "figs.toml").read_text().replace('kind = "counted"', 'kind = "broken"')
    (project / "figs.toml").write_text(config.replace("bars = 3", "bars = 2"))
    report = build(project / "figs.toml", out=project / "out", log=None)
    assert statuses(report)["counted"] == "failed"
    assert not list((project / "out").glob("counted.*"))  # stale files would not match the config


def test_bad_entries_fail_alone_with_their_messages(project: Path, calls: Counter) -> None:
    config = CONFIG + """
[figures.typo]
kind = "documnets"

[figures.missing]
kind = "counted"

[figures.nowhere]
kind = "documents"
corpus = "no-such-corpus-name"

[figures.empty]
kind = "documents"
outlets = ["news.example"]
start = 2023-01-01

[figures.stranger]
kind = "documents"
outlets = "tass.ru"
"""
    (project / "figs.toml").write_text(config)
    report = build(project / "figs.toml", out=project / "out", log=None)
    assert report.exit_code == 5
    messages = {o.name: o.message for o in report.failed}
    assert messages["typo"] == ("figs.toml:25: figure 'typo': unknown figure kind 'documnets' "
                                "(did you mean 'documents'?); the kinds are: " + ", ".join(sorted(KINDS)))
    assert messages["missing"] == "figs.toml:27: figure 'missing': kind 'counted' needs option 'bars': how many bars"
    assert messages["nowhere"].startswith("figs.toml:32: figure 'nowhere': unknown corpus 'no-such-corpus-name'")
    assert messages["empty"] == ("figs.toml:36: figure 'empty': the filter {'outlets': ['news.example'], "
                                 "'start': '2023-01-01'} leaves no document of corpus 'docs.jsonl'")
    assert messages["stranger"] == ("figs.toml:41: figure 'stranger': unknown outlet(s) ['tass.ru']; the corpus has "
                                    "['news.example', 'pravda.example', 'ria.example', 'vijesti.example']")
    assert set(statuses(report).values()) == {"built", "failed"}


def test_a_missing_corpus_file_is_named(project: Path, calls: Counter) -> None:
    (project / "figs.toml").write_text(CONFIG.replace('corpus = "docs.jsonl"', 'corpus = "data/gone.csv"'))
    report = build(project / "figs.toml", out=project / "out", log=None)
    assert report.exit_code == 3
    assert report.failed[0].message == (f"figs.toml:4: figure 'volume': corpus file {project / 'data' / 'gone.csv'} "
                                        "does not exist")


def test_only_builds_the_named_figures_and_keeps_the_others(project: Path, calls: Counter) -> None:
    build(project / "figs.toml", out=project / "out", log=None)
    report = build(project / "figs.toml", out=project / "out", only=["weekly"], force=True, log=None)
    assert statuses(report) == {"weekly": "built"}
    manifest = json.loads((project / "out" / "manifest.json").read_text())
    assert list(manifest["figures"]) == ["volume", "weekly", "counted"]
    with pytest.raises(Exception, match=r"figs.toml has no figure 'weekley'; its figures are: volume, weekly, counted"):
        build(project / "figs.toml", out=project / "out", only=["weekley"], log=None)


def test_exit_code_counts_failures_up_to_a_cap() -> None:
    many = BuildReport(out=Path("x"), outcomes=tuple(Outcome(str(i), "failed") for i in range(150)))
    assert many.exit_code == MAX_EXIT == 100
    some = BuildReport(out=Path("x"), outcomes=(Outcome("a", "failed"), Outcome("b", "built"),
                                                Outcome("c", "up to date")))
    assert some.exit_code == 1
    assert some.summary() == "3 figures: 1 built, 1 up to date, 1 failed; manifest x/manifest.json"


def test_user_matplotlib_settings_do_not_leak_into_figures(project: Path, calls: Counter, tmp_path_factory,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import matplotlib as mpl

    build(project / "figs.toml", out=project / "a", only=["volume"], log=None)
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path_factory.mktemp("fresh-cache")))
    with mpl.rc_context({"lines.linewidth": 6, "font.size": 20, "svg.hashsalt": None, "axes.prop_cycle":
                         mpl.cycler(color=["#ff00ff"])}):
        build(project / "figs.toml", out=project / "b", only=["volume"], log=None)
    assert files(project / "a") == files(project / "b")


def test_files_of_a_figure_removed_from_the_config_are_removed(project: Path, calls: Counter, capsys) -> None:
    build(project / "figs.toml", out=project / "out", log=None)
    config = (project / "figs.toml").read_text().replace("[figures.weekly]", "[figures.weekly2]")
    (project / "figs.toml").write_text(config)
    report = build(project / "figs.toml", out=project / "out")
    assert statuses(report) == {"volume": "up to date", "weekly2": "built", "counted": "up to date"}
    assert "  weekly: removed (no longer in figs.toml)" in capsys.readouterr().out
    manifest = json.loads((project / "out" / "manifest.json").read_text())
    listed = {name for record in manifest["figures"].values() for name in record["outputs"]}
    assert set(files(project / "out")) == listed | {"manifest.json"}

