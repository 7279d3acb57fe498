"""Shared pieces of the benchmark suite: the machine, measured child processes, statistics, progress.

Every figure of the report is printed beside the machine it was measured on
(:func:`machine`). Child processes are measured with :func:`run_measured`:
wall time from just before the fork to the moment ``os.wait4`` reaps the
child, and the child's own peak resident memory (``ru_maxrss``) from the
same ``wait4``, so nothing else the suite does is counted.

>>> median([3, 1, 2])
2
>>> percentile([1, 2, 3, 4], 50)
2.5
"""

import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent  # the venv's bin: python, kg, oxigraph
WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results"

__all__ = ["BIN", "RESULTS", "ROOT", "WORK", "Progress", "free_port", "machine", "machine_line", "median",
           "percentile", "run_json", "run_measured", "source_state", "today"]

_LIBRARIES = ("pyoxigraph", "rdflib", "networkx", "click", "PyYAML", "matplotlib", "waitress", "pyshacl", "numpy",
              "scipy")


def median(values):
    """The median of ``values`` (None when empty)."""
    values = list(values)
    return statistics.median(values) if values else None


def percentile(values, q):
    """The ``q``-th percentile with linear interpolation (None when empty)."""
    values = sorted(values)
    if not values:
        return None
    pos = (len(values) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


def today():
    """The local date and time, ISO 8601 to the second."""
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def _first_line(path, prefix):
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith(prefix):
                    return line.split(":", 1)[1].strip() if ":" in line else line.split("=", 1)[1].strip()
    except OSError:
        pass
    return None


def machine():
    """CPU model, cores, RAM, OS, Python and the versions of the libraries measured."""
    cpu = _first_line("/proc/cpuinfo", "model name") or platform.processor() or platform.machine()
    mem = _first_line("/proc/meminfo", "MemTotal")
    os_name = _first_line("/etc/os-release", "PRETTY_NAME=")
    versions = {}
    for lib in _LIBRARIES:
        try:
            versions[lib] = metadata.version(lib)
        except metadata.PackageNotFoundError:
            versions[lib] = None
    try:
        server = subprocess.run([str(BIN / "oxigraph"), "--version"], capture_output=True, text=True,
                                timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        server = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(int(mem.split()[0]) / 1024 / 1024, 1) if mem else None,
        "os": (os_name or "").strip('"') or platform.system(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "libraries": versions,
        "oxigraph_server": server,
    }


def source_state():
    """The commit measured and the files of ``graph/``, ``data/`` and ``ontology/`` changed since it (read only)."""
    def git(*args):
        try:
            done = subprocess.run(["git", *args], capture_output=True, text=True, cwd=ROOT, timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout if done.returncode == 0 else None

    changed = git("status", "--porcelain", "--", "graph", "data", "ontology") or ""
    commit = git("rev-parse", "--short", "HEAD")
    return {"commit": commit.strip() if commit else None,
            "uncommitted": [line[3:] for line in changed.splitlines() if line.strip()]}


def machine_line(m, date):
    """One Markdown line naming the machine and the date, for the head of every section."""
    libs = ", ".join(f"{k} {v}" for k, v in m["libraries"].items()
                     if v and k in ("pyoxigraph", "rdflib", "networkx", "click", "PyYAML"))
    return (f"*Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB RAM, {m['os']} "
            f"(Linux {m['kernel']}), Python {m['python']}; {libs}. Measured {date}.*")


def free_port():
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_measured(cmd, env=None, timeout=None, cwd=None, stdin=None):
    """Run ``cmd``; return {wall_s, cpu_s, maxrss_mib, rc, stdout, stderr, timed_out}.

    The child's CPU time (user and system) and peak memory come from
    ``os.wait4`` on exactly that child.
    Output goes to temporary files (no pipe can fill up and stall the child).
    A child past ``timeout`` seconds is killed and reported ``timed_out``.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=cwd,
                                stdin=subprocess.DEVNULL if stdin is None else stdin)
        killed = threading.Event()

        def kill():
            killed.set()
            proc.kill()

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            if timer:
                timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
        out.seek(0)
        err.seek(0)
        return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "maxrss_mib": usage.ru_maxrss / 1024,
                "rc": proc.returncode,
                "stdout": out.read().decode("utf-8", "replace"), "stderr": err.read().decode("utf-8", "replace"),
                "timed_out": killed.is_set()}


def run_json(cmd, env=None, timeout=None):
    """Run a helper that prints one JSON object on stdout; return (object or None, the measured run)."""
    run = run_measured(cmd, env=env, timeout=timeout)
    data = None
    if run["rc"] == 0:
        try:
            data = json.loads(run["stdout"])
        except ValueError:
            data = None
    return data, run


class Progress:
    """Progress lines on stderr when it is a terminal (or when forced); silent when piped or quiet."""

    def __init__(self, quiet=False, force=False):
        self.on = not quiet and (force or sys.stderr.isatty())
        self.started = time.perf_counter()

    def __call__(self, message):
        if self.on:
            elapsed = time.perf_counter() - self.started
            print(f"[bench {elapsed:6.0f} s] {message}", file=sys.stderr, flush=True)
