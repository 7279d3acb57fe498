"""Static figures of a map for reports: PNG or SVG, A4 wide, Korean drawn in a bundled font.

The same node set as the HTML map (:func:`graph.render.viz.select`), drawn with
matplotlib: colour and shape by class as in :data:`graph.render.style.CLASS_STYLE`,
node size by betweenness centrality, labels in the chosen language, arrows
from the source to the target of each relation, a legend of the classes.

Every string is set in NanumGothic, loaded by file path from the
``koreanize-matplotlib`` package on PyPI (we never import that package: it
changes matplotlib's global settings and needs ``distutils``). No system
font is looked up, so the figure looks the same on every machine. A
character the font lacks is reported by :func:`missing_glyphs`.

The figure is 8.27 in (A4) wide; a PNG is rendered at 200 dpi (1654 px).
An SVG keeps its text as glyph outlines (``svg.fonttype = path``): it shows
the same letters in any viewer, with or without a Korean font; matplotlib
writes each string as an XML comment before its outlines, so the labels
are still in the file.

matplotlib is imported only here, and only when a figure is drawn.

>>> figure_kind("map.PNG"), figure_kind("map.svg"), figure_kind("map.html")
('png', 'svg', None)
"""

import importlib.util
import io
import math
import textwrap
from pathlib import Path

from graph.render.atomic import write_bytes
from graph.errors import KGError
from graph.vocab.labels import label_in

__all__ = ["A4_WIDTH_IN", "PNG_DPI", "figure_kind", "korean_font_path", "missing_glyphs", "render_figure",
           "write_figure"]

A4_WIDTH_IN = 8.27
PNG_DPI = 200
FONT_PACKAGE = "koreanize_matplotlib"
FONT_FILE = "NanumGothic.ttf"

#: vis-network shape -> matplotlib marker
MARKERS = {"star": "*", "box": "s", "square": "s", "dot": "o", "ellipse": "o", "diamond": "D",
           "hexagon": "h", "triangle": "^", "triangleDown": "v"}

#: labels on every node up to this many nodes, else on the most central ones only
LABEL_ALL = 80
LABEL_TOP = 40
#: relation names on the edges up to this many edges
EDGE_LABELS = 40
#: arrows up to this many edges, plain lines above
ARROWS = 300


def figure_kind(path):
    """``png`` or ``svg`` from the suffix of ``path`` (any case), else None."""
    suffix = Path(str(path)).suffix.lower()
    return {".png": "png", ".svg": "svg"}.get(suffix)


def korean_font_path():
    """The NanumGothic file shipped in the koreanize-matplotlib package (found without importing it)."""
    spec = importlib.util.find_spec(FONT_PACKAGE)
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "fonts" / FONT_FILE
        if path.is_file():
            return path
    raise KGError(f"the Korean font {FONT_FILE} is missing: install the package koreanize-matplotlib")


_charmap = None


def missing_glyphs(texts):
    """The characters of ``texts`` that the bundled font cannot draw, sorted."""
    global _charmap
    if _charmap is None:
        from matplotlib import ft2font

        _charmap = set(ft2font.FT2Font(str(korean_font_path())).get_charmap())
    return sorted({ch for t in texts for ch in t if not ch.isspace() and ord(ch) not in _charmap})


def _font(size, weight="normal"):
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=str(korean_font_path()), size=size, weight=weight)


def _layout(sub):
    """Positions by a seeded layout on a copy in sorted order, so a map always looks the same."""
    import networkx as nx

    sub, unordered = nx.Graph(), sub
    sub.add_nodes_from(sorted(unordered, key=str))
    sub.add_edges_from(sorted((tuple(sorted((a, b), key=str)) for a, b in unordered.edges()), key=str))
    if len(sub) == 0:
        return {}
    if len(sub) == 1:
        return {n: (0.0, 0.0) for n in sub}
    if len(sub) <= 400:
        start = nx.spring_layout(sub, seed=7)
        return nx.kamada_kawai_layout(sub, pos=start)
    return nx.spring_layout(sub, seed=7, iterations=50)


