"""Files whole, modes kept: the CSV pair is all or nothing, 0600 stays 0600, read-only is refused, a full stdout is a message."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_csv_pair_is_never_half_replaced_when_the_edges_file_cannot_be_written(kg, tmp_path):
    nodes, edges = tmp_path / "graph.csv", tmp_path / "graph-edges.csv"
    nodes.write_text("old nodes", encoding="utf-8")
    edges.mkdir()  # the edges table cannot be written where a folder is
    result = kg("export", "--format", "csv", "-o", nodes)
    assert result.exit_code == 6 and "graph-edges.csv" in result.stderr and "Traceback" not in result.stderr
    assert nodes.read_text(encoding="utf-8") == "old nodes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph-edges.csv", "graph.csv"]  # no temporary left


def test_csv_pair_with_a_read_only_edges_file_leaves_both_as_they_were(kg, tmp_path):
    nodes, edges = tmp_path / "graph.csv", tmp_path / "graph-edges.csv"
    nodes.write_text("old nodes", encoding="utf-8")
    edges.write_text("old edges", encoding="utf-8")
    edges.chmod(0o444)
    result = kg("export", "--format", "csv", "-o", nodes)
    assert result.exit_code == 6 and "read-only" in result.stderr
    assert (nodes.read_text(encoding="utf-8"), edges.read_text(encoding="utf-8")) == ("old nodes", "old edges")


def test_csv_pair_is_written_together(kg, tmp_path):
    nodes = tmp_path / "graph.csv"
    assert kg("export", "--format", "csv", "-o", nodes).exit_code == 0
    assert nodes.read_bytes().startswith(b"\xef\xbb\xbf") and (tmp_path / "graph-edges.csv").stat().st_size > 1000


def test_an_existing_0600_file_stays_0600(kg, tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    assert kg("export", "-o", target).exit_code == 0
    assert target.stat().st_mode & 0o777 == 0o600 and target.read_text(encoding="utf-8") != "old"


@pytest.mark.parametrize("mode", [0o444, 0o400])
def test_a_read_only_target_is_refused_with_exit_6_and_left_as_it_was(kg, tmp_path, mode):
    target = tmp_path / "graph.ttl"
    target.write_text("keep me", encoding="utf-8")
    target.chmod(mode)
    result = kg("export", "-o", target)
    assert result.exit_code == 6 and "read-only" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me" and target.stat().st_mode & 0o777 == mode


@pytest.mark.parametrize("args", [["stats"], ["sparql", "ASK {}"], ["search", "Korea"]])
def test_a_full_standard_output_is_a_message_not_a_traceback(built, args):
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "graph.cli", *args], stdout=full, stderr=subprocess.PIPE,
                              cwd=ROOT, timeout=120)
    said = done.stderr.decode("utf-8")
    assert done.returncode == 6 and "Traceback" not in said and "Exception ignored" not in said
    assert "cannot write the output: No space left on device" in said
