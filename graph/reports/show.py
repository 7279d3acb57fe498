"""Everything the graph says about one entity, with the sources of each fact."""

from graph.vocab.namespaces import ID, KG, local_id
from graph.vocab.readings import READINGS, relation_label
from graph.store.results import short_iri
from graph.vocab.schema import RELATIONS
from graph.store.local import select as _select
from graph.vocab.status import status_label, status_note

__all__ = ["describe", "format_show"]


def _source(row):
    if row["doc"] is not None:
        return {"document": row["doc"].value, "quote": row["quote"].value if row["quote"] else None}
    return {"document": row["src"].value, "quote": None, "outside_seeds": True}


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
        if oid in names.entries:
            return {"id": oid, "label": names.label(oid), "type": names.entries[oid]["type"], "status": status}
        if base in names.entries:  # a post or participation node
            return {"id": oid, "label": names.label(base), "type": names.entries[base]["type"], "status": status}
        return {"id": short_iri(term.value), "label": short_iri(term.value), "type": None, "status": None}

    rows = _select(ws.store, f"""
        SELECT ?s ?p ?o ?src ?doc ?quote ?date ?status WHERE {{
            ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?src .
            OPTIONAL {{ ?src kg:localId ?doc }} OPTIONAL {{ ?st kg:quote ?quote }}
            OPTIONAL {{ ?st kg:date ?date }} OPTIONAL {{ ?st kg:status ?status }}
            {{ BIND({iri} AS ?s) }} UNION {{ BIND({iri} AS ?o) }} UNION {{ {iri} kg:holds ?s }} }}""")
    for row in rows:
        s, p, o = row["s"], row["p"].value, row["o"]
        src = _source(row)
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
        if p.startswith(KG) and "/post/" in s.value:  # this person's post
            direction, rel, other = "out", "postIn", o
        elif s.value == ID + eid:
            direction, rel, other = "out", local_id(p), o
        else:
            direction, rel, other = "in", local_id(p), s
        if "/post/" in other.value:
            rel, holder = "postIn", local_id(other.value).split("/")[0]
            other = ox.NamedNode(ID + holder)
        key = (direction, rel, other.value)
        item = relations.get(key)
        if item is None:
            item = relations[key] = {
                "direction": direction, "relation": "kg:" + rel,
                "label": relation_label(rel, inverse=direction == "in") if rel in READINGS else _concept_label(rel, direction),
                "other": other_of(other), "sources": []}
        if row["date"] is not None:
            item["date"] = row["date"].value
        if row["status"] is not None:
            item["status"] = local_id(row["status"].value)
        if src not in item["sources"]:
            item["sources"].append(src)
    out["relations"] = sorted(relations.values(), key=lambda r: (r["direction"] != "out", r["relation"], r["other"]["id"]))
    return out


def _concept_label(rel, direction):
    reading = RELATIONS.get(rel, rel)
    return reading if direction == "out" else f"is the {rel} of"


def format_show(d, lang="en"):
    """``kg show`` as text: names, facts, then every relation with its first citation."""
    other_lang = "ko" if lang == "en" else "en"
    lines = [f"{d['labels'][lang] or d['id']}  ({d['labels'][other_lang] or ''})",
             f"  id {d['id']}   type {d['type']}"]
    if d["aliases"]:
        lines.append("  aliases: " + ", ".join(d["aliases"]))
    for key, fact in sorted(d["facts"].items()):
        value = fact.get("values", {}).get(lang) or fact["value"]
        if key == "status":
            value = status_label(value, lang)
        lines.append(f"  {key}: {value}   {_cite(fact['sources'])}")
    if d["sources"]:
        lines.append(f"  stated in: {_cite(d['sources'])}")
    lines.append("")
    lines.append(f"relations ({len(d['relations'])})")
    for r in d["relations"]:
        arrow = "→" if r["direction"] == "out" else "←"
        extra = f" [{r['date']}]" if r.get("date") else ""
        if r.get("status"):
            extra += f" [{status_label(r['status'], lang)}]"
        other = status_note(r["other"].get("status"), lang)
        other = f" [{other}]" if other else ""
        lines.append(f"  {arrow} {r['label']} {r['other']['label']} ({r['other']['id']}){other}{extra}")
        lines.append(f"      {_cite(r['sources'])}")
    return "\n".join(lines)


def _cite(sources):
    if not sources:
        return ""
    s = sources[0]
    more = f" (+{len(sources) - 1} more)" if len(sources) > 1 else ""
    if s.get("outside_seeds"):
        return f"[outside the seeds: {s['document']}]{more}"
    q = s["quote"] or ""
    q = q if len(q) <= 80 else q[:77] + "…"
    return f'[{s["document"]}] "{q}"{more}'
