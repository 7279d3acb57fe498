"""Where the time of one build goes: ``graph.dataset.build.build(force=True)`` with its steps timed.

The steps are timed by wrapping the functions the build calls (reading the
YAML, the record checks, the compiler, the N-Triples files, the counts, the
derived files, hashing and sealing; the on-disk store, written in a thread)
with a stopwatch before the build starts; the build itself runs unchanged,
and a wrapper costs a few microseconds per call, so unlike a profiler this
does not inflate the figures. A function the build no longer has is simply
not listed; what no wrapper covers (imports, hashing the inputs, waiting
for the store) is the remainder. The store is written in a thread beside
the other steps, so the steps add up to more than the total.

``python -m bench.phases --data DIR`` (with ``KG_CACHE`` set) prints JSON.
"""

import argparse
import builtins
import importlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

__all__ = ["STEPS", "timed_build"]

#: (step, module, the functions that do it (any the build has), inside which step), in build order
STEPS = [
    ("read sources", "graph.dataset.build", ("load_sources",), None),
    ("YAML parsing (this process's share; a second process reads the rest meanwhile)", "graph.source.records",
     ("load_file",), "read sources"),
    ("record checks", "graph.source.checks", ("check_records",), "read sources"),
    ("compile", "graph.dataset.compiler", ("compile_triples", "compile_graph"), None),
    ("N-Triples files, in parts handed to the store as made", "graph.dataset.ntfiles", ("write_nt_files",), None),
    ("N-Triples lines", "graph.dataset.ntfiles", ("nt_rows",), "N-Triples files, in parts handed to the store as made"),
    ("fact counts (while the store loads the first part)", "graph.dataset.build", ("_counts",),
     "N-Triples files, in parts handed to the store as made"),
    ("triples by predicate (the same)", "graph.dataset.rows", ("ByPredicate.__init__",),
     "N-Triples files, in parts handed to the store as made"),
    ("rdflib serialize N-Triples", "rdflib.graph", ("Graph.serialize",), None),
    ("derived files", "graph.dataset.build", ("_derive_from_triples", "_derive_from_files"), None),
    ("open Oxigraph store", "graph.store.local", ("open_store",), "derived files"),
    ("name index", "graph.store.resolve", ("NameIndex.from_triples", "load_index"), "derived files"),
    ("projection", "graph.network.projection", ("project_triples", "load_projection"), "derived files"),
    ("centrality", "graph.network.centrality", ("load_centrality",), "derived files"),
    ("hashing the finished files (while the store is written)", "graph.dataset.build", ("file_records",), None),
    ("seal: hashing the store", "graph.dataset.build", ("seal",), None),
    ("on-disk store (in a thread, from the first part on)", "graph.store.local", ("write_store",), None),
]
#: steps that run beside the others (in a thread): not counted against the total
_BESIDE = {"on-disk store (in a thread, from the first part on)"}


def _wrap(owner, attr, totals, calls, step):
    """Replace ``owner.attr`` by a timed version; a generator it returns is timed while it is consumed."""
    import inspect

    original = getattr(owner, attr)

    def add(seconds):
        totals[step] = totals.get(step, 0.0) + seconds

    def drain(gen):
        while True:
            t = time.perf_counter()
            try:
                item = next(gen)
            except StopIteration:
                add(time.perf_counter() - t)
                return
            add(time.perf_counter() - t)
            yield item

    def timed(*args, **kwargs):
        calls[step] = calls.get(step, 0) + 1
        t = time.perf_counter()
        try:
            result = original(*args, **kwargs)
        finally:
            add(time.perf_counter() - t)
        return drain(result) if inspect.isgenerator(result) else result

    setattr(owner, attr, timed)


def timed_build(folder):
    """{total_s, steps: [{step, seconds, calls, parent}]} of one forced build of ``folder``.

    Steps the build never called are left out.
    """
    from graph.dataset.build import build
    from graph.project import Project

    totals, calls, listed = {}, {}, []
    for step, module, attrs, parent in STEPS:
        try:
            base = importlib.import_module(module)
        except ImportError:
            continue
        for attr in attrs:
            owner, *path = [base, *attr.split(".")]
            if len(path) == 1 and not hasattr(owner, attr) and hasattr(builtins, attr):
                setattr(owner, attr, getattr(builtins, attr))  # a builtin the module calls: timed in that module only
            try:
                for part in path[:-1]:
                    owner = getattr(owner, part)
                getattr(owner, path[-1])
            except AttributeError:
                continue
            _wrap(owner, path[-1], totals, calls, step)
        listed.append((step, parent))
    t = time.perf_counter()
    result = build(Project.default(data=folder), force=True)
    total = time.perf_counter() - t
    steps = [{"step": s, "seconds": totals.get(s, 0.0), "calls": calls[s], "parent": p}
             for s, p in listed if calls.get(s)]
    top = sum(x["seconds"] for x in steps if x["parent"] is None and x["step"] not in _BESIDE)
    steps.append({"step": "the rest (imports, hashing the inputs, waiting for the store to be written)",
                  "seconds": max(total - top, 0.0), "calls": None, "parent": None})
    return {"total_s": total, "triples": result.manifest["triples"], "steps": steps}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", required=True, type=Path)
    args = parser.parse_args(argv)
    json.dump(timed_build(args.data), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
