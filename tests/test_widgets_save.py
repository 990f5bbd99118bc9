"""From a view to a paper figure: state-named files that never overwrite, "Copy code" run for real,
"Add to figures config" built by the figure pipeline, downloads, and the status line.

The corpus is messy on purpose: four outlets writing English, Russian, Ukrainian and Serbian
(Cyrillic and Latin), with HTML and Markdown debris, a 70-letter junk token and timestamps
in the dates. It is written to a CSV file whose name holds a quote and a space, and read back
with ``fr.read``, so the state names a real file, as a researcher's would.

Each view's ``state()`` is checked against a state built here by hand from the schema of
:mod:`framing.widgets.recipe`; the other tests then use the views' own.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import html
import io
import os
import pickle
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import framing as fr
from framing._infra import toml
from framing.figures import build, load_config, resolve
from framing.figures.config import NAME
from framing.terms.distinctive import most_distinctive
from framing.widgets import KeynessExplorer, KeynessOptions, TermExplorer, TermOptions, TopicExplorer, TopicOptions
from framing.widgets import save as save_module
from framing.widgets.base import View
from framing.widgets.code import code_for
from framing.widgets.recipe import (
    MAX_STEM,
    add_to_config,
    ascii_name,
    corpus_spec,
    figure_entries,
    file_stem,
    model_state,
    pattern_texts,
    selection_state,
)
from framing.widgets.save import SavePanel, download_links, write_new

SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
PHRASES = {
    ("kremlin.ru", "en"): ["the special military operation continues", "nato expansion threatens security"],
    ("kremlin.ru", "ru"): ["вторжение не планировалось", "специальная военная операция продолжается"],
    ("president.gov.ua", "en"): ["the russian invasion must stop", "this aggression against ukraine"],
    ("president.gov.ua", "uk"): ["російське вторгнення триває", "агресія проти україни"],
    ("rts.rs", "sr"): ["агресија на украјину", "invazija na ukrajinu", "nato agresija 1999"],
    ("whitehouse.gov", "en"): ["an unprovoked invasion of ukraine", "allies condemn the aggression"],
}
FILLER = {"en": "we said today people government support partners meeting talks statement peace energy".split(),
          "ru": "мы сказали сегодня люди правительство поддержка партнёры встреча переговоры мир".split(),
          "uk": "ми сказали сьогодні люди уряд підтримка партнери зустріч переговори мир".split(),
          "sr": "rekli smo danas ljudi vlada podrška partneri sastanak pregovori mir".split()}
DEBRIS = ["<p>", "</div>", "**Read more**", "[link](https://example.org/a?b=1)", "&nbsp;", "x" * 70, "🇺🇦"]
PATTERNS = "invasion|invade*, aggression, вторжени*"


def messy_frame(per_language: int = 6, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for (outlet, language), phrases in PHRASES.items():
        for i in range(per_language):
            sentences = [" ".join(rng.choice(FILLER[language], size=7)) + "." for _ in range(3)]
            for phrase in rng.choice(phrases, size=3):
                sentences.insert(int(rng.integers(0, len(sentences) + 1)), phrase.capitalize() + ".")
            sentences.insert(1, str(rng.choice(DEBRIS)))
            stamp = pd.Timestamp("2022-01-04 09:30") + pd.Timedelta(days=19 * i + len(outlet), hours=i)
            rows.append({"doc_id": f"{outlet}-{language}-{i}", "outlet": outlet, "language": language,
                         "date": stamp.isoformat(), "title": f"{outlet} {i}", "text": " ".join(sentences)})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("data") / "o'brien docs.csv"
    messy_frame().to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def corpus(corpus_file) -> fr.Corpus:
    return fr.read(corpus_file)


# --- the state each view should give, built here from the schema of framing.widgets.recipe -----

def expected_terms_state(view: TermExplorer) -> dict[str, Any]:
    concept = view.concept.value or None
    return {"corpus": corpus_spec(view.corpus), "fingerprint": view.corpus.fingerprint,
            "patterns": None if concept else pattern_texts(view.compiled()),
            "dictionary": "ukraine" if concept else None, "concept": concept,
            **selection_state(view.selection), "unit": view.unit.value, "period": view.period.value,
            "term": view.term.value, "options": dataclasses.asdict(view.options),
            # the concordance of "Context of" in the selection, no document opened
            "lines": {"pattern": pattern_texts([p for p in view.compiled() if p.name == view.term.value]),
                      "outlets": list(view.selection.outlets.value), "start": "2022-01-01", "end": "2022-04-30",
                      "doc_ids": None, "near": None, "sort": "document", "window": view.options.window},
            "document": None}


def expected_keyness_state(view: KeynessExplorer) -> dict[str, Any]:
    dates = selection_state(view.selection)
    return {"corpus": corpus_spec(view.corpus), "fingerprint": view.corpus.fingerprint,
            "target": view.target.value, "reference": view.reference.value, "measure": view.measure.value,
            "n": view.n.value, "min_freq": view.min_freq.value, "start": dates["start"], "end": dates["end"],
            "sort": None if view.sort.value == "measure" else view.sort.value, "term": view.term.value,
            "options": dataclasses.asdict(view.options), "variants": False, "variant_pairs": "", "leave_out": "",
            "lines": {"pattern": {view.term.value: view.term.value}, "outlets": [view.target.value, view.reference.value],
                      "start": "2022-01-10", "end": dates["end"], "doc_ids": None, "near": None, "sort": "document",
                      "window": view.options.window},
            "document": None}


def expected_topics_state(view: TopicExplorer) -> dict[str, Any]:
    return {"corpus": corpus_spec(view.corpus), "fingerprint": view.model.dtm.fingerprint, "model": model_state(view.model),
            "topic": view.topic.value, "label": view.topic.label, "relevance": view.relevance.value,
            "period": view.period.value, "options": dataclasses.asdict(view.options), "lines": None, "document": None}


@pytest.fixture
def terms(corpus) -> TermExplorer:
    view = TermExplorer(corpus, patterns=PATTERNS, options=TermOptions(n_boot=40, lines=3))
    view.selection.outlets.value = ("kremlin.ru", "president.gov.ua", "whitehouse.gov")
    view.selection.start.value = dt.date(2022, 1, 1)
    view.selection.end.value = dt.date(2022, 4, 30)
    assert view.errors == {}
    return view


@pytest.fixture
def keyness(corpus) -> KeynessExplorer:
    view = KeynessExplorer(corpus, target="kremlin.ru", options=KeynessOptions(min_freq=2, n=6, lines=2))
    view.reference.value = "president.gov.ua"
    view.selection.start.value = dt.date(2022, 1, 10)
    assert view.errors == {}
    return view


@pytest.fixture(scope="module")
def model(corpus) -> fr.TopicModel:
    dtm = fr.document_term_matrix(corpus, stopwords="auto", min_df=2)
    return fr.fit_topics(dtm, 3, seed=1, options=fr.LdaOptions(passes=5), progress=False)


@pytest.fixture
def topics(model, corpus) -> TopicExplorer:
    view = TopicExplorer(model, corpus=corpus, options=TopicOptions(n_boot=40, n_docs=4))
    view.topic.value = 1
    return view


def test_each_view_gives_the_state_of_its_schema(terms, keyness, topics):
    assert terms.state() == expected_terms_state(terms)
    assert keyness.state() == expected_keyness_state(keyness)
    assert topics.state() == expected_topics_state(topics)


# --- file names --------------------------------------------------------------------------------

def test_file_names_follow_the_state():
    state = {"patterns": {"invasion": "invasion|invade*"}, "outlets": ["kremlin.ru"],
             "start": "2022-01-01", "end": "2022-04-30", "unit": "per_10k", "period": "M", "term": "invasion"}
    assert file_stem("terms", "rates", state) == "rates_invasion_kremlin.ru_2022-01..2022-04"
    assert file_stem("terms", "over_time", state) == "over_time_invasion_kremlin.ru_2022-01..2022-04_per-month"
    days = {**state, "start": "2022-01-03", "end": "2022-04-11", "outlets": None, "unit": "doc_share"}
    assert file_stem("terms", "rates", days) == "rates_invasion_2022-01-03..2022-04-11_doc-share"
    many = {**state, "outlets": ["a", "b", "c", "d"], "start": None, "end": None}
    assert file_stem("terms", "kwic", many) == "kwic_invasion_4-outlets"
    assert file_stem("keyness", "kwic", {"target": "kremlin.ru", "reference": "rest", "term": "nato",
                                         "start": "2022-02-01", "end": None}) == "kwic_nato_kremlin.ru-vs-rest_from-2022-02"
    topic = {"topic": 2, "relevance": 0.6, "period": "W", "model": {"k": 10}}
    assert [file_stem("topics", key, topic) for key in ("terms", "over_time", "documents")] == [
        "terms_topic2-of-10_lambda0.6", "over_time_topic2-of-10_per-week", "documents_topic2-of-10"]
    assert file_stem("meaning", "neighbours", {"term": "city"}) == "meaning-neighbours"


@pytest.mark.parametrize(("name", "expected"), [
    ("вторжени*", "vtorzheni"),                     # Russian
    ("вторгнення", "vtorgnennya"),                  # no letter only Ukrainian has: Russian rules
    ("агресія", "ahresija"),                        # і, ї, є, ґ pick the Ukrainian rules
    ("Ђурђевдан", "Djurdjevdan"),                    # Serbian Cyrillic
    ("agresija š đ", "agresija-s-dj"),               # Serbian Latin
    ("../../etc/passwd", "etc-passwd"),
    ("a/b\\c\x00d", "a-b-c-d"),
    ("...", None),                                  # nothing left: x and a hash (checked below)
    ("戦争", None),
])
def test_hostile_names_become_safe_parts(name, expected):
    part = ascii_name(name)
    assert SAFE.fullmatch(part)
    if expected is not None:
        assert part == expected
    else:
        import hashlib

        assert part == "x" + hashlib.sha256(name.encode()).hexdigest()[:8]


def test_long_names_are_cut_and_stay_distinct():
    long = {"patterns": {f"pattern{i}" * 3: "x" for i in range(40)}, "outlets": ["kremlin.ru"]}
    other = {**long, "outlets": ["president.gov.ua"]}
    stems = file_stem("terms", "rates", long), file_stem("terms", "rates", other)
    assert all(len(s) <= MAX_STEM and SAFE.fullmatch(s) for s in stems)
    assert stems[0] != stems[1] and stems[0][:100] == stems[1][:100]
    assert file_stem("terms", "rates", long) == stems[0]          # deterministic


@settings(max_examples=60, deadline=None)
@given(names=st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=4),
       outlets=st.lists(st.text(max_size=30), max_size=3), term=st.text(max_size=300))
def test_any_state_gives_a_safe_name_that_a_config_accepts(names, outlets, term):
    state = {"patterns": {n: "x" for n in names}, "outlets": outlets or None, "term": term, "start": "2022-13-45"}
    for view, key in (("terms", "rates"), ("terms", "over_time"), ("keyness", "kwic")):
        stem = file_stem(view, key, {**state, "target": term, "reference": term})
        assert SAFE.fullmatch(stem) and NAME.fullmatch(stem) and len(stem) <= MAX_STEM
        assert "/" not in stem and not stem.startswith(".")


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(st.text(max_size=12), st.one_of(
    st.text(), st.integers(), st.booleans(), st.floats(allow_nan=False, allow_infinity=False),
    st.lists(st.text(), max_size=3), st.dictionaries(st.text(max_size=8), st.text(), max_size=3)), max_size=5))
def test_toml_tables_read_back_as_the_same_data(fields):
    text = toml.table(("figures", "a.b"), fields)
    assert tomllib.loads(text) == {"figures": {"a.b": fields}}


def test_toml_refuses_what_it_cannot_write():
    with pytest.raises(fr.ArgumentError, match=r"nan cannot be written to a figure config: give a finite number"):
        toml.value(float("nan"))
    with pytest.raises(fr.ArgumentError, match=r"use text, numbers, true/false, lists or tables"):
        toml.value([None])


# --- saving without overwriting ------------------------------------------------------------------

class Line(View):
    """A view without a recipe: one figure and one table; slope 0 is an error."""

    name = "line"

    def __init__(self) -> None:
        import ipywidgets as widgets

        super().__init__()
        self.slope = widgets.IntText(value=1)
        self.bind(self.line, self.slope)
        self.arrange(self.slope, figures=["line"], tables=["points"])
        self.refresh()

    def line(self) -> None:
        if self.slope.value == 0:
            raise fr.PatternError("slope 0 matches nothing")
        x = np.arange(4)
        self.draw("line", lambda ax: ax.plot(x, self.slope.value * x))
        self.show_table("points", pd.DataFrame({"x": x, "y": self.slope.value * x}))


def test_a_changed_figure_gets_a_new_name_and_the_old_file_stays(tmp_path):
    view = Line()
    view.save.folder.value = str(tmp_path)
    view.save.figure_button.click()
    first = (tmp_path / "line-line.png").read_bytes()
    view.save.figure_button.click()
    assert view.save.status.value == f"unchanged, already saved: {tmp_path / 'line-line.png'}"
    view.slope.value = 3
    view.save.figure_button.click()
    assert (tmp_path / "line-line.png").read_bytes() == first
    assert (tmp_path / "line-line-2.png").read_bytes() != first
    assert view.save.status.value == f"saved {tmp_path / 'line-line-2.png'} (line-line.png exists: not overwritten)"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["line-line-2.png", "line-line.png"]


def test_files_of_the_user_are_never_replaced(tmp_path):
    (tmp_path / "rates.csv").write_bytes(b"the user's own table")
    (tmp_path / "rates-2.csv").mkdir()
    saved = write_new(tmp_path, "rates", "csv", b"x,y\n")
    assert (saved.name, saved.written, saved.taken) == ("rates-3.csv", True, "rates.csv")
    assert (tmp_path / "rates.csv").read_bytes() == b"the user's own table"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_a_folder_that_is_a_file_or_full_is_an_error_in_the_status(tmp_path, monkeypatch):
    view = Line()
    (tmp_path / "blocker").write_text("a file, not a folder")
    view.save.folder.value = str(tmp_path / "blocker")
    view.save.table_button.click()
    assert 'class="framing-error"' in view.save.status.value and "blocker" in view.save.status.value
    monkeypatch.setattr(save_module, "MAX_VERSIONS", 2)
    for n, text in enumerate(["a", "b"]):
        (tmp_path / ("line-points.csv" if n == 0 else "line-points-2.csv")).write_text(text)
    view.save.folder.value = str(tmp_path)
    view.save.table_button.click()
    assert f"{tmp_path} holds 2 versions of line-points.csv already: save into another folder" in view.save.status.value


def test_a_file_that_appears_while_writing_is_not_replaced(tmp_path, monkeypatch):
    target = tmp_path / "rates.csv"
    real_link = os.link

    def late(src, dst):  # another program creates the file just before the link
        Path(dst).write_bytes(b"theirs")
        return real_link(src, dst)

    monkeypatch.setattr(save_module.os, "link", late)
    assert not save_module._create(target, b"ours")
    assert target.read_bytes() == b"theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["rates.csv"]


def test_without_hard_links_the_file_is_still_written_once(tmp_path, monkeypatch):
    def unsupported(src, dst):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(save_module.os, "link", unsupported)
    assert save_module._create(tmp_path / "a.csv", b"1")
    assert not save_module._create(tmp_path / "a.csv", b"2")
    assert (tmp_path / "a.csv").read_bytes() == b"1"
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]


def test_the_views_save_state_named_files(terms, tmp_path):
    terms.save.folder.value = str(tmp_path)
    terms.save.format.value = "pdf"
    terms.save.figure_button.click()
    terms.save.table_button.click()
    where = "kremlin.ru-president.gov.ua-whitehouse.gov_2022-01..2022-04"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([
        f"rates_invasion-invade-aggression-vtorzheni_{where}.pdf", f"rates_invasion-invade-aggression-vtorzheni_{where}.csv",
        f"over_time_invasion-invade_{where}_per-month.pdf", f"over_time_invasion-invade_{where}_per-month.csv",
        f"kwic_invasion-invade_{where}.csv", f"collocates_invasion-invade_{where}.csv"])
    assert pd.read_csv(tmp_path / f"rates_invasion-invade-aggression-vtorzheni_{where}.csv")["pattern"].tolist() == \
        terms.tables["rates"]["pattern"].tolist()


# --- status line --------------------------------------------------------------------------------

def test_an_error_in_the_status_goes_when_the_next_action_succeeds(tmp_path):
    view = Line()
    view.save.folder.value = str(tmp_path)
    view.slope.value = 0
    view.save.table_button.click()
    assert "&#9888; no table to save: fix the message above first" in view.save.status.value
    view.slope.value = 2
    view.save.table_button.click()
    assert view.save.status.value == f"saved {tmp_path / 'line-points.csv'}"
    view.slope.value = 0
    view.save.figure_button.click()
    assert 'class="framing-error"' in view.save.status.value
    view.slope.value = 1
    view.save.outputs_changed()
    assert view.save.status.value == ""


def test_a_view_without_a_recipe_has_no_code_or_config_buttons():
    view = Line()
    assert not view.save.has_recipe
    assert all(view.save.clipboard not in getattr(row, "children", ()) for row in view.save.widget.children)
    with pytest.raises(fr.FramingError, match=r"the line view has no code to copy: only the terms, keyness and topics "
                                              r"views have one"):
        view.save.copy_code()
    assert view.save.clipboard.copy() is None
    assert "the line view has no code to copy" in view.save.status.value


# --- downloads ----------------------------------------------------------------------------------

LINK = re.compile(r'<a class="framing-download" download="([^"]*)" href="data:([^;]*);base64,([^"]*)">')


def links(panel: SavePanel) -> dict[str, tuple[str, bytes]]:
    return {html.unescape(name): (mime, base64.b64decode(data)) for name, mime, data in LINK.findall(panel.downloads.value)}


def test_saved_files_are_offered_as_downloads_with_their_bytes(terms, tmp_path):
    terms.save.folder.value = str(tmp_path)
    terms.save.format.value = "svg"
    terms.save.figure_button.click()
    offered = links(terms.save)
    assert sorted(offered) == sorted(p.name for p in tmp_path.iterdir())
    for name, (mime, data) in offered.items():
        assert mime == "image/svg+xml" and data == (tmp_path / name).read_bytes()
    assert terms.save.downloads._dom_classes == ("framing-download",)


def test_in_voila_the_panel_offers_downloads_and_writes_nothing(corpus, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VOILA_KERNEL_ID", "k")
    view = KeynessExplorer(corpus, target="kremlin.ru", options=KeynessOptions(min_freq=2, n=6))
    panel = view.save
    assert panel.downloads_only and panel.folder not in panel.widget.children[0].children
    assert panel.figure_button.description == "Download figure"
    panel.table_button.click()
    assert list(tmp_path.iterdir()) == []
    stem = file_stem("keyness", "keyness", panel.state())
    assert panel.status.value.startswith("ready to download: ") and f"{stem}.csv" in panel.status.value
    mime, data = links(panel)[f"{stem}.csv"]
    assert mime == "text/csv" and pd.read_csv(io.BytesIO(data))["term"].tolist() == \
        view.tables["keyness"]["term"].tolist()
    panel.config_button.click()
    assert list(tmp_path.iterdir()) == []
    mime, config = links(panel)["figures.toml"]
    assert mime == "application/toml" and list(tomllib.loads(config.decode())["figures"]) == [stem]
    assert "added [figures." in panel.status.value and "download it below" in panel.status.value


def test_downloads_too_large_for_the_page_say_so(monkeypatch):
    monkeypatch.setattr(save_module, "MAX_DOWNLOAD", 10)
    message = download_links([save_module.Saved("a.png", b"x" * 6), save_module.Saved("b.png", b"y" * 6)])
    assert "<a" not in message and "is too much to offer as downloads here" in message


# --- Copy code, run for real ---------------------------------------------------------------------

def run_code(code: str, folder: Path, names: list[str]) -> dict[str, pd.DataFrame]:
    """Run ``code`` in a new Python process in ``folder``; the tables it leaves in ``names``."""
    script = folder / "reproduce.py"
    script.write_text(code + f"\nimport pickle\npickle.dump({{n: globals()[n] for n in {names!r}}}, "
                             "open('tables.pkl', 'wb'))\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=folder, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with open(folder / "tables.pkl", "rb") as f:
        return pickle.load(f)


def run_here(code: str, folder: Path, monkeypatch) -> dict[str, Any]:
    monkeypatch.chdir(folder)
    namespace: dict[str, Any] = {}
    exec(compile(code, "copied.py", "exec"), namespace)  # noqa: S102  (the code the panel gives)
    return namespace


def panel_reproduced(view: View, folder: Path, monkeypatch) -> dict[str, Any]:
    """Run the view's code; check that it gives the lines of its concordance panel, in their order, and the
    document opened with the spans it marks. Returns the code's variables."""
    panel = view.context
    namespace = run_here(view.save.copy_code(), folder, monkeypatch)
    pd.testing.assert_frame_equal(namespace["kwic"], panel.lines)
    if "kwic" in view.tables:  # the table "Save table" writes: the same lines (in the order of the last drill-down)
        order = ["doc_id", "start", "pattern"]
        pd.testing.assert_frame_equal(namespace["kwic"].sort_values(order, ignore_index=True),
                                      view.tables["kwic"].sort_values(order, ignore_index=True))
    if panel.document.doc_id is not None:
        assert namespace["document"]["doc_id"].tolist() == [panel.document.doc_id]
        assert namespace["marked"] == panel.document.spans and panel.document.spans
    return namespace


