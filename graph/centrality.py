"""Centrality of the actors and programs in the projection.

Computed on the undirected projection (see :mod:`graph.projection`), each
node pair counted once whatever the number of facts between them:
``degree`` (share of other nodes linked), ``betweenness`` (exact, normalised,
shortest paths through the node: the brokers), ``closeness`` (Wannerman-Faust
scaled for disconnected graphs), ``pagerank`` (alpha 0.85), ``eigenvector``
(on each connected part, scaled by its size). All five are computed once per
build and cached.

>>> import networkx as nx
>>> scores = compute_all(nx.path_graph(["a", "b", "c"]))
>>> max(scores["betweenness"], key=scores["betweenness"].get)
'b'
"""

import pickle

__all__ = ["MEASURES", "compute_all", "load_centrality", "rank"]

MEASURES = ("degree", "betweenness", "closeness", "pagerank", "eigenvector")
_FILE = "centrality.pickle"


def compute_all(g):
    """{measure: {node: score}} for every measure of :data:`MEASURES`."""
    import networkx as nx

    eigen = {}
    for part in nx.connected_components(g):
        sub = g.subgraph(part)
        if len(part) < 3:
            eigen.update({n: 0.0 for n in part})
            continue
        values = nx.eigenvector_centrality_numpy(sub)
        weight = len(part) / g.number_of_nodes()
        eigen.update({n: abs(v) * weight for n, v in values.items()})
    return {
        "degree": nx.degree_centrality(g),
        "betweenness": nx.betweenness_centrality(g, normalized=True),
        "closeness": nx.closeness_centrality(g, wf_improved=True),
        "pagerank": nx.pagerank(g, alpha=0.85),
        "eigenvector": eigen,
    }


def load_centrality(build, network):
    """The cached scores of ``build``, computed and pickled on first use."""
    from .atomic import write_bytes

    path = build.folder / _FILE
    if path.exists():
        with open(path, "rb") as fh:
            return pickle.load(fh)
    scores = compute_all(network)
    write_bytes(path, pickle.dumps(scores, protocol=pickle.HIGHEST_PROTOCOL))
    return scores


def rank(scores, network, measure, types=None, top=20):
    """[(node, score)] highest first, limited to nodes of ``types`` (with subclasses)."""
    from .paths import ancestors_of

    items = scores[measure].items()
    if types:
        items = [(n, s) for n, s in items if ancestors_of(network.nodes[n]["type"]) & set(types)]
    return sorted(items, key=lambda kv: (-kv[1], kv[0]))[:top]
