"""The build without a store of its own to ask: derived files from the compiled triples, N-Triples files in
parts, records read by two processes, files hashed ahead of the seal."""

import json
import os
from pathlib import Path

import networkx as nx
import pytest

from graph.dataset.build import gc_paused, load_sources
from graph.dataset.compiler import compile_triples


@pytest.fixture(scope="module")
def compiled(project):
    """``(triples, number of ontology triples)`` of the real project, as a build compiles them."""
    with gc_paused():
        catalogue, records, ontology, problems = load_sources(project)
        assert not problems
        return compile_triples(records, catalogue, ontology), len(ontology)


def _json(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def test_the_projection_from_the_compiled_triples_is_the_one_the_store_gives(compiled, store):
    from graph.network.projection import project_store, project_triples

    from_triples, from_store = project_triples(compiled[0]), project_store(store)
    assert _json(nx.node_link_data(from_triples, edges="edges")) == _json(nx.node_link_data(from_store, edges="edges"))


def test_the_name_index_from_the_compiled_triples_is_the_one_the_store_gives(compiled, store):
    from graph.store.resolve import NameIndex

    from_triples, from_store = NameIndex.from_triples(compiled[0]), NameIndex.from_store(store)
    assert from_triples == from_store
    assert {f: _json(v) for f, v in from_triples.to_json().items()} == {
        f: _json(v) for f, v in from_store.to_json().items()}


def test_the_cached_derived_files_are_those_made_from_the_store(built, store):
    """What the build wrote (from its triples) byte for byte equals what the store-based derivation writes."""
    from graph.network.projection import project_store
    from graph.store.resolve import NameIndex

    assert (built.folder / "projection.json").read_text(encoding="utf-8") == _json(
        nx.node_link_data(project_store(store), edges="edges"))
    for file, value in NameIndex.from_store(store).to_json().items():
        assert (built.folder / file).read_text(encoding="utf-8") == _json(value)


@pytest.mark.parametrize("parts", [1, 2, 3, 7])
def test_the_n_triples_files_written_in_parts_are_every_line_sorted(compiled, tmp_path, parts):
    from graph.dataset.ntfiles import nt_lines, write_nt_files

    triples, n_ontology = compiled
    given = []
    counted = write_nt_files(tmp_path, triples, n_ontology, given.append, parts=parts)
    lines = [x.encode("utf-8") for x in nt_lines(triples)]
    onto, data = sorted(lines[:n_ontology]), sorted(lines[n_ontology:])
    assert (tmp_path / "ontology.nt").read_bytes().splitlines() == onto
    assert (tmp_path / "data.nt").read_bytes().splitlines() == data
    assert (tmp_path / "dataset.nt").read_bytes().splitlines() == sorted(lines)
    assert counted == {"ontology": len(onto), "data": len(data)}
    assert len(given) == parts
    handed = {name: sorted(x for part in given for graph, part_lines in part if graph == name for x in part_lines)
              for name in ("ontology", "data")}
    assert handed == {"ontology": onto, "data": data}  # the store is given every line once, in its graph


def test_a_store_written_in_three_parts_holds_every_triple_in_its_graph(compiled, tmp_path):
    import pyoxigraph as ox

    from graph.dataset.ntfiles import write_nt_files
    from graph.store.local import GRAPHS, select, write_store

    given = []
    counted = write_nt_files(tmp_path, compiled[0], compiled[1], given.append, parts=3)
    write_store(tmp_path / "store", given)
    store = ox.Store.read_only(str(tmp_path / "store"))
    for name, iri in GRAPHS.items():
        [row] = select(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
        assert int(row["n"].value) == counted[name]


def test_records_read_by_two_processes_are_those_read_by_one(project, monkeypatch):
    from graph.source import records

    files = project.data_files()
    monkeypatch.setattr(records, "SPLIT_BYTES", 10**12)
    alone, alone_bad = records.load_records(files)
    assert records._their_half(files) == set()
    monkeypatch.setattr(records, "SPLIT_BYTES", 0)
    monkeypatch.setattr(records, "START_BYTES", 0)
    assert records._their_half(files)
    shared, shared_bad = records.load_records(files)
    assert [(r.fields, r.file, r.line) for r in shared] == [(r.fields, r.file, r.line) for r in alone]
    assert shared_bad == alone_bad == []


def test_a_malformed_file_read_by_the_second_process_is_reported_in_its_place(tmp_path, monkeypatch):
    from graph.source import records

    good = "".join(f"- id: lab-{i}\n  type: Lab\n  label: {{en: Lab {i}}}\n" for i in range(200))
    (tmp_path / "a.yaml").write_text(good, encoding="utf-8")
    (tmp_path / "b.yaml").write_text("- id: x\n  label: [unclosed\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text("just text\n", encoding="utf-8")
    files = sorted(tmp_path.glob("*.yaml"))
    monkeypatch.setattr(records, "SPLIT_BYTES", 10**12)
    expected = records.load_records(files)
    monkeypatch.setattr(records, "SPLIT_BYTES", 0)
    monkeypatch.setattr(records, "START_BYTES", 0)
    assert records._their_half(files)
    got = records.load_records(files)
    assert [(r.fields, r.file, r.line) for r in got[0]] == [(r.fields, r.file, r.line) for r in expected[0]]
    assert got[1] == expected[1] and len(got[1]) == 2 and "b.yaml" in got[1][0] and "c.yaml" in got[1][1]


def test_the_seal_takes_a_file_hashed_ahead_only_while_it_keeps_its_size(tmp_path):
    from graph.dataset.seal import file_records, seal

    (tmp_path / "a.nt").write_bytes(b"<a:b> <a:c> <a:d> .\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x").write_bytes(b"1")
    ahead = file_records(tmp_path, leave_out=["sub"])
    assert list(ahead) == ["a.nt"]
    (tmp_path / "a.nt").write_bytes(b"<a:b> <a:c> <a:d> .\n<a:b> <a:c> <a:e> .\n")  # changed after all
    sealed = seal(tmp_path, {"key": "k"}, ahead)
    assert sealed["files"] == file_records(tmp_path)
    assert os.path.exists(Path(tmp_path) / "manifest.json")


def test_the_second_process_hands_back_plain_values_that_no_decoder_runs_code_for(project):
    # marshal, not pickle: the answer holds no object of a class (a Record goes as its fields, file and line)
    import marshal
    import subprocess
    import sys

    files = [str(p) for p in project.data_files()][:3]
    out = subprocess.run([sys.executable, "-c", "import sys; from graph.source.records import _serve; "
                          "_serve(sys.argv[1:])", *files], capture_output=True, check=True, timeout=120).stdout
    assert not out.startswith(b"\x80")  # a pickle's first byte
    found = marshal.loads(out)

    def plain(value):
        if isinstance(value, dict):
            return all(plain(k) and plain(v) for k, v in value.items())
        if isinstance(value, (list, tuple)):
            return all(plain(v) for v in value)
        return value is None or type(value) in (str, int, float, bool)

    assert sorted(found) == sorted(files) and plain(found)
    assert sum(len(records) for records, _ in found.values()) > 50


def test_the_second_process_goes_when_this_one_stops_while_reading(project):
    # Ctrl-C while this process reads its share: the second one must not be left writing to a pipe no one reads
    from graph.source import records

    largest = sorted(project.data_files(), key=lambda p: p.stat().st_size)[-3:]  # more than a pipe holds

    def interrupted():
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        records._read_beside(set(largest), interrupted)
    left = []
    for task in Path("/proc/self/task").iterdir():
        for pid in (task / "children").read_text().split():
            try:
                if b"_serve" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    left.append(pid)
            except OSError:
                pass
    assert left == []
