"""Everything the graph says about one entity, with the sources of each fact.

Sources come best first: body sentences, then quotes that sit in a reference
list, a table of contents, a caption or a source line (``kind``), then
outside pages. A fact whose every source is such a line is flagged
``reference_only`` and the text says so. A post is one relation line that
names its title ("is Secretary of Energy at …") and carries its own date.
"""

from graph.source.evidence import sort_key
from graph.vocab.namespaces import ID, KG, local_id
from graph.vocab.readings import READINGS, josa, relation_label, say
from graph.store.results import short_iri
from graph.vocab.schema import RELATIONS
from graph.store.local import select as _select
from graph.vocab.citation import cite_sources, source_from_row
from graph.vocab.status import status_label, status_note
from graph.vocab.labels import label_in

__all__ = ["describe", "format_show"]


def post_label(title, inverse=False, lang="en"):
    """The reading of a post with its title: "is Secretary of Energy at", or "has … as" the other way.

    >>> post_label("Secretary of Energy")
    'is Secretary of Energy at'
    >>> post_label("에너지부 장관", lang="ko")
    '에서 에너지부 장관 직을 맡음'
    """
    text = say("postIn", "", "", inverse, lang, title=title or "…").strip()
    return " ".join(text.replace("은(는)", "").replace("이(가)", "").replace("을(를)", "").split())


def _posts(ws, eid):
    """post IRI -> {"title": {en, ko}} for the posts held by ``eid`` or held at ``eid``."""
    iri = f"<{ID}{eid}>"
    posts = {}
    for row in _select(ws.store, f"""
        SELECT ?post ?title WHERE {{
            {{ {iri} kg:holds ?post }} UNION {{ ?st rdf:subject ?post ; rdf:predicate kg:postIn ; rdf:object {iri} }}
            ?post kg:title ?title }}"""):
        title = row["title"]
        posts.setdefault(row["post"].value, {})[title.language or "en"] = title.value
    return posts


def describe(ws, eid):
    """The SPEC §4 ``kg show`` dict for entity ``eid`` (a local id)."""
    import pyoxigraph as ox

    names = ws.names
    statuses = {local_id(r["x"].value): local_id(r["status"].value) for r in _select(ws.store, """
        SELECT ?x ?status WHERE { ?x kg:status ?status FILTER(isIRI(?x)) }""")}
    entry = names.entries[eid]
    iri = f"<{ID}{eid}>"
    out = {"id": eid, "iri": ID + eid, "type": entry["type"], "labels": {"en": entry["en"], "ko": entry["ko"]},
           "aliases": list(entry["aliases"]), "facts": {}, "relations": [], "sources": []}
    relations = {}

    def other_of(term):
        oid = local_id(term.value)
        base = oid.split("/")[0]
        status = statuses.get(oid)
        known = oid if oid in names.entries else base if base in names.entries else None  # base: a post, a part
        if known:
            return {"id": oid, "label": names.label(known), "label_ko": names.label(known, "ko"),
                    "type": names.entries[known]["type"], "status": status}
        return {"id": short_iri(term.value), "label": short_iri(term.value), "label_ko": short_iri(term.value),
                "type": None, "status": None}

    titles = _posts(ws, eid)
    post_dates = {}
    rows = _select(ws.store, f"""
        SELECT ?s ?p ?o ?src ?doc ?quote ?kind ?date ?status WHERE {{
            {{ ?st rdf:subject {iri} ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?src BIND({iri} AS ?s) }}
            UNION {{ ?st rdf:object {iri} ; rdf:subject ?s ; rdf:predicate ?p ; prov:wasDerivedFrom ?src BIND({iri} AS ?o) }}
            UNION {{ {iri} kg:holds ?s . ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?src }}
            OPTIONAL {{ ?src kg:localId ?doc }} OPTIONAL {{ ?st kg:quote ?quote }} OPTIONAL {{ ?st kg:evidenceKind ?kind }}
            OPTIONAL {{ ?st kg:date ?date }} OPTIONAL {{ ?st kg:status ?status }} }}""")
    # the entity's IRI in each branch: Oxigraph then starts from its few statements, not from every one
    for row in rows:
        s, p, o = row["s"], row["p"].value, row["o"]
        src = source_from_row({k: (row[k].value if row[k] is not None else None) for k in ("doc", "quote", "kind", "src")})
        if "/post/" in s.value and p != KG + "postIn":  # the post's type and date belong to the post line
            if p == KG + "date":
                post_dates[s.value] = o.value
            continue
        if p.endswith("#type") and s.value == ID + eid:
            if src not in out["sources"]:
                out["sources"].append(src)
            continue
        if isinstance(o, ox.Literal) or (p == KG + "status" and s.value == ID + eid):
            key = local_id(p)
            value = local_id(o.value) if p == KG + "status" else o.value
            fact = out["facts"].setdefault(key, {"value": value, "sources": []})
            if isinstance(o, ox.Literal) and o.language:
                fact.setdefault("values", {})[o.language] = o.value
            if src not in fact["sources"]:
                fact["sources"].append(src)
            continue
        if "/post/" in s.value:  # a post: held by this person, or held at this organization
            mine = local_id(s.value).split("/")[0] == eid
            direction, rel, other = ("out" if mine else "in"), "postIn", o
        elif s.value == ID + eid:
            direction, rel, other = "out", local_id(p), o
        else:
            direction, rel, other = "in", local_id(p), s
        post = None
        if rel == "postIn":
            post = s.value
            if direction == "in":
                other = ox.NamedNode(ID + local_id(s.value).split("/")[0])
        key = (direction, rel, other.value, post)
        item = relations.get(key)
        if item is None:
            item = relations[key] = {
                "direction": direction, "relation": "kg:" + rel,
                "label": relation_label(rel, inverse=direction == "in") if rel in READINGS else _concept_label(rel, direction),
                "other": other_of(other), "sources": []}
            if post is not None:
                title = titles.get(post, {})
                item["title"] = title
                item["labels"] = {lang: post_label(label_in(title, lang), direction == "in", lang)
                                  for lang in ("en", "ko")}
                item["label"] = item["labels"]["en"]
                item["post"] = post
        if row["date"] is not None:
            item["date"] = row["date"].value
        if row["status"] is not None:
            item["status"] = local_id(row["status"].value)
        if src not in item["sources"]:
            item["sources"].append(src)
    for item in relations.values():
        post = item.pop("post", None)
        if post in post_dates:
            item["date"] = post_dates[post]
    for holder in [*relations.values(), *out["facts"].values(), out]:
        holder["sources"].sort(key=sort_key)
        if holder is not out and holder["sources"] and all(src.get("kind") for src in holder["sources"]):
            holder["reference_only"] = True
    out["relations"] = sorted(relations.values(), key=lambda r: (r["direction"] != "out", r["relation"], r["other"]["id"],
                                                                  r.get("label", ""), r.get("date") or ""))
    return out


