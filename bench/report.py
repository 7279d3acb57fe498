"""Write the benchmark report: Markdown for people, JSON for machines, a PNG of the scaling curves.

The goals of the issue (item 5) are listed first, each with the measured
value and "met" or "NOT met"; a goal that this run did not measure says so.
Every section names the machine and the date. Nothing is asserted: the
report states what was measured.

>>> fmt_s(0.00052)
'0.52 ms'
>>> fmt_s(85.73)
'85.7 s'
"""

import json

from .buildcost import GOAL_MIB as BUILD_GOAL_MIB, GOAL_S as FAST_BUILD_GOAL_S
from .cold import GOAL_COMMANDS, GOAL_RATIO, PEER, PEER_GOAL_RATIO
from .common import machine_line
from .inproc import GOAL_MS
from .validate import GOAL_S as VALIDATE_GOAL_S

__all__ = ["evaluate_goals", "fmt_s", "write_json", "write_markdown", "write_plot"]

BUILD_GOAL_S, PATH_GOAL_S, RATIO_GOAL = 30.0, 1.0, 10.0
GOAL_SIZE = 1_000_000


def fmt_s(seconds):
    """Seconds in a readable unit."""
    if seconds is None:
        return "–"
    if seconds < 0.01:
        return f"{seconds * 1000:.2f} ms"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.1f} s" if seconds < 600 else f"{seconds / 60:.1f} min"


def _ms(value):
    return fmt_s(value / 1000) if value is not None else "–"


def _met(ok):
    return "met" if ok else "**NOT met**"


def _largest(scaling):
    sizes = [s for s in scaling if "error" not in s and s.get("target_triples") == GOAL_SIZE]
    return sizes[0] if sizes else None


