"""igraph, the compiled graph library behind the whole-network measures and the map layouts.

igraph is imported only by what computes over the whole network (a build's
centralities, ``kg centrality --as-of``, the map layouts); the quick commands
read what a build cached and never load it.

>>> import networkx as nx
>>> h, nodes = to_igraph(nx.path_graph(["a", "b", "c"]))
>>> nodes, h.vcount(), h.get_edgelist()
(['a', 'b', 'c'], 3, [(0, 1), (1, 2)])
"""

__all__ = ["load_igraph", "to_igraph"]


def load_igraph():
    """igraph, imported without its plotting back ends.

    ``import igraph`` loads matplotlib.pyplot when it is installed (it is,
    for the report figures), which costs most of a second; nothing here
    draws with it, so those modules are hidden while igraph loads (it then
    falls back to placeholders) and restored at once.
    """
    import sys

    if "igraph" in sys.modules:
        return sys.modules["igraph"]
    hidden = [m for m in ("matplotlib", "cairo", "cairocffi", "plotly") if m not in sys.modules]
    for m in hidden:
        sys.modules[m] = None  # an import of it now fails fast with ImportError
    try:
        import igraph
    finally:
        for m in hidden:
            if sys.modules.get(m, 0) is None:
                del sys.modules[m]
    return igraph


def to_igraph(g):
    """``(igraph.Graph, nodes)``: the undirected NetworkX graph ``g`` with vertex ``i`` standing for ``nodes[i]``.

    Vertices keep the order of ``g``'s nodes and edges the order of ``g.edges()``,
    so the same graph always gives the same igraph graph (and the same sums).
    """
    igraph = load_igraph()
    nodes = list(g)
    index = {n: i for i, n in enumerate(nodes)}
    return igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in g.edges()]), nodes
