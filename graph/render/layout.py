"""Seeded positions for each kind of map, computed in Python and written into the page.

The page draws these positions with physics off, so the picture is the same
on every load and every machine. Each function takes the *boxes* of the
nodes, ``{node: (width, above, below)}`` in pixels around the node centre
(the node's shape with its label under it, see :func:`node_box`), and
returns ``{node: (x, y)}``.

* :func:`lanes` (path maps): one lane per path, left to right from source to
  target; a node on several paths is drawn once, on the lane of its first
  path; every path keeps its order along x.
* :func:`layered` (ego, program and compare maps): the centre in the middle,
  the nodes at distance 1, 2, … in columns to its right and left (a node
  stays on its parent's side), each column wrapped into sub-columns so the
  map stays about as tall as it is wide; a caller may put nodes on a side.
* :func:`grouped` (the whole map): one cluster per group (country, or a
  community found by the Louvain method for nodes with no country), each
  laid out by Fruchterman–Reingold (igraph, compiled, seeded), the clusters
  packed on a spiral, largest first.

:func:`separate` then pushes apart any boxes that still overlap, so the
path, ego, program and compare maps have no two node/label boxes overlapping.

>>> boxes = {n: (40, 10, 30) for n in "sabt"}
>>> pos = lanes([["s", "a", "t"], ["s", "b", "t"]], boxes)
>>> pos["s"][0] < pos["a"][0] < pos["t"][0] and pos["a"][1] < pos["b"][1]
True
>>> overlapping(pos, boxes)
[]
"""

import math

__all__ = ["communities", "grouped", "lanes", "layered", "node_box", "overlapping", "separate"]

GAP_X = 48
GAP_Y = 14
#: vis-network draws a label this many pixels below its shape
LABEL_OFFSET = 3


def node_box(size, label_width, label_height):
    """The box of a node of radius ``size`` with its label below: ``(width, above, below)``.

    >>> node_box(10, 50, 12)
    (54, 12, 27)
    """
    pad = 2
    return (max(2 * size, label_width) + 2 * pad, size + pad,
            size + (LABEL_OFFSET + label_height if label_height else 0) + pad)


def _rects(pos, boxes, order):
    import numpy as np

    xy = np.array([pos[n] for n in order], dtype=float)
    b = np.array([boxes[n] for n in order], dtype=float)
    return xy, b


def overlapping(pos, boxes, pad=0.0):
    """Pairs of nodes whose boxes overlap (each pair once, sorted)."""
    import numpy as np

    order = sorted(pos, key=str)
    if len(order) < 2:
        return []
    xy, b = _rects(pos, boxes, order)
    left, right = xy[:, 0] - b[:, 0] / 2 - pad / 2, xy[:, 0] + b[:, 0] / 2 + pad / 2
    top, bottom = xy[:, 1] - b[:, 1] - pad / 2, xy[:, 1] + b[:, 2] + pad / 2
    ox = np.minimum(right[:, None], right[None, :]) - np.maximum(left[:, None], left[None, :])
    oy = np.minimum(bottom[:, None], bottom[None, :]) - np.maximum(top[:, None], top[None, :])
    i, j = np.nonzero(np.triu((ox > 0) & (oy > 0), 1))
    return [(order[a], order[c]) for a, c in zip(i.tolist(), j.tolist())]


