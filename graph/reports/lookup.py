"""The ``kg search`` report: entities whose names match a text, as the SPEC §4 dict and its text form.

>>> from graph.workspace import Workspace
>>> [r["id"] for r in search(Workspace(), "korea", types=["Lab"], limit=5)["results"]][:2]
['kaeri', 'kist']
"""

import json

from graph.errors import UserInputError

__all__ = ["format_search", "search"]


def search(ws, text, limit=10, types=(), lang="en"):
    """The ``kg search --format json`` dict: ``{"query", "types", "results": [{"id", "label", "type", "score"}]}``.

    ``types`` (class names, subclasses included) filter before ``limit``.
    Raises UserInputError for an unknown class.
    """
    from graph.network.pathfinder import class_names

    wanted = class_names(types) if types else None
    names = ws.names
    hits = names.search(text, limit=limit, types=wanted)
    return {"query": text, "types": list(types),
            "results": [{"id": eid, "label": names.label(eid, lang), "type": names.entries[eid]["type"],
                         "score": score} for eid, score in hits]}


def format_search(result, fmt="text"):
    """``result`` of :func:`search` as JSON or one line per entity; nothing found is an input error."""
    if fmt == "json":
        return json.dumps(result, ensure_ascii=False, indent=1)
    if not result["results"]:
        only = f" among {', '.join(result['types'])}" if result["types"] else ""
        raise UserInputError(f"nothing matches {result['query']!r}{only}")
    return "\n".join(f"{r['score']:.2f}  {r['label']}  ({r['id']}, {r['type']})" for r in result["results"])
