"""The compare page: both sides drawn in their own colours, the findings beside the map, each with its quote.

:func:`compare_data` takes the result of :func:`graph.reports.compare.compare`
as it is and draws the entities it names: the target in the middle, what
only the first actor's findings name on the left, what only the second's name
on the right, what both name under the target. Each side's channels are drawn
in that side's colour (:data:`SIDE_COLORS`), its own nodes ringed in it. Beside
the map: per side, the agreements with their dates, the standing
institutions, the proposals (not in force), the labs reached and the channel
count with the channels themselves; then the contrasts. Every item carries the
quote the comparison cites for it.

>>> SIDE_COLORS
('#e7298a', '#1b9e77')
"""

from graph.render.style import status_text
from graph.render.viz import build_data
from graph.reports.compare import word_of
from graph.vocab.citation import page_source

__all__ = ["SIDE_COLORS", "compare_data", "side_nodes", "write_compare"]

#: the first and the second actor's colour
SIDE_COLORS = ("#e7298a", "#1b9e77")

_WORDS = {
    "en": {"agreements": "{who}: agreements tying it to the target side ({n})", "institutions":
           "{who}: standing joint institutions ({n})", "proposed": "{who}: proposals, not in force ({n})",
           "labs": "{who}: labs and facilities reached ({n})", "channels": "{who}: separate channels within {h} hops ({n})",
           "hops": "shortest hop count: {h}", "contrasts": "What one has that the other lacks ({n})",
           "none": "none", "brokers": "brokers: {b}", "side": "{who}: its channels and entities"},
    "ko": {"agreements": "{who}: 목표 측과 맺은 협정 ({n})", "institutions": "{who}: 상설 공동 기관 ({n})",
           "proposed": "{who}: 제안(미발효) ({n})", "labs": "{who}: 닿는 연구소·시설 ({n})",
           "channels": "{who}: {h}단계 이내 독립 경로 ({n})", "hops": "최단 단계 수: {h}",
           "contrasts": "한쪽에만 있는 것 ({n})", "none": "없음", "brokers": "중개자: {b}",
           "side": "{who}: 경로와 관련 개체"},
}


def side_nodes(side):
    """Every entity one side's findings name."""
    nodes = {side["entity"]["id"]}
    for a in side["agreements"]["items"]:
        nodes.add(a["id"])
        nodes.update(p["id"] for p in a["parties"])
    for inst in side["institutions"] + side["proposed_institutions"]:
        nodes.update(x["id"] for x in (inst, inst.get("host")) if x)
    nodes.update(x["id"] for lab in side["labs_reached"] for x in (lab, lab["via"]))
    nodes.update(n["id"] for p in side["channels"]["paths"] for n in p["nodes"])
    return nodes


def _src(s):
    return [page_source(s)] if s else []