def separate(pos, boxes, pad=8.0, axis="both", rounds=400):
    """Move nodes apart until no two boxes (grown by ``pad``) overlap; ``axis="y"`` moves vertically only."""
    import numpy as np

    order = sorted(pos, key=str)
    if len(order) < 2:
        return dict(pos)
    xy, b = _rects(pos, boxes, order)
    for _ in range(rounds):
        left, right = xy[:, 0] - b[:, 0] / 2 - pad / 2, xy[:, 0] + b[:, 0] / 2 + pad / 2
        top, bottom = xy[:, 1] - b[:, 1] - pad / 2, xy[:, 1] + b[:, 2] + pad / 2
        ox = np.minimum(right[:, None], right[None, :]) - np.maximum(left[:, None], left[None, :])
        oy = np.minimum(bottom[:, None], bottom[None, :]) - np.maximum(top[:, None], top[None, :])
        hit = np.triu((ox > 0) & (oy > 0), 1)
        if not hit.any():
            break
        move = np.zeros_like(xy)
        for i, j in zip(*np.nonzero(hit)):
            dx, dy = xy[j] - xy[i]
            if axis == "y" or (axis == "both" and oy[i, j] <= ox[i, j]):
                step = (oy[i, j] / 2 + 0.5) * (1 if dy > 0 or (dy == 0 and i < j) else -1)
                move[i, 1] -= step
                move[j, 1] += step
            else:
                step = (ox[i, j] / 2 + 0.5) * (1 if dx > 0 or (dx == 0 and i < j) else -1)
                move[i, 0] -= step
                move[j, 0] += step
        xy += move
    return {n: (float(x), float(y)) for n, (x, y) in zip(order, xy)}


def lanes(paths, boxes, gap_x=GAP_X, gap_y=GAP_Y):
    """Positions for a path map: path ``i`` on lane ``i``, hop ``j`` in column ``j``, target in the last column.

    A shorter path spreads its hops over the same width, so every path runs
    from the source on the left to the target on the right. The source and
    the target sit at the middle height of the lanes.
    """
    if not paths:
        return {}
    source, target = paths[0][0], paths[0][-1]
    width = max(w for w, _, _ in boxes.values()) + gap_x
    height = max(a + b for _, a, b in boxes.values()) + gap_y
    columns = max(len(p) for p in paths) - 1
    pos = {}
    for i, path in enumerate(paths):
        hops = len(path) - 1
        for j, node in enumerate(path[1:-1], start=1):
            if node not in pos:
                pos[node] = (j * columns / hops * width, i * height)
    middle = (len(paths) - 1) * height / 2
    pos[source], pos[target] = (0.0, middle), (columns * width, middle)
    return separate(pos, boxes, axis="y")


def _distances(g, center):
    import networkx as nx

    dist = nx.single_source_shortest_path_length(g, center)
    far = max(dist.values(), default=0) + 1
    return {n: dist.get(n, far) for n in g}


def layered(g, center, boxes, side=None, key=None, gap_x=GAP_X, gap_y=GAP_Y):
    """Positions for an ego, program or compare map: columns by distance from ``center``, both sides.

    ``side`` maps a node to -1 (left), +1 (right) or 0 (the centre column,
    under the centre); nodes it leaves out follow their parent, and the
    centre's neighbours are split between the two sides. ``key`` orders the
    nodes of a column (default: class, then id).
    """
    side = dict(side or {})
    key = key or (lambda n: (g.nodes[n].get("type", ""), str(n)))
    dist = _distances(g, center)
    rows_max = max(8, math.ceil(1.6 * math.sqrt(len(g))))
    parent = {}
    for n in sorted(g, key=lambda n: (dist[n], key(n))):
        if n == center:
            continue
        ups = sorted((m for m in g[n] if dist[m] < dist[n]), key=key)
        parent[n] = ups[0] if ups else center
    ring1 = sorted((n for n in g if dist[n] == 1 and n not in side), key=key)
    for i, n in enumerate(ring1):
        side[n] = 1 if i < (len(ring1) + 1) // 2 else -1
    side[center] = 0
    for n in sorted(g, key=lambda n: (dist[n], key(n))):
        side.setdefault(n, side.get(parent.get(n), 1) or 1)
    pos = {center: (0.0, 0.0)}
    row_of = {center: 0.0}
    for s in (1, -1, 0):
        x_edge = boxes[center][0] / 2 if s else 0.0
        y_start = boxes[center][2] + gap_y if s == 0 else None
        for d in sorted({dist[n] for n in g if n != center}):
            column = [n for n in g if n != center and dist[n] == d and side[n] == s]
            if not column:
                continue
            column.sort(key=lambda n: (row_of.get(parent.get(n), 0.0), key(n)))
            if s == 0:  # the nodes both sides share: rows under the centre, as wide as needed
                for start in range(0, len(column), rows_max):
                    chunk = column[start:start + rows_max]
                    y = y_start
                    for n in chunk:
                        pos[n] = (0.0, y + boxes[n][1])
                        row_of[n] = y
                        y += boxes[n][1] + boxes[n][2] + gap_y
                    y_start = y
                continue
            for start in range(0, len(column), rows_max):
                chunk = column[start:start + rows_max]
                width = max(boxes[n][0] for n in chunk)
                x = x_edge + gap_x + width / 2
                total = sum(boxes[n][1] + boxes[n][2] + gap_y for n in chunk) - gap_y
                y = -total / 2
                for n in chunk:
                    pos[n] = (s * x, y + boxes[n][1])
                    row_of[n] = y
                    y += boxes[n][1] + boxes[n][2] + gap_y
                x_edge = x + width / 2
    return separate(pos, boxes)


