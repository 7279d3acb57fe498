"""Short chains of relations between two entities, each hop explained and cited.

>>> import networkx as nx
>>> g = nx.Graph()
>>> for n, t in [("korea", "kg:Country"), ("tpd", "kg:Agreement"), ("us", "kg:Country")]:
...     g.add_node(n, type=t, en=n.upper(), ko=n, date=None, end=None, status=None)
>>> fact = lambda s, o: {"relation": "party", "source": s, "target": o, "sources": [], "date": None,
...                      "end": None, "status": None, "role": None}
>>> g.add_edge("tpd", "korea", facts=[fact("tpd", "korea")])
>>> g.add_edge("tpd", "us", facts=[fact("tpd", "us")])
>>> [p["nodes"] for p in find_paths(g, "korea", "us")]
[['korea', 'tpd', 'us']]
"""

from itertools import islice

from graph.errors import NoPathError, UserInputError
from graph.vocab.citation import source_json
from graph.vocab.readings import relation_label, say
from graph.vocab.schema import ancestors_of
from graph.vocab.status import NOT_IN_FORCE, status_label, status_note
from graph.vocab.labels import label_in

__all__ = ["filter_as_of", "find_paths", "hop_text", "in_force_on"]

def _start(date):
    """The first day a date of any precision covers, as ``YYYY-MM-DD``."""
    parts = str(date).split("-")
    return "-".join(parts + ["01"] * (3 - len(parts)))


def _end(date):
    parts = str(date).split("-")
    return "-".join(parts + (["12", "31"] if len(parts) == 1 else ["31"] if len(parts) == 2 else []))


def in_force_on(data, as_of):
    """True when a node or fact had started and not yet ended on ``as_of`` (YYYY-MM-DD)."""
    if data.get("status") in NOT_IN_FORCE:
        return False
    if data.get("date") and _start(data["date"]) > as_of:
        return False
    if data.get("end") and _end(data["end"]) < as_of:
        return False
    return True


def filter_as_of(g, as_of):
    """A copy of the projection with only what existed and was in force on ``as_of``."""
    h = g.__class__()
    h.add_nodes_from((n, d) for n, d in g.nodes(data=True) if in_force_on(d, as_of))
    for a, b, d in g.edges(data=True):
        if a in h and b in h:
            facts = [f for f in d["facts"] if in_force_on(f, as_of)]
            if facts:
                h.add_edge(a, b, facts=facts)
    return h


def find_paths(g, src, dst, k=5, max_hops=4, via=(), avoid=(), rank="specific", lang="en", limit=5000):
    """Up to ``k`` cheapest simple paths from ``src`` to ``dst`` as dicts with nodes, facts and cost.

    Parameters
    ----------
    g : networkx.Graph
        The projection, or a part of it (:func:`graph.network.scope.channel_network`).
        It is only read: the costs live on a private graph.
    via : classes the path must pass through (one inner node of each).
    avoid : nodes the path may not use.
        A path that only adds a detour to a cheaper one already found (it
        passes all of that one's inner nodes) is left out.
    rank : ``"specific"`` (hops plus a charge for hubs, :mod:`graph.network.cost`)
        or ``"hops"`` (plain hop counting).
    lang : language of each path's ``reason``.

    Returns
    -------
    list of dict
        ``{"hops", "nodes", "facts", "cost", "reason"}``, cheapest first.

    Raises
    ------
    NoPathError
        When no path of at most ``max_hops`` hops exists.
    """
    import networkx as nx

    from graph.network.channels import short_route_nodes
    from graph.network.cost import edge_cost, path_cost

    for name in (src, dst):
        if name not in g:
            raise UserInputError(f"{name} is not part of the network on the chosen date or filter")
    banned = set(avoid) - {src, dst}
    # a subgraph view slows every step of the search several times over: only take one when needed
    h = g.subgraph(n for n in g if n not in banned) if banned else g
    keep = short_route_nodes(h, src, dst, max_hops) if src in h else set()
    found = []
    if dst in keep:
        w = nx.Graph()  # only the short-route nodes, weighted; the shared network is left untouched
        w.add_weighted_edges_from(((a, b, edge_cost(g, a, b, rank))
                                   for a, b in sorted(h.subgraph(keep).edges())), weight="cost")
        for nodes in islice(nx.shortest_simple_paths(w, src, dst, weight="cost"), limit):
            if len(nodes) - 1 > max_hops or _detour(nodes, found):
                continue
            inner = [h.nodes[n]["type"] for n in nodes[1:-1]]
            if not all(any(cls in ancestors_of(t) for t in inner) for cls in via):
                continue
            cost, reason = path_cost(g, nodes, rank, lang)
            if len(found) >= k and cost > found[k - 1]["cost"]:
                break  # past the k-th cost: the paths tied with it are in, so the order does not hang on k
            found.append({"hops": len(nodes) - 1, "nodes": nodes, "cost": cost, "reason": reason,
                          "facts": [h.edges[a, b]["facts"][0] for a, b in zip(nodes, nodes[1:])]})
    if not found:
        raise NoPathError(_no_path_message(g, h, src, dst, max_hops, via))
    return sorted(found, key=lambda p: (p["cost"], p["hops"], p["nodes"]))[:k]


