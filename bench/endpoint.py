"""The endpoint section: ``kg serve`` beside ``oxigraph serve-read-only``, load-tested in turn.

Each server runs on the real graph (the project's build), bound to
127.0.0.1; the suite waits until it answers an ``ASK {}``, runs
:func:`bench.load.load_test` with the named-query mix, then sends SIGTERM
(the server's graceful stop) and kills it if it has not ended within 30 s.

:func:`compare_endpoint` puts ``kg serve`` beside ``oxigraph serve-read-only``
on the same data (the two named graphs, union default graph), the same
queries and clients, taking turns round by round, with the CPU per request
and the idle memory of each server's process tree::

    python -c "from bench.endpoint import compare_endpoint as c; print(c(clients=16, duration=15)['ratio'])"
"""

import http.client
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from .common import BIN, ROOT, free_port

__all__ = ["compare_endpoint", "wait_until_answering"]


def wait_until_answering(port, path="/sparql", timeout=120.0, proc=None):
    """True once ``ASK {}`` on 127.0.0.1:``port`` answers 200; False on timeout or when ``proc`` ends."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", f"{path}?{urlencode({'query': 'ASK {}'})}",
                         headers={"Accept": "application/sparql-results+json"})
            ok = conn.getresponse().status == 200
            conn.close()
            if ok:
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


# -- kg serve against oxigraph serve-read-only, alternating -------------------------------------------


def _tree(pid):
    """``pid`` and every process below it (from /proc; empty when it is gone)."""
    found, stack = [], [pid]
    while stack:
        p = stack.pop()
        if p in found:
            continue
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except OSError:
            pass
    return found


def _cpu_s(pid):
    """CPU seconds (user and system) of ``pid``'s tree so far, reaped children included."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0
    for p in _tree(pid):
        try:
            with open(f"/proc/{p}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return total / tick


def _memory_mib(pid):
    """(resident, proportional) MiB of ``pid``'s tree: PSS counts a page shared by n processes as 1/n."""
    rss = pss = 0
    for p in _tree(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                for line in fh:
                    key, value = line.split(":", 1)
                    if key in ("Rss", "Pss"):
                        kb = int(value.split()[0])
                        rss, pss = (rss + kb, pss) if key == "Rss" else (rss, pss + kb)
        except (OSError, ValueError):
            continue
    return round(rss / 1024, 1), round(pss / 1024, 1)


def _oxigraph_folder(folder):
    """An Oxigraph store in ``folder`` holding the project's two named graphs, as ``kg serve`` loads them."""
    from graph.project import Project
    from graph.dataset.build import ensure_built
    from graph.store.local import GRAPHS

    build = ensure_built(Project.default())
    binary = str(BIN / "oxigraph")
    for name, iri in GRAPHS.items():
        subprocess.run([binary, "load", "--location", str(folder), "--file", str(build.graph_file(name)),
                        "--graph", iri], check=True, capture_output=True, timeout=300)
    return binary


def _one_server(cmd, port, clients, duration, mix):
    from .load import load_test

    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, stdout=log, stderr=log, stdin=subprocess.DEVNULL, cwd=ROOT)
    try:
        path = "/sparql" if "kg" in Path(cmd[0]).name else "/query"
        if not wait_until_answering(port, path=path, proc=proc):
            log.seek(0)
            raise RuntimeError(f"{cmd[0]} did not answer: {log.read().decode('utf-8', 'replace')[-500:]}")
        time.sleep(1)
        idle = _memory_mib(proc.pid)
        processes = len(_tree(proc.pid))
        cpu = _cpu_s(proc.pid)
        result = load_test(f"http://127.0.0.1:{port}{path}", clients=clients, duration=duration, mix=mix)
        result["cpu_ms_per_ok"] = round((_cpu_s(proc.pid) - cpu) * 1000 / max(result["ok"], 1), 2)
        result["idle_rss_mib"], result["idle_pss_mib"] = idle
        result["processes"] = processes
        return result
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()


def compare_endpoint(clients=16, duration=15.0, rounds=3, kg_args=(), say=print):
    """``kg serve`` and ``oxigraph serve-read-only`` on the same data, queries and clients, taking turns.

    Each round runs the load test (:func:`bench.load.load_test`, the named
    query mix) against ``kg serve`` then against Oxigraph's own server
    (``--union-default-graph``, the two named graphs loaded as ``kg serve``
    loads them). Returns ``{"kg": [results], "oxigraph": [results],
    "median": {...}, "ratio": {...}}``: medians over the rounds of
    throughput, p50, p99, errors, CPU ms per answered request and idle memory
    (resident and proportional MiB of the server's process tree), and the
    ratios kg / Oxigraph of those medians. ``kg_args`` are added to ``kg serve``.
    """
    from statistics import median

    from .load import named_mix

    mix = named_mix()
    runs = {"kg": [], "oxigraph": []}
    with tempfile.TemporaryDirectory() as folder:
        binary = _oxigraph_folder(folder)
        for n in range(rounds):
            for name in ("kg", "oxigraph"):
                port = free_port()
                if name == "kg":
                    cmd = [str(BIN / "kg"), "serve", "--host", "127.0.0.1", "--port", str(port), *kg_args]
                else:
                    cmd = [binary, "serve-read-only", "--location", folder, "--bind", f"127.0.0.1:{port}",
                           "--union-default-graph"]
                say(f"endpoint: round {n + 1}/{rounds}, {name}, {clients} clients for {duration:g} s")
                runs[name].append(_one_server(cmd, port, clients, duration, mix))
    keys = {"throughput_rps": lambda r: r["throughput_rps"], "p50_ms": lambda r: r["latency_ms"]["p50"],
            "p99_ms": lambda r: r["latency_ms"]["p99"], "errors": lambda r: r["errors"],
            "cpu_ms_per_ok": lambda r: r["cpu_ms_per_ok"], "idle_rss_mib": lambda r: r["idle_rss_mib"],
            "idle_pss_mib": lambda r: r["idle_pss_mib"]}
    med = {name: {k: median(f(r) for r in rs) for k, f in keys.items()} for name, rs in runs.items()}
    ratio = {k: round(med["kg"][k] / med["oxigraph"][k], 2) if med["oxigraph"][k] else None for k in keys}
    return {"clients": clients, "duration_s": duration, "rounds": rounds, "kg_args": list(kg_args),
            "median": med, "ratio": ratio, "kg": runs["kg"], "oxigraph": runs["oxigraph"]}


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit("run the suite: python -m bench.suite")
