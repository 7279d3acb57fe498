"""Shared fixtures: the real project, a CLI runner, a store on the real graph, real Oxigraph servers."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.dataset.build import ensure_built
from graph.cli import main
from graph.project import Project
from graph.store.local import open_store

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def project():
    return Project.default()


@pytest.fixture(scope="session")
def built(project):
    return ensure_built(project)


@pytest.fixture(scope="session")
def store(built):
    return open_store(built)


@pytest.fixture
def kg():
    """Run ``kg`` in-process; returns the click Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def run(*args):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return run


def _oxigraph():
    found = Path(sys.executable).parent / "oxigraph"
    return str(found) if found.exists() else shutil.which("oxigraph")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def start_oxigraph(tmp_path_factory):
    """Start a fresh ``oxigraph serve`` (union default graph) on a free port; returns its base URL.

    ``start(load=FILE)`` loads an N-Triples file first; ``start(union=False)`` keeps the store's own default
    graph apart from its named graphs. All are stopped at the end.
    """
    binary = _oxigraph()
    if not binary:
        pytest.fail("the oxigraph server is not installed (pip install -e '.[test]')")
    started = []
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never through a proxy

    def start(load=None, union=True):
        folder = tmp_path_factory.mktemp("oxigraph")
        if load is not None:  # an N-Triples file loaded before the server starts
            subprocess.run([binary, "load", "--location", str(folder), "--file", str(load)],
                           check=True, capture_output=True, timeout=120)
        port = free_port()
        proc = subprocess.Popen([binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}",
                                 *(["--union-default-graph"] if union else [])],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        started.append(proc)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                direct.open(f"{url}/query?query=ASK%7B%7D", timeout=2).close()
                return url
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"oxigraph serve stopped: {proc.stderr.read().decode(errors='replace')}")
                if time.monotonic() > deadline:
                    pytest.fail("oxigraph serve did not answer within 30 s")
                time.sleep(0.1)

    yield start
    for proc in started:
        proc.kill()
        proc.wait()
