"""The timeline as a page to explore: a year axis, filters by actor and kind, search, undated items apart.

:func:`timeline_data` turns the result of :func:`graph.reports.timeline.timeline`
into what ``templates/timeline.html`` shows: each event with its date, the
precision the source gives (year, month, day), its kind, its status (a
proposal or plan faded and dashed), its quotes, and the actors it is about
(the entities it names, their parents, and their countries), so the actor
filter finds an agreement under each of its parties' countries.

>>> kind_group("agreement (signed)"), kind_group("program ends"), kind_group("post")
('agreement', 'program ends', 'post')
"""

from graph.network.paths import NOT_IN_FORCE
from graph.render.page import write_map
from graph.render.style import status_text
from graph.vocab.labels import label_in

__all__ = ["kind_group", "timeline_data", "write_timeline"]

_ACTOR_TYPES = {"kg:Country", "kg:Agency", "kg:Lab", "kg:University", "kg:Company", "kg:Organization"}


def kind_group(kind):
    """The kind of an event without its status."""
    return kind.split(" (", 1)[0]


def _label(g, n, lang):
    d = g.nodes[n]
    return label_in(d, lang, n)


def timeline_data(result, g, title, lang="en"):
    """The page's data for a timeline ``result`` on the network ``g``."""
    from graph.network.sides import homes

    home = homes(g)
    actors, events = {}, []
    for e in result["events"]:
        named = {e["entity"]["id"]}
        named |= {m for m in g[e["entity"]["id"]]} if g.nodes[e["entity"]["id"]]["type"] in (
            "kg:Agreement", "kg:Collaboration", "kg:Participation") else set()
        about = set()
        for n in named:
            if n in g and g.nodes[n]["type"] in _ACTOR_TYPES:
                about.add(n)
            if home.get(n):
                about.add(home[n])
        for n in about:
            actors[n] = _label(g, n, lang)
        events.append({**e, "group": kind_group(e["kind"]), "actors": sorted(about),
                       "tentative": e.get("status") in NOT_IN_FORCE, "statusText": status_text(e.get("status"))})
    undated = [{"id": n, "label": _label(g, n, lang), "type": g.nodes[n]["type"],
                "statusText": status_text(g.nodes[n].get("status"))} for n in result["undated"] if n in g]
    return {"title": title, "lang": lang, "events": events, "undated": undated,
            "actors": [{"id": n, "label": label} for n, label in sorted(actors.items(), key=lambda kv: kv[1].lower())],
            "kinds": sorted({e["group"] for e in events})}


def write_timeline(path, result, g, title, lang="en"):
    """Write the timeline page to ``path`` (``-`` for stdout); return its data."""
    data = timeline_data(result, g, title, lang)
    write_map(path, data, template="timeline.html")
    return data
