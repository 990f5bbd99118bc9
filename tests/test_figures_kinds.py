"""The built-in figure kinds: each figure's CSV is exactly what the package function returns
for the same options (computed here independently), and bad options give clear messages."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing.figures import build
from framing.figures.kinds.topics import topic_matrix
from framing.terms.distinctive import most_distinctive


def run(folder: Path, config: str, **options) -> dict[str, str]:
    """Build ``config`` (written to folder/figs.toml) into folder/out; statuses or messages by name."""
    (folder / "figs.toml").write_text(config, encoding="utf-8")
    report = build(folder / "figs.toml", out=folder / "out", log=None, **options)
    return {o.name: o.message or o.status for o in report.outcomes}


def csv(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / "out" / f"{name}.csv")


def same(table: pd.DataFrame, expected: pd.DataFrame) -> None:
    """``table`` (read back from CSV) holds the values of ``expected`` (to CSV precision)."""
    expected = expected.reset_index(drop=True)
    assert list(table.columns) == list(expected.columns)
    for column in expected:
        if pd.api.types.is_numeric_dtype(expected[column]) and not pd.api.types.is_bool_dtype(expected[column]):
            np.testing.assert_allclose(table[column].to_numpy(float), expected[column].to_numpy(float),
                                       rtol=1e-9, equal_nan=True, err_msg=column)
        elif pd.api.types.is_datetime64_any_dtype(expected[column]):
            assert pd.to_datetime(table[column]).tolist() == expected[column].tolist(), column
        else:
            assert table[column].astype(str).tolist() == expected[column].astype(str).tolist(), column


@pytest.fixture
def small(tmp_path: Path, multilingual, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path / "cache"))
    multilingual.to_jsonl(tmp_path / "docs.jsonl")
    return tmp_path


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory, demo_topical) -> Path:
    """40 documents per outlet of the demo corpus (160 in all), as a JSONL file."""
    path = tmp_path_factory.mktemp("sample") / "sample.jsonl"
    demo_topical.sample(40, seed=1, by="outlet").to_jsonl(path)
    return path


HEADER = '[defaults]\ncorpus = "docs.jsonl"\nseed = 3\ndpi = 50\n'
PATTERNS = {"invasion": "invasion|вторгнення", "operation": "special military operation|специальная военная операция"}


def test_rates_csv_is_term_rates(small: Path, multilingual) -> None:
    config = HEADER + ('[figures.r]\nkind = "rates"\nn_boot = 50\nmeasure = "doc_share"\n'
                       'patterns = {invasion = "invasion|вторгнення", operation = '
                       '"special military operation|специальная военная операция"}\n')
    assert run(small, config) == {"r": "built"}
    same(csv(small, "r"), fr.term_rates(multilingual, PATTERNS, by="outlet", n_boot=50, seed=3))


def test_rates_over_time_and_share_csv(small: Path, multilingual) -> None:
    config = HEADER + """
[figures.weekly]
kind = "rates_over_time"
patterns = ["invasion", "aggression|агрес*|agresij*"]
n_boot = 20
events = {"24 February 2022" = 2022-02-24}
show = ["aggression|агрес*|agresij*"]

