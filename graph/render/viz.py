"""The data of an interactive map: nodes with fixed positions, styled edges, a legend that matches.

:func:`select` picks the nodes of one kind of map; :func:`build_data` turns
them into what the page (:mod:`graph.render.page`) draws with vis-network:

* positions computed here with a fixed seed (:mod:`graph.render.layout`), so
  the page runs with physics off and looks the same on every load: a path
  map as left-to-right lanes, ego and program maps layered by distance, the
  whole map grouped by country (Louvain communities for nodes with none);
* colour and shape by class, from :data:`graph.render.style.CLASS_STYLE`,
  set on every node explicitly (no vis-network group palette), and a legend
  listing only the classes, statuses and relation families on the map;
* status drawn: proposals, plans and things under review faded with dashed
  borders and dashed edges, restrictions with a dark-red border and edges,
  the status in English and Korean in the tooltip and the panel;
* node size by betweenness centrality (the scores the caller passes, from
  the build's cache for the real graph); on maps of more than
  :data:`LABEL_ALL` nodes only the :data:`LABEL_TOP` most central carry a
  label large enough for the fitted view, the others show theirs on zoom.

>>> import networkx as nx
>>> g = nx.Graph()
>>> g.add_node("a", type="kg:Lab", en="Lab A", ko="연구소 가", status=None, date=None)
>>> g.add_node("b", type="kg:Lab", en="Centre B", ko="센터 나", status="proposed", date=None)
>>> g.add_edge("a", "b", facts=[{"relation": "candidateHost", "source": "b", "target": "a", "date": None,
...                              "sources": [{"document": "s001", "quote": "…"}]}])
>>> data = build_data(g, {"a", "b"}, {}, layout={"kind": "layered", "center": "a"})
>>> [(n["id"], n["kind"], n["shapeProperties"]["borderDashes"]) for n in data["nodes"]]
[('a', 'standing', False), ('b', 'tentative', [5, 4])]
>>> data["edges"][0]["dashes"], [c["name"] for c in data["legend"]["classes"]]
([5, 4], ['kg:Lab'])
"""

import math

from graph.errors import UserInputError
from graph.vocab.citation import page_source
from graph.render.font import FAMILY, line_height, text_width, wrap_label
from graph.render.layout import grouped, lanes, layered, node_box, separate
from graph.render.page import render_html, write_map
from graph.render.style import (CLASS_STYLE, RELATION_FAMILIES, RESTRICTION_COLOR, STATUS_NAMES, TENTATIVE_DASHES,
                                TENTATIVE_OPACITY, UNKNOWN_STYLE, relation_family, status_kind, status_text)
from graph.vocab.labels import label_in

__all__ = ["CLASS_STYLE", "LABEL_ALL", "LABEL_TOP", "build_data", "node_styles", "render_html", "select",
           "write_map"]

#: maps up to this many nodes label every node at the fitted view
LABEL_ALL = 150
#: on larger maps, the most central nodes labelled at the fitted view
LABEL_TOP = 40
#: edges of a path map carry their relation as a label up to this many edges (else in the tooltip)
EDGE_LABELS = 40
FONT_SIZE = 12
LABEL_WIDTH = 150


def select(g, mode, **kw):
    """The node set of one map: ``all``, ``ego``, ``program`` or ``type``.

    A path map is chosen by :func:`graph.render.mapview.select_view`: the nodes of
    the paths ``kg path`` gives (:func:`map_paths` on the channel network).
    """
    import networkx as nx

    if mode == "all":
        return set(g)
    if mode == "ego":
        return set(nx.ego_graph(g, kw["center"], radius=kw.get("radius", 1)))
    if mode == "program":
        program = kw["program"]
        keep = {program}
        for n in g[program]:
            keep.add(n)
            if g.nodes[n]["type"] in ("kg:Mission", "kg:Agreement", "kg:Collaboration", "kg:Participation"):
                keep |= set(g[n])
        return keep
    if mode == "type":
        from graph.vocab.schema import ancestors_of

        wanted = set(kw["types"])
        return {n for n, d in g.nodes(data=True) if ancestors_of(d["type"]) & wanted}
    raise UserInputError(f"unknown map mode {mode!r}")


def map_paths(g, source, target, k=5, max_hops=5):
    """The node lists of the paths a path map draws, as :func:`graph.network.paths.find_paths` gives them."""
    from graph.network.paths import find_paths

    return [list(p["nodes"]) for p in find_paths(g, source, target, k=k, max_hops=max_hops)]


