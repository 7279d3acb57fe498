"""The benchmark suite behind ``make bench``: one command, one report.

Runs, in this order (quietest first, longest last):

1. cold command-line latency on the real graph against the import floor
   (:mod:`bench.cold`);
2. every named query in-process on the real graph, beside the bare engine
   (:mod:`bench.inproc`), ``kg validate`` against its parts and their
   former peers (:mod:`bench.validate`), and ``kg build --force`` on the
   real data against the bare bulk load of its triples (:mod:`bench.buildcost`);
3. the endpoint load test, ``kg serve`` and ``oxigraph serve-read-only`` in
   turn at 16 and 32 clients (:mod:`bench.endpoint`, :mod:`bench.load`);
4. the HTML time-to-interactive (``bench/viz_tti.py``, as ``make bench-viz``);
5. synthetic scaling at 10k, 100k and 1M triples (:mod:`bench.scaling`).

and writes ``bench/results/report.md``, ``report.json`` and ``scaling.png``
(:mod:`bench.report`). Generated data and build caches go to ``bench/work/``
(ignored by git); the project's ``data/`` and ``.kg-cache/`` are only read,
except that the cold runs keep the project's build cache warm as any ``kg``
command does. Progress goes to stderr on a terminal; ``--quiet`` silences it.

Run ``python -m bench.suite`` (``--quick`` for 10k and 100k only,
``--sizes 10k,1M`` to choose, ``--help`` for the rest).
"""

import argparse
import json
import shlex
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import BIN, RESULTS, Progress, machine, run_json, run_measured, source_state, today  # noqa: E402

__all__ = ["main", "run_suite"]

ENDPOINT_CLIENTS = (16, 32)  # the two loads
SECTIONS = ("cold", "named", "validate", "build", "endpoint", "viz", "scaling")


def _viz(say, out_dir):
    """Run bench/viz_tti.py (as make bench-viz does) and read its result; reuse an old result if it fails."""
    target = out_dir / "viz_tti.json"
    say("HTML time-to-interactive: bench/viz_tti.py (headless Chromium)")
    run = run_measured([str(BIN / "python"), str(ROOT / "bench" / "viz_tti.py"), "--out", str(target)],
                       timeout=1800, cwd=ROOT)
    note = None
    if run["rc"] != 0:
        note = f"bench/viz_tti.py failed (exit {run['rc']}): {run['stderr'].strip()[-300:]}"
    data = None
    if target.exists():
        try:
            data = json.loads(target.read_text(encoding="utf-8"))
        except ValueError:
            data = None
    return data, run["rc"] == 0, note


def _notes(r):
    """Observations computed from the figures, for the end of the report."""
    notes = []
    for s in r.get("scaling") or []:
        if "error" in s:
            continue
        slow = [(q["oxigraph_ms"], n) for n, q in s["queries"].items() if q["oxigraph_ms"] and q["oxigraph_ms"] > 100]
        stopped = [n for n, q in s["queries"].items() if q["oxigraph_timeout_s"]]
        if slow or stopped:
            text = f"At {s['label']}, Oxigraph queries over 100 ms: " + (
                ", ".join(f"{n} {ms / 1000:.2f} s" for ms, n in sorted(slow, reverse=True)) or "none")
            if stopped:
                text += f"; stopped at the limit: {', '.join(stopped)}"
            notes.append(text + ".")
        rd_stopped = [n for n, q in s["queries"].items() if q["rdflib_timeout_s"]]
        rd_failed = [n for n, q in s["queries"].items() if q["rdflib_error"]]
        if rd_stopped or rd_failed:
            notes.append(f"At {s['label']}, rdflib " + "; ".join(
                x for x in (f"stopped at the limit: {', '.join(rd_stopped)}" if rd_stopped else "",
                            f"failed: {', '.join(rd_failed)}" if rd_failed else "") if x) + ".")
        ph = s.get("phases")
        if ph and "steps" in ph:
            top = sorted((x for x in ph["steps"] if x["parent"] is None), key=lambda x: -x["seconds"])[:3]
            notes.append(f"At {s['label']} the build's time goes mostly to " + ", ".join(
                f"{x['step']} ({x['seconds'] / ph['total_s'] * 100:.0f} %)" for x in top) + ".")
    return notes