def evaluate_goals(r):
    """[(goal, measured, met or None when not measured)] for item 5 of the issue."""
    goals = []
    cold = r.get("cold_cli") or {}
    for name in GOAL_COMMANDS:
        c = (cold.get("commands") or {}).get(name)
        goal = f"cold `{name}` at most {GOAL_RATIO}× the floor"
        if not c:
            goals.append((goal, "not measured in this run", None))
        elif "error" in c:
            goals.append((goal, f"failed (exit {c['error']['rc']})", False))
        else:
            goals.append((goal, f"{c['ratio']:.2f}× ({fmt_s(c['median_s'])} against {fmt_s(c['floor_median_s'])})",
                          c["meets_1_3x"]))
    peer = ((cold.get("commands") or {}).get(PEER) or {}).get("peer")
    goal = f"cold `{PEER}` at most {PEER_GOAL_RATIO}× `oxigraph query` on the same store"
    if not peer:
        goals.append((goal, "not measured in this run", None))
    elif "error" in peer:
        goals.append((goal, f"`oxigraph query` failed: {peer['error']}", None))
    else:
        floors = "".join(f"; Python doing only that{' with click' if '+' in p else ''}: {f['ratio_to_oxigraph']:.2f}×"
                         for p, f in (peer.get("python_floors") or {}).items())
        goals.append((goal, f"{peer['ratio']:.2f}× ({fmt_s(cold['commands'][PEER]['median_s'])} against "
                            f"{fmt_s(peer['median_s'])}{floors})", peer["meets_goal"]))
    named = r.get("named_real")
    goal = f"each named query on the real graph under {GOAL_MS:g} ms in-process"
    if not named:
        goals.append((goal, "not measured in this run", None))
    else:
        qs = named["queries"]
        slow = [f"{n} {_ms(q['median_ms'])}" for n, q in qs.items() if not q["meets_goal"]]
        text = f"{len(qs) - len(slow)} of {len(qs)} under {GOAL_MS:g} ms" + (f"; over: {', '.join(slow)}" if slow else "")
        goals.append((goal, text, not slow))
    for e in r.get("endpoint_vs_oxigraph") or []:
        q, m = e["ratio"], e["median"]
        ok = (q["throughput_rps"] is not None and q["throughput_rps"] >= 1 and q["p50_ms"] is not None
              and q["p50_ms"] <= 1.5 and m["kg"]["errors"] == 0)
        goals.append((f"`kg serve` at {e['clients']} clients: throughput ≥ 1× `oxigraph serve-read-only`, "
                      f"p50 ≤ 1.5× its p50, 0 errors",
                      f"{q['throughput_rps']}× throughput, p50 {q['p50_ms']}×, p99 {q['p99_ms']}×, "
                      f"{m['kg']['errors']:.0f} errors", ok))
    v = r.get("validate")
    goal = f"`kg validate` on the real data at most {VALIDATE_GOAL_S:g} s"
    if not v:
        goals.append((goal, "not measured in this run", None))
    elif "error" in v:
        goals.append((goal, f"failed (exit {v['error']['rc']})", False))
    else:
        goals.append((goal, f"{fmt_s(v['cold']['median_s'])} median of {v['rounds']} cold runs "
                            f"(CPU time {fmt_s(v['cold'].get('cpu_median_s'))})", v["meets_goal"]))
    big = _largest(r.get("scaling") or [])
    for goal, key in ((f"build of 1M triples under {BUILD_GOAL_S:g} s", "build"),
                      (f"path at 1M triples under {PATH_GOAL_S:g} s", "path"),
                      (f"named queries at 1M triples at least {RATIO_GOAL:g}× faster than rdflib in-memory", "ratio")):
        if big is None:
            goals.append((goal, "not measured in this run (1M not among the sizes)", None))
        elif key == "build":
            b = big["build"]["median_s"]
            goals.append((goal, f"{fmt_s(b)} ({big['triples']:,} triples; peak {big['build']['peak_mib']:.0f} MiB)",
                          b < BUILD_GOAL_S))
            goals += _fast_build_goals(big)
        elif key == "path":
            p = (big.get("oxigraph") or {}).get("path")
            if not p:
                goals.append((goal, "not measured (the Oxigraph probe failed)", False))
            else:
                goals.append((goal, f"{fmt_s(p['median_s'])} median, {fmt_s(p['first_s'])} first call "
                                    f"({p['hops']} hops, {p['paths']} paths)", p["median_s"] < PATH_GOAL_S))
        else:
            rows = big["queries"]
            fast, slow, unknown = [], [], []
            for name, q in rows.items():
                ratio = q.get("ratio") or q.get("ratio_at_least")
                if ratio is None:
                    unknown.append(name)
                elif ratio >= RATIO_GOAL:
                    fast.append(name)
                else:
                    slow.append(f"{name} {ratio:.1f}×")
            text = f"{len(fast)} of {len(rows)} at least {RATIO_GOAL:g}×"
            if slow:
                text += f"; below: {', '.join(slow)}"
            if unknown:
                text += f"; not comparable (error or limit on the Oxigraph side): {', '.join(unknown)}"
            goals.append((goal, text, not slow and not unknown))
    return goals


def _fast_build_goals(big):
    """Issue 17 item 4: the 1M build's time and peak memory, each beside the bare bulk load of the same run."""
    b, bulk = big["build"], big.get("bulk_load")
    against = (lambda mine, theirs, unit: f" ({mine / theirs:.1f}× the bare bulk load's {unit(theirs)})") if bulk else (
        lambda *_: " (the bare bulk load was not measured)")
    mib = lambda v: f"{v:.0f} MiB"  # noqa: E731
    return [(f"build of 1M triples at most {FAST_BUILD_GOAL_S:g} s (issue 17)",
             fmt_s(b["median_s"]) + against(b["median_s"], bulk and bulk["median_s"], fmt_s),
             b["median_s"] <= FAST_BUILD_GOAL_S),
            (f"build of 1M triples at most {BUILD_GOAL_MIB:.0f} MiB (1 GB) peak memory (issue 17)",
             mib(b["peak_mib"]) + against(b["peak_mib"], bulk and bulk["peak_mib"], mib),
             b["peak_mib"] <= BUILD_GOAL_MIB)]


def write_json(path, r):
    from graph.render.atomic import write_text

    write_text(path, json.dumps(r, ensure_ascii=False, indent=1, default=str) + "\n")


