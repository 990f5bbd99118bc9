"""The gallery page: every figure of the demo set, its caption and the config entry that makes it.

The figures come from ``framing figures --out DIR`` (``make docs`` builds them into
build/docs-figures/ first); the captions are those recorded in ``DIR/manifest.json`` (the
config's caption and the intervals' description), the entries are the ``[figures.NAME]``
tables of the shipped config, ``framing/data/figures/demo.toml``, as written there.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from framing_docs_notebooks import write_if_changed

import framing.figures as ff

TABLE = re.compile(r"^\[(?P<name>[^\]]+)\]\s*$")


def config_entries(text: str) -> dict[str, str]:
    """Each top-level table of a TOML text (``defaults``, ``figures.NAME``) → its lines as written.

    A line such as ``[x]`` inside a multi-line string (a caption) is text, not a table.
    """
    entries: dict[str, list[str]] = {}
    current: list[str] | None = None
    in_string = False
    for line in text.splitlines(keepends=True):
        header = None if in_string else TABLE.match(line)
        if header:
            current = entries.setdefault(header["name"], [])
        if current is not None:
            current.append(line)
        in_string ^= (line.count('"""') + line.count("'''")) % 2 == 1
    return {name: "".join(lines).strip() + "\n" for name, lines in entries.items()}


def gallery_page(manifest: dict, entries: dict[str, str]) -> str:
    """The Markdown of the gallery: one section per figure, in the order of the config."""
    lines = ["# Gallery: the demo figures", "",
             f"*{manifest['title']}.* Each figure below is built by `make demo` (or `framing figures`) from "
             "its entry in the shipped config `framing/data/figures/demo.toml`, shown under it with the "
             "`[defaults]` it inherits. The caption is the one recorded in `figures/manifest.json`; beside "
             "each PNG the command writes a PDF, an SVG and the CSV of the plotted numbers. See "
             "[Reproducing the paper figures](../guide/figures.md) and the notebook "
             "[05_paper_figures](../examples/05_paper_figures.ipynb).", "",
             "Defaults of every entry:", "", "```toml", entries.get("defaults", "").rstrip(), "```", ""]
    for name, figure in manifest["figures"].items():
        lines += [f"## {name}", "", f"![{name}]({name}.png)", "", figure["caption"], "",
                  f"*kind* `{figure['kind']}` · *data* `{name}.csv` · *seed* `{figure['config'].get('seed')}`",
                  "", "```toml", entries[f"figures.{name}"].rstrip(), "```", ""]
    return "\n".join(lines)


def write_gallery(srcdir: str | Path, figures: str | Path) -> Path:
    """docs/gallery/index.md and the PNG files it shows, from the figure folder ``figures``."""
    figures, gallery = Path(figures), Path(srcdir) / "gallery"
    manifest_path = figures / "manifest.json"
    if not manifest_path.is_file():
        raise FileNotFoundError(f"{manifest_path} is missing: the gallery shows the demo figures, built by "
                                f"`framing figures --out {figures}` (make docs does this first)")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest["failed"]:
        raise RuntimeError(f"{manifest_path}: figures failed to build: {', '.join(manifest['failed'])}")
    entries = config_entries(Path(ff.demo_config()).read_text(encoding="utf-8"))
    missing = sorted(set(manifest["figures"]) - {k.removeprefix("figures.") for k in entries})
    if missing:
        raise ValueError(f"{manifest_path} holds figures that demo.toml does not define: {missing}; "
                         f"rebuild it with `framing figures --out {figures}`")
    gallery.mkdir(parents=True, exist_ok=True)
    for name in manifest["figures"]:
        source, target = figures / f"{name}.png", gallery / f"{name}.png"
        if not target.is_file() or target.read_bytes() != source.read_bytes():
            shutil.copyfile(source, target)
    write_if_changed(gallery / "index.md", gallery_page(manifest, entries))
    return gallery / "index.md"