[figures.choice]
kind = "term_share"
patterns = {invasion = "invasion|вторгнення", operation = "special military operation|специальная военная операция"}
outlets = ["news.example", "ria.example", "pravda.example"]
start = 2022-02-21
period = "W"
n_boot = 20
events = [2022-02-24]
"""
    assert run(small, config) == {"weekly": "built", "choice": "built"}
    same(csv(small, "weekly"), fr.term_rates(multilingual, ["invasion", "aggression|агрес*|agresij*"],
                                             period="W", n_boot=20, seed=3))
    # Counted in rows of the whole corpus's matrix: the same as counting the filtered corpus.
    subset = multilingual.filter(outlets=["news.example", "ria.example", "pravda.example"], start="2022-02-21")
    assert len(subset) == 4
    same(csv(small, "choice"), fr.term_share(subset, PATTERNS, period="W", n_boot=20, seed=3))


def test_dictionary_concepts(small: Path, multilingual) -> None:
    config = HEADER + '[figures.d]\nkind = "rates"\ndictionary = "ukraine"\nconcepts = ["INVASION", "AGGRESSION"]\n'
    assert run(small, config) == {"d": "built"}
    patterns = fr.load_dictionary("ukraine").to_patterns()
    chosen = tuple(p for name in ("INVASION", "AGGRESSION") for p in patterns if p.name == name)
    table = csv(small, "d")
    assert list(dict.fromkeys(table["pattern"])) == ["INVASION", "AGGRESSION"]
    same(table, fr.term_rates(multilingual, chosen, n_boot=1000, seed=3))


def test_a_dictionary_file_beside_the_config_is_keyed_by_content(small: Path) -> None:
    (small / "dicts").mkdir()
    (small / "dicts" / "mine.yaml").write_text("name: mine\nconcepts:\n  WAR:\n    en: [\"invasion\"]\n")
    config = HEADER + '[figures.d]\nkind = "rates"\ndictionary = "dicts/mine.yaml"\nn_boot = 0\n'
    assert run(small, config) == {"d": "built"}
    assert csv(small, "d").query("outlet == 'news.example'")["count"].tolist() == [2]
    assert run(small, config) == {"d": "up to date"}
    (small / "dicts" / "mine.yaml").write_text('name: mine\nconcepts:\n  WAR:\n    en: ["invasion", "aggression"]\n')
    assert run(small, config) == {"d": "built"}
    assert csv(small, "d").query("outlet == 'news.example'")["count"].tolist() == [3]
    manifest = json.loads((small / "out" / "manifest.json").read_text())
    assert manifest["figures"]["d"]["config"]["options"]["dictionary"] == "dicts/mine.yaml"


@pytest.mark.parametrize(("fields", "message"), [
    ('patterns = ["invasion"]\ndictionary = "ukraine"',
     "figs.toml:5: figure 'bad': give either 'patterns' (a list or table of terms) or 'dictionary' "
     "(e.g. \"ukraine\"), not both and not neither"),
    ('n_boot = 10', "figs.toml:5: figure 'bad': give either 'patterns'"),
    ('patterns = []', "figs.toml:5: figure 'bad': 'patterns' is empty: list at least one term"),
    ('patterns = ["invasion"]\nconcepts = ["WAR"]',
     "figs.toml:5: figure 'bad': 'concepts' selects from a 'dictionary'; with 'patterns', list only"),
    ('dictionary = "ukraine"\nconcepts = ["WAR"]',
     "figs.toml:5: figure 'bad': the dictionary 'ukraine' has no concept 'WAR'; its concepts are: AGGRESSION, "
     "INVASION"),
    ('patterns = ["invasion"]\nmeasure = "per_1k"',
     "figs.toml:8: figure 'bad': option 'measure' must be one of 'per_10k', 'doc_share', got 'per_1k'"),
])
def test_bad_term_options(small: Path, fields: str, message: str) -> None:
    result = run(small, HEADER + f'[figures.bad]\nkind = "rates"\n{fields}\n')
    assert result["bad"].startswith(message)
    assert not list((small / "out").glob("bad.*"))


def test_show_must_name_a_pattern(small: Path) -> None:
    result = run(small, HEADER + '[figures.w]\nkind = "rates_over_time"\npatterns = ["invasion"]\n'
                                 'n_boot = 0\nshow = ["invasions"]\n')
    assert result["w"] == ("figs.toml:5: figure 'w': 'show' names 'invasions', which is not one of the patterns "
                           "['invasion']")


def test_a_pattern_that_matches_nothing_is_built_with_zero_counts_and_a_warning(small: Path) -> None:
    with pytest.warns(fr.FramingWarning, match="pattern 'blitzkrieg' matches no term in the vocabulary"):
        result = run(small, HEADER + '[figures.w]\nkind = "rates"\npatterns = ["blitzkrieg"]\nn_boot = 0\n')
    assert result["w"] == "built"
    assert csv(small, "w")["count"].tolist() == [0] * fr.read_jsonl(small / "docs.jsonl").df["outlet"].nunique()


def test_keyness_and_collocates_keep_the_drawn_rows(tmp_path: Path, sample_file: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path / "cache"))
    config = f"""
