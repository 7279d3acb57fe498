"""Cold command-line latency on the real graph, each command against the floor, alternately.

The floor is what any command of ours must pay before it does anything:
``python -c "import networkx, click"`` with the same interpreter (the venv's).
Each command runs as a fresh process with a warm build cache (one untimed
run of each first builds the cache and warms the OS file cache). In every
round each command runs right after a run of the floor, so both see the
same machine state; the ratio is median(command) / median(its floor runs).
A command that fails is reported with its exit code, never timed as if it
had answered.

``kg sparql --name national-laboratories`` is also timed against its peer,
the Oxigraph server's own command line answering the same query text
(prefixes and parameter filled in) from a copy of the same on-disk store
(``oxigraph query --location … --union-default-graph``; a copy, because
that command opens a store for writing), run right after it in each round;
the goal there is :data:`PEER_GOAL_RATIO`.

``kg`` switches Python's cyclic garbage collector off before it imports
anything (graph/console.py); the floor runs as plain ``python -c`` does,
with it on. So that this is seen, the floor with the collector off
(:data:`FLOOR_NO_GC`) is timed once per round too, and each command's
ratio to it is reported beside.

The project's modules are byte-compiled first (``compileall``), as an
installed package is: where ``PYTHONDONTWRITEBYTECODE`` is set (this
machine sets it) Python would otherwise compile every module of ``graph/``
from source on every run, while the floor's networkx and click come
compiled from their wheels.
"""

import compileall
import shutil
from pathlib import Path

from .common import BIN, WORK, median

__all__ = ["COMMANDS", "FLOOR", "FLOOR_NO_GC", "GOAL_RATIO", "PEER", "PEER_GOAL_RATIO", "measure_cold"]

GOAL_RATIO = 1.3
PEER = "kg sparql --name national-laboratories"  # the command timed against `oxigraph query` as well
PEER_GOAL_RATIO = 2.5
FLOOR = [str(BIN / "python"), "-c", "import networkx, click"]
#: the floor as ``kg`` starts (graph/console.py: the cyclic collector off before any import), reported beside
FLOOR_NO_GC = [str(BIN / "python"), "-c", "import gc; gc.disable(); import networkx, click"]
COMMANDS = {
    "kg path Korea ANL": ["path", "Korea", "ANL"],
    "kg show ANL": ["show", "ANL"],
    "kg search 아르곤": ["search", "아르곤"],
    "kg centrality --top 10": ["centrality", "--top", "10"],
    "kg sparql --name national-laboratories": ["sparql", "--name", "national-laboratories"],
}
#: the commands item 5 of the issue sets the 1.3x goal for
GOAL_COMMANDS = ("kg path Korea ANL", "kg show ANL", "kg search 아르곤")


def _peer_command():
    """``oxigraph query`` on a copy of the build's store with the text :data:`PEER` runs."""
    from graph.store.named import NamedQuery
    from graph.vocab.namespaces import sparql_prologue
    from graph.workspace import Workspace

    ws = Workspace()
    text = sparql_prologue() + NamedQuery.load("national-laboratories").fill({}, ws.resolve)
    copy = WORK / "oxigraph-store"
    shutil.rmtree(copy, ignore_errors=True)
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ws.build.folder_checked("store"), copy)
    return [str(BIN / "oxigraph"), "query", "--location", str(copy), "--union-default-graph", "--query", text,
            "--results-format", "csv"]


def measure_cold(run, rounds=11, say=print):
    """{floor, commands: {name: {median_s, floor_median_s, ratio, meets_goal, …}}} over ``rounds`` rounds.

    ``run`` is :func:`bench.common.run_measured`.
    """
    kg = str(BIN / "kg")
    package = Path(__file__).resolve().parents[1] / "graph"
    compileall.compile_dir(str(package), quiet=1)
    failed = {}
    for name, args in COMMANDS.items():  # warm the build cache and the file cache
        r = run([kg, *args], timeout=600)
        if r["rc"] != 0:
            failed[name] = {"rc": r["rc"], "stderr": r["stderr"].strip()[-400:]}
    run(FLOOR, timeout=60)
    peer = _peer_command()
    peer_error = None
    first = run(peer, timeout=60)
    if first["rc"] != 0:
        peer_error = {"rc": first["rc"], "stderr": first["stderr"].strip()[-400:]}
    peer_times, no_gc = [], []
    times = {name: [] for name in COMMANDS}
    floors = {name: [] for name in COMMANDS}
    for i in range(rounds):
        say(f"cold CLI: round {i + 1} of {rounds}")
        no_gc.append(run(FLOOR_NO_GC, timeout=60)["wall_s"])
        for name, args in COMMANDS.items():
            if name in failed:
                continue
            f = run(FLOOR, timeout=60)
            c = run([kg, *args], timeout=600)
            if c["rc"] != 0:
                failed[name] = {"rc": c["rc"], "stderr": c["stderr"].strip()[-400:]}
                continue
            floors[name].append(f["wall_s"])
            times[name].append(c["wall_s"])
            if name == PEER and peer_error is None:
                o = run(peer, timeout=60)
                if o["rc"] != 0:
                    peer_error = {"rc": o["rc"], "stderr": o["stderr"].strip()[-400:]}
                peer_times.append(o["wall_s"])
    all_floor = [t for ts in floors.values() for t in ts]
    out = {"rounds": rounds, "floor_command": 'python -c "import networkx, click"',
           "bytecode": "graph/ byte-compiled before timing (compileall)",
           "floor_median_s": median(all_floor), "goal_ratio": GOAL_RATIO, "commands": {},
           "floor_no_gc_command": 'python -c "import gc; gc.disable(); import networkx, click"',
           "floor_no_gc_median_s": median(no_gc)}
    for name in COMMANDS:
        if name in failed:
            out["commands"][name] = {"error": failed[name], "goal": name in GOAL_COMMANDS}
            continue
        cmd_m, floor_m = median(times[name]), median(floors[name])
        ratio = cmd_m / floor_m
        out["commands"][name] = {
            "median_s": cmd_m, "min_s": min(times[name]), "max_s": max(times[name]),
            "floor_median_s": floor_m, "ratio": ratio, "meets_1_3x": ratio <= GOAL_RATIO,
            "ratio_to_floor_no_gc": cmd_m / median(no_gc),
            "goal": name in GOAL_COMMANDS, "samples_s": times[name], "floor_samples_s": floors[name]}
        if name == PEER:
            out["commands"][name]["peer"] = {"error": peer_error} if peer_error or not peer_times else {
                "command": "oxigraph query --location <copy of the build's store> --union-default-graph "
                           "--query <the same text> --results-format csv",
                "median_s": median(peer_times), "samples_s": peer_times,
                "ratio": cmd_m / median(peer_times), "goal_ratio": PEER_GOAL_RATIO,
                "meets_goal": cmd_m / median(peer_times) <= PEER_GOAL_RATIO}
    return out
