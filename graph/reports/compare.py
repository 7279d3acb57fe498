"""Compare how two actors are tied to a target: agreements, standing institutions,
labs reached, hop count, separate channels and their brokers.

The *target side* is the target, its parts and its home country's side
(:mod:`graph.sides`); for ``--to "Genesis Mission"`` that is the United
States with DOE, its laboratories and the program's missions. For each of
the two actors (with its own side):

* **agreements**: agreements with a party on the actor's side and a party
  on the target side, or that concern the target; their kind (from the
  agreement's English name: statement of intent, memorandum, arrangement,
  extension, agreement) and level (government, agency, company);
* **standing institutions**: entities of the actor's side hosted by an
  entity of the target side (``hostedBy``), such as the RIKEN BNL Research
  Center at Brookhaven; proposals (status proposed, planned, under review)
  are listed apart with their candidate hosts and never count as standing;
* **labs reached**: laboratories and facilities of the target side linked
  to the actor's side directly or through one agreement, collaboration or
  participation;
* **hops** and **channels** (:func:`graph.network.channels.short_channels`), with the
  brokers: the inner nodes of those channels. Hops and channels are counted
  on the *cooperation network*: the nodes of the two sides and the tie nodes
  (agreements, collaborations, participations) between them, joined by every
  relation except those that are not cooperation
  (:data:`graph.network.channels.NOT_COOPERATION`). So a designation aimed at a
  country, or a rival program answering the target, is not a channel.

Everything is computed on what was in force on the ``as_of`` date (today by
default), except the proposals, which are read from the whole graph.
"""

import datetime
import json

from graph.network.channels import cooperation_network, short_channels
from graph.errors import UserInputError
from graph.network.paths import NOT_IN_FORCE, cite_text, filter_as_of, source_json
from graph.network.sides import homes, side

__all__ = ["agreement_kind", "compare", "format_compare", "map_nodes"]

_KINDS = [("statement of intent", "statement of intent"), ("memorand", "memorandum"), ("mou", "memorandum"),
          ("deal", "memorandum"), ("arrangement", "arrangement"), ("extension", "extension"),
          ("agreement", "agreement")]
_TIES = {"kg:Agreement", "kg:Collaboration", "kg:Participation"}
_REACHED = {"kg:Lab", "kg:Facility"}
_INSTITUTION = {"kg:Lab", "kg:Organization", "kg:Agency", "kg:University"}


def agreement_kind(label):
    """The kind of an agreement from its English name.

    >>> agreement_kind("US–Japan Statement of Intent on the Genesis Mission")
    'statement of intent'
    >>> agreement_kind("Korea–US Technology Prosperity Deal")
    'memorandum'
    """
    low = (label or "").lower()
    return next((kind for key, kind in _KINDS if key in low), "other")


def _cite(fact):
    return source_json(fact["sources"][0]) if fact and fact["sources"] else None


def _facts(g, a, b, relation=None):
    return [f for f in g.edges[a, b]["facts"] if relation is None or f["relation"] == relation]