def picked_by(table) -> list[pd.Series]:
    """The rows a pick table hands to its callbacks (what a click picked), as a view gets them."""
    rows: list[pd.Series] = []
    table.on_pick(rows.append)
    return rows


def test_terms_code_computes_the_views_tables_in_a_new_process(terms, tmp_path):
    terms.term.value = "вторжени*"
    code = terms.save.copy_code()
    tables = run_code(code, tmp_path, ["rates", "over_time", "kwic", "collocates"])
    for key in ("rates", "over_time", "collocates", "kwic"):
        pd.testing.assert_frame_equal(tables[key], terms.tables[key])
    assert set(tables["kwic"]["outlet"]) == {"kremlin.ru"}                # only there in Russian
    state = terms.save.state()
    assert (tmp_path / f"{file_stem('terms', 'rates', state)}.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / f"{file_stem('terms', 'over_time', state)}.pdf").is_file()


def test_the_copy_button_shows_the_code_and_asks_the_page_to_copy_it(terms):
    clipboard = terms.save.clipboard
    assert terms.save.has_recipe and clipboard in terms.save.widget.children
    clipboard._message(clipboard, {"event": "copy"}, [])
    assert clipboard.text == terms.save.copy_code() and clipboard.requests == 1
    assert "code of the view below" in terms.save.status.value
    assert "navigator.clipboard.writeText" in clipboard._esm and "area.readOnly = true" in clipboard._esm
    assert 'className = "framing-code"' in clipboard._esm


def test_keyness_code_computes_the_views_tables(keyness, tmp_path, monkeypatch):
    keyness.sort.value = "q"
    keyness.measure.value = "g2"
    keyness.term.value = keyness.term.options[0]
    namespace = run_here(keyness.save.copy_code(), tmp_path, monkeypatch)
    pd.testing.assert_frame_equal(namespace["keyness"], keyness.tables["keyness"])
    pd.testing.assert_frame_equal(namespace["kwic"], keyness.tables["kwic"])
    assert set(namespace["kwic"]["outlet"]) <= {"kremlin.ru", "president.gov.ua"}
    assert (tmp_path / f"{file_stem('keyness', 'keyness', keyness.save.state())}.pdf").is_file()


def test_topics_code_refits_the_model_and_gives_the_views_tables(topics, tmp_path, monkeypatch):
    topics.relevance.value = 0.3
    topics.period.value = "W"
    namespace = run_here(topics.save.copy_code(), tmp_path, monkeypatch)
    for key in ("terms", "prevalence", "over_time", "documents"):
        pd.testing.assert_frame_equal(namespace[key], topics.tables[key])
    assert namespace["label"] == topics.topic.label


def test_terms_code_gives_the_lines_of_every_drill_down_and_the_document_opened(terms, corpus, tmp_path, monkeypatch):
    from test_charts import click

    rows = picked_by(terms.picks["rates"])
    terms.picks["rates"].pick(int(terms.tables["rates"]["count"].to_numpy().argmax()))  # "lines": its pattern there
    row, kwic = rows[0], terms.tables["kwic"]
    alone = fr.kwic(corpus.filter(outlets=[row["outlet"]], start="2022-01-01", end="2022-04-30"), [row["pattern"]])
    assert len(kwic) == len(alone) > 0 and set(kwic["outlet"]) == {row["outlet"]}
    terms.context.sort.value = "1R"
    terms.context.open(len(kwic) - 1)
    panel_reproduced(terms, tmp_path, monkeypatch)

    collocates = picked_by(terms.picks["collocates"])
    terms.picks["collocates"].pick(0)                            # the lines of a collocate: each once, near it
    near, kwic = collocates[0], terms.tables["kwic"]
    assert 0 < len(kwic) <= near["freq"] and set(kwic["outlet"]) == {near["outlet"]}
    assert all(near["collocate"] in f"{left} {right}".lower() for left, right in zip(kwic["left"], kwic["right"]))
    assert terms.save.state()["lines"]["near"] == near["collocate"]
    terms.context.sort.value = "2L"
    terms.context.open(0)
    namespace = panel_reproduced(terms, tmp_path, monkeypatch)
    assert "lines_near(found, " in terms.save.copy_code() and len(namespace["kwic"]) == len(kwic)

    terms.term.value = "invasion|invade*"                         # a point of the time plot: that month there
    click(terms.charts["over_time"], {"outlet": "president.gov.ua", "period": "2022-02-01"})
    february = terms.save.state()["lines"]
    assert (february["outlets"], february["start"], february["end"]) == (["president.gov.ua"], "2022-02-01",
                                                                         "2022-02-28")
    namespace = panel_reproduced(terms, tmp_path, monkeypatch)
    assert set(namespace["kwic"]["date"].dt.month) == {2} and terms.errors == {}


VARIANT_ROWS = '# it\'s "x" \\ """ \'\'\' ; a comment with every quote\n\nпереговори, переговоры\r\n'
LEAVE_OUT = 'сказали, мы\n# "said" \\ """\nsaid'


def counts(table: pd.DataFrame, term: str) -> tuple[int, int]:
    row = table[table["term"] == term]
    return (int(row["count_a"].sum()), int(row["count_b"].sum()))


def test_keyness_code_merges_the_variants_leaves_out_the_list_and_gives_the_lines(keyness, tmp_path, monkeypatch):
    from test_charts import click

    from framing.terms.variants import load_variants, parse_variants

    plain = keyness.result()
    keyness.variants.value = True
    keyness.variant_rows.value = VARIANT_ROWS                    # Ukrainian "переговори" counted as Russian
    keyness.leave_out.value = LEAVE_OUT
    table = keyness.tables["keyness"]
    assert keyness.errors == {} and not {"сказали", "мы", "said", "переговори"} & set(table["term"])
    both = np.add(counts(plain, "переговоры"), counts(plain, "переговори"))
    assert counts(table, "переговоры") == tuple(both) and both.all()
    click(keyness.charts["keyness"], {"term": "переговоры"})     # a bar: the lines of both spellings
    assert set(keyness.tables["kwic"]["term"]) == {"переговоры", "переговори"}
    keyness.context.sort.value = "match"
    keyness.context.open(len(keyness.tables["kwic"]) - 1)
    state = keyness.save.state()
    assert (state["variants"], state["variant_pairs"], state["leave_out"]) == (True, VARIANT_ROWS, LEAVE_OUT)
    namespace = panel_reproduced(keyness, tmp_path, monkeypatch)
    pd.testing.assert_frame_equal(namespace["keyness"], table)
    pd.testing.assert_frame_equal(namespace["variants"], load_variants(extra=parse_variants(VARIANT_ROWS)))
    keyness.variants.value = False                               # the pairs stay in the box but are not merged
    assert "merge_variants" not in keyness.save.copy_code()
    pd.testing.assert_frame_equal(run_here(keyness.save.copy_code(), tmp_path, monkeypatch)["keyness"],
                                  keyness.tables["keyness"])


def test_topics_code_gives_the_lines_of_a_topic_term_and_the_document_opened(topics, model, tmp_path, monkeypatch):
    terms, documents = picked_by(topics.picks["terms"]), picked_by(topics.picks["documents"])
    topics.picks["terms"].pick(0)
    topics.context.sort.value = "1R"
    topics.picks["documents"].pick(0)
    mostly = set(model.dtm.docs["doc_id"][model.doc_topic_.argmax(axis=1) == 1])
    lines = topics.context.lines
    assert len(lines) and set(lines["doc_id"]) <= mostly and set(lines["term"]) == {terms[0]["term"]}
    assert topics.context.document.doc_id == documents[0]["doc_id"]
    namespace = panel_reproduced(topics, tmp_path, monkeypatch)
    text = namespace["document"]["text"].iat[0]
    top = set(topics.tables["terms"]["term"])
    assert {text[a:b].lower() for a, b in namespace["marked"]} <= top


@pytest.mark.parametrize("name", ['it\'s "x" \\ """ \'\'\'\n\r\t вторжение', "Ђурђевдан\\n"])
def test_hostile_lines_in_a_state_are_reproduced_exactly(keyness, corpus, name, tmp_path, monkeypatch):
    from framing.dtm.patterns import compile_patterns
    from framing.widgets.context import ContextPanel

    pattern = compile_patterns({name: "вторжени*"})[0]
    panel = ContextPanel(corpus, window=8)
    panel.show(pattern, outlets=["kremlin.ru"], near="Не")       # "вторжение не планировалось"
    panel.sort.value = "2R"
    panel.open(0)
    state = panel.state()
    assert state["lines"]["pattern"] == {name: "вторжени*"} and state["lines"]["near"] == "не"
    assert state["document"] == {"doc_id": panel.lines["doc_id"].iat[0], "pattern": {name: "вторжени*"}}
    comment = "".join(f"# {line}\n" for line in name.splitlines())   # the boxes' text: the name in comments
    code = code_for("keyness", {**keyness.save.state(), **state, "variants": True,
                                "variant_pairs": comment + "kiev, kyiv", "leave_out": comment + "мы"})
    namespace = run_here(code, tmp_path, monkeypatch)
    assert namespace["kwic"]["pattern"].unique().tolist() == [name] and len(panel.lines) > 0
    pd.testing.assert_frame_equal(namespace["kwic"], panel.lines)
    assert namespace["marked"] == panel.document.spans


def test_code_of_other_documents_fails_on_the_fingerprint(terms, tmp_path, monkeypatch):
    state = {**terms.save.state(), "fingerprint": "0" * 16}
    with pytest.raises(fr.CorpusError, match="these are not the documents the view showed"):
        run_here(code_for("terms", state), tmp_path, monkeypatch)


@pytest.mark.filterwarnings("ignore:Glyph 0")  # the NUL in the pattern name has no glyph in the figure
def test_hostile_values_are_written_as_the_same_literals(terms, tmp_path, monkeypatch):
    name = 'it\'s "x" \\ \x00 вторжение'
    state = {**terms.save.state(), "patterns": {name: "invasion"}, "term": name}
    namespace = run_here(code_for("terms", state), tmp_path, monkeypatch)
    assert list(namespace["patterns"]) == [name] and namespace["rates"]["pattern"].unique().tolist() == [name]


def test_code_refuses_views_it_does_not_know_and_seeded_models():
    with pytest.raises(fr.ArgumentError, match=r"Copy code knows the terms, keyness and topics views, not 'meaning'"):
        code_for("meaning", {})
    with pytest.raises(fr.ArgumentError, match=r"fitted with seed words .* load it with fr.load_topics"):
        code_for("topics", {"model": {"seeded": True}})


# --- Add to figures config, built by the pipeline ----------------------------------------------------

def test_terms_entries_build_the_views_figures(terms, tmp_path):
    terms.save.folder.value = str(tmp_path / "out")
    terms.save.config_button.click()
    config = tmp_path / "out" / "figures.toml"
    state = terms.save.state()
    rates, over_time = file_stem("terms", "rates", state), file_stem("terms", "over_time", state)
    assert terms.save.status.value.startswith(html.escape(f"added [figures.{rates}], [figures.{over_time}] to {config}"))
    assert html.escape("left out, as no figure kind draws them (Copy code computes them): the concordance (kwic) and the document opened: "
                       "text, not a figure; the collocates, a table: the collocates kind draws two outlets") \
        in terms.save.status.value
    figset = load_config(config)
    assert figset.title == "Figures added from the framing views"
    specs = {e.name: resolve(figset, e) for e in figset.entries}
    assert specs[rates].kind.name == "rates" and specs[over_time].options["show"] == ["invasion|invade*"]
    assert specs[rates].corpus == os.path.relpath(corpus_spec(terms.corpus), config.parent)
    report = build(config, out=tmp_path / "figures", log=None)
    assert [o.status for o in report.outcomes] == ["built", "built"], report.outcomes
    built = pd.read_csv(tmp_path / "figures" / f"{rates}.csv")
    view = terms.tables["rates"]
    assert built[["outlet", "pattern", "count", "tokens"]].values.tolist() == \
        view[["outlet", "pattern", "count", "tokens"]].values.tolist()
    np.testing.assert_allclose(built[["per_10k", "per_10k_lo", "per_10k_hi"]], view[["per_10k", "per_10k_lo",
                                                                                       "per_10k_hi"]], rtol=1e-9)
    over = pd.read_csv(tmp_path / "figures" / f"{over_time}.csv")
    assert over["count"].tolist() == terms.tables["over_time"]["count"].tolist()


def test_adding_again_keeps_the_file_and_a_taken_name_gets_a_suffix(terms, tmp_path):
    config = tmp_path / "figures.toml"
    config.write_text('# my paper\ntitle = "Paper"\n\n[defaults]\ndpi = 600\n', encoding="utf-8")
    mine = config.read_text(encoding="utf-8")
    terms.save.folder.value = str(tmp_path)
    terms.save.config_button.click()
    after = config.read_text(encoding="utf-8")
    terms.save.config_button.click()
    assert config.read_text(encoding="utf-8") == after and after.startswith(mine)
    assert "already in" in terms.save.status.value and "added" not in terms.save.status.value
    entries = figure_entries("terms", terms.save.state()).entries
    name, fields = entries[0]
    found = add_to_config(config, [(name, {**fields, "n_boot": 7})])
    assert found == [(f"{name}-2", True)]
    figset = load_config(config)
    assert [e.name for e in figset.entries] == [name, entries[1][0], f"{name}-2"]
    assert resolve(figset, figset.entries[2]).options["n_boot"] == 7 and figset.defaults == {"dpi": 600}


def test_keyness_and_topic_entries_build_what_the_views_show(keyness, topics, tmp_path):
    keyness.selection.start.value = dt.date(2022, 1, 1)  # every document: the figure's matrix has the same languages
    config = tmp_path / "figures.toml"
    add_to_config(config, figure_entries("keyness", keyness.save.state()).entries)
    add_to_config(config, figure_entries("topics", topics.save.state()).entries)
    report = build(config, out=tmp_path / "figures", log=None)
    assert [o.status for o in report.outcomes] == ["built", "built"], report.outcomes
    kname = file_stem("keyness", "keyness", keyness.save.state())
    built = pd.read_csv(tmp_path / "figures" / f"{kname}.csv", keep_default_na=False)
    assert built["term"].tolist() == most_distinctive(keyness.result(), column="log_odds_z", n=6)["term"].tolist()
    pname = file_stem("topics", "prevalence", topics.save.state())
    prevalence = pd.read_csv(tmp_path / "figures" / f"{pname}.csv").sort_values(["topic", "outlet"])
    view = topics.by_outlet.sort_values(["topic", "outlet"])
    np.testing.assert_allclose(prevalence["prevalence"], view["prevalence"], rtol=1e-9)
    labels = topics.model.labels(n=3).set_index("topic")["label"]
    assert [f"{t}: {s}" for t, s in zip(prevalence["topic"], prevalence["label"])] == \
        [labels[t] for t in prevalence["topic"]]


def test_keyness_entries_merge_the_variants_and_leave_out_the_list_as_the_view(keyness, tmp_path):
    keyness.selection.start.value = dt.date(2022, 1, 1)  # every document: the figure's matrix has the same languages
    keyness.variants.value = True
    keyness.variant_rows.value = VARIANT_ROWS
    keyness.leave_out.value = LEAVE_OUT
    keyness.term.value = "переговоры"
    keyness.save.folder.value = str(tmp_path)
    keyness.save.config_button.click()
    name = file_stem("keyness", "keyness", keyness.save.state())
    assert html.escape("left out, as no figure kind draws them (Copy code computes them): the concordance (kwic) and the document opened: text, "
                       "not a figure") in keyness.save.status.value
    fields = tomllib.loads((tmp_path / "figures.toml").read_text(encoding="utf-8"))["figures"][name]
    assert (fields["variants"], fields["variant_pairs"], fields["leave_out"]) == (True, VARIANT_ROWS, LEAVE_OUT)
    report = build(tmp_path / "figures.toml", out=tmp_path / "figures", log=None)
    assert [o.status for o in report.outcomes] == ["built"], report.outcomes
    built = pd.read_csv(tmp_path / "figures" / f"{name}.csv", keep_default_na=False)
    expected = most_distinctive(keyness.result(), column="log_odds_z", n=6)
    assert built["term"].tolist() == expected["term"].tolist()
    assert built["count_a"].tolist() == expected["count_a"].tolist() and "said" not in set(built["term"])


def test_config_problems_appear_in_the_status_and_leave_the_file(terms, tmp_path):
    broken = tmp_path / "figures.toml"
    broken.write_text("[figures\nkind = ", encoding="utf-8")
    terms.save.folder.value = str(tmp_path)
    terms.save.config_button.click()
    assert "cannot add figures: it is not valid TOML" in terms.save.status.value
    assert broken.read_text(encoding="utf-8") == "[figures\nkind = "
    inline = tmp_path / "inline.toml"
    inline.write_text('figures = {a = {kind = "documents", corpus = "x"}}\n', encoding="utf-8")
    with pytest.raises(fr.ConfigError, match="would not be read back as figures|not valid TOML"):
        add_to_config(inline, figure_entries("terms", terms.save.state()).entries)
    terms.save.config.value = "figures.yaml"
    terms.save.config_button.click()
    assert "figure entries are appended to a .toml config; name a file ending in .toml" in terms.save.status.value


def test_entries_need_a_named_corpus_and_default_topic_settings(terms):
    with pytest.raises(fr.ArgumentError, match="documents made in memory, which a figure config cannot name"):
        figure_entries("terms", {**terms.save.state(), "corpus": None})
    model = {"k": 5, "seed": 1, "matrix": {"ngrams": 2, "stopwords": ["a"], "min_df": 1, "max_df": 1.0},
             "lda": {"passes": 5, "iterations": 50, "alpha": "asymmetric"}, "text": {"lemmatize": True},
             "seeded": False, "reproducible": True}
    with pytest.raises(fr.ArgumentError, match=r"fitted with ngrams=2, alpha='asymmetric', text lemmatize=True, "
                                              r"a list of stopwords: no config entry can rebuild it"):
        figure_entries("topics", {"corpus": "x", "model": model, "topic": 0})