def _cold_section(r, line):
    c = r.get("cold_cli")
    out = ["## 1. Cold command-line latency on the real graph", "", line, ""]
    if not c:
        return out + ["Not measured in this run.", ""]
    out += [f"Each command as a fresh process (`.venv/bin/kg …`, warm build cache, `graph/` byte-compiled "
            f"first as an installed package is), {c['rounds']} rounds; in every "
            f"round each command runs right after the floor `{c['floor_command']}` (same interpreter). "
            f"Ratio = median(command) / median(the floor runs paired with it). Floor median over all rounds: "
            f"{fmt_s(c['floor_median_s'])}.", "",
            f"`kg` switches Python's cyclic garbage collector off before importing anything (one-shot "
            f"process, `graph/console.py`); the floor runs with it on. Beside it, the floor with the collector "
            f"off, `{c.get('floor_no_gc_command', '')}`: {fmt_s(c.get('floor_no_gc_median_s'))} median; the last "
            f"column is each command against that one.", "",
            "| command | median | min – max | floor (paired) | ratio | ≤ 1.3× | against the floor without the collector |",
            "|---|---:|---:|---:|---:|---|---:|"]
    for name, m in c["commands"].items():
        if "error" in m:
            out.append(f"| `{name}` | failed: exit {m['error']['rc']} | | | | **NOT met** | |")
            continue
        goal = "" if m["goal"] else " (no goal set)"
        no_gc = f"{m['ratio_to_floor_no_gc']:.2f}×" if "ratio_to_floor_no_gc" in m else ""
        out.append(f"| `{name}` | {fmt_s(m['median_s'])} | {fmt_s(m['min_s'])} – {fmt_s(m['max_s'])} | "
                   f"{fmt_s(m['floor_median_s'])} | {m['ratio']:.2f}× | {_met(m['meets_1_3x'])}{goal} | {no_gc} |")
    peer = (c["commands"].get(PEER) or {}).get("peer")
    if peer and "error" not in peer:
        out += ["", f"`{PEER}` against its peer, run right after it in each round: `{peer['command']}`: "
                    f"{fmt_s(peer['median_s'])} median, so kg takes {peer['ratio']:.2f}× Oxigraph's own command "
                    f"line (goal ≤ {PEER_GOAL_RATIO}×: {_met(peer['meets_goal'])})."]
        floors = peer.get("python_floors") or {}
        if floors:
            out += ["", "Python's own floor for that answer, run right after the two in each round: a fresh interpreter "
                        "of the same venv that imports pyoxigraph, opens the same copy read-only, runs the same text "
                        "and prints the CSV, nothing else; and the same with click imported first:", "",
                    "| Python doing only that | median | against `oxigraph query` |", "|---|---:|---:|"]
            out += [f"| {'with click' if '+' in p else 'pyoxigraph alone'} | {fmt_s(f['median_s'])} | "
                    f"{f['ratio_to_oxigraph']:.2f}× |" for p, f in floors.items()]
    elif peer:
        out += ["", f"`oxigraph query` (the peer of `{PEER}`) failed: {peer['error']}"]
    return out + [""]


def _named_section(r, line):
    n = r.get("named_real")
    out = ["## 2. Named queries in-process on the real graph", "", line, ""]
    if not n:
        return out + ["Not measured in this run.", ""]
    out += [f"{n['triples']:,} triples; store loaded in {fmt_s(n['store_load_s'])}. Each query of `graph/store/named.py` "
            f"with its default parameters (resolved as `kg sparql --name` does), run through "
            f"`graph.store.sparql._execute` (the path of `run_query` without the fork: `store.query` and every row "
            f"serialised to SPARQL JSON); beside it, timed right after it in each run, the engine alone "
            f"(pyoxigraph `Store.query` on the same text, every row read); medians of {n['runs']} runs after one "
            f"untimed run. The store is held in memory as `kg serve` holds it; the last column is the same "
            f"query on the build's on-disk store, which the one-shot commands open.", "",
            f"| query | rows | median | p90 | engine alone | ratio | < {GOAL_MS:g} ms | on-disk store |",
            "|---|---:|---:|---:|---:|---:|---|---:|"]
    for name, q in n["queries"].items():
        ratio = f"{q['ratio']:.2f}×" if q.get("ratio") else "–"
        out.append(f"| {name} | {q['rows']} | {_ms(q['median_ms'])} | {_ms(q['p90_ms'])} | "
                   f"{_ms(q.get('engine_median_ms'))} | {ratio} | {_met(q['meets_goal'])} | "
                   f"{_ms(q.get('on_disk_median_ms'))} |")
    return out + [""]


