"""Run the commands of the README and of the user guide in order, in the current folder, as a newcomer would.

The README keeps the two commands and a quickstart; the rest of what it used to hold is in the
documentation's pages (:data:`DOCUMENTS`, read after the README in the README's former order).

``tests/test_readme.py`` runs it with the Python of a fresh ``.venv`` in a copy of the
repository that has nothing beside it::

    .venv/bin/python tests/readme_driver.py --mirror DIR

- A ``bash`` block runs line by line, each line one command typed into the shell that
  ``source .venv/bin/activate`` prepared (the caller puts ``.venv/bin`` first on ``PATH``),
  answering ``y`` if a command asks.
- The ``python`` blocks run in one Python session, in order, as if typed into one ``python``:
  a later block (of any page) sees the names an earlier one made. Tracebacks name the page's line.
- Other blocks (TOML, the layout sketch) are not commands.

Lines are run as written, except:

- :data:`MIRRORED`: commands that fetch the demo corpus get the mirror (``--mirror DIR``
  filled in, or added), so that nothing needs the network;
- :data:`SERVERS`: commands that start a server (JupyterLab, Voilà) must come up and
  print their address; they are then stopped;
- :data:`NOT_RUN`: commands not run at all, each with its reason;
- a ``python`` block whose first line starts with :data:`NEEDS` (``# needs a SLURM cluster …``):
  it says what it needs that a test machine lacks, and is not run (``tests/test_readme.py``
  compiles it and checks the framing names it imports).

Each step is printed (``<page>:<line> $ <command>``); the first failure stops the run
with its output and exit status 1.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

NOT_RUN = {
    "make test": "this run is part of `make test`",
    "make docs": "`make test` builds the site; tests/test_docs_site.py opens it in Chromium",
    "make bench": "about an hour of benchmarks; each suite runs on a tiny input in tests/test_benchmarks.py",
    "make bench SIZES=demo,10k": "minutes of benchmarks; each suite runs on a tiny input in tests/test_benchmarks.py",
    "python -m benchmarks.bench_dtm --raw": "minutes of timing rounds; bench_dtm --quick runs in tests/test_benchmarks.py",
    "make readme-figures": "needs a `make bench` run; tests/test_readme.py checks the guide's numbers against "
                           "benchmarks/results/",
    "python -m pip install -e .[dask]": "needs the network (PyPI); the test extra brings dask.distributed, and "
                                        "docs/guide/cluster.md's examples run on a local cluster",
    "python -m benchmarks.bench_dask --sizes 1M": "about half an hour; bench_dask --quick runs in "
                                                  "tests/test_benchmarks.py",
}
"""Command (its words, comments dropped) → why it is not run here."""
SERVERS = ("make lab", "framing lab", "voila")
"""Commands that start a server: run until they print their address, then stopped."""
NEEDS = "# needs "
"""The start of a python block that is not run: what follows says what it needs (a cluster, a scheduler)."""
MIRRORED = ("make demo", "framing corpus fetch")
"""Commands that fetch the demo corpus: given the mirror."""
ADDRESS = re.compile(r"https?://(?:127\.0\.0\.1|localhost):\d+")
FENCE = re.compile(r"^```(\w*)\s*$")
DOCUMENTS = ("README.md", "docs/getting-started.md", "docs/guide/lab.md", "docs/guide/corpora.md",
             "docs/guide/terms.md", "docs/guide/topics.md", "docs/guide/meaning.md", "docs/guide/validation.md",
             "docs/guide/figures.md", "docs/guide/scale.md", "docs/guide/cluster.md", "docs/guide/cli.md",
             "docs/guide/development.md")
"""The README, then the pages its sections moved to, in the README's former order: the commands of
a later page may use what an earlier one made (``articles.jsonl``, ``corpus``, ``dtm``, ...)."""


@dataclasses.dataclass(frozen=True)
class Block:
    """A fenced block of a page: its language, its text, the page's line of its first line, the page."""

    lang: str
    code: str
    line: int
    path: str = "README.md"


