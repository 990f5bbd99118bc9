"""Plots lay out what they draw: legends beside the data, no clipped or overlapping labels, readable
pattern names, figures as tall as their rows (issue 17). Checked on the drawn artists' extents after
the figure pipeline's own layout step (framing.viz.render.freeze_layout), not on pixels."""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402

import framing as fr  # noqa: E402
from framing.viz import plots  # noqa: E402
from framing.viz.plots.compare import plot_rate_ratios  # noqa: E402
from framing.viz.plots.corpus import plot_documents  # noqa: E402
from framing.viz.plots.labels import pattern_label, pattern_labels, shorten  # noqa: E402
from framing.viz.plots.layout import legend_outside, rates_aspect  # noqa: E402
from framing.viz.plots.meaning import plot_scores_over_time  # noqa: E402
from framing.viz.render import clean_style, freeze_layout, new_figure  # noqa: E402

OUTLETS = ["kremlin.ru", "president.gov.ua", "whitehouse.gov", "UN General Debate"]
PATTERNS = ["aggression", "invasion|invad*", "special military operation", "lemma:агрессия", "sfer* uticaja",
            "спецоперация"]
JUNK = ["https://www.president.gov.ua/news/zvernennya-prezidenta-ukrayini-73313", "aggression",
        "денацификациейденацификацией", "<div class=\"article__text\">", "x" * 60, "agresija|агресија",
        "counteroffensive-related", "зеленського", "kharkivshchyna", "**bold**", "ggggggggggggggggggggggggggggg"]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def frozen(fig: Figure):
    """Lay the figure out as the pipeline does and give a renderer to measure it with."""
    freeze_layout(fig)
    return FigureCanvasAgg(fig).get_renderer()


def drawn_texts(fig: Figure) -> list[Text]:
    """Every text the figure draws: tick labels only where their tick is inside the axis's view."""
    ticks, shown = set(), []
    axes = [a for ax in fig.axes for a in [ax, *ax.child_axes]]
    for ax in axes:
        for axis in (ax.xaxis, ax.yaxis):
            labels, locs = axis.get_majorticklabels(), axis.get_majorticklocs()
            lo, hi = sorted(axis.get_view_interval())
            span = hi - lo
            ticks.update(map(id, labels + axis.get_minorticklabels()))
            if ax.get_visible():
                shown += [t for t, v in zip(labels, locs) if lo - 1e-9 * span <= v <= hi + 1e-9 * span]
    others = [t for t in fig.findobj(Text) if id(t) not in ticks]
    return [t for t in shown + others if t.get_visible() and t.get_text().strip()
            and all(a.get_visible() for a in [t.axes] if a is not None)]


def assert_inside(fig: Figure, renderer) -> None:
    box = fig.bbox
    for text in drawn_texts(fig):
        e = text.get_window_extent(renderer)
        assert box.x0 - 0.5 <= e.x0 and e.x1 <= box.x1 + 0.5 and box.y0 - 0.5 <= e.y0 and e.y1 <= box.y1 + 0.5, \
            f"{text.get_text()!r} at {e.bounds} is cut off the figure {box.bounds}"


def assert_no_overlap(labels: list[Text], renderer) -> None:
    for a, b in itertools.combinations(labels, 2):
        assert not a.get_window_extent(renderer).overlaps(b.get_window_extent(renderer)), \
            f"tick labels {a.get_text()!r} and {b.get_text()!r} overlap"


def view_labels(axis) -> list[Text]:
    lo, hi = sorted(axis.get_view_interval())
    return [t for t, v in zip(axis.get_majorticklabels(), axis.get_majorticklocs()) if lo <= v <= hi and t.get_text()]


def rates(patterns=PATTERNS, outlets=OUTLETS, period=None) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    rows = [(o, p, v, 0.6 * v, 1.5 * v) for o in outlets for p in patterns for v in [float(rng.uniform(0.5, 12))]]
    table = pd.DataFrame(rows, columns=["outlet", "pattern", "per_10k", "per_10k_lo", "per_10k_hi"])
    table.attrs.update(ci_method={"per_10k": "negative-binomial profile likelihood; Garwood exact at count 0"}, ci=0.95)
    return table