class _Context:
    def __init__(self, g, full, target, lang):
        self.g, self.full, self.target, self.lang = g, full, target, lang
        self.target_side = side(full, target)
        self.homes = homes(full)

    def node(self, n):
        d = self.full.nodes[n]
        return {"id": n, "label": d[self.lang] or d["en"] or n, "type": d["type"]}

    def agreements(self, own):
        g, out = self.g, []
        for n in g:
            if g.nodes[n]["type"] != "kg:Agreement":
                continue
            parties = [m for m in g[n] if _facts(g, n, m, "party")]
            mine = [m for m in parties if m in own]
            theirs = [m for m in parties if m in self.target_side and m not in own]
            concerns = self.target in g[n] and _facts(g, n, self.target, "concerns")
            if not mine or not (theirs or concerns):
                continue
            types = {g.nodes[m]["type"] for m in mine}
            level = ("government" if types == {"kg:Country"} else
                     "company" if types == {"kg:Company"} else "agency")
            d = g.nodes[n]
            out.append({**self.node(n), "date": d["date"], "status": d["status"],
                        "kind": agreement_kind(d["en"]), "level": level,
                        "parties": [self.node(m) for m in sorted(parties)],
                        "source": _cite(_facts(g, n, mine[0], "party")[0])})
        return sorted(out, key=lambda a: (a["date"] or "9999", a["id"]))

    def institutions(self, own, g, proposals):
        out = []
        for n in sorted(own & set(g)):
            d = g.nodes[n]
            if d["type"] not in _INSTITUTION or (d["status"] in NOT_IN_FORCE) != proposals:
                continue
            for m in sorted(g[n]):
                rels = ("hostedBy", "candidateHost") if proposals else ("hostedBy",)
                facts = [f for f in _facts(g, n, m) if f["relation"] in rels and f["source"] == n]
                if m in self.target_side and facts:
                    out.append({**self.node(n), "host": self.node(m), "relation": facts[0]["relation"],
                                "date": d["date"], "status": d["status"], "source": _cite(facts[0])})
        if proposals:  # the models those proposals follow, when they are proposals too
            for item in list(out):
                for m in g[item["id"]]:
                    model = [f for f in _facts(g, item["id"], m, "modelledOn") if f["source"] == item["id"]]
                    if model and g.nodes[m]["status"] in NOT_IN_FORCE and all(o["id"] != m for o in out):
                        out.append({**self.node(m), "host": None, "relation": "modelledOn",
                                    "date": g.nodes[m]["date"], "status": g.nodes[m]["status"],
                                    "source": _cite(model[0])})
        return out

    def labs_reached(self, own):
        g, found = self.g, {}
        for n in sorted(own & set(g)):
            for t in g[n]:
                if t in self.target_side and g.nodes[t]["type"] in _REACHED:
                    rel = [f for f in _facts(g, n, t) if f["relation"] != "basedIn"]
                    if rel:
                        found.setdefault(t, (n, rel[0]))
                    continue
                if g.nodes[t]["type"] not in _TIES:
                    continue
                for m in g[t]:
                    if m in self.target_side and g.nodes[m]["type"] in _REACHED:
                        found.setdefault(m, (t, _facts(g, t, m)[0]))
        return [{**self.node(m), "via": self.node(via), "source": _cite(fact)}
                for m, (via, fact) in sorted(found.items())]

    def cooperation(self, own):
        """The part of the network channels may use (see the module docstring)."""
        g = self.g
        return cooperation_network(g, {n for n in g if n in own or n in self.target_side
                                       or g.nodes[n]["type"] in _TIES})

    def channels(self, actor, own, max_hops):
        import networkx as nx

        g = self.cooperation(own)
        if actor not in g or self.target not in g or not nx.has_path(g, actor, self.target):
            return None, [], []
        hops = nx.shortest_path_length(g, actor, self.target)
        paths = short_channels(g, actor, self.target, max_hops=max_hops)
        brokers = {}
        for p in paths:
            for n in p[1:-1]:
                brokers[n] = brokers.get(n, 0) + 1
        return hops, [{"hops": len(p) - 1, "nodes": [self.node(n) for n in p]} for p in paths], \
            [{**self.node(n), "channels": c} for n, c in sorted(brokers.items(), key=lambda kv: (-kv[1], kv[0]))]


def _side_report(ctx, actor, max_hops):
    own = side(ctx.full, actor) - ctx.target_side if actor != ctx.target else {actor}
    own.add(actor)
    agreements = ctx.agreements(own)
    dated = [a for a in agreements if a["date"]]
    count = lambda key: {v: sum(1 for a in agreements if a[key] == v)  # noqa: E731
                         for v in sorted({a[key] for a in agreements if a[key]})}
    hops, channels, brokers = ctx.channels(actor, own, max_hops)
    return {
        "entity": ctx.node(actor),
        "agreements": {"count": len(agreements), "oldest": dated[0] if dated else None,
                       "newest": dated[-1] if dated else None, "kinds": count("kind"),
                       "levels": count("level"), "statuses": count("status"), "items": agreements},
        "institutions": ctx.institutions(own, ctx.g, proposals=False),
        "proposed_institutions": ctx.institutions(own, ctx.full, proposals=True),
        "labs_reached": ctx.labs_reached(own),
        "hops": hops,
        "channels": {"count": len(channels), "max_hops": max_hops, "paths": channels},
        "brokers": brokers,
    }


def map_nodes(result):
    """Every entity a comparison names: the three ends, agreements and parties, institutions, labs, channels."""
    nodes = {result["target"]["id"]}
    for s in result["sides"]:
        nodes.add(s["entity"]["id"])
        nodes.update(a["id"] for a in s["agreements"]["items"])
        nodes.update(p["id"] for a in s["agreements"]["items"] for p in a["parties"])
        for inst in s["institutions"] + s["proposed_institutions"]:
            nodes.update(x["id"] for x in (inst, inst["host"]) if x)
        nodes.update(x["id"] for lab in s["labs_reached"] for x in (lab, lab["via"]))
        nodes.update(n["id"] for p in s["channels"]["paths"] for n in p["nodes"])
    return nodes