def _igraph():
    """igraph without its plotting back ends (see :func:`graph.network.compiled.load_igraph`)."""
    from graph.network.compiled import load_igraph

    return load_igraph()


def _spring(g, seed=7):
    """Fruchterman–Reingold positions of ``g`` in a unit-ish square, reproducible (igraph, seeded start)."""
    import random

    import numpy as np

    igraph = _igraph()
    nodes = sorted(g, key=str)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {n: i for i, n in enumerate(nodes)}
    h = igraph.Graph(n=len(nodes), edges=sorted((index[a], index[b]) if index[a] < index[b] else (index[b], index[a])
                                                for a, b in g.edges() if a != b))
    start = np.random.default_rng(seed).uniform(-1, 1, (len(nodes), 2)).tolist()
    state = random.getstate()
    random.seed(seed)  # igraph draws from Python's random module
    try:
        xy = np.array(h.layout_fruchterman_reingold(seed=start, niter=500).coords)
    finally:
        random.setstate(state)
    xy -= xy.mean(axis=0)
    scale = np.abs(xy).max() or 1.0
    return {n: (float(x / scale), float(y / scale)) for n, (x, y) in zip(nodes, xy)}


def communities(g, seed=7):
    """Louvain communities of ``g`` (igraph's multilevel method, seeded), largest first, as sets."""
    import random

    igraph = _igraph()
    nodes = sorted(g, key=str)
    index = {n: i for i, n in enumerate(nodes)}
    h = igraph.Graph(n=len(nodes), edges=sorted(tuple(sorted((index[a], index[b]))) for a, b in g.edges() if a != b))
    state = random.getstate()
    random.seed(seed)
    try:
        parts = h.community_multilevel()
    finally:
        random.setstate(state)
    return sorted(({nodes[i] for i in part} for part in parts), key=lambda s: (-len(s), min(map(str, s))))


def grouped(g, group_of, spacing=70.0):
    """Positions for a whole map: one cluster per group, clusters packed on a spiral.

    ``group_of`` maps a node to its group key. Returns ``(positions,
    clusters)``, ``clusters`` being ``{key: (x, y, radius)}``.
    """
    groups = {}
    for n in sorted(g, key=str):
        groups.setdefault(group_of[n], []).append(n)
    import numpy as np

    order = sorted(groups, key=lambda k: (-len(groups[k]), str(k)))
    pos, clusters = {}, {}
    placed = np.zeros((len(order), 3))
    t = 0.0  # the spiral r = a·t is walked outwards only: clusters come largest first
    a = spacing / math.pi
    for i, k in enumerate(order):
        members = groups[k]
        radius = spacing * math.sqrt(len(members)) * 0.9 + spacing / 2
        inner = _spring(g.subgraph(members))
        cx = cy = 0.0
        while i:
            cx, cy = a * t * math.cos(t), a * t * math.sin(t)
            gap = np.hypot(placed[:i, 0] - cx, placed[:i, 1] - cy) - placed[:i, 2] - radius - spacing
            if gap.min() >= 0:
                break
            t += max(0.02, min(0.5, (radius / 2 + max(0.0, -gap.min()) / 4) / max(a * t, 1.0)))
        placed[i] = (cx, cy, radius)
        clusters[k] = (cx, cy, radius)
        for n, (x, y) in inner.items():
            pos[n] = (cx + x * radius, cy + y * radius)
    return pos, clusters
