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
from graph.vocab.readings import relation_label, say

__all__ = ["ancestors_of", "cite_text", "filter_as_of", "find_paths", "hop_text", "in_force_on",
           "source_json"]

NOT_IN_FORCE = {"proposed", "under-review", "planned"}
_SUBCLASSES = {
    "kg:Actor": {"kg:Country", "kg:Organization", "kg:Person"},
    "kg:Organization": {"kg:Agency", "kg:Lab", "kg:Company", "kg:University"},
    "kg:Program": {"kg:Mission"},
    "kg:Instrument": {"kg:Agreement"},
}


def ancestors_of(cls):
    """``cls`` and every class above it: ``kg:Lab`` → Lab, Organization, Actor."""
    out = {cls}
    changed = True
    while changed:
        changed = False
        for parent, children in _SUBCLASSES.items():
            if out & children and parent not in out:
                out.add(parent)
                changed = True
    return out


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


def find_paths(g, src, dst, k=5, max_hops=4, via=(), avoid=(), limit=5000):
    """Up to ``k`` shortest simple paths from ``src`` to ``dst`` as dicts with nodes and facts.

    ``via``: classes the path must pass through (one inner node of each);
    ``avoid``: nodes the path may not use. Raises NoPathError.
    """
    import networkx as nx

    for name in (src, dst):
        if name not in g:
            raise UserInputError(f"{name} is not part of the network on the chosen date or filter")
    for _, _, data in g.edges(data=True):  # cached on the edge: a weight attribute is far cheaper than a callback
        if "cost" not in data:
            data["cost"] = hop_cost(data["facts"])
    # a subgraph view slows every step of the search several times over: only take one when needed
    h = g.subgraph(n for n in g if n not in set(avoid) or n in (src, dst)) if avoid else g
    found = []
    if nx.has_path(h, src, dst):
        for nodes in islice(nx.shortest_simple_paths(h, src, dst, weight="cost"), limit):
            if len(nodes) - 1 > max_hops:
                break
            inner = [h.nodes[n]["type"] for n in nodes[1:-1]]
            if all(any(cls in ancestors_of(t) for t in inner) for cls in via):
                found.append({"hops": len(nodes) - 1, "nodes": nodes,
                              "facts": [h.edges[a, b]["facts"][0] for a, b in zip(nodes, nodes[1:])]})
                if len(found) == k:
                    break
    if not found:
        raise NoPathError(_no_path_message(g, h, src, dst, max_hops, via))
    return found


def hop_cost(facts):
    """One per hop, plus a little when none of the edge's ``facts`` is cited to a seed.

    Among paths of equal length, those resting on the seeds come first; the
    penalty is too small to prefer a longer path over a shorter one.

    >>> hop_cost([{"sources": [{"url": "https://example.org"}]}])
    1.001
    """
    cited_in_seed = any(src.get("document") for fact in facts for src in fact["sources"])
    return 1.0 if cited_in_seed else 1.001


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
    return msg


def hop_text(g, a, b, fact, lang="en"):
    """One hop from ``a`` to ``b`` as a sentence with its date and short citation."""
    label = (lambda n: g.nodes[n][lang] or g.nodes[n]["en"] or n)
    inverse = fact["source"] != a
    title = (fact.get("title") or {}).get(lang) or (fact.get("title") or {}).get("en") or ""
    text = say(fact["relation"], label(a), label(b), inverse=inverse, lang=lang, title=title)
    extras = []
    if fact.get("date"):
        extras.append(fact["date"])
    if fact.get("status"):
        extras.append(fact["status"])
    for end in (a, b):
        d = g.nodes[end]
        if d["type"] in ("kg:Agreement", "kg:Instrument", "kg:Collaboration") and d.get("date"):
            extras.append(f"{label(end)}: {d['date']}")
        if d.get("status") in NOT_IN_FORCE:
            extras.append(f"{label(end)} is {d['status'].replace('-', ' ')}" if lang == "en"
                          else f"{label(end)}: {d['status']}")
    tail = f" ({'; '.join(extras)})" if extras else ""
    return text + tail


def short_citation(fact):
    """``[s000] "…quote…"`` or ``[outside the seeds: URL]`` for the first source."""
    return cite_text(source_json(fact["sources"][0]), width=90) if fact["sources"] else ""


def source_json(src):
    """A projection source as SPEC §4 gives it: document and quote, or an outside URL marked as such."""
    if "document" in src:
        return {"document": src["document"], "quote": src["quote"]}
    return {"document": src["url"], "quote": None, "outside_seeds": True}


def cite_text(src, width=80):
    """A SPEC §4 source as a short citation: ``[s000] "…"`` or ``[outside the seeds: URL]``.

    >>> cite_text({"document": "s000", "quote": "참여 국립 연구소: DOE 산하 17개 전체"})
    '[s000] "참여 국립 연구소: DOE 산하 17개 전체"'
    """
    if not src:
        return ""
    if src.get("outside_seeds"):
        return f"[outside the seeds: {src['document']}]"
    quote = src["quote"] if len(src["quote"]) <= width else src["quote"][:width - 3] + "…"
    return f'[{src["document"]}] "{quote}"'


def relation_json(fact, a):
    """The SPEC §4 edge for a hop taken from ``a``."""
    inverse = fact["source"] != a
    return {"source": fact["source"], "target": fact["target"], "relation": "kg:" + fact["relation"],
            "label": relation_label(fact["relation"], inverse=inverse),
            "sources": [source_json(s) for s in fact["sources"]],
            "date": fact.get("date"), "status": fact.get("status")}