def run_suite(args, say):
    """Measure every chosen section; return the report dict."""
    from bench.scaling import measure_size, parse_sizes

    started = time.perf_counter()
    r = {"command": args.command, "date": today(), "machine": machine(), "source": source_state(),
         "options": vars(args).copy()}
    r["options"].pop("command", None)
    r["options"]["out"] = str(args.out)
    if "cold" in args.sections:
        from bench.cold import measure_cold

        say("cold CLI latency")
        r["cold_cli"] = measure_cold(lambda cmd, timeout=None: run_measured(cmd, timeout=timeout, cwd=ROOT),
                                     rounds=args.rounds, say=say)
    if "named" in args.sections:
        from bench.inproc import measure_named_real

        say("named queries in-process on the real graph")
        r["named_real"] = measure_named_real(runs=args.query_runs, say=say)
    if "validate" in args.sections:
        from bench.validate import measure_validate

        say("kg validate against its parts")
        r["validate"] = measure_validate(rounds=args.validate_rounds, say=say)
    if "build" in args.sections:
        from bench.buildcost import measure_build
        from bench.common import WORK

        say("kg build --force on the real data against the bare bulk load")
        r["build_real"] = measure_build(run_measured, WORK / "cache-real", rounds=args.build_rounds, say=say)
    if "endpoint" in args.sections:
        from bench.endpoint import compare_endpoint

        r["endpoint_vs_oxigraph"] = [compare_endpoint(clients=n, duration=args.duration, rounds=args.endpoint_rounds,
                                                      say=say) for n in ENDPOINT_CLIENTS]
    if "viz" in args.sections:
        r["viz_tti"], r["viz_ran"], r["viz_note"] = _viz(say, args.out)
    if "scaling" in args.sections:
        sizes = parse_sizes(args.sizes)
        largest = max(sizes.values())
        r["scaling"] = []
        for label, triples in sizes.items():
            r["scaling"].append(measure_size(label, triples, run_measured, run_json, say, limit=args.limit,
                                             runs=args.runs, phases=triples == largest))
    r["notes"] = _notes(r)
    r["runtime_s"] = time.perf_counter() - started
    return r


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.suite", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help="synthetic sizes in triples (default 10k,100k,1M)")
    parser.add_argument("--quick", action="store_true", help="synthetic sizes 10k and 100k only")
    parser.add_argument("--only", default=",".join(SECTIONS),
                        help=f"sections to run, comma-separated (default all: {','.join(SECTIONS)})")
    parser.add_argument("--rounds", type=int, default=11, help="rounds of the cold CLI comparison (at least 9)")
    parser.add_argument("--query-runs", type=int, default=21, help="timed runs per named query on the real graph")
    parser.add_argument("--validate-rounds", type=int, default=7, help="rounds of kg validate against its parts")
    parser.add_argument("--build-rounds", type=int, default=5,
                        help="rounds of kg build --force on the real data against the bare bulk load")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per synthetic query and path")
    parser.add_argument("--limit", type=float, default=60.0, help="time limit per synthetic query, seconds")
    parser.add_argument("--duration", type=float, default=15.0,
                        help="seconds of each endpoint load test (16 and 32 clients, kg serve and Oxigraph in turn)")
    parser.add_argument("--endpoint-rounds", type=int, default=2,
                        help="rounds of the endpoint comparison, kg serve and oxigraph serve-read-only in turn")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the report goes (default bench/results)")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.add_argument("--progress", action="store_true", help="progress on stderr even when it is not a terminal")
    args = parser.parse_args(argv)
    args.sections = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(args.sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s) {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}")
    if args.quick:
        args.sizes = "10k,100k"
    if args.rounds < 9:
        parser.error("--rounds must be at least 9")
    if (args.query_runs < 1 or args.validate_rounds < 1 or args.build_rounds < 1 or args.runs < 1 or args.limit <= 0
            or args.endpoint_rounds < 1 or args.duration <= 0):
        parser.error("--query-runs, --validate-rounds, --build-rounds, --runs, --endpoint-rounds must be at least 1; "
                     "--limit and --duration positive")
    try:
        from bench.scaling import parse_sizes

        parse_sizes(args.sizes)
    except ValueError as exc:
        parser.error(str(exc))
    args.command = "python -m bench.suite" + ("".join(f" {shlex.quote(a)}" for a in (argv or sys.argv[1:])))
    say = Progress(quiet=args.quiet, force=args.progress)
    args.out.mkdir(parents=True, exist_ok=True)
    r = run_suite(args, say)
    from bench.report import write_json, write_markdown, write_plot

    write_json(args.out / "report.json", r)
    write_markdown(args.out / "report.md", r)
    plotted = any("error" not in s for s in r.get("scaling") or [])
    if plotted:  # the curves need at least one measured size
        write_plot(args.out / "scaling.png", r)
    say(f"done in {r['runtime_s'] / 60:.1f} min: {args.out / 'report.md'}")
    print(f"wrote {args.out / 'report.md'}, report.json" + (" and scaling.png" if plotted else "")
          + f" ({r['runtime_s'] / 60:.1f} min)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