def _article(word):
    return "an" if word[:1] in "aeiou" else "a"


def _contrasts(a, b):
    """What one side has that the other lacks, one finding per line."""
    out = []
    na, nb = a["entity"]["label"], b["entity"]["label"]
    for x, y, nx_, ny in ((a, b, na, nb), (b, a, nb, na)):
        if x["institutions"] and not y["institutions"]:
            inst = x["institutions"][0]
            out.append({"has": x["entity"]["id"], "lacks": y["entity"]["id"], "what": "standing institution",
                        "text": f"{nx_} has a standing institution on the target side ({inst['label']} at "
                                f"{inst['host']['label']}); {ny} has none in force"
                                + (f" (proposed: {', '.join(p['label'] for p in y['proposed_institutions'])})"
                                   if y["proposed_institutions"] else ""),
                        "source": inst["source"]})
        levels = set(x["agreements"]["levels"]) - set(y["agreements"]["levels"])
        for level in sorted(levels):
            item = next(i for i in x["agreements"]["items"] if i["level"] == level)
            out.append({"has": x["entity"]["id"], "lacks": y["entity"]["id"], "what": f"{level}-level agreement",
                        "text": f"{nx_} has {level}-level agreements ({item['label']}); {ny} has none",
                        "source": item["source"]})
        kinds = set(x["agreements"]["kinds"]) - set(y["agreements"]["kinds"])
        for kind in sorted(kinds):
            item = next(i for i in x["agreements"]["items"] if i["kind"] == kind)
            out.append({"has": x["entity"]["id"], "lacks": y["entity"]["id"], "what": f"agreement: {kind}",
                        "text": f"{nx_} has {_article(kind)} {kind} ({item['label']}); {ny} has none",
                        "source": item["source"]})
        only = {r["id"]: r for r in x["labs_reached"]}.keys() - {r["id"] for r in y["labs_reached"]}
        for lab in sorted(only):
            item = next(r for r in x["labs_reached"] if r["id"] == lab)
            out.append({"has": x["entity"]["id"], "lacks": y["entity"]["id"], "what": "lab reached",
                        "text": f"{nx_} reaches {item['label']} (via {item['via']['label']}); {ny} does not",
                        "source": item["source"]})
    for key, what in (("count", "agreements"),):
        ca, cb = a["agreements"][key], b["agreements"][key]
        if ca != cb:
            more, less = (a, b) if ca > cb else (b, a)
            out.insert(0, {"has": more["entity"]["id"], "lacks": less["entity"]["id"], "what": "more agreements",
                           "text": f"{more['entity']['label']} has {max(ca, cb)} {what} tying it to the target "
                                   f"side, {less['entity']['label']} {min(ca, cb)}", "source": None})
    oa, ob = a["agreements"]["oldest"], b["agreements"]["oldest"]
    if oa and ob and oa["date"][:4] != ob["date"][:4]:
        old, new = (a, b) if oa["date"] < ob["date"] else (b, a)
        first, second = old["agreements"]["oldest"], new["agreements"]["oldest"]
        out.insert(1, {"has": old["entity"]["id"], "lacks": new["entity"]["id"], "what": "older agreement",
                       "text": f"{old['entity']['label']}'s oldest tie ({first['label']}, {first['date']}) predates "
                               f"{new['entity']['label']}'s ({second['label']}, {second['date']})",
                       "source": first["source"]})
    ca, cb = a["channels"]["count"], b["channels"]["count"]
    if ca != cb:
        more, less = (a, b) if ca > cb else (b, a)
        out.insert(2, {"has": more["entity"]["id"], "lacks": less["entity"]["id"], "what": "more channels",
                       "text": f"{more['entity']['label']} has {max(ca, cb)} separate channels to the target "
                               f"within {a['channels']['max_hops']} hops, {less['entity']['label']} {min(ca, cb)}",
                       "source": None})
    return out


def compare(ws, a, b, target, as_of=None, max_hops=4, lang="en"):
    """The comparison of actors ``a`` and ``b`` towards ``target`` as a plain dict."""
    from graph.network.pathfinder import check_date

    date = check_date(as_of) or datetime.date.today().isoformat()
    full = ws.network
    ids = [ws.resolve(x, in_network=True) for x in (a, b, target)]
    if len(set(ids)) < 3:
        raise UserInputError(f"compare needs three different entities, got {', '.join(ids)}")
    g = filter_as_of(full, date)
    for name, node in zip((a, b), ids):  # the target may postdate the date: ties to its side still count
        if node not in g:
            raise UserInputError(f"{name!r} ({node}) did not exist or was not in force on {date}")
    ctx = _Context(g, full, ids[2], lang)
    sides = [_side_report(ctx, n, max_hops) for n in ids[:2]]
    return {"target": ctx.node(ids[2]), "target_in_force": ids[2] in g, "target_side": sorted(ctx.target_side),
            "as_of": date,
            "sides": sides, "contrasts": _contrasts(*sides)}


