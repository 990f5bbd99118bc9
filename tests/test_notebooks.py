"""Every notebook in notebooks/ runs top to bottom on a small sample, without an error.

The notebooks are committed without outputs and have one cell tagged ``parameters``;
:func:`parameterised` inserts a cell after it that sets small values (the papermill
convention). tests/test_browser.py runs the parameterised copies in JupyterLab; the
documentation build (``make docs``, part of ``make test``) executes them once more on its own
sample and shows every view as a snapshot with its error messages, which
:func:`test_notebook_runs_without_errors_in_the_docs_build` reads.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NAMES = ["00_quickstart.ipynb", "01_term_frequencies.ipynb", "02_keyness_and_context.ipynb",
         "03_topics.ipynb", "04_your_own_corpus.ipynb", "06_meaning.ipynb",
         "07_validation.ipynb", "08_languages.ipynb"]
"""The notebooks of the interactive views (05_paper_figures is tested in test_figures_demo.py)."""
CORPORA = {"08_languages.ipynb": "ukraine-2022-ru-uk"}
"""The named corpus of each notebook that does not read the demo corpus ``ukraine-2022``."""
NOTEBOOKS = [ROOT / "notebooks" / name for name in NAMES]
ALL = sorted((ROOT / "notebooks").glob("*.ipynb"))
SMALL = {"SAMPLE": 30, "TOPICS": 4, "PASSES": 2, "KS": (3, 4), "SEEDS": (1, 2), "N_BOOT": 50, "N_PERM": 20}
"""Parameter values for test runs: 30 documents per outlet, tiny topic models, few permutations."""


def parameter_names(source: str) -> set[str]:
    """Names assigned at the top level of a cell."""
    return {t.id for node in ast.parse(source).body if isinstance(node, ast.Assign)
            for t in node.targets if isinstance(t, ast.Name)}


def parameterised(path: Path, values: dict = SMALL) -> nbformat.NotebookNode:
    """The notebook with a cell after its ``parameters`` cell setting the values it defines."""
    nb = nbformat.read(path, as_version=4)
    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: expected one cell tagged 'parameters', found {len(tagged)}"
    names = parameter_names(nb.cells[tagged[0]].source)
    lines = [f"{k} = {v!r}" for k, v in values.items() if k in names]
    nb.cells.insert(tagged[0] + 1, nbformat.v4.new_code_cell(
        "\n".join(lines), metadata={"tags": ["injected-parameters"]}))
    return nb


def write_parameterised(folder: Path, values: dict = SMALL) -> list[Path]:
    """Copies of every notebook, parameterised, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for path in NOTEBOOKS:
        nbformat.write(parameterised(path, values), folder / path.name)
        out.append(folder / path.name)
    return out


@pytest.fixture(scope="session")
def demo_corpus(demo_topical, demo_ru_uk) -> None:
    """Build (or find) the cached demo corpora once, before any kernel needs them (conftest: or skip)."""


def test_the_view_notebooks_exist():
    assert set(NOTEBOOKS) <= set(ALL)


@pytest.mark.parametrize("path", ALL, ids=[p.name for p in ALL])
def test_notebook_is_committed_clean(path):
    """No outputs, no execution counts, the ``python3`` kernel, one parameters cell."""
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert sum("parameters" in c.metadata.get("tags", []) for c in code) == 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_view_notebook_reads_the_named_corpus(path):
    nb = nbformat.read(path, as_version=4)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert {"CORPUS", "SAMPLE"} <= parameter_names(params.source)
    assert f'CORPUS = "{CORPORA.get(path.name, "ukraine-2022")}"' in params.source
    assert "fr.load_corpus(CORPUS)" in "".join(c.source for c in nb.cells)


def test_parameterised_sets_only_the_notebooks_own_parameters(tmp_path):
    path = tmp_path / "x.ipynb"
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("SAMPLE = None\nCORPUS = 'ukraine-2022'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("print(SAMPLE)")])
    nbformat.write(nb, path)
    cells = parameterised(path, {"SAMPLE": 3, "TOPICS": 4}).cells
    assert [c.source for c in cells] == ["SAMPLE = None\nCORPUS = 'ukraine-2022'", "SAMPLE = 3", "print(SAMPLE)"]


SITE = ROOT / "build" / "docs" / "examples"
"""Where ``make docs`` (run by ``make test`` before the tests) puts the notebooks it executed."""


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebook_runs_without_errors_in_the_docs_build(path):
    """The documentation build executes every notebook on a sample of the demo corpus, and fails on
    an error in a cell (docs/conf.py); here: its views were made and show no error message.

    Each view is shown on the site as a static snapshot (docs/_ext/framing_docs_notebooks.py)
    holding the view's error messages, so the notebooks are executed once per test run, not twice.
    """
    page = SITE / f"{path.stem}.html"
    if not page.is_file():
        pytest.skip(f"{page} is missing: build the site with `make docs` (make test does it first)")
    if page.stat().st_mtime < path.stat().st_mtime:
        pytest.fail(f"{page} is older than {path}: run `make docs` again")
    html = page.read_text(encoding="utf-8")
    assert html.count('class="framing-view-snapshot"') >= 1, "the notebook shows no view"
    assert re.findall(r'class="framing-error"[^>]*>(.*?)</div>', html) == []
    stderr = re.findall(r'class="output stderr[^"]*">(.*?)</div>', html, re.S)
    assert not [t for t in stderr if "Traceback" in t or "Error" in t], stderr
