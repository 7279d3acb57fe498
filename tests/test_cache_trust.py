"""Nothing read from the cache runs code or answers from a damaged file: planted, truncated, emptied files."""

import json
import os
import pickle
import shutil

import pytest

from graph.dataset.build import build
from graph.dataset.seal import CacheDamaged, verify
from graph.project import Project

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture
def copy(tmp_path, project, monkeypatch):
    """A copy of the project with its own cache, which ``kg`` (in-process) uses."""
    root = tmp_path / "proj"
    for name in ("ontology", "data", "seeds"):
        shutil.copytree(project.root / name, root / name)
    monkeypatch.setenv("KG_HOME", str(root))
    monkeypatch.setenv("KG_CACHE", str(tmp_path / "cache"))
    return Project.default()


def _count(kg):
    result = kg("sparql", "--format", "csv", COUNT)
    assert result.exit_code == 0, result.stderr
    return int(result.stdout.split()[-1]), result.stderr


class _Marker:
    """Unpickling this creates a file: the sign that a cache file ran code."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_a_planted_pickle_runs_nothing(kg, copy, tmp_path):
    b = build(copy)
    marker = tmp_path / "ran"
    for name in ("names.pickle", "projection.pickle", "centrality.pickle"):
        (b.folder / name).write_bytes(pickle.dumps(_Marker(str(marker))))
    assert kg("search", "아르곤").exit_code == 0
    assert kg("path", "Korea", "ANL").exit_code == 0
    assert kg("centrality", "--top", "3").exit_code == 0
    assert not marker.exists()


def test_a_planted_json_that_lies_is_not_answered_from(kg, copy):
    b = build(copy)
    names = json.loads((b.folder / "names-entries.json").read_text(encoding="utf-8"))
    names["entries"]["anl"]["en"] = "Planted Laboratory"
    (b.folder / "names-entries.json").write_text(json.dumps(names), encoding="utf-8")
    result = kg("show", "ANL", "--format", "json")
    assert result.exit_code == 0 and "Planted" not in result.stdout
    assert "damaged" in result.stderr and "names-entries.json" in result.stderr


def test_half_a_data_file_is_rebuilt_not_answered_from(kg, copy):
    true_count, _ = _count(kg)
    b = build(copy)
    data = b.graph_file("data").read_bytes()
    half = data[: data.index(b"\n", len(data) // 2) + 1]  # cut at a line boundary: still valid N-Triples
    b.graph_file("data").write_bytes(half)
    n, said = _count(kg)
    assert n == true_count
    assert said.count("\n") == 1 and "damaged" in said and "data.nt" in said and "rebuilding" in said
    assert _count(kg) == (true_count, "")  # repaired: no note the second time


def test_a_same_size_edit_of_the_store_is_found_when_opened_and_rebuilt(kg, copy):
    """Sizes are checked before use and contents when read: an edit that keeps the size is caught by the hash."""
    query = 'SELECT ?l WHERE { kgid:anl rdfs:label ?l FILTER(lang(?l) = "en") }'
    b = build(copy)
    label = b"Argonne National Laboratory"
    # the store is written in parts: the label's text (in quotes too) can be in a table of each
    tables = [p for p in (b.folder / "store").glob("*.sst") if label in p.read_bytes()]
    assert tables
    for table in tables:
        table.write_bytes(table.read_bytes().replace(label, b"Planted National Laboratory"))
    result = kg("sparql", "--format", "csv", query)
    assert result.exit_code == 0 and "Argonne National Laboratory" in result.stdout
    assert "Planted" not in result.stdout
    assert "damaged" in result.stderr and "content hash" in result.stderr
    assert any(table.name in result.stderr for table in tables)
    again = kg("sparql", "--format", "csv", query)
    assert again.stderr == "" and "Argonne National Laboratory" in again.stdout  # repaired


def test_a_write_ahead_log_planted_in_the_store_is_not_answered_from(kg, copy, tmp_path):
    """Oxigraph replays any write-ahead log it finds in a store folder, listed or not: an unlisted file is damage."""
    import subprocess
    import sys

    query = 'SELECT ?l WHERE { kgid:anl rdfs:label ?l FILTER(lang(?l) = "en") }'
    b = build(copy)
    scratch = tmp_path / "scratch"
    shutil.copytree(b.folder / "store", scratch)
    before = {p.name for p in scratch.iterdir()}
    plant = ("import os, sys, pyoxigraph as ox\n"
             "s = ox.Store(sys.argv[1])\n"
             "s.add(ox.Quad(ox.NamedNode('https://w3id.org/ai4s-kg/id/anl'),"
             " ox.NamedNode('http://www.w3.org/2000/01/rdf-schema#label'), ox.Literal('Planted Lab', language='en'),"
             " ox.NamedNode('https://w3id.org/ai4s-kg/graph/data')))\n"
             "os._exit(0)\n")  # no close: the added quad stays in the log only
    subprocess.run([sys.executable, "-c", plant, str(scratch)], check=True, timeout=120)
    [log] = [p for p in scratch.iterdir() if p.suffix == ".log" and p.name not in before]
    shutil.copy(log, b.folder / "store" / log.name)
    result = kg("sparql", "--format", "csv", query)
    assert result.exit_code == 0 and "Planted" not in result.stdout and "Argonne" in result.stdout
    assert "damaged" in result.stderr and f"store/{log.name} is not in the manifest" in result.stderr


def test_an_emptied_ontology_file_is_rebuilt(kg, copy):
    true_count, _ = _count(kg)
    build(copy).graph_file("ontology").write_bytes(b"")
    n, said = _count(kg)
    assert n == true_count and "ontology.nt" in said


@pytest.mark.parametrize("name", ["manifest.json", "projection.json", "dataset.nt"])
def test_a_truncated_cache_file_repairs_itself_without_a_traceback(kg, copy, name):
    b = build(copy)
    target = b.folder / name
    target.write_bytes(target.read_bytes()[:100])
    result = kg("path", "Korea", "ANL")
    assert result.exit_code == 0 and "Traceback" not in result.stderr
    assert "rebuilding" in result.stderr
    verify(b.folder)  # whole again


def test_a_missing_manifest_entry_is_damage(copy):
    b = build(copy)
    manifest = json.loads((b.folder / "manifest.json").read_text(encoding="utf-8"))
    del manifest["files"]["data.nt"]
    (b.folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(CacheDamaged, match="data.nt is not in the manifest"):
        verify(b.folder, ["data.nt"])


def test_the_server_starts_on_a_damaged_cache(copy):
    from graph.workspace import Workspace

    b = build(copy)
    b.graph_file("data").write_bytes(b"")
    ws = Workspace(copy)  # what kg serve opens first
    assert len(ws.store) == ws.build.manifest["triples"]


def test_builds_of_different_data_into_one_cache_keep_each_other(tmp_path, project):
    cache = tmp_path / "cache"
    projects = []
    for n in range(2):
        root = tmp_path / f"proj{n}"
        for name in ("ontology", "data", "seeds"):
            shutil.copytree(project.root / name, root / name)
        if n:
            labs = root / "data" / "labs.yaml"
            labs.write_text(labs.read_text(encoding="utf-8").replace("Argonne National Laboratory",
                                                                     "Argonne Lab", 1), encoding="utf-8")
        projects.append(Project(root=root, data=root / "data", cache=cache))
    first, second = build(projects[0]), build(projects[1])
    assert first.key != second.key
    again = build(projects[0])
    assert not again.fresh and again.key == first.key  # not deleted by the other build
    verify(first.folder)
    verify(second.folder)
    assert not [p for p in os.listdir(cache) if p.startswith(".build-")]  # no half-built folder left


def test_what_the_cache_gives_back_equals_what_is_derived_afresh(built, store):
    """The JSON files hold all of each product: a cached name index, projection and centrality equal fresh ones."""
    import networkx as nx

    from graph.network.centrality import compute_all, load_centrality
    from graph.network.projection import load_projection, project_store
    from graph.store.resolve import NameIndex, load_index

    index, fresh_index = load_index(built, lambda _: store), NameIndex.from_store(store)
    assert index.search("korea") == fresh_index.search("korea")  # reads the search words, kept apart
    assert index == fresh_index
    cached, fresh = load_projection(built, lambda _: store), project_store(store)
    assert nx.utils.graphs_equal(cached, fresh)
    kept, computed = load_centrality(built, cached), compute_all(fresh)
    assert kept.keys() == computed.keys()
    for measure in computed:  # the eigenvector solver may differ in the last digit from run to run
        assert kept[measure] == pytest.approx(computed[measure], rel=1e-6, abs=1e-12)
