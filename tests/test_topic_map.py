"""The intertopic distance map and the term → topics lookup (framing.topics.distance, framing.topics.lookup,
framing.viz.plots.topic_map)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgba
from matplotlib.patches import Circle
from scipy.spatial.distance import jensenshannon, pdist, squareform
from topic_data import synthetic_corpus, synthetic_dtm

import framing as fr
from framing.topics.distance import marginal_prevalence, pcoa, topic_distances, topic_map
from framing.topics.lookup import topics_of_term
from framing.viz.plots.topic_map import HIGHLIGHT, plot_topic_map
from framing.viz.render import clean_style


@pytest.fixture(scope="module")
def dtm():
    return synthetic_dtm(synthetic_corpus())


@pytest.fixture(scope="module")
def model(dtm):
    return fr.fit_topics(dtm, 4, seed=1, options=fr.LdaOptions(passes=5), progress=False)


def pyldavis_pcoa(pair_dists: np.ndarray, n_components: int = 2) -> np.ndarray:
    """pyLDAvis 3.4's ``_pcoa`` (pyLDAvis/_prepare.py), transcribed: the reference implementation."""
    n = pair_dists.shape[0]
    h = np.eye(n) - np.ones((n, n)) / n
    b = -h.dot(pair_dists ** 2).dot(h) / 2
    eigvals, eigvecs = np.linalg.eig(b)
    ix = eigvals.argsort()[::-1][:n_components]
    eigvals, eigvecs = eigvals[ix], eigvecs[:, ix]
    eigvals[np.isclose(eigvals, 0)] = 0
    if np.any(eigvals < 0):
        neg = eigvals < 0
        eigvals[neg] = 0
        eigvecs[:, neg] = 0
    return np.sqrt(eigvals) * eigvecs


def same_up_to_sign(a: np.ndarray, b: np.ndarray) -> bool:
    signs = np.sign(np.sum(a * b, axis=0))
    return np.allclose(a, b * np.where(signs == 0, 1, signs), atol=1e-10)


# --- distances -----------------------------------------------------------------------------------
def test_jensen_shannon_is_scipys_distance_squared(model):
    phi = model.topic_term_.astype(np.float64)  # gensim's float32 would make scipy compute in float32
    expected = np.array([[jensenshannon(p, q) ** 2 if i != j else 0.0 for j, q in enumerate(phi)]
                         for i, p in enumerate(phi)])
    divergence = topic_distances(model)
    assert np.allclose(divergence, expected, atol=1e-12, rtol=1e-9)
    assert np.array_equal(divergence, divergence.T) and np.all(np.diag(divergence) == 0)
    assert np.allclose(topic_distances(model, metric="jensen-shannon-distance"), np.sqrt(expected), atol=1e-9)
    assert divergence.max() <= np.log(2)


def test_jensen_shannon_of_disjoint_distributions_is_ln_2():
    from framing.topics.distance import js_divergence

    out = js_divergence(np.array([[0.5, 0.5, 0.0, 0.0], [0.0, 0.0, 0.25, 0.75], [0.5, 0.5, 0.0, 0.0]]))
    assert out[0, 1] == pytest.approx(np.log(2)) and out[0, 2] == 0.0


def test_unknown_metric_names_the_choices(model):
    with pytest.raises(fr.ArgumentError, match=r"unknown topic distance metric 'cosine'; use one of "
                                                r"\['jensen-shannon', 'jensen-shannon-distance'\]"):
        topic_map(model, metric="cosine")


# --- principal coordinates -----------------------------------------------------------------------
def test_pcoa_reproduces_euclidean_distances():
    points = np.random.default_rng(7).normal(size=(7, 3))
    distances = squareform(pdist(points))
    coords, values = pcoa(distances, n_components=3)
    assert np.allclose(pdist(coords), pdist(points), atol=1e-10)
    assert np.all(values[:3] > 0) and np.allclose(values[3:], 0, atol=1e-10)
    assert np.allclose(values[:3].sum(), ((points - points.mean(axis=0)) ** 2).sum())  # the total variation


def test_pcoa_of_the_jensen_shannon_distance_reproduces_it_in_k_minus_1_dimensions():
    phi = np.random.default_rng(3).dirichlet(np.full(40, 0.3), size=8)
    distance = np.sqrt(np.array([[jensenshannon(p, q) ** 2 for q in phi] for p in phi]))
    np.fill_diagonal(distance, 0.0)
    coords, values = pcoa(distance, n_components=7)
    assert values.min() > -1e-12  # a Hilbertian metric: nothing negative
    assert np.allclose(squareform(pdist(coords)), distance, atol=1e-9)


