"""Named corpora (framing.corpus.catalog): recipes, build, cache, command line, and the full demo build.

Small builds use a *mini* recipe (the shipped window recipe cut to 12 real files, written
to a temporary $FRAMING_RECIPES folder) fetched over real HTTP from a loopback server.
The full build of both named corpora copies the raw files the demo fetch keeps
(:func:`conftest.demo_mirror`); tests marked ``reference`` compare it with the independent
reference build and its source manifest ($FRAMING_REFERENCE and the folder above it).
"""

from __future__ import annotations

import fnmatch
import gzip
import hashlib
import json
import re
import tomllib
import warnings
from pathlib import Path

import pandas as pd
import pytest
from loopback import (
    ROOT,
    UN,
    WH_CHIPS,
    WH_CHIPS_COPY,
    WH_VETERANS,
    WH_VETERANS_COPY,
    closed_port,
    copy_subset,
    demo_mirror,
    mini_recipes,
    server,  # noqa: F401 (server is a fixture)
    shipped_recipe,
)

import framing as fr
from framing._infra.errors import CatalogError, FramingWarning
from framing.cli import main
from framing.cli.common import open_corpus
from framing.corpus import catalog

TOPICAL = re.compile(r"(?i)\b(?:ukrain\w*|kyiv|kiev|donbas\w*|crimea\w*|nato|luhansk|lugansk|donetsk|"
                     r"zelensk\w*|minsk agreements?)\b")


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Each test gets its own data folder and no mirror or download URL from the environment."""
    for var in ("FRAMING_MIRROR", "FRAMING_RAW_URL", "FRAMING_RECIPES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("FRAMING_DATA", str(tmp_path / "data"))


@pytest.fixture
def mini(tmp_path, monkeypatch, server):
    """The mini recipes, downloaded from the loopback server; returns the server."""
    mini_recipes(tmp_path / "recipes")
    monkeypatch.setenv("FRAMING_RECIPES", str(tmp_path / "recipes"))
    monkeypatch.setenv("FRAMING_RAW_URL", server.url)
    return server


def load_quietly(name: str, **options) -> fr.Corpus:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a clean build warns about nothing
        return fr.load_corpus(name, progress=False, **options)


# --- recipes ---------------------------------------------------------------------------
def test_known_corpora_and_unknown_name():
    assert fr.known_corpora() == ["ukraine-2022", "ukraine-2022-ru-uk", "ukraine-2022-window"]
    with pytest.raises(CatalogError, match=r"^unknown corpus 'ukraine-2021'; known corpora: ukraine-2022, "
                                           r"ukraine-2022-ru-uk, ukraine-2022-window\. See `framing corpus list`\.$"):
        fr.load_corpus("ukraine-2021")


def test_recipes_ship_as_package_data_with_one_source_of_truth():
    files = catalog.recipe_files()
    package = Path(fr.__file__).parent
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    for name, path in files.items():
        rel = path.relative_to(package).as_posix()  # inside the package: it goes into the wheel
        assert any(fnmatch.fnmatch(rel, g) for g in globs["framing"] if "/" in g), rel
        committed = ROOT / "corpora" / f"{name}.json"  # the human-facing link in the repository
        assert committed.is_symlink() and committed.resolve() == path.resolve()


@pytest.mark.reference
def test_window_recipe_carries_the_facts_of_the_source_manifest():
    from conftest import reference_path

    manifest = json.loads(reference_path("../ukraine-2022.sources.json").read_text(encoding="utf-8"))
    recipe = catalog.get_recipe("ukraine-2022-window")
    assert [s.outlet for s in recipe.sources] == [s["outlet"] for s in manifest["sources"]]
    for ours, theirs in zip(recipe.sources, manifest["sources"]):
        assert ours.license.startswith(theirs["license"])
        assert ours.format == theirs["format"] and ours.language == theirs["language"]
        assert [(f.repo, f.commit, f.path, f.sha256, f.size, dict(f.meta)) for f in ours.files] == [
            (theirs["repo"], theirs["commit"], f["path"], f["sha256"], f["bytes"], f.get("meta", {}))
            for f in theirs["files"]]
        for key in ("columns", "front_matter"):
            assert ours.options.get(key) == theirs.get(key)
    assert recipe.raw_url == manifest["raw_url"]
    assert len(recipe.files) == 2519


@pytest.mark.parametrize("change, message", [
    (lambda r: r.pop("name"), r"the recipe lacks the key 'name'"),
    (lambda r: r["sources"][0].update(format="xml"),
     r"source 'kremlin\.ru': unknown format 'xml'; known formats are \['csv', 'js-records', "
     r"'markdown-front-matter', 'text'\]"),
    (lambda r: r["sources"][1]["files"][0].pop("sha256"), r"source 'president\.gov\.ua': the recipe lacks "
                                                          r"the key 'sha256'"),
    (lambda r: r.update(base="x"), r"a recipe has either 'sources' or a 'base' \(with a 'filter'\)"),
    (lambda r: r["sources"][3].update(files=[]), r"source 'UN General Debate': the source lists no files"),
])
def test_bad_recipes_are_explained(tmp_path, change, message):
    recipe = shipped_recipe("ukraine-2022-window")
    recipe["name"] = "bad"
    change(recipe)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(recipe))
    with pytest.raises(CatalogError, match=rf"^{re.escape(str(path))}.*{message}"):
        catalog.read_recipe(path)


def test_recipe_name_must_match_file_and_json_must_parse(tmp_path):
    (tmp_path / "odd.json").write_text('{"name": "Other", "base": "x"}')
    with pytest.raises(CatalogError, match=r"odd\.json: the name 'Other' must match the file name"):
        catalog.read_recipe(tmp_path / "odd.json")
    (tmp_path / "broken.json").write_text('{"name": ')
    with pytest.raises(CatalogError, match=r"broken\.json: not valid JSON \(Expecting value at line 1\)"):
        catalog.read_recipe(tmp_path / "broken.json")


def test_data_folder(tmp_path, monkeypatch):
    assert catalog.data_dir() == tmp_path / "data"
    monkeypatch.delenv("FRAMING_DATA")
    assert catalog.data_dir() == ROOT / "corpora"  # a source checkout keeps data beside the recipes


# --- building the mini corpus over HTTP -------------------------------------------------
def test_build_over_http(mini):
    corpus = load_quietly("mini")
    df = corpus.df
    counts = df["outlet"].value_counts().to_dict()
    # 980 rows less one repeated text; 7 files less two copies; 3 speeches.
    assert counts == {"president.gov.ua": 979, "whitehouse.gov": 5, "UN General Debate": 3}
    assert df.columns.tolist() == ["doc_id", "outlet", "date", "title", "text", "url", "language",
                                   "script", "license", "source", "country", "category", "speaker"]
    assert set(df["language"]) == {"en"} and df["doc_id"].is_unique
    recipe = catalog.get_recipe("mini")
    assert df.groupby("outlet")["license"].unique().map(list).to_dict() == {
        s.outlet: [s.license] for s in recipe.sources}
    assert df.loc[df["doc_id"] == "pgu-73721", "title"].item() == (
        "Russia should move away from ultimatums against Ukraine, because they will not lead to any results.")
    un = df[df["outlet"] == "UN General Debate"].set_index("doc_id")
    assert un["date"].dt.strftime("%Y-%m-%d").to_dict() == {
        "ungdc-76-EU": "2021-09-21", "ungdc-77-RUS": "2022-09-20", "ungdc-77-UKR": "2022-09-20"}
    assert un.loc["ungdc-76-EU", ["country", "speaker"]].tolist() == ["EU", "Charles Michel"]
    assert df["date"].is_monotonic_increasing
    assert sorted(mini.requests) == sorted("/" + f.key for f in recipe.files)


def test_build_report_says_what_was_dropped_and_filled(mini):
    report = catalog.build_report("mini")
    stem = lambda path: "wh-" + Path(path).stem  # noqa: E731
    assert [(d["outlet"], d["reason"], d["dropped"], d["kept"]) for d in report.duplicates] == [
        ("president.gov.ua", "same text", "pgu-72173", "pgu-71837"),
        ("whitehouse.gov", "same text", stem(WH_CHIPS_COPY), stem(WH_CHIPS)),
        ("whitehouse.gov", "same text", stem(WH_VETERANS_COPY), stem(WH_VETERANS))]
    assert report.titles_filled == (("pgu-73721", "Russia should move away from ultimatums against "
                                                  "Ukraine, because they will not lead to any results."),)
    lines = report.lines()
    assert lines[:3] == ["president.gov.ua: dropped 1 duplicate(s) (same text):",
                         "  - dropped pgu-72173 (press_release_data/zelenskyy.csv#row 818)",
                         "    kept    pgu-71837 (press_release_data/zelenskyy.csv#row 877)"]
    assert f"  - dropped {stem(WH_VETERANS_COPY)} ({WH_VETERANS_COPY})" in lines
    assert fr.load_corpus("mini").report.duplicate_texts[0] == ("pgu-71837", "pgu-72173")


def test_second_load_uses_the_cache_and_the_build_is_deterministic(mini):
    first = load_quietly("mini")
    mini.requests.clear()
    cached = load_quietly("mini")
    assert mini.requests == []
    pd.testing.assert_frame_equal(cached.df, first.df, check_dtype=False)
    assert cached.fingerprint == first.fingerprint
    rebuilt = load_quietly("mini", refresh=True)
    assert rebuilt.fingerprint == first.fingerprint and mini.requests == []  # raw files kept
    folder = catalog.data_dir() / "mini"
    stamp = json.loads((folder / "stamp.json").read_text())
    assert stamp["fingerprint"] == first.fingerprint and stamp["documents"] == len(first)
    assert sorted(p.name for p in folder.iterdir()) == ["corpus.parquet", "stamp.json"]


def test_topical_filter(mini):
    window = load_quietly("mini").df
    expected = window[[bool(TOPICAL.search(t) or TOPICAL.search(x))
                       for t, x in zip(window["title"], window["text"])]]
    topical = load_quietly("mini-topical")
    assert topical.df["doc_id"].tolist() == expected["doc_id"].tolist()
    assert 0 < len(topical) < len(window)
    assert catalog.build_report("mini-topical").filtered_out == len(window) - len(topical)


# --- the cache -------------------------------------------------------------------------
def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _other_valid_parquet(path: Path) -> None:
    pd.read_parquet(path).iloc[1:].to_parquet(path)  # a readable file, but not the one stamped


@pytest.mark.parametrize("damage, reason", [
    (lambda f: _truncate(f / "corpus.parquet"),
     "corpus.parquet does not match the checksum in stamp.json (corrupt or half-written)"),
    (lambda f: _other_valid_parquet(f / "corpus.parquet"),
     "corpus.parquet does not match the checksum in stamp.json (corrupt or half-written)"),
    (lambda f: (f / "stamp.json").unlink(), "it has no stamp.json (an interrupted build?)"),
    (lambda f: (f / "stamp.json").write_text('{"name": "mi'), "its stamp.json is damaged"),
    (lambda f: (f / "corpus.parquet").unlink(), "corpus.parquet is missing"),
])
def test_damaged_cache_is_rebuilt_never_loaded(mini, damage, reason):
    built = load_quietly("mini")
    folder = catalog.data_dir() / "mini"
    damage(folder)
    with pytest.warns(FramingWarning, match=re.escape(f"{folder}: the cached corpus 'mini' is not used: "
                                                      f"{reason}; rebuilding it.")):
        again = fr.load_corpus("mini", progress=False)
    assert len(again) == len(built) and again.fingerprint == built.fingerprint
    assert catalog.cached_documents("mini") == len(built)


def test_changed_recipe_means_rebuild(mini, tmp_path):
    load_quietly("mini")
    path = tmp_path / "recipes" / "mini.json"
    recipe = json.loads(path.read_text())
    recipe["description"] = "changed"
    path.write_text(json.dumps(recipe))
    assert catalog.cached_documents("mini") is None
    with pytest.warns(FramingWarning, match="the recipe changed since it was built; rebuilding it"):
        fr.load_corpus("mini", progress=False)


def test_pinned_fingerprint_mismatch_warns(mini, tmp_path):
    path = tmp_path / "recipes" / "mini.json"
    path.write_text(json.dumps({**json.loads(path.read_text()), "fingerprint": "0" * 64}))
    with pytest.warns(FramingWarning, match=r"corpus 'mini': the build's fingerprint [0-9a-f]{64} differs "
                                            r"from the one pinned in mini\.json \(0{64}\); it is not the "
                                            r"corpus the recipe describes\."):
        fr.load_corpus("mini", progress=False)


# --- failures through load_corpus -------------------------------------------------------
def test_no_network_and_no_mirror(mini, monkeypatch):
    port = closed_port()
    monkeypatch.setenv("FRAMING_RAW_URL", f"http://127.0.0.1:{port}/{{repo}}/{{commit}}/{{path}}")
    with pytest.raises(CatalogError, match=rf"^cannot reach 127\.0\.0\.1:{port} to download .+ "
                                           r"\(ConnectionError\)\. Without network access, set "
                                           r"FRAMING_MIRROR=DIR"):
        fr.load_corpus("mini", retries=0, progress=False)


def test_mirror_from_environment_and_missing_file(mini, tmp_path, monkeypatch):
    mirror = copy_subset(demo_mirror(), tmp_path / "mirror", skip=frozenset({UN[0]}))
    monkeypatch.setenv("FRAMING_MIRROR", str(mirror))
    with pytest.raises(CatalogError,
                       match=rf"UKR_77_2022\.txt: missing from the mirror {re.escape(str(mirror))}"):
        fr.load_corpus("mini", progress=False)
    copy_subset(demo_mirror(), mirror)
    assert len(load_quietly("mini")) == 987 and mini.requests == []
    monkeypatch.setenv("FRAMING_MIRROR", str(tmp_path / "nowhere"))
    with pytest.raises(CatalogError, match=r"^FRAMING_MIRROR=.+nowhere: no such folder"):
        fr.load_corpus("mini", refresh=True)


def test_relative_mirror_is_taken_from_the_current_folder(mini, tmp_path, monkeypatch, capsys):
    copy_subset(demo_mirror(), tmp_path / "work" / "raw-files")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.setenv("FRAMING_MIRROR", "../work/raw-files")
    monkeypatch.chdir(tmp_path)  # from here, ../work/raw-files is a folder beside tmp_path: none
    with pytest.raises(CatalogError, match=(
            rf"^FRAMING_MIRROR=\.\./work/raw-files: no such folder \({re.escape(str(tmp_path.parent / 'work'))}"
            rf"/raw-files, taken from the current folder {re.escape(str(tmp_path))}\); point it at a folder")):
        fr.load_corpus("mini", progress=False)
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert main(["corpus", "fetch", "mini"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        f"mirror: {tmp_path / 'work' / 'raw-files'} (FRAMING_MIRROR ../work/raw-files, relative to the "
        "current folder); the network is not used")
    assert mini.requests == []


# --- command line ----------------------------------------------------------------------
def test_cli_list_fetch_info(mini, tmp_path, capsys):
    mirror = copy_subset(demo_mirror(), tmp_path / "mirror")
    assert main(["corpus", "list"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"mini\s+no\s+<NA>\s+<NA>\s+Russia-Ukraine crisis", out)
    assert f"data folder: {catalog.data_dir()}" in out
    assert main(["corpus", "fetch", "mini", "--mirror", str(mirror)]) == 0
    out = capsys.readouterr().out
    fingerprint = fr.load_corpus("mini").fingerprint
    assert out.splitlines()[:3] == [f"mirror: {mirror} (--mirror {mirror}); the network is not used",
                                    "mini: Corpus(987 documents, 3 outlets, 2021-09-21 to 2022-09-20)",
                                    f"fingerprint: {fingerprint} (the recipe pins none)"]
    assert mini.requests == []
    assert main(["corpus", "info", "mini"]) == 0
    out = capsys.readouterr().out
    for expected in ("documents per outlet", "sources, licences and citations:",
                     "- president.gov.ua: PeiYiZhuo/zelenskyy-putin@134450b, 1 file(s), 3.5 MB, format csv",
                     "doi:10.7910/DVN/0TJX8Y", "  - dropped pgu-72173", "opening day of the session",
                     "empty title of pgu-73721"):
        assert expected in out, expected
    assert re.search(r"president\.gov\.ua\s+979\s+\d+ 2021-10-25 2022-06-24", out)


def test_cli_info_accepts_files_and_rejects_unknown_names(tmp_path, capsys):
    path = tmp_path / "articles.csv"
    path.write_text("outlet,date,text\nkremlin.ru,2022-02-24,A special military operation.\n")
    assert main(["corpus", "info", str(path)]) == 0
    assert "Corpus(1 documents, 1 outlets, 2022-02-24 to 2022-02-24)" in capsys.readouterr().out
    assert main(["corpus", "info", "ukraine-2033"]) == 2
    assert capsys.readouterr().err == ("error: unknown corpus 'ukraine-2033'; known corpora: ukraine-2022, "
                                       "ukraine-2022-ru-uk, ukraine-2022-window. See `framing corpus list`.\n")
    assert main(["corpus", "fetch", "nope"]) == 2


def test_open_corpus_prefers_paths_then_names(mini, tmp_path, monkeypatch):
    assert len(open_corpus("mini")) == 987
    monkeypatch.chdir(tmp_path)
    Path("mini").mkdir()
    Path("mini/a.txt").write_text("A local folder named like a corpus.")
    assert open_corpus("mini", constants={"outlet": "x", "date": "2022-01-01"}).df["doc_id"].tolist() == ["a"]
    with pytest.raises(CatalogError, match="unknown corpus 'nothing-here'"):
        open_corpus("nothing-here")
    with pytest.raises(fr.CorpusError, match="no such file"):
        open_corpus("missing/file.csv")


# --- the full build of the demo corpora from the mirror ---------------------------------
README_TABLE = {  # the reference build's README, "Expected size of the reference build"
    "kremlin.ru": (816, 222, (17, 8, 1, 88)), "president.gov.ua": (979, 978, (266, 221, 4, 2)),
    "whitehouse.gov": (1921, 623, (220, 231, 8, 0)), "UN General Debate": (579, 295, (117, 65, 6, 3)),
}
PINNED = {"ukraine-2022-window": "bc66aebe6577ebec98310879f48223536e792f8a414bb53f0e4254096ed83998",
          "ukraine-2022": "5af5117c29cbf0e2c39e426f82413f064ca3f994d6ef1233dc53941bf0b8053f"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """Both demo corpora, built into a fresh data folder from the raw files of the demo fetch."""
    mirror = str(demo_mirror())
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FRAMING_DATA", str(tmp_path_factory.mktemp("demo")))
        patch.setenv("FRAMING_MIRROR", mirror)
        patch.delenv("FRAMING_RAW_URL", raising=False)
        patch.delenv("FRAMING_RECIPES", raising=False)
        built = {name: load_quietly(name) for name in ("ukraine-2022-window", "ukraine-2022")}
        cached = {name: fr.load_corpus(name) for name in built}
    return built, cached


def test_demo_counts_agree_with_the_reference_table(demo):
    built, _ = demo
    for column, name in enumerate(("ukraine-2022-window", "ukraine-2022")):
        counts = built[name].df["outlet"].value_counts()
        for outlet, row in README_TABLE.items():
            assert abs(counts[outlet] - row[column]) <= 0.01 * row[column], (name, outlet)
        assert dict(catalog.get_recipe(name).reference) == {o: r[column] for o, r in README_TABLE.items()}
    assert built["ukraine-2022-window"].df["outlet"].value_counts().to_dict() == {
        "whitehouse.gov": 1923, "president.gov.ua": 979, "kremlin.ru": 816, "UN General Debate": 579}


def test_demo_fingerprints_are_pinned_and_survive_the_cache(demo):
    built, cached = demo
    for name, fingerprint in PINNED.items():
        assert built[name].fingerprint == fingerprint == catalog.get_recipe(name).fingerprint
        assert cached[name].fingerprint == fingerprint


def test_demo_term_counts_match_the_reference_table(demo):
    """Mentions per outlet of the README's four terms: they depend on clean, re-joined text."""
    df = demo[0]["ukraine-2022"].df
    docs = [f"{title}\n{text}".lower() for title, text in zip(df["title"], df["text"])]
    terms = [re.compile(rf"\b{t}\b") for t in ("aggression", "invasion", "spheres? of influence",
                                               "special military operation")]
    for outlet, (_, _, expected) in README_TABLE.items():
        mine = [doc for doc, o in zip(docs, df["outlet"]) if o == outlet]
        assert tuple(sum(bool(t.search(doc)) for doc in mine) for t in terms) == expected, outlet


