"""Shared fixtures and the test environment.

- Everything a test writes goes under pytest's temporary folders or ``build/``, never $HOME.
- The demo corpora (``ukraine-2022``, ``ukraine-2022-window``) are fetched once into
  :data:`DEMO_DATA` from their public sources, or copied from ``$FRAMING_MIRROR`` when it
  is set; tests that need them skip with the reason when neither is available (outside CI).
  Their raw files, kept there in the mirror layout, are the mirror of the fetch tests.
- Tests marked ``reference`` cross-check against the independent reference build in
  ``$FRAMING_REFERENCE`` (``.ci/run`` sets it); without it they are deselected, and the
  header of the run says so. Nothing else needs files outside the repository.
- Under CI (``CI=true``) a skipped test is reported as a failure: nothing skips silently.
"""

from __future__ import annotations

import functools
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

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

DEMO_DATA = Path(os.environ["FRAMING_DATA"])
"""Where the tests keep the fetched demo corpora and their raw files (``build/test-data`` by default)."""
DEMO_SOURCES = {var: os.environ.get(var) or None for var in ("FRAMING_MIRROR", "FRAMING_RAW_URL")}
"""Where the demo corpora come from, as set when the run started (tests may change the environment)."""
REFERENCE = os.environ.get("FRAMING_REFERENCE") or None
"""The folder of the independent reference build, for the ``reference`` cross-checks (or ``None``)."""


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test session gets its own matrix cache."""
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


def reference_path(name: str) -> Path:
    """A file of the reference build's folder (``name`` may climb out of it, e.g. ``../x``).

    Only tests marked ``reference`` call it; they run only when ``$FRAMING_REFERENCE`` is set.
    """
    assert REFERENCE, "reference_path() is for tests marked @pytest.mark.reference"
    path = Path(REFERENCE) / name
    if not path.exists():
        pytest.fail(f"{path} does not exist: FRAMING_REFERENCE={REFERENCE} is not the reference build's folder")
    return path


@pytest.fixture(scope="session")
def reference_window():
    """All 4,295 documents of the reference build, read with framing.read_jsonl."""
    import framing as fr

    return fr.read_jsonl(reference_path("ukraine-2022-window.jsonl.gz"))


@contextmanager
def demo_environment() -> Iterator[None]:
    """The environment the demo corpora are fetched and loaded in: :data:`DEMO_DATA`, the run's sources."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FRAMING_DATA", str(DEMO_DATA))
        patch.delenv("FRAMING_RECIPES", raising=False)
        for var, value in DEMO_SOURCES.items():
            if value:
                patch.setenv(var, value)
            else:
                patch.delenv(var, raising=False)
        yield


@functools.cache
def _unavailable() -> str | None:
    """Why the demo corpora cannot be fetched here (``None`` when a mirror is named or the host answers)."""
    if DEMO_SOURCES["FRAMING_MIRROR"]:
        return None
    from framing.corpus import catalog

    url = urlsplit((DEMO_SOURCES["FRAMING_RAW_URL"] or catalog.get_recipe("ukraine-2022-window").raw_url)
                   .format(repo="r", commit="c", path="p"))
    try:
        socket.create_connection((url.hostname, url.port or (443 if url.scheme == "https" else 80)),
                                 timeout=10).close()
    except OSError as exc:
        return (f"the demo corpora are not in {DEMO_DATA}, FRAMING_MIRROR is not set and {url.hostname} "
                f"cannot be reached ({exc}): allow the network, or set FRAMING_MIRROR to a folder laid out as "
                "github/<owner>/<repo>/<commit>/<path> (such as corpora/raw of a checkout that fetched them)")
    return None


@functools.cache
def demo_corpus(name: str):
    """A demo corpus, fetched and built into :data:`DEMO_DATA` on first use; skip when it cannot be."""
    import framing as fr
    from framing.corpus import catalog

    with demo_environment():
        if catalog.cached_documents(name) is None and _unavailable():
            pytest.skip(_unavailable())
        return fr.load_corpus(name, progress=False)


