"""``kg validate`` on the real data against its parts, and each part against the peer it replaced.

Every round runs, one after the other, as fresh processes:

1. ``kg validate`` itself (wall time, as a user sees it, and its CPU time,
   which depends less on what else the machine is doing);
2. ``python -m bench.validate --parts``: the same work step by step in one
   new interpreter, each step timed: the imports, reading the sources (YAML,
   record checks, ontology), compiling the triples, the Oxigraph store, the
   shapes, the core shapes through pyshacl-turbo, each SPARQL constraint as
   written in ``ontology/shapes.ttl``; and then, in the same process, the
   peers that ``kg validate`` no longer runs: the core shapes through
   pySHACL, and each SPARQL constraint in its former ``FILTER NOT EXISTS``
   wording (:data:`FORMER`).

The report gives the median of each over the rounds, the sum of the parts
``kg validate`` runs, and each peer as a ratio to its replacement. The
answers are compared as well: a peer that finds other problems is reported.

``python -m bench.validate`` prints the JSON of :func:`measure_validate`.
"""

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import BIN, median, run_measured  # noqa: E402

__all__ = ["FORMER", "GOAL_S", "measure_parts", "measure_validate"]

GOAL_S = 1.5

#: the SPARQL constraints as shapes.ttl wrote them before issue 17, by the start of their message
FORMER = {
    "fact {?p} {?o} has no cited statement": """
        SELECT $this ?p ?o WHERE {
            $this ?p ?o .
            FILTER (?p = rdf:type || (STRSTARTS(STR(?p), STR(kg:)) && ?p NOT IN (kg:localId, kg:qualifiedParticipation, kg:holds, kg:title)))
            FILTER NOT EXISTS { ?st rdf:subject $this ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?src . }
        }""",
    "a statement citing a seed document needs": """
        SELECT $this WHERE {
            $this prov:wasDerivedFrom ?doc .
            ?doc a kg:Document .
            FILTER NOT EXISTS { $this kg:quote ?q }
        }""",
}


def _short(message):
    return next((k for k in FORMER if message.startswith(k)), message[:40])


def measure_parts():
    """{parts: [(name, seconds)], peers: [(name, seconds, replaces, same answer)], problems} in this process."""
    parts, peers = [], []
    t = time.perf_counter()
    import pyoxigraph  # noqa: F401
    import pyshacl_turbo  # noqa: F401
    import rdflib  # noqa: F401

    from graph.dataset.build import load_sources
    from graph.dataset.compiler import compile_triples
    from graph.project import Project
    from graph.source import shacl

    parts.append(("imports (rdflib, pyoxigraph, pyshacl-turbo, graph)", time.perf_counter() - t))

    def step(name, fn, *args):
        t = time.perf_counter()
        value = fn(*args)
        parts.append((name, time.perf_counter() - t))
        return value

    project = Project.default()
    catalogue, records, ontology, problems = step("read sources (YAML, record checks, ontology)", load_sources, project)
    triples = step("compile triples", compile_triples, records, catalogue, ontology)
    store = step("Oxigraph store", shacl.oxigraph_store, triples)
    shapes, constraints = step("read shapes", shacl.load_shapes, project)
    core = step("core shapes: pyshacl-turbo", shacl.core_results, shapes, store, "turbo")
    found = {}
    for c in constraints:
        found[c[2]] = step(f"SPARQL constraint: {_short(c[2])}", shacl.sparql_results, store, [c])
    # the peers, after everything kg validate does
    t = time.perf_counter()
    other = shacl.core_results(shapes, triples, "pyshacl")
    peers.append(("core shapes: pySHACL", time.perf_counter() - t, "core shapes: pyshacl-turbo",
                  sorted(other) == sorted(core)))
    for classes, _, message in constraints:
        former = FORMER.get(_short(message))
        if former is None:
            continue
        t = time.perf_counter()
        rows = shacl.sparql_results(store, [(classes, former, message)])
        peers.append((f"SPARQL constraint: {_short(message)} (FILTER NOT EXISTS)", time.perf_counter() - t,
                      f"SPARQL constraint: {_short(message)}", sorted(rows) == sorted(found[message])))
    return {"parts": parts, "peers": peers, "problems": len(problems) + len(core) + sum(map(len, found.values())),
            "triples": len(triples)}


def measure_validate(rounds=7, say=print):
    """{cold, parts, peers, goal_s, meets_goal, ...}: medians over ``rounds`` alternating rounds."""
    kg = str(BIN / "kg")
    first = run_measured([kg, "validate"], timeout=600, cwd=ROOT)  # warms the file cache
    if first["rc"] != 0:
        return {"error": {"rc": first["rc"], "stderr": first["stderr"].strip()[-400:]}}
    cold, cpu, runs = [], [], []
    for i in range(rounds):
        say(f"validate: round {i + 1} of {rounds}")
        c = run_measured([kg, "validate"], timeout=600, cwd=ROOT)
        p = run_measured([str(BIN / "python"), "-m", "bench.validate", "--parts"], timeout=600, cwd=ROOT)
        if c["rc"] != 0 or p["rc"] != 0:
            bad = c if c["rc"] != 0 else p
            return {"error": {"rc": bad["rc"], "stderr": bad["stderr"].strip()[-400:]}}
        cold.append(c["wall_s"])
        cpu.append(c["cpu_s"])
        runs.append(json.loads(p["stdout"]))
    parts = {}
    for run in runs:
        for name, seconds in run["parts"]:
            parts.setdefault(name, []).append(seconds)
    part_medians = {name: median(xs) for name, xs in parts.items()}
    peers = {}
    for run in runs:
        for name, seconds, replaces, same in run["peers"]:
            peer = peers.setdefault(name, {"replaces": replaces, "samples_s": [], "same_answers": True})
            peer["samples_s"].append(seconds)
            peer["same_answers"] = peer["same_answers"] and same
    for peer in peers.values():
        peer["median_s"] = median(peer["samples_s"])
        peer["ratio"] = peer["median_s"] / part_medians[peer["replaces"]]
    cold_median = median(cold)
    return {"rounds": rounds, "goal_s": GOAL_S, "triples": runs[0]["triples"], "problems": runs[0]["problems"],
            "cold": {"median_s": cold_median, "min_s": min(cold), "max_s": max(cold), "samples_s": cold,
                     "cpu_median_s": median(cpu)},
            "meets_goal": cold_median <= GOAL_S,
            "parts": [{"part": name, "median_s": part_medians[name]} for name in parts],
            "parts_total_s": sum(part_medians.values()), "peers": peers}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.validate", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--parts", action="store_true", help="time the parts once in this process (JSON)")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    result = measure_parts() if args.parts else measure_validate(args.rounds, say=lambda m: print(m, file=sys.stderr))
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
