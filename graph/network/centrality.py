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

Betweenness and closeness cost about one breadth-first search per node, so
nodes x edges steps. Up to :data:`EXACT_WORK` steps (the real graph needs
0.5 million) they are exact; above it both are estimated from a sample of
source nodes drawn with a fixed seed, as many as the same budget allows
(at least :data:`MIN_SAMPLES`): betweenness by Brandes' pivot sampling
(``networkx.betweenness_centrality(k=…, seed=…)``), closeness from the
distances to the sampled sources (Eppstein-Wang). Estimates are repeatable,
and :func:`method` says which was used. Everything goes through NetworkX,
so a NetworkX backend (``NETWORKX_AUTOMATIC_BACKENDS``) can take over.

>>> import networkx as nx
>>> scores = compute_all(nx.path_graph(["a", "b", "c"]))
>>> max(scores["betweenness"], key=scores["betweenness"].get)
'b'
>>> method(nx.path_graph(3))
'exact'
>>> method(nx.grid_2d_graph(300, 300))
'sampled from 64 of 90000 sources, seed 0'
"""

__all__ = ["DIGITS", "EXACT_WORK", "KINDS", "MEASURES", "MIN_SAMPLES", "RANKED", "centrality_network", "compute_all",
           "load_centrality", "method", "rank"]

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


def _closeness(g, k):
    """Closeness, exact or estimated from the distances to ``k`` sampled sources."""
    import random

    import networkx as nx

    if k is None:
        return nx.closeness_centrality(g, wf_improved=True)
    n = g.number_of_nodes()
    sources = random.Random(SEED).sample(sorted(g, key=str), k)
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

    >>> import networkx as nx
    >>> compute_all(nx.cycle_graph(7))["eigenvector"][0]
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
        values = nx.eigenvector_centrality_numpy(sub)
        weight = len(part) / g.number_of_nodes()
        eigen.update({n: abs(v) * weight for n, v in values.items()})
    return {name: _fixed(values) for name, values in (
        ("degree", nx.degree_centrality(g)),
        ("betweenness", nx.betweenness_centrality(g, k=k, normalized=True, seed=SEED if k else None)),
        ("closeness", _closeness(g, k)),
        ("pagerank", nx.pagerank(g, alpha=0.85)),
        ("eigenvector", eigen))}


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

