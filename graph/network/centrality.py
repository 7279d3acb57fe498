"""Centrality of the actors and programs in the projection.

Two networks (``kind``), each undirected, each node pair counted once
whatever the number of facts between them:

* ``"cooperation"`` (the default of ``kg centrality``): who brokers
  cooperation. The channel network (:func:`graph.network.scope.channel_network`:
  no proposal, plan or thing under review, no designation, ban, tariff or
  rival program) without the ``basedIn`` edges, which tie every
  organisation to its country hub and would make the countries broker
  everything. Agreements, collaborations and participations stay in, as
  the bridges between the actors, but only actors and programs are
  ranked (:data:`RANKED`) unless classes are asked for;
* ``"whole"``: every relation of the projection (see :mod:`graph.network.projection`),
  every node ranked: today's ranking before this change.

Measures:
``degree`` (share of other nodes linked), ``betweenness`` (normalised,
shortest paths through the node: the brokers), ``closeness`` (Wasserman-Faust
scaled for disconnected graphs), ``pagerank`` (alpha 0.85), ``eigenvector``
(on each connected part, scaled by its size). All five are computed once per
build and cached.

They are computed by igraph (compiled; :mod:`graph.network.compiled`) and
are NetworkX's measures: :func:`networkx_scores` computes the same with
NetworkX's own functions, and a test holds the two together on the real
graph, every measure on both networks, and on sampled estimates: no score
differs by more than :data:`TOLERANCE` of itself (measured: 1.2e-9 at worst,
and after rounding to :data:`DIGITS` digits all but 4 of the 5,390 scores of
the real graph are the same; the top 50 of each ranking are the same).
PageRank is solved to convergence (ARPACK), so the reference runs NetworkX's power
iteration to convergence; at NetworkX's default stopping point its scores
are still up to 0.4 % off on the real graph.

Betweenness and closeness cost about one breadth-first search per node, so
nodes x edges steps. Up to :data:`EXACT_WORK` steps (the real graph needs
0.5 million) they are exact; above it both are estimated from a sample of
source nodes drawn with a fixed seed, as many as the same budget allows
(at least :data:`MIN_SAMPLES`): betweenness by Brandes' pivot sampling, from
the sources ``random.Random(SEED).sample(list(g), k)`` and scaled as
``networkx.betweenness_centrality(g, k=k, seed=SEED)`` (NetworkX 3.5 and
later) draws and scales them: the sums of a source node divided by
``(k - 1)(n - 2)``, of any other by ``k(n - 2)``; closeness from the
distances to the sources ``random.Random(SEED).sample(sorted(g, key=str), k)``
(Eppstein-Wang, see :func:`_closeness`). Estimates are repeatable, and
:func:`method` says which was used.

>>> import networkx as nx
>>> scores = compute_all(nx.path_graph(["a", "b", "c"]))
>>> max(scores["betweenness"], key=scores["betweenness"].get)
'b'
>>> method(nx.path_graph(3))
'exact'
>>> method(nx.grid_2d_graph(300, 300))
'sampled from 64 of 90000 sources, seed 0'
"""

__all__ = ["DIGITS", "EXACT_WORK", "KINDS", "MEASURES", "MIN_SAMPLES", "RANKED", "TOLERANCE", "centrality_network",
           "compute_all", "load_centrality", "method", "networkx_scores", "rank"]

MEASURES = ("degree", "betweenness", "closeness", "pagerank", "eigenvector")
KINDS = ("cooperation", "whole")
#: the classes ranked on the cooperation network when no class is asked for
RANKED = ("kg:Actor", "kg:Program")
#: significant digits every score keeps, so that two builds of one commit give the same bytes
DIGITS = 10
_FILE = "centrality.json"
EXACT_WORK = 2_000_000  # nodes x edges up to which betweenness and closeness are exact
MIN_SAMPLES = 64
SEED = 0
#: the most a score of :func:`compute_all` differs from :func:`networkx_scores`, relative to the score
#: (scores below 1e-12 within 1e-12)
TOLERANCE = 1e-8