def test_pcoa_equals_pyldavis_up_to_the_sign_of_each_axis():
    phi = np.random.default_rng(11).dirichlet(np.full(60, 0.2), size=9)
    jsd = np.array([[jensenshannon(p, q) ** 2 for q in phi] for p in phi])
    np.fill_diagonal(jsd, 0.0)
    coords, _ = pcoa(jsd)
    assert same_up_to_sign(coords, np.real(pyldavis_pcoa(jsd)))
    assert np.array_equal(pcoa(jsd)[0], coords)
    largest = coords[np.argmax(np.abs(coords), axis=0), [0, 1]]
    assert np.all(largest > 0)  # the sign convention


@pytest.mark.parametrize("distances, kwargs, message", [
    (np.ones((2, 3)), {}, r"pcoa needs a square symmetric distance matrix with a zero diagonal, got shape \(2, 3\)"),
    (np.array([[0.0, 1.0], [2.0, 0.0]]), {}, r"square symmetric"),
    (np.zeros((3, 3)), {"n_components": 4}, r"n_components must be a whole number from 1 to 3, got 4"),
])
def test_pcoa_refuses_what_is_not_a_distance_matrix(distances, kwargs, message):
    with pytest.raises(fr.ArgumentError, match=message):
        pcoa(distances, **kwargs)


# --- the map -------------------------------------------------------------------------------------
def test_topic_map_coordinates_prevalence_and_labels(model):
    table = topic_map(model)
    assert table.columns.tolist() == ["topic", "x", "y", "prevalence", "label"]
    theta, lengths = model.doc_topic_, np.asarray(model.dtm.matrix.sum(axis=1)).ravel()
    by_hand = [sum(lengths[d] * theta[d, k] for d in range(len(lengths))) / lengths.sum() for k in range(model.k)]
    assert np.allclose(table["prevalence"], by_hand, rtol=1e-12)
    assert table["prevalence"].sum() == pytest.approx(1.0, abs=1e-12)
    assert same_up_to_sign(table[["x", "y"]].to_numpy(), np.real(pyldavis_pcoa(topic_distances(model))))
    assert table["label"].tolist() == model.labels()["label"].tolist()
    assert table.attrs["metric"] == "jensen-shannon" and 0 < sum(table.attrs["explained"]) <= 1 + 1e-12
    pd.testing.assert_frame_equal(topic_map(model), table)


def test_two_topics_lie_on_one_axis_half_their_distance_from_the_centre(dtm):
    two = fr.fit_topics(dtm, 2, seed=1, options=fr.LdaOptions(passes=5), progress=False)
    table = topic_map(two)
    d = jensenshannon(*two.topic_term_.astype(np.float64)) ** 2
    assert np.allclose(sorted(table["x"]), [-d / 2, d / 2], atol=1e-12) and np.all(table["y"] == 0)
    assert table.attrs["explained"] == [1.0, 0.0]


# --- term -> topics --------------------------------------------------------------------------------
def test_topics_of_term_against_the_model_matrices(model):
    phi, vocab = model.topic_term_, model.dtm.vocab
    cols = [i for i, t in enumerate(vocab) if t.startswith("gas") or t == "oil"]
    table = topics_of_term(model, "gas*|oil")
    assert table.attrs["terms"] == [vocab[i] for i in cols]
    prevalence = marginal_prevalence(model)
    prob = phi[:, cols].sum(axis=1)
    share = prob * prevalence / (prob * prevalence).sum()
    order = np.argsort(-share, kind="stable")
    assert table["topic"].tolist() == order.tolist()
    assert np.allclose(table["prob"], prob[order]) and np.allclose(table["share"], share[order])
    assert np.allclose(table["prevalence"], prevalence[order]) and table["share"].sum() == pytest.approx(1.0)
    assert (table["pattern"] == "gas*|oil").all()
    assert table["label"].tolist() == model.labels()["label"].iloc[order].tolist()
    assert topics_of_term(model, "gas*|oil", n=2)["topic"].tolist() == order[:2].tolist()


