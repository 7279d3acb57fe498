"""Which country each entity belongs to, and the side of a country or program.

An entity's *home* is the first country reached by climbing, breadth first,
the relations that say where something belongs: ``basedIn``, ``partOf``,
``postIn`` and ``issuedBy`` in their stored direction, and ``leads`` and
``operates`` against it (a program belongs where its leader does; a
facility where its operator does). Agreements and collaborations have no
home: they are what ties two sides together.

A country's *side* is the country and every entity whose home it is. The
side of a program (``--to "Genesis Mission"``) is the program, its parts,
and the side of its home country.

>>> import networkx as nx
>>> g = nx.Graph()
>>> for n, t in [("us", "kg:Country"), ("doe", "kg:Agency"), ("anl", "kg:Lab"), ("gm", "kg:Program")]:
...     g.add_node(n, type=t)
>>> f = lambda s, r, o: {"relation": r, "source": s, "target": o}
>>> g.add_edge("doe", "us", facts=[f("doe", "basedIn", "us")])
>>> g.add_edge("anl", "doe", facts=[f("anl", "partOf", "doe")])
>>> g.add_edge("doe", "gm", facts=[f("doe", "leads", "gm")])
>>> homes(g)["anl"], homes(g)["gm"]
('us', 'us')
>>> sorted(side(g, "gm"))
['anl', 'doe', 'gm', 'us']
"""

from collections import deque

__all__ = ["UP", "homes", "parts_of", "side"]

#: relation -> direction that leads *up* to where something belongs
UP = {"basedIn": "out", "partOf": "out", "postIn": "out", "issuedBy": "out", "leads": "in", "operates": "in"}
_NO_HOME = {"kg:Agreement", "kg:Collaboration"}


def _parents(g, node):
    """Nodes one step up from ``node``, ``basedIn`` first."""
    found = []
    for other in g[node]:
        for fact in g.edges[node, other]["facts"]:
            way = UP.get(fact["relation"])
            if (way == "out" and fact["source"] == node) or (way == "in" and fact["target"] == node):
                found.append((fact["relation"] != "basedIn", other))
    return [n for _, n in sorted(found)]


def _home(g, node, limit=4):
    if g.nodes[node]["type"] == "kg:Country":
        return node
    if g.nodes[node]["type"] in _NO_HOME:
        return None
    seen, queue = {node}, deque([(node, 0)])
    while queue:
        current, depth = queue.popleft()
        if depth == limit:
            continue
        for parent in _parents(g, current):
            if parent in seen or g.nodes[parent]["type"] in _NO_HOME:
                continue
            if g.nodes[parent]["type"] == "kg:Country":
                return parent
            seen.add(parent)
            queue.append((parent, depth + 1))
    return None


def homes(g):
    """{node: country id or None} for every node of ``g``."""
    cache = g.graph.setdefault("_homes", {})
    if len(cache) != g.number_of_nodes():
        cache.clear()
        cache.update((n, _home(g, n)) for n in g)
    return cache


def parts_of(g, node):
    """Everything that is, directly or through other parts, ``partOf`` ``node``."""
    out, todo = set(), [node]
    while todo:
        current = todo.pop()
        for other in g[current]:
            if other not in out and any(f["relation"] == "partOf" and f["target"] == current
                                        for f in g.edges[current, other]["facts"]):
                out.add(other)
                todo.append(other)
    return out


def side(g, node):
    """The side of a country, or of any entity: itself, its parts, and its home country's side."""
    home = homes(g).get(node)
    members = {n for n, h in homes(g).items() if h is not None and h == home}
    return members | {node} | parts_of(g, node)
