"""Betweenness and closeness: exact on graphs the size of ours, sampled with a fixed seed above a work budget."""

import networkx as nx
import pytest

from graph.network import centrality


@pytest.fixture(scope="module")
def scale_free():
    g = nx.barabasi_albert_graph(1200, 2, seed=3)
    return nx.relabel_nodes(g, {i: f"n{i}" for i in g})


def _top(scores, n=20):
    return set(sorted(scores, key=lambda v: (-scores[v], v))[:n])


def test_the_real_graph_is_computed_exactly(built):
    from graph.workspace import Workspace

    assert centrality.method(Workspace().network) == "exact"


def test_above_the_budget_both_measures_are_sampled_and_close_to_exact(scale_free, monkeypatch):
    exact = centrality.compute_all(scale_free)
    monkeypatch.setattr(centrality, "EXACT_WORK", 100_000)
    assert centrality.method(scale_free).startswith("sampled from 64 of 1200 sources")
    sampled = centrality.compute_all(scale_free)
    for measure in ("betweenness", "closeness"):
        assert sampled[measure] != exact[measure]  # really an estimate
        assert len(_top(sampled[measure]) & _top(exact[measure])) >= 12, measure


def test_sampled_scores_are_the_same_on_every_run(scale_free, monkeypatch):
    monkeypatch.setattr(centrality, "EXACT_WORK", 100_000)
    first, second = centrality.compute_all(scale_free), centrality.compute_all(scale_free)
    assert first["betweenness"] == second["betweenness"]
    assert first["closeness"] == second["closeness"]
