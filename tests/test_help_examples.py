"""Every example in the --help of the read commands runs and exits 0 (serve, publish and --endpoint
examples need a server and are run by their own tests)."""

import shlex

import pytest
from click.testing import CliRunner

from graph.cli import main

COMMANDS = ("path", "show", "search", "centrality", "compare", "timeline", "connectivity", "export")


def examples(command):
    """The command lines of the ``Example:`` block of ``kg COMMAND --help``."""
    text = main.commands[command].help or ""
    lines = text.split("Example:", 1)[1].splitlines() if "Example:" in text else []
    out = []
    for line in lines:
        line = line.strip()
        if line.startswith("kg "):
            out.append(line.split(" | ")[0])
    return out


CASES = [(c, e) for c in COMMANDS for e in examples(c) if "--endpoint" not in e]


def test_every_read_command_has_an_example():
    assert all(examples(c) for c in COMMANDS)


@pytest.mark.parametrize("command, example", CASES, ids=[e for _, e in CASES])
def test_help_example_runs_and_exits_0(command, example, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    args = shlex.split(example)[1:]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, f"{example}: {result.stderr or result.stdout}"
    assert result.stdout or list(tmp_path.iterdir())