def _findings(result, lang):
    w = _WORDS[lang]
    out = []
    for i, s in enumerate(result["sides"]):
        who = s["entity"]["label"]
        ag = s["agreements"]
        out.append({"side": i, "title": w["agreements"].format(who=who, n=ag["count"]), "empty": w["none"],
                    "items": [{"text": f"{a['date'] or '?'} · {a['label']} ({word_of(a['kind'], lang)}, "
                                       f"{word_of(a['level'], lang)})",
                               "status": status_text(a.get("status")), "sources": _src(a.get("source"))}
                              for a in ag["items"]]})
        out.append({"side": i, "title": w["institutions"].format(who=who, n=len(s["institutions"])), "empty": w["none"],
                    "items": [{"text": f"{x['label']} @ {x['host']['label']} ({x['date'] or '?'})",
                               "status": status_text(x.get("status")), "sources": _src(x.get("source"))}
                              for x in s["institutions"]]})
        out.append({"side": i, "title": w["proposed"].format(who=who, n=len(s["proposed_institutions"])),
                    "empty": w["none"],
                    "items": [{"text": x["label"] + (f" @ {x['host']['label']}" if x.get("host") else ""),
                               "status": status_text(x.get("status")), "sources": _src(x.get("source"))}
                              for x in s["proposed_institutions"]]})
        out.append({"side": i, "title": w["labs"].format(who=who, n=len(s["labs_reached"])), "empty": w["none"],
                    "items": [{"text": f"{x['label']} ← {x['via']['label']}", "sources": _src(x.get("source"))}
                              for x in s["labs_reached"]]})
        ch = s["channels"]
        items = [{"text": w["hops"].format(h=s["hops"] if s["hops"] is not None else w["none"])}]
        items += [{"text": " → ".join(n["label"] for n in p["nodes"])} for p in ch["paths"]]
        if s.get("brokers"):
            items.append({"text": w["brokers"].format(b=", ".join(f"{b['label']} ({b['channels']})"
                                                                   for b in s["brokers"][:8]))})
        out.append({"side": i, "title": w["channels"].format(who=who, h=ch["max_hops"], n=ch["count"]), "items": items})
    out.append({"title": w["contrasts"].format(n=len(result["contrasts"])), "empty": w["none"],
                "items": [{"text": c["text"], "sources": _src(c.get("source"))} for c in result["contrasts"]]})
    return out


def compare_data(result, g, scores, title, lang="en"):
    """The compare page's data: the map of what the comparison names, its findings, the two sides' colours."""
    target = result["target"]["id"]
    sets = [side_nodes(s) for s in result["sides"]]
    nodes = ({target} | sets[0] | sets[1]) & set(g)
    side = {n: (-1 if n in sets[0] else 1) for n in nodes if (n in sets[0]) != (n in sets[1])}
    side.update({n: 0 for n in nodes if n in sets[0] and n in sets[1] and n != target})
    for i, s in enumerate(result["sides"]):
        side[s["entity"]["id"]] = -1 if i == 0 else 1
    ends = (target, *(s["entity"]["id"] for s in result["sides"]))
    data = build_data(g, nodes, scores, lang=lang, title=title, highlight=ends,
                      layout={"kind": "layered", "center": target, "side": side})
    sides = [{"id": s["entity"]["id"], "label": _WORDS[lang]["side"].format(who=s["entity"]["label"]),
              "color": SIDE_COLORS[i]} for i, s in enumerate(result["sides"])]
    channel = {}
    for i, s in enumerate(result["sides"]):
        for p in s["channels"]["paths"]:
            ids = [n["id"] for n in p["nodes"]]
            for a, b in zip(ids, ids[1:]):
                channel.setdefault(frozenset((a, b)), set()).add(i)
    for e in data["edges"]:
        owners = channel.get(frozenset((e["from"], e["to"])), set())
        if len(owners) == 1:
            i = next(iter(owners))
            e["color"] = {**e["color"], "color": SIDE_COLORS[i]}
            e["width"] = 3.5
            e["side"] = i
    for n in data["nodes"]:
        s = side.get(n["id"])
        if s in (-1, 1) and n["kind"] == "standing" and not n["end"]:
            n["color"] = {**n["color"], "border": SIDE_COLORS[0 if s < 0 else 1]}
            n["borderWidth"] = 3
        n["side"] = s
    data["sides"] = sides
    data["legend"]["sides"] = sides
    data["findings"] = _findings(result, lang)
    return data


def write_compare(ws, output, result, title, lang="en"):
    """Write the compare page of ``result`` to ``output`` (``-`` for stdout); the lines to tell the user."""
    from graph.network.centrality import load_centrality
    from graph.render.page import write_map

    data = compare_data(result, ws.network, load_centrality(ws.build, ws.network)["betweenness"], title, lang)
    write_map(output, data)
    return [] if output == "-" else [f"wrote {output}: {len(data['nodes'])} nodes, {len(data['edges'])} edges, "
                                     f"{sum(len(f['items']) for f in data['findings'])} findings"]
