"""The ``kg connectivity`` report: Menger counts and minimum cuts between two entities, cited.

Computed on the channel network (:func:`graph.network.scope.channel_network`:
relations of cooperation and structure, no designation, ban or plan) of what
was in force on ``as_of`` (today by default, so proposals and plans never
count as channels) with
:func:`graph.network.channels.connectivity`: the number of node-independent paths
(no shared intermediate actor, agreement or program), of edge-independent
paths (no shared relation), a minimum node cut (the fewest intermediate
nodes whose removal disconnects the two) and a minimum edge cut with the
facts on those edges. An entity that did not exist yet on ``as_of`` (the
Genesis Mission before 24 November 2025) is connected to nothing: the
answer says so (``"absent"``) instead of failing.
"""

import datetime
import json

from graph.errors import UserInputError
from graph.network.channels import connectivity
from graph.network.paths import hop_text, relation_json
from graph.vocab.citation import short_citation
from graph.network.scope import channel_network
from graph.vocab.labels import label_in

__all__ = ["connectivity_answer", "connectivity_report"]


def _solve(ws, first, second, as_of, lang):
    """(channel network, Menger counts, the JSON dict) for two named entities."""
    from graph.network.pathfinder import check_date

    date = check_date(as_of) or datetime.date.today().isoformat()
    s, t = ws.resolve(first, in_network=True), ws.resolve(second, in_network=True)
    if s == t:
        raise UserInputError(f"{first!r} and {second!r} are the same entity ({s})")
    g = channel_network(ws.network, as_of=date)
    absent = [n for n in (s, t) if n not in g]
    r = connectivity(g, s, t) if not absent else {
        "connected": False, "adjacent": False, "node_independent": 0, "edge_independent": 0, "node_cut": [],
        "edge_cut": []}
    full = ws.network
    node = lambda n: {"id": n, "label": label_in(full.nodes[n], lang, n),  # noqa: E731
                      "type": full.nodes[n]["type"], "status": full.nodes[n].get("status")}
    edges = [relation_json(g.edges[a, b]["facts"][0], a, g) for a, b in r["edge_cut"]]
    result = {"from": node(s), "to": node(t), "as_of": date, "absent": [node(n) for n in absent],
              "connected": r["connected"], "adjacent": r["adjacent"],
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
    if result["absent"]:
        missing = ", ".join(x["label"] for x in result["absent"])
        return f"{a} and {b} are not connected{when}: {missing} did not exist yet or was not in force then."
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
        lines += [f"  - {hop_text(g, fact['source'], fact['target'], fact, lang)}", f"    {short_citation(fact, lang)}"]
    return "\n".join(lines)
