"""Compare how two actors are tied to a target: agreements, standing institutions,
labs reached, hop count, separate channels and their brokers.

The *target side* of a program (``--to "Genesis Mission"``) is the program,
its missions and other parts, the bodies that lead or coordinate it and the
labs and facilities of its home country that carry it out (take part in it,
or that it uses): for Genesis, DOE, its national laboratories and the 26
challenges. A company that merely takes part is not the target side, and
neither is the home country itself. For any other target (a country, a lab)
it is the target's side as in :mod:`graph.network.sides`. For each of the
two actors (with its own side):

* **agreements**: agreements with a party on the actor's side and a party
  on the target side or the program's home country (government level), or
  that concern the target or one of its parts; their kind (from the
  agreement's English name: statement of intent, memorandum, arrangement,
  extension, agreement) and level (government, agency, company). An MoU
  with a company that takes part in the program is no tie to the program
  unless it concerns it;
* **one tie, counted once**: records that are faces of the same tie (an
  agreement and its extension, an agreement and the collaboration it
  concerns, a statement of intent on the program and the country's
  participation in that program) are one item, listed with its ``faces``;
* **standing institutions**: entities of the actor's side hosted by an
  entity of the target side (``hostedBy``), such as the RIKEN BNL Research
  Center at Brookhaven; proposals (status proposed, planned, under review)
  are listed apart with their candidate hosts and never count as standing;
* **labs reached**: laboratories and facilities of the target side linked
  to the actor's side directly or through one agreement, collaboration or
  participation;
* **hops** and **channels** (:func:`graph.network.channels.short_channels`),
  with the brokers: the inner nodes of those channels. They are counted on
  the *cooperation network* of the two sides and the tie nodes (agreements,
  collaborations, participations) between them, with the faces of one tie
  merged into one node: relations of cooperation only
  (:func:`graph.network.channels.is_channel`), and no country hub in
  between, so no channel reaches an arbitrary lab through a country.

Everything is computed on what was in force on the ``as_of`` date (today by
default), except the proposals, which are read from the whole graph.
"""

import datetime
import json

from graph.errors import UserInputError
from graph.network.channels import cooperation_network, short_channels
from graph.network.paths import filter_as_of
from graph.vocab.citation import cite_text, source_json
from graph.network.sides import homes, parts_of, side
from graph.vocab.readings import josa
from graph.vocab.status import NOT_IN_FORCE, status_label, status_note

__all__ = ["agreement_kind", "compare", "format_compare", "map_nodes", "target_side", "tie_groups", "word_of"]

_KINDS = [("statement of intent", "statement of intent"), ("memorand", "memorandum"), ("mou", "memorandum"),
          ("deal", "memorandum"), ("arrangement", "arrangement"), ("extension", "extension"),
          ("agreement", "agreement")]
_TIES = {"kg:Agreement", "kg:Collaboration", "kg:Participation"}
_REACHED = {"kg:Lab", "kg:Facility"}
_INSTITUTION = {"kg:Lab", "kg:Organization", "kg:Agency", "kg:University"}
_PROGRAMS = {"kg:Program", "kg:Mission"}
#: relations between two tie records that make them faces of one tie
_SAME_TIE = {"concerns", "establishes", "extends", "successorOf", "partOf"}


def target_side(g, target):
    """The target side of ``target`` (see the module docstring)."""
    if g.nodes[target]["type"] not in _PROGRAMS:
        return side(g, target)
    core = {target} | parts_of(g, target)
    home = homes(g).get(target)
    out = set(core)
    for n in core:
        for m in g[n]:
            mine = homes(g).get(m) == home
            for f in g.edges[n, m]["facts"]:
                rel, incoming = f["relation"], f["target"] == n
                if rel in ("leads", "coordinates") and incoming and mine:
                    out.add(m)
                elif rel == "participatesIn" and incoming and mine and g.nodes[m]["type"] in _REACHED:
                    out.add(m)
                elif rel == "uses" and not incoming and g.nodes[m]["type"] == "kg:Facility":
                    out.add(m)
                elif rel == "inProgram" and incoming:  # a qualified participation: its participant
                    for p in g[m]:
                        if (p != n and homes(g).get(p) == home and g.nodes[p]["type"] in _REACHED
                                and any(x["relation"] == "participant" for x in g.edges[m, p]["facts"])):
                            out.add(p)
    return out