def node_styles(g, nodes, scores, lang="en", label_all=None, top=LABEL_TOP, ends=(), big=30):
    """Per node: label lines, font size, size and box (see :func:`graph.render.layout.node_box`)."""
    ranked = sorted(nodes, key=lambda n: (-scores.get(n, 0), str(n)))
    label_all = len(nodes) <= LABEL_ALL if label_all is None else label_all
    labelled_big = set(ranked[:top]) | set(ends)
    peak = max((scores.get(n, 0) for n in nodes), default=0) or 1
    out = {}
    for n in nodes:
        d = g.nodes[n]
        size = 8 + 16 * math.sqrt(scores.get(n, 0) / peak)
        font = FONT_SIZE if label_all else (big if n in labelled_big else FONT_SIZE)
        label = wrap_label(label_in(d, lang, str(n)), font, LABEL_WIDTH * font / FONT_SIZE)
        lines = label.split("\n")
        width = max(text_width(line, font) for line in lines)
        out[n] = {"label": label, "font": font, "size": round(size, 1),
                  "box": node_box(size, width, line_height(font) * len(lines))}
    return out


def _fit_font(pos, canvas=(860, 760), seen=12):
    """The font size that shows ``seen`` px when the map is fitted to a ``canvas`` (the page's usual size)."""
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    scale = min(canvas[0] / ((max(xs) - min(xs)) or 1), canvas[1] / ((max(ys) - min(ys)) or 1))
    return max(FONT_SIZE, math.ceil(seen / min(scale, 1.0)))


def _tooltip(d, cls, kind):
    parts = [f"{cls[2]} / {cls[3]}", d.get("en") or "", d.get("ko") or "", d.get("date") or "",
             f"status / 상태: {status_text(d.get('status'))}" if d.get("status") else "",
             STATUS_NAMES[kind][0] + " / " + STATUS_NAMES[kind][1] if kind != "standing" else ""]
    return "\n".join(p for p in parts if p)


def _layout(g, sub, styles, layout, scores):
    kind = layout.get("kind") if layout else None
    if kind == "lanes":
        return lanes(layout["paths"], {n: styles[n]["box"] for n in sub}), {}
    if kind == "layered":
        return layered(sub, layout["center"], {n: styles[n]["box"] for n in sub}, side=layout.get("side")), {}
    from graph.network.sides import homes

    home = homes(g)
    group_of = {n: home.get(n) for n in sub}
    loose = sub.subgraph([n for n in sub if group_of[n] is None])
    if len(loose):
        from graph.render.layout import communities

        for part in communities(loose):
            hub = min(part, key=lambda n: (-scores.get(n, 0), str(n)))
            for n in part:
                group_of[n] = ("#", hub) if len(part) >= 3 else ("#", None)
    pos, clusters = grouped(sub, group_of)
    return pos, clusters


def _reserve(g, sub, scores, per_node, pos):
    """Neighbours off the map that a reader can expand: up to ``per_node`` per node, the most central first.

    Each is placed on a small ring around the map node it hangs from; the page keeps them hidden until asked.
    """
    extra = {}
    if not per_node:
        return extra
    for n in sorted(sub, key=lambda n: (-scores.get(n, 0), str(n))):
        outside = sorted((m for m in g[n] if m not in sub and m not in extra),
                         key=lambda m: (-scores.get(m, 0), str(m)))[:per_node]
        x, y = pos[n]
        for k, m in enumerate(outside):
            angle = 2 * math.pi * k / len(outside) + 0.4
            extra[m] = (x + 150 * math.cos(angle), y + 110 * math.sin(angle))
    pos.update(extra)
    return extra


