"""Every query is bounded: memory (peak RSS measured), Ctrl-C, and a crashed query process said as such."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_server import KgServer, call, stopped_cleanly

from graph.errors import QueryCrashed, QueryMemoryError
from graph.store import sparql

ROOT = Path(__file__).resolve().parents[1]
CROSS = "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?f"  # 27,848² rows to sort: many GB unbounded
COUNT_FOREVER = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"

# runs kg in a fresh process and reports the peak RSS of everything it waited for (the query child included)
PEAK = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(done.returncode)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.stdout.write(done.stderr)
"""


def test_memory_bomb_query_ends_under_its_limit_with_exit_8_and_a_message(built):
    done = subprocess.run([sys.executable, "-c", PEAK, sys.executable, "-m", "graph.cli", "sparql", "--timeout", "120",
                           "--memory", "1024", CROSS], capture_output=True, text=True, cwd=ROOT, timeout=300)
    code, peak_kb, *said = done.stdout.splitlines()
    assert int(code) == 8, said
    assert "memory limit of 1,024 MB" in "\n".join(said) and "Traceback" not in "\n".join(said)
    assert int(peak_kb) < 2 * 1024 * 1024  # under 2 GB, measured


def test_memory_limit_stops_a_query_on_the_endpoint_with_503():
    with KgServer("--memory", "512", "--timeout", "120") as s:
        from urllib.parse import urlencode

        r = call("GET", s.endpoint + "?" + urlencode({"query": CROSS}))
        assert r.status == 503 and b"memory limit of 512 MB" in r.body
        assert call("GET", s.endpoint + "?" + urlencode({"query": "ASK {}"})).status == 200  # still serving
        assert stopped_cleanly(s), s.error_output()


def _children(pid):
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_ctrl_c_ends_kg_sparql_and_its_query_process_at_once(built):
    # Ctrl-C live as in a terminal: a runner started in the background (nohup, `cmd &`) hands its
    # children SIGINT ignored, and Python then never turns it into KeyboardInterrupt
    proc = subprocess.Popen([sys.executable, "-m", "graph.cli", "sparql", "--timeout", "600", COUNT_FOREVER],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 120
        while not _children(proc.pid):  # wait until the query process runs
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()
            time.sleep(0.05)
        child = _children(proc.pid)[0]
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)  # far inside the 600 s time limit
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode != 0 and b"Traceback" not in err
    assert not _alive(child)


def test_a_crashed_query_process_is_reported_as_a_crash():
    with pytest.raises(QueryCrashed, match="SIGSEGV"):
        sparql._in_child(lambda: os.kill(os.getpid(), signal.SIGSEGV), timeout=30)


def test_memory_error_in_the_query_process_is_reported_as_the_memory_limit():
    with pytest.raises(QueryMemoryError, match="memory limit of 100 MB"):
        sparql._in_child(lambda: bytearray(400 << 20), timeout=30, memory=100)
