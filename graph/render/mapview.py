"""What one map shows: the view a user asked for (``ego``, ``path``, ``program``, ``types`` or ``all``),
turned into the nodes, title and highlight that :mod:`graph.render.viz` draws as HTML and
:mod:`graph.render.figure` as a PNG or SVG figure.

>>> from graph.workspace import Workspace
>>> v = select_view(Workspace(), ego="ANL")
>>> v.title, "anl" in v.nodes, v.highlight
('AI-for-science policy map: around ANL', True, ('anl',))
"""

from dataclasses import dataclass
from pathlib import Path

from graph.errors import UserInputError

__all__ = ["RESERVE", "View", "draw", "map_data", "map_kind", "select_view"]

#: neighbours off the map a path, ego or program map carries per node, hidden until the reader expands it
RESERVE = 8

_KINDS = {".html": "html", ".htm": "html", ".png": "png", ".svg": "svg"}


@dataclass
class View:
    """A network, the nodes of it to draw, a title, and the nodes to draw emphasised."""

    network: object
    nodes: set
    title: str
    highlight: tuple = ()
    #: how to place the nodes (see :func:`graph.render.viz.build_data`); None groups them by country
    layout: dict = None


def map_kind(output):
    """``html``, ``png`` or ``svg`` from the name of the output file ('-' is HTML on stdout).

    >>> map_kind("ego.PNG"), map_kind("-")
    ('png', 'html')
    """
    if output == "-":
        return "html"
    kind = _KINDS.get(Path(output).suffix.lower())
    if kind is None:
        raise UserInputError(f"cannot tell the format of {output!r}: end it in .html (a map), .png or .svg "
                             "(a figure), or give '-' for HTML on stdout")
    return kind


def select_view(ws, ego=None, radius=1, path=None, program=None, types=(), all=False, as_of=None):  # noqa: A002
    """The :class:`View` of exactly one of ``ego``, ``path`` (a pair of names), ``program``, ``types``, ``all``."""
    from graph.network.pathfinder import check_date, class_names, path_network
    from graph.network.paths import filter_as_of
    from graph.render.viz import map_paths, select

    chosen = [m for m, on in (("all", all), ("ego", ego), ("path", path), ("program", program),
                              ("type", types)) if on]
    if len(chosen) != 1:
        raise UserInputError("choose exactly one of --all, --ego, --path, --program, --type")
    mode = chosen[0]
    g, date = ws.network, check_date(as_of)
    if date:
        g = filter_as_of(g, date)

    def entity(name):
        node = ws.resolve(name, in_network=True)
        if node not in g:
            raise UserInputError(f"{node} is not in the network on {as_of}")
        return node

    layout = None
    if mode == "path":  # the paths only, one lane each; the two ends emphasised
        source, target = entity(path[0]), entity(path[1])
        # the paths `kg path` gives: cooperation in force, ranked by what a hop tells (not through a designation)
        paths = map_paths(path_network(ws, as_of=date), source, target)
        nodes, highlight, what = {n for p in paths for n in p}, (source, target), f"{path[0]} → {path[1]}"
        layout = {"kind": "lanes", "paths": paths}
    elif mode == "ego":
        center = entity(ego)
        nodes, highlight, what = select(g, "ego", center=center, radius=radius), (center,), f"around {ego}"
        layout = {"kind": "layered", "center": center}
    elif mode == "program":
        node = entity(program)
        nodes, highlight, what = select(g, "program", program=node), (node,), str(program)
        layout = {"kind": "layered", "center": node}
    elif mode == "type":
        nodes, highlight, what = select(g, "type", types=class_names(types)), (), ", ".join(types)
    else:
        nodes, highlight, what = set(g), (), "whole network"
    title = f"AI-for-science policy map: {what}" + (f" (as of {date})" if date else "")
    return View(g, nodes, title, highlight, layout)


def map_data(ws, view=None, lang="en", **choice):
    """The page data of a view (given, or selected from ``choice`` as in :func:`select_view`)."""
    from graph.network.centrality import load_centrality
    from graph.render.viz import build_data

    view = view or select_view(ws, **choice)
    scores = load_centrality(ws.build, ws.network)["betweenness"]
    data = build_data(view.network, view.nodes, scores, lang=lang, title=view.title, highlight=view.highlight,
                      layout=view.layout, reserve=RESERVE if view.layout else 0)
    for node in data["nodes"]:
        entry = ws.names.entries.get(node["id"])
        node["aliases"] = entry["aliases"] if entry else []
    return data


def draw(ws, output, view, lang="en"):
    """Write ``view`` to ``output``: an HTML map ('-' is stdout) or a PNG/SVG figure by its suffix.

    Returns the lines to tell the user (notes first, then what was written).
    """
    kind = map_kind(output)
    if kind in ("png", "svg"):
        from graph.network.centrality import load_centrality
        from graph.render.figure import write_figure  # matplotlib is imported only on this path

        info = write_figure(output, view.network, view.nodes, load_centrality(ws.build, ws.network)["betweenness"],
                            lang=lang, title=view.title, highlight=view.highlight)
        notes = ["kg: note: the bundled Korean font has no glyph for " + " ".join(info["missing"])] \
            if info["missing"] else []
        return notes + [f"wrote {output}: {info['nodes']} nodes, {info['edges']} edges, "
                        f"{info['labelled']} labelled ({kind.upper()}, A4 wide)"]
    from graph.render.viz import write_map

    data = map_data(ws, view, lang=lang)
    write_map(output, data)
    extra = len(data["reserve"]["nodes"])
    return [] if output == "-" else [f"wrote {output}: {len(data['nodes'])} nodes, {len(data['edges'])} edges"
                                     + (f" ({extra} more neighbours to expand)" if extra else "")]
