"""Shared fixtures and the test environment.

- Everything a test writes goes under pytest's temporary folders or ``build/``, never $HOME.
- ``FRAMING_REFERENCE`` points at ``shared/corpora/reference`` (``.ci/run`` sets it);
  tests that need it are skipped with a visible reason when it is not set.
- Under CI (``CI=true``) a skipped test is reported as a failure: nothing skips silently.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("MPLCONFIGDIR", str(BUILD / "mpl"))
for var, sub in [("JUPYTER_CONFIG_DIR", "jupyter/config"), ("JUPYTER_DATA_DIR", "jupyter/data"),
                 ("JUPYTER_RUNTIME_DIR", "jupyter/runtime"), ("IPYTHONDIR", "ipython"),
                 ("FRAMING_DATA", "test-data")]:
    os.environ.setdefault(var, str(BUILD / sub))


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test session gets its own matrix cache."""
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


def reference_path(name: str) -> Path:
    """A file of the reference build, or skip with the reason."""
    folder = os.environ.get("FRAMING_REFERENCE")
    if not folder:
        pytest.skip("FRAMING_REFERENCE is not set: point it at shared/corpora/reference to run this test")
    path = Path(folder) / name
    if not path.exists():
        pytest.skip(f"{path} does not exist (FRAMING_REFERENCE={folder})")
    return path


@pytest.fixture(scope="session")
def reference_window():
    """All 4,295 documents of the reference build, read with framing.read_jsonl."""
    import framing as fr

    return fr.read_jsonl(reference_path("ukraine-2022-window.jsonl.gz"))


@pytest.fixture(scope="session")
def reference_topical():
    """The 2,118 topical documents of the reference build."""
    import framing as fr

    return fr.read_jsonl(reference_path("ukraine-2022-topical.jsonl.gz"))


MULTILINGUAL = [
    ("en-1", "news.example", "2022-02-20", "en", "Russia denies planning an invasion. NATO expansion is the issue, Moscow says."),
    ("en-2", "news.example", "2022-02-25", "en", "The invasion of Ukraine began. Kyiv-based analysts call it aggression, not a 'special military operation'."),
    ("ru-1", "ria.example", "2022-02-24", "ru", "Началась специальная военная операция. Ёлки и сферы влияния."),
    ("ru-2", "ria.example", "2022-03-02", "ru", "Специальная военная операция продолжается; НАТО расширяется на восток."),
    ("uk-1", "pravda.example", "2022-02-24", "uk", "Росія почала повномасштабне вторгнення. Це агресія проти України, м’ясо і ґанок."),
    ("sr-cyr", "vijesti.example", "2022-02-24", "sr", "Руска агресија на Украјину. Љубав, њега и џем; сфере утицаја."),
    ("sr-lat", "vijesti.example", "2022-03-01", "sr", "Ruska agresija na Ukrajinu. Ljubav, njega i džem; sfere uticaja."),
]


@pytest.fixture
def multilingual():
    """Seven hand-written documents in English, Russian, Ukrainian and Serbian (both scripts)."""
    import framing as fr

    df = pd.DataFrame(MULTILINGUAL, columns=["doc_id", "outlet", "date", "language", "text"])
    return fr.from_dataframe(df.assign(title=df["doc_id"]))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI, turn a skip into a failure so nothing is skipped silently."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under CI, where every test must run: {reason}"
