"""Measurements inside one fresh process per engine and size; prints one JSON object.

``python -m bench.probe oxigraph --data DIR`` (with ``KG_CACHE`` pointing at
the cache the build went to) loads the build into Oxigraph the way every
``kg`` command does (``graph.store.open_store``), then times

* each named query, parameters from ``DIR/bench.json`` (synthetic entities):
  a first run through ``graph.store.sparql.run_query`` (the forked child with its
  time limit, so a runaway query is stopped and reported ``> limit``), then,
  when that took under two seconds, the median of ``runs`` in-process runs
  of ``graph.store.sparql._execute`` (``store.query`` plus every row serialised);
* the projection (``graph.projection.project_store``), the k-shortest-path
  call of ``kg path`` (``graph.network.paths.find_paths``, k 5, at most 4 hops)
  between ``country-0`` and a lab three or four hops away (the first call,
  which also prices the edges, and the median of ``runs`` calls after it),
  and ``graph.centrality.compute_all`` (exact betweenness and closeness on
  small graphs, sampled above its work threshold: ``method`` says which).

``python -m bench.probe rdflib --data DIR`` parses the same ``dataset.nt``
into an rdflib in-memory ``Graph`` and runs the same queries with
``Graph.query`` plus JSON serialisation; a SIGALRM stops each query at the
time limit (rdflib evaluates in Python, so the alarm interrupts it) and the
query is reported ``> limit``; an rdflib error is reported as such.
"""

import argparse
import json
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import median  # noqa: E402

__all__ = ["choose_path_pair", "main"]


def _queries(folder):
    from graph.store.named import library

    params = json.loads((Path(folder) / "bench.json").read_text(encoding="utf-8"))["params"]
    return [(q.name, q.fill(params.get(q.name, {}), lambda name: name)) for q in library()]


def _build(folder):
    from graph.dataset.build import ensure_built
    from graph.project import Project

    return ensure_built(Project.default(data=folder))


def choose_path_pair(g, source="country-0"):
    """(source, target, hops): the lab of the latest cluster that is 4 hops from ``source``, else 3."""
    import networkx as nx

    dist = nx.single_source_shortest_path_length(g, source, cutoff=4)
    labs = [n for n, d in g.nodes(data=True) if d["type"] == "kg:Lab" and n in dist]
    key = lambda n: tuple(int(x) for x in n.split("-")[1:])  # noqa: E731  lab-<cluster>-<k>
    for hops in (4, 3):
        found = sorted((n for n in labs if dist[n] == hops), key=key, reverse=True)
        if found:
            return source, found[0], hops
    target = max(labs, key=lambda n: (dist[n], key(n)))
    return source, target, dist[target]


def _oxigraph(args):
    from graph.store import sparql
    from graph.network.centrality import compute_all, method
    from graph.network.paths import find_paths
    from graph.network.projection import load_projection, project_store
    from graph.store.local import open_store

    from bench.inproc import count_rows, execute, run_ours

    build = _build(args.data)
    out = {"engine": "oxigraph", "triples": build.manifest["triples"]}
    t = time.perf_counter()
    open_store(build)  # what a one-shot command does: open the build's on-disk store (files checked)
    out["open_disk_s"] = time.perf_counter() - t
    t = time.perf_counter()
    store = open_store(build, resident=True)  # queries run on the store held in memory, as rdflib's is
    out["load_s"] = time.perf_counter() - t
    out["queries"] = {}
    for name, text in _queries(args.data):
        t = time.perf_counter()
        try:
            answer = sparql.run_query(store, text, timeout=args.limit)
        except sparql.QueryTimeout:
            out["queries"][name] = {"timeout_s": args.limit}
            continue
        except Exception as exc:  # reported, not hidden
            out["queries"][name] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
            continue
        first = time.perf_counter() - t
        if first >= 2.0:
            out["queries"][name] = {"median_s": first, "runs": 1, "rows": count_rows(answer),
                                    "note": "one run, in the forked child of graph.store.sparql.run_query"}
            continue
        rows = execute(store, text)
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            run_ours(store, text)
            times.append(time.perf_counter() - t)
        out["queries"][name] = {"median_s": median(times), "runs": len(times), "rows": rows}

    t = time.perf_counter()
    g = project_store(store)
    built = time.perf_counter() - t
    t = time.perf_counter()
    g = load_projection(build, lambda _: store)  # what every kg command reads: the build's cached JSON (the key keeps its old name)
    out["projection"] = {"seconds": built, "pickle_load_s": time.perf_counter() - t,
                         "nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
    src, dst, hops = choose_path_pair(g)
    t = time.perf_counter()
    paths = find_paths(g, src, dst)
    first = time.perf_counter() - t
    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        find_paths(g, src, dst)
        times.append(time.perf_counter() - t)
    out["path"] = {"source": src, "target": dst, "hops": hops, "paths": len(paths), "first_s": first,
                   "median_s": median(times),
                   "runs": len(times), "call": "graph.network.paths.find_paths(g, source, target) (k=5, max_hops=4)"}
    t = time.perf_counter()
    compute_all(g)
    out["centrality"] = {"seconds": time.perf_counter() - t, "method": method(g), "nodes": g.number_of_nodes(),
                         "edges": g.number_of_edges()}
    return out


class _Alarm(Exception):
    pass


def _on_alarm(signum, frame):
    raise _Alarm()


def _rdflib(args):
    from rdflib import Graph

    from graph.vocab.namespaces import PREFIXES

    build = _build(args.data)
    out = {"engine": "rdflib", "triples": build.manifest["triples"]}
    t = time.perf_counter()
    g = Graph()
    g.parse(str(build.dataset), format="nt")
    out["load_s"] = time.perf_counter() - t
    out["queries"] = {}
    signal.signal(signal.SIGALRM, _on_alarm)

    def once(text):
        t0 = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, args.limit)
        try:
            data = g.query(text, initNs=PREFIXES).serialize(format="json")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        return time.perf_counter() - t0, data

    for name, text in _queries(args.data):
        try:
            first, data = once(text)
            times = [first]
            if first < 1.0:
                times += [once(text)[0] for _ in range(2)]
            rows = len(json.loads(data)["results"]["bindings"])
            out["queries"][name] = {"median_s": median(times), "runs": len(times), "rows": rows}
        except _Alarm:
            out["queries"][name] = {"timeout_s": args.limit}
        except Exception as exc:  # rdflib's own failures are part of the result
            out["queries"][name] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("engine", choices=["oxigraph", "rdflib"])
    parser.add_argument("--data", required=True, type=Path, help="a synthetic data folder (bench/synth.py)")
    parser.add_argument("--limit", type=float, default=60.0, help="time limit per query, seconds")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measurement")
    args = parser.parse_args(argv)
    import warnings

    warnings.simplefilter("ignore")
    out = _oxigraph(args) if args.engine == "oxigraph" else _rdflib(args)
    json.dump(out, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
