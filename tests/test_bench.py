"""The benchmark's own parts: the synthetic data generator and the load-test client.

No timings are asserted (speed is the suite's business); these check that the
generator writes data our compiler builds and our checks accept, and that the
load client counts a real server's answers correctly.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import synth  # noqa: E402
from bench.common import BIN, free_port  # noqa: E402
from bench.load import load_test, named_mix  # noqa: E402
from graph.vocab.namespaces import PREFIXES  # noqa: E402

TINY = 8_000  # the fixed part (~1.3k) and two country clusters: agreements need a second country


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synth") / "data"
    info = synth.generate(folder, TINY)
    return folder, info


def _kg(folder, cache, *args):
    env = {**os.environ, "KG_CACHE": str(cache)}
    return subprocess.run([str(BIN / "kg"), "--data", str(folder), *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)


def test_synthetic_data_builds_validates_and_has_the_expected_classes(tiny, tmp_path):
    folder, info = tiny
    cache = tmp_path / "cache"
    built = _kg(folder, cache, "build")
    assert built.returncode == 0, built.stderr
    valid = _kg(folder, cache, "validate")
    assert valid.returncode == 0, valid.stdout + valid.stderr
    assert "valid: no problems found" in valid.stdout

    manifest = json.loads(next(cache.glob("*/manifest.json")).read_text(encoding="utf-8"))
    assert abs(manifest["triples"] / TINY - 1) <= 0.15
    assert manifest["triples"] == info["estimated_triples"]
    for cls in ("Country", "Agency", "Lab", "Company", "Program", "Mission", "Agreement", "Collaboration", "Person"):
        assert manifest["classes"].get(cls, 0) >= 1, cls
    assert manifest["cited"] == manifest["facts"]

    store = ox.Store()
    store.bulk_load(path=str(next(cache.glob("*/dataset.nt"))), format=ox.RdfFormat.N_TRIPLES)
    rows = list(store.query("""
        SELECT ?a (COUNT(DISTINCT ?p) AS ?parties) (SAMPLE(?d) AS ?date) WHERE {
            ?a a kg:Agreement ; kg:party ?p ; kg:date ?d } GROUP BY ?a""", prefixes=PREFIXES))
    assert rows and all(int(r["parties"].value) >= 2 for r in rows)
    missing_ko = list(store.query("""
        SELECT ?s WHERE { ?s a kg:Country ; rdfs:label ?en FILTER(lang(?en) = "en")
                          FILTER NOT EXISTS { ?s rdfs:label ?ko FILTER(lang(?ko) = "ko") } }""", prefixes=PREFIXES))
    assert missing_ko == []
    korean = list(store.query("""SELECT ?l WHERE { kgid:country-0 rdfs:label ?l FILTER(lang(?l) = "ko") }""",
                              prefixes=PREFIXES))
    assert any("\uac00" <= ch <= "\ud7a3" for ch in korean[0]["l"].value)


def test_generator_is_deterministic_and_refuses_the_project_data(tiny, tmp_path):
    folder, _ = tiny
    again = tmp_path / "again"
    synth.generate(again, TINY)
    for path in sorted(folder.glob("*.yaml")):
        assert (again / path.name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="data/"):
        synth.generate(ROOT / "data", TINY)


@pytest.fixture
def oxigraph_server(built, start_oxigraph):
    """The Oxigraph server binary on a free port, loaded with the real dataset; its query URL."""
    return start_oxigraph(load=built.dataset) + "/query"


def test_load_client_counts_every_answer_of_a_real_server_without_errors(oxigraph_server):
    mix = named_mix()
    result = load_test(oxigraph_server, clients=4, duration=2.0, mix=mix)
    assert result["errors"] == 0, result["error_kinds"]
    assert result["ok"] == result["requests"] > 0
    assert result["clients_that_finished"] == 4
    assert all(n > 0 for n in result["by_method"].values())
    assert sum(result["by_query"].values()) == result["requests"]
    assert result["throughput_rps"] > 0
    lat = result["latency_ms"]
    assert 0 < lat["p50"] <= lat["p99"] <= lat["max"]


def test_load_client_counts_refusals_and_dead_servers_as_errors(oxigraph_server):
    bad = [("broken", "SELECT * WHERE { ?s ?p }")]  # a syntax error: the server answers 400
    result = load_test(oxigraph_server, clients=2, duration=0.5, mix=bad)
    assert result["ok"] == 0 and result["errors"] == result["requests"] > 0
    assert set(result["error_kinds"]) == {"HTTP 400"}
    closed = load_test(f"http://127.0.0.1:{free_port()}/sparql", clients=1, duration=0.3, mix=named_mix())
    assert closed["ok"] == 0 and closed["errors"] > 0
    assert "ConnectionRefusedError" in closed["error_kinds"]


def test_validate_benchmark_has_a_former_wording_for_every_sparql_constraint():
    # bench/validate.py times each SPARQL constraint against its former FILTER NOT EXISTS wording
    from bench.validate import FORMER, _short
    from graph.project import Project
    from graph.source.shacl import load_shapes

    _, constraints = load_shapes(Project.default())
    assert sorted(_short(message) for _, _, message in constraints) == sorted(FORMER)
    assert all("FILTER NOT EXISTS" in text for text in FORMER.values())


def test_in_process_named_query_timing_runs_the_query_kg_sparql_runs(store):
    # bench/inproc.py times the path of run_query without its fork: same rows, both timings taken
    from bench.inproc import execute, time_query
    from graph.store.named import NamedQuery
    from graph.store.sparql import run_query
    from graph.workspace import Workspace

    text = NamedQuery.load("national-laboratories").fill({}, Workspace().resolve)
    expected = len(json.loads(run_query(store, text)["json"])["results"]["bindings"])
    assert expected > 0 and execute(store, text) == expected
    rows, ours, engine = time_query(store, text, 2)
    assert rows == expected and len(ours) == len(engine) == 2


def test_build_cost_runs_the_build_and_the_bare_bulk_load_alternately(tmp_path):
    # bench/buildcost.py: each round the build, then the bare bulk load of the file it wrote; ratios of the medians
    from bench.buildcost import measure_build
    from bench.common import run_measured

    calls = []

    def run(cmd, **kw):
        calls.append(cmd)
        return run_measured(cmd, **kw)

    m = measure_build(run, tmp_path / "cache", rounds=2, say=lambda _: None)
    assert "error" not in m, m
    assert [c[-2:] == ["build", "--force"] for c in calls] == [True, False, True, False]
    manifest = json.loads(next((tmp_path / "cache").glob("*/manifest.json")).read_text(encoding="utf-8"))
    assert m["triples"] == manifest["triples"]
    assert m["build"]["runs"] == m["bulk_load"]["runs"] == 2
    assert m["ratio_s"] == m["build"]["median_s"] / m["bulk_load"]["median_s"] > 0
    assert m["ratio_peak"] == m["build"]["peak_mib"] / m["bulk_load"]["peak_mib"] > 0


def test_cold_peers_answer_the_query_kg_sparql_answers_with_the_same_rows():
    # bench/cold.py: oxigraph query and Python's own floor must print the answer of kg sparql --name, not another
    import csv
    import io

    from bench.cold import PEER, _peer_commands

    kg = subprocess.run([str(BIN / "kg"), *PEER.split()[1:], "--format", "csv"], capture_output=True, text=True,
                        cwd=ROOT, timeout=120)
    assert kg.returncode == 0, kg.stderr
    expected = sorted(map(tuple, csv.reader(io.StringIO(kg.stdout))))
    assert len(expected) > 10
    peers = _peer_commands()
    assert set(peers) == {"oxigraph", "python", "python+click"}
    for name, cmd in peers.items():
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert done.returncode == 0, (name, done.stderr)
        assert sorted(map(tuple, csv.reader(io.StringIO(done.stdout)))) == expected, name
