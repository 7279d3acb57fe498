"""Dated events in order: agreements, launches, designations, milestones, posts.

Every event comes from one dated statement of the dataset, so it carries its
own citation: an entity's ``kg:date`` (signed, launched, founded…) or
``kg:endDate`` (ended), a post's start, or a relation qualified with a date
(*ASML funds Mistral AI, 2025-09*). With ``actor``, the events about the
actor and its parts, the agreements and programs it is tied to directly, and for a
country every event of its side (:mod:`graph.sides`). Of an event's
sources a body sentence comes before a reference line, and among those the
one that writes the date out comes first. Dates keep the precision the source
gives: ``1976`` is a year, ``2025-10`` a month, ``2025-10-29`` a day; a
year sorts before the days inside it. ``--from``/``--to`` keep the events
whose period overlaps the range, so ``2025`` is kept from ``2025-06-01``.

>>> precision("2025-10")
'month'
>>> overlaps("2025", "2025-06-01", None)
True
>>> overlaps("2024-12-31", "2025-01-01", None)
False
"""

import json

from graph.vocab.namespaces import local_id
from graph.network.paths import _end, _start
from graph.vocab.citation import cite_text, source_from_row, source_json
from graph.vocab.readings import say
from graph.network.sides import homes, parts_of
from graph.store.local import select
from graph.vocab.status import NOT_IN_FORCE, status_label, status_note
from graph.vocab.labels import label_in

__all__ = ["format_timeline", "overlaps", "precision", "timeline"]

_DATED_KINDS = ("kg:Agreement", "kg:Instrument", "kg:Program", "kg:Milestone", "kg:Collaboration")
_KIND = {
    "en": {"date": "{t}", "endDate": "{t} ends", "post": "post", "relation": "relation"},
    "ko": {"date": "{t}", "endDate": "{t} 종료", "post": "직위", "relation": "관계"},
}


def precision(date):
    """``year``, ``month`` or ``day``: how much of the date the source gives."""
    return ("year", "month", "day")[min(str(date).count("-"), 2)]


def overlaps(date, start, end):
    """True when the period ``date`` covers meets the range [``start``, ``end``] (either may be None)."""
    return (start is None or _end(date) >= start) and (end is None or _start(date) <= end)


def _rows(store, query):
    for row in select(store, query):
        yield {k: (v.value if v is not None else None) for k, v in row.items()}


def _date_rank(src, date):
    """How plainly a source states ``date``: 0 year and month (or day) written, 1 the year, 2 neither.

    >>> _date_rank({"quote": "2025년 10월 한미 기술번영 양해각서(TPD) 체결"}, "2025-10-29")
    0
    >>> _date_rank({"quote": "동 법은 2025년 9월 시행됐으나"}, "2025-05")
    1
    """
    text = src.get("quote") or src.get("note") or ""
    parts = [int(p) for p in str(date).split("-")]
    forms = []
    if len(parts) > 1:
        y, m = parts[0], parts[1]
        forms = [f"{y}년 {m}월", f"{y}.{m}.", f"{y}. {m}.", f"{y}-{m:02d}", f"{y}.{m:02d}", f"{y}년{m}월"]
    if any(f in text for f in forms):
        return 0
    return 1 if str(parts[0]) in text else 2


def _collect(ws):
    """Every dated statement as raw events (unfiltered, one per statement and source)."""
    g, store = ws.network, ws.store
    events = {}

    def add(key, event, row):
        events.setdefault(key, {**event, "sources": []})["sources"].append(source_from_row(row))

    for r in _rows(store, """
        SELECT ?s ?p ?date ?src ?doc ?quote ?note ?kind WHERE {
            VALUES ?p { kg:date kg:endDate }
            ?st a kg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?date ; prov:wasDerivedFrom ?src .
            OPTIONAL { ?src kg:localId ?doc } OPTIONAL { ?st kg:quote ?quote } OPTIONAL { ?st kg:note ?note }
            OPTIONAL { ?st kg:evidenceKind ?kind } }"""):
        node = local_id(r["s"])
        if node in g:
            field = local_id(r["p"])
            add((node, field), {"date": r["date"], "field": field, "entity": node, "status": g.nodes[node]["status"]}, r)
    for a, b, d in g.edges(data=True):
        for fact in d["facts"]:
            if fact.get("date"):
                key = (fact["source"], fact["relation"], fact["target"])
                field = "post" if fact["relation"] == "postIn" else "relation"
                events[key] = {"date": fact["date"], "field": field, "entity": fact["source"], "fact": fact,
                               "status": fact.get("status"),
                               "sources": [source_json(s) for s in fact["sources"]]}
    for e in events.values():
        e["sources"].sort(key=lambda src: ("kind" in src, _date_rank(src, e["date"]), src["document"], src["quote"] or ""))
    return list(events.values())


