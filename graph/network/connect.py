"""The ``kg connectivity`` report: Menger counts and minimum cuts between two entities, cited.

Computed on the cooperation network (:func:`graph.network.channels.cooperation_network`)
of what was in force on ``as_of`` (today by default, so proposals and plans
never count as channels) with
:func:`graph.network.channels.connectivity`: the number of node-independent paths
(no shared intermediate actor, agreement or program), of edge-independent
paths (no shared relation), a minimum node cut (the fewest intermediate
nodes whose removal disconnects the two) and a minimum edge cut with the
facts on those edges.
"""

import datetime
import json

from graph.network.channels import connectivity, cooperation_network
from graph.errors import UserInputError
from graph.network.paths import filter_as_of, hop_text, relation_json, short_citation

__all__ = ["connectivity_answer", "connectivity_report"]


def _solve(ws, first, second, as_of, lang):
    """(cooperation network, Menger counts, the JSON dict) for two named entities."""
    from graph.network.pathfinder import check_date

    date = check_date(as_of) or datetime.date.today().isoformat()
    s, t = ws.resolve(first, in_network=True), ws.resolve(second, in_network=True)
    if s == t:
        raise UserInputError(f"{first!r} and {second!r} are the same entity ({s})")
    g = cooperation_network(filter_as_of(ws.network, date))
    for name, node in ((first, s), (second, t)):
        if node not in g:
            raise UserInputError(f"{name!r} ({node}) did not exist or was not in force on {date}")
    r = connectivity(g, s, t)
    node = lambda n: {"id": n, "label": g.nodes[n][lang] or g.nodes[n]["en"] or n, "type": g.nodes[n]["type"]}  # noqa: E731
    edges = [relation_json(g.edges[a, b]["facts"][0], a) for a, b in r["edge_cut"]]
    result = {"from": node(s), "to": node(t), "as_of": date, "connected": r["connected"], "adjacent": r["adjacent"],
              "node_independent_paths": r["node_independent"], "edge_independent_paths": r["edge_independent"],
              "minimum_node_cut": [node(n) for n in r["node_cut"]] if r["node_cut"] is not None else None,
              "minimum_edge_cut": edges}
    return g, r, result


def connectivity_answer(ws, first, second, as_of=None, lang="en"):
    """The dict of ``kg connectivity --format json``."""
    return _solve(ws, first, second, as_of, lang)[2]


def connectivity_report(ws, first, second, as_of=None, lang="en", fmt="text"):
    """Text (or indented JSON) answer of ``kg connectivity``."""
    g, r, result = _solve(ws, first, second, as_of, lang)
    if fmt == "json":
        return json.dumps(result, ensure_ascii=False, indent=1)
    date = result["as_of"]
    a, b = result["from"]["label"], result["to"]["label"]
    when = f" (as of {date})"
    if not r["connected"]:
        return f"{a} and {b} are not connected{when}: no path joins them, so nothing needs to be cut."
    lines = [f"{a} ↔ {b}{when}",
             f"node-independent paths: {r['node_independent']}",
             f"edge-independent paths: {r['edge_independent']}"]
    if r["node_cut"] is None:
        lines.append("minimum node cut: none (they are linked directly; no other actors can separate them)")
    else:
        lines.append(f"minimum node cut ({len(r['node_cut'])}): removing these disconnects {a} from {b}")
        lines += [f"  - {x['label']} ({x['id']}, {x['type']})" for x in result["minimum_node_cut"]]
    lines.append(f"minimum edge cut ({len(r['edge_cut'])}):")
    for x, y in r["edge_cut"]:
        fact = g.edges[x, y]["facts"][0]
        lines += [f"  - {hop_text(g, fact['source'], fact['target'], fact, lang)}", f"    {short_citation(fact)}"]
    return "\n".join(lines)