def blocks(text: str, path: str = "README.md") -> list[Block]:
    """The fenced code blocks of a Markdown text (the page ``path``), in order."""
    found, lang, start, lines = [], None, 0, []
    for number, line in enumerate(text.splitlines(), start=1):
        fence = FENCE.match(line)
        if lang is None and fence:
            lang, start, lines = fence.group(1), number + 1, []
        elif lang is not None and line.strip() == "```":
            found.append(Block(lang, "\n".join(lines) + "\n", start, path))
            lang = None
        elif lang is not None:
            lines.append(line)
    return found


def commands(block: Block) -> list[tuple[int, str, list[str]]]:
    """(page line, the line as written, its words without the comment) of each command of a bash block."""
    out = []
    for offset, line in enumerate(block.code.splitlines()):
        words = shlex.split(line, comments=True)
        if words:
            out.append((block.line + offset, line, words))
    return out


def with_mirror(words: list[str], mirror: str) -> list[str]:
    """A fetching command with the mirror given explicitly."""
    if words[:2] == ["make", "demo"]:
        return [*words, f"MIRROR={mirror}"]
    if "--mirror" in words:
        i = words.index("--mirror")
        return [*words[: i + 1], mirror, *words[i + 2:]]
    return [*words, "--mirror", mirror]


def run_server(line: str, timeout: float = 240) -> str:
    """Start a server command, wait until it prints its address and still runs, stop it; the address."""
    proc = subprocess.Popen(["bash", "-c", line], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, text=True, start_new_session=True)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(iter(proc.stdout.readline, "")), daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            found = ADDRESS.search("".join(output))
            if found:
                time.sleep(2)  # still up a moment later: it did not fail right after printing
                if proc.poll() is None:
                    return found.group()
            time.sleep(0.5)
        raise RuntimeError(f"the server did not come up (exit status {proc.poll()}):\n{''.join(output)[-5000:]}")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def run_bash(block: Block, mirror: str) -> None:
    for number, line, words in commands(block):
        said = " ".join(words)
        if said in NOT_RUN:
            print(f"{block.path}:{number} $ {line.strip()}\n  not run: {NOT_RUN[said]}", flush=True)
            continue
        if said.startswith(MIRRORED):
            line = shlex.join(with_mirror(words, mirror))
        print(f"{block.path}:{number} $ {line.strip()}", flush=True)
        start = time.monotonic()
        if said.startswith(SERVERS):
            print(f"  server came up at {run_server(line)} and was stopped", flush=True)
            continue
        done = subprocess.run(["bash", "-c", line], input="y\n", capture_output=True, text=True, timeout=1800)
        if done.returncode != 0:
            print(f"  FAILED with exit status {done.returncode}:\n{done.stdout[-8000:]}\n{done.stderr[-8000:]}")
            sys.exit(1)
        print(f"  ok in {time.monotonic() - start:.0f} s", flush=True)


def run_python(block: Block, namespace: dict) -> None:
    print(f"{block.path}:{block.line} python block ({block.code.count(chr(10))} lines)", flush=True)
    start = time.monotonic()
    try:
        exec(compile("\n" * (block.line - 1) + block.code, block.path, "exec"), namespace)
    except Exception:
        print(f"  FAILED:\n{traceback.format_exc()[-8000:]}")
        sys.exit(1)
    print(f"  ok in {time.monotonic() - start:.0f} s", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mirror", required=True, help="the folder the demo corpus's raw files are copied from")
    args = parser.parse_args(argv)
    sys.path[0] = ""  # as in an interactive python started in this folder, not in tests/
    namespace: dict = {"__name__": "__main__"}
    for block in (b for path in DOCUMENTS for b in blocks(Path(path).read_text(encoding="utf-8"), path)):
        if block.lang == "bash":
            run_bash(block, args.mirror)
        elif block.lang == "python" and block.code.startswith(NEEDS):
            print(f"{block.path}:{block.line} python block not run: {block.code.splitlines()[0][2:]}", flush=True)
        elif block.lang == "python":
            run_python(block, namespace)
    print("every README command ran", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