def tie_groups(g, actor, target, core):
    """{tie node: representative} joining the records that are faces of one tie.

    Two tie records (agreements, collaborations, participations) are one tie
    when a relation of :data:`_SAME_TIE` joins them (an extension, the
    collaboration an agreement concerns), and ``actor``'s participation in
    ``target`` is one tie with ``actor``'s agreements that concern ``core``
    (the target and its parts). The representative is the oldest agreement
    of the group (else its first record by id).
    """
    ties = sorted(n for n in g if g.nodes[n]["type"] in _TIES)
    parent = {n: n for n in ties}

    def find(n):
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    def join(a, b):
        parent[find(a)] = find(b)

    for n in ties:
        for m in g[n]:
            if m in parent and any(f["relation"] in _SAME_TIE for f in g.edges[n, m]["facts"]):
                join(n, m)
    if actor in g:
        mine = [p for p in g[actor] if g.nodes[p]["type"] == "kg:Participation" and set(g[p]) & core]
        about = [a for a in g[actor] if g.nodes[a]["type"] == "kg:Agreement" and set(g[a]) & core
                 and any(f["relation"] == "concerns" for m in set(g[a]) & core for f in g.edges[a, m]["facts"])]
        for p in mine:
            for a in about:
                join(p, a)
    groups = {}
    for n in ties:
        groups.setdefault(find(n), []).append(n)
    rep = {}
    for members in groups.values():
        agreements = sorted((str(g.nodes[n].get("date") or "9999"), n) for n in members
                            if g.nodes[n]["type"] == "kg:Agreement")
        head = agreements[0][1] if agreements else members[0]
        rep.update((n, head) for n in members)
    return rep


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
    def __init__(self, g, full, target, lang, record_sources=None):
        self.g, self.full, self.target, self.lang = g, full, target, lang
        self.record_sources = record_sources or {}
        self.target_side = target_side(full, target)
        self.homes = homes(full)
        home = self.homes.get(target)
        # government-level agreements are made with the program's home country
        self.counterparts = self.target_side | ({home} if home and home != target else set())
        self.core = {target} | parts_of(full, target)

    def node(self, n):
        d = self.full.nodes[n]
        return {"id": n, "label": d[self.lang] or d["en"] or n, "type": d["type"], "status": d.get("status")}

    def agreements(self, actor, own):
        g, found = self.g, {}
        groups = tie_groups(g, actor, self.target, self.core)
        for n in sorted(g):
            if g.nodes[n]["type"] != "kg:Agreement":
                continue
            parties = [m for m in g[n] if _facts(g, n, m, "party")]
            mine = [m for m in parties if m in own]
            theirs = [m for m in parties if m in self.counterparts and m not in own]
            concerns = any(_facts(g, n, m, "concerns") for m in set(g[n]) & self.core)
            if not mine or not (theirs or concerns):
                continue
            found.setdefault(groups.get(n, n), []).append((n, mine, parties, concerns))
        out = []
        for head, members in found.items():
            n, mine, parties, _ = next((m for m in members if m[0] == head), members[0])
            types = {g.nodes[m]["type"] for m in mine}
            level = ("government" if types == {"kg:Country"} else
                     "company" if types == {"kg:Company"} else "agency")
            d = g.nodes[n]
            faces = sorted(x for x, rep in groups.items() if rep == groups.get(n, n) and x != n)
            out.append({**self.node(n), "date": d["date"], "status": d["status"],
                        "kind": agreement_kind(d["en"]), "level": level,
                        "concerns_target": any(m[3] for m in members),
                        "parties": [self.node(m) for m in sorted(parties)],
                        "faces": [{**self.node(x), "date": g.nodes[x].get("date")} for x in faces],
                        "source": _cite(_facts(g, n, mine[0], "party")[0]),
                        "about_target": self.mention(n)})
        return sorted(out, key=lambda a: (a["date"] or "9999", a["id"]))

    def mention(self, n):
        """The first seed quote on ``n`` (a relation of it, or its record) that names the target, or None.

        Body sentences come before reference-list lines in the data, so the first is the best.
        """
        d = self.full.nodes[self.target]
        names = [x for x in (d.get("en"), d.get("ko")) if x]
        sources = [src for m in sorted(self.g[n]) for f in self.g.edges[n, m]["facts"] for src in f["sources"]]
        sources += self.record_sources.get(n, [])
        for src in sources:
            if src.get("quote") and any(x in src["quote"] for x in names):
                return source_json(src)
        return None

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

    def cooperation(self, actor, own):
        """The part of the network channels may use, the faces of one tie merged (see the module docstring)."""
        import networkx as nx

        g = self.g
        h = cooperation_network(g, {n for n in g if n in own or n in self.target_side
                                    or g.nodes[n]["type"] in _TIES})
        groups = tie_groups(g, actor, self.target, self.core)
        merged = nx.Graph()
        merged.add_nodes_from(sorted({groups.get(n, n) for n in h}))
        merged.add_edges_from(sorted({tuple(sorted((groups.get(a, a), groups.get(b, b)))) for a, b in h.edges()
                                      if groups.get(a, a) != groups.get(b, b)}))
        return merged

    def channels(self, actor, own, max_hops):
        import networkx as nx

        g = self.cooperation(actor, own)
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
    agreements = ctx.agreements(actor, own)
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
        nodes.update(f["id"] for a in s["agreements"]["items"] for f in a["faces"])
        for inst in s["institutions"] + s["proposed_institutions"]:
            nodes.update(x["id"] for x in (inst, inst["host"]) if x)
        nodes.update(x["id"] for lab in s["labs_reached"] for x in (lab, lab["via"]))
        nodes.update(n["id"] for p in s["channels"]["paths"] for n in p["nodes"])
    return nodes