def test_topics_of_term_errors_name_near_terms_and_limits(model):
    with pytest.raises(fr.PatternError, match=r"pattern 'tankz' matches no term in the vocabulary .* "
                                              r"Did you mean 'tanks'"):
        topics_of_term(model, "tankz")
    with pytest.raises(fr.PatternError, match=r"pattern 'gas prices' has a 2-word phrase, but the model's terms "
                                              r"have at most 1 word\(s\); fit the model on a matrix with ngrams=2"):
        topics_of_term(model, "gas prices")
    with pytest.raises(fr.PatternError, match=r"empty alternative"):
        topics_of_term(model, "gas|")
    with pytest.raises(fr.ArgumentError, match=r"n must be a whole number ≥ 1 \(topics kept\) or None, got 0"):
        topics_of_term(model, "gas", n=0)


def test_topics_of_term_in_serbian_finds_both_scripts():
    texts = ["Руска агресија на Украјину, агресија.", "Ruska agresija i rat.", "Cijene gasa i nafte rastu.",
             "Гас и нафта, цијене гаса.", "Агресија и рат, рат.", "Nafta, gas, cijene."] * 3
    corpus = fr.from_dataframe(pd.DataFrame({"outlet": ["v.example"] * 18, "language": ["sr"] * 18,
                                             "date": pd.date_range("2022-02-01", periods=18).astype(str),
                                             "text": [f"{t} Broj {i}." for i, t in enumerate(texts)]}))
    model = fr.fit_topics(fr.document_term_matrix(corpus, cache=False), 2, seed=1,
                          options=fr.LdaOptions(passes=5), progress=False)
    cyrillic, latin = topics_of_term(model, "агресија"), topics_of_term(model, "agresija")
    assert cyrillic.attrs["terms"] == latin.attrs["terms"] == ["agresija"]
    pd.testing.assert_frame_equal(cyrillic.drop(columns="pattern"), latin.drop(columns="pattern"))


# --- the plot --------------------------------------------------------------------------------------
def test_plot_topic_map_draws_areas_proportional_to_prevalence(model):
    table = topic_map(model)
    with clean_style():
        ax = plot_topic_map(table, highlight=2)
        ax.figure.canvas.draw()
    circles = {int(c.get_gid()): c for c in ax.patches if isinstance(c, Circle)}
    assert sorted(circles) == list(range(model.k)) and all(c.get_picker() for c in circles.values())
    areas = np.array([circles[t].get_radius() ** 2 for t in table["topic"]])
    assert np.allclose(areas / areas.sum(), table["prevalence"] / table["prevalence"].sum())
    assert circles[2].get_facecolor()[:3] == to_rgba(HIGHLIGHT)[:3]
    assert all(c.get_facecolor()[:3] != to_rgba(HIGHLIGHT)[:3] for t, c in circles.items() if t != 2)
    assert [t.get_text() for t in ax.texts] == [str(t) for t in table["topic"]]
    assert ax.get_xlabel().startswith("PC1 (") and ax.get_ylabel().startswith("PC2 (")
    assert table["label"][2] in ax.get_title(loc="left").replace("\n", " ")
    # nothing clipped: every circle and number inside the axes, every label inside the figure
    renderer = ax.figure.canvas.get_renderer()
    box, page = ax.get_window_extent(renderer), ax.figure.bbox
    for circle in circles.values():
        extent = circle.get_window_extent(renderer)
        assert box.x0 - 1 <= extent.x0 and extent.x1 <= box.x1 + 1 and box.y0 - 1 <= extent.y0 and extent.y1 <= box.y1 + 1
    for text in [*ax.texts, ax.xaxis.label, ax.yaxis.label, ax.title, ax._left_title]:
        extent = text.get_window_extent(renderer)
        assert page.x0 <= extent.x0 and extent.x1 <= page.x1 and page.y0 <= extent.y0 and extent.y1 <= page.y1


def test_plot_topic_map_refuses_bad_tables():
    table = pd.DataFrame({"topic": [0, 1], "x": [0.1, -0.1], "y": [0.0, 0.0], "prevalence": [0.6, 0.4]})
    with pytest.raises(fr.ArgumentError, match=r"plot_topic_map needs the columns \['prevalence'\]"):
        plot_topic_map(table.drop(columns="prevalence"))
    with pytest.raises(fr.ArgumentError, match=r"highlight=5 is not a topic of the map \(topics \[0, 1\]\)"):
        plot_topic_map(table, highlight=5)
    ax = plot_topic_map(table)  # no label column, no highlight: the plain title
    assert ax.get_title(loc="left") == "circle area ∝ topic prevalence" and ax.get_xlabel() == "PC1"