[defaults]
corpus = "{sample_file}"
dpi = 50

[figures.key]
kind = "keyness"
outlets = ["kremlin.ru", "president.gov.ua"]
target = "kremlin.ru"
reference = "president.gov.ua"
n = 6

[figures.nato]
kind = "collocates"
pattern = "nato"
group_a = "kremlin.ru"
group_b = "whitehouse.gov"
min_freq = 2
n = 4
"""
    assert run(tmp_path, config) == {"key": "built", "nato": "built"}
    corpus = fr.read_jsonl(sample_file)
    pair = corpus.filter(outlets=["kremlin.ru", "president.gov.ua"])
    dtm = fr.document_term_matrix(pair, stopwords="auto")
    key = fr.keyness(dtm, target="kremlin.ru", reference="president.gov.ua", measure="log_odds", min_freq=5)
    expected = most_distinctive(key, column="log_odds_z", n=6)
    assert (expected["log_odds_z"] > 0).sum() == 6 and (expected["log_odds_z"] < 0).sum() == 6
    same(csv(tmp_path, "key"), expected)
    nato = fr.compare_collocates(corpus, "nato", group_a="kremlin.ru", group_b="whitehouse.gov", min_freq=2)
    same(csv(tmp_path, "nato"), most_distinctive(nato, column="g2", n=4))


def test_keyness_merges_variants_and_leaves_terms_out(tmp_path: Path, sample_file: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from framing.terms.stoplist import drop_terms, parse_term_list
    from framing.terms.variants import load_variants, merge_variants, parse_variants

    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path / "cache"))
    pairs, leave = "# the user's pairs\\nukraine, ukrainian\\n", "russia, nato\\n# the obvious ones"
    config = (f'[defaults]\ncorpus = "{sample_file}"\ndpi = 50\n\n[figures.key]\nkind = "keyness"\n'
              f'target = "kremlin.ru"\nn = 5\nvariants = true\nvariant_pairs = "{pairs}"\nleave_out = "{leave}"\n'
              '\n[figures.bad]\nkind = "keyness"\ntarget = "kremlin.ru"\nvariant_pairs = "kiev, kyiv"\n')
    result = run(tmp_path, config)
    assert result["bad"].endswith("variant_pairs are merged only with variants = true: set it, or remove "
                                  "variant_pairs")
    assert result["key"] == "built"
    corpus = fr.read_jsonl(sample_file)
    table = load_variants(extra=parse_variants(pairs.replace("\\n", "\n")))
    dtm = drop_terms(merge_variants(fr.document_term_matrix(corpus, stopwords="auto"), table),
                     parse_term_list(leave.replace("\\n", "\n")))
    key = fr.keyness(dtm, target="kremlin.ru", reference="rest", measure="log_odds", min_freq=5)
    same(csv(tmp_path, "key"), most_distinctive(key, column="log_odds_z", n=5))
    assert not {"russia", "nato", "ukraine"} & set(csv(tmp_path, "key")["term"])


def test_most_distinctive_takes_n_from_each_end() -> None:
    table = pd.DataFrame({"term": list("abcdefg"), "z": [3.0, -1.0, 0.0, 2.0, -5.0, 1.0, -2.0]})
    assert most_distinctive(table, column="z", n=2)["term"].tolist() == ["a", "d", "g", "e"]
    assert most_distinctive(table, column="z", n=9)["term"].tolist() == ["a", "d", "f", "b", "g", "e"]


def test_topic_kinds(tmp_path: Path, sample_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path / "cache"))
    config = f"""
