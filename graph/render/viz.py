"""Self-contained interactive HTML maps of the network.

pyvis builds the node and edge data; the page template is our own
(``templates/map.html``): one UTF-8 file with vis-network's script and style
inlined from the pyvis package, no request to any other host (a
Content-Security-Policy of ``default-src 'none'`` enforces it), data passed
as JSON inside a ``<script type="application/json">`` block with ``<``
escaped, and every string from the data put on the page as text (tooltips are
plain strings, the side panel uses ``textContent``).

Node size follows betweenness centrality (the brokers are the big nodes);
colour and shape follow the class. Physics stabilises and then stops; above
:data:`PHYSICS_LIMIT` nodes a layout is computed beforehand and physics is off.
"""

import html
import json
import math
from pathlib import Path

from graph.render.atomic import write_text
from graph.errors import UserInputError

__all__ = ["CLASS_STYLE", "PHYSICS_LIMIT", "render_html", "select"]

PHYSICS_LIMIT = 1500

#: class -> (colour, vis-network shape, English, Korean)
CLASS_STYLE = {
    "kg:Country": ("#d62728", "star", "Country", "국가"),
    "kg:Agency": ("#1f77b4", "box", "Agency", "정부기관"),
    "kg:Lab": ("#2ca02c", "dot", "Lab", "연구기관"),
    "kg:University": ("#17becf", "dot", "University", "대학"),
    "kg:Company": ("#ff7f0e", "diamond", "Company", "기업"),
    "kg:Organization": ("#8c564b", "dot", "Organization", "조직"),
    "kg:Person": ("#e377c2", "ellipse", "Person", "인물"),
    "kg:Program": ("#9467bd", "hexagon", "Program", "프로그램"),
    "kg:Mission": ("#c5b0d5", "hexagon", "Mission", "미션"),
    "kg:Milestone": ("#bcbd22", "triangle", "Milestone", "추진 일정"),
    "kg:Instrument": ("#7f7f7f", "square", "Instrument", "정책 수단"),
    "kg:Agreement": ("#393b79", "square", "Agreement", "협정"),
    "kg:Facility": ("#637939", "triangleDown", "Facility", "연구 인프라"),
    "kg:Collaboration": ("#ad494a", "diamond", "Collaboration", "협력"),
    "kg:Participation": ("#a55194", "dot", "Participation", "참여"),
}


def select(g, mode, **kw):
    """The node set of one map: ``all``, ``ego``, ``path``, ``program`` or ``type``."""
    import networkx as nx

    if mode == "all":
        return set(g)
    if mode == "ego":
        return set(nx.ego_graph(g, kw["center"], radius=kw.get("radius", 1)))
    if mode == "path":
        from graph.network.paths import find_paths

        paths = find_paths(g, kw["source"], kw["target"], k=kw.get("k", 5), max_hops=kw.get("max_hops", 4))
        on_path = {n for p in paths for n in p["nodes"]}
        return on_path | {m for n in on_path for m in g[n] if g.nodes[m]["type"] in ("kg:Country",)}
    if mode == "program":
        program = kw["program"]
        keep = {program}
        for n in g[program]:
            keep.add(n)
            if g.nodes[n]["type"] in ("kg:Mission", "kg:Agreement", "kg:Collaboration", "kg:Participation"):
                keep |= set(g[n])
        return keep
    if mode == "type":
        from graph.network.paths import ancestors_of

        wanted = set(kw["types"])
        return {n for n, d in g.nodes(data=True) if ancestors_of(d["type"]) & wanted}
    raise UserInputError(f"unknown map mode {mode!r}")


def _vis_assets():
    import pyvis

    folder = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    return ((folder / "vis-network.min.js").read_text(encoding="utf-8"),
            (folder / "vis-network.css").read_text(encoding="utf-8"))


def _citation(src):
    if "document" in src:
        return f"[{src['document']}] {src['quote']}"
    return f"[outside the seeds] {src['url']}"