_HEAD = {
    "en": {"agreements": "Agreements tying it to the target side", "none": "none",
           "institutions": "Standing joint institutions on the target side",
           "proposed": "Proposed institutions (not in force)", "labs": "Laboratories and facilities reached",
           "hops": "Shortest hop count", "channels": "Separate channels (node-independent paths within {n} hops)",
           "brokers": "Brokers on those channels", "contrasts": "What one has that the other lacks",
           "title": "{a} and {b} towards {t} (as of {d})", "oldest": "oldest", "newest": "newest",
           "absent": " ({t} was not yet in force)"},
    "ko": {"agreements": "목표 측과 맺은 협정", "none": "없음", "institutions": "목표 측에 상설된 공동 기관",
           "proposed": "제안된 기관(미발효)", "labs": "닿는 연구소·시설", "hops": "최단 단계 수",
           "channels": "독립 경로 수({n}단계 이내, 노드 독립)", "brokers": "경로의 중개자",
           "contrasts": "한쪽에만 있는 것", "title": "{t}에 대한 {a}·{b} 비교 ({d} 기준)",
           "oldest": "가장 오래된", "newest": "가장 최근", "absent": " ({t} 미발효 시점)"},
}


def format_compare(result, fmt="text", lang="en"):
    """``result`` of :func:`compare` as indented JSON or as cited text."""
    if fmt == "json":
        return json.dumps(result, ensure_ascii=False, indent=1)
    h = _HEAD[lang]
    a, b = result["sides"]
    lines = [h["title"].format(a=a["entity"]["label"], b=b["entity"]["label"], t=result["target"]["label"],
                               d=result["as_of"])]
    for s in result["sides"]:
        ag = s["agreements"]
        lines += ["", f"== {s['entity']['label']} ({s['entity']['id']})",
                  f"{h['agreements']}: {ag['count']}"
                  + (f" ({h['oldest']} {ag['oldest']['date']}, {h['newest']} {ag['newest']['date']})"
                     if ag["oldest"] else "")
                  + (f"; {', '.join(f'{k} {v}' for k, v in ag['kinds'].items())}" if ag["kinds"] else "")]
        for item in ag["items"]:
            lines += [f"  - {item['date'] or '?'}  {item['label']} ({item['kind']}, {item['level']}, "
                      f"{item['status'] or '?'})", f"      {cite_text(item['source'])}"]
        lines.append(f"{h['institutions']}: {len(s['institutions']) or h['none']}")
        for inst in s["institutions"]:
            lines += [f"  - {inst['label']} @ {inst['host']['label']} ({inst['date'] or '?'}, {inst['status'] or '?'})",
                      f"      {cite_text(inst['source'])}"]
        if s["proposed_institutions"]:
            lines.append(f"{h['proposed']}: {len(s['proposed_institutions'])}")
            for inst in s["proposed_institutions"]:
                host = f" @ {inst['host']['label']}" if inst["host"] else ""
                lines += [f"  - {inst['label']}{host} ({inst['status']})", f"      {cite_text(inst['source'])}"]
        lines.append(f"{h['labs']}: {len(s['labs_reached']) or h['none']}")
        for lab in s["labs_reached"]:
            lines += [f"  - {lab['label']} ← {lab['via']['label']}", f"      {cite_text(lab['source'])}"]
        absent = "" if result["target_in_force"] else h["absent"].format(t=result["target"]["label"])
        lines.append(f"{h['hops']}: {s['hops'] if s['hops'] is not None else h['none'] + absent}")
        lines.append(h["channels"].format(n=s["channels"]["max_hops"]) + f": {s['channels']['count']}")
        for p in s["channels"]["paths"]:
            lines.append("  - " + " → ".join(n["label"] for n in p["nodes"]))
        if s["brokers"]:
            lines.append(f"{h['brokers']}: " + ", ".join(f"{x['label']} ({x['channels']})" for x in s["brokers"][:10]))
    lines += ["", f"== {h['contrasts']}"]
    for c in result["contrasts"]:
        lines.append(f"  * {c['text']}")
        if c["source"]:
            lines.append(f"      {cite_text(c['source'])}")
    return "\n".join(lines)