def _validate_section(r, line):
    v = r.get("validate")
    out = ["## 6. `kg validate` against its parts", "", line, ""]
    if not v:
        return out + ["Not measured in this run.", ""]
    if "error" in v:
        return out + [f"Failed: exit {v['error']['rc']}: {v['error']['stderr']}", ""]
    c = v["cold"]
    out += [f"{v['rounds']} rounds on the real data ({v['triples']:,} triples, {v['problems']} problems found); in "
            f"each, `kg validate` as a fresh process, then `python -m bench.validate --parts` doing the same work "
            f"step by step in a fresh interpreter, then, in that same process, the peers `kg validate` no longer "
            f"runs. Medians over the rounds.", "",
            f"`kg validate`: **{fmt_s(c['median_s'])}** (min {fmt_s(c['min_s'])}, max {fmt_s(c['max_s'])}; "
            f"CPU time {fmt_s(c.get('cpu_median_s'))}); goal "
            f"{fmt_s(v['goal_s'])}: {_met(v['meets_goal'])}. Its parts add up to {fmt_s(v['parts_total_s'])} "
            f"(the rest is the interpreter, click and the command line).", "",
            "| part | median | share of the parts |", "|---|---:|---:|"]
    for p in v["parts"]:
        out.append(f"| {p['part']} | {fmt_s(p['median_s'])} | {p['median_s'] / v['parts_total_s'] * 100:.0f} % |")
    out += ["", "| peer (not run by `kg validate`) | median | against | ratio | same answers |",
            "|---|---:|---|---:|---|"]
    for name, peer in v["peers"].items():
        out.append(f"| {name} | {fmt_s(peer['median_s'])} | {peer['replaces']} | {peer['ratio']:.1f}× | "
                   f"{'yes' if peer['same_answers'] else '**no**'} |")
    return out + [""]