@pytest.mark.reference
def test_demo_agrees_with_the_reference_build(demo):
    from conftest import reference_path

    window = demo[0]["ukraine-2022-window"].df.set_index("doc_id")
    with gzip.open(reference_path("ukraine-2022-window.jsonl.gz"), "rt", encoding="utf-8") as handle:
        ref = pd.DataFrame([json.loads(line) for line in handle]).set_index("id")
    shared = window.index.intersection(ref.index)
    assert len(shared) >= 0.99 * len(ref)
    assert (window.loc[shared, "date"].dt.strftime("%Y-%m-%d") == ref.loc[shared, "date"]).all()
    other_url = shared[window.loc[shared, "url"] != ref.loc[shared, "url"]]
    assert other_url.tolist() == ["wh-2022-04-11-press-briefing-by-press-secretary-jen-psaki-april-11-2022"]
    words = re.compile(r"\w+")  # the reference keeps zero-width spaces, bullets and '###' lines
    sample = shared.drop(other_url).to_series().sample(800, random_state=1)
    same = [words.findall(window.at[i, "text"]) == words.findall(ref.at[i, "text"]) for i in sample]
    assert sum(same) >= 0.99 * len(sample)
    from framing.corpus.text import detect_script

    assert set(detect_script(window["text"])) == {"Latn"} == set(window["script"])