def demo_mirror() -> Path:
    """The demo's raw files in the mirror layout (``DEMO_DATA/raw``), fetched if missing; or skip.

    They are those of ``ukraine-2022-window`` (``ukraine-2022`` is built from it) and of the companion
    corpus ``ukraine-2022-ru-uk``, which ``make demo`` fetches too.
    """
    from framing._infra import paths
    from framing.corpus import catalog
    from framing.corpus.sources.fetch import fetch_files

    raw = DEMO_DATA / "raw"
    for name in ("ukraine-2022-window", "ukraine-2022-ru-uk"):
        recipe = catalog.get_recipe(name)
        if not all((raw / f.key).is_file() for f in recipe.files):
            if _unavailable():
                pytest.skip(_unavailable())
            with demo_environment():
                fetch_files(recipe.files, dest=raw, mirror=catalog.mirror_folder(), progress=False,
                            url_template=paths.raw_url() or recipe.raw_url)
    return raw


@pytest.fixture(scope="session")
def demo_window():
    """The 4,297 documents of the demo corpus ``ukraine-2022-window`` (fetched once)."""
    return demo_corpus("ukraine-2022-window")


@pytest.fixture(scope="session")
def demo_topical():
    """The 2,118 documents of the demo corpus ``ukraine-2022`` (fetched once)."""
    return demo_corpus("ukraine-2022")


@pytest.fixture(scope="session")
def demo_ru_uk():
    """The 17,060 documents of the companion corpus ``ukraine-2022-ru-uk`` (fetched once)."""
    return demo_corpus("ukraine-2022-ru-uk")


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


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CI") and not REFERENCE:
        raise pytest.UsageError("CI=true needs FRAMING_REFERENCE (the reference build's folder) for the "
                                "reference cross-checks; .ci/run sets it")


def pytest_report_header(config: pytest.Config) -> list[str]:
    source = (f"copied from FRAMING_MIRROR={DEMO_SOURCES['FRAMING_MIRROR']}" if DEMO_SOURCES["FRAMING_MIRROR"]
              else "fetched from their public sources")
    reference = (f"FRAMING_REFERENCE={REFERENCE}" if REFERENCE else
                 "not run: FRAMING_REFERENCE is not set (.ci/run sets it)")
    return [f"demo corpora: {DEMO_DATA} ({source} when missing)", f"reference cross-checks: {reference}"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect the ``reference`` cross-checks when there is no reference build to check against."""
    if REFERENCE:
        return
    unused = [item for item in items if item.get_closest_marker("reference")]
    if unused:
        config.hook.pytest_deselected(items=unused)
        items[:] = [item for item in items if not item.get_closest_marker("reference")]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI, turn a skip into a failure so nothing is skipped silently."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under CI, where every test must run: {reason}"


# --- one browser for the session ---------------------------------------------------------------
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic", "--allow-file-access-from-files"]


@pytest.fixture(scope="session")
def chromium():
    """The session's one Chromium, shared by the JupyterLab and the docs-site tests: Playwright's sync API
    runs one session per thread, and a second one started beside the first refuses to start."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is missing: pip install -e '.[test]'")
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM}: `apt-get install -y chromium` as root (make test does)")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def dask_client():
    """A ``distributed`` client on a LocalCluster of 2 worker processes (one thread each), shared by the session.

    The equality tests of :mod:`framing.distributed` run on it, as CI does; without Dask they skip
    with the reason (a failure under CI).
    """
    pytest.importorskip("distributed", reason='Dask is missing: pip install -e ".[test]" (or ".[dask]")')
    from framing.distributed import local_client

    with local_client(n_workers=2, threads_per_worker=1, processes=True, dashboard=False,
                      memory_limit="3GiB") as client:
        yield client