def _article(word):
    return "an" if word[:1] in "aeiou" else "a"


#: the words of a contrast, in English and Korean (kinds and levels of agreements included)
_SAY = {
    "en": {
        "about": "{x} has an agreement about {t} itself ({ag}); none of {y}'s {n} agreements concerns it",
        "about_said": " ({ag}: the source says so)",
        "institution": "{x} has a standing institution on the target side ({inst} at {host}); {y} has none in force",
        "proposed": " (proposed: {names})",
        "level": "{x} has {level}-level agreements ({ag}); {y} has none",
        "kind": "{x} has {a_kind} ({ag}); {y} has none",
        "lab": "{x} reaches {lab} (via {via}); {y} does not",
        "more": "{more} has {n} agreements tying it to the target side, {less} {m}",
        "older": "{old}'s oldest tie ({ag}, {date}) predates {new}'s ({ag2}, {date2})",
        "channels": "{more} has {n} separate channels to the target within {h} hops, {less} {m}",
        "levels": {}, "kinds": {},
    },
    "ko": {
        "about": "{x_eun} {t} 자체에 관한 협정이 있음({ag}); {y}의 협정 {n}건은 모두 이를 다루지 않음",
        "about_said": " ({ag}: 출처가 그렇게 밝힘)",
        "institution": "{x_eun} 목표 측에 상설 기관이 있음({inst}, {host}); {y_eun} 발효 중인 기관이 없음",
        "proposed": " (제안: {names})",
        "level": "{x_eun} {level} 수준의 협정이 있음({ag}); {y_eun} 없음",
        "kind": "{x_eun} {kind_i} 있음({ag}); {y_eun} 없음",
        "lab": "{x_eun} {lab}에 닿음({via} 경유); {y_eun} 닿지 않음",
        "more": "목표 측과 이어진 협정: {more} {n}건, {less} {m}건",
        "older": "{old}의 가장 오래된 연계({ag}, {date})가 {new}의 것({ag2}, {date2})보다 앞섬",
        "channels": "목표로 가는 {h}단계 이내 독립 경로: {more} {n}개, {less} {m}개",
        "levels": {"government": "정부", "agency": "기관", "company": "기업"},
        "kinds": {"statement of intent": "의향서", "memorandum": "양해각서", "arrangement": "약정",
                  "extension": "연장 협정", "agreement": "협정"},
    },
}


def word_of(kind_or_level, lang):
    """An agreement's kind or level (``"memorandum"``, ``"agency"``) in ``lang``.

    >>> word_of("memorandum", "ko"), word_of("memorandum", "en")
    ('양해각서', 'memorandum')
    """
    words = _SAY[lang]
    return words["kinds"].get(kind_or_level) or words["levels"].get(kind_or_level) or kind_or_level


