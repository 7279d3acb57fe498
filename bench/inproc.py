"""Named queries on the real graph, in-process: the query itself, without the fork of ``kg sparql``.

The goal is timed on the store held in memory, as ``kg serve`` holds it;
the same query on the build's on-disk store (what one-shot commands open)
is timed after it and reported beside.

Each query of the named library is filled with its default parameters
through the workspace's name resolver, exactly as ``kg sparql --name`` fills
it, and run on the workspace's Oxigraph store as ``run_query`` runs a named
query minus the forked child (:func:`run_ours`: the scan for FROM, then
``graph.store.sparql._execute``, i.e. ``store.query`` plus serialising every
row to SPARQL JSON: full consumption of the answer). Its peer, timed in the same loop right
after it, is the engine alone: pyoxigraph's ``Store.query`` on the same text
with every row read, without our checks and serialisation. One untimed run
of each, then the median of ``runs`` timed runs, against the 5 ms goal.
"""

import time

from .common import median, percentile

__all__ = ["GOAL_MS", "count_rows", "execute", "measure_named_real", "run_ours", "time_query"]

GOAL_MS = 5.0


def count_rows(result):
    """Rows of a SELECT answer as ``graph.store.sparql`` hands it back (1 for ASK or a graph, None if unknown)."""
    import json

    if result.get("kind") != "select":
        return 1
    return len(json.loads(result["json"])["results"]["bindings"]) if "json" in result else None


def run_ours(store, text):
    """What ``run_query`` does for a named query, minus the forked child: the FROM scan, then ``_execute``."""
    from graph.store import sparql

    names = any(w == "FROM" for _, w in sparql._keywords(list(sparql._tokens(text))))
    return sparql._execute(store, text, names)


def execute(store, text):
    """Run ``text`` on ``store`` the way ``kg sparql`` does inside its child; return the row count."""
    return count_rows(run_ours(store, text))


def time_query(store, text, runs):
    """(rows, [seconds per run of ours], [seconds per run of the bare engine]) after one untimed run of each."""
    from graph.store.local import query

    def bare():
        result = query(store, text)
        for _ in result:
            pass

    rows = execute(store, text)
    bare()
    ours, engine = [], []
    for _ in range(runs):
        t = time.perf_counter()
        run_ours(store, text)
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        bare()
        engine.append(time.perf_counter() - t)
    return rows, ours, engine


def measure_named_real(runs=21, say=print):
    """{store_load_s, queries: {name: {rows, median_ms, p90_ms, engine_median_ms, ratio, meets_goal}}} on the real graph."""
    from graph.store.named import library
    from graph.workspace import Workspace

    ws = Workspace(resident=True)  # as kg serve holds it; the on-disk store every other command opens beside it
    build = ws.build
    t = time.perf_counter()
    store = ws.store
    load = time.perf_counter() - t
    disk = Workspace(resident=False).store
    out = {"runs": runs, "goal_ms": GOAL_MS, "triples": build.manifest["triples"], "store_load_s": load,
           "queries": {}}
    for q in library():
        text = q.fill({}, ws.resolve)
        rows, times, engine = time_query(store, text, runs)
        ms, engine_ms = [x * 1000 for x in times], [x * 1000 for x in engine]
        med, engine_med = median(ms), median(engine_ms)
        out["queries"][q.name] = {"rows": rows, "params": {k: d for k, (_, d) in q.params.items()},
                                  "median_ms": med, "p90_ms": percentile(ms, 90), "min_ms": min(ms),
                                  "engine_median_ms": engine_med, "ratio": med / engine_med if engine_med else None,
                                  "meets_goal": med < GOAL_MS}
        _, disk_times, _ = time_query(disk, text, runs)
        out["queries"][q.name]["on_disk_median_ms"] = median([x * 1000 for x in disk_times])
        say(f"named query on the real graph: {q.name} {med:.2f} ms (engine alone {engine_med:.2f} ms)")
    return out