def _circle(g, actor):
    """The nodes whose events are the actor's: itself, its parts and, for a country, its side."""
    own = {actor} | parts_of(g, actor)
    if g.nodes[actor]["type"] == "kg:Country":
        own |= {n for n, home in homes(g).items() if home == actor}
    return own


def _involves(g, event, actor, own):
    """The event is about ``actor`` (or a node of ``own``), or is an agreement or program tied to it."""
    if actor is None:
        return True
    ends = {event["entity"]} | ({event["fact"]["target"]} if "fact" in event else set())
    return bool(ends & own) or any(actor in g[n] for n in ends if g.nodes[n]["type"] in _DATED_KINDS)


def _describe(g, event, lang):
    label = lambda n: label_in(g.nodes[n], lang, n)  # noqa: E731
    if "fact" in event:
        f = event["fact"]
        title = label_in(f.get("title") or {}, lang, "")
        return say(f["relation"], label(f["source"]), label(f["target"]), lang=lang, title=title)
    return label(event["entity"])


def timeline(ws, actor=None, start=None, end=None, lang="en"):
    """Events in date order as a plain dict (see the module docstring)."""
    from graph.network.pathfinder import check_date

    g = ws.network
    actor_id = ws.resolve(actor, in_network=True) if actor else None
    own = _circle(g, actor_id) if actor_id else None
    start = check_date(start, "--from")
    end = _end(end) if check_date(end, "--to") else None  # "--to 2025" reaches 2025-12-31
    out = []
    for e in _collect(ws):
        if not overlaps(e["date"], start, end) or not _involves(g, e, actor_id, own):
            continue
        node = g.nodes[e["entity"]]
        t = node["type"].split(":")[1].lower() if e["field"] in ("date", "endDate") else None
        kind = _KIND[lang][e["field"]].format(t=t)
        status = e["status"]
        text = _describe(g, e, lang)
        if "fact" in e:  # a relation to or from a proposal is itself proposed; name which end is
            ends = [n for n in (e["fact"]["source"], e["fact"]["target"]) if g.nodes[n].get("status") in NOT_IN_FORCE]
            status = status if status in NOT_IN_FORCE or not ends else g.nodes[ends[0]]["status"]
            notes = [f"{label_in(g.nodes[n], lang)}: {status_label(g.nodes[n]['status'], lang)}" for n in ends]
            if notes:
                text += f" ({'; '.join(notes)})"
            if status_note(status, lang):
                kind += f" ({status_label(status, lang)})"
        elif e["field"] == "date" and status:
            kind += f" ({status_label(status, lang)})"
        out.append({"date": e["date"], "precision": precision(e["date"]), "kind": kind,
                    "entity": {"id": e["entity"], "label": label_in(node, lang, e["entity"]), "type": node["type"],
                               "status": node.get("status")},
                    "text": text, "status": status, "sources": e["sources"]})
    out.sort(key=lambda e: (_start(e["date"]), e["date"].count("-"), e["text"]))
    undated = sorted(n for n, d in g.nodes(data=True) if d["type"] in _DATED_KINDS and not d.get("date")
                     and _involves(g, {"entity": n}, actor_id, own))
    return {"actor": actor_id, "from": start, "to": end, "events": out, "undated": undated}


def format_timeline(result, fmt="text", lang="en"):
    """The timeline as indented JSON or as text lines, each with its first citation."""
    if fmt == "json":
        return json.dumps(result, ensure_ascii=False, indent=1)
    names = {"year": "연", "month": "월", "day": "일"} if lang == "ko" else {}
    lines = []
    for e in result["events"]:
        lines.append(f"{e['date']:<10}  {names.get(e['precision'], e['precision']):<5}  {e['text']}  [{e['kind']}]")
        lines.append(f"{'':12} {cite_text(e['sources'][0], lang=lang)}")
    if not lines:
        lines.append("no dated events in that range" if lang == "en" else "해당 기간에 날짜가 있는 사건이 없음")
    undated = result["undated"]
    if undated:
        shown = ", ".join(undated) if len(undated) <= 12 else f"{len(undated)} (listed in --format json)"
        lines.append(("undated, left out: " if lang == "en" else "날짜 없음(제외): ") + shown)
    return "\n".join(lines)


_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{title}</title>
<style>
body {{ font-family: "Noto Sans KR", "Malgun Gothic", sans-serif; margin: 2em auto; max-width: 60em; color: #222; }}
h2 {{ border-bottom: 2px solid #4a6fa5; margin-top: 1.5em; }}
.ev {{ display: grid; grid-template-columns: 8em 4em 1fr; gap: .2em 1em; padding: .4em 0; border-bottom: 1px solid #eee; }}
.date {{ font-weight: bold; }} .prec {{ color: #888; font-size: .85em; }} .kind {{ color: #4a6fa5; font-size: .85em; }}
blockquote {{ grid-column: 3; margin: 0; color: #555; font-size: .9em; }}
</style></head><body>
<h1>{title}</h1>
{body}
</body></html>
"""
