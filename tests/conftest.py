"""Shared fixtures: the real project, a CLI runner, and a store on the real graph."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.build import ensure_built
from graph.cli import main
from graph.project import Project
from graph.store import open_store

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