# --- a hand-made recipe: every rule on data whose answer is known ------------------------
def _raw(mirror: Path, repo: str, path: str, data: bytes) -> dict:
    target = mirror / "github" / repo / ("0" * 40) / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def test_hand_made_recipe_windows_duplicates_and_titles(tmp_path, monkeypatch):
    mirror = tmp_path / "mirror"
    news = ("link,headline,date,body\n"
            "http://a.example/news/1,One,2022-01-01T10:00:00Z,Joint statement text.\n"
            "http://a.example/news/1,One again,2022-01-02T10:00:00Z,Another text.\n"       # same URL
            "http://a.example/news/2,,2022-01-03T23:30:00Z,\"Untitled.  Body\nline.\"\n"  # empty title
            "http://a.example/news/3,Late,2022-02-01T10:00:00Z,Outside the window.\n"
            "http://a.example/news/4,Four,2022-01-04T10:00:00Z,\"Joint   statement\ntext.\"\n")  # same words
    speech = "Joint statement text.\n"
    recipe = {"name": "hand", "title": "Hand-made", "sources": [
        {"outlet": "a.example", "language": "en", "country": "AAA", "format": "csv", "repo": "o/news",
         "commit": "0" * 40, "window": ["2022-01-01", "2022-01-31"], "id": "a-{number}",
         "columns": {"url": "link", "title": "headline", "date": "date", "text": ["body"]},
         "license": "CC0", "files": [_raw(mirror, "o/news", "news.csv", news.encode())]},
        {"outlet": "UN", "language": "en", "format": "text", "repo": "o/un", "commit": "0" * 40,
         "id": "un-{iso3}", "title": "{iso3}", "url": "https://doi.org/x", "dedupe": ["text"],
         "meta_columns": {"country": "iso3"}, "license": "CC0",
         "files": [{**_raw(mirror, "o/un", f"{c}.txt", (speech if c == "BBB" else f"{c} speaks.").encode()),
                    "meta": {"iso3": c, "date": "2021-09-21"}} for c in ("BBB", "CCC")]}]}
    (tmp_path / "recipes").mkdir()
    (tmp_path / "recipes" / "hand.json").write_text(json.dumps(recipe))
    monkeypatch.setenv("FRAMING_RECIPES", str(tmp_path / "recipes"))
    df = load_quietly("hand", mirror=mirror).df
    assert df[["doc_id", "title", "text", "country"]].values.tolist() == [
        ["un-BBB", "BBB", "Joint statement text.", "BBB"],  # the same text in another outlet is kept
        ["un-CCC", "CCC", "CCC speaks.", "CCC"],             # one fixed URL for all: no URL rule here
        ["a-1", "One", "Joint statement text.", "AAA"],
        ["a-2", "Untitled.", "Untitled. Body\nline.", "AAA"]]
    report = catalog.build_report("hand")
    assert [(d["reason"], d["dropped"], d["kept"], d["dropped_file"]) for d in report.duplicates] == [
        ("same URL", "a-1", "a-1", "news.csv#row 2"), ("same text", "a-4", "a-1", "news.csv#row 5")]
    assert report.outside_window == {"a.example": 1, "UN": 0}
    assert report.documents_read == {"a.example": 5, "UN": 2}
    assert report.titles_filled == (("a-2", "Untitled."),)
    assert "a.example: dropped 1 document(s) dated outside the window" in report.lines()