def _concept_label(rel, direction):
    reading = RELATIONS.get(rel, rel)
    return reading if direction == "out" else f"is the {rel} of"


def format_show(d, lang="en"):
    """``kg show`` as text: names, facts, then every relation with its first citation."""
    other_lang = "ko" if lang == "en" else "en"
    lines = [f"{d['labels'][lang] or d['id']}  ({d['labels'][other_lang] or ''})",
             f"  id {d['id']}   type {d['type']}"]
    words = _WORDS[lang]
    if d["aliases"]:
        lines.append(f"  {words['aliases']}: " + ", ".join(d["aliases"]))
    for key, fact in sorted(d["facts"].items()):
        value = fact.get("values", {}).get(lang) or fact["value"]
        if key == "status":
            value = status_label(value, lang)
        lines.append(f"  {_FACT_NAMES.get((key, lang), key)}: {value}   {cite_sources(fact['sources'], lang=lang)}{_flag(fact)}")
    if d["sources"]:
        lines.append(f"  {words['stated']}: {cite_sources(d['sources'], lang=lang)}")
    lines.append("")
    lines.append(f"{words['relations']} ({len(d['relations'])})")
    me = label_in(d["labels"], lang, d["id"])
    for r in d["relations"]:
        arrow = "→" if r["direction"] == "out" else "←"
        extra = f" [{r['date']}]" if r.get("date") else ""
        if r.get("status"):
            extra += f" [{status_label(r['status'], lang)}]"
        note = status_note(r["other"].get("status"), lang)
        other = f"{r['other']['label']} ({r['other']['id']})" + (f" [{note}]" if note else "")
        rel = r["relation"].removeprefix("kg:")
        if "title" in r:
            lines.append(f"  {arrow} {_post_line(r, other, lang)}")
        elif lang == "ko" and rel in READINGS:  # a sentence, the particles on the names: "…는 ANL을 …함 (anl)"
            name = r["other"].get("label_ko") or r["other"]["label"]
            said = say(rel, me, name, r["direction"] == "in", "ko")
            lines.append(f"  {arrow} {said}  ({r['other']['id']}" + (f", {note})" if note else ")") + extra)
        else:
            lines.append(f"  {arrow} {r['label']} {other}{extra}")
        lines.append(f"      {cite_sources(r['sources'], lang=lang)}{_flag(r)}")
    if all(src.get("kind") for src in d["sources"]) and d["sources"]:
        lines.append("")
        lines.append("note: this record's type rests on reference lines only, no body sentence states it")
    return "\n".join(lines)


_FACT_NAMES = {("seedClaim", "en"): "the seed says", ("seedClaim", "ko"): "시드 문서의 주장",
               ("status", "ko"): "상태", ("date", "ko"): "일자", ("endDate", "ko"): "종료일", ("number", "ko"): "수치",
               ("amount", "ko"): "금액", ("description", "ko"): "설명", ("withinDays", "ko"): "기한(일)"}
_WORDS = {"en": {"aliases": "aliases", "stated": "stated in", "relations": "relations"},
          "ko": {"aliases": "별칭", "stated": "진술 출처", "relations": "관계"}}


def _post_line(r, other, lang):
    """A post with its title and the post's own date: "is Prime Minister of Australia at Australia (australia) [2025]"."""
    title = label_in(r["title"], lang, "…")
    out = r["direction"] == "out"
    if lang == "ko":
        text = f"{other}에서 {title} 직을 맡음" if out else f"{josa(other, '이')} {title} 직을 맡음"
        return text + (f" [{r['date']}]" if r.get("date") else "")
    text = f"is {title} at {other}" if out else f"has {other} as {title}"
    return text + (f" [{r['date']}]" if r.get("date") else "")


def _flag(fact):
    """A marker for a fact whose only evidence is a reference, contents, caption or source line."""
    return "   [reference line only]" if fact.get("reference_only") else ""
