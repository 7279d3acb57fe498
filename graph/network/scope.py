"""Which part of the projection an answer may use: the channels of cooperation in force.

Paths, compare channels, connectivity and centrality all start from
:func:`channel_network`: a fresh copy of the projection (the shared, cached
network is never changed) that by default keeps

* only relations of cooperation and structure: a designation, a ban or a
  tariff (``issuedBy``, and ``concerns`` unless an agreement's), a rival program answering another
  (``nationalResponseTo``), a model or predecessor and a proposal's
  candidate host are no channel (:data:`graph.network.channels.NOT_COOPERATION`);
* only what is in force: proposals, plans and things under review
  (:data:`graph.vocab.status.NOT_IN_FORCE`) are left out, and so is what
  has expired; with ``as_of``, whatever had not started or had already
  ended on that date.

``include_proposed=True`` lets proposals and plans in (each keeps its
``status``, which every output then prints); ``all_relations=True`` keeps
the relations that are not cooperation as well.

>>> import networkx as nx
>>> g = nx.Graph()
>>> for n, s in [("kr", None), ("us", None), ("tpd", "signed"), ("k-rbrc", "proposed"), ("ban", None)]:
...     g.add_node(n, type="kg:Actor", status=s, date=None, end=None)
>>> f = lambda s, r, o: {"relation": r, "source": s, "target": o, "status": None, "date": None, "end": None}
>>> g.add_edge("tpd", "kr", facts=[f("tpd", "party", "kr")])
>>> g.add_edge("tpd", "us", facts=[f("tpd", "party", "us")])
>>> g.add_edge("k-rbrc", "us", facts=[f("k-rbrc", "hostedBy", "us")])
>>> g.add_edge("ban", "kr", facts=[f("ban", "concerns", "kr")])
>>> sorted(sorted(e) for e in channel_network(g).edges())
[['kr', 'tpd'], ['tpd', 'us']]
>>> sorted(channel_network(g, include_proposed=True, all_relations=True))
['ban', 'k-rbrc', 'kr', 'tpd', 'us']
>>> g.number_of_edges()  # the original is untouched
4
"""

from graph.network.channels import is_channel
from graph.network.paths import _end, _start
from graph.vocab.status import NOT_IN_FORCE

__all__ = ["channel_network", "keeps"]


def keeps(data, as_of=None, include_proposed=False):
    """True when a node or fact ``data`` belongs to the network of ``as_of`` (any date when None)."""
    if not include_proposed and data.get("status") in NOT_IN_FORCE:
        return False
    if not as_of and data.get("status") == "expired":  # no longer in force (on a date: its end date decides)
        return False
    if as_of and data.get("date") and _start(data["date"]) > as_of:
        return False
    if as_of and data.get("end") and _end(data["end"]) < as_of:
        return False
    return True


def channel_network(g, as_of=None, include_proposed=False, all_relations=False):
    """A new graph with the part of ``g`` an answer may use (see the module docstring).

    Nodes left without any relation stay in (they exist; they are just not
    connected). ``g`` itself is never modified.
    """
    h = g.__class__()
    h.graph.update({"as_of": as_of, "include_proposed": include_proposed, "all_relations": all_relations})
    h.add_nodes_from((n, d) for n, d in g.nodes(data=True) if keeps(d, as_of, include_proposed))
    for a, b, d in g.edges(data=True):
        if a not in h or b not in h:
            continue
        facts = [f for f in d["facts"] if keeps(f, as_of, include_proposed)
                 and (all_relations or is_channel(g, f))]
        if facts:
            h.add_edge(a, b, facts=facts)
    return h