def build_data(g, nodes, scores, lang="en", title="", highlight=(), layout=None, reserve=0):
    """Node and edge lists for vis-network with positions, legend and options (see the module docstring).

    ``layout``: ``{"kind": "lanes", "paths": [[node, …], …]}``,
    ``{"kind": "layered", "center": node, "side": {node: -1|0|1}}`` or
    None (grouped by country). ``reserve``: how many neighbours off the map
    to carry per node, hidden until the reader expands that node (marked
    ``extra``, under ``data["reserve"]``: ``data["nodes"]`` and
    ``data["edges"]`` are what the page draws when it opens).
    """
    sub = g.subgraph(nodes)
    grouped_map = not layout or layout.get("kind") not in ("lanes", "layered")
    styles = None if grouped_map else node_styles(g, sub, scores, lang, ends=highlight)  # boxes to keep apart
    pos, clusters = _layout(g, sub, styles, layout, scores)
    if styles is None and len(sub) <= LABEL_ALL:  # a small grouped map: every label readable, none overlapping
        styles = node_styles(g, sub, scores, lang, ends=highlight)
        pos = separate(pos, {n: styles[n]["box"] for n in sub})
    elif len(sub) > LABEL_ALL:  # the most central labels readable at the fitted view, the others on zoom
        styles = node_styles(g, sub, scores, lang, ends=highlight, big=_fit_font(pos))
        big = [n for n in sub if styles[n]["font"] > FONT_SIZE]  # their labels apart at the fitted view
        pos.update(separate({n: pos[n] for n in big}, {n: styles[n]["box"] for n in big}, pad=20))
    base_edges = sub.number_of_edges()
    extra = _reserve(g, sub, scores, reserve, pos)
    if extra:
        styles.update(node_styles(g, list(extra), scores, lang, label_all=True))
        sub = g.subgraph(set(sub) | set(extra))
    vis_nodes = []
    for n in sorted(sub, key=str):
        d = sub.nodes[n]
        cls = CLASS_STYLE.get(d["type"], UNKNOWN_STYLE)
        kind = status_kind(d)
        st = styles[n]
        border = RESTRICTION_COLOR if kind == "restriction" else "#222222" if n in highlight else cls[0]
        color = {"background": cls[0], "border": border,
                 "highlight": {"background": cls[0], "border": "#000000"},
                 "hover": {"background": cls[0], "border": "#000000"}}
        x, y = pos[n]
        vis_nodes.append({
            "id": n, "label": st["label"], "title": _tooltip(d, cls, kind), "shape": cls[1], "color": color,
            "size": st["size"], "x": round(x, 1), "y": round(y, 1),
            "font": {"size": st["font"], "face": FAMILY, "multi": False,
                     **({"bold": True} if n in highlight else {})},
            "opacity": TENTATIVE_OPACITY if kind == "tentative" else 1.0,
            "borderWidth": 3 if kind == "restriction" or n in highlight else 1.5 if kind == "tentative" else 1,
            "shapeProperties": {"borderDashes": TENTATIVE_DASHES if kind == "tentative" else False},
            "cls": d["type"], "kind": kind, "box": [round(v, 1) for v in st["box"]],
            "en": d.get("en"), "ko": d.get("ko"), "aliases": list(d.get("aliases", [])), "type": d["type"],
            "classLabel": f"{cls[2]} / {cls[3]}", "date": d.get("date"), "status": d.get("status"),
            "statusText": status_text(d.get("status")), "end": n in highlight,
            **({"extra": True} if n in extra else {})})
    kinds = {n["id"]: n["kind"] for n in vis_nodes}
    # relation names on the edges only where they sit between columns (path maps); elsewhere in tooltip and panel
    show_labels = bool(layout) and layout.get("kind") == "lanes" and base_edges <= EDGE_LABELS
    from graph.network.paths import NOT_IN_FORCE
    from graph.vocab.readings import relation_label

    vis_edges = []
    for a, b, data in sorted(sub.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        fact = data["facts"][0]
        rel = fact["relation"]
        fam = relation_family(rel)
        tentative = (fact.get("status") in NOT_IN_FORCE or "tentative" in (kinds[a], kinds[b]))
        restriction = "restriction" in (kinds[a], kinds[b])
        color = RESTRICTION_COLOR if restriction else fam["color"]
        facts = [{"relation": f["relation"], "label": relation_label(f["relation"], lang=lang),
                  "status": f.get("status"), "statusText": status_text(f.get("status")),
                  "from": f["source"], "to": f["target"],
                  "sources": [page_source(s) for s in f["sources"]]} for f in data["facts"]]
        tip = [relation_label(rel, lang=lang)] + ([f"status / 상태: {status_text(fact['status'])}"]
                                                  if fact.get("status") else [])
        tip += [f"[{s['document']}] {s['quote']}" for f in facts for s in f["sources"]][:3]
        vis_edges.append({"from": fact["source"], "to": fact["target"], "arrows": "to",
                          "label": relation_label(rel, lang=lang) if show_labels and a not in extra and b not in extra
                          else "",
                          "title": "\n".join(tip), "relation": rel, "family": fam["key"],
                          "color": {"color": color, "highlight": "#000000", "hover": "#000000",
                                    "opacity": 0.5 if tentative else 0.9},
                          "width": fam["width"] + (1 if restriction else 0),
                          "dashes": TENTATIVE_DASHES if tentative else False,
                          "kind": "tentative" if tentative else "restriction" if restriction else "standing",
                          "facts": facts,
                          # an edge along a column would run through the labels between its ends: bend it
                          **({"smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.35}}
                             if abs(pos[a][0] - pos[b][0]) < 1 and abs(pos[a][1] - pos[b][1]) > 1 else {})})
    drawn = [n for n in vis_nodes if n["id"] not in extra]
    return {"title": title, "lang": lang, "nodes": drawn,
            "edges": [e for e in vis_edges if e["from"] not in extra and e["to"] not in extra],
            "reserve": {"nodes": [n for n in vis_nodes if n["id"] in extra],
                        "edges": [e for e in vis_edges if e["from"] in extra or e["to"] in extra]},
            "clusters": [{"name": _cluster_name(g, k, lang), "x": round(x, 1), "y": round(y, 1), "r": round(r, 1)}
                         for k, (x, y, r) in clusters.items()],
            "legend": _legends(vis_nodes, vis_edges), "options": _options(len(drawn))}


def _legends(vis_nodes, vis_edges):
    """The legend of what is drawn, and apart the entries only the hidden extra neighbours need."""
    shown = [n for n in vis_nodes if not n.get("extra")]
    ids = {n["id"] for n in shown}
    main = legend(shown, [e for e in vis_edges if e["from"] in ids and e["to"] in ids])
    every = legend(vis_nodes, vis_edges)
    main["reserve"] = {key: [x for x in every[key] if x not in main[key]] for key in ("classes", "statuses", "relations")}
    return main


def _cluster_name(g, key, lang):
    """A country's name, or for a community of nodes with no country the name of its most central node."""
    label = (lambda n: label_in(g.nodes[n], lang, str(n)))  # noqa: E731
    if isinstance(key, tuple):
        none = "no country" if lang == "en" else "국가 없음"
        return f"{none}: {label(key[1])}" if key[1] else none
    return label(key) if key in g else str(key)


def legend(vis_nodes, vis_edges):
    """The entries of the legend, only for what the map draws."""
    used = {n["cls"] for n in vis_nodes}
    kinds = {n["kind"] for n in vis_nodes} | {e["kind"] for e in vis_edges}
    families = {e["family"] for e in vis_edges}
    classes = [{"name": c, "color": s[0], "shape": s[1], "en": s[2], "ko": s[3]} for c, s in CLASS_STYLE.items()
               if c in used]
    classes += [{"name": c, "color": UNKNOWN_STYLE[0], "shape": UNKNOWN_STYLE[1], "en": c, "ko": c}
                for c in sorted(used - set(CLASS_STYLE))]
    return {"classes": classes,
            "statuses": [{"kind": k, "en": en, "ko": ko, "opacity": TENTATIVE_OPACITY if k == "tentative" else 1,
                          "dashes": TENTATIVE_DASHES if k == "tentative" else False,
                          "border": RESTRICTION_COLOR if k == "restriction" else None}
                         for k, (en, ko) in STATUS_NAMES.items() if k in kinds],
            "relations": [{"key": key, "color": color, "width": width, "en": en, "ko": ko}
                          for key, color, width, en, ko, _ in RELATION_FAMILIES if key in families]
            + ([relation_family("?")] if "other" in families else [])}


def _options(n):
    return {"physics": {"enabled": False},
            "layout": {"randomSeed": 7, "improvedLayout": False},
            "interaction": {"hover": n <= 1500, "tooltipDelay": 150, "hideEdgesOnDrag": n > 1500,
                            "hideEdgesOnZoom": n > 1500},
            "edges": {"font": {"size": 9, "align": "horizontal", "face": FAMILY, "background": "rgba(255,255,255,0.85)"},
                      "smooth": False,
                      "arrows": {"to": {"scaleFactor": 0.5}}},
            "nodes": {"font": {"face": FAMILY}, "scaling": {"label": {"drawThreshold": 6, "maxVisible": 22}}}}
