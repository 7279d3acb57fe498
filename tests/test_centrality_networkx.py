"""The centralities a build caches (igraph) are NetworkX's, within the documented tolerance, and reproducible.

``graph.network.centrality.compute_all`` computes with igraph what
``networkx_scores`` computes with NetworkX's own functions; these tests hold
the two together on the real graph (every measure, both networks), on the
sampled estimates above the work budget, and on the corners (parts of one and
two nodes), and check that two builds of the same inputs write the same bytes.
"""

import networkx as nx
import pytest

from graph.network import centrality
from graph.network.centrality import MEASURES, TOLERANCE, compute_all, networkx_scores


def _close(fast, reference):
    """The nodes whose score differs from the reference by more than the tolerance."""
    assert set(fast) == set(reference)
    return [v for v in reference if fast[v] != pytest.approx(reference[v], rel=TOLERANCE, abs=1e-12)]


def _top(scores, n=20):
    return sorted(scores, key=lambda v: (-scores[v], str(v)))[:n]


@pytest.fixture(scope="module")
def real(built):
    from graph.workspace import Workspace

    return Workspace().network


@pytest.mark.parametrize("kind", centrality.KINDS)
@pytest.mark.parametrize("measure", MEASURES)
def test_every_measure_on_the_real_graph_is_networkx_s(real, kind, measure):
    g = centrality.centrality_network(real, kind)
    assert centrality.method(g) == "exact"
    fast, reference = compute_all(g)[measure], networkx_scores(g)[measure]
    assert _close(fast, reference) == []
    assert _top(fast) == _top(reference)


def test_pagerank_differs_from_networkx_defaults_only_by_its_stopping_tolerance(real):
    # NetworkX stops its power iteration once the scores move less than n * 1e-6 in all
    g = centrality.centrality_network(real, "whole")
    fast, default = compute_all(g)["pagerank"], nx.pagerank(g, alpha=0.85)
    assert sum(abs(fast[v] - default[v]) for v in g) < g.number_of_nodes() * 1e-6


@pytest.fixture(scope="module")
def scale_free():
    g = nx.barabasi_albert_graph(1200, 2, seed=3)
    g = nx.relabel_nodes(g, {i: f"n{i}" for i in g})
    g.add_edges_from([("pair-a", "pair-b"), ("three-a", "three-b"), ("three-b", "three-c")])
    g.add_node("alone")
    return g


@pytest.mark.skipif(tuple(int(x) for x in nx.__version__.split(".")[:2]) < (3, 5),
                    reason="NetworkX before 3.5 scaled sampled betweenness differently")
def test_sampled_estimates_are_networkx_s_with_the_same_sources(scale_free, monkeypatch):
    monkeypatch.setattr(centrality, "EXACT_WORK", 100_000)
    assert centrality.method(scale_free).startswith("sampled from 64 of 1206 sources")
    fast, reference = compute_all(scale_free), networkx_scores(scale_free)
    for measure in MEASURES:
        assert _close(fast[measure], reference[measure]) == [], measure


def test_small_parts_and_lone_nodes_score_as_in_networkx(scale_free):
    fast, reference = compute_all(scale_free), networkx_scores(scale_free)
    for measure in MEASURES:
        assert _close(fast[measure], reference[measure]) == [], measure
    assert fast["eigenvector"]["pair-a"] == fast["closeness"]["alone"] == fast["betweenness"]["alone"] == 0.0


@pytest.mark.parametrize("g", [nx.Graph(), nx.path_graph(1), nx.path_graph(2), nx.empty_graph(3)],
                         ids=["empty", "one node", "one edge", "three lone nodes"])
def test_degenerate_graphs(g):
    fast = compute_all(g)
    assert set(fast) == set(MEASURES) and all(set(fast[m]) == set(g) for m in MEASURES)
    if g.number_of_nodes():
        reference = networkx_scores(g)
        for measure in MEASURES:
            assert _close(fast[measure], reference[measure]) == [], measure


def test_two_builds_of_the_same_inputs_write_the_same_bytes(tmp_path):
    # in two processes with different string hashing: nothing may depend on the order of a set
    import json
    import os
    import subprocess
    import sys

    import pyoxigraph as ox

    files, quads = [], []
    for seed in ("1", "2"):
        cache = tmp_path / seed
        env = {**os.environ, "KG_CACHE": str(cache), "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "graph.cli", "build", "--force"], env=env, capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        listed = json.loads(next(cache.glob("*/manifest.json")).read_text(encoding="utf-8"))["files"]
        # the Oxigraph store's own files carry its database id and times: compared by what they hold
        files.append({name: record for name, record in listed.items() if not name.startswith("store/")})
        store = ox.Store.read_only(str(next(cache.glob("*/store"))))
        quads.append(sorted(str(q) for q in store))
    assert files[0] == files[1]
    assert quads[0] == quads[1] and len(quads[0]) > 20000
    assert {"centrality.json", "centrality-cooperation.json", "projection.json", "names.json", "names-entries.json",
            "names-prefixes.json", "search-words.json", "dataset.nt"} <= set(files[0])
