"""The ``kg centrality`` report: who brokers, as the SPEC §4 dict and its text or CSV form.

>>> from graph.workspace import Workspace
>>> top = centrality(Workspace(), top=10)
>>> top["network"], {"eu-dsa", "apple"} & {r["id"] for r in top["results"]}
('cooperation', set())
"""

import json

from graph.vocab.labels import label_in

__all__ = ["centrality", "format_centrality"]


def centrality(ws, measure="betweenness", types=(), top=20, as_of=None, network="cooperation", lang="en"):
    """The ``kg centrality --format json`` dict: ``{"measure", "network", "as_of", "results": [...]}``.

    Parameters
    ----------
    measure : one of :data:`graph.network.centrality.MEASURES`.
    types : class names (``Lab``, ``kg:Agency``…); none: actors and programs on the
        cooperation network, everything on the whole one.
    network : ``"cooperation"`` or ``"whole"`` (:func:`graph.network.centrality.centrality_network`).
    as_of : a date: the scores are computed afresh on the network of that date.

    Raises
    ------
    UserInputError
        For an unknown class or a malformed date.
    """
    from graph.errors import UserInputError
    from graph.network.centrality import KINDS, MEASURES, RANKED, centrality_network, compute_all, load_centrality, rank
    from graph.network.pathfinder import check_date, class_names

    if measure not in MEASURES:
        raise UserInputError(f"unknown measure {measure!r} (use {', '.join(MEASURES)})")
    if network not in KINDS:
        raise UserInputError(f"unknown network {network!r} (use {', '.join(KINDS)})")
    date = check_date(as_of)
    wanted = class_names(types) if types else (list(RANKED) if network == "cooperation" else None)
    if date:
        g = centrality_network(ws.network, network, as_of=date)
        scores = compute_all(g)
    else:
        g = ws.network
        scores = load_centrality(ws.build, g, network)
    results = [{"id": n, "label": label_in(g.nodes[n], lang, n), "type": g.nodes[n]["type"],
                "score": round(s, 6), "status": g.nodes[n].get("status")}
               for n, s in rank(scores, g, measure, types=wanted, top=top)]
    return {"measure": measure, "network": network, "as_of": date, "types": list(types), "results": results}


def format_centrality(result, fmt="text", lang="en"):
    """``result`` of :func:`centrality` as JSON, CSV (rank,id,label,type,score,status) or text lines."""
    from graph.vocab.status import status_note

    rows = result["results"]
    if fmt == "json":
        return json.dumps(result, ensure_ascii=False, indent=1)
    if fmt == "csv":
        from graph.store.results import csv_text

        return csv_text(["rank", "id", "label", "type", "score", "status"],
                        ([i, r["id"], r["label"], r["type"], r["score"], r["status"] or ""] for i, r in enumerate(rows, 1)))
    width = max([len(r["label"]) for r in rows] + [5])
    head = f"{result['measure']} centrality on the {result['network']} network"
    if result["types"]:
        head += f" ({', '.join(result['types'])})"
    if result["as_of"]:
        head += f" as of {result['as_of']}"
    lines = [head]
    for i, r in enumerate(rows, 1):
        note = status_note(r["status"], lang)
        lines.append(f"{i:>3}. {r['label']:<{width}}  {r['score']:.4f}  {r['type']}  {r['id']}"
                     + (f"  [{note}]" if note else ""))
    return "\n".join(lines)