def over_time() -> pd.DataFrame:
    months = pd.date_range("2021-10-01", "2022-06-01", freq="MS")
    rows = [(o, m, "invasion|invad*", 2.0 + i % 3, 1.0 + i % 3, 3.5 + i % 3)
            for o in OUTLETS[:3] for i, m in enumerate(months)]
    rows += [("UN General Debate", pd.Timestamp("2021-09-01"), "invasion|invad*", 3.0, 2.0, 4.0)]
    table = pd.DataFrame(rows, columns=["outlet", "period", "pattern", "per_10k", "per_10k_lo", "per_10k_hi"])
    table.attrs.update(ci_method={"per_10k": "percentile bootstrap; Garwood exact at count 0"}, ci=0.95, n_boot=200)
    return table


def prevalence() -> pd.DataFrame:
    months = pd.date_range("2022-01-01", periods=5, freq="MS")
    table = pd.DataFrame([(o, m, 2, 0.3, 0.2, 0.4) for o in OUTLETS for m in months],
                         columns=["outlet", "period", "topic", "prevalence", "prevalence_lo", "prevalence_hi"])
    table.attrs["ci_method"] = {"prevalence": "studentized bootstrap"}
    return table


def share() -> pd.DataFrame:
    table = over_time().rename(columns={"per_10k": "share", "per_10k_lo": "share_lo", "per_10k_hi": "share_hi"})
    table[["share", "share_lo", "share_hi"]] /= 10
    other = table.assign(pattern="special military operation", share=1 - table["share"])
    out = pd.concat([table, other], ignore_index=True)
    out.attrs["ci_method"] = {"share": "Fieller ratio-of-sums interval, documents as clusters"}
    return out


# --- legends ------------------------------------------------------------------------------------
LEGENDED = {
    "rates": (lambda ax: plots.plot_rates(rates(), ax=ax), "single", 1.4),
    "rates_over_time": (lambda ax: plots.plot_rates_over_time(over_time(), events={"invasion": "2022-02-24"}, ax=ax),
                        "double", 0.4),
    "term_share": (lambda ax: plots.plot_term_share(share(), pattern="invasion|invad*", ax=ax), "double", 0.4),
    "prevalence_time": (lambda ax: plots.plot_prevalence_time(prevalence(), topic=2, ax=ax), "double", 0.4),
    "prevalence_by_outlet": (lambda ax: plots.plot_rates(prevalence().drop(columns="period").drop_duplicates(
        "outlet").assign(pattern="2: war, tanks, nato"), measure="prevalence", ax=ax), "single", 0.45),
    "documents": (lambda ax: plot_documents(over_time().rename(columns={"per_10k": "documents"}), ax=ax),
                  "double", 0.4),
    "scores": (lambda ax: plot_scores_over_time(over_time().rename(columns={"per_10k": "score", "per_10k_lo": "score_lo",
                                                                             "per_10k_hi": "score_hi"}), ax=ax),
               "single", 0.8),
    "keyness": (lambda ax: plots.plot_keyness(pd.DataFrame({
        "group_a": "kremlin.ru", "group_b": "president.gov.ua", "term": JUNK[:10],
        "log_odds_z": np.linspace(9, -9, 10)}), n=5, ax=ax), "single", 1.0),
    "collocates": (lambda ax: plots.plot_collocates(pd.DataFrame({
        "group_a": "kremlin.ru", "group_b": "whitehouse.gov", "node": "nato", "collocate": JUNK[:6],
        "g2": [40.0, 20.0, 5.0, -5.0, -30.0, -10.0], "logdice_a": [10.5, 9.0, 8.0, 7.0, 8.0, 6.0],
        "logdice_b": [6.0, 7.0, 11.0, 10.0, 7.0, 9.0]}), n=3, ax=ax), "single", 0.9),
    "rate_ratios": (lambda ax: plot_rate_ratios(pd.DataFrame({
        "group_a": "kremlin.ru", "group_b": "president.gov.ua", "pattern": ["war|aggression", "invasion"],
        "rate_ratio": [4.0, 0.84], "rate_ratio_lo": [3.0, 0.7], "rate_ratio_hi": [5.0, 0.99],
        "rate_ratio_boot_lo": [2.5, 0.6], "rate_ratio_boot_hi": [6.0, 1.1]}), ax=ax), "single", 0.55),
}