[defaults]
corpus = "{sample_file}"
seed = 5
dpi = 50

[figures.k]
kind = "topic_sweep"
ks = [2, 3]
passes = 1
iterations = 20
measures = ["u_mass", "stability", "perplexity"]

[figures.prev]
kind = "topic_prevalence"
k = 3
passes = 1
iterations = 20
n_boot = 20
"""
    assert run(tmp_path, config) == {"k": "built", "prev": "built"}
    corpus = fr.read_jsonl(sample_file)
    dtm = topic_matrix(corpus, {"stopwords": "auto", "min_df": 5, "max_df": 0.5})
    options = fr.SweepOptions(progress=False, lda=fr.LdaOptions(passes=1, iterations=20))
    same(csv(tmp_path, "k"), fr.sweep_topics(dtm, ks=[2, 3], seeds=[5, 6], texts=corpus, options=options))
    model = fr.fit_topics(dtm, 3, seed=5, options=fr.LdaOptions(passes=1, iterations=20), progress=False)
    prevalence = fr.topic_prevalence(model, n_boot=20, seed=5)
    table = csv(tmp_path, "prev")
    same(table.drop(columns="label"), prevalence)
    top = model.terms(n=3, relevance=0.6)
    assert table.drop_duplicates("topic")["label"].tolist() == top.groupby("topic")["term"].agg(", ".join).tolist()

    # Another bootstrap reuses the cached model: fitting again would fail here.
    monkeypatch.setattr("framing.topics.model.fit_topics", lambda *a, **k: pytest.fail("the model was refitted"))
    result = run(tmp_path, config.replace("n_boot = 20", "n_boot = 30"))
    assert result == {"k": "up to date", "prev": "built"}
    same(csv(tmp_path, "prev").drop(columns="label"), fr.topic_prevalence(model, n_boot=30, seed=5))


@pytest.mark.parametrize(("fields", "message"), [
    ('ks = [1, 4]', "figs.toml:4: figure 't': ks must be a list of whole numbers ≥ 2, e.g. [4, 8, 12], got [1, 4]"),
    ('ks = [4]\nn_seeds = 1', "figs.toml:4: figure 't': n_seeds must be at least 2 (stability compares seeds), got 1"),
    ('ks = [4]\nmeasures = ["coherence"]',
     "figs.toml:4: figure 't': measures must be a non-empty list of u_mass, c_npmi, perplexity, exclusivity, "
     "stability; got ['coherence']"),
])
def test_bad_sweep_options(tmp_path: Path, fields: str, message: str) -> None:
    assert run(tmp_path, f'[defaults]\ncorpus = "c.csv"\n\n[figures.t]\nkind = "topic_sweep"\n{fields}\n') == {
        "t": message}


# --- drawing: the figure's date range, heights fitted to rows, legends off the data (issue 17) -----------
def drawn(kind: str, table: pd.DataFrame, options: dict, *, aspect: float = 0.62):
    """``kind``'s plot of ``table`` on a new pipeline figure, laid out as the pipeline does."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from framing.figures import get_kind
    from framing.viz.render import clean_style, freeze_layout, new_figure

    with clean_style():
        fig = new_figure(width="single", aspect=aspect)
        get_kind(kind).plot(table, options, fig)
        freeze_layout(fig)
        return fig, FigureCanvasAgg(fig).get_renderer()


