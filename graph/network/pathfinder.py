"""The ``kg path`` report: resolve both names, apply the date and filters,
find the paths, and render them as cited sentences or as SPEC §4 JSON."""

import json

from graph.errors import UserInputError
from graph.network.paths import filter_as_of, find_paths, hop_text, relation_json, short_citation
from graph.network.projection import NODE_CLASSES

__all__ = ["check_date", "class_names", "path_answer", "path_report"]


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


def _node_json(g, n, lang):
    d = g.nodes[n]
    return {"id": n, "label": d[lang] or d["en"] or n, "type": d["type"]}


def _solve(ws, source, target, k, max_hops, via, avoid, as_of):
    """Resolve the names, apply the date, find the paths: (network, source id, target id, date, paths)."""
    as_of = check_date(as_of)
    via = class_names(via)
    g = ws.network
    src = ws.resolve(source, in_network=True)
    dst = ws.resolve(target, in_network=True)
    if src == dst:
        raise UserInputError(f"{source!r} and {target!r} are the same entity ({src})")
    avoid_ids = [ws.resolve(a, in_network=True) for a in avoid]
    if as_of:
        g = filter_as_of(g, as_of)
        for name, node in ((source, src), (target, dst)):
            if node not in g:
                raise UserInputError(f"{name!r} ({node}) did not exist or was not in force on {as_of}")
    return g, src, dst, as_of, find_paths(g, src, dst, k=k, max_hops=max_hops, via=via, avoid=avoid_ids)


def path_answer(ws, source, target, k=5, max_hops=4, via=(), avoid=(), as_of=None, lang="en"):
    """The SPEC §4 dict of ``kg path --format json``."""
    g, src, dst, as_of, paths = _solve(ws, source, target, k, max_hops, via, avoid, as_of)
    return {"from": _node_json(g, src, lang), "to": _node_json(g, dst, lang), "as_of": as_of,
            "paths": [{"hops": p["hops"], "nodes": [_node_json(g, n, lang) for n in p["nodes"]],
                       "edges": [relation_json(f, a) for f, a in zip(p["facts"], p["nodes"])]} for p in paths]}


def path_report(ws, source, target, k=5, max_hops=4, via=(), avoid=(), as_of=None, lang="en", fmt="text"):
    """The text (or indented JSON) answer of ``kg path``."""
    if fmt == "json":
        answer = path_answer(ws, source, target, k=k, max_hops=max_hops, via=via, avoid=avoid, as_of=as_of, lang=lang)
        return json.dumps(answer, ensure_ascii=False, indent=1)
    g, src, dst, as_of, paths = _solve(ws, source, target, k, max_hops, via, avoid, as_of)
    label = lambda n: g.nodes[n][lang] or g.nodes[n]["en"] or n  # noqa: E731
    head = f"{label(src)} → {label(dst)}: {len(paths)} path{'s' if len(paths) != 1 else ''}"
    if lang == "ko":
        head = f"{label(src)} → {label(dst)}: 경로 {len(paths)}개"
    if as_of:
        head += f" (as of {as_of})" if lang == "en" else f" ({as_of} 기준)"
    lines = [head]
    for i, p in enumerate(paths, 1):
        hops = f"{p['hops']} hop{'s' if p['hops'] != 1 else ''}" if lang == "en" else f"{p['hops']}단계"
        lines += ["", f"{i}. [{hops}] " + " → ".join(label(n) for n in p["nodes"])]
        for a, b, fact in zip(p["nodes"], p["nodes"][1:], p["facts"]):
            lines.append(f"   - {hop_text(g, a, b, fact, lang)}")
            lines.append(f"     {short_citation(fact)}")
    return "\n".join(lines)


