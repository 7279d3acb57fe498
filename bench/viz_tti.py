"""Benchmark: preparing maps in Python and how soon they become interactive in headless Chromium.

Two questions, each answered beside its comparison in the same run:

* **prepare**: the synthetic 5,000-node map made ready to draw, by today's
  method (betweenness from igraph's compiled core, the grouped layout of
  :mod:`graph.render.layout`: igraph Fruchterman–Reingold per cluster,
  clusters packed on a spiral; then the page with its font subset) against
  the old method (NetworkX ``spring_layout(iterations=25)`` and NetworkX
  betweenness sampled from 500 sources), timed on the same graph in the same
  process (``--no-old`` leaves the old method out);
* **time to interactive**, for each of RUNS fresh browsers: the synthetic
  map, and the real path map (``kg viz --path Korea ANL``) and whole map
  (``kg viz --all``), so the whole map can be compared with the path map.

For each page, ``ready_ms`` runs from the start of navigation to the moment
the page sets ``data-ready="1"`` on its body (recorded inside the page by a
MutationObserver installed before any of its scripts); ``first_frame_ms`` to
the second animation frame after that; ``search_ms`` from pressing Enter on a
Korean label typed into the search box to the selection; ``wall_s`` from
sending Page.navigate until the driver saw data-ready. Every non-file:
request is blocked and counted (must be zero), as in the tests. The graph is
random with a fixed seed (``powerlaw_cluster_graph``) and carries our node
attributes (class, English and Korean labels, dates, statuses) and cited
facts on the edges.

Run: ``make bench-viz`` (or ``.venv/bin/python bench/viz_tti.py``); writes
``bench/results/viz_tti.json`` and prints one line.
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from chromium import Browser  # noqa: E402  (tests/chromium.py: the DevTools driver of the browser tests)

from bench.common import machine  # noqa: E402
from graph.render.viz import CLASS_STYLE, build_data, render_html  # noqa: E402

RUNS = 3
TARGET_S = 10.0
RELATIONS = ["basedIn", "partOf", "participatesIn", "participant", "leads", "issuedBy", "postIn", "concerns",
             "party", "uses", "memberOf", "develops"]
SYLLABLES = "가나다라마바사아자차카타파하국립연구소과학기술정보통신부원청단센터협회대학교미래인공지능"


def synthetic_graph(n=5000, seed=7):
    import networkx as nx

    rnd = random.Random(seed)
    g = nx.powerlaw_cluster_graph(n, 2, 0.1, seed=seed)
    classes = list(CLASS_STYLE)
    for i in g:
        cls = rnd.choice(classes)
        ko = "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(3, 8))) + f" {i}"
        g.nodes[i].update(type=cls, en=f"{CLASS_STYLE[cls][2]} {i:04d}", ko=ko,
                          date=f"{rnd.randint(1990, 2026)}-{rnd.randint(1, 12):02d}" if rnd.random() < 0.3 else None,
                          status=rnd.choice([None, None, "announced", "proposed"]), aliases=[f"N{i}"])
    g = nx.relabel_nodes(g, {i: f"node-{i:04d}" for i in g})
    for a, b in g.edges():
        g.edges[a, b]["facts"] = [{"relation": rnd.choice(RELATIONS), "source": a, "target": b, "date": None,
                                   "sources": [{"document": f"s{rnd.randint(0, 30):03d}",
                                                "quote": "합성 데이터 인용문 " + g.nodes[a]["ko"]}]}]
    return g


def measure(html, query, profile_root):
    with Browser(tempfile.mkdtemp(dir=profile_root)) as browser:
        page = browser.new_page()
        page.send("Page.addScriptToEvaluateOnNewDocument", {"source": FRAME_HOOK})
        start = time.perf_counter()
        page.send("Page.navigate", {"url": html.as_uri()})
        page.wait_for("document.body && document.body.getAttribute('data-ready') === '1'", timeout=120,
                      interval=0.01)
        wall = time.perf_counter() - start
        ready = page.evaluate("window.__kgReadyAt")
        frame = page.wait_for("window.__kgFrameAt", timeout=60, interval=0.01)
        nodes = page.evaluate("window.kgNetwork.body.data.nodes.length")
        # interactive: a Korean search answers with a selection
        page.evaluate("document.getElementById('search').focus(); window.__kgT0 = performance.now();")
        page.type_text(query)
        page.press("Enter")
        selected = page.wait_for("window.kgNetwork.getSelectedNodes().length && window.kgNetwork.getSelectedNodes()",
                                 timeout=60, interval=0.01)
        search = page.evaluate("performance.now() - window.__kgT0")
        return {"ready_ms": round(ready, 1), "first_frame_ms": round(frame, 1), "search_ms": round(search, 1),
                "wall_s": round(wall, 3), "nodes_drawn": nodes, "search_selected": selected,
                "outside_requests": page.outside_requests, "errors": page.errors, "dialogs": page.dialogs,
                "chromium": browser.version.get("product")}


def prepare_new(g):
    """Today's method: compiled betweenness, grouped seeded layout, page with its font; seconds per step."""
    from graph.render.layout import _igraph

    steps, t0 = {}, time.perf_counter()
    igraph = _igraph()
    nodes = sorted(g)
    index = {n: i for i, n in enumerate(nodes)}
    h = igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in g.edges()])
    between = h.betweenness(directed=False)
    peak = max(between) or 1.0
    scores = {n: between[i] / peak for i, n in enumerate(nodes)}
    steps["centrality_s"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    data = build_data(g, set(g), scores, lang="ko", title=f"synthetic {len(g)}-node map")
    steps["layout_and_data_s"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    page = render_html(data)
    steps["page_s"] = time.perf_counter() - t2
    steps["total_s"] = time.perf_counter() - t0
    return data, page, {k: round(v, 2) for k, v in steps.items()}


def prepare_old(g):
    """The method before issue 16, timed on the same graph: NetworkX spring layout and sampled betweenness."""
    import networkx as nx

    t0 = time.perf_counter()
    nx.betweenness_centrality(g, k=min(500, len(g)), seed=7)
    t1 = time.perf_counter()
    nx.spring_layout(g, iterations=25, seed=7, scale=40 * len(g) ** 0.5)
    t2 = time.perf_counter()
    return {"centrality_s": round(t1 - t0, 2), "layout_s": round(t2 - t1, 2), "total_s": round(t2 - t0, 2)}


def real_maps(folder):
    """The real path map and whole map, written by ``kg viz``; name -> (path, a Korean label to search)."""
    from click.testing import CliRunner

    from graph.cli import main

    out = {}
    for name, args, query in (("path", ("--path", "Korea", "ANL"), "아르곤 국립연구소"),
                              ("all", ("--all",), "아르곤 국립연구소")):
        path = Path(folder) / f"real-{name}.html"
        result = CliRunner().invoke(main, ["viz", *args, "--lang", "ko", "-o", str(path)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        out[name] = (path, query)
    return out


def _median(runs):
    return {k: statistics.median(r[k] for r in runs) for k in ("ready_ms", "first_frame_ms", "search_ms", "wall_s")}


FRAME_HOOK = """
new MutationObserver(function (records, observer) {
  if (document.body && document.body.getAttribute("data-ready") === "1") {
    observer.disconnect();
    requestAnimationFrame(function () { requestAnimationFrame(function () {
      window.__kgFrameAt = performance.now(); }); });
  }
}).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-ready"] });
"""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--no-old", action="store_true", help="Do not time the old method (about 35 s).")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "viz_tti.json")
    args = parser.parse_args(argv)

    load = round(os.getloadavg()[0], 2)  # the machine is shared: say how busy it was
    g = synthetic_graph(args.nodes)
    data, page, new = prepare_new(g)
    old = None if args.no_old else prepare_old(g)
    query = next(n for n in data["nodes"] if n["id"] == "node-0042")

    with tempfile.TemporaryDirectory(prefix="viz-tti-") as tmp:
        html = Path(tmp) / "synthetic.html"
        html.write_text(page, encoding="utf-8")
        runs = [measure(html, query["ko"], tmp) for _ in range(args.runs)]
        maps = real_maps(tmp)
        real = {name: [measure(path, q, tmp) for _ in range(args.runs)] for name, (path, q) in maps.items()}
        real_bytes = {name: path.stat().st_size for name, (path, _) in maps.items()}

    for r in runs:
        assert r["nodes_drawn"] == len(g), r
        assert r["search_selected"] == [query["id"]], r
    for name, rs in real.items():
        assert all(r["search_selected"] == ["anl"] for r in rs), (name, rs)
    median = _median(runs)
    real_median = {name: _median(rs) for name, rs in real.items()}
    ratio = real_median["all"]["first_frame_ms"] / real_median["path"]["first_frame_ms"]
    everything = runs + [r for rs in real.values() for r in rs]
    result = {
        "benchmark": "viz time-to-interactive",
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "graph": {"nodes": len(g), "edges": g.number_of_edges(), "generator": "powerlaw_cluster_graph(n, 2, 0.1, seed=7)",
                  "physics": "off, layout precomputed"},
        "html_bytes": len(page.encode("utf-8")),
        "load_average": load,
        "prepare_s": new["total_s"],
        "prepare": {"new": new, "old": old,
                    "speedup": round(old["total_s"] / new["total_s"], 1) if old else None},
        "runs": runs,
        "median": median,
        "real_maps": {name: {"median": real_median[name], "runs": real[name], "html_bytes": real_bytes[name]}
                      for name in real},
        "all_over_path": round(ratio, 2),
        "target_s": TARGET_S,
        "within_target": median["first_frame_ms"] / 1000 <= TARGET_S,
        "outside_requests": sum(len(r["outside_requests"]) for r in everything),
        "page_errors": sum(len(r["errors"]) for r in everything),
        "machine": {**machine(), "chromium": runs[0]["chromium"]},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    m = result["machine"]
    print(f"viz, {len(g)} nodes / {g.number_of_edges()} edges: prepared in {new['total_s']:.2f} s"
          + (f" (old method {old['total_s']:.1f} s, {result['prepare']['speedup']}x)" if old else "")
          + f", interactive in {median['ready_ms'] / 1000:.2f} s (drawn {median['first_frame_ms'] / 1000:.2f} s, "
          f"search {median['search_ms']:.0f} ms); real whole map drawn in {real_median['all']['first_frame_ms'] / 1000:.2f} s, "
          f"path map {real_median['path']['first_frame_ms'] / 1000:.2f} s ({ratio:.1f}x); median of {len(runs)} on "
          f"{m['cpu']}, {m['cores']} cores, Python {m['python']}, {m['chromium']}; "
          f"{result['outside_requests']} outside requests, {result['page_errors']} page errors -> "
          f"{args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