def test_time_kinds_are_cut_to_the_figures_start_and_end(multilingual) -> None:
    import matplotlib.dates as mdates

    weekly = fr.term_rates(multilingual.filter(start="2022-02-23"), ["aggression|агрес*|agresij*"], period="W",
                           n_boot=0)
    options = {"measure": "per_10k", "by": "outlet", "events": None, "show": None, "aspect": None}
    fig, _ = drawn("rates_over_time", weekly, {**options, "start": "2022-02-23", "end": None})
    ax = fig.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(text.startswith("hollow: part of a period") for text in legend)  # the week of 21 Feb is cut
    assert mdates.num2date(ax.get_xlim()[0]).strftime("%Y-%m-%d") == "2022-02-23"  # not 21 February
    whole, _ = drawn("rates_over_time", weekly, {**options, "start": None, "end": None})
    assert not any(t.get_text().startswith("hollow") for t in whole.axes[0].get_legend().get_texts())
    assert mdates.num2date(whole.axes[0].get_xlim()[0]).strftime("%Y-%m-%d") == "2022-02-21"
    volume = fr.documents_per_period(multilingual.filter(end="2022-03-01"), period="M")
    fig, _ = drawn("documents", volume, {"by": "outlet", "period": "M", "start": None, "end": "2022-03-01"})
    assert mdates.num2date(fig.axes[0].get_xlim()[1]).strftime("%Y-%m-%d") == "2022-03-02"  # the end day included


def test_a_rates_figure_without_an_aspect_is_as_tall_as_its_rows(small: Path) -> None:
    from PIL import Image

    from framing.viz.plots.layout import rates_aspect
    from framing.viz.render import clean_style

    patterns = '{' + ", ".join(f'p{i} = "term{i}"' for i in range(12)) + '}'
    config = (HEADER + f'[figures.tall]\nkind = "rates"\nn_boot = 0\npatterns = {patterns}\n\n'
              f'[figures.set]\nkind = "rates"\nn_boot = 0\naspect = 0.3\npatterns = {patterns}\n')
    with pytest.warns(fr.FramingWarning):
        assert run(small, config) == {"tall": "built", "set": "built"}
    outlets = fr.read_jsonl(small / "docs.jsonl").df["outlet"].nunique()
    with clean_style():
        want = rates_aspect(12, outlets, width="single")
    assert want > 1.0  # twelve rows of five outlets need more than the kind's 0.55
    for name, aspect in (("tall", want), ("set", 0.3)):
        width, height = Image.open(small / "out" / f"{name}.png").size
        assert height / width == pytest.approx(aspect, abs=0.02), name


def test_the_keyness_legend_stays_off_the_bars(multilingual) -> None:
    dtm = fr.document_term_matrix(multilingual, stopwords=None, cache=False)
    key = most_distinctive(fr.keyness(dtm, target="news.example", reference="rest", min_freq=1),
                           column="log_odds_z", n=5)
    fig, renderer = drawn("keyness", key, {"n": 5, "measure": "log_odds", "start": None, "end": None,
                                           "aspect": 0.9}, aspect=0.9)
    ax = fig.axes[0]
    legend = ax.get_legend().get_window_extent(renderer)
    assert not legend.overlaps(ax.get_window_extent(renderer))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["news.example", "rest"]


def test_plot_options_carry_the_date_range_and_a_configured_aspect(tmp_path: Path) -> None:
    from framing.figures import load_config, resolve

    (tmp_path / "figs.toml").write_text('[figures.a]\nkind = "rates_over_time"\ncorpus = "c.csv"\n'
                                        'patterns = ["x"]\nstart = 2022-01-03\n\n'
                                        '[figures.b]\nkind = "rates"\ncorpus = "c.csv"\npatterns = ["x"]\n'
                                        'aspect = 0.55\nend = "2022-04-24"\n', encoding="utf-8")
    figset = load_config(tmp_path / "figs.toml")
    a, b = (resolve(figset, e).plot_options() for e in figset.entries)
    assert (a["start"], a["end"], a["aspect"]) == ("2022-01-03", None, None)  # the kind's 0.7 left to the kind
    assert (b["start"], b["end"], b["aspect"]) == (None, "2022-04-24", 0.55)  # set, even to the kind's value
    assert a["period"] == "W" and b["measure"] == "per_10k"
