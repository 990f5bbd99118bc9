"""The demo figure set: its config is valid, every figure builds (on the fetched demo corpus),
and notebooks/05_paper_figures shows a built set with its captions."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from framing.figures import build, built_figures, demo_config, load_config, resolve

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "05_paper_figures.ipynb"
STORY = {"documents", "rates", "rates_over_time", "term_share", "rate_ratios", "keyness", "collocates",
         "topic_sweep", "topic_prevalence", "translation_agreement"}
COMPANION = {"translations": "ukraine-2022-ru-uk"}
"""The demo figures drawn from the companion corpus in the outlets' own languages (the rest: ukraine-2022)."""


def test_demo_config_is_valid_and_tells_the_story() -> None:
    figset = load_config(demo_config())
    specs = [resolve(figset, e) for e in figset.entries]
    assert {s.name: s.corpus for s in specs if s.corpus != "ukraine-2022"} == COMPANION
    assert {s.kind.name for s in specs} == STORY
    assert all(len(s.caption) > 80 for s in specs), "every demo figure has a real caption"
    weekly = next(s for s in specs if s.kind.name == "rates_over_time")
    assert weekly.options["events"] == {"24 February 2022": "2022-02-24"} and weekly.options["period"] == "W"
    share = next(s for s in specs if s.kind.name == "term_share")
    assert list(share.options["patterns"]) == ["invasion", "special military operation", "conflict"]
    keyness = next(s for s in specs if s.kind.name == "keyness")
    assert (keyness.options["target"], keyness.options["reference"]) == ("kremlin.ru", "president.gov.ua")
    rates = next(s for s in specs if s.kind.name == "rates")
    assert list(rates.options["patterns"]) == ["aggression", "invasion", "special military operation",
                                               "spheres of influence"]
    translations = next(s for s in specs if s.kind.name == "translation_agreement")
    assert translations.options["dictionary"] == "ukraine" and translations.options["scripts"] == {"uk": "Cyrl",
                                                                                                   "en": "Latn"}


@pytest.mark.slow
def test_every_demo_figure_builds(tmp_path: Path, demo_topical, demo_ru_uk) -> None:
    """The whole demo set on the fetched demo corpus (about 2 minutes on two cores)."""
    report = build(demo_config(), out=tmp_path, log=None)
    assert report.failed == [], [f"{o.name}: {o.message}" for o in report.failed]
    names = [e.name for e in load_config(demo_config()).entries]
    assert [o.name for o in report.outcomes] == names
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    for name in names:
        record = manifest["figures"][name]
        assert record["corpus"]["name"] == COMPANION.get(name, "ukraine-2022")
        for filename, sha in record["outputs"].items():
            assert hashlib.sha256((tmp_path / filename).read_bytes()).hexdigest() == sha
        assert len(pd.read_csv(tmp_path / f"{name}.csv")) > 0
    for image in sorted((ROOT / "docs" / "figures").glob("*.png")):  # the guide shows today's numbers
        pd.testing.assert_frame_equal(pd.read_csv(tmp_path / f"{image.stem}.csv"),
                                      pd.read_csv(image.with_suffix(".csv")), rtol=1e-6,
                                      obj=f"{image.stem}.csv: run `make readme-images` and commit docs/figures")
    start = time.perf_counter()
    again = build(demo_config(), out=tmp_path, log=None)
    assert {o.status for o in again.outcomes} == {"up to date"}
    print(f"demo figures: second run {time.perf_counter() - start:.1f} s")


def test_paper_figures_notebook_shows_a_built_set(tmp_path: Path, multilingual, monkeypatch) -> None:
    from nbclient import NotebookClient

    from framing.cli.lab import jupyter_path

    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("MPLBACKEND", raising=False)
    monkeypatch.setenv("JUPYTER_PATH", jupyter_path())
    multilingual.to_jsonl(tmp_path / "docs.jsonl")
    (tmp_path / "figs.toml").write_text('[defaults]\ncorpus = "docs.jsonl"\ndpi = 50\n\n'
                                        '[figures.volume]\nkind = "documents"\ncaption = "Documents per month."\n\n'
                                        '[figures.rates]\nkind = "rates"\npatterns = ["invasion"]\nn_boot = 0\n'
                                        'caption = "Rates of invasion."\n')
    nb = nbformat.read(NOTEBOOK, as_version=4)
    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    nb.cells.insert(tagged[0] + 1, nbformat.v4.new_code_cell(
        f"CONFIG = {str(tmp_path / 'figs.toml')!r}\nOUT = {str(tmp_path / 'out')!r}"))
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    shown = [o for o in outputs if o.output_type == "display_data"]
    markdown = [o.data["text/markdown"] for o in shown if "text/markdown" in o.data]
    assert markdown[0].startswith("### volume\n\nDocuments per month.") and markdown[1].startswith("### rates")
    assert sum("image/png" in o.data for o in shown) == 2
    assert list(built_figures(tmp_path / "out")["name"]) == ["volume", "rates"]


def test_notebook_is_committed_without_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_readme_images_are_small_demo_figures() -> None:
    """The guide's page on paper figures shows two PNGs of the demo set, copied from figures/ after `make demo`."""
    names = {e.name for e in load_config(demo_config()).entries}
    images = sorted((ROOT / "docs" / "figures").glob("*.png"))
    assert [p.stem for p in images] == ["rates_by_outlet", "weekly_rates"]
    page = (ROOT / "docs" / "guide" / "figures.md").read_text(encoding="utf-8")
    for path in images:
        assert path.stem in names
        assert path.stat().st_size < 300_000
        assert path.read_bytes().startswith(b"\x89PNG") and b"framing" in path.read_bytes()[:200]
        assert f"](../figures/{path.name})" in page

