"""Hostile input and faults in the figure pipeline and the YAML readers.

Each test is one attack on ``framing figures`` (run in-process through :func:`framing.cli.main`, or as
a process where memory is capped or a folder is mounted read-only), on its manifest and output folder,
or on the YAML that framing reads (figure configs, front matter of text and Markdown files, frame
dictionaries). The :func:`sandbox` fixture checks that no file outside the named folder changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from framing._infra.errors import CatalogError, CorpusError
from framing.cli import main
from framing.corpus.readers import read_folder
from framing.corpus.sources.markdown import split_front_matter
from hostile.guards import cli_error

CORPUS = "outlet,date,text\nkremlin.ru,2022-02-24,The special military operation began.\n" \
         "whitehouse.gov,2022-02-24,The invasion of Ukraine began.\nkremlin.ru,2022-03-03,War.\n"
TWO_FIGURES = """\
[defaults]
corpus = "corpus.csv"
dpi = 50

[figures.volume]
kind = "documents"

[figures.weekly]
kind = "documents"
period = "W"
"""
ADVICE = "choose a folder you can write to with --out"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def project(config: str = TWO_FIGURES, name: str = "figs.toml") -> None:
    """The corpus and a figure config in the working directory (the sandbox's named folder)."""
    Path("corpus.csv").write_text(CORPUS)
    Path(name).write_text(config, encoding="utf-8")




def figures(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, str], str]:
    """Run ``framing figures``; the status, each figure's line by name, and the summary line."""
    status = main(["figures", *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err, out + err
    lines = {line.strip().split(":", 1)[0]: line.strip().split(": ", 1)[1]
             for line in out.splitlines() if line.startswith("  ")}
    return status, lines, out.splitlines()[-1]


CAPPED = """\
import resource, sys
import framing.figures, framing.corpus.readers  # imported before the cap: only the attack is measured
from framing.cli import main

size = int(open("/proc/self/statm").read().split()[0]) * resource.getpagesize()
hard = resource.getrlimit(resource.RLIMIT_AS)[1]
cap = size + 500 * 2**20
resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))
sys.exit(main(sys.argv[1:]))
"""


def capped(argv: list[str]) -> subprocess.CompletedProcess[str]:
    """Run the command line in a process allowed 500 MiB more than it holds after its imports."""
    return subprocess.run([sys.executable, "-c", CAPPED, *argv], capture_output=True, text=True, timeout=120,
                          cwd=Path.cwd())


def ladder(levels: int = 9, width: int = 9, indent: str = "", word: str = "lol") -> str:
    """A 'billion laughs' YAML mapping: each level is ``width`` aliases of the one before."""
    lines = [f"{indent}l0: &l0 [{', '.join([word] * width)}]"]
    lines += [f"{indent}l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


# --- the manifest and the output folder (items 2 and 3) ----------------------------------------------
def test_tampered_manifest_cannot_delete_files_outside(sandbox, capsys):
    """[figures] manifest.json listing '../../outside/notes.txt' and an absolute path as outputs → nothing outside deleted"""
    project()
    assert figures(["figs.toml", "--out", "out"], capsys)[0] == 0
    manifest = json.loads(Path("out/manifest.json").read_text())
    victims = {"../../outside/notes.txt": sandbox.outside / "notes.txt",
               str(sandbox.outside / "corpus.csv"): sandbox.outside / "corpus.csv",
               "../outside/notes/thesis.md": sandbox.outside / "notes" / "thesis.md"}
    manifest["figures"]["ghost"] = {"outputs": {name: sha(path) for name, path in victims.items()}}
    Path("out/manifest.json").write_text(json.dumps(manifest))
    status, lines, _ = figures(["figs.toml", "--out", "out"], capsys)
    assert status == 0
    assert lines["ghost"] == "removed (no longer in figs.toml)"
    assert all(path.is_file() for path in victims.values())
    assert "ghost" not in json.loads(Path("out/manifest.json").read_text())["figures"]


def test_tampered_manifest_cannot_delete_the_config_or_the_corpus(sandbox, capsys):
    """[figures] manifest listing the config and the corpus (with their true hashes) under --out . → both kept"""
    project()
    assert figures(["figs.toml", "--out", "."], capsys)[0] == 0
    manifest = json.loads(Path("manifest.json").read_text())
    manifest["figures"]["ghost"] = {"outputs": {"figs.toml": sha(Path("figs.toml")),
                                                "corpus.csv": sha(Path("corpus.csv"))}}
    Path("manifest.json").write_text(json.dumps(manifest))
    status, lines, _ = figures(["figs.toml", "--out", ".", "--force"], capsys)
    assert status == 0
    assert Path("corpus.csv").read_text() == CORPUS
    assert Path("figs.toml").read_text() == TWO_FIGURES


def test_output_edited_by_hand_is_not_deleted(sandbox, capsys):
    """[figures] an output edited after the build, its figure then removed from the config → left in place, said so"""
    project()
    figures(["figs.toml", "--out", "out"], capsys)
    Path("out/weekly.csv").write_text("my corrected numbers\n")
    Path("figs.toml").write_text(TWO_FIGURES.split("[figures.weekly]")[0])
    status, lines, _ = figures(["figs.toml", "--out", "out"], capsys)
    assert status == 0
    assert lines["weekly"] == "removed (no longer in figs.toml); left weekly.csv: changed since it was built"
    assert sorted(p.name for p in Path("out").glob("weekly.*")) == ["weekly.csv"]
    assert Path("out/weekly.csv").read_text() == "my corrected numbers\n"


def test_figure_named_like_its_input_does_not_overwrite_it(sandbox, capsys):
    """[figures] figure 'corpus' with corpus = "corpus.csv" and --out . → fails naming the input; corpus.csv unchanged"""
    project(TWO_FIGURES + '\n[figures.corpus]\nkind = "documents"\n')
    status, lines, _ = figures(["figs.toml", "--out", "."], capsys)
    assert status == 1
    assert lines["corpus"] == ("FAILED: figs.toml:12: figure 'corpus' would write corpus.csv, which is an input of "
                               "this build (figs.toml:2 names it); rename the figure or choose another --out")
    assert lines["volume"].startswith("built in")
    assert Path("corpus.csv").read_text() == CORPUS
    assert not list(Path().glob("corpus.p*")) and not Path("corpus.svg").exists()
    status, lines, _ = figures(["figs.toml", "--out", ".", "--force"], capsys)  # the next run keeps it too
    assert status == 1 and Path("corpus.csv").read_text() == CORPUS


def test_config_named_manifest_json_in_out(sandbox, capsys):
    """[figures] a TOML config saved as manifest.json, built with --out . → refused before the manifest overwrites it"""
    project(name="manifest.json")
    line = cli_error(["figures", "manifest.json", "--out", "."], capsys)
    assert line == ("error: --out .: writing manifest.json there would overwrite the figure config manifest.json; "
                    "choose another --out")
    assert Path("manifest.json").read_text() == TWO_FIGURES
    assert not list(Path().glob("volume.*"))


def test_old_manifest_listing_the_input_then_force(sandbox, capsys):
    """[figures] a manifest from the old bug recording corpus.csv as figure 'corpus' output, then --force → input kept"""
    project(TWO_FIGURES + '\n[figures.corpus]\nkind = "documents"\n')
    figures(["figs.toml", "--out", "."], capsys)
    manifest = json.loads(Path("manifest.json").read_text())
    manifest["figures"]["corpus"] = {"key": "x", "outputs": {"corpus.csv": sha(Path("corpus.csv"))}}
    Path("manifest.json").write_text(json.dumps(manifest))
    status, lines, _ = figures(["figs.toml", "--out", ".", "--force"], capsys)
    assert status == 1 and lines["corpus"].startswith("FAILED: figs.toml:12: figure 'corpus' would write corpus.csv")
    assert Path("corpus.csv").read_text() == CORPUS


def test_manifest_whose_records_are_not_tables(sandbox, capsys):
    """[figures] manifest.json with a record that is a list and outputs that are a string → ignored, figures rebuilt"""
    project()
    Path("out").mkdir()
    Path("out/manifest.json").write_text(json.dumps(
        {"manifest": 1, "figures": {"volume": ["x"], "weekly": {"key": "k", "outputs": "../../outside/notes.txt"},
                                    "gone": {"outputs": {"gone.png": 5}}}, "failed": []}))
    status, lines, _ = figures(["figs.toml", "--out", "out"], capsys)
    assert status == 0
    assert lines["volume"].startswith("built in") and lines["weekly"].startswith("built in")
    assert sorted(json.loads(Path("out/manifest.json").read_text())["figures"]) == ["volume", "weekly"]


def test_corrupt_manifest_rebuilds_everything(sandbox, capsys):
    """[figures] manifest.json that is not JSON → every figure rebuilt, a valid manifest written"""
    project()
    Path("out").mkdir()
    Path("out/manifest.json").write_bytes(b"\x00{not json")
    status, lines, _ = figures(["figs.toml", "--out", "out"], capsys)
    assert status == 0 and set(lines) == {"volume", "weekly"}
    assert json.loads(Path("out/manifest.json").read_text())["manifest"] == 1


def test_output_symlinked_to_a_file_outside(sandbox, capsys):
    """[figures] out/volume.png is a symlink to a file outside → the link is replaced, the file it points to unchanged"""
    project()
    Path("out").mkdir()
    Path("out/volume.png").symlink_to(sandbox.outside / "notes.txt")
    status, lines, _ = figures(["figs.toml", "--out", "out"], capsys)
    assert status == 0
    assert not Path("out/volume.png").is_symlink()
    assert Path("out/volume.png").read_bytes().startswith(b"\x89PNG")


def test_figure_name_that_is_a_path(sandbox, capsys):
    """[figures] a figure named '../outside/notes' → refused as a file name, file:line given, nothing written"""
    project('[figures."../outside/notes"]\nkind = "documents"\ncorpus = "corpus.csv"\n')
    line = cli_error(["figures", "figs.toml", "--out", "out"], capsys)
    assert line == ("error: figs.toml:1: figure name '../outside/notes' cannot be a file name: use letters, "
                    "digits, '_', '-' and '.'")
    assert not Path("out").exists()


# --- an output folder that cannot be written (item 13) ------------------------------------------------
def test_out_is_a_file(sandbox, capsys):
    """[figures] --out names an existing file → each figure FAILED with the reason, exit status 2 (= failures)"""
    project()
    Path("notes.md").write_text("mine\n")
    status, lines, summary = figures(["figs.toml", "--out", "notes.md"], capsys)
    reason = f"the output folder notes.md is a file (or lies under one), not a folder; {ADVICE}"
    assert status == 2
    assert lines == {"volume": f"FAILED: {reason}", "weekly": f"FAILED: {reason}"}
    assert summary == f"2 figures: 0 built, 0 up to date, 2 failed; manifest not written: {reason}"
    assert Path("notes.md").read_text() == "mine\n"


def test_out_under_proc(sandbox, capsys):
    """[figures] --out /proc/framing-figures → each figure FAILED ('cannot make the output folder'), exit status 2"""
    project()
    status, lines, _ = figures(["figs.toml", "--out", "/proc/framing-figures"], capsys)
    assert status == 2
    assert set(lines) == {"volume", "weekly"}
    for line in lines.values():
        assert line.startswith("FAILED: cannot make the output folder /proc/framing-figures (")
        assert line.endswith(ADVICE)


def test_out_read_only(sandbox):
    """[figures] --out a read-only folder (a read-only mount, or mode 0555 for a non-root user) → each figure FAILED, exit 2"""
    project()
    out = sandbox.inside / "out"
    out.mkdir()
    (out / "keep.txt").write_text("kept\n")
    command = [sys.executable, "-m", "framing.cli", "figures", "figs.toml", "--out", str(out)]
    if os.geteuid() != 0:
        out.chmod(0o555)
    elif shutil.which("unshare") and subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0:
        # root may write into any folder: make it read-only for the build's process only
        mount = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
        command = ["unshare", "-m", "sh", "-c", mount, str(out), *command]
    else:
        pytest.skip("running as root without mount namespaces: no folder can be made read-only")
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=sandbox.inside)
    finally:
        out.chmod(0o755)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    failed = [line for line in done.stdout.splitlines() if ": FAILED: " in line]
    assert len(failed) == 2
    assert all(f"FAILED: cannot write into the output folder {out} (" in line for line in failed)
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]


# --- figure configs (items 6 and 13) -------------------------------------------------------------------
def test_yaml_alias_bomb_in_a_figure_config(sandbox):
    """[figures] a 553-byte YAML 'billion laughs' figure config → refused with file:line at once, in bounded memory"""
    Path("corpus.csv").write_text(CORPUS)
    bomb = "figures:\n  bomb:\n    kind: rates\n    corpus: corpus.csv\n    patterns:\n" + ladder(indent="      ", word="a")
    Path("figs.yaml").write_text(bomb)
    assert len(bomb.encode()) < 600
    done = capped(["figures", "figs.yaml", "--out", "out"])
    assert done.returncode == 2, done.stderr[-2000:]
    assert done.stderr.splitlines() == [
        "error: figs.yaml:11: cannot parse the YAML: with its aliases written out, the YAML holds more than "
        "100,000 values or 1,000,000 characters (an 'alias bomb'?); write the values out, or use fewer aliases (*name)"]
    assert not Path("out").exists()


def test_yaml_alias_that_contains_itself(sandbox, capsys):
    """[figures] YAML config whose alias refers to its own list (&a [*a]) → refused with file:line, no RecursionError"""
    project("figures:\n  a:\n    kind: documents\n    corpus: corpus.csv\n    by: &a [*a]\n", name="figs.yaml")
    line = cli_error(["figures", "figs.yaml"], capsys)
    assert line == ("error: figs.yaml:5: cannot parse the YAML: an alias (*name) refers to the list or table "
                    "that contains it; recursive values are not read")


def test_python_tag_in_a_yaml_config(sandbox, capsys):
    """[figures] YAML config with !!python/object/apply:os.system → refused by the safe loader, nothing run"""
    project("figures:\n  a:\n    kind: documents\n    corpus: !!python/object/apply:os.system\n"
            "      ['touch pwned']\n", name="figs.yaml")
    line = cli_error(["figures", "figs.yaml"], capsys)
    assert line.startswith("error: figs.yaml:4: cannot parse the YAML: could not determine a constructor for the tag "
                           "'tag:yaml.org,2002:python/object/apply:os.system'")
    assert not Path("pwned").exists()


def test_yaml_config_with_day_30_of_february(sandbox, capsys):
    """[figures] YAML config with start: 2022-02-30 → file:line and 'write a real date', no ValueError traceback"""
    project("figures:\n  a:\n    kind: documents\n    corpus: corpus.csv\n    start: 2022-02-30\n", name="figs.yaml")
    line = cli_error(["figures", "figs.yaml"], capsys)
    assert line == ("error: figs.yaml:5: cannot parse the YAML: day is out of range for month; write a real date "
                    "such as 2022-02-24")


def test_toml_config_with_day_30_of_february(sandbox, capsys):
    """[figures] TOML config with start = 2022-02-30 → 'Invalid date' with file:line"""
    project(TWO_FIGURES + "start = 2022-02-30\n")
    line = cli_error(["figures", "figs.toml"], capsys)
    assert line == "error: figs.toml:11: cannot parse the TOML: Invalid date or datetime (at line 11, column 9)"


def test_figure_config_not_utf8(sandbox, capsys):
    """[figures] a figure config saved as cp1251 → 'not UTF-8 text' with file:line and what to do, exit 2"""
    project()
    Path("figs.toml").write_bytes(TWO_FIGURES.replace('kind = "documents"\n', 'kind = "documents"\ncaption = "Война"\n',
                                                      1).encode("cp1251"))
    line = cli_error(["figures", "figs.toml"], capsys)
    assert line == ("error: figs.toml:7: the figure config is not UTF-8 text (byte b'\\xc2' at offset 90); "
                    "save it as UTF-8")
    assert not Path("figures").exists()


def test_toml_config_nested_thousands_deep(sandbox, capsys):
    """[figures] a TOML config with a list nested 5,000 deep → 'nest too deeply', no RecursionError traceback"""
    project('title = ' + "[" * 5000 + "]" * 5000 + "\n" + TWO_FIGURES)
    line = cli_error(["figures", "figs.toml"], capsys)
    assert line == "error: figs.toml: cannot parse the TOML: lists or tables nest too deeply"


def test_figure_config_of_five_megabytes(sandbox, capsys):
    """[figures] a 5 MB figure config → refused by its size before parsing, saying the limit"""
    project(TWO_FIGURES + "# padding\n" * 500_000)
    line = cli_error(["figures", "figs.toml"], capsys)
    assert line == ("error: figs.toml: the figure config is 5,000,129 bytes; a config is at most 1,000,000 bytes "
                    "(put long term lists in a dictionary file)")


def test_n_boot_negative_names_file_and_line(sandbox, capsys):
    """[figures] figure option n_boot = -5 → FAILED with 'figs.toml:15: … n_boot must be between 0 and 100000', nothing computed"""
    project(TWO_FIGURES + '\n[figures.rates]\nkind = "rates"\npatterns = ["war"]\nn_boot = -5\n')
    status, lines, _ = figures(["figs.toml", "--out", "out"], capsys)
    assert status == 1
    assert lines["rates"] == ("FAILED: figs.toml:15: figure 'rates': option 'n_boot' must be between 0 and 100000, "
                              "got -5: bootstrap replicates over documents for the intervals (0 = none)")


def test_dpi_of_a_billion(sandbox, capsys):
    """[figures] dpi = 1000000000 (a PNG of petabytes) → FAILED with file:line before drawing"""
    project(TWO_FIGURES.replace("dpi = 50", "dpi = 1000000000"))
    status, lines, _ = figures(["figs.toml", "--out", "out"], capsys)
    assert status == 2
    assert lines["volume"] == ("FAILED: figs.toml:3: figure 'volume': dpi must be a whole number between 50 and 1200, "
                               "got 1000000000")


def test_only_with_a_path(sandbox, capsys):
    """[figures] --only ../outside/notes → 'has no figure', lists the figures, nothing built"""
    project()
    line = cli_error(["figures", "figs.toml", "--only", "../outside/notes"], capsys)
    assert line == "error: figs.toml has no figure '../outside/notes'; its figures are: volume, weekly"
    assert not Path("figures").exists()


def test_yaml_alias_bomb_in_a_dictionary_file(sandbox):
    """[figures] dictionary = "bomb.yaml" (a YAML alias bomb beside the config) → that figure FAILED, bounded memory"""
    project(TWO_FIGURES + '[figures.terms]\nkind = "rates"\ndictionary = "bomb.yaml"\nn_boot = 0\n')
    Path("bomb.yaml").write_text("concepts:\n  WAR:\n    en: [war]\n    description:\n" + ladder(indent="      "))
    done = capped(["figures", "figs.toml", "--out", "out"])
    assert done.returncode == 1, done.stdout + done.stderr[-2000:]
    assert ("  terms: FAILED: figs.toml:11: figure 'terms': bomb.yaml: not valid YAML: line 10: "
            "with its aliases written out") in done.stdout


# --- front matter of text and Markdown files (item 6) ---------------------------------------------------
def test_yaml_alias_bomb_in_front_matter(sandbox):
    """[figures] a 600-byte alias bomb in a .md file's front matter (read_folder) → refused naming file and line"""
    Path("texts").mkdir()
    Path("texts/a.md").write_text("---\noutlet: a\ndate: 2022-02-24\n" + ladder() + "---\nThe invasion began.\n")
    assert Path("texts/a.md").stat().st_size <= 600
    done = capped(["corpus", "info", "texts"])
    assert done.returncode == 2, done.stderr[-2000:]
    assert done.stderr.splitlines() == [
        "error: texts/a.md: the YAML front matter is not read: line 8: with its aliases written out, the YAML holds "
        "more than 10,000 values or 65,536 characters (an 'alias bomb'?); write the values out, or use fewer "
        "aliases (*name)"]


def test_alias_bomb_in_markdown_source_front_matter(sandbox):
    """[figures] alias bomb in the front matter of a Markdown source file (a recipe's corpus) → CatalogError naming it"""
    with pytest.raises(CatalogError) as caught:
        split_front_matter("---\n" + ladder() + "---\nBody.\n", where="recipe wh: raw/a.md")
    assert str(caught.value).startswith("recipe wh: raw/a.md: the YAML front matter is not read: line 6: with its "
                                        "aliases written out")


def test_front_matter_of_a_megabyte(sandbox):
    """[figures] front matter of 1 MB (one long value) → refused by its size, naming the file"""
    Path("texts").mkdir()
    Path("texts/a.txt").write_text("---\ntitle: " + "x" * 1_000_000 + "\n---\nBody.\n")
    with pytest.raises(CorpusError) as caught:
        read_folder("texts")
    assert str(caught.value) == ("texts/a.txt: the YAML front matter is not read: the YAML is 1,000,008 characters "
                                 "long; at most 65,536 are read")


def test_python_tag_in_front_matter(sandbox):
    """[figures] front matter with !!python/object/apply:os.system → refused by the safe loader, nothing run"""
    Path("texts").mkdir()
    Path("texts/a.txt").write_text("---\ntitle: !!python/object/apply:os.system ['touch pwned']\n---\nBody.\n")
    with pytest.raises(CorpusError, match=r"texts/a.txt: the YAML front matter does not parse: could not determine "
                                          r"a constructor for the tag 'tag:yaml.org,2002:python/object/apply"):
        read_folder("texts")
    assert not Path("pwned").exists()

