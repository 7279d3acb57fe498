"""Synthetic scaling: generate, build, then query, path and centrality, at each size.

For each size (10k, 100k, 1M triples by default):

1. ``bench/synth.py`` writes the data folder ``bench/work/synth-<size>``
   (deterministic, fixed seed).
2. ``kg --data DIR build --force`` runs as a child process with its own
   cache (``KG_CACHE=bench/work/cache-<size>``, so the project's cache is
   never touched): wall time and the child's peak memory (``ru_maxrss``
   via ``os.wait4``), median of three builds up to 200k triples, one above,
   each followed by the bare bulk load of the triples it wrote
   (:mod:`bench.buildcost`): the build against its floor, as a ratio.
   The built manifest gives the triple count, checked against the target.
3. ``bench.probe oxigraph`` and ``bench.probe rdflib`` each run in a fresh
   process: named queries on both engines (the ratio is rdflib / Oxigraph),
   and on the Oxigraph side the projection, the path call and centrality.
4. For the largest size only, ``bench.phases`` times the steps of one more
   build, to show where the build's time goes.
"""

import os
import sys

from .common import BIN, ROOT, WORK, median

__all__ = ["SIZES", "measure_size", "parse_sizes", "query_table"]

SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
TOLERANCE = 0.15  # the built triple count must land within 15 % of the target


def parse_sizes(text):
    """``"10k,1M"`` → ``{"10k": 10000, "1M": 1000000}``; other sizes are given as plain numbers or with k/M.

    >>> parse_sizes("10k,250k")
    {'10k': 10000, '250k': 250000}
    """
    out = {}
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        mult = {"k": 1_000, "K": 1_000, "m": 1_000_000, "M": 1_000_000}.get(part[-1], 1)
        number = part[:-1] if mult != 1 else part
        try:
            value = int(float(number) * mult)
        except ValueError:
            raise ValueError(f"not a size: {part!r} (use e.g. 10k, 100k, 1M)") from None
        if value < 5_000:
            raise ValueError(f"size {part!r} is too small: at least 5k triples (the fixed ontology part is ~1.3k)")
        out[part] = value
    if not out:
        raise ValueError("no sizes given")
    return out


def query_table(ox, rd):
    """Per named query: Oxigraph and rdflib medians (ms), rows, and the ratio rdflib / Oxigraph.

    A query stopped by the time limit on rdflib gives a lower bound (``ratio_at_least``).
    """
    table = {}
    for name in sorted(set(ox.get("queries", {})) | set(rd.get("queries", {}))):
        a, b = ox.get("queries", {}).get(name, {}), rd.get("queries", {}).get(name, {})
        row = {"oxigraph_ms": a["median_s"] * 1000 if "median_s" in a else None,
               "rdflib_ms": b["median_s"] * 1000 if "median_s" in b else None,
               "oxigraph_rows": a.get("rows"), "rdflib_rows": b.get("rows"),
               "oxigraph_timeout_s": a.get("timeout_s"), "rdflib_timeout_s": b.get("timeout_s"),
               "oxigraph_error": a.get("error"), "rdflib_error": b.get("error")}
        if row["oxigraph_ms"] and row["rdflib_ms"]:
            row["ratio"] = row["rdflib_ms"] / row["oxigraph_ms"]
        elif row["oxigraph_ms"] and row["rdflib_timeout_s"]:
            row["ratio_at_least"] = row["rdflib_timeout_s"] * 1000 / row["oxigraph_ms"]
        if None not in (row["oxigraph_rows"], row["rdflib_rows"]):
            row["rows_agree"] = row["oxigraph_rows"] == row["rdflib_rows"]
        table[name] = row
    return table


def measure_size(label, triples, run, run_json, say, limit=60.0, runs=5, phases=False):
    """Everything measured at one size, as a dict for the report."""
    py = str(BIN / "python")
    folder, cache = WORK / f"synth-{label}", WORK / f"cache-{label}"
    env = {**os.environ, "KG_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    out = {"label": label, "target_triples": triples}

    say(f"{label}: generating synthetic data")
    gen = run([py, str(ROOT / "bench" / "synth.py"), "--triples", str(triples), "--out", str(folder)],
              env=env, timeout=1800)
    if gen["rc"] != 0:
        out["error"] = f"generator failed: {gen['stderr'][-500:]}"
        return out
    out["generate_s"] = gen["wall_s"]

    from bench.buildcost import measure_build

    build_runs = 3 if triples <= 200_000 else 1
    cost = measure_build(run, cache, data=folder, rounds=build_runs, say=say, label=label)
    if "error" in cost:
        out["error"] = cost["error"]
        return out
    out["build"] = cost["build"]
    out["bulk_load"] = cost["bulk_load"]
    out["build"]["ratio_to_bulk_load"] = cost["ratio_s"]
    out["build"]["peak_ratio_to_bulk_load"] = cost["ratio_peak"]
    out["build"]["compile_s"] = cost["build_seconds_in_manifest"]["compile"]
    out["build"]["derive_s"] = cost["build_seconds_in_manifest"]["derive"]
    manifests = sorted(cache.glob("*/manifest.json"), key=lambda p: p.stat().st_mtime)
    if manifests:
        import json

        m = json.loads(manifests[-1].read_text(encoding="utf-8"))
        out["triples"] = m["triples"]
        out["records"] = m["records"]
        out["deviation"] = m["triples"] / triples - 1
        out["within_tolerance"] = abs(out["deviation"]) <= TOLERANCE

    probe = [py, "-m", "bench.probe"]
    common = ["--data", str(folder), "--limit", str(limit), "--runs", str(runs)]
    budget = 600 + 20 * limit * 1.5
    say(f"{label}: Oxigraph: load, the named queries, projection, path, centrality")
    ox, ox_run = run_json([*probe, "oxigraph", *common], env=env, timeout=budget)
    out["oxigraph"] = ox or {"error": _failure(ox_run)}
    if ox:
        out["oxigraph"]["peak_mib"] = ox_run["maxrss_mib"]
    say(f"{label}: rdflib in-memory: load and the same queries (limit {limit:g} s each)")
    rd, rd_run = run_json([*probe, "rdflib", *common], env=env, timeout=budget)
    out["rdflib"] = rd or {"error": _failure(rd_run)}
    if rd:
        out["rdflib"]["peak_mib"] = rd_run["maxrss_mib"]
    out["queries"] = query_table(out["oxigraph"], out["rdflib"])
    if phases:
        say(f"{label}: one more build with its steps timed")
        ph, ph_run = run_json([py, "-m", "bench.phases", "--data", str(folder)], env=env, timeout=3600)
        out["phases"] = ph or {"error": _failure(ph_run)}
    return out


def _failure(run):
    if run["timed_out"]:
        return f"stopped after {run['wall_s']:.0f} s"
    return f"exit {run['rc']}: {run['stderr'].strip()[-600:]}"


if __name__ == "__main__":  # pragma: no cover
    sys.exit("run the suite: python -m bench.suite")