def _detour(nodes, found):
    """True when ``nodes`` passes every inner node of a cheaper path already found: a detour that says
    nothing new (Korea → KIST → K-Moonshot → ETRI → ETRI–ANL → ANL after Korea → ETRI → ETRI–ANL → ANL)."""
    inner = set(nodes[1:-1])
    return any(set(p["nodes"][1:-1]) <= inner for p in found)


def hop_cost(facts):
    """One per hop, plus a little when none of the edge's ``facts`` is cited to a seed (see
    :func:`graph.network.cost.hop_base`).

    >>> hop_cost([{"sources": [{"url": "https://example.org"}]}])
    1.001
    """
    from graph.network.cost import hop_base

    return hop_base(facts)


def _no_path_message(g, h, src, dst, max_hops, via):
    import networkx as nx

    reach = nx.single_source_shortest_path_length(h, src, cutoff=max_hops)
    toward = nx.single_source_shortest_path_length(g, dst)
    near = sorted((n for n in reach if n != src and n in toward), key=lambda n: (toward[n], reach[n], n))[:5]
    need = f" through {', '.join(via)}" if via else ""
    msg = f"no path from {src} to {dst} within {max_hops} hops{need}"
    if near:
        msg += "; nearest reachable: " + ", ".join(f"{n} ({toward[n]} hops from {dst})" for n in near)
    elif not reach or len(reach) == 1:
        msg += f"; {src} has no relations to follow"
    if g.graph.get("all_relations") is False and any(g.degree(n) == 0 for n in (src, dst)):
        lonely = next(n for n in (src, dst) if g.degree(n) == 0)
        msg += (f"; {lonely} has no relation of cooperation in force (a designation, ban or plan is no channel): "
                "--all-relations or --include-proposed follow those too")
    return msg


def hop_text(g, a, b, fact, lang="en"):
    """One hop from ``a`` to ``b`` as a sentence with its date and short citation."""
    label = (lambda n: label_in(g.nodes[n], lang, n))
    inverse = fact["source"] != a
    title = label_in(fact.get("title") or {}, lang, "")
    text = say(fact["relation"], label(a), label(b), inverse=inverse, lang=lang, title=title)
    extras = []
    if fact.get("date"):
        extras.append(fact["date"])
    if fact.get("status"):
        extras.append(status_label(fact["status"], lang))
    for end in (a, b):
        d = g.nodes[end]
        if d["type"] in ("kg:Agreement", "kg:Instrument", "kg:Collaboration") and d.get("date"):
            extras.append(f"{label(end)}: {d['date']}")
        note = status_note(d.get("status"), lang)
        if note:
            extras.append(f"{label(end)} is {note}" if lang == "en" else f"{label(end)}: {note}")
    tail = f" ({'; '.join(extras)})" if extras else ""
    return text + tail


def relation_json(fact, a, g=None):
    """The SPEC §4 edge for a hop taken from ``a``.

    ``status`` is the fact's own status; when it has none and ``g`` is
    given, the status of an end that is not in force (a hop into a proposal
    is a proposed hop).
    """
    inverse = fact["source"] != a
    status = fact.get("status")
    if g is not None and not status:
        status = next((g.nodes[n].get("status") for n in (fact["source"], fact["target"])
                       if g.nodes[n].get("status") in NOT_IN_FORCE), None)
    return {"source": fact["source"], "target": fact["target"], "relation": "kg:" + fact["relation"],
            "label": relation_label(fact["relation"], inverse=inverse),
            "sources": [source_json(s) for s in fact["sources"]],
            "date": fact.get("date"), "status": status}