def _contrasts(a, b, target, lang="en"):
    """What one side has that the other lacks, one finding per line, said in ``lang``."""
    w = _SAY[lang]

    def line(key, **names):
        if lang == "ko":  # the topic particle on the names it follows
            names.update({f"{k}_eun": josa(v, "은") for k, v in list(names.items()) if k in ("x", "y")})
        return w[key].format(**names)

    out = []
    na, nb = a["entity"]["label"], b["entity"]["label"]
    for x, y, nx_, ny in ((a, b, na, nb), (b, a, nb, na)):
        about = [i for i in x["agreements"]["items"] if i["concerns_target"]]
        if about and y["agreements"]["items"] and not any(i["concerns_target"] for i in y["agreements"]["items"]):
            # the evidence of the lack, when a source says so: a quote on one of y's agreements naming the target
            said = next((i for i in y["agreements"]["items"] if i["about_target"]), None)
            text = line("about", x=nx_, y=ny, t=target["label"], ag=about[0]["label"], n=y["agreements"]["count"])
            if said:
                text += w["about_said"].format(ag=said["label"])
            out.append({"has": x["entity"]["id"], "lacks": y["entity"]["id"], "what": "agreement about the target",
                        "text": text, "source": said["about_target"] if said else about[0]["source"],
                        "evidence": [e for e in ((said or {}).get("about_target"), about[0]["source"]) if e]})
        if x["institutions"] and not y["institutions"]:
            inst = x["institutions"][0]
            text = line("institution", x=nx_, y=ny, inst=inst["label"], host=inst["host"]["label"])
            if y["proposed_institutions"]:
                text += w["proposed"].format(names=", ".join(p["label"] for p in y["proposed_institutions"]))
            out.append({"has": x["entity"]["id"], "lacks": y["entity"]["id"], "what": "standing institution",
                        "text": text, "source": inst["source"]})
        levels = set(x["agreements"]["levels"]) - set(y["agreements"]["levels"])
        for level in sorted(levels):
            item = next(i for i in x["agreements"]["items"] if i["level"] == level)
            out.append({"has": x["entity"]["id"], "lacks": y["entity"]["id"], "what": f"{level}-level agreement",
                        "text": line("level", x=nx_, y=ny, level=word_of(level, lang), ag=item["label"]),
                        "source": item["source"]})
        kinds = set(x["agreements"]["kinds"]) - set(y["agreements"]["kinds"])
        for kind in sorted(kinds):
            item = next(i for i in x["agreements"]["items"] if i["kind"] == kind)
            said = word_of(kind, lang)
            out.append({"has": x["entity"]["id"], "lacks": y["entity"]["id"], "what": f"agreement: {kind}",
                        "text": line("kind", x=nx_, y=ny, a_kind=f"{_article(kind)} {kind}",
                                     kind_i=josa(said, "이"), ag=item["label"]),
                        "source": item["source"]})
        only = {r["id"]: r for r in x["labs_reached"]}.keys() - {r["id"] for r in y["labs_reached"]}
        for lab in sorted(only):
            item = next(r for r in x["labs_reached"] if r["id"] == lab)
            out.append({"has": x["entity"]["id"], "lacks": y["entity"]["id"], "what": "lab reached",
                        "text": line("lab", x=nx_, y=ny, lab=item["label"], via=item["via"]["label"]),
                        "source": item["source"]})
    ca, cb = a["agreements"]["count"], b["agreements"]["count"]
    if ca != cb:
        more, less = (a, b) if ca > cb else (b, a)
        out.insert(0, {"has": more["entity"]["id"], "lacks": less["entity"]["id"], "what": "more agreements",
                       "text": line("more", more=more["entity"]["label"], less=less["entity"]["label"],
                                    n=max(ca, cb), m=min(ca, cb)), "source": None})
    oa, ob = a["agreements"]["oldest"], b["agreements"]["oldest"]
    if oa and ob and oa["date"][:4] != ob["date"][:4]:
        old, new = (a, b) if oa["date"] < ob["date"] else (b, a)
        first, second = old["agreements"]["oldest"], new["agreements"]["oldest"]
        out.insert(1, {"has": old["entity"]["id"], "lacks": new["entity"]["id"], "what": "older agreement",
                       "text": line("older", old=old["entity"]["label"], new=new["entity"]["label"],
                                    ag=first["label"], date=first["date"], ag2=second["label"], date2=second["date"]),
                       "source": first["source"]})
    ca, cb = a["channels"]["count"], b["channels"]["count"]
    if ca != cb:
        more, less = (a, b) if ca > cb else (b, a)
        out.insert(2, {"has": more["entity"]["id"], "lacks": less["entity"]["id"], "what": "more channels",
                       "text": line("channels", more=more["entity"]["label"], less=less["entity"]["label"],
                                    n=max(ca, cb), m=min(ca, cb), h=a["channels"]["max_hops"]),
                       "source": None})
    return out