def _scaling_section(r, line):
    sizes = r.get("scaling") or []
    out = ["## 3. Synthetic scaling", "", line, ""]
    if not sizes:
        return out + ["Not measured in this run.", ""]
    out += ["Data from `bench/synth.py` (seed 1): country clusters of ~50 records each (ministry, agencies, labs, "
            "universities, companies, a consortium, facilities, people with posts, programs with missions, "
            "instruments with milestones, agreements between countries with parties, dates, statuses and "
            "signatories, collaborations), English and Korean labels, every fact cited (real seed sentences as "
            "verbatim quotes, about one source in seven a URL outside the seeds). Built by the real compiler "
            "(`kg --data DIR build --force`, own cache). Queries use parameters pointing at synthetic entities; "
            "the ratio is rdflib / Oxigraph.", "", "![scaling curves](scaling.png)", "",
            "| | " + " | ".join(s["label"] for s in sizes) + " |", "|---|" + "---:|" * len(sizes)]

    def row(title, fn):
        cells = []
        for s in sizes:
            try:
                cells.append(fn(s))
            except (KeyError, TypeError):
                cells.append("–")
        out.append(f"| {title} | " + " | ".join(cells) + " |")

    row("triples built (target)", lambda s: f"{s['triples']:,} ({s['deviation'] * 100:+.1f} %)")
    row("records", lambda s: f"{s['records']:,}")
    row("build wall time (median of runs)", lambda s: f"{fmt_s(s['build']['median_s'])} ({s['build']['runs']})")
    row("… of which compile / derived caches", lambda s: f"{fmt_s(s['build']['compile_s'])} / "
                                                          f"{fmt_s(s['build']['derive_s'])}")
    row("build peak memory", lambda s: f"{s['build']['peak_mib']:.0f} MiB")
    row("bare bulk load of the same triples (fresh process): time / peak",
        lambda s: f"{fmt_s(s['bulk_load']['median_s'])} / {s['bulk_load']['peak_mib']:.0f} MiB")
    row("build ÷ bare bulk load: time / peak memory", lambda s: f"{s['build']['ratio_to_bulk_load']:.1f}× / "
                                                             f"{s['build']['peak_ratio_to_bulk_load']:.1f}×")
    row("Oxigraph: open the on-disk store / load into memory", lambda s: f"{fmt_s(s['oxigraph'].get('open_disk_s'))} / "
                                                                    f"{fmt_s(s['oxigraph']['load_s'])}")
    row("rdflib load (parse N-Triples)", lambda s: fmt_s(s["rdflib"]["load_s"]))
    row("peak memory: Oxigraph probe / rdflib probe", lambda s: f"{s['oxigraph']['peak_mib']:.0f} / "
                                                                 f"{s['rdflib']['peak_mib']:.0f} MiB")
    row("projection nodes / edges", lambda s: f"{s['oxigraph']['projection']['nodes']:,} / "
                                              f"{s['oxigraph']['projection']['edges']:,}")
    row("projection from store / from cache", lambda s: f"{fmt_s(s['oxigraph']['projection']['seconds'])} / "
                                                         f"{fmt_s(s['oxigraph']['projection']['pickle_load_s'])}")
    row("path (median; first call)", lambda s: f"{fmt_s(s['oxigraph']['path']['median_s'])}; "
                                               f"{fmt_s(s['oxigraph']['path']['first_s'])}")
    row("path endpoints, hops, paths", lambda s: f"{s['oxigraph']['path']['source']} → "
                                                 f"{s['oxigraph']['path']['target']}, {s['oxigraph']['path']['hops']}, "
                                                 f"{s['oxigraph']['path']['paths']}")
    row("centrality compute_all", lambda s: f"{fmt_s(s['oxigraph']['centrality']['seconds'])} "
                                            f"({s['oxigraph']['centrality']['method']})")
    out.append("")
    for s in sizes:
        if "error" in s:
            out += [f"**{s['label']}: {s['error']}**", ""]
            continue
        out += [f"### Named queries at {s['label']} ({s.get('triples', 0):,} triples)", "",
                "| query | rows | Oxigraph | rdflib | rdflib / Oxigraph |", "|---|---:|---:|---:|---:|"]
        for name, q in s["queries"].items():
            ox = _ms(q["oxigraph_ms"]) if q["oxigraph_ms"] is not None else (
                f"> {q['oxigraph_timeout_s']:g} s (stopped)" if q["oxigraph_timeout_s"] else f"error: {q['oxigraph_error']}")
            rd = _ms(q["rdflib_ms"]) if q["rdflib_ms"] is not None else (
                f"> {q['rdflib_timeout_s']:g} s (stopped)" if q["rdflib_timeout_s"] else f"error: {q['rdflib_error']}")
            ratio = (f"{q['ratio']:.1f}×" if "ratio" in q else
                     f"> {q['ratio_at_least']:.0f}×" if "ratio_at_least" in q else "–")
            rows = q["oxigraph_rows"] if q["oxigraph_rows"] is not None else q["rdflib_rows"]
            if q.get("rows_agree") is False:
                rows = f"{q['oxigraph_rows']} vs {q['rdflib_rows']} (differ!)"
            out.append(f"| {name} | {rows if rows is not None else '–'} | {ox} | {rd} | {ratio} |")
        out.append("")
    for s in sizes:
        ph = s.get("phases")
        if ph and "steps" in ph:
            out += [f"### Where the build's time goes at {s['label']}", "",
                    f"One more forced build with its steps timed (`bench/phases.py`, no profiler overhead): "
                    f"{fmt_s(ph['total_s'])} in all.", "", "| step | time | share |", "|---|---:|---:|"]
            for st in ph["steps"]:
                name = ("&nbsp;&nbsp;… " if st["parent"] else "") + st["step"]
                out.append(f"| {name} | {fmt_s(st['seconds'])} | {st['seconds'] / ph['total_s'] * 100:.0f} % |")
            out.append("")
    return out