def samples(g):
    """How many sources to sample for ``g``: None when the exact computation is affordable."""
    n, m = g.number_of_nodes(), max(g.number_of_edges(), 1)
    if n * m <= EXACT_WORK:
        return None
    return min(n, max(MIN_SAMPLES, EXACT_WORK // m))


def method(g):
    """How betweenness and closeness are computed on ``g``, in words."""
    k = samples(g)
    return "exact" if k is None else f"sampled from {k} of {g.number_of_nodes()} sources, seed {SEED}"


def centrality_network(g, kind="cooperation", as_of=None):
    """The network a ranking of ``kind`` is computed on (see the module docstring); ``g`` is not changed."""
    from graph.network.paths import filter_as_of
    from graph.network.scope import channel_network

    if kind == "whole":
        return filter_as_of(g, as_of) if as_of else g
    h = channel_network(g, as_of=as_of)
    out = h.__class__()
    out.add_nodes_from(h.nodes(data=True))
    for a, b, d in h.edges(data=True):
        facts = [f for f in d["facts"] if f["relation"] != "basedIn"]
        if facts:
            out.add_edge(a, b, facts=facts)
    return out


def _fixed(scores):
    """Every score rounded to :data:`DIGITS` significant digits (floating-point noise differs between runs)."""
    return {n: float(f"{v:.{DIGITS}g}") + 0.0 for n, v in sorted(scores.items(), key=lambda kv: str(kv[0]))}


def compute_all(g):
    """{measure: {node: score}} for every measure of :data:`MEASURES`, to :data:`DIGITS` significant digits.

    Computed by igraph: NetworkX's measures (:func:`networkx_scores`), see the module docstring.

    >>> import networkx as nx
    >>> compute_all(nx.cycle_graph(7))["eigenvector"][0]
    0.377964473
    """
    import random

    from graph.network.compiled import to_igraph

    h, nodes = to_igraph(g)
    n, k = len(nodes), samples(g)
    state = random.getstate()
    random.seed(SEED)  # igraph draws from Python's random module (its ARPACK start vectors, if any)
    try:
        scores = {"degree": _degree(h, nodes), "betweenness": _betweenness(h, nodes, k),
                  "closeness": _closeness(g, h, nodes, k),
                  "pagerank": _pagerank(h, nodes),
                  "eigenvector": _eigenvector(h, nodes)}
    finally:
        random.setstate(state)
    return {name: _fixed(scores[name]) for name in MEASURES}


def _degree(h, nodes):
    """``networkx.degree_centrality``: the degree over the number of other nodes."""
    if len(nodes) <= 1:
        return {v: 1.0 for v in nodes}
    s = 1.0 / (len(nodes) - 1.0)
    return {v: d * s for v, d in zip(nodes, h.degree())}


def _pagerank(h, nodes):
    """``networkx.pagerank(g, alpha=0.85)`` solved to convergence (ARPACK: igraph's PRPACK solver runs
    OpenMP threads, which on a busy machine took up to a second instead of ten milliseconds)."""
    if not nodes:
        return {}
    return dict(zip(nodes, h.pagerank(damping=0.85, directed=False, implementation="arpack")))


def _betweenness(h, nodes, k):
    """``networkx.betweenness_centrality(g, k=k, normalized=True, seed=SEED)`` (k None: exact).

    igraph counts each shortest path of an undirected graph once, NetworkX
    once from each end: its sums are twice igraph's, and are scaled by the
    number of (source, target) pairs a path through the node could join
    (see the module docstring).
    """
    n = len(nodes)
    if n <= 2:
        return {v: 0.0 for v in nodes}
    if k is None:
        scale = 2 / ((n - 1) * (n - 2))
        return {v: b * scale for v, b in zip(nodes, h.betweenness(directed=False))}
    sources = _betweenness_sources(nodes, k)
    index = {v: i for i, v in enumerate(nodes)}
    raw = h.betweenness(directed=False, sources=[index[v] for v in sources])
    picked = set(sources)
    source_scale = 2 / ((k - 1) * (n - 2)) if k > 1 else float("nan")
    other_scale = 2 / (k * (n - 2))
    return {v: b * (source_scale if v in picked else other_scale) for v, b in zip(nodes, raw)}


def _betweenness_sources(nodes, k):
    """The ``k`` pivots NetworkX's ``betweenness_centrality(k=k, seed=SEED)`` draws from the nodes in order."""
    import random

    return random.Random(SEED).sample(list(nodes), k)


def _closeness_sources(g, k):
    """The ``k`` sources the closeness estimate measures from: drawn from the nodes sorted by name."""
    import random

    return random.Random(SEED).sample(sorted(g, key=str), k)


def _closeness(g, h, nodes, k):
    """Closeness (Wasserman-Faust), exact or estimated from the distances to ``k`` sampled sources.

    Exact: ``networkx.closeness_centrality(g, wf_improved=True)``, the
    reachable nodes over the sum of the distances to them, times the share of
    the graph they are. Estimated (Eppstein-Wang): the mean distance to the
    sampled sources a node reaches stands for the mean over its whole
    component, whose size is estimated from how many sources reach it.
    """
    import numpy as np

    n = len(nodes)
    if n <= 1:
        return {v: 0.0 for v in nodes}
    if k is None:
        parts = h.connected_components()
        size = np.bincount(parts.membership)[parts.membership]
        raw = h.closeness(mode="all", normalized=True)  # (reached - 1) / total distance; NaN when alone
        return {v: 0.0 if size[i] <= 1 or c != c else c * ((size[i] - 1) / (n - 1))
                for i, (v, c) in enumerate(zip(nodes, raw))}
    index = {v: i for i, v in enumerate(nodes)}
    sources = [index[v] for v in _closeness_sources(g, k)]
    dist = np.array(h.distances(source=sources), dtype=float)  # k x n, inf where unreachable
    reachable = np.isfinite(dist)
    total = np.where(reachable, dist, 0.0).sum(axis=0)
    reached = reachable.sum(axis=0)
    is_source = np.zeros(n, dtype=bool)
    is_source[sources] = True
    scores = {}
    for i, v in enumerate(nodes):
        part = int(reached[i]) * n / k  # estimated size of v's component
        if total[i] == 0 or part <= 1:
            scores[v] = 0.0
            continue
        mean = float(total[i]) / max(int(reached[i]) - int(is_source[i]), 1)
        scores[v] = (1 / mean) * ((part - 1) / (n - 1))
    return scores


def _eigenvector(h, nodes):
    """Eigenvector centrality of each connected part of three or more nodes (unit length, as
    ``networkx.eigenvector_centrality_numpy`` gives it) times the part's share of the nodes; 0 elsewhere."""
    import numpy as np

    n = len(nodes)
    scores = {}
    for part in h.connected_components():
        if len(part) < 3:
            scores.update((nodes[i], 0.0) for i in part)
            continue
        values = np.abs(np.array(h.induced_subgraph(part).eigenvector_centrality(), dtype=float))
        values *= (len(part) / n) / np.linalg.norm(values)
        scores.update((nodes[i], float(x)) for i, x in zip(part, values))
    return scores


def networkx_scores(g):
    """{measure: {node: score}} computed with NetworkX's own functions, unrounded: the definition
    :func:`compute_all` follows (within :data:`TOLERANCE`), for tests and for comparison.

    PageRank's and eigenvector centrality's power iterations run to convergence (``tol=1e-15``) rather
    than stopping at NetworkX's default (the scores moving less than 1e-6
    per node in all), where it can still be a few tenths of a per cent off.

    >>> import networkx as nx
    >>> round(networkx_scores(nx.cycle_graph(7))["eigenvector"][0], 9)
    0.377964473
    """
    import networkx as nx

    k = samples(g)
    eigen = {}
    for part in nx.connected_components(g):
        sub = g.subgraph(part)
        if len(part) < 3:
            eigen.update({n: 0.0 for n in part})
            continue
        # power iteration to convergence: the same unit-length vector as eigenvector_centrality_numpy, whose
        # ARPACK start is random (its last digits moved from one call to the next, past the tolerance)
        values = nx.eigenvector_centrality(sub, max_iter=100_000, tol=1e-15)
        weight = len(part) / g.number_of_nodes()
        eigen.update({n: abs(v) * weight for n, v in values.items()})
    return {"degree": nx.degree_centrality(g),
            "betweenness": nx.betweenness_centrality(g, k=k, normalized=True, seed=SEED if k else None),
            "closeness": _networkx_closeness(g, k),
            "pagerank": nx.pagerank(g, alpha=0.85, tol=1e-15, max_iter=10_000),
            "eigenvector": eigen}


def _networkx_closeness(g, k):
    """Closeness with NetworkX, exact or estimated from the distances to ``k`` sampled sources (the reference of
    :func:`_closeness`)."""
    import random

    import networkx as nx

    if k is None:
        return nx.closeness_centrality(g, wf_improved=True)
    n = g.number_of_nodes()
    sources = _closeness_sources(g, k)
    total, reached = dict.fromkeys(g, 0), dict.fromkeys(g, 0)
    for s in sources:
        for v, d in nx.single_source_shortest_path_length(g, s).items():
            total[v] += d
            reached[v] += 1
    scores = {}
    for v in g:
        # the sample's mean distance stands for the mean over the node's whole component
        part = reached[v] * n / k  # estimated size of v's component
        if total[v] == 0 or part <= 1:
            scores[v] = 0.0
            continue
        mean = total[v] / max(reached[v] - (v in sources), 1)
        scores[v] = (1 / mean) * ((part - 1) / (n - 1))
    return scores


def load_centrality(build, network, kind="whole"):
    """The scores of ``build`` on the network of ``kind`` (from the projection ``network``), from the build's
    checked JSON, or computed now and kept with the build."""
    name = _FILE if kind == "whole" else f"centrality-{kind}.json"
    scores = build.read_json(name)
    if scores is not None:
        return scores
    scores = compute_all(centrality_network(network, kind))
    build.write_json(name, scores)
    return scores


def rank(scores, network, measure, types=None, top=20):
    """[(node, score)] highest first, limited to nodes of ``types`` (with subclasses), ties by id."""
    from graph.vocab.schema import ancestors_of

    items = [(n, s) for n, s in scores[measure].items() if n in network]
    if types:
        items = [(n, s) for n, s in items if ancestors_of(network.nodes[n]["type"]) & set(types)]
    return sorted(items, key=lambda kv: (-kv[1], kv[0]))[:top]

