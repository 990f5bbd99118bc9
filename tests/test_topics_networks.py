"""Frame networks (framing.topics.networks, ANTMN): planted topic packages, weights against numpy, per outlet."""

from __future__ import annotations

import numpy as np
import pytest
from topic_data import synthetic_dtm

import framing as fr
from framing.topics.networks import network_from_theta


def packages_theta(seed: int = 2, n_docs: int = 600) -> np.ndarray:
    """Documents that each draw on one of three planted packages of topics: {0, 3}, {1, 4, 5}, {2, 6}."""
    rng = np.random.default_rng(seed)
    packages = [[0, 3], [1, 4, 5], [2, 6]]
    theta = rng.dirichlet(np.full(7, 0.5), n_docs) * 0.3
    chosen = rng.integers(0, 3, n_docs)
    for d, p in enumerate(chosen):
        theta[d, packages[p]] += rng.dirichlet(np.ones(len(packages[p]))) * 0.7
    return theta


def test_louvain_finds_the_planted_packages_and_weights_are_positive_correlations():
    theta = packages_theta()
    net = network_from_theta(theta, seed=1)
    found = sorted(net.nodes.groupby("community")["topic"].apply(sorted).tolist())
    assert found == [[0, 3], [1, 4, 5], [2, 6]]
    r = np.corrcoef(theta.T)
    expected = {(a, b): r[a, b] for a in range(7) for b in range(a + 1, 7) if r[a, b] > 0}
    got = {(int(a), int(b)): w for a, b, w in net.edges[["topic_a", "topic_b", "weight"]].to_numpy()}
    assert got.keys() == expected.keys()
    assert all(got[e] == pytest.approx(expected[e]) for e in expected)
    strength = [sum(w for e, w in expected.items() if t in e) for t in range(7)]
    np.testing.assert_allclose(net.nodes["strength"], strength)
    # sizes: the topics' shares of all tokens; packages numbered by size
    lengths = np.arange(1, len(theta) + 1, dtype=float)
    sized = network_from_theta(theta, lengths=lengths, seed=1)
    np.testing.assert_allclose(sized.nodes["size"], (lengths @ theta) / lengths.sum())
    totals = sized.nodes.groupby("community")["size"].sum()
    assert totals.is_monotonic_decreasing


def test_cosine_measure_and_min_weight():
    theta = packages_theta(seed=3)
    net = network_from_theta(theta, measure="cosine", min_weight=0.5, seed=1)
    norms = np.linalg.norm(theta, axis=0)
    cos = theta.T @ theta / np.outer(norms, norms)
    pairs = [(a, b) for a in range(7) for b in range(a + 1, 7) if cos[a, b] > 0.5]
    assert list(map(tuple, net.edges[["topic_a", "topic_b"]].to_numpy().tolist())) == pairs
    np.testing.assert_allclose(net.edges["weight"], [cos[a, b] for a, b in pairs])


def test_the_same_seed_gives_the_same_packages():
    theta = np.random.default_rng(9).dirichlet(np.full(8, 0.3), 200)  # no structure: Louvain's choice is random
    first = network_from_theta(theta, seed=4).nodes
    assert first.equals(network_from_theta(theta, seed=4).nodes)


def test_per_outlet_networks_of_a_fitted_model():
    dtm = synthetic_dtm()
    model = fr.fit_topics(dtm, 4, seed=1, options=fr.LdaOptions(passes=5), progress=False)
    net = fr.frame_network(model, by="outlet", seed=1)
    assert list(net.nodes.columns) == ["outlet", "topic", "label", "size", "strength", "community"]
    assert list(net.edges.columns) == ["outlet", "topic_a", "topic_b", "weight"]
    assert sorted(net.nodes["outlet"].unique()) == ["alpha.example", "beta.example", "gamma.example"]
    rows = (dtm.docs["outlet"] == "beta.example").to_numpy()
    r = np.corrcoef(model.doc_topic_[rows].T)
    beta = net.edges[net.edges["outlet"] == "beta.example"]
    for a, b, w in beta[["topic_a", "topic_b", "weight"]].to_numpy():
        assert w == pytest.approx(r[int(a), int(b)])
    assert len(beta) == sum(r[a, b] > 0 for a in range(4) for b in range(a + 1, 4))
    g = net.graph("beta.example")
    assert sorted(g.nodes) == [0, 1, 2, 3] and g.number_of_edges() == len(beta)
    assert g.nodes[0]["label"] == model.labels()["label"].iloc[0]
    with pytest.raises(fr.ArgumentError, match="one graph per outlet; name one with group="):
        net.graph()
    with pytest.raises(fr.ArgumentError, match="group 'delta' is not among the values of outlet"):
        net.graph("delta")
    whole = fr.frame_network(model)
    assert whole.columns == () and len(whole.nodes) == 4


def test_bad_arguments():
    theta = packages_theta()
    with pytest.raises(fr.ArgumentError, match="measure='pearson': use one of"):
        network_from_theta(theta, measure="pearson")
    with pytest.raises(fr.ArgumentError, match=r"min_weight=1: give a number in \[0, 1\)"):
        network_from_theta(theta, min_weight=1)
    with pytest.raises(fr.ArgumentError, match="resolution=0: give a positive number"):
        network_from_theta(theta, resolution=0)
    with pytest.raises(fr.ArgumentError, match="at least 3 documents and 2 topics"):
        network_from_theta(theta[:2])
