"""The notebooks of ``notebooks/`` as pages of the site, run on a sample of the demo corpus.

Each notebook has one cell tagged ``parameters``; the copy in ``docs/examples/`` gets a cell
after it that sets small values (:data:`SMALL`; the papermill convention, as in
tests/test_notebooks.py) and a hidden first cell (:data:`SNAPSHOT`) that shows each view as a
static HTML snapshot of its figures and tables: a page opened from disk cannot load the
JavaScript of live widgets. myst-nb then executes the copies (cached by their code).
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import nbformat

SMALL = {"TOPICS": 5, "PASSES": 5, "KS": (4, 6), "SEEDS": (1, 2), "N_BOOT": 200, "N_PERM": 50}
"""Values that keep the build quick, besides ``SAMPLE`` (documents per outlet) and ``OUT``."""
SNAPSHOT = '''\
from framing.widgets.base import View


def show_snapshot(view: View) -> None:
    """Only the view's static snapshot (framing.widgets.snapshot): a page cannot run live widgets."""
    view.snapshot.note = "A snapshot of this view: run the notebook in JupyterLab (make lab) to use its controls."
    view.snapshot.display()


View._ipython_display_ = show_snapshot
'''


def parameter_names(source: str) -> set[str]:
    """Names assigned at the top level of a cell."""
    return {t.id for node in ast.parse(source).body if isinstance(node, ast.Assign)
            for t in node.targets if isinstance(t, ast.Name)}


def for_the_site(path: Path, values: dict[str, object]) -> nbformat.NotebookNode:
    """The notebook with the snapshot cell first and ``values`` set after its ``parameters`` cell."""
    nb = nbformat.read(path, as_version=4)
    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
    if len(tagged) != 1:
        raise ValueError(f"{path}: expected one cell tagged 'parameters', found {len(tagged)}")
    names = parameter_names(nb.cells[tagged[0]].source)
    lines = [f"{k} = {v!r}" for k, v in values.items() if k in names]
    if lines:
        nb.cells.insert(tagged[0] + 1, nbformat.v4.new_code_cell(
            "# The documentation runs this notebook on a sample of the demo corpus:\n" + "\n".join(lines),
            metadata={"tags": ["injected-parameters"]}))
    nb.cells.insert(0, nbformat.v4.new_code_cell(SNAPSHOT, metadata={"tags": ["remove-cell"]}))
    return nb


def write_if_changed(path: Path, text: str) -> None:
    """Write ``text`` unless the file holds it already (its time stamp then stays as it is)."""
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def write_examples(srcdir: str | Path, *, sample: int, figures: str) -> list[Path]:
    """Copies of every notebook of ``notebooks/`` in ``srcdir/examples``, set for the site.

    ``figures`` is the folder of the demo figure set: notebook 05 shows the figures built
    there (given to it relative to the notebook, so no path of this machine is printed).
    """
    examples = Path(srcdir) / "examples"
    out = []
    for path in sorted((Path(srcdir).parent / "notebooks").glob("*.ipynb")):
        values = {"SAMPLE": sample, **SMALL, "OUT": os.path.relpath(figures, examples)}
        nb = for_the_site(path, values)
        for i, cell in enumerate(nb.cells):
            cell["id"] = f"{path.stem[:2]}-{i}"  # stable ids: the same notebook is the same text
        write_if_changed(examples / path.name, nbformat.writes(nb) + "\n")
        out.append(examples / path.name)
    for stale in set(examples.glob("*.ipynb")) - set(out):
        stale.unlink()
    return out