@pytest.mark.parametrize("name", sorted(LEGENDED))
def test_legends_sit_outside_the_data_area_and_inside_the_figure(name):
    draw, width, aspect = LEGENDED[name]
    with clean_style():
        fig = new_figure(width=width, aspect=aspect)
        ax = draw(fig.add_subplot())
        renderer = frozen(fig)
        legend = ax.get_legend()
        assert legend is not None
        box, data = legend.get_window_extent(renderer), ax.get_window_extent(renderer)
        assert not box.overlaps(data), f"{name}: the legend {box.bounds} lies on the data area {data.bounds}"
        assert_inside(fig, renderer)


@pytest.mark.parametrize("width", ["single", "double"])
def test_stacked_panels_keep_their_legend_off_every_panel(width):
    """As the rates_over_time figure kind draws several patterns: one panel each, sharing the time axis."""
    table = pd.concat([over_time(), over_time().assign(pattern="special military operation")], ignore_index=True)
    with clean_style():
        fig = new_figure(width=width, aspect=0.9)
        axes = fig.subplots(2, 1, sharex=True)
        for ax, name in zip(axes, ["invasion|invad*", "special military operation"]):
            plots.plot_rates_over_time(table, pattern=name, ax=ax)
        axes[1].get_legend().remove()
        renderer = frozen(fig)
        legend = axes[0].get_legend().get_window_extent(renderer)
        for ax in axes:
            assert not legend.overlaps(ax.get_window_extent(renderer))
            assert not legend.overlaps(ax.title.get_window_extent(renderer))
        assert_inside(fig, renderer)


def test_legend_outside_refuses_an_unknown_place():
    ax = plt.figure().add_subplot()
    ax.plot([0, 1], label="a")
    with pytest.raises(fr.ArgumentError, match="where='inside': a legend goes 'right' of the axes, 'above' or 'below'"):
        legend_outside(ax, where="inside")
    assert legend_outside(plt.figure().add_subplot()) is None  # nothing labelled: no legend


# --- labels from pattern names -----------------------------------------------------------------
def test_pattern_labels_drop_the_syntax_of_unnamed_patterns():
    assert pattern_label("invasion|invad*") == "invasion (+1)"
    assert pattern_label("war | wars | warfare") == "war (+2)"
    assert pattern_label("lemma:агрессия|вторжени*") == "агрессия (+1)"
    assert pattern_label("sphere* of influence") == "sphere* of influence"  # a glob is read as one
    assert pattern_label("специальная военная операция") == "специальная военная операция"
    long = pattern_label("a" * 60 + "|b")
    assert long == "a" * 34 + "…" + " (+1)" and len(long) == 40
    assert shorten("денацификация", 5) == "дена…" and shorten("war", 3) == "war"
    # two raw patterns that would read the same keep their syntax, so the rows stay distinct
    assert pattern_labels(["invasion|invad*", "invasion|invader*", "war"]) == ["invasion|invad*", "invasion|invader*",
                                                                               "war"]


def test_axes_and_titles_use_the_names_of_the_patterns():
    docs = pd.DataFrame({"outlet": ["a", "a", "b"], "date": ["2022-01-10", "2022-02-10", "2022-01-12"],
                         "text": ["They invaded. The invasion.", "Invasion again; агрессия.", "Агрессии нет. Invaders."]})
    corpus = fr.from_dataframe(docs)
    named = fr.term_rates(corpus, {"invasion": "invasion|invad*", "агрессия": "lemma:агрессия"}, n_boot=0)
    assert [t.get_text() for t in plots.plot_rates(named).get_yticklabels()] == ["invasion", "агрессия"]
    unnamed = fr.term_rates(corpus, ["invasion|invad*", "агресси*"], n_boot=0)
    assert [t.get_text() for t in plots.plot_rates(unnamed).get_yticklabels()] == ["invasion (+1)", "агресси*"]
    monthly = fr.term_rates(corpus, ["invasion|invad*"], period="M", n_boot=0)
    assert plots.plot_rates_over_time(monthly).get_title() == "invasion (+1)"
    shares = fr.term_share(corpus, ["invasion|invad*", "агресси*"], period="M", n_boot=0)
    ax = plots.plot_term_share(shares, pattern="invasion|invad*")
    assert ax.get_title() == "invasion (+1) vs агресси*" and ax.get_ylabel() == "share of 'invasion (+1)'"
    ratios = fr.compare_rates(corpus, ["invasion|invad*"], group_a="a", group_b="b")
    assert [t.get_text() for t in plot_rate_ratios(ratios).get_yticklabels()] == ["invasion (+1)"]


