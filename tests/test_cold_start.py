"""The quick commands load only what they use, from caches written at build time.

Start-up time is measured by the benchmark suite (``make bench``); these tests
check the causes: which modules a fresh process imports, and that a warm
command reads the cached JSON instead of deriving them again.
"""

import json
import os
import subprocess
import sys
import time

import pytest

from graph.dataset.build import Build, content_hash, current_key

HEAVY = {"rdflib", "pyvis", "pyshacl", "matplotlib", "yaml", "jinja2", "scipy"}

PROBE = """
import json, sys
from graph.cli import main
sys.argv = ["kg"] + sys.argv[1:]
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})), file=sys.stderr)
"""


def _modules(*args):
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip(), done.stderr
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [["path", "Korea", "ANL"], ["show", "ANL"], ["search", "아르곤"],
                                  ["centrality", "--top", "5"], ["sparql", "--name", "national-laboratories"]])
def test_quick_commands_import_no_heavy_library(built, args):
    loaded = _modules(*args)
    assert not loaded & HEAVY, f"kg {' '.join(args)} imported {sorted(loaded & HEAVY)}"


@pytest.mark.parametrize("args", [["path", "Korea", "ANL"], ["show", "ANL"], ["search", "아르곤"],
                                  ["centrality", "--top", "5"]])
def test_quick_commands_read_the_cached_centralities_without_igraph(built, args):
    assert "igraph" not in _modules(*args), f"kg {' '.join(args)} imported igraph"


def test_search_and_show_do_without_networkx(built):
    assert "networkx" not in _modules("search", "아르곤")
    assert "networkx" not in _modules("show", "ANL")


def test_the_probe_sees_a_heavy_import():
    # the check is not vacuous: validating reads the sources with rdflib and PyYAML
    assert {"rdflib", "yaml"} <= _modules("validate", "--no-shacl")


def test_a_build_leaves_every_derived_cache_beside_the_dataset(built):
    names = {p.name for p in built.folder.iterdir()}
    assert {"dataset.nt", "ontology.nt", "data.nt", "projection.json", "names.json",
            "centrality.json", "manifest.json"} <= names
    assert not any(name.endswith(".pickle") for name in names)


def test_the_input_memo_gives_the_content_hash(project, built):
    assert current_key(project) == content_hash(project) == built.key


def test_a_changed_data_file_changes_the_key_despite_the_memo(tmp_path):
    import shutil

    from graph.project import Project

    root = Project.default().root
    for part in ("ontology", "seeds"):
        shutil.copytree(root / part, tmp_path / part)
    shutil.copytree(root / "data", tmp_path / "data")
    project = Project(root=tmp_path, data=tmp_path / "data", cache=tmp_path / ".kg-cache")
    old = time.time_ns() - 10_000_000_000
    for p in (tmp_path / "data").glob("*.yaml"):
        os.utime(p, ns=(old, old))
    time.sleep(2.1)  # the copies' change times (which cannot be set back) must settle before they are memoised
    first = current_key(project)
    assert (project.cache / "inputs.json").exists()  # settled inputs are memoised
    target = sorted((tmp_path / "data").glob("*.yaml"))[0]
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("\n", "\n\n", 1), encoding="utf-8")
    assert current_key(project) != first
    target.write_text(text, encoding="utf-8")
    assert current_key(project) == first


def test_warm_commands_read_the_cached_json_without_deriving(built, monkeypatch):
    from graph.network import centrality
    from graph.network import projection
    from graph.store import resolve
    from graph.workspace import Workspace

    def fail(*_):
        raise AssertionError("derived again instead of read from the cache")

    monkeypatch.setattr(projection, "project_store", fail)
    monkeypatch.setattr(resolve.NameIndex, "from_store", classmethod(fail))
    monkeypatch.setattr(centrality, "compute_all", fail)
    ws = Workspace()
    assert isinstance(ws.build, Build) and not ws.build.fresh
    assert ws.resolve("아르곤") == "anl"
    assert "anl" in ws.network
    assert centrality.load_centrality(ws.build, ws.network)["betweenness"]


def test_an_edit_that_keeps_size_and_modification_time_is_seen(tmp_path):
    """What ``cp -p``, ``rsync -t`` or tar do: new content, the old size and mtime restored."""
    import shutil

    from graph.project import Project

    root = Project.default().root
    for part in ("ontology", "seeds", "data"):
        shutil.copytree(root / part, tmp_path / part)
    project = Project(root=tmp_path, data=tmp_path / "data", cache=tmp_path / ".kg-cache")
    time.sleep(2.1)  # settled inputs: the memo is written
    first = current_key(project)
    assert (project.cache / "inputs.json").exists()
    target = tmp_path / "data" / "labs.yaml"
    before = os.stat(target)
    text = target.read_text(encoding="utf-8")
    edited = text.replace("Argonne National Laboratory", "Argonne National Laboratorx", 1)
    assert edited != text and len(edited) == len(text)
    target.write_text(edited, encoding="utf-8")
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(target)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert current_key(project) == content_hash(project) != first