def _endpoint_section(r, line):
    runs = r.get("endpoint_vs_oxigraph")
    out = ["## 4. Endpoint against `oxigraph serve-read-only`", "", line, ""]
    if not runs:
        return out + ["Not measured in this run.", ""]
    first = runs[0]
    out += [f"`bench/load.py` (the named queries with their default parameters in turn, GET / POST form / POST "
            f"sparql-query in turn, keep-alive clients) against `kg serve` and then against Oxigraph's own "
            f"`oxigraph serve-read-only --union-default-graph` on an on-disk store of the same two graphs, "
            f"{first['duration_s']:g} s each, {first['rounds']} rounds taking turns; medians over the rounds, "
            f"ratio kg / Oxigraph. CPU is the server's process tree per answered request; idle memory is the tree's "
            f"before the load: resident (a page shared by several processes counted in each) and proportional "
            f"(each shared page split among the processes that share it, so `kg serve`'s query processes, forked "
            f"from it, count the graph they share once in all).", "",
            "| clients | | throughput | p50 | p99 | errors | CPU per request | idle memory, resident | "
            "idle memory, proportional |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for e in runs:
        for name in ("kg", "oxigraph"):
            m = e["median"][name]
            out.append(f"| {e['clients']} | {'kg serve' if name == 'kg' else 'Oxigraph'} | "
                       f"{m['throughput_rps']:.0f} req/s | {_ms(m['p50_ms'])} | {_ms(m['p99_ms'])} | "
                       f"{m['errors']:.0f} | {_ms(m['cpu_ms_per_ok'])} | {m['idle_rss_mib']:.0f} MiB | "
                       f"{m['idle_pss_mib']:.0f} MiB |")
        q = e["ratio"]
        out.append(f"| {e['clients']} | ratio | {q['throughput_rps']}× | {q['p50_ms']}× | {q['p99_ms']}× | | "
                   f"{q['cpu_ms_per_ok']}× | {q['idle_rss_mib']}× | {q['idle_pss_mib']}× |")
    return out + [""]


def _viz_section(r, line):
    v = r.get("viz_tti")
    out = ["## 5. HTML time-to-interactive", ""]
    if not v:
        return out + [line, "", "Not measured: " + (r.get("viz_note") or "not run in this run (see --only)."), ""]
    m = v.get("machine", {})
    out += [f"*Machine: {m.get('cpu')}, {m.get('cores')} cores, {m.get('memory_gib')} GiB RAM, {m.get('os') or m.get('platform')}, "
            f"Python {m.get('python')}, {m.get('chromium')}. Measured {v.get('when')}"
            + (" (in this run)." if r.get("viz_ran") else " (not in this run: the result file of that measurement was reused).")
            + "*", "",
            f"`bench/viz_tti.py`: a synthetic {v['graph']['nodes']:,}-node / {v['graph']['edges']:,}-edge map "
            f"(physics {v['graph']['physics']}), {v['html_bytes'] / 1e6:.1f} MB of HTML prepared in {v['prepare_s']} s, opened "
            f"in headless Chromium, median of {len(v['runs'])} fresh browsers.", "",
            "| ready (data-ready) | drawn (first frame) | Korean search answered | target | outside requests | page errors |",
            "|---:|---:|---:|---|---:|---:|",
            f"| {v['median']['ready_ms'] / 1000:.2f} s | {v['median']['first_frame_ms'] / 1000:.2f} s | "
            f"{v['median']['search_ms']:.0f} ms | {v['target_s']:g} s: {_met(v['within_target'])} | "
            f"{v['outside_requests']} | {v['page_errors']} |", ""]
    prep = v.get("prepare")
    if prep:
        new, old = prep["new"], prep.get("old")
        load = v.get("load_average")
        out += ["Preparing the synthetic map in Python, both methods on the same graph in the same run of "
                "`bench/viz_tti.py`" + (f" (load average {load} on {m.get('cores')} cores when it started)" if load else "")
                + ":", "",
                "| method | centrality | layout (and page data) | page | total |", "|---|---:|---:|---:|---:|",
                f"| now: igraph betweenness, grouped seeded layout (igraph Fruchterman–Reingold) | {new['centrality_s']} s "
                f"| {new['layout_and_data_s']} s | {new['page_s']} s | **{new['total_s']} s** |"]
        if old:
            out.append(f"| before: NetworkX sampled betweenness (k=500), `spring_layout(iterations=25)` | "
                       f"{old['centrality_s']} s | {old['layout_s']} s | – | {old['total_s']} s |")
        out += ["", f"Speed-up: {prep['speedup']}×." if prep.get("speedup") else "The old method was not timed (--no-old).", ""]
    real = v.get("real_maps")
    if real:
        out += ["The real maps (`kg viz --lang ko`), opened the same way:", "",
                "| map | HTML | ready | drawn | Korean search answered |", "|---|---:|---:|---:|---:|"]
        for name, label in (("path", "`--path Korea ANL`"), ("all", "`--all`")):
            r = real[name]
            out.append(f"| {label} | {r['html_bytes'] / 1e6:.2f} MB | {r['median']['ready_ms'] / 1000:.2f} s | "
                       f"{r['median']['first_frame_ms'] / 1000:.2f} s | {r['median']['search_ms']:.0f} ms |")
        out += ["", f"The whole map is drawn in {v['all_over_path']}× the time of the path map (goal: about 3× or less).", ""]
    return out


def _build_section(r, line):
    """The build against the bare bulk load of its triples: the real data and every synthetic size."""
    out = ["## 7. The build against the bare bulk load", "", line, ""]
    rows = []
    real = r.get("build_real")
    if real:
        rows.append(("real data", real))
    for s in r.get("scaling") or []:
        if "error" not in s and "bulk_load" in s:
            rows.append((f"synthetic {s['label']}", {"triples": s["triples"], "build": s["build"],
                                                     "bulk_load": s["bulk_load"],
                                                     "ratio_s": s["build"]["ratio_to_bulk_load"],
                                                     "ratio_peak": s["build"]["peak_ratio_to_bulk_load"]}))
    if not rows:
        return out + ["Not measured in this run.", ""]
    out += ["`kg build --force` (own cache) as a fresh process, each run followed by the bare bulk load of the "
            "`dataset.nt` it wrote: a fresh interpreter that imports pyoxigraph and bulk-loads the file into an "
            "in-memory store, nothing else (`bench/buildcost.py`). Wall time and peak memory are each process's "
            "own; medians over the runs; ratio = build ÷ bulk load.", "",
            "| data | triples | runs | build | bare bulk load | time ratio | build CPU / bulk CPU | build peak | "
            "bulk peak | peak ratio |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, m in rows:
        if "error" in m:
            out.append(f"| {name} | failed: {m['error'][:200]} | | | | | | | | |")
            continue
        b, lo = m["build"], m["bulk_load"]
        out.append(f"| {name} | {m['triples']:,} | {b['runs']} | {fmt_s(b['median_s'])} | {fmt_s(lo['median_s'])} | "
                   f"**{m['ratio_s']:.1f}×** | {fmt_s(b.get('cpu_median_s'))} / {fmt_s(lo.get('cpu_median_s'))} | "
                   f"{b['peak_mib']:.0f} MiB | {lo['peak_mib']:.0f} MiB | {m['ratio_peak']:.1f}× |")
    return out + [""]


def _source_line(src):
    if not src or not src.get("commit"):
        return "Source: not a git checkout."
    dirty = src.get("uncommitted") or []
    tail = (f", with uncommitted changes to {', '.join(f'`{f}`' for f in dirty[:8])}"
            + (f" and {len(dirty) - 8} more" if len(dirty) > 8 else "")) if dirty else " (graph/, data/, ontology/ as committed)"
    return f"Source: commit `{src['commit']}`{tail}."


def write_markdown(path, r):
    from graph.render.atomic import write_text

    line = machine_line(r["machine"], r["date"])
    out = ["# Benchmark report", "",
           f"Produced by `{r['command']}` on {r['date']}; the whole run took {fmt_s(r['runtime_s'])}.", "",
           _source_line(r.get("source")), "", line, "",
           "Every figure below was measured in this run, on this machine, beside its comparison. The machine is "
           "shared and noisy (the same command can vary by ±50 % between sessions); ratios measured alternately "
           "within one run are the stable figures.", "",
           "## Goals (issue item 5)", "", "| goal | measured | |", "|---|---|---|"]
    for goal, measured, ok in evaluate_goals(r):
        out.append(f"| {goal} | {measured} | {'not measured' if ok is None else _met(ok)} |")
    out.append("")
    for section in (_cold_section, _named_section, _scaling_section, _endpoint_section, _viz_section,
                    _validate_section, _build_section):
        out += section(r, line)
    if r.get("notes"):
        out += ["## Notes", ""] + [f"- {n}" for n in r["notes"]] + [""]
    write_text(path, "\n".join(out))


def write_plot(path, r):
    """Log-log curves against built triples: build time, peak memory, query latency, path, centrality, loading."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [s for s in r.get("scaling") or [] if "error" not in s and "triples" in s]
    fig, axes = plt.subplots(2, 3, figsize=(15, 8.5))
    fig.suptitle(f"Synthetic scaling — {r['machine']['cpu']}, {r['machine']['cores']} cores, "
                 f"{r['machine']['memory_gib']} GiB, Python {r['machine']['python']} — {r['date'][:10]}", fontsize=11)
    x = [s["triples"] for s in sizes]

    def get(fn):
        out = []
        for s in sizes:
            try:
                out.append(fn(s))
            except (KeyError, TypeError):
                out.append(None)
        return out

    def curve(ax, ys, label, style="o-", **kw):
        pts = [(a, b) for a, b in zip(x, ys) if b]
        if pts:
            ax.plot(*zip(*pts), style, label=label, **kw)

    ax = axes[0][0]
    curve(ax, get(lambda s: s["build"]["median_s"]), "kg build --force (wall)")
    curve(ax, get(lambda s: s["build"]["compile_s"]), "… compile", "s--")
    curve(ax, get(lambda s: s["build"]["derive_s"]), "… derived caches", "^--")
    curve(ax, get(lambda s: s["bulk_load"]["median_s"]), "bare bulk load of the same triples", "v:")
    ax.axhline(BUILD_GOAL_S, color="grey", ls=":", label=f"goal at 1M: {BUILD_GOAL_S:g} s")
    ax.set_title("build time (s)")
    ax = axes[0][1]
    curve(ax, get(lambda s: s["build"]["peak_mib"]), "kg build (peak RSS)")
    curve(ax, get(lambda s: s["bulk_load"]["peak_mib"]), "bare bulk load", "v:")
    curve(ax, get(lambda s: s["oxigraph"]["peak_mib"]), "Oxigraph probe", "s--")
    curve(ax, get(lambda s: s["rdflib"]["peak_mib"]), "rdflib probe", "^--")
    ax.set_title("peak memory (MiB)")
    ax = axes[0][2]
    for engine, colour in (("oxigraph", "tab:blue"), ("rdflib", "tab:red")):
        names = sorted({n for s in sizes for n in s["queries"]})
        for name in names:
            ys = get(lambda s: s["queries"][name][f"{engine}_ms"] or (
                (s["queries"][name][f"{engine}_timeout_s"] or 0) * 1000 or None))
            curve(ax, ys, None, "-", color=colour, alpha=0.25, lw=1)
        meds = get(lambda s: _median([q[f"{engine}_ms"] or (q[f"{engine}_timeout_s"] or 0) * 1000 or None
                                      for q in s["queries"].values()]))
        curve(ax, meds, f"{'Oxigraph' if engine == 'oxigraph' else 'rdflib in-memory'} (median of queries)",
              "o-", color=colour, lw=2.5)
    ax.plot([], [], "-", color="grey", alpha=0.4, lw=1, label="thin: each query (stopped: at the limit)")
    ax.set_title("named-query latency (ms)")
    ax = axes[1][0]
    curve(ax, get(lambda s: s["oxigraph"]["path"]["median_s"]), "find_paths, median")
    curve(ax, get(lambda s: s["oxigraph"]["path"]["first_s"]), "first call", "s--")
    ax.axhline(PATH_GOAL_S, color="grey", ls=":", label=f"goal at 1M: {PATH_GOAL_S:g} s")
    ax.set_title("path latency (s)")
    ax = axes[1][1]
    curve(ax, get(lambda s: s["oxigraph"]["centrality"]["seconds"]), "compute_all")
    ax.set_title("centrality time (s)")
    ax = axes[1][2]
    curve(ax, get(lambda s: s["oxigraph"]["load_s"]), "Oxigraph open_store")
    curve(ax, get(lambda s: s["rdflib"]["load_s"]), "rdflib parse", "^--")
    curve(ax, get(lambda s: s["oxigraph"]["projection"]["seconds"]), "projection from store", "s--")
    ax.set_title("loading (s)")
    for row in axes:
        for ax in row:
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.set_xlabel("triples")
            ax.grid(True, which="both", alpha=0.3)
            if ax.get_legend_handles_labels()[0]:
                ax.legend(fontsize=8)
    fig.tight_layout()
    import io

    from graph.render.atomic import write_bytes

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    write_bytes(path, buf.getvalue())


def _median(values):
    values = sorted(v for v in values if v)
    if not values:
        return None
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2