def _record_sources(ws):
    """{agreement id: [seed sources of its own statements (type, date, status…)]}, in citation order."""
    from graph.source.evidence import sort_key
    from graph.store.local import select
    from graph.vocab.namespaces import local_id

    out = {}
    for r in select(ws.store, """
        SELECT ?s ?doc ?quote WHERE {
            ?s a kg:Agreement .
            ?st rdf:subject ?s ; prov:wasDerivedFrom ?src ; kg:quote ?quote . ?src kg:localId ?doc }"""):
        src = {"document": r["doc"].value, "quote": r["quote"].value}
        sources = out.setdefault(local_id(r["s"].value), [])
        if src not in sources:
            sources.append(src)
    for sources in out.values():
        sources.sort(key=sort_key)
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
    ctx = _Context(g, full, ids[2], lang, _record_sources(ws))
    sides = [_side_report(ctx, n, max_hops) for n in ids[:2]]
    return {"target": ctx.node(ids[2]), "target_in_force": ids[2] in g, "target_side": sorted(ctx.target_side),
            "as_of": date,
            "sides": sides, "contrasts": _contrasts(*sides, ctx.node(ids[2]), lang)}


_HEAD = {
    "en": {"agreements": "Agreements tying it to the target side", "none": "none",
           "institutions": "Standing joint institutions on the target side",
           "proposed": "Proposed institutions (not in force)", "labs": "Laboratories and facilities reached",
           "hops": "Shortest hop count", "channels": "Separate channels (node-independent paths within {n} hops)",
           "brokers": "Brokers on those channels", "contrasts": "What one has that the other lacks",
           "title": "{a} and {b} towards {t} (as of {d})", "oldest": "oldest", "newest": "newest",
           "absent": " ({t} was not yet in force)", "faces": "the same tie also stored as"},
    "ko": {"agreements": "목표 측과 맺은 협정", "none": "없음", "institutions": "목표 측에 상설된 공동 기관",
           "proposed": "제안된 기관(미발효)", "labs": "닿는 연구소·시설", "hops": "최단 단계 수",
           "channels": "독립 경로 수({n}단계 이내, 노드 독립)", "brokers": "경로의 중개자",
           "contrasts": "한쪽에만 있는 것", "title": "{t}에 대한 {a}·{b} 비교 ({d} 기준)",
           "oldest": "가장 오래된", "newest": "가장 최근", "absent": " ({t} 미발효 시점)",
           "faces": "같은 연계의 다른 기록"},
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
                  + (f"; {', '.join(f'{word_of(k, lang)} {v}' for k, v in ag['kinds'].items())}"
                     if ag["kinds"] else "")]
        for item in ag["items"]:
            lines += [f"  - {item['date'] or '?'}  {item['label']} ({word_of(item['kind'], lang)}, "
                      f"{word_of(item['level'], lang)}, "
                      f"{status_label(item['status'], lang) or '?'})", f"      {cite_text(item['source'], lang=lang)}"]
            if item["faces"]:
                lines.append(f"      {h['faces']}: " + "; ".join(
                    f"{f['label']}" + (f" ({f['date']})" if f["date"] else "")
                    + (f" [{status_note(f['status'], lang)}]" if status_note(f["status"], lang) else "")
                    for f in item["faces"]))
        lines.append(f"{h['institutions']}: {len(s['institutions']) or h['none']}")
        for inst in s["institutions"]:
            lines += [f"  - {inst['label']} @ {inst['host']['label']} ({inst['date'] or '?'}, "
                      f"{status_label(inst['status'], lang) or '?'})",
                      f"      {cite_text(inst['source'], lang=lang)}"]
        if s["proposed_institutions"]:
            lines.append(f"{h['proposed']}: {len(s['proposed_institutions'])}")
            for inst in s["proposed_institutions"]:
                host = f" @ {inst['host']['label']}" if inst["host"] else ""
                lines += [f"  - {inst['label']}{host} ({status_label(inst['status'], lang)})",
                          f"      {cite_text(inst['source'], lang=lang)}"]
        lines.append(f"{h['labs']}: {len(s['labs_reached']) or h['none']}")
        for lab in s["labs_reached"]:
            lines += [f"  - {lab['label']} ← {lab['via']['label']}", f"      {cite_text(lab['source'], lang=lang)}"]
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
            lines.append(f"      {cite_text(c['source'], lang=lang)}")
    return "\n".join(lines)
