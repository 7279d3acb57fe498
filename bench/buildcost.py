"""What a build costs beside the bare bulk load of the triples it makes, alternately, in fresh processes.

The floor of ``kg build --force`` is loading its triples into Oxigraph:
``python -m bench.buildcost load FILE`` is a fresh interpreter that imports
pyoxigraph and bulk-loads the build's ``dataset.nt`` into an in-memory store,
nothing else. Each round runs the build (``kg [--data DIR] build --force``
with its own cache, ``KG_CACHE``) and then the bulk load of the file it
wrote, so both see the same machine state; wall time and peak memory
(``ru_maxrss``) are each child's own (:func:`bench.common.run_measured`). The
ratio is median(build) / median(bulk load), for time and for peak memory.

>>> ratio([4.0, 6.0, 5.0], [1.0, 1.0, 2.0])
5.0
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import BIN, median  # noqa: E402

__all__ = ["GOAL_MIB", "GOAL_S", "measure_build", "ratio"]

GOAL_S = 15.0  # issue 17 item 4: the build of 1M triples, wall time
GOAL_MIB = 1000 * 1000 * 1000 / 2**20  # and its peak memory: 1 GB


def ratio(builds, loads):
    """median(builds) / median(loads)."""
    return median(builds) / median(loads)


def measure_build(run, cache, data=None, rounds=3, say=print, label="real data"):
    """{build: {median_s, samples_s, peak_mib, cpu_median_s}, bulk_load: {…, triples}, ratio_s, ratio_peak}.

    ``run`` is :func:`bench.common.run_measured`; ``data`` a data folder
    (None: the project's); ``cache`` the build cache to use (emptied by
    every forced build's own folder). A failed build is reported as
    ``{"error": …}``.
    """
    env = {**os.environ, "KG_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    cmd = [str(BIN / "kg"), *(["--data", str(data)] if data else []), "build", "--force"]
    builds, loads = [], []
    for i in range(rounds):
        say(f"{label}: kg build --force, then the bare bulk load ({i + 1} of {rounds})")
        b = run(cmd, env=env, timeout=3600)
        if b["rc"] != 0:
            return {"error": f"build failed (exit {b['rc']}): {b['stderr'][-800:]}"}
        dataset = _latest(cache) / "dataset.nt"
        load = run([str(BIN / "python"), "-m", "bench.buildcost", "load", str(dataset)], env=env, timeout=3600)
        if load["rc"] != 0:
            return {"error": f"bulk load failed (exit {load['rc']}): {load['stderr'][-800:]}"}
        builds.append(b)
        loads.append(load)
    manifest = json.loads((_latest(cache) / "manifest.json").read_text(encoding="utf-8"))

    def summary(runs):
        return {"runs": len(runs), "median_s": median(r["wall_s"] for r in runs),
                "samples_s": [r["wall_s"] for r in runs], "cpu_median_s": median(r["cpu_s"] for r in runs),
                "peak_mib": max(r["maxrss_mib"] for r in runs)}

    out = {"label": label, "triples": manifest["triples"], "build": summary(builds), "bulk_load": summary(loads),
           "build_seconds_in_manifest": {"compile": manifest.get("seconds"), "derive": manifest.get("derive_seconds")}}
    out["bulk_load"]["load_s"] = median(json.loads(r["stdout"])["load_s"] for r in loads)
    out["ratio_s"] = ratio([r["wall_s"] for r in builds], [r["wall_s"] for r in loads])
    out["ratio_peak"] = out["build"]["peak_mib"] / out["bulk_load"]["peak_mib"]
    return out


def _latest(cache):
    folders = [p for p in Path(cache).iterdir() if p.is_dir() and not p.name.startswith(".")]
    return max(folders, key=lambda p: p.stat().st_mtime)


def _load(path):
    """Bulk-load ``path`` (N-Triples) into an in-memory Oxigraph store; {load_s, triples}."""
    import pyoxigraph as ox

    t = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    return {"load_s": time.perf_counter() - t, "triples": len(store)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    sub = parser.add_subparsers(dest="command", required=True)
    load = sub.add_parser("load", help="the bare bulk load of one N-Triples file; prints JSON")
    load.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    json.dump(_load(args.file), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
