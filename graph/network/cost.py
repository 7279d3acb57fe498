"""What a path costs: hops, plus a charge for passing through hubs that say nothing specific.

``kg path`` ranks chains by this cost, lowest first (``rank="specific"``,
the default):

* every hop costs 1 (and 0.001 more when none of its facts is cited to a
  seed, so that among equals the seeds come first);
* every **country** in the middle of the chain costs :data:`COUNTRY_CHARGE`
  (2.0) more. "Korea is party to the TPD, which has party the United
  States, which is home to ANL" is true of every American lab: being in, or
  agreeing with, the country a partner belongs to ties nothing specific.
  At the ends of the chain the country is the question itself and costs
  nothing extra ("Korea is home to ETRI");
* every inner node with more than :data:`QUIET_DEGREE` (8) links costs
  ``0.25 * log2(links / 8)`` more: 0.5 at 32 links, about 0.78 at 70 (the
  Genesis Mission, the United States). Anything is "connected" through a
  node that touches everything.

So a standing collaboration, an agreement between the two sides'
institutions, a lab-to-lab tie or a small program both take part in comes
before a chain through a country hub, even a shorter one: the charges are
set so that a chain through the United States (3 hops + about 2.8) ranks
after a five-hop chain through two labs' collaboration and DOE (5 + about
0.4). ``rank="hops"`` restores plain hop counting (1 per hop, 1.001
uncited, no charge).

>>> import networkx as nx
>>> g = nx.star_graph(40)
>>> nx.set_node_attributes(g, "kg:Program", "type")
>>> nx.set_edge_attributes(g, [{"relation": "partOf", "sources": [{"document": "s000"}]}], "facts")
>>> g.nodes[0]["en"] = "Hub"
>>> hub_charge(g, 0), hub_charge(g, 1)
(0.58, 0.0)
>>> path_cost(g, [1, 0, 2])
(2.58, '2 hops; through Hub (+0.58: 40 links)')
>>> path_cost(g, [1, 0, 2], rank="hops")
(2.0, '2 hops')
"""

import math

from graph.vocab.labels import label_in

__all__ = ["COUNTRY_CHARGE", "QUIET_DEGREE", "RANKS", "edge_cost", "hop_base", "hub_charge", "path_cost"]

RANKS = ("specific", "hops")
COUNTRY_CHARGE = 2.0
QUIET_DEGREE = 8


def hub_charge(g, node, rank="specific"):
    """The extra cost of passing through ``node``: a country's charge plus one for its number of links."""
    if rank == "hops":
        return 0.0
    charge = COUNTRY_CHARGE if g.nodes[node].get("type") == "kg:Country" else 0.0
    degree = g.degree(node)
    if degree > QUIET_DEGREE:
        charge += 0.25 * math.log2(degree / QUIET_DEGREE)
    return round(charge, 2)


def hop_base(facts):
    """1 per hop, 1.001 when none of the hop's ``facts`` is cited to a seed.

    >>> hop_base([{"sources": [{"url": "https://example.org"}]}])
    1.001
    """
    cited_in_seed = any(src.get("document") for fact in facts for src in fact.get("sources", ()))
    return 1.0 if cited_in_seed else 1.001


def edge_cost(g, a, b, rank="specific"):
    """The weight of edge ``a``–``b`` for the search: its base plus half the hub charge of each end.

    Each inner node of a path is shared by two of its edges, so it is
    charged once in full; the two ends of the chain are charged half each on
    every path alike, which changes no ranking (:func:`path_cost` leaves them out).
    """
    return hop_base(g.edges[a, b]["facts"]) + (hub_charge(g, a, rank) + hub_charge(g, b, rank)) / 2


def path_cost(g, nodes, rank="specific", lang="en"):
    """``(cost, reason)`` of the path ``nodes``: its hops and every hub's charge in words (``lang``)."""
    hops = len(nodes) - 1
    cost = sum(hop_base(g.edges[a, b]["facts"]) for a, b in zip(nodes, nodes[1:]))
    parts = []
    for n in nodes[1:-1]:
        charge = hub_charge(g, n, rank)
        if charge:
            cost += charge
            country = g.nodes[n].get("type") == "kg:Country"
            if lang == "ko":
                why = ("국가, " if country else "") + f"연결 {g.degree(n)}개"
            else:
                why = ("a country, " if country else "") + f"{g.degree(n)} links"
            name = label_in(g.nodes[n], lang, n)
            parts.append(f"{name} (+{charge:.2f}: {why})")
    if lang == "ko":
        reason = f"{hops}단계" + ("; 허브 경유: " + ", ".join(parts) if parts else "")
    else:
        reason = f"{hops} hop{'s' if hops != 1 else ''}" + ("; through " + ", ".join(parts) if parts else "")
    return round(cost, 3), reason