def build_data(g, nodes, scores, lang="en", title="", highlight=()):
    """Node and edge lists for vis-network, built with pyvis."""
    from pyvis.network import Network

    from graph.vocab.readings import relation_label

    sub = g.subgraph(nodes)
    top = max((scores.get(n, 0) for n in sub), default=0) or 1
    vis_nodes = []
    for n, d in sub.nodes(data=True):
        color, shape, cls_en, cls_ko = CLASS_STYLE.get(d["type"], ("#999999", "dot", d["type"], d["type"]))
        label = d[lang] or d["en"] or n
        tooltip = "\n".join(x for x in (f"{cls_en} / {cls_ko}", d["en"], d["ko"], d.get("date") or "",
                                           f"status: {d['status']}" if d.get("status") else "") if x)
        vis_nodes.append({"id": n, "label": label, "title": tooltip, "group": d["type"], "shape": shape,
                          "color": color, "size": 8 + 32 * math.sqrt(scores.get(n, 0) / top),
                          "en": d["en"], "ko": d["ko"], "aliases": d.get("aliases", []), "type": d["type"],
                          "date": d.get("date"), "status": d.get("status"),
                          "borderWidth": 4 if n in highlight else 1})
    vis_edges = []
    for a, b, data in sub.edges(data=True):
        fact = data["facts"][0]
        rel = fact["relation"]
        cites = [_citation(s) for f in data["facts"] for s in f["sources"]]
        vis_edges.append({"from": fact["source"], "to": fact["target"], "label": relation_label(rel, lang=lang),
                          "title": "\n".join([relation_label(rel)] + cites[:3]), "arrows": "to",
                          "sources": cites, "width": 3 if a in highlight and b in highlight else 1})
    net = Network(directed=True, heading=title)
    net.nodes, net.edges = vis_nodes, vis_edges  # assigning lists avoids pyvis's quadratic add_node
    if len(vis_nodes) > PHYSICS_LIMIT:
        import networkx as nx

        pos = nx.spring_layout(sub, iterations=25, seed=7, scale=40 * math.sqrt(len(vis_nodes)))
        for v in vis_nodes:
            v["x"], v["y"] = float(pos[v["id"]][0]), float(pos[v["id"]][1])
        physics = {"enabled": False}
    else:
        physics = {"enabled": True, "solver": "forceAtlas2Based",
                   "stabilization": {"enabled": True, "iterations": 400, "updateInterval": 50}}
    options = {"physics": physics, "interaction": {"hover": True, "tooltipDelay": 150},
               "edges": {"font": {"size": 9, "align": "middle"}, "smooth": False},
               "nodes": {"font": {"size": 12}}}
    vis_nodes, vis_edges, heading, _, _, _ = net.get_network_data()
    return {"title": heading, "nodes": vis_nodes, "edges": vis_edges, "options": options,
            "classes": [{"name": c, "color": s[0], "shape": s[1], "label": f"{s[2]} {s[3]}"}
                        for c, s in CLASS_STYLE.items() if any(n["group"] == c for n in vis_nodes)]}


def render_html(data):
    """The page: template with assets and data filled in, safe to open offline."""
    template = (Path(__file__).parents[1] / "templates" / "map.html").read_text(encoding="utf-8")
    js, css = _vis_assets()
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    parts = {"@@TITLE@@": html.escape(data["title"]), "@@VIS_CSS@@": css, "@@VIS_JS@@": js, "@@DATA@@": payload}
    out, rest = [], template
    for marker in ("@@TITLE@@", "@@VIS_CSS@@", "@@DATA@@", "@@VIS_JS@@"):
        before, _, rest = rest.partition(marker)
        out += [before, parts[marker]]
    out.append(rest)
    return "".join(out)


def write_map(path, data):
    """Write the page to ``path`` atomically as UTF-8 (``-`` is stdout)."""
    text = render_html(data)
    if str(path) == "-":
        import sys

        sys.stdout.write(text)
    else:
        write_text(path, text)
    return text
