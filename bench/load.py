"""Load test of a SPARQL endpoint: N concurrent clients for D seconds, a mix of named queries.

Each client is a thread with its own keep-alive ``http.client`` connection.
Client ``i`` walks the query mix from position ``i`` and takes turns over
the three ways the SPARQL 1.1 Protocol allows: GET ``?query=``, POST
url-encoded, POST ``application/sparql-query``; every request asks for
``application/sparql-results+json`` and reads the whole answer. A request is
an error when it raises (the connection is then opened afresh), when the
status is not 200, or when a 200 body is not SPARQL JSON results. Only
requests sent before the deadline are counted; throughput is the successful
requests per second of the whole run (from the start until the last answer
came back), latency is per request from sending to the last byte.

The mix is the named-query library (``graph/queries/*.rq``) with each
parameter at its default, or at the values of a ``--params`` file (the
``bench.json`` that ``bench/synth.py`` writes); every query carries the
PREFIX lines of the project, so a bare Oxigraph server answers it as well as
``kg serve``. The client itself uses the standard library only.

Run: ``python bench/load.py http://127.0.0.1:7878/sparql --clients 32 --duration 20``.
"""

import argparse
import http.client
import json
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

__all__ = ["load_test", "named_mix"]

ACCEPT = "application/sparql-results+json"
METHODS = ("GET", "POST form", "POST direct")


def named_mix(params=None):
    """[(name, query text)] of every named query, parameters at their defaults or from ``params``."""
    from graph.store.named import library
    from graph.vocab.namespaces import sparql_prologue

    params = params or {}
    head = sparql_prologue()
    return [(q.name, head + q.fill(params.get(q.name, {}), lambda name: name)) for q in library()]


def _percentile(values, q):
    values = sorted(values)
    if not values:
        return None
    pos = (len(values) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


def _request(conn, path, method, query):
    headers = {"Accept": ACCEPT}
    if method == "GET":
        sep = "&" if "?" in path else "?"
        conn.request("GET", f"{path}{sep}{urlencode({'query': query})}", headers=headers)
    elif method == "POST form":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request("POST", path, body=urlencode({"query": query}).encode("utf-8"), headers=headers)
    else:
        headers["Content-Type"] = "application/sparql-query"
        conn.request("POST", path, body=query.encode("utf-8"), headers=headers)
    resp = conn.getresponse()
    return resp.status, resp.read()


def _looks_like_results(body):
    head = body[:400]
    return head.lstrip().startswith(b"{") and (b'"results"' in head or b'"boolean"' in head)


def load_test(url, clients=32, duration=20.0, mix=None, timeout=30.0):
    """Drive ``url`` with ``clients`` threads for ``duration`` seconds; return the counts and latencies."""
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise ValueError(f"not an http:// endpoint URL: {url!r}")
    host, port = parts.hostname, parts.port or 80
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    mix = mix or named_mix()
    records = [[] for _ in range(clients)]  # per client: (latency_s, ok, kind, method, query name)
    start_gate = threading.Barrier(clients + 1)
    deadline = [0.0]

    def client(i):
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        out = records[i]
        n = 0
        start_gate.wait()
        while time.perf_counter() < deadline[0]:
            name, query = mix[(i + n) % len(mix)]
            method = METHODS[(i + n) % len(METHODS)]
            n += 1
            t = time.perf_counter()
            try:
                status, body = _request(conn, path, method, query)
            except (OSError, http.client.HTTPException) as exc:
                out.append((time.perf_counter() - t, False, type(exc).__name__, method, name))
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=timeout)
                continue
            latency = time.perf_counter() - t
            if status != 200:
                out.append((latency, False, f"HTTP {status}", method, name))
            elif not _looks_like_results(body):
                out.append((latency, False, "200 without SPARQL JSON results", method, name))
            else:
                out.append((latency, True, "ok", method, name))
        conn.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for th in threads:
        th.start()
    started = time.perf_counter()
    deadline[0] = started + duration
    start_gate.wait()
    for th in threads:
        th.join(duration + timeout + 30)
    elapsed = time.perf_counter() - started
    flat = [r for rs in records for r in rs]
    ok = [r[0] for r in flat if r[1]]
    errors = {}
    for r in flat:
        if not r[1]:
            errors[r[2]] = errors.get(r[2], 0) + 1
    ms = lambda v: None if v is None else round(v * 1000, 2)  # noqa: E731
    return {
        "url": url, "clients": clients, "duration_s": duration, "elapsed_s": round(elapsed, 3),
        "queries_in_mix": len(mix), "requests": len(flat), "ok": len(ok), "errors": len(flat) - len(ok),
        "error_kinds": errors, "throughput_rps": round(len(ok) / elapsed, 2) if elapsed else None,
        "latency_ms": {"p50": ms(_percentile(ok, 50)), "p90": ms(_percentile(ok, 90)),
                       "p99": ms(_percentile(ok, 99)), "max": ms(max(ok) if ok else None)},
        "by_method": {m: sum(1 for r in flat if r[3] == m) for m in METHODS},
        "by_query": {name: sum(1 for r in flat if r[4] == name) for name, _ in mix},
        "clients_that_finished": sum(1 for th in threads if not th.is_alive()),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("url", help="the endpoint, e.g. http://127.0.0.1:7878/sparql")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (default 32)")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds to run (default 20)")
    parser.add_argument("--timeout", type=float, default=30.0, help="per-request socket timeout in seconds")
    parser.add_argument("--params", type=Path, help="a bench.json whose 'params' fill the named queries")
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.duration <= 0:
        parser.error("--clients must be at least 1 and --duration positive")
    params = None
    if args.params:
        try:
            params = json.loads(args.params.read_text(encoding="utf-8"))["params"]
        except (OSError, ValueError, KeyError) as exc:
            parser.error(f"cannot read parameters from {args.params}: {exc}")
    try:
        result = load_test(args.url, clients=args.clients, duration=args.duration, mix=named_mix(params),
                           timeout=args.timeout)
    except ValueError as exc:
        parser.error(str(exc))
    text = json.dumps(result, ensure_ascii=False, indent=1)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)
    lat = result["latency_ms"]
    print(f"{result['ok']} ok, {result['errors']} errors in {result['elapsed_s']} s from {result['clients']} clients: "
          f"{result['throughput_rps']} requests/s, p50 {lat['p50']} ms, p99 {lat['p99']} ms", file=sys.stderr)
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
