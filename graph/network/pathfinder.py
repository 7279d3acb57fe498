"""The ``kg path`` report: resolve both names, apply the date and filters,
find the paths, and render them as cited sentences or as SPEC §4 JSON."""

import json

from graph.errors import UserInputError
from graph.network.paths import find_paths, hop_text, relation_json
from graph.vocab.citation import short_citation
from graph.vocab.schema import NODE_CLASSES
from graph.vocab.status import NOT_IN_FORCE, status_label, status_note
from graph.vocab.labels import label_in

__all__ = ["check_date", "class_names", "find", "node_json", "path_network", "path_report"]


def class_names(names):
    """``["lab", "kg:Agency"]`` → ``["kg:Lab", "kg:Agency"]``; unknown classes are an input error."""
    known = {c.lower(): f"kg:{c}" for c in NODE_CLASSES + ["Actor"]}
    out = []
    for name in names:
        key = name.split(":")[-1].lower()
        if key not in known:
            raise UserInputError(f"unknown class {name!r} (known: {', '.join(sorted(c.split(':')[1] for c in known.values()))})")
        out.append(known[key])
    return out


def check_date(text, option="--as-of"):
    """A YYYY, YYYY-MM or YYYY-MM-DD date as ``YYYY-MM-DD`` (the first day it covers).

    ``option`` names the option the date came from in the error message.

    >>> check_date("2025-10")
    '2025-10-01'
    >>> check_date("2025-13", "--from")
    Traceback (most recent call last):
    ...
    graph.errors.UserInputError: --from '2025-13' is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)
    """
    if text is None:
        return None
    from graph.source.checks import parse_date

    if parse_date(text) is None:
        raise UserInputError(f"{option} {text!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
    parts = text.split("-")
    return "-".join(parts + ["01"] * (3 - len(parts)))


def node_json(g, n, lang="en"):
    """A node as SPEC §4 gives it, with its ``status`` (None when it has none)."""
    d = g.nodes[n]
    return {"id": n, "label": label_in(d, lang, n), "type": d["type"], "status": d.get("status")}


_TEXT = {
    "en": {"head": "{a} → {b}: {n} path{s}", "as_of": " (as of {d})", "hops": "{n} hop{s}", "cost": "cost"},
    "ko": {"head": "{a} → {b}: 경로 {n}개", "as_of": " ({d} 기준)", "hops": "{n}단계", "cost": "비용"},
}


def path_network(ws, as_of=None, include_proposed=False, all_relations=False):
    """The network ``kg path`` searches: :func:`graph.network.scope.channel_network` of ``ws``."""
    from graph.network.scope import channel_network

    return channel_network(ws.network, as_of=as_of, include_proposed=include_proposed, all_relations=all_relations)


def find(ws, source, target, k=5, max_hops=5, via=(), avoid=(), as_of=None, include_proposed=False,
         all_relations=False, rank="specific", lang="en"):
    """The ``kg path --format json`` dict (SPEC §4 with ``cost``, ``reason`` and ``status``).

    >>> from graph.workspace import Workspace
    >>> top = find(Workspace(), "Korea", "ANL", k=1)["paths"][0]
    >>> [n["id"] for n in top["nodes"]], top["reason"]
    (['korea', 'etri', 'etri-anl-collaboration', 'anl'], '3 hops')
    """
    return _search(ws, source, target, k, max_hops, via, avoid, as_of, include_proposed, all_relations, rank,
                   lang)[2]


def _search(ws, source, target, k, max_hops, via, avoid, as_of, include_proposed, all_relations, rank, lang):
    """(network, paths, JSON dict) of one ``kg path`` question."""
    as_of = check_date(as_of)
    via = class_names(via)
    src = ws.resolve(source, in_network=True)
    dst = ws.resolve(target, in_network=True)
    if src == dst:
        raise UserInputError(f"{source!r} and {target!r} are the same entity ({src})")
    avoid_ids = [ws.resolve(a, in_network=True) for a in avoid]
    g = path_network(ws, as_of, include_proposed, all_relations)
    for name, node in ((source, src), (target, dst)):
        if node in g:
            continue
        status = ws.network.nodes[node].get("status")
        if status in NOT_IN_FORCE and not include_proposed:
            raise UserInputError(f"{name!r} ({node}) is {status_label(status)}, not in force: "
                                 "add --include-proposed to follow proposals and plans")
        raise UserInputError(f"{name!r} ({node}) did not exist or was not in force on {as_of}")
    paths = find_paths(g, src, dst, k=k, max_hops=max_hops, via=via, avoid=avoid_ids, rank=rank, lang=lang)
    return g, paths, {"from": node_json(g, src, lang), "to": node_json(g, dst, lang), "as_of": as_of, "rank": rank,
            "include_proposed": include_proposed, "all_relations": all_relations,
            "paths": [{"hops": p["hops"], "cost": p["cost"], "reason": p["reason"],
                       "nodes": [node_json(g, n, lang) for n in p["nodes"]],
                       "edges": [relation_json(f, a, g) for f, a in zip(p["facts"], p["nodes"])]}
                      for p in paths]}


def path_report(ws, source, target, k=5, max_hops=5, via=(), avoid=(), as_of=None, lang="en", fmt="text",
                include_proposed=False, all_relations=False, rank="specific"):
    """The text or JSON answer of ``kg path``."""
    g, paths, result = _search(ws, source, target, k, max_hops, via, avoid, as_of, include_proposed, all_relations,
                               rank, lang)
    facts = [p["facts"] for p in paths]
    if fmt == "json":
        return json.dumps(result, ensure_ascii=False, indent=1)
    t = _TEXT[lang]
    def named(node):
        note = status_note(node["status"], lang)
        return f"{node['label']} [{note}]" if note else node["label"]

    n = len(result["paths"])
    head = t["head"].format(a=result["from"]["label"], b=result["to"]["label"], n=n, s="s" if n != 1 else "")
    if result["as_of"]:
        head += t["as_of"].format(d=result["as_of"])
    lines = [head]
    for i, (p, pf) in enumerate(zip(result["paths"], facts), 1):
        hops = t["hops"].format(n=p["hops"], s="s" if p["hops"] != 1 else "")
        lines += ["", f"{i}. [{hops}] " + " → ".join(named(x) for x in p["nodes"]),
                  f"   {t['cost']} {p['cost']:.2f}: {p['reason']}"]
        ids = [x["id"] for x in p["nodes"]]
        for a, b, fact in zip(ids, ids[1:], pf):
            lines.append(f"   - {hop_text(g, a, b, fact, lang)}")
            lines.append(f"     {short_citation(fact, lang)}")
    return "\n".join(lines)
