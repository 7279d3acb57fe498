"""Separate channels between two entities: node-independent paths and cuts (Menger).

Two measures, both on the undirected projection:

* ``short_channels``: the most node-independent paths between ``s`` and
  ``t`` inside the *short-route subgraph*, the nodes that lie on some path
  of at most ``max_hops`` hops. This counts separate channels among the
  routes an analyst would read, not detours through half the graph.
* ``connectivity``: node- and edge-independent path counts over the whole
  network (callers pass :func:`cooperation_network` for channels of cooperation), and a minimum node cut and edge cut (Menger's theorem: the
  number of independent paths equals the size of the smallest cut).

>>> import networkx as nx
>>> g = nx.Graph([("a", "x"), ("x", "b"), ("a", "y"), ("y", "b"), ("a", "z"), ("z", "w"), ("w", "q"), ("q", "b")])
>>> [len(p) - 1 for p in short_channels(g, "a", "b", max_hops=2)]
[2, 2]
>>> r = connectivity(g, "a", "b")
>>> r["node_independent"], len(r["node_cut"]), r["edge_independent"]
(3, 3, 3)
"""

__all__ = ["NOT_COOPERATION", "connectivity", "cooperation_network", "is_channel", "short_channels",
           "short_route_nodes"]

#: relations that link two entities without being a channel of cooperation between them
NOT_COOPERATION = {"concerns", "issuedBy", "establishes", "nationalResponseTo", "modelledOn", "successorOf",
                   "candidateHost"}


def is_channel(g, fact):
    """True when ``fact`` is cooperation or structure: not in :data:`NOT_COOPERATION`, except that what an
    *agreement* concerns is its subject of cooperation (a designation's or a ban's target is not).

    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> g.add_node("soi", type="kg:Agreement"); g.add_node("ban", type="kg:Instrument")
    >>> is_channel(g, {"relation": "concerns", "source": "soi"}), is_channel(g, {"relation": "concerns", "source": "ban"})
    (True, False)
    """
    if fact["relation"] == "concerns":
        return g.nodes[fact["source"]].get("type") == "kg:Agreement"
    return fact["relation"] not in NOT_COOPERATION


def cooperation_network(g, keep=None):
    """``g`` (or its nodes ``keep``) with only the facts that are cooperation, edges without any dropped.

    A designation aimed at a country (``issuedBy``/``concerns``), a rival
    program answering another (``nationalResponseTo``) or a proposal's
    candidate host do not carry cooperation, so they are no channel.
    """
    nodes = sorted(g if keep is None else set(keep) & set(g))
    h = g.__class__()
    h.add_nodes_from((n, g.nodes[n]) for n in nodes)
    for a, b in _sorted_edges(g.subgraph(nodes)):
        facts = [f for f in g.edges[a, b]["facts"] if is_channel(g, f)]
        if facts:
            h.add_edge(a, b, facts=facts)
    return h


def _sorted_edges(g):
    """The edges of ``g`` in a fixed order, whatever the order of the sets it was built from."""
    return sorted(tuple(sorted(e)) for e in g.edges())


def short_route_nodes(g, s, t, max_hops):
    """Nodes on some path from ``s`` to ``t`` of at most ``max_hops`` hops."""
    import networkx as nx

    from_s = nx.single_source_shortest_path_length(g, s, cutoff=max_hops)
    from_t = nx.single_source_shortest_path_length(g, t, cutoff=max_hops)
    return {n for n, d in from_s.items() if n in from_t and d + from_t[n] <= max_hops}


def short_channels(g, s, t, max_hops=4):
    """Node-independent paths from ``s`` to ``t`` within the short-route subgraph, shortest first."""
    import networkx as nx

    keep = short_route_nodes(g, s, t, max_hops)
    if t not in keep:
        return []
    sub = nx.Graph()
    sub.add_nodes_from(sorted(keep))
    sub.add_edges_from(_sorted_edges(g.subgraph(keep)))
    paths = list(nx.node_disjoint_paths(sub, s, t))
    return sorted(paths, key=lambda p: (len(p), p))


def connectivity(g, s, t):
    """Menger counts and minimum cuts between ``s`` and ``t`` over the whole graph.

    When ``s`` and ``t`` are linked directly no set of other nodes separates
    them: ``node_cut`` is then None and ``adjacent`` is True; the node count
    is the direct link plus the independent paths that avoid it.
    """
    import networkx as nx
    from networkx.algorithms.connectivity import minimum_st_edge_cut, minimum_st_node_cut

    if not nx.has_path(g, s, t):
        return {"connected": False, "adjacent": False, "node_independent": 0, "edge_independent": 0,
                "node_cut": [], "edge_cut": []}
    adjacent = g.has_edge(s, t)
    edge_cut = sorted(tuple(sorted(e)) for e in minimum_st_edge_cut(g, s, t))
    if adjacent:
        h = g.copy()
        h.remove_edge(s, t)
        others = len(list(nx.node_disjoint_paths(h, s, t))) if nx.has_path(h, s, t) else 0
        node_count, node_cut = others + 1, None
    else:
        node_cut = sorted(minimum_st_node_cut(g, s, t))
        node_count = len(node_cut)
    return {"connected": True, "adjacent": adjacent, "node_independent": node_count,
            "edge_independent": len(edge_cut), "node_cut": node_cut, "edge_cut": edge_cut}