# --- no clipped, no overlapping labels ---------------------------------------------------------
def junk_terms(n_topics: int, n_terms: int) -> pd.DataFrame:
    """Top terms as λ = 0 ranks them: rare, long junk tokens with tiny probabilities."""
    words = [f"{JUNK[i % len(JUNK)]}{i}" for i in range(n_terms)]
    return pd.DataFrame({"topic": np.repeat(np.arange(n_topics), n_terms), "rank": np.tile(np.arange(1, n_terms + 1),
                                                                                          n_topics),
                         "term": words * n_topics, "prob": np.tile(np.geomspace(3e-4, 2e-6, n_terms), n_topics)})


@pytest.mark.parametrize("n_terms", [10, 30])
def test_top_terms_at_lambda_zero_neither_overlap_nor_fall_off_the_view_figure(n_terms):
    with clean_style():
        fig = new_figure(aspect=0.9)  # as the topics view makes it
        ax = plots.plot_top_terms(junk_terms(1, n_terms), topics=[0], ncols=1, fig=fig)[0]
        renderer = frozen(fig)
        assert len(view_labels(ax.yaxis)) == n_terms
        assert_no_overlap(view_labels(ax.yaxis), renderer)
        assert_no_overlap(view_labels(ax.xaxis), renderer)
        assert_inside(fig, renderer)
        assert max(len(t.get_text()) for t in view_labels(ax.yaxis)) <= 28
        assert any(t.get_text().endswith("…") for t in view_labels(ax.yaxis))


def test_top_terms_of_a_real_model_at_lambda_zero_in_small_multiples():
    from topic_data import synthetic_corpus, synthetic_dtm

    model = fr.fit_topics(synthetic_dtm(synthetic_corpus()), 3, seed=1, options=fr.LdaOptions(passes=2), progress=False)
    table = model.terms(20, relevance=0.0)
    with clean_style():
        axes = plots.plot_top_terms(table, ncols=2)
        fig = axes[0].figure
        renderer = frozen(fig)
        for ax in axes[:3]:
            assert [t.get_text() for t in view_labels(ax.yaxis)] == list(table[table["topic"] == int(
                ax.get_title().split()[1])].sort_values("rank")["term"])
            assert_no_overlap(view_labels(ax.yaxis), renderer)
            assert_no_overlap(view_labels(ax.xaxis), renderer)
        assert_inside(fig, renderer)
    assert [ax.get_xlabel() for ax in axes[:3]] == ["", "p(term | topic)", "p(term | topic)"]  # bottom of each column


@pytest.mark.parametrize("dpi", [72, 100, 110, 300])
def test_nothing_is_cut_off_when_saved_at_another_resolution(dpi):
    """The layout is computed once at figure.dpi; the screen image (100 dpi) and the PNG (300) must fit it."""
    keyness = pd.DataFrame({"group_a": "kremlin.ru", "group_b": "president.gov.ua", "term": JUNK,
                            "log_odds_z": np.linspace(9, 1, len(JUNK))})  # one side only: labels left of 0
    draws = [lambda fig: plots.plot_keyness(keyness, n=11, ax=fig.add_subplot()),
             lambda fig: plots.plot_rates(rates(JUNK[:6]), ax=fig.add_subplot()),
             lambda fig: plots.plot_top_terms(junk_terms(1, 12), topics=[0], ncols=1, fig=fig)]
    for draw in draws:
        with clean_style():
            fig = new_figure(aspect=1.2)
            draw(fig)
            freeze_layout(fig)
            fig.set_dpi(dpi)
            fig.draw_without_rendering()  # as savefig draws at its dpi (the layout stays frozen)
            assert_inside(fig, FigureCanvasAgg(fig).get_renderer())


