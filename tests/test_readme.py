"""The README and the user guide work as written: in a copy of the repository with nothing beside
it, with no absolute path of any machine in the repository, and with measured numbers that are
the committed results of ``make bench`` (written by ``make readme-figures``, never by hand).

The README holds the two commands, a quickstart and a map of the documentation; the sections it
used to hold are pages of docs/ (:data:`readme_driver.DOCUMENTS`), checked here the same way."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest
from conftest import demo_mirror
from loopback import closed_port
from readme_driver import DOCUMENTS, NEEDS, NOT_RUN, SERVERS, blocks, commands, with_mirror

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PAGES = {path: (ROOT / path).read_text(encoding="utf-8") for path in DOCUMENTS}
"""The README and the pages of the guide, by path."""
README_LIMIT = 26_075
"""Bytes: a third of the README before its sections moved into docs/ (78,227 bytes)."""
sys.path.insert(0, str(ROOT))  # the benchmarks folder is a package beside framing/, not installed

from benchmarks import readme as readme_figures  # noqa: E402
from benchmarks.harness import Row  # noqa: E402
from benchmarks.suite import SUITES  # noqa: E402

MACHINE_PATH = re.compile(r"(?<![\w.~])/(?:wo" r"rk|ro" r"ot|ho" r"me|Us" r"ers)/|[A-Z]:\\Us" r"ers\\")
"""An absolute path of a machine: under its work, root, home or users folder (spelt apart so
that this file does not match itself)."""


def repository_files() -> list[Path]:
    """The files a commit of the working tree would hold: tracked, or new and not ignored."""
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--deduplicate"],
                         cwd=ROOT, capture_output=True, check=True).stdout
    return [ROOT / name for name in out.decode().split("\0") if name and os.path.lexists(ROOT / name)]


# --- no machine's paths ---------------------------------------------------------------------
def test_the_repository_holds_no_absolute_path_of_a_machine():
    found = []
    for path in repository_files():
        if path.is_symlink():
            target = os.readlink(path)
            found += [f"{path.relative_to(ROOT)} -> {target}"] if os.path.isabs(target) else []
            continue
        data = path.read_bytes()
        if b"\0" in data[:8192]:  # images and other binary files
            continue
        for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
            if MACHINE_PATH.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    assert not found, "absolute paths of a machine in the repository:\n" + "\n".join(found)


def test_the_path_pattern_finds_what_it_should():
    home, work = "/" + "home/ana/corpora", "/" + "work/shared/corpora/reference"
    assert MACHINE_PATH.search(f"DEFAULT = Path('{work}')") and MACHINE_PATH.search(f"cp {home}/x .")
    assert MACHINE_PATH.search("C:" + "\\Users\\ana\\x")
    assert not MACHINE_PATH.search("~/.cache/framing and ../shared/corpora/mirror and /usr/bin/chromium")


# --- the commands as written ----------------------------------------------------------------
def bash_commands() -> list[tuple[str, int, str, list[str]]]:
    """(page, line, the line as written, its words) of every command of the README and the guide."""
    return [(path, *c) for path, text in PAGES.items() for b in blocks(text, path) if b.lang == "bash"
            for c in commands(b)]


def test_every_bash_line_is_one_command_as_typed():
    """No synopsis (``a | b``) or optional-argument brackets (``[--quick]``) where a command should be."""
    for path, number, line, words in bash_commands():
        assert "|" not in words, f"{path}:{number} is a synopsis, not a command: {line}"
        assert not any(re.fullmatch(r"\[.*\]", w) for w in words), f"{path}:{number} has [optional] words: {line}"
        assert words[0] in {"make", "framing", "python", "voila", "source", "cp"}, f"{path}:{number}: {line}"


def test_the_readme_is_short_and_maps_the_documentation():
    """The README is what a newcomer needs first; every page it links to exists and every guide page is linked."""
    assert len(README.encode()) <= README_LIMIT, f"README.md has {len(README.encode()):,} bytes: move sections to docs/"
    said = [words for _, _, words in (c for b in blocks(README) if b.lang == "bash" for c in commands(b))]
    assert ["make", "demo"] in said and ["make", "test"] in said
    linked = set(re.findall(r"\]\((docs/[^)#]+)", README))
    assert all((ROOT / link).is_file() for link in linked), sorted(link for link in linked if not (ROOT / link).is_file())
    guide = {p.relative_to(ROOT).as_posix() for p in (ROOT / "docs" / "guide").glob("*.md") if p.name != "index.md"}
    assert guide | {"docs/getting-started.md"} <= linked, "a page of the guide is missing from the README's map"


def test_every_page_with_commands_is_run_by_the_driver():
    """A page of the guide whose commands the plain-copy test would not run could go stale unseen."""
    pages = {p.relative_to(ROOT).as_posix() for p in (ROOT / "docs" / "guide").glob("*.md") if p.name != "index.md"}
    assert pages | {"docs/getting-started.md"} <= set(DOCUMENTS)


def test_commands_that_are_not_run_still_exist():
    said = {" ".join(words) for _, _, _, words in bash_commands()}
    assert set(NOT_RUN) <= said, f"stale entries in readme_driver.NOT_RUN: {set(NOT_RUN) - said}"
    assert any(s.startswith(SERVERS) for s in said) and "make demo" in said


def test_python_blocks_that_are_not_run_compile_and_name_what_exists():
    """A block marked ``# needs …`` (a cluster, a scheduler) is not run; its code must still parse, and the
    framing names it imports or reaches through ``fr.`` must exist, so that it cannot go stale unseen."""
    import ast
    import importlib

    import framing

    skipped = [(path, b) for path, text in PAGES.items() for b in blocks(text, path)
               if b.lang == "python" and b.code.startswith(NEEDS)]
    assert {path for path, _ in skipped} >= {"docs/guide/cluster.md"}  # the README's cluster block runs, on 2 local workers
    for path, block in skipped:
        tree = ast.parse(block.code, filename=f"{path}:{block.line}")
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("framing"):
                module = importlib.import_module(node.module)
                missing = [a.name for a in node.names if not hasattr(module, a.name)]
                assert not missing, f"{path}:{block.line + node.lineno - 1}: {node.module} has no {missing}"
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "fr":
                assert hasattr(framing, node.attr), f"{path}:{block.line + node.lineno - 1}: no framing.{node.attr}"


def test_the_mirror_is_given_explicitly():
    assert with_mirror(["make", "demo"], "m") == ["make", "demo", "MIRROR=m"]
    assert with_mirror(["framing", "corpus", "fetch", "x", "--mirror", "DIR"], "m")[-2:] == ["--mirror", "m"]
    assert with_mirror(["framing", "corpus", "fetch", "x"], "m") == ["framing", "corpus", "fetch", "x", "--mirror", "m"]


def test_every_notebook_is_in_the_guide_table():
    listed = set(re.findall(r"^\| `(\d\d_\w+)` \|", PAGES["docs/guide/lab.md"], re.M))
    assert listed == {p.stem for p in (ROOT / "notebooks").glob("*.ipynb")}


def test_make_lab_installs_voila():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert any(r.startswith("voila") for r in extras["lab"])
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r'^\$\(VENV\)/\.lab:.*\n\t\$\(PY\) -m pip install -q -e "\.\[lab\]"', makefile, re.M)
    assert re.search(r"^lab: \$\(VENV\)/\.lab$", makefile, re.M)


# --- measured numbers -----------------------------------------------------------------------
def test_the_guide_numbers_are_the_committed_results():
    """Every generated block equals what ``make readme-figures`` writes from benchmarks/results/."""
    rows, machine = readme_figures.load()
    texts = {path: path.read_text(encoding="utf-8") for path in readme_figures.PAGES}
    names = [name for text in texts.values() for name in readme_figures.blocks(text)]
    assert sorted(names) == sorted(readme_figures.RENDERERS), "a generated block is missing, unknown or repeated"
    assert not any(readme_figures.blocks(text) for path, text in PAGES.items() if ROOT / path not in texts)
    for path, text in texts.items():
        expected = readme_figures.blocks(readme_figures.render(text, rows, machine))
        for name, body in readme_figures.blocks(text).items():
            assert body == expected[name], f"{path.name}: block {name!r} differs from benchmarks/results: " \
                                           "run make readme-figures"
    assert {r.suite for r in rows} == set(SUITES), "not a full make bench"


def hand_rows() -> list[Row]:
    def r(task, docs, ours, suite, peer="", peer_s=None, note="", csr_mb=None, peak_mb=0.0):
        return Row(task=task, corpus="c", docs=docs, ours_s=ours, peer=peer, peer_s=peer_s,
                   ratio=peer_s / ours if peer_s else None, peak_mb=peak_mb, target="", met=None, runs=3,
                   csr_mb=csr_mb, note=note, suite=suite)

    return [r("matrix: unigrams", 100, 0.5, "dtm", peer="sklearn", peer_s=2.0, note="same counts"),
            r("terms: outlets → rates figure", 100, 0.25, "widgets", peer="interact", peer_s=1.0),
            r("matrix: streamed from Parquet", 10_000, 4.0, "scale", csr_mb=512.0, peak_mb=1024.0),
            r("term rate by outlet × month", 10_000, 0.003, "scale")]


def test_the_renderers_on_hand_made_rows():
    rows = hand_rows()
    table = readme_figures.benchmark_table(rows, {})
    assert table.splitlines()[2] == ("| matrix: unigrams [1] | c | 100 | 500.0 ms | sklearn | 2.00 s | 4.00× | 0 | "
                                     " |  |")
    assert table.endswith("\n\n1. same counts") and "streamed" in table and "terms:" not in table
    widgets = readme_figures.widget_speed(rows, {})
    assert widgets.startswith("On `c` (100 documents):\n\n| view: change → output | ours (median) | peer |")
    assert "| terms: outlets → rates figure | 250.0 ms | interact | 1.00 s | 4.00× |  |  |" in widgets
    scale = readme_figures.scale_table(rows, {}).splitlines()
    assert scale[0] == "| task | 10,000 documents |"
    assert "| streamed matrix | 4.00 s |" in scale and "| term-rate query | 3.0 ms |" in scale
    assert "| streamed matrix per document | 400 µs |" in scale  # 4 s / 10,000
    assert "| streamed matrix: peak memory (CSR arrays) | 1.0 GiB (0.5 GiB) |" in scale
    machine = {"date": "2024-01-02", "cpus": 2, "memory_gib": 24, "system": "Linux x86_64", "python": "3.11.7",
               "framing": "0.1.0", "sizes": ["demo", "10k"], "suite_seconds": {"dtm": 60.0, "scale": 90.0}}
    assert readme_figures.benchmark_machine(rows, machine) == (
        "Measured on 2024-01-02 on a 2-core, 24 GiB Linux x86_64 machine (Python 3.11.7, framing 0.1.0) with "
        "`make bench SIZES=demo,10k`, which took 2 minutes.")
    text = ("a\n<!-- generated by `make readme-figures` from benchmarks/results: widget-speed -->\nold\n"
            "<!-- end of widget-speed -->\nb\n")
    assert readme_figures.render(text, rows, machine) == text.replace("old\n", widgets + "\n")
    with pytest.raises(ValueError, match="generated block 'nope' is not one of"):
        readme_figures.render(text.replace("widget-speed", "nope"), rows, machine)


def test_readme_figures_accepts_a_bench_run_and_says_what_it_lacks(tmp_path):
    with pytest.raises(SystemExit, match=r"has no results\.json or machine\.json: run `make bench` first"):
        readme_figures.accept(tmp_path / "empty", tmp_path / "results")
    (tmp_path / "bench").mkdir()
    for name in readme_figures.FILES:
        (tmp_path / "bench" / name).write_text(json.dumps({"name": name}))
    readme_figures.accept(tmp_path / "bench", tmp_path / "results")
    assert json.loads((tmp_path / "results" / "machine.json").read_text()) == {"name": "machine.json"}


# --- the whole README in a plain copy -------------------------------------------------------
def copy_repository(target: Path) -> Path:
    """What a clone would hold (:func:`repository_files`), links kept as links."""
    for path in repository_files():
        dest = target / path.relative_to(ROOT)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():
            dest.symlink_to(os.readlink(path))
        else:
            shutil.copy2(path, dest)
    return target


def provision(clone: Path) -> Path:
    """``make setup`` (and the test, lab and bench extras) without the network, in ``clone/.venv``.

    pip would download the dependencies and the build backend; instead a new virtual
    environment gets what an editable install gives: a ``.pth`` file putting the clone on the
    path (then this environment's installed packages), and a console script for each of the
    clone's ``[project.scripts]`` and of the installed packages' commands (``voila``, ...).
    The Makefile's markers then say the set-up is done.
    """
    venv = clone / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    Path(purelib, "_editable_framing.pth").write_text(f"{clone}\n{sysconfig.get_paths()['purelib']}\n")
    scripts = tomllib.loads((clone / "pyproject.toml").read_text())["project"]["scripts"]
    for name, target in scripts.items():
        module, function = target.split(":")
        (venv / "bin" / name).write_text(f"#!{python}\nimport sys\nfrom {module} import {function}\n"
                                         f"sys.exit({function}())\n")
        (venv / "bin" / name).chmod(0o755)
    ours = Path(sys.executable).parent
    for script in sorted(ours.iterdir()):
        if script.name.startswith(("python", "pip", "activate")) or not script.is_file() or \
                (venv / "bin" / script.name).exists():
            continue
        head, _, rest = script.read_bytes().partition(b"\n")
        if head.startswith(b"#!") and head.endswith(b"/python"):
            (venv / "bin" / script.name).write_bytes(b"#!" + str(python).encode() + b"\n" + rest)
            (venv / "bin" / script.name).chmod(0o755)
    shared = ours.parent / "share"  # packages' data files: Voilà's templates, Jupyter's kernel specs, ...
    if shared.is_dir():
        (venv / "share").symlink_to(shared)
    for marker in (".base", ".test", ".lab", ".bench"):
        (venv / marker).touch()
    return venv


def newcomer_environment(home: Path, venv: Path) -> dict[str, str]:
    """A shell after ``source .venv/bin/activate``: no framing variables, a fresh home, no network for corpora."""
    dropped = ("FRAMING_", "JUPYTER", "IPYTHON", "PYTHON", "VIRTUAL_ENV", "MPL", "PIP_", "CONDA")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped) and k != "CI"}
    home.mkdir(parents=True, exist_ok=True)
    env |= {"HOME": str(home), "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", "VIRTUAL_ENV": str(venv),
            "BROWSER": "true",  # servers must not open a browser window here
            "PIP_NO_INDEX": "1",  # an install that would need the network fails at once
            "FRAMING_RAW_URL": f"http://127.0.0.1:{closed_port()}/{{repo}}/{{commit}}/{{path}}"}  # downloads fail
    return env


@pytest.mark.slow
def test_every_readme_command_runs_in_a_plain_copy(tmp_path):
    """``make demo`` and every command and code block after it, in order, offline with ``--mirror``.

    About half an hour on two shared cores. The copy holds what a clone would; nothing is beside it.
    """
    mirror = demo_mirror()  # the demo's raw files, fetched from the public sources or FRAMING_MIRROR
    clone = copy_repository(tmp_path / "framing")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["framing"]
    venv = provision(clone)
    done = subprocess.run([str(venv / "bin" / "python"), "tests/readme_driver.py", "--mirror", str(mirror)],
                          cwd=clone, env=newcomer_environment(tmp_path / "home", venv), capture_output=True,
                          text=True, timeout=3 * 3600)
    print(done.stdout)
    assert done.returncode == 0, f"{done.stdout[-12000:]}\n{done.stderr[-4000:]}"
    assert done.stdout.rstrip().endswith("every README command ran")
    assert (clone / "figures" / "manifest.json").is_file() and (clone / "paper-figures" / "manifest.json").is_file()
    assert (clone / "my-notebooks").is_dir() and (clone / "articles.jsonl").is_file()
    assert (clone / "corpora" / "ukraine-2022" / "corpus.parquet").is_file()
