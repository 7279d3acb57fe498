"""Centrality of the actors and programs in the projection.

Computed on the undirected projection (see :mod:`graph.projection`), each
node pair counted once whatever the number of facts between them:
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

__all__ = ["EXACT_WORK", "MEASURES", "MIN_SAMPLES", "centrality_answer", "compute_all", "format_centrality", "load_centrality",
           "method", "rank"]

MEASURES = ("degree", "betweenness", "closeness", "pagerank", "eigenvector")
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


def compute_all(g):
    """{measure: {node: score}} for every measure of :data:`MEASURES`."""
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
    return {
        "degree": nx.degree_centrality(g),
        "betweenness": nx.betweenness_centrality(g, k=k, normalized=True, seed=SEED if k else None),
        "closeness": _closeness(g, k),
        "pagerank": nx.pagerank(g, alpha=0.85),
        "eigenvector": eigen,
    }


def load_centrality(build, network):
    """The scores of ``build``, from its checked JSON or computed now (and cached while the build is made)."""
    scores = build.read_json(_FILE)
    if scores is not None:
        return scores
    scores = compute_all(network)
    build.write_json(_FILE, scores)
    return scores


def rank(scores, network, measure, types=None, top=20):
    """[(node, score)] highest first, limited to nodes of ``types`` (with subclasses)."""
    from graph.network.paths import ancestors_of

    items = scores[measure].items()
    if types:
        items = [(n, s) for n, s in items if ancestors_of(network.nodes[n]["type"]) & set(types)]
    return sorted(items, key=lambda kv: (-kv[1], kv[0]))[:top]


def centrality_answer(ws, measure="betweenness", types=(), top=20, as_of=None, lang="en"):
    """The dict of ``kg centrality --format json``: the measure, the date and the ranked entities.

    Without ``as_of`` the build's cached scores are used; with it they are
    computed afresh on the network of that date.
    """
    from graph.network.pathfinder import check_date, class_names
    from graph.network.paths import filter_as_of

    if measure not in MEASURES:
        from graph.errors import UserInputError

        raise UserInputError(f"unknown measure {measure!r} (use {', '.join(MEASURES)})")
    g, date = ws.network, check_date(as_of)
    if date:
        g = filter_as_of(g, date)
        scores = compute_all(g)
    else:
        scores = load_centrality(ws.build, g)
    rows = rank(scores, g, measure, types=class_names(types), top=top)
    return {"measure": measure, "as_of": date, "types": list(types),
            "results": [{"id": n, "label": g.nodes[n][lang] or g.nodes[n]["en"] or n,
                         "type": g.nodes[n]["type"], "score": round(s, 6)} for n, s in rows]}


def format_centrality(answer, fmt="text"):
    """``answer`` of :func:`centrality_answer` as a ranked text table or CSV."""
    results = answer["results"]
    if fmt == "csv":
        lines = ["rank,id,label,type,score"]
        lines += [f'{i},{r["id"]},"{r["label"].replace(chr(34), chr(34) * 2)}",{r["type"]},{r["score"]}'
                  for i, r in enumerate(results, 1)]
        return "\n".join(lines)
    width = max([len(r["label"]) for r in results] + [5])
    head = (f"{answer['measure']} centrality" + (f" ({', '.join(answer['types'])})" if answer["types"] else "")
            + (f" as of {answer['as_of']}" if answer["as_of"] else ""))
    return "\n".join([head] + [f"{i:>3}. {r['label']:<{width}}  {r['score']:.4f}  {r['type']}  {r['id']}"
                               for i, r in enumerate(results, 1)])