def _wrap(text, width=22):
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=False)) or text


def render_figure(g, nodes, scores, fmt="png", lang="en", title="", highlight=()):
    """The figure of ``nodes`` of ``g`` as PNG or SVG bytes, and what was drawn.

    Returns ``(data, info)``; ``info`` has ``nodes``, ``edges``, ``labelled``
    and ``missing`` (characters the font lacks).
    """
    import warnings

    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from graph.vocab.readings import relation_label
    from graph.render.style import CLASS_STYLE

    if fmt not in ("png", "svg"):
        raise ValueError(fmt)
    sub = g.subgraph(nodes)
    order = sorted(sub, key=str)
    pos = _layout(sub)
    top = max((scores.get(n, 0) for n in sub), default=0) or 1
    shrink = 1.0 if len(sub) <= 150 else 0.6  # smaller marks where many nodes share the page
    radius = {n: shrink * (3 + 9 * math.sqrt(scores.get(n, 0) / top)) for n in sub}  # points
    for n in sub:  # a star fills less of its box: draw it larger
        if CLASS_STYLE.get(sub.nodes[n]["type"], ("", "dot"))[1] == "star":
            radius[n] *= 1.5
    highlight = set(highlight)

    if len(sub) <= LABEL_ALL:
        labelled = set(sub)
    else:
        central = sorted(sub, key=lambda n: (-scores.get(n, 0), str(n)))[:LABEL_TOP]
        labelled = set(central) | (highlight & set(sub))
    label_size = 7 if len(sub) <= 30 else 6 if len(sub) <= LABEL_ALL else 5.5

    def label(n):
        d = sub.nodes[n]
        return label_in(d, lang, str(n))

    classes = [c for c in CLASS_STYLE if any(sub.nodes[n]["type"] == c for n in sub)]
    others = sorted({sub.nodes[n]["type"] for n in sub} - set(CLASS_STYLE))
    legend_rows = math.ceil((len(classes) + len(others)) / 4)

    # page geometry in inches: title, drawing, legend, caption
    xs = [p[0] for p in pos.values()] or [0]
    ys = [p[1] for p in pos.values()] or [0]
    span_x, span_y = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1
    draw_w = A4_WIDTH_IN - 0.4
    draw_h = min(max(draw_w * span_y / span_x, draw_w * 0.55), draw_w * 1.25)
    head, foot = 0.45, 0.25 + 0.22 * legend_rows + 0.25
    height = head + draw_h + foot

    rc = {"svg.fonttype": "path", "svg.hashsalt": "ai4s-kg", "path.simplify": True}
    with matplotlib.rc_context(rc), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a missing glyph is reported by missing_glyphs, not as a warning
        fig = Figure(figsize=(A4_WIDTH_IN, height))
        fig.patch.set_facecolor("white")
        ax = fig.add_axes((0.2 / A4_WIDTH_IN, foot / height, draw_w / A4_WIDTH_IN, draw_h / height))
        ax.set_axis_off()
        pad_x, pad_y = span_x * 0.08, span_y * 0.08
        ax.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
        ax.set_ylim(min(ys) - pad_y, max(ys) + pad_y)

        # edges, pointing from the fact's source to its target
        edges = []
        for a, b, data in sub.edges(data=True):
            fact = data["facts"][0]
            s, t = (fact["source"], fact["target"]) if fact.get("source") in sub else (a, b)
            if t not in sub:
                s, t = a, b
            edges.append((s, t, fact["relation"], a in highlight and b in highlight))
        edges.sort(key=lambda e: (str(e[0]), str(e[1]), e[2]))
        if len(edges) <= ARROWS:
            for s, t, _, strong in edges:
                ax.annotate("", xy=pos[t], xytext=pos[s], zorder=1,
                            arrowprops={"arrowstyle": "-|>", "color": "#333333" if strong else "#9a9a9a",
                                        "lw": 1.4 if strong else 0.6, "mutation_scale": 7,
                                        "shrinkA": radius[s] + 1, "shrinkB": radius[t] + 1})
        else:
            from matplotlib.collections import LineCollection

            ax.add_collection(LineCollection([(pos[s], pos[t]) for s, t, _, _ in edges], colors="#b0b0b0",
                                             linewidths=0.3, zorder=1))
        if len(edges) <= EDGE_LABELS:
            small = _font(5)
            for s, t, rel, _ in edges:
                (x1, y1), (x2, y2) = pos[s], pos[t]
                ax.text((x1 + x2) / 2, (y1 + y2) / 2, relation_label(rel, lang=lang), fontproperties=small,
                        color="#555555", ha="center", va="center", zorder=2,
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75})

        # nodes, one scatter per class so each has its marker
        for cls in classes + others:
            members = [n for n in order if sub.nodes[n]["type"] == cls]
            color, shape = CLASS_STYLE.get(cls, ("#999999", "dot"))[:2]
            marker = MARKERS.get(shape, "o")
            ax.scatter([pos[n][0] for n in members], [pos[n][1] for n in members], marker=marker, c=color,
                       s=[(2 * radius[n]) ** 2 for n in members], zorder=3,
                       edgecolors=["#000000" if n in highlight else "#ffffff" for n in members],
                       linewidths=[1.6 if n in highlight else 0.5 for n in members])

        font = _font(label_size)
        bold = _font(label_size, weight="bold")
        for n in order:
            if n in labelled:
                ax.annotate(_wrap(label(n)), xy=pos[n], xytext=(0, -(radius[n] + 1.5)), textcoords="offset points",
                            ha="center", va="top", fontproperties=bold if n in highlight else font, zorder=4,
                            color="#111111",
                            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.6})

        fig.text(0.5, 1 - 0.28 / height, title, ha="center", va="center", fontproperties=_font(10, "bold"))
        handles = []
        for cls in classes + others:
            color, shape, en, ko = CLASS_STYLE.get(cls, ("#999999", "dot", cls, cls))
            handles.append(Line2D([], [], linestyle="none", marker=MARKERS.get(shape, "o"),
                                  markersize=10 if shape == "star" else 7,
                                  markerfacecolor=color, markeredgecolor="white", label=f"{en} {ko}"))
        if handles:
            fig.legend(handles=handles, loc="lower center", ncol=4, prop=_font(7), frameon=False,
                       bbox_to_anchor=(0.5, 0.25 / height), handletextpad=0.3, columnspacing=1.2)
        note = "Node size: betweenness centrality · 노드 크기: 매개 중심성 · arrows point from source to target"
        if labelled != set(sub):
            note += f" · labels on the {len(labelled)} most central of {len(sub)} nodes"
        fig.text(0.5, 0.12 / height, note, ha="center", va="center", fontproperties=_font(6), color="#555555")

        buf = io.BytesIO()
        metadata = {"Date": None, "Title": title} if fmt == "svg" else {"Software": None, "Title": title}
        fig.savefig(buf, format=fmt, dpi=PNG_DPI, facecolor="white", metadata=metadata)
    drawn = [title, *(label(n) for n in labelled)]
    if len(edges) <= EDGE_LABELS:
        drawn += [relation_label(rel, lang=lang) for _, _, rel, _ in edges]
    info = {"nodes": len(sub), "edges": len(edges), "labelled": len(labelled), "missing": missing_glyphs(drawn)}
    return buf.getvalue(), info


def write_figure(path, g, nodes, scores, lang="en", title="", highlight=()):
    """Draw the figure in the format of ``path``'s suffix and write it atomically."""
    fmt = figure_kind(path)
    if fmt is None:
        raise ValueError(f"not a figure suffix: {path}")
    data, info = render_figure(g, nodes, scores, fmt=fmt, lang=lang, title=title, highlight=highlight)
    write_bytes(path, data)
    return info