# --- figures that grow with their rows ---------------------------------------------------------
def test_rates_figure_grows_with_patterns_and_outlets():
    patterns = [f"pattern {i}" for i in range(20)]
    with clean_style():
        assert rates_aspect(2, 1) == pytest.approx(0.62)
        assert rates_aspect(20, 4) > rates_aspect(20, 1) > rates_aspect(5, 1)
        ax = plots.plot_rates(rates(patterns))  # its own figure, as tall as its rows need
        fig = ax.figure
        renderer = frozen(fig)
        labels = view_labels(ax.yaxis)
        assert len(labels) == 20
        centres = [t.get_window_extent(renderer).y0 for t in labels]
        font = max(t.get_window_extent(renderer).height for t in labels)
        assert min(abs(np.diff(centres))) >= font  # rows at least a line of text apart
        # four intervals per row: markers 4 points wide never share a pixel row with the next outlet's
        ys = sorted(y for c in ax.containers for y in ax.transData.transform(c.lines[0].get_xydata())[:, 1])
        assert min(np.diff(ys)) >= 4 * fig.dpi / 72
        assert_no_overlap(labels, renderer)
        assert_inside(fig, renderer)
    # the same 80 intervals in the default-size figure a view used before: rows closer than a line
    with clean_style():
        small = new_figure(aspect=0.62)
        ax = plots.plot_rates(rates(patterns), ax=small.add_subplot())
        renderer = frozen(small)
        assert min(abs(np.diff([t.get_window_extent(renderer).y0 for t in view_labels(ax.yaxis)]))) < font
    with pytest.raises(fr.ArgumentError, match="rates_aspect needs counts of rows and groups ≥ 0, got -1 and 2"):
        rates_aspect(-1, 2)


# --- the topic-term plot -----------------------------------------------------------------------
def test_top_terms_name_the_axis_and_draw_the_overall_frequency_behind():
    table = pd.DataFrame({"topic": 0, "rank": [1, 2, 3], "term": ["war", "tanks", "kyiv"],
                          "prob": [0.05, 0.03, 0.01], "overall": [0.06, 0.09, 0.012]})
    with clean_style():
        fig = new_figure(aspect=0.9)
        ax = plots.plot_top_terms(table, ncols=1, fig=fig)[0]
        renderer = frozen(fig)
    assert ax.get_xlabel() == "p(term | topic)"
    topic = [p for p in ax.patches if p.get_height() == pytest.approx(0.5)]
    overall = [p for p in ax.patches if p.get_height() == pytest.approx(0.8)]
    assert [p.get_width() for p in topic] == [0.05, 0.03, 0.01]
    assert [p.get_width() for p in overall] == [0.06, 0.09, 0.012]
    for dark, light in zip(topic, overall):  # same row, the light bar behind and lighter
        assert dark.get_y() + 0.25 == pytest.approx(light.get_y() + 0.4)
        assert light.get_zorder() < dark.get_zorder()
        assert sum(light.get_facecolor()[:3]) > sum(dark.get_facecolor()[:3])
    legend = fig.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == ["in the topic", "overall"]
    assert not legend.get_window_extent(renderer).overlaps(ax.get_window_extent(renderer))
    # the old call, without the column: one bar per term, no legend
    with clean_style():
        bare = plots.plot_top_terms(table.drop(columns="overall"), ncols=1)[0]
    assert len(bare.patches) == 3 and not bare.figure.legends and bare.get_xlabel() == "p(term | topic)"
    with clean_style():
        ranked = plots.plot_top_terms(table.assign(relevance=[0.1, 0.2, 0.3]), value="relevance", overall=None)[0]
    assert len(ranked.patches) == 3 and ranked.get_xlabel() == "relevance"


def test_legend_below_fits_under_a_narrow_axes():
    with clean_style():
        fig = new_figure(aspect=rates_aspect(6, 4))
        ax = plots.plot_rates(rates(), ax=fig.add_subplot())
        renderer = frozen(fig)
        legend, data = ax.get_legend().get_window_extent(renderer), ax.get_window_extent(renderer)
        xlabel = ax.xaxis.label.get_window_extent(renderer)
    assert legend.y1 <= xlabel.y0 and legend.x0 >= data.x0 - 1 and legend.x1 <= fig.bbox.x1
    assert Bbox.intersection(legend, data) is None
