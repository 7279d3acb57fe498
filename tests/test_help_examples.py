"""Every example in every ``kg … --help`` runs as printed, in a shell, and exits as documented.

The examples run in a scratch folder (with ``tests/`` linked in, and an
``article.txt`` for ``kg ingest``). Addresses of a shared store
(``http://127.0.0.1:7878/…``) are pointed at a real Oxigraph server that the
``kg publish`` examples load first; ``kg serve`` examples start on a free port
and the ``curl`` example beside them asks that server. Placeholders in the
help (``<key>``, ``old-build/``) are filled with the real build.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.cli import main

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

#: examples that document a failure, with the exit code they document
EXPECTED_EXIT = {"kg --data tests/fixtures/invalid/date-2024-13-45.yaml validate": 1}


def _examples(help_text):
    lines, taking = [], False
    for line in (help_text or "").splitlines():
        if line.strip() == "Example:":
            taking = True
        elif taking and line.strip():
            lines.append(line.strip())
        elif taking:
            break
    return lines


def examples():
    found = [("kg", line) for line in _examples(main.help)]
    for name in main.list_commands(None):
        found += [(name, line) for line in _examples(main.get_command(None, name).help)]
    return found


def test_every_command_documents_at_least_one_example():
    documented = {name for name, _ in examples()}
    assert set(main.list_commands(None)) <= documented


def test_the_command_table_names_every_command_of_each_module_once():
    from importlib import import_module

    from graph.cli import COMMANDS

    defined = {}
    for module in set(COMMANDS.values()):
        for name in import_module(f"graph.cli.{module}").__all__:
            defined[name] = module
    assert defined == COMMANDS
    assert all(main.get_command(None, name).name == name for name in COMMANDS)


def _free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory, built, start_oxigraph):
    folder = tmp_path_factory.mktemp("examples")
    (folder / "tests").symlink_to(ROOT / "tests")
    (folder / "article.txt").write_text(
        "과학기술정보통신부는 아르곤국립연구소와 AI 반도체 공동연구를 추진한다. "
        "DOE announced new partners for the Genesis Mission.\n", encoding="utf-8")
    (folder / "old-build").mkdir()
    shutil.copy(built.dataset, folder / "old-build" / "dataset.nt")
    return {"folder": folder, "store": start_oxigraph(), "build": built.folder}


def _shell(line, folder, timeout=300):
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", NO_PROXY="127.0.0.1,localhost")
    return subprocess.run(["bash", "-o", "pipefail", "-c", line], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=timeout)


def _start_server(line, folder):
    port = _free_port()
    line = re.sub(r"--port \d+", "", line) + f" --port {port}"
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    proc = subprocess.Popen(["bash", "-c", "exec " + line], cwd=folder, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            opener.open(f"http://127.0.0.1:{port}/sparql", timeout=2).close()
            return proc, port
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"{line} stopped: {proc.stderr.read()}")
            time.sleep(0.2)
    proc.kill()
    pytest.fail(f"{line} did not answer within 60 s")


def _ordered():
    """Publishing first, so that the --endpoint examples find the graph in the store."""
    return sorted(examples(), key=lambda e: e[0] != "publish")


@pytest.mark.parametrize("command,line", _ordered(), ids=[f"{c}: {line}" for c, line in _ordered()])
def test_help_example_runs(command, line, sandbox):
    folder = sandbox["folder"]
    if command == "serve":
        server_line = line if line.startswith("kg serve") else "kg serve"
        proc, port = _start_server(server_line, folder)
        try:
            if line.startswith("curl"):
                result = _shell(line.replace("127.0.0.1:7878", f"127.0.0.1:{port}"), folder, timeout=60)
                assert result.returncode == 0, result.stderr
                assert result.stdout.splitlines()[0].strip() == "s", result.stdout
                assert len(result.stdout.splitlines()) == 4  # header and the three rows asked for
        finally:
            proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert "Traceback" not in err
        return
    concrete = (line.replace("http://127.0.0.1:7878", sandbox["store"])
                .replace(".kg-cache/<key>/", f"{sandbox['build']}/"))
    result = _shell(concrete, folder)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == EXPECTED_EXIT.get(line, 0), f"{concrete}\n{result.stdout[-2000:]}\n{result.stderr}"
